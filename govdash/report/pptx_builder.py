"""The report as a 16:9 PowerPoint deck: title and footer on every slide, native charts, Chinese fonts.

    data = pptx_bytes(report)

Every slide uses the "Title Only" layout (its title placeholder holds the slide title, so outline
view and screen readers see it), a red accent bar, a footer (area · 数据截至 … · filters · page n)
and the parts laid out by ``govdash.report.layout``. Text runs name "Microsoft YaHei" for Latin and
East Asian script (the theme too); a PC without it substitutes its CJK font (LibreOffice on Linux
picks Noto Sans CJK SC through fontconfig).
"""

from __future__ import annotations

import io

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from etl.safe_text import neutralize_formula
from govdash import status
from govdash.charts import BAD, GOOD, PALETTE
from govdash.report import pptx_charts
from govdash.report.layout import fit_size, kpi_grid, regions, table_columns
from govdash.report.model import MAP, Kpi, Report, Slide, Table

FONT = "Microsoft YaHei"
WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # PowerPoint 16:9 (13.333 × 7.5 in)
MARGIN = Inches(0.5)
CONTENT_TOP, CONTENT_BOTTOM = Inches(1.55), Inches(6.9)
ACCENT = PALETTE[0]
TEXT, MUTED = "1A1A1A", "595959"
STATUS_COLORS = status.COLORS  # 达标 / 接近 / 未达标 / 逾期 (govdash.status)
TITLE_ONLY = 5  # layout index in python-pptx's default template
_FILL_TAGS = {
    qn(f"a:{t}")
    for t in (
        "ln",
        "noFill",
        "solidFill",
        "gradFill",
        "blipFill",
        "pattFill",
        "grpFill",
        "effectLst",
        "effectDag",
        "highlight",
        "uLnTx",
        "uLn",
        "uFillTx",
        "uFill",
    )
}


# --- fonts ----------------------------------------------------------------------------------------


def _set_typefaces(rpr: etree._Element, font: str) -> None:
    """Name ``font`` as the Latin and East Asian typeface of one run-properties element."""
    for tag in ("a:latin", "a:ea"):
        old = rpr.find(qn(tag))
        if old is not None:
            rpr.remove(old)
    index = 0
    for i, child in enumerate(rpr):
        if child.tag in _FILL_TAGS:
            index = i + 1
    latin = etree.Element(qn("a:latin"), typeface=font)
    ea = etree.Element(qn("a:ea"), typeface=font)
    rpr.insert(index, ea)
    rpr.insert(index, latin)


def apply_font(root: etree._Element, font: str = FONT) -> None:
    for rpr in root.iter(qn("a:rPr"), qn("a:defRPr"), qn("a:endParaRPr")):
        _set_typefaces(rpr, font)


def _theme_fonts(prs: Presentation, font: str = FONT) -> None:
    """Make the theme's heading and body fonts ``font`` (Latin and East Asian), for text added later."""
    theme_part = prs.slide_master.part.part_related_by(RT.THEME)
    theme = etree.fromstring(theme_part.blob)
    for scheme in ("a:majorFont", "a:minorFont"):
        for tag in ("a:latin", "a:ea"):
            node = theme.find(f".//{qn(scheme)}/{qn(tag)}")
            if node is not None:
                node.set("typeface", font)
    theme_part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)  # noqa: SLF001


# --- text helpers ---------------------------------------------------------------------------------


def _text(
    slide,
    box: tuple[int, int, int, int],
    lines: list[str],
    size: int,
    color: str = TEXT,  # noqa: ANN001
    bold: bool = False,
    align: PP_ALIGN = PP_ALIGN.LEFT,
    anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
    wrap: bool = True,
) -> None:
    shape = slide.shapes.add_textbox(*(Emu(v) for v in box))
    frame = shape.text_frame
    frame.word_wrap = wrap
    frame.vertical_anchor = anchor
    for i, line in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.alignment = align
        run = para.add_run()
        run.text = line
        run.font.size, run.font.bold = Pt(size), bold
        run.font.color.rgb = RGBColor.from_string(color.lstrip("#"))


def _rect(
    slide,
    box: tuple[int, int, int, int],
    color: str,
    shape: MSO_SHAPE = MSO_SHAPE.RECTANGLE,  # noqa: ANN001
    line: str | None = None,
):  # noqa: ANN202
    rect = slide.shapes.add_shape(shape, *(Emu(v) for v in box))
    rect.fill.solid()
    rect.fill.fore_color.rgb = RGBColor.from_string(color.lstrip("#"))
    if line:
        rect.line.color.rgb = RGBColor.from_string(line.lstrip("#"))
    else:
        rect.line.fill.background()
    rect.shadow.inherit = False
    return rect


# --- frame ----------------------------------------------------------------------------------------


def _frame(prs: Presentation, report: Report, slide_model: Slide, index: int):  # noqa: ANN202
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    _rect(slide, (0, 0, WIDTH, Inches(0.12)), ACCENT)
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = MARGIN, Inches(0.3), WIDTH - 2 * MARGIN, Inches(0.75)
    title.text = slide_model.title
    para = title.text_frame.paragraphs[0]
    para.alignment = PP_ALIGN.LEFT
    for run in para.runs:
        run.font.size, run.font.bold = Pt(30), True
        run.font.color.rgb = RGBColor.from_string(TEXT)
    title.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    if slide_model.subtitle:
        _text(
            slide, (MARGIN, Inches(1.05), WIDTH - 2 * MARGIN, Inches(0.4)), [slide_model.subtitle], 15, MUTED
        )
    line = slide.shapes.add_connector(1, MARGIN, Inches(6.98), WIDTH - MARGIN, Inches(6.98))
    line.line.color.rgb = RGBColor.from_string("BFBFBF")
    _text(
        slide, (MARGIN, Inches(7.02), WIDTH - 2 * MARGIN, Inches(0.38)), [report.page_text(index)], 11, MUTED
    )
    return slide


def _content_box() -> tuple[int, int, int, int]:
    return MARGIN, CONTENT_TOP, WIDTH - 2 * MARGIN, CONTENT_BOTTOM - CONTENT_TOP


def _place(box) -> tuple[int, int, int, int]:  # noqa: ANN001
    return tuple(int(v) for v in box.scale(*_content_box()))  # type: ignore[return-value]


# --- parts ----------------------------------------------------------------------------------------


def _kpis(slide, kpis: tuple[Kpi, ...], box: tuple[int, int, int, int]) -> None:  # noqa: ANN001
    x, y, w, h = box
    per_row, rows = kpi_grid(len(kpis))
    gap = Inches(0.2)
    cw, ch = (w - gap * (per_row - 1)) // per_row, (h - gap * (rows - 1)) // rows
    big = 30 if rows > 1 else 26
    pad = Inches(0.25)
    for i, kpi in enumerate(kpis):
        cx, cy = x + (i % per_row) * (cw + gap), y + (i // per_row) * (ch + gap)
        _rect(slide, (cx, cy, cw, ch), "F4F4F4", MSO_SHAPE.ROUNDED_RECTANGLE, line="D0D0D0")
        _rect(slide, (cx, cy + Inches(0.12), Inches(0.08), ch - Inches(0.24)), ACCENT)
        inner = cw - pad - Inches(0.1)
        _text(slide, (cx + pad, cy + Inches(0.08), inner, Inches(0.4)), [kpi.label], 14, MUTED)
        size = fit_size(kpi.text, inner / 12700, big)
        value_top = cy + Inches(0.45)
        value_h = ch - Inches(0.45) - (Inches(0.42) if kpi.delta else Inches(0.08))
        _text(
            slide,
            (cx + pad, value_top, inner, value_h),
            [kpi.text],
            size,
            TEXT,
            bold=True,
            anchor=MSO_ANCHOR.MIDDLE,
            wrap=False,
        )
        if kpi.delta:
            color = GOOD if kpi.good else BAD if kpi.good is False else MUTED
            _text(slide, (cx + pad, cy + ch - Inches(0.45), inner, Inches(0.4)), [kpi.delta], 14, color)


def _table(slide, table: Table, box: tuple[int, int, int, int]) -> None:  # noqa: ANN001
    x, y, w, h = box
    n_rows = len(table.rows) + 1
    row_h = min(Inches(0.5), h // n_rows)
    weights = table.widths or (1.0,) * len(table.columns)
    largest = max(12, min(16, int(row_h / 12700 * 0.5)))
    widths, size = table_columns(
        list(table.rows), weights, w / 12700, largest, smallest=12, headers=tuple(table.columns)
    )
    shape = slide.shapes.add_table(n_rows, len(table.columns), Emu(x), Emu(y), Emu(w), Emu(row_h * n_rows))
    grid = shape.table
    for i, weight in enumerate(widths):
        grid.columns[i].width = Emu(int(w * weight / sum(widths)))
    for r in range(n_rows):
        grid.rows[r].height = Emu(row_h)
    for r, values in enumerate([table.columns, *table.rows]):
        status = table.status[r - 1] if r and table.status else ""
        for c, value in enumerate(values):
            cell = grid.cell(r, c)
            cell.margin_left = cell.margin_right = Inches(0.06)
            cell.margin_top = cell.margin_bottom = Inches(0.02)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell.fill.solid()
            cell.fill.fore_color.rgb = RGBColor.from_string(
                ACCENT[1:] if r == 0 else "FFFFFF" if r % 2 else "F4F4F4"
            )
            para = cell.text_frame.paragraphs[0]
            # a table pasted into Excel stays text; a "\n" in a cell becomes a line break (<a:br>)
            para.text = str(neutralize_formula(str(value)))
            if not para.runs:  # an empty cell: one empty run in the table's size, as before
                para.add_run()
            highlight = status and c == len(values) - 1
            color = "FFFFFF" if r == 0 else STATUS_COLORS.get(status, TEXT) if highlight else TEXT
            for run in para.runs:
                run.font.size = Pt(size)
                run.font.bold = r == 0 or bool(highlight)
                run.font.color.rgb = RGBColor.from_string(color.lstrip("#"))


def _bullets(slide, bullets: tuple[str, ...], box: tuple[int, int, int, int]) -> None:  # noqa: ANN001
    narrow = box[2] < WIDTH * 0.7
    _text(slide, box, [f"• {b}" for b in bullets], 14 if narrow else 16 if len(bullets) <= 3 else 15)


def _title_slide(slide, report: Report, slide_model: Slide) -> None:  # noqa: ANN001
    slide.shapes.title.top, slide.shapes.title.height = Inches(2.0), Inches(1.2)
    for run in slide.shapes.title.text_frame.paragraphs[0].runs:
        run.font.size = Pt(44)
    _rect(slide, (MARGIN, Inches(3.35), Inches(1.2), Inches(0.08)), ACCENT)
    _text(
        slide, (MARGIN, Inches(3.6), WIDTH - 2 * MARGIN, Inches(0.6)), [slide_model.subtitle], 24, TEXT, True
    )
    _text(
        slide,
        (MARGIN, Inches(4.3), WIDTH - 2 * MARGIN, Inches(1.6)),
        [report.area_path, *slide_model.bullets],
        18,
        MUTED,
    )


def _slide(prs: Presentation, report: Report, slide_model: Slide, index: int) -> None:
    if slide_model.key == "title":
        slide = _frame(prs, report, Slide("title", slide_model.title), index)
        _title_slide(slide, report, slide_model)
        apply_font(slide.shapes._spTree)  # noqa: SLF001
        return
    slide = _frame(prs, report, slide_model, index)
    parts = regions(slide_model)
    if parts.note:
        _text(
            slide,
            _place(parts.note),
            [slide_model.note],
            22 if not parts.charts else 18,
            MUTED,
            anchor=MSO_ANCHOR.MIDDLE if not (parts.charts or parts.table) else MSO_ANCHOR.TOP,
        )
    if parts.kpis:
        _kpis(slide, slide_model.kpis, _place(parts.kpis))
    for chart, box in zip(slide_model.charts, parts.charts, strict=True):
        placed = _place(box)
        if chart.kind == MAP:
            obj = pptx_charts.map_chart(slide.shapes, chart, placed)  # type: ignore[arg-type]
        else:
            obj = pptx_charts.category_chart(slide.shapes, chart, placed, report.lang)  # type: ignore[arg-type]
        apply_font(obj._chartSpace)  # noqa: SLF001
    if slide_model.table and parts.table:
        _table(slide, slide_model.table, _place(parts.table))
    if parts.bullets:
        _bullets(slide, slide_model.bullets, _place(parts.bullets))
    apply_font(slide.shapes._spTree)  # noqa: SLF001


def build_pptx(report: Report) -> Presentation:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    _theme_fonts(prs)
    prs.core_properties.title = report.title
    prs.core_properties.subject = report.footer
    for index, slide_model in enumerate(report.slides):
        _slide(prs, report, slide_model, index)
    return prs


def pptx_bytes(report: Report) -> bytes:
    buffer = io.BytesIO()
    build_pptx(report).save(buffer)
    return buffer.getvalue()
