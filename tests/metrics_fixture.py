"""A small hand-written warehouse for ``test_metrics`` (real DuckDB, rows bound as parameters).

    410300 city (level 'city', above the district)
    └ 410311 district D
      ├ 410311001 street S1: C1 410311001001 old, C2 410311001002 commercial
      ├ 410311002 street S2: C3 …002001 village_to_urban, C4 …002002 village (established 2022-06-01),
      │                      C5 …002003 mixed (abolished 2022-01-01)
      └ 410311003 street S3 (established 2023-06-01, no communities)
    410305 district D2 (top, no parent, not in the five-star program)
      └ 410305001 street: 410305001001 work_unit

Rows are written as whitespace-separated text: ``-`` is blank, ``YYYY-MM-DD`` a date, ``T``/``F`` a
boolean, numbers are numbers and the names above (``C1``, ``S1``, …) stand for their codes.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import duckdb

from etl.schema import create_tables
from etl.sqlutil import cols, q

D, D2, CITY = "410311", "410305", "410300"
S1, S2, S3 = "410311001", "410311002", "410311003"
C1, C2, C3, C4, C5 = "410311001001", "410311001002", "410311002001", "410311002002", "410311002003"
D2S, D2C = "410305001", "410305001001"
CODES = {"D": D, "D2": D2, "CITY": CITY, "S1": S1, "S2": S2, "S3": S3, "C1": C1, "C2": C2, "C3": C3}
CODES |= {"C4": C4, "C5": C5, "D2S": D2S, "D2C": D2C}
URBAN_STARS = ("strong_branch", "co_build_share", "safety_rule_of_law", "jobs_business", "happiness_harmony")
VILLAGE_STARS = ("strong_branch", "industry", "eco_livable", "safety_rule_of_law", "civility_happiness")


def cell(text: str) -> Any:
    if text == "-":
        return None
    if text in ("T", "F"):
        return text == "T"
    if text in CODES:
        return CODES[text]
    if re.fullmatch(r"\d{4}-\d\d-\d\d", text):
        return dt.date.fromisoformat(text)
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d*", text):
        return float(text)
    return text


def insert(con: duckdb.DuckDBPyConnection, table: str, names: str, rows: str) -> None:
    """Insert text rows (one per line, ``#`` starts a comment) into the named columns."""
    columns = names.split()
    data = []
    for line in rows.splitlines():
        fields = line.split("#")[0].split()
        if fields:
            assert len(fields) == len(columns), line
            data.append([cell(f) for f in fields])
    marks = ", ".join("?" for _ in columns)
    con.executemany(f"INSERT INTO {q(table)} ({cols(columns)}) VALUES ({marks})", data)


AREAS = """
CITY 洛阳市   city      -    -                -    -    -    -          -
D    洛龙区   district  CITY -                -    -    -    -          -
S1   街道一   street    D    -                -    -    -    -          -
S2   街道二   street    D    -                -    -    -    -          -
S3   街道三   street    D    -                -    -    -    2023-06-01 -
C1   社区一   community S1   old              1000 3000 550  -          -
C2   社区二   community S1   commercial       2000 5000 1200 -          -
C3   社区三   community S2   village_to_urban 800  2500 600  -          -
C4   村四     community S2   village          500  1500 -    2022-06-01 -
C5   社区五   community S2   mixed            700  2000 800  -          2022-01-01
D2   涧西区   district  -    -                -    -    -    -          -
D2S  涧西街道 street    D2   -                -    -    -    -          -
D2C  涧西社区 community D2S  work_unit        100  300  700  -          -
"""

COMPOUNDS = """
C1 K1 300 1990 T 2021 soe_fallback 2020-06-30 34.6000 112.4000
C1 K2 100 2023 F -    market       -          -       -         # built after 2022
C1 K3 200 -    T 2023 market       2023-01-05 -       -
C2 K4 400 2010 F -    soe_fallback 2022-12-31 34.6500 112.4000
C3 K5 150 2000 T 2022 self_managed -          -       -
C5 K6 90  2000 T 2020 soe_fallback 2019-01-01 34.6    112.4     # community abolished
C4 K7 60  2015 F -    market       -          34.6000 112.4390
"""

FACILITIES = """
C1  F1  party_service_center open               -          2019-01-01 -          -          600.0  200 100.0  34.6050 112.4000
C2  F2  party_service_center rebuilt            -          2015-01-01 2022-05-01 -          800.0  300 250.5  34.6480 112.4000
C3  F3  party_service_center under_construction 2022-03-01 -          -          -          -      -   80.0   -       -
C4  F4  party_service_center planned            2023-02-01 -          -          -          -      -   -      -       -
S1  F5  party_service_center open               -          2020-01-01 -          -          1500.0 500 300.25 -       -
C5  F6  party_service_center open               -          2018-01-01 -          -          400.0  100 10.0   -       -
C1  F7  elderly_canteen      open               -          2021-05-01 -          2022-11-30 90.0   50  20.0   -       -
C2  F8  elderly_canteen      open               -          2022-01-01 -          -          120.5  80  30.0   34.6000 112.4410
C2  F9  elderly_canteen      open               -          2023-01-15 -          -          100.0  60  25.0   34.6500 112.4010
D2C F10 tea_house            open               -          2021-01-01 -          -          50.0   20  -      34.6040 112.4080
C3  F11 tea_house            open               -          2022-02-01 -          -          60.25  30  5.5    -       -
C1  F12 study_room           open               -          2020-01-01 -          -          100.0  40  -      34.6095 112.4000
"""

PROGRAMS = """
C1  smart_community_platform 2021-01-01 -
C2  smart_community_platform 2021-01-01 -
C3  smart_community_platform 2022-12-31 -
C4  smart_community_platform 2023-01-01 -
C5  smart_community_platform 2020-01-01 -
C1  night_school             2020-01-01 2022-06-30
C2  night_school             2022-01-01 2023-01-01
D2C happiness_market         2022-01-01 -
"""

STAFF = """
C1 2021-12-31 8  3  7  4   2
C1 2022-06-30 10 5  7  5   3
C1 2023-06-30 99 99 99 99  99
C2 2021-12-31 7  2  8  100 9
C2 2022-12-31 12 6  9  -   1   # blank grid_workers: 0, no fallback to 2021
C3 2022-01-31 6  1  5  3   0
C5 2021-12-31 50 50 50 50  50
"""

ACTIVITY = """
C1  2022-01-01 public_service 10  100  4 40 0
C1  2022-07-01 public_service 20  300  5 50 7
C1  2022-07-01 charity        3   30   1 10 -
C2  2022-12-01 culture_sports 5   50   0 0  3
C2  2022-12-20 youth          2   20   0 0  0   # a day other than the 1st
C2  2023-01-01 culture_sports 100 1000 0 0  0
C5  2021-12-01 public_service 2   20   2 20 1
C4  2021-08-01 mutual_aid     1   5    0 0  0
D2C 2022-03-01 tea_talk       4   40   0 0  0
"""

VOLUNTEERS = """
C1 2022-06-01 20 5  10.5  100 20 3
C1 2022-07-01 20 8  4.25  50  0  2
C2 2022-07-01 10 4  2.0   10  5  1
C2 2023-02-01 10 10 100.0 0   0  0
"""

TARGETS = """
D  compound_branch_coverage_pct 30.0  2020-12-31
D  compound_branch_coverage_pct 80.0  2023-12-31
D  compound_branch_coverage_pct 100.0 2025-12-31
D  social_orgs                  30.0  2022-12-31
S1 communities                  3.0   2022-12-31
"""

# Score and awarded flag per star, in the order of URBAN_STARS / VILLAGE_STARS.
FIVE_STAR = [
    # C1: the four others (one by explicit True despite 70), strong_branch refused -> level 4
    (C1, 2022, URBAN_STARS, "85 F  90 T  88 T  70 T  95 -"),
    # C2: every star decided by score >= 80 -> level 5
    (C2, 2022, URBAN_STARS, "80 -  81 -  99 -  85 -  80 -"),
    # C3: strong_branch only -> level 0
    (C3, 2022, VILLAGE_STARS, "92 T  60 -  85 F  50 -  79 -"),
    # C4: strong (90), eco (T), safety (80), civility (95) -> three others + strong -> level 3
    (C4, 2022, VILLAGE_STARS, "90 -  79.9 -  70 T  80 -  95 -"),
    # C5 is abolished on 2022-01-01: its rows never count on a later as_of
    (C5, 2022, URBAN_STARS, "100 T  100 T  100 T  100 T  100 T"),
    (C1, 2023, URBAN_STARS, "100 T  100 T  100 T  100 T  100 T"),
]


def five_star_rows() -> str:
    lines = []
    for code, year, stars, scored in FIVE_STAR:
        fields = scored.split()
        for star, score, flag in zip(stars, fields[::2], fields[1::2], strict=True):
            lines.append(f"{code} {year} {star} {score} {flag}")
    return "\n".join(lines)


def build(con: duckdb.DuckDBPyConnection) -> None:
    create_tables(con)
    insert(
        con,
        "areas",
        "area_code area_name level parent_code community_type households population "
        "premises_area_m2 established_date abolished_date",
        AREAS,
    )
    insert(
        con,
        "compounds",
        "community_code compound_name households built_year is_old_compound "
        "renovated_year property_service party_branch_founded_date lat lon",
        COMPOUNDS,
    )
    insert(
        con,
        "facilities",
        "area_code facility_name facility_kind status planned_date opened_date "
        "rebuilt_date closed_date area_m2 capacity_persons investment_wan lat lon",
        FACILITIES,
    )
    insert(
        con,
        "organizations",
        "area_code org_name org_kind founded_date closed_date members",
        organization_rows(),
    )
    insert(con, "programs", "community_code program_kind joined_date left_date", PROGRAMS)
    insert(
        con,
        "staff",
        "community_code snapshot_date community_workers certified_social_workers "
        "two_committee_members grid_workers reserve_cadres",
        STAFF,
    )
    insert(
        con,
        "activity",
        "community_code month activity_type activities participants "
        "social_org_activities social_org_participants app_registrations",
        ACTIVITY,
    )
    insert(
        con,
        "volunteers",
        "community_code month registered_volunteers active_volunteers "
        "volunteer_hours points_earned points_redeemed bank_services",
        VOLUNTEERS,
    )
    insert(con, "five_star", "community_code year star score awarded", five_star_rows())
    insert(con, "targets", "area_code metric target_value due_date", TARGETS)


def organization_rows() -> str:
    soc = "social_org"
    lines = [f"C1 C1-{i} {soc} - - 15" for i in range(10)]
    lines += ["C1 C1-closed social_org 2010-01-01 2022-06-30 99"]
    lines += [f"C2 C2-{i} {soc} 2015-01-01 - 10" for i in range(9)]
    lines += ["C2 C2-future social_org 2023-02-01 - 10"]
    lines += [f"C3 C3-{i} {soc} - - 20" for i in range(5)]
    lines += [f"C4 C4-{i} {soc} - - 5" for i in range(4)]
    lines += [f"C5 C5-{i} {soc} - - 7" for i in range(3)]
    lines += ["S1 S1-org social_org - - 40"]
    lines += [f"{c} party-{c} community_party_org - - -" for c in ("C1", "C2", "C3", "C4", "C5")]
    lines += ["D pro professional_social_org 2021-01-01 - 12"]
    lines += ["C1 涧贤银行 volunteer_points_bank - - 2100", "S2 S2-bank volunteer_points_bank - - 50"]
    return "\n".join(lines)
