"""Plotly figures of the report's charts, for the presentation page and the PDF (via ``chart_png``).

The same ``Chart``/``MapChart`` also becomes a native PowerPoint chart (``pptx_charts``), so the
figures here follow the shared style (``govdash.charts.style``: one palette, explicit number
formats, no SI suffixes) with larger type for a projector.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from govdash import echarts_labels
from govdash.charts import FONT, style
from govdash.report.layout import count_step
from govdash.report.model import BAR, COLUMN_STACKED, LINE, MAP, PIE, Chart, MapChart, PointGroup
from govdash.value_units import labelled

OUTLINE_COLOR = "#555555"
REFERENCE_COLOR = "#333333"
# a white glow around a number outside its bar or on a line (the PNG of the PDF; the screen uses
# ECharts' own, ``govdash.echarts_labels``): a reference line under it does not cut its digits
HALO = ", ".join(["0 0 3px #fff"] * 6)  # repeated: a soft outline strong enough to cover a line


def label_format(chart: Chart) -> str:
    """d3 format of the value labels: ``,.1f`` for one decimal, ``,d`` for counts."""
    return f",.{chart.decimals}f" if chart.decimals else ",d"


def value_text(chart: Chart, value: float | None) -> str:
    if value is None:
        return ""
    text = f"{value:,.{chart.decimals}f}"
    return text + "%" if chart.percent else text


def _bar(chart: Chart, lang: str) -> go.Figure:
    fig = go.Figure()
    for series in chart.series:
        fig.add_trace(
            go.Bar(
                name=series.name,
                y=list(chart.categories),
                x=list(series.values),
                orientation="h",
                marker_color=list(series.point_colors) or series.color,
                text=[value_text(chart, v) for v in series.values],
                textposition="outside",
                textfont={"shadow": HALO},
                cliponaxis=False,
                hovertemplate=labelled(
                    "%{y}", f"%{{x:{label_format(chart)}}}" + ("%" if chart.percent else ""), lang
                )
                + "<extra></extra>",
            )
        )
    values = [v for s in chart.series for v in s.values if v is not None]
    top = max([*values, chart.reference or 0, 0])
    fig.update_layout(barmode="group", bargap=0.25)
    share = chart.percent and top <= 100  # a share: its axis ends at 100% (then room for the labels)
    fig.update_xaxes(range=[0, (100 if share else top) * 1.24 or 1])
    if share:
        fig.update_xaxes(dtick=25)  # ticks 0-100%: no 120% tick on a share (the headroom has none)
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(
        tickformat=",d" if not chart.decimals or chart.percent else ",.1~f",  # 10, not 10.0; 2.5 kept
        ticksuffix="%" if chart.percent else "",
        rangemode="tozero",
    )
    if chart.reference is not None:
        fig.add_vline(
            x=chart.reference,
            line_dash="dash",
            line_color=REFERENCE_COLOR,
            line_width=2,
            layer="below",  # under the bars and their numbers, as on screen (govdash.echarts_labels)
            annotation_text=chart.reference_label,
            annotation_position="top",
        )
    return fig


def _stacked(chart: Chart, lang: str) -> go.Figure:
    fig = go.Figure()
    for series in chart.series:
        fig.add_trace(
            go.Bar(
                name=series.name,
                x=list(chart.categories),
                y=list(series.values),
                marker_color=series.color,
                text=[value_text(chart, v) if v else "" for v in series.values],
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                hovertemplate=labelled("%{x} " + series.name, "%{y:,d}", lang) + "<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack", bargap=0.35)
    fig.update_xaxes(type="category")
    return fig


def _line(chart: Chart, lang: str) -> go.Figure:
    fig = go.Figure()
    for series in chart.series:
        valleys = set(echarts_labels.dips(list(series.values)))
        fig.add_trace(
            go.Scatter(
                name=series.name,
                x=list(chart.categories),
                y=list(series.values),
                mode="lines+markers+text",
                line={"color": series.color, "width": 4},
                marker={"size": 10},
                text=[value_text(chart, v) for v in series.values],
                # a valley's number below its point: above, the line climbing out ran through it
                textposition=[
                    "bottom center" if i in valleys else "top center" for i in range(len(series.values))
                ],
                textfont={"shadow": HALO},
                hovertemplate=labelled("%{x}", f"%{{y:{label_format(chart)}}}", lang) + "<extra></extra>",
            )
        )
    fig.update_xaxes(type="category")
    fig.update_yaxes(rangemode="tozero")
    return fig


def _pie(chart: Chart, lang: str) -> go.Figure:
    series = chart.series[0]
    return go.Figure(
        go.Pie(
            labels=list(chart.categories),
            values=list(series.values),
            sort=False,
            direction="clockwise",
            marker={"colors": list(series.point_colors) or None, "line": {"color": "white", "width": 2}},
            textinfo="label+percent",
            texttemplate="%{label}<br>%{percent:.1%}",
            hole=0.35,
            automargin=True,  # outside labels widen the margin instead of being cut at the edge
            hovertemplate=labelled(
                "%{label}",
                "%{value:,d}" + ("（%{percent:.1%}）" if lang != "en" else " (%{percent:.1%})"),
                lang,
            )
            + "<extra></extra>",
        )
    )


TEXT_PLACES = {"top": "top center", "bottom": "bottom center", "right": "middle right", "left": "middle left"}


def _places(group: PointGroup) -> tuple[str, ...]:
    """Where each name of ``group`` goes ("" left out), above every point when the slide did not say."""
    return group.places or ("top",) * len(group.labels)


def _map(chart: MapChart) -> go.Figure:
    fig = go.Figure()
    for ring in chart.outlines:
        fig.add_trace(
            go.Scatter(
                x=[p[0] for p in ring],
                y=[p[1] for p in ring],
                mode="lines",
                line={"color": OUTLINE_COLOR, "width": 2},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    for group in chart.groups:
        fig.add_trace(
            go.Scatter(
                name=group.name,
                x=list(group.lons),
                y=list(group.lats),
                mode="markers+text" if chart.labels else "markers",
                text=[
                    label if place else "" for label, place in zip(group.labels, _places(group), strict=True)
                ],
                customdata=list(group.labels),
                textposition=[TEXT_PLACES.get(p, "top center") for p in _places(group)],
                marker={"color": group.color, "size": 12, "line": {"color": "#444444", "width": 1}},
                hovertemplate="%{customdata}<extra>" + group.name + "</extra>",
            )
        )
    min_lon, min_lat, max_lon, max_lat = chart.bbox
    ratio = 1 / max(math.cos(math.radians((min_lat + max_lat) / 2)), 0.1)
    fig.update_xaxes(range=[min_lon, max_lon], visible=False)
    fig.update_yaxes(range=[min_lat, max_lat], visible=False, scaleanchor="x", scaleratio=ratio)
    return fig


BUILDERS = {BAR: _bar, COLUMN_STACKED: _stacked, LINE: _line, PIE: _pie}


def figure(chart: Chart | MapChart, height: int = 520, big: bool = True, lang: str = "zh") -> go.Figure:
    """The styled plotly figure of a report chart; ``big`` for a projector (larger type); ``lang``:
    the language of its tooltips' punctuation (its texts are the report's, already in one language)."""
    if chart.kind == MAP:
        fig = _map(chart)  # type: ignore[arg-type]
        x_title = y_title = ""
    else:
        fig = BUILDERS[chart.kind](chart, lang)  # type: ignore[arg-type,index,operator]
        x_title = chart.unit if chart.kind == BAR and not chart.percent else ""  # type: ignore[union-attr]
        y_title = chart.unit if chart.kind in (COLUMN_STACKED, LINE) else ""  # type: ignore[union-attr]
    legend = chart.kind in (MAP, COLUMN_STACKED) or (chart.kind == BAR and len(chart.series) > 1)  # type: ignore[union-attr]
    fig = style(fig, chart.title, x_title=x_title, y_title=y_title, height=height, legend=legend)
    size = 20 if big else 14
    fig.update_layout(
        font={"family": FONT, "size": size, "color": "#111111"},
        title={"font": {"size": size + 6}},
        uniformtext={"minsize": size - 4, "mode": "hide"},
        legend={"font": {"size": size}},
        margin={"l": 10, "r": 30, "t": 90, "b": 10},
    )
    if chart.kind in (MAP, COLUMN_STACKED):  # a column of legend entries beside the plot
        fig.update_layout(
            legend={
                "orientation": "v",
                "x": 1.02,
                "xanchor": "left",
                "y": 0.5,
                "yanchor": "middle",
                "traceorder": "reversed" if chart.kind == COLUMN_STACKED else "normal",
            }
        )
    step = count_step(chart) if chart.kind in (BAR, COLUMN_STACKED, LINE) else None  # type: ignore[arg-type]
    if step:  # whole numbers on the value axis (0, 1, 2 communities)
        axis = fig.update_xaxes if chart.kind == BAR else fig.update_yaxes
        axis(dtick=step, tickformat=",d")
    if chart.kind == BAR:
        _label_every_bar(fig, chart, height, size)  # type: ignore[arg-type]
    if legend and chart.kind == BAR:  # a row under the plot, clear of the title
        fig.update_layout(
            legend={"orientation": "h", "x": 0, "xanchor": "left", "y": -0.12, "yanchor": "top"}
        )
    return fig


def _label_every_bar(fig: go.Figure, chart: Chart, height: int, size: int) -> None:
    """Every category named (plotly would skip every other name when they crowd): one tick per
    category, in a type size that fits the band each bar gets; value labels alike."""
    bands = max(len(chart.categories), 1)
    plot = height - 90 - 70 - (40 if len(chart.series) > 1 else 0)  # title and axis margins
    tick = max(9, min(size, int(plot / bands * 0.72)))
    fig.update_yaxes(
        tickmode="linear",
        tick0=0,
        dtick=1,
        tickfont={"size": tick},
    )
    fig.update_traces(textfont={"size": tick}, selector={"type": "bar"})
    fig.update_layout(uniformtext={"minsize": min(tick, size - 4, 12), "mode": "hide"})
