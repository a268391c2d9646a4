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


def unpivot(cte: str) -> str:
    """A long ``(root, fact, kind, value)`` select over a wide CTE with ``root`` and ``kind``."""
    return (
        f"SELECT root, fact, kind, value FROM (UNPIVOT (SELECT root, kind, "
        f"COLUMNS(* EXCLUDE (root, kind))::DOUBLE FROM {cte}) "
        f"ON COLUMNS(* EXCLUDE (root, kind)) INTO NAME fact VALUE value)"
    )


AREA_COLUMNS = "a.area_code AS code, a.level, a.community_type, a.households, a.population, a.premises_area_m2"
ALIVE = (
    "(a.established_date IS NULL OR a.established_date <= $as_of::DATE)"
    " AND (a.abolished_date IS NULL OR a.abolished_date > $as_of::DATE) AS alive"
)

MEMBERS = f"""
roots AS (SELECT DISTINCT unnest($roots::VARCHAR[]) AS root),
upper_areas AS (SELECT area_code, parent_code FROM areas WHERE level <> 'community'),
tree(root, code) AS (
    SELECT root, root FROM roots
    UNION
    SELECT t.root, u.area_code FROM tree t JOIN upper_areas u ON u.parent_code = t.code
),
mem AS MATERIALIZED (
    SELECT t.root, {AREA_COLUMNS}, {ALIVE}
    FROM tree t JOIN areas a ON a.area_code = t.code
    UNION ALL
    SELECT t.root, {AREA_COLUMNS}, {ALIVE}
    FROM tree t JOIN areas a ON a.parent_code = t.code
    WHERE a.level = 'community' AND a.area_code <> t.root
),
comm AS MATERIALIZED (SELECT * FROM mem WHERE level = 'community' AND alive),
cmp AS MATERIALIZED (
    SELECT c.root, c.code, p.rowid AS cid, p.party_branch_founded_date, p.is_old_compound,
           p.renovated_year, p.property_service, p.lat, p.lon
    FROM comm c JOIN compounds p ON p.community_code = c.code
    WHERE p.built_year IS NULL OR p.built_year <= year($as_of::DATE)
)"""

OPEN = "(f.opened_date <= $as_of::DATE AND (f.closed_date IS NULL OR f.closed_date > $as_of::DATE))"

# --- areas, compounds, organizations, people: one row per root --------------------------------

AREA_CTES = """
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
        count(*) FILTER (level = 'community' AND premises_area_m2 >= 500) AS premises_ge_500,
        count(*) FILTER (level = 'community' AND premises_area_m2 >= 600) AS premises_ge_600,
        count(*) FILTER (level = 'community' AND premises_area_m2 > 1000) AS premises_gt_1000
    FROM mem WHERE alive GROUP BY root
),
cmp_agg AS (
    SELECT root, '' AS kind,
        count(*) AS compounds,
        count(*) FILTER (party_branch_founded_date <= $as_of::DATE) AS compound_party_branches,
        count(*) FILTER (is_old_compound AND renovated_year <= year($as_of::DATE)) AS compounds_upgraded_old,
        count(*) FILTER (property_service = 'soe_fallback') AS compounds_soe_property,
        count(*) FILTER (lat IS NOT NULL AND lon IS NOT NULL) AS compounds_located
    FROM cmp GROUP BY root
),
org AS MATERIALIZED (
    SELECT m.root, m.code, m.level, o.org_kind, o.members
    FROM mem m JOIN organizations o ON o.area_code = m.code
    WHERE m.alive
      AND (o.founded_date IS NULL OR o.founded_date <= $as_of::DATE)
      AND (o.closed_date IS NULL OR o.closed_date > $as_of::DATE)
),
org_agg AS (
    SELECT root, '' AS kind,
        count(*) FILTER (org_kind = 'community_party_org') AS community_party_orgs,
        count(*) FILTER (org_kind = 'social_org') AS social_orgs,
        sum(members) FILTER (org_kind = 'social_org') AS social_org_members,
        count(*) FILTER (org_kind = 'professional_social_org') AS professional_social_orgs,
        sum(members) FILTER (org_kind = 'volunteer_points_bank') AS volunteer_bank_members
    FROM org GROUP BY root
),
soc AS (
    SELECT root, code, count(*) AS n FROM org
    WHERE org_kind = 'social_org' AND level = 'community' GROUP BY ALL
),
min_agg AS (
    SELECT c.root, '' AS kind,
        count(*) FILTER (coalesce(s.n, 0) >= CASE WHEN list_contains($rural::VARCHAR[], c.community_type)
                                                 THEN 5 ELSE 10 END) AS communities_meeting_min
    FROM comm c LEFT JOIN soc s ON s.root = c.root AND s.code = c.code
    GROUP BY c.root
),
snap AS (
    SELECT s.*, max(s.snapshot_date) OVER (PARTITION BY s.community_code) AS latest
    FROM staff s
    WHERE s.snapshot_date <= $as_of::DATE AND s.community_code IN (SELECT code FROM comm)
),
staff_agg AS (
    SELECT c.root, '' AS kind,
        sum(s.community_workers) AS community_workers,
        sum(s.certified_social_workers) AS certified_social_workers,
        sum(s.two_committee_members) AS two_committee_members,
        sum(s.grid_workers) AS grid_workers,
        sum(s.reserve_cadres) AS reserve_cadres
    FROM comm c JOIN snap s ON s.community_code = c.code AND s.snapshot_date = s.latest
    GROUP BY c.root
)"""

AREA_SELECTS = [unpivot(t) for t in ("area_agg", "cmp_agg", "org_agg", "min_agg", "staff_agg")]

# --- by kind: community types, programs, facilities and their coverage -------------------------

KIND_CTES = f"""
fac_agg AS (
    SELECT m.root, f.facility_kind AS kind,
        count(*) FILTER ({OPEN}) AS facilities_open,
        count(*) FILTER (NOT coalesce({OPEN}, false)
                         AND (f.status IN ('planned', 'under_construction') OR f.opened_date > $as_of::DATE)
                         AND (f.planned_date IS NULL OR f.planned_date <= $as_of::DATE))
            AS facilities_planned,
        count(*) FILTER (f.rebuilt_date <= $as_of::DATE) AS facilities_rebuilt,
        sum(f.area_m2) FILTER ({OPEN}) AS facility_area_m2_open,
        sum(f.capacity_persons) FILTER ({OPEN}) AS facility_capacity_open,
        sum(f.investment_wan) FILTER (f.opened_date <= $as_of::DATE OR f.rebuilt_date <= $as_of::DATE)
            AS facility_investment_wan
    FROM mem m JOIN facilities f ON f.area_code = m.code
    WHERE m.alive
    GROUP BY ALL
),
cov_agg AS (
    SELECT c.root, f.facility_kind AS kind,
        count(DISTINCT c.code) AS covered,
        count(DISTINCT c.code) FILTER (list_contains($urban::VARCHAR[], c.community_type)) AS covered_urban
    FROM comm c JOIN facilities f ON f.area_code = c.code
    WHERE {OPEN}
    GROUP BY ALL
)"""

KIND_SELECTS = [
    """SELECT root, 'communities_type', community_type, count(*)::DOUBLE
FROM comm WHERE community_type IS NOT NULL GROUP BY ALL""",
    """SELECT c.root, 'program_communities', p.program_kind, count(DISTINCT c.code)::DOUBLE
FROM comm c JOIN programs p ON p.community_code = c.code
WHERE p.joined_date <= $as_of::DATE AND (p.left_date IS NULL OR p.left_date > $as_of::DATE)
GROUP BY ALL""",
    unpivot("fac_agg"),
    unpivot("cov_agg"),
]

# --- walking distance: compounds within $radius metres of an open facility of the kind ---------
# Grid join: cells of 0.009° latitude (1,000.8 m) × 0.016° longitude (>= 1,000 m up to 54.2°; the
# registry limits latitude to 3-54°). A facility is copied into the 3 × 3 cells around its own, so
# every compound within 1 km of it shares a cell with one copy. A cheap box test in degrees
# (0.009° of latitude, 0.0155° of longitude) discards most candidates before haversine decides.
# Only facilities inside the compounds' bounding box (plus a margin of one cell) take part.

EARTH_RADIUS_M = 6_371_008.8
WALK_RADIUS_M = 1000.0

HAVERSINE = """2 * $earth_radius * asin(sqrt(least(1.0,
    pow(sin(radians(f.lat - p.lat) / 2), 2)
    + cos(radians(p.lat)) * cos(radians(f.lat)) * pow(sin(radians(f.lon - p.lon) / 2), 2))))"""

WALK_CTES = f"""
pts AS MATERIALIZED (
    SELECT root, cid, lat, lon, floor(lat / 0.009)::BIGINT AS cy, floor(lon / 0.016)::BIGINT AS cx
    FROM cmp WHERE lat IS NOT NULL AND lon IS NOT NULL
),
box AS (SELECT min(lat) - 0.018 AS lat0, max(lat) + 0.018 AS lat1, min(lon) - 0.032 AS lon0,
               max(lon) + 0.032 AS lon1 FROM pts),
fpts AS (
    SELECT f.facility_kind AS kind, f.lat, f.lon,
           floor(f.lat / 0.009)::BIGINT + dy.range AS cy, floor(f.lon / 0.016)::BIGINT + dx.range AS cx
    FROM facilities f, box, range(-1, 2) dy, range(-1, 2) dx
    WHERE {OPEN} AND f.lat BETWEEN box.lat0 AND box.lat1 AND f.lon BETWEEN box.lon0 AND box.lon1
),
hit AS (
    SELECT DISTINCT p.root, p.cid, f.kind
    FROM pts p JOIN fpts f ON f.cy = p.cy AND f.cx = p.cx
    WHERE abs(f.lat - p.lat) <= 0.009 AND abs(f.lon - p.lon) <= 0.0155 AND {HAVERSINE} <= $radius
)"""

WALK_SELECTS = ["SELECT root, 'walk_covered', kind, count(*)::DOUBLE FROM hit GROUP BY ALL"]

# --- flows over the window: a month counts when one of its days lies in since < day <= as_of ----

IN_WINDOW = (
    "date_trunc('month', x.month)::DATE <= $as_of::DATE"
    " AND ($since::DATE IS NULL OR last_day(x.month) > $since::DATE)"
)

FLOW_CTES = f"""
act_agg AS (
    SELECT m.root,
        CASE WHEN grouping(x.activity_type) = 1 THEN '' ELSE x.activity_type END AS kind,
        sum(x.activities) AS activities,
        sum(x.participants) AS participants,
        sum(x.social_org_activities) AS social_org_activities,
        sum(x.social_org_participants) AS social_org_participants,
        sum(x.app_registrations) AS returnee_registrations
    FROM mem m JOIN activity x ON x.community_code = m.code
    WHERE m.level = 'community' AND {IN_WINDOW}
    GROUP BY GROUPING SETS ((m.root, x.activity_type), (m.root))
),
vol_month AS (
    SELECT m.root, date_trunc('month', x.month) AS month,
        sum(x.volunteer_hours) AS volunteer_hours,
        sum(x.active_volunteers) AS active_volunteers,
        sum(x.bank_services) AS volunteer_bank_services,
        sum(x.points_earned) AS points_earned,
        sum(x.points_redeemed) AS points_redeemed
    FROM mem m JOIN volunteers x ON x.community_code = m.code
    WHERE m.level = 'community' AND {IN_WINDOW}
    GROUP BY ALL
),
vol_agg AS (
    SELECT root, '' AS kind,
        sum(volunteer_hours) AS volunteer_hours,
        max(active_volunteers) AS active_volunteers,
        sum(volunteer_bank_services) AS volunteer_bank_services,
        sum(points_earned) AS points_earned,
        sum(points_redeemed) AS points_redeemed
    FROM vol_month GROUP BY root
)"""

FLOW_SELECTS = [unpivot("act_agg"), unpivot("vol_agg")]

# --- five-star creation ------------------------------------------------------------------------
# A star is awarded when `awarded` is true, or blank and score >= $threshold. Level = the other
# stars held (at most 4) plus one for the capstone when all four others are held too. The year
# used is the latest <= year(as_of) with rows for the area; none means "not in the program".

AWARDED = "coalesce(f.awarded, f.score >= $threshold)"
OTHERS = "count(*) FILTER (aw AND star <> $capstone)"
LEVEL = (
    f"least({OTHERS}, 4) + CASE WHEN {OTHERS} >= 4 AND coalesce(bool_or(aw AND star = $capstone), false)"
    " THEN 1 ELSE 0 END"
)

STAR_CTES = f"""
fs AS MATERIALIZED (
    SELECT m.root, m.alive, f.community_code, f.year, f.star, {AWARDED} AS aw
    FROM mem m JOIN five_star f ON f.community_code = m.code
    WHERE m.level = 'community' AND f.year <= year($as_of::DATE)
),
yr AS MATERIALIZED (SELECT root, max(year) AS year FROM fs GROUP BY root),
cur AS MATERIALIZED (SELECT fs.* FROM fs JOIN yr ON fs.root = yr.root AND fs.year = yr.year WHERE fs.alive),
lvl AS MATERIALIZED (SELECT root, community_code, {LEVEL} AS level FROM cur GROUP BY ALL),
lvl_agg AS (
    SELECT root, '' AS kind,
        count(*) AS assessed,
        count(*) FILTER (level = 5) AS five_star_communities,
        count(*) FILTER (level >= 4) AS four_plus_star_communities
    FROM lvl GROUP BY root
)"""

STAR_SELECTS = [
    "SELECT root, 'in_program', '', 1.0 FROM yr",
    unpivot("lvl_agg"),
    "SELECT root, 'star_level_communities', level::VARCHAR, count(*)::DOUBLE FROM lvl GROUP BY ALL",
    "SELECT root, 'star_awarded', star, (count(DISTINCT community_code) FILTER (aw))::DOUBLE FROM cur GROUP BY ALL",
]

# --- targets: due earliest on or after as_of; when every due date is before as_of, the latest ---

TARGET_SELECTS = [
    """SELECT area_code, 'target:' || metric, '',
    coalesce(min_by(target_value, due_date) FILTER (due_date >= $as_of::DATE), max_by(target_value, due_date))
FROM targets WHERE area_code IN (SELECT root FROM roots) GROUP BY ALL"""
]

ALL_FACTS = (
    "WITH RECURSIVE"
    + ",".join((MEMBERS, AREA_CTES, KIND_CTES, WALK_CTES, FLOW_CTES, STAR_CTES))
    + "\n"
    + "\nUNION ALL\n".join(
        AREA_SELECTS + KIND_SELECTS + WALK_SELECTS + FLOW_SELECTS + STAR_SELECTS + TARGET_SELECTS
    )
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

# Per community and year, for the five-star page (no as_of: every year, every community below the
# root whatever its dates).
STAR_LEVELS = f"""
WITH RECURSIVE
tree(code) AS (
    SELECT $root::VARCHAR
    UNION
    SELECT a.area_code FROM tree t JOIN areas a ON a.parent_code = t.code
),
fs AS (
    SELECT f.community_code, a.area_name AS community_name, f.year, f.star, {AWARDED} AS aw
    FROM tree t
    JOIN areas a ON a.area_code = t.code AND a.level = 'community'
    JOIN five_star f ON f.community_code = a.area_code
    WHERE $year::INTEGER IS NULL OR f.year = $year::INTEGER
)
SELECT community_code, community_name, year, {LEVEL} AS level,
       coalesce(list(star ORDER BY star) FILTER (aw), []) AS stars_awarded,
       list(star ORDER BY star) AS stars_assessed
FROM fs GROUP BY ALL ORDER BY year, community_code
"""
