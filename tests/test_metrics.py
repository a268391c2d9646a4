"""The metric engine against a small hand-written warehouse (real in-memory DuckDB, no mocks).

Fixture (area codes):
    410300 city (level 'city', above the district)
    └ 410311 district D
      ├ 410311001 street S1: C1 410311001001 old, C2 410311001002 commercial
      ├ 410311002 street S2: C3 …002001 village_to_urban, C4 …002002 village (established 2022-06-01),
      │                      C5 …002003 mixed (abolished 2022-01-01)
      └ 410311003 street S3 (established 2023-06-01, no communities)
    410305 district D2 (top, no parent, not in the five-star program)
      └ 410305001 street: 410305001001 work_unit
Expected numbers are worked out by hand in the comments next to each assertion.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import pytest

from etl.metric_catalog import percentage
from etl.metrics import (
    UnknownAreaError,
    compute_metrics,
    compute_metrics_many,
    metric_names,
    star_levels,
)
from etl.schema import create_tables
from etl.sqlutil import cols, q

D, D2, CITY = "410311", "410305", "410300"
S1, S2, S3 = "410311001", "410311002", "410311003"
C1, C2, C3, C4, C5 = "410311001001", "410311001002", "410311002001", "410311002002", "410311002003"
D2S, D2C = "410305001", "410305001001"
END_2022 = dt.date(2022, 12, 31)


def d(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def insert(con: duckdb.DuckDBPyConnection, table: str, names: str, rows: list[tuple[Any, ...]]) -> None:
    columns = names.split()
    marks = ", ".join("?" for _ in columns)
    con.executemany(f"INSERT INTO {q(table)} ({cols(columns)}) VALUES ({marks})", rows)


def load_areas(con: duckdb.DuckDBPyConnection) -> None:
    insert(con, "areas",
           "area_code area_name level parent_code community_type households population premises_area_m2 "
           "established_date abolished_date", [
               (CITY, "洛阳市", "city", None, None, None, None, None, None, None),
               (D, "洛龙区", "district", CITY, None, None, None, None, None, None),
               (S1, "街道一", "street", D, None, None, None, None, None, None),
               (S2, "街道二", "street", D, None, None, None, None, None, None),
               (S3, "街道三", "street", D, None, None, None, None, d("2023-06-01"), None),
               (C1, "社区一", "community", S1, "old", 1000, 3000, 550.0, None, None),
               (C2, "社区二", "community", S1, "commercial", 2000, 5000, 1200.0, None, None),
               (C3, "社区三", "community", S2, "village_to_urban", 800, 2500, 600.0, None, None),
               (C4, "村四", "community", S2, "village", 500, 1500, None, d("2022-06-01"), None),
               (C5, "社区五", "community", S2, "mixed", 700, 2000, 800.0, None, d("2022-01-01")),
               (D2, "涧西区", "district", None, None, None, None, None, None, None),
               (D2S, "涧西街道", "street", D2, None, None, None, None, None, None),
               (D2C, "涧西社区", "community", D2S, "work_unit", 100, 300, 700.0, None, None),
           ])


def load_compounds(con: duckdb.DuckDBPyConnection) -> None:
    insert(con, "compounds",
           "community_code compound_name households built_year is_old_compound renovated_year "
           "property_service party_branch_founded_date lat lon", [
               (C1, "K1", 300, 1990, True, 2021, "soe_fallback", d("2020-06-30"), 34.6000, 112.4000),
               (C1, "K2", 100, 2023, False, None, "market", None, None, None),  # built after 2022
               (C1, "K3", 200, None, True, 2023, "market", d("2023-01-05"), None, None),
               (C2, "K4", 400, 2010, False, None, "soe_fallback", d("2022-12-31"), 34.6500, 112.4000),
               (C3, "K5", 150, 2000, True, 2022, "self_managed", None, None, None),
               (C5, "K6", 90, 2000, True, 2020, "soe_fallback", d("2019-01-01"), 34.6, 112.4),  # abolished
               (C4, "K7", 60, 2015, False, None, "market", None, 34.6000, 112.4390),
           ])


def load_facilities(con: duckdb.DuckDBPyConnection) -> None:
    insert(con, "facilities",
           "area_code facility_name facility_kind status planned_date opened_date rebuilt_date closed_date "
           "area_m2 capacity_persons investment_wan lat lon", [
               (C1, "F1", "party_service_center", "open", None, d("2019-01-01"), None, None,
                600.0, 200, 100.0, 34.6050, 112.4000),
               (C2, "F2", "party_service_center", "rebuilt", None, d("2015-01-01"), d("2022-05-01"), None,
                800.0, 300, 250.5, 34.6480, 112.4000),
               (C3, "F3", "party_service_center", "under_construction", d("2022-03-01"), None, None, None,
                None, None, 80.0, None, None),
               (C4, "F4", "party_service_center", "planned", d("2023-02-01"), None, None, None,
                None, None, None, None, None),
               (S1, "F5", "party_service_center", "open", None, d("2020-01-01"), None, None,
                1500.0, 500, 300.25, None, None),
               (C5, "F6", "party_service_center", "open", None, d("2018-01-01"), None, None,
                400.0, 100, 10.0, None, None),
               (C1, "F7", "elderly_canteen", "open", None, d("2021-05-01"), None, d("2022-11-30"),
                90.0, 50, 20.0, None, None),
               (C2, "F8", "elderly_canteen", "open", None, d("2022-01-01"), None, None,
                120.5, 80, 30.0, 34.6000, 112.4410),
               (C2, "F9", "elderly_canteen", "open", None, d("2023-01-15"), None, None,
                100.0, 60, 25.0, 34.6500, 112.4010),
               (D2C, "F10", "tea_house", "open", None, d("2021-01-01"), None, None,
                50.0, 20, None, 34.6040, 112.4080),
               (C3, "F11", "tea_house", "open", None, d("2022-02-01"), None, None,
                60.25, 30, 5.5, None, None),
               (C1, "F12", "study_room", "open", None, d("2020-01-01"), None, None,
                100.0, 40, None, 34.6095, 112.4000),
           ])


def load_organizations(con: duckdb.DuckDBPyConnection) -> None:
    rows: list[tuple[Any, ...]] = []
    soc = "social_org"
    rows += [(C1, f"C1-{i}", soc, None, None, 15) for i in range(10)]
    rows += [(C1, "C1-closed", soc, d("2010-01-01"), d("2022-06-30"), 99)]
    rows += [(C2, f"C2-{i}", soc, d("2015-01-01"), None, 10) for i in range(9)]
    rows += [(C2, "C2-future", soc, d("2023-02-01"), None, 10)]
    rows += [(C3, f"C3-{i}", soc, None, None, 20) for i in range(5)]
    rows += [(C4, f"C4-{i}", soc, None, None, 5) for i in range(4)]
    rows += [(C5, f"C5-{i}", soc, None, None, 7) for i in range(3)]
    rows += [(S1, "S1-org", soc, None, None, 40)]
    rows += [(c, f"party-{c}", "community_party_org", None, None, None) for c in (C1, C2, C3, C4, C5)]
    rows += [(D, "pro", "professional_social_org", d("2021-01-01"), None, 12)]
    rows += [(C1, "涧贤银行", "volunteer_points_bank", None, None, 2100)]
    rows += [(S2, "S2-bank", "volunteer_points_bank", None, None, 50)]
    insert(con, "organizations", "area_code org_name org_kind founded_date closed_date members", rows)


def load_programs_and_staff(con: duckdb.DuckDBPyConnection) -> None:
    smart = "smart_community_platform"
    insert(con, "programs", "community_code program_kind joined_date left_date", [
        (C1, smart, d("2021-01-01"), None),
        (C2, smart, d("2021-01-01"), None),
        (C3, smart, d("2022-12-31"), None),
        (C4, smart, d("2023-01-01"), None),
        (C5, smart, d("2020-01-01"), None),
        (C1, "night_school", d("2020-01-01"), d("2022-06-30")),
        (C2, "night_school", d("2022-01-01"), d("2023-01-01")),
        (D2C, "happiness_market", d("2022-01-01"), None),
    ])
    insert(con, "staff",
           "community_code snapshot_date community_workers certified_social_workers two_committee_members "
           "grid_workers reserve_cadres", [
               (C1, d("2021-12-31"), 8, 3, 7, 4, 2),
               (C1, d("2022-06-30"), 10, 5, 7, 5, 3),
               (C1, d("2023-06-30"), 99, 99, 99, 99, 99),
               (C2, d("2022-12-31"), 12, 6, 9, 6, 1),
               (C3, d("2022-01-31"), 6, 1, 5, 3, 0),
               (C5, d("2021-12-31"), 50, 50, 50, 50, 50),
           ])


def load_flows(con: duckdb.DuckDBPyConnection) -> None:
    insert(con, "activity",
           "community_code month activity_type activities participants social_org_activities "
           "social_org_participants app_registrations", [
               (C1, d("2022-01-01"), "public_service", 10, 100, 4, 40, 0),
               (C1, d("2022-07-01"), "public_service", 20, 300, 5, 50, 7),
               (C1, d("2022-07-01"), "charity", 3, 30, 1, 10, None),
               (C2, d("2022-12-01"), "culture_sports", 5, 50, 0, 0, 3),
               (C2, d("2023-01-01"), "culture_sports", 100, 1000, 0, 0, 0),
               (C5, d("2021-12-01"), "public_service", 2, 20, 2, 20, 1),
               (C4, d("2021-08-01"), "mutual_aid", 1, 5, 0, 0, 0),
               (D2C, d("2022-03-01"), "tea_talk", 4, 40, 0, 0, 0),
           ])
    insert(con, "volunteers",
           "community_code month registered_volunteers active_volunteers volunteer_hours points_earned "
           "points_redeemed bank_services", [
               (C1, d("2022-06-01"), 20, 5, 10.5, 100, 20, 3),
               (C1, d("2022-07-01"), 20, 8, 4.25, 50, 0, 2),
               (C2, d("2022-07-01"), 10, 4, 2.0, 10, 5, 1),
               (C2, d("2023-02-01"), 10, 10, 100.0, 0, 0, 0),
           ])


URBAN_STARS = ("strong_branch", "co_build_share", "safety_rule_of_law", "jobs_business", "happiness_harmony")
VILLAGE_STARS = ("strong_branch", "industry", "eco_livable", "safety_rule_of_law", "civility_happiness")


def load_five_star_and_targets(con: duckdb.DuckDBPyConnection) -> None:
    def rows(code: str, year: int, stars: tuple[str, ...], scored: list[tuple[float, bool | None]]):
        return [(code, year, star, s, a) for star, (s, a) in zip(stars, scored, strict=True)]

    data = (
        # C1: the four others (one by explicit True despite 70), strong_branch refused -> level 4
        rows(C1, 2022, URBAN_STARS, [(85, False), (90, True), (88, True), (70, True), (95, None)])
        # C2: every star decided by score >= 80 -> level 5
        + rows(C2, 2022, URBAN_STARS, [(80, None), (81, None), (99, None), (85, None), (80, None)])
        # C3: strong_branch only -> level 0
        + rows(C3, 2022, VILLAGE_STARS, [(92, True), (60, None), (85, False), (50, None), (79, None)])
        # C4: strong (90 blank), eco (True), safety (80 blank) -> others 2 -> level 2
        + rows(C4, 2022, VILLAGE_STARS, [(90, None), (79.9, None), (70, True), (80, None), (95, False)])
        # C5 is abolished on 2022-01-01: its rows never count on a later as_of
        + rows(C5, 2022, URBAN_STARS, [(100, True)] * 5)
        + rows(C1, 2023, URBAN_STARS, [(100, True)] * 5)
    )
    insert(con, "five_star", "community_code year star score awarded", data)
    insert(con, "targets", "area_code metric target_value due_date", [
        (D, "compound_branch_coverage_pct", 30.0, d("2020-12-31")),
        (D, "compound_branch_coverage_pct", 80.0, d("2023-12-31")),
        (D, "compound_branch_coverage_pct", 100.0, d("2025-12-31")),
        (D, "social_orgs", 30.0, d("2022-12-31")),
        (S1, "communities", 3.0, d("2022-12-31")),
    ])


def build(con: duckdb.DuckDBPyConnection) -> None:
    create_tables(con)
    load_areas(con)
    load_compounds(con)
    load_facilities(con)
    load_organizations(con)
    load_programs_and_staff(con)
    load_flows(con)
    load_five_star_and_targets(con)


@pytest.fixture(scope="module")
def con():
    connection = duckdb.connect()
    build(connection)
    yield connection
    connection.close()


def metrics(con, area: str = D, as_of: dt.date = END_2022, **kw: Any) -> dict[str, Any]:
    result = compute_metrics(con, area, as_of, **kw)
    names = [name for name, _ in result]
    assert len(names) == len(set(names)), "duplicate metric names"
    return dict(result)


def assert_values(got: dict[str, Any], expected: dict[str, Any]) -> None:
    for name, value in expected.items():
        assert name in got, name
        assert got[name] == value, (name, got[name], value)
        assert type(got[name]) is type(value), (name, type(got[name]), type(value))


def test_areas_and_communities(con) -> None:
    m = metrics(con)
    assert_values(m, {
        "streets": 2,  # S3 is established in 2023
        "communities": 4,  # C1-C4; C5 abolished 2022-01-01
        "communities_urban": 2,  # C1 old, C2 commercial
        "communities_village_to_urban": 1,
        "communities_type:old": 1, "communities_type:commercial": 1, "communities_type:village": 1,
        "communities_type:village_to_urban": 1,
        "communities_type:mixed": 0, "communities_type:work_unit": 0,  # kinds present in the data
        "households": 4300,  # 1000 + 2000 + 800 + 500
        "population": 12000,  # 3000 + 5000 + 2500 + 1500
        "compounds": 5,  # K1 K3 K4 K5 K7 (K2 built 2023, K6 in abolished C5)
        "compound_party_branches": 2,  # K1 2020-06-30, K4 on as_of; K3 2023
        "compound_branch_coverage_pct": 40.0,  # 2 / 5
        "compounds_upgraded_old": 2,  # K1 2021, K5 2022 (K3 renovated 2023)
        "compounds_soe_property": 2,  # K1 K4
    })


def test_existence_by_dates(con) -> None:
    early = metrics(con, as_of=dt.date(2022, 3, 31))
    assert early["communities"] == 3  # C4 not yet established, C5 abolished
    assert early["streets"] == 2
    assert metrics(con, as_of=dt.date(2021, 12, 31))["communities"] == 4  # C1 C2 C3 C5
    assert metrics(con, as_of=dt.date(2023, 6, 1))["streets"] == 3  # S3 on its established date
    assert metrics(con, C4, dt.date(2022, 3, 31))["communities"] == 0


def test_organizations(con) -> None:
    assert_values(metrics(con), {
        "community_party_orgs": 4,  # C5's is at an abolished community
        "social_orgs": 29,  # C1 10 + C2 9 + C3 5 + C4 4 + S1 1 (closed, future and C5 excluded)
        "social_org_members": 400,  # 150 + 90 + 100 + 20 + 40
        "communities_meeting_social_org_minimum_pct": 50.0,  # C1 (10>=10), C3 (5>=5) of 4
        "professional_social_orgs": 1,
        "volunteer_bank_members": 2150,  # 2100 + 50
    })
    street = metrics(con, S1)
    assert_values(street, {
        "social_orgs": 20, "social_org_members": 280, "professional_social_orgs": 0,
        "community_party_orgs": 2, "volunteer_bank_members": 2100,
        "communities_meeting_social_org_minimum_pct": 50.0,  # C1 yes, C2 (9) no
        "communities": 2, "streets": 1,  # a street counts itself
    })


def test_facilities(con) -> None:
    assert_values(metrics(con), {
        "facilities_open:party_service_center": 3,  # F1 F2 F5 (F6 at abolished C5)
        "facilities_planned:party_service_center": 1,  # F3; F4 planned only from 2023-02-01
        "facilities_rebuilt:party_service_center": 1,  # F2
        "facility_area_m2_open:party_service_center": 2900.0,  # 600 + 800 + 1500
        "facility_capacity_open:party_service_center": 1000,  # 200 + 300 + 500
        "facility_investment_wan:party_service_center": 650.75,  # 100 + 250.5 + 300.25
        "facilities_open:elderly_canteen": 1,  # F8; F7 closed 2022-11-30
        "facilities_planned:elderly_canteen": 1,  # F9 opens 2023-01-15
        "facility_investment_wan:elderly_canteen": 50.0,  # F7 20 + F8 30 (opened by as_of)
        "facility_area_m2_open:elderly_canteen": 120.5,
        "facilities_open:tea_house": 1,  # F11 (F10 is in the other district)
        "facility_area_m2_open:tea_house": 60.25,
        "facility_investment_wan:study_room": 0.0,
        "coverage_pct:party_service_center": 50.0,  # C1 C2 of 4 (F5 sits at the street)
        "coverage_pct:party_service_center:urban": 100.0,
        "coverage_pct:elderly_canteen": 25.0, "coverage_pct:elderly_canteen:urban": 50.0,
        "coverage_pct:tea_house": 25.0, "coverage_pct:tea_house:urban": 0.0,
        "communities_premises_ge_500m2_pct": 75.0,  # 550, 1200, 600 of 4 (C4 blank)
        "communities_premises_ge_600m2_pct": 50.0,  # 1200, 600
        "communities_premises_gt_1000m2_pct": 25.0,  # 1200
    })


def test_walk_coverage(con) -> None:
    # Located compounds K1 (34.60, 112.40), K4 (34.65, 112.40), K7 (34.60, 112.439).
    assert_values(metrics(con), {
        "walk_coverage_pct:party_service_center": 66.7,  # F1 556 m from K1, F2 222 m from K4
        "walk_coverage_pct:elderly_canteen": 33.3,  # F8 183 m from K7 across a grid cell edge
        "walk_coverage_pct:tea_house": 33.3,  # F10 (other district) 857 m from K1
        "walk_coverage_pct:study_room": 0.0,  # F12 is 1,056 m from K1
    })


def test_new_kinds_expand_everywhere(con) -> None:
    other = metrics(con, D2)
    assert_values(other, {
        "facilities_open:tea_house": 1, "facility_capacity_open:tea_house": 20,
        "facilities_open:party_service_center": 0, "coverage_pct:tea_house": 100.0,
        "program_communities:happiness_market": 1, "activities:tea_talk": 4,
        "communities_type:work_unit": 1,
    })
    assert "activities:tea_talk" in metrics(con)
    assert metrics(con)["activities:tea_talk"] == 0


def test_programs_and_people(con) -> None:
    assert_values(metrics(con), {
        "program_communities:smart_community_platform": 3,  # C1 C2, C3 joined on as_of
        "program_coverage_pct:smart_community_platform": 75.0,
        "program_communities:night_school": 1,  # C2 (C1 left 2022-06-30)
        "program_coverage_pct:night_school": 25.0,
        "program_communities:happiness_market": 0, "program_coverage_pct:happiness_market": 0.0,
        "community_workers": 28,  # C1 2022-06-30: 10, C2 12, C3 6 (C5 abolished)
        "certified_social_workers": 12,  # 5 + 6 + 1
        "certified_share_pct": 42.9,  # 12 / 28
        "workers_per_10k_residents": 23.3,  # 28 / 12000 * 10000
        "two_committee_members": 21, "grid_workers": 14, "reserve_cadres": 4,
    })


def test_flows_default_window(con) -> None:
    assert_values(metrics(con), {
        "activities": 41,  # 10 + 20 + 3 + 5 + C5 2 + C4 1 (2023-01 excluded)
        "participants": 505,
        "activities:public_service": 32, "participants:public_service": 420,
        "activities:charity": 3, "activities:culture_sports": 5, "activities:mutual_aid": 1,
        "social_org_activities": 12, "social_org_participants": 120,
        "returnee_registrations": 11,  # 7 + 3 + 1
        "volunteer_hours": 16.75,  # 10.5 + 4.25 + 2.0
        "active_volunteers": 12,  # peak month 2022-07: 8 + 4
        "volunteer_bank_services": 6, "points_earned": 160, "points_redeemed": 25,
    })


def test_flow_window_overlaps_months(con) -> None:
    half = metrics(con, since=dt.date(2022, 6, 30))  # 2022-07 .. 2022-12
    assert_values(half, {
        "activities": 28, "participants": 380, "volunteer_hours": 6.25, "active_volunteers": 12,
        "points_earned": 60,
    })
    # since mid-July, as_of early December: both partial months overlap the window
    part = metrics(con, as_of=dt.date(2022, 12, 10), since=dt.date(2022, 7, 15))
    assert part["activities"] == 28
    assert metrics(con, as_of=dt.date(2022, 6, 29), since=dt.date(2022, 6, 1))["activities"] == 0


def test_five_star_capstone(con) -> None:
    m = metrics(con)
    assert_values(m, {
        "star_level_communities:0": 1,  # C3 strong_branch only
        "star_level_communities:1": 0,
        "star_level_communities:2": 1,  # C4
        "star_level_communities:3": 0,
        "star_level_communities:4": 1,  # C1 four others, no strong_branch
        "star_level_communities:5": 1,  # C2
        "five_star_communities": 1, "four_plus_star_communities": 2,
        "star_awarded_pct:strong_branch": 75.0,  # C2 C3 C4 of 4 assessed
        "star_awarded_pct:safety_rule_of_law": 75.0,  # C1 C2 C4 (80 blank reaches 80)
        "star_awarded_pct:co_build_share": 50.0,
        "star_awarded_pct:industry": 0.0,  # 79.9 blank misses
        "star_awarded_pct:eco_livable": 25.0,
    })
    stars = [n for n in m if n.startswith("star_awarded_pct:")]
    assert stars == sorted(f"star_awarded_pct:{s}" for s in set(URBAN_STARS) | set(VILLAGE_STARS))
    strict = metrics(con, star_threshold=90)
    # C2 keeps only safety (99) -> 1; C4 keeps strong (90) and eco (True) -> 1; C1 stays 4
    assert [strict[f"star_level_communities:{n}"] for n in range(6)] == [1, 2, 0, 0, 1, 0]


def test_five_star_year_and_not_in_program(con) -> None:
    later = metrics(con, as_of=dt.date(2023, 12, 31))
    assert later["five_star_communities"] == 1 and later["star_level_communities:0"] == 0
    assert later["star_awarded_pct:strong_branch"] == 100.0  # only C1 assessed in 2023
    assert "star_awarded_pct:industry" not in later
    for area, as_of in ((D2, END_2022), (D, dt.date(2021, 12, 31))):
        m = metrics(con, area, as_of)
        assert [m[f"star_level_communities:{n}"] for n in range(6)] == [None] * 6
        assert m["five_star_communities"] is None and m["four_plus_star_communities"] is None
        assert not any(n.startswith("star_awarded_pct:") for n in m)


def test_star_levels_helper(con) -> None:
    frame = star_levels(con, D, 2022)
    by_code = dict(zip(frame["community_code"], frame["level"], strict=True))
    assert by_code == {C1: 4, C2: 5, C3: 0, C4: 2, C5: 5}  # no as_of: C5 listed too
    row = frame.set_index("community_code").loc[C4]
    assert row["eco_livable"] is True and row["industry"] is False and row["co_build_share"] is None
    assert list(row["stars_awarded"]) == ["eco_livable", "safety_rule_of_law", "strong_branch"]
    assert len(star_levels(con, D)) == 6  # every year
    assert star_levels(con, D2).empty


def test_targets(con) -> None:
    m = metrics(con)
    assert m["target:compound_branch_coverage_pct"] == 80.0  # earliest due on/after as_of: 2023
    assert m["target:social_orgs"] == 30.0  # due on as_of
    assert "target:communities" not in m  # S1's target is not the district's
    assert metrics(con, as_of=dt.date(2026, 6, 30))["target:compound_branch_coverage_pct"] == 100.0
    assert metrics(con, as_of=dt.date(2020, 12, 31))["target:compound_branch_coverage_pct"] == 30.0
    assert metrics(con, S1)["target:communities"] == 3.0


def test_order_and_names(con) -> None:
    names = [n for n, _ in compute_metrics(con, D, END_2022)]
    fixed = metric_names()
    assert [n for n in names if n in fixed] == fixed[: len([n for n in names if n in fixed])]
    assert names[:5] == ["streets", "communities", "communities_urban", "communities_village_to_urban",
                         "communities_type:commercial"]
    fac = ["elderly_canteen", "party_service_center", "study_room", "tea_house"]
    opened = [n for n in names if n.startswith("facilities_open:")]
    assert opened == [f"facilities_open:{k}" for k in fac]
    i = names.index("coverage_pct:tea_house")
    assert names[i + 1 : i + 5] == [f"coverage_pct:{k}:urban" for k in fac]
    assert names[-2:] == ["target:compound_branch_coverage_pct", "target:social_orgs"]
    assert names.index("four_plus_star_communities") == len(names) - 3
    assert fixed[0] == "streets" and "facilities_open:{kind}" not in fixed


def test_many_equals_single(con) -> None:
    areas = [D, S1, S2, C1, D2, CITY]
    since = dt.date(2022, 1, 31)
    frame = compute_metrics_many(con, areas, END_2022, since=since)
    assert list(frame.columns) == ["area_code", "metric", "value"]
    for area in areas:
        part = frame[frame["area_code"] == area]
        expected = compute_metrics(con, area, END_2022, since=since)
        assert list(zip(part["metric"], part["value"], strict=True)) == expected
    # the city above the district sees the same communities
    city = dict(compute_metrics(con, CITY, END_2022))
    assert city["communities"] == 4 and city["social_orgs"] == 29
    assert compute_metrics_many(con, [], END_2022).empty


def test_unknown_area(con) -> None:
    with pytest.raises(UnknownAreaError, match="未知区划代码 999999"):
        compute_metrics(con, "999999", END_2022)
    with pytest.raises(UnknownAreaError):
        compute_metrics_many(con, [D, "4103110010"], END_2022)
    with pytest.raises(ValueError):
        star_levels(con, "000000")


def test_types_and_percentage_rounding(con) -> None:
    m = metrics(con)
    assert type(m["communities"]) is int and type(m["volunteer_hours"]) is float
    assert percentage(1, 16) == 6.3  # half up, where round(6.25, 1) would give 6.2
    assert percentage(174, 581) == 29.9
    assert percentage(3, 0) is None
    assert percentage(None, 4) == 0.0


def test_read_only_database(tmp_path) -> None:
    path = str(tmp_path / "w.duckdb")
    with duckdb.connect(path) as writer:
        build(writer)
    with duckdb.connect(path, read_only=True) as reader:
        assert dict(compute_metrics(reader, D, END_2022))["communities"] == 4
