"""Downloads every page can offer: CSV for Excel (UTF-8 with BOM) and XLSX, formula-safe.

Cells that a spreadsheet would run as a formula (starting with ``= + - @``, tab or CR) get a
leading ``'`` — the one rule of ``etl.safe_text.neutralize_formula``, shared with the CLI's error CSV
and the report. Pages pass a DataFrame whose column headers are already in the UI language.
"""

from __future__ import annotations

import datetime
import io
import math
import re

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from etl.safe_text import neutralize_formula as neutralize_cell

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


def _sheet_title(name: str) -> str:
    title = _BAD_SHEET_CHARS.sub("_", name).strip("'") or "Sheet1"
    return title[:MAX_SHEET_NAME]


def _column_values(series: pd.Series) -> list[object]:
    """A column as plain Python values openpyxl writes as-is (None for missing, dates as dates)."""
    if pd.api.types.is_datetime64_any_dtype(series):
        midnight = series.dropna().eq(series.dropna().dt.normalize()).all()
        values = series.dt.date if midnight else series.dt.to_pydatetime()
        return [None if pd.isna(v) else v for v in values]
    if series.dtype == object or pd.api.types.is_string_dtype(series):
        cleaned = series.map(lambda v: ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v)
        return [None if _missing(v) else v for v in cleaned]
    return [None if _missing(v) else (v.item() if hasattr(v, "item") else v) for v in series.astype(object)]


def _missing(value: object) -> bool:
    return (
        value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))
    )


def _width(header: str, sample: pd.Series) -> float:
    texts = [header, *(str(v) for v in sample.head(200).tolist() if v is not None)]
    # CJK characters are about twice as wide as Latin ones
    longest = max(sum(2 if ord(ch) > 0x2E80 else 1 for ch in text) for text in texts)
    return min(max(longest + 2, 8), 60)


def to_xlsx_bytes(df: pd.DataFrame, sheet_name: str = "Sheet1") -> bytes:
    """One-sheet workbook: bold frozen header row, dates as Excel dates, text formula-safe."""
    safe = neutralize(df)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(sheet_name))
    sheet.freeze_panes = "A2"
    for index, col in enumerate(safe.columns):
        letter = get_column_letter(index + 1)
        sheet.column_dimensions[letter].width = _width(str(col), safe[col])
    bold = Font(bold=True)
    header = []
    for col in safe.columns:
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(col)))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    columns = [_column_values(safe[col]) for col in safe.columns]
    for row in zip(*columns, strict=True):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_name(*parts: str, day: datetime.date | None = None) -> str:
    """A file name (without extension) from title parts: ``服务设施_洛龙区_2024-12``."""
    pieces = [p for p in parts if p]
    if day is not None:
        pieces.append(day.strftime("%Y-%m"))
    return re.sub(r'[\\/:*?"<>|\s]+', "_", "_".join(pieces)).strip("_") or "export"
