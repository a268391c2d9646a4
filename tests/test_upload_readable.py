"""The upload preview and the history read like a Chinese office's tables (issue 14): the registry's
labels as headers, a name beside each code, 2024年12月 and "—" instead of ``2024-12-01 00:00:00`` and
``None``, only what changes, metric names instead of catalog keys; English with ``lang=en``."""

from __future__ import annotations

import csv
import io
import shutil

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from etl.warehouse import Warehouse
from tests.helpers import REPO_ROOT, new_app, use_warehouse

TIANYUAN = "410311002004"  # 天元社区
VOLUNTEERS = REPO_ROOT / "data" / "demo" / "volunteers.csv"


def december_file(edit: bool = True) -> bytes:
    """The demo volunteers of 洛龙区 for 2024-12 (246 communities), one value edited (天元社区's
    registered volunteers + 7)."""
    with VOLUNTEERS.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    head, body = rows[0], [r for r in rows[1:] if r[0].startswith("410311") and r[1] == "2024-12"]
    assert len(body) == 246
    if edit:
        row = next(r for r in body if r[0] == TIANYUAN)
        row[2] = str(int(row[2]) + 7)
    out = io.StringIO()
    csv.writer(out).writerows([head, *body])
    return out.getvalue().encode("utf-8-sig")


@pytest.fixture
def wh(demo_warehouse, tmp_path) -> Warehouse:
    root = tmp_path / "wh"
    shutil.copytree(demo_warehouse.root, root)
    return Warehouse(root)


def upload_page(wh: Warehouse, monkeypatch, lang: str = "zh") -> AppTest:
    use_warehouse(wh.root, monkeypatch)
    at = new_app()
    if lang == "en":
        at.query_params["lang"] = "en"
    at.run()
    at = at.switch_page("app_pages/upload.py").run()
    at.text_input(key="up_user").set_value("张三")
    return (
        at.file_uploader(key="up_files_0").set_value(("志愿服务12月.csv", december_file(), "text/csv")).run()
    )


def cells(frame: pd.DataFrame) -> list[str]:
    return [str(c) for c in frame.columns] + [str(v) for v in frame.to_numpy().ravel()]


def assert_readable(frames: list[pd.DataFrame]) -> None:
    for frame in frames:
        text = cells(frame)
        assert not [c for c in text if c in ("None", "nan", "NaT", "<NA>")], frame
        assert not [c for c in text if "00:00:00" in c], frame
        assert not [c for c in text if "_" in c and c.isascii()], frame  # no community_code, old_value


def test_the_upload_diff_shows_only_the_changed_row_in_chinese(wh, monkeypatch):
    at = upload_page(wh, monkeypatch)
    assert not at.exception
    assert at.expander[1].label.startswith("志愿服务12月.csv：可以导入（志愿服务，246 行）")
    assert {m.label: m.value for m in at.metric} == {"新增": "0", "修改": "1", "删除": "0", "不变": "245"}
    frames = [d.value for d in at.dataframe]
    detail = next(f for f in frames if "字段" in f.columns)
    assert list(detail.columns) == ["社区代码", "社区名称", "月份", "字段", "原值", "新值"]
    assert len(detail) == 1
    row = detail.iloc[0]
    assert (row["社区代码"], row["社区名称"], row["月份"], row["字段"]) == (
        TIANYUAN,
        "天元社区",
        "2024年12月",
        "注册志愿者",
    )
    assert int(row["新值"].replace(",", "")) == int(row["原值"].replace(",", "")) + 7
    by_scope = next(f for f in frames if "不变" in f.columns)
    assert len(by_scope) == 1  # not the 245 communities that do not change
    assert by_scope.iloc[0]["社区名称"] == "天元社区" and by_scope.iloc[0]["修改"] == "1"
    mapping = frames[0]
    assert mapping["对应字段"].tolist()[:2] == ["社区代码", "月份"]
    assert_readable(frames)


def test_the_upload_diff_in_english(wh, monkeypatch):
    at = upload_page(wh, monkeypatch, lang="en")
    assert not at.exception
    detail = next(d.value for d in at.dataframe if "Field" in d.value.columns)
    assert list(detail.columns) == [
        "Community code",
        "Community name",
        "Month",
        "Field",
        "Old value",
        "New value",
    ]
    assert detail.iloc[0]["Month"] == "Dec 2024" and detail.iloc[0]["Community name"] == "天元社区"
    assert_readable([d.value for d in at.dataframe][1:])


def test_history_lists_the_changed_row_with_names_and_targets_by_their_labels(wh, monkeypatch):
    at = upload_page(wh, monkeypatch)
    at.button(key="up_load").click().run()
    assert not at.exception and "导入完成" in at.success[0].value
    at = at.switch_page("app_pages/history.py").run()
    assert not at.exception
    batches, changes = at.dataframe[0].value, at.dataframe[1].value
    assert "00:00:00" not in " ".join(batches["时间"]) and ":" in batches["时间"].iloc[0]
    # the batch rewrote 246 community-months; one changed: written and displaced, nothing else
    assert changes["变化"].tolist() == ["本批写入", "被替换或删除"]
    assert set(changes["社区名称"]) == {"天元社区"} and set(changes["月份"]) == {"2024年12月"}
    assert "—" in set(changes["获得积分"])  # blanks of the demo file
    assert_readable([changes])
    targets = int(batches.loc[batches["数据类别"] == "目标", "批次"].iloc[0])
    at.selectbox(key="hi_batch").set_value(targets).run()
    shown = at.dataframe[1].value
    assert "党群服务中心覆盖率" in set(shown["指标"])
    assert not [m for m in shown["指标"] if ":" in m or "_" in m]
    assert set(shown["区划名称"]) >= {"洛龙区"}
    assert_readable([shown])
