"""The headline sections of the coverage and volunteer pages (AppTest, demo warehouse): facility
building and investment, compounds and staff; social organizations, the points bank and App
registrations — each card equal to the metric engine's value, a missing points bank not shown as 0."""

from __future__ import annotations

from datetime import date

import pytest

from etl.metrics import compute_metrics
from govdash.formatting import fmt_count, fmt_pct
from tests.helpers import app_on

pytestmark = pytest.mark.usefixtures("caches_cleared_once")
AS_OF = date(2024, 12, 31)


@pytest.fixture(scope="module")
def con(demo_warehouse):
    connection = demo_warehouse.connect_reader()
    yield connection
    connection.close()


def open_page(demo_warehouse, monkeypatch, page: str, **params: str):
    app = app_on(demo_warehouse.root, monkeypatch)
    for key, value in {"month": "2024-12", **params}.items():
        app.query_params[key] = value
    at = app.run().switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def test_coverage_shows_building_investment_compounds_and_staff(demo_warehouse, monkeypatch, con):
    at = open_page(demo_warehouse, monkeypatch, "coverage", district="410311", section="building")
    m = dict(compute_metrics(con, "410311", AS_OF))
    cards = {c.label: c.value for c in at.metric}
    assert cards["改扩建党群服务中心(个)"] == fmt_count(m["facilities_rebuilt:party_service_center"]) == "35"
    assert cards["党群服务中心投资(万元)"] == fmt_count(m["facility_investment_wan:party_service_center"])
    assert cards["已改造老旧小区(个)"] == fmt_count(m["compounds_upgraded_old"])
    assert cards["国企兜底物业小区(个)"] == fmt_count(m["compounds_soe_property"])
    assert cards["社区工作者(人)"] == fmt_count(m["community_workers"])
    assert cards["两委成员(人)"] == fmt_count(m["two_committee_members"])
    assert cards["网格员(人)"] == fmt_count(m["grid_workers"])
    assert cards["后备干部(人)"] == fmt_count(m["reserve_cadres"])
    assert cards["持证社工占比"] == fmt_pct(m["certified_share_pct"])
    table = next(d.value for d in at.dataframe if "投资(万元)" in d.value.columns).set_index("设施类别")
    assert table.at["养老服务中心", "投资(万元)"] == fmt_count(
        m["facility_investment_wan:elderly_care_center"]
    )
    assert table.at["党群服务中心", "改扩建"] == "35"


def test_a_community_has_no_staff_section(demo_warehouse, monkeypatch):
    at = open_page(
        demo_warehouse,
        monkeypatch,
        "coverage",
        district="410311",
        street="410311002",
        community="410311002004",
        section="building",
    )
    assert [tab.label for tab in at.tabs][-1] == "设施建设与投资"  # the section's name says what it holds
    assert "社区工作力量" not in [h.value for h in at.subheader]
    assert "设施建设与投资" in [h.value for h in at.subheader]


def test_volunteer_page_shows_social_orgs_points_bank_and_app(demo_warehouse, monkeypatch, con):
    at = open_page(demo_warehouse, monkeypatch, "volunteer", district="410305", section="forces")  # 涧贤银行
    stock = dict(compute_metrics(con, "410305", AS_OF))
    window = dict(compute_metrics(con, "410305", AS_OF, date(2023, 12, 31)))
    cards = {c.label: c.value for c in at.metric}
    assert cards["社会组织成员(人)"] == fmt_count(stock["social_org_members"])
    assert cards["志愿积分银行储户(户)"] == fmt_count(stock["volunteer_bank_members"])
    assert cards["积分银行服务(人次)"] == fmt_count(window["volunteer_bank_services"])
    assert cards["社会组织活动场次(场)"] == fmt_count(window["social_org_activities"])
    assert cards["App报备人数(人)"] == fmt_count(window["returnee_registrations"])
    assert stock["volunteer_bank_members"] > 0


def test_no_points_bank_is_said_not_shown_as_zero(demo_warehouse, monkeypatch):
    at = open_page(demo_warehouse, monkeypatch, "volunteer", district="410311", section="forces")
    labels = [c.label for c in at.metric]
    assert "社会组织成员(人)" in labels and "志愿积分银行储户(户)" not in labels
    assert any("未报送志愿积分银行数据" in i.value for i in at.info)


def test_a_column_of_amounts_writes_one_decimal_for_all_when_one_needs_it():
    """The building table wrote 106 beside 878.8 (each amount as fmt_count alone writes it), while
    the report's chart of the same amounts writes 106.0 beside 878.8: one format per column."""
    import pandas as pd

    from govdash import headline_data as hd
    from govdash.headline_views import build_frame

    table = pd.DataFrame(
        {
            "facilities_open": [22, 4],
            "facilities_planned": [3, 0],
            "facilities_rebuilt": [0, 0],
            "facility_investment_wan": [878.8, 106.0],
            "facility_area_m2_open": [16231.0, 2056.0],
            "facility_capacity_open": [6116.0, 1003.0],
        },
        index=["party_service_center", "neighborhood_center"],
    )[list(hd.BUILD_COLUMNS)]
    frame = build_frame(table)
    assert list(frame.iloc[:, 4]) == ["878.8", "106.0"]  # investment (万元)
    assert list(frame.iloc[:, 5]) == ["16,231", "2,056"]  # whole areas stay whole
