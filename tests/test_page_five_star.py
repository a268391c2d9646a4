"""The five-star page (五星创建) through AppTest, and its data functions on the demo warehouse.

Displayed counts must equal the metric engine (``etl.metrics.compute_metrics``) for the same area
and date; districts outside the program show "未参与五星创建", never zeros.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from etl.metric_catalog import percentage
from etl.metrics import compute_metrics
from govdash import five_star_card as card
from govdash import five_star_data as fsd
from govdash import five_star_series as fss
from govdash.formatting import fmt_count
from tests.helpers import DrawnChart, drawn_charts, new_app, open_section, use_warehouse

PROGRAM = ("410311", "410305", "411002")


@pytest.fixture
def env(demo_warehouse, monkeypatch):
    use_warehouse(demo_warehouse.root, monkeypatch)
    return demo_warehouse


@pytest.fixture
def metrics(env):
    con = env.connect_reader()

    def get(code: str, as_of: date) -> dict:
        return dict(compute_metrics(con, code, as_of, None, 80.0))

    yield get
    con.close()


def page(lang: str = "zh", **params: str) -> AppTest:
    at = new_app(**params, lang=lang)
    at.run()  # st.navigation registers the pages first (custom url paths)
    at.switch_page("app_pages/five_star.py")
    return at.run()


def figures(at: AppTest) -> list[DrawnChart]:
    return drawn_charts(at)


def test_district_cards_equal_the_metric_engine(env, metrics):
    at = page(district="410305", month="2024-12")
    assert not at.exception
    assert at.title[0].value == "五星支部创建"
    m = metrics("410305", date(2024, 12, 31))
    levels = [m[f"star_level_communities:{n}"] for n in range(6)]
    shown = {x.label: x.value for x in at.metric}
    assert shown["参评社区"] == fmt_count(sum(levels))
    assert shown["五星支部"] == fmt_count(m["five_star_communities"])
    assert shown["四星及以上"] == fmt_count(m["four_plus_star_communities"])
    assert shown["三星及以上"] == fmt_count(sum(levels[3:]))
    assert shown["未达星"] == fmt_count(levels[0])
    before = metrics("410305", date(2023, 12, 31))
    cards = {x.label: x.proto for x in at.metric}
    assessed_before = sum(before[f"star_level_communities:{n}"] for n in range(6))
    assert cards["参评社区"].delta == (
        "较2023年持平" if sum(levels) == assessed_before else f"{sum(levels) - assessed_before:+d} 较2023年"
    )
    changed = m["five_star_communities"] - before["five_star_communities"]
    assert changed and cards["五星支部"].delta == f"{changed:+d} 较2023年"
    # no change is said in words, as on every page (``deltas.said``): no "0", no arrow, no colour
    flat = [c for c in cards.values() if c.delta.endswith("持平")]
    assert (
        flat
        and all(c.delta == "较2023年持平" for c in flat)
        and not any(c.delta.startswith("0") for c in cards.values())
    )
    figs = figures(at)  # the targets: the default section where the area has targets
    assert "涧西区：目标与实际（个）" in [f.title for f in figs]
    figs += figures(open_section(at, "levels"))
    assert "各街道星级分布（2022—2024年，社区数：个）" in [f.title for f in figs]
    assert all(any(s.y or s.x for s in f.series) for f in figs)
    # the leaderboard lists every assessed community, ranked
    board = next(df.value for df in open_section(at, "board").dataframe if "名次" in df.value.columns)
    assert len(board) == sum(levels)
    assert list(board["名次"]) == sorted(board["名次"])


def test_each_target_bars_number_sits_past_its_bar_and_dash_and_says_the_target_when_missed(env):
    """The numbers of "目标与实际" are a text series of their own, each at the higher of its bar
    and its target's dash (a number just above a bar was crossed by a dash a little higher), and
    "actual / target" where the target was missed (over the dash, a bare 9 reads as its value)."""
    at = page(district="410305")
    chart = next(f for f in figures(at) if f.title == "涧西区：目标与实际（个）")
    bars = next(s for s in chart.series if s.kind == "bar")
    dashes = next(s for s in chart.series if s.name == "目标")
    raw = next(s for s in chart.option["series"] if s["type"] == "scatter" and s.get("label"))
    numbers = [(item["value"][1], item["name"]) for item in raw["data"]]
    assert raw["symbolSize"] == 1 and raw["itemStyle"]["color"] == "transparent"
    assert len(numbers) == len(bars.y) == len(dashes.y) > 1
    missed = 0
    for (at_height, text), actual, target in zip(numbers, bars.y, dashes.y, strict=True):
        assert at_height == max(actual, target)
        if actual >= target:
            assert text == fmt_count(actual)
        else:
            missed += 1
            assert text == f"{fmt_count(actual)} / {fmt_count(target)}"
    assert missed  # the demo district missed some targets: both kinds are checked
    # per street (horizontal bars): "actual / target" after the bar or the dash, whichever ends further
    streets = next(f for f in figures(at) if "目标完成情况" in f.title)
    bars = next(s for s in streets.series if s.kind == "bar")
    dashes = next(s for s in streets.series if s.name == "目标")
    raw = next(s for s in streets.option["series"] if s["type"] == "scatter" and s.get("label"))
    assert raw["label"]["position"] == "right"
    after = [(item["value"][0], item["name"]) for item in raw["data"]]
    expected = [
        (max(a, t), f"{fmt_count(a)} / {fmt_count(t)}") for a, t in zip(bars.x, dashes.x, strict=True)
    ]
    assert after == expected and any(a < t for a, t in zip(bars.x, dashes.x, strict=True))


def test_district_outside_the_program_says_so(env):
    at = page(district="530802")
    assert not at.exception
    assert "思茅区未参与五星创建" in at.info[0].value
    assert not at.metric and not drawn_charts(at)


def test_month_before_the_first_assessment(env):
    at = page(district="410311", month="2021-06")
    assert not at.exception
    assert "尚无五星评定" in at.info[0].value and "2022" in at.info[0].value


def test_community_star_card_shows_scores_and_level(env):
    at = page(district="410311", street="410311002", community="410311002003", month="2024-12")
    assert not at.exception
    with env.connect_reader() as con:
        rows = dict(
            con.execute(
                "SELECT star, score FROM five_star WHERE community_code = '410311002003' AND year = 2024"
            ).fetchall()
        )
    card = {
        x.label: x.value
        for x in at.metric
        if x.label.endswith("星") and x.label not in ("五星支部", "未达星")
    }
    assert card["支部过硬星"] == f"{rows['strong_branch']:.1f}"
    assert card["共建共享星"] == f"{rows['co_build_share']:.1f}"
    assert any("龙瑞社区" in md.value and "四星" in md.value for md in at.markdown)
    assert any("距五星" in md.value and "支部过硬星" in md.value for md in at.markdown)
    # the street's cards: 开元路街道 has 5 assessed communities
    assert {x.label: x.value for x in at.metric}["参评社区"] == "5"


def test_a_village_stars_rate_is_over_the_villages_assessed_on_it(env):
    """洛龙区: 245 urban communities and one village (assessed on the village stars) in 2024. A
    village star's rate is over that one village, named with it, as the slide names it; an urban
    star's over the 245 assessed on it, not over all 246."""
    at = page(district="410311", month="2024-12", section="levels")
    chart = next(f for f in figures(at) if "摘星率" in f.title)
    latest = chart.series[-1]
    rows = dict(zip(latest.x, zip(latest.y, latest.tooltips, strict=True), strict=True))
    rate, tip = rows["文明幸福星（仅1个社区参评）"]
    assert rate == 100.0 and tip.endswith("摘星 1 个 / 参评 1 个")
    rate, tip = rows["共建共享星"]
    assert tip.endswith("/ 参评 245 个")
    won = int(tip.split("摘星 ")[1].split(" 个")[0])
    assert rate == round(won / 245 * 100, 1)
    # the engine says the same
    con = env.connect_reader()
    m = dict(compute_metrics(con, "410311", date(2024, 12, 31)))
    con.close()
    assert m["star_awarded_pct:civility_happiness"] == 100.0
    assert m["star_awarded_pct:co_build_share"] == rate


def test_english(env):
    at = page(district="410311", lang="en")
    assert not at.exception
    assert at.title[0].value == "Five-star branch creation"
    assert "Five-star" in [x.label for x in at.metric]
    titles = [f.title for f in figures(at)]
    assert titles and not any(word in title for title in titles for word in ("年", "个", "星", "（"))


# --- data functions on the demo warehouse ---------------------------------------------------------


def _expected_levels(snap: pd.DataFrame, by_street: bool) -> dict[tuple, int]:
    """An independent count (the test's own, over the page's rows): communities per [street,] level."""
    keys = ["street_code", "level"] if by_street else ["level"]
    return {(k if by_street else (k,)): n for k, n in snap.groupby(keys).size().items()}


def _expected_rates(snap: pd.DataFrame, scores: pd.DataFrame, year: int) -> dict[str, tuple[int, int]]:
    """Per star: (won, assessed) over the snapshot's communities' score rows of the year."""
    rows = scores[(scores["year"] == year) & scores["community_code"].isin(snap["community_code"])]
    return {star: (int(g["aw"].fillna(False).sum()), len(g)) for star, g in rows.groupby("star")}


@pytest.mark.parametrize("as_of", [date(2022, 12, 31), date(2023, 6, 30), date(2024, 12, 31)])
def test_every_years_levels_rates_and_targets_are_the_counts_of_that_years_rows(env, as_of):
    """The model reads every number from the metric engine; here they are counted again by hand from
    the rows the page lists: per assessment year, the communities existing at its end."""
    for code in PROGRAM:
        m = fsd.model("t", code, code, as_of, 80.0)
        frame, scores = m.frame, m.scores
        assert m.years == tuple(fsd.years(frame, as_of))
        for year in m.years:
            snap = fsd.snapshot(frame, fsd.year_end(year, as_of))
            counts = m.counts[m.counts["year"] == year]
            shown = {(r.street_code, r.level): r.n for r in counts.itertuples()}
            assert shown == _expected_levels(snap, by_street=True), (code, year)
            rates = m.rates[m.rates["year"] == year]
            assert {r.star: (r.won, r.assessed) for r in rates.itertuples()} == _expected_rates(
                snap, scores, year
            ), (code, year)
            for r in rates.itertuples():
                assert r.rate == percentage(r.won, r.assessed)
        now = fsd.snapshot(frame, as_of)
        cards = {k.label_key: k.value for k in m.cards}
        assert cards["fs_kpi_assessed"] == len(now)
        assert cards["fs_kpi_five"] == int((now["level"] == 5).sum())
        assert cards["fs_kpi_three_plus"] == int((now["level"] >= 3).sum())
        assert cards["fs_kpi_zero"] == int((now["level"] == 0).sum())
        for t in m.progress.itertuples():
            snap = fsd.snapshot(fsd.in_area(frame, t.area_code, code), t.measured_on)
            level = 5 if t.metric == "five_star_communities" else 4
            if t.metric.startswith(fsd.LEVEL_METRIC):
                expected = int((snap["level"] == int(t.metric.split(":")[1])).sum())
            else:
                expected = int((snap["level"] >= level).sum())
            if snap.empty:  # the street was not assessed yet: no value, never 0
                assert pd.isna(t.actual), (code, t.area_code, t.metric)
            else:
                assert t.actual == expected, (code, t.area_code, t.metric)


def test_a_community_types_levels_and_rates_count_only_its_communities(env):
    as_of = date(2024, 12, 31)
    whole = fsd.model("t", "410311", "410311", as_of, 80.0)
    for kind in whole.frame["community_type"].dropna().unique():
        typed = fsd.model("t", "410311", "410311", as_of, 80.0, str(kind))
        listed = whole.frame[whole.frame["community_type"] == kind]
        for year in typed.years:
            snap = fsd.snapshot(listed, fsd.year_end(year, as_of))
            counts = typed.counts[typed.counts["year"] == year]
            assert {(r.street_code, r.level): r.n for r in counts.itertuples()} == _expected_levels(
                snap, by_street=True
            ), (kind, year)
            rates = typed.rates[typed.rates["year"] == year]
            assert {r.star: (r.won, r.assessed) for r in rates.itertuples()} == _expected_rates(
                snap, whole.scores, year
            ), (kind, year)
        assert [k.value for k in typed.cards] == [k.value for k in whole.cards]  # cards: the whole area


def test_not_in_program_is_empty(env):
    assert fsd.five_star_frame("t", "370602", 80.0).empty
    assert fsd.five_star_frame("t", "999999", 80.0).empty  # unknown code: no error


def test_targets_leaderboard_and_movers(env, metrics):
    frame = fsd.five_star_frame("t", "410305", 80.0)
    progress = fsd.model("t", "410305", "410305", date(2024, 12, 31), 80.0).progress
    row = progress[
        (progress["area_code"] == "410305")
        & (progress["metric"] == "five_star_communities")
        & (progress["due_date"] == date(2022, 12, 31))
    ].iloc[0]
    assert row["actual"] == metrics("410305", date(2022, 12, 31))["five_star_communities"]
    assert row["status"] == ("met" if row["actual"] >= row["target_value"] else row["status"])
    street = progress[progress["area_code"] == "410305001"].iloc[0]
    assert street["actual"] == metrics("410305001", date(2024, 12, 31))["four_plus_star_communities"]

    board = fsd.leaderboard(fsd.Snapshots.of(frame, date(2024, 12, 31)))
    assert board["rank"].iloc[0] == 1
    keys = list(zip(board["level"], board["total_score"], strict=True))
    assert keys == sorted(keys, key=lambda k: (-k[0], -k[1]))
    moves = fsd.movers(fsd.Snapshots.of(frame, date(2024, 12, 31)))
    assert moves.up + moves.down + moves.same + moves.new == len(board)
    assert (moves.table["change"] != 0).all()
    assert fsd.movers(fsd.Snapshots.of(frame, date(2022, 12, 31))).prev_year is None


def test_star_cells_follow_the_capstone_rule(env):
    scores = fsd.five_star_scores("t", "410311", 80.0)
    frame = fsd.five_star_frame("t", "410311", 80.0)
    for row in frame[frame["year"] == 2024].head(40).itertuples():
        cells = card.star_cells(scores, row.community_code, 2024)
        others, capstone = card.missing_stars(cells)
        won = 4 - len(others)
        assert row.level == won + (1 if won == 4 and capstone else 0)


def test_leaderboard_highlights_the_selected_row_and_colours_rank_changes(env):
    from govdash import five_star_tables as ft
    from govdash.charts import BAD, GOOD

    frame = fsd.five_star_frame("t", "410305", 80.0)
    board = fsd.leaderboard(fsd.Snapshots.of(frame, date(2024, 12, 31)))
    selected = board["community_code"].iloc[2]
    styler = ft.leaderboard_table(board, selected, "zh")
    styler._compute()
    columns = len(styler.data.columns)
    lit = {(r, c) for (r, c), css in styler.ctx.items() if ("background-color", ft.HIGHLIGHT) in css}
    assert lit == {(2, c) for c in range(columns)}  # every cell of the selected row, no other
    change = list(styler.data.columns).index("名次变化")
    for r, text in enumerate(styler.data.iloc[:, change]):
        colours = {v for k, v in styler.ctx.get((r, change), []) if k == "color"}
        assert colours == ({GOOD} if text.startswith("▲") else {BAD} if text.startswith("▼") else set())
    none = ft.leaderboard_table(board, None, "zh")
    none._compute()
    assert not any(("background-color", ft.HIGHLIGHT) in css for css in none.ctx.values())


def test_the_models_movers_with_and_without_a_community_type(env):
    whole = fsd.model("t", "410305", "410305", date(2024, 12, 31), 80.0)
    assert whole.moves is whole.area_moves  # no type filter: computed once
    assert whole.moves.up + whole.moves.down + whole.moves.same + whole.moves.new == len(whole.board)
    kinds = whole.frame["community_type"].dropna().unique()
    typed = fsd.model("t", "410305", "410305", date(2024, 12, 31), 80.0, str(kinds[0]))
    assert typed.area_moves.up == whole.area_moves.up  # the area's own moves ignore the type
    assert typed.moves.up + typed.moves.down + typed.moves.same + typed.moves.new == len(typed.board)
    assert len(typed.board) < len(whole.board)


def test_the_star_cards_history_shows_each_years_scores_results_and_level(env):
    scores = fsd.five_star_scores("t", "410311", 80.0)
    frame = fsd.five_star_frame("t", "410311", 80.0)
    code = frame.loc[frame["year"] == 2024, "community_code"].iloc[0]
    own = scores[scores["community_code"] == code]
    # one star not assessed in 2023, and a star the registry does not know (listed after its stars)
    dropped = own[(own["year"] == 2023)].iloc[0]
    unknown = own[own["year"] == 2024].iloc[[0]].assign(star="zz_new_star", score=91.0, aw=True)
    rows = pd.concat([scores.drop(index=dropped.name), unknown], ignore_index=True)

    table = card.history(rows, frame, code, date(2024, 6, 30), "zh", "星级")
    assert list(table.columns) == ["2022", "2023", "2024"]
    stars = [s for s in fsd.STAR_ORDER if s in set(own["star"])]
    assert list(table.index) == [*(fsd.star_name(s, "zh") for s in stars), "zz_new_star", "星级"]
    for row in own.itertuples():
        expected = f"{row.score:.1f}" + (" ✓" if row.aw else "")
        shown = table.at[fsd.star_name(row.star, "zh"), str(row.year)]
        assert shown == ("—" if row.Index == dropped.name else expected)
    assert table.at["zz_new_star", "2024"] == "91.0 ✓"
    assert table.at["zz_new_star", "2022"] == "—"
    levels = frame[frame["community_code"] == code].set_index("year")["level"]
    assert list(table.loc["星级"]) == [fsd.level_label(levels[y], "zh") for y in (2022, 2023, 2024)]

    assert list(card.history(scores, frame, code, date(2022, 12, 31), "en", "Level").columns) == ["2022"]
    assert card.history(scores, frame, code, date(2021, 12, 31), "zh", "星级").empty


def test_a_community_type_no_assessed_community_of_the_street_has_is_said_not_a_crash(env):
    # 开元路街道 has no 行政村; the sidebar offers every type of the district, so this is one click away
    at = page(district="410311", street="410311002", type="village", month="2024-12")
    assert not at.exception
    for name in ("levels", "movers", "board", "card"):
        assert any("没有五星评定记录" in i.value for i in open_section(at, name).info), name
    snaps = fsd.Snapshots.of(fsd.five_star_frame("t", "410311", 80.0).iloc[0:0], date(2024, 12, 31))
    assert snaps.year is None and snaps.by_year == {} and snaps.counted.empty


def test_a_street_not_assessed_in_a_year_has_no_levels_that_year():
    """The engine counts an area's latest assessment year up to the day, so on 2023-12-31 a street
    first assessed in 2024 would show its 2022 levels; the chart labelled 2023 shows it not at all."""
    frame = pd.DataFrame(
        {
            "community_code": ["a1", "a1", "b1", "b1"],
            "year": [2023, 2024, 2022, 2024],
            "level": [2, 3, 1, 4],
            "street_code": ["A", "A", "B", "B"],
            "street_name": ["甲街道", "甲街道", "乙街道", "乙街道"],
            "established_date": [None] * 4,
            "abolished_date": [None] * 4,
        }
    )
    snaps = fsd.Snapshots.of(frame, date(2024, 12, 31))

    def table(levels: dict[str, int]) -> dict[str, dict[str, object]]:
        """The engine's values on a day: one community per street, at the given level."""
        return {
            street: {f"star_level_communities:{n}": int(n == level) for n in range(6)}
            for street, level in levels.items()
        }

    days = {
        date(2022, 12, 31): table({"B": 1}),
        date(2023, 12, 31): table({"A": 2, "B": 1}),  # B: its 2022 level, carried forward
        date(2024, 12, 31): table({"A": 3, "B": 4}),
    }
    counts = fss.level_counts(days, snaps, "D", by_street=True)
    got = {(r.street_code, r.year): r.level for r in counts.itertuples()}
    assert got == {("B", 2022): 1, ("A", 2023): 2, ("A", 2024): 3, ("B", 2024): 4}


def test_a_cards_sparkline_leaves_out_a_year_without_a_value_instead_of_drawing_0():
    frame = pd.DataFrame(
        {
            "community_code": ["a1", "a1", "a1"],
            "year": [2022, 2023, 2024],
            "level": [5, 5, 5],
            "street_code": ["A"] * 3,
            "street_name": ["甲街道"] * 3,
            "established_date": [None] * 3,
            "abolished_date": [None] * 3,
        }
    )
    snaps = fsd.Snapshots.of(frame, date(2024, 12, 31))
    held = {"five_star_communities": 1, **{f"star_level_communities:{n}": int(n == 5) for n in range(6)}}
    days = {  # on 2023-12-31 the engine has no value: the area is not in the program that day
        date(2022, 12, 31): {"D": held},
        date(2023, 12, 31): {"D": {"five_star_communities": None}},
        date(2024, 12, 31): {"D": held},
    }
    cards, _ = fss.kpis(days, snaps, "D")
    five = next(c for c in cards if c.label_key == "fs_kpi_five")
    assert five.history == [1, 1] and five.value == 1 and five.before is None


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_award_rate_bars_have_no_axis_title_beside_their_names(env, lang):
    """The rate bars are named by their star, rotated: an axis title 星 under them read as the last
    character of the longest name (产业兴旺星（仅2个社区参评）星)."""
    at = page(lang, district="410305", section="levels")
    (rates,) = [c for c in figures(at) if c.title.startswith(("各星摘星率", "Award rate per star"))]
    assert not rates.option["xAxis"].get("name")
    assert rates.option["yAxis"].get("name")  # the rate's axis still says what it is of


def test_an_earlier_years_award_rate_of_0_is_written_not_left_as_no_bar():
    """A star no community won in 2023 had a bar of no height and, as only the latest year's bars
    were numbered, nothing told it from a star nobody was assessed on."""
    from govdash.five_star_figures import rates_figure

    rates = pd.DataFrame(
        {
            "year": [2023, 2023, 2024, 2024],
            "star": ["strong_branch", "industry", "strong_branch", "industry"],
            "won": [0, 4, 2, 5],
            "assessed": [10, 10, 10, 10],
            "rate": [0.0, 40.0, 20.0, 50.0],
        }
    )
    before, latest = rates_figure(rates, "zh", "t", "", "y", "").data
    assert list(before.text) == ["0.0%", ""]  # 2023: the zero only
    assert list(latest.text) == ["20.0%", "50.0%"]


def test_a_streets_tables_leave_out_the_street_that_every_row_would_repeat(env):
    """In a street's view the movers, the 擂台 board and the card picker name no street (it is the
    same on every row); the district's view keeps it."""
    district = page(district="410311")
    street = page(district="410311", street="410311002")
    assert not district.exception and not street.exception
    for at, shown in ((district, True), (street, False)):
        grids = [g.value for name in ("movers", "board") for g in open_section(at, name).dataframe]
        assert len(grids) == 2 and all(("街道(镇)" in g.columns) == shown for g in grids), grids
        labels = next(s.options for s in open_section(at, "card").selectbox if s.label == "选择社区")
        assert labels and all(("（" in label) == shown for label in labels), labels[:2]


def test_the_sections_below_the_cards_are_drawn_one_at_a_time():
    """Targets, levels and rates, movers, the 擂台 board and the star card are lazy tabs: a view
    draws the cards and one section (the targets first where the area has targets; an area without,
    as in the city-scale warehouse, opens on the levels rather than a bare note). A selected community's card is above the cards, not a tab."""
    district = page(district="410305", month="2024-12")
    assert district.query_params["section"] == "targets"
    assert [f.title for f in figures(district)][0] == "涧西区：目标与实际（个）"
    assert not any("星级分布" in f.title for f in figures(district))
    assert [list(g.value.columns)[:2] for g in district.dataframe] == [["区域", "指标"]]  # targets' own table
    assert [tab.label for tab in district.tabs] == [
        "目标进度",
        "星级分布与摘星率",
        "升星与降星",
        "擂台榜",
        "社区星级卡",
    ]
    assert len(district.metric) == 6  # the cards stay above every section
    assert len(open_section(district, "movers").dataframe) == 1 and not figures(district)
    community = page(district="410311", street="410311002", community="410311002004", month="2024-12")
    assert [tab.label for tab in community.tabs][-1] == "擂台榜"
