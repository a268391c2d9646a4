"""Derived tables that make metrics fast, rebuilt by each load when their inputs changed.

``refresh(con)`` runs inside ``Warehouse.writer()`` right before the checkpoint, so every published
snapshot (loads, undo, demo) carries derived tables that match its data. Each group of derived
tables remembers in ``_derived_state`` a fingerprint of its inputs (row count, sum and max of
``_batch_id`` of each input table, plus the settings it depends on); a group is rebuilt only when
that fingerprint changed. The SQL is in ``etl.derived_sql`` (the monthly datasets':
``etl.derived_flows_sql``); ``etl.metrics`` reads the tables.

Tables: ``area_closure`` (every area with itself and each ancestor), ``rollup_areas`` (the areas
that get pre-aggregates), ``metric_kinds``, ``walk_cover`` (compound × facility kind × time
within the walk radius), ``ev_*`` (stock facts as dated deltas per rolled-up area), ``star_years``,
``roll_activity`` and ``roll_volunteers`` (flows per rolled-up area and month), ``reports_activity`` and
``reports_volunteers`` (per rolled-up area and month, the communities reporting, and those reporting
for the first time).
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import duckdb

from etl import derived_flows_sql as flows
from etl import derived_sql as d
from etl.metric_catalog import RURAL_TYPES, SOCIAL_ORG_MINIMUM
from etl.metric_catalog.entries_facilities import PER_HH_M2
from etl.metric_catalog.model import AREA, KIND, WALK
from etl.metric_sql import EARTH_RADIUS_M, WALK_RADIUS_M
from etl.registry import CAPSTONE_STAR, URBAN_TYPES
from etl.star_sql import LEVEL

# Bump when a builder changes: every group is rebuilt once.
VERSION = 11
# Areas with at least this many communities get pre-aggregates (communities, streets, districts,
# cities, provinces, the country): their stocks on several days are one small query of the event
# tables instead of one closure query per day (city scale: a street's overview cards 94 -> ~30 ms;
# a district's 274 communities' volunteer figures 25 -> ~15 ms). A community-type filter uses
# area_closure and walk_cover.
ROLLUP_MIN_COMMUNITIES = 1
STATE = "_derived_state"
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


@dataclass(frozen=True)
class Group:
    """Derived tables built together from the same inputs."""

    name: str
    inputs: tuple[str, ...]
    statements: tuple[str, ...]
    rollup: bool = True  # needs the temporary _nearest/_rolled_up helpers
    serves: tuple[str, ...] = ()  # an event table: the catalog's stock groups that read its facts


def _ev(
    name: str, inputs: tuple[str, ...], items: str, serves: tuple[str, ...], keys: tuple[str, ...] = ()
) -> Group:
    return Group(name, ("areas", *inputs), (d.events_table(name, items, keys),), serves=serves)


GROUPS: tuple[Group, ...] = (
    Group("area_closure", ("areas",), (d.CLOSURE, d.ROLLUP_AREAS), rollup=False),
    Group("metric_kinds", ("areas", "facilities", "programs", "activity"), (d.METRIC_KINDS,), rollup=False),
    Group("walk_cover", ("compounds", "facilities"), (d.WALK_COVER,), rollup=False),
    _ev("ev_areas", (), d.AREA_ITEMS, (AREA, KIND)),
    _ev("ev_compounds", ("compounds",), d.COMPOUND_ITEMS, (AREA,)),
    _ev("ev_orgs", ("organizations",), d.ORG_ITEMS, (AREA,)),
    _ev("ev_meeting", ("organizations",), d.MEETING_ITEMS, (AREA,)),
    _ev("ev_coverage", ("facilities",), d.COVERAGE_ITEMS, (KIND,)),
    _ev("ev_facilities", ("facilities",), d.FACILITY_ITEMS, (KIND,)),
    _ev("ev_staff", ("staff",), d.STAFF_ITEMS, (AREA,)),
    _ev("ev_programs", ("programs",), d.PROGRAM_ITEMS, (KIND,)),
    _ev("ev_walk", ("compounds", "facilities"), d.WALK_ITEMS, (WALK,)),
    Group(
        "ev_stars",
        ("areas", "five_star"),
        (d.STAR_YEARS, d.events_table("ev_stars", d.star_items(LEVEL), ("year",))),
    ),
    Group(
        "roll_activity",
        ("areas", "activity"),
        (
            flows.flow_rollup("roll_activity", "activity", "activity_type", flows.ACTIVITY_SUMS),
            flows.reports("reports_activity", "activity"),
        ),
    ),
    Group(
        "roll_volunteers",
        ("areas", "volunteers"),
        (
            flows.flow_rollup("roll_volunteers", "volunteers", None, flows.VOLUNTEER_SUMS),
            flows.reports("reports_volunteers", "volunteers"),
        ),
    ),
)


def event_tables(groups: frozenset[str], datasets: frozenset[str] | None = None) -> tuple[str, ...]:
    """The event tables holding the stock facts of the catalog's ``groups`` that read one of
    ``datasets`` besides the areas (None: any; a table of the areas alone always serves)."""

    def reads(group: Group) -> bool:
        own = set(group.inputs) - {"areas"}
        return datasets is None or not own or bool(own & datasets)

    return tuple(g.name for g in GROUPS if set(g.serves) & groups and reads(g))


def params(star_threshold: float, min_communities: int = ROLLUP_MIN_COMMUNITIES) -> dict[str, Any]:
    """Values bound into the builders (also part of the fingerprints)."""
    return {
        "urban": list(URBAN_TYPES),
        "rural": list(RURAL_TYPES),
        "org_min_urban": SOCIAL_ORG_MINIMUM["urban"],
        "org_min_rural": SOCIAL_ORG_MINIMUM["rural"],
        "per_hh": PER_HH_M2,
        "threshold": float(star_threshold),
        "capstone": CAPSTONE_STAR,
        "chord2": (2 * math.sin(WALK_RADIUS_M / (2 * EARTH_RADIUS_M))) ** 2,
        "min_communities": min_communities,
    }


def _table_fingerprint(con: duckdb.DuckDBPyConnection, table: str) -> list[int]:
    row = con.execute(
        f'SELECT count(*), coalesce(sum("_batch_id"), 0), coalesce(max("_batch_id"), 0) FROM "{table}"'
    ).fetchone()
    assert row is not None
    return [int(v) for v in row]


def _state(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    con.execute(
        f"CREATE TABLE IF NOT EXISTS {STATE} (name VARCHAR PRIMARY KEY, fingerprint VARCHAR NOT NULL)"
    )
    return dict(con.execute(f"SELECT name, fingerprint FROM {STATE}").fetchall())


def run(con: duckdb.DuckDBPyConnection, query: str, values: dict[str, Any]) -> duckdb.DuckDBPyConnection:
    """Execute with the named parameters the query uses (DuckDB rejects unused ones)."""
    used = set(_PARAM.findall(query))
    return con.execute(query, {k: v for k, v in values.items() if k in used})


def _execute(con: duckdb.DuckDBPyConnection, sql: str, values: dict[str, Any]) -> None:
    for statement in (s for s in sql.split(";\n") if s.strip()):
        run(con, statement, values)


def refresh(
    con: duckdb.DuckDBPyConnection,
    star_threshold: float | None = None,
    min_communities: int = ROLLUP_MIN_COMMUNITIES,
    log: Callable[[str, float], None] | None = None,
) -> list[str]:
    """Rebuild the derived tables whose inputs changed; returns the names of the groups rebuilt."""
    if star_threshold is None:
        from etl.settings import star_threshold as setting

        star_threshold = setting()
    values = params(star_threshold, min_communities)
    state = _state(con)
    tables = {t for g in GROUPS for t in g.inputs}
    prints = {t: _table_fingerprint(con, t) for t in sorted(tables)}
    shared = {"version": VERSION, **values}
    rebuilt: list[str] = []
    helpers = False
    for group in GROUPS:
        fingerprint = json.dumps(
            {"inputs": {t: prints[t] for t in group.inputs}, "params": shared}, sort_keys=True
        )
        if state.get(group.name) == fingerprint:
            continue
        start = time.perf_counter()
        if group.rollup and not helpers:
            _execute(con, d.ROLLUP_HELPERS, values)
            helpers = True
        for statement in group.statements:
            _execute(con, statement, values)
        con.execute(f"INSERT OR REPLACE INTO {STATE} VALUES (?, ?)", [group.name, fingerprint])
        rebuilt.append(group.name)
        if log:
            log(group.name, time.perf_counter() - start)
    con.execute(f"INSERT OR REPLACE INTO {STATE} VALUES ('params', ?)", [json.dumps(shared, sort_keys=True)])
    if helpers:
        con.execute("DROP TABLE IF EXISTS _nearest; DROP TABLE IF EXISTS _rolled_up")
    return rebuilt


def ready(con: duckdb.DuckDBPyConnection, star_threshold: float) -> bool | None:
    """None without derived tables; else whether they were built with this star threshold."""
    try:
        row = con.execute(f"SELECT fingerprint FROM {STATE} WHERE name = 'params'").fetchone()
    except duckdb.CatalogException:
        return None
    return state_of(None if row is None else row[0], star_threshold)


def state_of(params: str | None, star_threshold: float) -> bool | None:
    """``ready`` from the stored ``params`` fingerprint (None: not stored)."""
    if params is None:
        return None
    built = json.loads(params)
    if built.get("version") != VERSION:
        return None
    return built.get("threshold") == float(star_threshold)
