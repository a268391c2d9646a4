"""Seeded, deterministic generator of valid upload files for the benchmarks (all ten datasets).

    python -m bench.generate --scale city --out /tmp/bench-data/city [--seed 1]

Writes ``<dataset>.csv`` per dataset, with the Chinese headers and value formats of ``data/demo``,
so that ``python -m etl load <files in LOAD_ORDER> --db DIR`` loads them with no problem. Everything
is DuckDB SQL over ``range()`` with ``hash()``-based pseudo-random values (no per-row Python), sorted
by each dataset's key and written with DuckDB's CSV writer:

- same scale and seed ⇒ byte-identical files;
- another seed ⇒ other values (names, coordinates, counts in the cells) but the same rows per
  dataset: the shape of the tree and which rows exist depend on the scale only.

Scales (communities ≈): tiny 20, city 2,000, province 50,000, national 620,000 (see ``SCALES``).
Months of activity and volunteers: 2022-01 … 2024-12 (36); five-star years 2023–2024; staff
snapshots every half year 2022–2024.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from bench._gen_areas import PROVINCES, Shape, build_areas, create_macros
from bench._gen_facts import QUERIES, create_labels
from etl.datasets import DATASETS
from etl.sqlutil import q

# Areas first (every other dataset refers to them); then the rest, none of which depends on another.
LOAD_ORDER: tuple[str, ...] = (
    "areas",
    "compounds",
    "organizations",
    "facilities",
    "programs",
    "staff",
    "activity",
    "volunteers",
    "five_star",
    "targets",
)


@dataclass(frozen=True)
class Scale:
    name: str
    description: str
    shape: Shape


SCALES: dict[str, Scale] = {
    s.name: s
    for s in (
        Scale(
            "tiny",
            "1 district (洛龙区 410311), 3 streets, ~20 communities; for tests",
            Shape(("41",), ("4103",), ("410311",), (3, 3), (6, 8)),
        ),
        Scale(
            "city",
            "1 city (洛阳市 410300), 10 districts, ~120 streets, ~2,000 communities",
            Shape(("41",), ("4103",), (10, 10), (8, 16), (11, 24)),
        ),
        Scale(
            "province",
            "1 province (河南省 410000), 17 cities, ~170 districts, ~50,000 communities",
            Shape(("41",), (17, 17), (8, 12), (9, 20), (13, 28)),
        ),
        Scale(
            "national",
            "全国 100000, 31 provinces, ~330 cities, ~2,850 districts, ~41,000 streets, ~620,000 communities",
            Shape(tuple(p[0] for p in PROVINCES), (7, 15), (5, 12), (9, 20), (8, 22)),
        ),
    )
}


def _connect(work: Path, seed: int) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(
        config={"memory_limit": "1500MB", "temp_directory": str(work), "preserve_insertion_order": True}
    )
    con.execute("SET enable_progress_bar = false")
    create_macros(con, seed)
    return con


def _write(con: duckdb.DuckDBPyConnection, dataset: str, path: Path) -> int:
    """COPY one dataset, sorted by its key, to ``path``; the rows written."""
    query, order = QUERIES[dataset]
    columns = ", ".join(f"{q(c.name)} AS {q(c.label_zh)}" for c in DATASETS[dataset].columns)
    return con.execute(
        f"COPY (SELECT {columns} FROM ({query}) t ORDER BY {order}) TO ? (HEADER)", [str(path)]
    ).fetchone()[0]


def generate(scale: str, out_dir: Path, seed: int = 1) -> dict[str, int]:
    """Write ``<dataset>.csv`` for every dataset into ``out_dir``; rows written per dataset (LOAD_ORDER)."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; one of {', '.join(SCALES)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-gen-") as work:
        con = _connect(Path(work), seed)
        try:
            build_areas(con, SCALES[scale].shape)
            create_labels(con)
            return {name: _write(con, name, out_dir / f"{name}.csv") for name in LOAD_ORDER}
        finally:
            con.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=list(SCALES), required=True)
    parser.add_argument("--out", type=Path, required=True, help="folder for the <dataset>.csv files")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    counts = generate(args.scale, args.out, args.seed)
    elapsed = time.perf_counter() - started
    total_bytes = 0
    for name, rows in counts.items():
        size = (args.out / f"{name}.csv").stat().st_size
        total_bytes += size
        print(f"{name + '.csv':<20} {rows:>12,} rows {size / 1e6:>10.1f} MB")
    print(
        f"{'total':<20} {sum(counts.values()):>12,} rows {total_bytes / 1e6:>10.1f} MB  "
        f"({args.scale}, seed {args.seed}, {elapsed:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
