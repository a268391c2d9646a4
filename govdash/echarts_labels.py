"""Where ECharts writes a chart's numbers (``govdash.echarts``): after or inside a bar, above or
below a line's point, and on what, so that no reference line, dash or line runs through one."""

from __future__ import annotations

from typing import Any

# A number after its bar sits on a white box: a reference line (drawn under the series, ``_option``)
# passes behind it, not through it (between its digits a halo would not hide it). A number on a line
# gets a halo instead: a box would cut the line itself.
BOXED = {"backgroundColor": "#ffffff", "padding": [0, 2]}
UNBOXED = {"backgroundColor": "transparent", "padding": 0}
HALO = {"textBorderColor": "#ffffff", "textBorderWidth": 3}


def label(trace: dict[str, Any], horizontal: bool, size: int) -> dict[str, Any] | None:
    """A series' text labels (each item's text is its ``name``, shown by ``{b}``)."""
    bar = trace.get("type") == "bar"
    if trace.get("text") is None or not (bar or "text" in (trace.get("mode") or "")):
        return None
    where = _most(trace.get("textposition")) or "auto"
    if bar:
        position = ("right" if horizontal else "top") if where in ("outside", "auto") else "inside"
    else:
        position = _side(where)
    size = (trace.get("textfont") or {}).get("size") or size
    spec = {"show": True, "position": position, "formatter": "{b}", "fontSize": size}
    if position == "inside":
        return spec
    return spec | (BOXED if bar else HALO)


def _most(where: str | list[str] | None) -> str | None:
    """A series' text position: plotly's, or the one most of its points have (a list per point)."""
    if not isinstance(where, list):
        return where
    return max(sorted(set(where)), key=where.count) if where else None


def _side(where: str) -> str:
    """Where a text goes beside a point, from plotly's ``textposition``."""
    if where.startswith(("top", "bottom")):
        return where.split()[0]
    return "left" if where.endswith("left") else "right"


def moved(trace: dict[str, Any], heights: list[Any], position: str) -> dict[int, str]:
    """A line's points whose number goes elsewhere than the series' ``position``: where plotly
    places it per point; else, numbers above the points, each valley's below (``dips``)."""
    where = trace.get("textposition")
    if isinstance(where, list):
        return {i: side for i, w in enumerate(where) if (side := _side(str(w))) != position}
    return dict.fromkeys(dips(heights), "bottom") if position == "top" else {}


def dips(heights: list[Any]) -> list[int]:
    """The points lower than each neighbour that has a value (a line's valleys, its last point when
    it ends falling): a number above such a point sits where the line runs."""

    def number(i: int) -> float | None:
        value = heights[i] if 0 <= i < len(heights) else None
        return value if isinstance(value, (int, float)) and value == value else None

    found = []
    for i in range(len(heights)):
        here, around = number(i), [number(i - 1), number(i + 1)]
        neighbours = [v for v in around if v is not None]
        if here is not None and neighbours and all(here < v for v in neighbours):
            found.append(i)
    return found


def fits(point: dict[str, Any], horizontal: bool, longest: float) -> bool:
    """Whether a bar's text goes inside it (plotly's ``textposition="auto"``): a bar at least a third
    as long as the axis reaches (its range, else the longest bar), and long enough for its text at
    5 % of that per character (a bar too short for its text has it outside, after its end). A bar
    of two thirds of the axis or more whose text fits on neither side has it inside too: after it,
    the plot's edge cut the text ("1 of 24, tied (7)" read "1 of 24, tied")."""
    value = point["x" if horizontal else "y"]
    if not isinstance(value, (int, float)) or longest <= 0 or not horizontal:
        return False
    share = abs(value) / longest
    need = 0.05 * len(str(point["text"] or ""))
    inside = share >= max(1 / 3, need)
    outside = 1 - share >= need
    return inside or (not outside and share >= 2 / 3)
