"""The SQL of ``etl.derived``: derived tables built from the warehouse tables at each load.

Stock metrics become **events**: every item (area, compound, organization, facility, …) counts
for a fact on the days of a half-open interval ``[s, e)`` (``s`` NULL = since always, ``e`` NULL =
for ever), e.g. a facility is open on ``[opened_date, closed_date)`` intersected with the days its
area exists. An interval becomes ``+v`` on day ``s`` and ``-v`` on day ``e``, so the value of a fact
on ``as_of`` is the sum of the deltas with ``day <= as_of``. Events are summed per *rolled-up*
area (``rollup_areas``: every area with communities, the communities themselves included), which
makes a country-wide query read a few thousand rows, a street's stocks on several days one small
query and a district's communities one read of the event tables. Flows (activity, volunteers) are
summed per rolled-up area and month. A community-type filter keeps the direct query of
``etl.metric_sql`` (with ``area_closure`` and ``walk_cover`` instead of the recursive walk and the
grid join).

Each builder is a ``SELECT`` of ``items(code, fact, kind, s, e, v)`` (plus ``year`` for stars);
``events_table`` turns it into a table of ``(ancestor_code, fact, kind, day, delta)``.
"""

from __future__ import annotations

from etl.metric_sql import ORG_MINIMUM, cell, xyz
from etl.star_sql import AWARDED

CLOSURE = """
CREATE OR REPLACE TABLE area_closure AS
WITH RECURSIVE up(area_code, ancestor_code, depth, climb) AS (
    SELECT area_code, area_code, 0, true FROM areas
    UNION ALL
    SELECT u.area_code, a.parent_code, u.depth + 1, p.level <> 'community'
    FROM up u JOIN areas a ON a.area_code = u.ancestor_code JOIN areas p ON p.area_code = a.parent_code
    WHERE u.climb AND u.depth < 32
)
SELECT ancestor_code, area_code, min(depth)::INTEGER AS depth FROM up GROUP BY ALL
ORDER BY ancestor_code, area_code
"""

# Areas with at least $min_communities communities (a community counts itself) get pre-aggregates.
ROLLUP_AREAS = """
CREATE OR REPLACE TABLE rollup_areas AS
SELECT c.ancestor_code AS area_code, count(*) AS communities FROM area_closure c
JOIN areas m ON m.area_code = c.area_code AND m.level = 'community'
GROUP BY ALL HAVING count(*) >= $min_communities ORDER BY 1
"""

# Temporary helpers of one refresh: each area's nearest rolled-up area (itself included), and the
# rolled-up areas above each rolled-up area. Chains are linear, so ancestors of the nearest one
# are exactly the other rolled-up ancestors.
ROLLUP_HELPERS = """
CREATE OR REPLACE TEMP TABLE _nearest AS
SELECT c.area_code, arg_min(c.ancestor_code, c.depth) AS nearest
FROM area_closure c SEMI JOIN rollup_areas r ON r.area_code = c.ancestor_code GROUP BY ALL;
CREATE OR REPLACE TEMP TABLE _rolled_up AS
SELECT c.area_code AS nearest, c.ancestor_code FROM area_closure c
SEMI JOIN rollup_areas r ON r.area_code = c.ancestor_code
WHERE c.area_code IN (SELECT area_code FROM rollup_areas);
"""


def events_table(name: str, items: str, keys: tuple[str, ...] = ()) -> str:
    """``CREATE TABLE name`` of summed deltas per rolled-up ancestor from an ``items`` select."""
    k = "".join(f"{c}, " for c in keys)
    return f"""
CREATE OR REPLACE TABLE {name} AS
WITH items AS ({items}),
ev AS (
    SELECT code, {k}fact, kind,
        unnest([{{'day': coalesce(s, '-infinity'::DATE), 'd': v}}, {{'day': e, 'd': -v}}]) AS x
    FROM items WHERE v IS NOT NULL AND (s IS NULL OR e IS NULL OR s < e)
),
near AS (
    SELECT n.nearest, {k}fact, kind, x.day AS day, sum(x.d) AS delta
    FROM ev JOIN _nearest n ON n.area_code = ev.code WHERE x.day IS NOT NULL GROUP BY ALL
)
SELECT u.ancestor_code, {k}fact, kind, day, sum(delta)::DOUBLE AS delta
FROM near JOIN _rolled_up u ON u.nearest = near.nearest
GROUP BY ALL HAVING sum(delta) <> 0
ORDER BY ancestor_code, {k}fact, kind, day
"""


def facts(*entries: tuple[str, str, str, str, str]) -> str:
    """A list of ``{fact, kind, s, e, v}`` structs (SQL expressions) to ``unnest``."""
    return (
        "["
        + ", ".join(
            f"{{'fact': '{f}', 'kind': {k}, 's': {s}, 'e': {e}, 'v': ({v})::DOUBLE}}"
            for f, k, s, e, v in entries
        )
        + "]"
    )


def unnested(source: str, entries: str, code: str) -> str:
    return (
        f"SELECT code, x.fact, x.kind, x.s, x.e, x.v FROM "
        f"(SELECT {code} AS code, unnest({entries}) AS x FROM {source})"
    )


EST, ABOL = "a.established_date", "a.abolished_date"
COMMUNITY = "a.level = 'community'"


def _when(cond: str, v: str = "1") -> str:
    return f"CASE WHEN {cond} THEN {v} END"


AREA_ITEMS = unnested(
    "areas a",
    facts(
        ("streets", "''", EST, ABOL, _when("a.level = 'street'")),
        ("communities", "''", EST, ABOL, _when(COMMUNITY)),
        (
            "communities_urban",
            "''",
            EST,
            ABOL,
            _when(f"{COMMUNITY} AND list_contains($urban::VARCHAR[], a.community_type)"),
        ),
        (
            "communities_village_to_urban",
            "''",
            EST,
            ABOL,
            _when(f"{COMMUNITY} AND a.community_type = 'village_to_urban'"),
        ),
        (
            "communities_type",
            "a.community_type",
            EST,
            ABOL,
            _when(f"{COMMUNITY} AND a.community_type IS NOT NULL"),
        ),
        ("households", "''", EST, ABOL, _when(COMMUNITY, "a.households")),
        ("population", "''", EST, ABOL, _when(COMMUNITY, "a.population")),
        ("households_unreported", "''", EST, ABOL, _when(f"{COMMUNITY} AND a.households IS NULL")),
        ("population_unreported", "''", EST, ABOL, _when(f"{COMMUNITY} AND a.population IS NULL")),
        ("premises_unreported", "''", EST, ABOL, _when(f"{COMMUNITY} AND a.premises_area_m2 IS NULL")),
        (
            "premises_per_100hh_unreported",
            "''",
            EST,
            ABOL,
            _when(f"{COMMUNITY} AND (a.premises_area_m2 IS NULL OR a.households IS NULL)"),
        ),
        ("premises_ge_500", "''", EST, ABOL, _when(f"{COMMUNITY} AND a.premises_area_m2 >= 500")),
        ("premises_ge_600", "''", EST, ABOL, _when(f"{COMMUNITY} AND a.premises_area_m2 >= 600")),
        ("premises_gt_1000", "''", EST, ABOL, _when(f"{COMMUNITY} AND a.premises_area_m2 > 1000")),
        (
            "premises_per_100hh",
            "''",
            EST,
            ABOL,
            _when(f"{COMMUNITY} AND a.households > 0 AND a.premises_area_m2 * 100 >= $per_hh * a.households"),
        ),
    ),
    "a.area_code",
)

CMP_S = f"greatest({EST}, make_date(p.built_year, 1, 1))"
COMPOUND_ITEMS = unnested(
    "compounds p JOIN areas a ON a.area_code = p.community_code AND a.level = 'community'",
    facts(
        ("compounds", "''", CMP_S, ABOL, "1"),
        (
            "compound_party_branches",
            "''",
            f"greatest({CMP_S}, p.party_branch_founded_date)",
            ABOL,
            _when("p.party_branch_founded_date IS NOT NULL"),
        ),
        (
            "compounds_upgraded_old",
            "''",
            f"greatest({CMP_S}, make_date(p.renovated_year, 1, 1))",
            ABOL,
            _when("p.is_old_compound AND p.renovated_year IS NOT NULL"),
        ),
        ("compounds_soe_property", "''", CMP_S, ABOL, _when("p.property_service = 'soe_fallback'")),
        ("compounds_located", "''", CMP_S, ABOL, _when("p.lat IS NOT NULL AND p.lon IS NOT NULL")),
    ),
    "p.community_code",
)

ORG_S, ORG_E = f"greatest({EST}, o.founded_date)", f"least({ABOL}, o.closed_date)"
ORG_ITEMS = unnested(
    "organizations o JOIN areas a ON a.area_code = o.area_code",
    facts(
        ("community_party_orgs", "''", ORG_S, ORG_E, _when("o.org_kind = 'community_party_org'")),
        ("social_orgs", "''", ORG_S, ORG_E, _when("o.org_kind = 'social_org'")),
        ("social_org_members", "''", ORG_S, ORG_E, _when("o.org_kind = 'social_org'", "o.members")),
        (
            "social_org_members_unreported",
            "''",
            ORG_S,
            ORG_E,
            _when("o.org_kind = 'social_org' AND o.members IS NULL"),
        ),
        ("professional_social_orgs", "''", ORG_S, ORG_E, _when("o.org_kind = 'professional_social_org'")),
        ("volunteer_banks", "''", ORG_S, ORG_E, _when("o.org_kind = 'volunteer_points_bank'")),
        (
            "volunteer_bank_members",
            "''",
            ORG_S,
            ORG_E,
            _when("o.org_kind = 'volunteer_points_bank'", "o.members"),
        ),
        (
            "volunteer_bank_members_unreported",
            "''",
            ORG_S,
            ORG_E,
            _when("o.org_kind = 'volunteer_points_bank' AND o.members IS NULL"),
        ),
    ),
    "o.area_code",
)


def segments(intervals: str) -> str:
    """CTEs ``seg(code, kind, s, e, cnt)``: how many of the ``intervals(code, kind, s, e)`` hold on
    each day, as constant pieces ``[s, e)`` (``e`` NULL = for ever)."""
    return f"""
iv AS ({intervals}),
sev AS (
    SELECT code, kind, coalesce(s, '-infinity'::DATE) AS day, 1 AS d FROM iv WHERE s IS NULL OR e IS NULL OR s < e
    UNION ALL
    SELECT code, kind, e, -1 FROM iv WHERE e IS NOT NULL AND (s IS NULL OR s < e)
),
sev2 AS (SELECT code, kind, day, sum(d) AS d FROM sev GROUP BY ALL),
seg AS (
    SELECT code, kind, day AS s, lead(day) OVER w AS e, sum(d) OVER (w ROWS UNBOUNDED PRECEDING) AS cnt
    FROM sev2 WINDOW w AS (PARTITION BY code, kind ORDER BY day)
)"""


# Communities meeting the social-org minimum: the pieces of time with enough open social orgs
# registered at the community itself, within the days the community exists.
MEETING_ITEMS = f"""
WITH {
    segments(
        "SELECT area_code AS code, '' AS kind, founded_date AS s, closed_date AS e "
        "FROM organizations WHERE org_kind = 'social_org'"
    )
}
SELECT seg.code, 'communities_meeting_min' AS fact, '' AS kind,
    greatest({EST}, seg.s) AS s, least({ABOL}, seg.e) AS e, 1.0 AS v
FROM seg JOIN areas a ON a.area_code = seg.code AND {COMMUNITY}
WHERE seg.cnt >= {ORG_MINIMUM.format(type="a.community_type")}
"""

# Facility coverage: pieces of time with at least one open facility of the kind at the community.
COVERAGE_ITEMS = f"""
WITH {
    segments(
        "SELECT area_code AS code, facility_kind AS kind, opened_date AS s, closed_date AS e "
        "FROM facilities WHERE opened_date IS NOT NULL"
    )
}
SELECT seg.code, x.fact, seg.kind, greatest({EST}, seg.s) AS s, least({ABOL}, seg.e) AS e, 1.0 AS v
FROM seg JOIN areas a ON a.area_code = seg.code AND {COMMUNITY}
CROSS JOIN (SELECT unnest([{{'fact': 'covered', 'u': false}}, {{'fact': 'covered_urban', 'u': true}}]) AS x)
WHERE seg.cnt > 0
  AND (NOT x.u OR list_contains($urban::VARCHAR[], a.community_type))
"""

STAFF_COLUMNS = (
    "community_workers",
    "certified_social_workers",
    "two_committee_members",
    "grid_workers",
    "reserve_cadres",
)
STAFF_ITEMS = unnested(
    f"""(SELECT s.*, {EST} AS est, {ABOL} AS abol,
            lead(s.snapshot_date) OVER (PARTITION BY s.community_code ORDER BY s.snapshot_date) AS next_date
         FROM staff s JOIN areas a ON a.area_code = s.community_code AND {COMMUNITY}) s""",
    facts(
        *[
            (c, "''", "greatest(s.est, s.snapshot_date)", "least(s.abol, s.next_date)", f"s.{c}")
            for c in STAFF_COLUMNS
        ]
    ),
    "s.community_code",
)

PROGRAM_ITEMS = f"""
SELECT p.community_code AS code, 'program_communities' AS fact, p.program_kind AS kind,
    greatest({EST}, p.joined_date) AS s, least({ABOL}, p.left_date) AS e, 1.0 AS v
FROM programs p JOIN areas a ON a.area_code = p.community_code AND {COMMUNITY}
WHERE p.joined_date IS NOT NULL
"""

OPEN_S, OPEN_E = f"greatest({EST}, f.opened_date)", f"least({ABOL}, f.closed_date)"
PLANNED = "f.status IN ('planned', 'under_construction')"
FACILITY_ITEMS = unnested(
    "facilities f JOIN areas a ON a.area_code = f.area_code",
    facts(
        ("facilities_open", "f.facility_kind", OPEN_S, OPEN_E, _when("f.opened_date IS NOT NULL")),
        (
            "facility_area_m2_open",
            "f.facility_kind",
            OPEN_S,
            OPEN_E,
            _when("f.opened_date IS NOT NULL", "f.area_m2"),
        ),
        (
            "facility_capacity_open",
            "f.facility_kind",
            OPEN_S,
            OPEN_E,
            _when("f.opened_date IS NOT NULL", "f.capacity_persons"),
        ),
        (
            "facilities_rebuilt",
            "f.facility_kind",
            f"greatest({EST}, f.rebuilt_date)",
            ABOL,
            _when("f.rebuilt_date IS NOT NULL"),
        ),
        (
            "facility_investment_wan",
            "f.facility_kind",
            f"greatest({EST}, least(f.opened_date, f.rebuilt_date))",
            ABOL,
            _when("f.opened_date IS NOT NULL OR f.rebuilt_date IS NOT NULL", "f.investment_wan"),
        ),
        (
            "facility_investment_unreported",
            "f.facility_kind",
            f"greatest({EST}, least(f.opened_date, f.rebuilt_date))",
            ABOL,
            _when("(f.opened_date IS NOT NULL OR f.rebuilt_date IS NOT NULL) AND f.investment_wan IS NULL"),
        ),
        (
            "facility_area_unreported",
            "f.facility_kind",
            OPEN_S,
            OPEN_E,
            _when("f.opened_date IS NOT NULL AND f.area_m2 IS NULL"),
        ),
        (
            "facility_capacity_unreported",
            "f.facility_kind",
            OPEN_S,
            OPEN_E,
            _when("f.opened_date IS NOT NULL AND f.capacity_persons IS NULL"),
        ),
        # planned: not open, planned_date reached, and status planned/under construction or not opened yet
        (
            "facilities_planned",
            "f.facility_kind",
            f"greatest({EST}, f.planned_date)",
            f"least({ABOL}, CASE WHEN f.opened_date IS NULL OR ({PLANNED} AND f.closed_date <= f.opened_date) "
            "THEN NULL ELSE f.opened_date END)",
            _when(f"f.opened_date IS NOT NULL OR {PLANNED}"),
        ),
        (
            "facilities_planned",
            "f.facility_kind",
            f"greatest({EST}, f.planned_date, f.closed_date)",
            ABOL,
            _when(f"{PLANNED} AND f.opened_date IS NOT NULL AND f.closed_date > f.opened_date"),
        ),
    ),
    "f.area_code",
)

# --- walking distance ------------------------------------------------------------------------
# walk_cover: per located compound and facility kind, the pieces of time when an open facility of
# the kind lies within WALK_RADIUS_M (same grid join and exact chord test as metric_sql).
WALK_COVER = f"""
CREATE OR REPLACE TABLE walk_cover AS
WITH pts AS MATERIALIZED (
    SELECT p.rowid AS cid, p.community_code, p.built_year, {xyz("p")}, {cell("p")}
    FROM compounds p WHERE p.lat IS NOT NULL AND p.lon IS NOT NULL
),
fac AS MATERIALIZED (
    SELECT f.facility_kind AS kind, f.opened_date, f.closed_date, {xyz("f")}, {cell("f")}
    FROM facilities f
    WHERE f.opened_date IS NOT NULL AND (f.closed_date IS NULL OR f.closed_date > f.opened_date)
      AND f.lat IS NOT NULL AND f.lon IS NOT NULL
),
fpts AS (
    SELECT f.kind, f.opened_date, f.closed_date, f.x, f.y, f.z, f.cy + dy.range AS cy, f.cx + dx.range AS cx
    FROM fac f, range(-1, 2) dy, range(-1, 2) dx
),
pairs AS (
    SELECT p.cid AS code, f.kind, f.opened_date AS s, f.closed_date AS e
    FROM pts p JOIN fpts f ON f.cy = p.cy AND f.cx = p.cx
    WHERE (f.x - p.x) * (f.x - p.x) + (f.y - p.y) * (f.y - p.y) + (f.z - p.z) * (f.z - p.z) <= $chord2
),
{segments("SELECT * FROM pairs")},
edges AS (
    SELECT code, kind, s, cnt > 0 AS covered,
           lag(cnt > 0, 1, false) OVER (PARTITION BY code, kind ORDER BY s) AS before
    FROM seg
),
flips AS (
    SELECT code, kind, s, covered, lead(s) OVER (PARTITION BY code, kind ORDER BY s) AS e
    FROM edges WHERE covered <> before
)
SELECT p.community_code, p.built_year, fl.kind AS facility_kind, fl.s AS from_date, fl.e AS until_date
FROM flips fl JOIN pts p ON p.cid = fl.code
WHERE fl.covered
ORDER BY p.community_code, facility_kind
"""

WALK_ITEMS = f"""
SELECT w.community_code AS code, 'walk_covered' AS fact, w.facility_kind AS kind,
    greatest({EST}, make_date(w.built_year, 1, 1), w.from_date) AS s, least({ABOL}, w.until_date) AS e, 1.0 AS v
FROM walk_cover w JOIN areas a ON a.area_code = w.community_code AND {COMMUNITY}
"""

# --- five-star: per (community, year) level and stars, counted while the community exists -----
STAR_BASE = f"""
WITH fs AS (
    SELECT f.community_code, f.year, f.star, {AWARDED} AS aw
    FROM five_star f JOIN areas a ON a.area_code = f.community_code AND a.level = 'community'
)"""

STAR_YEARS = f"""
CREATE OR REPLACE TABLE star_years AS
{STAR_BASE}
SELECT DISTINCT u.ancestor_code, fs.year
FROM fs JOIN _nearest n ON n.area_code = fs.community_code JOIN _rolled_up u ON u.nearest = n.nearest
ORDER BY 1, 2
"""


def star_items(level: str) -> str:
    return f"""
{STAR_BASE},
lv AS (SELECT community_code, year, {level} AS level FROM fs GROUP BY ALL),
x AS (
    SELECT community_code, year, 'assessed' AS fact, '' AS kind, 1.0 AS v FROM lv
    UNION ALL SELECT community_code, year, 'five_star_communities', '', 1.0 FROM lv WHERE level = 5
    UNION ALL SELECT community_code, year, 'four_plus_star_communities', '', 1.0 FROM lv WHERE level >= 4
    UNION ALL SELECT community_code, year, 'star_level_communities', level::VARCHAR, 1.0 FROM lv
    UNION ALL SELECT community_code, year, 'star_present', star, 1.0 FROM fs
    UNION ALL SELECT community_code, year, 'star_awarded', star, 1.0 FROM fs WHERE aw
)
SELECT x.community_code AS code, x.year, x.fact, x.kind, {EST} AS s, {ABOL} AS e, x.v
FROM x JOIN areas a ON a.area_code = x.community_code
"""


METRIC_KINDS = """
CREATE OR REPLACE TABLE metric_kinds AS
SELECT 'community_type' AS family, community_type AS kind FROM areas
WHERE level = 'community' AND community_type IS NOT NULL GROUP BY ALL
UNION ALL SELECT 'facility', facility_kind FROM facilities WHERE facility_kind IS NOT NULL GROUP BY ALL
UNION ALL SELECT 'program', program_kind FROM programs WHERE program_kind IS NOT NULL GROUP BY ALL
UNION ALL SELECT 'activity', activity_type FROM activity WHERE activity_type IS NOT NULL GROUP BY ALL
"""
