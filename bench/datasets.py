"""Generated files and warehouses per scale, cached under ``--data`` (default ``bench/.data/``).

``<data>/<scale>/files/<dataset>.csv`` come from ``bench.generate.generate(scale, dir, seed)``; a
``marker.json`` (scale, seed, generator source hash, rows per dataset) says they are complete, so a
later run reuses them. ``<data>/<scale>/warehouse`` is built by loading every file in
``LOAD_ORDER`` through ``python -m etl load`` (rebuilt when the ``etl`` code changes); before each
file whose load is benchmarked, the warehouse as it was is kept in ``<data>/<scale>/pre-<dataset>``
(that load's starting point).

Scale ``demo`` copies ``data/demo/*.csv`` (no generator needed; for smoke runs of the benchmark).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from bench.proc import REPO_ROOT, measure, python

DEMO_ORDER = (
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


@dataclass
class Scale:
    name: str
    root: Path
    seed: int
    rows: dict[str, int] = field(default_factory=dict)
    order: tuple[str, ...] = ()
    build_seconds: dict[str, float] = field(default_factory=dict)  # dataset -> load time while building

    @property
    def files(self) -> Path:
        return self.root / "files"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse"

    def file(self, dataset: str) -> Path:
        return self.files / f"{dataset}.csv"

    def before(self, dataset: str) -> Path:
        """The warehouse as it was before ``dataset`` was loaded (empty folder for the first file)."""
        return self.root / f"pre-{dataset}"


def _generator_hash() -> str:
    """Changes whenever the generator's source does, so stale cached files are regenerated."""
    digest = hashlib.sha256()
    for path in sorted((REPO_ROOT / "bench").glob("*.py")):
        if path.name == "generate.py" or path.name.startswith("_gen"):
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def _load_order() -> tuple[str, ...]:
    from bench import generate

    return tuple(generate.LOAD_ORDER)


def _count_rows(path: Path) -> int:
    with open(path, "rb") as fh:
        return max(sum(1 for _ in fh) - 1, 0)


def prepare_files(name: str, data_root: Path, seed: int) -> Scale:
    """The scale's files, generated unless the marker says the cached ones match."""
    scale = Scale(name, data_root / name, seed)
    key = {"scale": name, "seed": seed, "generator": "demo" if name == "demo" else _generator_hash()}
    marker = scale.root / "marker.json"
    if marker.exists():
        saved = json.loads(marker.read_text(encoding="utf-8"))
        if all(saved.get(k) == v for k, v in key.items()):
            scale.rows, scale.order = saved["rows"], tuple(saved["order"])
            return scale
    shutil.rmtree(scale.root, ignore_errors=True)
    scale.files.mkdir(parents=True)
    if name == "demo":
        for dataset in DEMO_ORDER:
            shutil.copyfile(REPO_ROOT / "data" / "demo" / f"{dataset}.csv", scale.file(dataset))
        scale.rows = {d: _count_rows(scale.file(d)) for d in DEMO_ORDER}
        scale.order = DEMO_ORDER
    else:
        from bench.generate import generate

        scale.rows = {k: int(v) for k, v in generate(name, scale.files, seed).items()}
        scale.order = _load_order()
    marker.write_text(json.dumps({**key, "rows": scale.rows, "order": list(scale.order)}), encoding="utf-8")
    return scale


def _copy_warehouse(src: Path, dst: Path) -> None:
    """Only what a load needs: ``CURRENT`` and the snapshot it names (not old snapshots or archives)."""
    shutil.rmtree(dst, ignore_errors=True)
    dst.mkdir(parents=True)
    pointer = src / "CURRENT"
    if pointer.exists():
        name = pointer.read_text(encoding="utf-8").strip()
        shutil.copyfile(src / name, dst / name)
        shutil.copyfile(pointer, dst / "CURRENT")


def copy_before(scale: Scale, dataset: str, dst: Path) -> None:
    """A fresh copy of the warehouse before ``dataset`` in ``dst`` (for one benchmarked load)."""
    _copy_warehouse(scale.before(dataset), dst)


def _etl_hash() -> str:
    """Changes whenever the loader's code does: a warehouse built by older code (e.g. without the
    derived tables a load now refreshes) is rebuilt."""
    digest = hashlib.sha256()
    for path in sorted((REPO_ROOT / "etl").rglob("*.py")):
        digest.update(str(path.relative_to(REPO_ROOT)).encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def build_warehouse(scale: Scale, keep_before: tuple[str, ...], log=print) -> None:
    """Load every file in order through ``python -m etl load`` (unless built by the same ``etl`` code)."""
    done = scale.root / "warehouse.json"
    marker = json.loads((scale.root / "marker.json").read_text(encoding="utf-8"))
    etl = f"{_etl_hash()}+{marker['generator']}"  # new loader code or new files: rebuild
    if done.exists() and all(scale.before(d).exists() for d in keep_before if d in scale.rows):
        saved = json.loads(done.read_text(encoding="utf-8"))
        if saved.get("etl") == etl:
            scale.build_seconds = saved["seconds"]
            return
    shutil.rmtree(scale.warehouse, ignore_errors=True)
    scale.warehouse.mkdir(parents=True)
    seconds = {}
    for dataset in scale.order:
        if not scale.file(dataset).exists():
            continue
        if dataset in keep_before:
            _copy_warehouse(scale.warehouse, scale.before(dataset))
        log(f"  [{scale.name}] load {dataset} ({scale.rows.get(dataset, '?')} rows)")
        run = measure(python("-m", "etl", "load", scale.file(dataset), "--db", scale.warehouse))
        seconds[dataset] = run.seconds
    scale.build_seconds = seconds
    done.write_text(json.dumps({"etl": etl, "seconds": seconds}), encoding="utf-8")


def communities(scale: Scale) -> int:
    """Communities in the scale's areas file (for the tables' headings)."""
    import duckdb

    con = duckdb.connect()
    try:
        return con.execute(
            'SELECT count(*) FROM read_csv(?, all_varchar = true) WHERE length("区划代码") = 12',
            [str(scale.file("areas"))],
        ).fetchone()[0]
    finally:
        con.close()
