"""Colours of the map's points, the legend classes (one ramp for every metric, low red → high green)
and the legend beside the map.

Percentages use fixed 20-point classes so views stay comparable; star levels use the shared
``STAR_COLORS``; a missing value is drawn hollow (white fill, grey outline).
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import pandas as pd

from govdash.charts import STAR_COLORS
from govdash.map_data import METRICS

RAMP = ["#d73027", "#fc8d59", "#fee08b", "#91cf60", "#1a9850"]  # low (red) → high (green)
NO_DATA = "#ffffff"  # hollow-looking point (with its grey outline) for a missing value


@dataclass(frozen=True)
class LegendItem:
    color: str
    low: float | None  # None: the "no data" item
    high: float | None


def hex_rgba(color: str, alpha: int = 230) -> list[int]:
    color = color.lstrip("#")
    return [int(color[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]


def legend(values: pd.Series | None, metric: str, level: str = "community") -> list[LegendItem]:
    """Colour classes of the values, ending with the "no data" class.

    Star levels: one class per level (0–5). Coverage of a single community: covered or not.
    Percentages: fixed 20-point classes (comparable between views). Otherwise one class per value
    when there are few distinct values, else five quantile classes. The "no data" class is added
    when a value is missing.
    """
    clean = pd.to_numeric(values, errors="coerce").dropna() if values is not None else pd.Series(dtype=float)
    spec = METRICS[metric]
    items: list[LegendItem] = []
    if metric == "star_level" and clean.apply(float.is_integer).all():
        items = [LegendItem(STAR_COLORS[n], n, n) for n in range(6) if (clean == n).any()]
    elif metric == "coverage" and level == "community":
        items = [LegendItem(RAMP[0], 0.0, 0.0), LegendItem(RAMP[-1], 100.0, 100.0)]
    elif spec.pct:
        edges = [0, 20, 40, 60, 80, 100]
        items = [LegendItem(c, lo, hi) for c, lo, hi in zip(RAMP, edges, edges[1:], strict=False)]
    elif not clean.empty:
        distinct = sorted(clean.unique())
        if len(distinct) <= len(RAMP):
            colours = _spread(len(distinct))
            items = [LegendItem(c, v, v) for c, v in zip(colours, distinct, strict=True)]
        else:
            edges = sorted(set(clean.quantile([0, 0.2, 0.4, 0.6, 0.8, 1]).round(1)))
            colours = _spread(len(edges) - 1)
            items = [LegendItem(c, lo, hi) for c, lo, hi in zip(colours, edges, edges[1:], strict=False)]
    if values is None or len(clean) < len(values):
        items.append(LegendItem(NO_DATA, None, None))
    return items


def _spread(n: int) -> list[str]:
    if n == 1:
        return [RAMP[len(RAMP) // 2]]
    return [RAMP[round(i * (len(RAMP) - 1) / (n - 1))] for i in range(n)]


def has_ranges(items: list[LegendItem]) -> bool:
    """Whether any class is a range (whose bounds the legend then says how to read: ``colour_of``)."""
    return any(i.low is not None and i.high is not None and i.low != i.high for i in items)


def colour_of(value: float | None, items: list[LegendItem]) -> str:
    """The colour of ``value``'s class. A range holds its lower bound and not its upper one, except
    the highest range, which holds both (so 20 % is in 20 – 40 %, and 100 % in 80 – 100 %)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NO_DATA
    ranged = [i for i in items if i.low is not None and i.high is not None]
    for n, item in enumerate(ranged):
        top = n == len(ranged) - 1
        if item.low <= value < item.high or (value == item.high and (top or item.low == item.high)):
            return item.color
    return ranged[0].color if ranged and value < ranged[0].low else (ranged[-1].color if ranged else NO_DATA)


def legend_html(
    items: list[tuple[str, str]], extras: list[tuple[str, str, str]], title: str, note: str = ""
) -> str:
    """The legend beside the map: colour swatches, ``note`` (how to read them) in small grey text,
    then marker/circle/boundary symbols."""
    parts = [f"<div style='font-size:14px;line-height:1.9'><b>{html.escape(title)}</b><br/>"]
    for color, label in items:
        parts.append(
            f"<span style='display:inline-block;width:13px;height:13px;border-radius:50%;"
            f"background:{color};border:1px solid #555;vertical-align:middle;margin-right:6px'></span>"
            f"{html.escape(label)}<br/>"
        )
    if note:
        parts.append(f"<div style='font-size:12px;line-height:1.4;color:#666'>{html.escape(note)}</div>")
    for shape, color, label in extras:
        style = {
            "dot": f"width:9px;height:9px;border-radius:50%;background:{color};border:1px solid #fff",
            "circle": f"width:15px;height:15px;border-radius:50%;border:1px solid {color}",
            "area": f"width:16px;height:11px;background:{color}22;border:1.5px solid {color}",
            "approx": f"width:16px;height:11px;background:{color}14;border:1px dashed {color}",
            "line": f"width:16px;height:0;border-top:2px solid {color}",
        }[shape]
        parts.append(
            f"<span style='display:inline-block;{style};vertical-align:middle;margin-right:6px'></span>"
            f"{html.escape(label)}<br/>"
        )
    parts.append("</div>")
    return "".join(parts)
