"""Numbers, percentages and months the way Chinese reports write them (and English when switched)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date

import pandas as pd

MISSING = "—"  # how every output shows a value that is not there (never as 0)


def is_wide(ch: str) -> bool:
    """Whether a character is CJK (or another East Asian full-width one, U+2E80 on): about twice
    as wide as a Latin letter, and a place a line of Chinese may break."""
    return ord(ch) > 0x2E7F


def text_width(text: str, size: float) -> int:
    """Pixels of one line of ``text``: a CJK character about ``size`` wide, others about 0.55 of it."""
    return round(sum(size if is_wide(ch) else size * 0.55 for ch in text))


def is_missing(value: object) -> bool:
    """Whether a value is not there: None, NaN, ``pd.NA`` or ``pd.NaT`` (never 0, never an empty
    text: those are values). The one test every formatter, status and export uses."""
    return (
        value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))
    )


# (threshold, divisor, suffix, decimals), largest first: the short form of a large number
_SHORT = {
    "zh": ((100_000_000, 100_000_000, "亿", 2), (100_000, 10_000, "万", 1)),
    "en": ((1_000_000_000, 1_000_000_000, "B", 2), (1_000_000, 1_000_000, "M", 1)),
}


def fmt_count(value: float | int | None, lang: str = "zh") -> str:
    """A count or amount as reports write it, the one shortening of large numbers everywhere.

    zh: ``12345`` → ``12,345``; ``123456`` → ``12.3万``; ``123456789`` → ``1.23亿``.
    en: ``123456`` → ``123,456``; ``12345678`` → ``12.3M``; ``1234567890`` → ``1.23B``.
    A number that rounds up to the next unit takes it (``99,999,999`` → ``1.00亿``, not ``10,000.0万``);
    negatives keep their sign; ``None`` and NaN → ``—``.
    """
    if is_missing(value):
        return MISSING
    steps = _SHORT["en" if lang == "en" else "zh"]
    magnitude = abs(round(value)) if abs(value) >= 1000 else abs(value)  # 99,999.6 shows as 10.0万
    for index, (threshold, divisor, suffix, decimals) in enumerate(steps):
        if magnitude < threshold:
            continue
        if index and round(abs(value) / divisor, decimals) * divisor >= steps[index - 1][0]:
            _, divisor, suffix, decimals = steps[index - 1]  # 9,999.96万 would read 10,000.0万
        return f"{value / divisor:,.{decimals}f}{suffix}"
    if float(value).is_integer() or abs(round(value, 1)) >= 1000:
        return f"{round(value):,}"
    if round(value, 1) == 0:
        return "0.0"  # not -0.0
    return f"{value:,.1f}"


def fmt_decimal(value: object) -> str:
    """A ratio or rate, or an amount in a column that needs a decimal (``decimals_shown``), with one
    decimal and the thousands separator (``39.0`` beside ``25.1``, never ``39``); ``—`` when
    missing. Catalog metrics take ``metric_labels.fmt_number`` instead."""
    return MISSING if is_missing(value) else f"{float(value):,.1f}"  # type: ignore[arg-type]


def decimals_shown(values: Iterable[object]) -> int:
    """The decimals a chart's or a table column's numbers need: 1 when any is not whole (42.5),
    else 0. One format for all of them, so 42.5 is not drawn as 42 beside a card that says 42.5,
    and 106 reads 106.0 beside 878.8."""
    return int(any(not is_missing(v) and not float(v).is_integer() for v in values))  # type: ignore[arg-type]


def fmt_pct(value: float | None) -> str:
    return MISSING if is_missing(value) else f"{value:.1f}%"


def fmt_month(day: date, lang: str = "zh") -> str:
    return f"{day.year}年{day.month}月" if lang == "zh" else day.strftime("%b %Y")


def fmt_date(day: date, lang: str = "zh") -> str:
    return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else day.isoformat()


def grid_date_format(lang: str) -> str:
    """A grid column's day format (Streamlit's moment.js tokens), as ``fmt_date`` writes a day."""
    return "YYYY年M月D日" if lang == "zh" else "YYYY-MM-DD"


def grid_month_format(lang: str) -> str:
    """A grid column's month format (moment.js tokens), as ``fmt_month`` writes a month."""
    return "YYYY年M月" if lang == "zh" else "MMM YYYY"


def fmt_list(items: Iterable[object], lang: str = "zh") -> str:
    """Items in a sentence: 洛龙区、西工区 / Luolong, Xigong."""
    return ("、" if lang == "zh" else ", ").join(map(str, items))


def fmt_clauses(items: Iterable[object], lang: str = "zh") -> str:
    """Clauses of one sentence: 常住人口 50.7万 人；2 个社区未填报 / Population 507,000; 2 communities …."""
    return ("；" if lang == "zh" else "; ").join(map(str, items))


def fmt_aside(text: object, note: object, lang: str = "zh", sep: str = "") -> str:
    """A note in brackets after a text: 洛龙区（410311） / Luolong (410311); ``sep="\n"``: the note
    on a line of its own (a narrow table cell)."""
    return f"{text}{sep}（{note}）" if lang == "zh" else f"{text}{sep or ' '}({note})"


def number(value: object) -> float | None:
    """A metric value as a float; None for missing (None, NaN, pd.NA) — never 0 for missing."""
    if value is None or value is pd.NA:
        return None
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if out != out else out


def cut_to_tenths(value: object) -> object:
    """A raw community value shown beside its standard, cut (not rounded) to one decimal: 29.96 m²
    per 100 households reads 29.9, below the 30 it is judged against, never 30 (a float's last
    bits aside: 301 / 1000 * 100 is 30.0999..., which reads 30.1)."""
    if is_missing(value):
        return value
    return math.floor(float(value) * 10 + 1e-9) / 10  # type: ignore[arg-type]


def one_value(column: pd.Series) -> bool:
    """Whether ``column`` holds one value on every row (a missing one counted as a value): a table
    of one street's communities leaves out the street column that would repeat its name."""
    return column.nunique(dropna=False) <= 1
