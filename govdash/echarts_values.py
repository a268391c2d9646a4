"""Values and texts of plotly traces as ECharts takes them (``govdash.echarts``): plain JSON values,
hover templates filled in per point (HTML, values escaped), canvas texts, multi-category keys."""

from __future__ import annotations

import base64
import datetime as dt
import html
import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from govdash.formatting import MISSING

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_FIELD = re.compile(r"%\{([^}:|]+)(?:([:|])([^}]*))?\}")
DATE_FORMATS = {
    "%Y年": "{yyyy}年",
    "%Y年%-m月": "{yyyy}年{M}月",
    "%Y-%m": "{yyyy}-{MM}",
    "%Y": "{yyyy}",
    "%b %Y": "{MMM} {yyyy}",
}


DATA = ("x", "y", "text", "customdata", "labels", "values")


def plain_trace(trace: dict[str, Any]) -> dict[str, Any]:
    """A trace with its data (``DATA``, marker colours) as plain JSON values, converted once: the
    functions below read traces converted so."""
    out = {**trace, **{k: plain(trace[k]) for k in DATA if k in trace}}
    marker = trace.get("marker")
    if marker:
        out["marker"] = {**marker, **{k: plain(marker[k]) for k in ("color", "colors") if k in marker}}
    return out


def plain(value: Any) -> Any:
    """JSON-safe: numpy scalars and arrays to Python, NaN to None (ECharts draws a gap)."""
    if isinstance(value, dict) and "bdata" in value:  # plotly's typed array: {dtype, bdata, shape}
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        shape = value.get("shape")
        if shape:
            array = array.reshape([int(n) for n in str(shape).split(",")])
        return plain(array)
    if isinstance(value, (dt.date, dt.datetime)):  # also pandas' Timestamp
        return value.isoformat()
    if isinstance(value, np.datetime64):
        return str(value)
    if hasattr(value, "to_numpy") and not isinstance(value, np.ndarray):  # pandas Series, Index
        value = value.to_numpy()
    if isinstance(value, np.ndarray) and value.dtype.kind == "M":
        return [str(v) for v in value.astype("datetime64[s]")]
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "iub":
            return value.tolist()
        if value.dtype.kind == "f":
            return [None if v != v else v for v in value.tolist()]  # NaN: a gap
        return [plain(v) for v in value.tolist()]
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def number_text(value: Any, spec: str) -> str:
    """``value`` in a d3 format of the product's hover templates (``,d``, ``,.1f``, ``.0f``, ``,``)."""
    if value is None or isinstance(value, str):
        return "" if value is None else value
    comma = "," in spec
    digits = re.search(r"\.(\d+)f", spec)
    share = re.search(r"\.(\d+)%", spec)
    if share:
        text = f"{value * 100:.{share.group(1)}f}%"
    elif digits:
        text = f"{value:,.{digits.group(1)}f}" if comma else f"{value:.{digits.group(1)}f}"
    elif spec.rstrip().endswith("d"):
        text = f"{round(value):,d}" if comma else f"{round(value):d}"
    else:
        rounded = round(value, 6)
        whole = float(rounded).is_integer()
        text = f"{int(rounded):,d}" if whole else f"{rounded:,}"
        text = text if comma or not spec else text.replace(",", "")
    return text


def date_text(value: Any, spec: str) -> str:
    try:
        return dt.date.fromisoformat(str(value)[:10]).strftime(spec.replace("%-", "%"))
    except ValueError:
        return str(value)


def field_value(point: dict[str, Any], name: str) -> Any:
    match = re.fullmatch(r"customdata\[(\d+)\]", name)
    if match:
        data = point.get("customdata")
        index = int(match.group(1))
        return data[index] if isinstance(data, list) and index < len(data) else None
    return point.get(name)


def hover_text(template: str, point: dict[str, Any]) -> str:
    """A plotly hover template filled in for one point, as HTML for an ECharts tooltip: values
    escaped, a missing one shown as ``—``, the template's own markup (``<br>``) kept, ``<extra>``
    dropped, braces escaped."""

    def fill(match: re.Match[str]) -> str:
        value = field_value(point, match.group(1))
        if value is None:  # missing, not empty and not 0
            return MISSING
        if match.group(2) == ":":
            text = number_text(value, match.group(3))
        elif match.group(2) == "|":
            text = date_text(value, match.group(3))
        elif isinstance(value, list):  # a whole customdata list, as plotly joins it
            text = ", ".join(str(v) for v in value)
        else:
            text = value if isinstance(value, str) else number_text(value, "")
        return html.escape(str(text).split(GROUP, 1)[0], quote=False)

    filled = _FIELD.sub(fill, re.sub(r"<extra>.*?</extra>", "", template))
    return filled.replace("{", "&#123;").replace("}", "&#125;")


def canvas_text(value: Any) -> Any:
    """Text ECharts draws on the canvas: plotly's line break ``<br>`` as a newline."""
    return value.replace("<br>", "\n") if isinstance(value, str) else value


def is_date(values: Sequence[Any]) -> bool:
    present = [v for v in values if v is not None]
    return bool(present) and all(isinstance(v, str) and _DATE.match(v) for v in present)


def axis_values(trace: dict[str, Any], axis: str) -> list[Any]:
    values = trace.get(axis)
    if values is None:
        other = trace.get("y" if axis == "x" else "x") or []
        return list(range(len(other)))
    return [canvas_text(v) for v in values]


GROUP = "\u2063"  # INVISIBLE SEPARATOR: between a multi-category's inner label and its group


def multi_category(traces: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Traces whose x is plotly's multi-category (``[[outer...], [inner...]]``) with one key per
    point instead: its inner label, made distinct per group by invisible separators; and each key's
    group (outer label)."""
    outers: list[Any] = []
    for trace in traces:
        values = trace.get("x")
        if values and isinstance(values[0], list):
            outers += [o for o in values[0] if o not in outers]
    groups: dict[str, str] = {}
    result = []
    for trace in traces:
        values = trace.get("x")
        if values and isinstance(values[0], list):
            keys = [f"{canvas_text(i)}{GROUP * (outers.index(o) + 1)}" for o, i in zip(*values, strict=True)]
            groups |= {k: canvas_text(o) for k, (o, _i) in zip(keys, zip(*values, strict=True), strict=True)}
            trace = {**trace, "x": keys}
        result.append(trace)
    return result, groups


def points(trace: dict[str, Any]) -> list[dict[str, Any]]:
    """Each point of a trace as plotly names its fields (x, y, text, customdata)."""
    xs, ys = axis_values(trace, "x"), axis_values(trace, "y")
    n = max(len(xs), len(ys))
    text = trace.get("text")
    custom = trace.get("customdata")
    points = []
    for i in range(n):
        point = {"x": xs[i] if i < len(xs) else None, "y": ys[i] if i < len(ys) else None}
        point["text"] = text[i] if isinstance(text, list) and i < len(text) else text
        point["customdata"] = custom[i] if isinstance(custom, list) and i < len(custom) else custom
        points.append(point)
    return points


def legend_only(trace: dict[str, Any]) -> bool:
    values = trace.get("x") or []
    return trace.get("hoverinfo") == "skip" and all(v is None for v in values)
