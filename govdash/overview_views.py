"""Widgets of the overview page (总览): KPI cards, 需关注 links, the comparison's basis and chart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import plotly.graph_objects as go
import streamlit as st

from etl.metric_catalog import unreported_of
from etl.safe_text import md_text
from govdash import attention, db, deltas, filters, overview_data, ranking, value_units
from govdash.formatting import MISSING, fmt_count, fmt_month
from govdash.i18n import lang, t
from govdash.metric_labels import fmt_value, in_sentence, metric_label
from govdash.upload_views import dataset_label
from govdash.url_state import set_url_choice, url_choice

ATTENTION_WIDTHS = (4, 3, 3)  # overdue targets, laggards, missing reports
ICONS = {
    "overdue": ":material/schedule:",
    "laggard": ":material/trending_down:",
    "missing": ":material/report:",
}


# --- KPI cards -------------------------------------------------------------------------------------


def kpi_card(kpi: overview_data.Kpi) -> None:
    """A card with its 同比 delta (grey 同比持平 when nothing changed) and 环比 below."""
    L = lang()
    if kpi.missing:  # no community of the area reported the dataset: not a zero
        st.metric(metric_label(kpi.metric, L), MISSING, help=t("ov_not_reported_help"))
        st.caption(t("ov_not_reported"))
        return
    yoy, mom = kpi.delta(kpi.prev_year, L), kpi.delta(kpi.prev_month, L)
    flat = kpi.flat(kpi.prev_year)
    uneven = not kpi.comparable(2) or not kpi.comparable(1)
    new = t("ov_yoy_new") if kpi.from_zero(kpi.prev_year) else None
    delta = deltas.said(yoy, flat, t("ov_yoy"), t("ov_yoy_flat"), new)
    if delta and not flat and not kpi.comparable(2):
        delta += f" · {t('ov_uneven')}"
    st.metric(
        metric_label(kpi.metric, L),
        kpi.text(L),
        delta=delta,
        **deltas.look(flat, "normal" if kpi.comparable(2) else "off"),
        help=t("ov_uneven_help", **dict(zip(("now", "prev_month", "prev_year"), kpi.reported, strict=True)))
        if uneven
        else None,
    )
    # said as the year-on-year pill says it (``deltas.said``: "-2.9% 环比", "环比持平"); "环比 —" when
    # there is nothing to compare
    new = t("ov_mom_new") if kpi.from_zero(kpi.prev_month) else None
    mom_text = deltas.said(mom, kpi.flat(kpi.prev_month), t("ov_mom"), t("ov_mom_flat"), new)
    mom_text = mom_text or f"{t('ov_mom')} {MISSING}"
    if mom and not kpi.comparable(1):
        mom_text += f" · {t('ov_uneven')}"
    if kpi.partial:
        mom_text = t("ov_partial", reported=kpi.reported[0], total=kpi.total) + " · " + mom_text
    if kpi.unreported:  # a partial sum: how many rows it leaves out
        blank = str(unreported_of(kpi.metric))
        mom_text = (
            t("ov_unreported", what=metric_label(blank, L), n=fmt_count(kpi.unreported, L)) + " · " + mom_text
        )
    st.caption(mom_text)


# --- needs attention -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    kind: str
    header: str
    items: list[attention.Item]
    empty: str


def link_params(f: filters.Filters) -> dict[str, str]:
    """The sidebar filters as URL parameters, so a link opens the same area and month."""
    params = {"district": f.district, "month": f"{f.month:%Y-%m}"}
    for key, value in (("street", f.street), ("community", f.community), ("type", f.community_type)):
        if value:
            params[key] = value
    if lang() == "en":
        params["lang"] = "en"
    return params


def attention_groups(
    overdue: list[attention.Item], laggards: list[attention.Item], missing: list[attention.Item]
) -> list[Group]:
    return [  # widths of the columns: the overdue targets have the longest lines
        Group("overdue", t("ov_att_overdue_header"), overdue, t("ov_att_none_overdue")),
        Group(
            "laggard",
            t("ov_att_laggard_header", metric=in_sentence(metric_label("activities", lang()))),
            laggards,
            t("ov_att_none_laggard"),
        ),
        Group("missing", t("ov_att_missing_header", month="{month}"), missing, t("ov_att_none_missing")),
    ]


def item_text(item: attention.Item, names: dict[str, str]) -> str:
    L = lang()
    if item.kind == "overdue":
        return t(
            "ov_att_overdue",
            metric=metric_label(item.metric, L),
            target=fmt_value(item.metric, item.target, L),  # as the ledger writes a target: 100.0%
            due=fmt_month(item.due, L) if item.due else MISSING,
            actual=fmt_value(item.metric, item.value, L),
        )
    if item.kind == "laggard":
        return t(
            "ov_att_laggard",
            name=md_text(names.get(item.code, item.code)),
            value=value_units.value_text(item.value, item.metric, ranking.PER_1K, L),
            average=value_units.value_text(item.target, item.metric, ranking.PER_1K, L),
        )
    return t(
        "ov_att_missing",
        dataset=dataset_label(item.dataset),
        missing=f"{int(item.value or 0):,}",
        total=f"{int(item.target or 0):,}",
    )


def attention_column(group: Group, names: dict[str, str], month: date) -> None:
    """The group's header and up to ``attention.MAX_ITEMS`` links to the pages that show each item."""
    st.markdown(f"**{group.header.format(month=fmt_month(month, lang()))}**")
    if not group.items:
        st.caption(group.empty)
        return
    for item in group.items[: attention.MAX_ITEMS]:
        text = item_text(item, names)
        if item.kind == "overdue":  # long metric names: the name is the link, the figures below it
            label = metric_label(item.metric, lang())
            st.page_link(item.page, label=label, icon=ICONS[item.kind], query_params=item.params, help=label)
            st.caption(text)
        else:
            st.page_link(item.page, label=text, icon=ICONS[item.kind], query_params=item.params)
    if len(group.items) > attention.MAX_ITEMS:
        st.caption(t("ov_att_more", n=len(group.items) - attention.MAX_ITEMS))


# --- comparison ------------------------------------------------------------------------------------


def basis_label(basis: str) -> str:
    return t(f"ov_basis_{basis}")


def basis_control(metric: str) -> str:
    """每千人 / 每社区 / 绝对值 (kept in the URL as ``basis``); the metric's fair basis by default."""
    options = ranking.bases(metric)
    if len(options) == 1:
        return options[0]
    default = url_choice("basis", options, options[0])
    choice = (
        st.segmented_control(
            t("ov_compare_basis"),
            options,
            default=default,
            key=f"ov_basis_{metric}",
            format_func={b: basis_label(b) for b in options}.__getitem__,
        )
        or default
    )
    set_url_choice("basis", choice)
    return choice


def _parent_name(f: filters.Filters) -> str:
    code = f.street if f.level == "community" else f.area_code
    return f.names.get(code or f.area_code, f.area_name)


def comparison_chart(result: ranking.Ranking, f: filters.Filters, metric: str, basis: str) -> go.Figure:
    """The chart of ``result`` (``overview_data.comparison`` of ``f``), built once per view."""
    L = lang()
    sub_level = "street" if f.level == "district" else "community"
    average = value_units.value_text(result.average_shown, metric, basis, L)
    return overview_data.comparison_chart(
        db.version(),
        f.area_code,
        f.level,
        metric,
        basis,
        f.as_of,
        L,
        f.community,
        overview_data.comparison_title(metric, basis, sub_level, f.month, L),
        t("ov_average", area=value_units.average_area(result, _parent_name(f), sub_level, L), value=average),
    )


def comparison_hint(result: ranking.Ranking, f: filters.Filters) -> str:
    """How the chart compares, then the sub-areas it leaves out for want of a population."""
    left_out = value_units.unpopulated_note(result, f.names, lang())
    return _basis_hint(result, f) + (f"  \n{md_text(left_out)}" if left_out else "")


def comparison_none(result: ranking.Ranking, f: filters.Filters) -> str:
    """Why there is no chart (markdown, names as text): nothing to compare, or no sub-area with its
    whole population."""
    left_out = value_units.unpopulated_note(result, f.names, lang())
    return md_text(left_out) if left_out else t("ov_compare_none")


def _basis_hint(result: ranking.Ranking, f: filters.Filters) -> str:
    if result.ranked:
        n = ranking.laggard_count(len(result.rows))
        basis = basis_label(result.basis)
        basis = basis[:1].lower() + basis[1:] if lang() == "en" else basis
        sub_level = "street" if f.level == "district" else "community"
        area = value_units.average_area(result, _parent_name(f), sub_level, lang())
        return t("ov_compare_hint", basis=basis, area=md_text(area), n=n)  # a caption: the name as text
    if result.basis == ranking.ABSOLUTE:
        return t("ov_compare_hint_absolute", fair=basis_label(ranking.fair_basis(result.metric)))
    return t("ov_compare_hint_size")
