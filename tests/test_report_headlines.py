"""The report's headline slides (facility building and investment, social organizations and the
points bank, community staff): their texts and chart values in the PPTX equal what
``python -m etl metrics`` prints for the area over the report's window."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import date

import pandas as pd
import pytest
import streamlit as st
from pptx import Presentation

from etl.__main__ import main as etl_main
from govdash import headline_data as hd
from govdash.metric_labels import metric_label
from govdash.report.build import build_report
from govdash.report.definitions import MEANINGS

AS_OF, SINCE = date(2024, 12, 31), date(2023, 12, 31)


@pytest.fixture(scope="module")
def env(demo_warehouse):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVDASH_DB", str(demo_warehouse.root))
        st.cache_data.clear()
        st.cache_resource.clear()
        yield demo_warehouse
    st.cache_data.clear()
    st.cache_resource.clear()


def cli_metrics(root, area: str) -> dict:
    """``python -m etl metrics --format json`` for the area over the report's window."""
    out = io.StringIO()
    args = ["metrics", "--area", area, "--as-of", str(AS_OF), "--since", str(SINCE), "--format", "json"]
    with contextlib.redirect_stdout(out):
        assert etl_main([*args, "--db", str(root)]) == 0
    return json.loads(out.getvalue())


def deck_of(area: str, lang: str):
    from govdash import db
    from govdash.report.pptx_builder import pptx_bytes

    report = build_report(db.version(), area, AS_OF, lang)
    return report, Presentation(io.BytesIO(pptx_bytes(report)))


def slide_text(deck, title: str) -> str:
    slide = next(s for s in deck.slides if s.shapes.title.text == title)
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def chart_of(deck, title: str):
    slide = next(s for s in deck.slides if s.shapes.title.text == title)
    return next(shape.chart for shape in slide.shapes if shape.has_chart)


def test_headline_slides_show_the_cli_values(env):
    cli = cli_metrics(env.root, "410311")
    report, deck = deck_of("410311", "zh")
    titles = [s.shapes.title.text for s in deck.slides]
    assert titles[2:6] == [
        "服务设施覆盖与标准达标",
        "设施建设、小区治理与投资",
        "社区活动与志愿服务",
        "社会组织、积分银行与App报备",
    ]
    assert titles[6] == "社区工作力量"

    build = slide_text(deck, "设施建设、小区治理与投资")
    assert f"改扩建党群服务中心\n{cli['facilities_rebuilt:party_service_center']}个" in build
    assert f"党群服务中心投资（万元）\n{cli['facility_investment_wan:party_service_center']:,.0f}\n" in build
    assert f"已改造老旧小区\n{cli['compounds_upgraded_old']}个" in build
    assert f"国企兜底物业小区\n{cli['compounds_soe_property']}个" in build
    plot = chart_of(deck, "设施建设、小区治理与投资").plots[0]
    shown = dict(zip(plot.categories, plot.series[0].values, strict=True))
    assert shown["党群服务中心"] == cli["facility_investment_wan:party_service_center"]
    kinds = hd.facility_kinds(pd.Series(cli, dtype=object))
    assert set(shown.values()) == {
        cli[f"facility_investment_wan:{k}"]
        for k in kinds
        if k in hd.invested_kinds(hd.build_table(pd.Series(cli, dtype=object)))
    }

    forces = slide_text(deck, "社会组织、积分银行与App报备")
    assert f"社会组织成员\n{cli['social_org_members']:,}人" in forces
    assert f"社会组织活动场次\n{cli['social_org_activities']:,}场" in forces
    assert f"社会组织参与人次\n{cli['social_org_participants']:,}人次" in forces
    assert f"App报备人数\n{cli['returnee_registrations']:,}人" in forces
    # no points bank in 洛龙区: none registered, no bank services filled in (neither is 0)
    assert cli["volunteer_banks"] == 0
    assert cli["volunteer_bank_members"] is None and cli["volunteer_bank_services"] is None
    assert "志愿积分银行储户" not in forces and "志愿积分银行：未报送" in forces

    staff = slide_text(deck, "社区工作力量")
    for metric, unit in (
        ("community_workers", "人"),
        ("certified_social_workers", "人"),
        ("two_committee_members", "人"),
        ("grid_workers", "人"),
        ("reserve_cadres", "人"),
    ):
        assert f"{metric_label(metric)}\n{cli[metric]:,}{unit}" in staff
    assert f"持证社工占比\n{cli['certified_share_pct']:.1f}%" in staff
    # every metric on the new slides is explained on the definitions slides
    assert {m.split(":")[0] for m in report.metrics} <= set(MEANINGS)
    defined = [row[0] for s in report.slides if s.key == "definitions" for row in s.table.rows]
    assert {"App报备人数", "国企兜底物业小区", "后备干部"} <= set(defined)


def test_points_bank_values_in_english_for_a_district_with_a_bank(env):
    # 涧西区 runs the 涧贤银行 points bank: members and people served appear on the slide
    cli = cli_metrics(env.root, "410305")
    assert cli["volunteer_bank_members"] > 0 and cli["volunteer_bank_services"] > 0
    _, deck = deck_of("410305", "en")
    forces = slide_text(deck, "Social organizations, points bank, app")
    assert f"Volunteer points-bank members\n{cli['volunteer_bank_members']:,}" in forces
    assert f"Points-bank services\n{cli['volunteer_bank_services']:,}" in forces


def test_a_communitys_organizations_slide_has_no_share_of_itself(env):
    """A community's slide of organizations said "communities meeting the social-org minimum 0.0%",
    the share of its one community; its own count against the minimum is on the coverage slide."""
    from govdash import db

    share = "communities_meeting_social_org_minimum_pct"
    community = build_report(db.version(), "410311002004", AS_OF, "zh")
    forces = next(s for s in community.slides if s.key == "forces")
    assert share not in {k.metric for k in forces.kpis} and "social_orgs" in {k.metric for k in forces.kpis}
    coverage = next(s for s in community.slides if s.key == "coverage")
    assert coverage.table.rows[0][0] == "社会组织(个)"
    street = next(s for s in build_report(db.version(), "410311002", AS_OF, "zh").slides if s.key == "forces")
    assert share in {k.metric for k in street.kpis}


def test_a_communitys_star_table_says_won_or_not_not_a_rate_of_itself(env):
    """A community's five-star slide wrote each star's award rate, 0.0% or 100.0% of itself."""
    from govdash import db

    slide = next(
        s for s in build_report(db.version(), "410311002004", AS_OF, "zh").slides if s.key == "five_star"
    )
    assert slide.table.columns[1] == "评定结果"
    assert {row[1] for row in slide.table.rows} <= {"已摘星", "未摘星", "—"}
    street = next(
        s for s in build_report(db.version(), "410311002", AS_OF, "zh").slides if s.key == "five_star"
    )
    assert street.table.columns[1] == "摘星率" and all(row[1].endswith("%") for row in street.table.rows)
