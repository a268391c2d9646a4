"""The tables page: every registry dataset, filtered like the dashboard, searchable and downloadable.

The query builder is checked on the demo warehouse for every dataset of ``etl.datasets.DATASETS``;
displayed values are checked against the metric engine for a known community and month.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from etl.datasets import DATASETS
from etl.metrics import compute_metrics
from govdash import tables_data as td
from tests.helpers import app_on

DISTRICT, STREET, COMMUNITY = "410311", "410311002", "410311002004"  # 洛龙区 / 开元路街道 / 天元社区
MONTH, AS_OF = date(2024, 5, 1), date(2024, 5, 31)


@pytest.fixture(scope="module")
def con(demo_warehouse):
    connection = demo_warehouse.connect_reader()
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def areas(con) -> pd.DataFrame:
    return con.execute("SELECT area_code, parent_code, level, community_type FROM areas").df()


pytestmark = pytest.mark.usefixtures("caches_cleared_once")


def query(con, name: str, codes, month=MONTH, as_of=AS_OF, ctype=None, month_only=False) -> pd.DataFrame:
    sql, params = td.build_query(DATASETS[name], codes, month, as_of, ctype, month_only)
    return con.execute(sql, params).df()


def open_page(demo_warehouse, monkeypatch, **params: str) -> AppTest:
    at = app_on(demo_warehouse.root, monkeypatch, **params)
    at = at.switch_page("app_pages/tables.py").run()
    assert not at.exception
    assert not at.error
    return at


@pytest.fixture(scope="module")
def below(demo_warehouse):
    """``queries.codes_below`` on the demo warehouse (what the page filters on)."""
    from govdash import db, queries

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVDASH_DB", str(demo_warehouse.root))
        version = db.version()
        yield lambda code: queries.codes_below(version, code)


def test_codes_below_follows_parent_links(areas, below):
    children: dict[str, list[str]] = {}
    for code, parent in zip(areas["area_code"], areas["parent_code"], strict=True):
        children.setdefault(parent, []).append(code)
    for root in (DISTRICT, STREET, COMMUNITY):
        walked, todo = {root}, [root]
        while todo:
            kids = children.get(todo.pop(), [])
            walked.update(kids)
            todo.extend(kids)
        codes = below(root)
        assert list(codes) == sorted(walked), root
    assert len(below(DISTRICT)) > len(below(STREET)) > 1
    assert below(COMMUNITY) == (COMMUNITY,)


def test_codes_below_in_a_warehouse_without_derived_tables(demo_warehouse, tmp_path, monkeypatch, below):
    """A previous release's warehouse reads before ``etl migrate`` builds ``area_closure``: the same
    codes, by the parent links."""
    import shutil

    import duckdb
    import streamlit as st

    from etl.warehouse import Warehouse
    from govdash import db, queries
    from tests.helpers import use_warehouse

    expected = {code: below(code) for code in (DISTRICT, STREET, COMMUNITY)}
    root = tmp_path / "wh"
    shutil.copytree(demo_warehouse.root, root)
    with duckdb.connect(str(Warehouse(root).current_path())) as con:
        con.execute("DROP TABLE area_closure; DROP TABLE _derived_state")
    try:
        use_warehouse(root, monkeypatch)  # the copy's snapshot has the demo's name: caches cleared
        version = db.version()
        with pytest.raises(duckdb.CatalogException):
            queries.query_df("SELECT count(*) FROM area_closure")
        assert {code: queries.codes_below(version, code) for code in expected} == expected
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()


@pytest.mark.parametrize("name", list(DATASETS))
def test_every_dataset_is_filtered_by_area_period_and_type(con, areas, below, name):
    dataset = DATASETS[name]
    codes = below(DISTRICT)
    df = query(con, name, codes)
    assert [c for c in df.columns if c != td.AREA_NAME] == dataset.column_names
    area_col = td.area_column(dataset)
    if area_col:
        assert set(df[area_col]) <= set(codes)
    if dataset.period_column and not df.empty:
        column = dataset.column(dataset.period_column)
        latest = df[column.name].max()
        assert (latest <= AS_OF.year) if column.kind == "year" else (pd.Timestamp(latest).date() <= AS_OF)
    typed = query(con, name, codes, ctype="old")
    if area_col and not typed.empty:
        old = set(areas.loc[areas["community_type"] == "old", "area_code"])
        assert set(typed[area_col]) <= old


def test_month_only_and_display_labels(con, below):
    raw = query(con, "activity", (COMMUNITY,), month_only=True)
    assert set(raw["month"]) == {pd.Timestamp(MONTH)}
    shown = td.display_frame(raw, DATASETS["activity"], "zh")
    assert list(shown.columns[:4]) == ["社区代码", "社区名称", "月份", "活动类型"]
    assert set(shown["活动类型"]) <= {
        labels[0] for labels in DATASETS["activity"].column("activity_type").values.values()
    }
    english = td.display_frame(raw, DATASETS["activity"], "en")
    assert list(english.columns[:4]) == ["Community code", "Community", "Month", "Activity type"]
    facilities = td.display_frame(query(con, "facilities", (COMMUNITY,)), DATASETS["facilities"], "zh")
    assert "区划名称" in facilities and set(facilities["状态"]) <= {"已建成", "规划", "在建", "重建"}
    areas_shown = td.display_frame(query(con, "areas", below(STREET)), DATASETS["areas"], "zh")
    assert set(areas_shown["坐标是否近似"].dropna()) <= {"是", "否"}


def test_search_sort_and_pages():
    df = pd.DataFrame(
        {
            "名称": ["天元社区", "龙泰社区", "定鼎门社区"],
            "n": [3, 1, 2],
            "月份": pd.to_datetime(["2024-05-01", "2024-06-01", "2024-05-01"]),
        }
    )
    assert list(td.search(df, "龙泰")["名称"]) == ["龙泰社区"]
    assert len(td.search(df, "2024-05")) == 2
    assert td.search(df, "  ").equals(df)
    # as displayed: a month column as 2024年5月 / May 2024, a day as 2024年5月1日; ISO still matches
    assert len(td.search(df, "2024年5月", "zh", ("月份",))) == 2
    assert len(td.search(df, "may 2024", "en", ("月份",))) == 2
    assert (
        len(td.search(df, "2024年6月1日", "zh")) == 1 and td.search(df, "2024年6月1日", "zh", ("月份",)).empty
    )
    assert list(td.sort(df, "n", descending=True)["n"]) == [3, 2, 1]
    part, first, last = td.page_slice(pd.DataFrame({"a": range(2500)}), 3, 1000)
    assert (len(part), first, last) == (500, 2001, 2500)
    assert td.page_slice(pd.DataFrame({"a": range(10)}), 9, 1000)[1:] == (1, 10)


def test_page_values_equal_the_metric_engine(demo_warehouse, monkeypatch, con):
    at = open_page(
        demo_warehouse,
        monkeypatch,
        district=DISTRICT,
        street=STREET,
        community=COMMUNITY,
        month="2024-05",
        dataset="activity",
        period="month",
    )
    shown = at.dataframe[0].value
    engine = dict(compute_metrics(con, COMMUNITY, AS_OF, date(2024, 4, 30)))
    assert shown["活动场次"].sum() == engine["activities"]
    assert shown["参与人次"].sum() == engine["participants"]
    assert set(shown["社区名称"]) == {"天元社区"}
    assert f"共 {len(shown):,} 行符合筛选条件，全部显示。" in [c.value for c in at.caption]
    assert [b.label for b in at.get("download_button")] == ["下载 CSV", "下载 Excel"]

    at = open_page(
        demo_warehouse, monkeypatch, district=DISTRICT, street=STREET, community=COMMUNITY, dataset="areas"
    )
    row = at.dataframe[0].value.iloc[0]
    stock = dict(compute_metrics(con, COMMUNITY, AS_OF))
    assert (row["区划代码"], row["名称"], row["人口"], row["户数"]) == (
        COMMUNITY,
        "天元社区",
        stock["population"],
        stock["households"],
    )


def test_large_table_is_paged_and_english_headers(demo_warehouse, monkeypatch, con, below):
    at = open_page(demo_warehouse, monkeypatch, district=DISTRICT, dataset="activity", lang="en")
    total = len(query(con, "activity", below(DISTRICT), date(2024, 12, 1), date(2024, 12, 31)))
    shown = at.dataframe[0].value
    assert len(shown) == 1000 and total > 1000
    assert f"{total:,} rows match the filters; showing rows 1–1,000 (1,000 per page)." in [
        c.value for c in at.caption
    ]
    assert "Activity type" in shown.columns and "Public service" in set(shown["Activity type"])
    at.pagination[0].set_value(2)
    at.selectbox(key="tbl_sort_activity_en").set_value("Participants")
    at.toggle(key="tbl_desc").set_value(True)
    at.run()
    assert f"{total:,} rows match the filters; showing rows 1,001–2,000 (1,000 per page)." in [
        c.value for c in at.caption
    ]
    page_two = at.dataframe[0].value["Participants"]
    assert page_two.is_monotonic_decreasing and page_two.iloc[0] <= shown["Participants"].max()

    at = open_page(demo_warehouse, monkeypatch, district="370602", dataset="five_star")
    assert "所选范围和期间内没有「五星支部创建」数据。" in [i.value for i in at.info]


def test_dates_and_months_are_written_as_everywhere_else_and_found_as_shown():
    """A day reads 2024年5月1日 in Chinese (2024-05-01 in English), a month 2024年5月 (May 2024): as
    every other table and text of the app writes them, and the search finds what is shown."""
    areas, activity = td.DATASETS["areas"], td.DATASETS["activity"]
    day = next(c for c in areas.columns if c.kind == "date")
    month = next(c for c in activity.columns if c.kind == "month")
    assert td.column_formats(areas, "zh")[day.label_zh] == ("date", "YYYY年M月D日")
    assert td.column_formats(areas, "en")[day.label_en] == ("date", "YYYY-MM-DD")
    assert td.column_formats(activity, "zh")[month.label_zh] == ("date", "YYYY年M月")
    assert td.column_formats(activity, "en")[month.label_en] == ("date", "MMM YYYY")
    assert td.month_headers(activity, "zh") == (month.label_zh,)
    shown = pd.DataFrame({month.label_zh: pd.to_datetime(["2024-05-01", "2024-06-01"])})
    model = td.TablesModel("activity", shown, td.column_formats(activity, "zh"), "zh")
    assert len(model.rows_for("2024年6月", None, False)) == 1
