"""``python -m etl`` through a real subprocess: exit codes, output, languages, settings."""

from __future__ import annotations

import csv
import json
import os
import subprocess
from pathlib import Path

import pytest

from etl.warehouse import Warehouse
from tests.helpers import FILES, load_files, read_rows, run_etl, snapshot


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVDASH_")}
    env.update(extra)
    return env


@pytest.fixture
def etl():
    def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        return run_etl(*args, env=env or clean_env())

    return run


@pytest.fixture
def main_in_process(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture):
    """``python -m etl`` in this process (same code, no interpreter start): (exit code, stdout, stderr)."""
    for name in [k for k in os.environ if k.startswith("GOVDASH_")]:
        monkeypatch.delenv(name)
    from etl.__main__ import main

    def run(*args: str | Path) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def test_validate_exit_codes_and_writes_nothing(etl, main_in_process, warehouse: Warehouse) -> None:
    version, before = warehouse.version(), snapshot(warehouse)
    ok = etl("validate", FILES / "act_utf8.csv", "--db", warehouse.root)
    assert (ok.returncode, ok.stdout, ok.stderr) == (
        0,
        "act_utf8.csv（activity，utf-8，3 行）：检查通过；导入将新增 3，修改 0，删除 0，未变 0\n",
        "",
    )
    bad = etl(
        "validate",
        FILES / "act_unknown_area.csv",
        FILES / "png_renamed.csv",
        "--db",
        warehouse.root,
        "--lang",
        "en",
    )
    assert (bad.returncode, bad.stdout) == (1, "")
    assert bad.stderr.splitlines() == [
        "✗ act_unknown_area.csv row 3 column “社区代码” value “410311002999”: unknown division code. "
        "Fix: check the code, or load the areas file that contains it first",
        "✗ act_unknown_area.csv row 4 column “社区代码” value “410311002”: this code is a street/town; "
        "a community (12-digit code) is needed here. Fix: enter the community's 12-digit code",
        "✗ png_renamed.csv: not a CSV or Excel file (binary content). "
        "Fix: upload a .csv, .xlsx or .xls file (Excel's “Unicode Text” works too)",
        "3 error(s); nothing was loaded.",
    ]
    assert main_in_process("validate", FILES / "act_negative.csv", "--db", warehouse.root) == (
        1,
        "",
        (
            "✗ act_negative.csv 第2行 “活动场次”列 值“-3”：不能为负数。修改建议：请填写 0 或正数\n"
            "✗ act_negative.csv 第3行 “参与人次”列 值“－20”：不能为负数。修改建议：请填写 0 或正数\n"
            "共 2 个错误，未导入任何数据。\n"
        ),
    )
    assert warehouse.version() == version and snapshot(warehouse) == before


def test_load_then_identical_file(etl, main_in_process, warehouse: Warehouse) -> None:
    first = etl("load", FILES / "act_utf8.csv", "--db", warehouse.root, "--user", "王芳")
    assert first.returncode == 0, first.stderr
    assert (
        first.stdout
        == "act_utf8.csv（activity，utf-8，3 行）：已导入为批次 2，新增 3，修改 0，删除 0，未变 0\n"
    )
    assert read_rows(warehouse, "SELECT loaded_by FROM _batches WHERE batch_id = 2") == [("王芳",)]
    version = warehouse.version()
    en = etl("load", FILES / "act_utf8.csv", "--db", warehouse.root, "--lang", "en")
    assert (en.returncode, en.stdout) == (
        0,
        "act_utf8.csv: identical to the file of batch 2; nothing changed\n",
    )
    zh = main_in_process("load", FILES / "act_utf8.csv", "--db", warehouse.root)
    assert zh == (0, "act_utf8.csv：与批次 2 的文件完全相同，未做任何更改\n", "")
    assert warehouse.version() == version


def test_missing_file_exit_code(main_in_process, warehouse: Warehouse, tmp_path: Path) -> None:
    assert main_in_process("load", tmp_path / "nope.csv", "--db", warehouse.root) == (
        2,
        "",
        f"找不到文件：{tmp_path / 'nope.csv'}\n",
    )


def test_history_json_and_env_var(etl, warehouse: Warehouse) -> None:
    """GOVDASH_DB selects the warehouse when --db is absent (and GOVDASH_USER names the loader)."""
    env = clean_env(GOVDASH_DB=str(warehouse.root), GOVDASH_USER="李强")
    assert etl("load", FILES / "act_gbk.csv", env=env).returncode == 0
    res = etl("history", "--format", "json", env=env)
    assert res.returncode == 0, res.stderr
    history = json.loads(res.stdout)
    assert [
        (b["batch_id"], b["file_name"], b["dataset"], b["loaded_by"], b["rows_added"], b["status"])
        for b in history
    ] == [
        (2, "act_gbk.csv", "activity", "李强", 3, "committed"),
        (1, "areas_luolong.csv", "areas", "tester", 8, "committed"),
    ]
    assert len(history[0]["file_sha256"]) == 64


def test_undo_and_refusal(etl, warehouse: Warehouse, tmp_path: Path) -> None:
    for n in (1, 2):
        f = tmp_path / f"v{n}.csv"
        f.write_text(
            f"社区代码,月份,活动类型,活动场次,参与人次\n410311002004,2024年5月,为民服务,{n},10\n",
            encoding="utf-8",
        )
        assert load_files(warehouse, f).committed
    refused = etl("undo", "2", "--db", warehouse.root, "--lang", "en")
    assert (refused.returncode, refused.stdout) == (1, "")
    assert (
        refused.stderr
        == "later batch(es) 3 changed or refer to rows of batch 2; undo them first or pass --cascade\n"
    )
    done = etl("undo", "2", "--cascade", "--db", warehouse.root)
    assert (done.returncode, done.stdout) == (0, "已撤销批次 3, 2：删除 2 行，恢复 1 行\n")
    assert read_rows(warehouse, "SELECT count(*) FROM activity") == [(0,)]


def test_errors_csv_has_bom_and_neutralized_formulas(etl, warehouse: Warehouse, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "社区代码,月份,活动类型,活动场次,参与人次\n"
        "410311002004,2024年5月,为民服务,=1+2,10\n"
        "410311002001,2024年5月,为民服务,-3,@SUM(A1)\n",
        encoding="utf-8",
    )
    out = tmp_path / "errors.csv"
    res = etl("validate", bad, "--db", warehouse.root, "--errors", out)
    assert res.returncode == 1
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(out, encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh))
    assert table == [
        ["文件", "行", "列", "值", "问题", "修改建议"],
        ["bad.csv", "2", "活动场次", "'=1+2", "不是数字", "请填写数字，如 1200、1,200 或 1.2万"],
        ["bad.csv", "3", "活动场次", "'-3", "不能为负数", "请填写 0 或正数"],
        ["bad.csv", "3", "参与人次", "'@SUM(A1)", "不是数字", "请填写数字，如 1200、1,200 或 1.2万"],
    ]


def test_metrics_unknown_area(etl, warehouse: Warehouse) -> None:
    pytest.importorskip("etl.metrics")
    res = etl("metrics", "--area", "999999", "--as-of", "2024-12-31", "--db", warehouse.root)
    assert res.returncode == 2
    assert res.stdout == ""
    assert len(res.stderr.splitlines()) == 1 and "999999" in res.stderr


def test_history_lists_the_values_a_batch_emptied_and_undo_restores_them(
    main_in_process, warehouse, tmp_path
):
    """A blank cell clears a stored value (and before 2026-12-06 a missing column did too): ``history
    --emptied`` names the batch, the column and how many rows, in either language; a batch that
    emptied nothing is not listed; after its undo nothing is."""
    blank = tmp_path / "population_blank.csv"
    blank.write_text(
        "区划代码,名称,层级,上级代码,户数,人口\n"
        "410311002001,定鼎门社区,社区,410311002,1860,\n410311002004,天元社区,社区,410311002,3100,\n",
        encoding="utf-8",
    )
    assert load_files(warehouse, blank).committed  # batch 2
    assert load_files(warehouse, FILES / "act_utf8.csv").committed  # batch 3: empties nothing
    code, out, err = main_in_process("history", "--emptied", "--db", warehouse.root)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "批次 2（population_blank.csv）清空了已导入的值：人口 2 行"
    code, out, _ = main_in_process(
        "history", "--emptied", "--db", warehouse.root, "--lang", "en", "--format", "json"
    )
    assert json.loads(out) == [
        {
            "batch_id": 2,
            "file_name": "population_blank.csv",
            "dataset": "areas",
            "column": "population",
            "rows": 2,
            "label": "Population",
        }
    ]
    assert main_in_process("undo", "2", "--db", warehouse.root)[0] == 0
    code, out, _ = main_in_process("history", "--emptied", "--db", warehouse.root)
    assert out == "没有批次清空过已导入的值\n"
