"""The sidebar's cascading area pickers (province → city → district) on a multi-province warehouse."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.warehouse import Warehouse
from tests.helpers import load_files, new_app, use_warehouse

HEADER = "区划代码,名称,层级,上级代码,社区类型,户数,人口,办公服务用房面积(平方米),经度,纬度,坐标是否近似,设立日期,撤销日期"
# Two provinces; 410000 has two cities, 370000 one city; district sizes 1, 3, 2 and 1 communities.
ROWS = [
    ("100000", "全国", "全国", ""),
    ("410000", "河南省", "省", "100000"),
    ("370000", "山东省", "省", "100000"),
    ("410300", "洛阳市", "地级市", "410000"),
    ("411000", "许昌市", "地级市", "410000"),
    ("370600", "烟台市", "地级市", "370000"),
    ("410302", "老城区", "区县", "410300"),
    ("410311", "洛龙区", "区县", "410300"),
    ("411002", "魏都区", "区县", "411000"),
    ("370602", "芝罘区", "区县", "370600"),
]
STREETS = {"410302": 1, "410311": 3, "411002": 2, "370602": 1}


def _areas_csv(path: Path) -> Path:
    lines = [HEADER] + [f"{c},{n},{lv},{p},,,,,112.5,34.6,否,," for c, n, lv, p in ROWS]
    for district, communities in STREETS.items():
        lines.append(f"{district}001,{district}街道,街道,{district},,,,,112.5,34.6,否,,")
        lines += [
            f"{district}001{i:03d},{district}社区{i},社区,{district}001,商品房,100,300,400,112.5,34.6,否,,"
            for i in range(1, communities + 1)
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def tree_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    root = tmp_path_factory.mktemp("tree")
    wh = Warehouse(root / "wh")
    load_files(wh, _areas_csv(root / "areas.csv"))
    return wh


def _pickers(at) -> dict[str, tuple[str, list[str]]]:
    return {s.key: (s.value, list(s.options)) for s in at.sidebar.selectbox}


def test_pickers_start_at_the_largest_district_and_list_only_its_city(tree_warehouse, monkeypatch):
    use_warehouse(tree_warehouse.root, monkeypatch)
    at = new_app().run()
    assert not at.exception
    pickers = _pickers(at)
    assert pickers["f_province"][0] == "410000"
    assert pickers["f_city_410000"] == ("410300", ["洛阳市", "许昌市"])
    assert pickers["f_district_410300"] == ("410311", ["老城区", "洛龙区"])
    assert at.query_params["district"] == "410311"


def test_a_linked_district_opens_its_province_and_city(tree_warehouse, monkeypatch):
    use_warehouse(tree_warehouse.root, monkeypatch)
    at = new_app(district="370602").run()
    pickers = _pickers(at)
    assert pickers["f_province"][0] == "370000"
    assert "f_city_370000" not in pickers  # one city only: no picker
    assert pickers["f_district_370600"][0] == "370602"


def test_changing_the_province_picks_a_district_there(tree_warehouse, monkeypatch):
    use_warehouse(tree_warehouse.root, monkeypatch)
    at = new_app().run()
    at.sidebar.selectbox(key="f_province").set_value("370000").run()
    assert not at.exception
    assert at.query_params["district"] == "370602"
    assert at.sidebar.selectbox(key="f_street_370602").options == ["全部", "370602街道"]
    at.sidebar.selectbox(key="f_province").set_value("410000").run()
    at.sidebar.selectbox(key="f_city_410000").set_value("411000").run()
    assert at.query_params["district"] == "411002"


def test_the_area_tree_holds_each_scopes_districts_uppers_and_children(tree_warehouse, monkeypatch):
    from etl.scope import EVERYTHING, Scope
    from govdash import db, queries

    use_warehouse(tree_warehouse.root, monkeypatch)
    with db.use_scope(EVERYTHING):
        tree = queries.area_tree(db.version())
    assert tree.districts == ["370602", "410302", "410311", "411002"]
    assert tree.size == {d: STREETS[d] for d in tree.districts}
    assert tree.upper["410311"] == {"province": "410000", "city": "410300"}
    assert tree.upper["370602"] == {"province": "370000", "city": "370600"}
    assert tree.children["province"].get(None) == ["370000", "410000"]
    assert tree.children["city"].get("410000") == ["410300", "411000"]
    assert tree.children["district@city"].get("410300") == ["410302", "410311"]
    assert tree.children["district@province"].get("410000") == ["410302", "410311", "411002"]
    assert tree.children["community"].get("410311001") == ["410311001001", "410311001002", "410311001003"]
    assert tree.community_types == ["commercial"] and tree.partial == frozenset()  # 商品房, stored by code
    assert tree.default_district() == "410311"
    with db.use_scope(Scope.of(["411002001"])):  # a street user: their street, its path named above
        street = queries.area_tree(db.version())
    assert street.districts == ["411002"] and street.size == {"411002": 2}
    assert street.upper["411002"] == {"province": "410000", "city": "411000"}
    assert street.partial == frozenset({"100000", "410000", "411000", "411002"})
    assert street.children["community"].all() == ["411002001001", "411002001002"]
    assert set(street.names) == {
        "100000",
        "410000",
        "411000",
        "411002",
        "411002001",
        "411002001001",
        "411002001002",
    }
