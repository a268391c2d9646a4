"""The 全部指标 page through AppTest on the demo warehouse: every metric the engine returns for the
area and month is listed with the engine's value, search finds metrics by their 口径, missing values
show as "—" (not 0), star metrics are hidden outside the five-star program, and the downloads hold
the same values."""

from __future__ import annotations

import base64
import io
import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook
from streamlit.delta_generator import DeltaGenerator

from etl.metric_catalog import CATALOG, lookup
from etl.metrics import compute_metrics
from govdash import all_metrics_data as data
from govdash import db, sparklines
from govdash.charts import PALETTE
from govdash.metric_labels import fmt_value, split
from tests.helpers import app_on

pytestmark = pytest.mark.usefixtures("caches_cleared_once")
MONTH, SINCE, AS_OF = "2024-12", date(2024, 11, 30), date(2024, 12, 31)


@pytest.fixture(scope="module")
def con(demo_warehouse):
    connection = demo_warehouse.connect_reader()
    yield connection
    connection.close()


@pytest.fixture
def downloads(monkeypatch) -> dict[str, object]:
    """file name -> data callable of every download button drawn during the test."""
    seen: dict[str, object] = {}
    original = DeltaGenerator.download_button

    def recording(self, label, data, file_name=None, *args, **kwargs):
        seen[file_name] = data
        return original(self, label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", recording)
    return seen


def open_page(demo_warehouse, monkeypatch, **params: str):
    app = app_on(demo_warehouse.root, monkeypatch)
    for key, value in {"month": MONTH, **params}.items():
        app.query_params[key] = value
    at = app.run().switch_page("app_pages/all_metrics.py").run()
    assert not at.exception, at.exception
    assert not at.error
    return at


def shown_rows(at) -> list[tuple[str, str]]:
    """(metric label, value text) of every row of every section table."""
    rows = []
    for table in at.dataframe:
        frame = table.value
        rows += list(zip(frame["label"], frame["text"], strict=True))
    return rows


def expected_rows(con, code: str, lang: str = "zh", stars: bool = True) -> list[tuple[str, str]]:
    rows = []
    values = compute_metrics(con, code, AS_OF, SINCE)
    names = {metric for metric, _ in values}
    for metric, value in values:
        if not stars and split(metric)[0] in data.STAR_BASES:
            continue
        same_as = lookup(metric)[0].same_as  # listed once, under the other name
        if same_as in names:
            continue
        rows.append((data.label(metric, lang), fmt_value(metric, value, lang)))
    return rows


def test_every_catalog_metric_has_a_section_and_a_meaning():
    for metric in CATALOG:
        base = split(metric.name)[0]
        assert data.section_of(metric.name) != data.OTHER, base
        assert data.meaning(metric.name, "zh") and data.meaning(metric.name, "en"), base
    assert [key for key, _ in data.SECTIONS] == [
        "areas",
        "orgs",
        "facilities",
        "programs",
        "staff",
        "activity",
        "five_star",
        "targets",
    ]


def test_a_metric_with_its_own_catalog_entry_has_its_own_meaning():
    assert "志愿服务" in data.meaning("reporting_communities:volunteers", "zh")
    assert "活动" in data.meaning("reporting_communities:activity", "zh")
    assert data.meaning("coverage_pct:sports_park:urban", "zh").endswith("（仅城市社区）")


def test_a_sparkline_keeps_a_missing_month_as_a_gap():
    assert data.sparkline([None, None, None]) is None
    assert data.sparkline([None, 3.0]) is None
    assert data.sparkline([1.0, None, 3.0]) == (1.0, None, 3.0)
    assert data.sparkline([0.0, 0.0]) == (0.0, 0.0)  # zero is a value, not missing


def drawn(values: list[float | None]) -> tuple[list[list[tuple[float, float]]], list[tuple[float, float]]]:
    """The lines (their points) and the dots of a sparkline's SVG, read back from its data URI."""
    uri = sparklines.image_uri(values, "#c8102e")
    assert uri is not None and uri.startswith("data:image/svg+xml;base64,")
    svg = ET.fromstring(base64.b64decode(uri.split(",", 1)[1]))
    ns = {"s": "http://www.w3.org/2000/svg"}
    lines = [
        [tuple(float(n) for n in point.split(",")) for point in re.findall(r"[\d.]+,[\d.]+", run)]
        for path in svg.findall("s:path", ns)
        for run in path.get("d").split("M")[1:]
    ]
    dots = [(float(c.get("cx")), float(c.get("cy"))) for c in svg.findall("s:circle", ns)]
    return lines, dots


def test_a_sparkline_says_what_the_months_did():
    """Streamlit's chart cell drew a series that did not change along the cell's top edge (it read
    as the row's border), joined the months either side of a missing one, and curved between
    months. The image draws a flat series across the middle, a missing month as a gap, a month
    alone between gaps as a dot, and straight lines at each month's place."""
    (flat,), _ = drawn([5.0] * 12)
    assert {y for _, y in flat} == {sparklines.HEIGHT / 2} and len(flat) == 12
    lines, dots = drawn([1.0, 2.0, None, 4.0, None, 3.0, 5.0])
    assert [len(line) for line in lines] == [2, 2] and len(dots) == 1
    xs = [x for line in lines for x, _ in line] + [x for x, _ in dots]
    step = (sparklines.WIDTH - 2 * sparklines.SIDE) / 6
    assert sorted(round((x - sparklines.SIDE) / step, 1) for x in xs) == [0, 1, 3, 5, 6]  # each month's place
    (rising,), _ = drawn([0.0, 10.0])
    assert rising[0][1] == sparklines.HEIGHT - sparklines.PAD and rising[1][1] == sparklines.PAD
    assert sparklines.image_uri([None, 3.0], "#000") is None and sparklines.image_uri(None, "#000") is None


def test_month_windows_are_the_twelve_calendar_months_up_to_the_month():
    windows = data.month_windows(date(2024, 3, 1))
    assert len(windows) == 12
    assert windows[0] == (date(2023, 4, 1), date(2023, 3, 31), date(2023, 4, 30))
    assert windows[-1] == (date(2024, 3, 1), date(2024, 2, 29), date(2024, 3, 31))


def test_the_page_lists_every_metric_the_engine_returns(demo_warehouse, monkeypatch, con):
    at = open_page(demo_warehouse, monkeypatch, district="410311")
    shown = shown_rows(at)
    expected = expected_rows(con, "410311")
    assert len(shown) == len(expected) > 160
    assert sorted(shown) == sorted(expected)
    labels = [label for label, _ in shown]
    assert len(set(labels)) == len(labels)  # no row twice (村改居社区 was: a fixed name and a type's)
    assert "村改居社区" in labels
    names = [m for m, _ in compute_metrics(con, "410311", AS_OF, SINCE)]
    sizes = Counter(data.section_of(m) for m in names if not data.listed_elsewhere(m, names))
    assert [h.value for h in at.subheader if h.value.endswith("）")] == [
        f"{name}（{sizes[key]}）"
        for key, name in (
            ("areas", "区划与人口"),
            ("orgs", "组织"),
            ("facilities", "设施"),
            ("programs", "项目"),
            ("staff", "队伍"),
            ("activity", "活动"),
            ("five_star", "五星支部"),
            ("targets", "目标"),
        )
    ]
    values = dict(compute_metrics(con, "410311", AS_OF, SINCE))
    by_label = dict(shown)
    assert (
        by_label["党群服务中心投资"] == f"{values['facility_investment_wan:party_service_center']:,.0f}万元"
    )
    assert by_label["App报备人数"] == fmt_value(
        "returnee_registrations", values["returnee_registrations"], "zh"
    )
    # the sparkline of a flow metric holds the engine's value of each month, drawn as an image
    months = data.month_windows(date(2024, 12, 1))
    assert by_label["养老活动场次"] == fmt_value("activities", values["activities:elderly"], "zh")
    engine = [dict(compute_metrics(con, "410311", a, s))["activities"] for _, s, a in months]
    model = data.model(db.version(), "410311", date(2024, 12, 1), "zh")
    assert list(model.rows.set_index("metric").at["activities", "trend"]) == engine
    activity = next(t.value for t in at.dataframe if "活动场次" in set(t.value["label"]))
    assert activity.set_index("label").at["活动场次", "trend"] == sparklines.image_uri(engine, PALETTE[0])


def test_stars_are_hidden_outside_the_program_and_english_labels(demo_warehouse, monkeypatch, con):
    at = open_page(demo_warehouse, monkeypatch, district="370602", lang="en")
    assert sorted(shown_rows(at)) == sorted(expected_rows(con, "370602", "en", stars=False))
    assert not any(h.value.startswith("Five-star") for h in at.subheader)
    assert any("not in the five-star program" in c.value for c in at.caption)
    assert at.dataframe[0].value.columns.tolist() == ["label", "text", "trend", "meaning"]


def test_missing_values_show_as_a_dash_not_zero(demo_warehouse, monkeypatch, con):
    # a village-to-urban community has no urban communities: urban coverage is missing, not 0.0%
    code = "410311003004"
    assert dict(compute_metrics(con, code, AS_OF, SINCE))["coverage_pct:party_service_center:urban"] is None
    at = open_page(demo_warehouse, monkeypatch, district="410311", street="410311003", community=code)
    by_label = dict(shown_rows(at))
    assert by_label["党群服务中心覆盖率（城市社区）"] == "—"
    facilities = next(t.value for t in at.dataframe if "党群服务中心覆盖率" in set(t.value["label"]))
    assert pd.isna(facilities.set_index("label").at["党群服务中心覆盖率（城市社区）", "trend"])  # no line
    value = dict(compute_metrics(con, code, AS_OF, SINCE))["coverage_pct:party_service_center"]
    assert by_label["党群服务中心覆盖率"] == f"{value:.1f}%"


def test_search_by_meaning_finds_a_metric(demo_warehouse, monkeypatch):
    # "50180" is only in the 口径 of the 15-minute walk coverage (the national standard's number)
    at = open_page(demo_warehouse, monkeypatch, district="410311", q="50180")
    labels = [label for label, _ in shown_rows(at)]
    assert labels and all(label.endswith("15分钟步行覆盖率") for label in labels)
    assert len(labels) == 8
    assert at.text_input(key="am_q").value == "50180"
    at.text_input(key="am_q").set_value("积分银行 人次").run()
    assert [label for label, _ in shown_rows(at)] == ["积分银行服务"]
    assert at.query_params["q"] == "积分银行 人次"
    at.text_input(key="am_q").set_value("没有这个指标").run()
    assert not at.dataframe and "没有名称或口径包含" in at.info[0].value


def test_the_downloads_hold_the_engine_values(demo_warehouse, monkeypatch, con, downloads):
    open_page(demo_warehouse, monkeypatch, district="410311", street="410311002")
    values = dict(compute_metrics(con, "410311002", AS_OF, SINCE))
    csv_name = "全部指标_开元路街道_2024-12.csv"
    assert set(downloads) == {csv_name, "全部指标_开元路街道_2024-12.xlsx"}
    csv = pd.read_csv(io.BytesIO(downloads[csv_name]()), encoding="utf-8-sig", dtype={"数值": object})
    assert csv.columns.tolist() == ["分组", "指标", "数值", "单位", "口径", "指标代码"]
    listed = {m for m in values if not data.listed_elsewhere(m, values)}  # as on the page
    assert set(csv["指标代码"]) == listed == set(values) - {"communities_village_to_urban"}
    for metric, value in zip(csv["指标代码"], csv["数值"], strict=True):
        if values[metric] is None:
            assert pd.isna(value), metric  # missing stays empty, not 0
        else:
            assert float(value) == pytest.approx(values[metric]), metric
    sheet = load_workbook(io.BytesIO(downloads["全部指标_开元路街道_2024-12.xlsx"]())).active
    rows = [r for r in sheet.iter_rows(values_only=True) if any(v is not None for v in r)]
    header = ("分组", "指标", "数值", "单位", "口径", "指标代码")
    start = rows.index(header) + 1  # below the sheet's title
    assert {r[5]: r[2] for r in rows[start:]} == {
        m: (int(v) if isinstance(v, float) and v.is_integer() else v)
        for m, v in values.items()
        if m in listed
    }


def test_a_section_link_shows_that_section_and_the_search_narrows_it(demo_warehouse, monkeypatch):
    at = open_page(demo_warehouse, monkeypatch, district="410311", section="staff")
    assert [h.value for h in at.subheader if h.value.endswith("）")] == ["队伍（7）"]
    at.text_input(key="am_q").set_value("持证").run()
    assert not at.exception
    assert [label for label, _ in shown_rows(at)] == ["持证社工", "持证社工占比"]
    at.text_input(key="am_q").set_value("投资").run()  # no staff metric matches: the section falls away
    assert not at.exception
    assert {h.value.split("（")[0] for h in at.subheader if h.value.endswith("）")} == {"设施"}
