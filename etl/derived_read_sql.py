"""SQL that reads the derived tables (``etl.derived``): what an engine call needs first, and every
stock fact of rolled-up roots on several days in one query. The SQL that builds the tables is in
``etl.derived_sql``."""

from __future__ import annotations

from etl.derived import STATE
from etl.metric_sql import TARGET_RULE

# With derived tables, what every engine call needs first, in one query: the tables' parameters
# (``derived.state_of``), the kinds present per family, and each root that is an area with its
# community count when it has pre-aggregates (NULL: none).
SETUP = f"""
SELECT 'state' AS part, fingerprint AS a, NULL::VARCHAR AS b FROM {STATE} WHERE name = 'params'
UNION ALL SELECT 'kind', family, kind FROM metric_kinds
UNION ALL SELECT 'area', a.area_code, r.communities::VARCHAR FROM areas a
    LEFT JOIN rollup_areas r ON r.area_code = a.area_code
    WHERE a.area_code IN (SELECT unnest($roots::VARCHAR[]))
"""


def fast_facts(event_tables: tuple[str, ...], stars: bool = True, targets: bool = True) -> str:
    """The ``(root, as_of, fact, kind, value)`` rows of ``metric_sql.stock_facts`` for rolled-up
    roots on each day of ``$as_ofs`` in one query (flows: ``metric_sql.rolled_flows``), from the
    given event tables, with the five-star facts (``stars``) and the targets (``targets``)."""
    events = "\nUNION ALL\n".join(
        f"SELECT e.ancestor_code, d.as_of, e.fact, e.kind, e.delta FROM {t} e "
        f"JOIN days d ON e.day <= d.as_of WHERE e.ancestor_code IN (SELECT root FROM roots)"
        for t in event_tables
    )
    ctes = [
        "roots AS (SELECT DISTINCT unnest($roots::VARCHAR[]) AS root)",
        "days AS (SELECT DISTINCT unnest($as_ofs::DATE[]) AS as_of)",
    ]
    selects = (
        [f"SELECT ancestor_code, as_of, fact, kind, sum(delta) FROM ({events}) GROUP BY ALL"]
        if events
        else []
    )
    if stars:
        ctes += [_STAR_YEARS, _STARS]
        selects += _STAR_SELECTS
    if targets:
        selects.append(
            f"SELECT t.area_code, d.as_of, 'target:' || t.metric, '', {TARGET_RULE.format(as_of='d.as_of')}\n"
            "FROM targets t CROSS JOIN days d WHERE t.area_code IN (SELECT root FROM roots) GROUP BY ALL"
        )
    if not selects:  # nothing asked: the right columns, no rows
        selects = ["SELECT NULL::VARCHAR, NULL::DATE, NULL::VARCHAR, NULL::VARCHAR, NULL::DOUBLE WHERE false"]
    return "WITH " + ",\n".join(ctes) + "\n" + "\nUNION ALL\n".join(selects) + "\n"


_STAR_YEARS = """yr AS (
    SELECT s.ancestor_code AS root, d.as_of, max(s.year) AS year FROM star_years s
    JOIN days d ON s.year <= year(d.as_of)
    WHERE s.ancestor_code IN (SELECT root FROM roots) GROUP BY ALL
)"""
_STARS = """st AS (
    SELECT e.ancestor_code AS root, yr.as_of, e.fact, e.kind, sum(e.delta) AS value
    FROM ev_stars e JOIN yr ON yr.root = e.ancestor_code AND yr.year = e.year
    WHERE e.day <= yr.as_of GROUP BY ALL
)"""
_STAR_SELECTS = [
    "SELECT root, as_of, 'in_program', '', 1.0 FROM yr",
    "SELECT root, as_of, fact, kind, value FROM st WHERE fact NOT IN ('star_present', 'star_awarded')",
    # the communities assessed on each star (a row for it): an award rate's denominator
    "SELECT root, as_of, 'star_assessed', kind, value FROM st WHERE fact = 'star_present' AND value > 0",
    "SELECT p.root, p.as_of, 'star_awarded', p.kind, coalesce(a.value, 0.0)\n"
    "FROM st p LEFT JOIN st a ON a.root = p.root AND a.as_of = p.as_of AND a.fact = 'star_awarded' AND a.kind = p.kind\n"
    "WHERE p.fact = 'star_present' AND p.value > 0",
]
