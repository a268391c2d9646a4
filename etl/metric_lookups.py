"""Lookups beside the metric engine: the areas below an area and above a list of areas
(``subtree_sql``, ``ancestors_sql``: the one place that chooses the closure or the parent links),
the default month of the pages (``latest_reported_month``) and the five-star rows per community and year (``star_levels``, ``star_rows``; the level rule is
``etl.star_sql.LEVEL``, the one the engine counts with)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

import duckdb

from etl import metric_sql as sql
from etl import star_sql
from etl.derived import run
from etl.metrics import check_known
from etl.registry import CAPSTONE_STAR

if TYPE_CHECKING:
    import pandas as pd

FLOW_DATASETS = ("activity", "volunteers")


def latest_reported_month(
    con: duckdb.DuckDBPyConnection, area_code: str, datasets: Iterable[str], share: float
) -> datetime.date | None:
    """The first day of the latest month in which every one of ``datasets`` was reported by at
    least ``share`` of the area's communities existing at that month's end (None: no such month).

    The default month of the pages: a month that one file touched is not yet a month to show.
    """
    from etl.sqlutil import q

    datasets = list(dict.fromkeys(datasets))
    for dataset in datasets:
        if dataset not in FLOW_DATASETS:
            raise ValueError(f"not a monthly dataset: {dataset}")
    good: list[set[datetime.date]] = [set() for _ in datasets]
    with con.cursor() as cur:
        check_known(cur, [area_code])
        query = sql.reported_months([q(d) for d in datasets])
        for ds, month, reported, total in subtree_query(cur, query, {"root": area_code}):
            if total and reported >= share * total:
                good[ds].add(month)
    months = set.intersection(*good) if good else None
    return max(months) if months else None


def subtree_sql(con: duckdb.DuckDBPyConnection, template: str, root: str) -> str:
    """``template`` with its ``{subtree}`` (``tree(code)``: the areas at or below ``$root`` that
    ``con`` sees) written by ``area_closure`` when it has the root, else by the parent links (an
    area above a scoped reader's scope; a warehouse of an earlier release whose derived tables are
    not built yet). The one subtree rule of the queries that read below an area."""
    try:
        by_closure = con.execute(sql.CLOSURE_HAS_ROOT, {"root": root}).fetchone() is not None
    except duckdb.CatalogException:  # no area_closure
        by_closure = False
    return template.replace("{subtree}", sql.SUBTREE_BY_CLOSURE if by_closure else sql.SUBTREE_BY_WALK)


def ancestors_sql(con: duckdb.DuckDBPyConnection, template: str, codes: list[str]) -> str:
    """``template`` with its ``{ancestors}`` (``up(area_code, code, depth)``: each of ``$codes`` and
    the areas above it that ``con`` sees) written by ``area_closure`` when it holds every code's whole
    path up, else by the parent links: for a scoped reader, whose closure stops at its scope, the
    district's target still governs its streets. The upward counterpart of ``subtree_sql``."""
    try:
        whole = con.execute(sql.CLOSURE_PATHS_CUT, {"codes": codes}).fetchone()[0] == 0
    except duckdb.CatalogException:  # no area_closure
        whole = False
    return template.replace("{ancestors}", sql.ANCESTORS_BY_CLOSURE if whole else sql.ANCESTORS_BY_WALK)


def subtree_query(con: duckdb.DuckDBPyConnection, template: str, params: dict) -> list[tuple]:
    """The rows of ``template`` (see ``subtree_sql``) for ``params["root"]``."""
    return con.execute(subtree_sql(con, template, params["root"]), params).fetchall()


def codes_below(con: duckdb.DuckDBPyConnection, area_code: str) -> list[str]:
    """The area and every area below it that ``con`` sees, sorted (the area alone when unknown)."""
    with con.cursor() as cur:
        return [code for (code,) in subtree_query(cur, sql.CODES_BELOW, {"root": area_code})]


def star_levels(
    con: duckdb.DuckDBPyConnection,
    area_code: str,
    year: int | None = None,
    star_threshold: float = 80.0,
    per_star: bool = True,
) -> pd.DataFrame:
    """Five-star level of each assessed community below an area, per assessment year.

    Columns: ``community_code, community_name, year, level`` (0–5, capstone rule),
    ``stars_awarded`` (the awarded star names, sorted), then one column per star present in the
    result, named after the star: True when awarded, False when assessed but not awarded, None
    when the community has no row for that star that year (``per_star=False``: no such columns, for
    callers that read the level and awarded stars only). ``year=None`` gives every year.
    Communities are included whatever their established/abolished dates.
    """
    import pandas as pd  # lazily: ``etl`` imports without pandas

    with con.cursor() as cur:
        check_known(cur, [area_code])
        params = {
            "root": area_code,
            "year": year,
            "threshold": float(star_threshold),
            "capstone": CAPSTONE_STAR,
        }
        frame = run(cur, subtree_sql(cur, star_sql.STAR_LEVELS, area_code), params).df()
    awarded = [list(stars) for stars in frame["stars_awarded"].tolist()]
    if per_star:
        assessed = [set(stars) for stars in frame["stars_assessed"].tolist()]
        won = [set(stars) for stars in awarded]
        for star in sorted(set().union(*assessed)):
            column = [(star in w) if star in a else None for w, a in zip(won, assessed, strict=True)]
            frame[star] = pd.Series(column, index=frame.index, dtype=object)
    frame["stars_awarded"] = awarded
    return frame.drop(columns=["stars_assessed"])


def star_rows(con: duckdb.DuckDBPyConnection, area_code: str, star_threshold: float = 80.0) -> pd.DataFrame:
    """``star_levels`` of every year (without the per-star columns), with each community's
    ``street_code, street_name, community_type, established_date, abolished_date`` and
    ``total_score`` (the sum of its star scores that year, unrounded). Empty for an unknown area."""
    import pandas  # noqa: F401  (``.df()`` needs it)

    params = {"root": area_code, "year": None, "threshold": float(star_threshold), "capstone": CAPSTONE_STAR}
    with con.cursor() as cur:
        frame = run(cur, subtree_sql(cur, star_sql.STAR_ROWS, area_code), params).df()
    frame["stars_awarded"] = [list(stars) for stars in frame["stars_awarded"].tolist()]
    return frame
