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
from typing import Any

import duckdb
import pandas as pd

from etl import metric_sql as sql
from etl.metric_catalog import CATALOG, TABLE_FAMILIES, Facts, Value, assemble, metric_names
from etl.registry import CAPSTONE_STAR, URBAN_TYPES

__all__ = [
    "CATALOG",
    "UnknownAreaError",
    "compute_metrics",
    "compute_metrics_many",
    "metric_names",
    "star_levels",
]

RURAL_TYPES = ("village_to_urban", "village")
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


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


def _table_kinds(cur: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    kinds: dict[str, list[str]] = {family: [] for family in TABLE_FAMILIES}
    for family, kind in cur.execute(sql.TABLE_KINDS).fetchall():
        kinds[family].append(kind)
    return {family: sorted(values) for family, values in kinds.items()}


def _facts(cur: duckdb.DuckDBPyConnection, params: dict[str, Any]) -> dict[str, Facts]:
    """Facts per root from the one query: ``fact:kind`` keys, or ``fact`` for an empty kind."""
    facts: dict[str, Facts] = defaultdict(dict)
    for root, fact, kind, value in _run(cur, sql.ALL_FACTS, params).fetchall():
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
        kinds = _table_kinds(cur)
        facts = _facts(cur, _params(codes, as_of, since, star_threshold))
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
