"""The catalog entries of facilities, programs and people (stocks)."""

from __future__ import annotations

from typing import Any

from etl.metric_catalog.model import AREA, COUNTED, FACILITY, KIND, PROGRAM, SUM, WALK, Metric, m, pct

PER_HH_M2 = 30  # m² of premises per 100 households (看板补充指标)
FACILITY_WORD = ("各类设施", "Facility")
PROGRAM_WORD = ("各项目", "Program")
N = ("个", "")
P = ("人", "")
FAC_INPUTS = ("areas", "facilities")
STAFF_INPUTS = ("areas", "staff")


def fac(
    name: str, zh: str, en: str, unit: tuple[str, str], meaning: tuple[str, str], rule: str, **kw: Any
) -> Metric:
    kw.setdefault("vtype", "count")
    return m(
        name,
        zh,
        en,
        unit,
        meaning,
        rule,
        family=FACILITY,
        groups=(KIND,),
        inputs=FAC_INPUTS,
        kind_word=FACILITY_WORD,
        **kw,
    )


FACILITIES: tuple[Metric, ...] = (
    fac(
        "facilities_open:{kind}",
        "已运营{kind}",
        "{kind} open",
        N,
        ("统计日已运营的该类设施数", "Facilities of the kind open on the date"),
        "facilities open on `as_of` (`opened_date <= as_of` and `closed_date` null or `> as_of`).",
    ),
    fac(
        "facilities_planned:{kind}",
        "规划在建{kind}",
        "{kind} planned",
        N,
        ("统计日规划或在建、尚未运营的该类设施数", "Facilities of the kind planned or under construction"),
        "facilities not open on `as_of` whose `status` is `planned` or `under_construction` or whose "
        "`opened_date > as_of`, with `planned_date` null or `<= as_of`.",
    ),
    fac(
        "facilities_rebuilt:{kind}",
        "改扩建{kind}",
        "{kind} rebuilt",
        N,
        ("统计日前已改扩建的该类设施数", "Facilities of the kind rebuilt by the date"),
        "facilities with `rebuilt_date <= as_of`.",
    ),
    fac(
        "facility_area_m2_open:{kind}",
        "{kind}面积",
        "{kind} area",
        ("平方米", "m²"),
        ("已运营该类设施的面积之和", "Floor area of the open facilities of the kind"),
        "sum of `area_m2` over the open ones; empty when open ones exist and none has `area_m2` filled "
        "in (`facility_area_unreported:{kind}` counts the open ones without it).",
        vtype=SUM,
        unreported="facility_area_unreported:{kind}",
    ),
    fac(
        "facility_capacity_open:{kind}",
        "{kind}服务能力",
        "{kind} capacity",
        ("人", "persons"),
        ("已运营该类设施的服务能力之和", "Capacity of the open facilities of the kind"),
        "sum of `capacity_persons` over the open ones; empty when open ones exist and none has "
        "`capacity_persons` filled in (`facility_capacity_unreported:{kind}` counts the open ones without it).",
        unreported="facility_capacity_unreported:{kind}",
    ),
    fac(
        "facility_investment_wan:{kind}",
        "{kind}投资",
        "{kind} investment",
        ("万元", "10k CNY"),
        (
            "统计日前已启用或改扩建的该类设施投资之和",
            "Investment in facilities of the kind opened or rebuilt",
        ),
        "sum of `investment_wan` over facilities opened or rebuilt by `as_of`; empty when such "
        "facilities exist and none has `investment_wan` filled in (a partial sum covers the filled ones: "
        "`facility_investment_unreported:{kind}` counts the others).",
        vtype=SUM,
        unreported="facility_investment_unreported:{kind}",
    ),
    fac(
        "facility_investment_unreported:{kind}",
        "未填报投资的{kind}",
        "{kind} without investment",
        N,
        (
            "统计日前已启用或改扩建、但未填报投资的该类设施数",
            "Facilities of the kind opened or rebuilt whose investment is not filled in",
        ),
        "facilities opened or rebuilt by `as_of` with `investment_wan` empty.",
    ),
    fac(
        "facility_area_unreported:{kind}",
        "未填报面积的已运营{kind}",
        "{kind} open without area",
        N,
        ("统计日已运营、但未填报面积的该类设施数", "Open facilities of the kind whose area is not filled in"),
        "open facilities (as `facilities_open`) with `area_m2` empty.",
    ),
    fac(
        "facility_capacity_unreported:{kind}",
        "未填报服务能力的已运营{kind}",
        "{kind} open without capacity",
        N,
        (
            "统计日已运营、但未填报服务能力的该类设施数",
            "Open facilities of the kind whose capacity is not filled in",
        ),
        "open facilities (as `facilities_open`) with `capacity_persons` empty.",
    ),
    pct(
        "coverage_pct:{kind}",
        "covered:{kind}",
        "communities",
        "{kind}覆盖率",
        "{kind} coverage",
        (
            "至少有一处该类已运营设施的社区占比（%）",
            "Share of communities with at least one open facility of the kind",
        ),
        "share of existing communities with at least one open facility of the kind whose `area_code` "
        "is the community.",
        family=FACILITY,
        groups=(KIND, AREA),
        inputs=FAC_INPUTS,
        kind_word=FACILITY_WORD,
    ),
    pct(
        "coverage_pct:{kind}:urban",
        "covered_urban:{kind}",
        "communities_urban",
        "{kind}覆盖率（城市社区）",
        "{kind} coverage (urban)",
        (
            "至少有一处该类已运营设施的城市社区占比（%）",
            "Share of urban communities with an open facility of the kind",
        ),
        "the same over urban communities.",
        family=FACILITY,
        groups=(KIND, AREA),
        inputs=FAC_INPUTS,
        kind_word=FACILITY_WORD,
    ),
    m(
        "premises_unreported",
        "未填报用房面积的社区",
        "Communities without premises area",
        N,
        ("未填报办公服务用房面积的现有社区数", "Existing communities whose premises area is not filled in"),
        "existing communities with `premises_area_m2` empty.",
    ),
    m(
        "premises_per_100hh_unreported",
        "未填报用房面积或户数的社区",
        "Communities without premises area or households",
        N,
        (
            "办公服务用房面积或户数未填报的现有社区数",
            "Existing communities whose premises area or households are not filled in",
        ),
        "existing communities with `premises_area_m2` or `households` empty.",
    ),
    pct(
        "communities_premises_ge_500m2_pct",
        "premises_ge_500",
        "communities",
        "用房≥500㎡社区占比",
        "Premises ≥500 m²",
        ("办公服务用房≥500平方米的社区占比", "Share of communities whose premises reach 500 m²"),
        "share of existing communities with `premises_area_m2 >= 500`; empty while any of them has "
        "the area blank (`premises_unreported`): whether it reaches the size is not known.",
        over_areas=COUNTED,
        unreported="premises_unreported",
    ),
    pct(
        "communities_premises_ge_600m2_pct",
        "premises_ge_600",
        "communities",
        "用房≥600㎡社区占比",
        "Premises ≥600 m²",
        ("办公服务用房≥600平方米的社区占比", "Share of communities whose premises reach 600 m²"),
        "the same with `>= 600`.",
        over_areas=COUNTED,
        unreported="premises_unreported",
    ),
    pct(
        "communities_premises_gt_1000m2_pct",
        "premises_gt_1000",
        "communities",
        "用房>1000㎡社区占比",
        "Premises >1000 m²",
        ("办公服务用房超过1000平方米的社区占比", "Share of communities whose premises exceed 1,000 m²"),
        "the same with `> 1000`.",
        over_areas=COUNTED,
        unreported="premises_unreported",
    ),
    pct(
        "communities_premises_per_100hh_pct",
        "premises_per_100hh",
        "communities",
        "用房达到每百户30㎡社区占比",
        "Premises ≥30 m² per 100 households",
        (
            f"办公服务用房达到每百户{PER_HH_M2}平方米的社区占比（看板补充指标）",
            f"Share of communities with ≥{PER_HH_M2} m² of premises per 100 households",
        ),
        f"share of existing communities with `households > 0` and `premises_area_m2 * 100 >= "
        f"{PER_HH_M2} * households`; empty while any of them has either blank "
        "(`premises_per_100hh_unreported`).",
        over_areas=COUNTED,
        unreported="premises_per_100hh_unreported",
    ),
    pct(
        "walk_coverage_pct:{kind}",
        "walk_covered:{kind}",
        "compounds_located",
        "{kind}15分钟步行覆盖率",
        "{kind} 15-minute walk coverage",
        (
            "1000米（15分钟步行，GB 50180-2018）内有该类已运营设施的小区占比",
            "Share of compounds within 1,000 m (15-minute walk) of an open facility of the kind",
        ),
        "share of compounds with coordinates (those counted by `compounds`) that lie within 1,000 m "
        "(haversine, mean Earth radius 6,371,008.8 m) of an open facility of the kind with coordinates "
        "(any facility, not only the area's).",
        family=FACILITY,
        groups=(WALK, AREA),
        inputs=("areas", "compounds", "facilities"),
        kind_word=FACILITY_WORD,
    ),
)

PROGRAMS: tuple[Metric, ...] = (
    m(
        "program_communities:{kind}",
        "{kind}社区数",
        "Communities in {kind}",
        N,
        ("统计日参加该项目的社区数", "Communities in the program on the date"),
        "existing communities with `joined_date <= as_of` and (`left_date` null or `> as_of`).",
        family=PROGRAM,
        groups=(KIND,),
        inputs=("areas", "programs"),
        kind_word=PROGRAM_WORD,
        over_areas=COUNTED,
    ),
    pct(
        "program_coverage_pct:{kind}",
        "program_communities:{kind}",
        "communities",
        "{kind}覆盖率",
        "{kind} coverage",
        ("统计日参加该项目的社区占比", "Share of communities in the program on the date"),
        "`program_communities` over existing communities.",
        family=PROGRAM,
        groups=(KIND, AREA),
        inputs=("areas", "programs"),
        kind_word=PROGRAM_WORD,
    ),
)

PEOPLE: tuple[Metric, ...] = (
    m(
        "community_workers",
        "社区工作者",
        "Community workers",
        P,
        ("各社区最近一期社区工作者人数之和", "Community workers in each community's latest snapshot"),
        "`community_workers` of the latest snapshot, summed.",
        inputs=STAFF_INPUTS,
    ),
    m(
        "certified_social_workers",
        "持证社工",
        "Certified social workers",
        P,
        ("持社会工作职业资格证书的社区工作者", "Community workers with the social-work qualification"),
        "`certified_social_workers` of the latest snapshot, summed.",
        inputs=STAFF_INPUTS,
    ),
    pct(
        "certified_share_pct",
        "certified_social_workers",
        "community_workers",
        "持证社工占比",
        "Certified share",
        (
            "持社会工作职业资格的社区工作者占比（国家目标50%）",
            "Share of community workers with the social-work qualification (target 50%)",
        ),
        "`certified_social_workers / community_workers * 100`.",
        inputs=STAFF_INPUTS,
    ),
    pct(
        "workers_per_10k_residents",
        "community_workers",
        "population",
        "每万人社区工作者",
        "Workers per 10,000 residents",
        (
            "社区工作者 ÷ 常住人口 × 10000（国家目标18）",
            "Community workers ÷ population × 10,000 (national target 18)",
        ),
        "`community_workers / population * 10000`, with the `population` metric; empty when a "
        "community of the area has its population blank (`population_unreported`).",
        unit=P,
        scale=10_000,
        unreported="population_unreported",
        inputs=STAFF_INPUTS,
    ),
    m(
        "two_committee_members",
        "两委成员",
        "Two-committee members",
        P,
        ("社区两委成员人数", "Members of the two committees"),
        "latest snapshot, summed.",
        inputs=STAFF_INPUTS,
    ),
    m(
        "grid_workers",
        "网格员",
        "Grid workers",
        P,
        ("网格员人数", "Grid workers"),
        "latest snapshot, summed.",
        inputs=STAFF_INPUTS,
    ),
    m(
        "reserve_cadres",
        "后备干部",
        "Reserve cadres",
        P,
        ("后备干部人数", "Reserve cadres"),
        "latest snapshot, summed.",
        inputs=STAFF_INPUTS,
    ),
)
