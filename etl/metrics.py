"""The metric engine: catalog metrics (``shared/domain/METRICS.md``) for areas, as of a date.

How each metric is computed is fixed in ``docs/metric-rules.md``; the SQL lives in
``etl.metric_sql`` and the catalog (order, types, kinds) in ``etl.metric_catalog``. Every call runs
a fixed handful of set-based queries for all requested areas at once, on its own cursor, and only
reads the database.

    compute_metrics(con, "410311", date(2022, 12, 31))
    -> [("streets", …), ("communities", 157), …, ("five_star_communities", …), …]
"""

from __future__ import annotations

import datetime
import math
import re
from collections import defaultdict
from typing import TYPE_CHECKING, Any

import duckdb

from etl import derived, derived_sql
from etl import metric_sql as sql
from etl.metric_catalog import CATALOG, TABLE_FAMILIES, Facts, Value, assemble, metric_names
from etl.registry import CAPSTONE_STAR, URBAN_TYPES

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CATALOG",
    "UnknownAreaError",
    "compute_metrics",
    "compute_metrics_many",
    "metric_names",
    "star_levels",
]

RURAL_TYPES = derived.RURAL_TYPES
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
FAST_FACTS = derived_sql.fast_facts(derived.EVENT_TABLES, sql.IN_WINDOW, sql.unpivot, sql.TARGET_SELECTS[0])


class UnknownAreaError(ValueError):
    """An area code that is not in ``areas``."""

    def __init__(self, code: str) -> None:
        super().__init__(f"未知区划代码 {code}")
        self.code = code


def _run(cur: duckdb.DuckDBPyConnection, query: str, params: dict[str, Any]) -> duckdb.DuckDBPyConnection:
    """Execute with the named parameters the query uses (DuckDB rejects unused ones)."""
    used = set(_PARAM.findall(query))
    return cur.execute(query, {k: v for k, v in params.items() if k in used})


def _check_known(cur: duckdb.DuckDBPyConnection, codes: list[str]) -> None:
    known = {row[0] for row in _run(cur, sql.KNOWN_AREAS, {"roots": codes}).fetchall()}
    for code in codes:
        if code not in known:
            raise UnknownAreaError(code)


def _table_kinds(cur: duckdb.DuckDBPyConnection, fast: bool) -> dict[str, list[str]]:
    kinds: dict[str, list[str]] = {family: [] for family in TABLE_FAMILIES}
    query = "SELECT family, kind FROM metric_kinds" if fast else sql.TABLE_KINDS
    for family, kind in cur.execute(query).fetchall():
        kinds[family].append(kind)
    return {family: sorted(values) for family, values in kinds.items()}


def _facts(cur: duckdb.DuckDBPyConnection, params: dict[str, Any], state: bool | None) -> dict[str, Facts]:
    """Facts per root: ``fact:kind`` keys, or ``fact`` for an empty kind.

    Without derived tables (``state`` None) one query walks the areas; with them, the roots that
    have pre-aggregates (``rollup_areas``) read those, the others use ``area_closure`` and
    ``walk_cover`` (``state`` False: built with another star threshold, so no pre-aggregates).
    """
    facts: dict[str, Facts] = defaultdict(dict)
    queries: list[tuple[str, list[str]]] = []
    if state is None:
        queries.append((sql.ALL_FACTS, params["roots"]))
    else:
        rolled: set[str] = set()
        if state:
            found = _run(
                cur, "SELECT area_code FROM rollup_areas WHERE area_code IN (SELECT unnest($roots))", params
            )
            rolled = {row[0] for row in found.fetchall()}
        if rolled:
            queries.append((FAST_FACTS, [c for c in params["roots"] if c in rolled]))
        rest = [c for c in params["roots"] if c not in rolled]
        if rest:
            queries.append((sql.CLOSURE_FACTS, rest))
    for query, roots in queries:
        for root, fact, kind, value in _run(cur, query, {**params, "roots": roots}).fetchall():
            if value is not None:
                facts[root][f"{fact}:{kind}" if kind else fact] = value
    return facts


def _params(
    codes: list[str], as_of: datetime.date, since: datetime.date | None, star_threshold: float
) -> dict[str, Any]:
    return {
        "roots": codes,
        "as_of": as_of,
        "since": since,
        "threshold": float(star_threshold),
        "capstone": CAPSTONE_STAR,
        "urban": list(URBAN_TYPES),
        "rural": list(RURAL_TYPES),
        "chord2": (2 * math.sin(sql.WALK_RADIUS_M / (2 * sql.EARTH_RADIUS_M))) ** 2,
    }


def _compute(
    con: duckdb.DuckDBPyConnection,
    area_codes: list[str],
    as_of: datetime.date,
    since: datetime.date | None,
    star_threshold: float,
) -> dict[str, list[tuple[str, Value]]]:
    codes = list(dict.fromkeys(area_codes))
    if not codes:
        return {}
    with con.cursor() as cur:
        _check_known(cur, codes)
        state = derived.ready(cur, star_threshold)
        kinds = _table_kinds(cur, state is not None)
        facts = _facts(cur, _params(codes, as_of, since, star_threshold), state)
    return {code: assemble(facts.get(code, {}), kinds) for code in codes}


def compute_metrics(
    con: duckdb.DuckDBPyConnection,
    area_code: str,
    as_of: datetime.date,
    since: datetime.date | None = None,
    star_threshold: float = 80.0,
) -> list[tuple[str, Value]]:
    """Every catalog metric of one area as of a date, in catalog order.

    ``since`` starts the flow window (``since < day <= as_of``, whole months); None means from the
    start of the data. Raises UnknownAreaError for a code that is not in ``areas``.
    """
    return _compute(con, [area_code], as_of, since, star_threshold)[area_code]


def compute_metrics_many(
    con: duckdb.DuckDBPyConnection,
    area_codes: list[str],
    as_of: datetime.date,
    since: datetime.date | None = None,
    star_threshold: float = 80.0,
) -> pd.DataFrame:
    """The metrics of several areas in one pass: columns ``area_code, metric, value``.

    Rows follow the order of ``area_codes`` (duplicates dropped), then catalog order; the values
    are those ``compute_metrics`` returns for each area (``value`` holds ints, floats and None).
    """
    import pandas as pd

    results = _compute(con, area_codes, as_of, since, star_threshold)
    rows = [(code, name, value) for code, metrics in results.items() for name, value in metrics]
    frame = pd.DataFrame(rows, columns=["area_code", "metric", "value"])
    frame["value"] = pd.Series([r[2] for r in rows], dtype=object, index=frame.index)
    return frame


def star_levels(
    con: duckdb.DuckDBPyConnection, area_code: str, year: int | None = None, star_threshold: float = 80.0
) -> pd.DataFrame:
    """Five-star level of each assessed community below an area, per assessment year.

    Columns: ``community_code, community_name, year, level`` (0–5, capstone rule),
    ``stars_awarded`` (the awarded star names, sorted), then one column per star present in the
    result, named after the star: True when awarded, False when assessed but not awarded, None
    when the community has no row for that star that year. ``year=None`` gives every year.
    Communities are included whatever their established/abolished dates.
    """
    import pandas  # noqa: F401  (``.df()`` needs it)

    with con.cursor() as cur:
        _check_known(cur, [area_code])
        params = {
            "root": area_code,
            "year": year,
            "threshold": float(star_threshold),
            "capstone": CAPSTONE_STAR,
        }
        frame = _run(cur, sql.STAR_LEVELS, params).df()
    stars = sorted({s for assessed in frame["stars_assessed"] for s in assessed})
    for star in stars:
        frame[star] = [
            (star in awarded) if star in assessed else None
            for awarded, assessed in zip(frame["stars_awarded"], frame["stars_assessed"], strict=True)
        ]
        frame[star] = frame[star].astype(object)
    frame["stars_awarded"] = frame["stars_awarded"].map(list)
    return frame.drop(columns=["stars_assessed"])
