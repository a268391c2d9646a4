"""Issue 11's corpus (``tests/files/reading``, see ``make_reading_corpus.py``): every hostile or messy
file is a correct load with exactly the expected rows, or a clear rejection with exactly the expected
problems and an unchanged warehouse — never a crash, never wrong data.

``test_corpus_counts`` prints the tally: tried / loaded right / rejected clearly / crashed / bad data
accepted (the last two must be 0).
"""

from __future__ import annotations

import io
import os
import subprocess
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from etl.loading import Source, load, validate
from etl.warehouse import Warehouse
from tests.helpers import FILES, read_rows, run_etl, snapshot

CORPUS = FILES / "reading"
TODAY = date(2025, 6, 30)
MAY, DEC = date(2024, 5, 1), date(2024, 12, 1)
ACT_SQL = "SELECT community_code, month, activity_type, activities, participants FROM activity ORDER BY ALL"
ACT3 = [
    ("410311002001", MAY, "culture_sports", 3, 90),
    ("410311002004", MAY, "public_service", 12, 360),
    ("410311003001", MAY, "mutual_aid", 5, 150),
]
ACT2 = ACT3[:2]
STARS_SQL = (
    "SELECT star, score FROM five_star WHERE community_code = '410311002004' AND year = 2024 ORDER BY star"
)
EXTRA = [("extra_column", "备注")]


@dataclass
class Loads:
    sql: str  # what the warehouse must hold afterwards
    rows: list[tuple]
    source: str  # _batches.encoding or sheet
    warnings: list[tuple] = field(default_factory=list)  # (code, column)
    counts: tuple[int, int, int] | None = None  # added, changed, removed (default: all added)


@dataclass
class Rejects:
    problems: list[tuple]  # (code, row, column, value — the first 40 characters)
    params: dict[str, object] = field(default_factory=dict)  # of the first problem


# file -> the file loaded before it (its scope already holds rows)
SETUP = {
    "compounds_one_row.csv": "compounds_full.csv",
    "five_star_one_row.csv": "five_star_full.csv",
    "five_star_correction.csv": "five_star_full.csv",
}

EXPECTED: dict[str, Loads | Rejects] = {
    # 1. reading: line breaks in cells, long cells and lines, ragged rows, quotes, line ends
    "multiline_cell.csv": Loads(ACT_SQL, ACT3, "utf-8", EXTRA),
    "multiline_cell_gbk.csv": Loads(ACT_SQL, ACT3, "gb18030", EXTRA),
    "multiline_then_error.csv": Rejects([("not_a_number", 4, "活动场次", "五")]),  # spreadsheet row 4, line 6
    "long_cell_in_head.csv": Loads(ACT_SQL, ACT2, "utf-8", EXTRA),
    "long_line_further_down.csv": Loads(ACT_SQL, ACT3, "utf-8", EXTRA),
    "long_text_cell.csv": Rejects([("too_long", 2, "小区名称", "牡丹苑" + "东" * 37)]),
    "ragged_unquoted_thousands.csv": Rejects(
        [("too_many_fields", 3, None, "410311002001,2024年5月,文体娱乐,3,1,500")],
        {"found": 6, "expected": 5, "extra": "500"},
    ),
    "ragged_truncated_last_line.csv": Rejects(
        [("too_few_fields", 3, None, "410311002001,2024年5月,文体")], {"found": 3, "expected": 5}
    ),
    "unterminated_quote.csv": Rejects(
        [("unterminated_quote", 2, None, '410311002004,2024年5月,"为民服务,12,360')], {"lines": 2}
    ),
    "stray_quote.csv": Rejects([("bad_quote", 3, None, '410311002001,2024年5月,"文体"娱乐,3,90')]),
    "quoted_thousands.csv": Loads(ACT_SQL, [("410311002004", MAY, "public_service", 12, 1500)], "utf-8"),
    "mixed_line_endings.csv": Loads(ACT_SQL, ACT2, "utf-8"),
    "whitespace_lines.csv": Loads(ACT_SQL, ACT2, "utf-8"),
    "header_trailing_commas.csv": Loads(ACT_SQL, ACT2, "utf-8"),
    # encodings
    "unicode_text_utf16le_bom.txt": Loads(ACT_SQL, ACT3, "utf-16"),
    "utf16le_no_bom.txt": Loads(ACT_SQL, ACT3, "utf-16"),
    "utf16be_bom.csv": Loads(ACT_SQL, ACT3, "utf-16"),
    "utf8_bom_gbk_body.csv": Loads(ACT_SQL, ACT3, "gb18030", [("bom_mismatch", None)]),
    "gbk_with_utf8_row.csv": Rejects(
        [("mixed_encoding", 2, None, "410311002001,2024年5月,文体娱乐,3,90")],
        {"file_encoding": "GBK", "line_encoding": "UTF-8"},
    ),
    "utf8_with_gbk_row.csv": Rejects(
        [("mixed_encoding", 4, None, "410311002001,2024年5月,文体娱乐,3,90")],
        {"file_encoding": "UTF-8", "line_encoding": "GBK"},
    ),
    # not what the name says
    "html_table.xls": Rejects([("html_disguised", None, None, None)]),
    "html_table_gbk.xls": Rejects([("html_disguised", None, None, None)]),
    "web_page.mht": Rejects([("html_disguised", None, None, None)]),
    "xml_spreadsheet_2003.xls": Rejects([("xml_spreadsheet", None, None, None)]),
    # workbooks: every sheet considered, formulas without results
    "two_month_sheets.xlsx": Rejects(
        [("several_sheets", None, None, None)], {"n": 2, "sheets": "“11月”、“12月”"}
    ),
    "notes_and_one_sheet.xlsx": Loads(ACT_SQL, [(c, DEC, t, a, p) for c, _, t, a, p in ACT3], "12月"),
    "formula_without_value.xlsx": Rejects([("formula_no_value", 2, "参与人次", "=D2*30")]),
    "formula_with_value.xlsx": Loads(ACT_SQL, ACT2, "5月"),
    # 2. resource limits, checked in the archive before parsing
    "bomb_6m_rows.xlsx": Rejects([("excel_too_big", None, None, None)], {"limit_mb": "300"}),
    "declared_5m_rows.xlsx": Rejects([("excel_too_many_rows", None, None, None)], {"rows": "5,000,000"}),
    "rows_1_1m_counted.xlsx": Rejects([("excel_too_many_rows", None, None, None)], {"limit": "1,048,576"}),
    "unpacks_to_320mb.xlsx": Rejects([("excel_too_big", None, None, None)], {"part": "共享字符串表"}),
    # 3. checks: ranges, ambiguous months, plausibility, the area tree, target metrics, headers
    "count_over_bigint.csv": Rejects(
        [("too_large", 2, "参与人次", "99999999999999999999")], {"maximum": "1,000,000,000"}
    ),
    "hours_1e300.csv": Rejects([("too_large", 2, "志愿服务时长", "1e300")], {"maximum": "100,000,000"}),
    "compound_year_1e300.csv": Rejects([("too_large", 2, "建成年份", "1e300")], {"maximum": "2100"}),
    "target_minus_1e300.csv": Rejects(
        [("too_small", 2, "目标值", "-1e300")], {"minimum": "-1,000,000,000,000"}
    ),
    "month_2024_1.csv": Rejects([("ambiguous_month", 2, "月份", "2024.1")]),
    "month_2024_10.csv": Loads(
        ACT_SQL, [("410311002004", date(2024, 10, 1), "public_service", 12, 360)], "utf-8"
    ),
    "month_1900.csv": Rejects([("too_early", 2, "月份", "1900-01")], {"earliest": "1949-10-01"}),
    "compound_built_2090.csv": Rejects([("future_period", 2, "建成年份", "2090")], {"today": "2025-06-30"}),
    "facility_open_2030.csv": Rejects([("future_period", 2, "启用日期", "2030-01-01")]),
    "facility_open_past.csv": Loads(
        "SELECT area_code, facility_name, facility_kind, status, opened_date FROM facilities",
        [("410311002004", "天元社区党群服务中心", "party_service_center", "open", date(2021, 10, 1))],
        "utf-8",
    ),
    "target_unknown_metric.csv": Rejects(
        [("unknown_metric", 3, "指标", "happiness_index")], {"metric": "happiness_index"}
    ),
    "target_family_metric.csv": Loads(
        "SELECT area_code, metric, target_value, due_date FROM targets",
        [("410311", "coverage_pct:party_service_center", 100.0, date(2025, 12, 31))],
        "utf-8",
    ),
    "area_wrong_street.csv": Rejects(
        [("parent_mismatch", 2, "上级代码", "410311002")], {"parent": "410311002"}
    ),
    "area_parent_is_community.csv": Rejects(
        [("parent_mismatch", 2, "上级代码", "410311002004"), ("parent_level", 2, "上级代码", "410311002004")]
    ),
    "area_street_under_city.csv": Rejects(
        [("parent_level", 3, "上级代码", "410300")],
        {"parent_level": "地级市", "level": "街道/镇", "expected": "区县"},
    ),
    "area_cycle.csv": Rejects(
        [("parent_mismatch", 2, "上级代码", "410311"), ("parent_level", 2, "上级代码", "410311")]
    ),
    "area_abolished_before_established.csv": Rejects([("check_failed", 2, "撤销日期", "2019-01-01")]),
    "area_established_future.csv": Rejects([("future_period", 2, "设立日期", "2031-01-01")]),
    "area_good_tree.csv": Loads(
        "SELECT area_code, area_name, level, parent_code, established_date FROM areas "
        "WHERE area_code LIKE '410311009%' ORDER BY 1",
        [
            ("410311009", "新区街道", "street", "410311", date(2020, 1, 1)),
            ("410311009001", "新区社区", "community", "410311009", date(2020, 3, 1)),
        ],
        "utf-8",
    ),
    "header_misspelled.csv": Rejects(
        [("missing_column_typo", None, "月分", None)], {"label": "月份", "header": "月分"}
    ),
    "header_two_misspelled.csv": Rejects(
        [
            ("missing_column_typo", None, "社区编号", None),
            ("missing_column_typo", None, "月分", None),
            ("missing_column_typo", None, "参于人次", None),
        ]
    ),
    "header_unknown_dataset.csv": Rejects(
        [("dataset_guess", None, None, None)], {"dataset": "小区", "missing": "“社区代码”"}
    ),
    # 4. replacement made visible: a file that would remove most of its scope is held back
    "compounds_full.csv": Loads(
        "SELECT community_code, compound_name, households FROM compounds ORDER BY ALL",
        [
            ("410311002001", "定鼎小区", 400),
            ("410311002004", "天元一号院", 210),
            ("410311002004", "牡丹苑", 320),
            ("410311002004", "龙城小区", 500),
        ],
        "utf-8",
    ),
    "compounds_one_row.csv": Rejects(
        [("removal_confirm", None, None, None)],
        {"removed": "2", "total": "3", "pct": "67", "limit": "50", "scope": "社区代码"},
    ),
    "five_star_full.csv": Loads(
        STARS_SQL,
        [
            ("co_build_share", 85.0),
            ("happiness_harmony", 85.0),
            ("jobs_business", 85.0),
            ("safety_rule_of_law", 85.0),
            ("strong_branch", 85.0),
        ],
        "utf-8",
    ),
    "five_star_one_row.csv": Rejects(
        [("removal_confirm", None, None, None)],
        {"removed": "4", "total": "5", "pct": "80", "scope": "社区代码+评定年度"},
    ),
    "five_star_correction.csv": Loads(
        STARS_SQL,
        [
            ("co_build_share", 85.0),
            ("jobs_business", 85.0),
            ("safety_rule_of_law", 88.0),
            ("strong_branch", 85.0),
        ],
        "utf-8",
        counts=(0, 1, 1),
    ),
}

# exact messages (zh and en) of one problem of each kind of rejection
RENDERED = {
    "ragged_unquoted_thousands.csv": (
        "ragged_unquoted_thousands.csv 第3行 值“410311002001,2024年5月,文体娱乐,3,1,500”：这一行有 6 个字段，表头只有 5 列"
        "（多出：500）。修改建议：常见原因是数字的千位逗号（如 1,500）或文本中的逗号没有加引号，使后面的值错位；"
        "请在Excel中核对该行后重新另存为CSV",
        "ragged_unquoted_thousands.csv row 3 value “410311002001,2024年5月,文体娱乐,3,1,500”: this line has 6 fields "
        "but the header has 5 columns (extra: 500). Fix: usually an unquoted thousands separator (1,500) or a comma "
        "inside text shifted the values; check the line in Excel and save the CSV again",
    ),
    "month_2024_1.csv": (
        "month_2024_1.csv 第2行 “月份”列 值“2024.1”：月份有歧义：可能是2024年1月，也可能是Excel把2024.10（10月）"
        "存成了数字2024.1。修改建议：请写成 2024年1月 或 2024年10月（在Excel中先把该列设为“文本”格式）",
        "month_2024_1.csv row 2 column “月份” value “2024.1”: ambiguous month: January, or Excel's number for "
        "2024.10 (October). Fix: write 2024年1月 or 2024年10月 (format the column as Text in Excel first)",
    ),
    "header_misspelled.csv": (
        "header_misspelled.csv “月分”列：缺少必填列“月份”；文件中的“月分”可能是它的笔误。"
        "修改建议：请把列名“月分”改为“月份”（可用列名：月份、统计月份、年月、期间、报送月份、时间）",
        "header_misspelled.csv column “月分”: required column “月份” is missing; “月分” in the file may be a "
        "misspelling of it. Fix: rename “月分” to “月份” (accepted names: 月份、统计月份、年月、期间、报送月份、时间)",
    ),
    "header_unknown_dataset.csv": (
        "header_unknown_dataset.csv：无法确定数据类别：表头最像“小区”，但缺少必填列：“社区代码”。"
        "修改建议：请增加列“社区代码”；或用 --dataset compounds 指定数据类别",
        "header_unknown_dataset.csv: cannot tell the dataset: the headers look most like “Residential compounds”, "
        "but required columns are missing: “社区代码”. Fix: add “社区代码” (community_code); or name the dataset "
        "with --dataset compounds",
    ),
    "bomb_6m_rows.xlsx": (
        "bomb_6m_rows.xlsx：Excel文件解压后超过 300 MB（工作表“Sheet1”）。修改建议：请按月份或街道拆分后分别导入，或另存为CSV",
        "bomb_6m_rows.xlsx: the Excel file unpacks to more than 300 MB (sheet “Sheet1”). Fix: split it by month or "
        "street, or save it as CSV",
    ),
    "area_street_under_city.csv": (
        "area_street_under_city.csv 第3行 “上级代码”列 值“410300”：上级“410300”是地级市，街道/镇的上级应为区县。"
        "修改建议：请核对层级和上级代码",
        "area_street_under_city.csv row 3 column “上级代码” value “410300”: parent “410300” is a city; the parent "
        "of a street/town must be a district. Fix: check the level and the parent code",
    ),
    "compounds_one_row.csv": (
        "compounds_one_row.csv：导入将删除 2 行：占文件所涉范围内现有 3 行的 67%（超过 50%）。修改建议：文件只含部分数据时"
        "会替换整个范围（社区代码）；确需删除请在命令行加 --allow-removal，或在上传页面勾选“确认删除”",
        "compounds_one_row.csv: loading removes 2 rows: 67% of the 3 rows now in the file's scopes (over 50%). "
        "Fix: a file replaces its whole scopes (社区代码); if the rows really go, add --allow-removal on the "
        "command line or tick the confirmation on the upload page",
    ),
}

OUTCOMES: dict[str, str] = {}  # file -> loaded right / rejected clearly / crashed / bad data accepted / wrong


def _where(problems) -> list[tuple]:
    return [(p.code, p.row, p.column, None if p.value is None else p.value[:40]) for p in problems]


def _load(warehouse: Warehouse, name: str, **kwargs):
    return load(warehouse, [Source(CORPUS / name, name)], user="tester", today=TODAY, **kwargs)


def test_every_corpus_file_has_an_expected_outcome() -> None:
    assert {p.name for p in CORPUS.iterdir()} == set(EXPECTED)
    assert len(EXPECTED) >= 45


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file(warehouse: Warehouse, name: str) -> None:
    if name in SETUP:
        assert _load(warehouse, SETUP[name]).committed
    before_version, before = warehouse.version(), snapshot(warehouse)
    expected = EXPECTED[name]
    OUTCOMES[name] = "crashed"
    report = _load(warehouse, name)  # any exception fails here: a crash
    (result,) = report.files
    if isinstance(expected, Rejects):
        OUTCOMES[name] = "bad data accepted" if report.committed else "wrong"
        assert not report.committed, "bad data accepted"
        assert _where(report.problems) == expected.problems
        assert {k: report.problems[0].params[k] for k in expected.params} == expected.params
        for p in report.problems:  # every message names the file and has a fix, in both languages
            assert p.render("zh").startswith(name) and "修改建议：" in p.render("zh")
            assert p.render("en").startswith(name) and "Fix: " in p.render("en")
        if name in RENDERED:
            assert (report.problems[0].render("zh"), report.problems[0].render("en")) == RENDERED[name]
        assert warehouse.version() == before_version and snapshot(warehouse) == before
        OUTCOMES[name] = "rejected clearly"
        return
    OUTCOMES[name] = "wrong"
    assert report.ok and report.committed, [p.render("en") for p in report.problems]
    assert read_rows(warehouse, expected.sql) == expected.rows
    assert [(w.code, w.column) for w in result.warnings] == expected.warnings
    counts = expected.counts or (len(expected.rows), 0, 0)
    assert (result.added, result.changed, result.removed) == counts
    assert read_rows(
        warehouse, "SELECT coalesce(encoding, sheet) FROM _batches WHERE batch_id = ?", [result.batch_id]
    ) == [(expected.source,)]
    OUTCOMES[name] = "loaded right"


def test_corpus_counts() -> None:
    """The tally of the corpus (complete when the whole module ran)."""
    if len(OUTCOMES) < len(EXPECTED):
        pytest.skip("run the whole module for the tally")
    tally = {
        k: sum(1 for v in OUTCOMES.values() if v == k)
        for k in ("loaded right", "rejected clearly", "crashed", "bad data accepted", "wrong")
    }
    print(f"\ncorpus: tried {len(OUTCOMES)} / " + " / ".join(f"{k} {v}" for k, v in tally.items()))
    assert tally["crashed"] == tally["bad data accepted"] == tally["wrong"] == 0
    assert tally["loaded right"] + tally["rejected clearly"] == len(EXPECTED)


# ---------------------------------------------------------------------------------------------
# the same pipeline on the CLI and the upload page; limits; the lock; removals
# ---------------------------------------------------------------------------------------------


def _cli(*args: str | Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return run_etl(*args, env={**os.environ, **(env or {})})


def test_cli_refuses_the_bomb_in_seconds_with_a_message(warehouse: Warehouse) -> None:
    before = warehouse.version()
    started = time.monotonic()
    res = _cli("load", CORPUS / "bomb_6m_rows.xlsx", "--db", warehouse.root)
    assert time.monotonic() - started < 15
    assert (res.returncode, res.stdout) == (1, "")
    assert res.stderr.splitlines() == [
        "✗ " + RENDERED["bomb_6m_rows.xlsx"][0],
        "共 1 个错误，未导入任何数据。",
    ]
    assert warehouse.version() == before


def test_cli_reports_structural_problems_without_a_traceback(warehouse: Warehouse) -> None:
    res = _cli(
        "validate",
        CORPUS / "unterminated_quote.csv",
        CORPUS / "stray_quote.csv",
        CORPUS / "html_table.xls",
        "--db",
        warehouse.root,
        "--lang",
        "en",
    )
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert [line.split(":")[0] for line in res.stderr.splitlines()[:3]] == [
        '✗ unterminated_quote.csv row 2 value “410311002004,2024年5月,"为民服务,12,360”',
        '✗ stray_quote.csv row 3 value “410311002001,2024年5月,"文体"娱乐,3,90”',
        "✗ html_table.xls",
    ]


def test_page_pipeline_refuses_the_bomb_in_seconds(warehouse: Warehouse) -> None:
    from govdash import upload

    con = warehouse.connect_reader()
    try:
        started = time.monotonic()
        data = (CORPUS / "bomb_6m_rows.xlsx").read_bytes()
        result = upload.check(con.cursor(), data, "bomb.xlsx", limit_mb=50)
        assert time.monotonic() - started < 15
    finally:
        con.close()
    assert [p.code for p in result.problems] == ["excel_too_big"] and not result.ok


def test_page_pipeline_reads_a_multiline_utf16_file(warehouse: Warehouse) -> None:
    from govdash import upload

    con = warehouse.connect_reader()
    try:
        result = upload.check(
            con.cursor(),
            (CORPUS / "unicode_text_utf16le_bom.txt").read_bytes(),
            "unicode.txt",
            limit_mb=50,
        )
    finally:
        con.close()
    assert (result.ok, result.dataset, result.encoding, result.rows) == (True, "activity", "utf-16", 3)
    assert (result.preview.added, result.preview.removed) == (3, 0)


def test_an_untrusted_file_is_refused_without_the_lock(warehouse: Warehouse) -> None:
    """The archive check and the Excel parse run before the lock: a bomb is refused while another
    load holds it (taking the lock would wait 60 s and raise BusyError)."""
    with warehouse.lock():
        started = time.monotonic()
        report = _load(warehouse, "bomb_6m_rows.xlsx")
        assert time.monotonic() - started < 15
    assert _where(report.problems) == EXPECTED["bomb_6m_rows.xlsx"].problems


def test_a_check_over_its_time_bound_is_stopped(warehouse: Warehouse, monkeypatch) -> None:
    monkeypatch.setenv("GOVDASH_MAX_CHECK_SECONDS", "0.001")
    before = warehouse.version()
    report = _load(warehouse, "multiline_cell.csv")
    assert _where(report.problems) == [("check_timeout", None, None, None)]
    assert report.problems[0].render("zh") == (
        "multiline_cell.csv：读取和检查超过了 0.001 秒，已停止。修改建议：请把文件拆分成较小的文件分别导入"
    )
    assert warehouse.version() == before


def test_validate_states_the_removals_and_load_needs_allow_removal(warehouse: Warehouse, capsys) -> None:
    from etl.__main__ import main

    def etl(*args: str | Path) -> tuple[int, str, str]:
        code = main([*map(str, args), "--db", str(warehouse.root)])
        out = capsys.readouterr()
        return code, out.out, out.err

    assert _load(warehouse, "compounds_full.csv").committed
    code, out, err = etl("validate", CORPUS / "compounds_one_row.csv")
    assert (code, out) == (
        0,
        "compounds_one_row.csv（compounds，utf-8，1 行）：检查通过；导入将新增 0，修改 1，删除 2，未变 0\n",
    )
    assert err.splitlines()[0] == "⚠ " + RENDERED["compounds_one_row.csv"][0]
    code, _, err = etl("load", CORPUS / "compounds_one_row.csv")
    assert code == 1 and err.splitlines()[0] == "✗ " + RENDERED["compounds_one_row.csv"][0]
    code, _, err = etl("load", CORPUS / "compounds_one_row.csv", "--allow-removal")
    assert code == 0, err
    assert read_rows(
        warehouse, "SELECT community_code, compound_name, households FROM compounds ORDER BY ALL"
    ) == [("410311002001", "定鼎小区", 400), ("410311002004", "牡丹苑", 330)]


def test_validate_counts_match_the_load(warehouse: Warehouse) -> None:
    assert _load(warehouse, "five_star_full.csv").committed
    (checked,) = validate(
        warehouse, [Source(CORPUS / "five_star_correction.csv", "x.csv")], today=TODAY
    ).files
    (loaded,) = _load(warehouse, "five_star_correction.csv").files
    assert (
        (checked.added, checked.changed, checked.removed, checked.unchanged)
        == (loaded.added, loaded.changed, loaded.removed, loaded.unchanged)
        == (0, 1, 1, 3)
    )


def test_templates_are_read_from_their_data_sheet(warehouse: Warehouse, tmp_path: Path) -> None:
    """The explanation sheet of a template (填写说明, one column per row) is not a second data sheet:
    a template with one row typed into 数据 (here the examples of 填写说明) is read from 数据."""
    import openpyxl

    from etl.datasets import DATASETS
    from etl.templates import template_xlsx

    for name, dataset in DATASETS.items():
        if dataset.file_format == "geojson":  # boundaries: an example GeoJSON instead of a table template
            from etl.geojson import example_geojson

            path = tmp_path / f"example_{name}.geojson"
            path.write_bytes(example_geojson())
            (result,) = validate(warehouse, [Source(path, path.name)], today=TODAY).files
            assert (result.dataset, result.problems) == (name, [])
            continue
        path = tmp_path / f"template_{name}.xlsx"
        book = openpyxl.load_workbook(io.BytesIO(template_xlsx(dataset)))
        for i, column in enumerate(dataset.columns, start=1):
            book["数据"].cell(row=2, column=i, value=column.example or None)
        book.save(path)
        (result,) = validate(warehouse, [Source(path, path.name)], today=TODAY).files
        assert (result.dataset, result.sheet) == (name, "数据")
        assert {p.code for p in result.problems} <= {"unknown_area"}  # the examples are not all in 洛龙区
