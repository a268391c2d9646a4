"""The community profile page (社区档案) through AppTest, and its data functions on the demo warehouse."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from etl.metrics import compute_metrics, compute_metrics_many
from govdash import profile_data as pdata
from govdash.formatting import fmt_count
from govdash.metric_labels import kind_label
from tests.helpers import drawn_charts, new_app, use_warehouse

COMMUNITY, STREET, DISTRICT = "410311002003", "410311002", "410311"  # 龙瑞社区, 开元路街道, 洛龙区


@pytest.fixture
def env(demo_warehouse, monkeypatch):
    use_warehouse(demo_warehouse.root, monkeypatch)
    return demo_warehouse


def page(lang: str = "zh", **params: str) -> AppTest:
    at = new_app(**params, **({"lang": "en"} if lang == "en" else {}))
    # the page's url path is its file name, so it can be opened on the first run
    return at.switch_page("app_pages/profile.py").run()


def test_profile_values_equal_the_metric_engine(env):
    at = page(district=DISTRICT, street=STREET, community=COMMUNITY, month="2024-06")
    assert not at.exception
    assert at.title[0].value == "社区档案 · 龙瑞社区"
    as_of = date(2024, 6, 30)
    with env.connect_reader() as con:
        m = dict(compute_metrics(con, COMMUNITY, as_of, date(2023, 6, 30), 80.0))
        codes = [
            r[0]
            for r in con.execute("SELECT area_code FROM areas WHERE parent_code = ?", [STREET]).fetchall()
        ]
        street = compute_metrics_many(con, codes, as_of, date(2023, 6, 30), 80.0)
    shown = {x.label: x for x in at.metric}
    assert shown["户数"].value == fmt_count(m["households"])
    assert shown["常住人口"].value == fmt_count(m["population"])
    for label, metric in (
        ("活动场次", "activities"),
        ("参与人次", "participants"),
        ("志愿服务时长", "volunteer_hours"),
        ("社区社会组织", "social_orgs"),
    ):
        assert shown[label].value == fmt_count(m[metric]), label
        values = street[street["metric"] == metric]["value"].dropna()
        rank, ties = int((values > m[metric]).sum()) + 1, int((values == m[metric]).sum())
        place = f"第 {rank} / {len(values)} 名"
        assert shown[label].proto.delta == (f"并列{place}（{ties} 个）" if ties > 1 else place), label
    assert shown["五星创建星级"].value == "四星"
    titles = [c.title for c in drawn_charts(at)]
    assert "龙瑞社区：活动场次（按月，场）" in titles
    assert "龙瑞社区：社区工作力量（人）" in titles
    assert at.query_params["metric"] == "activities"
    # the lists: open facilities and active social organizations agree with the engine
    facilities = next(df.value for df in at.dataframe if "启用日期" in df.value.columns)
    opened = facilities[facilities["状态（2024年6月30日）"] == "运营中"]
    assert len(opened) == sum(v for k, v in m.items() if k.startswith("facilities_open:") and v)


def test_picker_keeps_the_community_in_the_url(env):
    at = page(district="410305", code="410305002003", month="2024-12")
    assert not at.exception
    with env.connect_reader() as con:
        name = con.execute("SELECT area_name FROM areas WHERE area_code = '410305002003'").fetchone()[0]
    assert at.title[0].value == f"社区档案 · {name}"
    assert at.query_params["code"] == "410305002003"
    at = page(district="410305", code="not-a-code")  # a hand-edited link falls back to the first community
    assert not at.exception
    assert at.query_params["code"] == at.selectbox(key="prof_pick_410305_None_None").value


def test_outside_the_five_star_program_and_english(env):
    at = page(district="370602", street="370602001", community="370602001001")
    assert not at.exception
    assert {x.label: x.value for x in at.metric}["五星创建星级"] == "未参与"
    at = page(lang="en", district="530802")
    assert not at.exception
    assert at.title[0].value.startswith("Community profile · ")
    assert "Households" in [x.label for x in at.metric]


# --- data functions -------------------------------------------------------------------------------


def test_list_states_follow_the_metric_rules(env):
    as_of = date(2022, 12, 31)
    with env.connect_reader() as con:
        codes = [
            r[0]
            for r in con.execute(
                "SELECT area_code FROM areas WHERE parent_code = ? ORDER BY 1", [STREET]
            ).fetchall()
        ]
        many = compute_metrics_many(con, codes, as_of, None, 80.0)
    for code in codes:
        m = dict(
            zip(
                many[many["area_code"] == code]["metric"],
                many[many["area_code"] == code]["value"],
                strict=True,
            )
        )
        lists = pdata.profile_lists("t", code)
        facilities = pdata.facilities_on(lists["facilities"], as_of)
        for kind, rows in facilities.groupby("facility_kind"):
            assert (rows["state"] == "open").sum() == (m.get(f"facilities_open:{kind}") or 0), (code, kind)
            assert (rows["state"] == "planned").sum() == (m.get(f"facilities_planned:{kind}") or 0), (
                code,
                kind,
            )
        orgs = pdata.organizations_on(lists["organizations"], as_of)
        assert ((orgs["org_kind"] == "social_org") & (orgs["state"] == "active")).sum() == m["social_orgs"]
        assert len(pdata.compounds_on(lists["compounds"], as_of)) == m["compounds"]
        programs = pdata.programs_on(lists["programs"], as_of)
        for kind, rows in programs.groupby("program_kind"):
            assert int((rows["state"] == "joined").any()) == m[f"program_communities:{kind}"], (code, kind)
        monthly = pdata.until(pdata.profile_monthly("t", code), "month", as_of)
        assert monthly["activities"].sum() == m["activities"]


def test_ranks_and_choices():
    import pandas as pd

    table = pd.DataFrame({"activities": [5, 9, None, 9]}, index=["a", "b", "c", "d"])
    ranks = pdata.ranks(table, "a", ("activities",))
    assert ranks.iloc[0][["rank", "n", "best"]].tolist() == [3, 3, 9]
    assert pdata.ranks(table, "c", ("activities",)).iloc[0]["rank"] is None


def test_tied_communities_are_shown_tied_and_placed_in_the_middle():
    # 14 of 15 communities have no social organisation, one has one: a community with none is not
    # "2nd of 15" near the top, it is tied with 13 others in the middle
    import pandas as pd

    from govdash import profile_figures as pfig
    from govdash import profile_tables as ptab

    table = pd.DataFrame({"social_orgs": [1] + [0] * 14}, index=[f"c{i}" for i in range(15)])
    ranks = pdata.ranks(table, "c3", ("social_orgs",))
    assert ranks.iloc[0][["rank", "n", "ties"]].tolist() == [2, 15, 14]
    assert ptab.rank_text(2, 15, 14) == "并列第 2 / 15 名（14 个）"
    assert ptab.rank_text(1, 15, 1) == "第 1 / 15 名"
    bar = pfig.rank_figure(ranks, "zh", "t", "x", ptab.rank_text).to_dict()["data"][0]
    assert bar["x"][0] == pytest.approx(46.43, abs=0.01) and bar["text"][0] == "并列第 2 / 15 名（14 个）"
    top = pfig.rank_figure(pdata.ranks(table, "c0", ("social_orgs",)), "zh", "t", "x", ptab.rank_text)
    assert top.to_dict()["data"][0]["x"][0] == 100.0
    choices = pd.DataFrame({"area_code": ["x", "y"]})
    assert pdata.resolve(choices, "y") == "y" and pdata.resolve(choices, "z") == "x"
    assert pdata.resolve(choices.iloc[0:0], "y") is None


def test_the_rank_table_writes_each_metric_as_the_catalog_does():
    import pandas as pd

    from govdash import profile_tables as ptab

    ranks = pd.DataFrame(
        {
            "metric": ["activities", "compound_branch_coverage_pct", "workers_per_10k_residents"],
            "value": [3666.0, 66.66666, 13.0],
            "median": [4365.0, 66.7, 14.3],
            "best": [None, 100.0, 16.3],
            "rank": [4, 2, 4],
            "n": [5, 5, 5],
            "ties": [1, 2, 1],
        }
    )
    table = ptab.ranks_table(ranks, "zh")
    assert table["本社区"].tolist() == ["3,666", "66.7%", "13.0"]  # a rate keeps its decimal
    assert table["街道中位数"].tolist() == ["4,365", "66.7%", "14.3"]
    assert table["街道最高"].tolist() == ["—", "100.0%", "16.3"]
    styler = ptab.ranks_styled(ranks, "zh")
    styler._compute()
    right = {c for (_, c), css in styler.ctx.items() if ("text-align", "right !important") in css}
    assert [table.columns[c] for c in sorted(right)] == ["本社区", "街道中位数", "街道最高"]


def test_a_community_type_narrows_the_picker_and_says_so(env):
    """The picker lists the type's communities only, and the page says so; a type the street does
    not have is named in the message instead of "no community"."""
    with env.connect_reader() as con:
        kinds = dict(
            con.execute(
                "SELECT community_type, count(*) FROM areas WHERE parent_code = ? GROUP BY 1", [STREET]
            ).fetchall()
        )
    kind, n = max(kinds.items(), key=lambda kv: (kv[1], kv[0]))
    at = page(district=DISTRICT, street=STREET, type=kind)
    assert not at.exception
    assert len(at.selectbox(key=f"prof_pick_{DISTRICT}_{STREET}_{kind}").options) == n < sum(kinds.values())
    label = kind_label(kind)
    assert f"已按社区类型“{label}”筛选：此处只列出该类型的社区。" in [c.value for c in at.caption]
    with env.connect_reader() as con:
        elsewhere = {r[0] for r in con.execute("SELECT DISTINCT community_type FROM areas").fetchall()}
    absent = sorted(k for k in elsewhere - set(kinds) if k)[0]  # a type of the data this street lacks
    at = page(district=DISTRICT, street=STREET, type=absent)
    assert not at.exception
    assert [i.value for i in at.info] == [
        f"所选范围内没有“{kind_label(absent)}”类型的社区；可在左侧清除社区类型筛选。"
    ]


def test_premises_per_100_households_is_cut_never_rounded_up(env):
    """A community with 29.96 m² per 100 households must not read 30.0 beside a standard of 30:
    the profile cuts it to one decimal, as the coverage matrix does."""
    with env.connect_reader() as con:
        rows = con.execute(
            "SELECT area_code, parent_code, premises_area_m2 * 100 / households FROM areas "
            "WHERE level = 'community' AND households > 0 AND premises_area_m2 IS NOT NULL "
            "AND parent_code LIKE ? ORDER BY area_code",
            [DISTRICT + "%"],
        ).fetchall()
    # one whose hundredths round up (x.x5 or more): rounding and cutting read differently there
    code, street, exact = next(r for r in rows if round(r[2], 1) != math.floor(r[2] * 10) / 10)
    at = page(district=DISTRICT, street=street, community=code, month="2024-06")
    assert not at.exception
    premises = next(x for x in at.metric if x.label == "办公服务用房（平方米）")
    assert premises.proto.delta == f"每百户 {math.floor(exact * 10) / 10:.1f} 平方米"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_staff_chart_has_a_tick_for_each_snapshot_named_by_its_month(env, lang):
    # half-yearly snapshots (June 30 and December 31): a date axis ticked years between them
    # ("2023年" three times, December's count beside the next year's tick)
    at = page(lang, district=DISTRICT, street=STREET, community=COMMUNITY, month="2024-12")
    assert not at.exception
    with env.connect_reader() as con:
        days = [
            r[0]
            for r in con.execute(
                "SELECT DISTINCT snapshot_date FROM staff WHERE community_code = ? ORDER BY 1", [COMMUNITY]
            ).fetchall()
        ]
    chart = next(
        c for c in drawn_charts(at) if c.title.startswith(("龙瑞社区：社区工作力量", "龙瑞社区: staff"))
    )
    months = [f"{d.year}年{d.month}月" if lang == "zh" else d.strftime("%b %Y") for d in days]
    assert chart.option["xAxis"]["type"] == "category"
    assert chart.option["xAxis"]["data"] == months  # one tick each, in order, none twice
    assert all(s.x == months for s in chart.series)


def test_snapshots_not_at_a_month_end_are_named_by_their_dates():
    from govdash.profile_figures import snapshot_labels

    assert snapshot_labels([date(2024, 6, 30), date(2024, 12, 31)], "zh") == ["2024年6月", "2024年12月"]
    assert snapshot_labels([date(2024, 5, 15), date(2024, 5, 31)], "zh") == ["2024年5月15日", "2024年5月31日"]


def test_the_trend_average_starts_at_its_12th_month_and_says_how_many_were_reported():
    """The "12-month average" was drawn from the 3rd month on, the average of 3, 4, … months under
    its 12-month name. It starts at the 12th; a month not reported is left out (not counted as 0)
    and the hover says how many of the 12 there were."""
    from govdash.profile_figures import trend_figure

    months = [date(2023, m, 1) for m in range(1, 13)] + [date(2024, m, 1) for m in range(1, 4)]
    counts = [10.0] * 11 + [22.0, None, 4.0, 4.0]
    monthly = pd.DataFrame({"month": months, "activities": counts})
    _, mean = trend_figure(monthly, "activities", "activities", months[-1], "en", "t", "x", "12-month").data
    assert all(math.isnan(v) for v in mean.y[:11])
    # Dec 2023: (11 × 10 + 22) / 12; from Jan 2024 on, 11 months known (January not reported)
    assert list(mean.y[11:]) == pytest.approx([132 / 12, 122 / 11, 116 / 11, 110 / 11])
    assert [c[1] for c in mean.customdata[11:]] == [f"{n} of 12 months reported" for n in (12, 11, 11, 11)]
