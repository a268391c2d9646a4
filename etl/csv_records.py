"""The careful CSV reader: record by record, for the files DuckDB's strict reader refuses.

DuckDB reads well-formed CSV fast and strictly (``reading.CSV_OPTIONS``); a file it refuses —
ragged rows, an unterminated or misplaced quote, lines over its line limit, whitespace-only lines,
mixed line ends — is read here with Python's ``csv`` module, which names the exact row of each
structural problem. Rows are numbered as a spreadsheet shows them: a cell with a line break
(Alt+Enter in Excel) is one row, a blank line is a row.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pandas as pd

from etl.messages import EtlError, Problem

FIELD_LIMIT = 1 << 26  # bytes Python's csv module accepts in one field (its default is 128 KiB)
MAX_LISTED = 200  # structural problems listed per file


def _line_at(path: Path, number: int) -> str:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for n, line in enumerate(fh, start=1):
            if n == number:
                return line.rstrip("\r\n")
    return ""


def _quote_problem(
    path: Path, file_name: str, exc: csv.Error, record: int, line: int, total_lines: int
) -> Problem:
    text = _line_at(path, line)[:80]
    if "end of data" in str(exc) or "EOF" in str(exc) or "new-line character" in str(exc):
        return Problem(
            file_name,
            "unterminated_quote",
            row=record,
            value=text,
            params={"lines": max(total_lines - line, 0)},
        )
    return Problem(file_name, "bad_quote", row=record, value=text)


def _count_lines(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))


def _row_problems(
    cells: list[str], record: int, headers: list[str], file_name: str, delimiter: str
) -> list[Problem]:
    n = len(headers)
    # trailing empty header cells (a header line ending in delimiters) are optional fields
    named = max((i + 1 for i, h in enumerate(headers) if h.strip()), default=n)
    if not any(c.strip() for c in cells):
        return []
    out = []
    extra = cells[n:]
    if any(c.strip() for c in extra):
        out.append(
            Problem(
                file_name,
                "too_many_fields",
                row=record,
                value=delimiter.join(cells)[:120],
                params={
                    "found": len(cells),
                    "expected": n,
                    "extra": delimiter.join(c for c in extra if c.strip())[:60],
                },
            )
        )
    elif len(cells) < named:
        out.append(
            Problem(
                file_name,
                "too_few_fields",
                row=record,
                value=delimiter.join(cells)[:120],
                params={"found": len(cells), "expected": named},
            )
        )
    return out  # long cells: staging checks the columns it loads (``normalize.TEXT_LIMIT``)


def read_records(
    path: Path, delimiter: str, header_line: int, headers: list[str], file_name: str
) -> pd.DataFrame:
    """The data rows after ``header_line`` as a frame (``_row``, c0…cN), or EtlError listing every
    structural problem of the file. ``path`` is UTF-8."""
    csv.field_size_limit(FIELD_LIMIT)
    n = len(headers)
    rows: list[list[str]] = []
    numbers: list[int] = []
    problems: list[Problem] = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter, quotechar='"', doublequote=True, strict=True)
        record = 0
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                problems.append(_quote_problem(path, file_name, exc, record + 1, start, _count_lines(path)))
                break
            record += 1
            if record <= header_line or not cells:
                continue
            if not any(c.strip() for c in cells):
                cells = []  # spaces or tabs only: a blank row
            if len(problems) < MAX_LISTED:
                problems += _row_problems(cells, record, headers, file_name, delimiter)
            rows.append((cells + [""] * n)[:n])
            numbers.append(record)
    if problems:
        raise EtlError(problems[:MAX_LISTED])
    frame = pd.DataFrame(rows, columns=[f"c{i}" for i in range(n)], dtype=object)
    frame.insert(0, "_row", numbers)
    frame["_idx"] = range(len(numbers))
    return frame


def store(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, table: str) -> None:
    """The frame of text cells as TEMP table ``table``: ``_row``, c0…cN (blank = NULL), ``_idx`` (0, 1, …)."""
    con.complete()  # DuckDB 2 refuses register() while an earlier result is unfinished
    con.register("_csv_records", frame)
    try:
        cells = ", ".join(f"nullif(CAST(c{i} AS VARCHAR), '') AS c{i}" for i in range(frame.shape[1] - 2))
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT CAST(_row AS BIGINT) AS _row, {cells}, "
            "CAST(_idx AS BIGINT) AS _idx FROM _csv_records"
        )
    finally:
        con.unregister("_csv_records")
