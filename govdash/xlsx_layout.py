"""An export sheet laid out the way an office hands a table over (the 报表 convention).

Row 1 the title (merged across the table, centred); then 数据截至 and 单位 when known; then the
header row (bold, shaded, frozen, repeated on every printed page); the rows; a 合计 row for the
columns whose sum means something (counts and amounts, never rates or percentages — the caller
names them). Numbers carry a format per column (integers ``#,##0``, amounts ``#,##0.00``,
percentages ``0.0``); the page is A4, landscape when the table is wide, fitted to the page width,
gridlines printed, 第 N 页 共 M 页 in the footer. Totals are values, never formulas: the workbook
holds no formula at all (see ``etl.safe_text``), and a total is what the rows above add up to.

Written with XlsxWriter row by row (``Sheet``): text always as text, never a formula or a link.
"""

from __future__ import annotations

import datetime
import decimal
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

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
# a date or time whose column declares no format is still shown as one
PLAIN_DATE, PLAIN_DATETIME = "yyyy-mm-dd", "yyyy-mm-dd h:mm:ss"
PORTRAIT_WIDTH = 95  # column-width units that fit an A4 portrait page; wider tables print landscape
A4 = 9
TITLE_STYLE = {"bold": True, "font_size": 16, "align": "center"}
HEADER_STYLE = {
    "bold": True,
    "pattern": 1,
    "bg_color": "#D9D9D9",
    "border": 1,
    "border_color": "#808080",
    "align": "center",
    "valign": "vcenter",
    "text_wrap": True,
}
TOTAL_STYLE = {"bold": True, "top": 1, "bottom": 1, "top_color": "#808080", "bottom_color": "#808080"}
# characters XML 1.0 cannot hold (a workbook with them does not open)
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


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


@dataclass
class Sheet:
    """A worksheet written top to bottom (XlsxWriter's constant-memory mode: a row is on disk once
    the next one starts), with one ``Format`` per distinct style."""

    book: Workbook
    ws: Worksheet
    row: int = 0  # the next row to write (0-based)
    _formats: dict[tuple[tuple[str, object], ...], Format] = field(default_factory=dict)

    def style(self, **props: object) -> Format | None:
        if not props:
            return None
        key = tuple(sorted(props.items()))
        if key not in self._formats:
            self._formats[key] = self.book.add_format(dict(props))
        return self._formats[key]


def header_row(layout: Layout) -> int:
    """The row number of the header: after the title and the 数据截至 and 单位 rows present."""
    return 2 + bool(layout.as_of) + bool(layout.unit)


def _text(sheet: Sheet, col: int, value: str, style: Format | None = None) -> None:
    sheet.ws.write_string(sheet.row, col, ILLEGAL_CHARACTERS_RE.sub("", value), style)


def _banner(sheet: Sheet, text: str, width: int, style: Format | None) -> None:
    """``text`` across the table's ``width`` columns (merged) in the current row."""
    if width > 1:
        sheet.ws.merge_range(sheet.row, 0, sheet.row, width - 1, "", style)
    _text(sheet, 0, text, style)
    sheet.row += 1


def write_head(sheet: Sheet, headers: list[str], layout: Layout) -> None:
    """Title, 数据截至 and 单位 rows and the header row (at ``header_row(layout)``)."""
    words = WORDS["en" if layout.lang == "en" else "zh"]
    width = max(len(headers), 1)
    sheet.ws.set_row(0, 28)
    _banner(sheet, layout.title, width, sheet.style(**TITLE_STYLE))
    for key, value in (("as_of", layout.as_of), ("unit", layout.unit)):
        if value:
            _banner(sheet, words[key].format(value), width, None)
    head = sheet.style(**HEADER_STYLE)
    for col, text in enumerate(headers):
        _text(sheet, col, text, head)
    sheet.row += 1


def _write(sheet: Sheet, col: int, value: object, style: Format | None) -> None:
    """One cell by the type of its value: text is always text (never a formula or a link)."""
    ws, row = sheet.ws, sheet.row
    if value is None:
        if style is not None:
            ws.write_blank(row, col, None, style)
    elif isinstance(value, str):
        _text(sheet, col, value, style)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, style)
    elif isinstance(value, int | float | decimal.Decimal):
        if math.isfinite(value):
            ws.write_number(row, col, value, style)
        elif style is not None:  # NaN or ±inf: no number a cell can hold, so the cell stays empty
            ws.write_blank(row, col, None, style)
    elif isinstance(value, datetime.date):  # a datetime too
        plain = PLAIN_DATETIME if isinstance(value, datetime.datetime) else PLAIN_DATE
        ws.write_datetime(row, col, value, style or sheet.style(num_format=plain))
    else:
        _text(sheet, col, str(value), style)


def write_body(sheet: Sheet, columns: list[list[object]], formats: list[str | None]) -> None:
    """The rows; cells of formatted columns carry their number format (empty cells stay empty)."""
    styles = [sheet.style(num_format=f) if f else None for f in formats]
    for values in zip(*columns, strict=True):
        for col, (value, style) in enumerate(zip(values, styles, strict=True)):
            if value is not None:
                _write(sheet, col, value, style)
        sheet.row += 1


def write_totals(sheet: Sheet, values: list[object], formats: list[str | None]) -> None:
    """The 合计 row: bold between two rules, numbers in their column's format."""
    for col, (value, fmt) in enumerate(zip(values, formats, strict=True)):
        number = fmt and isinstance(value, int | float)
        style = sheet.style(**TOTAL_STYLE, **({"num_format": fmt} if number else {}))
        _write(sheet, col, value, style)
    sheet.row += 1


def print_setup(sheet: Sheet, head: int, widths: list[float], lang: str) -> None:
    """Column widths; A4, landscape when wide, fit to the page width, header row ``head`` frozen and
    repeated, gridlines, page numbers."""
    ws = sheet.ws
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.freeze_panes(head, 0)
    ws.repeat_rows(head - 1)
    ws.set_paper(A4)
    if sum(widths) > PORTRAIT_WIDTH:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)  # as many pages as the rows need
    ws.center_horizontally()
    ws.hide_gridlines(0)  # shown on screen and printed
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.set_footer("&C" + WORDS["en" if lang == "en" else "zh"]["footer"])
