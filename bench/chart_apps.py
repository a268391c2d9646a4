"""The two one-chart pages of ``bench/chart_libs.py``: the same chart (the overview's comparison of
15 streets, with its average line) drawn by plotly, as the pages drew until 2026-12-04, or by Apache
ECharts (``st.echarts_chart``, part of Streamlit) through ``charts.show``, as the pages draw now:
``?lib=plotly`` (the default) or ``?lib=echarts``."""

from __future__ import annotations

import streamlit as st

from govdash import charts

STREETS = [f"第{i + 1}街道" for i in range(15)]
VALUES = [round(4.0 + (i * 7919 % 97) / 10, 1) for i in range(15)]
AVERAGE = round(sum(VALUES) / len(VALUES), 1)
TITLE = "各街道每千人活动场次（2024年12月）"


# plotly's own toolbar settings, as the pages had them while they drew with plotly
PLOTLY_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}


def comparison_figure():
    bar = {
        "type": "bar",
        "orientation": "h",
        "y": STREETS,
        "x": VALUES,
        "marker": {"color": charts.PALETTE[1]},
    }
    shapes, notes = charts.reference_line(AVERAGE, axis="x", text=f"全区 {AVERAGE}", position="top right")
    layout = charts.styled_layout(
        TITLE, height=28 * len(STREETS) + 130, legend=False, shapes=shapes, annotations=notes
    )
    return charts.figure([bar], layout)


def plotly_chart() -> None:
    st.plotly_chart(comparison_figure(), config=PLOTLY_CONFIG, key="chart", width="stretch")


def echarts_chart() -> None:
    charts.show(comparison_figure(), key="chart")  # the pages' path: the figure drawn by ECharts


st.title("图表")
{"plotly": plotly_chart, "echarts": echarts_chart}[st.query_params.get("lib", "plotly")]()
