"""Reading an uploaded file into a DuckDB staging table of text cells.

The file type is decided by content (never by the extension), the encoding by decoding the whole
file (UTF-8, then GB18030, a superset of GBK and GB2312), and the header row by matching cells
against the registry's column aliases (title rows above it are skipped).
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from etl.headers import ALL_ALIASES, best_header_row, normalize_header
from etl.messages import EtlError, Problem

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEADER_SCAN_LINES = 30
DELIMITERS = (",", "\t", ";", "|")


@dataclass
class RawTable:
    """Text cells of one file in a TEMP table ``name``: ``_row`` (row number in the file) + c0…cN."""

    name: str
    headers: list[str]
    file_name: str
    file_format: str  # csv | xlsx | xls
    encoding: str | None = None
    sheet: str | None = None
    delimiter: str | None = None
    header_row: int = 1
    notes: list[str] = field(default_factory=list)
    # full-width digits/punctuation or no-break spaces somewhere in the file (slower cleaning)
    fold_width: bool = True


# UTF-8 lead bytes of U+FF00–U+FF5F (full-width forms), U+3000 (ideographic space), U+00A0
WIDE_MARKERS = (b"\xef\xbc", b"\xef\xbd", b"\xe3\x80\x80", b"\xc2\xa0")


def has_wide_characters(path: Path) -> bool:
    """Whether a UTF-8 file contains characters that cleaning must fold to half width."""
    tail = b""
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 22):
            block = tail + chunk
            if any(m in block for m in WIDE_MARKERS):
                return True
            tail = chunk[-2:]
    return False


def sniff_format(data: bytes, file_name: str) -> str:
    if not data.removeprefix(codecs.BOM_UTF8).strip():  # Excel saves an empty sheet as a lone BOM
        raise EtlError(Problem(file_name, "file_empty"))
    if data.startswith(ZIP_MAGIC):
        return "xlsx"
    if data.startswith(OLE_MAGIC):
        return "xls"
    if b"\x00" in data[:4096]:
        raise EtlError(Problem(file_name, "file_binary"))
    return "csv"


def decode_check(path: Path, file_name: str) -> str:
    """Return ``utf-8`` or ``gb18030`` after decoding the whole file strictly."""
    for encoding in ("utf-8", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        try:
            with open(path, "rb") as fh:
                while chunk := fh.read(1 << 22):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            continue
    raise EtlError(Problem(file_name, "encoding_unknown"))


def transcode_to_utf8(path: Path, encoding: str, workdir: Path) -> Path:
    out = workdir / "transcoded.csv"
    with open(path, encoding=encoding, newline="") as src, open(out, "w", encoding="utf-8", newline="") as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)
    return out


def _head_lines(path: Path, limit: int) -> list[str]:
    lines: list[str] = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for line in fh:
            lines.append(line.rstrip("\r\n"))
            if len(lines) >= limit:
                break
    return lines


def _split(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter), [])


def _pick_delimiter(lines: list[str]) -> str:
    def score(d: str) -> int:
        counts = [line.count(d) for line in lines if line.strip()]
        return max(counts) if counts else 0

    return max(DELIMITERS, key=score)


def _blank_lines_after(path: Path, header_line: int) -> list[int]:
    """Line numbers (1-based) of empty lines after the header; DuckDB skips them."""
    blanks: list[int] = []
    with open(path, "rb") as fh:
        for number, line in enumerate(fh, start=1):
            if number > header_line and not line.strip(b"\r\n"):
                blanks.append(number)
    return blanks


def read_csv_file(con: duckdb.DuckDBPyConnection, path: Path, file_name: str, table: str,
                  workdir: Path) -> RawTable:
    encoding = decode_check(path, file_name)
    utf8_path = path if encoding == "utf-8" else transcode_to_utf8(path, encoding, workdir)
    lines = _head_lines(utf8_path, HEADER_SCAN_LINES)
    delimiter = _pick_delimiter(lines)
    rows = [_split(line, delimiter) for line in lines]
    index = best_header_row(rows)
    if index is None:
        raise EtlError(Problem(file_name, "no_header", params={"lines": HEADER_SCAN_LINES}))
    headers = [h.strip() for h in rows[index]]
    header_line = index + 1
    n = len(headers)
    columns = {f"c{i}": "VARCHAR" for i in range(n)}
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT row_number() OVER () AS _row, * "
        "FROM read_csv(?, skip=?, header=false, delim=?, quote='\"', escape='\"', columns=?, "
        "null_padding=true, strict_mode=false, all_varchar=true, auto_detect=false)",
        [str(utf8_path), header_line, delimiter, columns],
    )
    _renumber_rows(con, table, header_line, _blank_lines_after(utf8_path, header_line))
    label = "utf-8-sig" if encoding == "utf-8" and _has_bom(path) else encoding
    return RawTable(table, headers, file_name, "csv", encoding=label, delimiter=delimiter,
                    fold_width=has_wide_characters(utf8_path),
                    header_row=header_line)


def _has_bom(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(3) == codecs.BOM_UTF8


def _renumber_rows(con: duckdb.DuckDBPyConnection, table: str, header_line: int, blanks: list[int]) -> None:
    """Turn DuckDB's data-row index into the line number the analyst sees in the file."""
    con.execute(f"UPDATE {table} SET _row = _row + ?", [header_line])
    if not blanks:
        return
    # a data row is pushed down by every blank line at or above its final position
    con.execute(
        f"UPDATE {table} SET _row = _row + (SELECT count(*) FROM (SELECT b, row_number() OVER (ORDER BY b) "
        "AS k FROM unnest(?::BIGINT[]) AS u(b)) WHERE b - k < _row)",
        [blanks],
    )


def read_excel_file(con: duckdb.DuckDBPyConnection, data: bytes, file_name: str, table: str,
                    file_format: str) -> RawTable:
    try:
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, header=None, dtype=str,
                               engine="calamine")
    except Exception as exc:  # calamine raises several types for corrupt files
        raise EtlError(Problem(file_name, "excel_unreadable", params={"detail": str(exc)[:200]})) from exc
    for sheet_name, frame in sheets.items():
        frame = frame.dropna(how="all", axis=1)
        head = frame.head(HEADER_SCAN_LINES).fillna("").astype(str).values.tolist()
        index = best_header_row(head)
        if index is None:
            continue
        if index + 1 < len(head) and _is_subheader(head[index], head[index + 1]):
            index += 1  # two header rows (merged group cells above): the lower one names the columns
        headers = [h.strip() for h in _merged_header(frame, index)]
        body = frame.iloc[index + 1 :].copy()
        body.columns = [f"c{i}" for i in range(len(headers))]
        body.insert(0, "_row", body.index.to_numpy() + 1)
        body = body.dropna(how="all", subset=[c for c in body.columns if c != "_row"])
        con.complete()  # DuckDB 2 refuses register() while an earlier result (e.g. a fetchone) is unfinished
        con.register("_excel_body", body)
        try:
            cast = ", ".join([f"CAST(c{i} AS VARCHAR) AS c{i}" for i in range(len(headers))])
            con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT CAST(_row AS BIGINT) AS _row, "
                        f"{cast} FROM _excel_body")
        finally:
            con.unregister("_excel_body")
        return RawTable(table, headers, file_name, file_format, sheet=str(sheet_name), header_row=index + 1)
    raise EtlError(Problem(file_name, "no_header", params={"lines": HEADER_SCAN_LINES}))


def _is_subheader(upper: list[str], lower: list[str]) -> bool:
    """``lower`` names columns only where ``upper`` holds a group label or a merged blank."""

    def known(cell: str) -> bool:
        return bool(cell.strip()) and normalize_header(cell) in ALL_ALIASES

    return any(known(c) for c in lower) and all(
        not c.strip() or not known(u) for u, c in zip(upper, lower, strict=False))


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


def read_any(con: duckdb.DuckDBPyConnection, path: Path, file_name: str, table: str) -> RawTable:
    """Read ``path`` (CSV or Excel, by content) into TEMP table ``table``."""
    with open(path, "rb") as fh:
        head = fh.read(1 << 16)
    fmt = sniff_format(head, file_name)
    if fmt in ("xlsx", "xls"):
        return read_excel_file(con, path.read_bytes(), file_name, table, fmt)
    with tempfile.TemporaryDirectory(prefix="govdash-") as tmp:
        return read_csv_file(con, path, file_name, table, Path(tmp))


def peek_headers(path: Path) -> list[str]:
    """The header row of a file from its first lines only ([] when none is found or it is unreadable).

    Used to order the files of one run before they are staged; ``read_any`` stays the authority.
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(1 << 16)
        if sniff_format(head, path.name) != "csv":
            sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=str, nrows=HEADER_SCAN_LINES,
                                   engine="calamine")
            candidates = [f.fillna("").astype(str).values.tolist() for f in sheets.values()]
        else:
            for encoding in ("utf-8-sig", "gb18030"):
                try:  # incremental: the 64 KiB may end inside a character
                    text = codecs.getincrementaldecoder(encoding)().decode(head)
                    break
                except UnicodeDecodeError:
                    continue
            else:
                return []
            lines = text.splitlines()[:HEADER_SCAN_LINES]
            delimiter = _pick_delimiter(lines)
            candidates = [[_split(line, delimiter) for line in lines]]
    except Exception:  # an unreadable file is reported when it is staged
        return []
    for rows in candidates:
        index = best_header_row(rows)
        if index is not None:
            return [str(h).strip() for h in rows[index]]
    return []


def file_size_mb(path: Path) -> float:
    return os.path.getsize(path) / (1024 * 1024)
