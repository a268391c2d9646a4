"""The loader on the corpus of awkward files in ``tests/files`` (see ``make_corpus.py``).

Every file either loads with exactly the expected stored rows, or is rejected with exactly the
expected problems while the warehouse stays as it was. The rest covers batches: reloads, identical
files, undo and its refusal.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from etl.history import UndoError, dependents, undo
from etl.loading import Source, load, validate
from etl.messages import EtlError
from etl.reading import read_any
from etl.warehouse import Warehouse
from tests.helpers import FILES, load_files, read_rows, snapshot, table_rows

TODAY = date(2025, 6, 30)
MAY = date(2024, 5, 1)
ACT_COLS = ["community_code", "month", "activity_type", "activities", "participants", "social_org_activities"]

# the rows of tests/files/act_utf8.csv and its variants (sorted like table_rows)
ACT = [
    ("410311002001", MAY, "culture_sports", 3, 90, None),
    ("410311002004", MAY, "public_service", 12, 360, 2),
    ("410311003001", MAY, "mutual_aid", 5, 150, 1),
]
ACT5 = [r[:5] + (None,) for r in ACT]  # the same without the social-org column
ACT2 = [r for r in ACT5 if r[2] != "mutual_aid"]  # the first two rows only

# file -> (table, columns, expected rows, expected _batches.encoding or sheet)
LOADS: dict[str, tuple[str, list[str], list[tuple], str]] = {
    "act_utf8.csv": ("activity", ACT_COLS, ACT, "utf-8"),
    "act_utf8_bom.csv": ("activity", ACT_COLS, ACT, "utf-8-sig"),
    "act_gbk.csv": ("activity", ACT_COLS, ACT, "gb18030"),
    "act_title_rows.csv": ("activity", ACT_COLS, ACT, "utf-8"),
    "act_title_merged.xlsx": ("activity", ACT_COLS, ACT, "活动统计"),
    "act_second_sheet.xlsx": ("activity", ACT_COLS, ACT5, "5月"),
    "act_numeric_codes.xlsx": ("activity", ACT_COLS, ACT5, "Sheet1"),
    "act_blank_rows.csv": ("activity", ACT_COLS, ACT5, "utf-8"),
    "act_totals.csv": ("activity", ACT_COLS, ACT5, "utf-8"),
    "act_repeated_header.csv": ("activity", ACT_COLS, ACT5, "utf-8"),
    "act_english_reordered.csv": ("activity", ACT_COLS, ACT2, "utf-8"),
    "act_tab.tsv": ("activity", ACT_COLS, ACT2, "utf-8"),
    "act_semicolon.csv": (
        "activity",
        ACT_COLS,
        [
            ("410311002001", MAY, "culture_sports", 3, 90, None),
            ("410311002004", MAY, "public_service", 12, 1200, None),
        ],
        "utf-8",
    ),
    "act_numbers.csv": (
        "activity",
        ["community_code", "activities", "participants"],
        [
            ("410311002001", 12, 12000),  # 12场次, 1.2万
            ("410311002002", 7, 2500),  # " 7 ", ２，５００
            ("410311002004", 15, 1200),  # １５, 1,200
            ("410311003001", 3, 123),  # １２３
            ("410311003220", 0, 3500),  # 0.35万
        ],
        "utf-8",
    ),
    "act_month_formats.csv": (
        "activity",
        ["month", "activities"],
        [
            (date(2023, 10, 1), 8),  # 2023年10月
            (date(2023, 11, 1), 7),  # Excel serial 45231
            (date(2023, 12, 1), 6),  # 2023年12月31日
            (date(2024, 1, 1), 5),  # 2024.01 (2024.1 is ambiguous: see test_corpus.py)
            (date(2024, 2, 1), 4),  # 202402
            (date(2024, 3, 1), 3),  # 2024/3/1
            (date(2024, 4, 1), 2),  # 2024-04
            (date(2024, 5, 1), 1),  # 2024年5月
        ],
        "utf-8",
    ),
    "act_excel_codes.csv": (
        "activity",
        ["community_code", "activities"],
        [
            ("410311002001", 2),  # 4.10311002001E+11 (all 12 digits kept)
            ("410311002004", 1),  # 410311002004.0
            ("410311003001", 3),  # full-width digits with spaces
        ],
        "utf-8",
    ),
    "act_extra_columns.csv": (
        "activity",
        ACT_COLS,
        [("410311002004", MAY, "public_service", 12, 360, None)],
        "utf-8",
    ),
    # formula-like text is stored exactly as typed (no apostrophe, nothing evaluated); only exports
    # (``--errors``) neutralize it, see test_cli.py
    "compounds_formulas.csv": (
        "compounds",
        ["compound_name", "community_code", "households"],
        [
            ("+86-379-6552", "410311002004", 40),
            ("-1号院", "410311002004", 50),
            ("=1+2", "410311002004", 10),
            ('=HYPERLINK("http://example.com","点我")', "410311002004", 30),
            ("@SUM(A1)", "410311002004", 20),
        ],
        "utf-8",
    ),
    "compounds_gb18030.csv": (
        "compounds",
        ["community_code", "compound_name", "households", "built_year", "is_old_compound"],
        [
            ("410311002004", "牡丹苑", 1150, 2006, False),
            ("410311002004", "𠮷祥小区", 320, 1998, True),
        ],
        "gb18030",
    ),
}

# unrecognized columns are loaded without, with a warning; no other file gets a warning
WARNINGS = {"act_extra_columns.csv": [("extra_column", "备注", True), ("extra_column", "填表人", True)]}

# file -> every problem as (code, row, column, value)
REJECTS: dict[str, list[tuple]] = {
    "act_blank_rows_errors.csv": [
        ("not_a_number", 4, "活动场次", "三"),
        ("negative", 9, "参与人次", "-7"),
        ("not_a_number", 11, "参与人次", "N/A"),
    ],
    "act_unknown_area.csv": [
        ("unknown_area", 3, "社区代码", "410311002999"),
        ("wrong_level", 4, "社区代码", "410311002"),
    ],
    "act_duplicate_keys.csv": [("duplicate_key", 4, "社区代码", "410311002004")],
    "act_negative.csv": [("negative", 2, "活动场次", "-3"), ("negative", 3, "参与人次", "－20")],
    "act_text_in_numbers.csv": [
        ("not_a_number", 2, "活动场次", "十二"),
        ("not_a_number", 3, "参与人次", "N/A"),
        ("not_integer", 4, "活动场次", "2.5"),
        ("not_a_number", 4, "参与人次", "约100"),
    ],
    "act_future_month.csv": [("future_period", 3, "月份", "2099年1月")],
    "act_check_failed.csv": [("check_failed", 2, "社会组织活动场次", "5")],
    "act_code_scientific.csv": [("code_scientific", 3, "社区代码", "4.10311E+11")],
    "act_many_errors.csv": [
        ("negative", 2, "活动场次", "-1"),
        ("not_a_number", 2, "参与人次", "abc"),
        ("required", 3, "社区代码", None),
        ("bad_month", 4, "月份", "2024年13月"),
        ("bad_value", 5, "活动类型", "跳广场舞"),
        ("unknown_area", 6, "社区代码", "410311009999"),
        ("duplicate_key", 7, "社区代码", "410311002004"),
    ],
    "act_missing_column.csv": [("missing_column", None, "参与人次", None)],
    "empty.csv": [("file_empty", None, None, None)],
    "bom_only.csv": [("file_empty", None, None, None)],
    "header_only.csv": [("header_only", None, None, None)],
    "png_renamed.csv": [("file_binary", None, None, None)],
    "latin1.csv": [("encoding_unknown", None, None, None)],
    "no_header.csv": [("no_header", None, None, None)],
    "dataset_unknown.csv": [("dataset_guess", None, None, None)],  # names the dataset it resembles
    "corrupt.xlsx": [("excel_unreadable", None, None, None)],
}

# exact Chinese messages for some of them
RENDERED_ZH = {
    "act_blank_rows_errors.csv": [
        "act_blank_rows_errors.csv 第4行 “活动场次”列 值“三”：不是数字。修改建议：请填写数字，如 1200、1,200 或 1.2万",
        "act_blank_rows_errors.csv 第9行 “参与人次”列 值“-7”：不能为负数。修改建议：请填写 0 或正数",
        "act_blank_rows_errors.csv 第11行 “参与人次”列 值“N/A”：不是数字。修改建议：请填写数字，如 1200、1,200 或 1.2万",
    ],
    "act_unknown_area.csv": [
        "act_unknown_area.csv 第3行 “社区代码”列 值“410311002999”：区划代码在数据库中不存在。"
        "修改建议：请核对代码，或先导入包含该社区的“区划与社区”数据",
        "act_unknown_area.csv 第4行 “社区代码”列 值“410311002”：该代码是街道/镇，这里需要社区（12位代码）。"
        "修改建议：请填写社区的12位区划代码",
    ],
    "act_duplicate_keys.csv": [
        "act_duplicate_keys.csv 第4行 “社区代码”列 值“410311002004”：与第 2 行重复（社区代码+月份+活动类型）。"
        "修改建议：同一社区代码+月份+活动类型只能出现一次，请删除或合并重复行",
    ],
    "act_extra_columns.csv": [  # a warning, rendered like a problem
        "act_extra_columns.csv “备注”列：未识别的列“备注”，已忽略。修改建议：如需导入，请改用模板中的列名",
        "act_extra_columns.csv “填表人”列：未识别的列“填表人”，已忽略。修改建议：如需导入，请改用模板中的列名",
    ],
    "act_future_month.csv": [
        "act_future_month.csv 第3行 “月份”列 值“2099年1月”：时间晚于当前（2025-06-30）。"
        "修改建议：不能导入未来的数据，请核对年份和月份",
    ],
    "act_code_scientific.csv": [
        "act_code_scientific.csv 第3行 “社区代码”列 值“4.10311E+11”：区划代码被Excel转成了科学计数法，末尾数字已丢失。"
        "修改建议：请在Excel中把该列设为“文本”格式，重新输入代码后另存",
    ],
    "act_missing_column.csv": [
        "act_missing_column.csv “参与人次”列：缺少必填列“参与人次”。"
        "修改建议：请增加该列（可用列名：参与人次、人次、参与人数、服务人次、participants）",
    ],
    "png_renamed.csv": [
        "png_renamed.csv：不是CSV或Excel文件（内容为二进制数据）。"
        "修改建议：请上传 .csv、.xlsx 或 .xls 文件（Excel的“Unicode 文本”也可以）",
    ],
    "empty.csv": ["empty.csv：文件是空的。修改建议：请检查是否选错了文件"],
    "header_only.csv": ["header_only.csv：文件只有表头，没有数据行。修改建议：请填写数据后再导入"],
}


VALIDATE_TOO = ("act_many_errors.csv", "act_blank_rows_errors.csv", "act_missing_column.csv", "corrupt.xlsx")


def _where(problems) -> list[tuple]:
    return [(p.code, p.row, p.column, p.value) for p in problems]


def test_corpus_is_covered() -> None:
    """Every file of the corpus has an expected outcome here (a new file must get one)."""
    corpus = {p.name for p in FILES.iterdir() if p.is_file() and p.suffix != ".py"}
    expected = set(LOADS) | set(REJECTS) | {"areas_luolong.csv", "areas_new_community.csv"}
    assert corpus == expected


def test_corpus_really_is_awkward() -> None:
    """The files are what their names say (so the tests below test what they claim)."""
    data = {
        name: (FILES / name).read_bytes()
        for name in ("act_gbk.csv", "compounds_gb18030.csv", "act_utf8_bom.csv", "png_renamed.csv")
    }
    with pytest.raises(UnicodeDecodeError):
        data["act_gbk.csv"].decode("utf-8")
    assert data["act_gbk.csv"].decode("gbk").startswith("社区代码,月份")
    text = data["compounds_gb18030.csv"].decode("gb18030")
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")  # needs GB18030 proper, not GBK
    assert data["act_utf8_bom.csv"].startswith(b"\xef\xbb\xbf")
    assert data["png_renamed.csv"].startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize("name", sorted(LOADS))
def test_file_loads_with_exact_values(warehouse: Warehouse, name: str) -> None:
    table, columns, expected, source = LOADS[name]
    before = warehouse.version()
    report = load_files(warehouse, FILES / name, today=TODAY)
    assert report.ok, [p.render("en") for p in report.problems]
    assert report.committed and warehouse.version() != before
    assert table_rows(warehouse, table, columns) == expected
    (result,) = report.files
    assert (result.dataset, result.rows_in_file, result.added, result.batch_id) == (
        table,
        len(expected),
        len(expected),
        2,
    )
    assert [(w.code, w.column, w.warning) for w in result.warnings] == WARNINGS.get(name, [])
    if name in RENDERED_ZH:
        assert [w.render("zh") for w in result.warnings] == RENDERED_ZH[name]
    batch = read_rows(
        warehouse,
        "SELECT dataset, file_name, coalesce(encoding, sheet), rows_in_file, rows_added, "
        "status FROM _batches WHERE batch_id = 2",
    )
    assert batch == [(table, name, source, len(expected), len(expected), "committed")]
    # every row carries the batch that wrote it
    assert read_rows(warehouse, f'SELECT DISTINCT _batch_id FROM "{table}"') == [(2,)]


@pytest.mark.parametrize("name", sorted(REJECTS))
def test_file_is_rejected_and_warehouse_unchanged(warehouse: Warehouse, name: str) -> None:
    before_version, before = warehouse.version(), snapshot(warehouse)
    report = load_files(warehouse, FILES / name, today=TODAY)
    assert not report.ok and not report.committed
    assert _where(report.problems) == REJECTS[name]
    assert all(not p.warning for p in report.problems)
    if name in RENDERED_ZH:
        assert [p.render("zh") for p in report.problems] == RENDERED_ZH[name]
    # every message exists in both languages and names the file
    for p in report.problems:
        assert p.render("zh").startswith(name) and p.render("en").startswith(name)
        assert p.reason("en") != p.reason("zh")
    assert warehouse.version() == before_version
    assert snapshot(warehouse) == before
    assert not list(warehouse.root.glob("*.tmp*"))
    if name in VALIDATE_TOO:  # validate finds exactly the same problems, and writes nothing either
        assert (
            _where(validate(warehouse, [Source(FILES / name, name)], today=TODAY).problems) == REJECTS[name]
        )
        assert warehouse.version() == before_version


def test_reported_rows_are_the_line_numbers_in_the_file(warehouse: Warehouse) -> None:
    """Blank lines (LF, CRLF, spaces, empty Excel rows) do not shift the row numbers."""
    name = "act_blank_rows_errors.csv"
    lines = (FILES / name).read_bytes().decode("utf-8").split("\n")
    report = load_files(warehouse, FILES / name)
    for p in report.problems:
        line = lines[p.row - 1]
        assert p.value in line.split(","), (p.row, line)


def test_excel_is_read_on_a_connection_with_an_unfinished_result() -> None:
    """DuckDB 2 refuses ``register`` while a result is half-fetched; callers often leave one (fetchone)."""
    con = duckdb.connect()
    try:
        assert con.execute("SELECT * FROM range(10)").fetchone() == (0,)
        raw = read_any(con, FILES / "act_second_sheet.xlsx", "act_second_sheet.xlsx", "_raw_test")
        assert (raw.sheet, raw.header_row) == ("5月", 1)
        assert con.execute("SELECT _row, c0 FROM _raw_test ORDER BY _row").fetchall() == [
            (2, "410311002004"),
            (3, "410311002001"),
            (4, "410311003001"),
        ]
    finally:
        con.close()


def test_duplicate_key_names_the_first_row(warehouse: Warehouse) -> None:
    (p,) = load_files(warehouse, FILES / "act_duplicate_keys.csv").problems
    assert p.params == {"key": "社区代码+月份+活动类型", "first_row": 2}


def test_all_errors_of_all_files_are_reported_at_once(warehouse: Warehouse) -> None:
    before = snapshot(warehouse)
    report = load_files(
        warehouse,
        FILES / "act_utf8.csv",
        FILES / "act_many_errors.csv",
        FILES / "act_negative.csv",
        FILES / "png_renamed.csv",
    )
    assert not report.committed
    by_file = {f.file_name: _where(f.problems) for f in report.files}
    assert by_file == {
        "act_utf8.csv": [],
        "act_many_errors.csv": REJECTS["act_many_errors.csv"],
        "act_negative.csv": REJECTS["act_negative.csv"],
        "png_renamed.csv": REJECTS["png_renamed.csv"],
    }
    assert len(report.problems) == 10
    # the valid file was not loaded either: all or nothing
    assert snapshot(warehouse) == before


def test_english_messages(warehouse: Warehouse) -> None:
    report = validate(warehouse, [Source(FILES / "act_negative.csv", "act_negative.csv")])
    assert [p.render("en") for p in report.problems] == [
        "act_negative.csv row 2 column “活动场次” value “-3”: must not be negative. Fix: enter 0 or a positive number",
        "act_negative.csv row 3 column “参与人次” value “－20”: must not be negative. Fix: enter 0 or a positive number",
    ]


# ---------------------------------------------------------------------------------------------
# batches: reloads, identical files, undo
# ---------------------------------------------------------------------------------------------

HEADER = "社区代码,月份,活动类型,活动场次,参与人次\n"
V1 = HEADER + (
    "410311002004,2024年5月,为民服务,12,360\n"
    "410311002001,2024年5月,文体娱乐,3,90\n"
    "410311003001,2024年5月,邻里互助,5,150\n"
    "410311003001,2024年5月,公益慈善,2,40\n"
    "410311002004,2024年4月,为民服务,8,200\n"
)
V2 = HEADER + (  # the May figures corrected
    "410311002004,2024年5月,为民服务,12,360\n"  # unchanged
    "410311002001,2024年5月,文体娱乐,4,95\n"  # changed
    "410311003001,2024年5月,公益慈善,2,40\n"  # unchanged; 邻里互助 of that community-month removed
    "410311002002,2024年5月,养老,1,10\n"  # added
)
V1_ROWS = [
    ("410311002001", MAY, "culture_sports", 3, 90),
    ("410311002004", date(2024, 4, 1), "public_service", 8, 200),
    ("410311002004", MAY, "public_service", 12, 360),
    ("410311003001", MAY, "charity", 2, 40),
    ("410311003001", MAY, "mutual_aid", 5, 150),
]
V2_ROWS = [
    ("410311002001", MAY, "culture_sports", 4, 95),
    ("410311002002", MAY, "elderly", 1, 10),
    ("410311002004", date(2024, 4, 1), "public_service", 8, 200),  # other month: untouched
    ("410311002004", MAY, "public_service", 12, 360),
    ("410311003001", MAY, "charity", 2, 40),
]
COLS5 = ACT_COLS[:5]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def counts(report) -> tuple:
    (f,) = report.files
    return f.added, f.changed, f.removed, f.unchanged


def test_reload_replaces_the_period_with_exact_counts(warehouse: Warehouse, tmp_path: Path) -> None:
    first = load_files(warehouse, write(tmp_path, "v1.csv", V1))
    assert counts(first) == (5, 0, 0, 0)
    assert table_rows(warehouse, "activity", COLS5) == V1_ROWS
    second = load_files(warehouse, write(tmp_path, "v2.csv", V2))
    assert second.committed and counts(second) == (1, 1, 1, 2)
    assert table_rows(warehouse, "activity", COLS5) == V2_ROWS  # no duplicates, nothing stale
    # the displaced rows are kept for undo, marked with the batch that displaced them
    assert table_rows(
        warehouse, "_hist_activity", ["community_code", "activity_type", "_batch_id", "_removed_by"]
    ) == [("410311002001", "culture_sports", 2, 3), ("410311003001", "mutual_aid", 2, 3)]
    # unchanged rows keep the batch that first wrote them
    assert read_rows(warehouse, "SELECT _batch_id, count(*) FROM activity GROUP BY 1 ORDER BY 1") == [
        (2, 3),
        (3, 2),
    ]
    assert read_rows(
        warehouse,
        "SELECT batch_id, rows_in_file, rows_added, rows_changed, rows_removed, "
        "rows_unchanged FROM _batches ORDER BY 1",
    ) == [(1, 8, 8, 0, 0, 0), (2, 5, 5, 0, 0, 0), (3, 4, 1, 1, 1, 2)]


def test_identical_file_twice_changes_nothing(warehouse: Warehouse) -> None:
    load_files(warehouse, FILES / "act_utf8.csv")
    version, before = warehouse.version(), snapshot(warehouse)
    again = load_files(warehouse, FILES / "act_utf8.csv")
    assert again.ok and not again.committed
    (f,) = again.files
    assert (f.identical_to, f.batch_id, f.added, f.changed, f.removed, f.unchanged) == (2, None, 0, 0, 0, 3)
    assert warehouse.version() == version and snapshot(warehouse) == before


def test_same_content_in_another_file_changes_nothing(warehouse: Warehouse) -> None:
    """The BOM variant holds the same rows: no new batch, but it is not 'identical' either."""
    load_files(warehouse, FILES / "act_utf8.csv")
    version = warehouse.version()
    (f,) = load_files(warehouse, FILES / "act_utf8_bom.csv").files
    assert (f.identical_to, f.batch_id, f.unchanged) == (None, None, 3)
    assert warehouse.version() == version


def test_reloading_an_older_identical_file_restores_its_rows(warehouse: Warehouse, tmp_path: Path) -> None:
    """v1, then v2, then v1 again: the warehouse must hold v1's rows (not 'identical, nothing changed')."""
    v1 = write(tmp_path, "v1.csv", V1)
    load_files(warehouse, v1)
    load_files(warehouse, write(tmp_path, "v2.csv", V2))
    again = load_files(warehouse, v1)
    assert again.committed and counts(again) == (1, 1, 0, 3)
    (f,) = again.files
    assert f.identical_to is None and f.batch_id == 4
    # v1's rows are back; 410311002002 is not in v1, so its May row (from v2) stays
    assert table_rows(warehouse, "activity", COLS5) == sorted(
        [*V1_ROWS, ("410311002002", MAY, "elderly", 1, 10)]
    )


def test_undo_restores_the_previous_tables_exactly(warehouse: Warehouse, tmp_path: Path) -> None:
    load_files(warehouse, write(tmp_path, "v1.csv", V1))
    after_v1 = snapshot(warehouse, exclude=("_batches",))
    load_files(warehouse, write(tmp_path, "v2.csv", V2))
    assert snapshot(warehouse, exclude=("_batches",)) != after_v1
    version = warehouse.version()
    result = undo(warehouse, 3, user="tester")
    assert (result.undone, result.removed_rows, result.restored_rows) == ([3], 2, 2)
    assert warehouse.version() != version
    assert snapshot(warehouse, exclude=("_batches",)) == after_v1
    assert read_rows(warehouse, "SELECT batch_id, status, undone_by FROM _batches ORDER BY 1") == [
        (1, "committed", None),
        (2, "committed", None),
        (3, "undone", "tester"),
    ]
    # an undone batch cannot be undone again; nothing is written
    version = warehouse.version()
    with pytest.raises(UndoError) as err:
        undo(warehouse, 3, user="tester")
    assert err.value.message("zh") == "批次 3 已经撤销过"
    assert warehouse.version() == version


def test_undo_is_refused_when_a_later_batch_built_on_it(warehouse: Warehouse, tmp_path: Path) -> None:
    before_v1 = snapshot(warehouse, exclude=("_batches",))
    load_files(warehouse, write(tmp_path, "v1.csv", V1))
    load_files(warehouse, write(tmp_path, "v2.csv", V2))
    version, before = warehouse.version(), snapshot(warehouse)
    with pytest.raises(UndoError) as err:
        undo(warehouse, 2, user="tester")
    assert err.value.dependents == [3]
    assert err.value.message("zh") == (
        "后续批次 3 修改或引用了批次 2 的数据，单独撤销会使数据不一致。请先撤销批次 3，或使用 --cascade 一并撤销"
    )
    assert warehouse.version() == version and snapshot(warehouse) == before
    result = undo(warehouse, 2, user="tester", cascade=True)
    assert result.undone == [3, 2]
    assert snapshot(warehouse, exclude=("_batches",)) == before_v1
    assert table_rows(warehouse, "activity") == []


def test_areas_batch_referenced_by_a_later_batch(warehouse: Warehouse, tmp_path: Path) -> None:
    act_new = write(tmp_path, "act_new.csv", HEADER + "410311002011,2024年5月,为民服务,4,40\n")
    # before its areas batch, the community is unknown
    assert _where(load_files(warehouse, act_new).problems) == [
        ("unknown_area", 2, "社区代码", "410311002011")
    ]
    before = snapshot(warehouse, exclude=("_batches",))
    load_files(warehouse, FILES / "areas_new_community.csv")
    assert load_files(warehouse, act_new).committed
    con = warehouse.connect_reader()
    try:
        assert dependents(con, 2) == [3]
    finally:
        con.close()
    with pytest.raises(UndoError) as err:
        undo(warehouse, 2, user="tester")
    assert err.value.dependents == [3]
    assert undo(warehouse, 2, user="tester", cascade=True).undone == [3, 2]
    assert snapshot(warehouse, exclude=("_batches",)) == before


def test_areas_and_files_using_them_load_together_in_any_order(warehouse: Warehouse, tmp_path: Path) -> None:
    """One run: the activity file is listed first (as ``load *.csv`` would), the areas are staged first."""
    act_new = write(tmp_path, "act_new.csv", HEADER + "410311002011,2024年5月,为民服务,4,40\n")
    report = load(
        warehouse,
        [
            Source(act_new, "act_new.csv"),
            Source(FILES / "areas_new_community.csv", "areas_new_community.csv"),
        ],
        user="t",
    )
    assert report.committed, [p.render("en") for p in report.problems]
    assert [(f.file_name, f.dataset, f.batch_id) for f in report.files] == [
        ("areas_new_community.csv", "areas", 2),
        ("act_new.csv", "activity", 3),
    ]
    assert table_rows(warehouse, "activity", ["community_code", "participants"]) == [("410311002011", 40)]


# ---------------------------------------------------------------------------------------------
# the fast paths of the loader (a large file is read once, checked in one scan, diffed by keys)
# ---------------------------------------------------------------------------------------------


def test_ascii_header_with_a_gb18030_body_is_decoded(warehouse: Warehouse, tmp_path: Path) -> None:
    """The first lines are plain ASCII, so only DuckDB's read finds the GB18030 bytes further down."""
    path = tmp_path / "act_english_gbk.csv"
    text = "community_code,month,activity_type,activities,participants\n" + "".join(
        f"41031100200{i},2024-05,为民服务,{i},{10 * i}\n" for i in (1, 2, 4)
    )
    path.write_bytes(text.encode("gb18030"))
    report = load_files(warehouse, path)
    assert report.committed, [p.render("en") for p in report.problems]
    (f,) = report.files
    assert (f.encoding, f.rows_in_file, f.added) == ("gb18030", 3, 3)
    assert table_rows(warehouse, "activity", ["community_code", "activity_type", "participants"]) == [
        ("410311002001", "public_service", 10),
        ("410311002002", "public_service", 20),
        ("410311002004", "public_service", 40),
    ]


@pytest.mark.parametrize("header", ["Social-org activities", "of which by social orgs"])
def test_english_headers_of_this_and_the_earlier_release_load(
    warehouse: Warehouse, tmp_path: Path, header
) -> None:
    """The social-org activities column under its English label, and under the one of earlier
    releases (a file made from an English template then still loads)."""
    path = tmp_path / "act_english.csv"
    path.write_text(
        f"Community code,Month,Activity type,Activities,Participants,{header}\n"
        "410311002001,2024-05,为民服务,5,50,2\n",
        encoding="utf-8",
    )
    report = load_files(warehouse, path)
    assert report.committed and not report.problems, [p.render("en") for p in report.problems]
    assert table_rows(warehouse, "activity", ["community_code", "activities", "social_org_activities"]) == [
        ("410311002001", 5, 2)
    ]


def test_staging_leaves_no_temporary_tables(tmp_path: Path) -> None:
    """Valid and invalid files alike: drop_stage removes what staging created (the raw text too)."""
    from etl.schema import create_tables
    from etl.staging import drop_stage, stage_file

    con = duckdb.connect()
    try:
        create_tables(con)
        con.execute(
            "INSERT INTO areas (area_code, area_name, level) VALUES ('410311002004', '天元社区', 'community')"
        )
        for name in ("act_utf8.csv", "act_blank_rows_errors.csv", "act_title_merged.xlsx"):
            staged = stage_file(con, FILES / name, name, today=TODAY)
            drop_stage(con, staged)
        temp = con.execute("SELECT table_name FROM duckdb_tables() WHERE temporary ORDER BY 1").fetchall()
        assert temp == [("_extra_areas",)]
    finally:
        con.close()


def test_a_check_stopped_by_the_deadline_leaves_no_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check deadline interrupts DuckDB wherever it is; after the stage is built, the kept
    columns and the checks run too, and an interrupt there must drop the stage as well (it did not:
    the temporary tables stayed on the upload's connection)."""
    from etl import staging
    from etl.schema import create_tables

    def interrupted(*_args: object) -> None:
        raise duckdb.InterruptException("INTERRUPT Error: Interrupted!")

    monkeypatch.setattr(staging, "find_problems", interrupted)
    con = duckdb.connect()
    try:
        create_tables(con)
        with pytest.raises(EtlError):  # as the file's message (read_failed), not a traceback
            staging.stage_file(con, FILES / "act_utf8.csv", "act_utf8.csv", today=TODAY)
        temp = con.execute("SELECT table_name FROM duckdb_tables() WHERE temporary ORDER BY 1").fetchall()
        assert [t for (t,) in temp if t.startswith(("_stage_", "_raw_"))] == []
    finally:
        con.close()


def test_new_months_are_appended_and_other_rows_untouched(warehouse: Warehouse, tmp_path: Path) -> None:
    """No live row shares a month with the file: every row is added, nothing goes to history."""
    load_files(warehouse, write(tmp_path, "v1.csv", V1))
    june = write(
        tmp_path,
        "june.csv",
        HEADER + "410311002004,2024年6月,为民服务,7,70\n410311002001,2024年6月,文体娱乐,1,9\n",
    )
    report = load_files(warehouse, june)
    assert report.committed and counts(report) == (2, 0, 0, 0)
    assert table_rows(warehouse, "activity", COLS5) == sorted(
        [
            *V1_ROWS,
            ("410311002004", date(2024, 6, 1), "public_service", 7, 70),
            ("410311002001", date(2024, 6, 1), "culture_sports", 1, 9),
        ]
    )
    assert read_rows(warehouse, "SELECT _batch_id, count(*) FROM activity GROUP BY 1 ORDER BY 1") == [
        (2, 5),
        (3, 2),
    ]
    assert table_rows(warehouse, "_hist_activity") == []


def test_problem_rows_are_exact_after_blank_lines_deep_in_a_file(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    """Line numbers come from the file order of the staged rows, corrected for the blank lines skipped."""
    lines = [HEADER.rstrip("\n")] + [
        f"410311002004,{y}年{m}月,为民服务,1,10" for y in (2021, 2022, 2023) for m in range(1, 13)
    ]
    lines[5:5] = ["", ""]  # two blank lines after the fifth line
    lines[30] = lines[30].replace(",1,10", ",-1,10")  # line 31 of the file
    lines.append("合计,,,,")
    path = write(tmp_path, "long.csv", "\n".join(lines) + "\n")
    (p,) = load_files(warehouse, path).problems
    assert (p.code, p.row, p.column, p.value) == ("negative", 31, "活动场次", "-1")


def test_the_writer_limits_duckdb_memory(warehouse: Warehouse) -> None:
    with warehouse.writer() as con:
        limit = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    assert limit.endswith("GiB") and float(limit.split()[0]) <= 3


def test_a_huge_number_in_the_code_column_is_a_problem_not_a_crash(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    path = write(tmp_path, "huge.csv", HEADER + "1E+119,2024年5月,为民服务,1,10\n")
    assert _where(load_files(warehouse, path).problems) == [("code_scientific", 2, "社区代码", "1E+119")]
