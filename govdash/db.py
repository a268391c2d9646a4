"""The dashboard's access to the warehouse: one scope-checked, read-only connection per published
snapshot and area scope.

Every page, chart, table, export and report reads through ``connection()``. It returns the scope's
reader of ``etl.scope.Shared`` (the snapshot's database, the views of the scope of the person using
this session, set by the frame, ``govdash.auth``), so no query can forget the scope. Outside a Streamlit script run (the report
CLI, the benchmark, tests calling page functions directly) the scope is the one set with
``use_scope`` (everything by default: those are local, trusted tools).

A load (CLI or upload page) publishes a new snapshot and swaps ``CURRENT``; the next script run
sees a new ``version()`` and opens the new snapshot, so pages show new data without a restart. The
frame pins each script run to one snapshot (``one_snapshot``): a load committing while a page runs
shows from the next run on, never in half of a page's numbers, and a result cached on ``version()``
holds that snapshot's data. ``version()`` also names the scope, so every result cached on it is
cached per snapshot and scope.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import TypeVar

import duckdb
import streamlit as st
from streamlit import runtime
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from etl.demo import ensure_demo, is_demo
from etl.scope import EVERYTHING, Scope, ScopedReader, Shared, open_scoped
from etl.settings import is_default_warehouse, warehouse_path
from etl.upgrade import refresh_derived, upgrade
from etl.warehouse import WRITER_MEMORY_LIMIT, NoWarehouseError, Warehouse
from govdash import cache

PRINCIPAL_KEY = "govdash_principal"  # session state: the govdash.auth.Principal of this session
_bound_scope: ContextVar[Scope | None] = ContextVar("govdash_scope", default=None)
_pinned: ContextVar[str | None] = ContextVar("govdash_snapshot", default=None)
T = TypeVar("T")


def warehouse() -> Warehouse:
    return Warehouse(warehouse_path())


@cache.resource(max_entries=4)
def boot(root: str) -> bool:
    """Build the demo warehouse on the very first start, at the default path only; an explicit
    ``GOVDASH_DB`` without a warehouse is an error (a mistyped path must not fill up with demo data)."""
    if is_default_warehouse(Path(root)):
        ensure_demo(root)
        upgrade(Warehouse(root))  # the default (try-out) warehouse follows the code; others: etl migrate
        refresh_derived(Warehouse(root))  # its pre-aggregates too (~1 s at demo scale)
    elif not Warehouse(root).exists():
        raise NoWarehouseError(root)
    return True


def current_scope() -> Scope:
    """The area scope of whatever reads now. Fails closed: in the dashboard server, a read with
    neither a session identity nor a scope bound with ``use_scope`` raises."""
    bound = _bound_scope.get()
    if bound is not None:
        return bound
    if get_script_run_ctx(suppress_warning=True) is not None:
        principal = st.session_state.get(PRINCIPAL_KEY)
        if principal is None:
            raise PermissionError("no identity in this session: the frame resolves one before any read")
        return principal.scope
    if runtime.exists():  # a server thread outside a script run (e.g. a deferred download)
        raise PermissionError("a read outside a script run must bind its scope (db.bind_reads)")
    return EVERYTHING  # the CLI, the benchmark, tests calling page functions: local and trusted


@contextlib.contextmanager
def use_scope(scope: Scope) -> Iterator[None]:
    """Read with ``scope`` inside the block (this thread only)."""
    token = _bound_scope.set(scope)
    try:
        yield
    finally:
        _bound_scope.reset(token)


@contextlib.contextmanager
def one_snapshot() -> Iterator[None]:
    """Every read inside the block (this thread only) sees the snapshot current at its start, or the
    one a block around it pinned."""
    token = _pinned.set(_snapshot())
    try:
        yield
    finally:
        _pinned.reset(token)


def bind_reads(fn: Callable[[], T]) -> Callable[[], T]:
    """``fn`` to run later, on any thread (e.g. a download's data), with the scope of now and the
    snapshot of now: the file holds what the page showed. Should that snapshot be gone by then (three
    loads later, ``KEEP_SNAPSHOTS``), it reads the current one."""
    scope, snapshot = current_scope(), _snapshot()

    def bound() -> T:
        with use_scope(scope):
            if not (warehouse().root / snapshot).exists():
                return fn()
            token = _pinned.set(snapshot)
            try:
                return fn()
            finally:
                _pinned.reset(token)

    return bound


def _snapshot() -> str:
    """The name of the snapshot a read sees now: the pinned one, else the current one."""
    return _pinned.get() or warehouse().current_path().name


# One database per snapshot in use, with a schema of views per scope that read it. Not closed on
# eviction: a session may still hold a cursor of it (a cursor keeps the database open); the last
# reference going away closes it.
@cache.resource(max_entries=4)
def _shared(root: str, snapshot: str) -> Shared:
    return Shared(Warehouse(root).root / snapshot)


def _reader(root: str, snapshot: str, roots: tuple[str, ...] | None) -> ScopedReader:
    return _shared(root, snapshot).reader(Scope(roots))


def connection() -> ScopedReader:
    """The read-only connection of the snapshot read now (``one_snapshot``) and the scope; use
    ``.cursor()`` per query (or its ``execute``, which takes a cursor of its own)."""
    return _reader(str(warehouse().root), _snapshot(), current_scope().roots)


def unrestricted() -> ScopedReader:
    """Every area, for the upload checks only: a row outside the user's scope is then named as such
    (not as an unknown code); nothing read here is shown except about the user's own file."""
    return _reader(str(warehouse().root), _snapshot(), None)


def upload_checker() -> duckdb.DuckDBPyConnection:
    """A connection of its own for checking one upload (every area, like ``unrestricted``), with the
    writer's memory limit: a hostile file cannot take the server's memory. Close it after the check."""
    con = open_scoped(warehouse().root / _snapshot(), EVERYTHING)
    con.execute("SET memory_limit = ?", [WRITER_MEMORY_LIMIT])
    return con


def snapshot_version() -> str:
    """The name of the snapshot read now (changes whenever a load commits)."""
    return _snapshot()


def version() -> str:
    """Cache key of everything read in this session: the snapshot and the scope."""
    return f"{snapshot_version()}@{current_scope().key}"


def demo_data() -> bool:
    """Whether the snapshot read now holds the shipped demo data (``etl.demo.is_demo``)."""
    return _demo_data(str(warehouse().root), _snapshot())


@cache.model(max_entries=8)
def _demo_data(root: str, snapshot: str) -> bool:
    with _reader(root, snapshot, None).cursor() as cur:
        return is_demo(cur)
