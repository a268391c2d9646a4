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


def five_star_card(m) -> tuple[str, str, str | None, str | None]:
    five = m.get("five_star_communities")
    if five is None or five != five:
        return t("five_star"), t("not_in_program"), None, t("not_in_program_help")
    four = fmt_count(m.get("four_plus_star_communities"), lang())
    return t("five_star"), fmt_count(five, lang()), None, t("four_plus_star") + f" {four}"


for row in districts.itertuples(index=False):
    code = row.area_code
    m = now.loc[code]
    cards = [
        (t("communities"), fmt_count(m.get("communities"), lang()), None, None),
        (t("population"), fmt_count(m.get("population"), lang()), None, None),
        (t("social_orgs"), fmt_count(m.get("social_orgs"), lang()), None, None),
        (t("compound_branch_coverage_pct"), fmt_pct(m.get("compound_branch_coverage_pct")), None, None),
        (t("activities_12m"), fmt_count(m.get("activities"), lang()), delta("activities", code), None),
        (t("participants_12m"), fmt_count(m.get("participants"), lang()), delta("participants", code), None),
        (t("volunteer_hours_12m"), fmt_count(m.get("volunteer_hours"), lang()), delta("volunteer_hours", code),
         None),
        five_star_card(m),
    ]
    with st.container(border=True):
        st.subheader(f"{row.area_name}（{code}）")
        for start in range(0, len(cards), 4):
            for col, (label, value, change, help_text) in zip(st.columns(4), cards[start:start + 4], strict=True):
                col.metric(label, value, delta=change, help=help_text)

st.caption(t("footer_sources"))
