"""Two communities of one street with the same name: every list, picker and chart tells them apart
(``etl.area_names``: the name with the community's own digits), so a chart draws a bar for each
(its categories are names: twins would be one bar, the second's number on the first's row) and the
street's picker offers two different choices. Namesakes in other streets keep their plain name."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from etl.demo import DEMO_DIR, build_demo
from etl.warehouse import Warehouse
from tests.helpers import drawn_charts, new_app, use_warehouse

STREET = "410311002"
FIRST, TWIN = "410311002001", "410311002002"  # 定鼎门社区 and, renamed, its twin
NAME = "定鼎门社区"
NAMESAKES = ("410311012026", "410311021013")  # 石罢社区 in two streets of the district (demo data)


@pytest.fixture(scope="module")
def twins(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    root = tmp_path_factory.mktemp("twins")
    files = root / "files"
    shutil.copytree(DEMO_DIR, files, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    areas = files / "areas.csv"
    lines = areas.read_text(encoding="utf-8").splitlines()
    lines = [line.replace(",龙泰社区,", f",{NAME},") if line.startswith(TWIN) else line for line in lines]
    areas.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return build_demo(root / "wh", files)


@pytest.fixture
def on_twins(twins: Warehouse, monkeypatch) -> str:
    use_warehouse(twins.root, monkeypatch)
    from govdash import db

    return db.version()


def test_twins_are_told_apart_by_their_own_digits_and_namesakes_elsewhere_are_not(on_twins):
    from govdash import queries

    names = queries.area_tree(on_twins).names
    assert (names[FIRST], names[TWIN]) == (f"{NAME}（001）", f"{NAME}（002）")
    assert [names[c] for c in NAMESAKES] == ["石罢社区", "石罢社区"]  # other streets: the street says which
    index = queries.area_index(on_twins)
    assert dict(zip(index["area_code"], index["area_name"], strict=True)) == {
        c: names[c] for c in index["area_code"]
    }  # the pickers' names and the pages' names: one rule


def test_every_list_of_the_street_uses_the_names_shown(on_twins):
    from govdash import history_data, map_data, profile_data

    shown = {FIRST: f"{NAME}（001）", TWIN: f"{NAME}（002）"}
    assert profile_data.profile_community(on_twins, TWIN).name == shown[TWIN]
    places = map_data.communities(on_twins, "410311", date(2024, 12, 31)).set_index("code")["name"]
    assert places[[FIRST, TWIN]].to_dict() == shown
    sent = history_data.submissions(on_twins, STREET, "activity", date(2024, 12, 1)).set_index("area_code")
    assert sent.loc[[FIRST, TWIN], "area_name"].to_dict() == shown


def test_the_ledger_and_the_five_star_rows_use_the_names_shown(twins):
    from etl.ledger import ledger_items
    from etl.metric_lookups import star_rows

    shown = {FIRST: f"{NAME}（001）", TWIN: f"{NAME}（002）"}
    with twins.connect_reader() as con:
        items = ledger_items(con, STREET, date(2024, 12, 31))
        stars = star_rows(con, STREET)
    named = dict(zip(items["community_code"], items["community_name"], strict=True))
    assert {c: named[c] for c in shown} == shown  # each twin has items (five-star below five)
    assert set(stars.loc[stars["community_code"].isin(shown), "community_name"]) <= set(shown.values())
    assert stars["community_code"].isin(shown).any()  # the twins have five-star rows to name


def test_the_street_chart_draws_a_bar_for_each_twin_and_the_picker_offers_both(twins, monkeypatch):
    use_warehouse(twins.root, monkeypatch)
    at = new_app(district="410311", street=STREET).run()
    assert not at.exception
    chart = drawn_charts(at)[0]
    bars = chart.series[0].y  # horizontal bars: the communities on the category axis
    communities = at.sidebar.selectbox(key=f"f_comm_{STREET}").options
    assert sorted(bars) == sorted(communities[1:])  # every community of the street ("全部" aside)
    assert len(set(bars)) == len(bars) == len(chart.option["yAxis"]["data"])  # one row each
    assert {f"{NAME}（001）", f"{NAME}（002）"} <= set(bars)
