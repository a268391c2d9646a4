"""The report as an A4-landscape PDF (fpdf2): one page per slide, a Chinese font embedded.

    data = pdf_bytes(report)

Charts are the presentation page's plotly figures rendered to high-resolution PNG by kaleido and
the system Chromium (``govdash.report.png``; one browser for the whole report). The font is the one
``govdash.report.fonts`` finds (Noto Sans CJK SC where installed, else Source Han Sans, WenQuanYi,
Microsoft YaHei or SimHei; the ``pdf_font`` setting names another), subset-embedded by fpdf2.
"""

from __future__ import annotations

import io

from fpdf import FPDF
from fpdf.enums import TextMode, WrapMode
from fpdf.fonts import FontFace

from etl.safe_text import neutralize_formula
from govdash import status
from govdash.charts import BAD, GOOD, PALETTE
from govdash.formatting import is_wide
from govdash.report.figures import figure
from govdash.report.fonts import find_cjk_font
from govdash.report.layout import Box, fit_size, kpi_grid, regions, table_columns
from govdash.report.model import Kpi, Report, Slide, Table
from govdash.report.png import charts_png

FAMILY = "NotoSansSC"  # the name fpdf2 knows the embedded face by (one face only: each costs seconds)
PAGE_W, PAGE_H = 297.0, 210.0
MARGIN = 12.0
CONTENT_TOP, CONTENT_BOTTOM = 32.0, 194.0
PX_PER_MM = 4.4  # figure size in CSS px per mm of page (type stays readable at 16 px)
SCALE = 2.5  # device pixels per CSS px (≈280 dpi on paper)
ACCENT = PALETTE[0]
TEXT, MUTED = "#1a1a1a", "#595959"
STATUS_COLORS = status.COLORS  # 达标 / 接近 / 未达标 / 逾期 (govdash.status)


def _rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


def _content() -> tuple[float, float, float, float]:
    return MARGIN, CONTENT_TOP, PAGE_W - 2 * MARGIN, CONTENT_BOTTOM - CONTENT_TOP


def _place(box: Box) -> tuple[float, float, float, float]:
    return box.scale(*_content())


def new_pdf(report: Report) -> FPDF:
    font = find_cjk_font()  # FontMissingError says what to install
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.add_font(FAMILY, "", str(font.path), collection_font_number=font.index)
    for font in pdf.fonts.values():
        # keep the full font's bounding boxes: recomputing them glyph by glyph doubles the subsetting time
        font.ttfont.recalcBBoxes = False
    pdf.set_title(report.title)
    pdf.set_subject(report.footer)
    pdf.set_creator("govdash")
    pdf.set_lang("zh-CN" if report.lang == "zh" else "en")
    return pdf


def _wrap(text: str) -> WrapMode:
    """Chinese text breaks between any two characters, English text at spaces (an English line
    that names a Chinese area still breaks at its spaces). By word, fpdf2 broke "2 个社区未填报…"
    after the "2" and left the rest to a line of its own."""
    letters = [ch for ch in text if not ch.isspace()]
    wide = sum(is_wide(ch) for ch in letters)
    return WrapMode.CHAR if letters and wide * 3 >= len(letters) else WrapMode.WORD


def _write(
    pdf: FPDF,
    box: tuple[float, float, float, float],
    text: str,
    size: float,
    color: str = TEXT,
    bold: bool = False,
    align: str = "L",
) -> None:
    x, y, w, _h = box
    pdf.set_font(FAMILY, "", size)
    pdf.set_text_color(*_rgb(color))
    pdf.set_xy(x, y)
    if bold:  # stroke the outline too (a second, bold face would double the embedding time)
        pdf.text_mode = TextMode.FILL_STROKE
        pdf.set_draw_color(*_rgb(color))
        pdf.set_line_width(size * 0.012)
    pdf.multi_cell(w, size * 0.5, text, align=align, new_x="LMARGIN", new_y="NEXT", wrapmode=_wrap(text))
    pdf.text_mode = TextMode.FILL


def _frame(pdf: FPDF, report: Report, slide: Slide, index: int) -> None:
    pdf.add_page()
    pdf.set_fill_color(*_rgb(ACCENT))
    pdf.rect(0, 0, PAGE_W, 3, style="F")
    if slide.key != "title":
        _write(pdf, (MARGIN, 8, PAGE_W - 2 * MARGIN, 12), slide.title, 22, bold=True)
        if slide.subtitle:
            _write(pdf, (MARGIN, 21, PAGE_W - 2 * MARGIN, 8), slide.subtitle, 10.5, MUTED)
    pdf.set_draw_color(191, 191, 191)
    pdf.line(MARGIN, 198, PAGE_W - MARGIN, 198)
    _write(pdf, (MARGIN, 200, PAGE_W - 2 * MARGIN, 6), report.page_text(index), 8.5, MUTED)


def _title_page(pdf: FPDF, report: Report, slide: Slide) -> None:
    _write(pdf, (MARGIN + 4, 62, PAGE_W - 40, 20), slide.title, 32, bold=True)
    pdf.set_fill_color(*_rgb(ACCENT))
    pdf.rect(MARGIN + 4, 84, 30, 1.6, style="F")
    _write(pdf, (MARGIN + 4, 92, PAGE_W - 40, 10), slide.subtitle, 17, bold=True)
    y = 108.0
    for line in (report.area_path, *slide.bullets):
        _write(pdf, (MARGIN + 4, y, PAGE_W - 40, 8), line, 13, MUTED)
        y += 9


def _kpis(pdf: FPDF, kpis: tuple[Kpi, ...], box: tuple[float, float, float, float]) -> None:
    x, y, w, h = box
    per_row, rows = kpi_grid(len(kpis))
    gap = 5.0
    cw, ch = (w - gap * (per_row - 1)) / per_row, (h - gap * (rows - 1)) / rows
    big = 24 if rows > 1 else 19
    for i, kpi in enumerate(kpis):
        cx, cy = x + (i % per_row) * (cw + gap), y + (i // per_row) * (ch + gap)
        pdf.set_fill_color(244, 244, 244)
        pdf.set_draw_color(208, 208, 208)
        pdf.rect(cx, cy, cw, ch, style="DF", round_corners=True, corner_radius=2.5)
        pdf.set_fill_color(*_rgb(ACCENT))
        pdf.rect(cx, cy + 3, 1.8, ch - 6, style="F")
        _write(pdf, (cx + 6, cy + 3, cw - 9, 6), kpi.label, 10.5, MUTED)
        size = fit_size(kpi.text, (cw - 9) * 72 / 25.4, big)
        _write(pdf, (cx + 6, cy + ch * 0.5 - size * 0.3, cw - 9, size * 0.5), kpi.text, size, bold=True)
        if kpi.delta:
            color = GOOD if kpi.good else BAD if kpi.good is False else MUTED
            _write(pdf, (cx + 6, cy + ch - 8, cw - 9, 5), kpi.delta, 10, color)


def _table(pdf: FPDF, table: Table, box: tuple[float, float, float, float]) -> None:
    x, y, w, h = box
    n_rows = len(table.rows) + 1
    weights = table.widths or (1.0,) * len(table.columns)
    largest = max(9.0, min(12.5, (h / n_rows - 2.6) / 0.5))
    widths, size = table_columns(
        list(table.rows), weights, w * 72 / 25.4, largest, smallest=9, headers=tuple(table.columns)
    )
    pdf.set_font(FAMILY, "", size)
    pdf.set_text_color(*_rgb(TEXT))
    pdf.set_draw_color(210, 210, 210)
    old_margin = pdf.l_margin
    pdf.set_left_margin(x)
    pdf.set_xy(x, y)
    with pdf.table(
        width=w,
        align="LEFT",
        col_widths=tuple(widths),
        first_row_as_headings=False,
        line_height=size * 0.5,
        text_align="LEFT",
        padding=(1.2, 1.5),
    ) as grid:
        for r, values in enumerate([table.columns, *table.rows]):
            status = table.status[r - 1] if r and table.status else ""
            fill = _rgb(ACCENT) if r == 0 else (255, 255, 255) if r % 2 else (244, 244, 244)
            row = grid.row()
            for c, value in enumerate(values):
                color = (255, 255, 255) if r == 0 else _rgb(TEXT)
                if status and c == len(values) - 1:
                    color = _rgb(STATUS_COLORS.get(status, TEXT))
                row.cell(str(neutralize_formula(str(value))), style=FontFace(color=color, fill_color=fill))
    pdf.set_left_margin(old_margin)


def _bullets(pdf: FPDF, bullets: tuple[str, ...], box: tuple[float, float, float, float]) -> None:
    x, y, w, _h = box
    size = 12 if len(bullets) <= 3 else 11
    indent = size * 0.4  # mm: the dot, then the text, whose second line starts under the first's
    for bullet in bullets:
        pdf.set_font(FAMILY, "", size)
        pdf.set_text_color(*_rgb(TEXT))
        pdf.set_xy(x, y)
        pdf.cell(indent, size * 0.5, "•")
        _write(pdf, (x + indent, y, w - indent, size * 0.5), bullet, size)
        y = pdf.get_y() + 0.8


def _chart_jobs(report: Report) -> list[tuple]:
    """(figure, width px, height px) of every chart, in slide order (one kaleido batch)."""
    jobs = []
    for slide in report.slides:
        for chart, box in zip(slide.charts, regions(slide).charts, strict=True):
            _x, _y, w, h = _place(box)
            width, height = int(w * PX_PER_MM), int(h * PX_PER_MM)
            jobs.append((figure(chart, height=height, big=False), width, height))
    return jobs


def build_pdf(report: Report, images: list[bytes] | None = None) -> FPDF:
    """The PDF document; ``images`` are the chart PNGs in slide order (rendered here when None)."""
    if images is None:
        images = charts_png(_chart_jobs(report), scale=SCALE)
    pending = iter(images)
    pdf = new_pdf(report)
    for index, slide in enumerate(report.slides):
        _frame(pdf, report, slide, index)
        if slide.key == "title":
            _title_page(pdf, report, slide)
            continue
        parts = regions(slide)
        if parts.note:
            _write(pdf, _place(parts.note), slide.note, 15, MUTED)
        if parts.kpis:
            _kpis(pdf, slide.kpis, _place(parts.kpis))
        for box in parts.charts:
            x, y, w, h = _place(box)
            pdf.image(io.BytesIO(next(pending)), x=x, y=y, w=w, h=h)
        if slide.table and parts.table:
            _table(pdf, slide.table, _place(parts.table))
        if parts.bullets:
            _bullets(pdf, slide.bullets, _place(parts.bullets))
    return pdf


def pdf_bytes(report: Report) -> bytes:
    return bytes(build_pdf(report).output())
