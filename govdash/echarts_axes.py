"""Axes and legends of ECharts options from plotly layouts (``govdash.echarts``): category, time and
value axes with their label formats and room for their titles, plotly's two-level category axis,
legend placements."""

from __future__ import annotations

import math
from typing import Any

from govdash import echarts_values as values
from govdash.formatting import text_width


def group_axis(categories: list[Any], grouped: dict[str, str]) -> dict[str, Any] | None:
    """For multi-category keys (``values.multi_category``): a second axis under the first that names each
    group once, under its middle category (plotly's two-level axis)."""
    if not grouped:
        return None
    groups = [grouped.get(c, "") for c in categories]
    labels = []
    for i, group in enumerate(groups):
        members = [j for j, g in enumerate(groups) if g == group]
        shown = group if i == members[len(members) // 2] else ""
        labels.append(shown + values.GROUP * (i + 1))  # every category key distinct
    return {
        "type": "category",
        "position": "bottom",
        "offset": 22,
        "data": labels,
        "axisLine": {"show": False},
        "axisTick": {"show": False},
        "axisLabel": {"interval": 0, "hideOverlap": False, "lineHeight": 14},
        "splitLine": {"show": False},
    }


def horizontal(traces: list[dict[str, Any]]) -> bool:
    return any(t.get("type") == "bar" and t.get("orientation") == "h" for t in traces)


def axis_kind(traces: list[dict[str, Any]], axis: str) -> str:
    seen = [v for t in traces if not values.legend_only(t) for v in values.axis_values(t, axis)]
    if any(isinstance(v, str) for v in seen):
        if values.is_date(seen):
            return "time"
        return "category"
    return "value"


def _label_format(axis: dict[str, Any], kind: str) -> dict[str, Any]:
    label: dict[str, Any] = {}
    suffix = axis.get("ticksuffix")
    fmt = axis.get("tickformat") or ""
    if kind == "time":
        label["formatter"] = values.DATE_FORMATS.get(fmt, "{yyyy}-{MM}")
    elif suffix:
        label["formatter"] = "{value}" + suffix.replace("{", "").replace("}", "")
    if axis.get("tickangle"):
        label["rotate"] = -axis["tickangle"]
    if "tickfont" in axis and "size" in axis["tickfont"]:
        label["fontSize"] = axis["tickfont"]["size"]
    label["hideOverlap"] = kind != "category"
    return label


def _label_extent(categories: list[Any], kind: str, rotate: float, size: int) -> int:
    """Pixels the tick labels take away from the axis line (``text_width``)."""
    if kind != "category":
        return 4 * size if rotate == 0 else 2 * size
    lines = [line for c in categories for line in str(c).split(values.GROUP, 1)[0].split("\n")]
    longest = max((text_width(line, size) for line in lines), default=2 * size)
    if rotate == 0:
        return longest
    return round(longest * abs(math.sin(math.radians(rotate)))) + size


def _value_width(axis: dict[str, Any], top: float, size: int) -> int:
    """Pixels of a value axis's widest tick label: its largest value, with separators and suffix."""
    decimals = 1 if 0 < top < 10 else 0
    text = f"{top:,.{decimals}f}" + (axis.get("ticksuffix") or "")
    return text_width(text, size) + 8


def wrap_title(title: str, size: int, room: float | None) -> str:
    """A vertical axis title broken into lines of at most ``room`` pixels, at spaces (CJK text, which
    has none, between any two characters), its own line breaks kept; ECharts draws an axis name on
    one line however long it is."""
    if not room or room <= 0:
        return title
    return "\n".join(_wrap_line(line, size, room) for line in title.split("\n"))


def _wrap_line(line: str, size: int, room: float) -> str:
    if text_width(line, size) <= room:
        return line
    glue = " " if " " in line else ""
    words = line.split(" ") if glue else list(line)
    lines = [words[0]]
    for word in words[1:]:
        if text_width(lines[-1] + glue + word, size) <= room:
            lines[-1] += glue + word
        else:
            lines.append(word)
    return "\n".join(lines)


MONTH_MS = 30.4 * 24 * 3600 * 1000  # an average month: n of them picks ECharts' n-month tick level


def _month_step(dtick: object) -> dict[str, float]:
    """A date axis's ticks every n months (plotly's ``dtick="M3"``: each quarter's first month):
    ECharts picks the tick level from the interval, so both bounds pin it. Without them it ticks
    every month and hides the labels that collide, leaving an uneven few (Jan, Feb, Apr, Jun...)."""
    if not (isinstance(dtick, str) and dtick[:1] == "M" and dtick[1:].isdigit()):
        return {}
    return dict.fromkeys(("minInterval", "maxInterval"), int(dtick[1:]) * MONTH_MS)


def axis_spec(
    layout: dict[str, Any],
    name: str,
    kind: str,
    categories: list[Any],
    size: int,
    grouped: dict[str, str] | None = None,
    top: float = 0,
    room: float | None = None,
) -> dict:
    """The ECharts axis of plotly's ``{name}axis``; ``room``: the pixels along a vertical axis, within
    which its title wraps (``wrap_title``)."""
    axis = layout.get(f"{name}axis", {})
    spec: dict[str, Any] = {"type": kind, "axisLabel": {"fontSize": size, **_label_format(axis, kind)}}
    if axis.get("autorange") == "reversed":
        spec["inverse"] = True
    if axis.get("visible") is False:
        spec["show"] = False
    if kind == "category":
        spec["data"] = categories
        spec["axisLabel"]["interval"] = 0
        crowded = sum(text_width(str(c).split(values.GROUP, 1)[0], size) + size for c in categories) > 800
        if "tickangle" not in axis and name == "x" and crowded:
            spec["axisLabel"]["rotate"] = 30
    title = values.canvas_text((axis.get("title") or {}).get("text"))
    if title:
        rotate = spec["axisLabel"].get("rotate", 0)
        if name == "x":
            lines = 1 + max((str(c).split(values.GROUP, 1)[0].count("\n") for c in categories), default=0)
            extent = size * lines + 6 if rotate == 0 else _label_extent(categories, kind, rotate, size)
            if any(values.GROUP in str(c) for c in categories):  # the group axis below: names of 1-2 lines
                extent += 22 + size * max((g.count("\n") for g in (grouped or {}).values()), default=0)
        else:
            extent = (
                _label_extent(categories, kind, 0, size)
                if kind == "category"
                else _value_width(axis, top, size)
            )
        spec |= {"name": title, "nameLocation": "middle", "nameTextStyle": {"fontSize": size}}
        spec["nameGap"] = extent + 10
        if name == "y":
            spec["name"] = wrap_title(title, size, room)
            spec["nameTextStyle"]["lineHeight"] = size + 4
    if kind != "category":
        spec["splitLine"] = {"show": axis.get("showgrid", name == "y") is not False}
        spec["splitLine"]["lineStyle"] = {"color": axis.get("gridcolor", "#eee")}
        if "range" in axis:
            spec["min"], spec["max"] = values.plain(axis["range"])
            spec["axisLabel"]["showMaxLabel"] = False  # the range's headroom is no tick
        if isinstance(axis.get("dtick"), (int, float)):
            spec["interval"] = axis["dtick"]
        elif kind == "time":
            spec |= _month_step(axis.get("dtick"))
        ticks = values.plain(axis.get("tickvals"))
        steps = {b - a for a, b in zip(ticks or [], (ticks or [])[1:], strict=False)}
        if len(steps) == 1 and ticks[0] == 0:  # evenly spaced ticks from 0
            spec["interval"] = steps.pop()
        if kind == "value" and axis.get("tickformat") in (",d", "d"):
            spec["minInterval"] = 1
    else:
        spec["splitLine"] = {"show": False}
    if axis.get("linecolor"):
        spec["axisLine"] = {"lineStyle": {"color": axis["linecolor"]}}
    return spec


LEGEND_WIDTH = 760  # pixels a legend row can take: a chart in the page's full width at 1366 px


def legend_rows(names: list[str], size: int) -> int:
    """How many rows a horizontal legend of ``names`` wraps onto (each entry: its symbol, its
    ``text_width`` and the gap to the next)."""
    rows, used = 1, 0
    for name in names:
        width = text_width(name, size) + 40
        if used and used + width > LEGEND_WIDTH:
            rows, used = rows + 1, 0
        used += width
    return rows


def legend_spec(layout: dict[str, Any], names: list[str], size: int, titled: bool) -> dict[str, Any]:
    """plotly's legend placements of the product: a row at the top right (default), a row under
    the plot (``y`` < 0), a column beside it (``orientation="v"``)."""
    spec = layout.get("legend") or {}
    font = (spec.get("font") or {}).get("size", size)
    if spec.get("traceorder") == "reversed":
        names = names[::-1]
    legend: dict[str, Any] = {"data": names, "textStyle": {"fontSize": font}}
    if spec.get("orientation") == "v":
        return legend | {"orient": "vertical", "right": 0, "top": "middle"}
    if (spec.get("y") or 0) < 0:
        return legend | {"bottom": 0, "left": 0}
    return legend | {"top": 34 if titled else 0, "right": 0}


def keep_proportions(option: dict[str, Any], layout: dict[str, Any]) -> None:
    """Widen one axis's range so that a unit of y is ``scaleratio`` units of x on screen, as plotly
    does for ``yaxis.scaleanchor = "x"`` (a map's longitude and latitude: ECharts stretches each axis
    to the plot, so a street's points were drawn twice as wide as they lie). Needs the chart's width
    (``layout.width``, px) and the axes' ranges; the plot's size is the chart's less the grid's margins."""
    y_axis, x_axis = layout.get("yaxis") or {}, layout.get("xaxis") or {}
    grid, width = option.get("grid") or {}, layout.get("width")
    if y_axis.get("scaleanchor") != "x" or not width or "range" not in x_axis or "range" not in y_axis:
        return
    if not isinstance(option.get("xAxis"), dict):  # a grouped category axis: no map
        return
    plot_w = width - grid["left"] - grid["right"]
    plot_h = layout.get("height", 380) - grid["top"] - grid["bottom"]
    ratio = y_axis.get("scaleratio", 1)
    (x0, x1), (y0, y1) = values.plain(x_axis["range"]), values.plain(y_axis["range"])
    if plot_w <= 0 or plot_h <= 0 or x1 <= x0 or y1 <= y0:
        return
    per_x = min(plot_w / (x1 - x0), plot_h / (ratio * (y1 - y0)))  # pixels per unit of x
    half_x, half_y = plot_w / per_x / 2, plot_h / (ratio * per_x) / 2
    option["xAxis"]["min"], option["xAxis"]["max"] = (x0 + x1) / 2 - half_x, (x0 + x1) / 2 + half_x
    option["yAxis"]["min"], option["yAxis"]["max"] = (y0 + y1) / 2 - half_y, (y0 + y1) / 2 + half_y
