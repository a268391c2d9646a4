"""The upload, history and submission pages through AppTest, on a copy of the demo warehouse."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from etl.history import batches
from etl.metrics import compute_metrics
from etl.warehouse import Warehouse
from tests.helpers import new_app, use_warehouse

TIANYUAN = "410311002004"  # 天元社区, 开元路街道, 洛龙区
GOOD = "社区代码,月份,活动类型,活动场次,参与人次\n410311002004,2024年12月,为民服务,99,1.2万\n".encode(
    "gb18030"
)
BAD = "社区代码,月份,活动类型,活动场次,参与人次\n410311002004,2024年12月,为民服务,-5,abc\n".encode("gb18030")


@pytest.fixture
def wh(demo_warehouse, tmp_path) -> Warehouse:
    root = tmp_path / "wh"
    shutil.copytree(demo_warehouse.root, root)
    return Warehouse(root)


@pytest.fixture
def app(wh, monkeypatch) -> AppTest:
    use_warehouse(wh.root, monkeypatch)
    at = new_app()
    at.run()
    return at.switch_page("app_pages/upload.py").run()


def _activities(wh: Warehouse) -> int:
    con = wh.connect_reader()
    try:
        return dict(compute_metrics(con, TIANYUAN, date(2024, 12, 31), date(2024, 11, 30)))["activities"]
    finally:
        con.close()


def test_upload_checks_previews_and_loads_a_gbk_file(app, wh):
    before_version, before = wh.version(), _activities(wh)
    app.text_input(key="up_user").set_value("张三")
    app.file_uploader(key="up_files_0").set_value(("十二月活动.csv", GOOD, "text/csv")).run()
    assert not app.exception
    assert app.expander[1].label.startswith("十二月活动.csv：可以导入（社区活动，1 行）")
    assert "gb18030" in " ".join(c.value for c in app.caption)
    # one row replaces the whole community-month: the removal must be confirmed first
    assert app.button(key="up_load").disabled
    assert app.warning[-1].value == "请先确认要删除的行，或上传完整的文件。"
    (confirm,) = app.checkbox
    assert confirm.label.startswith("确认删除这 ") and confirm.label.endswith(" 行")
    confirm.check().run()
    load = app.button(key="up_load")
    assert not load.disabled
    assert wh.version() == before_version  # checking and previewing wrote nothing
    load.click().run()
    assert not app.exception
    assert wh.version() != before_version
    assert "导入完成" in app.success[0].value
    newest = batches(wh.connect_reader()).iloc[0]
    assert (newest["loaded_by"], newest["file_name"], newest["dataset"]) == (
        "张三",
        "十二月活动.csv",
        "activity",
    )
    assert _activities(wh) != before
    con = wh.connect_reader()
    try:
        rows = con.execute(
            "SELECT activity_type, activities, participants FROM activity WHERE community_code = ? "
            "AND month = DATE '2024-12-01'",
            [TIANYUAN],
        ).fetchall()
    finally:
        con.close()
    assert rows == [("public_service", 99, 12000)]


def test_a_bad_file_lists_every_problem_and_cannot_be_loaded(app, wh):
    before = wh.version()
    app.text_input(key="up_user").set_value("张三")
    app.file_uploader(key="up_files_0").set_value(("bad.csv", BAD, "text/csv")).run()
    assert not app.exception
    assert app.expander[1].label == "bad.csv：发现 2 个问题，修改后重新上传"
    problems = app.dataframe[1].value
    assert problems["问题"].tolist() == ["不能为负数", "不是数字"]
    assert problems["行"].tolist() == [2, 2]
    assert app.button(key="up_load").disabled
    assert wh.version() == before


def test_a_binary_file_renamed_csv_is_refused(app):
    app.text_input(key="up_user").set_value("张三")
    app.file_uploader(key="up_files_0").set_value(
        ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "text/csv")
    ).run()
    assert not app.exception
    assert "不是CSV或Excel文件" in app.dataframe[0].value["问题"].iloc[0]
    assert app.button(key="up_load").disabled


def test_an_xlsx_bomb_is_refused_in_seconds_with_a_message(app, wh):
    """Issue 11: 6 million rows in 1.8 MB; refused from the archive before it is parsed."""
    import time

    from tests.helpers import FILES

    before = wh.version()
    app.text_input(key="up_user").set_value("张三")
    started = time.monotonic()
    data = (FILES / "reading" / "bomb_6m_rows.xlsx").read_bytes()
    app.file_uploader(key="up_files_0").set_value(("bomb.xlsx", data, "application/octet-stream")).run()
    assert time.monotonic() - started < 20
    assert not app.exception
    assert app.expander[1].label == "bomb.xlsx：发现 1 个问题，修改后重新上传"
    assert app.dataframe[0].value["问题"].tolist() == ["Excel文件解压后超过 300 MB（工作表“Sheet1”）"]
    assert app.button(key="up_load").disabled
    assert wh.version() == before


def test_history_undo_restores_the_previous_figure(app, wh):
    before = _activities(wh)
    app.text_input(key="up_user").set_value("张三")
    app.file_uploader(key="up_files_0").set_value(("dec.csv", GOOD, "text/csv")).run()
    app.checkbox[0].check().run()  # it replaces the community-month's other rows
    app.button(key="up_load").click().run()
    assert _activities(wh) != before
    at = app.switch_page("app_pages/history.py").run()
    assert not at.exception
    assert at.selectbox(key="hi_batch").value == 11  # the newest batch is selected
    assert at.button(key="hi_undo").disabled  # needs the confirmation first
    at.checkbox(key="hi_confirm_11").check().run()
    at.button(key="hi_undo").click().run()
    assert not at.exception
    assert "已撤销批次 11" in at.success[0].value
    assert _activities(wh) == before


def test_submission_tracker_counts_reported_communities(app):
    at = app.switch_page("app_pages/submissions.py").run()
    at.selectbox(key="f_district").set_value("410305")
    at.select_slider(key="f_month").set_value("2024-06").run()
    assert not at.exception
    shown = {m.label: m.value for m in at.metric}
    assert shown == {"应报社区": "76", "已报送": "76", "缺报": "0", "迟报": "0"}


def test_submission_lists_show_what_is_known_and_no_row_that_repeats_the_cards(demo_warehouse, monkeypatch):
    """A community that never reported has no load time (no column of dashes); one street's
    by-street table would repeat the cards above it (left out); the download says what it does."""
    use_warehouse(demo_warehouse.root, monkeypatch, clear_caches=False)
    district = new_app(district="410311", month="2024-11").switch_page("app_pages/submissions.py").run()
    assert not district.exception and not district.error
    assert [h.value for h in district.subheader][:1] == ["各街道(镇)报送情况"]
    missing = district.dataframe[1].value
    assert list(missing.columns) == ["社区代码", "社区名称", "街道(镇)"] and len(missing) == 1
    assert [b.label for b in district.get("download_button")] == ["下载 Excel"]
    street = missing.iloc[0]["街道(镇)"]
    code = str(missing.iloc[0]["社区代码"])[:9]
    one = (
        new_app(district="410311", street=code, month="2024-11").switch_page("app_pages/submissions.py").run()
    )
    assert not one.exception and not one.error
    assert "各街道(镇)报送情况" not in [h.value for h in one.subheader]
    assert one.dataframe[0].value.iloc[0]["街道(镇)"] == street


def test_an_oversize_upload_is_refused_before_it_is_read(wh, tmp_path):
    from govdash import upload

    con = wh.connect_reader()
    try:
        result = upload.check(con.cursor(), GOOD * 200, "big.csv", limit_mb=0.01)
    finally:
        con.close()
    assert result.fmt is None and not result.ok
    assert [p.render("zh") for p in result.problems] == [
        "big.csv：文件大小 0.0 MB，超过上限 0.01 MB。修改建议：请按月份或街道拆分后分别导入"
    ]


def test_the_browser_file_name_is_never_used_as_a_path(wh, tmp_path):
    from govdash import upload

    con = wh.connect_reader()
    try:
        result = upload.check(con.cursor(), GOOD, "../../etc/passwd.csv", limit_mb=50)
    finally:
        con.close()
    assert result.ok
    assert result.saved_name() == result.sha256[:16] + ".csv"
    with upload.sources([(result, None)]) as sources:
        assert sources[0].name == "../../etc/passwd.csv"
        assert sources[0].path.name == result.saved_name() and sources[0].path.read_bytes() == GOOD
        folder = sources[0].path.parent
    assert not folder.exists()  # the load's temporary folder is gone


def test_a_monthly_file_after_the_deadline_is_late_and_a_back_fill_is_not(wh, tmp_path, monkeypatch):
    """Late: a community's month first loaded after the deadline by a file of that month alone; a
    file of several months (a back-fill) is never late. Two months beyond the demo data."""
    from govdash import db, history_data
    from tests.helpers import load_files

    monthly, other = "410311002004", "410311002003"
    (tmp_path / "jan.csv").write_text(
        f"社区代码,月份,活动类型,活动场次,参与人次\n{monthly},2025年1月,为民服务,3,30\n", encoding="utf-8"
    )
    (tmp_path / "back.csv").write_text(
        "社区代码,月份,活动类型,活动场次,参与人次\n"
        f"{other},2025年1月,为民服务,2,20\n{other},2025年2月,为民服务,4,40\n",
        encoding="utf-8",
    )
    for name in ("jan.csv", "back.csv"):  # a batch each
        assert load_files(wh, tmp_path / name).committed
    use_warehouse(wh.root, monkeypatch)
    rows = history_data.submissions(db.version(), "410311002", "activity", date(2025, 1, 1)).set_index(
        "area_code"
    )
    assert rows.loc[monthly, "reported"] and rows.loc[monthly, "late"]
    assert rows.loc[other, "reported"] and not rows.loc[other, "late"]
    assert rows.loc[monthly, "first_batch_months"] == 1 and rows.loc[other, "first_batch_months"] == 2
    assert not rows.drop([monthly, other])[["reported", "late"]].any(axis=None)


def test_a_file_without_some_columns_says_their_values_are_kept_as_a_note_not_a_problem(app):
    """The December file has no social-organisation columns: the row it replaces keeps those values
    (``etl.absent_columns``), said under 提示, apart from the problems, and the file can be loaded."""
    app.text_input(key="up_user").set_value("张三")
    app.file_uploader(key="up_files_0").set_value(("十二月活动.csv", GOOD, "text/csv")).run()
    assert not app.exception
    headers = [m.value for m in app.markdown]
    assert "**提示（不影响导入）**" in headers and "**问题清单**" not in headers
    said = "文件中没有“社会组织活动场次、社会组织参与人次、App报备人数”列，1 行沿用已导入的值"
    assert any(said in m.value for m in app.markdown)  # in full, not cut in a grid cell
    assert not any("问题" in d.value.columns for d in app.dataframe)  # no problem table
