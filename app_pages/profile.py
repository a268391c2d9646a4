"""社区档案 Community profile: one community's attributes, metrics over time, lists, stars and street ranks.

The community is the sidebar filter's community; without one, a community picked on the page (kept
in the URL as ``code=``). ``metric=`` keeps the monthly series shown.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from etl.safe_text import md_text
from etl.settings import star_threshold
from govdash import charts, db, filters
from govdash import five_star_data as fsd
from govdash import profile_data as pdata
from govdash import profile_figures as pfig
from govdash import profile_tables as ptab
from govdash.five_star_card import history as star_history
from govdash.formatting import MISSING, cut_to_tenths, fmt_aside, fmt_count, fmt_date, fmt_month
from govdash.i18n import lang, t
from govdash.metric_labels import kind_label, metric_label, metric_unit, sentence_start
from govdash.table_style import data_grid
from govdash.url_state import set_url_choice, url_choice

f = filters.current()
L = lang()
version = db.version()

# --- which community -------------------------------------------------------------------------------

title = st.empty()
title.title(t("prof_title"))
if f.community:
    code = f.community
    if "code" in st.query_params:
        del st.query_params["code"]
else:
    choices = pdata.profile_choices(version, f.district, f.street, f.community_type)
    kind = kind_label(f.community_type, L) if f.community_type else None
    if choices.empty:
        st.info(t("prof_none_type", kind=kind) if kind else t("prof_none"))
        st.stop()
    if kind:  # the picker lists only the type's communities: say so
        st.caption(t("prof_pick_type", kind=kind))
    options = list(choices["area_code"])
    names = zip(choices["area_name"], choices["street_name"], strict=True)
    labels = {code: fmt_aside(name, street, L) for code, (name, street) in zip(options, names, strict=True)}
    wanted = pdata.resolve(choices, st.query_params.get("code"))
    code = st.selectbox(
        t("prof_pick"),
        options,
        index=options.index(wanted),
        format_func=lambda c: labels[c],
        key=f"prof_pick_{f.district}_{f.street}_{f.community_type}",
        help=t("prof_pick_help"),
    )
    if st.query_params.get("code") != code:
        st.query_params["code"] = code

threshold = star_threshold()
model_args = (code, f.district, f.month, f.as_of, threshold)
pm = pdata.model(version, *model_args)
if pm is None:
    st.info(t("prof_none"))
    st.stop()
c = pm.community

title.title(f"{t('prof_title')} · {md_text(c.name)}")
st.caption(
    t(
        "prof_caption",
        code=c.code,
        type=sentence_start(kind_label(c.community_type, L)) if c.community_type else MISSING,
        street=md_text(c.street_name or MISSING),
        established=fmt_date(c.established, L) if c.established else MISSING,
        date=fmt_date(f.as_of, L),
        month=fmt_month(f.month, L),
    )
)
if not c.exists_on(f.as_of):
    st.warning(
        t(
            "prof_not_existing",
            date=fmt_date(f.as_of, L),
            established=fmt_date(c.established, L) if c.established else MISSING,
            abolished=fmt_date(c.abolished, L) if c.abolished else MISSING,
        )
    )

table = pm.table


def value(metric: str) -> float | None:
    v = table.at[c.code, metric] if metric in table.columns and c.code in table.index else None
    return None if v is None or pd.isna(v) else v


# --- header: attributes and five-star level --------------------------------------------------------------

stars, snap = pm.stars, pm.star_now
cols = st.columns(4)
cols[0].metric(t("prof_households"), fmt_count(value("households"), L), border=True, height="stretch")
cols[1].metric(t("prof_population"), fmt_count(value("population"), L), border=True, height="stretch")
per_100 = c.premises_m2_per_100hh  # cut, not rounded, to one decimal: 29.96 must not read 30.0
cols[2].metric(
    t("prof_premises"),
    fmt_count(c.premises_area_m2, L),
    border=True,
    height="stretch",
    delta=t("prof_per_100", value=f"{cut_to_tenths(per_100):.1f}") if per_100 is not None else None,
    delta_color="gray",
    delta_arrow="off",
)
if stars.empty:
    cols[3].metric(
        t("prof_star_level"),
        t("not_in_program"),
        border=True,
        height="stretch",
        help=t("not_in_program_help"),
    )
elif snap.empty:
    cols[3].metric(t("prof_star_level"), t("prof_no_stars"), border=True, height="stretch")
else:
    level = int(snap["level"].iloc[0])
    cols[3].metric(
        t("prof_star_level"),
        fsd.level_label(level, L),
        border=True,
        height="stretch",
        delta=fsd.stars_text(level),
        delta_color="orange",
        delta_arrow="off",
        delta_description=t("prof_star_year", year=int(snap["year"].iloc[0])),
    )

# --- key metrics with their rank in the street -----------------------------------------------------------------

ranks = pm.ranks
rank_of = {r.metric: r for r in ranks.itertuples(index=False)}
for col, metric in zip(
    st.columns(4), ("activities", "participants", "volunteer_hours", "social_orgs"), strict=True
):
    col.metric(
        metric_label(metric, L),
        ptab.shown(metric, value(metric), L),
        delta=ptab.rank_text(rank_of[metric].rank, rank_of[metric].n, rank_of[metric].ties),
        delta_color="gray",
        delta_arrow="off",
        border=True,
        height="stretch",
    )

street_name = c.street_name or MISSING
st.subheader(t("prof_rank_header", street=md_text(street_name)))
st.caption(t("prof_rank_caption", n=len(pm.street_codes)))
left, right = st.columns(2)
with left:
    if ranks["rank"].notna().any():
        charts.show(
            pfig.rank_chart(
                version,
                model_args,
                L,
                t("prof_rank_chart_title", name=c.name, street=street_name),
                t("prof_rank_chart_x"),
            ),
            key="prof_ranks",
        )
    else:
        st.info(t("no_period_data"))
with right:
    # a short table whose rank texts (并列第 2 / 15 名（14 个）) wrap instead of being cut
    st.table(ptab.ranks_styled(ranks, L))

# --- over time -----------------------------------------------------------------------------------------------------

st.subheader(t("prof_trend_header"))
monthly = pm.monthly
if monthly.empty:
    st.info(t("prof_no_monthly"))
else:
    options = list(pdata.MONTHLY)
    wanted = url_choice("metric", options, options[0])
    column = st.segmented_control(
        t("prof_trend_metric"),
        options,
        default=wanted,
        format_func=lambda m: metric_label(pdata.MONTHLY[m], L),
        key="prof_metric",
    )
    column = column or options[0]
    set_url_choice("metric", column)
    metric = pdata.MONTHLY[column]
    unit = metric_unit(metric, L)
    heading = (
        t("prof_trend_title", name=c.name, metric=metric_label(metric, L), unit=unit)
        if unit
        else t("prof_trend_title_count", name=c.name, metric=metric_label(metric, L))
    )
    charts.show(
        pfig.trend_chart(
            version, model_args, column, metric, L, heading, t("prof_trend_x"), t("prof_trend_12m")
        ),
        key="prof_trend",
    )
staff = pm.staff
if staff.empty:
    st.info(t("prof_no_staff"))
else:
    charts.show(
        pfig.staff_chart(
            version,
            model_args,
            tuple((col, metric_label(col, L)) for col in pdata.STAFF_COLUMNS),
            L,
            t("prof_staff_title", name=c.name),
            t("prof_staff_x"),
            t("prof_staff_y"),
        ),
        key="prof_staff",
    )

# --- lists -------------------------------------------------------------------------------------------------

facilities, orgs, programs, compounds = pm.facilities, pm.organizations, pm.programs, pm.compounds
# Lazy tabs: only the open list is built and drawn (one grid instead of five).
tabs = st.tabs(
    [
        t("prof_facilities", n=len(facilities)),
        t("prof_orgs", n=len(orgs)),
        t("prof_programs", n=len(programs)),
        t("prof_compounds", n=len(compounds)),
        t("prof_stars"),
    ],
    key="prof_lists",
    on_change="rerun",
)
tables = (
    lambda: ptab.facilities_table(facilities, f.as_of, L),
    lambda: ptab.organizations_table(orgs, f.as_of, L),
    lambda: ptab.programs_table(programs, f.as_of, L),
    lambda: ptab.compounds_table(compounds, f.as_of, L),
)
for tab, build in zip(tabs, tables, strict=False):
    if not tab.open:
        continue
    frame = build()
    with tab:
        if frame.empty:
            st.caption(t("prof_empty_list"))
        else:
            data_grid(frame, hide_index=True, width="stretch", column_config=ptab.list_columns(L))
if tabs[4].open:
    with tabs[4]:
        if stars.empty:
            st.info(t("prof_not_in_program"))
        else:
            scores = fsd.five_star_scores(version, c.district_code or f.district, threshold)
            history = star_history(scores, stars, c.code, f.as_of, L, t("fs_row_level"))
            if history.empty:
                st.caption(t("prof_no_stars"))
            else:
                data_grid(history.rename_axis(t("fs_col_star")), width="stretch")
            st.caption(t("prof_stars_link"))
