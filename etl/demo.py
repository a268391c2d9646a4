"""(Re)build the warehouse from the demo files shipped in ``data/demo``."""

from __future__ import annotations

from pathlib import Path

from etl.datasets import DATASETS
from etl.loading import LoadReport, Source, load
from etl.schema import DEMO_ORIGIN, ORIGIN_KEY
from etl.settings import PROJECT_ROOT
from etl.warehouse import Warehouse

DEMO_DIR = PROJECT_ROOT / "data" / "demo"


def demo_sources(demo_dir: Path = DEMO_DIR) -> list[Source]:
    """One source per dataset that has a demo file, in registry order (areas first)."""
    return [
        Source(demo_dir / f"{name}.csv", f"{name}.csv", dataset=name)
        for name in DATASETS
        if (demo_dir / f"{name}.csv").exists()
    ]


def build_demo(db_dir: Path | str, demo_dir: Path = DEMO_DIR) -> Warehouse:
    """Replace the warehouse at ``db_dir`` with one built from the demo files; raises on any problem."""
    warehouse = Warehouse(db_dir)
    report: LoadReport = load(
        warehouse, demo_sources(demo_dir), user="demo", fresh=True, meta={ORIGIN_KEY: DEMO_ORIGIN}
    )
    if not report.ok:
        lines = "\n".join(p.render("en") for p in report.problems[:20])
        raise RuntimeError(f"demo data does not load:\n{lines}")
    return warehouse


def is_demo(con) -> bool:
    """Whether the snapshot read by ``con`` was built from the demo files."""
    row = con.execute("SELECT value FROM _meta WHERE key = ?", [ORIGIN_KEY]).fetchone()
    return row is not None and row[0] == DEMO_ORIGIN


def ensure_demo(db_dir: Path | str) -> Warehouse:
    """Build the demo warehouse only when there is none yet (first start of the dashboard at the
    default path; see ``govdash.db.boot``)."""
    warehouse = Warehouse(db_dir)
    if not warehouse.exists():
        with warehouse.lock(timeout_s=600):
            if warehouse.exists():  # another process built it while we waited
                return warehouse
        build_demo(db_dir)
    return warehouse
