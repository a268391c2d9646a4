"""Generate the demo data set: one CSV per registry dataset, in the format an analyst uploads.

    python data/demo/generate.py [--out DIR]      (default: data/demo/)

Five real districts (洛龙 410311, 魏都 411002, 涧西 410305, 芝罘 370602, 思茅 530802) with their 2023
statistical divisions, and synthetic but plausible facts around them that reproduce every published
figure of tests/fixtures/published_figures.csv under docs/metric-rules.md (see _facts.py for the
figures and _stories.py for the choices behind them).

The output is deterministic: every random stream is seeded from a fixed string, nothing reads the
clock, and rows are sorted, so running this twice gives byte-identical files.

Format: UTF-8, header = each column's Chinese label in registry order, enum cells as their Chinese
label, booleans 是/否, dates YYYY-MM-DD, months YYYY-MM, codes as text.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script: make `etl` and `data.demo` importable
    sys.path.insert(0, str(ROOT))

from data.demo._activity import build_activity  # noqa: E402
from data.demo._amenities import build_amenities  # noqa: E402
from data.demo._areas import area_rows, build_world  # noqa: E402
from data.demo._compounds import build_compounds, compound_rows  # noqa: E402
from data.demo._facilities import build_centers  # noqa: E402
from data.demo._five_star import build_five_star  # noqa: E402
from data.demo._orgs import build_orgs  # noqa: E402
from data.demo._programs import build_programs  # noqa: E402
from data.demo._staff import build_staff  # noqa: E402
from data.demo._targets import build_targets  # noqa: E402
from data.demo._volunteers import build_volunteers  # noqa: E402
from etl.datasets import DATASETS  # noqa: E402
from etl.registry import Column, Dataset  # noqa: E402

DEMO_DIR = Path(__file__).resolve().parent
Row = dict[str, object]


def build_all() -> dict[str, list[Row]]:
    """Every dataset's rows with canonical values (enum codes, bools, dates), keyed by dataset name."""
    world = build_world()
    compounds = build_compounds(world)
    orgs = build_orgs(world)
    facilities = build_centers(world, compounds) + build_amenities(world)
    facilities.sort(key=lambda row: (row["area_code"], row["facility_kind"], row["facility_name"]))
    programs = build_programs(world, facilities)
    org_counts = Counter(str(o["area_code"]) for o in orgs if o["org_kind"] == "social_org")
    smart_joined = {
        str(p["community_code"]): p["joined_date"]
        for p in programs
        if p["program_kind"] == "smart_community_platform" and str(p["community_code"]).startswith("410311")
    }
    tables = {
        "compounds": compound_rows(compounds),
        "organizations": orgs,
        "facilities": facilities,
        "programs": programs,
        "staff": build_staff(world),
        "activity": build_activity(world, dict(org_counts), smart_joined),
        "volunteers": build_volunteers(world),
        "five_star": build_five_star(world),
        "targets": build_targets(world),
    }
    tables["areas"] = area_rows(world)  # last: building facilities may enlarge a community's premises
    return {name: tables[name] for name in DATASETS if name in tables}  # no demo street boundaries


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(round(float(value), 6))


def format_cell(column: Column, value: object) -> str:
    """A canonical value as an analyst would type it."""
    if value is None:
        return ""
    if column.kind == "enum":
        return column.values[str(value)][0]
    if column.kind == "bool":
        return "是" if value else "否"
    if column.kind == "month":
        assert isinstance(value, dt.date)
        return f"{value.year:04d}-{value.month:02d}"
    if column.kind == "date":
        assert isinstance(value, dt.date)
        return value.isoformat()
    if column.kind == "float":
        return _number(float(value))  # type: ignore[arg-type]
    if column.kind in ("int", "year"):
        return str(int(value))  # type: ignore[call-overload]
    return str(value)


def write_csv(dataset: Dataset, rows: list[Row], path: Path) -> None:
    names = set(dataset.column_names)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow([c.label_zh for c in dataset.columns])
        for row in rows:
            unknown = set(row) - names
            if unknown:
                raise KeyError(f"{dataset.name}: unknown columns {sorted(unknown)}")
            writer.writerow([format_cell(c, row.get(c.name)) for c in dataset.columns])


def main(out_dir: Path | None = None) -> dict[str, int]:
    """Write every dataset to ``out_dir`` (default: this folder); returns rows per dataset."""
    out = Path(out_dir) if out_dir is not None else DEMO_DIR
    out.mkdir(parents=True, exist_ok=True)
    tables = build_all()
    for name, rows in tables.items():
        write_csv(DATASETS[name], rows, out / f"{name}.csv")
    return {name: len(rows) for name, rows in tables.items()}


def _cli(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the demo CSVs (deterministic).")
    parser.add_argument("--out", type=Path, default=DEMO_DIR, help="output folder (default: %(default)s)")
    args = parser.parse_args(argv)
    counts = main(args.out)
    for name, n in counts.items():
        print(f"{name}.csv\t{n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(_cli())
