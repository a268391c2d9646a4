"""Numbers, percentages and months the way Chinese reports write them (and English when switched)."""

from __future__ import annotations

import math
from datetime import date


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_count(value: float | int | None, lang: str = "zh") -> str:
    """``12345`` → ``12,345``; ``123456`` → ``12.3万`` (zh) or ``123,456`` (en)."""
    if _missing(value):
        return "—"
    if lang == "zh" and abs(value) >= 100_000:
        return f"{value / 10_000:,.1f}万"
    if float(value).is_integer() or abs(value) >= 1000:
        return f"{round(value):,}"
    return f"{value:,.1f}"


def fmt_pct(value: float | None) -> str:
    return "—" if _missing(value) else f"{value:.1f}%"


def fmt_month(day: date, lang: str = "zh") -> str:
    return f"{day.year}年{day.month}月" if lang == "zh" else day.strftime("%b %Y")


def fmt_date(day: date, lang: str = "zh") -> str:
    return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else day.isoformat()
