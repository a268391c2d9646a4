"""The metric engine: catalog metrics (``etl.metric_catalog``) for areas and periods.

How each metric is computed is declared in the catalog (``docs/metric-rules.md`` is generated from
it); the SQL lives in ``etl.metric_sql``. ``compute`` runs only the SQL of the fact groups the
requested metrics need: the stock facts once per distinct ``as_of`` and the flows of every period
in one set-based query, for all requested areas at once, on its own cursor, read-only.

    compute(con, ["communities", "activities"], ["410311"], [(date(2024, 11, 30), date(2024, 12, 31))])
    -> {("410311", (date(2024, 11, 30), date(2024, 12, 31))): [("communities", 246), ("activities", …)]}
    compute_metrics(con, "410311", date(2022, 12, 31)) -> [("streets", …), ("communities", 157), …]
"""

from __future__ import annotations

import datetime
import functools
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import duckdb

from etl import derived, derived_read_sql, flow_sql
from etl import metric_sql as sql
from etl.metric_catalog import (
    CATALOG,
    RURAL_TYPES,
    SOCIAL_ORG_MINIMUM,
    TABLE_FAMILIES,
    Facts,
    Value,
    assemble,
    metric_names,
    select,
)
from etl.metric_catalog.entries_facilities import PER_HH_M2
from etl.metric_catalog.model import FLOW, STARS, TARGETS
from etl.registry import CAPSTONE_STAR, URBAN_TYPES

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CATALOG",
    "Period",
    "UnknownAreaError",
    "compute",
    "compute_metrics",
    "compute_metrics_many",
    "metric_names",
]

Period = tuple[datetime.date | None, datetime.date]  # (since, as_of): the flow window since < day <= as_of


@functools.cache
def _fast_facts(groups: frozenset[str], datasets: frozenset[str] | None) -> str:
    """The pre-aggregates' stock query of the catalog's stock ``groups`` (keyed: see ``_keyed``),
    reading only the event tables (of ``datasets``: see ``derived.event_tables``), stars and
    targets those groups need."""
    tables = derived.event_tables(groups, datasets)
    query = derived_read_sql.fast_facts(tables, STARS in groups, TARGETS in groups)
    return _keyed(query, 5)


class UnknownAreaError(ValueError):
    """An area code that is not in ``areas``."""

    def __init__(self, code: str) -> None:
        super().__init__(f"未知区划代码 {code}")
        self.code = code


def check_known(cur: duckdb.DuckDBPyConnection, codes: list[str]) -> None:
    known = {row[0] for row in derived.run(cur, sql.KNOWN_AREAS, {"roots": codes}).fetchall()}
    for code in codes:
        if code not in known:
            raise UnknownAreaError(code)


def _table_kinds(cur: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """The kinds present in the data per family, read from the tables (without derived tables)."""
    kinds: dict[str, list[str]] = {family: [] for family in TABLE_FAMILIES}
    for family, kind in cur.execute(sql.TABLE_KINDS).fetchall():
        kinds[family].append(kind)
    return {family: sorted(values) for family, values in kinds.items()}


# A rolled-up root with fewer communities than this joins the closure query when one runs anyway
# for the other roots (a street beside its communities): one query instead of two.
SMALL_ROLLED = 100


def _setup(
    cur: duckdb.DuckDBPyConnection, codes: list[str], star_threshold: float
) -> tuple[bool | None, dict[str, list[str]], dict[str, int]]:
    """(``derived.ready``, the kinds of each family present in the data, the number of communities
    of each code that has pre-aggregates); raises UnknownAreaError for a code that is not an area.
    With derived tables all three come from one query."""
    try:
        rows = derived.run(cur, derived_read_sql.SETUP, {"roots": codes}).fetchall()
    except (duckdb.CatalogException, duckdb.BinderException):
        if derived.ready(cur, star_threshold) is not None:
            raise  # this release's tables: a real error, not one to hide behind the slow path
        rows = []  # none, or another release's (their columns may differ)
    params = next((a for part, a, _ in rows if part == "state"), None)
    state = derived.state_of(params, star_threshold)
    if state is None:  # none, or built by another release: the direct queries
        check_known(cur, codes)
        return None, _table_kinds(cur), {}
    known = {a for part, a, _ in rows if part == "area"}
    for code in codes:
        if code not in known:
            raise UnknownAreaError(code)
    kinds: dict[str, list[str]] = {family: [] for family in TABLE_FAMILIES}
    for part, family, kind in rows:
        if part == "kind":
            kinds[family].append(kind)
    sizes = {a: int(n) for part, a, n in rows if part == "area" and n is not None}
    return state, {family: sorted(values) for family, values in kinds.items()}, sizes


def _split(params: dict[str, Any], state: bool | None, sizes: dict[str, int]) -> tuple[list[str], list[str]]:
    """(roots read from the pre-aggregates, roots of the closure or direct query). Pre-aggregates
    (``rollup_areas``, ``sizes``) serve only without a community-type filter and with this star
    threshold."""
    roots = params["roots"]
    if not state or params["ctype"] is not None:
        return [], list(roots)
    rest = [c for c in roots if c not in sizes]
    if rest:
        rest += [c for c in roots if c in sizes and sizes[c] < SMALL_ROLLED]
    return [c for c in roots if c in sizes and c not in rest], rest


def _stock_facts(
    cur: duckdb.DuckDBPyConnection,
    params: dict[str, Any],
    state: bool | None,
    sizes: dict[str, int],
    groups: frozenset[str],
    datasets: frozenset[str] | None,
    as_ofs: list[datetime.date],
    window: Period | None = None,
) -> dict[datetime.date, dict[str, Facts]]:
    """Stock facts per ``as_of`` and root: ``fact:kind`` keys, or ``fact`` for an empty kind; of
    ``groups``, the facts read from ``datasets`` (None: all).

    Without derived tables (``state`` None) one query per day walks the areas; with them, the roots
    that have pre-aggregates (``rollup_areas``) read those for every day in one query, the others
    use ``area_closure`` and ``walk_cover`` (``state`` False: built with another star threshold, so
    no pre-aggregates). ``window``: the one period of the call, whose flow facts come with the
    stocks (in the same query on the direct paths).
    """
    facts: dict[datetime.date, dict[str, Facts]] = {a: defaultdict(dict) for a in as_ofs}
    roots, rest = _split(params, state, sizes)
    if roots:
        for root, as_of, key, value in derived.run(
            cur, _fast_facts(groups, datasets), {"roots": roots, "as_ofs": as_ofs}
        ).fetchall():
            facts[as_of][root][key] = value
        if window is not None:
            flows = derived.run(
                cur,
                _keyed(flow_sql.rolled_flows(True, datasets, _reporting_rule([window])), 5),
                {**params, **_one_window(window), "roots": roots},
            )
            bucket = facts[window[1]]
            for root, _, key, value in flows.fetchall():
                bucket[root][key] = value
    if not rest:
        return facts
    if window is not None:
        query = _keyed(sql.stock_and_flow_facts(groups, *_closure(state), datasets=datasets), 5)
    else:
        query = _keyed(sql.stock_facts(groups, *_closure(state), datasets=datasets), 4)
    for as_of in as_ofs:
        values = {**params, "as_of": as_of, "roots": rest, **(_one_window(window) if window else {})}
        bucket = facts[as_of]
        for root, *_, key, value in derived.run(cur, query, values).fetchall():
            bucket[root][key] = value
    return facts


def _closure(state: bool | None) -> tuple[str, ...]:
    """The member and walking-cover CTEs of the direct queries: the recursive walk without derived
    tables, ``area_closure`` and ``walk_cover`` with them."""
    return () if state is None else (sql.MEMBERS_CLOSURE, sql.WALK_COVER_CTES)


def _keyed(query: str, width: int) -> str:
    """``query``'s ``(root, [p|as_of,] fact, kind, value)`` rows as ``(root, [p|as_of,] key, value)``
    with ``key`` = ``fact:kind`` (``fact`` for an empty kind), missing values left out."""
    cols, middle = ("c0, c1, c2, c3, c4", "c1, ") if width == 5 else ("c0, c2, c3, c4", "")
    return (
        f"SELECT c0, {middle}CASE WHEN coalesce(c3, '') = '' THEN c2 ELSE c2 || ':' || c3 END, c4 "
        f"FROM ({query}) AS q({cols}) WHERE c4 IS NOT NULL"
    )


def _one_month(period: Period) -> bool:
    """Whether the flow window of ``period`` is one calendar month (``since < day <= as_of`` in
    whole months: since 2024-11-30, as of 2024-12-31 is December)."""
    since, as_of = period
    return since is not None and (since + datetime.timedelta(days=1)).replace(day=1) == as_of.replace(day=1)


def _reporting_rule(periods: Sequence[Period]) -> str:
    """How the pre-aggregates count the reporting communities of ``periods`` (``flow_sql.rolled_reporting``)."""
    if len(periods) == 1 and periods[0][0] is None:
        return flow_sql.FROM_START
    return flow_sql.MONTHLY if all(_one_month(p) for p in periods) else flow_sql.ROWS


def _one_window(period: Period) -> dict[str, Any]:
    """The parameters of the flow window of one period."""
    since, as_of = period
    return {"p_idx": [0], "p_since": [since], "p_as_of": [as_of], "since": since, "as_of": as_of}


def _flow_facts(
    cur: duckdb.DuckDBPyConnection,
    params: dict[str, Any],
    state: bool | None,
    sizes: dict[str, int],
    datasets: frozenset[str] | None,
    periods: list[Period],
) -> dict[tuple[str, int], Facts]:
    """Flow facts of ``datasets`` (None: all) per (root, period index), every period in one query
    per path."""
    lows = [since + datetime.timedelta(days=1) if since else None for since, _ in periods]
    values = {
        **params,
        "p_idx": list(range(len(periods))),
        "p_since": [since for since, _ in periods],
        "p_as_of": [as_of for _, as_of in periods],
        "lo_all": None if None in lows else min(lows).replace(day=1),  # type: ignore[type-var]
        "hi_all": max(as_of for _, as_of in periods),
    }
    values["lo_all"] = values["lo_all"] or datetime.date(1, 1, 1)
    one = len(periods) == 1
    if one:
        values["since"], values["as_of"] = periods[0]
    hi = values["hi_all"]
    values["hi_all"] = (hi.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(
        days=1
    )
    facts: dict[tuple[str, int], Facts] = defaultdict(dict)
    queries: list[tuple[str, list[str]]] = []
    if state is None:
        queries.append((sql.flow_facts(sql.MEMBERS, one, datasets), params["roots"]))
    else:
        rolled, rest = _split(params, state, sizes)
        if rolled:
            queries.append((flow_sql.rolled_flows(one, datasets, _reporting_rule(periods)), rolled))
        if rest:
            queries.append((sql.flow_facts(sql.MEMBERS_CLOSURE, one, datasets), rest))
    for query, roots in queries:
        for root, p, key, value in derived.run(cur, _keyed(query, 5), {**values, "roots": roots}).fetchall():
            facts[(root, p)][key] = value
    return facts


def _params(
    codes: list[str], as_of: datetime.date, star_threshold: float, community_type: str | None
) -> dict[str, Any]:
    return {
        "roots": codes,
        "as_of": as_of,
        "ctype": community_type,
        "threshold": float(star_threshold),
        "capstone": CAPSTONE_STAR,
        "urban": list(URBAN_TYPES),
        "rural": list(RURAL_TYPES),
        "org_min_urban": SOCIAL_ORG_MINIMUM["urban"],
        "org_min_rural": SOCIAL_ORG_MINIMUM["rural"],
        "per_hh": PER_HH_M2,
        "chord2": (2 * math.sin(sql.WALK_RADIUS_M / (2 * sql.EARTH_RADIUS_M))) ** 2,
    }


def compute(
    con: duckdb.DuckDBPyConnection,
    metrics: Iterable[str] | None,
    areas: Sequence[str],
    periods: Sequence[Period],
    community_type: str | None = None,
    star_threshold: float = 80.0,
) -> dict[tuple[str, Period], list[tuple[str, Value]]]:
    """The requested catalog metrics of each area for each period, in catalog order.

    ``metrics``: metric names — a fixed name, a ``:KIND`` entry as declared (``coverage_pct:{kind}``:
    every kind) or one expanded name (``coverage_pct:park``); None for the whole catalog. A period
    is ``(since, as_of)``: stocks on ``as_of``, flows over ``since < day <= as_of`` in whole months
    (``since`` None: from the start of the data). ``community_type``: only communities of that type
    count (organizations and facilities registered above the community level drop out).
    A flow of a dataset no community reported in the window is None. Raises UnknownAreaError for
    a code that is not in ``areas``, ValueError for a name that is not in the catalog.
    """
    codes = list(dict.fromkeys(areas))
    windows = list(dict.fromkeys(periods))
    if not codes or not windows:
        return {}
    selection = select(metrics)
    groups = selection.groups()
    stock_groups = frozenset(groups - {FLOW})
    datasets = selection.datasets()
    with con.cursor() as cur:
        state, kinds, sizes = _setup(cur, codes, star_threshold)
        as_ofs = list(dict.fromkeys(a for _, a in windows))
        together = len(windows) == 1 and FLOW in groups and bool(stock_groups)
        params = _params(codes, windows[0][1], star_threshold, community_type)
        stock: dict[datetime.date, dict[str, Facts]] = {a: {} for a in as_ofs}
        if stock_groups:
            window = windows[0] if together else None
            stock = _stock_facts(cur, params, state, sizes, stock_groups, datasets, as_ofs, window)
        flows: dict[tuple[str, int], Facts] = {}
        if FLOW in groups and not together:
            flows = _flow_facts(cur, params, state, sizes, datasets, windows)
    out: dict[tuple[str, Period], list[tuple[str, Value]]] = {}
    for i, period in enumerate(windows):
        for code in codes:
            facts = {**stock[period[1]].get(code, {}), **flows.get((code, i), {})}
            out[(code, period)] = assemble(facts, kinds, None if selection.all else selection)
    return out


def compute_metrics(
    con: duckdb.DuckDBPyConnection,
    area_code: str,
    as_of: datetime.date,
    since: datetime.date | None = None,
    star_threshold: float = 80.0,
    metrics: Iterable[str] | None = None,
) -> list[tuple[str, Value]]:
    """Catalog metrics (default: all) of one area as of a date, in catalog order (see ``compute``)."""
    return compute(con, metrics, [area_code], [(since, as_of)], None, star_threshold)[
        (area_code, (since, as_of))
    ]


def compute_metrics_many(
    con: duckdb.DuckDBPyConnection,
    area_codes: list[str],
    as_of: datetime.date,
    since: datetime.date | None = None,
    star_threshold: float = 80.0,
    metrics: Iterable[str] | None = None,
    community_type: str | None = None,
) -> pd.DataFrame:
    """The metrics of several areas in one pass: columns ``area_code, metric, value``.

    Rows follow the order of ``area_codes`` (duplicates dropped), then catalog order; the values
    are those ``compute_metrics`` returns for each area (``value`` holds ints, floats and None).
    """
    import pandas as pd

    results = compute(con, metrics, area_codes, [(since, as_of)], community_type, star_threshold)
    rows = [(code, name, value) for (code, _), values in results.items() for name, value in values]
    frame = pd.DataFrame(rows, columns=["area_code", "metric", "value"])
    frame["value"] = pd.Series([r[2] for r in rows], dtype=object, index=frame.index)
    return frame
