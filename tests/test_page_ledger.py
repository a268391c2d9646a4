"""The 台账 page in AppTest on a copy of the demo warehouse: counts, pace, filters, the XLSX per
street (title, units), closing a 交办事项 (audited), and the map's ledger layer."""

from __future__ import annotations

import io
import json
import shutil
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook

from etl.access import AccessStore
from etl.meetings import MeetingStore, Task
from tests.helpers import new_app, use_warehouse

pytestmark = pytest.mark.usefixtures("caches_cleared_once")


@pytest.fixture(scope="module")
def root(demo_warehouse, tmp_path_factory):
    root = tmp_path_factory.mktemp("ledger_page") / "wh"
    shutil.copytree(demo_warehouse.root, root)
    MeetingStore(root).record_meeting(
        "410305",
        date(2020, 4, 10),
        "推进会",
        [Task("补建小区党支部", "410305001", date(2020, 4, 30))],
        by="t",
    )
    return root


def _app(root, monkeypatch, page: str = "app_pages/ledger.py", **params):
    use_warehouse(root, monkeypatch, clear_caches=False)
    at = new_app(**({"district": "410305", "month": "2020-05"} | params)).run()
    return at.switch_page(page).run()


def test_the_page_lists_items_with_pace_and_filters(root, monkeypatch):
    at = _app(root, monkeypatch)
    assert not at.exception
    cards = {m.label: m.value for m in at.metric}
    assert cards == {"已逾期": "0", "未完成": "534", "已销号": "224"}  # on 2020-05-31
    pace, items = at.dataframe[0].value, at.dataframe[1].value
    whole = pace[(pace["范围"] == "涧西区") & pace["目标"].str.startswith("小区党支部覆盖率")].iloc[0]
    assert (whole["应完成(项)"], whole["已完成(项)"], whole["进度判断"]) == (581, 210, "落后于时间进度")
    # each row starts with what it is about, kept in view when the table scrolls sideways
    assert list(pace.columns[:3]) == ["目标", "完成时限", "范围"]
    config = json.loads(at.dataframe[0].proto.columns)
    assert {name for name, c in config.items() if c.get("pinned")} == {"目标", "范围"}
    assert whole["目标"] == "小区党支部覆盖率 100.0%"  # the target's value with its unit
    assert len(items) == 758 and list(items["状态"].unique()) == ["未完成", "已销号"]  # open first
    at.multiselect(key="lg_status").set_value(["done"]).run()
    at.multiselect(key="lg_street").set_value(["湖北路街道"]).run()
    shown = at.dataframe[1].value
    assert set(shown["状态"]) == {"已销号"} and set(shown["责任街道"]) == {"湖北路街道"}


def test_a_streets_ledger_offers_no_street_to_pick_and_no_column_that_repeats_it(root, monkeypatch):
    """Every item of a street's ledger lies in that street: no street filter (one choice) and no
    责任街道 column (the same name on every row); the district's ledger keeps both."""
    street = _app(root, monkeypatch, street="410305001")
    assert not street.exception
    items = street.dataframe[1].value
    assert len(items) and "责任街道" not in items.columns and "社区" in items.columns
    assert [w.key for w in street.multiselect] == ["lg_kind", "lg_status"]
    district = _app(root, monkeypatch)
    assert "责任街道" in district.dataframe[1].value.columns
    assert [w.key for w in district.multiselect][:3] == ["lg_street", "lg_kind", "lg_status"]


def test_pace_says_overdue_and_met_in_the_status_vocabulary(root, monkeypatch):
    """After the due date an unfinished target is 逾期 (as on every page), a finished one 达标."""
    use_warehouse(root, monkeypatch, clear_caches=False)
    at = new_app(district="410305", month="2021-06").run().switch_page("app_pages/ledger.py").run()
    assert not at.exception
    pace = at.dataframe[0].value
    branch = pace[pace["目标"].str.startswith("小区党支部覆盖率")]  # due 2020-12-31
    words = set(branch["进度判断"])
    assert words <= {"逾期", "达标"} and words, words
    for _, row in branch.iterrows():
        assert (row["进度判断"] == "达标") == (row["已完成(项)"] >= row["应完成(项)"])


def test_the_pace_lists_the_targets_that_need_action_first(root, monkeypatch):
    """At the end of 2024 five streets' four-star targets are behind, the compound-branch and
    neighbourhood-centre targets of 2020 are met: the behind ones come first, then each target in
    order of its most urgent row (then its due date), its own row above its streets', the streets
    that need action first."""
    from govdash import db
    from govdash import ledger_data as ld

    use_warehouse(root, monkeypatch, clear_caches=False)
    at = new_app(district="410305", month="2024-12").run().switch_page("app_pages/ledger.py").run()
    assert not at.exception
    verdicts = list(at.dataframe[0].value["进度判断"])
    behind = [v for v in verdicts if v.startswith("落后")]
    assert len(behind) == 5 and verdicts[:5] == behind, verdicts

    table = ld.pace_table(db.version(), "410305", date(2024, 12, 31), "zh")
    keys = list(zip(table["target_area"], table["metric"], strict=True))
    firsts = [keys.index(k) for k in dict.fromkeys(keys)]
    assert firsts == sorted(firsts) and len(set(keys)) == len(firsts)  # each target's rows together
    order = [
        (
            min(ld.URGENCY.index(ld.pace_state(r, date(2024, 12, 31))) for _, r in rows.iterrows()),
            rows["due_date"].iloc[0],
        )
        for rows in (table[[k == key for k in keys]] for key in dict.fromkeys(keys))
    ]
    assert order == sorted(order), order
    own = table[table["street_code"] == ""]
    assert all(
        keys.index(k) == i
        for i, k in zip(own.index, zip(own["target_area"], own["metric"], strict=True), strict=True)
    )
    # 洛龙区's 2022 social-organisation target: two streets overdue among met ones, listed first
    table = ld.pace_table(db.version(), "410311", date(2024, 12, 31), "zh")
    keys = list(zip(table["target_area"], table["metric"], strict=True))
    mixed = 0  # targets whose streets are not all in one state
    for key in dict.fromkeys(keys):
        mine = pd.Series([k == key for k in keys], index=table.index)
        streets = table[mine & (table["street_code"] != "")]
        ranks = [ld.URGENCY.index(s) for s in streets["state"]]
        assert ranks == sorted(ranks), (key, list(streets["street_name"]), list(streets["state"]))
        mixed += len(set(ranks)) > 1
    assert mixed, "the demo has a target with streets in different states"


def test_the_pace_column_is_as_wide_as_its_longest_verdict(root, monkeypatch):
    """The grid sizes a column by its first rows: "Behind (no progress in 3 months)" on a later row
    was cut to "Behind (". The column is given the width of its longest verdict."""
    from govdash.table_style import text_px

    use_warehouse(root, monkeypatch, clear_caches=False)
    at = new_app(district="410305", month="2024-12", lang="en").run().switch_page("app_pages/ledger.py").run()
    grid = at.dataframe[0]
    verdicts = list(grid.value["Pace"])
    assert "Behind (no progress in 3 months)" in verdicts[1:]  # not the first row
    config = json.loads(grid.proto.columns)["Pace"]
    assert config["width"] == text_px(["Pace", *verdicts]) >= 7.5 * len("Behind (no progress in 3 months)")


def test_the_xlsx_has_a_sheet_per_street_with_title_and_units(root, monkeypatch):
    from govdash import ledger_data as ld

    use_warehouse(root, monkeypatch, clear_caches=False)
    from govdash import db

    items = ld.items(db.version(), "410305", date(2020, 5, 8), "zh")
    book = load_workbook(io.BytesIO(ld.xlsx_by_street(items, "涧西区", date(2020, 5, 8), "zh")))
    assert len(book.sheetnames) == 11 and "湖北路街道" in book.sheetnames
    sheet = book["湖北路街道"]
    assert sheet["A1"].value == "涧西区挂图作战台账（湖北路街道）"
    assert sheet["A2"].value == "数据截至：2020年5月8日"
    assert sheet["A3"].value == "单位：项；面积：平方米；星级：星"
    assert [c.value for c in sheet[4]][:3] == ["状态", "类别", "责任街道"]
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert len(rows) == (items["street_name"] == "湖北路街道").sum()
    assert {r[2] for r in rows} == {"湖北路街道"}
    # printed as every export is: the header frozen and on every page, A4, page numbers
    assert (sheet.freeze_panes, sheet.print_title_rows) == ("A5", "$4:$4")
    assert sheet.page_setup.paperSize == 9 and sheet.oddFooter.center.text == "第 &P 页，共 &N 页"


def test_closing_a_task_records_who_and_when_and_audits_it(root, monkeypatch):
    at = _app(root, monkeypatch)
    [task] = MeetingStore(root).tasks(None).itertuples()
    at.button(key=f"mt_close_{task.id}").click().run()
    assert not at.exception
    closed = MeetingStore(root).task(task.id)
    assert closed["closed_by"] == "demo" and closed["closed_at"]
    audit = AccessStore(root).audit(action="task_close")
    assert json.loads(audit["detail"].iloc[0])["task"] == task.id


def test_the_map_shows_open_items_as_a_layer(root, monkeypatch):
    at = _app(root, monkeypatch, page="app_pages/map.py")
    at.toggle(key="map_ledger").set_value(True).run()
    assert not at.exception
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    [layer] = [layer for layer in spec["layers"] if layer["id"] == "ledger_items"]
    assert len(layer["data"]) > 400  # the open compounds and facilities with coordinates


@pytest.mark.parametrize(
    ("lang", "due", "fmt"), [("zh", "完成时限", "YYYY年M月D日"), ("en", "Due", "YYYY-MM-DD")]
)
def test_the_items_write_their_days_as_every_text_of_the_page_does(root, monkeypatch, lang, due, fmt):
    """The pace table above said 2020年12月31日 and the items below 2020-12-31: one day format for
    the page's language, the column still a date (sorted as one)."""
    at = _app(root, monkeypatch, lang=lang)
    assert not at.exception
    config = json.loads(at.dataframe[1].proto.columns)
    assert config[due]["type_config"] == {"type": "date", "format": fmt}
    assert isinstance(at.dataframe[1].value[due].dropna().iloc[0], date)


def test_seen_from_a_street_a_target_has_one_row_named_by_the_street(root, monkeypatch):
    """Seen from a street, the district's target counts only that street's items: its own row, named
    全区, repeated the street's row and read as the whole district's. Now the street's row alone."""
    at = _app(root, monkeypatch, street="410305001")
    assert not at.exception
    pace = at.dataframe[0].value
    branch = pace[pace["目标"].str.startswith("小区党支部覆盖率")]
    assert list(branch["范围"]) == ["湖北路街道"]
    district = _app(root, monkeypatch).dataframe[0].value  # the district: its own row, then each street's
    scopes = list(district[district["目标"].str.startswith("小区党支部覆盖率")]["范围"])
    assert scopes[0] == "涧西区" and "湖北路街道" in scopes[1:] and "全区" not in scopes


def test_seen_from_a_community_its_rows_are_named_by_it_and_its_few_items_fill_no_empty_rows(
    root, monkeypatch
):
    """A village's ledger said "范围 文山镇 · 任务进度 75.0%": the figures were the village's own three
    of four compounds, named by its street. They are named by the community; its four items no
    longer sit above seven empty rows of a fixed-height table."""
    from govdash import db, ledger_data
    from govdash.table_style import fitted_height

    street = _app(root, monkeypatch, street="410305001")
    community = next(
        c
        for c in ledger_data.items(db.version(), "410305001", date(2020, 5, 31), "zh")["community_code"]
        if c.startswith("410305001")
    )
    at = _app(root, monkeypatch, street="410305001", community=community)
    assert not at.exception and not street.exception
    pace, items = at.dataframe[0].value, at.dataframe[1].value
    name = at.title[0].value.split(" · ")[-1]
    assert set(pace["范围"]) == {name}
    assert len(items) < 10  # the page sizes its table by fitted_height: rows, then a scroll
    assert fitted_height(len(items)) == 38 + 35 * len(items) and fitted_height(500) == 420


def test_a_district_count_target_seen_from_a_street_is_not_split_nor_judged(root, monkeypatch):
    """涧西区's 177 neighbourhood centres, seen from 湖北路街道 at the end of 2024, read
    "应完成 177 … 落后于时间进度" as the street's own. The row now says it is set above and not
    split, with no required count and no share; the street's own and percentage targets keep theirs."""
    at = _app(root, monkeypatch, street="410305001", month="2024-12")
    assert not at.exception
    pace = at.dataframe[0].value.set_index("目标")
    row = pace.loc["已运营邻里中心 177个"]
    assert (row["进度判断"], row["任务进度"]) == ("上级目标，未分解到本级", "—") and pd.isna(
        row["应完成(项)"]
    )
    assert "落后于时间进度" not in set(pace["进度判断"])
    assert pace.loc["小区党支部覆盖率 100.0%", "进度判断"] == "达标"
    assert any(c.value.startswith("“上级目标，未分解到本级”") for c in at.caption)  # says what it means
    district = _app(root, monkeypatch, month="2024-12")
    assert not any("未分解" in c.value for c in district.caption)  # every target judged there
