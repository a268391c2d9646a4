"""Per-page glue of the metrics benchmark: what each page asks the warehouse, and one hand-written query.

For each page, ``app`` calls the page's data functions (``govdash/*_data.py``) the way the page
script does for the default view (the district with the most communities, all streets, the latest
month), and ``hand`` runs ONE DuckDB query written by hand for the numbers the page shows. Both
return ``{label: number}``; ``bench.query_bench`` times them and checks that the labels they share
agree (a comparison of different results would be meaningless). When a page's data functions
change signature, this is the one module to fix up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from etl import periods
from etl.registry import CAPSTONE_STAR

Numbers = dict[str, float | None]


@dataclass(frozen=True)
class Context:
    version: str
    district: str
    street: str
    community: str
    month: date  # first day of the latest month with data
    threshold: float
    district_communities: int

    @property
    def as_of(self) -> date:
        return periods.month_end(self.month)


_month_end = periods.month_end
_add_months = periods.add_months


def _num(value: object) -> float | None:
    if value is None:
        return None
    try:
        return None if pd.isna(value) else float(value)
    except (TypeError, ValueError):
        return None


def context(con: duckdb.DuckDBPyConnection, version: str, threshold: float) -> Context:
    """The default view: district with most communities, its first street and that street's first community."""
    district, street, community, n = con.execute("""
        WITH c AS (SELECT c.area_code, c.parent_code AS street, s.parent_code AS district
                   FROM areas c JOIN areas s ON s.area_code = c.parent_code WHERE c.level = 'community'),
        d AS (SELECT district, count(*) AS n FROM c GROUP BY 1 ORDER BY n DESC, 1 LIMIT 1),
        s AS (SELECT min(street) AS street FROM c WHERE district = (SELECT district FROM d))
        SELECT (SELECT district FROM d), (SELECT street FROM s),
               (SELECT min(area_code) FROM c WHERE street = (SELECT street FROM s)), (SELECT n FROM d)
    """).fetchone()
    month = con.execute(
        "SELECT greatest((SELECT max(month) FROM activity), (SELECT max(month) FROM volunteers))"
    ).fetchone()[0]
    return Context(version, district, street, community, month, threshold, int(n))


def _fetch(con: duckdb.DuckDBPyConnection, sql: str, params: dict) -> Numbers:
    """Run a query returning ``(label, value)`` rows."""
    return {str(k): _num(v) for k, v in con.execute(sql, params).fetchall()}


# Communities of the district (through its streets) with their street and lifetime.
COMMS = """comms AS (
    SELECT c.area_code AS code, c.parent_code AS street, c.population, c.established_date AS est,
           c.abolished_date AS gone
    FROM areas c JOIN areas s ON s.area_code = c.parent_code
    WHERE c.level = 'community' AND s.parent_code = $district)"""
ALIVE_ON = "(c.est IS NULL OR c.est <= {d}) AND (c.gone IS NULL OR c.gone > {d})"


# --- overview ---------------------------------------------------------------------------------------

KPI_CHECKED = ("communities", "population", "activities", "participants", "volunteer_hours")


def overview_app(ctx: Context) -> Numbers:
    from govdash import overview_data, ranking
    from govdash.filters import Filters

    v = ctx.version
    f = Filters(ctx.district, None, None, ctx.month, None, {})
    m = overview_data.model(v, f, {})
    out: Numbers = {"reported": m.reported, "total": m.total}
    for k in m.kpis:
        if k.metric in KPI_CHECKED:
            out.update(
                {
                    f"{k.metric} now": k.value,
                    f"{k.metric} prev_month": k.prev_month,
                    f"{k.metric} prev_year": k.prev_year,
                }
            )
    comp = overview_data.comparison(v, f.area_code, f.level, "activities", ranking.ABSOLUTE, f.as_of)
    out.update({f"street {c} activities 12m": _num(x) for c, x in comp.rows["value"].items()})
    return out


OVERVIEW_SQL = f"""
WITH {COMMS},
periods(p, first, last) AS (VALUES ('now', $m0::DATE, $e0::DATE), ('prev_month', $m1::DATE, $e1::DATE),
                                   ('prev_year', $m2::DATE, $e2::DATE)),
stock AS (SELECT p.p, count(c.code) AS communities, sum(c.population) AS population
          FROM periods p LEFT JOIN comms c ON {ALIVE_ON.format(d="p.last")} GROUP BY p.p),
act AS (SELECT p.p, sum(x.activities) AS activities, sum(x.participants) AS participants
        FROM periods p JOIN activity x ON x.month BETWEEN p.first AND p.last
        JOIN comms c ON c.code = x.community_code GROUP BY p.p),
vol AS (SELECT p.p, sum(x.volunteer_hours) AS volunteer_hours
        FROM periods p JOIN volunteers x ON x.month BETWEEN p.first AND p.last
        JOIN comms c ON c.code = x.community_code GROUP BY p.p),
kpi AS (SELECT p.p, s.communities, s.population, a.activities, a.participants, v.volunteer_hours
        FROM periods p LEFT JOIN stock s USING (p) LEFT JOIN act a USING (p) LEFT JOIN vol v USING (p)),
streets AS (SELECT area_code AS street FROM areas WHERE parent_code = $district
            AND level IN ('district', 'street', 'community')),
by_street AS (SELECT s.street, sum(x.activities) AS activities FROM streets s
              LEFT JOIN comms c ON c.street = s.street
              LEFT JOIN activity x ON x.community_code = c.code AND x.month BETWEEN $w0::DATE AND $e0::DATE
              GROUP BY s.street)
SELECT 'reported', count(DISTINCT x.community_code)::DOUBLE FROM activity x JOIN comms c ON c.code = x.community_code
    WHERE x.month = $m0::DATE AND {ALIVE_ON.format(d="$e0::DATE")}
UNION ALL SELECT 'total', communities FROM kpi WHERE p = 'now'
UNION ALL SELECT name || ' ' || p, value FROM (UNPIVOT kpi ON COLUMNS(* EXCLUDE (p))::DOUBLE INTO NAME name VALUE value)
UNION ALL SELECT 'street ' || street || ' activities 12m', activities FROM by_street
"""


def _year_window_start(as_of: date) -> date:
    """First month of the 12-month flow window ending at ``as_of`` (``shift_years(as_of, -1)`` + 1 day)."""
    return periods.first_month(periods.shift_years(as_of, -1))


def overview_hand(con: duckdb.DuckDBPyConnection, ctx: Context) -> Numbers:
    m1, m2 = _add_months(ctx.month, -1), _add_months(ctx.month, -12)
    params = {
        "district": ctx.district,
        "m0": ctx.month,
        "e0": ctx.as_of,
        "m1": m1,
        "e1": _month_end(m1),
        "m2": m2,
        "e2": _month_end(m2),
        "w0": _year_window_start(ctx.as_of),
    }
    return _fetch(con, OVERVIEW_SQL, params)


# --- volunteer ------------------------------------------------------------------------------------------


def volunteer_app(ctx: Context) -> Numbers:
    from govdash import volunteer_data as data
    from govdash.filters import Filters

    m = data.model(ctx.version, Filters(ctx.district, None, None, ctx.month, None, {}), 12)
    totals, previous, activity, volunteers, table = m.totals, m.previous, m.activity, m.volunteers, m.compared
    ranking = data.ranked(m.communities, "activities")
    out: Numbers = {
        "total activities": _num(totals.get("activities")),
        "total volunteer_hours": _num(totals.get("volunteer_hours")),
        "previous activities": _num(previous.get("activities")),
    }
    by_month = activity.groupby(activity["month"].dt.date)["activities"].sum()
    out.update({f"month {m} activities": _num(x) for m, x in by_month.items()})
    out.update(
        {
            f"month {m.date()} volunteer_hours": _num(x)
            for m, x in zip(volunteers["month"], volunteers["volunteer_hours"], strict=True)
        }
    )
    out.update({f"street {c} activities": _num(x) for c, x in table["activities"].items()})
    out.update({f"community {c} activities": _num(x) for c, x in ranking["activities"].items()})
    return out


VOLUNTEER_SQL = f"""
WITH {COMMS},
act AS (SELECT x.community_code AS code, x.month, x.activities FROM activity x
        JOIN comms c ON c.code = x.community_code WHERE x.month BETWEEN $p0::DATE AND $e0::DATE),
vol AS (SELECT x.month, sum(x.volunteer_hours) AS hours FROM volunteers x
        JOIN comms c ON c.code = x.community_code WHERE x.month BETWEEN $w0::DATE AND $e0::DATE GROUP BY 1)
SELECT 'total activities', sum(activities) FROM act WHERE month >= $w0::DATE
UNION ALL SELECT 'total volunteer_hours', sum(hours) FROM vol
UNION ALL SELECT 'previous activities', sum(activities) FROM act WHERE month < $w0::DATE
UNION ALL SELECT 'month ' || strftime(month, '%Y-%m-%d') || ' activities', sum(activities) FROM act
    WHERE month >= $w0::DATE GROUP BY month
UNION ALL SELECT 'month ' || strftime(month, '%Y-%m-%d') || ' volunteer_hours', hours FROM vol
UNION ALL SELECT 'street ' || c.street || ' activities', sum(a.activities) FROM comms c
    JOIN act a ON a.code = c.code AND a.month >= $w0::DATE GROUP BY c.street
UNION ALL SELECT 'community ' || c.code || ' activities', sum(a.activities) FROM comms c
    LEFT JOIN act a ON a.code = c.code AND a.month >= $w0::DATE GROUP BY c.code
"""


def volunteer_hand(con: duckdb.DuckDBPyConnection, ctx: Context) -> Numbers:
    w0 = _add_months(ctx.month, -11)
    # the page compares with the 12 months before the window
    params = {"district": ctx.district, "w0": w0, "p0": _add_months(w0, -12), "e0": ctx.as_of}
    return _fetch(con, VOLUNTEER_SQL, params)


# --- coverage ---------------------------------------------------------------------------------------------


def coverage_app(ctx: Context) -> Numbers:
    from govdash import coverage_data as data
    from govdash.filters import Filters

    m = data.model(ctx.version, Filters(ctx.district, None, None, ctx.month, None, {}))
    area, table, series = m.area, m.compared, m.branch_series
    out: Numbers = {"communities": _num(area.get("communities"))}
    out.update({f"street {c} communities": _num(x) for c, x in table["communities"].items()})
    for row in series.itertuples(index=False):
        out[f"{row.month_end} compounds"] = _num(row.compounds)
        out[f"{row.month_end} branches"] = _num(row.branches)
    return out


COVERAGE_SQL = f"""
WITH {COMMS},
first AS (SELECT least(
    (SELECT min(m) FROM (SELECT min(month) AS m FROM activity UNION ALL SELECT min(month) FROM volunteers)),
    (SELECT min(date_trunc('month', due_date))::DATE FROM targets
     WHERE area_code = $district AND metric = 'compound_branch_coverage_pct')) AS m),
ends AS (SELECT last_day(g)::DATE AS d FROM first,
         unnest(generate_series(first.m, $m0::DATE, INTERVAL 1 MONTH)) AS t(g)),
cmp AS (SELECT e.d, count(p.community_code) AS compounds,
               count(*) FILTER (p.party_branch_founded_date <= e.d) AS branches
        FROM ends e LEFT JOIN comms c ON {ALIVE_ON.format(d="e.d")}
        LEFT JOIN compounds p ON p.community_code = c.code AND (p.built_year IS NULL OR p.built_year <= year(e.d))
        GROUP BY e.d)
SELECT 'communities', count(*) FROM comms c WHERE {ALIVE_ON.format(d="$e0::DATE")}
UNION ALL SELECT 'street ' || s.area_code || ' communities', count(c.code) FROM areas s
    LEFT JOIN comms c ON c.street = s.area_code AND {ALIVE_ON.format(d="$e0::DATE")}
    WHERE s.level = 'street' AND s.parent_code = $district GROUP BY s.area_code
UNION ALL SELECT strftime(d, '%Y-%m-%d') || ' compounds', compounds FROM cmp
UNION ALL SELECT strftime(d, '%Y-%m-%d') || ' branches', branches FROM cmp
"""


def coverage_hand(con: duckdb.DuckDBPyConnection, ctx: Context) -> Numbers:
    return _fetch(con, COVERAGE_SQL, {"district": ctx.district, "m0": ctx.month, "e0": ctx.as_of})


# --- five-star ----------------------------------------------------------------------------------------------


def five_star_app(ctx: Context) -> Numbers:
    from govdash import five_star_data as fsd

    m = fsd.model(
        ctx.version, ctx.district, ctx.district, ctx.as_of, ctx.threshold
    )  # the page's default view
    counts = m.frame.groupby(["year", "level"]).size()
    return {f"{year} level {level}": float(n) for (year, level), n in counts.items()}


OTHERS = "count(*) FILTER (aw AND star <> $capstone)"
LEVEL = (
    f"least({OTHERS}, 4) + CASE WHEN {OTHERS} >= 4 AND coalesce(bool_or(aw AND star = $capstone), false) "
    "THEN 1 ELSE 0 END"
)
FIVE_STAR_SQL = f"""
WITH {COMMS},
fs AS (SELECT f.community_code, f.year, f.star, coalesce(f.awarded, f.score >= $threshold) AS aw
       FROM five_star f JOIN comms c ON c.code = f.community_code),
lvl AS (SELECT community_code, year, {LEVEL} AS level FROM fs GROUP BY ALL)
SELECT year || ' level ' || level, count(*) FROM lvl GROUP BY ALL
"""


def five_star_hand(con: duckdb.DuckDBPyConnection, ctx: Context) -> Numbers:
    params = {"district": ctx.district, "threshold": ctx.threshold, "capstone": CAPSTONE_STAR}
    return _fetch(con, FIVE_STAR_SQL, params)


# --- map -----------------------------------------------------------------------------------------------------


def map_app(ctx: Context) -> Numbers:
    from govdash import map_data

    v = ctx.version
    kinds = map_data.facility_kinds(v)  # the page's kind picker, then its model for the default view
    kind = map_data.DEFAULT_KIND if map_data.DEFAULT_KIND in kinds else (kinds[0] if kinds else None)
    m = map_data.model(
        v,
        ctx.district,
        None,
        None,
        None,
        ctx.as_of,
        map_data.DEFAULT_METRIC,
        kind or map_data.DEFAULT_KIND,
        kind,
    )
    values = m.values if m.values is not None else {}
    out: Numbers = {"points": float(len(m.points))}
    out.update({f"{c} activities_per_1k": _num(x) for c, x in values.items()})
    return out


MAP_SQL = f"""
WITH {COMMS},
shown AS (SELECT c.*, CASE WHEN $by_street THEN c.street ELSE c.code END AS point FROM comms c
          WHERE {ALIVE_ON.format(d="$e0::DATE")}),
pop AS (SELECT point, sum(population) AS population FROM shown GROUP BY point),
act AS (SELECT CASE WHEN $by_street THEN c.street ELSE c.code END AS point, sum(x.activities) AS activities
        FROM comms c JOIN activity x ON x.community_code = c.code
        WHERE x.month BETWEEN $w0::DATE AND $e0::DATE GROUP BY 1)
SELECT 'points', count(*) FROM pop
UNION ALL SELECT p.point || ' activities_per_1k',
    round(a.activities / CASE WHEN p.population > 0 THEN p.population END * 1000, 1)
    FROM pop p LEFT JOIN act a USING (point)
"""


def map_hand(con: duckdb.DuckDBPyConnection, ctx: Context) -> Numbers:
    from govdash.map_data import MAX_POINTS

    params = {
        "district": ctx.district,
        "e0": ctx.as_of,
        "w0": _year_window_start(ctx.as_of),
        "by_street": ctx.district_communities > MAX_POINTS,
    }
    return _fetch(con, MAP_SQL, params)


# --- profile -------------------------------------------------------------------------------------------------


def profile_app(ctx: Context) -> Numbers:
    from govdash import profile_data as pdata

    v, code = ctx.version, ctx.community
    m = pdata.model(v, code, ctx.district, ctx.month, ctx.as_of, ctx.threshold)
    ranks, stars, monthly = m.ranks.set_index("metric"), m.stars, m.monthly
    lists = pdata.profile_lists(v, code)  # every row (the page shows them with their state on the day)
    out: Numbers = {
        "activities rank": _num(ranks.at["activities", "rank"]),
        "activities n": _num(ranks.at["activities", "n"]),
    }
    out.update(
        {
            f"month {m} activities": _num(x)
            for m, x in zip(monthly["month"], monthly["activities"], strict=True)
        }
    )
    out.update({f"{name} rows": float(len(df)) for name, df in lists.items()})
    mine = stars[stars["community_code"] == code]
    out.update(
        {f"{y} star level": float(level) for y, level in zip(mine["year"], mine["level"], strict=True)}
    )
    return out


PROFILE_SQL = f"""
WITH street AS (SELECT area_code AS code FROM areas WHERE level = 'community' AND parent_code = $street),
act12 AS (SELECT s.code, sum(x.activities) AS activities FROM street s JOIN activity x ON x.community_code = s.code
          WHERE x.month BETWEEN $w0::DATE AND $e0::DATE GROUP BY s.code),
ranked AS (SELECT code, rank() OVER (ORDER BY activities DESC) AS r, count(*) OVER () AS n FROM act12),
fs AS (SELECT f.year, f.star, coalesce(f.awarded, f.score >= $threshold) AS aw FROM five_star f
       WHERE f.community_code = $code)
SELECT 'activities rank', r FROM ranked WHERE code = $code
UNION ALL SELECT 'activities n', n FROM ranked WHERE code = $code
UNION ALL SELECT 'month ' || strftime(month, '%Y-%m-%d') || ' activities', sum(activities) FROM activity
    WHERE community_code = $code AND month <= $e0::DATE GROUP BY month
UNION ALL SELECT 'facilities rows', count(*) FROM facilities WHERE area_code = $code
UNION ALL SELECT 'organizations rows', count(*) FROM organizations WHERE area_code = $code
UNION ALL SELECT 'programs rows', count(*) FROM programs WHERE community_code = $code
UNION ALL SELECT 'compounds rows', count(*) FROM compounds WHERE community_code = $code
UNION ALL SELECT year || ' star level', {LEVEL} FROM fs GROUP BY year
"""


def profile_hand(con: duckdb.DuckDBPyConnection, ctx: Context) -> Numbers:
    params = {
        "street": ctx.street,
        "code": ctx.community,
        "e0": ctx.as_of,
        "w0": _year_window_start(ctx.as_of),
        "threshold": ctx.threshold,
        "capstone": CAPSTONE_STAR,
    }
    return _fetch(con, PROFILE_SQL, params)


PAGES: dict[
    str, tuple[Callable[[Context], Numbers], Callable[[duckdb.DuckDBPyConnection, Context], Numbers]]
] = {
    "overview": (overview_app, overview_hand),
    "coverage": (coverage_app, coverage_hand),
    "volunteer": (volunteer_app, volunteer_hand),
    "five-star": (five_star_app, five_star_hand),
    "map": (map_app, map_hand),
    "profile": (profile_app, profile_hand),
}
