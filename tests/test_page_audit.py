"""The audit page (审计日志): each row's detail in the UI language, with no code left for a reader to
decode (a page's URL path, an export's kind, a dataset's or sign-in mode's name), and every key
and export kind the code records has its words."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from etl.access import AccessStore
from govdash import audit_data
from tests.access_fixtures import DISTRICT, signed_in_app, warehouse_with_users

pytestmark = pytest.mark.usefixtures("caches_cleared_once")
ROOT = Path(__file__).resolve().parent.parent
SOURCES = [*ROOT.glob("app_pages/*.py"), *ROOT.glob("govdash/**/*.py"), *ROOT.glob("etl/**/*.py")]
NAMES = {"410311": "洛龙区"}


def details(store: AccessStore, lang: str) -> list[str]:
    return list(audit_data.audit_rows(store, lang, NAMES)["detail"])[::-1]  # oldest first


def test_details_name_pages_exports_datasets_and_modes_in_the_ui_language(tmp_path):
    store = AccessStore(tmp_path)
    record = lambda action, **detail: store.record(action, "boss", "admin", "127.0.0.1", **detail)  # noqa: E731
    record("view", page="five-star", area="410311", month="2024-12")
    record("export", what="table:activity", file="a.xlsx", rows=3)
    record("export", what="report:pptx:410311", file="r.pptx", rows=0)
    record("export", what="submissions:activity:missing", file="s.xlsx", rows=2)
    record("export", what="map_table:activities_per_1k", file="m.csv", rows=9)
    record("export", what="original:3", file="o.csv", rows=2)
    record("denied", mode="oidc")
    record("upload", file="a.csv", dataset="five_star", rows=2, problems=0, sha256="ab" * 32)
    record("undo", batch=3, cascade=False, refused={"zh": "批次 3 已撤销", "en": "batch 3 is undone"})
    record("task_close", task=7, owner="street")
    record("view", page="a-page-of-another-release", area="410311", month="2024-12")
    record("undo", batch=4, cascade=True, refused="recorded in English by an older release")

    assert details(store, "zh") == [
        "区域=洛龙区（410311） · 月份=2024-12 · 页面=五星创建",
        "文件=a.xlsx · 行数=3 · 内容=数据表：社区活动",
        "文件=r.pptx · 行数=0 · 内容=汇报材料：PPTX · 洛龙区（410311）",
        "文件=s.xlsx · 行数=2 · 内容=报送情况：社区活动 · 缺报",
        "文件=m.csv · 行数=9 · 内容=地图数据表：每千人活动场次（近12个月）",
        "文件=o.csv · 行数=2 · 内容=原始文件：批次 3",
        "登录方式=单点登录（OIDC）",
        "数据类别=五星支部创建 · 文件=a.csv · 问题数=0 · 行数=2 · SHA256=abababababab",
        "批次=3 · 连带撤销=否 · 拒绝原因=批次 3 已撤销",
        "责任人=street · 交办事项=7",
        "区域=洛龙区（410311） · 月份=2024-12 · 页面=a-page-of-another-release",  # as recorded
        "批次=4 · 连带撤销=是 · 拒绝原因=recorded in English by an older release",
    ]
    english = details(store, "en")
    assert english[0] == "area=洛龙区 (410311) · month=2024-12 · page=Five-star"
    assert english[3] == "file=s.xlsx · rows=2 · what=Submissions: Activity · Missing"  # the page's words
    assert english[6] == "sign-in=single sign-on (OIDC)"
    assert english[8] == "batch=3 · cascade=no · refused=batch 3 is undone"


def _calls(name: str) -> list[ast.Call]:
    found = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
                if called == name:
                    found.append(node)
    return found


def test_every_detail_key_the_code_records_has_words():
    keys = {k.arg for name in ("record", "_audit") for call in _calls(name) for k in call.keywords if k.arg}
    keys |= {  # the user changes: a dict of details
        key.value
        for call in _calls("_append")
        for arg in call.args
        if isinstance(arg, ast.Dict)
        for key in arg.keys
        if isinstance(key, ast.Constant)
    }
    keys -= {"key", "scope", "mime", "container", "help", "data", "file_name"}  # not audit details
    assert {"page", "what", "dataset", "mode", "refused", "task", "owner", "areas"} <= keys
    assert sorted(keys - set(audit_data.DETAIL_LABELS)) == []


def test_every_export_kind_has_words():
    kinds = {
        match.group(1)
        for path in SOURCES
        for match in re.finditer(r'\bwhat=f?"([a-z_]+)', path.read_text(encoding="utf-8"))
    }
    assert {"table", "template", "report", "ledger", "audit", "upload_problems"} <= kinds
    assert sorted(kinds - set(audit_data.WHAT_LABELS)) == []


def test_the_audit_page_shows_a_viewed_page_by_its_title(demo_warehouse, tmp_path, monkeypatch):
    wh = warehouse_with_users(demo_warehouse, tmp_path / "wh")
    at = signed_in_app(wh.root, monkeypatch, "admin", district=DISTRICT).run()
    at.switch_page("app_pages/five_star.py").run()
    at.switch_page("app_pages/audit.py").run()
    assert not at.exception
    shown = at.dataframe[0].value
    assert "区域=洛龙区（410311） · 月份=2024-12 · 页面=五星创建" in set(shown["内容"])
    assert not any("页面=five-star" in d for d in shown["内容"])
