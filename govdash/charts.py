"""Shared chart styling: one colour scheme, explicit number formats, readable on a projector.

Page modules build their figures with plotly and pass them through ``style``; pages render them
with ``show`` (so every chart gets the same offline-safe config).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

# One palette for the whole product (colour-blind safe order; red is the party-building accent)
PALETTE = ["#c8102e", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf", "#7f7f7f"]
GOOD, WARN, BAD, NEUTRAL = "#2e7d32", "#f9a825", "#c62828", "#9e9e9e"
STAR_COLORS = {0: "#bdbdbd", 1: "#ffe082", 2: "#ffca28", 3: "#ffa000", 4: "#f57c00", 5: "#c8102e"}
FONT = "Microsoft YaHei, PingFang SC, Noto Sans CJK SC, Noto Sans SC, sans-serif"

PLOTLY_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}


def style(fig: go.Figure, title: str, x_title: str = "", y_title: str = "", height: int = 380,
          legend: bool = True) -> go.Figure:
    """Title stating subject and unit, axis titles with units, thousands separators, no SI suffixes."""
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 18}},
        font={"family": FONT, "size": 14},
        colorway=PALETTE,
        separators=".,",
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        plot_bgcolor="white",
        paper_bgcolor="white",
        showlegend=legend,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        hoverlabel={"font": {"family": FONT}},
    )
    fig.update_xaxes(title_text=x_title, showgrid=False, linecolor="#888", automargin=True)
    fig.update_yaxes(title_text=y_title, gridcolor="#eee", tickformat=",~r", zeroline=True,
                     zerolinecolor="#ccc", automargin=True)
    return fig


def traffic_light(value: float | None, target: float, warn_ratio: float = 0.8) -> str:
    """Colour of a value against a target: green when met, amber within ``warn_ratio``, red below."""
    if value is None or value != value:
        return NEUTRAL
    if value >= target:
        return GOOD
    return WARN if value >= target * warn_ratio else BAD


def show(fig: go.Figure, key: str | None = None, **kwargs) -> object:
    """Render a figure with the shared config (no external resources are needed by plotly)."""
    return st.plotly_chart(fig, config=PLOTLY_CONFIG, key=key, width="stretch", **kwargs)


# Start loading Streamlit's chart code (plotly.js is a 4.7 MB chunk, deck.gl 3 MB) as soon as the frame
# reaches the browser, while the page's script still runs on the server; otherwise the browser asks for
# it only when the first chart arrives. Same origin, same URLs as Streamlit's own lazy imports (one copy).
PRELOAD_JS = """<script>(() => {
  const index = document.querySelector('script[type=module][src*="static/js/index."]');
  if (index) for (const f of FILES) import(new URL(f, index.src).href).catch(() => {});
})();</script>"""


@cache
def _chunk_files(names: tuple[str, ...]) -> tuple[str, ...]:
    js = Path(st.__file__).parent / "static" / "static" / "js"
    return tuple(sorted(f.name for name in names for f in js.glob(f"{name}.*.js")))


def preload(*names: str) -> None:
    """Fetch and compile the named front-end chunks early (e.g. ``PlotlyChart``, ``DeckGlJsonChart``)."""
    files = _chunk_files(tuple(names))
    if files:
        st.html(PRELOAD_JS.replace("FILES", json.dumps(list(files))), unsafe_allow_javascript=True)
