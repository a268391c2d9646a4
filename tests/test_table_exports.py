"""Office XLSX exports of the tables page, read back with openpyxl from the demo warehouse.

Title, 数据截至 and 单位 rows, number formats per column, a 合计 row equal to what DuckDB adds up
(only for columns where a sum means something), A4 print setup with the header row repeated.
"""

from __future__ import annotations

import functools
import io
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest

from etl.datasets import DATASETS
from etl.units import UNITLESS, UNITS
from etl.warehouse import Warehouse
from govdash import tables_data
from govdash.exports import to_xlsx_bytes
from govdash.table_exports import ADDITIVE, dataset_xlsx
from govdash.xlsx_layout import Layout
from tests.helpers import read_rows

MONTH, AS_OF = date(2024, 12, 1), date(2024, 12, 31)


def export(warehouse, name: str, lang: str = "zh", area: str = "洛龙区", month_only: bool = False):
    """The tables page's XLSX of dataset ``name`` (whole warehouse up to December 2024, or December
    2024 alone), read back (once per warehouse and arguments: the activity export of every month
    takes ~20 s to write and read back, December's 1 s; tests only read the sheet)."""
    return _export(warehouse.root, name, lang, area, month_only)


@functools.cache
def _export(root, name: str, lang: str, area: str, month_only: bool):
    warehouse = Warehouse(root)
    sql, params = tables_data.build_query(DATASETS[name], None, MONTH, AS_OF, None, month_only)
    con = warehouse.connect_reader()
    try:
        raw = con.execute(sql, params).df()
    finally:
        con.close()
    shown = tables_data.display_frame(raw, DATASETS[name], lang)
    data = dataset_xlsx(shown, DATASETS[name], lang, area, AS_OF)
    return openpyxl.load_workbook(io.BytesIO(data)).active, len(shown)


def values(sheet, row: int) -> list:
    return [c.value for c in sheet[row]]


def test_every_numeric_column_has_a_unit_decision_and_totals_name_numbers():
    for dataset in DATASETS.values():
        for column in dataset.columns:
            if column.is_numeric:
                assert (column.name in UNITS) != (column.name in UNITLESS), (dataset.name, column.name)
        for name in ADDITIVE.get(dataset.name, ()):
            assert dataset.column(name).kind in ("int", "float"), (dataset.name, name)


def test_activity_export_has_title_as_of_unit_formats_and_a_true_total(demo_warehouse):
    sheet, n = export(demo_warehouse, "activity", month_only=True)
    assert values(sheet, 1)[0] == "洛龙区社区活动明细表"
    assert "A1:" in str(sheet.merged_cells)
    assert values(sheet, 2)[0] == "数据截至：2024年12月31日"
    assert values(sheet, 3)[0] == "单位：见各列标题括号内"  # 场 and 人次 and 人: units in the headers
    head = values(sheet, 4)
    assert head[:5] == ["社区代码", "社区名称", "月份", "活动类型", "活动场次(场)"]
    assert "参与人次(人次)" in head and all(c.font.bold for c in sheet[4])
    assert sheet.max_row == 4 + n + 1
    first = {h: c for h, c in zip(head, sheet[5], strict=True)}
    assert first["活动场次(场)"].number_format == "#,##0"
    assert isinstance(first["月份"].value, datetime) and first["月份"].number_format == 'yyyy"年"m"月"'
    assert first["社区代码"].data_type == "s"  # codes stay text (12 digits, no 4.10311E+11)
    total = dict(zip(head, values(sheet, sheet.max_row), strict=True))
    assert total["社区代码"] == "合计"
    ((activities, participants),) = read_rows(
        demo_warehouse, "SELECT sum(activities), sum(participants) FROM activity WHERE month = ?", [MONTH]
    )
    assert (total["活动场次(场)"], total["参与人次(人次)"]) == (activities, participants)
    assert total["月份"] is None and total["活动类型"] is None
    assert all(c.font.bold for c in sheet[sheet.max_row])
    assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def test_print_setup_is_a4_fit_to_width_with_the_header_repeated(demo_warehouse):
    sheet, _ = export(demo_warehouse, "activity", month_only=True)
    assert sheet.page_setup.paperSize == 9  # A4
    assert sheet.page_setup.orientation == "landscape"  # ten columns do not fit a portrait page
    width = sheet.page_setup.fitToWidth
    # fitToWidth left out of the XML means 1 (its OOXML default), as Excel reads it
    assert (1 if width is None else width, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$4:$4"
    assert sheet.freeze_panes == "A5"
    assert sheet.oddFooter.center.text == "第 &P 页，共 &N 页"
    narrow = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(pd.DataFrame({"名称": ["a"], "户数": [1]}))))
    assert narrow.active.page_setup.orientation == "portrait"


def test_stocks_scores_and_nested_areas_are_not_added_up(demo_warehouse):
    sheet, _ = export(demo_warehouse, "volunteers", month_only=True)
    head = values(sheet, 4)
    total = dict(zip(head, values(sheet, sheet.max_row), strict=True))
    assert total["社区代码"] == "合计"
    assert total["注册志愿者(人)"] is None and total["活跃志愿者(人)"] is None  # a stock each month
    ((hours,),) = read_rows(
        demo_warehouse, "SELECT sum(volunteer_hours) FROM volunteers WHERE month = ?", [MONTH]
    )
    assert total["志愿服务时长(小时)"] == pytest.approx(hours)
    for name in ("areas", "five_star", "targets", "staff"):
        sheet, n = export(demo_warehouse, name)
        head = int(sheet.freeze_panes[1:]) - 1  # 3 without a 单位 row (targets)
        assert sheet.max_row == head + n, name  # no 合计 row
        assert "合计" not in values(sheet, sheet.max_row), name


def test_one_unit_goes_into_the_unit_row_and_english_reads_english(demo_warehouse):
    sheet, _ = export(demo_warehouse, "staff")
    assert values(sheet, 3)[0] == "单位：人"
    assert "社区工作者" in values(sheet, 4)  # no brackets when the unit row says it all
    sheet, n = export(demo_warehouse, "activity", lang="en", area="Luolong", month_only=True)
    assert values(sheet, 1)[0] == "Activity — Luolong"
    assert "Activities (events)" in values(sheet, 4)
    assert values(sheet, 2)[0] == "Data as of 2024-12-31"
    assert values(sheet, 3)[0] == "Unit: as given in brackets after each column header"
    assert values(sheet, sheet.max_row)[0] == "Total"
    month = next(c for c in sheet[5] if isinstance(c.value, datetime))
    assert month.number_format == "mmm yyyy"
    assert sheet.oddFooter.center.text == "Page &P of &N"


def test_formats_by_kind_and_a_hostile_title_is_text():
    df = pd.DataFrame(
        {"名称": ["甲", "乙"], "投资(万元)": [1.5, 2.25], "覆盖率(%)": [77.44, 50.0], "户数": [3, 4]}
    )
    layout = Layout(
        "=HYPERLINK(1)", kinds={"投资(万元)": "money", "覆盖率(%)": "pct"}, totals=("投资(万元)", "户数")
    )
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(df, "x", layout))).active
    assert sheet["A1"].value == "'=HYPERLINK(1)"
    assert [c.number_format for c in sheet[3]] == ["General", "#,##0.00", "0.0", "#,##0"]
    assert values(sheet, 4)[0] == "乙"
    assert values(sheet, 5) == ["合计", 3.75, None, 7]  # the rate is not summed
