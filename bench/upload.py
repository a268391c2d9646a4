"""How long a large CSV takes from upload to committed, next to DuckDB reading the same file.

    python bench/upload.py [--mb 50] [--runs 3]

Builds a demo warehouse in a temporary folder, writes a valid activity CSV of about ``--mb`` MB
(GB18030-free UTF-8, Chinese headers) for the demo communities, then times, in the same run:
``etl.loading.load`` (full validation, diff, history, snapshot swap) and DuckDB's own
``CREATE TABLE AS SELECT * FROM read_csv(...)`` of the same file into a database file, checkpointed
(as ``bench/load_bench.py`` does). Prints min/median/max and the ratio. ``python -m bench`` runs the
same comparison on the generated city/province/national files.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere

from etl.demo import build_demo  # noqa: E402
from etl.loading import Source, load  # noqa: E402
from etl.registry import ACTIVITY_TYPES  # noqa: E402
from etl.warehouse import Warehouse  # noqa: E402


def write_activity(path: Path, communities: list[str], target_mb: float) -> int:
    rng = random.Random(7)
    types = [labels[0] for labels in ACTIVITY_TYPES.values()]
    months = [date(y, m, 1) for y in range(1990, 2025) for m in range(1, 13)]
    rows = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            ["社区代码", "月份", "活动类型", "活动场次", "参与人次", "社会组织活动场次", "社会组织参与人次"]
        )
        for month in months:
            for code in communities:
                for kind in types:
                    n = rng.randint(1, 40)
                    w.writerow(
                        [
                            code,
                            f"{month.year}年{month.month}月",
                            kind,
                            n,
                            n * rng.randint(10, 60),
                            n // 3,
                            n * 5,
                        ]
                    )
                    rows += 1
            if fh.tell() > target_mb * 1024 * 1024:
                break
    return rows


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=50)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="govdash-bench-"))
    try:
        base = build_demo(tmp / "base")
        con = base.connect_reader()
        comms = [
            r[0] for r in con.execute("SELECT area_code FROM areas WHERE level = 'community'").fetchall()
        ]
        con.close()
        csv_path = tmp / "activity_big.csv"
        rows = write_activity(csv_path, comms, args.mb)
        size_mb = csv_path.stat().st_size / 1024 / 1024
        ours, theirs = [], []
        for i in range(args.runs):
            root = tmp / f"run{i}"
            shutil.copytree(base.root, root)
            ours.append(
                timed(
                    lambda root=root: load(Warehouse(root), [Source(csv_path, csv_path.name)], user="bench")
                )
            )
            db = duckdb.connect(str(tmp / f"ctas{i}.duckdb"))
            theirs.append(
                timed(
                    lambda db=db: db.execute(
                        "CREATE TABLE t AS SELECT * FROM read_csv(?)", [str(csv_path)]
                    ).execute("CHECKPOINT")
                )
            )
            db.close()
        fmt = lambda xs: f"{min(xs):.2f} / {statistics.median(xs):.2f} / {max(xs):.2f}"  # noqa: E731
        print(f"file: {size_mb:.1f} MB, {rows:,} rows")
        print("| step | min / median / max (s) | rows/s (median) |")
        print("|---|---|---|")
        print(
            f"| etl load (validate, diff, history, publish) | {fmt(ours)} | {rows / statistics.median(ours):,.0f} |"
        )
        print(f"| DuckDB read_csv CTAS | {fmt(theirs)} | {rows / statistics.median(theirs):,.0f} |")
        print(f"ratio (load / read_csv, medians): {statistics.median(ours) / statistics.median(theirs):.1f}x")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
