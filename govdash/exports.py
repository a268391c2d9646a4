"""Downloads every page can offer: CSV for Excel (UTF-8 with BOM) and XLSX, formula-safe.

Cells that a spreadsheet would run as a formula (starting with ``= + - @``, tab or CR) get a
leading ``'`` — the one rule of ``etl.safe_text.neutralize_formula``, shared with the CLI's error CSV
and the report. Pages pass a DataFrame whose column headers are already in the UI language.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Sequence
from dataclasses import replace

import pandas as pd
from xlsxwriter.workbook import Workbook

from etl.safe_text import neutralize_formula as neutralize_cell
from govdash.formatting import is_missing, is_wide
from govdash.xlsx_layout import (
    Layout,
    Sheet,
    column_kind,
    header_row,
    number_format,
    print_setup,
    totals_row,
    write_body,
    write_head,
    write_totals,
)

MAX_SHEET_NAME = 31
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _text_columns(df: pd.DataFrame) -> list[str]:
    return [
        c for c in df.columns if pd.api.types.is_object_dtype(df[c]) or pd.api.types.is_string_dtype(df[c])
    ]


def neutralize(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells and headers cannot start a spreadsheet formula."""
    out = df.copy()
    for col in _text_columns(out):
        out[col] = out[col].map(neutralize_cell, na_action="ignore").astype(object)
    out.columns = [neutralize_cell(str(c)) for c in out.columns]
    return out


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV that Excel on Chinese Windows opens correctly: UTF-8 with BOM, no index, formula-safe."""
    return neutralize(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def _sheet_title(name: str, taken: Sequence[str] = ()) -> str:
    """A valid sheet name from ``name``, unlike the ``taken`` ones (Excel compares them ignoring case)."""
    base = _BAD_SHEET_CHARS.sub("_", name).strip("'") or "Sheet1"
    used = {t.casefold() for t in taken} | {"history"}  # Excel reserves History (its change log)
    title, n = base[:MAX_SHEET_NAME], 2
    while title.casefold() in used:
        suffix = str(n)
        title, n = base[: MAX_SHEET_NAME - len(suffix)] + suffix, n + 1
    return title


def _column_values(series: pd.Series) -> list[object]:
    """A column as plain Python values the writer takes as they are (None for missing, dates as dates)."""
    if pd.api.types.is_datetime64_any_dtype(series):
        midnight = series.dropna().eq(series.dropna().dt.normalize()).all()
        values = series.dt.date if midnight else series.dt.to_pydatetime()
        return [None if pd.isna(v) else v for v in values]
    if series.dtype == object or pd.api.types.is_string_dtype(series):
        return [None if is_missing(v) else v for v in series]  # text cleaned as it is written
    return [None if is_missing(v) else (v.item() if hasattr(v, "item") else v) for v in series.astype(object)]


def _width(header: str, sample: pd.Series) -> float:
    if pd.api.types.is_datetime64_any_dtype(sample):
        sample = pd.Series(["2024-12-31"])  # shown as a date or 2024年12月, not as a timestamp
    texts = [header, *(str(v) for v in sample.head(200).tolist() if v is not None)]
    # CJK characters are about twice as wide as Latin ones
    longest = max(sum(2 if is_wide(ch) else 1 for ch in text) for text in texts)
    return min(max(longest + 2, 8), 60)


# text is written as text (no formula, no link, no number read from it); rows go to a temporary file
# as they are written, so a large export does not hold every cell in memory
WORKBOOK_OPTIONS = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}


def to_xlsx_bytes(df: pd.DataFrame, sheet_name: str = "Sheet1", layout: Layout | None = None) -> bytes:
    """One-sheet workbook laid out by ``layout`` (``govdash.xlsx_layout``; default: ``sheet_name`` as
    the title, number formats from the dtypes, no totals): dates as Excel dates, text formula-safe."""
    return to_xlsx_book([(df, sheet_name, layout)])


def to_xlsx_book(sheets: Sequence[tuple[pd.DataFrame, str, Layout | None]]) -> bytes:
    """A workbook of one sheet per (frame, sheet name, layout), each laid out as ``to_xlsx_bytes``
    lays out its one; sheet names made valid and unique."""
    buffer = io.BytesIO()
    with Workbook(buffer, WORKBOOK_OPTIONS) as workbook:
        for df, name, layout in sheets:
            title = _sheet_title(name, [ws.get_name() for ws in workbook.worksheets()])
            _write_sheet(Sheet(workbook, workbook.add_worksheet(title)), df, layout or Layout(title=name))
    return buffer.getvalue()


def _write_sheet(sheet: Sheet, df: pd.DataFrame, layout: Layout) -> None:
    safe = neutralize(df)
    headers = [str(c) for c in safe.columns]
    widths = [_width(h, safe[c]) for h, c in zip(headers, safe.columns, strict=True)]
    kinds = [column_kind(layout, str(h), df[c]) for h, c in zip(headers, df.columns, strict=True)]
    formats = [number_format(kind, layout.lang) for kind in kinds]
    print_setup(sheet, header_row(layout), widths, layout.lang)
    write_head(sheet, headers, replace(layout, title=str(neutralize_cell(layout.title))))
    write_body(sheet, [_column_values(safe[col]) for col in safe.columns], formats)
    total = totals_row(df.set_axis(headers, axis=1), layout)
    if total is not None:
        write_totals(sheet, total, formats)


def export_name(*parts: str, day: datetime.date | None = None) -> str:
    """A file name (without extension) from title parts: ``服务设施_洛龙区_2024-12``."""
    pieces = [p for p in parts if p]
    if day is not None:
        pieces.append(day.strftime("%Y-%m"))
    return re.sub(r'[\\/:*?"<>|\s]+', "_", "_".join(pieces)).strip("_") or "export"
