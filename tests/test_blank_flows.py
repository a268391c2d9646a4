"""What is not known reads missing, not 0. A flow column that no row of the window has filled in
(the catalog's ``_filled`` rule): the demo's 洛龙区 runs no points bank and leaves the points and
bank-service columns blank, 涧西区 leaves the App registrations blank; a column filled in with 0 reads
0. The members of a points bank where none is registered in the area (``Metric.needs``): 涧西区's
bank is the district's. On the demo warehouse and on a copy after a real load (real DuckDB), then as
the volunteer page and the report's slide show it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from etl.metrics import compute_metrics
from etl.warehouse import Warehouse
from tests.helpers import loaded_copy, new_app, use_warehouse

LUOLONG, JIANXI, HUBEI_ROAD = "410311", "410305", "410305001"
COMMUNITY = "410311002001"  # 定鼎门社区 of 洛龙区
YEAR_2024 = (date(2023, 12, 31), date(2024, 12, 31))
POINTS = (
    "points_earned",
    "points_redeemed",
    "volunteer_bank_services",
    "points_earned_per_1k",
    "redeem_rate_pct",
)


def _metrics(root: Path, area: str, window: tuple[date, date] = YEAR_2024) -> dict[str, object]:
    con = Warehouse(root).connect_reader()
    try:
        return dict(compute_metrics(con, area, window[1], window[0]))
    finally:
        con.close()


def test_a_column_no_row_filled_in_reads_missing(demo_warehouse):
    luolong = _metrics(demo_warehouse.root, LUOLONG)
    assert {m: luolong[m] for m in POINTS} == dict.fromkeys(POINTS), luolong
    assert luolong["reporting_communities:volunteers"] > 0 and luolong["volunteer_hours"] > 0
    assert luolong["returnee_registrations"] > 0  # filled in 洛龙区
    jianxi = _metrics(demo_warehouse.root, JIANXI)
    assert jianxi["returnee_registrations"] is None
    assert jianxi["reporting_communities:activity"] > 0 and jianxi["activities"] > 0
    assert all(isinstance(jianxi[m], int | float) and jianxi[m] > 0 for m in POINTS), jianxi


@pytest.fixture(scope="module")
def zero_points(demo_warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo after one community of 洛龙区 filled its points of December 2024 in with 0."""
    con = demo_warehouse.connect_reader()
    try:
        registered, active, hours = con.execute(
            "SELECT registered_volunteers, active_volunteers, volunteer_hours FROM volunteers "
            "WHERE community_code = ? AND month = DATE '2024-12-01'",
            [COMMUNITY],
        ).fetchone()
    finally:
        con.close()
    text = (
        "社区代码,月份,注册志愿者,活跃志愿者,志愿服务时长(小时),获得积分,兑换积分,积分银行服务人次\n"
        f"{COMMUNITY},2024-12,{registered},{active},{hours},0,0,0\n"
    )
    return loaded_copy(demo_warehouse, tmp_path_factory.mktemp("zero-points"), "volunteers_zero.csv", text)


def test_a_column_filled_in_with_zero_reads_zero(zero_points):
    for area in (COMMUNITY, LUOLONG):
        values = _metrics(zero_points, area)
        assert values["points_earned"] == values["points_redeemed"] == values["volunteer_bank_services"] == 0
        assert values["points_earned_per_1k"] == 0.0
        assert values["redeem_rate_pct"] is None  # no points earned: no rate
    november = _metrics(zero_points, LUOLONG, (date(2024, 10, 31), date(2024, 11, 30)))
    assert {m: november[m] for m in POINTS} == dict.fromkeys(POINTS)  # a window without the filled row


def _forces_slide(area: str, lang: str):
    from govdash import db
    from govdash.report.build import build_report

    return next(
        s for s in build_report(db.version(), area, date(2024, 12, 31), lang).slides if s.key == "forces"
    )


def _forces_captions(lang: str) -> list[str]:
    """The captions of 湖北路街道's social-forces section on the volunteer page."""
    at = new_app(district=JIANXI, street=HUBEI_ROAD, month="2024-12", lang=lang, section="forces").run()
    at = at.switch_page("app_pages/volunteer.py").run()
    assert not at.exception and not at.error, at.exception
    return [c.value for c in at.caption]


@pytest.mark.parametrize(
    ("lang", "note"),
    [("zh", "App报备人数：未填报，显示为“—”"), ("en", 'App registrations: not filled in, shown as "—"')],
)
def test_the_report_and_the_page_show_a_blank_column_as_missing_and_say_so(
    demo_warehouse, monkeypatch, lang, note
):
    """湖北路街道 (涧西区) leaves the App registrations blank: the report's social-forces slide and the
    volunteer page's section read "—" and name it; 洛龙区, which filled them in, names nothing."""
    use_warehouse(demo_warehouse.root, monkeypatch)
    slide = _forces_slide(HUBEI_ROAD, lang)
    shown = {k.metric: (k.value, k.text) for k in slide.kpis}
    assert shown["returnee_registrations"] == (None, "—"), shown
    assert slide.subtitle.endswith(note), slide.subtitle
    assert note not in _forces_slide(LUOLONG, lang).subtitle
    assert any(note in c for c in _forces_captions(lang))


@pytest.mark.parametrize(
    ("lang", "note"),
    [
        ("zh", "志愿积分银行储户：本级未登记积分银行（储户由上级的积分银行统计），显示为“—”"),
        (
            "en",
            'Points-bank members: no bank is registered here (the one registered above counts them), shown as "—"',
        ),
    ],
)
def test_a_street_without_a_points_bank_of_its_own_reads_no_members_and_says_why(
    demo_warehouse, monkeypatch, lang, note
):
    """涧西区's points bank is registered at the district (2,086 members); 湖北路街道's communities report
    its services, but no bank is registered in the street: its members read "—", not 0."""
    district, street = _metrics(demo_warehouse.root, JIANXI), _metrics(demo_warehouse.root, HUBEI_ROAD)
    assert (district["volunteer_banks"], district["volunteer_bank_members"]) == (1, 2086)
    assert (street["volunteer_banks"], street["volunteer_bank_members"]) == (0, None)
    assert street["volunteer_bank_services"] > 0

    use_warehouse(demo_warehouse.root, monkeypatch)
    slide = _forces_slide(HUBEI_ROAD, lang)
    shown = {k.metric: k.text for k in slide.kpis}
    assert shown["volunteer_bank_members"] == "—" and shown["volunteer_bank_services"] != "—", shown
    assert note in slide.subtitle, slide.subtitle
    assert note not in _forces_slide(JIANXI, lang).subtitle
    assert any(note in c for c in _forces_captions(lang))
