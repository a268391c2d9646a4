"""The page models of issue #12 item 3 on the real demo warehouse (DuckDB, no Streamlit server).

Each model is called as its page calls it, and what it holds is checked against the metric engine
(``etl.metrics.compute_metrics``) or the warehouse read directly: five-star, map, tables, upload
history, 全部指标, 台账 and the headline sections. A scoped reader's models hold only its areas.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from etl.history import batches
from etl.ledger import STATUSES, ledger_items
from etl.metrics import compute_metrics
from etl.scope import Scope
from govdash import (
    all_metrics_data,
    db,
    five_star_data,
    headline_data,
    history_data,
    ledger_data,
    map_data,
    queries,
    tables_data,
)
from govdash.filters import Filters
from govdash.i18n import TEXT
from tests.helpers import use_warehouse

DISTRICT, STREET, COMMUNITY = "410311", "410311002", "410311002004"  # 洛龙区 / 开元路街道 / 天元社区
AS_OF, SINCE = date(2024, 12, 31), date(2023, 12, 31)
OUTSIDE = "530802"  # 思茅区: not in the five-star program


@pytest.fixture(scope="module")
def con(demo_warehouse):
    connection = demo_warehouse.connect_reader()
    yield connection
    connection.close()


@pytest.fixture
def version(demo_warehouse, monkeypatch) -> str:
    use_warehouse(demo_warehouse.root, monkeypatch, clear_caches=False)
    return db.version()


pytestmark = pytest.mark.usefixtures("caches_cleared_once")


def engine(con, code: str, as_of: date = AS_OF, since: date | None = None) -> dict:
    return dict(compute_metrics(con, code, as_of, since, 80.0))


def filters(district: str = DISTRICT, street: str | None = None, community: str | None = None) -> Filters:
    return Filters(district, street, community, AS_OF.replace(day=1), None, {})


# --- five-star ------------------------------------------------------------------------------------


def test_five_star_model_counts_equal_the_engine(version, con):
    m = five_star_data.model(version, "410305", "410305", AS_OF, 80.0)
    e = engine(con, "410305")
    levels = [e[f"star_level_communities:{n}"] for n in range(6)]
    cards = {c.label_key: c.value for c in m.cards}
    assert m.in_program and m.year == 2024
    assert cards["fs_kpi_assessed"] == sum(levels) > 0
    assert cards["fs_kpi_five"] == e["five_star_communities"]
    assert cards["fs_kpi_four_plus"] == e["four_plus_star_communities"]
    assert cards["fs_kpi_zero"] == levels[0]
    assert len(m.board) == sum(levels) and list(m.board["rank"]) == sorted(m.board["rank"])
    assert m.area_moves.up + m.area_moves.down + m.area_moves.same + m.area_moves.new == sum(levels)
    assert m.by_street and set(m.counts["street_code"]) <= set(m.streets)
    latest = m.counts[m.counts["year"] == 2024].groupby("level")["n"].sum()
    assert {int(k): int(v) for k, v in latest.items()} == {n: c for n, c in enumerate(levels) if c}
    own = m.progress[m.progress["area_code"] == "410305"]
    assert not own.empty and set(own["metric"]) <= {"five_star_communities", "four_plus_star_communities"}


def test_five_star_model_of_a_street_a_community_and_outsiders(version, con):
    street = five_star_data.model(version, DISTRICT, STREET, AS_OF, 80.0)
    assert not street.by_street and "street_code" not in street.counts
    assert {c.label_key: c.value for c in street.cards}["fs_kpi_assessed"] == 5  # 开元路街道
    assert street.street_targets == () or all(m for m, _ in street.street_targets)
    report = five_star_data.model(version, DISTRICT, COMMUNITY, AS_OF, 80.0, by_street=False)
    assert set(report.frame["community_code"]) == {COMMUNITY} and report.year == 2024
    assert sum(report.assessed.values()) >= 1
    outside = five_star_data.model(version, OUTSIDE, OUTSIDE, AS_OF, 80.0)
    assert not outside.in_program and outside.year is None and outside.board.empty
    early = five_star_data.model(version, DISTRICT, DISTRICT, date(2021, 6, 30), 80.0)
    assert early.in_program and early.year is None and early.first_year == 2022


# --- map ------------------------------------------------------------------------------------------


def test_map_model_points_values_and_facilities_equal_the_warehouse(version, con):
    kind = "party_service_center"
    m = map_data.model(
        version, DISTRICT, None, None, None, AS_OF, "activities_per_1k", kind, kind, ledger_lang="zh"
    )
    district = engine(con, DISTRICT, AS_OF, SINCE)
    assert m.level == "community" and not m.aggregated and len(m.points) == district["communities"]
    own = engine(con, COMMUNITY, AS_OF, SINCE)
    assert m.values[COMMUNITY] == round(own["activities"] / own["population"] * 1000, 1)
    assert len(m.table) == len(m.points) and m.table["value"].notna().any()
    open_now = con.execute(
        "SELECT count(*) FROM facilities f JOIN area_closure c ON c.area_code = f.area_code "
        "WHERE c.ancestor_code = ? AND f.facility_kind = ? AND f.opened_date <= ? "
        "AND (f.closed_date IS NULL OR f.closed_date > ?) AND f.lon IS NOT NULL",
        [DISTRICT, kind, AS_OF, AS_OF],
    ).fetchone()[0]
    assert len(m.facilities) == open_now > 0
    assert [f["properties"]["code"] for f in m.districts["features"]].count(DISTRICT) == 1
    assert {a["code"] for a in m.street_areas} >= set(m.points["street_code"])
    assert not m.ledger.empty and set(m.ledger["status"]) <= {"open", "overdue"}


def test_map_model_star_levels_outside_the_program_and_a_scoped_reader(version, con):
    star = map_data.model(version, DISTRICT, None, None, None, AS_OF, "star_level", None)
    e = engine(con, DISTRICT)
    counts = star.values.dropna().astype(int).value_counts().to_dict()
    assert counts == {
        n: e[f"star_level_communities:{n}"] for n in range(6) if e[f"star_level_communities:{n}"]
    }
    assert star.facilities.empty and star.ledger.empty and star.star_year == 2024
    assert (
        map_data.model(version, DISTRICT, None, None, None, date(2021, 6, 30), "star_level").star_year is None
    )
    outside = map_data.model(version, OUTSIDE, None, None, None, AS_OF, "star_level", None)
    assert not outside.in_program and outside.values is None and outside.star_year is None
    with db.use_scope(Scope.of([STREET])):
        scoped = map_data.model(db.version(), DISTRICT, None, None, None, AS_OF, "activities_per_1k", None)
    assert set(scoped.points["street_code"]) == {STREET}
    assert [a["code"] for a in scoped.street_areas] == [STREET]


# --- tables ---------------------------------------------------------------------------------------


def test_tables_model_rows_search_and_sort(version, con):
    m = tables_data.model(version, filters(street=STREET), "areas", False, "zh")
    below = con.execute("SELECT count(*) FROM area_closure WHERE ancestor_code = ?", [STREET]).fetchone()[0]
    assert len(m.full) == below and m.name == "areas"
    assert m.headers == list(m.full.columns) and set(m.formats) <= set(m.headers)
    found = m.rows_for("天元", None, False)
    assert len(found) >= 1 and found.astype(str).apply(lambda c: c.str.contains("天元")).any(axis=None)
    header = m.headers[0]
    ordered = m.rows_for("", header, True)[header].tolist()
    assert ordered == sorted(ordered, reverse=True)
    with db.use_scope(Scope.of([COMMUNITY])):
        scoped = tables_data.model(db.version(), filters(street=STREET), "areas", False, "zh")
    shown = set(scoped.full.iloc[:, 0])  # 区划代码: the community, and the street it belongs to
    assert COMMUNITY in shown and shown <= {DISTRICT, STREET, COMMUNITY}


def test_codes_below_and_tables_of_another_street_show_a_scoped_user_nothing(version):
    """A hand-edited link naming another street: the codes below it are that code alone (none of its
    communities is visible), and no dataset shows a row of it."""
    other = "410311003"  # 龙门石窟街道, another street of the same district
    with db.use_scope(Scope.of([COMMUNITY])):
        scoped = db.version()
        assert queries.codes_below(scoped, other) == (other,)
        assert queries.codes_below(scoped, STREET) == (STREET, COMMUNITY)
        for name in ("areas", "activity", "facilities"):
            assert tables_data.model(scoped, filters(street=other), name, False, "zh").full.empty, name
    assert len(queries.codes_below(version, other)) > 1  # unscoped, the street has communities


# --- upload history -------------------------------------------------------------------------------


def test_history_model_lists_the_batches_and_the_picked_one(version, demo_warehouse):
    m = history_data.model(version, "zh")
    with demo_warehouse.connect_reader() as reader:
        expected = batches(reader)
    assert m.ids == expected["batch_id"].tolist() and m.ids
    assert list(m.shown.columns) == TEXT["hi_cols"][0].split(",")
    assert set(m.shown.iloc[:, -1]) <= {TEXT["hi_status_committed"][0], TEXT["hi_status_undone"][0]}
    first = m.ids[-1]  # the oldest: the areas file of the demo
    picked = history_data.detail(version, m, first, "zh", undoable=True)
    assert int(picked.row.name) == first and not picked.changes.empty
    assert picked.archived is not None and picked.archived.exists()
    assert set(picked.dependents) <= set(m.ids) - {first}
    assert history_data.detail(version, m, first, "zh", undoable=False).dependents == []


# --- 全部指标 -------------------------------------------------------------------------------------


def test_all_metrics_model_equals_the_engine_for_the_month(version, con):
    m = all_metrics_data.model(version, DISTRICT, date(2024, 12, 1), "zh")
    month = engine(con, DISTRICT, AS_OF, date(2024, 11, 30))
    rows = m.rows.set_index("metric")
    for metric in ("communities", "population", "activities", "five_star_communities"):
        assert rows.at[metric, "value"] == month[metric], metric
    assert m.in_program and len(m.windows) == 12 and m.windows[-1][2] == AS_OF
    assert rows.at["activities", "trend"] is not None and len(rows.at["activities", "trend"]) >= 2
    outside = all_metrics_data.model(version, OUTSIDE, date(2024, 12, 1), "zh")
    assert not outside.in_program and "five_star_communities" not in set(outside.rows["metric"])


# --- 台账 -----------------------------------------------------------------------------------------


def test_ledger_model_items_counts_pace_and_filters(version, con):
    as_of = date(2020, 5, 31)
    m = ledger_data.model(version, "410305", as_of, "zh")
    assert len(m.items) == len(ledger_items(con, "410305", as_of, "zh")) > 0
    assert sum(m.counts.values()) == len(m.items) and set(m.counts) == set(STATUSES)
    assert not m.pace.empty and set(m.kinds) == set(m.items["kind"])
    street = m.streets[0]
    only = m.filtered([street], [], [])
    assert len(only) == (m.items["street_name"] == street).sum() > 0
    assert m.filtered([], [], []).equals(m.items)
    assert "410305" in m.owners and "410305001" in m.owners
    assert isinstance(m.tasks, pd.DataFrame)


# --- headline sections ----------------------------------------------------------------------------


def test_headline_model_equals_the_engine(version, con):
    m = headline_data.model(version, DISTRICT, AS_OF, SINCE)
    e = engine(con, DISTRICT, AS_OF, SINCE)
    key = headline_data.KEY_FACILITY
    assert m.value("community_workers") == e["community_workers"]
    assert m.build.at[key, "facilities_open"] == e[f"facilities_open:{key}"]
    assert m.build.at[key, "facility_investment_wan"] == e.get(f"facility_investment_wan:{key}")
    assert m.staff == any(e.get(x) for x in headline_data.STAFF)
    bank = bool(e.get("volunteer_bank_members") or e.get("volunteer_bank_services"))
    assert m.bank == bank
    assert set(m.invested) <= set(m.build.index)
    same = headline_data.of(m.stock)
    assert same.build.equals(m.build) and same.bank == m.bank
