"""覆盖 Coverage: standards, targets, facility and program coverage, the 15-minute circle.

The page's five sections are lazy tabs (``govdash.sections``): only the open one is computed and
drawn, so a filter change waits for one section, not for the whole page.
"""

from __future__ import annotations

import streamlit as st

from etl.safe_text import md_text
from govdash import coverage_charts as charts
from govdash import coverage_data as data
from govdash import coverage_views as views
from govdash import db, filters, headline_views, sections
from govdash.charts import show
from govdash.formatting import fmt_count, fmt_month, fmt_pct, is_missing
from govdash.i18n import lang, t
from govdash.metric_labels import kind_label, sentence_start
from govdash.table_style import data_grid
from govdash.url_state import set_url_choice, url_choice
from govdash.value_units import blank_rows

f = filters.current()
version = db.version()
as_of = f.as_of
narrowed = bool(f.community_type and f.level != "community")  # the lists are of one community type

st.title(t("cov_title"))
st.caption(md_text(f.describe()))
st.markdown(t("cov_intro"))
if f.community_type:
    st.info(t("cov_type_note", kind=kind_label(f.community_type, lang())))

view = f.choices
cm = data.model(version, f)
if cm.empty:
    st.info(t("cov_no_communities"))
    st.stop()
area, targets = cm.area, cm.targets
facility_kinds, program_kinds = list(cm.facility_kinds), list(cm.program_kinds)
level = cm.level


def standards() -> None:
    """The selected area against standards and targets: short tables whose long texts (standards,
    targets with their due dates) wrap instead of being cut."""
    st.subheader(t("cov_section_standards"))
    st.table(views.standards_scorecard(area, targets, as_of, cm.row_of(f.community)).hide(axis="index"))
    st.caption(views.standards_legend(area))
    st.subheader(t("cov_section_facilities"))
    if facility_kinds:
        st.table(views.facilities_scorecard(area, facility_kinds, targets, as_of).hide(axis="index"))
    else:
        st.info(t("cov_no_facilities"))
    st.subheader(t("cov_section_programs"))
    if program_kinds:
        st.table(views.programs_scorecard(area, program_kinds, targets, as_of).hide(axis="index"))
    else:
        st.info(t("cov_no_programs"))


def compared() -> None:
    """Streets or communities side by side, one matrix at a time (lazy tabs as well)."""
    table = cm.compared
    if table.empty:
        st.info(t("cov_no_communities"))
        return
    pinned = {views.name_column(level): st.column_config.TextColumn(pinned=True)}
    matrices = [
        lambda: views.standards_matrix(table, level, area, f.names, f.community, targets, as_of),
        lambda: views.facilities_matrix(
            table, level, area, f.names, facility_kinds, f.community, targets, as_of
        ),
        lambda: views.programs_matrix(
            table, level, area, f.names, program_kinds, f.community, targets, as_of
        ),
    ]
    tabs = st.tabs(
        [t("cov_tab_standards"), t("cov_tab_facilities"), t("cov_tab_programs")],
        key="cov_matrix",
        on_change="rerun",
    )
    for tab, matrix in zip(tabs, matrices, strict=True):
        if tab.open:
            data_grid(
                matrix(), where=tab, hide_index=True, width="stretch", height="content", column_config=pinned
            )
    st.caption(t("cov_compare_caption"))
    if tabs[0].open:  # the standards: why a rate per head or a premises share reads —
        for note in blank_rows(table, f.names, lang()):
            st.caption(md_text(note))  # names as text


def by_kind() -> None:
    """One facility kind: coverage by street/community and the 15-minute circle."""
    st.subheader(t("cov_section_kind"))
    if not facility_kinds:
        st.info(t("cov_no_facilities"))
        return
    default = "party_service_center" if "party_service_center" in facility_kinds else facility_kinds[0]
    chosen = url_choice("kind", facility_kinds, default)
    kind = st.selectbox(
        t("cov_kind"),
        facility_kinds,
        index=facility_kinds.index(chosen),
        key="cov_kind",
        format_func={k: sentence_start(kind_label(k, lang())) for k in facility_kinds}.__getitem__,
    )
    set_url_choice("kind", kind)
    cards = [
        (t("cov_col_open"), fmt_count(area.get(f"facilities_open:{kind}"), lang()), None),
        (t("cov_col_planned"), fmt_count(area.get(f"facilities_planned:{kind}"), lang()), None),
        (t("cov_col_coverage"), fmt_pct(area.get(f"coverage_pct:{kind}")), None),
        (t("cov_col_coverage_urban"), fmt_pct(area.get(f"coverage_pct:{kind}:urban")), None),
        (t("cov_col_walk"), fmt_pct(area.get(f"walk_coverage_pct:{kind}")), t("cov_walk_help")),
    ]
    for col, (label, value, help_text) in zip(st.columns(len(cards)), cards, strict=True):
        col.metric(label, value, help=help_text)
    if is_missing(area.get(f"walk_coverage_pct:{kind}")):
        st.info(t("cov_no_compounds"))
    table = cm.compared
    if not table.empty:
        goal = views.kind_chart_goal(area, kind, level, targets, as_of)
        fig = charts.kind_chart(version, view, kind, goal, lang())
        key = f"cov_kind_by_area_{f.street or f.district}"
        show(fig, key=key, on_select=filters.drill_down(key, table.index))
        st.caption(t("cov_click_hint"))
    show(charts.walk_chart(version, view, kind, f.area_name, lang()), key="cov_walk_all")


def branches() -> None:
    """Compound party-branch coverage over time."""
    series = cm.branch_series
    if series.empty or not series["compounds"].any():
        st.info(t("no_period_data"))
        return
    last = series.iloc[-1]
    st.caption(
        t(
            "cov_branch_now",
            month=fmt_month(f.month, lang()),
            branches=fmt_count(last["branches"], lang()),
            compounds=fmt_count(last["compounds"], lang()),
        )
    )
    show(charts.branch_chart(version, view, f.area_name, lang()), key="cov_branch")
    if cm.branch_targets.empty:
        st.caption(t("cov_no_branch_target"))


def building() -> None:
    """Building and investment, compounds, staff: catalog values of the area, every community type."""
    headline_views.building_section(cm.catalog, as_of, narrowed)
    if f.level != "community":
        headline_views.staff_section(cm.catalog, f.area_name, as_of, narrowed)


SECTIONS = {
    "standards": (t("cov_tab_section_standards"), standards),
    "compare": (t("cov_section_by_street") if level == "street" else t("cov_section_by_community"), compared),
    "kind": (t("cov_tab_section_kind"), by_kind),
    "branch": (t("cov_tab_section_branch"), branches),
    "building": (t("cov_tab_section_building" if f.level != "community" else "hl_section_build"), building),
}
sections.show(SECTIONS)
