"""The presentation page (汇报模式): slide navigation, auto-advance, and one slide drawn full width.

The slides are the report model (``govdash.report.build``), so the page shows exactly what the PPTX
and PDF downloads hold. The current slide is ``?slide=N`` in the URL (1-based), so a link opens on
a given slide; buttons move it, with keyboard shortcuts (← → Home) from ``st.button(shortcut=...)``.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from etl.safe_text import html_text
from govdash.charts import BAD, GOOD, PALETTE, WARN, show
from govdash.report.build import build_report
from govdash.report.figures import figure
from govdash.report.layout import SHARES
from govdash.report.model import Report, Slide, Table

INTERVALS = (5, 10, 15, 30, 60)  # seconds offered for auto-advance
DEFAULT_INTERVAL = 10
SHOWN_AT = "pr_shown_at"  # session key: when the current slide was put on screen (time.monotonic)
STATUS_COLORS = {"met": GOOD, "near": WARN, "behind": BAD, "open": PALETTE[1]}
CHART_HEIGHT = 500

CSS = """
<style>
.pr-title {font-size: 2.6rem; font-weight: 700; margin: 0 0 .2rem 0; line-height: 1.25;}
.pr-subtitle {font-size: 1.15rem; color: #444; margin-bottom: .6rem;}
.pr-big {font-size: 3.4rem; font-weight: 700; margin: 2rem 0 .5rem 0;}
.pr-line {font-size: 1.5rem; color: #333; margin: .3rem 0;}
.pr-bullets {padding-left: 1.6rem;}
.pr-bullets li {font-size: 1.3rem; margin: .2rem 0;}
.pr-note {font-size: 1.6rem; color: #333; padding: 2rem 0;}
.pr-footer {font-size: 1rem; color: #555; border-top: 1px solid #bbb; padding-top: .3rem; margin-top: .6rem;}
table.pr-table {font-size: 1.15rem; border-collapse: collapse; width: 100%;}
table.pr-table th {background: #c8102e; color: #fff; text-align: left; padding: .35rem .5rem;}
table.pr-table td {padding: .35rem .5rem; border-bottom: 1px solid #ddd;}
div[data-testid="stMetricValue"] {font-size: 2.6rem; font-weight: 700;}
div[data-testid="stMetricLabel"] p {font-size: 1.1rem;}
</style>
"""
PROJECTOR_CSS = """
<style>
section[data-testid="stSidebar"], div[data-testid="stSidebarCollapsedControl"] {display: none;}
header[data-testid="stHeader"] {display: none;}
div[data-testid="stMainBlockContainer"] {padding-top: 1rem;}
</style>
"""


# --- state ----------------------------------------------------------------------------------------


def slide_index(value: object, count: int) -> int:
    """The 0-based slide of ``?slide=N`` (1-based); the first slide for a missing or bad value."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return 0
    return min(max(number, 1), max(count, 1)) - 1


def next_slide(index: int, count: int) -> int:
    """The slide after ``index``; after the last comes the first again (the wall-display loop)."""
    return (index + 1) % count if count else 0


def previous_slide(index: int, count: int) -> int:
    return (index - 1) % count if count else 0


def due(shown_at: float | None, now: float, interval: float) -> bool:
    """Whether auto-advance should move on: the slide has been up for (about) ``interval`` seconds.

    The fragment reruns every ``interval`` seconds; a small tolerance absorbs timer jitter, and a
    slide that was just put up by hand (``shown_at`` recent) waits a full interval.
    """
    return shown_at is not None and now - shown_at >= interval * 0.8


def interval_choice(value: object) -> int:
    try:
        seconds = int(str(value))
    except (TypeError, ValueError):
        return DEFAULT_INTERVAL
    return seconds if seconds in INTERVALS else DEFAULT_INTERVAL


# --- cached outputs -------------------------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=16)
def report(version: str, area_code: str, as_of: date, lang: str, meetings: str = "") -> Report:
    """``meetings``: ``etl.meetings.stamp`` (the meetings live outside the snapshot)."""
    return build_report(version, area_code, as_of, lang)


@st.cache_data(show_spinner=False, max_entries=8)
def pptx_data(version: str, area_code: str, as_of: date, lang: str, meetings: str = "") -> bytes:
    from govdash.report.pptx_builder import pptx_bytes  # noqa: PLC0415 - only when downloading

    return pptx_bytes(report(version, area_code, as_of, lang, meetings))


@st.cache_data(show_spinner=False, max_entries=4)
def pdf_data(version: str, area_code: str, as_of: date, lang: str, meetings: str = "") -> bytes:
    from govdash.report.pdf_builder import pdf_bytes  # noqa: PLC0415 - needs Chromium and the fonts

    return pdf_bytes(report(version, area_code, as_of, lang, meetings))


# --- drawing --------------------------------------------------------------------------------------


def table_html(table: Table) -> str:
    """A plain HTML table in large type; the status column coloured (met green, behind red)."""
    head = "".join(f"<th>{html_text(c)}</th>" for c in table.columns)
    rows = []
    for r, values in enumerate(table.rows):
        status = table.status[r] if table.status else ""
        cells = []
        for c, value in enumerate(values):
            style = ""
            if status and c == len(values) - 1:
                style = f' style="color:{STATUS_COLORS.get(status, "#1a1a1a")};font-weight:700"'
            cells.append(f"<td{style}>{html_text(value)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="pr-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def table_frame(table: Table) -> pd.DataFrame:
    """The table as a DataFrame (what AppTest and the CSV of a slide would see)."""
    return pd.DataFrame(list(table.rows), columns=list(table.columns))


def _kpis(slide: Slide) -> None:
    per_row = 4 if len(slide.kpis) > 5 else len(slide.kpis)
    for start in range(0, len(slide.kpis), per_row):
        for col, kpi in zip(st.columns(per_row), slide.kpis[start : start + per_row], strict=False):
            with col.container(border=True):
                st.metric(
                    kpi.label,
                    kpi.text,
                    delta=kpi.delta or None,
                    delta_color="off" if kpi.good is None else "normal",
                )


def _title_slide(report_model: Report, slide: Slide) -> None:
    st.markdown(
        f'<div class="pr-big" role="heading" aria-level="1">{html_text(slide.title)}</div>',
        unsafe_allow_html=True,
    )
    st.markdown(f'<div class="pr-line"><b>{html_text(slide.subtitle)}</b></div>', unsafe_allow_html=True)
    for line in (report_model.area_path, *slide.bullets):
        st.markdown(f'<div class="pr-line">{html_text(line)}</div>', unsafe_allow_html=True)


def _charts(slide: Slide, index: int) -> None:
    charts = list(slide.charts)
    if len(charts) > 1:
        columns = st.columns([SHARES.get(slide.key, 0.58), 1 - SHARES.get(slide.key, 0.58)])
    else:
        columns = [st.container()]
    for i, (chart, column) in enumerate(zip(charts, columns, strict=False)):
        with column:
            # theme=None: keep the report's own fonts and colours (Streamlit's theme would shrink them)
            show(figure(chart, height=CHART_HEIGHT, big=True), key=f"pr_chart_{index}_{i}", theme=None)


def draw_slide(report_model: Report, index: int) -> None:
    """One slide, full width: title, subtitle, KPI cards, charts beside a table, bullets, footer."""
    slide = report_model.slides[index]
    if slide.key == "title":
        _title_slide(report_model, slide)
    else:
        st.markdown(
            f'<div class="pr-title" role="heading" aria-level="1">{html_text(slide.title)}</div>',
            unsafe_allow_html=True,
        )
        if slide.subtitle:
            st.markdown(f'<div class="pr-subtitle">{html_text(slide.subtitle)}</div>', unsafe_allow_html=True)
        if slide.note:
            st.markdown(f'<div class="pr-note">{html_text(slide.note)}</div>', unsafe_allow_html=True)
        if slide.kpis:
            _kpis(slide)
        if slide.charts and slide.table:
            share = SHARES.get(slide.key, 0.58)
            left, right = st.columns([share, 1 - share])
            with left:
                _charts(slide, index)
            with right:
                st.markdown(table_html(slide.table), unsafe_allow_html=True)
        elif slide.charts:
            _charts(slide, index)
        elif slide.table:
            st.markdown(table_html(slide.table), unsafe_allow_html=True)
        if slide.bullets:
            items = "".join(f"<li>{html_text(b)}</li>" for b in slide.bullets)
            st.markdown(f'<ul class="pr-bullets">{items}</ul>', unsafe_allow_html=True)
    st.markdown(
        f'<div class="pr-footer">{html_text(report_model.page_text(index))}</div>', unsafe_allow_html=True
    )
