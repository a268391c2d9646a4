"""Downloads: CSV for Excel (UTF-8 with BOM), XLSX via openpyxl, both safe against formula injection."""

from __future__ import annotations

import io
import math
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest

from etl.safe_text import neutralize_formula as neutralize_cell
from govdash.exports import export_name, neutralize, to_csv_bytes, to_xlsx_book, to_xlsx_bytes
from govdash.xlsx_layout import Layout

RISKY = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR"]


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "社区名称": [*RISKY, "天元社区", None],
            "活动场次": pd.array([1, 2, -3, 4, 5, 6, 7, None], dtype="Int64"),
            "时长(小时)": [1.5, None, 2.25, 3.0, 4.0, 5.0, 6.0, 7.0],
            "月份": pd.to_datetime(["2024-05-01"] * 7 + [None]),
        }
    )


@pytest.mark.parametrize("cell", RISKY)
def test_formula_like_cells_get_a_leading_quote(cell):
    out = neutralize(pd.DataFrame({"a": [cell]}))
    assert out.iloc[0, 0] == "'" + cell


def test_neutralize_reuses_the_cli_rule_and_leaves_numbers_alone():
    df = frame()
    out = neutralize(df)
    assert list(out["社区名称"].iloc[:7]) == [neutralize_cell(v) for v in df["社区名称"].iloc[:7]]
    assert out["社区名称"].iloc[6] == "天元社区"
    assert pd.isna(out["社区名称"].iloc[7])
    assert out["活动场次"].iloc[2] == -3  # negative numbers are numbers, not formulas
    assert df["社区名称"].iloc[0] == "=1+1"  # the input is not modified
    assert list(neutralize(pd.DataFrame(columns=["=bad"])).columns) == ["'=bad"]


def test_csv_has_a_bom_chinese_headers_and_quoted_formulas():
    data = to_csv_bytes(frame())
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(back.columns) == ["社区名称", "活动场次", "时长(小时)", "月份"]
    assert back["社区名称"].iloc[0] == "'=1+1"
    assert back["社区名称"].iloc[6] == "天元社区"
    assert back["活动场次"].iloc[2] == "-3"
    assert back["月份"].iloc[0] == "2024-05-01"


def test_xlsx_round_trip_keeps_types_and_never_writes_formulas():
    data = to_xlsx_bytes(frame(), "社区活动")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.title == "社区活动"
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["社区活动", None, None, None]  # the title (default: the sheet name)
    assert rows[1] == ["社区名称", "活动场次", "时长(小时)", "月份"]
    assert rows[2] == ["'=1+1", 1, 1.5, datetime(2024, 5, 1)]
    assert rows[4][:3] == ["'-2+3", -3, 2.25]
    assert rows[8][0] == "天元社区"
    assert rows[9] == [None, None, 7, None]
    assert len(rows) == 10  # no 合计 row unless the caller names summed columns
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert sheet["A2"].font.bold
    assert sheet.freeze_panes == "A3"


def test_xlsx_sheet_name_is_made_valid_and_control_characters_are_dropped():
    data = to_xlsx_bytes(pd.DataFrame({"a": ["x\x01y"]}), "a/b:c*d?e[f]g" + "长" * 40)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.title == ("a_b_c_d_e_f_g" + "长" * 40)[:31]
    assert sheet["A3"].value == "xy"


def test_export_name():
    assert export_name("服务设施", "洛龙区", day=date(2024, 12, 1)) == "服务设施_洛龙区_2024-12"
    assert export_name("a b", "c/d") == "a_b_c_d"
    assert export_name("", "") == "export"


def test_xlsx_text_that_looks_like_a_link_or_a_number_stays_text():
    """The writer turns nothing it is given as text into a link, a formula or a number."""
    texts = ["http://example.com/x", "mailto:a@b.cn", "external:c:\\a.xlsx", "410311002001", "1e5"]
    data = to_xlsx_bytes(pd.DataFrame({"网址": texts}), "links")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    cells = [sheet.cell(r, 1) for r in range(3, 3 + len(texts))]
    assert [c.value for c in cells] == texts
    assert [c.data_type for c in cells] == ["s"] * len(texts)
    assert not [c.coordinate for c in cells if c.hyperlink is not None]


def test_a_workbook_of_several_sheets_gets_valid_unique_names():
    df = pd.DataFrame({"a": [1]})
    names = ["开元路街道", "开元路街道", "A/B", "a_b", "长" * 40, "长" * 40, "History"]
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_book([(df, n, None) for n in names])))
    # Excel reserves the name History (it refuses such a sheet): it is numbered like a taken name
    assert book.sheetnames == [
        "开元路街道",
        "开元路街道2",
        "A_B",
        "a_b2",
        "长" * 31,
        "长" * 30 + "2",
        "History2",
    ]
    assert [book[n]["A1"].value for n in book.sheetnames] == names  # each titled by its own name


@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")  # inf + -inf in the sum
def test_xlsx_leaves_a_number_no_cell_can_hold_empty():
    """A rate divided by zero (±inf) or NaN is written as an empty cell, never as 0; the 合计 of such
    a column is empty too; the other numbers keep their values."""
    df = pd.DataFrame({"名称": ["甲", "乙", "丙", "丁"], "比率": [1.5, math.inf, -math.inf, math.nan]})
    layout = Layout("x", kinds={"比率": "float"}, totals=("比率",))
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(df, "x", layout))).active
    assert [sheet.cell(r, 2).value for r in range(3, 8)] == [1.5, None, None, None, None]
    assert sheet.cell(7, 1).value == "合计"
