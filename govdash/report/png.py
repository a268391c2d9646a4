"""Server-side PNG of plotly figures with kaleido and the system Chromium, offline.

kaleido 1.x drives the Chromium it finds (``/usr/bin/chromium``; ``BROWSER_PATH`` overrides it) and
loads plotly.js from the installed plotly package. MathJax, which it would fetch from a CDN, is
switched off. ``kaleido.get_chrome()`` (a download) is never called.

The browser gets no network at all: every http(s)/ws request (loopback included) goes to a proxy
address where nothing listens and every host name resolves to nothing, so a name in a chart that
smuggles a URL (``<span style="background-image:url(…)">``) fetches nothing even if it got past the
escaping (``text_safe``, applied to every figure here). kaleido's own page and
plotly.js load from ``file:``.

    png = chart_png(fig)                      # one chart, one browser start (~2–6 s)
    pngs = charts_png([(fig, 1200, 700), …])  # a batch shares one browser (~0.2 s per chart)
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence

import kaleido
import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
from choreographer.browsers.chromium import Chromium

from etl.safe_text import plot_text

pio.defaults.mathjax = False

DEFAULT_WIDTH, DEFAULT_HEIGHT, DEFAULT_SCALE = 1200, 700, 2
_LOCK = threading.Lock()  # one Chromium at a time per process (exports are rare; memory is not)


# A proxy that refuses everything (port 9 "discard" is closed on servers) — with loopback included,
# which Chromium otherwise always bypasses — and a resolver that knows no host.
OFFLINE_FLAGS = (
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--disable-background-networking",
    "--dns-prefetch-disable",
    "--no-pings",
)


# Trace and layout attributes plotly draws as (HTML-like) text. Templates (hovertemplate,
# texttemplate) are ours and keep their markup; the values they insert are escaped here.
_TRACE_TEXT = ("x", "y", "text", "hovertext", "labels", "name", "customdata")
_LAYOUT_TEXT = ("title.text", "legend.title.text")
_AXIS_TEXT = ("title.text", "ticktext")


def _escaped(value: object) -> object:
    """Strings escaped for plotly, recursively through lists, tuples and object arrays."""
    if isinstance(value, str):
        return plot_text(value)
    if isinstance(value, np.ndarray):
        return np.array([_escaped(v) for v in value], dtype=object) if value.dtype == object else value
    if isinstance(value, (list, tuple)):
        return [_escaped(v) for v in value]
    return value


def _escape_path(obj: object, path: str) -> None:
    *parents, last = path.split(".")
    for part in parents:
        obj = getattr(obj, part, None)
        if obj is None:
            return
    value = getattr(obj, last, None)
    if value is not None:
        setattr(obj, last, _escaped(value))


def text_safe(fig: go.Figure, copy: bool = True) -> go.Figure:
    """A copy of ``fig`` (``copy=False``: ``fig`` itself) whose data-bearing text shows literally (no
    links, styles or images)."""
    if copy:
        fig = go.Figure(fig)
    for trace in fig.data:
        for attr in _TRACE_TEXT:
            if attr in trace:
                _escape_path(trace, attr)
    for path in _LAYOUT_TEXT:
        _escape_path(fig.layout, path)
    fig.for_each_xaxis(lambda axis: [_escape_path(axis, p) for p in _AXIS_TEXT])
    fig.for_each_yaxis(lambda axis: [_escape_path(axis, p) for p in _AXIS_TEXT])
    for note in fig.layout.annotations:
        _escape_path(note, "text")
    return fig


class ChartImageError(RuntimeError):
    """Chromium could not render a chart (missing browser, timeout)."""


class OfflineChromium(Chromium):
    """kaleido's Chromium with the network cut off (``OFFLINE_FLAGS``)."""

    def get_cli(self) -> list[str]:
        return [*super().get_cli(), *OFFLINE_FLAGS]


async def _render(jobs: Sequence[tuple[go.Figure, int, int]], scale: float) -> list[bytes]:
    images = []
    async with kaleido.Kaleido(n=1, mathjax=False, timeout=60, browser_cls=OfflineChromium) as k:
        for fig, width, height in jobs:
            opts = {"format": "png", "width": width, "height": height, "scale": scale}
            images.append(await k.calc_fig(text_safe(fig), opts=opts))
    return images


def _run(jobs: Sequence[tuple[go.Figure, int, int]], scale: float) -> list[bytes]:
    """Run the async renderer on its own thread (safe whether or not the caller has an event loop)."""
    result: dict[str, object] = {}

    def target() -> None:
        try:
            result["images"] = asyncio.run(_render(jobs, scale))
        except Exception as exc:  # noqa: BLE001 - reported to the caller below
            result["error"] = exc

    with _LOCK:
        thread = threading.Thread(target=target, name="kaleido-export", daemon=True)
        thread.start()
        thread.join()
    if "error" in result:
        raise ChartImageError(str(result["error"])) from result["error"]  # type: ignore[misc]
    return result["images"]  # type: ignore[return-value]


def charts_png(jobs: Sequence[tuple[go.Figure, int, int]], scale: float = DEFAULT_SCALE) -> list[bytes]:
    """PNG bytes of several ``(figure, width_px, height_px)``, rendered by one browser."""
    if not jobs:
        return []
    return _run(list(jobs), scale)


def chart_png(
    fig: go.Figure, width: int = DEFAULT_WIDTH, height: int = DEFAULT_HEIGHT, scale: float = DEFAULT_SCALE
) -> bytes:
    """PNG bytes of one plotly figure (``scale`` 2 gives a 2400×1400 image at the default size)."""
    return charts_png([(fig, width, height)], scale)[0]
