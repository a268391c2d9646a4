"""What every section of ``docs/benchmarks.md`` shares: section headings, scale order, number and table
formatting (``bench.report``, ``bench.report_viewers``, ``bench.splice``)."""

from __future__ import annotations

import statistics

SCALE_ORDER = ("demo", "tiny", "city", "province", "national")  # rows of every table in this order
SECTION_HEADINGS = {
    "load": "## 1. Load",
    "metrics": "## 2. Metrics",
    "pages": "## 3. Pages",
    "viewers": "## 4. Concurrent viewers",
}


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def span(values: list[float], digits: int = 2) -> str:
    """``min / median / max``, or ``—`` without values."""
    if not values:
        return "—"
    return " / ".join(f"{v:.{digits}f}" for v in (min(values), statistics.median(values), max(values)))


def verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("**met**" if ok else "**missed**")


def ratio_of(num: float | None, den: float | None) -> float | None:
    return None if num is None or den is None or den == 0 else num / den


def times(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def whole(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def md_table(header: list[str], rows: list[list[str]], align: str) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"] + [
        "| " + " | ".join(r) + " |" for r in rows
    ]
