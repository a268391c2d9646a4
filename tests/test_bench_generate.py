"""The benchmark generator (bench.generate) at tiny scale: valid files, loaded with no problem, deterministic."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.generate import LOAD_ORDER, SCALES, generate
from etl.datasets import DATASETS
from etl.warehouse import Warehouse
from tests.helpers import load_files, read_rows


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("tiny")
    return out, generate("tiny", out, seed=1)


def test_every_dataset_is_written_with_its_headers(tiny: tuple[Path, dict[str, int]]) -> None:
    out, counts = tiny
    tabular = {name for name, spec in DATASETS.items() if spec.file_format != "geojson"}  # no boundaries
    assert set(LOAD_ORDER) == tabular and LOAD_ORDER[0] == "areas"
    assert list(counts) == list(LOAD_ORDER)
    for name in LOAD_ORDER:
        header = (out / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0]
        assert header == ",".join(c.label_zh for c in DATASETS[name].columns)
        assert counts[name] > 0
    communities = sum(level in ("社区", "村") for level in read_csv_column(out / "areas.csv", 2))
    assert 15 <= communities <= 30
    assert counts["activity"] == counts["volunteers"] == communities * 36
    assert counts["five_star"] == communities * 10 and counts["staff"] == communities * 6


def read_csv_column(path: Path, index: int) -> list[str]:
    return [line.split(",")[index] for line in path.read_text(encoding="utf-8").splitlines()[1:]]


def test_loads_with_no_problem(tiny: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    out, counts = tiny
    warehouse = Warehouse(tmp_path / "wh")
    report = load_files(warehouse, *(out / f"{name}.csv" for name in LOAD_ORDER))
    assert report.committed and report.ok, [p.render("en") for p in report.problems[:20]]
    assert not report.problems
    for name, n in counts.items():
        assert read_rows(warehouse, f'SELECT count(*) FROM "{name}"')[0][0] == n, name


def test_same_seed_same_bytes_other_seed_other_values(
    tiny: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    out, counts = tiny
    assert generate("tiny", tmp_path / "again", seed=1) == counts
    for name in LOAD_ORDER:
        assert (tmp_path / "again" / f"{name}.csv").read_bytes() == (out / f"{name}.csv").read_bytes(), name
    # Another seed: the same rows per dataset and the same codes, other values.
    assert generate("tiny", tmp_path / "other", seed=2) == counts
    for name in ("areas", "compounds", "activity", "volunteers"):
        assert (tmp_path / "other" / f"{name}.csv").read_bytes() != (out / f"{name}.csv").read_bytes(), name
    assert read_csv_column(tmp_path / "other" / "areas.csv", 0) == read_csv_column(out / "areas.csv", 0)


def test_scales_are_described() -> None:
    assert list(SCALES) == ["tiny", "city", "province", "national"]
    assert all(s.description for s in SCALES.values())
    with pytest.raises(ValueError, match="unknown scale"):
        generate("galaxy", Path("unused"))
