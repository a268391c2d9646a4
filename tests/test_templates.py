"""Upload templates: headers only in 数据 (the example lives in 填写说明), notes on every header,
dropdowns for enum and yes/no columns — and a filled-in template loads its rows, never an example."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.datavalidation import DataValidation

from etl.datasets import DATASETS
from etl.templates import DATA_SHEET, EXPLAIN_SHEET, choices, example, template_csv, template_xlsx
from etl.units import column_unit
from tests.helpers import load_files, read_rows

ACTIVITY = DATASETS["activity"]
EXAMPLE_CODE = ACTIVITY.column("community_code").example  # 410311002004 (天元社区), in 洛龙区


def book(name: str) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(template_xlsx(DATASETS[name])))


def validation_at(sheet, coordinate: str) -> DataValidation | None:
    found = [dv for dv in sheet.data_validations.dataValidation if coordinate in dv.sqref]
    assert len(found) <= 1, coordinate
    return found[0] if found else None


@pytest.mark.parametrize("name", list(DATASETS))
def test_the_data_sheet_holds_headers_only_and_the_examples_live_in_the_notes(name):
    wb = book(name)
    assert wb.sheetnames == [DATA_SHEET, EXPLAIN_SHEET]
    data, notes = wb[DATA_SHEET], wb[EXPLAIN_SHEET]
    dataset = DATASETS[name]
    assert [c.value for c in data[1]] == [c.label_zh for c in dataset.columns]
    assert all(cell.value is None for row in data.iter_rows(min_row=2) for cell in row)
    examples = {row[0].value: row[7].value for row in notes.iter_rows(min_row=4)}
    assert examples == {c.label_zh: example(c) or None for c in dataset.columns}
    for col in dataset.columns:  # an example of a dropdown column is one of its choices
        assert not (choices(col) and col.example) or example(col) in choices(col), col.name
    assert template_csv(dataset).decode("utf-8-sig").splitlines() == [
        ",".join(c.label_zh for c in dataset.columns)
    ]


@pytest.mark.parametrize("name", list(DATASETS))
def test_headers_carry_notes_and_enum_columns_have_dropdowns(name):
    data = book(name)[DATA_SHEET]
    for i, col in enumerate(DATASETS[name].columns, start=1):
        head = data.cell(row=1, column=i)
        note = head.comment.text
        assert note.startswith("必填" if col.required else "选填"), col.name
        if column_unit(col):
            assert f"单位：{column_unit(col)}" in note, col.name
        check = validation_at(data, f"{head.column_letter}2")
        assert check is not None and f"{head.column_letter}10001" in check.sqref, col.name
        assert check.prompt and check.showInputMessage, col.name
        if col.kind == "enum" or col.kind == "bool":
            assert check.type == "list", col.name
            assert check.formula1 == '"' + ",".join(choices(col)) + '"', col.name
            # no errorStyle in the file is "stop", its OOXML default, as Excel reads it
            assert (check.errorStyle or "stop") == ("warning" if col.open_values else "stop"), col.name
        else:
            assert check.type is None, col.name
        if col.kind == "code":
            assert data.cell(row=2, column=i).number_format == "@"


def fill(tmp_path: Path, name: str, rows: list[list[object]]) -> Path:
    """A template of ``name`` filled in as an analyst does: typed into 数据 from its first empty row
    (under the header, or under whatever a template put there)."""
    wb = book(name)
    sheet = wb[DATA_SHEET]
    start = next(r for r in range(2, sheet.max_row + 2) if all(c.value is None for c in sheet[r]))
    for r, row in enumerate(rows, start=start):
        for c, value in enumerate(row, start=1):
            sheet.cell(row=r, column=c, value=value)
    path = tmp_path / f"{name}_filled.xlsx"
    wb.save(path)
    return path


def test_a_filled_template_loads_its_rows_and_never_the_example(warehouse, tmp_path):
    """Real data of the example's community and month stays as it was; every dropdown choice loads."""
    real = tmp_path / "real.csv"
    real.write_text(
        f"社区代码,月份,活动类型,活动场次,参与人次\n{EXAMPLE_CODE},2024年5月,养老,7,70\n", encoding="utf-8"
    )
    assert load_files(warehouse, real).committed
    types = choices(ACTIVITY.column("activity_type"))
    rows = [["410311002001", "2024年5月", label, i + 1, 10 * (i + 1)] for i, label in enumerate(types)]
    report = load_files(warehouse, fill(tmp_path, "activity", rows), today=date(2025, 1, 1))
    assert report.committed and report.ok, [p.render("zh") for p in report.problems]
    (loaded,) = report.files
    assert (loaded.sheet, loaded.added) == (DATA_SHEET, len(types))
    canonical = {labels[0]: code for code, labels in ACTIVITY.column("activity_type").values.items()}
    assert read_rows(
        warehouse,
        "SELECT community_code, activity_type, activities, participants FROM activity ORDER BY ALL",
    ) == sorted(
        [(EXAMPLE_CODE, canonical["养老"], 7, 70)]  # untouched: no example row replaced it
        + [("410311002001", canonical[label], i + 1, 10 * (i + 1)) for i, label in enumerate(types)]
    )


def test_dropdown_choices_of_facilities_load(warehouse, tmp_path):
    facilities = DATASETS["facilities"]
    kinds, statuses = choices(facilities.column("facility_kind")), choices(facilities.column("status"))
    header = [c.label_zh for c in facilities.columns]
    rows = []
    for i, kind in enumerate(kinds):
        row = dict.fromkeys(header)
        row.update({"服务社区代码": "410311002001", "设施名称": f"设施{i}", "设施类别": kind})
        row.update({"状态": statuses[i % len(statuses)], "坐标是否近似": "是"})
        row.update({"启用日期": "2021-10-01", "改扩建日期": "2023-05-01"})  # 已建成 and 重建 need them
        rows.append([row[h] for h in header])
    report = load_files(warehouse, fill(tmp_path, "facilities", rows), today=date(2025, 1, 1))
    assert report.committed and report.ok, [p.render("zh") for p in report.problems]
    assert read_rows(warehouse, "SELECT count(*), count(DISTINCT facility_kind) FROM facilities") == [
        (len(kinds), len(kinds))
    ]


def test_an_empty_template_is_refused_as_header_only(warehouse, tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(template_xlsx(ACTIVITY))
    report = load_files(warehouse, path)
    assert not report.committed
    assert [p.render("zh") for p in report.problems] == [
        "empty.xlsx：文件只有表头，没有数据行。修改建议：请填写数据后再导入"
    ]
