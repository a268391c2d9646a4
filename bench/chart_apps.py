"""The two one-chart pages of ``bench/chart_libs.py``: the same chart (the overview's comparison of
15 streets, with its average line) drawn by plotly, as every chart page draws today, or by Apache
ECharts (``st.echarts_chart``, part of Streamlit): ``?lib=plotly`` (the default) or ``?lib=echarts``."""

from __future__ import annotations

import streamlit as st

from govdash import charts

STREETS = [f"第{i + 1}街道" for i in range(15)]
VALUES = [round(4.0 + (i * 7919 % 97) / 10, 1) for i in range(15)]
AVERAGE = round(sum(VALUES) / len(VALUES), 1)
TITLE = "各街道每千人活动场次（2024年12月）"


def plotly_chart() -> None:
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
    charts.show(charts.figure([bar], layout), key="chart")


def echarts_chart() -> None:
    st.echarts_chart(
        {
            "title": {"text": TITLE, "textStyle": {"fontFamily": charts.FONT, "fontSize": 18}},
            "textStyle": {"fontFamily": charts.FONT, "fontSize": 14},
            "animation": False,  # drawn at once, as plotly draws (ready means drawn)
            "tooltip": {"trigger": "axis"},
            "grid": {"left": 10, "right": 40, "top": 60, "bottom": 10, "containLabel": True},
            "xAxis": {"type": "value"},
            "yAxis": {"type": "category", "data": STREETS, "inverse": True},
            "series": [
                {
                    "type": "bar",
                    "data": VALUES,
                    "itemStyle": {"color": charts.PALETTE[1]},
                    "markLine": {
                        "data": [{"xAxis": AVERAGE}],
                        "symbol": "none",
                        "label": {"formatter": f"全区 {AVERAGE}"},
                        "lineStyle": {"color": charts.BAD, "type": "dashed"},
                    },
                }
            ],
        },
        height=28 * len(STREETS) + 130,
        key="chart",
    )


st.title("图表")
{"plotly": plotly_chart, "echarts": echarts_chart}[st.query_params.get("lib", "plotly")]()
