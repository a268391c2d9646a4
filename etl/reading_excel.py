"""Reading an Excel workbook (``.xlsx``, ``.xls``) into a TEMP table of text cells.

Every sheet is considered: the one sheet with a header row and data is read; a workbook where
several sheets hold data is refused with their names (loading one would silently drop the others).
An ``.xlsx`` is checked against the size and row limits in its archive before it is parsed
(``etl.excel_guard``), and formula cells without a saved result are reported, not loaded as blanks.

Parsing may happen before the warehouse lock is taken: ``parsed_excel`` keeps the parsed sheets of
the files being loaded (see ``etl.loading.load``), so the lock is held only for the checks and writes.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb
import pandas as pd

from etl import excel_guard
from etl.headers import ALL_ALIASES, best_header_row, normalize_header
from etl.messages import EtlError, Problem
from etl.raw_table import RawTable

HEADER_SCAN_LINES = 30
MAX_LISTED = 200


@dataclass
class Parsed:
    """A workbook's sheets as frames of text (or NaN), and what the archive check found."""

    sheets: dict[str, pd.DataFrame]
    book: excel_guard.Workbook


_LOCAL = threading.local()  # the parsed workbooks of the load running in this thread (pages run in threads)


@contextmanager
def parsed_excel() -> Iterator[None]:
    """Keep the workbooks parsed inside this block (by path, size and mtime) for ``parse``."""
    outer = getattr(_LOCAL, "parsed", None)
    _LOCAL.parsed = {} if outer is None else outer
    try:
        yield
    finally:
        _LOCAL.parsed = outer


def _cache_key(path: Path) -> tuple[str, int, int]:
    st = path.stat()
    return str(path.resolve()), st.st_size, st.st_mtime_ns


def parse(path: Path, file_name: str, file_format: str) -> Parsed:
    """Check (``.xlsx``: archive limits first) and parse every sheet; cached inside ``parsed_excel``."""
    key = _cache_key(path)
    cache: dict[tuple[str, int, int], Parsed | EtlError] | None = getattr(_LOCAL, "parsed", None)
    if cache is not None and key in cache:
        found = cache[key]
        if isinstance(found, EtlError):
            raise EtlError([replace(p, file=file_name) for p in found.problems])
        return found
    try:
        parsed = _parse(path, file_name, file_format)
    except EtlError as err:
        if cache is not None:
            cache[key] = err
        raise
    if cache is not None:
        cache[key] = parsed
    return parsed


def _parse(path: Path, file_name: str, file_format: str) -> Parsed:
    book = excel_guard.inspect(path, file_name) if file_format == "xlsx" else excel_guard.Workbook()
    try:
        sheets = pd.read_excel(
            io.BytesIO(path.read_bytes()), sheet_name=None, header=None, dtype=str, engine="calamine"
        )
    except Exception as exc:  # calamine raises several types for corrupt files
        raise EtlError(Problem(file_name, "excel_unreadable", params={"detail": str(exc)[:200]})) from exc
    return Parsed({str(k): v for k, v in sheets.items()}, book)


def _header_of(frame: pd.DataFrame) -> int | None:
    head = frame.head(HEADER_SCAN_LINES).fillna("").astype(str).values.tolist()
    index = best_header_row(head)
    if index is None:
        return None
    if index + 1 < len(head) and _is_subheader(head[index], head[index + 1]):
        index += 1  # two header rows (merged group cells above): the lower one names the columns
    return index


def _lists_columns(body: pd.DataFrame) -> bool:
    """Whether the rows under a header name columns themselves: a sheet that explains the columns
    (such as the templates' 填写说明, one column per row), not one that holds data."""
    rows = body.dropna(how="all").head(10).fillna("").astype(str).values.tolist()
    named = sum(1 for row in rows if any(c.strip() and normalize_header(c) in ALL_ALIASES for c in row))
    return bool(rows) and named * 2 > len(rows)


def _data_sheets(sheets: dict[str, pd.DataFrame]) -> list[tuple[str, pd.DataFrame, int]]:
    """(name, frame, header index) of every sheet with a header row and data below it."""
    out = []
    for name, frame in sheets.items():
        frame = frame.dropna(how="all", axis=1)
        index = _header_of(frame)
        if index is None:
            continue
        body = frame.iloc[index + 1 :]
        if not body.dropna(how="all").empty and not _lists_columns(body):
            out.append((name, frame, index))
    return out


def _has_header(sheets: dict[str, pd.DataFrame]) -> bool:
    """Whether a sheet has a header row with nothing under it (and is not one that lists columns)."""
    for frame in sheets.values():
        frame = frame.dropna(how="all", axis=1)
        index = _header_of(frame)
        if index is not None and frame.iloc[index + 1 :].dropna(how="all").empty:
            return True
    return False


def _formula_problems(
    file_name: str, cells: list[tuple[int, int, str]], header_row: int, headers: list[str], columns: list[int]
) -> list[Problem]:
    """Formula cells without a value below the header (``columns``: sheet column of each header)."""
    where = {col: i for i, col in enumerate(columns)}
    out = []
    for row, col, formula in sorted(cells):
        if row <= header_row + 1:
            continue
        label = headers[where[col]] if col in where else excel_column(col)
        out.append(
            Problem(
                file_name,
                "formula_no_value",
                row=row,
                column=label,
                value=formula[:80],
                params={"formula": formula[:40]},
            )
        )
    return out[:MAX_LISTED]


def excel_column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_excel_file(
    con: duckdb.DuckDBPyConnection, path: Path, file_name: str, table: str, file_format: str
) -> RawTable:
    """The one data sheet of a workbook as TEMP table ``table`` (``_row`` = the sheet's row number)."""
    parsed = parse(path, file_name, file_format)
    found = _data_sheets(parsed.sheets)
    if not found:
        code = "header_only" if _has_header(parsed.sheets) else "no_header"  # e.g. an empty template
        raise EtlError(Problem(file_name, code, params={"lines": HEADER_SCAN_LINES}))
    if len(found) > 1:
        names = [name for name, _, _ in found]
        raise EtlError(
            Problem(
                file_name,
                "several_sheets",
                params={"n": len(names), "sheets": "、".join(f"“{n}”" for n in names)},
            )
        )
    sheet_name, frame, index = found[0]
    columns = [int(c) for c in frame.columns]  # sheet columns left after dropping empty ones
    headers = [h.strip() for h in _merged_header(frame, index)]
    problems = _formula_problems(
        file_name, parsed.book.formulas_without_value.get(sheet_name, []), index, headers, columns
    )
    if problems:
        raise EtlError(problems)
    body = frame.iloc[index + 1 :].copy()
    body.columns = [f"c{i}" for i in range(len(headers))]
    body.insert(0, "_row", body.index.to_numpy() + 1)
    body = body.dropna(how="all", subset=[c for c in body.columns if c != "_row"])
    con.complete()  # DuckDB 2 refuses register() while an earlier result (e.g. a fetchone) is unfinished
    con.register("_excel_body", body)
    try:
        cast = ", ".join([f"CAST(c{i} AS VARCHAR) AS c{i}" for i in range(len(headers))])
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT CAST(_row AS BIGINT) AS _row, "
            f"{cast} FROM _excel_body"
        )
    finally:
        con.unregister("_excel_body")
    return RawTable(table, headers, file_name, file_format, sheet=sheet_name, header_row=index + 1)


def _is_subheader(upper: list[str], lower: list[str]) -> bool:
    """``lower`` names columns only where ``upper`` holds a group label or a merged blank."""

    def known(cell: str) -> bool:
        return bool(cell.strip()) and normalize_header(cell) in ALL_ALIASES

    return any(known(c) for c in lower) and all(
        not c.strip() or not known(u) for u, c in zip(upper, lower, strict=False)
    )


def _merged_header(frame: pd.DataFrame, index: int) -> list[str]:
    """Header cells, filling the blanks a merged cell leaves from the cell to their left."""
    cells = frame.iloc[index].tolist()
    out: list[str] = []
    for i, cell in enumerate(cells):
        text = "" if pd.isna(cell) else str(cell)
        if not text and index > 0:
            above = frame.iloc[index - 1, i]
            text = "" if pd.isna(above) else str(above)
        out.append(text or f"列{i + 1}")
    return out


def peek_sheets(path: Path) -> list[list[list[str]]]:
    """The first lines of every sheet (for ordering files before they are staged)."""
    sheets = pd.read_excel(
        path, sheet_name=None, header=None, dtype=str, nrows=HEADER_SCAN_LINES, engine="calamine"
    )
    return [f.fillna("").astype(str).values.tolist() for f in sheets.values()]
