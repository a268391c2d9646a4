"""The dashboard through AppTest: the home page renders, and its KPI cards equal the metric engine."""

from __future__ import annotations

from datetime import date

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from etl.metrics import compute_metrics
from govdash.formatting import fmt_count, fmt_pct

DISTRICTS = {"410311": "洛龙区", "411002": "魏都区", "410305": "涧西区", "370602": "芝罘区", "530802": "思茅区"}


@pytest.fixture
def app(demo_warehouse, monkeypatch) -> AppTest:
    monkeypatch.setenv("GOVDASH_DB", str(demo_warehouse.root))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file("../dashboard.py", default_timeout=120)
    return at


def _metrics_by_card(at: AppTest) -> dict[str, dict[str, str]]:
    """KPI label -> value for each district card (cards hold the same number of metrics, in order)."""
    values = [(m.label, m.value) for m in at.metric]
    per_card = len(values) // len(at.subheader)
    return {sub.value: dict(values[i * per_card:(i + 1) * per_card]) for i, sub in enumerate(at.subheader)}


def test_home_renders_without_exception_in_chinese(app):
    at = app.run()
    assert not at.exception
    assert at.title[0].value == "社区治理数据看板"
    assert [s.value for s in at.subheader] == [f"{name}（{code}）" for code, name in sorted(DISTRICTS.items())]
    assert "数据截至 2024年12月" in at.caption[0].value


def test_home_kpis_equal_the_metrics_command(app, demo_warehouse):
    at = app.run()
    cards = _metrics_by_card(at)
    con = demo_warehouse.connect_reader()
    try:
        for code, name in DISTRICTS.items():
            m = dict(compute_metrics(con, code, date(2024, 12, 31), date(2023, 12, 31)))
            card = cards[f"{name}（{code}）"]
            assert card["社区(村)"] == fmt_count(m["communities"])
            assert card["常住人口"] == fmt_count(m["population"])
            assert card["社会组织"] == fmt_count(m["social_orgs"])
            assert card["小区党支部覆盖率"] == fmt_pct(m["compound_branch_coverage_pct"])
            assert card["近12个月活动场次"] == fmt_count(m["activities"])
            assert card["近12个月志愿服务时长(小时)"] == fmt_count(m["volunteer_hours"])
            assert card["近12个月参与人次"] == fmt_count(m["participants"])
            five = m["five_star_communities"]
            assert card["五星支部"] == ("未参与" if five is None else fmt_count(five))
    finally:
        con.close()


def test_home_switches_to_english(app):
    app.query_params["lang"] = "en"
    at = app.run()
    assert not at.exception
    assert at.title[0].value == "Community Governance Dashboard"
    assert any(m.label == "Communities" for m in at.metric)
