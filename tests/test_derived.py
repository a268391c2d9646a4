"""Derived tables (``etl.derived``): the pre-aggregated and closure paths give exactly the results of
the direct query, and ``refresh`` rebuilds only what changed (real DuckDB, the ``metrics_fixture``)."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import duckdb
import pytest
from metrics_fixture import C1, C2, C3, C4, C5, CITY, CODES, D2, D2C, D2S, S1, S2, D, build

from etl import derived
from etl.metric_catalog import CATALOG, select
from etl.metrics import compute, compute_metrics_many
from etl.warehouse import Warehouse

# boundaries of the fixture's dates: abolished/established, closed/left, the year of assessment
DATES = [
    dt.date(2021, 12, 31),
    dt.date(2022, 1, 1),
    dt.date(2022, 6, 30),
    dt.date(2022, 11, 30),
    dt.date(2022, 12, 31),
    dt.date(2023, 6, 1),
]
SINCES = [None, dt.date(2022, 7, 15), dt.date(2022, 11, 30)]  # all, months, one month
ROOTS = list(CODES.values())


def _all(
    con: duckdb.DuckDBPyConnection, threshold: float = 80.0, roots: list[str] = ROOTS
) -> dict[tuple, list[tuple]]:
    out = {}
    for as_of, since in itertools.product(DATES, SINCES):
        frame = compute_metrics_many(con, roots, as_of, since, threshold)
        out[(as_of, since)] = [(a, m, v, type(v)) for a, m, v in frame.itertuples(index=False)]
    return out


def _only(results: dict[tuple, list[tuple]], roots: set[str]) -> dict[tuple, list[tuple]]:
    return {key: [row for row in rows if row[0] in roots] for key, rows in results.items()}


@pytest.fixture(scope="module")
def direct() -> dict[float, dict[tuple, list[tuple]]]:
    """Results of the direct query (no derived tables) at two star thresholds."""
    with duckdb.connect() as con:
        build(con)
        return {t: _all(con, t) for t in (80.0, 90.0)}


@pytest.mark.parametrize("min_communities", [1, 10_000])
def test_derived_paths_equal_direct_query(direct, min_communities: int) -> None:
    # min 1: every community and every street, district and city with communities read
    # pre-aggregates (S3 has no community); 10,000: all use the closure path
    with duckdb.connect() as con:
        build(con)
        derived.refresh(con, 80.0, min_communities=min_communities)
        rolled = {r[0] for r in con.execute("SELECT area_code FROM rollup_areas").fetchall()}
        assert rolled == (
            {S1, S2, D2S, D, D2, CITY, C1, C2, C3, C4, C5, D2C} if min_communities == 1 else set()
        )
        # with an area without pre-aggregates (S3) among the roots the small rolled-up ones join the
        # closure query; alone, they read the pre-aggregates
        assert _all(con, 80.0) == direct[80.0]
        assert _all(con, 90.0) == direct[90.0]  # another threshold: closure path for all
        alone = [c for c in ROOTS if c in rolled] or [D]
        assert _all(con, 80.0, alone) == _only(direct[80.0], set(alone))


@pytest.mark.parametrize("min_communities", [1, 10_000])
def test_many_days_in_one_call_equal_one_call_per_day(direct, min_communities: int) -> None:
    # the pre-aggregates give every day's stocks in one query; each day must equal its own call
    periods = [(since, as_of) for as_of, since in itertools.product(DATES, SINCES)]
    with duckdb.connect() as con:
        build(con)
        derived.refresh(con, 80.0, min_communities=min_communities)
        rolled = [c for c in ROOTS if c in {S1, S2, D2S, D, D2, CITY}]
        for roots in (ROOTS, rolled):  # the closure query for all; the pre-aggregates alone
            together = compute(con, None, roots, periods)
            for as_of, since in itertools.product(DATES, SINCES):
                values = [
                    (code, name, value, type(value))
                    for code in roots
                    for name, value in together[(code, (since, as_of))]
                ]
                assert values == _only(direct[80.0], set(roots))[(as_of, since)], (as_of, since)


def test_a_monthly_series_from_the_pre_aggregates_equals_the_direct_query() -> None:
    # periods of one calendar month each: the rolled-up roots count their reporting communities
    # from the per-month table; the same months asked one by one of a warehouse without derived tables
    months = [
        (dt.date(2022, 5, 31), dt.date(2022, 6, 30)),
        (dt.date(2022, 11, 30), dt.date(2022, 12, 31)),
        (dt.date(2022, 12, 5), dt.date(2022, 12, 31)),  # a window ends at whole months: December
        (dt.date(2022, 12, 31), dt.date(2023, 1, 31)),
    ]
    rolled = [c for c in ROOTS if c in {S1, S2, D2S, D, D2, CITY}]

    def typed(rows: list[tuple]) -> list[tuple]:
        return [(name, value, type(value)) for name, value in rows]

    with duckdb.connect() as con:
        build(con)
        want = {p: compute(con, None, rolled, [p]) for p in months}
        derived.refresh(con, 80.0)
        got = compute(con, None, rolled, months)  # the series in one query
        alone = {p: compute(con, None, rolled, [p]) for p in months}  # one window, stocks beside
    assert any(v for rows in got.values() for n, v in rows if n.startswith("reporting_communities"))
    for period in months:
        for code in rolled:
            expected = typed(want[period][(code, period)])
            assert typed(alone[period][(code, period)]) == expected, (code, period, "alone")
            assert typed(got[(code, period)]) == expected, (code, period)


@pytest.mark.parametrize("path", ["pre-aggregates", "closure", "walk"])
def test_each_metric_alone_reads_what_it_needs(direct, path: str) -> None:
    # a selection reads only the event tables, area-query parts, stars and targets of its groups
    # and datasets: every catalog entry asked alone equals the whole catalog's direct values, on
    # each path: rolled-up roots alone (the pre-aggregates), every root with derived tables (the
    # closure query), no derived tables (the recursive walk)
    periods = [(since, as_of) for as_of, since in itertools.product(DATES, SINCES)]
    rolled = [c for c in ROOTS if c in {S1, S2, D2S, D, D2, CITY}]
    roots = rolled if path == "pre-aggregates" else ROOTS
    with duckdb.connect() as con:
        build(con)
        if path != "walk":
            derived.refresh(con, 80.0)
        for metric in CATALOG:
            chosen = select([metric.name])
            got = compute(con, [metric.name], roots, periods)
            for since, as_of in periods:
                want = [
                    (a, m, v, type(v))
                    for a, m, v, _ in _only(direct[80.0], set(roots))[(as_of, since)]
                    if chosen.covers(m)
                ]
                have = [(a, m, v, type(v)) for a in roots for m, v in got[(a, (since, as_of))]]
                assert sorted(have, key=repr) == sorted(want, key=repr), (metric.name, as_of, since)


def test_area_closure() -> None:
    with duckdb.connect() as con:
        build(con)
        derived.refresh(con, 80.0)
        rows = con.execute(
            "SELECT ancestor_code, depth FROM area_closure WHERE area_code = ? ORDER BY depth", [C1]
        ).fetchall()
        assert rows == [(C1, 0), (S1, 1), (D, 2), (CITY, 3)]
        below_city = con.execute(
            "SELECT count(*) FROM area_closure WHERE ancestor_code = ?", [CITY]
        ).fetchone()
        assert below_city == (1 + 1 + 3 + 5,)  # itself, D, S1-S3, C1-C5


def test_refresh_rebuilds_only_what_changed() -> None:
    with duckdb.connect() as con:
        build(con)
        assert len(derived.refresh(con, 80.0)) == len(derived.GROUPS)
        assert derived.refresh(con, 80.0) == []
        con.execute(
            "INSERT INTO activity (community_code, month, activity_type, activities, participants, "
            "_batch_id) VALUES (?, DATE '2022-03-01', 'charity', 1, 2, 99)",
            [C1],
        )
        assert derived.refresh(con, 80.0) == ["metric_kinds", "roll_activity"]
        con.execute("DELETE FROM activity WHERE _batch_id = 99")  # an undo
        assert derived.refresh(con, 80.0) == ["metric_kinds", "roll_activity"]
        assert "ev_stars" in derived.refresh(con, 90.0)  # the star threshold is an input too


def test_refresh_on_empty_warehouse_and_through_writer(tmp_path: Path) -> None:
    warehouse = Warehouse(tmp_path / "wh")
    with warehouse.writer():
        pass
    con = warehouse.connect_reader()
    try:
        assert derived.ready(con, 80.0) is True
        assert con.execute("SELECT count(*) FROM area_closure").fetchone() == (0,)
    finally:
        con.close()
    with warehouse.writer() as con:
        con.execute(
            "INSERT INTO areas (area_code, area_name, level, _batch_id) VALUES ('410311', 'D', 'district', 1)"
        )
    con = warehouse.connect_reader()
    try:
        assert con.execute("SELECT * FROM area_closure").fetchall() == [("410311", "410311", 0)]
    finally:
        con.close()


def test_a_sum_of_blank_values_is_missing_on_every_path() -> None:
    """Rows whose summed value is blank (facilities' area, capacity and investment, a community's
    population and households, organizations' members): a sum of blanks only is missing (not 0) and
    the blank rows are counted, the same on the direct query, the closure and the pre-aggregates; a
    partial sum covers the filled rows."""
    blank = "UPDATE facilities SET area_m2 = NULL, capacity_persons = NULL, investment_wan = NULL"
    results = []
    for min_communities in (None, 1, 10_000):  # direct query, pre-aggregates, closure
        with duckdb.connect() as con:
            build(con)
            con.execute(f"{blank} WHERE facility_name IN ('F11', 'F1')")  # C3's tea house, a C1 centre
            con.execute("UPDATE areas SET population = NULL, households = NULL WHERE area_code = ?", [C1])
            con.execute("UPDATE organizations SET members = NULL WHERE area_code = ?", [C2])
            if min_communities is not None:
                derived.refresh(con, 80.0, min_communities=min_communities)
            frame = compute_metrics_many(con, [C1, C2, C3, S1, D], dt.date(2022, 12, 31), None, 80.0)
            results.append({(a, m): v for a, m, v in frame.itertuples(index=False)})
    assert results[0] == results[1] == results[2]
    got = results[0]
    for metric in ("facility_area_m2_open", "facility_capacity_open", "facility_investment_wan"):
        assert got[(C3, f"{metric}:tea_house")] is None  # its one tea house left them blank
    assert got[(C3, "facility_area_unreported:tea_house")] == 1
    assert got[(C3, "facility_investment_unreported:tea_house")] == 1
    assert got[(C1, "facility_area_m2_open:party_service_center")] is None  # F1 alone, blank
    assert got[(D, "facility_area_m2_open:party_service_center")] == 2300.0  # F2 800 + F5 1500
    assert got[(D, "facility_area_unreported:party_service_center")] == 1
    assert got[(D, "facility_capacity_open:party_service_center")] == 800  # 300 + 500
    assert got[(C1, "facility_area_m2_open:elderly_canteen")] == 0.0  # nothing open to sum
    assert got[(C1, "population")] is None and got[(C1, "population_unreported")] == 1
    assert got[(C1, "households")] is None and got[(C1, "activities_per_1k")] is None  # no rate over it
    assert got[(S1, "population")] == 5000 and got[(S1, "population_unreported")] == 1  # C2 alone
    assert got[(C2, "social_org_members")] is None and got[(C2, "social_org_members_unreported")] == 9


RATES_OVER_POPULATION = [m.name for m in CATALOG if m.den == "population"]


def test_a_rate_over_a_population_some_communities_left_blank_is_missing_on_every_path() -> None:
    """A street whose community left its population blank has no per-head rate: its activities and
    workers would count that community and its population would not (C1's 1,000 residents gone, S1's
    rate read C1's and C2's activities over C2's 2,000). The rates alone are asked for, as a page asks,
    and the direct query, the closure and the pre-aggregates agree; a street whose communities all
    filled it in (S2) keeps its rate."""
    assert len(RATES_OVER_POPULATION) == 5  # four per-1,000 flows and workers per 10,000
    as_of, since = dt.date(2022, 12, 31), dt.date(2022, 6, 30)
    results, whole = [], None
    for min_communities in (None, 1, 10_000):  # direct query, pre-aggregates, closure
        with duckdb.connect() as con:
            build(con)
            if whole is None:  # the same rates before the blank: S1's were computed
                frame = compute_metrics_many(con, [S1], as_of, since, 80.0, metrics=RATES_OVER_POPULATION)
                whole = {m: v for _, m, v in frame.itertuples(index=False)}
            con.execute("UPDATE areas SET population = NULL WHERE area_code = ?", [C1])
            if min_communities is not None:
                derived.refresh(con, 80.0, min_communities=min_communities)
            frame = compute_metrics_many(
                con, [C1, C2, S1, S2, D], as_of, since, 80.0, metrics=RATES_OVER_POPULATION
            )
            results.append({(a, m): v for a, m, v in frame.itertuples(index=False)})
            hand = con.execute(
                "SELECT (SELECT sum(activities) FROM activity WHERE community_code = ? AND month > ? AND month <= ?)"
                " * 1000.0 / (SELECT population FROM areas WHERE area_code = ?)",
                [C2, since, as_of, C2],
            ).fetchone()[0]
    assert results[0] == results[1] == results[2]
    got = results[0]
    assert any(v is not None for v in whole.values())  # the fixture has rates to lose
    for metric in RATES_OVER_POPULATION:
        assert got[(C1, metric)] is None and got[(S1, metric)] is None and got[(D, metric)] is None
    assert got[(C2, "activities_per_1k")] == round(hand, 1)
    assert any(got[(S2, m)] is not None for m in RATES_OVER_POPULATION)
