"""The one enforcement point for reads: a connection that sees only the rows of an area scope.

Every read the dashboard, the reports and ``etl metrics --user`` make goes through a connection made
here: ``open_scoped(snapshot, scope)`` (a database of its own: the CLI, the upload check) or
``Shared(snapshot).reader(scope)`` (the dashboard: one database per snapshot, a schema per scope). It
attaches the snapshot read-only under an internal catalog name and creates, in an in-memory
database, one view per table with the table's own name, filtered to the scope's areas (for a
``Shared`` reader, in the scope's schema, which each of its cursors uses); the small tables nearly
every query reads (``COPIED``) are filtered copies instead of views, with the same rows. Queries name
tables as usual (``SELECT … FROM activity``) and so cannot forget the filter. A table nobody
classified here is shown empty to a scoped user (fail closed).

- Tables with a code column (``area_code``, ``community_code``, ``ancestor_code``) keep the rows whose
  codes lie in the scope's subtrees.
- ``areas`` keeps the subtrees and, so that pickers and breadcrumbs can name them, the scope's
  ancestors with their code, name, level and parent only (no figures).
- ``targets`` keeps the scope's rows and those of its ancestors (the district's target governs the
  street's ledger items, ``etl.ledger``).
- ``_batches`` keeps the batches that wrote or replaced a row in the scope; their change lists are
  filtered like every other table.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb

from etl.scope_tree import hierarchy, snapshot_tables
from etl.sqlutil import q

SNAP = "_snap"  # catalog name of the attached snapshot (never named by page code)
CODE_COLUMNS = ("area_code", "community_code", "ancestor_code")
UNFILTERED = frozenset({"_meta", "_derived_state", "metric_kinds"})  # no area data in them
# Copied into a scope's schema as tables rather than views: small for any scope (its areas, their
# ancestors), read by nearly every query, and walked recursively (a view's filter would run again
# on every step). The same rows as the view would give; the snapshot is read-only, so they never go
# stale. The scope of everything reads the snapshot's own tables instead.
COPIED = frozenset({"areas", "area_closure"})
DUCKDB_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


@dataclass(frozen=True)
class Scope:
    """Roots of the subtrees a user may see; ``roots=None`` is everything."""

    roots: tuple[str, ...] | None = None

    @property
    def everything(self) -> bool:
        return self.roots is None

    @property
    def key(self) -> str:
        """Short text identifying the scope in cache keys (``all`` or a hash of the roots)."""
        if self.roots is None:
            return "all"
        return "s" + hashlib.sha256(",".join(sorted(self.roots)).encode()).hexdigest()[:12]

    @classmethod
    def of(cls, areas: tuple[str, ...] | list[str]) -> Scope:
        return cls(None) if not areas else cls(tuple(sorted(set(areas))))


EVERYTHING = Scope(None)


def open_scoped(snapshot: Path | str, scope: Scope) -> duckdb.DuckDBPyConnection:
    """A connection whose tables are views of ``snapshot`` restricted to ``scope`` (use cursors): a
    database of its own (the CLI, the upload check; the dashboard shares one per snapshot, ``Shared``).

    Raises ``etl.migrations.SchemaError`` for a snapshot of another release (as every reader does)."""
    con = _attached(snapshot)
    try:
        _add_scope(con, snapshot, scope, "main")
    except BaseException:
        con.close()
        raise
    return con


def _attached(snapshot: Path | str) -> duckdb.DuckDBPyConnection:
    """An in-memory database with ``snapshot`` attached read-only as ``SNAP``, checked readable."""
    from etl.migrations import check_readable

    con = duckdb.connect(":memory:", config=DUCKDB_CONFIG)
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute(f"ATTACH ? AS {SNAP} (READ_ONLY)", [str(snapshot)])
        con.execute(f"USE {SNAP}")  # the check reads the snapshot's own catalog, as a reader of it
        check_readable(con, str(Path(snapshot).parent))
        con.execute("USE memory")
    except BaseException:
        con.close()
        raise
    return con


def _add_scope(con: duckdb.DuckDBPyConnection, snapshot: Path | str, scope: Scope, schema: str) -> None:
    """In ``schema`` of ``con``'s in-memory database: the scope's tables and one view (or, for
    ``COPIED``, one copy) per table of the snapshot, restricted to the scope."""
    tables = snapshot_tables(con, snapshot, SNAP)
    if schema != "main":
        con.execute(f"CREATE SCHEMA {q(schema)}")
    _create_scope_tables(con, scope, snapshot, "areas" in tables, schema)
    con.execute(
        ";\n".join(
            f"CREATE {_kind(name, scope)} {q(schema)}.{q(name)} AS {_view_sql(name, cols, scope, schema)}"
            for name, cols in tables.items()
        )
    )


def _kind(name: str, scope: Scope) -> str:
    """How a scope's schema holds a table of the snapshot: a filtered view, or a filtered copy."""
    return "TABLE" if name in COPIED and not scope.everything else "VIEW"


class Shared:
    """One snapshot attached once for every scope that reads it (the dashboard's server): each scope's
    tables and views live in a schema of their own, and ``reader(scope)`` hands out connections to
    them. One database per snapshot instead of one per scope: DuckDB's memory (~7-13 MB per database)
    and its buffer pool are shared, and a new scope costs its schema only."""

    def __init__(self, snapshot: Path | str):
        self.snapshot = snapshot
        self._con = _attached(snapshot)
        self._lock = threading.Lock()
        self._readers: dict[Scope, ScopedReader] = {}

    def reader(self, scope: Scope) -> ScopedReader:
        with self._lock:
            found = self._readers.get(scope)
            if found is None:
                schema = f"scope_{scope.key}"
                with self._con.cursor() as cur:
                    _add_scope(cur, self.snapshot, scope, schema)
                found = self._readers[scope] = ScopedReader(self._con, f"USE memory.{q(schema)}")
            return found


class ScopedReader:
    """A scope's connection in a ``Shared`` database: it and every cursor made from it (and from those)
    read the scope's schema, whose views have the tables' own names, so a query names tables as usual
    and cannot leave the scope. Anything else is the DuckDB cursor's own (``fetchall``, ``df``,
    ``register``...); ``execute`` returns the reader itself, to fetch from."""

    def __init__(
        self, database: duckdb.DuckDBPyConnection, use: str, cursor: duckdb.DuckDBPyConnection | None = None
    ):
        self._database = database
        self._use = use  # the USE statement of the scope's schema
        self._cursor = cursor  # None: the scope's reader itself, each query on a cursor of its own

    def cursor(self) -> ScopedReader:
        """A new connection of the same scope (one per thread, as DuckDB's cursors)."""
        cur = self._database.cursor()
        cur.execute(self._use)
        return ScopedReader(self._database, self._use, cur)

    def execute(self, query: str, parameters: object = None) -> ScopedReader:
        target = self if self._cursor is not None else self.cursor()
        assert target._cursor is not None
        if parameters is None:
            target._cursor.execute(query)
        else:
            target._cursor.execute(query, parameters)
        return target

    def close(self) -> None:
        if self._cursor is not None:
            self._cursor.close()

    def __getattr__(self, name: str) -> object:
        if name.startswith("_"):  # never our own attributes (e.g. on a copy being built)
            raise AttributeError(name)
        own = self._cursor if self._cursor is not None else self.cursor()._cursor
        return getattr(own, name)

    def __enter__(self) -> ScopedReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _create_scope_tables(
    con: duckdb.DuckDBPyConnection, scope: Scope, snapshot: Path | str, has_areas: bool, schema: str
) -> None:
    """``_scope_areas``: every code inside the scope (its roots included); ``_scope_ancestors``: codes
    above it (outside it); both in ``schema``."""
    if scope.everything and has_areas:
        con.execute(f"CREATE TABLE {q(schema)}._scope_areas AS SELECT area_code FROM {SNAP}.areas")
        con.execute(f"CREATE TABLE {q(schema)}._scope_ancestors (area_code VARCHAR)")
        return
    import pyarrow as pa  # noqa: PLC0415 - only a scoped reader needs it (~120 ms of every CLI start)

    roots = scope.roots or ()
    tree = hierarchy(con, snapshot, SNAP) if has_areas else None
    inside = tree.below(roots) if tree else sorted(set(roots))
    outside_above = sorted(set(tree.above(roots)) - set(inside)) if tree else []
    for table, codes in (("_scope_areas", inside), ("_scope_ancestors", outside_above)):
        rows = pa.table({"area_code": pa.array(codes, type=pa.string())})
        con.register("_scope_rows", rows)
        try:
            con.execute(
                f"CREATE TABLE {q(schema)}.{table} AS SELECT area_code::VARCHAR AS area_code FROM _scope_rows"
            )
        finally:
            con.unregister("_scope_rows")


def _in_scope(column: str, schema: str) -> str:
    return f"{q(column)} IN (SELECT area_code FROM {q(schema)}._scope_areas)"


def _view_sql(name: str, columns: list[str], scope: Scope, schema: str) -> str:
    source = f"{SNAP}.{q(name)}"
    if scope.everything or name in UNFILTERED:
        return f"SELECT * FROM {source}"
    ancestors = f"(SELECT area_code FROM {q(schema)}._scope_ancestors)"
    if name == "areas":
        ancestor_cols = ", ".join(
            q(c)
            if c in ("area_code", "area_name", "level", "parent_code")
            else f"NULL::{_type_of(c)} AS {q(c)}"
            for c in columns
        )
        return (
            f"SELECT * FROM {source} WHERE {_in_scope('area_code', schema)} UNION ALL "
            f"SELECT {ancestor_cols} FROM {source} WHERE area_code IN {ancestors}"
        )
    if name == "targets":  # a street works toward its district's targets (etl.ledger)
        return f"SELECT * FROM {source} WHERE {_in_scope('area_code', schema)} OR area_code IN {ancestors}"
    if name == "_batches":
        return (
            f"SELECT * FROM {source} WHERE batch_id IN (SELECT batch_id FROM ({_touching_batches(schema)}))"
        )
    code_columns = [c for c in CODE_COLUMNS if c in columns]
    if not code_columns:
        return f"SELECT * FROM {source} WHERE false"  # unclassified: nothing (fail closed)
    return f"SELECT * FROM {source} WHERE " + " AND ".join(_in_scope(c, schema) for c in code_columns)


# Columns the ancestor rows of ``areas`` blank out (their types, for the typed NULLs).
_AREA_TYPES = {
    "households": "BIGINT",
    "population": "BIGINT",
    "premises_area_m2": "DOUBLE",
    "lon": "DOUBLE",
    "lat": "DOUBLE",
    "is_location_approx": "BOOLEAN",
    "established_date": "DATE",
    "abolished_date": "DATE",
    "_batch_id": "BIGINT",
}


def _type_of(column: str) -> str:
    return _AREA_TYPES.get(column, "VARCHAR")


def _touching_batches(schema: str) -> str:
    """Batch ids that wrote or replaced a row inside the scope (live rows and kept history)."""
    from etl.datasets import DATASETS

    parts = []
    for ds in DATASETS.values():
        code = "area_code" if any(c.name == "area_code" for c in ds.columns) else "community_code"
        parts.append(f"SELECT _batch_id AS batch_id FROM {SNAP}.{q(ds.name)} WHERE {_in_scope(code, schema)}")
        hist = SNAP + "." + q("_hist_" + ds.name)
        parts.append(f"SELECT _batch_id FROM {hist} WHERE {_in_scope(code, schema)}")
        parts.append(f"SELECT _removed_by FROM {hist} WHERE {_in_scope(code, schema)}")
    return " UNION ".join(parts)


def codes_outside(con: duckdb.DuckDBPyConnection, scope: Scope, codes: list[str]) -> set[str]:
    """Of ``codes``, those not inside ``scope`` (``con``: any connection whose ``areas`` is unscoped)."""
    if scope.everything or not codes:
        return set()
    inside = con.execute(
        "WITH RECURSIVE t(code) AS (SELECT unnest(?::VARCHAR[]) UNION "
        "SELECT a.area_code FROM t JOIN areas a ON a.parent_code = t.code) "
        "SELECT DISTINCT code FROM t WHERE code IN (SELECT unnest(?::VARCHAR[]))",
        [list(scope.roots or ()), list(set(codes))],
    ).fetchall()
    return set(codes) - {c for (c,) in inside}
