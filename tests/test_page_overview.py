"""The frame and the overview page through AppTest: KPI cards equal the metric engine."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from etl.metrics import compute_metrics
from govdash.formatting import fmt_count, fmt_pct
from govdash.metric_labels import metric_label
from govdash.pages import PAGES
from tests.helpers import drawn_charts, new_app, use_warehouse

ROOT = Path(__file__).resolve().parent.parent


def dashboard_pages() -> list[tuple[str, str, str, str, str]]:
    return [page for pages in PAGES.values() for page in pages]


def test_every_declared_page_file_exists():
    missing = [path for path, *_ in dashboard_pages() if not (ROOT / path).exists()]
    assert not missing


@pytest.fixture
def app(demo_warehouse, monkeypatch) -> AppTest:
    use_warehouse(demo_warehouse.root, monkeypatch)
    return new_app()


def test_overview_defaults_to_the_largest_district_and_latest_month(app):
    at = app.run()
    assert not at.exception
    assert at.title[0].value == "总览 · 洛龙区"
    assert at.query_params["district"] == "410311"
    assert at.query_params["month"] == "2024-12"


def test_overview_kpis_equal_the_metrics_command(app, demo_warehouse):
    app.query_params["district"] = "410305"
    app.query_params["month"] = "2023-06"
    at = app.run()
    assert not at.exception
    con = demo_warehouse.connect_reader()
    try:
        month = dict(compute_metrics(con, "410305", date(2023, 6, 30), date(2023, 5, 31)))
    finally:
        con.close()
    shown = {m.label: m.value for m in at.metric}
    assert shown[metric_label("communities")] == fmt_count(month["communities"])
    assert shown[metric_label("population")] == fmt_count(month["population"])
    assert shown[metric_label("compound_branch_coverage_pct")] == fmt_pct(
        month["compound_branch_coverage_pct"]
    )
    assert shown[metric_label("activities")] == fmt_count(month["activities"])
    assert shown[metric_label("volunteer_hours")] == fmt_count(month["volunteer_hours"])
    assert shown[metric_label("five_star_communities")] == fmt_count(month["five_star_communities"])


def test_a_communitys_first_card_counts_its_compounds(app, demo_warehouse):
    """A community's overview said "社区(村) 1": its first card counts its compounds (小区), the
    ones its branch coverage card is a share of; the report's card slide shows the same cards."""
    from govdash import db
    from govdash.report.build import build_report

    community = "410311002004"
    for key, value in {"district": "410311", "street": "410311002", "community": community}.items():
        app.query_params[key] = value
    at = app.run()
    assert not at.exception
    con = demo_warehouse.connect_reader()
    try:
        month = dict(compute_metrics(con, community, date(2024, 12, 31), date(2024, 11, 30)))
    finally:
        con.close()
    shown = {m.label: m.value for m in at.metric}
    assert metric_label("communities") not in shown
    assert shown[metric_label("compounds")] == fmt_count(month["compounds"])
    deck = build_report(db.version(), community, date(2024, 12, 31), "zh")
    cards = next(s for s in deck.slides if s.key == "kpis").kpis
    assert [k.metric for k in cards][0] == "compounds" and "communities" not in {k.metric for k in cards}
    district = build_report(db.version(), "410311", date(2024, 12, 31), "zh")
    assert next(s for s in district.slides if s.key == "kpis").kpis[0].metric == "communities"


def test_overview_of_a_district_outside_the_five_star_program(app):
    app.query_params["district"] = "370602"
    at = app.run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}[metric_label("five_star_communities")] == "未参与"


def test_overview_compares_the_streets_of_the_district(app):
    app.query_params["district"] = "410305"
    at = app.run()
    chart = drawn_charts(at)[0]
    bar = chart.series[0]
    assert bar.kind == "bar"
    assert len(bar.y) == 11  # the 11 streets of 涧西区
    assert "活动场次" in chart.title


def test_invalid_url_values_fall_back_to_defaults(app):
    app.query_params["district"] = "'; DROP TABLE areas; --"
    app.query_params["month"] = "2099-13"
    at = app.run()
    assert not at.exception
    assert at.query_params["district"] == "410311"
    assert at.query_params["month"] == "2024-12"


def test_english_switch(app):
    app.query_params["lang"] = "en"
    at = app.run()
    assert not at.exception
    assert at.title[0].value.startswith("Overview")
    assert any(m.label == "Communities" for m in at.metric)


def test_the_language_switch_reloads_the_page_in_the_new_language(app):
    at = app.run()
    at.radio(key="ui_lang").set_value("English").run()
    assert at.query_params["lang"] == "en"
    bodies = [h.proto.body for h in at.get("html")]  # the reload script (and the chart-code preload)
    assert any('searchParams.set("lang", "en")' in body for body in bodies)


@pytest.mark.parametrize(("lang", "yoy", "mom"), [("zh", "同比", "环比"), ("en", "YoY", "MoM")])
def test_a_card_says_its_two_changes_the_same_way(app, lang, yoy, mom):
    """The year-on-year pill and the month-on-month line below it: the signed change, then what it
    is compared with ("+16.5% 同比", "-2.9% 环比"); no change in words; not "环比 -2.9%" under "+16.5% 同比"."""
    import re

    app.query_params["lang"] = lang
    at = app.run()
    assert not at.exception
    pills = [m.proto.delta for m in at.metric if m.proto.delta]
    lines = [c.value for c in at.caption]
    change = r"[+-]\d+(\.\d)?% "
    assert any(re.fullmatch(change + re.escape(yoy), p) for p in pills)
    assert any(re.match(change + re.escape(mom) + r"( ·|$)", line) for line in lines)
    assert not any(re.match(re.escape(mom) + r":? [+-]\d", line) for line in lines)


@pytest.mark.parametrize(
    ("lang", "said"), [("zh", "同比新增（去年同期为0）"), ("en", "YoY: new (0 a year ago)")]
)
def test_a_first_five_star_branch_is_said_new_not_left_without_a_change(app, lang, said):
    """A street with its first five-star branches (none a year before): no per cent of 0, and no
    blank either (it read "2" with nothing under it, as if nothing could be compared)."""
    app.query_params |= {"district": "410305", "street": "410305002", "month": "2024-12", "lang": lang}
    at = app.run()
    assert not at.exception
    card = next(m for m in at.metric if m.label == metric_label("five_star_communities", lang))
    assert card.value == "2"
    assert card.proto.delta == said


def test_needs_attention_writes_targets_as_the_ledger_does_and_says_the_window(app):
    """ "现为 98.0%，目标 100%": the target lost its decimal beside the value; and the laggards' rates
    are over the 12 months up to the month (the chart below), not the month of the cards above."""
    at = app.run()
    assert not at.exception
    texts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    assert any("目标 100.0%" in text for text in texts)
    assert not any("目标 100%" in text for text in texts)
    assert any("每千人活动场次靠后（近12个月）" in text for text in texts)


def _population_card() -> None:
    """A population card of a district where 3 communities left their population blank."""
    import pandas as pd
    import streamlit as st

    from govdash import overview_data, overview_views

    st.query_params["lang"] = st.session_state["lang"]
    now = pd.Series({"communities": 12, "population": 30500.0, "population_unreported": 3.0})
    cards = overview_data.kpis([now, now, now], "district")
    card = next(k for k in cards if k.metric == "population")
    assert card.unreported == 3 and all(k.unreported == 0 for k in cards if k is not card)
    overview_views.kpi_card(card)


@pytest.mark.parametrize(
    ("lang", "said"),
    [("zh", "未填报常住人口的社区 3 个未计入"), ("en", "Communities without population: 3, not counted")],
)
def test_a_population_some_communities_left_blank_says_how_many_it_leaves_out(lang, said):
    """A sum over the communities that filled it in is not the whole: its card says how many it
    leaves out (the catalog's ``population_unreported``), not only the sum."""
    at = AppTest.from_function(_population_card)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    assert at.metric[0].value == "30,500"  # the sum of the others, as it is
    assert any(c.value.startswith(said) for c in at.caption), [c.value for c in at.caption]
