"""The SQL behind ``etl.metrics``: one set-based query computes every fact of any number of areas.

``ALL_FACTS`` starts with the membership CTEs: ``mem(root, code, level, …, alive)`` holds every
area below each requested root (and the root itself). The areas above the community level are
walked downwards through ``parent_code`` links (a small recursion: city/province rows above a
district and districts at the top both work), then the communities are joined to them by their
``parent_code``. ``alive`` says whether the area exists on ``$as_of``; ``comm`` holds the existing
communities. Each family of metrics then adds CTEs and one ``SELECT root, fact, kind, value``
branch (see ``etl.metric_catalog`` for how facts become metrics); an empty kind marks a plain fact.

Values are bound parameters (``$roots``, ``$as_of``, ``$since``, …); the only literals are fixed
canonical enum values of the registry.
"""

from __future__ import annotations

import functools

from etl.flow_sql import WINDOWS, flow_ctes, flow_selects
from etl.sqlutil import unpivot
from etl.star_sql import STAR_CTES, STAR_SELECTS

AREA_COLUMNS = (
    "a.area_code AS code, a.level, a.community_type, a.households, a.population, a.premises_area_m2"
)
ALIVE = (
    "(a.established_date IS NULL OR a.established_date <= $as_of::DATE)"
    " AND (a.abolished_date IS NULL OR a.abolished_date > $as_of::DATE) AS alive"
)

# With a community-type filter only the communities of that type are members (areas above them and
# organizations/facilities registered above the community level drop out).
CTYPE = "($ctype::VARCHAR IS NULL OR (a.level = 'community' AND a.community_type = $ctype::VARCHAR))"

ROOTS = """
roots AS (SELECT DISTINCT unnest($roots::VARCHAR[]) AS root),"""
COMM = """
comm AS MATERIALIZED (SELECT * FROM mem WHERE level = 'community' AND alive)"""
# compounds of the existing communities (only the area and walk groups read them)
CMP = """
cmp AS MATERIALIZED (
    SELECT c.root, c.code, p.community_code || chr(31) || p.compound_name AS cid,  -- natural key (views have no rowid)
           p.party_branch_founded_date, p.is_old_compound,
           p.renovated_year, p.property_service, p.lat, p.lon
    FROM comm c JOIN compounds p ON p.community_code = c.code
    WHERE p.built_year IS NULL OR p.built_year <= year($as_of::DATE)
)"""

MEMBERS = (
    ROOTS
    + f"""
upper_areas AS (SELECT area_code, parent_code FROM areas WHERE level <> 'community'),
tree(root, code) AS (
    SELECT root, root FROM roots
    UNION
    SELECT t.root, u.area_code FROM tree t JOIN upper_areas u ON u.parent_code = t.code
),
mem AS MATERIALIZED (
    SELECT t.root, {AREA_COLUMNS}, {ALIVE}
    FROM tree t JOIN areas a ON a.area_code = t.code
    WHERE {CTYPE}
    UNION ALL
    SELECT t.root, {AREA_COLUMNS}, {ALIVE}
    FROM tree t JOIN areas a ON a.parent_code = t.code
    WHERE a.level = 'community' AND a.area_code <> t.root AND {CTYPE}
)"""
)

OPEN = "(f.opened_date <= $as_of::DATE AND (f.closed_date IS NULL OR f.closed_date > $as_of::DATE))"

# --- areas, compounds, organizations, people: one row per root --------------------------------

# The social-organisation minimum of a community type (values from etl.metric_catalog, bound).
ORG_MINIMUM = "CASE WHEN list_contains($rural::VARCHAR[], {type}) THEN $org_min_rural ELSE $org_min_urban END"

# The area group, in parts by the dataset each reads beyond the areas: (dataset, CTEs, selects). A
# request runs the parts of the datasets its metrics declare (``Metric.inputs``); ``areas`` always.
AREA_PARTS = (
    (
        "areas",
        """
area_agg AS (
    SELECT root, '' AS kind,
        count(*) FILTER (level = 'street') AS streets,
        count(*) FILTER (level = 'community') AS communities,
        count(*) FILTER (level = 'community'
                         AND list_contains($urban::VARCHAR[], community_type)) AS communities_urban,
        count(*) FILTER (level = 'community'
                         AND community_type = 'village_to_urban') AS communities_village_to_urban,
        sum(households) FILTER (level = 'community') AS households,
        sum(population) FILTER (level = 'community') AS population,
        count(*) FILTER (level = 'community' AND households IS NULL) AS households_unreported,
        count(*) FILTER (level = 'community' AND population IS NULL) AS population_unreported,
        count(*) FILTER (level = 'community' AND premises_area_m2 IS NULL) AS premises_unreported,
        count(*) FILTER (level = 'community'
                         AND (premises_area_m2 IS NULL OR households IS NULL)) AS premises_per_100hh_unreported,
        count(*) FILTER (level = 'community' AND premises_area_m2 >= 500) AS premises_ge_500,
        count(*) FILTER (level = 'community' AND premises_area_m2 >= 600) AS premises_ge_600,
        count(*) FILTER (level = 'community' AND premises_area_m2 > 1000) AS premises_gt_1000,
        count(*) FILTER (level = 'community' AND households > 0
                         AND premises_area_m2 * 100 >= $per_hh * households) AS premises_per_100hh
    FROM mem WHERE alive GROUP BY root
)""",
        [unpivot("area_agg")],
    ),
    (
        "compounds",
        """
cmp_agg AS (
    SELECT root, '' AS kind,
        count(*) AS compounds,
        count(*) FILTER (party_branch_founded_date <= $as_of::DATE) AS compound_party_branches,
        count(*) FILTER (is_old_compound AND renovated_year <= year($as_of::DATE)) AS compounds_upgraded_old,
        count(*) FILTER (property_service = 'soe_fallback') AS compounds_soe_property,
        count(*) FILTER (lat IS NOT NULL AND lon IS NOT NULL) AS compounds_located
    FROM cmp GROUP BY root
)""",
        [unpivot("cmp_agg")],
    ),
    (
        "organizations",
        f"""
org_area AS MATERIALIZED (
    SELECT o.area_code,
        count(*) FILTER (o.org_kind = 'community_party_org') AS community_party_orgs,
        count(*) FILTER (o.org_kind = 'social_org') AS social_orgs,
        sum(o.members) FILTER (o.org_kind = 'social_org') AS social_org_members,
        count(*) FILTER (o.org_kind = 'social_org' AND o.members IS NULL) AS social_org_members_unreported,
        count(*) FILTER (o.org_kind = 'professional_social_org') AS professional_social_orgs,
        count(*) FILTER (o.org_kind = 'volunteer_points_bank') AS volunteer_banks,
        sum(o.members) FILTER (o.org_kind = 'volunteer_points_bank') AS volunteer_bank_members,
        count(*) FILTER (o.org_kind = 'volunteer_points_bank' AND o.members IS NULL)
            AS volunteer_bank_members_unreported
    FROM organizations o
    WHERE (o.founded_date IS NULL OR o.founded_date <= $as_of::DATE)
      AND (o.closed_date IS NULL OR o.closed_date > $as_of::DATE)
      AND o.area_code IN (SELECT code FROM mem WHERE alive)
    GROUP BY o.area_code
),
org_agg AS (
    SELECT m.root, '' AS kind, sum(COLUMNS(o.* EXCLUDE (area_code)))
    FROM mem m JOIN org_area o ON o.area_code = m.code
    WHERE m.alive GROUP BY m.root
),
min_agg AS (
    SELECT c.root, '' AS kind,
        count(*) FILTER (coalesce(o.social_orgs, 0) >= {ORG_MINIMUM.format(type="c.community_type")})
            AS communities_meeting_min
    FROM comm c LEFT JOIN org_area o ON o.area_code = c.code
    GROUP BY c.root
)""",
        [unpivot("org_agg"), unpivot("min_agg")],
    ),
    (
        "staff",
        """
snap AS (
    -- the latest snapshot on or before as_of of each existing community (NULL cells kept)
    SELECT s.community_code,
        arg_max_null(s.community_workers, s.snapshot_date) AS community_workers,
        arg_max_null(s.certified_social_workers, s.snapshot_date) AS certified_social_workers,
        arg_max_null(s.two_committee_members, s.snapshot_date) AS two_committee_members,
        arg_max_null(s.grid_workers, s.snapshot_date) AS grid_workers,
        arg_max_null(s.reserve_cadres, s.snapshot_date) AS reserve_cadres
    FROM staff s
    WHERE s.snapshot_date <= $as_of::DATE AND s.community_code IN (SELECT code FROM comm)
    GROUP BY s.community_code
),
staff_agg AS (
    SELECT c.root, '' AS kind, sum(COLUMNS(s.* EXCLUDE (community_code)))
    FROM comm c JOIN snap s ON s.community_code = c.code
    GROUP BY c.root
)""",
        [unpivot("staff_agg")],
    ),
)

# --- by kind: community types, programs, facilities and their coverage -------------------------

KIND_CTES = f"""
fac_area AS MATERIALIZED (
    SELECT f.area_code, f.facility_kind AS kind,
        count(*) FILTER ({OPEN}) AS facilities_open,
        count(*) FILTER (NOT coalesce({OPEN}, false)
                         AND (f.status IN ('planned', 'under_construction') OR f.opened_date > $as_of::DATE)
                         AND (f.planned_date IS NULL OR f.planned_date <= $as_of::DATE))
            AS facilities_planned,
        count(*) FILTER (f.rebuilt_date <= $as_of::DATE) AS facilities_rebuilt,
        sum(f.area_m2) FILTER ({OPEN}) AS facility_area_m2_open,
        sum(f.capacity_persons) FILTER ({OPEN}) AS facility_capacity_open,
        sum(f.investment_wan) FILTER (f.opened_date <= $as_of::DATE OR f.rebuilt_date <= $as_of::DATE)
            AS facility_investment_wan,
        count(*) FILTER ((f.opened_date <= $as_of::DATE OR f.rebuilt_date <= $as_of::DATE)
                         AND f.investment_wan IS NULL) AS facility_investment_unreported,
        count(*) FILTER ({OPEN} AND f.area_m2 IS NULL) AS facility_area_unreported,
        count(*) FILTER ({OPEN} AND f.capacity_persons IS NULL) AS facility_capacity_unreported
    FROM facilities f
    WHERE f.area_code IN (SELECT code FROM mem WHERE alive)
    GROUP BY ALL
),
fac_agg AS (
    SELECT m.root, f.kind, sum(COLUMNS(f.* EXCLUDE (area_code, kind)))
    FROM mem m JOIN fac_area f ON f.area_code = m.code
    WHERE m.alive
    GROUP BY ALL
),
cov_agg AS (
    SELECT c.root, f.kind,
        count(*) AS covered,
        count(*) FILTER (list_contains($urban::VARCHAR[], c.community_type)) AS covered_urban
    FROM comm c JOIN fac_area f ON f.area_code = c.code
    WHERE f.facilities_open > 0
    GROUP BY ALL
)"""

# programs: (community_code, program_kind) is the dataset key, so count(*) counts communities
KIND_SELECTS = [
    """SELECT root, 'communities_type', community_type, count(*)::DOUBLE
FROM comm WHERE community_type IS NOT NULL GROUP BY ALL""",
    """SELECT c.root, 'program_communities', p.program_kind, count(*)::DOUBLE
FROM comm c JOIN programs p ON p.community_code = c.code
WHERE p.joined_date <= $as_of::DATE AND (p.left_date IS NULL OR p.left_date > $as_of::DATE)
GROUP BY ALL""",
    unpivot("fac_agg"),
    unpivot("cov_agg"),
]

# --- walking distance: compounds within 1,000 m of an open facility of the kind ---------
# Exact great-circle test without trigonometry per pair: points become unit vectors (x, y, z) and
# haversine distance <= R  <=>  squared chord <= $chord2 = (2 sin(R / 2 Re))^2.
# Grid join: cells of 0.009° latitude (1,000.8 m) × 0.016° longitude (>= 1,000 m up to 54.2°; the
# registry limits latitude to 3-54°). A facility is copied into the 3 × 3 cells around its own, so
# every compound within 1 km of it shares a cell with one copy. Only facilities inside the
# compounds' bounding box (plus a margin of two cells) take part, which keeps small areas cheap.

EARTH_RADIUS_M = 6_371_008.8
WALK_RADIUS_M = 1000.0
CELL_LAT, CELL_LON = 0.009, 0.016


def xyz(t: str) -> str:
    return (
        f"cos(radians({t}.lat)) * cos(radians({t}.lon)) AS x, "
        f"cos(radians({t}.lat)) * sin(radians({t}.lon)) AS y, sin(radians({t}.lat)) AS z"
    )


def cell(t: str) -> str:
    return f"floor({t}.lat / {CELL_LAT})::BIGINT AS cy, floor({t}.lon / {CELL_LON})::BIGINT AS cx"


WALK_CTES = f"""
pts AS MATERIALIZED (
    SELECT c.root, c.cid, c.lat, c.lon, {xyz("c")}, {cell("c")}
    FROM cmp c WHERE c.lat IS NOT NULL AND c.lon IS NOT NULL
),
fac_xyz AS MATERIALIZED (
    SELECT f.facility_kind AS kind, {xyz("f")}, {cell("f")}
    FROM facilities f
    WHERE {OPEN} AND f.lat IS NOT NULL AND f.lon IS NOT NULL
      AND f.lat BETWEEN (SELECT min(lat) - {2 * CELL_LAT} FROM pts) AND (SELECT max(lat) + {2 * CELL_LAT} FROM pts)
      AND f.lon BETWEEN (SELECT min(lon) - {2 * CELL_LON} FROM pts) AND (SELECT max(lon) + {2 * CELL_LON} FROM pts)
),
fpts AS (
    SELECT f.kind, f.x, f.y, f.z, f.cy + dy.range AS cy, f.cx + dx.range AS cx
    FROM fac_xyz f, range(-1, 2) dy, range(-1, 2) dx
),
walk_agg AS (
    SELECT p.root, f.kind, count(DISTINCT p.cid) AS walk_covered
    FROM pts p JOIN fpts f ON f.cy = p.cy AND f.cx = p.cx
    WHERE (f.x - p.x) * (f.x - p.x) + (f.y - p.y) * (f.y - p.y) + (f.z - p.z) * (f.z - p.z) <= $chord2
    GROUP BY ALL
)"""

WALK_SELECTS = [unpivot("walk_agg")]

# --- targets: due earliest on or after as_of; when every due date is before as_of, the latest ---

TARGET_RULE = (
    "coalesce(min_by(t.target_value, t.due_date) FILTER (t.due_date >= {as_of}), "
    "max_by(t.target_value, t.due_date))"
)
TARGET_SELECTS = [
    f"""SELECT t.area_code, 'target:' || t.metric, '', {TARGET_RULE.format(as_of="$as_of::DATE")}
FROM targets t WHERE t.area_code IN (SELECT root FROM roots) GROUP BY ALL"""
]

# --- with the derived tables (etl.derived): the closure instead of the walk, walk_cover instead
# of the grid join; same results.

MEMBERS_CLOSURE = (
    ROOTS
    + f"""
mem AS MATERIALIZED (
    SELECT c.ancestor_code AS root, {AREA_COLUMNS}, {ALIVE}
    FROM area_closure c JOIN areas a ON a.area_code = c.area_code
    WHERE c.ancestor_code IN (SELECT root FROM roots) AND {CTYPE}
)"""
)

WALK_COVER_CTES = """
walk_agg AS (
    SELECT c.root, w.facility_kind AS kind, count(*) AS walk_covered
    FROM comm c JOIN walk_cover w ON w.community_code = c.code
    WHERE (w.built_year IS NULL OR w.built_year <= year($as_of::DATE))
      AND w.from_date <= $as_of::DATE AND (w.until_date IS NULL OR w.until_date > $as_of::DATE)
    GROUP BY ALL
)"""


def _stock_parts(
    groups: frozenset[str], members: str, walk: str, datasets: frozenset[str] | None
) -> tuple[list[str], list[str]]:
    """CTEs and selects of the stock ``groups``; of the area group only the parts whose dataset is
    in ``datasets`` (None: every part)."""
    wanted = [
        (ctes, selects)
        for dataset, ctes, selects in AREA_PARTS
        if "area" in groups and (datasets is None or dataset == "areas" or dataset in datasets)
    ]
    others = [
        ("kind", KIND_CTES, KIND_SELECTS),
        ("walk", walk, WALK_SELECTS),
        ("star", STAR_CTES, STAR_SELECTS),
        ("target", "", TARGET_SELECTS),
    ]
    wanted += [(ctes, selects) for group, ctes, selects in others if group in groups]
    compounds = "walk" in groups or ("area" in groups and (datasets is None or "compounds" in datasets))
    ctes = [members, COMM, *([CMP] if compounds else [])] + [c for c, _ in wanted if c]
    return ctes, [q for _, selects in wanted for q in selects]


@functools.cache
def stock_facts(
    groups: frozenset[str],
    members: str = MEMBERS,
    walk: str = WALK_CTES,
    datasets: frozenset[str] | None = None,
) -> str:
    """The ``(root, fact, kind, value)`` query of the stock fact groups (``metric_catalog.GROUPS``)
    reading ``datasets`` (None: all)."""
    ctes, selects = _stock_parts(groups, members, walk, datasets)
    return "WITH RECURSIVE" + ",".join(ctes) + "\n" + "\nUNION ALL\n".join(selects)


@functools.cache
def stock_and_flow_facts(
    groups: frozenset[str],
    members: str = MEMBERS,
    walk: str = WALK_CTES,
    datasets: frozenset[str] | None = None,
) -> str:
    """One period: the stock groups and the flow facts of ``datasets`` in one ``(root, p, fact,
    kind, value)`` query, so that the members are found once (``$since``/``$as_of`` bound)."""
    ctes, selects = _stock_parts(groups, members, walk, datasets)
    stock = "\nUNION ALL\n".join(selects)
    return (
        "WITH RECURSIVE"
        + ",".join([*ctes, WINDOWS, flow_ctes(True, datasets)])
        + f"\nSELECT root, 0 AS p, fact, kind, value FROM ({stock}) AS s(root, fact, kind, value)\nUNION ALL\n"
        + flow_selects(datasets)
    )


@functools.cache
def flow_facts(members: str = MEMBERS, one: bool = False, datasets: frozenset[str] | None = None) -> str:
    """The ``(root, p, fact, kind, value)`` query of the flow facts of ``datasets`` (None: all)
    over the periods in ``win`` (``one``: a single period, bound as ``$since``/``$as_of``)."""
    return (
        "WITH RECURSIVE"
        + ",".join((members, WINDOWS, flow_ctes(one, datasets)))
        + "\n"
        + flow_selects(datasets)
    )


# --- lookups -----------------------------------------------------------------------------------

KNOWN_AREAS = "SELECT area_code FROM areas WHERE area_code IN (SELECT unnest($roots::VARCHAR[]))"

# Kinds present anywhere in the data, per family (see metric_catalog.TABLE_FAMILIES).
TABLE_KINDS = """
SELECT 'community_type' AS family, community_type AS kind FROM areas
WHERE level = 'community' AND community_type IS NOT NULL GROUP BY ALL
UNION ALL SELECT 'facility', facility_kind FROM facilities WHERE facility_kind IS NOT NULL GROUP BY ALL
UNION ALL SELECT 'program', program_kind FROM programs WHERE program_kind IS NOT NULL GROUP BY ALL
UNION ALL SELECT 'activity', activity_type FROM activity WHERE activity_type IS NOT NULL GROUP BY ALL
"""


# ``tree(code)``: $root and every area below it that the connection sees, for ``WITH RECURSIVE``.
# By ``area_closure`` (one sorted lookup; a walk joins every area once per level: ~100 ms at
# national scale); by the parent links where the closure has no row for $root (a scoped reader's
# closure stops at its scope: a street user's district) and in a warehouse whose derived tables are
# not built yet. ``etl.metric_lookups.subtree_query`` chooses.
SUBTREE_BY_CLOSURE = "tree(code) AS (SELECT area_code FROM area_closure WHERE ancestor_code = $root)"
CLOSURE_HAS_ROOT = "SELECT 1 FROM area_closure WHERE ancestor_code = $root LIMIT 1"
SUBTREE_BY_WALK = """tree(code) AS (
    SELECT $root::VARCHAR
    UNION
    SELECT a.area_code FROM tree t JOIN areas a ON a.parent_code = t.code
)"""

CODES_BELOW = "WITH RECURSIVE {subtree} SELECT code FROM tree ORDER BY 1"

# ``up(area_code, code, depth)``: each of ``$codes`` with itself (depth 0) and every area above it, by
# ``area_closure`` when it holds each code's whole path up (one lookup), else by the parent links (a
# scoped reader's closure stops at its scope, while its ``areas`` names the ancestors; a warehouse
# whose derived tables are not built yet). A walk joins every area once per level.
ANCESTORS_BY_CLOSURE = """up(area_code, code, depth) AS (
    SELECT area_code, ancestor_code, depth FROM area_closure
    WHERE area_code IN (SELECT unnest($codes::VARCHAR[])))"""
ANCESTORS_BY_WALK = """up(area_code, code, depth) AS (
    SELECT c, c, 0 FROM (SELECT unnest($codes::VARCHAR[]) AS c)
    UNION ALL
    SELECT u.area_code, a.parent_code, u.depth + 1 FROM up u JOIN areas a ON a.area_code = u.code
    WHERE a.parent_code IS NOT NULL AND u.depth < 32
)"""
# How many of ``$codes`` have a path in the closure that stops below an area without parent (0: the
# closure holds every whole path)
CLOSURE_PATHS_CUT = f"""WITH {ANCESTORS_BY_CLOSURE},
tops AS (SELECT area_code, arg_max(code, depth) AS top FROM up GROUP BY ALL)
SELECT count(*) FROM (SELECT unnest($codes::VARCHAR[]) AS area_code) x
LEFT JOIN tops USING (area_code) LEFT JOIN areas a ON a.area_code = tops.top
WHERE tops.top IS NULL OR a.parent_code IS NOT NULL"""


def reported_months(tables: list[str]) -> str:
    """Per quoted monthly table (``ds`` = its position) and month with data below ``$root``: the
    communities that reported it and those existing at the month's end, in one query (``{subtree}``:
    ``SUBTREE_BY_CLOSURE`` or ``SUBTREE_BY_WALK``)."""
    reports = "\nUNION ALL\n".join(
        f"SELECT {i} AS ds, date_trunc('month', x.month)::DATE AS month, "
        f"count(DISTINCT x.community_code) AS reported FROM {table} x "
        "WHERE x.community_code IN (SELECT area_code FROM comm) GROUP BY ALL"
        for i, table in enumerate(tables)
    )
    return f"""
WITH RECURSIVE {{subtree}},
comm AS (
    SELECT a.area_code, a.established_date, a.abolished_date
    FROM tree t JOIN areas a ON a.area_code = t.code WHERE a.level = 'community'
),
rep AS ({reports}),
tot AS (
    SELECT m.month, count(c.area_code) AS total
    FROM (SELECT DISTINCT month FROM rep) m
    LEFT JOIN comm c ON (c.established_date IS NULL OR c.established_date <= last_day(m.month))
        AND (c.abolished_date IS NULL OR c.abolished_date > last_day(m.month))
    GROUP BY m.month
)
SELECT r.ds, r.month, r.reported, t.total FROM rep r JOIN tot t USING (month)
"""
