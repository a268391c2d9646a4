"""Shared fixtures: a small warehouse with the areas of 洛龙区, the demo warehouse, and readers."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from etl.warehouse import Warehouse
from tests.helpers import AREAS_FILE, REPO_ROOT, load_files, read_rows, snapshot, table_rows  # noqa: F401


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def _areas_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once per session; each test gets its own copy (loading it is the slow part)."""
    root = tmp_path_factory.mktemp("template") / "wh"
    report = load_files(Warehouse(root), AREAS_FILE)
    assert report.committed and report.ok, [p.render("en") for p in report.problems]
    return root


@pytest.fixture
def warehouse(tmp_path: Path, _areas_template: Path) -> Warehouse:
    """A fresh warehouse at ``tmp_path/'wh'`` holding only the areas file (batch 1)."""
    shutil.copytree(_areas_template, tmp_path / "wh")
    return Warehouse(tmp_path / "wh")


@pytest.fixture
def rows() -> Callable[..., list[tuple]]:
    """``rows(warehouse, table, columns=None)``: sorted table rows via ``Warehouse.connect_reader()``."""
    return table_rows


@pytest.fixture
def tables() -> Callable[..., dict[str, list[tuple]]]:
    """``tables(warehouse, exclude=())``: every table's sorted rows."""
    return snapshot


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    """The warehouse built from the shipped demo files, once per session (read it, don't load into it)."""
    from etl.demo import build_demo

    return build_demo(tmp_path_factory.mktemp("demo") / "wh")


@pytest.fixture(scope="module")
def caches_cleared_once() -> None:
    """Drop what other modules left in Streamlit's caches, once per module (opt in with
    ``pytestmark = pytest.mark.usefixtures("caches_cleared_once")``). Caches are keyed on the data
    version, not the warehouse; the tests of such a module all read one warehouse and share results."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
