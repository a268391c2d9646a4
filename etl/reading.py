"""Reading an uploaded file into a DuckDB staging table of text cells.

The file type is decided by content (never by the extension), the encoding by decoding the whole
file (``etl.encodings``: UTF-8, GB18030, UTF-16), and the header row by matching cells against the
registry's column aliases (title rows above it are skipped). Excel files: ``etl.reading_excel``.

A UTF-8 CSV is not copied into a table here: ``RawTable.source`` reads it straight from the file
(DuckDB checks the UTF-8 itself while staging), so a large file is parsed once. When DuckDB finds
bytes that are not UTF-8, staging reads the file again with ``check_encoding`` (decode in Python,
transcode GB18030). The text table is materialized later only when a problem needs the raw cells.
"""

from __future__ import annotations

import codecs
import csv
import os
import tempfile
from pathlib import Path

import duckdb

from etl import csv_records, encodings, geojson, reading_excel
from etl.headers import best_header_row
from etl.messages import EtlError, Problem
from etl.raw_table import RawTable
from etl.reading_excel import read_excel_file

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEADER_SCAN_LINES = 30
DELIMITERS = (",", "\t", ";", "|")
csv.field_size_limit(csv_records.FIELD_LIMIT)  # a header line may hold a cell over the 128 KiB default


# UTF-8 lead bytes of U+FF00–U+FF5F (full-width forms), U+3000 (ideographic space), U+00A0
WIDE_MARKERS = (b"\xef\xbc", b"\xef\xbd", b"\xe3\x80\x80", b"\xc2\xa0")


def has_wide_characters(path: Path) -> bool:
    """Whether a UTF-8 file contains characters that cleaning must fold to half width."""
    tail = b""
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 22):
            block = tail + chunk
            # a one-byte search (memchr) first: the markers' lead bytes are rare in Chinese text
            if any(m[:1] in block and m in block for m in WIDE_MARKERS):
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
    markup = encodings.markup_kind(data)
    if markup:
        raise EtlError(Problem(file_name, markup))
    if geojson.looks_like_geojson(data):
        return "geojson"
    if encodings.utf16_of(data):
        return "csv"  # Excel's "Unicode 文本": tab-separated UTF-16
    if b"\x00" in data[:4096]:
        raise EtlError(Problem(file_name, "file_binary"))
    return "csv"


def decode_check(path: Path, file_name: str) -> str:
    """The codec of the whole file (``etl.encodings.detect``; EtlError when it has none or is mixed)."""
    return encodings.detect(path, file_name).encoding


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


def _blank_lines_after(path: Path, header_line: int) -> tuple[list[int], int]:
    """Line numbers (1-based) of empty lines after the header (DuckDB skips them), and the line count."""
    blanks: list[int] = []
    number = 0
    with open(path, "rb") as fh:
        for number, line in enumerate(fh, start=1):
            if number > header_line and not line.strip(b"\r\n"):
                blanks.append(number)
    return blanks, number


# strict: a row with missing or extra fields, a stray quote or an over-long line is an error, and the
# file is read again by the careful reader (``etl.csv_records``), which names the row
CSV_OPTIONS = (
    "header=false, quote='\"', escape='\"', null_padding=false, strict_mode=true, all_varchar=true, "
    "auto_detect=false"
)


def csv_source(path: Path, header_line: int, delimiter: str, n_columns: int) -> tuple[str, dict[str, object]]:
    """A relation of the text cells c0…cN of a UTF-8 CSV, in file order, without a row number.

    (``row_number() OVER ()`` would run the whole read on one thread; a table created from this
    keeps the file order, so its ``rowid`` is the data row's index instead.)
    """
    columns = {f"c{i}": "VARCHAR" for i in range(n_columns)}
    sql = (
        f"(SELECT * FROM read_csv($src_path, skip=$src_skip, delim=$src_delim, columns=$src_columns, "
        f"{CSV_OPTIONS}))"
    )
    return sql, {
        "src_path": str(path),
        "src_skip": header_line,
        "src_delim": delimiter,
        "src_columns": columns,
    }


def read_csv_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    file_name: str,
    table: str,
    workdir: Path | None = None,
    careful: bool = False,
) -> RawTable:
    """The header of a CSV and a relation of its cells; ``workdir`` set: decode first (see module doc).

    ``careful``: read record by record (``etl.csv_records``) after DuckDB's strict reader refused the file.
    """
    if workdir is None:
        try:
            lines = _head_lines(path, HEADER_SCAN_LINES)
        except UnicodeDecodeError:
            lines = None
        if lines is not None and not careful:
            return _read_utf8_csv(path, file_name, table, lines)
        with tempfile.TemporaryDirectory(prefix="govdash-") as tmp:
            return read_csv_file(con, path, file_name, table, Path(tmp), careful)
    decoded = encodings.detect(path, file_name)
    plain = decoded.encoding == "utf-8"
    utf8_path = path if plain else encodings.transcode_to_utf8(path, decoded, workdir / "transcoded.csv")
    raw = _read_utf8_csv(utf8_path, file_name, table, _head_lines(utf8_path, HEADER_SCAN_LINES))
    raw.encoding = decoded.label
    raw.warnings += decoded.warnings
    if careful:
        frame = csv_records.read_records(
            utf8_path, raw.delimiter or ",", raw.header_row, raw.headers, file_name
        )
        csv_records.store(con, frame, raw.name)
        raw.source, raw.params, raw.row_base = raw.name, {}, None
    else:
        materialize(con, raw)
    raw.path = None
    return raw


def _read_utf8_csv(path: Path, file_name: str, table: str, lines: list[str]) -> RawTable:
    delimiter = _pick_delimiter(lines)
    rows = [_split(line, delimiter) for line in lines]
    index = best_header_row(rows)
    if index is None:
        decode_check(path, file_name)  # an undecodable file is reported as such, not as headerless
        raise EtlError(Problem(file_name, "no_header", params={"lines": HEADER_SCAN_LINES}))
    headers = [h.strip() for h in rows[index]]
    header_line = index + 1
    source, params = csv_source(path, header_line, delimiter, len(headers))
    return RawTable(
        table,
        headers,
        file_name,
        "csv",
        encoding="utf-8-sig" if _has_bom(path) else "utf-8",
        delimiter=delimiter,
        fold_width=has_wide_characters(path),
        header_row=header_line,
        source=source,
        params=params,
        path=path,
        row_base=header_line + 1,
    )


def materialize(con: duckdb.DuckDBPyConnection, raw: RawTable) -> list[int]:
    """Copy the cells of a direct CSV source into the TEMP table ``raw.name`` with ``_row``, the line
    in the file.

    Returns the blank lines that shifted the numbering ([] when none); the caller renumbers the rows
    it derived from the source (data row index + ``row_base``) with ``renumber_rows`` and that list.
    """
    if raw.materialized:
        return []
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {raw.name} AS SELECT "
        f"CAST(row_number() OVER () - 1 + $row_base AS INTEGER) AS _row, * FROM {raw.source}",
        {**raw.params, "row_base": raw.row_base},
    )
    blanks, lines = _blank_lines_after(raw.path, raw.header_row) if raw.path else ([], None)
    rows = con.execute(f"SELECT count(*) FROM {raw.name}").fetchone()[0]
    if lines is not None and lines != raw.header_row + rows + len(blanks):
        # a cell holds a line break (Alt+Enter): number the rows as records, as a spreadsheet does
        frame = csv_records.read_records(
            raw.path, raw.delimiter or ",", raw.header_row, raw.headers, raw.file_name
        )
        csv_records.store(con, frame, raw.name)
        raw.indexed = True
        blanks = []
    else:
        renumber_rows(con, raw.name, blanks)
    raw.source, raw.params, raw.row_base = raw.name, {}, None
    return blanks


def _has_bom(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(3) == codecs.BOM_UTF8


def renumber_rows(con: duckdb.DuckDBPyConnection, table: str, blanks: list[int]) -> None:
    """Turn DuckDB's data-row index (plus the header line) into the line number the analyst sees."""
    if not blanks:
        return
    # a data row is pushed down by every blank line at or above its final position
    con.execute(
        f"UPDATE {table} SET _row = _row + (SELECT count(*) FROM (SELECT b, row_number() OVER (ORDER BY b) "
        "AS k FROM unnest(?::BIGINT[]) AS u(b)) WHERE b - k < _row)",
        [blanks],
    )


def read_any(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    file_name: str,
    table: str,
    check_encoding: bool = False,
    careful: bool = False,
) -> RawTable:
    """Read ``path`` (CSV, Excel or GeoJSON, by content): Excel and GeoJSON into TEMP table ``table``,
    a CSV as a source.

    ``check_encoding``: decode the whole CSV in Python first (after DuckDB found it is not UTF-8).
    ``careful``: read the CSV record by record (after DuckDB's strict reader refused it).
    """
    with open(path, "rb") as fh:
        head = fh.read(1 << 16)
    fmt = sniff_format(head, file_name)
    if fmt in ("xlsx", "xls"):
        return read_excel_file(con, path, file_name, table, fmt)
    if fmt == "geojson":
        return geojson.read_geojson(con, path, file_name, table)
    if encodings.utf16_of(head):
        check_encoding = True
    if not check_encoding and not careful:
        return read_csv_file(con, path, file_name, table)
    with tempfile.TemporaryDirectory(prefix="govdash-") as tmp:
        return read_csv_file(con, path, file_name, table, Path(tmp), careful)


def peek_headers(path: Path) -> list[str]:
    """The header row of a file from its first lines only ([] when none is found or it is unreadable).

    Used to order the files of one run before they are staged; ``read_any`` stays the authority.
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(1 << 16)
        fmt = sniff_format(head, path.name)
        if fmt == "geojson":
            return []  # one dataset only (``staging.choose_dataset``)
        if fmt != "csv":
            sheets = reading_excel.parse(path, path.name, fmt).sheets
            candidates = [
                f.head(HEADER_SCAN_LINES).fillna("").astype(str).values.tolist() for f in sheets.values()
            ]
        else:
            utf16 = encodings.utf16_of(head)
            for encoding in (utf16,) if utf16 else ("utf-8-sig", "gb18030"):
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
