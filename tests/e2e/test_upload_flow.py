"""An analyst's round trip in the real browser: upload a GBK CSV, load it, see the new figure on the
overview page, undo it in the history page, and see the old figure back.

Runs its own server on a copy of the demo warehouse (the session server's warehouse stays untouched).
"""

from __future__ import annotations

import io
import shutil

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from tests.e2e import driver
from tests.e2e.conftest import App

pytestmark = pytest.mark.e2e

TIANYUAN_STREET = "410311002"  # 开元路街道
# 天元社区, December 2024: one row replacing the month's activity rows
GBK_FILE = "社区代码,月份,活动类型,活动场次,参与人次\n410311002004,2024年12月,为民服务,777,1.2万\n".encode(
    "gb18030"
)
OVERVIEW = f"?district=410311&street={TIANYUAN_STREET}&community=410311002004&month=2024-12"


@pytest.fixture
def writable_app(page: Page, demo_warehouse, tmp_path, browser_requests):
    root = tmp_path / "wh"
    shutil.copytree(demo_warehouse.root, root)
    server = driver.StreamlitServer(
        driver.REPO_ROOT / "dashboard.py", env={"GOVDASH_DB": str(root)}, log=tmp_path / "streamlit.log"
    )
    page.set_default_timeout(60_000)
    with server:
        yield App(page, server, browser_requests)


def _activities_card(app: App) -> str:
    card = app.page.get_by_test_id("stMetric").filter(has_text="活动场次").first
    return card.get_by_test_id("stMetricValue").inner_text().strip()


def test_upload_gbk_then_undo_in_the_browser(writable_app: App):
    app = writable_app
    app.open(OVERVIEW)
    before = _activities_card(app)
    assert before != "777"

    app.open("upload")
    # the templates are made on a click (not on every run of the page): the XLSX of activity opens
    app.page.get_by_text("下载空白模板").click()
    row = app.page.get_by_test_id("stHorizontalBlock").filter(has_text="（activity）")
    with app.page.expect_download(timeout=60_000) as info:
        row.get_by_role("button", name="XLSX").click()
    assert info.value.suggested_filename == "template_activity.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(info.value.path().read_bytes())).active
    cells = {c.value for row in sheet.iter_rows(max_row=5) for c in row}
    assert {"社区代码", "活动场次"} <= cells, cells

    name_box = app.page.get_by_role("textbox", name="上传人")
    name_box.fill("李四")
    app.rerun_after(lambda: name_box.press("Enter"))
    app.rerun_after(
        lambda: app.page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
            files=[{"name": "天元12月.csv", "mimeType": "text/csv", "buffer": GBK_FILE}]
        )
    )
    expect(app.page.get_by_text("可以导入（社区活动，1 行）", exact=False)).to_be_visible()
    expect(app.page.get_by_text("gb18030", exact=False).first).to_be_visible()
    # one row replaces the month's other activity rows: the removal is confirmed first (issue 11)
    expect(app.page.get_by_role("button", name="确认导入")).to_be_disabled()
    app.rerun_after(lambda: app.page.get_by_text("确认删除这", exact=False).click())
    app.rerun_after(lambda: app.page.get_by_role("button", name="确认导入").click())
    expect(app.page.get_by_test_id("stAlertContentSuccess")).to_contain_text("批次 11")
    app.screenshot("upload_done")

    app.open(OVERVIEW)
    assert _activities_card(app) == "777"

    app.open("history")
    app.rerun_after(lambda: app.page.get_by_text("确认撤销批次 11", exact=False).click())
    app.rerun_after(lambda: app.page.get_by_role("button", name="撤销此批次").click())
    expect(app.page.get_by_test_id("stAlertContentSuccess")).to_contain_text("已撤销批次 11")

    app.open(OVERVIEW)
    assert _activities_card(app) == before
    assert not app.errors()
    assert not app.external()
