"""志愿服务 Volunteer activity: activities, participants, hours and points over a window of months.

Below the cards, the page's sections are lazy tabs (``govdash.sections``): only the open one is
computed and drawn.
"""

from __future__ import annotations

import streamlit as st

from etl.safe_text import md_text
from govdash import db, filters, headline_views, sections
from govdash import volunteer_charts as charts
from govdash import volunteer_data as data
from govdash import volunteer_views as views
from govdash.charts import show
from govdash.i18n import lang, t
from govdash.metric_labels import in_sentence, kind_label
from govdash.table_style import data_grid
from govdash.url_state import set_url_choice, url_choice
from govdash.volunteer_monthly import by_type

TOP_N = 10

f = filters.current()
version = db.version()

st.title(t("vol_title"))
st.caption(md_text(f.describe()))
st.markdown(t("vol_intro"))

window = st.segmented_control(
    t("vol_window"),
    data.WINDOWS,
    default=url_choice("window", data.WINDOWS, "12"),
    key="vol_window",
    format_func={n: t("vol_window_option", n=n) for n in data.WINDOWS}.__getitem__,
) or url_choice("window", data.WINDOWS, "12")
set_url_choice("window", window)
vm = data.model(version, f, int(window))
months, first, as_of = vm.months, vm.first, vm.as_of
window_text = views.window_caption(first, f.month, months, vm.before)
st.caption(window_text)
if f.community_type:
    st.info(t("vol_type_note", kind=kind_label(f.community_type, lang())))

if vm.empty:
    st.info(t("vol_no_data"))
    st.stop()
totals, activity, volunteers, has_points = vm.totals, vm.activity, vm.volunteers, vm.has_points

# --- totals and rates --------------------------------------------------------------------------
views.total_cards(totals, vm.previous)
st.markdown(f"**{t('vol_section_rates')}**")
views.rate_cards(totals)
st.caption(views.population_caption(totals, f.month))
if not volunteers.empty and not has_points:  # why the points cards say —, next to them
    st.info(t("vol_no_points"))

# --- the sections below the cards ------------------------------------------------------------------


def monthly() -> None:
    """By month and type: one chart at a time (lazy tabs as well), then the totals by type."""
    present = {  # chart id -> data present
        "activities": not activity.empty,
        "participants": not activity.empty,
        "hours": not volunteers.empty,
        "points": not volunteers.empty and has_points,
    }
    shown = [chart for chart in charts.MONTHLY if present[chart]]
    tabs = st.tabs([t(f"vol_tab_{chart}") for chart in shown], key="vol_chart", on_change="rerun")
    for tab, chart in zip(tabs, shown, strict=True):
        if tab.open:
            with tab:
                show(charts.monthly_chart(version, f.choices, int(window), chart, lang()), key=f"vol_{chart}")
    if not activity.empty:
        st.markdown(f"**{t('vol_section_types')}**")
        data_grid(views.type_table(by_type(activity)), hide_index=True, width="stretch", height="content")


def compared() -> None:
    """Streets or communities compared per 1,000 residents, then the most and least active."""
    level, table = vm.level, vm.compared
    rate_metrics = [m for m in data.RATE_METRICS if has_points or m != "points_earned"]
    metric = url_choice("rank", rate_metrics, "activities")
    metric = st.selectbox(
        t("vol_rank_metric"),
        rate_metrics,
        index=rate_metrics.index(metric),
        key="vol_rank",
        format_func=views.metric_name,
    )
    set_url_choice("rank", metric)
    if table.empty or table[f"{metric}_per_1k"].isna().all():
        st.info(t("no_period_data"))
    else:
        fig = charts.rates_by_area(
            table,
            f.names,
            level,
            metric,
            views.metric_name(metric),
            vm.reference.get(f"{metric}_per_1k"),
            f.names.get(f.street or f.district, f.area_name),  # the area the compared ones belong to
            views.window_span(first, f.month),
            f.community,
            parent=vm.reference,
        )
        key = f"vol_rates_{f.street or f.district}"
        show(fig, key=key, on_select=filters.drill_down(key, table.index))
        st.caption(t("vol_click_hint") + t("vol_laggard_hint"))
        if left_out := views.unpopulated(table, vm.reference, metric, f.names):
            st.caption(md_text(left_out))  # names as text
    ranked(metric)


def ranked(metric: str) -> None:
    """The most and least active communities by ``metric``: all of them when there are few."""
    st.subheader(t("vol_section_top_bottom"))
    ranking = data.ranked(vm.communities, metric)
    if ranking.empty:
        st.info(t("no_period_data"))
        return
    st.caption(t("vol_rank_caption", n=len(ranking), metric=in_sentence(views.metric_name(metric))))
    if f.community and f.community in ranking.index:
        st.markdown(
            t(
                "vol_own_rank",
                name=md_text(f.area_name),
                n=len(ranking),
                rank=int(ranking.at[f.community, "rank"]),
            )
        )
    if len(ranking) <= 2 * TOP_N:
        parts = [(t("vol_all_ranked"), ranking)]
    else:
        parts = [
            (t("vol_top", n=TOP_N), ranking.head(TOP_N)),
            (t("vol_bottom", n=TOP_N), ranking.tail(TOP_N).iloc[::-1]),
        ]
    for title, rows in parts:
        st.markdown(f"**{title}**")
        data_grid(
            views.rank_table(rows, f.names, vm.community_info, metric, f.community),
            hide_index=True,
            width="stretch",
            height="content",
        )


def forces() -> None:
    """Social organizations, the points bank, App registrations: catalog values, every community type."""
    headline_views.forces_section(
        vm.orgs,  # stocks and flows: one Series
        vm.orgs,
        as_of,
        views.window_span(first, f.month),
        bool(f.community_type and f.level != "community"),
    )


SECTIONS = {
    "monthly": (t("vol_section_monthly"), monthly),
    "compare": (t("vol_section_by_street" if vm.level == "street" else "vol_section_by_community"), compared),
    "forces": (t("vol_tab_section_forces"), forces),
}
sections.show(SECTIONS)
