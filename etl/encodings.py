"""Which encoding a text file is in, decided from its bytes (never guessed from the first lines only).

UTF-8 (with or without BOM), GB18030 (a superset of GBK and GB2312), UTF-16 with or without BOM
(Excel's "Unicode 文本"), and a UTF-8 BOM in front of a GBK body (some tools add the mark to any
file). A GBK file with lines that are valid UTF-8 is refused: one pasted line would load as mojibake.
HTML and XML spreadsheets saved under an Excel name are recognized so they can be named as such.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from etl.messages import EtlError, Problem

MAX_LISTED = 20  # mixed-encoding lines listed per file


@dataclass
class Decoded:
    encoding: str  # a Python codec name: utf-8, gb18030, utf-16, utf-16-le, utf-16-be
    skip: int = 0  # bytes to skip before decoding (a BOM that does not belong to the encoding)
    label: str = ""  # what the load history records (utf-8-sig for UTF-8 with BOM)
    warnings: list[Problem] = field(default_factory=list)


def utf16_of(head: bytes) -> str | None:
    """The UTF-16 codec of a file starting with ``head``: by its BOM, else by where its zero bytes are."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[: len(head) - len(head) % 2][:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    # ASCII (digits, delimiters, line ends) has a zero high byte: at odd offsets in LE, even in BE
    if odd >= 0.3 * pairs and even <= 0.02 * pairs:
        return "utf-16-le"
    if even >= 0.3 * pairs and odd <= 0.02 * pairs:
        return "utf-16-be"
    return None


def markup_kind(head: bytes) -> str | None:
    """``html_disguised`` / ``xml_spreadsheet`` when the bytes are a web page or an XML spreadsheet."""
    text = head.removeprefix(codecs.BOM_UTF8).lstrip()[:2048].lower()
    if text.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in head.lower():
        return "xml_spreadsheet"
    if text.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<head")) or (
        text.startswith(b"<?xml") and b"<html" in text
    ):
        return "html_disguised"
    if text.startswith(b"mime-version:") and b"text/html" in head.lower():  # .mht "single file web page"
        return "html_disguised"
    return None


def _decodes(path: Path, encoding: str, skip: int = 0) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        with open(path, "rb") as fh:
            fh.seek(skip)
            while chunk := fh.read(1 << 22):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        return True
    except UnicodeDecodeError:
        return False


def detect(path: Path, file_name: str) -> Decoded:
    """The encoding of the whole file, or EtlError (unknown, or GBK with UTF-8 lines pasted in)."""
    with open(path, "rb") as fh:
        head = fh.read(1 << 16)
    utf16 = utf16_of(head)
    if utf16:
        if _decodes(path, utf16):
            return Decoded(utf16, label="utf-16")
        raise EtlError(Problem(file_name, "encoding_unknown"))
    if _decodes(path, "utf-8"):
        return Decoded("utf-8", label="utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8")
    skip = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
    check_not_mixed(path, file_name, skip)
    if not _decodes(path, "gb18030", skip):
        raise EtlError(Problem(file_name, "encoding_unknown"))
    warnings = [Problem(file_name, "bom_mismatch", warning=True)] if skip else []
    return Decoded("gb18030", skip=skip, label="gb18030", warnings=warnings)


_ASCII = rb"[\x00-\x09\x0b-\x7f]"
_MULTI = rb"(?:[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3})"
# a whole line of valid UTF-8 with at least one non-ASCII character (possessive: no backtracking)
_UTF8_LINE = re.compile(
    rb"(?m)^" + _ASCII + rb"*+" + _MULTI + rb"(?:" + _ASCII + rb"|" + _MULTI + rb")*+\r?$"
)
_NON_ASCII_LINE = re.compile(rb"[\x80-\xff][^\n]*")


def _lines(path: Path, skip: int) -> Iterator[tuple[int, bytes]]:
    """(number of the block's first line, block of whole lines) of the file, in 4 MiB blocks."""
    number, rest = 1, b""
    with open(path, "rb") as fh:
        fh.seek(skip)
        while chunk := fh.read(1 << 22):
            block = rest + chunk
            cut = block.rfind(b"\n") + 1
            if cut:
                yield number, block[:cut]
                number += block.count(b"\n", 0, cut)
            rest = block[cut:]
    if rest:
        yield number, rest


def check_not_mixed(path: Path, file_name: str, skip: int = 0) -> None:
    """Refuse a file that is not UTF-8 as a whole but has lines that are (pasted from another file).

    GBK text is almost never valid UTF-8, so a non-ASCII line that is valid UTF-8 is UTF-8; the lines
    of the smaller kind are listed. Found by regular expressions over blocks (no per-line Python).
    """
    utf8: list[tuple[int, bytes]] = []
    for first, block in _lines(path, skip):
        for m in _UTF8_LINE.finditer(block):
            utf8.append((first + block.count(b"\n", 0, m.start()), m.group()))
            if len(utf8) > 100_000:
                break
    if not utf8:
        return
    found = {n for n, _ in utf8}
    gbk: list[tuple[int, bytes]] = []
    for first, block in _lines(path, skip):
        for m in _NON_ASCII_LINE.finditer(block):
            line = first + block.count(b"\n", 0, m.start())
            if line not in found:
                start = block.rfind(b"\n", 0, m.start()) + 1
                gbk.append((line, block[start : m.end()]))
    if not gbk:
        return
    odd, usual, lines = ("UTF-8", "GBK", utf8) if len(utf8) <= len(gbk) else ("GBK", "UTF-8", gbk)
    codec = "utf-8" if odd == "UTF-8" else "gb18030"
    raise EtlError(
        [
            Problem(
                file_name,
                "mixed_encoding",
                row=n,
                value=text.decode(codec, errors="replace").rstrip("\r\n")[:80],
                params={"file_encoding": usual, "line_encoding": odd},
            )
            for n, text in lines[:MAX_LISTED]
        ]
    )


def transcode_to_utf8(path: Path, decoded: Decoded, out: Path) -> Path:
    """Write the file as UTF-8 (no BOM) to ``out``; line ends are kept as they are."""
    with open(path, "rb") as raw, open(out, "w", encoding="utf-8", newline="") as dst:
        raw.seek(decoded.skip)
        decoder = codecs.getincrementaldecoder(decoded.encoding)(errors="strict")
        first = True
        while chunk := raw.read(1 << 20):
            text = decoder.decode(chunk)
            dst.write(text.removeprefix("\ufeff") if first else text)
            first = first and not text
        dst.write(decoder.decode(b"", final=True))
    return out
