"""The presentation page (汇报模式) through AppTest: navigation, values, and the auto-advance step."""

from __future__ import annotations

import re
from datetime import date

import pytest
from streamlit.proto.Metric_pb2 import Metric as MetricProto
from streamlit.testing.v1 import AppTest

from etl.metrics import compute_metrics
from govdash import present_views as pv
from govdash.formatting import fmt_count, fmt_pct
from tests.helpers import drawn_charts, new_app, use_warehouse

PAGE = "app_pages/present.py"


@pytest.fixture
def app(demo_warehouse, monkeypatch) -> AppTest:
    use_warehouse(demo_warehouse.root, monkeypatch)
    at = new_app()
    at.query_params["district"] = "410311"
    at.query_params["month"] = "2024-12"
    return at


HEADING = re.compile(r'<div class="pr-(?:title|big)" role="heading" aria-level="1">[^<]*</div>')


def titles(at: AppTest) -> list[str]:
    return [h for m in at.markdown for h in HEADING.findall(m.value)]


def test_navigation_moves_between_slides(app):
    at = app.switch_page(PAGE).run()
    assert not at.exception
    assert titles(at) == ['<div class="pr-big" role="heading" aria-level="1">洛龙区社区治理工作汇报</div>']
    at.button(key="pr_next").click().run()
    assert at.query_params["slide"] == "2"
    assert titles(at) == ['<div class="pr-title" role="heading" aria-level="1">核心指标</div>']
    at.button(key="pr_next").click().run()
    assert titles(at) == ['<div class="pr-title" role="heading" aria-level="1">服务设施覆盖与标准达标</div>']
    assert drawn_charts(at)  # the coverage chart is drawn
    at.button(key="pr_prev").click().run()
    assert at.query_params["slide"] == "2"
    at.button(key="pr_first").click().run()
    assert at.query_params["slide"] == "1"
    at.button(key="pr_prev").click().run()  # before the first comes the last
    assert at.query_params["slide"] == "14"
    assert not at.exception


def test_kpi_slide_shows_the_metric_values(app, demo_warehouse):
    app.query_params["slide"] = "2"
    at = app.switch_page(PAGE).run()
    assert not at.exception
    con = demo_warehouse.connect_reader()
    try:
        metrics = dict(compute_metrics(con, "410311", date(2024, 12, 31), date(2023, 12, 31)))
    finally:
        con.close()
    shown = {m.label: m.value for m in at.metric}
    assert shown["社区(村)"] == f"{fmt_count(metrics['communities'])}个"
    assert shown["小区党支部覆盖率"] == fmt_pct(metrics["compound_branch_coverage_pct"])
    assert shown["活动场次（近12个月）"] == f"{fmt_count(metrics['activities'])}场"
    assert shown["五星支部"] == f"{fmt_count(metrics['five_star_communities'])}个"
    footer = [m.value for m in at.markdown if m.value.startswith('<div class="pr-footer">')][0]
    assert "洛龙区 · 数据截至 2024年12月31日" in footer and "第 2/14 页" in footer
    # a flat year (the same 246 communities) says so without an arrow; a change has its arrow
    flat = next(m for m in at.metric if m.label == "社区(村)")
    assert flat.proto.delta == "同比持平" and flat.proto.direction == MetricProto.MetricDirection.NONE
    grew = next(m for m in at.metric if m.label == "五星支部")
    assert grew.proto.delta.startswith("+") and grew.proto.direction == MetricProto.MetricDirection.UP


def test_a_link_opens_a_slide_and_bad_values_are_clamped(app):
    app.query_params["slide"] = "99"
    at = app.switch_page(PAGE).run()
    assert titles(at) == ['<div class="pr-title" role="heading" aria-level="1">指标说明（3/3）</div>']
    at.query_params["slide"] = "abc"
    at.run()
    assert titles(at) == ['<div class="pr-big" role="heading" aria-level="1">洛龙区社区治理工作汇报</div>']


def test_loop_settings_go_to_the_url_and_english_works(app):
    app.query_params["lang"] = "en"
    app.query_params["district"] = "370602"  # outside the five-star program
    app.query_params["slide"] = "8"
    at = app.switch_page(PAGE).run()
    assert not at.exception
    assert titles(at) == [
        '<div class="pr-title" role="heading" aria-level="1">Five-star branch creation</div>'
    ]
    assert any("not in the five-star branch program" in m.value for m in at.markdown)
    at.toggle(key="pr_loop").set_value(True).run()
    at.selectbox(key="pr_every").set_value(30).run()
    assert at.query_params["loop"] == "1" and at.query_params["every"] == "30"
    assert not at.exception


# --- the pure functions behind navigation and auto-advance --------------------------------------


def test_next_and_previous_wrap_around():
    assert [pv.next_slide(i, 3) for i in range(3)] == [1, 2, 0]
    assert [pv.previous_slide(i, 3) for i in range(3)] == [2, 0, 1]


def test_slide_index_from_the_url():
    assert pv.slide_index("3", 10) == 2
    assert pv.slide_index("0", 10) == 0
    assert pv.slide_index("11", 10) == 9
    assert pv.slide_index(None, 10) == 0
    assert pv.slide_index("x", 10) == 0


def test_auto_advance_is_due_after_the_interval():
    assert pv.due(100.0, 110.0, 10)  # a timer rerun after 10 s moves on
    assert pv.due(100.0, 108.5, 10)  # timer jitter tolerated
    assert not pv.due(100.0, 103.0, 10)  # a slide just put up by hand waits
    assert not pv.due(None, 110.0, 10)  # nothing shown yet
    assert pv.interval_choice("30") == 30 and pv.interval_choice("7") == pv.DEFAULT_INTERVAL
