"""Shared fixtures: a small warehouse with the areas of 洛龙区, and helpers reading it back."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from etl.loading import LoadReport, Source, load
from etl.warehouse import Warehouse

REPO_ROOT = Path(__file__).resolve().parent.parent
FILES = Path(__file__).resolve().parent / "files"
AREAS_FILE = FILES / "areas_luolong.csv"


def read_rows(warehouse: Warehouse, sql: str, params: list | None = None) -> list[tuple]:
    """Rows of a query on a fresh read-only connection to the current snapshot (as the dashboard reads)."""
    con = warehouse.connect_reader()
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def table_rows(warehouse: Warehouse, table: str, columns: list[str] | None = None) -> list[tuple]:
    """Every row of ``table`` (the given columns, default all), sorted, through ``connect_reader``."""
    select = ", ".join(f'"{c}"' for c in columns) if columns else "*"
    return read_rows(warehouse, f'SELECT {select} FROM "{table}" ORDER BY ALL')


def snapshot(warehouse: Warehouse, exclude: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Full contents of every table of the warehouse (sorted rows), for before/after comparisons."""
    con = warehouse.connect_reader()
    try:
        names = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1").fetchall()]
        return {n: con.execute(f'SELECT * FROM "{n}" ORDER BY ALL').fetchall() for n in names if n not in exclude}
    finally:
        con.close()


def load_files(warehouse: Warehouse, *paths: Path | str, **kwargs) -> LoadReport:
    sources = [Source(Path(p), Path(p).name) for p in paths]
    return load(warehouse, sources, user="tester", **kwargs)


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
