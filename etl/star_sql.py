"""The five-star SQL: the level rule, the star facts of ``etl.metric_sql``'s stock query, and the
per-community rows of the five-star page (``STAR_LEVELS``, ``STAR_ROWS``)."""

from __future__ import annotations

from etl.area_names import shown_name
from etl.sqlutil import unpivot

# --- five-star creation ------------------------------------------------------------------------
# A star is awarded when `awarded` is true, or blank and score >= $threshold. Level = the other
# stars held (at most 4) plus one for the capstone when all four others are held too. The year
# used is the latest <= year(as_of) with rows for the area; none means "not in the program".


def awarded(table: str = "f") -> str:
    """Whether a five_star row's star is awarded (``table``: its alias, empty for none)."""
    t = f"{table}." if table else ""
    return f"coalesce({t}awarded, {t}score >= $threshold)"


AWARDED = awarded()
# The level of a community's rows of one year (``aw``: awarded, ``star``: the star), written once:
# the engine, the derived tables and the ledger use it.
OTHERS = "count(*) FILTER (aw AND star <> $capstone)"
LEVEL = (
    f"least({OTHERS}, 4) + CASE WHEN {OTHERS} >= 4 AND coalesce(bool_or(aw AND star = $capstone), false)"
    " THEN 1 ELSE 0 END"
)

STAR_CTES = f"""
fs AS MATERIALIZED (
    SELECT f.community_code, f.year, f.star, {AWARDED} AS aw
    FROM five_star f
    WHERE f.year <= year($as_of::DATE)
      AND f.community_code IN (SELECT code FROM mem WHERE level = 'community')
),
fs_level AS MATERIALIZED (SELECT community_code, year, {LEVEL} AS level FROM fs GROUP BY ALL),
yr AS MATERIALIZED (
    SELECT m.root, max(l.year) AS year
    FROM mem m JOIN fs_level l ON l.community_code = m.code
    WHERE m.level = 'community'
    GROUP BY m.root
),
lvl AS MATERIALIZED (
    SELECT c.root, l.community_code, l.year, l.level
    FROM comm c JOIN yr ON yr.root = c.root JOIN fs_level l ON l.community_code = c.code AND l.year = yr.year
),
lvl_agg AS (
    SELECT root, '' AS kind,
        count(*) AS assessed,
        count(*) FILTER (level = 5) AS five_star_communities,
        count(*) FILTER (level >= 4) AS four_plus_star_communities
    FROM lvl GROUP BY root
),
star_agg AS (
    -- (community_code, year, star) is the dataset key: count(*) counts communities
    SELECT l.root, f.star AS kind, count(*) FILTER (f.aw) AS star_awarded, count(*) AS star_assessed
    FROM lvl l JOIN fs f ON f.community_code = l.community_code AND f.year = l.year
    GROUP BY ALL
)"""

STAR_SELECTS = [
    "SELECT root, 'in_program', '', 1.0 FROM yr",
    unpivot("lvl_agg"),
    "SELECT root, 'star_level_communities', level::VARCHAR, count(*)::DOUBLE FROM lvl GROUP BY ALL",
    unpivot("star_agg"),
]


# Per community and year, for the five-star page (no as_of: every year, every community below the
# root whatever its dates). ``{subtree}``: ``etl.metric_lookups.subtree_sql`` writes it.
_STAR_ROWS_CTES = f"""
WITH RECURSIVE
{{subtree}},
fs AS (
    SELECT f.community_code, {shown_name("a")} AS community_name, f.year, f.star, f.score, {AWARDED} AS aw
    FROM tree t
    JOIN areas a ON a.area_code = t.code AND a.level = 'community'
    JOIN five_star f ON f.community_code = a.area_code
    WHERE $year::INTEGER IS NULL OR f.year = $year::INTEGER
)"""
_STAR_LEVEL_COLUMNS = f"""community_code, community_name, year, {LEVEL} AS level,
       coalesce(list(star ORDER BY star) FILTER (aw), []) AS stars_awarded"""
STAR_LEVELS = f"""{_STAR_ROWS_CTES}
SELECT {_STAR_LEVEL_COLUMNS}, list(star ORDER BY star) AS stars_assessed
FROM fs GROUP BY community_code, community_name, year ORDER BY year, community_code
"""
# The same rows with the community's street, type and dates and its total score (Kahan sum).
STAR_ROWS = f"""{_STAR_ROWS_CTES},
lv AS (SELECT {_STAR_LEVEL_COLUMNS}, fsum(score) AS total_score
       FROM fs GROUP BY community_code, community_name, year)
SELECT lv.community_code, lv.community_name, lv.year::BIGINT AS year, lv.level, lv.stars_awarded,
       c.parent_code AS street_code, {shown_name("s")} AS street_name, c.community_type,
       c.established_date, c.abolished_date, lv.total_score
FROM lv JOIN areas c ON c.area_code = lv.community_code
LEFT JOIN areas s ON s.area_code = c.parent_code
ORDER BY lv.year, lv.community_code
"""
