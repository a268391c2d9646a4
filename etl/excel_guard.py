"""What an ``.xlsx`` archive holds, found before it is parsed: sizes, row counts, formulas without values.

A 4.5 MB workbook can unpack to gigabytes (6 million rows); parsing it first would take minutes and
many GB of memory. The sheets are only streamed here (never held whole unless they contain formulas
and are under the limits), counting bytes and ``<row`` tags, and the file is refused as soon as a
limit of ``etl.settings`` is passed.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from etl.messages import EtlError, Problem
from etl.settings import max_excel_rows, max_excel_unpacked_mb

CHUNK = 1 << 20
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="[A-Z]+[0-9]+:?[A-Z]*([0-9]*)"')
_SHEET = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"')
_REL = re.compile(
    rb'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"|'
    rb'<Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"'
)
# a cell whose formula has no saved result: <c r="B5" …><f>…</f></c>, <f …/>, or an empty <v>
_FORMULA_NO_VALUE = re.compile(
    rb'<(?:\w+:)?c r="([A-Z]+)([0-9]+)"[^>]*?(?<!/)>\s*<(?:\w+:)?f\b([^>]*?)(?:/>|>([^<]*)</(?:\w+:)?f>)\s*'
    rb"(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>"
)


@dataclass
class Workbook:
    """Formula cells without a saved value, by sheet name: (row, column index, formula text)."""

    formulas_without_value: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)


def column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")


def _sheet_paths(zf: zipfile.ZipFile) -> dict[str, str]:
    """Archive path of each worksheet -> its name in the workbook."""
    try:
        book, rels = zf.read("xl/workbook.xml"), zf.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {}
    for m in _REL.finditer(rels):
        rid, target = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        target = target.decode()
        targets[rid.decode()] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return {
        targets[rid.decode()]: _unescape(name.decode("utf-8", "replace"))
        for name, rid in _SHEET.findall(book)
        if rid.decode() in targets
    }


def _too_big(file_name: str, budget: int, part: str) -> EtlError:
    zh, en = (f"工作表“{part}”", f"sheet “{part}”") if part else ("共享字符串表", "shared strings")
    return EtlError(
        Problem(
            file_name, "excel_too_big", params={"limit_mb": f"{budget / CHUNK:g}", "part": zh, "part_en": en}
        )
    )


def _stream(
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    file_name: str,
    budget: int,
    left: int,
    rows_limit: int,
    part: str,
    sheet: bool,
) -> tuple[int, bool]:
    """Bytes of one member (refused past ``left`` of the ``budget``) and whether it has formulas; a
    sheet with more rows than ``rows_limit`` is refused. (A member longer than its declared size
    fails its CRC check in ``zipfile``.)"""
    size, rows, formulas, tail = 0, 0, False, b""
    with zf.open(info) as fh:
        while chunk := fh.read(CHUNK):
            if size == 0 and sheet:
                declared = _DIMENSION.search(chunk[:4096])
                if declared and declared.group(1) and int(declared.group(1)) > rows_limit:
                    _too_many(file_name, int(declared.group(1)), rows_limit)
            size += len(chunk)
            if size > left:
                raise _too_big(file_name, budget, part)
            if sheet:
                block = tail + chunk
                rows += block.count(b"<row") - tail.count(b"<row")
                formulas = formulas or b"<f" in block
                tail = chunk[-4:]
                if rows > rows_limit:
                    _too_many(file_name, rows, rows_limit)
    return size, formulas


def _too_many(file_name: str, rows: int, limit: int) -> None:
    raise EtlError(
        Problem(file_name, "excel_too_many_rows", params={"rows": f"{rows:,}", "limit": f"{limit:,}"})
    )


def _part(names: dict[str, str], info: zipfile.ZipInfo) -> str:
    """The sheet name of a member ("" for the shared strings)."""
    if info.filename == "xl/sharedStrings.xml":
        return ""
    return names.get(info.filename, info.filename.rsplit("/", 1)[-1])


def inspect(path: Path, file_name: str) -> Workbook:
    """Check the archive against the limits (EtlError when over one) and find formulas without values."""
    budget = int(max_excel_unpacked_mb() * CHUNK)
    rows_limit = max_excel_rows()
    book = Workbook()
    try:
        with zipfile.ZipFile(path) as zf:
            names = _sheet_paths(zf)
            members = [
                i
                for i in zf.infolist()
                if i.filename.startswith("xl/worksheets/")
                and i.filename.endswith(".xml")
                or i.filename == "xl/sharedStrings.xml"
            ]
            declared = 0
            for info in members:  # the sizes the archive declares: a bomb is refused without unpacking
                declared += info.file_size
                if declared > budget:
                    raise _too_big(file_name, budget, _part(names, info))
            used = 0
            for info in members:
                part = _part(names, info)
                size, formulas = _stream(
                    zf,
                    info,
                    file_name,
                    budget,
                    budget - used,
                    rows_limit,
                    part,
                    sheet=info.filename != "xl/sharedStrings.xml",
                )
                used += size
                if formulas and part:
                    cells = _FORMULA_NO_VALUE.findall(zf.read(info))
                    if cells:
                        book.formulas_without_value[part] = [
                            (int(r), column_index(c.decode()), "=" + _unescape(f.decode("utf-8", "replace")))
                            for c, r, _attrs, f in cells
                        ]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as exc:
        if isinstance(exc, OSError) and not isinstance(exc, zipfile.BadZipFile) and exc.errno is not None:
            raise  # a real I/O error of this machine, not of the file
        raise EtlError(Problem(file_name, "excel_unreadable", params={"detail": str(exc)[:200]})) from exc
    return book
