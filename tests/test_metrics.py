"""The metric engine against a small hand-written warehouse (real in-memory DuckDB, no mocks).

The warehouse is ``metrics_fixture.build`` (its docstring draws the areas). Expected numbers are
worked out by hand in the comments next to each assertion.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import pytest
from metrics_fixture import C1, C2, C3, C4, C5, CITY, D2, S1, S2, URBAN_STARS, VILLAGE_STARS, D, build

from etl.metric_catalog import CATALOG, percentage
from etl.metric_lookups import star_levels
from etl.metrics import (
    UnknownAreaError,
    compute_metrics,
    compute_metrics_many,
    metric_names,
)

END_2022 = dt.date(2022, 12, 31)


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
    assert_values(
        m,
        {
            "streets": 2,  # S3 is established in 2023
            "communities": 4,  # C1-C4; C5 abolished 2022-01-01
            "communities_urban": 2,  # C1 old, C2 commercial
            "communities_village_to_urban": 1,
            "communities_type:old": 1,
            "communities_type:commercial": 1,
            "communities_type:village": 1,
            "communities_type:village_to_urban": 1,
            "communities_type:mixed": 0,
            "communities_type:work_unit": 0,  # kinds present in the data
            "households": 4300,  # 1000 + 2000 + 800 + 500
            "population": 12000,  # 3000 + 5000 + 2500 + 1500
            "compounds": 5,  # K1 K3 K4 K5 K7 (K2 built 2023, K6 in abolished C5)
            "compound_party_branches": 2,  # K1 2020-06-30, K4 on as_of; K3 2023
            "compound_branch_coverage_pct": 40.0,  # 2 / 5
            "compounds_upgraded_old": 2,  # K1 2021, K5 2022 (K3 renovated 2023)
            "compounds_soe_property": 2,  # K1 K4
        },
    )


def test_existence_by_dates(con) -> None:
    early = metrics(con, as_of=dt.date(2022, 3, 31))
    assert early["communities"] == 3  # C4 not yet established, C5 abolished
    assert early["streets"] == 2
    assert metrics(con, as_of=dt.date(2021, 12, 31))["communities"] == 4  # C1 C2 C3 C5
    assert metrics(con, as_of=dt.date(2022, 1, 1))["communities"] == 3  # C5 gone on its abolished date
    assert metrics(con, as_of=dt.date(2022, 6, 1))["communities"] == 4  # C4 exists on its established date
    assert metrics(con, as_of=dt.date(2023, 6, 1))["streets"] == 3  # S3 on its established date
    assert metrics(con, C4, dt.date(2022, 3, 31))["communities"] == 0


def test_date_boundaries(con) -> None:
    # closed/left/abolished on as_of means gone; opened/joined/established on as_of means there
    assert metrics(con, as_of=dt.date(2022, 11, 30))["facilities_open:elderly_canteen"] == 1  # F8; F7 closed
    assert metrics(con, as_of=dt.date(2022, 11, 29))["facilities_open:elderly_canteen"] == 2
    assert metrics(con, as_of=dt.date(2022, 6, 30))["program_communities:night_school"] == 1  # C2; C1 left
    assert metrics(con, as_of=dt.date(2022, 6, 29))["program_communities:night_school"] == 2
    assert metrics(con, as_of=dt.date(2022, 2, 1))["facilities_open:tea_house"] == 1  # F11 opened
    assert metrics(con, as_of=dt.date(2022, 6, 30))["social_orgs"] == 29  # C1-closed gone
    assert metrics(con, as_of=dt.date(2022, 6, 29))["social_orgs"] == 30


def test_organizations(con) -> None:
    assert_values(
        metrics(con),
        {
            "community_party_orgs": 4,  # C5's is at an abolished community
            "social_orgs": 29,  # C1 10 + C2 9 + C3 5 + C4 4 + S1 1 (closed, future and C5 excluded)
            "social_org_members": 400,  # 150 + 90 + 100 + 20 + 40
            "communities_meeting_social_org_minimum_pct": 50.0,  # C1 (10>=10), C3 (5>=5) of 4
            "professional_social_orgs": 1,
            "volunteer_bank_members": 2150,  # 2100 + 50
        },
    )
    street = metrics(con, S1)
    assert_values(
        street,
        {
            "social_orgs": 20,
            "social_org_members": 280,
            "professional_social_orgs": 0,
            "community_party_orgs": 2,
            "volunteer_bank_members": 2100,
            "communities_meeting_social_org_minimum_pct": 50.0,  # C1 yes, C2 (9) no
            "communities": 2,
            "streets": 1,  # a street counts itself
        },
    )


def test_facilities(con) -> None:
    assert_values(
        metrics(con),
        {
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
            "facility_investment_wan:study_room": None,  # F12 opened, its investment blank: not 0
            "facility_investment_unreported:study_room": 1,
            "facility_investment_unreported:party_service_center": 0,  # F3, F4 not opened
            "facility_investment_unreported:elderly_canteen": 0,
            "coverage_pct:party_service_center": 50.0,  # C1 C2 of 4 (F5 sits at the street)
            "coverage_pct:party_service_center:urban": 100.0,
            "coverage_pct:elderly_canteen": 25.0,
            "coverage_pct:elderly_canteen:urban": 50.0,
            "coverage_pct:tea_house": 25.0,
            "coverage_pct:tea_house:urban": 0.0,
            # C4's premises area is blank: whether it reaches a size is not known, so no share is
            "premises_unreported": 1,
            "premises_per_100hh_unreported": 1,
            "communities_premises_ge_500m2_pct": None,
            "communities_premises_ge_600m2_pct": None,
            "communities_premises_gt_1000m2_pct": None,
            "communities_premises_per_100hh_pct": None,
        },
    )
    assert_values(
        metrics(con, S1),  # C1 550 m² for 1,000 households, C2 1,200 for 2,000: every area known
        {
            "premises_unreported": 0,
            "premises_per_100hh_unreported": 0,
            "communities_premises_ge_500m2_pct": 100.0,
            "communities_premises_ge_600m2_pct": 50.0,
            "communities_premises_gt_1000m2_pct": 50.0,
            "communities_premises_per_100hh_pct": 100.0,  # 55 and 60 m² per 100 households
        },
    )


def test_an_investment_nobody_filled_in_is_missing_and_one_with_nothing_to_sum_is_0(con) -> None:
    """A sum of values left blank is not known (not 0); a sum over no facility is 0; a partial sum
    covers the filled rows and says how many were left blank."""
    c1 = metrics(con, C1)  # F1 100, F7 20, F12 (study room) blank
    assert_values(
        c1,
        {
            "facility_investment_wan:party_service_center": 100.0,
            "facility_investment_wan:study_room": None,
            "facility_investment_unreported:study_room": 1,
            "facility_investment_wan:tea_house": 0.0,  # no tea house at C1: nothing to sum
            "facility_investment_unreported:tea_house": 0,
        },
    )


def test_walk_coverage(con) -> None:
    # Located compounds K1 (34.60, 112.40), K4 (34.65, 112.40), K7 (34.60, 112.439).
    assert_values(
        metrics(con),
        {
            "walk_coverage_pct:party_service_center": 66.7,  # F1 556 m from K1, F2 222 m from K4
            "walk_coverage_pct:elderly_canteen": 33.3,  # F8 183 m from K7 across a grid cell edge
            "walk_coverage_pct:tea_house": 33.3,  # F10 (other district) 857 m from K1
            "walk_coverage_pct:study_room": 0.0,  # F12 is 1,056 m from K1
        },
    )


def test_new_kinds_expand_everywhere(con) -> None:
    other = metrics(con, D2)
    assert_values(
        other,
        {
            "facilities_open:tea_house": 1,
            "facility_capacity_open:tea_house": 20,
            "facilities_open:party_service_center": 0,
            "coverage_pct:tea_house": 100.0,
            "program_communities:happiness_market": 1,
            "activities:tea_talk": 4,
            "communities_type:work_unit": 1,
        },
    )
    assert "activities:tea_talk" in metrics(con)
    assert metrics(con)["activities:tea_talk"] == 0


def test_programs_and_people(con) -> None:
    assert_values(
        metrics(con),
        {
            "program_communities:smart_community_platform": 3,  # C1 C2, C3 joined on as_of
            "program_coverage_pct:smart_community_platform": 75.0,
            "program_communities:night_school": 1,  # C2 (C1 left 2022-06-30)
            "program_coverage_pct:night_school": 25.0,
            "program_communities:happiness_market": 0,
            "program_coverage_pct:happiness_market": 0.0,
            "community_workers": 28,  # C1 2022-06-30: 10, C2 12, C3 6 (C5 abolished)
            "certified_social_workers": 12,  # 5 + 6 + 1
            "certified_share_pct": 42.9,  # 12 / 28
            "workers_per_10k_residents": 23.3,  # 28 / 12000 * 10000
            "two_committee_members": 21,
            "grid_workers": 8,
            "reserve_cadres": 4,  # grid 5 + blank + 3
        },
    )


def test_flows_default_window(con) -> None:
    assert_values(
        metrics(con),
        {
            "activities": 43,  # 10 + 20 + 3 + 5 + 2 + C5 2 + C4 1 (2023-01 excluded)
            "participants": 525,
            "activities:public_service": 32,
            "participants:public_service": 420,
            "activities:charity": 3,
            "activities:culture_sports": 5,
            "activities:mutual_aid": 1,
            "activities:youth": 2,
            "social_org_activities": 12,
            "social_org_participants": 120,
            "returnee_registrations": 11,  # 7 + 3 + 1
            "volunteer_hours": 16.75,  # 10.5 + 4.25 + 2.0
            "active_volunteers": 12,  # peak month 2022-07: 8 + 4
            "volunteer_bank_services": 6,
            "points_earned": 160,
            "points_redeemed": 25,
        },
    )


def test_flow_window_overlaps_months(con) -> None:
    half = metrics(con, since=dt.date(2022, 6, 30))  # 2022-07 .. 2022-12
    assert_values(
        half,
        {
            "activities": 30,
            "participants": 400,
            "volunteer_hours": 6.25,
            "active_volunteers": 12,
            "points_earned": 60,
        },
    )
    # since mid-July, as_of early December: both partial months overlap the window (the row
    # stored as 2022-12-20 belongs to December too)
    part = metrics(con, as_of=dt.date(2022, 12, 10), since=dt.date(2022, 7, 15))
    assert part["activities"] == 30
    # a month in which no community reported: missing, not zero (issue 13)
    june = metrics(con, as_of=dt.date(2022, 6, 29), since=dt.date(2022, 6, 1))
    assert june["activities"] is None and june["reporting_communities:activity"] == 0


def test_five_star_capstone(con) -> None:
    m = metrics(con)
    assert_values(
        m,
        {
            "star_level_communities:0": 1,  # C3 strong_branch only
            "star_level_communities:1": 0,
            "star_level_communities:2": 0,
            "star_level_communities:3": 1,  # C4: three others + strong_branch is still 3
            "star_level_communities:4": 1,  # C1 four others, no strong_branch
            "star_level_communities:5": 1,  # C2
            "assessed_communities": 4,  # every level, 0 included
            "five_star_communities": 1,
            "four_plus_star_communities": 2,
            "three_plus_star_communities": 3,  # C1 C2 C4
            # an award rate is over the communities assessed on the star: the two stars of both
            # kinds over all four, an urban star over C1 C2, a village star over C3 C4
            "star_awarded_pct:strong_branch": 75.0,  # C2 C3 C4 of 4 assessed
            "star_awarded_pct:safety_rule_of_law": 75.0,  # C1 C2 C4 (80 blank reaches 80)
            "star_awarded_pct:co_build_share": 100.0,  # C1 C2 of the 2 urban ones
            "star_awarded_pct:jobs_business": 100.0,  # C1 by its explicit True despite 70
            "star_awarded_pct:industry": 0.0,  # 79.9 blank misses, 60 too
            "star_awarded_pct:eco_livable": 50.0,  # C4's True of the 2 villages (C3's explicit False)
            "star_awarded_pct:civility_happiness": 50.0,  # C4 (C3's 79 misses)
        },
    )
    stars = [n for n in m if n.startswith("star_awarded_pct:")]
    assert stars == sorted(f"star_awarded_pct:{s}" for s in set(URBAN_STARS) | set(VILLAGE_STARS))
    strict = metrics(con, star_threshold=90)
    # C2 keeps only safety (99) -> 1; C4 keeps eco (True) and civility (95) -> 2; C1 stays 4
    assert [strict[f"star_level_communities:{n}"] for n in range(6)] == [1, 1, 1, 0, 1, 0]
    assert strict["three_plus_star_communities"] == 1 and strict["assessed_communities"] == 4


def test_five_star_year_and_not_in_program(con) -> None:
    later = metrics(con, as_of=dt.date(2023, 12, 31))
    assert later["five_star_communities"] == 1 and later["star_level_communities:0"] == 0
    assert later["star_awarded_pct:strong_branch"] == 100.0  # only C1 assessed in 2023
    assert "star_awarded_pct:industry" not in later
    for area, as_of in ((D2, END_2022), (D, dt.date(2021, 12, 31))):
        m = metrics(con, area, as_of)
        assert [m[f"star_level_communities:{n}"] for n in range(6)] == [None] * 6
        for name in ("assessed", "five_star", "four_plus_star", "three_plus_star"):
            assert m[f"{name}_communities"] is None  # outside the program: blank, not 0
        assert not any(n.startswith("star_awarded_pct:") for n in m)


def test_star_levels_helper(con) -> None:
    frame = star_levels(con, D, 2022)
    by_code = dict(zip(frame["community_code"], frame["level"], strict=True))
    assert by_code == {C1: 4, C2: 5, C3: 0, C4: 3, C5: 5}  # no as_of: C5 listed too
    row = frame.set_index("community_code").loc[C4]
    assert row["eco_livable"] is True and row["industry"] is False and row["co_build_share"] is None
    assert list(row["stars_awarded"]) == [
        "civility_happiness",
        "eco_livable",
        "safety_rule_of_law",
        "strong_branch",
    ]
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
    assert names[:5] == [
        "streets",
        "communities",
        "communities_urban",
        "communities_village_to_urban",
        "communities_type:commercial",
    ]
    fac = ["elderly_canteen", "party_service_center", "study_room", "tea_house"]
    opened = [n for n in names if n.startswith("facilities_open:")]
    assert opened == [f"facilities_open:{k}" for k in fac]
    i = names.index("coverage_pct:tea_house")
    assert names[i + 1 : i + 5] == [f"coverage_pct:{k}:urban" for k in fac]
    assert names[-2:] == ["target:compound_branch_coverage_pct", "target:social_orgs"]
    assert names.index("three_plus_star_communities") == len(names) - 3
    assert fixed[0] == "streets" and "facilities_open:{kind}" not in fixed


def test_many_equals_single(con) -> None:
    areas = [D, S1, S2, C1, D2, CITY]
    since = dt.date(2022, 1, 31)
    frame = compute_metrics_many(con, areas, END_2022, since=since)
    assert list(frame.columns) == ["area_code", "metric", "value"]
    for area in areas:
        part = frame[frame["area_code"] == area]
        expected = compute_metrics(con, area, END_2022, since=since)
        got = list(zip(part["metric"], part["value"], strict=True))
        assert got == expected
        assert [type(v) for _, v in got] == [type(v) for _, v in expected]
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


def test_no_ledger_counts_above_a_district(con):
    """``etl metrics`` prints ledger counts for districts and below only (see etl.cli_ledger)."""
    from etl.cli_ledger import ledger_counts

    assert ledger_counts(con, CITY, END_2022) == []


def test_a_metric_kept_under_a_second_name_has_the_same_value(con) -> None:
    """``Metric.same_as`` (the all-metrics page lists such a metric once): the two names agree for
    every area and date, so hiding one hides no number."""
    twins = [(m.name, m.same_as) for m in CATALOG if m.same_as]
    assert twins == [("communities_village_to_urban", "communities_type:village_to_urban")]
    for area in (D, S1, S2, C1, C3, D2, CITY):
        for as_of in (END_2022, dt.date(2021, 6, 30)):
            m = metrics(con, area, as_of)
            for name, same_as in twins:
                assert m[name] == m.get(same_as, 0), (area, as_of, name)  # a type not present: 0


@pytest.mark.parametrize(
    "as_of", [dt.date(2024, 12, 31), dt.date(2024, 2, 29), dt.date(2023, 2, 28), dt.date(2024, 4, 30)]
)
def test_the_year_window_of_a_month_end_is_its_twelve_calendar_months(as_of) -> None:
    from etl import periods

    since, end = periods.year_window(as_of)
    assert (since, end) == (periods.months_window(as_of, 12)[0], as_of)
    assert periods.first_month(since) == periods.add_months(as_of, -11)
