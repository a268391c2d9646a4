"""Missing is not zero (issue 13): a month with activity but no volunteer file, on the demo."""

from __future__ import annotations

import csv
import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from etl.__main__ import main
from etl.metric_lookups import latest_reported_month
from etl.metrics import compute
from etl.warehouse import Warehouse
from tests.helpers import load_files

DISTRICT = "410311"
REPORTING = 226  # of the district's 246 communities, as in the issue


@pytest.fixture(scope="module")
def january(demo_warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    """The demo plus a January 2025 activity file from 226 communities of 洛龙区, no volunteer file."""
    root = tmp_path_factory.mktemp("missing") / "wh"
    shutil.copytree(demo_warehouse.root, root)
    warehouse = Warehouse(root)
    with warehouse.connect_reader() as con:
        codes = [
            r[0]
            for r in con.execute(
                "SELECT c.area_code FROM areas c JOIN areas s ON s.area_code = c.parent_code "
                "WHERE c.level = 'community' AND s.parent_code = ? ORDER BY 1",
                [DISTRICT],
            ).fetchall()
        ]
    assert len(codes) == 246
    path = Path(root.parent / "activity_2025_01.csv")
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["community_code", "month", "activity_type", "activities", "participants"])
        for code in codes[:REPORTING]:
            writer.writerow([code, "2025-01", "public_service", 3, 40])
    report = load_files(warehouse, path)
    assert report.committed and report.ok, [p.render("en") for p in report.problems]
    return warehouse


def run_metrics(warehouse: Warehouse, capsys, *extra: str) -> str:
    args = ["metrics", "--db", str(warehouse.root), "--area", DISTRICT, "--as-of", "2025-01-31"]
    assert main([*args, "--since", "2025-01-01", *extra]) == 0
    return capsys.readouterr().out


def test_etl_metrics_prints_missing_volunteer_flows_empty_not_zero(january, capsys):
    out = run_metrics(january, capsys)
    lines = out.splitlines()
    for name in ("volunteer_hours", "active_volunteers", "points_earned", "volunteer_hours_per_1k"):
        assert f"{name}," in lines, name
    assert f"activities,{3 * REPORTING}" in lines and f"participants,{40 * REPORTING}" in lines
    assert f"reporting_communities:activity,{REPORTING}" in lines
    assert "reporting_communities:volunteers,0" in lines
    assert "communities,246" in lines

    values = json.loads(run_metrics(january, capsys, "--format", "json"))
    assert values["volunteer_hours"] is None and values["volunteer_bank_services"] is None
    assert values["activities"] == 3 * REPORTING and values["reporting_communities:activity"] == REPORTING


def test_december_still_has_every_flow(january):
    period = (date(2024, 11, 30), date(2024, 12, 31))
    with january.connect_reader() as con:
        got = dict(
            compute(con, ["volunteer_hours", "reporting_communities:volunteers"], [DISTRICT], [period])[
                (DISTRICT, period)
            ]
        )
    assert got["volunteer_hours"] > 0 and got["reporting_communities:volunteers"] == 246


def test_default_month_is_the_latest_month_reported_well_enough(january):
    with january.connect_reader() as con:
        both = latest_reported_month(con, DISTRICT, ["activity", "volunteers"], 0.8)
        activity = latest_reported_month(con, DISTRICT, ["activity"], 0.8)
        strict = latest_reported_month(con, DISTRICT, ["activity"], 0.95)  # 226/246 = 91.9 %
    assert both == date(2024, 12, 1)
    assert activity == date(2025, 1, 1)
    assert strict == date(2024, 12, 1)


def test_the_default_month_reads_the_same_areas_by_the_closure_and_by_the_parent_links(january):
    """The closure (one lookup) and the walk (the fallback) give the same months and counts: for a
    district, a street and a community, and for a street user's district, which lies above the
    scope and so has no row in the scope's closure."""
    from etl import metric_sql as sql
    from etl.metric_lookups import subtree_query
    from etl.scope import Scope, open_scoped

    query = sql.reported_months(['"activity"', '"volunteers"'])

    def both(con, root: str) -> tuple[list[tuple], list[tuple]]:
        walked = con.execute(query.replace("{subtree}", sql.SUBTREE_BY_WALK), {"root": root}).fetchall()
        return sorted(subtree_query(con, query, {"root": root})), sorted(walked)

    with january.connect_reader() as con:
        street = con.execute("SELECT min(area_code) FROM areas WHERE parent_code = ?", [DISTRICT]).fetchone()[
            0
        ]
        community = con.execute(
            "SELECT min(area_code) FROM areas WHERE parent_code = ?", [street]
        ).fetchone()[0]
        for root in (DISTRICT, street, community):
            assert con.execute(sql.CLOSURE_HAS_ROOT, {"root": root}).fetchone(), root
            chosen, walked = both(con, root)
            assert chosen == walked and walked, root
        whole_district = both(con, DISTRICT)[1]
    scoped = open_scoped(january.current_path(), Scope.of([street]))
    try:
        assert scoped.execute(sql.CLOSURE_HAS_ROOT, {"root": DISTRICT}).fetchone() is None
        chosen, walked = both(scoped, DISTRICT)
        assert chosen == walked and walked
        assert walked != whole_district  # the street's communities only
        assert walked == both(scoped, street)[1]
    finally:
        scoped.close()


def test_a_monthly_series_in_one_call_marks_the_missing_month(january):
    months = [(date(2024, 10, 31), date(2024, 11, 30)), (date(2024, 11, 30), date(2024, 12, 31))]
    months.append((date(2024, 12, 31), date(2025, 1, 31)))
    with january.connect_reader() as con:
        series = compute(con, ["activities", "volunteer_hours"], [DISTRICT, "410305"], months)
        single = {p: dict(compute(con, None, [DISTRICT], [p])[(DISTRICT, p)]) for p in months}
    for period in months:
        got = dict(series[(DISTRICT, period)])
        assert list(got) == ["activities", "volunteer_hours"]
        assert got["activities"] == single[period]["activities"]
        assert got["volunteer_hours"] == single[period]["volunteer_hours"]
    assert dict(series[(DISTRICT, months[2])])["volunteer_hours"] is None
    # 涧西区 reported nothing in January
    assert dict(series[("410305", months[2])]) == {"activities": None, "volunteer_hours": None}


def test_overview_shows_missing_volunteer_hours_as_not_reported(january, monkeypatch):
    from govdash.metric_labels import metric_label
    from tests.helpers import new_app, use_warehouse

    use_warehouse(january.root, monkeypatch)
    at = new_app(district=DISTRICT).run()
    assert not at.exception
    assert at.query_params["month"] == "2024-12"  # January is not reported well enough yet
    at = new_app(district=DISTRICT, month="2025-01").run()
    assert not at.exception
    shown = {m.label: m for m in at.metric}
    hours = shown[metric_label("volunteer_hours")]
    assert hours.value == "—" and not hours.proto.delta
    assert any(c.value == "未报送" for c in at.caption)
    assert shown[metric_label("activities")].value == f"{3 * REPORTING:,}"
    assert any(f"{REPORTING}/246" in c.value for c in at.caption)


def test_partial_reporting_says_its_comparison_is_not_like_for_like(january, monkeypatch):
    """226 of 246 reported January: the activity cards show that coverage, and their 同比/环比 say
    the months compared had different reporters (grey, not a red collapse)."""
    from govdash.metric_labels import metric_label
    from tests.helpers import new_app, use_warehouse

    use_warehouse(january.root, monkeypatch)
    at = new_app(district=DISTRICT, month="2025-01").run()
    assert not at.exception
    card = {m.label: m for m in at.metric}[metric_label("activities")]
    assert "报送社区数不同" in card.proto.delta
    assert card.proto.color == card.proto.MetricColor.Value(
        "GRAY"
    )  # no red for a drop partly missing reports
    assert f"本月 {REPORTING}，上月 246" in card.proto.help
    assert any(c.value.startswith(f"{REPORTING}/246 个社区已报送") for c in at.caption)
