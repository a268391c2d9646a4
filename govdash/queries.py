"""One small function per dashboard question; SQL values are bound, results fully fetched."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

import numpy as np
import pandas as pd

from etl import metric_lookups, periods
from etl.area_names import shown_name
from etl.metric_lookups import FLOW_DATASETS, latest_reported_month
from etl.metrics import compute
from etl.registry import COMMUNITY_TYPES
from etl.settings import min_reporting_share, star_threshold
from govdash import cache
from govdash.db import connection

# ``comms(area_code, area_name, parent_code)``: communities at or below ``$root`` existing on ``$day``,
# for ``WITH RECURSIVE`` queries run by ``subtree_df`` (which writes the ``{subtree}``).
EXISTING_COMMUNITIES = (
    "{subtree}, comms AS (SELECT a.area_code, a.area_name, a.parent_code FROM areas a "
    "JOIN tree ON a.area_code = tree.code WHERE a.level = 'community' "
    "AND (a.established_date IS NULL OR a.established_date <= $day) "
    "AND (a.abolished_date IS NULL OR a.abolished_date > $day))"
)


def query_df(sql: str, params: list | None = None) -> pd.DataFrame:
    with connection().cursor() as cur:
        return cur.execute(sql, params or []).df()


def subtree_df(template: str, params: dict) -> pd.DataFrame:
    """``query_df`` of a query over the areas at or below ``params["root"]``: its ``{subtree}`` is
    written by the one rule (``etl.metric_lookups.subtree_sql``: the closure, else the parent links)."""
    with connection().cursor() as cur:
        return cur.execute(metric_lookups.subtree_sql(cur, template, params["root"]), params).df()


month_end = periods.month_end
shift_years = periods.shift_years


@cache.model(max_entries=64)
def data_cutoff(version: str) -> date | None:
    """The last day of the latest month with activity or volunteer data."""
    df = query_df(
        "SELECT greatest(coalesce((SELECT max(month) FROM activity), DATE '1900-01-01'), "
        "coalesce((SELECT max(month) FROM volunteers), DATE '1900-01-01')) AS m"
    )
    latest = df["m"].iloc[0]
    if pd.isna(latest) or latest.year == 1900:
        return None
    return month_end(pd.Timestamp(latest).date())


@cache.model(max_entries=256)
def default_month(version: str, area_code: str) -> date | None:
    """The latest month in which both monthly datasets were reported by at least
    ``min_reporting_share`` of the area's communities (None: no such month)."""
    with connection().cursor() as cur:
        return latest_reported_month(cur, area_code, FLOW_DATASETS, min_reporting_share())


@cache.model(max_entries=64)
def districts(version: str) -> pd.DataFrame:
    return query_df("SELECT area_code, area_name FROM areas WHERE level = 'district' ORDER BY area_code")


@cache.model(max_entries=256)
def area_totals(version: str, as_of: date) -> dict[str, int]:
    df = query_df(
        "SELECT level, count(*) AS n FROM areas WHERE (established_date IS NULL OR established_date <= ?) "
        "AND (abolished_date IS NULL OR abolished_date > ?) GROUP BY level",
        [as_of, as_of],
    )
    return dict(zip(df["level"], df["n"], strict=True))


def _wide(rows: list[tuple[str, list[tuple[str, object]]]], area_codes: tuple[str, ...]) -> pd.DataFrame:
    """One row per area (in ``area_codes`` order), one column per metric (sorted by name); a value
    the engine gave as None stays None, a metric the engine did not give for an area is NaN."""
    data: dict[str, dict[str, object]] = {}
    for code, values in rows:
        data.setdefault(code, dict(values))
    columns = sorted({name for values in data.values() for name in values})
    if not columns:
        return pd.DataFrame(index=list(area_codes))
    nan = float("nan")
    cells = [[data.get(code, {}).get(name, nan) for name in columns] for code in area_codes]
    return pd.DataFrame(
        cells,
        index=pd.Index(list(area_codes), name="area_code"),
        columns=pd.Index(columns, name="metric"),
        dtype=object,
    )


@cache.model(max_entries=512)
def metrics_table(
    version: str,
    area_codes: tuple[str, ...],
    as_of: date,
    since: date | None,
    metrics: tuple[str, ...] | None = None,
    community_type: str | None = None,
) -> pd.DataFrame:
    """Wide table: one row per area, one column per metric (``metrics``: only those, see
    ``etl.metrics.compute``; ``community_type``: only communities of that type count)."""
    # the engine directly, not the cached metrics_periods: a second cache would hash the codes and
    # pickle the frame again
    return _metrics_periods(area_codes, ((since, as_of),), metrics, community_type)[(since, as_of)]


@cache.model(max_entries=256)
def metrics_periods(
    version: str,
    area_codes: tuple[str, ...],
    periods: tuple[tuple[date | None, date], ...],
    metrics: tuple[str, ...] | None = None,
    community_type: str | None = None,
) -> dict[tuple[date | None, date], pd.DataFrame]:
    """``metrics_table`` of several periods ``(since, as_of)`` in one engine call (flows of every
    period in one query): period -> wide table."""
    return _metrics_periods(area_codes, periods, metrics, community_type)


def _engine(
    area_codes: tuple[str, ...],
    periods: tuple[tuple[date | None, date], ...],
    metrics: tuple[str, ...] | None,
    community_type: str | None,
    threshold: float | None = None,
) -> dict[tuple[str, tuple[date | None, date]], list[tuple[str, object]]]:
    """``etl.metrics.compute`` on the current snapshot and scope (the one place pages call it).
    ``threshold``: the five-star award score (default: the setting)."""
    score = star_threshold() if threshold is None else threshold
    with connection().cursor() as cur:
        return compute(cur, metrics, list(area_codes), list(periods), community_type, score)


def engine_values(
    area_codes: tuple[str, ...],
    periods: tuple[tuple[date | None, date], ...],
    metrics: tuple[str, ...] | None,
    community_type: str | None,
    threshold: float | None = None,
) -> dict[tuple[str, tuple[date | None, date]], dict[str, object]]:
    """The engine's values as dicts, (code, period) -> metric -> value; uncached, for callers that
    cache what they build of them (a page reading a few hundred values: no wide frame)."""
    result = _engine(area_codes, periods, metrics, community_type, threshold)
    return {key: dict(values) for key, values in result.items()}


def _metrics_periods(
    area_codes: tuple[str, ...],
    periods: tuple[tuple[date | None, date], ...],
    metrics: tuple[str, ...] | None,
    community_type: str | None,
) -> dict[tuple[date | None, date], pd.DataFrame]:
    result = _engine(area_codes, periods, metrics, community_type)
    return {
        period: _wide(
            [(code, result.get((code, period), [])) for code in dict.fromkeys(area_codes)], area_codes
        )
        for period in periods
    }


# Shared (not copied), the newest snapshot's per scope: at national scale this frame has ~670,000
# rows, and a pickled copy per call (``cache_data``) costs more than the pages' queries; street
# users of other scopes do not push it out (``cache.newest_per_scope``). Callers must not modify it.
@cache.newest_per_scope()
def area_index(version: str) -> pd.DataFrame:
    """Every district, street and community with its level, parent, district, community type and
    the name it is shown by (``etl.area_names``; read-only, shared by every session)."""
    return query_df(
        f"SELECT a.area_code, {shown_name('a')} AS area_name, a.level, a.parent_code, a.community_type, "
        "CASE a.level WHEN 'district' THEN a.area_code WHEN 'street' THEN a.parent_code "
        "ELSE p.parent_code END AS district_code, a.lon, a.lat "
        "FROM areas a LEFT JOIN areas p ON p.area_code = a.parent_code "
        "WHERE a.level IN ('district', 'street', 'community') ORDER BY a.area_code"
    )


@cache.model(max_entries=64)
def codes_below(version: str, area_code: str) -> tuple[str, ...]:
    """The area and every area below it that this session may see, sorted (``etl.metric_lookups``:
    by ``area_closure``, by the parent links above the session's scope or without derived tables);
    not a walk over every area in Python (~1.7 s for the 670,000 areas of the whole country)."""
    with connection().cursor() as cur:
        return tuple(metric_lookups.codes_below(cur, area_code))


def area_row(areas: pd.DataFrame, code: str) -> pd.Series | None:
    """The row of ``code`` in ``area_index`` (None: not there), by one vectorised comparison: no
    index or dict of every area (670,000 at national scale) per call."""
    hit = (areas["area_code"] == code).to_numpy().nonzero()[0]
    return areas.iloc[hit[0]] if len(hit) else None


@cache.model(max_entries=64)
def months(version: str) -> list[date]:
    """Every month that has activity or volunteer data, oldest first."""
    df = query_df(
        "SELECT DISTINCT month FROM activity UNION SELECT DISTINCT month FROM volunteers ORDER BY 1"
    )
    return [pd.Timestamp(m).date() for m in df["month"]]


UPPER_LEVELS = ("province", "city")  # levels above the district offered as cascading pickers


class Children:
    """Codes grouped by parent: a lookup in arrays sorted by (parent, code), no object per group."""

    def __init__(self, parents: np.ndarray, codes: np.ndarray) -> None:
        self._parents = parents  # sorted, "" for none
        self._codes = codes

    def get(self, parent: str | None, default: list[str] | None = None) -> list[str] | None:
        key = parent or ""
        lo, hi = np.searchsorted(self._parents, key, "left"), np.searchsorted(self._parents, key, "right")
        return self._codes[lo:hi].tolist() if hi > lo else default

    def all(self) -> list[str]:
        return sorted(self._codes.tolist())

    def __bool__(self) -> bool:
        return len(self._codes) > 0


@dataclass(frozen=True)
class AreaTree:
    """The area hierarchy of one snapshot for the sidebar pickers (shared, read-only).

    ``children[kind].get(parent)``: codes under ``parent`` (sorted); kinds are ``province`` (parent
    None), ``city``, ``street``, ``community``, and ``district@city``/``district@province`` (districts by
    their city or province). ``upper[district]``: its province and city (None where absent).
    """

    names: dict[str, str]  # code → the name it is shown by (``etl.area_names``)
    districts: list[str]
    children: dict[str, Children]
    upper: dict[str, dict[str, str | None]]
    size: dict[str, int]  # communities per district
    community_types: list[str]
    # Areas shown only because the user's scope lies below them (a street user's district): they
    # name the path but may not be chosen as a whole ("all streets" of a partly visible district).
    partial: frozenset[str] = frozenset()

    def levels_above(self) -> list[str]:
        """The levels above the district that this warehouse has, top first."""
        return [lv for lv in UPPER_LEVELS if self.children.get(lv)]

    def default_district(self, among: list[str] | None = None) -> str:
        """The district with the most communities (the first by code on a tie)."""
        options = self.districts if among is None else among
        best = max(self.size.get(c, 0) for c in options)
        return next(c for c in options if self.size.get(c, 0) == best)


def selected_area(district: str, street: str | None, community: str | None) -> tuple[str, str]:
    """(code, level) of the most specific area the filters select: the community, else the street,
    else the district (the one rule of ``Filters.area_code``/``level`` and the page models)."""
    if community:
        return community, "community"
    return (street, "street") if street else (district, "district")


class Choices(NamedTuple):
    """The sidebar's choices a page's view depends on (``Filters.choices``): a tuple, so that a
    cached model or figure is keyed on these values alone (not on ``Filters.names``, every area's
    name: hashing it would cost more than the model, 670,000 names at national scale)."""

    district: str
    street: str | None
    community: str | None
    community_type: str | None
    month: date  # first day of the selected month

    @property
    def area(self) -> tuple[str, str]:
        """(code, level) of the most specific area selected (``selected_area``)."""
        return selected_area(self.district, self.street, self.community)


def parents_of(code: str) -> tuple[str | None, str | None, str | None]:
    """(level, parent, grandparent) of an area (None when it is not in the warehouse)."""
    df = query_df(
        "SELECT a.level, a.parent_code, p.parent_code AS grand FROM areas a "
        "LEFT JOIN areas p ON p.area_code = a.parent_code WHERE a.area_code = ?",
        [code],
    )
    return (None, None, None) if df.empty else tuple(None if pd.isna(v) else str(v) for v in df.iloc[0])


# Each district with its province and city (the nearest parent of that level, up to three parents
# up; levels, not code prefixes) and its communities (those whose parent's parent it is).
DISTRICTS_SQL = """
WITH a AS (SELECT area_code, level, parent_code FROM areas),
n AS (SELECT s.parent_code AS district, count(*) AS communities FROM a c JOIN a s ON c.parent_code = s.area_code
      WHERE c.level = 'community' GROUP BY 1)
SELECT d.area_code,
       CASE 'province' WHEN p1.level THEN p1.area_code WHEN p2.level THEN p2.area_code
                       WHEN p3.level THEN p3.area_code END AS province,
       CASE 'city' WHEN p1.level THEN p1.area_code WHEN p2.level THEN p2.area_code END AS city,
       coalesce(n.communities, 0) AS communities
FROM a d LEFT JOIN a p1 ON p1.area_code = d.parent_code
LEFT JOIN a p2 ON p2.area_code = p1.parent_code LEFT JOIN a p3 ON p3.area_code = p2.parent_code
LEFT JOIN n ON n.district = d.area_code
WHERE d.level = 'district' ORDER BY d.area_code"""


_TYPE_ORDER = {kind: i for i, kind in enumerate(COMMUNITY_TYPES)}


def _registry_order(community_type: str) -> tuple[int, str]:
    """Types as the registry lists them (urban kinds, then 村改居 and 行政村); others after, by code."""
    return _TYPE_ORDER.get(community_type, len(_TYPE_ORDER)), community_type


@cache.newest_per_scope()
def area_tree(version: str) -> AreaTree:
    """Names, districts with their province/city, and streets/communities by parent: the areas read
    once (arrays rather than per-row Python objects: ~0.8 s for the 670,000 areas of the whole
    country), the districts' figures in one query."""
    with connection().cursor() as cur:
        arrays = cur.execute(
            f"SELECT a.area_code, {shown_name('a')} AS area_name, a.level, coalesce(a.parent_code, '') AS parent "
            "FROM areas a ORDER BY parent, a.area_code"
        ).fetchnumpy()
        dist = cur.execute(DISTRICTS_SQL).df()
        types = cur.execute(
            "SELECT DISTINCT community_type FROM areas WHERE community_type IS NOT NULL ORDER BY 1"
        ).fetchall()
        partial = frozenset(r[0] for r in cur.execute("SELECT area_code FROM _scope_ancestors").fetchall())
    codes = np.asarray(arrays["area_code"], dtype=object)
    parents = np.asarray(arrays["parent"], dtype=str)
    levels = np.asarray(arrays["level"], dtype=object)
    children = {
        lv: Children(parents[levels == lv], codes[levels == lv]) for lv in ("city", "street", "community")
    }
    provinces = codes[levels == "province"]
    children["province"] = Children(np.full(len(provinces), ""), provinces)
    for upper in ("city", "province"):
        rows = dist.sort_values([upper, "area_code"], na_position="first")
        children[f"district@{upper}"] = Children(
            rows[upper].fillna("").to_numpy(dtype=str), rows["area_code"].to_numpy(dtype=object)
        )
    districts = dist["area_code"].tolist()
    return AreaTree(
        names=dict(zip(codes.tolist(), np.asarray(arrays["area_name"], dtype=object).tolist(), strict=True)),
        districts=districts,
        children={k: v for k, v in children.items() if v},
        upper={
            c: {"province": p, "city": y}
            for c, p, y in zip(districts, dist["province"].tolist(), dist["city"].tolist(), strict=True)
        },
        size=dict(zip(districts, dist["communities"].astype(int).tolist(), strict=True)),
        community_types=sorted((r[0] for r in types), key=_registry_order),
        partial=partial,
    )
