"""A column a file does not have keeps the values already loaded (``etl.absent_columns``), on a copy of
the demo warehouse through the real loader: a street's sheet of households and population emptied
the coordinates, premises and founding dates of every community it named, without a word."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from etl.history import undo
from etl.warehouse import Warehouse
from tests.helpers import load_files, read_rows

TIANYUAN = "410311002004"
AREA_COLUMNS = "population, households, premises_area_m2, lon, lat, established_date"


@pytest.fixture
def wh(demo_warehouse: Warehouse, tmp_path: Path) -> Warehouse:
    root = tmp_path / "wh"
    shutil.copytree(demo_warehouse.root, root)
    return Warehouse(root)


def _area(wh: Warehouse) -> tuple:
    return read_rows(wh, f"SELECT {AREA_COLUMNS} FROM areas WHERE area_code = ?", [TIANYUAN])[0]


def _load(wh: Warehouse, tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = load_files(wh, path)
    assert report.committed and report.ok, [p.render("en") for p in report.problems]
    return report.files[0]


def test_an_areas_file_of_population_alone_keeps_the_other_columns(wh, tmp_path):
    before = _area(wh)
    assert None not in before  # the demo has every column of 天元社区
    sheet = (
        "区划代码,名称,层级,上级代码,社区类型,户数,人口\n"
        + f"{TIANYUAN},天元社区,社区,410311002,商品房,5000,\n"
    )
    result = _load(wh, tmp_path, "population.csv", sheet)
    after = _area(wh)
    assert after[0] is None  # a blank cell of a column the file has: cleared
    assert after[1] == 5000  # a value: changed
    assert after[2:] == before[2:]  # premises, coordinates, founding date: as they were, not emptied
    kept = [w for w in result.warnings if w.code == "absent_columns_kept"]
    assert len(kept) == 1
    assert kept[0].reason("zh").startswith("文件中没有“办公服务用房面积(平方米)、经度、纬度")
    assert kept[0].reason("zh").endswith("1 行沿用已导入的值")
    assert "Longitude, Latitude" in kept[0].reason("en") and "1 rows keep" in kept[0].reason("en")
    undo(wh, result.batch_id, "test")
    assert _area(wh) == before  # and undo gives back the population


def test_a_column_the_file_has_with_its_cells_blank_clears_them(wh, tmp_path):
    sheet = (
        "区划代码,名称,层级,上级代码,社区类型,办公服务用房面积\n"
        + f"{TIANYUAN},天元社区,社区,410311002,商品房,\n"
    )
    _load(wh, tmp_path, "premises.csv", sheet)
    population, households, premises, *_ = _area(wh)
    assert premises is None and population == 11923 and households == 4860


def test_an_activity_file_without_the_social_org_columns_keeps_them(wh, tmp_path):
    query = (
        "SELECT activity_type, activities, social_org_activities, social_org_participants FROM activity "
        "WHERE community_code = ? AND month = DATE '2024-12-01' ORDER BY activity_type"
    )
    before = read_rows(wh, query, [TIANYUAN])
    assert any(r[2] for r in before)  # social-organisation activities loaded with the month
    lines = [f"{TIANYUAN},2024-12,{kind},{n + 1},{p}" for kind, n, p in [(r[0], r[1], 50) for r in before]]
    sheet = "社区代码,月份,活动类型,活动场次,参与人次\n" + "\n".join(lines) + "\n"
    result = _load(wh, tmp_path, "activity_2024_12.csv", sheet)
    after = read_rows(wh, query, [TIANYUAN])
    assert [r[1] for r in after] == [r[1] + 1 for r in before]  # the file's columns: loaded
    assert [r[2:] for r in after] == [r[2:] for r in before]  # the columns it lacks: kept
    assert result.changed == len(before) and result.removed == 0


def test_a_street_users_file_takes_kept_values_from_its_own_street_only(wh, tmp_path):
    """A street analyst's file with a row of another street is refused whole; the values it lacks are
    not filled in from the other street's stored rows either, so neither its notes nor a check on a
    filled-in value can tell the analyst what that street has (the warning counts its own row only)."""
    from etl.loading import Source, validate
    from etl.scope import Scope

    other = "410311003001"  # 河东社区, another street's community with December activity stored
    assert read_rows(
        wh, "SELECT count(*) FROM activity WHERE community_code = ? AND month = '2024-12-01'", [other]
    )[0][0]
    path = tmp_path / "two_streets.csv"
    rows = [f"{code},2024-12,为民服务,3,30" for code in (TIANYUAN, other)]
    path.write_text("社区代码,月份,活动类型,活动场次,参与人次\n" + "\n".join(rows) + "\n", encoding="utf-8")
    (result,) = validate(wh, [Source(path, path.name)], scope=Scope(("410311002",))).files
    assert [p.code for p in result.problems] == ["outside_scope"]
    (kept,) = [w for w in result.warnings if w.code == "absent_columns_kept"]
    assert kept.reason("zh").endswith("1 行沿用已导入的值")  # 天元社区's row; not 河东社区's
