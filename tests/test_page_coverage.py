"""The coverage page through AppTest, and its data functions on the demo warehouse.

Displayed values must equal the metric engine (``etl.metrics.compute_metrics``) formatted with the
shared helpers; the few figures the catalog lacks are checked against direct computations.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from etl.metrics import compute_metrics, compute_metrics_many
from govdash import coverage_data as cd
from govdash import coverage_standards as standards
from govdash import status
from govdash.formatting import cut_to_tenths, fmt_count, fmt_pct
from govdash.metric_labels import kind_label
from tests.helpers import DrawnChart, app_on, count_calls, drawn_charts, open_section

AS_OF = date(2024, 12, 31)


@pytest.fixture(scope="module")
def con(demo_warehouse):
    connection = demo_warehouse.connect_reader()
    yield connection
    connection.close()


def metrics(con, code: str, as_of: date = AS_OF) -> dict:
    return dict(compute_metrics(con, code, as_of))


pytestmark = pytest.mark.usefixtures("caches_cleared_once")


@pytest.fixture
def app(demo_warehouse, monkeypatch) -> AppTest:
    return app_on(demo_warehouse.root, monkeypatch)


def open_page(app: AppTest, **params: str) -> AppTest:
    for key, value in params.items():
        app.query_params[key] = value
    at = app.switch_page("app_pages/coverage.py").run()
    assert not at.exception
    assert not at.error
    return at


def figures(at: AppTest) -> list[DrawnChart]:
    return drawn_charts(at)


def test_district_scorecard_cards_and_matrix_equal_the_engine(app, con):
    at = open_page(app, district="410311", month="2024-12", kind="sports_park")
    m = metrics(con, "410311")
    assert at.title[0].value == "设施与服务覆盖"
    scorecard = at.table[0].value.set_index("指标")
    # a rate keeps its one decimal (the catalog's format) also when it is whole: 13.0 beside 12.8, not 13
    assert scorecard.at["每万人社区工作者", "当前值"] == f"{m['workers_per_10k_residents']:.1f}"
    assert scorecard.at["持证社工占比", "当前值"] == fmt_pct(m["certified_share_pct"])
    assert scorecard.at["社会组织数量达标社区占比", "当前值"] == fmt_pct(
        m["communities_meeting_social_org_minimum_pct"]
    )
    assert scorecard.at["小区党支部覆盖率", "当前值"] == fmt_pct(m["compound_branch_coverage_pct"])
    assert scorecard.at["持证社工占比", "目标（完成时限）"] == "50.0%（2025年12月31日）"
    assert scorecard.at["持证社工占比", "状态"] == "接近"  # 44.6 of 50: within 80%
    assert len(at.table) == 3  # the scorecards: static tables whose long texts wrap
    # the kind chosen in the URL drives the cards of its section
    at = open_section(at, "kind")
    assert at.selectbox(key="cov_kind").value == "sports_park"
    cards = {c.label: c.value for c in at.metric}
    assert cards["已运营(个)"] == fmt_count(m["facilities_open:sports_park"])
    assert cards["15分钟步行覆盖率"] == fmt_pct(m["walk_coverage_pct:sports_park"])
    assert cards["城市社区覆盖率"] == fmt_pct(m["coverage_pct:sports_park:urban"])
    assert [fig.title for fig in figures(at)] == [
        "社区体育公园：各街道(镇)覆盖率（%）",
        "15分钟步行覆盖率：各类设施（%，洛龙区）",
    ]
    assert all(any(s.y for s in fig.series) for fig in figures(at))
    # the street matrix holds the engine's street values
    at = open_section(at, "compare")
    street = metrics(con, "410311002")
    scorecard = at.dataframe[0].value.loc["410311002"]
    assert scorecard["每万人社区工作者"] == street["workers_per_10k_residents"]
    assert scorecard["用房≥500㎡社区占比"] == street["communities_premises_ge_500m2_pct"]
    # the matrices are lazy tabs as well: only the open one is drawn
    assert len(at.dataframe) == 1
    at.session_state["cov_matrix"] = "设施覆盖"
    at.run()
    facilities = at.dataframe[0].value.loc["410311002"]
    assert facilities["社区体育公园覆盖率"] == street["coverage_pct:sports_park"]
    # the urban target of elderly-care centers switches that column to urban coverage
    assert facilities["养老服务中心覆盖率（城市社区）"] == street["coverage_pct:elderly_care_center:urban"]
    at = open_section(at, "branch")
    assert [fig.title for fig in figures(at)] == ["小区党支部覆盖率（%，洛龙区，按月）"]


def test_only_the_open_section_is_drawn_and_the_url_keeps_it(app):
    """The page's five sections are lazy tabs: a view draws one section's tables, cards and charts
    (a filter change waits for those alone), and ``?section=`` opens the same one from a link."""
    at = open_page(app, district="410311", month="2024-12")
    assert at.query_params["section"] == "standards"  # the default, written to the URL
    assert (len(at.table), len(at.dataframe), len(at.metric), len(figures(at))) == (3, 0, 0, 0)
    drawn = {}
    for section in ("compare", "kind", "branch", "building"):
        at = open_section(at, section)
        assert at.query_params["section"] == section
        assert not at.table  # the scorecards are not drawn beside another section
        drawn[section] = (len(at.dataframe), len(at.metric), len(figures(at)))
    assert drawn == {"compare": (1, 0, 0), "kind": (0, 5, 2), "branch": (0, 0, 1), "building": (1, 12, 0)}
    # a click on a tab opens it and the URL follows (a copied link opens that section)
    at.session_state["section"] = "达标情况"
    at.run()
    assert at.query_params["section"] == "standards" and len(at.table) == 3
    # a hand-edited section is not an error: the default opens
    at = open_section(at, "nonsense")
    assert at.query_params["section"] == "standards" and len(at.table) == 3


def test_a_section_computes_only_what_it_shows(app, monkeypatch):
    """The scorecards of a street read neither the comparison of its communities nor the monthly
    series of branch coverage: a street change on the default section waited for both. Each is
    read by the section that shows it (then cached)."""
    calls = count_calls(monkeypatch, cd, "comparison_table", "branch_coverage_series")
    at = open_page(app, district="410311", street="410311003", month="2024-11")
    assert len(at.table) == 3 and calls == {"comparison_table": 0, "branch_coverage_series": 0}
    open_section(at, "compare")
    assert calls["comparison_table"] > 0 and calls["branch_coverage_series"] == 0
    open_section(at, "branch")
    assert calls["branch_coverage_series"] > 0


def test_branch_target_is_marked_and_series_ends_at_the_engine_value(app, con):
    at = open_page(app, district="410305", month="2024-06", section="branch")
    branch = figures(at)[-1]
    line = branch.series[0]
    assert line.y[-1] == metrics(con, "410305", date(2024, 6, 30))["compound_branch_coverage_pct"]
    assert any("目标 100.0%（2020年12月31日前）" in s.name for s in branch.series[1:])


def test_street_and_community_selection(app, con):
    at = open_page(app, district="410311", street="410311002", section="compare")
    assert [tab.label for tab in at.tabs][1] == "各社区(村)对比"
    rows = at.dataframe[0].value
    community = rows.index[0]
    m = metrics(con, community)
    assert rows.at[community, "社会组织(个)"] == m["social_orgs"]


def test_community_selection(demo_warehouse, monkeypatch, con):
    community = "410311002001"
    at = open_page(
        app_on(demo_warehouse.root, monkeypatch), district="410311", street="410311002", community=community
    )
    m = metrics(con, community)
    scorecard = at.table[0].value.set_index("指标")
    # a rate keeps its one decimal (the catalog's format) also when it is whole: 13.0 beside 12.8, not 13
    assert scorecard.at["每万人社区工作者", "当前值"] == f"{m['workers_per_10k_residents']:.1f}"


@pytest.mark.parametrize(
    "params",
    [
        {"district": "370602"},
        {"district": "530802", "lang": "en"},
        {"district": "411002", "type": "village_to_urban"},
    ],
)
def test_other_districts_language_and_type_filter_render(app, params):
    at = open_page(app, **params)
    assert at.table
    assert open_section(at, "compare").dataframe and figures(open_section(at, "kind"))
    if params.get("lang") == "en":
        assert open_section(at, "standards").table
        assert at.title[0].value == "Facility and service coverage"
        assert "Indicator" in at.table[0].value.columns


# --- data functions --------------------------------------------------------------------------


def test_community_type_filter_in_the_engine_equals_the_communities_of_that_type(
    demo_warehouse, con, monkeypatch
):
    """With a type chosen, each street's figures are those of its communities of that type, by the
    catalog's rules (shares of communities, ratios of sums), computed by the engine itself."""
    monkeypatch.setenv("GOVDASH_DB", str(demo_warehouse.root))
    from etl.metric_catalog import percentage
    from govdash import db, queries

    version = db.version()
    areas = queries.area_index(version)
    ctype = "village_to_urban"
    level, table = cd.comparison_table(version, "410305", None, AS_OF, ctype)
    assert level == "street" and 0 < len(table) <= 11
    communities = cd.community_rows(version, cd.communities_of(areas, "410305", "district", ctype), AS_OF)
    parents = areas.set_index("area_code")["parent_code"].reindex(communities.index)
    assert set(table.index) == set(parents)
    fac = cd.kinds(table.columns, "coverage_pct")
    for street in table.index:
        rows = communities[parents == street]
        n = len(rows)
        got = table.loc[street]
        assert got["communities"] == n
        assert got["population"] == rows["population"].sum()
        assert got["compound_branch_coverage_pct"] == percentage(
            rows["compound_party_branches"].sum(), rows["compounds"].sum()
        )
        assert got["communities_meeting_social_org_minimum_pct"] == percentage(
            (rows["communities_meeting_social_org_minimum_pct"] == 100).sum(), n
        )
        for kind in fac:
            assert got[f"coverage_pct:{kind}"] == percentage((rows[f"coverage_pct:{kind}"] == 100).sum(), n)
        # a single community of the type is its own figure
        only = compute_metrics_many(con, [rows.index[0]], AS_OF, community_type=ctype)
        assert dict(zip(only["metric"], only["value"], strict=True)) == metrics(con, rows.index[0])


def test_per_household_share_and_branch_series(demo_warehouse, con, monkeypatch):
    monkeypatch.setenv("GOVDASH_DB", str(demo_warehouse.root))
    from govdash import db

    version = db.version()
    share = metrics(con, "410311")[standards.PER_HH_METRIC]
    n, ok = con.execute(
        "SELECT count(*), count(*) FILTER (premises_area_m2 / households * 100 >= 30) FROM areas "
        "WHERE level = 'community' AND area_code LIKE '410311%' AND (established_date IS NULL OR "
        "established_date <= ?) AND (abolished_date IS NULL OR abolished_date > ?)",
        [AS_OF, AS_OF],
    ).fetchone()
    from etl.metric_catalog import percentage

    assert share == percentage(ok, n) and n > 0
    series = cd.branch_coverage_series(version, "410305", date(2019, 1, 1), AS_OF).set_index("month_end")
    for day in (date(2019, 1, 31), date(2020, 12, 31), date(2022, 7, 31), AS_OF):
        engine = metrics(con, "410305", day)
        assert series.at[day, "coverage_pct"] == engine["compound_branch_coverage_pct"]
        assert series.at[day, "compounds"] == engine["compounds"]


def test_target_due_is_the_earliest_on_or_after_the_day_else_the_latest():
    import pandas as pd

    target_due = cd.target_due
    targets = pd.DataFrame(
        {
            "metric": ["a", "a", "a", "b", "c"],
            "target_value": [1.0, 2.0, 3.0, 4.0, 5.0],
            "due_date": [
                date(2023, 12, 31),
                pd.Timestamp("2025-06-30"),
                date(2024, 12, 31),
                date(2022, 1, 1),
                None,
            ],
        }
    )
    assert target_due(targets, "a", date(2024, 1, 1)) == date(2024, 12, 31)
    assert target_due(targets, "a", date(2024, 12, 31)) == date(2024, 12, 31)  # due on the day
    assert target_due(targets, "a", date(2025, 1, 1)) == date(2025, 6, 30)
    assert target_due(targets, "a", date(2026, 1, 1)) == date(2025, 6, 30)  # all past: the latest
    assert type(target_due(targets, "a", date(2026, 1, 1))) is date
    assert target_due(targets, "b", date(2024, 1, 1)) == date(2022, 1, 1)
    assert target_due(targets, "c", date(2024, 1, 1)) is None  # no due date
    assert target_due(targets, "d", date(2024, 1, 1)) is None
    assert target_due(targets.iloc[0:0], "a", date(2024, 1, 1)) is None


def test_scorecard_numbers_are_right_aligned_and_text_is_not():
    from govdash import coverage_views

    rows = [{"指标": "社区体育公园", "已运营": "29", "覆盖率": "11.8%", "目标": "—"}]
    styler = coverage_views._status_frame(rows, [status.MET], 3)
    styler._compute()
    right = {c for (_, c), css in styler.ctx.items() if ("text-align", "right !important") in css}
    assert [styler.data.columns[c] for c in sorted(right)] == ["已运营", "覆盖率"]


def test_a_target_with_its_due_date_stays_on_one_line():
    """ "55.0% (2025-12-31)" broke at the date's hyphen in a narrow English table; the rule reaches
    the text's own block inside the cell (Streamlit's markdown sets white-space there)."""
    from govdash import coverage_views
    from govdash.i18n import t

    target = t("cov_col_target")  # the page's language (Chinese outside a session)
    rows = [{"Indicator": "Certified share", "Value": "42.7%", target: "55.0% (2025-12-31)", "Std": "x"}]
    styler = coverage_views._status_frame(rows, [status.BELOW], 2)
    css = {r["selector"]: dict(r["props"]) for r in styler.table_styles}
    place = list(styler.data.columns).index(target)
    assert css[f"td.col{place} p"] == {"white-space": "nowrap"}
    assert len(css) == 1  # the other columns wrap as before


@pytest.mark.parametrize(
    ("language", "line", "bars"),
    [
        (
            "zh",
            r"\d{4}年\d+月：[\d.]+%（[\d,]+ / [\d,]+ 个小区建立党支部）",
            r".+<br>.+：[\d.]+%<br>已运营\(个\)：[\d,]+",
        ),
        (
            "en",
            r"\w{3} \d{4}: [\d.]+% \([\d,]+ of [\d,]+ compounds with a party branch\)",
            r".+<br>.+: [\d.]+%<br>Open: [\d,]+",
        ),
    ],
)
def test_tooltips_say_what_a_percentage_is_of_in_the_page_language(app, language, line, bars):
    import re

    at = open_page(app, district="410305", month="2024-06", lang=language, section="branch")
    tips = figures(at)[-1].series[0].tooltips  # the branch coverage line
    assert tips and all(re.fullmatch(line, tip) for tip in tips), tips[:2]
    tips = [tip for s in figures(open_section(at, "kind"))[0].series for tip in s.tooltips]  # by street
    assert tips and all(re.fullmatch(bars, tip) for tip in tips), tips[:2]


def test_a_communitys_premises_per_100_households_is_judged_exactly_and_never_reads_as_the_standard():
    """29.96 m² per 100 households is below the 30 standard, as the catalog counts it: red, and its
    text cut to 29.9, not rounded to 30 (which read as met); exactly 30 meets it."""
    from govdash import coverage_views as views
    from govdash import status

    table = pd.DataFrame(
        {
            "community_type": ["old", "old"],
            "social_orgs": [9, 9],
            "premises_area_m2": [749.0, 750.0],
            "premises_m2_per_100hh": [749.0 / 2500 * 100, 750.0 / 2500 * 100],  # 29.96, 30.0
            "workers_per_10k_residents": [20.0, 20.0],
            "certified_share_pct": [60.0, 60.0],
            "compound_branch_coverage_pct": [100.0, 100.0],
        },
        index=["c1", "c2"],
    )
    styler = views.standards_matrix(table, "community", pd.Series(dtype=object), {}, None, None, None)
    html = styler.to_html()
    assert ">29.9<" in html and ">30<" in html and ">30.0<" not in html
    column = next(c for c in styler.data.columns if "百户" in c)
    assert cut_to_tenths(styler.data.at["c1", column]) == 29.9
    assert views.light(styler.data.at["c1", column], 30.0) != status.MET
    assert views.light(styler.data.at["c2", column], 30.0) == status.MET
    assert cut_to_tenths(301 / 1000 * 100) == 30.1  # a float just under 30.1 still reads 30.1


@pytest.mark.parametrize(("months", "step"), [(36, 6), (12, 3)])
def test_the_branch_chart_ticks_months_evenly(months, step):
    """Its date axis had no step: ECharts ticked every month and hid the labels that collided,
    leaving 2022年4月, 2022年7月, 2023年1月, 2023年7月, 2024年1月, 2024年4月 … One rule for every
    month axis (``charts.month_axis``): a quarter, a half year beyond two years."""
    from govdash import coverage_charts, echarts
    from govdash.echarts_axes import MONTH_MS

    ends = pd.date_range("2022-01-31", periods=months, freq="ME")
    series = pd.DataFrame({"month_end": ends, "coverage_pct": 50.0, "branches": 5, "compounds": 10})
    targets = pd.DataFrame(columns=["target_value", "due_date"])
    x_axis = echarts.option(coverage_charts.branch_coverage(series, targets, "长关社区"))["xAxis"]
    assert x_axis["minInterval"] == x_axis["maxInterval"] == step * MONTH_MS


def _marked(chart: DrawnChart) -> list[str]:
    """The names of a chart's dashed lines (the markLine its series carry)."""
    return [
        line["name"] for s in chart.option["series"] for line in (s.get("markLine") or {}).get("data", [])
    ]


def _kind_chart(at: AppTest) -> DrawnChart:
    return next(c for c in figures(at) if "：各" in c.title)


@pytest.mark.parametrize(
    ("params", "lines"),
    [
        # 洛龙区's target of party service center coverage: drawn on the streets' coverage bars, by name
        ({"district": "410311"}, ["社区覆盖率目标 100.0%（2025年12月31日前）"]),
        # its elderly care target is of urban coverage, which the chart has no bars of
        ({"district": "410311", "kind": "elderly_care_center"}, []),
        # a street's communities are drawn by walk coverage; the urban-coverage standard is not a target of it
        ({"district": "410311", "street": "410311002"}, []),
    ],
)
def test_the_kind_charts_target_line_is_of_a_metric_it_draws_and_says_which(app, params, lines):
    chart = _kind_chart(open_page(app, **params, section="kind"))
    assert _marked(chart) == lines


def test_the_kind_charts_bars_of_zero_say_0_so_they_are_not_read_as_missing(app):
    """涧西区's sports parks: streets with no community covered had no bar at all, as a street
    without data would have. A bar of 0 now reads "0"; the other bars carry no text."""
    chart = _kind_chart(
        open_page(app, district="410305", month="2024-12", section="kind", kind="sports_park")
    )
    zeros = 0
    for series in chart.option["series"]:
        assert series["label"]["show"]
        for item in series["data"]:
            zero = item["value"][1] == 0
            assert item["name"] == ("0" if zero else ""), item
            zeros += zero
    assert zeros >= 2


def test_a_communitys_scorecard_shows_its_own_values_against_the_community_standards(
    app, con, demo_warehouse, monkeypatch
):
    """A community's scorecard said "社会组织数量达标社区占比 0.0%" (the share of its one community):
    it shows the community's own organizations and premises, judged by the thresholds the
    by-community matrix uses (≥10 per urban community, ≥5 in a village; 500 m², 600 m²), as does
    the community's report."""
    from govdash import db
    from govdash.report.build import build_report

    community = "410311002004"  # 天元社区, an urban community
    at = open_page(app, district="410311", street="410311002", community=community, month="2024-12")
    version = db.version()
    rows = at.table[0].value
    own = metrics(con, community)
    facts = cd.community_facts(version, (community,), AS_OF).loc[community]
    orgs = rows[rows["指标"] == "社会组织(个)"].iloc[0]
    assert orgs["当前值"] == fmt_count(own["social_orgs"])
    minimum = standards.community_threshold(standards.STANDARDS[0], facts["community_type"])
    assert orgs["状态"] == status.label(status.judge(own["social_orgs"], minimum), "zh")
    premises = rows[rows["指标"] == "用房面积(㎡)"]
    assert list(premises["当前值"]) == [fmt_count(facts["premises_area_m2"])] * 2  # against 500 and 600
    assert "社会组织数量达标社区占比" not in set(rows["指标"])
    assert rows["指标"].iloc[-1] == "党群服务中心覆盖率（城市社区）"  # a share of its own: stays
    fresh = app_on(demo_warehouse.root, monkeypatch)
    street = open_page(fresh, district="410311", street="410311002", month="2024-12").table[0].value
    assert "社会组织数量达标社区占比" in set(street["指标"])  # a street's are shares of communities
    slide = next(s for s in build_report(version, community, AS_OF, "zh").slides if s.key == "coverage")
    assert slide.table.rows[0][:3] == ("社会组织(个)", fmt_count(own["social_orgs"]), fmt_count(minimum))
    assert slide.bullets[0].startswith("现状：本社区的数值")


def test_investment_left_blank_reads_missing_and_a_partial_sum_says_so(app, con, demo_warehouse, monkeypatch):
    """An investment nobody filled in reads "—", not 0; where only some facilities filled it in, the
    sum covers those and the page says how many did not (both from the engine, checked by hand)."""
    blank = """SELECT f.facility_kind, sum(f.investment_wan) AS invested,
                      count(*) FILTER (f.investment_wan IS NULL) AS unreported
               FROM facilities f JOIN area_closure c ON c.area_code = f.area_code
               WHERE c.ancestor_code = ? AND (f.opened_date <= ? OR f.rebuilt_date <= ?)
               GROUP BY ALL"""
    by_kind = {k: (s, n) for k, s, n in con.execute(blank, ["410311", AS_OF, AS_OF]).fetchall()}
    none_filled = [k for k, (s, n) in by_kind.items() if s is None and n]
    partial = {k: n for k, (s, n) in by_kind.items() if s is not None and n}
    assert none_filled and partial  # the demo has both (小区党群服务站; 党群服务中心)
    district = metrics(con, "410311")
    for kind in none_filled:
        assert district[f"facility_investment_wan:{kind}"] is None
    for kind, n in partial.items():
        assert district[f"facility_investment_wan:{kind}"] == round(by_kind[kind][0], 2)
        assert district[f"facility_investment_unreported:{kind}"] == n
    at = open_section(open_page(app, district="410311", month="2024-12"), "building")
    table = at.dataframe[0].value.set_index("设施类别")
    for kind in none_filled:
        assert table.loc[kind_label(kind, "zh"), "投资(万元)"] == "—"
    note = next(c.value for c in at.caption if c.value.startswith("合计只含已填报的设施"))
    assert "投资(万元)——" in note and "面积(平方米)" not in note  # the demo fills in every area
    for kind, n in {**partial, **{k: by_kind[k][1] for k in none_filled}}.items():
        assert f"{kind_label(kind, 'zh')} {n:,} 处" in note
    # a community whose one centre left it blank: its card reads "—"
    community = app_on(demo_warehouse.root, monkeypatch)
    at = open_page(
        community, district="410311", street="410311002", community="410311002004", month="2024-12"
    )
    at = open_section(at, "building")
    card = next(m for m in at.metric if m.label.startswith("党群服务中心投资"))
    assert card.value == "—"
