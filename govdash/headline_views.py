"""Sections of the coverage and volunteer pages for the headline figures of ``headline_data``.

Each section reads the catalog values of the selected area (the community-type filter does not
apply: the catalog has no per-type values of these figures, and the section says so).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from etl.safe_text import md_text
from govdash import headline_data as hd
from govdash.formatting import decimals_shown, fmt_count, fmt_date, fmt_decimal
from govdash.i18n import lang, t
from govdash.metric_labels import fmt_number, is_pct, kind_label, metric_label, metric_unit
from govdash.table_style import data_grid, right_columns

BUILD_HEADERS = (
    "hl_col_open",
    "hl_col_planned",
    "hl_col_rebuilt",
    "hl_col_investment",
    "hl_col_area",
    "hl_col_capacity",
)


def card_label(metric: str) -> str:
    """``党群服务中心投资(万元)``: the unit goes in the label, so the number fits a narrow card."""
    unit = "" if is_pct(metric) else metric_unit(metric, lang())
    if not unit:
        return metric_label(metric, lang())
    return (
        f"{metric_label(metric, lang())}({unit})"
        if lang() == "zh"
        else f"{metric_label(metric, 'en')} ({unit})"
    )


def card_value(metric: str, value: float | None) -> str:
    return fmt_number(metric, value, lang())


def cards(metrics: pd.Series, names: tuple[str, ...], per_row: int = 5) -> None:
    """One ``st.metric`` per catalog metric: its label and unit, the value, "—" when missing."""
    for start in range(0, len(names), per_row):
        row = names[start : start + per_row]
        for col, metric in zip(st.columns(per_row), row, strict=False):
            col.metric(
                card_label(metric),
                card_value(metric, hd.value(metrics, metric)),
                border=True,
                height="stretch",
            )


def build_frame(table: pd.DataFrame) -> pd.DataFrame:
    """The build table (``HeadlineModel.build``) with labels and formatted values; a column with any
    amount that is not whole writes every one with its decimal (106.0 beside 878.8, as the
    report's chart of the same amounts)."""
    frame = pd.DataFrame({t("hl_col_kind"): [kind_label(k, lang()) for k in table.index]})
    for column, header in zip(hd.BUILD_COLUMNS, BUILD_HEADERS, strict=True):
        values = list(table[column])
        decimal = decimals_shown(values)
        frame[t(header)] = [fmt_decimal(v) if decimal else fmt_count(v, lang()) for v in values]
    return frame


def building_section(metrics: pd.Series, as_of: date, filtered: bool) -> None:
    """设施建设与投资 and 小区治理 (coverage page)."""
    m = hd.of(metrics)
    st.subheader(t("hl_section_build"))
    if filtered:
        st.caption(t("hl_all_types"))
    key = hd.KEY_FACILITY
    # cards wide enough for their whole label at 1366 px (the English labels are long)
    cards(
        metrics,
        (f"facilities_rebuilt:{key}", f"facility_investment_wan:{key}"),
        per_row=3 if lang() == "zh" else 2,
    )
    cards(metrics, hd.COMPOUNDS, per_row=3 if lang() == "zh" else 2)
    st.caption(t("hl_build_caption", date=fmt_date(as_of, lang())))
    if not m.build.empty:
        right = right_columns(t(h) for h in BUILD_HEADERS)  # the formatted numbers
        data_grid(
            build_frame(m.build), hide_index=True, width="stretch", height="content", column_config=right
        )
    if m.unreported:
        st.caption(hd.unreported_note(m.unreported, lang()))


def staff_section(metrics: pd.Series, area: str, as_of: date, filtered: bool) -> None:
    """社区工作力量 of a street or district (coverage page)."""
    st.subheader(t("hl_section_staff"))
    if filtered:
        st.caption(t("hl_all_types"))
    if not hd.of(metrics).staff:
        st.info(t("hl_no_staff"))
        return
    cards(metrics, hd.STAFF_SHOWN, per_row=4)
    st.caption(t("hl_staff_caption", area=md_text(area), date=fmt_date(as_of, lang())))


def forces_section(
    stock: pd.Series, window: pd.Series, as_of: date, window_text: str, filtered: bool
) -> None:
    """社会组织、志愿积分银行与App报备 (volunteer page): stocks on ``as_of``, flows over the window."""
    st.subheader(t("hl_section_forces"))
    if filtered:
        st.caption(t("hl_all_types"))
    bank = hd.of(stock, window).bank
    per_row = 4 if lang() == "zh" else 3
    flows = hd.ORGS_FLOW if bank else hd.without_bank(hd.ORGS_FLOW)
    cards(stock, hd.ORGS_STOCK if bank else hd.without_bank(hd.ORGS_STOCK), per_row=per_row)
    cards(window, flows, per_row=per_row)
    st.caption(t("hl_forces_caption", date=fmt_date(as_of, lang()), window=window_text))
    for note in (hd.blank_note(window, flows, lang()), hd.bank_note(stock, lang()) if bank else ""):
        if note:
            st.caption(t("hl_blank_sentence", clause=note))
    if not bank:
        st.info(t("hl_no_bank"))
