"""首页: district KPI cards computed from the metric catalog."""

from __future__ import annotations

import streamlit as st

from govdash import db, queries
from govdash.formatting import fmt_count, fmt_month, fmt_pct
from govdash.i18n import lang, t

version = db.version()
cutoff = queries.data_cutoff(version)
st.title(t("app_title"))
if cutoff is None:
    st.info(t("no_data"))
    st.stop()

totals = queries.area_totals(version, cutoff)
districts = queries.districts(version)
st.caption(t("data_cutoff", date=fmt_month(cutoff, lang())) + " · " + t(
    "summary", districts=len(districts), streets=totals.get("street", 0),
    communities=totals.get("community", 0)))
st.markdown(t("home_intro"))

codes = tuple(districts["area_code"])
since = queries.shift_years(cutoff, -1)
now = queries.metrics_table(version, codes, cutoff, since)
before = queries.metrics_table(version, codes, since, queries.shift_years(since, -1))


def delta(metric: str, code: str) -> str | None:
    if metric not in now or metric not in before:
        return None
    a, b = now.at[code, metric], before.at[code, metric]
    if a is None or b is None or b != b or not b:
        return None
    return f"{(a - b) / b * 100:+.1f}% {t('vs_last_year')}"


for row in districts.itertuples(index=False):
    code = row.area_code
    m = now.loc[code]
    with st.container(border=True):
        st.subheader(f"{row.area_name}（{code}）")
        cols = st.columns(7)
        cols[0].metric(t("communities"), fmt_count(m.get("communities"), lang()))
        cols[1].metric(t("population"), fmt_count(m.get("population"), lang()))
        cols[2].metric(t("social_orgs"), fmt_count(m.get("social_orgs"), lang()))
        cols[3].metric(t("compound_branch_coverage_pct"), fmt_pct(m.get("compound_branch_coverage_pct")))
        cols[4].metric(t("activities_12m"), fmt_count(m.get("activities"), lang()),
                       delta=delta("activities", code))
        cols[5].metric(t("volunteer_hours_12m"), fmt_count(m.get("volunteer_hours"), lang()),
                       delta=delta("volunteer_hours", code))
        five = m.get("five_star_communities")
        if five is None or five != five:
            cols[6].metric(t("five_star"), t("not_in_program"))
        else:
            cols[6].metric(t("five_star"), fmt_count(five, lang()),
                           help=t("four_plus_star") + f" {fmt_count(m.get('four_plus_star_communities'), lang())}")

st.caption(t("footer_sources"))
