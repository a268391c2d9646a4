"""The product's plotly figures drawn by Apache ECharts (``st.echarts_chart``, part of Streamlit).

Figures are built once, with plotly (``govdash.charts``), because the PDF report renders them to PNG
with kaleido and the tests read their specs. The browser draws them with ECharts: plotly's front-end
chunk alone added 1.4 s to a page's first visit, ECharts 0.36 s (docs/benchmarks.md §3c).
``option(fig)`` translates the subset of plotly the product uses: bar (vertical, horizontal, grouped,
stacked, colour per bar, text labels), scatter (lines, markers), dashed reference lines with their
labels, category / date / value axes with their number formats, and hover templates.

Text: ECharts draws titles, axis labels, legends and bar labels on a canvas as plain text, so they
are passed as they are; tooltips are HTML, so the values a hover template inserts are escaped there.
Every text that ECharts would read as a template (``{a}``, ``{@x}``, rich text ``{s|…}``) reaches it
as data (an item's ``name`` shown by ``{b}``) or with its braces escaped, never as a template.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from govdash import echarts_axes as axes
from govdash import echarts_labels as labels
from govdash import echarts_values as values

# plotly marker symbols of the product → ECharts symbols and their (width, height) for a size
_SYMBOLS = {"line-ns-open": ("rect", (0.18, 1.0)), "line-ew-open": ("rect", (1.0, 0.09))}


def _item_color(trace: dict[str, Any], i: int) -> str | None:
    color = (trace.get("marker") or {}).get("color")
    return color[i] if isinstance(color, list) and i < len(color) else None


def _series_color(trace: dict[str, Any]) -> str | None:
    color = (trace.get("marker") or {}).get("color")
    if isinstance(color, str):
        return color
    return (trace.get("line") or {}).get("color")


def _series(
    trace: dict[str, Any], points: list[dict[str, Any]], horizontal: bool, layout: dict[str, Any], size: int
) -> dict[str, Any]:
    kind = trace.get("type", "scatter")
    mode = trace.get("mode") or ("lines+markers" if kind == "scatter" else "")
    name = values.canvas_text(trace.get("name") or "")
    series: dict[str, Any] = {"name": name, "type": "bar" if kind == "bar" else "line"}
    if kind == "scatter" and "lines" not in mode:
        series["type"] = "scatter"
    if values.legend_only(trace):
        series |= {"type": "scatter", "data": [], "symbol": "roundRect"}
        color = _series_color(trace)
        return series | ({"itemStyle": {"color": color}} if color else {})
    color = _series_color(trace)
    if color:
        series["itemStyle"] = {"color": color}
    if series["type"] == "line":
        line = trace.get("line") or {}
        series["lineStyle"] = {"width": line.get("width", 2), **({"color": color} if color else {})}
        if line.get("dash") in ("dash", "dot", "dashdot", "longdash"):
            series["lineStyle"]["type"] = "dotted" if line["dash"] == "dot" else "dashed"
        series["showSymbol"] = "markers" in mode
        series["connectNulls"] = False
    if series["type"] == "scatter":
        marker = trace.get("marker") or {}
        symbol, (w, h) = _SYMBOLS.get(marker.get("symbol"), ("circle", (1.0, 1.0)))
        big = marker.get("size", 8)
        series |= {"symbol": symbol, "symbolSize": [max(2, round(big * w)), max(2, round(big * h))]}
        if "markers" not in mode:  # text only: an invisible point (ECharts labels no point of size 0)
            series |= {"symbolSize": 1, "itemStyle": {"color": "transparent"}}
    if kind == "bar" and layout.get("barmode") == "stack":
        series["stack"] = "total"
    label = labels.label(trace, horizontal, size)
    if label:
        series["label"] = label
        # stacked: a segment too thin for its number (2 five-star communities on top of 5 four-star)
        # drops it rather than printing it over its neighbour's (the tooltip still has it)
        series["labelLayout"] = {"hideOverlap": "stack" in series}
    reach = ((layout.get("xaxis" if horizontal else "yaxis") or {}).get("range") or [0, 0])[1]
    series["data"] = _data(trace, points, horizontal, label is not None, reach or 0)
    # a number above a valley sits where the line climbs out; a point's own place (a map's names)
    if label and (series["type"] == "line" or isinstance(trace.get("textposition"), list)):
        for i, side in labels.moved(trace, [p["y"] for p in points], label["position"]).items():
            series["data"][i]["label"] = {"position": side}
    return series


def _data(
    trace: dict[str, Any], points: list[dict[str, Any]], horizontal: bool, labelled: bool, reach: float = 0
) -> list[dict[str, Any]]:
    """The series' items from the trace's ``points`` (``values.points``): value ``[x, y]``, text label
    (``name``), own colour, tooltip. ``reach``: where the value axis ends (0: at the longest bar)."""
    template = trace.get("hovertemplate")
    if template is None:  # plotly's default hover: the category and the value
        template = "%{y}: %{x}" if horizontal else "%{x}: %{y}"
    lengths = [p["x" if horizontal else "y"] for p in points]
    longest = max([reach, *(abs(v) for v in lengths if isinstance(v, (int, float)))])
    data = []
    for i, point in enumerate(points):
        value = [point["x"], point["y"]]
        item: dict[str, Any] = {"value": value}
        if labelled:
            item["name"] = "" if point["text"] is None else values.canvas_text(str(point["text"]))
        color = _item_color(trace, i)
        if color:
            item["itemStyle"] = {"color": color}
        if (
            labelled
            and trace.get("textposition", "auto") == "auto"
            and labels.fits(point, horizontal, longest)
        ):
            item["label"] = {
                "position": "insideRight" if horizontal else "insideTop",
                "color": "white",
                **labels.UNBOXED,
            }
        if trace.get("hoverinfo") == "skip":
            item["tooltip"] = {"show": False}
        elif isinstance(template, str):
            item["tooltip"] = {"formatter": values.hover_text(template, point)}
        data.append(item)
    return data


def _reference_lines(layout: dict[str, Any], inverse: bool = False) -> list[dict[str, Any]]:
    """The layout's dashed lines (``charts.reference_line``) as markLine data, each with the label
    the annotation at its value gives."""
    notes = layout.get("annotations") or []
    lines = []
    for shape in layout.get("shapes") or []:
        if shape.get("type") != "line":
            continue
        axis = "x" if shape.get("xref") == "x" else "y"
        value = values.plain(shape.get(f"{axis}0"))
        note = next(
            (
                n
                for n in notes
                if n.get("xref" if axis == "x" else "yref") == axis and values.plain(n.get(axis)) == value
            ),
            None,
        )
        right = note is not None and note.get("xanchor") == "right"
        top = "start" if inverse else "end"  # a vertical line's label above the plot
        position = top if axis == "x" else ("insideEndTop" if right else "insideStartTop")
        style = shape.get("line") or {}
        lines.append(
            {
                f"{axis}Axis": value,
                "name": values.canvas_text((note or {}).get("text") or ""),
                "lineStyle": {"color": style.get("color", "#424242"), "type": "dashed", "width": 1.5},
                "label": {
                    "show": note is not None,
                    "formatter": "{b}",
                    "position": position,
                    "color": style.get("color", "#424242"),
                },
            }
        )
    return lines


@dataclass(frozen=True)
class Drawing:
    """A plotly figure as ECharts draws it: the ``option``, and per series its points' ``x``, ``y``
    and ``customdata`` (what a click, reported as series and data indices, selected)."""

    option: dict[str, Any]
    points: list[list[dict[str, Any]]]


def drawing(fig: go.Figure | dict[str, Any]) -> Drawing:
    """``fig`` (a plotly figure or its dict) translated for ECharts, its traces read once."""
    spec = fig.to_dict() if isinstance(fig, go.Figure) else fig
    traces, grouped = values.multi_category(_traces(spec))
    points = [values.points(t) for t in traces]  # read once: the series' items and the clickable points
    keep = ("x", "y", "customdata")
    clickable = [[{k: p[k] for k in keep} for p in trace_points] for trace_points in points]
    option = _option(traces, points, grouped, spec.get("layout", {}))
    return Drawing(option, _stacks_aligned(option, clickable))


def _stacks_aligned(
    option: dict[str, Any], clickable: list[list[dict[str, Any]]]
) -> list[list[dict[str, Any]]]:
    """Stacked bars on a time axis, each series given an item at every date of the stack, in date
    order (an empty one where it has no bar), and the clickable points alike. ECharts stacks a
    time axis's bars by item index, not by date: a community's activity types, each in a few months
    only, were drawn floating on other months' bars."""
    x_axis = option.get("xAxis")
    stacked = [k for k, s in enumerate(option["series"]) if s["type"] == "bar" and s.get("stack")]
    if not stacked or not isinstance(x_axis, dict) or x_axis.get("type") != "time":
        return clickable
    per_series = [[item["value"][0] for item in option["series"][k]["data"]] for k in stacked]
    if any(len(set(xs)) < len(xs) for xs in per_series):  # two bars of one series at a date: as given
        return clickable
    dates = sorted({x for xs in per_series for x in xs})
    aligned = list(clickable)
    for k in stacked:
        series = option["series"][k]
        have = {
            item["value"][0]: (item, point) for item, point in zip(series["data"], clickable[k], strict=True)
        }
        gap = {"x": None, "y": None, "customdata": None}  # a date without a bar of this series
        pairs = [have.get(d) or ({"value": [d, None]}, {**gap, "x": d}) for d in dates]
        series["data"], aligned[k] = [item for item, _ in pairs], [point for _, point in pairs]
    return aligned


def option(fig: go.Figure | dict[str, Any]) -> dict[str, Any]:
    """The ECharts option that draws ``fig`` (``drawing(fig).option``)."""
    return drawing(fig).option


def _option(
    traces: list[dict[str, Any]],
    points: list[list[dict[str, Any]]],
    grouped: dict[str, str],
    layout: dict[str, Any],
) -> dict[str, Any]:
    horizontal = axes.horizontal(traces)
    font = layout.get("font") or {}
    size = font.get("size", 14)
    kinds = {axis: axes.axis_kind(traces, axis) for axis in ("x", "y")}
    if horizontal:
        kinds = {"x": "value", "y": "category"}
    categories = {
        axis: list(
            dict.fromkeys(v for t in traces if not values.legend_only(t) for v in values.axis_values(t, axis))
        )
        for axis in ("x", "y")
    }
    if traces and traces[0].get("type") == "pie":
        return _pie_option(traces[0], layout, size)
    series = [_series(t, p, horizontal, layout, size) for t, p in zip(traces, points, strict=True)]
    lines = _reference_lines(layout, inverse=(layout.get("yaxis") or {}).get("autorange") == "reversed")
    if lines and series:
        host = next(s for s in series if s["type"] != "scatter" or s["data"])
        # under the series (z 2): the line shows between bars and behind value labels, never over them
        host["markLine"] = {"symbol": "none", "silent": True, "animation": False, "z": 1, "data": lines}
    legend = layout.get("showlegend", True) and any(t.get("showlegend", True) for t in traces)
    shown = [
        s["name"] for s, t in zip(series, traces, strict=True) if t.get("showlegend", True) and s["name"]
    ]
    margin = layout.get("margin") or {}
    x_axis = axes.axis_spec(layout, "x", kinds["x"], categories["x"], size, grouped, _top(series, 0))
    top = margin.get("t", 60) + (24 if legend else 0)
    bottom = margin.get("b", 10) + 10 + (size + 8 if "name" in x_axis else 0)
    # the plot's height, for the y title to wrap within: the x axis's labels take its name's gap
    room = layout.get("height", 380) - top - bottom - x_axis.get("nameGap", 2 * size)
    y_axis = axes.axis_spec(layout, "y", kinds["y"], categories["y"], size, top=_top(series, 1), room=room)
    # the y title's lines: one, and a line height more for each line it wraps onto
    y_title = size + 8 + y_axis["name"].count("\n") * (size + 4) if "name" in y_axis else 0
    group = axes.group_axis(categories["x"], grouped)
    option: dict[str, Any] = {
        **_frame(layout, size),
        "grid": {
            "left": margin.get("l", 10) + 10 + y_title,
            "right": margin.get("r", 10) + 30,
            "top": top,
            "bottom": bottom,
            # ECharts 6: the plot shrinks until its axis labels AND axis names fit in the chart (the
            # old ``containLabel`` kept only the labels in, so a name below long rotated labels
            # could fall off the bottom when the labels' estimated extent was off)
            "outerBoundsMode": "auto",
            "outerBoundsContain": "all",
            "outerBounds": {"left": 4, "right": 4, "top": 0, "bottom": 4},
        },
        "xAxis": [x_axis, group] if group else x_axis,
        "yAxis": y_axis,
        "series": series,
    }
    if legend and shown:
        option["legend"] = axes.legend_spec(layout, shown, size, bool(option["title"]["text"]))
        if option["legend"].get("orient") == "vertical":  # a column beside the plot
            option["grid"]["right"] += max(axes.text_width(n, size) for n in shown) + 40
        elif "bottom" in option["legend"]:
            font = option["legend"]["textStyle"]["fontSize"]
            rows = axes.legend_rows(shown, font)
            option["grid"]["bottom"] += size + 16
            option["grid"]["top"] -= 24
            # the axis labels and name stay above the legend's rows
            option["grid"]["outerBounds"]["bottom"] += rows * (font + 12) + 6
    if layout.get("bargap") is not None:
        for s in series:
            if s["type"] == "bar":
                s["barCategoryGap"] = f"{round(layout['bargap'] * 100)}%"
    axes.keep_proportions(option, layout)
    return option


def _top(series: list[dict[str, Any]], index: int) -> float:
    """The largest number drawn along one axis (0: x, 1: y), stacked bars summed per category."""
    totals: dict[object, float] = {}
    top = 0.0
    for s in series:
        for item in s["data"]:
            value, where = item["value"][index], item["value"][1 - index]
            if not isinstance(value, (int, float)):
                continue
            if s.get("stack"):
                totals[where] = totals.get(where, 0.0) + abs(value)
                top = max(top, totals[where])
            top = max(top, abs(value))
    return top


def _frame(layout: dict[str, Any], size: int) -> dict[str, Any]:
    """What every chart's option shares: drawn at once (ready means drawn), the palette, the font,
    the title at the top left, item tooltips kept inside the chart, the background."""
    font = layout.get("font") or {}
    title = layout.get("title") or {}
    return {
        "animation": False,
        "color": layout.get("colorway") or [],
        "textStyle": {"fontFamily": font.get("family"), "fontSize": size},
        "title": {
            "text": values.canvas_text(title.get("text") or ""),
            "left": 0,
            "textStyle": {"fontSize": (title.get("font") or {}).get("size", size + 4), "fontWeight": "bold"},
        },
        "tooltip": {"trigger": "item", "confine": True, "textStyle": {"fontFamily": font.get("family")}},
        "backgroundColor": layout.get("paper_bgcolor", "white"),
    }


def _pie_option(trace: dict[str, Any], layout: dict[str, Any], size: int) -> dict[str, Any]:
    """A donut (plotly's pie with a hole): slices in order, clockwise, labelled with name and share."""
    labels = [values.canvas_text(v) for v in trace.get("labels") or []]
    sizes = trace.get("values") or []
    colors = (trace.get("marker") or {}).get("colors") or []
    total = sum(v for v in sizes if isinstance(v, (int, float))) or 1
    template = trace.get("hovertemplate")
    data = []
    for i, (label, value) in enumerate(zip(labels, sizes, strict=False)):
        item: dict[str, Any] = {"name": label, "value": value}
        if i < len(colors) and colors[i]:
            item["itemStyle"] = {"color": colors[i]}
        if isinstance(template, str):
            point = {"label": label, "value": value, "percent": (value or 0) / total}
            item["tooltip"] = {"formatter": values.hover_text(template, point)}
        data.append(item)
    hole = trace.get("hole") or 0
    series = {
        "type": "pie",
        "radius": [f"{round(hole * 65)}%", "65%"],
        "center": ["50%", "55%"],
        "clockwise": trace.get("direction", "counterclockwise") == "clockwise",
        "startAngle": 90,
        "percentPrecision": 1,
        # a long name wraps at the chart's edge instead of ending in "..." (ECharts' default)
        "label": {"formatter": "{b}\n{d}%", "fontSize": size, "overflow": "break"},
        "itemStyle": {"borderColor": "white", "borderWidth": 2},
        "data": data,
    }
    return {**_frame(layout, size), "series": [series]}


def _traces(fig: go.Figure | dict[str, Any]) -> list[dict[str, Any]]:
    spec = fig.to_dict() if isinstance(fig, go.Figure) else fig
    return [values.plain_trace(t) for t in spec.get("data", []) if t.get("visible", True) is not False]


def selected_points(state: Any, points: list[list[dict[str, Any]]] | None) -> list[dict[str, Any]]:
    """The points an ECharts selection state (``st.echarts_chart``'s, by series and data indices)
    selected, from ``Drawing.points``: each point's ``x``, ``y``, ``customdata``, with ``curve_number``
    and ``point_index`` as plotly names them. Indices outside ``points`` are left out."""
    try:
        groups = state["selection"]["selected"]
    except (KeyError, TypeError):
        return []
    points = points or []
    found = []
    for group in groups or []:
        series = group.get("series_index")
        if series is None or not 0 <= series < len(points):
            continue
        for index in group.get("data_indices") or []:
            if 0 <= index < len(points[series]):
                found.append({**points[series][index], "curve_number": series, "point_index": index})
    return found


def selectable(spec: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``spec`` whose bars and points select on a click (one at a time)."""
    series = [s | {"selectedMode": "single"} if s["data"] else s for s in spec["series"]]
    return spec | {"series": series}


def height(fig: go.Figure | dict[str, Any], default: int = 380) -> int:
    """The figure's height in pixels (its layout's, else ``default``)."""
    value = fig.layout.height if isinstance(fig, go.Figure) else fig.get("layout", {}).get("height")
    return int(value) if value else default


__all__ = ["Drawing", "drawing", "height", "option", "selectable", "selected_points"]
