"""The volunteer-activity page through AppTest, and its data functions on the demo warehouse.

KPI cards, rates and ranked rows must equal the metric engine over the same window
(``compute_metrics(area, as_of, since)``), formatted with the shared helpers.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from etl.metric_catalog import percentage
from etl.metrics import compute_metrics, compute_metrics_many
from govdash import volunteer_data as vd
from govdash import volunteer_monthly as vm
from govdash.formatting import fmt_count, fmt_decimal, fmt_pct
from tests.helpers import app_on, count_calls, drawn_charts, open_section

AS_OF = date(2024, 12, 31)


@pytest.fixture(scope="module")
def con(demo_warehouse):
    connection = demo_warehouse.connect_reader()
    yield connection
    connection.close()


def metrics(con, code: str, since: date, as_of: date = AS_OF) -> dict:
    return dict(compute_metrics(con, code, as_of, since))


pytestmark = pytest.mark.usefixtures("caches_cleared_once")


def open_page(demo_warehouse, monkeypatch, **params: str) -> AppTest:
    app = app_on(demo_warehouse.root, monkeypatch)
    for key, value in params.items():
        app.query_params[key] = value
    at = app.switch_page("app_pages/volunteer.py").run()
    assert not at.exception
    assert not at.error
    return at


def test_a_section_computes_only_what_it_shows(demo_warehouse, monkeypatch):
    """The monthly section of a street ranks no community and reads no social organisations: a
    street change on the default section waited for both. Each is read by the section that
    shows it (then cached)."""
    calls = count_calls(monkeypatch, vd, "comparison", "community_table", "forces")
    at = open_page(demo_warehouse, monkeypatch, district="410311", street="410311003", month="2024-11")
    assert at.query_params["section"] == "monthly" and drawn_charts(at)
    assert calls == {"comparison": 0, "community_table": 0, "forces": 0}
    open_section(at, "compare")
    assert calls["comparison"] > 0 and calls["community_table"] > 0 and calls["forces"] == 0
    open_section(at, "forces")
    assert calls["forces"] > 0


def test_window_bounds():
    assert vd.window_bounds(date(2024, 12, 1), 12) == (date(2023, 12, 31), date(2024, 1, 1), AS_OF)
    assert vd.window_bounds(date(2024, 2, 1), 24) == (date(2022, 2, 28), date(2022, 3, 1), date(2024, 2, 29))


def test_previous_window_is_as_long_as_the_window():
    # the 12 months 2024-01..2024-12 are compared with 2023-01..2023-12, not 11 months
    since, _, _ = vd.window_bounds(date(2024, 12, 1), 12)
    assert vd.previous_bounds(since, 12) == (date(2022, 12, 31), date(2023, 12, 31))
    since, _, _ = vd.window_bounds(date(2024, 2, 1), 3)
    assert vd.previous_bounds(since, 3) == (date(2023, 8, 31), date(2023, 11, 30))


def test_cards_equal_the_engine_over_the_window(demo_warehouse, monkeypatch, con):
    at = open_page(
        demo_warehouse, monkeypatch, district="410305", month="2024-12", window="24", rank="points_earned"
    )
    m = metrics(con, "410305", date(2022, 12, 31))
    cards = {c.label: c.value for c in at.metric}
    assert cards["活动场次"] == fmt_count(m["activities"])
    assert cards["参与人次"] == fmt_count(m["participants"])
    assert cards["志愿服务时长(小时)"] == fmt_count(m["volunteer_hours"])
    assert cards["活跃志愿者(峰值月)"] == fmt_count(m["active_volunteers"])
    assert cards["发放积分"] == fmt_count(m["points_earned"])
    assert cards["兑换积分"] == fmt_count(m["points_redeemed"])
    rate = percentage(m["activities"], m["population"], 1000)
    assert cards["每千人活动场次"] == f"{rate:.1f}"  # a rate keeps its decimal (8.0, not 8)
    assert cards["积分兑换率"] == fmt_pct(percentage(m["points_redeemed"], m["points_earned"]))
    # each total against the 24 months before (2021-01..2022-12), by hand
    before = metrics(con, "410305", date(2020, 12, 31), date(2022, 12, 31))
    deltas = {c.label: c.proto.delta for c in at.metric}
    for label, metric in (("活动场次", "activities"), ("发放积分", "points_earned")):
        now, then = m[metric], before[metric]
        assert deltas[label] == f"{(now - then) / then * 100:+.1f}% 较上一时段", label
    assert at.segmented_control(key="vol_window").value == "24"
    # the first ranked community shows the engine's values
    open_section(at, "compare")
    assert at.selectbox(key="vol_rank").value == "points_earned"
    top = at.dataframe[0].value
    first = top.index[0]
    c = metrics(con, first, date(2022, 12, 31))
    assert top.at[first, "排名"] == 1
    assert top.at[first, "发放积分"] == c["points_earned"]
    assert top.at[first, "发放积分（每千人）"] == percentage(c["points_earned"], c["population"], 1000)
    assert len(drawn_charts(at)) == 1  # the comparison; the monthly charts are another section's
    # the monthly charts are tabs that run lazily as well: only the open tab's chart is built
    open_section(at, "monthly")
    titles = []
    for tab in ("活动场次", "参与人次", "志愿服务时长", "志愿积分"):
        at.session_state["vol_chart"] = tab
        at.run()
        charts = drawn_charts(at)
        assert len(charts) == 1 and all(any(s.y for s in c.series) for c in charts)
        titles.append(charts[0].title)
    assert titles == [
        "活动场次（场，按月、按活动类型）",
        "参与人次（人次，按月、按活动类型）",
        "志愿服务时长（小时，按月）",
        "志愿积分：发放与兑换（分，按月）",
    ]


def test_points_not_reported_are_said_so(demo_warehouse, monkeypatch):
    at = open_page(demo_warehouse, monkeypatch, district="410311")
    cards = {c.label: c.value for c in at.metric}
    assert cards["发放积分"] == "—"
    # said beside the cards that show —, before the sections and their charts
    shown = [getattr(e, "value", None) for e in at.main]
    said = next(i for i, v in enumerate(shown) if isinstance(v, str) and "未报送志愿积分" in v)
    assert said < next(i for i, e in enumerate(at.main) if e.type == "tab_container")
    assert "points_earned" not in open_section(at, "compare").selectbox(key="vol_rank").options


@pytest.mark.parametrize(
    "params",
    [
        {"district": "370602", "lang": "en", "window": "36"},
        {"district": "410311", "street": "410311002", "community": "410311002001"},
        {"district": "411002", "type": "village_to_urban"},
    ],
)
def test_other_selections_render(demo_warehouse, monkeypatch, params):
    at = open_page(demo_warehouse, monkeypatch, **params)
    assert at.metric and at.dataframe
    if params.get("lang") == "en":
        assert at.title[0].value == "Activities and volunteering"
    if params.get("community"):
        assert any("排第" in m.value for m in open_section(at, "compare").markdown)


def test_monthly_series_and_type_totals_add_up(demo_warehouse, monkeypatch, con):
    monkeypatch.setenv("GOVDASH_DB", str(demo_warehouse.root))
    from govdash import db, queries
    from govdash.coverage_data import communities_of

    version = db.version()
    since = date(2023, 12, 31)
    m = metrics(con, "411002", since)
    act = vm.monthly_activity(version, "411002", None, since, AS_OF)
    vol = vm.monthly_volunteers(version, "411002", None, since, AS_OF)
    assert act["activities"].sum() == m["activities"]
    assert act["participants"].sum() == m["participants"]
    assert round(vol["volunteer_hours"].sum(), 2) == m["volunteer_hours"]
    assert vol["active_volunteers"].max() == m["active_volunteers"]
    assert vol["points_earned"].sum() == m["points_earned"]
    # with a type filter, totals are the sums over the communities of that type
    codes = communities_of(queries.area_index(version), "411002", "district", "village_to_urban")
    totals = vd.totals(version, "411002", "district", "village_to_urban", since, AS_OF)
    per = compute_metrics_many(con, codes, AS_OF, since).pivot(
        index="area_code", columns="metric", values="value"
    )
    for name in ("activities", "population", "points_earned", "volunteer_hours"):
        assert totals[name] == pytest.approx(per[name].sum()), name


def test_a_street_change_asks_the_engine_nothing_new(demo_warehouse, monkeypatch):
    """The district's reads (the district with its streets, every community of it) serve each of its
    streets: their totals, previous window, social organisations and communities equal those of the
    street read alone, and the engine is not called again."""
    monkeypatch.setenv("GOVDASH_DB", str(demo_warehouse.root))
    from pandas.testing import assert_frame_equal, assert_series_equal

    from govdash import cache, db, queries
    from govdash.filters import Filters

    version = db.version()
    cache.clear_models()
    calls = []
    engine = queries.compute
    monkeypatch.setattr(queries, "compute", lambda *a, **k: calls.append(a[2]) or engine(*a, **k))
    month = date(2024, 12, 1)
    for ctype in (None, "village_to_urban"):
        vd.model(version, Filters("410311", None, None, month, ctype, {}), 12)
        before = len(calls)
        areas = queries.area_index(version)
        streets = areas.loc[(areas["level"] == "street") & (areas["parent_code"] == "410311"), "area_code"]
        models = {s: vd.model(version, Filters("410311", s, None, month, ctype, {}), 12) for s in streets}
        assert len(calls) == before, calls[before:]
    since, _, as_of = vd.window_bounds(month, 12)
    windows = ((since, as_of), vd.previous_bounds(since, 12))
    shown = [(s, m) for s, m in models.items() if not m.empty]  # the type filter: the last loop's
    assert len(shown) >= 3
    for street, m in shown:
        alone = vd.totals_many(version, street, "street", "village_to_urban", windows)
        assert_series_equal(m.totals, alone[0], check_exact=True)
        assert_series_equal(m.previous, alone[1], check_exact=True)
        assert_series_equal(m.orgs, vd.forces(version, street, "street", "village_to_urban", windows))
        codes = areas.loc[
            (areas["parent_code"] == street) & (areas["community_type"] == "village_to_urban"), "area_code"
        ]
        table = queries.metrics_table(version, tuple(codes), as_of, since, vd.METRICS)
        expected = table.reindex(columns=list(vd.METRICS)).apply(pd.to_numeric, errors="coerce")
        assert_frame_equal(m.communities, expected, check_exact=True)
    assert len(calls) > before  # the reads of the streets alone did reach the engine (the spy sees them)


def test_the_type_table_writes_participants_per_activity_with_one_decimal_in_every_row():
    from govdash import volunteer_views as vv

    monthly = pd.DataFrame(
        {
            "activity_type": ["elderly", "charity", "culture", "training"],
            "activities": [10, 790, 3, 0],
            "participants": [251, 30841, 0, 0],
        }
    )
    types = vm.by_type(monthly)
    assert types.loc["charity", "per_activity"] == 39.0  # 39.04: a whole number once rounded
    html = vv.type_table(types).to_html()
    cells = dict(zip(types.index, [fmt_decimal(v) for v in types["per_activity"]], strict=True))
    assert cells == {"charity": "39.0", "elderly": "25.1", "culture": "0.0", "training": "—"}
    for text in cells.values():
        assert f">{text}</td>" in html


def test_the_area_average_on_the_rates_chart_keeps_its_decimal():
    from govdash import volunteer_charts

    table = pd.DataFrame(
        {"activities": [8, 12], "population": [1000, 1000], "activities_per_1k": [8.0, 12.0]},
        index=["410311001", "410311002"],
    ).assign(population_unreported=0)
    parent = {"activities": 20, "population": 2500, "population_unreported": 0, "activities_per_1k": 8.0}
    fig = volunteer_charts.rates_by_area(
        table, {}, "street", "activities", "活动场次", 8.0, "洛龙区", "2024年", None, parent
    )
    notes = [a.text for a in fig.layout.annotations]
    assert "洛龙区平均 8.0" in notes


# What each tooltip of the page's charts ends with, per chart, in zh and en: the catalog's unit of
# the number (English leaves counts bare), and for a rate its basis and what it is computed from.
TOOLTIP_UNITS = {
    "zh": {
        "活动场次": r"：[\d,]+ 场",
        "参与人次": r"：[\d,]+ 人次",
        "志愿服务时长": r"：[\d,]+ 小时<br>活跃志愿者：[\d,]+ 人",
        "志愿积分": r"：[\d,]+ 分",
        "rates": r"：[\d,.]+ 场/千人<br>[\d,]+ 场 ÷ 常住人口 [\d,]+ 人",
    },
    "en": {
        "Activities": r": [\d,]+",
        "Participants": r": [\d,]+",
        "Volunteer hours": r": [\d,]+ h<br>Active volunteers: [\d,]+",
        "Points": r": [\d,]+",
        "rates": r": [\d,.]+ per 1,000 residents<br>[\d,]+ ÷ [\d,]+ residents",
    },
}


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_tooltip_names_what_its_number_counts(demo_warehouse, monkeypatch, language):
    import re

    ends = TOOLTIP_UNITS[language]
    for tab in [k for k in ends if k != "rates"]:
        # a fresh run per tab (a rerun from the test would format the English widgets in Chinese)
        app = app_on(demo_warehouse.root, monkeypatch)
        app.query_params.update(district="410305", lang=language)
        app.session_state["vol_chart"] = tab
        at = app.switch_page("app_pages/volunteer.py").run()
        assert not at.exception and not at.error
        (monthly,) = drawn_charts(at)
        tips = [tip for s in monthly.series for tip in s.tooltips]
        assert tips and all(re.search(ends[tab] + "$", tip) for tip in tips), (tab, tips[:2])
    (rates,) = drawn_charts(open_section(at, "compare"))
    tips = rates.series[0].tooltips
    assert tips and all(re.search(ends["rates"] + "$", tip) for tip in tips), tips[:2]


def test_a_streets_ranking_leaves_out_the_street_column_a_districts_keeps(demo_warehouse, monkeypatch):
    """A street's communities all carry its name: the column repeated it on every row."""
    from govdash.i18n import tr

    street_col, rank_col = tr("vol_col_street", "zh"), tr("vol_col_rank", "zh")

    def ranking_columns(**params: str) -> list[list[str]]:
        at = app_on(demo_warehouse.root, monkeypatch, district="410311", section="compare", **params)
        at = at.switch_page("app_pages/volunteer.py").run()
        assert not at.exception
        frames = [grid.value for grid in at.dataframe]
        return [list(frame.columns) for frame in frames if rank_col in frame.columns]

    street = ranking_columns(street="410311002")
    assert street and all(street_col not in columns for columns in street)
    district = ranking_columns()
    assert district and all(street_col in columns for columns in district)


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh", "“较上一时段”对比2023年1月至2023年12月"),
        ("en", '"vs previous window" compares with Jan 2023 to Dec 2023'),
    ],
)
def test_the_window_caption_says_which_window_the_cards_compare_with(demo_warehouse, monkeypatch, lang, said):
    """The cards' "+5.3% 较上一时段" did not say which months were compared."""
    at = app_on(demo_warehouse.root, monkeypatch, district="410311", month="2024-12", lang=lang)
    at = at.switch_page("app_pages/volunteer.py").run()
    assert not at.exception
    assert any(said in c.value for c in at.caption), [c.value for c in at.caption][:3]


@pytest.mark.parametrize("months", [3, 6, 12])
def test_the_caption_names_the_window_the_model_compares_with(months):
    from govdash import volunteer_views as views
    from govdash.formatting import fmt_month

    since, first, as_of = vd.window_bounds(date(2024, 12, 1), months)
    before_since, before_as_of = vd.previous_bounds(since, months)  # what the cards' deltas compare with
    start, end = before_since + timedelta(days=1), before_as_of
    caption = views.window_caption(first, date(2024, 12, 1), months, (before_since, before_as_of))
    assert caption.endswith(f"对比{fmt_month(start, 'zh')}至{fmt_month(end, 'zh')}")


def test_the_ranking_caption_names_its_metric_in_running_english(demo_warehouse, monkeypatch):
    """The caption is a sentence: "ranked by activities per 1,000 residents", not "by Activities"."""
    from govdash.metric_labels import in_sentence

    at = open_page(demo_warehouse, monkeypatch, district="410311", lang="en", section="compare")
    caption = next(c.value for c in at.caption if "communities ranked by" in c.value)
    assert "ranked by activities per 1,000 residents" in caption, caption
    assert in_sentence("NGO members") == "NGO members" and in_sentence("活动场次") == "活动场次"


def test_a_communitys_comparison_is_against_its_street(demo_warehouse, monkeypatch, con):
    """With a community selected, its street's communities are compared, but the dashed line was the
    community's own rate, named by the community (和田村平均 127.3), and no laggard was marked. The
    line is the street's rate, named by the street, and the laggards below it are red, as on the
    overview."""
    import json

    from govdash.charts import BAD
    from govdash.formatting import fmt_decimal

    street, community = "410311002", "410311002004"
    at = open_page(
        demo_warehouse, monkeypatch, district="410311", street=street, community=community, section="compare"
    )
    (chart,) = [c for c in drawn_charts(at) if "每千名常住人口" in c.title and "各社区" in c.title]
    rate = metrics(con, street, date(2023, 12, 31))["activities_per_1k"]
    drawn = json.dumps(chart.option, ensure_ascii=False)
    assert f"开元路街道平均 {fmt_decimal(rate)}" in drawn
    assert "天元社区平均" not in drawn
    assert BAD in chart.series[0].colors  # the laggards of the street


def test_the_rates_chart_draws_the_compared_streets_average_when_the_area_has_none():
    """A district one of whose communities left its population blank has no rate (NaN in the page's
    numeric table): the chart draws the compared streets' own average, said to be theirs, and with no
    parent row no line at all (a NaN line failed in ECharts: "Cannot read properties of undefined")."""
    from govdash import echarts, volunteer_charts

    table = pd.DataFrame(
        {"activities": [8, 12, 30], "population": [1000, 1000, 1000], "population_unreported": [0, 0, 1]},
        index=["410311001", "410311002", "410311003"],
    ).assign(activities_per_1k=[8.0, 12.0, float("nan")])
    parent = {
        "activities": 50,
        "population": 3000,
        "population_unreported": 1,
        "activities_per_1k": float("nan"),
    }
    args = (table, {}, "street", "activities", "活动场次", float("nan"), "洛龙区", "2024年", None)
    fig = volunteer_charts.rates_by_area(*args, parent)
    assert [a.text for a in fig.layout.annotations] == ["参与比较的街道(镇)平均 10.0"]  # 20 / 2,000
    assert list(fig.data[0].x) == ["410311002", "410311001"]  # the third is not compared
    bare = volunteer_charts.rates_by_area(*args, None)
    assert not bare.layout.annotations and not bare.layout.shapes
    assert "NaN" not in str(echarts.option(bare)) and "nan" not in str(echarts.option(bare))
