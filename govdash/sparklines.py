"""A table cell's sparkline as a small SVG image (a ``data:`` URI for ``st.column_config.ImageColumn``).

Streamlit's own chart column cannot say what a month-by-month series is: a series that does not
change is drawn along the cell's top edge (its range is 0 to the value), a missing month is either
an error or has to be left out (the line then joins months that are not next to each other), and
the line is a smoothed curve that dips and peaks between the months. Here each month has its own
place on the x axis, a missing month is a gap, the line is straight between months, a month alone
between gaps is a dot, and a series that does not change is drawn across the middle.
"""

from __future__ import annotations

import base64
import functools
import math
from collections.abc import Sequence

# The image's px and margins. A table draws an image at its row's height, left-aligned, and cuts
# what does not fit its column: 2:1 fits the all-metrics page's 130 px column at its 66 px rows.
# The margins keep the line clear of the cell's borders, which it would otherwise read as.
WIDTH, HEIGHT, PAD, SIDE = 76, 38, 6, 3


def _y(value: float, low: float, high: float) -> float:
    if high == low:
        return HEIGHT / 2
    return PAD + (high - value) * (HEIGHT - 2 * PAD) / (high - low)


def _known(value: float | None) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def svg(values: Sequence[float | None] | None, color: str) -> str | None:
    """The SVG of ``values`` (one per month, oldest first, None for a missing month); None when
    fewer than two months are known (nothing to compare: the cell stays empty)."""
    known = [float(v) for v in values or () if _known(v)]
    if len(known) < 2:
        return None
    low, high = min(known), max(known)
    step = (WIDTH - 2 * SIDE) / max(len(values) - 1, 1)
    runs: list[list[tuple[float, float]]] = [[]]
    for i, value in enumerate(values):
        if not _known(value):
            runs.append([])
            continue
        runs[-1].append((SIDE + i * step, _y(float(value), low, high)))
    paths, dots = [], []
    for run in (r for r in runs if r):
        if len(run) == 1:
            dots.append(f"<circle cx='{run[0][0]:.1f}' cy='{run[0][1]:.1f}' r='1.5' fill='{color}'/>")
        else:
            paths.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in run))
    line = (
        f"<path d='{' '.join(paths)}' fill='none' stroke='{color}' stroke-width='1.3' "
        "stroke-linejoin='round' stroke-linecap='round'/>"
        if paths
        else ""
    )
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{WIDTH}' height='{HEIGHT}' "
        f"viewBox='0 0 {WIDTH} {HEIGHT}'>{line}{''.join(dots)}</svg>"
    )


def image_uri(values: Sequence[float | None] | None, color: str) -> str | None:
    """``svg`` as a ``data:`` URI for an image column; None for an empty cell. Each series is drawn
    once (a page rerun, e.g. each search keystroke, draws the same ~190 again)."""
    return _uri(None if values is None else tuple(values), color)


@functools.lru_cache(maxsize=4096)
def _uri(values: tuple[float | None, ...] | None, color: str) -> str | None:
    drawn = svg(values, color)
    if drawn is None:
        return None
    return "data:image/svg+xml;base64," + base64.b64encode(drawn.encode()).decode()
