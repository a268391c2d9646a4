"""An export sheet laid out the way an office hands a table over (the 报表 convention).

Row 1 the title (merged across the table, centred); then 数据截至 and 单位 when known; then the
header row (bold, shaded, frozen, repeated on every printed page); the rows; a 合计 row for the
columns whose sum means something (counts and amounts, never rates or percentages — the caller
names them). Numbers carry a format per column (integers ``#,##0``, amounts ``#,##0.00``,
percentages ``0.0``); the page is A4, landscape when the table is wide, fitted to the page width,
gridlines printed, 第 N 页 共 M 页 in the footer. Totals are values, never formulas: the workbook
holds no formula at all (see ``etl.safe_text``), and a total is what the rows above add up to.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

# column kind -> Excel number format ("month" and "date" depend on the language)
NUMBER_FORMATS = {
    "int": "#,##0",
    "money": "#,##0.00",
    "float": "#,##0.0#",
    "pct": "0.0",
    "score": "0.0",
    "year": "0",
    "coord": "0.000000",
}
DATE_FORMATS = {
    "zh": {"date": "yyyy-mm-dd", "month": 'yyyy"年"m"月"'},
    "en": {"date": "yyyy-mm-dd", "month": "mmm yyyy"},
}
WORDS = {
    "zh": {"as_of": "数据截至：{}", "unit": "单位：{}", "total": "合计", "footer": "第 &P 页，共 &N 页"},
    "en": {"as_of": "Data as of {}", "unit": "Unit: {}", "total": "Total", "footer": "Page &P of &N"},
}
PORTRAIT_WIDTH = 95  # column-width units that fit an A4 portrait page; wider tables print landscape
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


@dataclass(frozen=True)
class Layout:
    """What goes around the rows: ``kinds`` maps a header to a key of ``NUMBER_FORMATS`` (or
    ``date``/``month``; others are inferred from the dtype), ``totals`` names the summed columns."""

    title: str
    as_of: str | None = None
    unit: str | None = None
    kinds: Mapping[str, str] = field(default_factory=dict)
    totals: tuple[str, ...] = ()
    lang: str = "zh"


def column_kind(layout: Layout, header: str, series: pd.Series) -> str | None:
    """The declared kind of a column, else one inferred from its values (None: text as it is)."""
    if header in layout.kinds:
        return layout.kinds[header]
    if pd.api.types.is_bool_dtype(series):
        return None
    if pd.api.types.is_integer_dtype(series):
        return "int"
    if pd.api.types.is_float_dtype(series):
        whole = series.dropna()
        return "int" if len(whole) and (whole == whole.round()).all() else "float"
    return None


def number_format(kind: str | None, lang: str) -> str | None:
    if kind in ("date", "month"):
        return DATE_FORMATS["en" if lang == "en" else "zh"][kind]
    return NUMBER_FORMATS.get(kind or "")


def totals_row(df: pd.DataFrame, layout: Layout) -> list[object] | None:
    """The 合计 row: the label in the first column that is not summed, each summed column's sum."""
    summed = [h for h in layout.totals if h in df.columns]
    if not summed or df.empty:
        return None
    words = WORDS["en" if layout.lang == "en" else "zh"]
    row: list[object] = [None] * len(df.columns)
    label_at = next((i for i, h in enumerate(df.columns) if h not in summed), None)
    if label_at is not None:
        row[label_at] = words["total"]
    for i, header in enumerate(df.columns):
        if header in summed:
            total = pd.to_numeric(df[header], errors="coerce").sum(min_count=1)
            row[i] = None if pd.isna(total) else _plain(total)
    return row


def _plain(value: object) -> object:
    out = value.item() if hasattr(value, "item") else value
    return int(out) if isinstance(out, float) and out.is_integer() else out


def _text_cell(sheet: WriteOnlyWorksheet, value: str, **style: object) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    for name, item in style.items():
        setattr(cell, name, item)
    return cell


def header_row(layout: Layout) -> int:
    """The row number of the header: after the title and the 数据截至 and 单位 rows present."""
    return 2 + bool(layout.as_of) + bool(layout.unit)


def write_head(sheet: WriteOnlyWorksheet, headers: list[str], layout: Layout) -> None:
    """Title, 数据截至 and 单位 rows and the header row (at ``header_row(layout)``)."""
    words = WORDS["en" if layout.lang == "en" else "zh"]
    last = get_column_letter(max(len(headers), 1))
    sheet.append(
        [_text_cell(sheet, layout.title, font=Font(bold=True, size=16), alignment=Alignment("center"))]
    )
    sheet.row_dimensions[1].height = 28
    sheet.merged_cells.add(f"A1:{last}1")
    row = 1
    for key, value in (("as_of", layout.as_of), ("unit", layout.unit)):
        if value:
            row += 1
            sheet.append([_text_cell(sheet, words[key].format(value))])
            sheet.merged_cells.add(f"A{row}:{last}{row}")
    head_style = {
        "font": Font(bold=True),
        "fill": HEADER_FILL,
        "border": BOX,
        "alignment": Alignment("center", "center", wrap_text=True),
    }
    sheet.append([_text_cell(sheet, h, **head_style) for h in headers])


def write_body(sheet: WriteOnlyWorksheet, columns: list[list[object]], formats: list[str | None]) -> None:
    """The rows; cells of formatted columns carry their number format."""
    for values in zip(*columns, strict=True):
        row: list[object] = []
        for value, fmt in zip(values, formats, strict=True):
            if fmt is None or value is None:
                row.append(value)
                continue
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = fmt
            row.append(cell)
        sheet.append(row)


def write_totals(sheet: WriteOnlyWorksheet, values: list[object], formats: list[str | None]) -> None:
    row = []
    for value, fmt in zip(values, formats, strict=True):
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = Font(bold=True)
        cell.border = Border(top=THIN, bottom=THIN)
        if fmt and isinstance(value, int | float):
            cell.number_format = fmt
        row.append(cell)
    sheet.append(row)


def print_setup(sheet: WriteOnlyWorksheet, head: int, total_width: float, lang: str) -> None:
    """A4, landscape when wide, fit to the page width, header row ``head`` frozen and repeated,
    gridlines, page numbers. A write-only sheet writes its views first: call before any row."""
    sheet.freeze_panes = f"A{head + 1}"
    sheet.print_title_rows = f"{head}:{head}"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if total_width > PORTRAIT_WIDTH else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages as the rows need
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.print_options.gridLines = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = WORDS["en" if lang == "en" else "zh"]["footer"]
