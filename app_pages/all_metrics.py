"""全部指标 All metrics: every catalog metric of the selected area and month, searchable, with its 口径,
a 12-month sparkline and a download."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from etl.safe_text import md_text
from govdash import all_metrics_data as data
from govdash import db, filters, sparklines
from govdash.charts import PALETTE
from govdash.downloads import download_button
from govdash.exports import export_name, to_csv_bytes, to_xlsx_bytes
from govdash.formatting import fmt_aside, fmt_month
from govdash.i18n import lang, t
from govdash.table_style import data_grid
from govdash.url_state import set_url_choice, text_box, url_choice

L = lang()
# Column widths (px) that fit beside the sidebar at 1366 px; the table stretches them on wider screens.
LABEL_WIDTH = {"zh": 210, "en": 260}
MEANING_WIDTH = 380
ROW_HEIGHT = 66  # over 4rem, the height at which Streamlit wraps text: a long 口径 wraps, not cut off


def search_box() -> str:
    """The search text, kept in the URL as ``q``."""
    return text_box("q", "am_q", label=t("am_search"), placeholder=t("am_search_placeholder"))


def section_pills(frame: pd.DataFrame, sections: dict[str, str]) -> pd.DataFrame:
    """The rows of the section picked in the pills (all when none), kept in the URL as ``section``."""
    counts = frame["section"].value_counts()
    options = [key for key in sections if key in counts.index]
    wanted = url_choice("section", options, None)
    picked = st.pills(
        t("am_sections"),
        options,
        default=wanted,
        format_func=lambda key: f"{sections[key]} {counts[key]}",
        key="am_section",
        help=t("am_sections_help"),
    )
    set_url_choice("section", picked)
    return frame[frame["section"] == picked] if picked else frame


f = filters.current()
version = db.version()
st.title(t("am_title"))
st.caption(md_text(f.describe(with_type=False)))
st.markdown(t("am_intro"))
filters.say_type_not_applied(f)

m = data.model(version, f.area_code, f.month, L)
frame = m.rows
query = search_box()
shown = data.search(frame, query)
if not m.in_program:
    st.caption(t("am_not_in_program", area=md_text(f.area_name)))
if shown.empty:
    st.info(t("am_none_found", q=md_text(query)))
    st.stop()
st.caption(
    t("am_count_search", q=md_text(query), n=len(shown), total=len(frame))
    if query
    else t("am_count", n=len(frame))
)

sections = {key: t(f"am_section_{key}") for key, _ in data.SECTIONS} | {data.OTHER: t("am_section_other")}
shown = section_pills(shown, sections)
headers = {
    "section": t("am_col_section"),
    "label": t("am_col_metric"),
    "value": t("am_col_value"),
    "unit": t("am_col_unit"),
    "meaning": t("am_col_meaning"),
    "metric": t("am_col_code"),
}
base = export_name(t("am_file"), f.area_name, day=f.month)
export = data.export_frame(shown, headers, sections)  # plain values: the callables run on another thread
downloads = st.container(horizontal=True)
for label, suffix, produce, mime in (
    (t("download_csv"), ".csv", lambda: to_csv_bytes(export), "text/csv"),
    (
        t("download_xlsx"),
        ".xlsx",
        lambda: to_xlsx_bytes(export, t("am_file")),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
):
    download_button(
        label,
        data=produce,
        file_name=base + suffix,
        what="all_metrics",
        rows=len(export),
        container=downloads,
        mime=mime,
        help=t("am_download_help", n=len(export)),
    )

windows = m.windows
trend_help = t("am_col_trend_help", first=fmt_month(windows[0][0], L), last=fmt_month(f.month, L))
column_config = {
    "label": st.column_config.TextColumn(t("am_col_metric"), width=LABEL_WIDTH[L]),
    "text": st.column_config.TextColumn(t("am_col_value"), width=110, alignment="right"),
    "trend": st.column_config.ImageColumn(t("am_col_trend"), width=130, help=trend_help),
    "meaning": st.column_config.TextColumn(t("am_col_meaning"), width=MEANING_WIDTH),
}
for key, rows in shown.groupby("section", sort=False):
    st.subheader(fmt_aside(sections[key], len(rows), L))
    drawn = rows.assign(trend=rows["trend"].map(partial(sparklines.image_uri, color=PALETTE[0])))
    data_grid(
        drawn[["label", "text", "trend", "meaning"]],
        hide_index=True,
        width="stretch",
        height="content",
        row_height=ROW_HEIGHT,
        column_config=column_config,
        key=f"am_{key}",
    )
