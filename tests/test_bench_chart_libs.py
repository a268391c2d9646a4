"""``bench/chart_libs.py`` compares chart libraries on one chart: both of its pages must draw the same
chart (the same streets and values), or the comparison would measure two different things."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from bench import chart_apps
from tests.helpers import REPO_ROOT


def _run(lib: str) -> AppTest:
    at = AppTest.from_file(str(REPO_ROOT / "bench" / "chart_apps.py"), default_timeout=60)
    at.query_params["lib"] = lib
    return at.run()


@pytest.mark.parametrize("lib", ["plotly", "echarts"])
def test_each_chart_page_draws_the_same_fifteen_streets(lib):
    at = _run(lib)
    assert not at.exception
    element = at.get("plotly_chart" if lib == "plotly" else "echarts_chart")
    assert len(element) == 1
    spec = json.loads(element[0].proto.spec)
    if lib == "plotly":
        bar = spec["data"][0]
        assert (bar["y"], bar["x"]) == (chart_apps.STREETS, chart_apps.VALUES)
    else:
        assert spec["yAxis"]["data"] == chart_apps.STREETS
        assert [item["value"] for item in spec["series"][0]["data"]] == [
            [v, s] for v, s in zip(chart_apps.VALUES, chart_apps.STREETS, strict=True)
        ]
