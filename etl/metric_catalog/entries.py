"""The catalog entries of areas, compounds, organizations, facilities, programs and people (stocks).

The flows, five-star and target entries are in ``etl.metric_catalog.entries_flow``; ``CATALOG`` is
their concatenation in output order (the order of ``python -m etl metrics``).
"""

from __future__ import annotations

from typing import Any

from etl.metric_catalog.entries_flow import FLOWS, STARS, TARGETS
from etl.metric_catalog.model import (
    AREA,
    COMMUNITY_TYPE,
    COUNTED,
    FACILITY,
    KIND,
    PROGRAM,
    SUM,
    WALK,
    Metric,
    m,
    pct,
)

# The social-organisation minimum (社区社会组织数量): 10 per urban community, 5 per 村改居/行政村.
RURAL_TYPES = ("village_to_urban", "village")
SOCIAL_ORG_MINIMUM = {"urban": 10, "rural": 5}


def social_org_minimum(community_type: str | None) -> int:
    """Social organizations a community of this type needs (a blank or other type needs 10)."""
    return SOCIAL_ORG_MINIMUM["rural" if community_type in RURAL_TYPES else "urban"]


PER_HH_M2 = 30  # m² of premises per 100 households (看板补充指标)

FACILITY_WORD = ("各类设施", "Facility")
PROGRAM_WORD = ("各项目", "Program")


N = ("个", "")
P = ("人", "")
FAC_INPUTS = ("areas", "facilities")
CMP_INPUTS = ("areas", "compounds")
ORG_INPUTS = ("areas", "organizations")
STAFF_INPUTS = ("areas", "staff")

AREAS: tuple[Metric, ...] = (
    m(
        "streets",
        "街道(镇)",
        "Streets/towns",
        N,
        ("区域内的街道、镇、乡数", "Streets and towns in the area"),
        "areas with `level='street'` below the area (a street counts itself), existing on `as_of`.",
    ),
    m(
        "communities",
        "社区(村)",
        "Communities",
        N,
        ("统计日存续的社区和村（社区/村委会）数", "Communities and villages existing on the date"),
        "rows of `areas` with `level='community'` below the area, existing on `as_of`.",
    ),
    m(
        "communities_urban",
        "城市社区",
        "Urban communities",
        N,
        (
            "统计日存续的城市社区（老旧、商品房、单位型、混合）数",
            "Urban communities (old, commercial, work-unit, mixed)",
        ),
        "existing communities of type old, commercial, work_unit or mixed.",
    ),
    m(
        "communities_village_to_urban",
        "村改居社区",
        "Village-to-urban communities",
        N,
        ("统计日存续的村改居社区数", "Village-to-urban communities existing on the date"),
        "existing communities of type `village_to_urban`.",
    ),
    m(
        "communities_type:{kind}",
        "{kind}社区",
        "{kind} communities",
        N,
        ("统计日存续的该类型社区数", "Existing communities of the type"),
        "existing communities of the type, one metric per type present in the data.",
        family=COMMUNITY_TYPE,
        groups=(KIND,),
        kind_word=("各类型", "Type"),
    ),
    m(
        "households",
        "户数",
        "Households",
        ("户", ""),
        ("各社区户数之和", "Households, summed over communities"),
        "sum of `households` over existing communities.",
    ),
    m(
        "population",
        "常住人口",
        "Population",
        P,
        ("各社区常住人口之和", "Residents, summed over communities"),
        "sum of `population` over existing communities.",
    ),
    m(
        "compounds",
        "小区",
        "Compounds",
        N,
        ("统计日已建成的小区数", "Compounds built by the date"),
        "compounds of existing communities with `built_year` null or `<= year(as_of)`.",
        inputs=CMP_INPUTS,
    ),
    m(
        "compound_party_branches",
        "小区党支部",
        "Compound party branches",
        N,
        ("已建立党支部的小区数", "Compounds with a party branch"),
        "those compounds with `party_branch_founded_date <= as_of`.",
        inputs=CMP_INPUTS,
    ),
    pct(
        "compound_branch_coverage_pct",
        "compound_party_branches",
        "compounds",
        "小区党支部覆盖率",
        "Compound party-branch coverage",
        ("已建立党支部的小区 ÷ 小区总数 × 100", "Compounds with a party branch ÷ compounds × 100"),
        "`compound_party_branches / compounds * 100`.",
        inputs=CMP_INPUTS,
    ),
    m(
        "compounds_upgraded_old",
        "已改造老旧小区",
        "Old compounds renovated",
        N,
        ("统计年度前已完成改造的老旧小区数", "Old compounds renovated by the year"),
        "compounds with `is_old_compound` and `renovated_year <= year(as_of)`.",
        inputs=CMP_INPUTS,
    ),
    m(
        "compounds_soe_property",
        "国企兜底物业小区",
        "Compounds with state-owned fallback property service",
        N,
        ("由国企兜底提供物业服务的小区数", "Compounds served by a state-owned fallback property company"),
        "compounds with `property_service = 'soe_fallback'`.",
        inputs=CMP_INPUTS,
    ),
)

ORGS: tuple[Metric, ...] = (
    m(
        "community_party_orgs",
        "社区党组织",
        "Community party organizations",
        N,
        ("统计日在册的社区党组织数", "Community party organizations active on the date"),
        "organizations of kind `community_party_org`.",
        inputs=ORG_INPUTS,
    ),
    m(
        "social_orgs",
        "社区社会组织",
        "Community social organizations",
        N,
        ("统计日在册的社区社会组织数", "Community social organizations active on the date"),
        "organizations of kind `social_org`.",
        inputs=ORG_INPUTS,
    ),
    m(
        "social_org_members",
        "社会组织成员",
        "Social-organization members",
        P,
        ("在册社区社会组织的成员数之和", "Members of the active social organizations"),
        "sum of `members` of kind `social_org`.",
        inputs=ORG_INPUTS,
    ),
    pct(
        "communities_meeting_social_org_minimum_pct",
        "communities_meeting_min",
        "communities",
        "社会组织数量达标社区占比",
        "Communities meeting the social-org minimum",
        (
            f"社区社会组织达标（城市社区≥{SOCIAL_ORG_MINIMUM['urban']}个，村改居/行政村≥{SOCIAL_ORG_MINIMUM['rural']}个）的社区占比",
            f"Share of communities with ≥{SOCIAL_ORG_MINIMUM['urban']} social organizations (urban) or "
            f"≥{SOCIAL_ORG_MINIMUM['rural']} (village-to-urban, village)",
        ),
        f"share of existing communities with at least {SOCIAL_ORG_MINIMUM['urban']} social orgs (urban types) "
        f"or at least {SOCIAL_ORG_MINIMUM['rural']} (`village_to_urban`, `village`). Only the social orgs "
        f"registered at the community itself count; a community of another or blank type needs "
        f"{SOCIAL_ORG_MINIMUM['urban']}.",
        over_areas=COUNTED,
        inputs=ORG_INPUTS,
    ),
    m(
        "professional_social_orgs",
        "专业社会组织",
        "Professional social-work organizations",
        N,
        ("统计日在册的专业社会工作组织数", "Professional social-work organizations active on the date"),
        "organizations of kind `professional_social_org`.",
        inputs=ORG_INPUTS,
    ),
    m(
        "volunteer_bank_members",
        "志愿积分银行储户",
        "Volunteer points-bank members",
        ("户", ""),
        ("志愿积分银行的储户数", "Members of the volunteer points banks"),
        "sum of `members` of kind `volunteer_points_bank`.",
        inputs=ORG_INPUTS,
    ),
)


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
        "sum of `area_m2` over the open ones.",
        vtype=SUM,
    ),
    fac(
        "facility_capacity_open:{kind}",
        "{kind}服务能力",
        "{kind} capacity",
        ("人", "persons"),
        ("已运营该类设施的服务能力之和", "Capacity of the open facilities of the kind"),
        "sum of `capacity_persons` over the open ones.",
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
        "sum of `investment_wan` over facilities opened or rebuilt by `as_of`.",
        vtype=SUM,
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
    pct(
        "communities_premises_ge_500m2_pct",
        "premises_ge_500",
        "communities",
        "用房≥500㎡社区占比",
        "Premises ≥500 m²",
        ("办公服务用房≥500平方米的社区占比", "Share of communities whose premises reach 500 m²"),
        "share of existing communities with `premises_area_m2 >= 500` (a blank area does not reach the "
        "size but stays in the denominator).",
        over_areas=COUNTED,
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
        f"{PER_HH_M2} * households`.",
        over_areas=COUNTED,
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
        "`community_workers / population * 10000`, with the `population` metric.",
        unit=P,
        scale=10_000,
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

# (title, introduction, entries): the sections of docs/metric-rules.md, in catalog order
SECTIONS: tuple[tuple[str, str, tuple[Metric, ...]], ...] = (
    ("Areas and communities", "", AREAS),
    (
        "Organizations",
        "On `as_of`: `founded_date` null or `<= as_of`, `closed_date` null or `> as_of`. The area of an "
        "organization is its `area_code`: an organization registered at a community counts for that "
        "community and every area above it; one registered at a street or district counts only there and above.",
        ORGS,
    ),
    (
        "Facilities",
        "A facility is **open** on `as_of` when `opened_date <= as_of` and (`closed_date` null or `> as_of`). "
        "The facilities of an area are those registered at it or at any area below it (as for "
        "organizations). Every kind present in the data produces its `:KIND` metrics.",
        FACILITIES,
    ),
    ("Programs", "", PROGRAMS),
    (
        "People",
        "The latest `staff` snapshot `<= as_of` of each existing community, summed. A blank cell in the "
        "latest snapshot counts 0; older snapshots are not used to fill it.",
        PEOPLE,
    ),
    *FLOWS,
    *STARS,
    *TARGETS,
)
CATALOG: tuple[Metric, ...] = tuple(metric for _, _, entries in SECTIONS for metric in entries)
