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
from govdash import cache, deltas, i18n, status
from govdash.charts import show
from govdash.report.build import build_report
from govdash.report.figures import figure
from govdash.report.layout import SHARES, kpi_grid, text_em
from govdash.report.model import Report, Slide, Table

INTERVALS = (5, 10, 15, 30, 60)  # seconds offered for auto-advance
DEFAULT_INTERVAL = 10
SHOWN_AT = "pr_shown_at"  # session key: when the current slide was put on screen (time.monotonic)
STATUS_COLORS = status.COLORS  # 达标 / 接近 / 未达标 / 逾期 (govdash.status)

# The slide is laid out on a fixed 16:9 canvas of SLIDE_W × SLIDE_H CSS pixels and scaled as a whole
# (CSS transform) into the largest 16:9 box the window has room for (FIT_JS sets --pr-scale), so
# every part keeps its place at any window size and nothing is cut. Heights below are canvas pixels.
SLIDE_W, SLIDE_H = 1600, 900
PAD_Y, PAD_X = 22, 30  # canvas padding
GAP = 12  # between the parts of a slide
TITLE_H, SUBTITLE_H, FOOTER_H = 56, 32, 36
KPI_H = 150  # one row of KPI cards
BULLET_H = 36  # one bullet line
NOTE_LINE_H = 44
SAFETY = 10  # rounding slack of the browser's layout

CSS = f"""
<style>
.st-key-pr_stage {{width: calc({SLIDE_W}px * var(--pr-scale, .6)); height: calc({SLIDE_H}px * var(--pr-scale, .6));
  overflow: hidden; flex: none !important; margin: 0 auto; position: relative;}}
.st-key-pr_slide {{width: {SLIDE_W}px !important; height: {SLIDE_H}px; min-width: {SLIDE_W}px; flex: none !important;
  transform: scale(var(--pr-scale, .6)); transform-origin: 0 0; box-sizing: border-box; overflow: hidden;
  padding: {PAD_Y}px {PAD_X}px; gap: {GAP}px; background: #fff; border: 1px solid #ccc; border-radius: 6px;}}
.st-key-pr_slide > div:last-child {{margin-top: auto;}}
.st-key-pr_slide [data-testid="stMarkdownContainer"] {{margin: 0;}}
.st-key-pr_slide [data-testid="stElementToolbar"] {{display: none;}}
.pr-title {{font-size: 44px; font-weight: 700; margin: 0; line-height: 1.25; white-space: nowrap;}}
.pr-subtitle {{font-size: 21px; color: #444; line-height: {SUBTITLE_H}px; white-space: nowrap;}}
.pr-cover {{display: flex; flex-direction: column; justify-content: center; height: {SLIDE_H - 2 * PAD_Y - FOOTER_H - GAP}px;
  padding: 0 40px;}}
.pr-big {{font-size: 64px; font-weight: 700; margin: 0 0 28px 0; line-height: 1.25;}}
.pr-line {{font-size: 30px; color: #333; margin: 8px 0; line-height: 1.4;}}
.pr-bullets {{padding-left: 32px; margin: 0;}}
.pr-bullets li {{font-size: 22px; line-height: {BULLET_H}px; margin: 0; white-space: nowrap;}}
.pr-note {{font-size: 28px; color: #333; line-height: {NOTE_LINE_H}px; padding: 8px 0;}}
.pr-footer {{font-size: 18px; color: #555; border-top: 1px solid #bbb; padding-top: 6px; line-height: 26px;
  white-space: nowrap;}}
.pr-fit {{overflow: hidden;}}
/* Streamlit sizes a chart by what it measures on screen (the scaled size), so the chart's element is
   scaled back (measured at canvas size) and the drawing inside scaled again (the slide's scale) */
.st-key-pr_slide div[data-testid="stElementContainer"]:has(div[data-testid="stEChartsChart"]) {{
  transform: scale(var(--pr-inverse, 1.6667)); transform-origin: 0 0;}}
.st-key-pr_slide div[data-testid="stEChartsChart"] > div {{transform: scale(var(--pr-scale, .6)); transform-origin: 0 0;}}
.st-key-pr_slide div[data-testid="stElementContainer"]:has(div[data-testid="stEChartsChart"]),
.st-key-pr_slide div[data-testid="stElementContainer"]:has(div[data-testid="stEChartsChart"]) *:not(svg *) {{
  overflow: visible !important;}}  /* their boxes are unscaled: clipping there would cut a scaled-up chart */
table.pr-table {{font-size: 21px; border-collapse: collapse; width: 100%;}}
table.pr-table th {{background: #c8102e; color: #fff; text-align: left; padding: 6px 9px; line-height: 1.3;}}
table.pr-table td {{padding: 6px 9px; border-bottom: 1px solid #ddd; line-height: 1.3;}}
table.pr-table td:not(:first-child) {{white-space: nowrap;}}
.st-key-pr_slide div[data-testid="stMetric"] {{padding: 4px 6px;}}
.st-key-pr_slide div[data-testid="stMetricValue"] {{font-weight: 700; line-height: 1.45;}}
.st-key-pr_slide [data-testid="stMetricLabel"] {{font-size: 20px;}}
.st-key-pr_slide [data-testid="stMetricLabel"] p {{font-size: inherit;}}
.st-key-pr_slide div[data-testid="stMetricDelta"] {{font-size: 18px;}}
</style>
"""
PROJECTOR_CSS = """
<style>
section[data-testid="stSidebar"], div[data-testid="stSidebarCollapsedControl"] {display: none;}
header[data-testid="stHeader"] {display: none;}
div[data-testid="stMainBlockContainer"] {padding: 8px 12px !important; max-width: none;}
/* the controls float over the top edge, shown while the pointer is there (keys work all along) */
.st-key-pr_bar {position: fixed; top: 0; left: 0; right: 0; z-index: 999; background: rgba(255,255,255,.97);
  padding: 8px 16px; opacity: 0; transition: opacity .2s; box-shadow: 0 2px 8px rgba(0,0,0,.2);}
.st-key-pr_bar:hover, .st-key-pr_bar:focus-within {opacity: 1;}
/* only the slide takes room: the banner, styles and scripts above it collapse */
div[data-testid="stMainBlockContainer"] > div[data-testid="stVerticalBlock"] {gap: 0;}
div[data-testid="stMainBlockContainer"] > div[data-testid="stVerticalBlock"] > div:not(:has(.st-key-pr_stage, .st-key-pr_bar)) {display: none;}
</style>
"""
# Fits the slide into the window: --pr-scale = the largest scale at which the canvas fits the width
# of the page and the height left below its top edge; then shrinks any text box that still
# overflows (long names in a table, a long KPI value). Installed once per page; it re-fits on
# resize and whenever Streamlit redraws (a new slide). Nothing is fetched.
FIT_JS = """<script>(() => {
  const W = WIDTH, H = HEIGHT;
  const wide = el => el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1;
  const tall = el => el.clientHeight > 0 && el.scrollHeight > el.clientHeight + 1;
  const shrink = (box, probe, over, min) => {
    box.style.fontSize = '';
    let size = parseFloat(getComputedStyle(box).fontSize);
    while (over(probe(box)) && size > min) { size -= 1; box.style.fontSize = size + 'px'; }
  };
  const either = el => wide(el) || tall(el);
  const text = b => b.querySelector('[data-testid=stMarkdownContainer]') || b;
  const fit = () => {
    const stage = document.querySelector('.st-key-pr_stage');
    if (!stage) return;
    const main = document.querySelector('[data-testid=stMain]');
    const top = stage.getBoundingClientRect().top + (main ? main.scrollTop : 0);
    const margin = document.querySelector('.pr-projector') ? 8 : 24;
    const width = stage.parentElement.clientWidth;
    const scale = Math.max(0.2, Math.min(width / W, (window.innerHeight - top - margin) / H));
    document.documentElement.style.setProperty('--pr-scale', scale.toFixed(4));
    document.documentElement.style.setProperty('--pr-inverse', (1 / scale).toFixed(4));
    stage.querySelectorAll('.pr-fit').forEach(box => shrink(box, b => b, either, 11));
    stage.querySelectorAll('[data-testid=stMetricValue], [data-testid=stMetricLabel]')
      .forEach(v => shrink(v, text, wide, 11));
    stage.querySelectorAll('.pr-title, .pr-subtitle, .pr-footer, .pr-bullets li')
      .forEach(t => shrink(t, b => b, wide, 11));
  };
  if (!window.__prFit) {
    let queued = false;
    const later = () => { if (!queued) { queued = true; requestAnimationFrame(() => { queued = false; window.__prFit(); }); } };
    window.addEventListener('resize', later);
    new MutationObserver(later).observe(document.body, {childList: true, subtree: true, characterData: true});
  }
  window.__prFit = fit;
  fit();
})();</script>""".replace("WIDTH", str(SLIDE_W)).replace("HEIGHT", str(SLIDE_H))


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


@cache.model(max_entries=16)
def report(version: str, area_code: str, as_of: date, lang: str, meetings: str = "") -> Report:
    """``meetings``: ``etl.meetings.stamp`` (the meetings live outside the snapshot)."""
    return build_report(version, area_code, as_of, lang)


@cache.model(max_entries=8)
def pptx_data(version: str, area_code: str, as_of: date, lang: str, meetings: str = "") -> bytes:
    from govdash.report.pptx_builder import pptx_bytes  # noqa: PLC0415 - only when downloading

    return pptx_bytes(report(version, area_code, as_of, lang, meetings))


@cache.model(max_entries=4)
def pdf_data(version: str, area_code: str, as_of: date, lang: str, meetings: str = "") -> bytes:
    from govdash.report.pdf_builder import pdf_bytes  # noqa: PLC0415 - needs Chromium and the fonts

    return pdf_bytes(report(version, area_code, as_of, lang, meetings))


# --- drawing --------------------------------------------------------------------------------------


def table_html(table: Table, height: int | None = None) -> str:
    """A plain HTML table in large type; the status column coloured (met green, behind red). With
    ``height`` it sits in a box of that height whose text FIT_JS shrinks until it fits."""
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
    html = f'<table class="pr-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    if height is None:
        return html
    size = table_font(table, height)
    return f'<div class="pr-fit" style="height:{height}px;font-size:{size}px">{html}</div>'


def table_font(table: Table, height: int) -> int:
    """A first guess of the table's type size (px): rows of 1.3 lines plus padding fill ``height``."""
    lines = len(table.rows) + 1.6  # a header that may wrap
    return max(12, min(22, int((height / lines - 13) / 1.3)))


def table_frame(table: Table) -> pd.DataFrame:
    """The table as a DataFrame (what AppTest and the CSV of a slide would see)."""
    return pd.DataFrame(list(table.rows), columns=list(table.columns))


def kpi_rows(slide: Slide) -> tuple[int, int]:
    """(cards per row, rows) of the KPI strip (``layout.kpi_grid``)."""
    return kpi_grid(len(slide.kpis))


def kpi_font(slide: Slide, per_row: int, largest: int) -> int:
    """Type size (px) at which the longest KPI value fits its card on one line."""
    card = (SLIDE_W - 2 * PAD_X - (per_row - 1) * 16) / per_row - 40
    longest = max((text_em(k.text, latin=0.62) for k in slide.kpis), default=1)
    return max(20, min(largest, int(card / max(longest, 1))))


def body_height(slide: Slide) -> int:
    """Canvas height (px) left for the charts and the table once the other parts are placed."""
    parts = [TITLE_H + (SUBTITLE_H if slide.subtitle else 0), FOOTER_H]
    if slide.note:
        parts.append(NOTE_LINE_H * max(1, -(-len(slide.note) // 50)) + 16)
    rows = kpi_rows(slide)[1]
    if rows:
        parts.append(rows * KPI_H + (rows - 1) * GAP)
    if slide.bullets:
        parts.append(BULLET_H * len(slide.bullets))
    used = sum(parts) + GAP * len(parts)  # one more gap: the body itself
    return max(120, SLIDE_H - 2 * PAD_Y - used - SAFETY)


def kpi_style(slide: Slide) -> str:
    """The KPI values' type size for this slide (a style tag put with the title)."""
    per_row = kpi_rows(slide)[0]
    size = kpi_font(slide, per_row, 60 if not slide.charts and not slide.table else 46)
    return f'<style>.st-key-pr_slide div[data-testid="stMetricValue"] {{font-size: {size}px;}}</style>'


def _kpis(slide: Slide) -> None:
    per_row, rows = kpi_rows(slide)
    for start in range(0, len(slide.kpis), per_row):
        for col, kpi in zip(st.columns(per_row), slide.kpis[start : start + per_row], strict=False):
            with col.container(border=True):
                st.metric(
                    kpi.label,
                    kpi.text,
                    delta=kpi.delta or None,
                    **deltas.look(kpi.good is None),  # no colour and no arrow on 同比持平
                )


def _title_slide(report_model: Report, slide: Slide) -> None:
    lines = "".join(
        f'<div class="pr-line">{html_text(line)}</div>' for line in (report_model.area_path, *slide.bullets)
    )
    st.markdown(
        f'<div class="pr-cover"><div class="pr-big" role="heading" aria-level="1">{html_text(slide.title)}</div>'
        f'<div class="pr-line"><b>{html_text(slide.subtitle)}</b></div>{lines}</div>',
        unsafe_allow_html=True,
    )


def _charts(slide: Slide, index: int, height: int) -> None:
    charts = list(slide.charts)
    if len(charts) > 1:
        columns = st.columns([SHARES.get(slide.key, 0.58), 1 - SHARES.get(slide.key, 0.58)])
    else:
        columns = [st.container()]
    for i, (chart, column) in enumerate(zip(charts, columns, strict=False)):
        with column:
            fig = figure(chart, height=height, big=True, lang=i18n.lang())
            if len(charts) == 1:  # the canvas's width: a map keeps its proportions (echarts_axes)
                fig.update_layout(width=SLIDE_W - 2 * PAD_X)
            # SVG: the slide is scaled to the window, and a canvas would blur when scaled up
            show(fig, key=f"pr_chart_{index}_{i}", renderer="svg")


def draw_slide(report_model: Report, index: int) -> None:
    """One slide on the 16:9 canvas: title, subtitle, KPI cards, charts beside a table, bullets, footer."""
    slide = report_model.slides[index]
    if slide.key == "title":
        _title_slide(report_model, slide)
    else:
        head = f'<div class="pr-title" role="heading" aria-level="1">{html_text(slide.title)}</div>'
        if slide.subtitle:
            head += f'<div class="pr-subtitle">{html_text(slide.subtitle)}</div>'
        if slide.kpis:
            head += kpi_style(slide)
        st.markdown(head, unsafe_allow_html=True)
        if slide.note:
            st.markdown(f'<div class="pr-note">{html_text(slide.note)}</div>', unsafe_allow_html=True)
        if slide.kpis:
            _kpis(slide)
        height = body_height(slide)
        if slide.charts and slide.table:
            share = SHARES.get(slide.key, 0.58)
            left, right = st.columns([share, 1 - share])
            with left:
                _charts(slide, index, height)
            with right:
                st.markdown(table_html(slide.table, height), unsafe_allow_html=True)
        elif slide.charts:
            _charts(slide, index, height)
        elif slide.table:
            st.markdown(table_html(slide.table, height), unsafe_allow_html=True)
        if slide.bullets:
            items = "".join(f"<li>{html_text(b)}</li>" for b in slide.bullets)
            st.markdown(f'<ul class="pr-bullets">{items}</ul>', unsafe_allow_html=True)
    st.markdown(
        f'<div class="pr-footer">{html_text(report_model.page_text(index))}</div>', unsafe_allow_html=True
    )
