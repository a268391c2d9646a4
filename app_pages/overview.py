"""总览 Overview: KPI cards with 环比/同比, cut-off and reporting, 需关注, fair comparison of sub-areas."""

from __future__ import annotations

import streamlit as st

from etl.safe_text import md_text
from govdash import charts, db, filters, overview_data
from govdash import overview_views as views
from govdash.formatting import MISSING, fmt_month
from govdash.i18n import lang, t
from govdash.metric_labels import metric_label
from govdash.url_state import set_url_choice, url_choice

f = filters.current()
version = db.version()
st.title(t("ov_title") + f" · {md_text(f.area_name)}")

m = overview_data.model(version, f, views.link_params(f))
info = t("ov_cutoff", date=fmt_month(m.cutoff, lang()) if m.cutoff else MISSING) + " · "
info += t("ov_reported", reported=m.reported, total=m.total) if m.reported else t("ov_none_reported")
st.caption(info)
filters.say_type_not_applied(f)

# --- KPI cards ---------------------------------------------------------------------------------
st.caption(t("ov_kpis_caption", area=md_text(f.area_name), month=fmt_month(f.month, lang())))
cards = m.kpis
for start in range(0, len(cards), 4):
    for col, kpi in zip(st.columns(4), cards[start : start + 4], strict=True):
        with col.container(border=True):
            if kpi.metric == "five_star_communities" and kpi.value is None:
                st.metric(
                    metric_label(kpi.metric, lang()), t("not_in_program"), help=t("not_in_program_help")
                )
                continue
            views.kpi_card(kpi)

# --- needs attention -----------------------------------------------------------------------------
groups = views.attention_groups(list(m.overdue), list(m.laggards), list(m.missing))
with st.container(border=True, key="ov_attention"):
    st.subheader(t("ov_attention_title"))
    for col, group in zip(st.columns(views.ATTENTION_WIDTHS), groups, strict=True):
        with col:
            views.attention_column(group, f.names, f.month)

# --- sub-areas compared ----------------------------------------------------------------------------
st.subheader(t("ov_compare_title"))
if m.subs.empty:
    st.info(t("no_period_data"))
    st.stop()
options = list(overview_data.COMPARE)
wanted = url_choice("compare", options, options[0])
left, right = st.columns([2, 3])
metric = left.selectbox(
    t("ov_compare_metric"),
    options,
    index=options.index(wanted),
    format_func={m: metric_label(m, lang()) for m in options}.__getitem__,
    key="ov_compare",
)
set_url_choice("compare", metric)
with right:
    basis = views.basis_control(metric)
result = overview_data.comparison(version, f.area_code, f.level, metric, basis, f.as_of)
if result.rows.empty:
    st.info(views.comparison_none(result, f))
    st.stop()
charts.show(
    views.comparison_chart(result, f, metric, basis),
    key="ov_compare_chart",
    on_select=filters.drill_down("ov_compare_chart", result.rows.index),
)
st.caption(views.comparison_hint(result, f))
