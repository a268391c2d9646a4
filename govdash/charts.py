"""Shared chart styling: one colour scheme, explicit number formats, readable on a projector.

Page modules build their figures with plotly and pass them through ``style``. Pages render them with
``show``: the browser draws them with Apache ECharts (``govdash.echarts``, part of Streamlit: 2 MB of
chart code for a first visit instead of plotly's 4.7 MB), which draws names as plain text and gets
tooltips with every value escaped. The report's PNG export renders the same plotly figures with
kaleido, after ``govdash.report.png.text_safe``: plotly parses HTML-like tags (``<a href>``,
``<span style>``) in names, titles and hover text, so names from uploaded files are escaped there.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import plotly.graph_objects as go
import streamlit as st

from govdash import cache, echarts, status
from govdash.status import BAD, GOOD, NEUTRAL, WARN  # noqa: F401  (re-exported: one set of status colours)

# One palette for the whole product (colour-blind safe order; red is the party-building accent)
PALETTE = ["#c8102e", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf", "#7f7f7f"]
STAR_COLORS = {0: "#bdbdbd", 1: "#ffe082", 2: "#ffca28", 3: "#ffa000", 4: "#f57c00", 5: "#c8102e"}
FONT = "Microsoft YaHei, PingFang SC, Noto Sans CJK SC, Noto Sans SC, sans-serif"


def _styles(
    title: str, x_title: str, y_title: str, height: int, legend: bool
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The shared layout, x-axis and y-axis settings (``style`` and ``styled_layout``)."""
    layout = {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 18}},
        "font": {"family": FONT, "size": 14},
        "colorway": PALETTE,
        "separators": ".,",
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 60, "b": 10},
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "showlegend": legend,
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        "hoverlabel": {"font": {"family": FONT}},
    }
    x_axis = {"title": {"text": x_title}, "showgrid": False, "linecolor": "#888", "automargin": True}
    y_axis = {
        "title": {"text": y_title},
        "gridcolor": "#eee",
        "tickformat": ",~r",
        "zeroline": True,
        "zerolinecolor": "#ccc",
        "automargin": True,
    }
    return layout, x_axis, y_axis


def style(
    fig: go.Figure, title: str, x_title: str = "", y_title: str = "", height: int = 380, legend: bool = True
) -> go.Figure:
    """Title stating subject and unit, axis titles with units, thousands separators, no SI suffixes."""
    layout, x_axis, y_axis = _styles(title, x_title, y_title, height, legend)
    fig.update_layout(layout)
    fig.update_xaxes(x_axis)
    fig.update_yaxes(y_axis)
    return fig


def month_axis(months: Iterable[object], lang: str) -> dict[str, Any]:
    """A date axis of months (2024年5月 / May 2024), an xaxis dict for ``styled_layout``: a tick every
    quarter, every half year beyond two years of ``months``, never turned. Without a step ECharts ticks
    every month and hides the labels that collide, leaving an uneven few (4月, 7月, 1月, 7月 …)."""
    span = len(set(months))
    return {
        "tickformat": "%Y年%-m月" if lang == "zh" else "%b %Y",
        "hoverformat": "%Y-%m",
        "dtick": "M3" if span <= 24 else "M6",
        "tickangle": 0,
    }


def styled_layout(
    title: str, x_title: str = "", y_title: str = "", height: int = 380, legend: bool = True, **extra: Any
) -> dict[str, Any]:
    """``style``'s settings as a layout dict for a figure built from a spec in one go (one plotly
    validation instead of one per update: the charts every cold page view builds). ``extra``: more
    layout keys; ``xaxis``/``yaxis`` dicts are merged over the shared axis settings."""
    layout, x_axis, y_axis = _styles(title, x_title, y_title, height, legend)
    return {
        **layout,
        **extra,
        "xaxis": {**x_axis, **extra.get("xaxis", {})},
        "yaxis": {**y_axis, **extra.get("yaxis", {})},
    }


def reference_line(
    value: float, axis: str = "y", color: str = BAD, text: str | None = None, position: str = "top left"
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A dashed line across the plot at ``value`` on ``axis`` ("y": horizontal, "x": vertical), with its
    label (``text``) at ``position`` ("top left" / "top right"), as the (shapes, annotations) of a layout
    spec: what ``fig.add_hline``/``add_vline`` add, without a validation pass per call."""
    other = "x" if axis == "y" else "y"
    shape = {"type": "line", "line": {"color": color, "dash": "dash"}}
    shape |= {f"{axis}0": value, f"{axis}1": value, f"{axis}ref": axis}
    shape |= {f"{other}0": 0, f"{other}1": 1, f"{other}ref": f"{other} domain"}
    if text is None:
        return [shape], []
    right = position.endswith("right")
    if axis == "y":
        place = {"x": 1 if right else 0, "xref": "x domain", "y": value, "yref": "y"}
        place |= {"xanchor": "right" if right else "left", "yanchor": "bottom"}
    else:
        place = {"x": value, "xref": "x", "y": 1, "yref": "y domain"}
        place |= {"xanchor": "left" if right else "right", "yanchor": "top"}
    return [shape], [{"text": text, "showarrow": False, **place}]


def figure(data: list[dict[str, Any]], layout: dict[str, Any]) -> go.Figure:
    """A figure from its spec (trace dicts with ``type``, a ``styled_layout``) in one validation pass:
    building with ``add_*``/``update_*`` validates again on every call (13 ms against 1.5 ms for a
    two-trace bar chart)."""
    return go.Figure({"data": data, "layout": layout})


def traffic_light(value: float | None, target: float, warn_ratio: float = 0.8) -> str:
    """Colour of a value against a target without a due date (``govdash.status``)."""
    return status.color(status.judge(value, target, warn_ratio=warn_ratio))


Build = TypeVar("Build", bound=Callable[..., go.Figure])


def shared(max_entries: int = 256) -> Callable[[Build], Build]:
    """A figure builder made into one figure per arguments, built once and shared by every session
    (``govdash.cache.resource``), read-only (``prepared``): a warm run sends it without building it
    again. The arguments are the key: the data version first (a new load or another user's scope
    builds anew), then what the figure shows (the page model's arguments, the language, its texts)."""

    def wrap(build: Build) -> Build:
        @functools.wraps(build)  # Streamlit keys the cache on the builder's module, name and source
        def shared_figure(*args: Any) -> go.Figure:
            fig = build(*args)
            fig._drawing = echarts.drawing(fig)  # plotly allows private attributes on a figure
            return fig

        return cache.resource(max_entries)(shared_figure)  # type: ignore[return-value]

    return wrap


POINTS_KEY = "_chart_points"  # session state: a selectable chart's points, per chart key


def show(
    fig: go.Figure,
    key: str | None = None,
    on_select: Callable[[], None] | None = None,
    renderer: str = "canvas",
) -> object:
    """Render a figure with ECharts (``govdash.echarts``: the browser loads 2 MB of chart code instead
    of plotly's 4.7 MB). A figure built for one run is translated on each run; a shared one
    (``shared``) once. ``on_select``: a callback run when a bar or point is clicked, which reads
    what was clicked with ``clicked_points(key)``. ``renderer="svg"``: drawn as SVG, sharp when scaled
    (the presentation's slides)."""
    drawn = getattr(fig, "_drawing", None) or echarts.drawing(fig)
    spec = drawn.option
    kwargs: dict[str, Any] = {"key": key, "width": "stretch", "height": echarts.height(fig), "theme": None}
    kwargs["renderer"] = renderer
    kwargs["alt"] = spec["title"]["text"] or None  # what a screen reader names the chart by
    if on_select is not None and key is not None:
        spec = echarts.selectable(spec)
        st.session_state.setdefault(POINTS_KEY, {})[key] = drawn.points
        kwargs["on_select"] = on_select
    return st.echarts_chart(spec, **kwargs)


def clicked_points(key: str) -> list[dict[str, Any]]:
    """The points selected in the chart ``key`` (``show(..., on_select=...)``), as plotly names a
    point's fields: ``customdata``, ``x``, ``y``, ``curve_number``, ``point_index``."""
    return echarts.selected_points(st.session_state.get(key), st.session_state.get(POINTS_KEY, {}).get(key))


# Start loading Streamlit's chart code (plotly.js is a 4.7 MB chunk, deck.gl 3 MB) as soon as the frame
# reaches the browser, while the page's script still runs on the server; otherwise the browser asks for
# it only when the first chart arrives. Same origin, same URLs as Streamlit's own lazy imports (one copy).
PRELOAD_JS = """<script>(() => {
  const index = document.querySelector('script[type=module][src*="static/js/index."]');
  if (index) for (const f of FILES) import(new URL(f, index.src).href).catch(() => {});
})();</script>"""


@functools.cache
def _chunk_files(names: tuple[str, ...]) -> tuple[str, ...]:
    js = Path(st.__file__).parent / "static" / "static" / "js"
    return tuple(sorted(f.name for name in names for f in js.glob(f"{name}.*.js")))


def preload(*names: str) -> None:
    """Fetch and compile the named front-end chunks early (e.g. ``EChartsChart``, ``DeckGlJsonChart``)."""
    files = _chunk_files(tuple(names))
    if files:
        st.html(PRELOAD_JS.replace("FILES", json.dumps(list(files))), unsafe_allow_javascript=True)
