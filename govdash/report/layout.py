"""Where each part of a slide goes, as fractions of the content area (shared by PPTX and PDF).

The content area is the page between the title block and the footer. A slide has up to four
parts: a KPI strip on top, charts and a table side by side, and bullets at the bottom; a slide
with only a note shows it in the middle.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from govdash.report.model import COLUMN_STACKED, Chart, Slide

GAP = 0.02
KPI_STRIP = 0.24  # height of a KPI strip above charts
BULLET_LINE = 0.065  # height of one bullet line
CHART_SHARE = 0.58  # width of the chart column when a table sits beside it
NOMINAL_WIDTH_PT = 850  # content width the bullet estimate assumes (PPTX 888 pt, PDF 774 pt)
BULLET_PT = 14
WRAP_EM = 9  # table cells longer than this (in em) may wrap; shorter ones should fit on one line
SHARES = {"coverage": 0.55, "laggards": 0.55, "next_steps": 0.47, "map": 0.64}  # per slide key


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    def scale(
        self, left: float, top: float, width: float, height: float
    ) -> tuple[float, float, float, float]:
        """The box in page units, given the content area in the same units."""
        return left + self.x * width, top + self.y * height, self.w * width, self.h * height


@dataclass(frozen=True)
class Regions:
    kpis: Box | None
    charts: tuple[Box, ...]
    table: Box | None
    bullets: Box | None
    note: Box | None


def _columns(n_charts: int, table: bool, box: Box, chart_share: float) -> tuple[tuple[Box, ...], Box | None]:
    """Charts (left) and the table (right) side by side inside ``box``."""
    if not n_charts:
        return (), box if table else None
    parts = n_charts + (1 if table else 0)
    if parts == 1:
        return (box,), None
    if table:
        left_w = box.w * chart_share
        right = Box(box.x + left_w + GAP, box.y, box.w - left_w - GAP, box.h)
        charts = _split(Box(box.x, box.y, left_w, box.h), n_charts)
        return charts, right
    return _split(box, n_charts, first_share=chart_share), None


def _split(box: Box, n: int, first_share: float | None = None) -> tuple[Box, ...]:
    if n == 1:
        return (box,)
    first = box.w * (first_share or 1 / n) - GAP / 2
    rest = (box.w - first - GAP * (n - 1)) / (n - 1)
    boxes, x = [], box.x
    for i in range(n):
        w = first if i == 0 else rest
        boxes.append(Box(x, box.y, w, box.h))
        x += w + GAP
    return tuple(boxes)


def regions(slide: Slide) -> Regions:
    """The boxes of a slide's parts (absent parts are None / empty)."""
    top, bottom = 0.0, 1.0
    kpis = None
    if slide.kpis and (slide.charts or slide.note):
        kpis = Box(0, 0, 1, KPI_STRIP)
        top = KPI_STRIP + GAP
    elif slide.kpis:
        kpis = Box(0, 0, 1, 1)
        top = bottom
    bullets = None
    beside = bool(slide.bullets and slide.charts and slide.table)  # bullets under the chart column
    if slide.bullets and not beside:
        height = BULLET_LINE * len(slide.bullets) + GAP
        bullets = Box(0, bottom - height, 1, height)
        bottom -= height + GAP
    note = None
    main = Box(0, top, 1, max(bottom - top, 0))
    if slide.note:
        note_h = 0.12 if (slide.table or slide.charts) else main.h
        note = Box(0, top, 1, note_h)
        main = Box(0, top + note_h + GAP, 1, max(main.h - note_h - GAP, 0))
    share = SHARES.get(slide.key, CHART_SHARE)
    charts, table = _columns(len(slide.charts), slide.table is not None, main, share)
    if beside:
        column = charts[0]
        lines = sum(wrapped_lines(b, column.w) for b in slide.bullets)
        height = BULLET_LINE * 0.85 * lines + GAP
        bullets = Box(column.x, column.y + column.h - height, column.w, height)
        charts = (Box(column.x, column.y, column.w, column.h - height - GAP), *charts[1:])
    return Regions(kpis, charts, table, bullets, note)


def _cjk(ch: str) -> bool:
    return ord(ch) > 0x2E80


def text_em(text: str, latin: float = 0.7) -> float:
    """Width of a text in em: CJK characters 1, others ``latin`` (0.7 for bold digits, 0.58 regular),
    plus the gap some renderers put between Latin and CJK runs."""
    width = sum(1.0 if _cjk(ch) else latin for ch in text)
    return width + 0.25 * sum(_cjk(a) != _cjk(b) for a, b in zip(text, text[1:], strict=False))


def kpi_grid(count: int) -> tuple[int, int]:
    """(cards per row, rows) of a slide's ``count`` KPI cards, on the page, the PPTX and the PDF
    alike: one row of up to five, else rows of four."""
    per_row = 4 if count > 5 else max(count, 1)
    return per_row, -(-count // per_row) if count else 0


def fit_size(text: str, width_pt: float, largest: float) -> int:
    """The largest font size (pt, at most ``largest``) at which ``text`` fits on one line."""
    return max(10, min(int(largest), int(width_pt * 0.9 / max(text_em(text), 1))))


def wrapped_lines(text: str, width_share: float, size_pt: float = BULLET_PT) -> int:
    """Lines a bullet takes in a box ``width_share`` of the content width wide."""
    per_line = max(width_share * NOMINAL_WIDTH_PT / size_pt, 1)
    return max(1, math.ceil((text_em(text) + 1.5) / per_line))


def _short(rows: list[tuple[str, ...]], c: int, header: str = "") -> float | None:
    """The longest line of a cell of column ``c`` in em, None for a column that wraps (the first,
    long text). A cell's own line breaks ("100.0%\n（2025年12月）") count: its lines are its length.
    A short column also holds the longest Latin word of its ``header`` (a header wraps between
    words, never inside one: "Targe / t")."""
    longest = max(_longest(rows, c), 1)
    if c == 0 or longest > WRAP_EM:
        return None
    return max(longest, header_word_em(header), 1)


def _longest(rows: list[tuple[str, ...]], c: int) -> float:
    """The longest line of column ``c``'s cells in em (a cell's own line breaks count); 0 for none."""
    return max((text_em(line, latin=0.58) for row in rows for line in str(row[c]).split("\n")), default=0.0)


def header_word_em(header: str) -> float:
    """The longest word of a header without CJK characters, in em; 0 for Chinese text, which wraps
    between any two characters."""
    words = [w for w in header.split() if not any(_cjk(ch) for ch in w)]
    return max((text_em(w, latin=0.58) for w in words), default=0.0)


def fitted_widths(
    rows: list[tuple[str, ...]], widths_pt: list[float], smallest: float, headers: tuple[str, ...] = ()
) -> list[float]:
    """Column widths in which each short column holds its longest cell on one line at ``smallest``
    pt ("Overdue" in English split into "Overdu / e"), and its header's longest word: the room
    comes from the columns that wrap, in proportion, each keeping at least half its width and its
    longest line if that is short (``_kept``). Same total width."""
    shorts = [_short(rows, c, _header(headers, c)) for c in range(len(widths_pt))]
    needed = [
        max(width, longest * smallest / 0.95 + 8) if (longest := shorts[c]) else width
        for c, width in enumerate(widths_pt)
    ]
    wrapping = [c for c, longest in enumerate(shorts) if longest is None]
    # what a wrapping column gives: down to half its width, and no more than its short lines allow
    spare = {
        c: widths_pt[c] - max(widths_pt[c] / 2, _kept(rows, c, widths_pt[c], smallest)) for c in wrapping
    }
    extra = sum(needed) - sum(widths_pt)
    room = sum(spare.values())
    if extra <= 0 or room <= 0:
        return list(widths_pt)
    taken = min(extra, room)
    scale = taken / room
    out = [n if c not in wrapping else widths_pt[c] - spare[c] * scale for c, n in enumerate(needed)]
    if taken < extra:  # not enough room: the short columns share what there is
        short = [c for c in range(len(out)) if c not in wrapping]
        grown = sum(out[c] - widths_pt[c] for c in short)
        for c in short:
            out[c] = widths_pt[c] + (out[c] - widths_pt[c]) * taken / grown
    return out


def _kept(rows: list[tuple[str, ...]], c: int, width: float, size: float) -> float:
    """The width a wrapping column keeps: its longest line at ``size`` (up to ``width``) when its
    lines are short (names: 李村街道 is not split to make room), else 0 (long text wraps anyway)."""
    longest = _longest(rows, c)
    return 0.0 if longest > WRAP_EM else min(width, longest * size / 0.95 + 8)


def table_columns(
    rows: list[tuple[str, ...]],
    weights: tuple[float, ...],
    total_pt: float,
    largest: float,
    smallest: float,
    headers: tuple[str, ...] = (),
) -> tuple[list[float], int]:
    """A table's column widths in pt (``weights`` shares of ``total_pt``, then ``fitted_widths``)
    and its font size in them (``table_size``): the PPTX and the PDF lay out a table alike."""
    base = [total_pt * k / sum(weights) for k in weights]
    widths = fitted_widths(rows, base, smallest)
    size = table_size(rows, widths, largest, smallest)  # the body decides the size
    if headers:  # then room for the headers' words at that size, if the body keeps it
        widened = fitted_widths(rows, base, size, headers)
        if table_size(rows, widened, largest, smallest) >= size:
            widths = widened
    return widths, size


def _header(headers: tuple[str, ...], c: int) -> str:
    return headers[c] if c < len(headers) else ""


def table_size(
    rows: list[tuple[str, ...]], widths_pt: list[float], largest: float, smallest: float = 9
) -> int:
    """A font size at which the short value columns fit on one line.

    ``rows`` are the body rows (headers may wrap). The first column and columns of long text (over
    ``WRAP_EM`` em) wrap instead; the size never goes below ``smallest``.
    """
    size = largest
    for c, width in enumerate(widths_pt):
        if longest := _short(rows, c):
            size = min(size, (width - 8) * 0.95 / longest)
    return max(int(smallest), int(size))


def count_step(chart: Chart) -> int | None:
    """The value axis's step of a chart of counts whose top is small: 1, so the axis reads 0, 1, 2
    (a community's five-star column read 0, 0.2, 0.4 … communities); None: the outputs' own ticks."""
    if chart.percent or chart.decimals:
        return None
    if chart.kind == COLUMN_STACKED:
        columns = zip(*(series.values for series in chart.series), strict=True)
        top = max((sum(v or 0 for v in column) for column in columns), default=0)
    else:
        top = max((v for series in chart.series for v in series.values if v is not None), default=0)
    return 1 if max(top, chart.reference or 0) <= 5 else None
