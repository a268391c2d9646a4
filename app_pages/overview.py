"""总览 Overview: KPI cards with 环比/同比, cut-off and reporting, comparison of sub-areas."""

from __future__ import annotations

import streamlit as st

from etl.safe_text import md_text
from govdash import charts, db, filters, overview_data, queries
from govdash.formatting import fmt_month
from govdash.i18n import lang, t
from govdash.metric_labels import metric_label

f = filters.current()
version = db.version()
st.title(t("ov_title") + f" · {md_text(f.area_name)}")

cutoff = queries.data_cutoff(version)
reported, total = overview_data.reporting(version, f.area_code, f.month)
info = t("ov_cutoff", date=fmt_month(cutoff, lang()) if cutoff else "—") + " · "
info += t("ov_reported", reported=reported, total=total) if reported else t("ov_none_reported")
st.caption(info)

st.caption(t("ov_kpis_caption", area=md_text(f.area_name), month=fmt_month(f.month, lang())))
cards = overview_data.kpis(version, f.area_code, f.month)
for start in range(0, len(cards), 4):
    for col, kpi in zip(st.columns(4), cards[start : start + 4], strict=True):
        with col.container(border=True):
            if kpi.metric == "five_star_communities" and kpi.value is None:
                st.metric(
                    metric_label(kpi.metric, lang()), t("not_in_program"), help=t("not_in_program_help")
                )
                continue
            if kpi.missing:  # no community of the area reported the dataset: not a zero
                st.metric(metric_label(kpi.metric, lang()), "—", help=t("ov_not_reported_help"))
                st.caption(t("ov_not_reported"))
                continue
            mom, yoy = kpi.delta(kpi.prev_month, lang()), kpi.delta(kpi.prev_year, lang())
            st.metric(
                metric_label(kpi.metric, lang()),
                kpi.text(lang()),
                delta=f"{yoy} {t('ov_yoy')}" if yoy else None,
            )
            st.caption(f"{t('ov_mom')} {mom or '—'}")

st.subheader(t("ov_compare_title"))
areas = queries.area_index(version)
subs = overview_data.children(areas, f.area_code, f.level)
if subs.empty:
    st.info(t("no_period_data"))
    st.stop()
options = list(overview_data.COMPARE)
wanted = st.query_params.get("compare")
metric = st.selectbox(
    t("ov_compare_metric"),
    options,
    index=options.index(wanted) if wanted in options else 0,
    format_func={m: metric_label(m, lang()) for m in options}.__getitem__,
    key="ov_compare",
)
st.query_params["compare"] = metric
df = overview_data.comparison(version, tuple(subs["area_code"]), metric, f.as_of)
fig = overview_data.comparison_figure(df, f.names, metric, lang(), f.community)
charts.show(
    fig,
    key="ov_compare_chart",
    on_select=lambda: overview_data.on_bar_click("ov_compare_chart"),
    selection_mode="points",
)
st.caption(t("ov_compare_hint"))
