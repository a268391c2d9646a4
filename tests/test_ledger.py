"""The 挂图作战 ledger on the demo warehouse: the article's 407 open items of 涧西区, automatic 销号
by a real load and reopening by its undo, the pace against a hand computation, the CLI verbs, and the
推进会 loop (a recorded meeting, then the deck's first slide)."""

from __future__ import annotations

import csv
import io
import json
import math
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from etl.__main__ import main as etl_main
from etl.access import AccessStore
from etl.history import undo
from etl.ledger import DONE, OPEN, OVERDUE, ledger_items
from etl.ledger_pace import pace
from etl.ledger_rules import LEDGER_RULES
from etl.loading import Source, load
from etl.meetings import MeetingStore, Task
from etl.metrics import compute_metrics
from etl.scope import EVERYTHING, Scope, open_scoped
from etl.warehouse import Warehouse
from tests.helpers import REPO_ROOT

JIANXI = "410305"
ARTICLE_DAY = date(2020, 5, 8)
KIND = "compound_no_branch"


@pytest.fixture(scope="module")
def wh(demo_warehouse, tmp_path_factory) -> Warehouse:
    root = tmp_path_factory.mktemp("ledger") / "wh"
    shutil.copytree(demo_warehouse.root, root)
    return Warehouse(root)


def _items(wh: Warehouse, area: str, day: date, scope: Scope = EVERYTHING):
    with open_scoped(wh.current_path(), scope) as con:
        return ledger_items(con, area, day)


def _demo_compounds() -> list[dict[str, str]]:
    with open(REPO_ROOT / "data/demo/compounds.csv", encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_jianxi_has_the_articles_407_open_branch_items_each_owned_by_its_street(wh):
    items = _items(wh, JIANXI, ARTICLE_DAY)
    branch = items[items["kind"] == KIND]
    open_items = branch[branch["status"] == OPEN]
    assert len(open_items) == 581 - 174 == 407
    assert (branch["status"] == DONE).sum() == 174
    with open_scoped(wh.current_path(), EVERYTHING) as con:
        parent = dict(
            con.execute("SELECT area_code, parent_code FROM areas WHERE level = 'community'").fetchall()
        )
        streets = dict(
            con.execute("SELECT area_code, area_name FROM areas WHERE level = 'street'").fetchall()
        )
    assert all(
        parent[c] == s for c, s in zip(open_items["community_code"], open_items["street_code"], strict=True)
    )
    assert all(
        streets[s] == n for s, n in zip(open_items["street_code"], open_items["street_name"], strict=True)
    )
    assert open_items["street_code"].nunique() == 11
    assert set(open_items["due_date"]) == {date(2020, 12, 31)}


def test_each_kinds_done_count_is_its_catalog_metric(wh):
    """The items' status uses the metric's own rule: done items == the metric's numerator."""
    checks = [
        (JIANXI, ARTICLE_DAY, KIND, "compound_party_branches"),
        (JIANXI, ARTICLE_DAY, "facility_not_open", "facilities_open:neighborhood_center"),
        ("410311", date(2022, 12, 31), "star_below_four", "four_plus_star_communities"),
        ("410311", date(2022, 12, 31), "star_below_five", "five_star_communities"),
    ]
    for area, day, kind, metric in checks:
        items = _items(wh, area, day)
        with open_scoped(wh.current_path(), EVERYTHING) as con:
            metrics = dict(compute_metrics(con, area, day))
        assert (items[items["kind"] == kind]["status"] == DONE).sum() == metrics[metric], (kind, metric)
    items = _items(wh, "410311", date(2022, 12, 31))
    social = items[items["kind"] == "social_org_below_minimum"]
    with open_scoped(wh.current_path(), EVERYTHING) as con:
        metrics = dict(compute_metrics(con, "410311", date(2022, 12, 31)))
    share = round(100 * (social["status"] == DONE).sum() / len(social), 1)
    assert len(social) == metrics["communities"]
    assert share == metrics["communities_meeting_social_org_minimum_pct"]


def test_pace_of_the_branch_target_equals_a_hand_computation(wh):
    items = _items(wh, JIANXI, ARTICLE_DAY)
    row = pace(items[items["kind"] == KIND], ARTICLE_DAY).iloc[0]
    # by hand: 407 branches still to found in the 237 days from May 8 to December 31
    days_left = (date(2020, 12, 31) - date(2020, 5, 8)).days
    assert days_left == 237
    assert row["remaining"] == 407 and row["required"] == 581 and row["done"] == 174
    assert row["needed_per_month"] == pytest.approx(407 / (237 / 30.4375))
    assert round(row["needed_per_month"]) == 52
    founded = [
        date.fromisoformat(r["小区党支部成立日期"])
        for r in _demo_compounds()
        if r["社区代码"].startswith(JIANXI) and r["小区党支部成立日期"]
    ]
    recent = sum(1 for d in founded if date(2020, 2, 8) < d <= ARTICLE_DAY)
    assert row["recent_per_month"] == pytest.approx(recent / 3)
    assert row["time_share"] == pytest.approx((ARTICLE_DAY - date(2020, 1, 1)).days / 365)
    assert row["done_share"] == pytest.approx(174 / 581)
    assert not row["on_pace"]  # 35% of the time gone, 30% of the branches founded
    assert (row["projected_finish"] - ARTICLE_DAY).days == round(407 / (recent / 3) * 30.4375)


def _founding_file(tmp_path: Path, community: str, day: str) -> tuple[Path, set[str]]:
    """The community's compounds as in the demo, with a branch founded on ``day`` in each that had
    none on the article's day; returns the file and those compounds."""
    rows = [r for r in _demo_compounds() if r["社区代码"] == community]
    founded = set()
    for r in rows:
        built = r["建成年份"]
        exists = not built or int(built) <= ARTICLE_DAY.year
        if exists and (
            not r["小区党支部成立日期"] or date.fromisoformat(r["小区党支部成立日期"]) > ARTICLE_DAY
        ):
            r["小区党支部成立日期"] = day
            founded.add(r["小区名称"])
    path = tmp_path / "小区党支部新建.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path, founded


def test_a_load_that_founds_branches_closes_exactly_those_items_and_undo_reopens_them(wh, tmp_path):
    before = _items(wh, JIANXI, ARTICLE_DAY)
    before = before[before["kind"] == KIND]
    community = before[before["status"] == OPEN]["community_code"].value_counts().index[0]
    path, founded = _founding_file(tmp_path, community, "2020-05-01")
    keys = {community + chr(31) + name for name in founded}  # names repeat in other communities
    assert len(founded) >= 3
    meetings = MeetingStore(wh.root)
    meeting = meetings.record_meeting(
        JIANXI, date(2020, 5, 1), "推进会", [Task("建支部", community, date(2020, 6, 1))], "t"
    )
    report = load(wh, [Source(path, path.name)], user="测试")
    assert report.committed, report.problems
    batch = report.files[0].batch_id
    after = _items(wh, JIANXI, ARTICLE_DAY)
    after = after[after["kind"] == KIND]
    closed = after[(after["status"] == DONE) & (after["closed_batch"] == batch)]
    assert set(closed["item_name"]) == founded
    assert set(closed["community_code"]) == {community}
    assert set(closed["closed_on"]) == {date(2020, 5, 1)}
    assert (after["status"] == OPEN).sum() == 407 - len(founded)
    unchanged = after[~after["item_key"].isin(keys)].set_index("item_key")[["status", "closed_batch"]]
    was = before[~before["item_key"].isin(keys)].set_index("item_key")[["status", "closed_batch"]]
    assert unchanged.sort_index().equals(was.sort_index())  # every other item as it was

    undo(wh, batch, user="测试")
    reopened = _items(wh, JIANXI, ARTICLE_DAY)
    reopened = reopened[reopened["kind"] == KIND]
    assert (reopened["status"] == OPEN).sum() == 407
    assert batch not in set(reopened["closed_batch"].dropna())
    assert set(reopened[reopened["item_key"].isin(keys)]["status"]) == {OPEN}
    assert meeting in set(MeetingStore(wh.root).meetings(None)["id"])  # loads and undo leave 推进会 alone
    from etl.backup import backup

    backup(wh, wh.root.parent / "backup")
    assert MeetingStore(wh.root.parent / "backup").meetings(None)["id"].tolist() == [meeting]


def test_etl_ledger_and_metrics_verbs(wh, capsys):
    db = ["--db", str(wh.root)]
    args = ["ledger", "--area", JIANXI, "--as-of", "2020-05-08", "--status", "open", "--kind", KIND]
    assert etl_main([*args, "--format", "json", *db]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 407 and {r["status"] for r in rows} == {"open"}
    assert etl_main([*args, "--format", "csv", *db]) == 0
    assert len(list(csv.DictReader(io.StringIO(capsys.readouterr().out)))) == 407
    assert etl_main(["ledger", "--area", "999999", "--as-of", "2020-05-08", *db]) == 2
    assert etl_main(["ledger", "--area", JIANXI, "--as-of", "2020-13-01", *db]) == 2
    capsys.readouterr()
    assert etl_main(["metrics", "--area", JIANXI, "--as-of", "2020-05-08", *db]) == 0
    lines = dict(line.split(",") for line in capsys.readouterr().out.splitlines())
    assert lines[f"ledger_open:{KIND}"] == "407" and lines[f"ledger_done:{KIND}"] == "174"
    assert lines["compound_party_branches"] == "174"


def test_a_street_sees_and_records_only_its_own(wh, capsys):
    store = AccessStore(wh.root)
    store.add("湖北路分析员", "analyst", ["410305001"], by="test")
    street = _items(wh, JIANXI, ARTICLE_DAY)
    street = street[street["street_code"] == "410305001"]
    mine = _items(wh, "410305001", ARTICLE_DAY, Scope.of(["410305001"]))
    assert len(mine) == len(street) > 0  # the district's target governs the street's items
    db = ["--db", str(wh.root), "--user", "湖北路分析员"]
    assert etl_main(["ledger", "--area", JIANXI, "--as-of", "2020-05-08", *db]) == 2
    base = ["meeting", "add", "--date", "2020-05-10", "--title", "街道推进会"]
    assert etl_main([*base, "--area", "410305001", "--task", "补建党支部|410305002|2020-06-30", *db]) == 2
    assert etl_main([*base, "--area", "410305001", "--task", "补建党支部|410305001001|2020-06-30", *db]) == 0
    tasks = MeetingStore(wh.root).tasks(None)
    task_id = int(tasks[tasks["owner_code"] == "410305001001"]["id"].iloc[-1])
    assert etl_main(["meeting", "close", "--id", str(task_id), *db]) == 0
    closed = MeetingStore(wh.root).task(task_id)
    assert closed["closed_by"] == "湖北路分析员" and closed["closed_at"]
    MeetingStore(wh.root).record_meeting(
        "410305", date(2020, 5, 9), "区推进会", [Task("选址", "410305002", date(2020, 6, 1))], "t"
    )
    capsys.readouterr()
    assert etl_main(["meeting", "list", *db]) == 0
    listed = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["owner_code"] for r in listed} == {"410305001001"}  # not the other street's task
    actions = set(store.audit(user="湖北路分析员")["action"])
    assert {"meeting_add", "task_close"} <= actions


def test_a_recorded_meeting_opens_the_next_deck_with_what_changed(demo_warehouse, tmp_path, monkeypatch):
    from pptx import Presentation

    from govdash.report import export
    from tests.helpers import use_warehouse

    root = tmp_path / "wh"
    shutil.copytree(demo_warehouse.root, root)
    use_warehouse(root, monkeypatch)
    store = MeetingStore(root)
    store.record_meeting(
        JIANXI,
        date(2020, 4, 10),
        "涧西区小区党支部全覆盖推进会",
        [
            Task("湖北路街道月底前新建小区党支部10个", "410305001", date(2020, 4, 30)),
            Task("天津路街道完成邻里中心选址", "410305002", date(2020, 6, 30)),
        ],
        by="test",
    )
    done_id = int(store.tasks(None).query("owner_code == '410305002'")["id"].iloc[0])
    store.close_task(done_id, "天津路分析员")
    from govdash import db

    as_of = date(2020, 5, 31)
    data = export(db.version(), JIANXI, as_of, "pptx")
    slide = Presentation(io.BytesIO(data)).slides[0]
    texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
    rows = [[c.text for c in r.cells] for s in slide.shapes if s.has_table for r in s.table.rows]
    now = _items(Warehouse(root), JIANXI, as_of)
    closed = now[
        (now["status"] == DONE) & now["closed_on"].map(lambda d: d is not None and d > date(2020, 4, 10))
    ]
    assert len(closed) > 0
    assert "上次推进会以来的变化" in texts
    assert "涧西区小区党支部全覆盖推进会（2020年4月10日）→ 2020年5月31日" in texts
    assert rows[0] == ["变化", "数量", "明细"]
    assert ["销号事项", str(len(closed)), f"小区未建党支部 {len(closed)}"] in rows
    assert ["交办事项·已办结", "1", "天津路街道完成邻里中心选址（天津路街道）"] in rows
    assert ["交办事项·逾期未办", "1", "湖北路街道月底前新建小区党支部10个（湖北路街道）"] in rows
    # bad news is red, as the status vocabulary colours it (an unknown word left it black)
    from govdash import status

    cells = {r.cells[0].text: r.cells[2] for s in slide.shapes if s.has_table for r in s.table.rows}
    colour = cells["交办事项·逾期未办"].text_frame.paragraphs[0].runs[0].font.color.rgb
    assert str(colour) == status.COLORS[status.BELOW].lstrip("#").upper()
    [missing] = [r for r in rows if r[0] == "2020年5月活动数据缺报"]
    assert int(missing[1]) > 0 and missing[2] != "—"
    # a street's deck opens with its district's meeting too (the area and the areas above it)
    street = Presentation(io.BytesIO(export(db.version(), "410305001", as_of, "pptx"))).slides[0]
    assert "上次推进会以来的变化" in [s.text_frame.text for s in street.shapes if s.has_text_frame]


def test_english_cells_are_sentence_case_and_a_star_level_reads_as_one():
    """The ledger's kinds and what-is-missing texts, the profile's states and the upload history's
    statuses and the audit log's actions and roles fill table cells: in English they start with a capital ("Open", like the ledger's
    statuses), and a level reads "Star level 1 now", not "now 1 stars"."""
    from etl.access import ACTIONS, ROLE_LABELS
    from etl.ledger_rules import RULES
    from govdash.i18n import TEXT

    cells = [r.label_en for r in RULES] + [r.missing_en for r in RULES]
    cells += [r.unknown_en for r in RULES if r.unknown_en]
    cells += [en for key, (_zh, en) in TEXT.items() if key.startswith(("prof_state_", "hi_status_"))]
    cells += [TEXT[key][1] for key in ("lg_open", "lg_overdue", "lg_done", "lg_on_pace", "lg_behind")]
    cells += [en for _zh, en in (*ACTIONS.values(), *ROLE_LABELS.values())]  # the audit log's cells
    # the star card's verdicts under each star's score, after their mark (✓ Won, ✗ Not won)
    cells += [TEXT[key][1].lstrip("✓✗ ") for key in TEXT if key.startswith(("fs_card_won", "fs_card_missed"))]
    assert [c for c in cells if not c[0].isupper()] == []
    rule = next(r for r in RULES if r.kind == "star_below_five")
    assert rule.missing("en", have=1) == "Star level 1 now, target five"


def test_a_premises_area_left_blank_reads_as_not_filled_in_not_as_a_dash_of_square_metres():
    from etl.ledger_rules import RULES

    rule = next(r for r in RULES if r.kind == "premises_below_standard")
    assert rule.missing("zh", have=None, need=500.0) == "办公服务用房面积未填报，需达 500 平方米"
    assert rule.missing("en", have=None, need=500.0) == "Premises area not filled in, needs 500 m²"
    assert rule.missing("zh", have=420.0, need=500.0) == "办公服务用房 420 平方米，需达 500 平方米"


def test_a_target_whose_items_lie_in_one_street_has_the_streets_row_alone(wh):
    """Seen from a street, the district's target counts only that street's items: one row, named by
    the street, not the target's own row beside it counting the same items as if the district's."""
    items = _items(wh, JIANXI, ARTICLE_DAY)
    branch = items[items["kind"] == KIND]
    whole = pace(branch, ARTICLE_DAY)
    assert whole["street_code"].iloc[0] == "" and whole["street_code"].iloc[1:].ne("").all()
    street = branch["street_code"].iloc[0]
    alone = pace(branch[branch["street_code"] == street], ARTICLE_DAY)
    assert list(alone["street_code"]) == [street]
    mine = whole[whole["street_code"] == street].reset_index(drop=True)
    pd.testing.assert_frame_equal(alone, mine)  # the same numbers as the street's row seen from above
    # an item outside any street: the street's row no longer holds them all, the target's row stays
    stray = branch[branch["street_code"] == street].head(1).assign(street_code=None, street_name=None)
    mixed = pace(pd.concat([branch[branch["street_code"] == street], stray]), ARTICLE_DAY)
    assert list(mixed["street_code"]) == ["", street]


def test_a_target_already_met_lists_no_item_still_to_do(wh):
    """涧西区's 2020 target of 177 neighbourhood centres was passed by the end of 2024: the planned
    centres not yet open are not needed for it, so none reads 逾期 (or 未完成) beside a met target.
    A target not met keeps its open items, and the done items keep their evidence."""
    day = date(2024, 12, 31)
    items = _items(wh, JIANXI, day)
    with open_scoped(wh.current_path(), EVERYTHING) as con:
        metrics = dict(compute_metrics(con, JIANXI, day))
    checked = {"met": 0, "not met": 0}
    for (area, metric), group in items.groupby(["target_area", "metric"]):
        done = int((group["status"] == DONE).sum())
        rule = LEDGER_RULES[group["kind"].iloc[0]]
        asked = rule.required(float(group["target_value"].iloc[0]), len(group))
        if area == JIANXI and metric == "facilities_open:neighborhood_center":
            assert done == metrics[metric] > group["target_value"].iloc[0]  # met: 196 open of 177
        if done >= asked:
            assert set(group["status"]) == {DONE}, (area, metric)
            assert bool(pace(group, day)["on_pace"].all())
            checked["met"] += 1
        else:
            assert (group["status"] != DONE).any()
            checked["not met"] += 1
    assert checked["met"] >= 3 and checked["not met"] >= 3  # both kinds of target are in the demo
    centres = items[items["metric"] == "facilities_open:neighborhood_center"]
    assert len(centres) == metrics["facilities_open:neighborhood_center"]
    assert centres["closed_batch"].notna().all()


def test_a_count_target_set_above_the_ledgers_area_is_not_split(wh):
    """湖北路街道's ledger read 涧西区's target of 177 neighbourhood centres as the street's own:
    "应完成 177, 还差 160, 落后于时间进度", while the district's ledger gave the street its share and
    found it done. Seen from below, a count target is not split (the street's scope holds none of
    the other streets' items): done items and time, no share, no verdict. A percentage target, and
    the street's own count target, are judged as before."""
    day, street = date(2024, 12, 31), "410305001"
    mine = _items(wh, street, day)
    rows = pace(mine, day, root=street).set_index("metric")
    for metric in ("facilities_open:neighborhood_center", "five_star_communities"):  # the district's
        row = rows.loc[metric]
        assert row["target_area"] == JIANXI
        assert pd.isna(row["required"]) and pd.isna(row["remaining"]) and row["on_pace"] is None
        assert row["done"] == (mine[mine["metric"] == metric]["status"] == DONE).sum()
    assert rows.loc["compound_branch_coverage_pct", "on_pace"] is True  # a percentage: judged
    assert rows.loc["four_plus_star_communities", "target_area"] == street  # its own count target
    assert pd.notna(rows.loc["four_plus_star_communities", "required"])
    # the district's own view: the street's share of the 177, in proportion to its items, and met
    whole = _items(wh, JIANXI, day)
    centres = whole[whole["metric"] == "facilities_open:neighborhood_center"]
    share = pace(centres, day, root=JIANXI).set_index("street_code").loc[street]
    in_street = int((centres["street_code"] == street).sum())
    assert share["required"] == math.ceil(177 * in_street / len(centres)) and share["on_pace"]
    # seen from a community, its street's count target is set above it as well
    community = mine[mine["metric"] == "four_plus_star_communities"]["community_code"].iloc[0]
    below = pace(_items(wh, community, day), day, root=community).set_index("metric")
    assert pd.isna(below.loc["four_plus_star_communities", "required"])
    # without a root (the items are the target's own), every target is judged
    assert pace(mine, day)["required"].notna().all()
    # past the due date, an item of the unsplit target is not 逾期 (the district met that target
    # with 14 of 8); the street's own unmet target's items are
    later, behind = date(2025, 1, 31), "410305003"
    seen = _items(wh, behind, later)
    district_five = seen[seen["metric"] == "five_star_communities"]
    assert set(district_five["status"]) == {OPEN} and district_five["target_area"].eq(JIANXI).all()
    own = seen[seen["target_area"] == behind]
    assert OVERDUE in set(own["status"])
    whole_five = _items(wh, JIANXI, later)
    assert set(whole_five[whole_five["metric"] == "five_star_communities"]["status"]) == {DONE}
