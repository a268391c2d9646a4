"""Section 1, load: ``python -m etl load FILE`` next to DuckDB's own ``read_csv`` CTAS of the same file.

Both sides are whole processes, timed from spawn to exit, with their peak RSS. ``etl load`` starts
each run from a fresh copy of the scale's warehouse as it was before that file (so every run does
the same work: validate, diff against the live rows, write history, archive the file, publish a
snapshot); DuckDB writes ``CREATE TABLE t AS SELECT * FROM read_csv(FILE)`` into a new database
file. Runs alternate between the two, so drift on the shared machine hits both alike.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.datasets import Scale, copy_before
from bench.proc import measure, python

DATASETS = ("areas", "compounds", "activity")  # the biggest files (activity: tens of millions at national)

CTAS = """
import sys, duckdb
con = duckdb.connect(sys.argv[2], config={"autoinstall_known_extensions": False,
                                          "autoload_known_extensions": False})
con.execute("SET enable_progress_bar = false")
con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [sys.argv[1]])
con.execute("CHECKPOINT")
con.close()
"""


def _ctas_once(file: Path, work: Path) -> tuple[float, float]:
    db = work / "ctas.duckdb"
    db.unlink(missing_ok=True)
    try:
        run = measure(python("-c", CTAS, file, db))
    finally:
        db.unlink(missing_ok=True)
        Path(f"{db}.wal").unlink(missing_ok=True)
    return run.seconds, run.peak_mb


def _etl_once(scale: Scale, dataset: str, work: Path) -> tuple[float, float]:
    wh = work / "wh"
    copy_before(scale, dataset, wh)
    try:
        run = measure(python("-m", "etl", "load", scale.file(dataset), "--db", wh))
    finally:
        shutil.rmtree(wh, ignore_errors=True)
    return run.seconds, run.peak_mb


def run(scale: Scale, runs: int, log=print) -> list[dict]:
    """One result per benchmarked dataset of the scale (JSON-friendly)."""
    work = scale.root / "work"
    work.mkdir(exist_ok=True)
    results = []
    for dataset in DATASETS:
        if dataset not in scale.rows:
            continue
        file = scale.file(dataset)
        result = {
            "scale": scale.name,
            "dataset": dataset,
            "rows": scale.rows[dataset],
            "mb": file.stat().st_size / 1024 / 1024,
            "etl": [],
            "etl_mb": [],
            "ctas": [],
            "ctas_mb": [],
        }
        for i in range(runs):
            log(f"  [{scale.name}] load {dataset}: run {i + 1}/{runs}")
            seconds, peak = _etl_once(scale, dataset, work)
            result["etl"].append(seconds)
            result["etl_mb"].append(peak)
            seconds, peak = _ctas_once(file, work)
            result["ctas"].append(seconds)
            result["ctas_mb"].append(peak)
        results.append(result)
    shutil.rmtree(work, ignore_errors=True)
    return results


def startup(runs: int) -> list[float]:
    """Process start of the CLI alone (``python -m etl --help``): the fixed cost inside every load."""
    return [measure(python("-m", "etl", "--help")).seconds for _ in range(runs)]
