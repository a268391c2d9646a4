"""Issue 13 items 2, 3, 5 on the demo warehouse: one ranking rule for the overview, the volunteer page
and the 短板 slide; 需关注 links that open the page showing each item; one status vocabulary on pages
and slides (逾期 for overdue targets); rural stars hidden where they do not apply; no coloured delta
for no change; the header month follows the selected month.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qs

import pytest
from streamlit.proto.Metric_pb2 import Metric
from streamlit.testing.v1 import AppTest

from govdash import ranking, status
from govdash.report.build import build_report
from tests.helpers import app_on, drawn_chart

pytestmark = pytest.mark.usefixtures("caches_cleared_once")

LUOLONG, JIANXI = "410311", "410305"
GRAY = Metric.MetricColor.Value("GRAY")
AS_OF = date(2024, 12, 31)


def open_page(demo_warehouse, monkeypatch, page: str | None = None, **params: str) -> AppTest:
    at = app_on(demo_warehouse.root, monkeypatch, **params).run()  # registers the pages first
    if page:
        at = at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def links(at: AppTest) -> list[tuple[str, str, dict[str, str]]]:
    """(label, page, query params) of every page link."""
    out = []
    for link in at.get("page_link"):
        params = {k: v[0] for k, v in parse_qs(link.proto.query_string).items()}
        out.append((link.proto.label, link.proto.page, params))
    return out


@pytest.fixture(scope="module")
def deck_report(demo_warehouse):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVDASH_DB", str(demo_warehouse.root))
        from govdash import db

        yield lambda area, lang="zh": build_report(db.version(), area, AS_OF, lang)


# --- item 2: one ranking ---------------------------------------------------------------------------


def test_overview_volunteer_page_and_slide_rank_the_streets_alike(demo_warehouse, monkeypatch, deck_report):
    at = open_page(demo_warehouse, monkeypatch, district=LUOLONG, month="2024-12")
    overview = drawn_chart(at, "各街道(镇)活动场次（每千人）")
    assert overview.title == "2024年1月—12月 各街道(镇)活动场次（每千人）"
    bars = overview.series[0]
    # a tooltip says what the number counts: the bar's label is the number alone
    assert all(re.fullmatch(r".+：\d+\.\d 场/千人", tip) for tip in bars.tooltips), bars.tooltips[:2]
    overview_order = list(reversed(bars.y))  # horizontal bars: the best is drawn last (on top)
    red = {name for name, colour in zip(bars.y, bars.colors, strict=True) if colour == status.BAD}

    at = open_page(
        demo_warehouse,
        monkeypatch,
        "app_pages/volunteer.py",
        district=LUOLONG,
        month="2024-12",
        rank="activities",
        section="compare",
    )
    vol_bars = drawn_chart(at, "活动场次：各街道(镇)（每千名常住人口").series[0]
    volunteer_order = list(vol_bars.x)
    vol_red = {n for n, colour in zip(vol_bars.x, vol_bars.colors, strict=True) if colour == status.BAD}

    slide = next(s for s in deck_report(LUOLONG).slides if s.key == "laggards")
    slide_order = list(slide.charts[0].categories)
    slide_laggards = [row[0] for row in slide.table.rows]

    assert overview_order == volunteer_order == slide_order
    assert len(overview_order) == 18
    assert overview_order[-1] == "诸葛镇"  # weakest per resident (3rd on absolute 12-month totals)
    assert red == vol_red == set(slide_laggards) and "诸葛镇" in red
    assert slide_laggards[0] == "诸葛镇"
    # per-1,000 rates with the catalog's one decimal, in the table and the average line's label
    assert all(re.fullmatch(r"\d+\.\d", row[1]) for row in slide.table.rows), slide.table.rows
    assert re.search(r"\d\.\d$", slide.charts[0].reference_label), slide.charts[0].reference_label


def test_absolute_values_are_an_option_and_not_ranked(demo_warehouse, monkeypatch):
    at = open_page(demo_warehouse, monkeypatch, district=LUOLONG, month="2024-12", basis="absolute")
    spec = drawn_chart(at, "活动场次")
    assert spec.title == "2024年1月—12月 各街道(镇)活动场次（场）"
    assert all(re.fullmatch(r".+：[\d,]+ 场", tip) for tip in spec.series[0].tooltips)
    assert status.BAD not in spec.series[0].colors  # nobody marked on absolute values
    names = list(reversed(spec.series[0].y))
    assert names.index("诸葛镇") == 2  # 3rd largest total: why absolute values are not a ranking
    assert any("不作排名" in c.value for c in at.caption)


def test_stocks_are_compared_at_month_end_and_per_community(demo_warehouse, monkeypatch):
    at = open_page(
        demo_warehouse,
        monkeypatch,
        district=LUOLONG,
        month="2024-09",
        compare="social_orgs",
        basis="per_community",
    )
    chart = drawn_chart(at, "社区社会组织")
    assert chart.title == "2024年9月末 各街道(镇)社区社会组织（每社区）"
    assert all(re.fullmatch(r".+：\d+\.\d 个/社区", tip) for tip in chart.series[0].tooltips)


def test_ranking_rule():
    import pandas as pd

    table = pd.DataFrame(
        {
            "activities": [100, 90, 50, 10],
            "population": [10_000, 5_000, 10_000, 1_000],
            "population_unreported": [0, 0, 0, 0],
            "communities": [4, 2, 4, 1],
        },
        index=["a", "b", "c", "d"],
    )
    parent = {"activities": 250, "population": 26_000, "population_unreported": 0, "communities": 11}
    result = ranking.rank(table, parent, "activities")
    assert result.order() == ["b", "a", "d", "c"]  # 18, 10, 10 (a tie: by code), 5 per 1,000
    assert result.rows["rank"].tolist() == [1, 2, 3, 4]
    assert result.laggards == ["c"]  # bottom 4 // 3 = 1, below the 9.6 average
    assert result.average_shown == 9.6
    assert ranking.fair_basis("workers_per_10k_residents") == ranking.AS_IS
    assert ranking.fair_basis("coverage_pct:party_service_center") == ranking.AS_IS
    assert ranking.fair_basis("social_orgs") == ranking.PER_COMMUNITY
    assert ranking.bases("population") == (ranking.AS_IS,)
    absolute = ranking.rank(table, parent, "activities", ranking.ABSOLUTE)
    assert absolute.order() == ["a", "b", "c", "d"] and not absolute.laggards and not absolute.ranked


def test_a_sub_area_whose_population_is_partly_blank_is_not_ranked_per_1000():
    """The catalog's rule for its rates: a street one of whose communities left its population blank
    has no per-1,000 value (its activities count that community, its population does not), so it is
    neither ranked nor marked but named as left out; nor has a parent with such a street an average
    of its own, so the compared streets' is drawn (their activities over their population), and
    said to be theirs. A table without the count is refused rather than ranked as if every
    population were whole."""
    import pandas as pd

    table = pd.DataFrame(
        {
            "activities": [100, 90, 50],
            "population": [10_000, 1_000, 10_000],  # b: 1,000 of its residents filled in, 90 activities
            "population_unreported": [0, 1, 0],
            "communities": [4, 2, 4],
        },
        index=["a", "b", "c"],
    )
    parent = {"activities": 240, "population": 21_000, "population_unreported": 1, "communities": 10}
    result = ranking.rank(table, parent, "activities")
    assert result.order() == ["a", "c"] and result.unpopulated == ("b",)
    assert result.pooled and result.average_shown == 7.5  # (100 + 50) / 20,000 * 1,000, not 240 / 21,000
    assert result.laggards == ["c"]  # 5.0 below 7.5
    whole = ranking.rank(table.drop(index="b"), {**parent, "population_unreported": 0}, "activities")
    assert not whole.pooled and not whole.unpopulated and whole.average_shown == 11.4  # 240 / 21,000
    assert ranking.rank(table, None, "activities", ranking.ABSOLUTE).order() == ["a", "b", "c"]
    assert ranking.score(parent, "activities", ranking.PER_COMMUNITY) == 24.0  # not a per-head basis
    with pytest.raises(ValueError, match="population_unreported"):
        ranking.rank(table.drop(columns="population_unreported"), None, "activities")


# --- item 3: needs attention -----------------------------------------------------------------------


def test_attention_lists_overdue_targets_laggards_and_missing_reports_as_links(demo_warehouse, monkeypatch):
    at = open_page(demo_warehouse, monkeypatch, district=LUOLONG, month="2024-11")
    found = links(at)
    overdue = [x for x in found if x[0] == "养老服务中心覆盖率（城市社区）"]
    assert overdue and "coverage" in overdue[0][1]
    assert overdue[0][2] == {"district": LUOLONG, "month": "2024-11", "kind": "elderly_care_center"}
    laggard = [x for x in found if x[0].startswith("诸葛镇：")]
    assert laggard and "volunteer" in laggard[0][1]
    assert laggard[0][2]["rank"] == "activities" and laggard[0][2]["window"] == "12"
    assert laggard[0][2]["section"] == "compare"  # the volunteer page's section that compares them
    missing = [x for x in found if "个社区未报" in x[0]]
    assert [m[0] for m in missing] == ["社区活动：1/246 个社区未报"]
    assert missing[0][2] == {"district": LUOLONG, "month": "2024-11", "dataset": "activity"}
    assert not any("志愿服务：" in m[0] for m in missing)  # volunteers all reported in 2024-11

    # the link opens the page that shows it: the submissions page lists the one missing community
    sub = open_page(demo_warehouse, monkeypatch, "app_pages/submissions.py", **missing[0][2])
    assert {m.label: m.value for m in sub.metric}["缺报"] == "1"
    cov = open_page(demo_warehouse, monkeypatch, "app_pages/coverage.py", **overdue[0][2])
    facilities = cov.table[1].value.set_index("设施类别")  # the scorecard, the page's first section
    assert facilities.at["养老服务中心", "状态"] == "逾期"
    vol = open_page(demo_warehouse, monkeypatch, "app_pages/volunteer.py", **laggard[0][2])
    assert "诸葛镇" in drawn_chart(vol, "活动场次：各街道(镇)（每千名常住人口").series[0].x  # the laggard
    cov.query_params["section"] = "kind"  # and the kind's own section shows the kind of the link
    assert cov.run().selectbox(key="cov_kind").value == "elderly_care_center"


def test_attention_without_missing_reports_says_so(demo_warehouse, monkeypatch):
    at = open_page(demo_warehouse, monkeypatch, district=LUOLONG, month="2024-12")
    assert any(c.value == "活动与志愿服务数据均已报送" for c in at.caption)


# --- item 5: one status vocabulary ----------------------------------------------------------------


def test_judge():
    due, later = date(2022, 12, 31), date(2025, 12, 31)
    assert status.judge(98.0, 100, due, AS_OF) == status.OVERDUE  # was a yellow 接近
    assert status.judge(None, 100, due, AS_OF) == status.OVERDUE
    assert status.judge(100.0, 100, due, AS_OF) == status.MET
    assert status.judge(98.0, 100, later, AS_OF) == status.NEAR
    assert status.judge(50.0, 100, later, AS_OF) == status.BELOW
    assert status.judge(50.0, 100) == status.BELOW
    assert status.judge(50.0, None) == status.NONE
    assert [status.label(s, "zh") for s in status.STATUSES] == ["达标", "接近", "未达标", "逾期"]


def test_coverage_page_shows_overdue_targets_as_overdue(demo_warehouse, monkeypatch):
    at = open_page(demo_warehouse, monkeypatch, "app_pages/coverage.py", district=LUOLONG, month="2024-12")
    scorecard = at.table[0].value.set_index("指标")
    assert scorecard.at["社会组织数量达标社区占比", "状态"] == "逾期"  # 98.0% of 100% due 2022-12
    assert scorecard.at["持证社工占比", "状态"] == "接近"  # 44.6% of 50% due 2025-12: still running
    words = set(scorecard["状态"])
    assert words <= {"达标", "接近", "未达标", "逾期", "—"}


def test_slides_use_the_same_words_and_show_overdue(deck_report):
    report = deck_report(LUOLONG)
    slides = {s.key: s for s in report.slides}
    nxt = slides["next_steps"].table
    by_metric = {row[0]: row[-1] for row in nxt.rows}
    assert nxt.columns[-1] == "状态"
    assert by_metric["养老服务中心覆盖率（城市社区）"] == "逾期"
    assert by_metric["五星支部"] == "达标"
    assert by_metric["持证社工占比"] == "接近"
    assert (
        dict(zip((r[0] for r in nxt.rows), nxt.status, strict=True))["养老服务中心覆盖率（城市社区）"]
        == "overdue"
    )
    coverage = {row[0]: row[-1] for row in slides["coverage"].table.rows}
    assert coverage["社会组织数量达标"] == "逾期"  # as on the coverage page
    every_word = " ".join(" ".join(r) for s in report.slides if s.table for r in s.table.rows)
    every_word += " ".join(b for s in report.slides for b in s.bullets)
    for old in ("落后", "已完成", "进行中", "已逾期"):
        assert old not in every_word


def test_pptx_status_words_and_colours(deck_report):
    from io import BytesIO

    from pptx import Presentation

    from govdash.report.pptx_builder import pptx_bytes

    deck = Presentation(BytesIO(pptx_bytes(deck_report(LUOLONG))))
    cells = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_table:
                for row in shape.table.rows:
                    cells += [
                        (c.text, c.text_frame.paragraphs[0].runs[0].font.color.rgb)
                        for c in row.cells
                        if c.text
                    ]
    overdue = [rgb for text, rgb in cells if text == "逾期"]
    assert overdue and all(str(rgb) == status.OVERDUE_COLOR.lstrip("#").upper() for rgb in overdue)
    assert not [text for text, _ in cells if text in ("落后", "已完成", "进行中")]


def test_rural_stars_are_hidden_where_no_community_is_assessed_on_them(deck_report):
    def stars(area: str) -> list[str]:
        slide = next(s for s in deck_report(area).slides if s.key == "five_star")
        return [row[0] for row in slide.table.rows]

    urban = stars(JIANXI)  # 涧西区: no village
    assert "产业兴旺星" not in " ".join(urban) and "生态宜居星" not in " ".join(urban)
    assert len(urban) == 5
    luolong = stars(LUOLONG)  # one village, assessed on the rural stars
    assert "产业兴旺星（仅1个社区参评）" in luolong


def test_no_coloured_delta_for_no_change(demo_warehouse, monkeypatch):
    at = open_page(demo_warehouse, monkeypatch, district=LUOLONG, month="2024-12")
    cards = {m.label: m.proto for m in at.metric}
    assert cards["社区(村)"].delta == "同比持平"  # the same 246 communities as a year before
    assert cards["社区(村)"].color == GRAY
    assert cards["活动场次"].color == Metric.MetricColor.Value("GREEN")  # +16.5%


def test_five_star_movers_card_says_moved_down_in_words(demo_warehouse, monkeypatch):
    at = open_page(demo_warehouse, monkeypatch, "app_pages/five_star.py", district=LUOLONG, month="2024-12")
    up = next(m.proto for m in at.metric if m.label == "升星社区")
    assert up.delta == "降星 19 个"
    assert up.color == GRAY


def test_header_month_follows_the_selected_month(demo_warehouse, monkeypatch):
    at = open_page(demo_warehouse, monkeypatch, district=LUOLONG, month="2024-09")
    assert at.caption[0].value.startswith("数据截至 2024年9月")


def test_a_compared_value_is_named_by_its_unit_and_basis():
    from govdash.value_units import value_unit

    assert value_unit("activities", ranking.PER_1K, "zh") == "场/千人"
    assert value_unit("activities", ranking.PER_1K, "en") == "per 1,000 residents"
    assert value_unit("volunteer_hours", ranking.PER_1K, "en") == "h per 1,000 residents"
    assert value_unit("social_orgs", ranking.PER_COMMUNITY, "zh") == "个/社区"
    assert value_unit("volunteer_hours", ranking.ABSOLUTE, "zh") == "小时"
    assert value_unit("compound_branch_coverage_pct", ranking.AS_IS, "zh") == ""  # "77.4%" says it
    # the chart's title names the same basis
    from datetime import date as day

    from govdash.overview_data import comparison_title

    title = comparison_title("activities", ranking.PER_1K, "street", day(2024, 12, 1), "en")
    assert title == "Activities per 1,000 residents by street, Jan 2024–Dec 2024"
    title = comparison_title("social_orgs", ranking.PER_COMMUNITY, "street", day(2024, 9, 1), "zh")
    assert title == "2024年9月末 各街道(镇)社区社会组织（每社区）"
