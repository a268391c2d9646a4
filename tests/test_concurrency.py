"""Loads killed midway, readers during loads, and loads racing each other (real processes, real files)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from etl.warehouse import Warehouse
from tests.helpers import FILES, load_files, read_rows, snapshot, table_rows

COMMUNITIES = ("410311002001", "410311002002", "410311002004", "410311003001", "410311003220")


def activity_file(path: Path, types: int, first_year: int = 2000, years: int = 24) -> int:
    """A valid activity file of len(COMMUNITIES) × 12·years × ``types`` rows (open activity types)."""
    lines = ["社区代码,月份,活动类型,活动场次,参与人次"]
    for code in COMMUNITIES:
        for year in range(first_year, first_year + years):
            for month in range(1, 13):
                month_text = f"{year}年{month}月"
                lines += [f"{code},{month_text},type_{t:03d},{t % 20},{t * 3}" for t in range(types)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


def cli(repo_root: Path, *args: str | Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVDASH_")}
    return subprocess.Popen(
        [sys.executable, "-m", "etl", *map(str, args)],
        cwd=repo_root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(predicate, proc: subprocess.Popen, timeout: float = 60.0, poll: float = 0.002) -> bool:
    """Poll until ``predicate()``; False when the process ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        if proc.poll() is not None:
            return predicate()
        time.sleep(poll)
    raise AssertionError("timed out")


def kill_load_when(root: Path, big: Path, repo_root: Path, phase: str) -> bool:
    """Start ``python -m etl load big`` on ``root`` and SIGKILL it in ``phase``; False if it ended first.

    ``staging``: the current snapshot has been copied to ``snap-*.duckdb.tmp`` (the file is being read and
    checked); ``writing``: DuckDB has started writing rows into that copy (it grows past the original).
    """
    original = (root / (root / "CURRENT").read_text().strip()).stat().st_size

    def tmp_size() -> int:
        try:
            return max((p.stat().st_size for p in root.glob("snap-*.duckdb.tmp")), default=-1)
        except FileNotFoundError:  # renamed into place between glob and stat
            return -1

    in_phase = (lambda: tmp_size() == original) if phase == "staging" else (lambda: tmp_size() > original)
    proc = cli(repo_root, "load", big, "--db", root)
    try:
        caught = wait_for(in_phase, proc, poll=0.001)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
        proc.stdout.close()
        proc.stderr.close()
    return caught and proc.returncode == -signal.SIGKILL


@pytest.mark.slow
@pytest.mark.parametrize("phase", ["staging", "writing"])
def test_load_killed_midway_leaves_previous_data_intact(
    warehouse: Warehouse, repo_root: Path, tmp_path: Path, phase: str
) -> None:
    assert load_files(warehouse, FILES / "act_utf8.csv").committed
    version, before = warehouse.version(), snapshot(warehouse)
    big = tmp_path / "big.csv"
    assert activity_file(big, types=210) == 302_400

    # the write phase lasts a fraction of a second: on a busy machine the poll may miss it, so retry on
    # a fresh copy (each attempt must really have been killed in that phase)
    for attempt in range(3):
        victim = Warehouse(shutil.copytree(warehouse.root, tmp_path / f"attempt{attempt}"))
        if kill_load_when(victim.root, big, repo_root, phase):
            break
    else:
        pytest.fail(f"could not kill the load in its {phase} phase in 3 attempts")
    assert list(victim.root.glob("snap-*.duckdb.tmp")), "the killed load left no temporary snapshot?"

    assert victim.version() == version
    assert snapshot(victim) == before

    # the next load cleans up and works
    report = load_files(victim, FILES / "compounds_formulas.csv")
    assert report.committed and report.files[0].batch_id == 3
    assert not list(victim.root.glob("*.tmp*"))
    assert table_rows(victim, "activity") == before["activity"]
    assert len(table_rows(victim, "compounds")) == 5


def test_leftover_spill_directory_is_cleaned(warehouse: Warehouse) -> None:
    spill = warehouse.root / "snap-000009.duckdb.tmp.tmp"  # DuckDB's default temp_directory for that file
    spill.mkdir()
    (spill / "duckdb_temp_storage_DEFAULT-0.tmp").write_bytes(b"\0" * 1024)
    assert load_files(warehouse, FILES / "act_utf8.csv").committed
    assert not spill.exists()


def test_reader_stays_usable_during_a_load_in_another_process(
    warehouse: Warehouse, repo_root: Path, tmp_path: Path
) -> None:
    assert load_files(warehouse, FILES / "act_utf8.csv").committed
    version = warehouse.version()
    old_rows = table_rows(warehouse, "activity")
    medium = tmp_path / "medium.csv"
    added = activity_file(medium, types=20, years=10)

    reader = warehouse.connect_reader()  # opened before the load, like the dashboard's cached connection
    try:
        proc = cli(repo_root, "load", medium, "--db", warehouse.root)
        queries_while_writing = 0
        while proc.poll() is None:
            writing = bool(list(warehouse.root.glob("snap-*.duckdb.tmp")))
            cur = reader.cursor()
            assert cur.execute("SELECT * FROM activity ORDER BY ALL").fetchall() == old_rows
            cur.close()
            queries_while_writing += writing
            time.sleep(0.01)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert queries_while_writing > 0, "the reader was never used while the load was writing"

        assert warehouse.version() != version
        # the old connection still works on its (now superseded) snapshot
        assert reader.execute("SELECT count(*) FROM activity").fetchall() == [(len(old_rows),)]
    finally:
        reader.close()
    # a new reader sees the new rows
    assert read_rows(warehouse, "SELECT count(*) FROM activity") == [(len(old_rows) + added,)]
    assert read_rows(warehouse, "SELECT batch_id, rows_added FROM _batches WHERE batch_id = 3") == [
        (3, added)
    ]


def test_two_loads_at_once_are_serialized(warehouse: Warehouse, tmp_path: Path) -> None:
    """Both threads load; the lock makes the second start from the first's snapshot (no lost batch)."""
    april = tmp_path / "april.csv"
    april.write_text(
        "社区代码,月份,活动类型,活动场次,参与人次\n410311002004,2024年4月,为民服务,8,200\n", encoding="utf-8"
    )
    files = [FILES / "act_utf8.csv", april, FILES / "compounds_formulas.csv"]
    barrier = threading.Barrier(len(files))
    reports: dict[str, object] = {}
    errors: list[BaseException] = []

    def run(path: Path) -> None:
        try:
            barrier.wait()
            reports[path.name] = load_files(warehouse, path)
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(f,)) for f in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert all(r.committed for r in reports.values())
    assert sorted(r.files[0].batch_id for r in reports.values()) == [2, 3, 4]
    assert sorted(r.version for r in reports.values()) == [
        "snap-000002.duckdb",
        "snap-000003.duckdb",
        "snap-000004.duckdb",
    ]
    # every batch is in the final snapshot, with its rows
    assert read_rows(warehouse, "SELECT batch_id, file_name FROM _batches ORDER BY 1")[0] == (
        1,
        "areas_luolong.csv",
    )
    assert sorted(
        r[0] for r in read_rows(warehouse, "SELECT file_name FROM _batches WHERE batch_id > 1")
    ) == sorted(f.name for f in files)
    assert read_rows(warehouse, "SELECT count(*) FROM activity") == [(4,)]
    assert read_rows(warehouse, "SELECT count(*) FROM compounds") == [(5,)]
    assert read_rows(
        warehouse,
        "SELECT DISTINCT a._batch_id FROM activity a JOIN _batches b ON b.batch_id = a._batch_id ORDER BY 1",
    ) == sorted((reports[n].files[0].batch_id,) for n in ("act_utf8.csv", "april.csv"))
