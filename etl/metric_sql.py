"""The SQL behind ``etl.metrics``: set-based queries over any number of root areas at once.

Every query starts with ``MEMBERS``: ``mem(root, code, level, …, alive)`` holds every area below
each requested root (and the root itself), found by walking ``parent_code`` links downwards, so
city/province rows above a district and districts at the top both work. ``alive`` says whether the
area exists on ``$as_of``. Queries return facts (see ``etl.metric_catalog``) either wide, one row
per root with one column per fact, or long, ``(root, fact, kind, value)``.

Values are bound parameters (``$roots``, ``$as_of``, ``$since``, …); the only literals are the fixed
canonical enum values of the registry.
"""

from __future__ import annotations

# --- membership --------------------------------------------------------------------------------

MEMBERS = """
WITH RECURSIVE
roots AS (SELECT DISTINCT unnest($roots::VARCHAR[]) AS root),
tree(root, code) AS (
    SELECT root, root FROM roots
    UNION
    SELECT t.root, a.area_code FROM tree t JOIN areas a ON a.parent_code = t.code
),
mem AS MATERIALIZED (
    SELECT t.root, a.area_code AS code, a.level, a.community_type, a.households, a.population,
           a.premises_area_m2,
           (a.established_date IS NULL OR a.established_date <= $as_of::DATE)
               AND (a.abolished_date IS NULL OR a.abolished_date > $as_of::DATE) AS alive
    FROM tree t JOIN areas a ON a.area_code = t.code
),
comm AS MATERIALIZED (
    SELECT * FROM mem WHERE level = 'community' AND alive
)"""

# Compounds counted on as_of: those of existing communities, built by year(as_of).
COUNTED_COMPOUNDS = """
cmp AS (
    SELECT c.root, c.code, p.*
    FROM comm c JOIN compounds p ON p.community_code = c.code
    WHERE p.built_year IS NULL OR p.built_year <= year($as_of::DATE)
)"""

OPEN_FACILITY = (
    "(f.opened_date <= $as_of::DATE AND (f.closed_date IS NULL OR f.closed_date > $as_of::DATE))"
)

# --- stock, one row per root -------------------------------------------------------------------

STOCK_WIDE = (
    MEMBERS
    + ","
    + COUNTED_COMPOUNDS
    + """,
org AS (
    SELECT m.root, m.code, m.level, o.org_kind, o.members
    FROM mem m JOIN organizations o ON o.area_code = m.code
    WHERE m.alive
      AND (o.founded_date IS NULL OR o.founded_date <= $as_of::DATE)
      AND (o.closed_date IS NULL OR o.closed_date > $as_of::DATE)
),
soc AS (
    SELECT root, code, count(*) AS n FROM org
    WHERE org_kind = 'social_org' AND level = 'community' GROUP BY ALL
),
snap AS (
    SELECT s.community_code, max(s.snapshot_date) AS snapshot_date
    FROM staff s
    WHERE s.snapshot_date <= $as_of::DATE AND s.community_code IN (SELECT code FROM comm)
    GROUP BY ALL
),
area_agg AS (
    SELECT root,
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
min_agg AS (
    SELECT c.root,
        count(*) FILTER (coalesce(s.n, 0) >= CASE WHEN list_contains($rural::VARCHAR[], c.community_type)
                                                 THEN 5 ELSE 10 END) AS communities_meeting_min
    FROM comm c LEFT JOIN soc s ON s.root = c.root AND s.code = c.code
    GROUP BY c.root
),
cmp_agg AS (
    SELECT root,
        count(*) AS compounds,
        count(*) FILTER (party_branch_founded_date <= $as_of::DATE) AS compound_party_branches,
        count(*) FILTER (is_old_compound AND renovated_year <= year($as_of::DATE)) AS compounds_upgraded_old,
        count(*) FILTER (property_service = 'soe_fallback') AS compounds_soe_property,
        count(*) FILTER (lat IS NOT NULL AND lon IS NOT NULL) AS compounds_located
    FROM cmp GROUP BY root
),
org_agg AS (
    SELECT root,
        count(*) FILTER (org_kind = 'community_party_org') AS community_party_orgs,
        count(*) FILTER (org_kind = 'social_org') AS social_orgs,
        sum(members) FILTER (org_kind = 'social_org') AS social_org_members,
        count(*) FILTER (org_kind = 'professional_social_org') AS professional_social_orgs,
        sum(members) FILTER (org_kind = 'volunteer_points_bank') AS volunteer_bank_members
    FROM org GROUP BY root
),
staff_agg AS (
    SELECT c.root,
        sum(s.community_workers) AS community_workers,
        sum(s.certified_social_workers) AS certified_social_workers,
        sum(s.two_committee_members) AS two_committee_members,
        sum(s.grid_workers) AS grid_workers,
        sum(s.reserve_cadres) AS reserve_cadres
    FROM comm c
    JOIN snap l ON l.community_code = c.code
    JOIN staff s ON s.community_code = l.community_code AND s.snapshot_date = l.snapshot_date
    GROUP BY c.root
)
SELECT *
FROM roots
LEFT JOIN area_agg USING (root)
LEFT JOIN min_agg USING (root)
LEFT JOIN cmp_agg USING (root)
LEFT JOIN org_agg USING (root)
LEFT JOIN staff_agg USING (root)
"""
)

# --- stock by kind, long: (root, fact, kind, value) ---------------------------------------------

STOCK_KINDS = (
    MEMBERS
    + """,
fac AS (
    SELECT m.root, f.facility_kind AS kind, f.*, coalesce(""" + OPEN_FACILITY + """, false) AS is_open
    FROM mem m JOIN facilities f ON f.area_code = m.code
    WHERE m.alive
),
fac_agg AS (
    SELECT root, kind,
        count(*) FILTER (is_open)::DOUBLE AS facilities_open,
        count(*) FILTER (NOT is_open
                         AND (status IN ('planned', 'under_construction') OR opened_date > $as_of::DATE)
                         AND (planned_date IS NULL OR planned_date <= $as_of::DATE))::DOUBLE
            AS facilities_planned,
        count(*) FILTER (rebuilt_date <= $as_of::DATE)::DOUBLE AS facilities_rebuilt,
        sum(area_m2) FILTER (is_open)::DOUBLE AS facility_area_m2_open,
        sum(capacity_persons) FILTER (is_open)::DOUBLE AS facility_capacity_open,
        sum(investment_wan) FILTER (opened_date <= $as_of::DATE OR rebuilt_date <= $as_of::DATE)::DOUBLE
            AS facility_investment_wan
    FROM fac GROUP BY ALL
),
cov AS (
    SELECT c.root, f.facility_kind AS kind,
        count(DISTINCT c.code)::DOUBLE AS covered,
        (count(DISTINCT c.code) FILTER (list_contains($urban::VARCHAR[], c.community_type)))::DOUBLE
            AS covered_urban
    FROM comm c JOIN facilities f ON f.area_code = c.code
    WHERE """ + OPEN_FACILITY + """
    GROUP BY ALL
)
SELECT root, 'communities_type' AS fact, community_type AS kind, count(*)::DOUBLE AS value
FROM comm WHERE community_type IS NOT NULL GROUP BY ALL
UNION ALL
SELECT c.root, 'program_communities', p.program_kind, count(DISTINCT c.code)::DOUBLE
FROM comm c JOIN programs p ON p.community_code = c.code
WHERE p.joined_date <= $as_of::DATE AND (p.left_date IS NULL OR p.left_date > $as_of::DATE)
GROUP BY ALL
UNION ALL
SELECT root, fact, kind, value FROM (UNPIVOT fac_agg ON COLUMNS(* EXCLUDE (root, kind))
                                    INTO NAME fact VALUE value)
UNION ALL
SELECT root, fact, kind, value FROM (UNPIVOT cov ON covered, covered_urban INTO NAME fact VALUE value)
"""
)

# --- walking distance: compounds within 1,000 m of an open facility of the kind -----------------
# Grid join: cells of 0.01° latitude (≈1.11 km) × 0.02° longitude (≥ 1 km up to 63° N; the
# registry limits latitude to 3–54°). A facility is copied into the 3 × 3 cells around its own,
# so every compound within 1 km of it shares a cell with one copy; haversine decides.

EARTH_RADIUS_M = 6_371_008.8
WALK_RADIUS_M = 1000.0

WALK = (
    MEMBERS
    + ","
    + COUNTED_COMPOUNDS
    + """,
pts AS (
    SELECT root, community_code, compound_name, lat, lon,
           floor(lat / 0.01)::BIGINT AS cy, floor(lon / 0.02)::BIGINT AS cx
    FROM cmp WHERE lat IS NOT NULL AND lon IS NOT NULL
),
fpts AS (
    SELECT f.facility_kind AS kind, f.lat, f.lon,
           floor(f.lat / 0.01)::BIGINT + dy.range AS cy, floor(f.lon / 0.02)::BIGINT + dx.range AS cx
    FROM facilities f, range(-1, 2) dy, range(-1, 2) dx
    WHERE """ + OPEN_FACILITY + """ AND f.lat IS NOT NULL AND f.lon IS NOT NULL
),
hit AS (
    SELECT DISTINCT p.root, p.community_code, p.compound_name, f.kind
    FROM pts p JOIN fpts f ON f.cy = p.cy AND f.cx = p.cx
    WHERE 2 * $earth_radius * asin(sqrt(least(1.0,
              pow(sin(radians(f.lat - p.lat) / 2), 2)
              + cos(radians(p.lat)) * cos(radians(f.lat)) * pow(sin(radians(f.lon - p.lon) / 2), 2))))
          <= $radius
)
SELECT root, 'walk_covered' AS fact, kind, count(*)::DOUBLE AS value FROM hit GROUP BY ALL
"""
)

# --- flows over the window: a month counts when one of its days lies in since < day <= as_of ----

IN_WINDOW = (
    "date_trunc('month', x.month)::DATE <= $as_of::DATE"
    " AND ($since::DATE IS NULL OR last_day(x.month) > $since::DATE)"
)

ACTIVITY_BY_TYPE = (
    MEMBERS
    + """
SELECT m.root, x.activity_type AS kind,
    sum(x.activities) AS activities,
    sum(x.participants) AS participants,
    sum(x.social_org_activities) AS social_org_activities,
    sum(x.social_org_participants) AS social_org_participants,
    sum(x.app_registrations) AS returnee_registrations
FROM mem m JOIN activity x ON x.community_code = m.code
WHERE m.level = 'community' AND """ + IN_WINDOW + """
GROUP BY ALL
"""
)

VOLUNTEERS = (
    MEMBERS
    + """,
per_month AS (
    SELECT m.root, date_trunc('month', x.month) AS month,
        sum(x.volunteer_hours) AS volunteer_hours,
        sum(x.active_volunteers) AS active_volunteers,
        sum(x.bank_services) AS volunteer_bank_services,
        sum(x.points_earned) AS points_earned,
        sum(x.points_redeemed) AS points_redeemed
    FROM mem m JOIN volunteers x ON x.community_code = m.code
    WHERE m.level = 'community' AND """ + IN_WINDOW + """
    GROUP BY ALL
)
SELECT root,
    sum(volunteer_hours) AS volunteer_hours,
    max(active_volunteers) AS active_volunteers,
    sum(volunteer_bank_services) AS volunteer_bank_services,
    sum(points_earned) AS points_earned,
    sum(points_redeemed) AS points_redeemed
FROM per_month GROUP BY root
"""
)

# --- five-star creation ------------------------------------------------------------------------
# A star is awarded when `awarded` is true, or blank and score >= $threshold. Level = the other
# stars held (at most 4) plus one for the capstone when all four others are held too.

AWARDED = "coalesce(f.awarded, f.score >= $threshold)"
OTHERS = "count(*) FILTER (aw AND star <> $capstone)"
LEVEL = (
    f"least({OTHERS}, 4) + CASE WHEN {OTHERS} >= 4 AND coalesce(bool_or(aw AND star = $capstone), false)"
    " THEN 1 ELSE 0 END"
)

FIVE_STAR = (
    MEMBERS
    + """,
fs AS (
    SELECT m.root, m.alive, f.community_code, f.year, f.star, """ + AWARDED + """ AS aw
    FROM mem m JOIN five_star f ON f.community_code = m.code
    WHERE m.level = 'community'
),
yr AS (SELECT root, max(year) AS year FROM fs WHERE year <= year($as_of::DATE) GROUP BY root),
cur AS (SELECT fs.* FROM fs JOIN yr ON fs.root = yr.root AND fs.year = yr.year WHERE fs.alive),
lvl AS (SELECT root, community_code, """ + LEVEL + """ AS level FROM cur GROUP BY ALL)
SELECT root, 'in_program' AS fact, '' AS kind, 1 AS value FROM yr
UNION ALL
SELECT root, 'assessed', '', count(*) FROM lvl GROUP BY ALL
UNION ALL
SELECT root, 'five_star_communities', '', count(*) FILTER (level = 5) FROM lvl GROUP BY ALL
UNION ALL
SELECT root, 'four_plus_star_communities', '', count(*) FILTER (level >= 4) FROM lvl GROUP BY ALL
UNION ALL
SELECT root, 'star_level_communities', level::VARCHAR, count(*) FROM lvl GROUP BY ALL
UNION ALL
SELECT root, 'star_awarded', star, count(DISTINCT community_code) FILTER (aw) FROM cur GROUP BY ALL
"""
)

# Per community and year, for the five-star page (no as_of: every year, every community below
# the root whatever its dates).
STAR_LEVELS = """
WITH RECURSIVE
tree(code) AS (
    SELECT $root::VARCHAR
    UNION
    SELECT a.area_code FROM tree t JOIN areas a ON a.parent_code = t.code
),
fs AS (
    SELECT f.community_code, a.area_name AS community_name, f.year, f.star,
           """ + AWARDED + """ AS aw
    FROM tree t
    JOIN areas a ON a.area_code = t.code AND a.level = 'community'
    JOIN five_star f ON f.community_code = a.area_code
    WHERE $year::INTEGER IS NULL OR f.year = $year::INTEGER
)
SELECT community_code, community_name, year, """ + LEVEL + """ AS level,
       coalesce(list(star ORDER BY star) FILTER (aw), []) AS stars_awarded,
       list(star ORDER BY star) AS stars_assessed
FROM fs GROUP BY ALL ORDER BY year, community_code
"""

# --- targets and lookups -----------------------------------------------------------------------

# The target due earliest on or after as_of; when every due date is before as_of, the latest.
TARGETS = """
SELECT area_code AS root, 'target:' || metric AS fact, '' AS kind,
    coalesce(min_by(target_value, due_date) FILTER (due_date >= $as_of::DATE),
             max_by(target_value, due_date)) AS value
FROM targets
WHERE area_code IN (SELECT unnest($roots::VARCHAR[]))
GROUP BY ALL
"""

KNOWN_AREAS = "SELECT area_code FROM areas WHERE area_code IN (SELECT unnest($roots::VARCHAR[]))"

# Kinds present anywhere in the data, per family (see metric_catalog.TABLE_FAMILIES).
TABLE_KINDS = """
SELECT 'community_type' AS family, community_type AS kind FROM areas
WHERE level = 'community' AND community_type IS NOT NULL GROUP BY ALL
UNION ALL SELECT 'facility', facility_kind FROM facilities WHERE facility_kind IS NOT NULL GROUP BY ALL
UNION ALL SELECT 'program', program_kind FROM programs WHERE program_kind IS NOT NULL GROUP BY ALL
UNION ALL SELECT 'activity', activity_type FROM activity WHERE activity_type IS NOT NULL GROUP BY ALL
"""
