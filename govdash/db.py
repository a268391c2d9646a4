"""The dashboard's access to the warehouse: one read-only connection per published snapshot.

A load (CLI or upload page) publishes a new snapshot and swaps ``CURRENT``; the next script run
sees a new ``version()`` and opens the new snapshot, so pages show new data without a restart.
Cached query results are keyed on the version too.
"""

from __future__ import annotations

import duckdb
import streamlit as st

from etl.demo import ensure_demo
from etl.settings import warehouse_path
from etl.warehouse import Warehouse


def warehouse() -> Warehouse:
    return Warehouse(warehouse_path())


@st.cache_resource(show_spinner=False)
def boot(root: str) -> bool:
    """Build the demo warehouse on the very first start (once per process)."""
    ensure_demo(root)
    return True


@st.cache_resource(max_entries=4, on_release=lambda con: con.close(), show_spinner=False)
def _reader(root: str, version: str) -> duckdb.DuckDBPyConnection:
    return Warehouse(root).connect_reader()


def connection() -> duckdb.DuckDBPyConnection:
    """The read-only connection for the current snapshot; use ``.cursor()`` per query."""
    wh = warehouse()
    return _reader(str(wh.root), wh.version())


def version() -> str:
    return warehouse().version()
