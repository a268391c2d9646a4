"""Helpers shared by the tests: the corpus folder, loading files, reading a warehouse back."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from etl.loading import LoadReport, Source, load
from etl.warehouse import Warehouse

REPO_ROOT = Path(__file__).resolve().parent.parent


def run_etl(*args: str | Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """``python -m etl ARGS`` in a child process, as a user types it. Its stderr loses the report
    duckdb's bindings (nanobind) sometimes print after the interpreter has finalized ("nanobind: leaked
    28 instances! …"): it comes after everything the CLI wrote, depends on teardown order, and is not
    the CLI's output, which the tests compare exactly."""
    res = subprocess.run(
        [sys.executable, "-m", "etl", *map(str, args)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    ours, _, _ = res.stderr.partition("nanobind: leaked")
    res.stderr = ours
    return res


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
        names = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1"
            ).fetchall()
        ]
        return {
            n: con.execute(f'SELECT * FROM "{n}" ORDER BY ALL').fetchall() for n in names if n not in exclude
        }
    finally:
        con.close()


def load_files(warehouse: Warehouse, *paths: Path | str, **kwargs) -> LoadReport:
    sources = [Source(Path(p), Path(p).name) for p in paths]
    return load(warehouse, sources, user="tester", **kwargs)


def use_warehouse(root: Path, monkeypatch, clear_caches: bool = True) -> None:
    """Point the app at a warehouse (``GOVDASH_DB``); drop cached results and connections of others."""
    import streamlit as st

    monkeypatch.setenv("GOVDASH_DB", str(root))
    if clear_caches:
        st.cache_data.clear()
        st.cache_resource.clear()


def open_section(at, section: str):
    """Open one of a page's sections (lazy tabs, ``govdash.sections``) as a link to it does."""
    at.query_params["section"] = section
    at.run()
    assert not at.exception and not at.error
    return at


def count_calls(monkeypatch, module: object, *names: str) -> dict[str, int]:
    """Calls of the functions ``names`` of ``module`` from now on (each still does its work), with
    Streamlit's data cache cleared so that a cached result does not hide whether a page asked."""
    import streamlit as st

    calls = dict.fromkeys(names, 0)
    for name in names:
        real = getattr(module, name)

        def counted(*args, _real=real, _name=name, **kwargs):
            calls[_name] += 1
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)
    st.cache_data.clear()
    return calls


def app_on(root: Path, monkeypatch, **query_params: str):
    """``new_app`` on the warehouse at ``root``, keeping the module's cached results."""
    use_warehouse(root, monkeypatch, clear_caches=False)
    return new_app(**query_params)


def new_app(**query_params: str):
    """An AppTest of the whole app (frame and pages); query parameters are set before the first run,
    because the sidebar widgets read them only once."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=120)
    for key, value in query_params.items():
        at.query_params[key] = value
    return at


@dataclass(frozen=True)
class DrawnSeries:
    """One series of a chart as the browser draws it (read from its ECharts option)."""

    name: str
    kind: str
    x: list
    y: list
    colors: list  # each point's colour (its own, else the series')
    tooltips: list  # each point's tooltip (HTML), None without one


@dataclass(frozen=True)
class DrawnChart:
    title: str
    series: list[DrawnSeries]
    option: dict


def drawn_charts(at) -> list[DrawnChart]:
    """The charts an AppTest run drew (``st.echarts_chart``), read from the option the browser gets."""
    charts = []
    for element in at.get("echarts_chart"):
        option = json.loads(element.proto.spec)
        series = []
        for s in option["series"]:
            own = (s.get("itemStyle") or {}).get("color")
            items = s["data"]
            series.append(
                DrawnSeries(
                    name=s.get("name", ""),
                    kind=s["type"],
                    x=[i["value"][0] if isinstance(i["value"], list) else i.get("name") for i in items],
                    y=[i["value"][1] if isinstance(i["value"], list) else i["value"] for i in items],  # a pie
                    colors=[(i.get("itemStyle") or {}).get("color", own) for i in items],
                    tooltips=[(i.get("tooltip") or {}).get("formatter") for i in items],
                )
            )
        charts.append(DrawnChart(option["title"]["text"], series, option))
    return charts


def drawn_chart(at, title_part: str) -> DrawnChart:
    """The drawn chart whose title contains ``title_part``."""
    for chart in drawn_charts(at):
        if title_part in chart.title:
            return chart
    raise AssertionError(f"no chart titled with {title_part!r}")


def loaded_copy(warehouse: Warehouse, folder: Path, file_name: str, text: str) -> Path:
    """A copy of ``warehouse`` in ``folder`` (``folder/'wh'``) after a real load of one file
    ``file_name`` holding ``text``, which must load whole; returns the copy's root."""
    root = folder / "wh"
    shutil.copytree(warehouse.root, root)
    path = folder / file_name
    path.write_text(text, encoding="utf-8")
    report = load_files(Warehouse(root), path)
    assert report.committed and report.ok, [p.render("en") for p in report.problems]
    return root
