"""The catalog entries of areas, compounds and organizations, and the catalog's sections.

Facilities, programs and people are in ``entries_facilities``, flows, five-star and targets in
``entries_flow``; ``CATALOG`` is their concatenation in output order (``python -m etl metrics``).
"""

from __future__ import annotations

from etl.metric_catalog.entries_facilities import FACILITIES, PEOPLE, PROGRAMS
from etl.metric_catalog.entries_flow import FLOWS, STARS, TARGETS
from etl.metric_catalog.model import (
    COMMUNITY_TYPE,
    COUNTED,
    KIND,
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


N = ("个", "")
P = ("人", "")
FAC_INPUTS = ("areas", "facilities")
CMP_INPUTS = ("areas", "compounds")
ORG_INPUTS = ("areas", "organizations")

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
        "existing communities of type `village_to_urban` (the same number as "
        "`communities_type:village_to_urban`; a name of its own in the published figures).",
        same_as="communities_type:village_to_urban",
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
        "sum of `households` over existing communities; empty when none has it filled in "
        "(`households_unreported` counts those without it).",
        unreported="households_unreported",
    ),
    m(
        "households_unreported",
        "未填报户数的社区",
        "Communities without households",
        N,
        ("未填报户数的现有社区数", "Existing communities whose households are not filled in"),
        "existing communities with `households` empty.",
    ),
    m(
        "population",
        "常住人口",
        "Population",
        P,
        ("各社区常住人口之和", "Residents, summed over communities"),
        "sum of `population` over existing communities; empty when none has it filled in "
        "(`population_unreported` counts those without it).",
        unreported="population_unreported",
    ),
    m(
        "population_unreported",
        "未填报常住人口的社区",
        "Communities without population",
        N,
        ("未填报常住人口的现有社区数", "Existing communities whose population is not filled in"),
        "existing communities with `population` empty.",
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
        ("统计年度前完成改造的老旧小区数", "Old compounds renovated by the year"),
        "compounds with `is_old_compound` and `renovated_year <= year(as_of)`.",
        inputs=CMP_INPUTS,
    ),
    m(
        "compounds_soe_property",
        "国企兜底物业小区",
        "Compounds with SOE fallback property service",
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
        "sum of `members` of kind `social_org`; empty when none has it filled in "
        "(`social_org_members_unreported` counts those without it).",
        inputs=ORG_INPUTS,
        unreported="social_org_members_unreported",
    ),
    m(
        "social_org_members_unreported",
        "未填报成员数的社区社会组织",
        "Social organizations without members",
        N,
        ("在册但未填报成员数的社区社会组织数", "Active social organizations whose members are not filled in"),
        "active organizations of kind `social_org` with `members` empty.",
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
        "volunteer_banks",
        "志愿积分银行",
        "Volunteer points banks",
        N,
        (
            "统计日在本区域登记在册的志愿积分银行数",
            "Volunteer points banks registered in the area, active on the date",
        ),
        "organizations of kind `volunteer_points_bank`.",
        inputs=ORG_INPUTS,
    ),
    m(
        "volunteer_bank_members",
        "志愿积分银行储户",
        "Volunteer points-bank members",
        ("户", ""),
        ("志愿积分银行的储户数", "Members of the volunteer points banks"),
        "sum of `members` of kind `volunteer_points_bank`; empty when none has it filled in "
        "(`volunteer_bank_members_unreported` counts those without it), and empty when no bank is "
        "registered in the area (`volunteer_banks` 0): a bank registered above it (the district's) "
        "serves its communities, and its members are not split to them.",
        inputs=ORG_INPUTS,
        unreported="volunteer_bank_members_unreported",
        needs="volunteer_banks",
    ),
    m(
        "volunteer_bank_members_unreported",
        "未填报储户数的志愿积分银行",
        "Points banks without members",
        N,
        (
            "在册但未填报储户数的志愿积分银行数",
            "Active volunteer points banks whose members are not filled in",
        ),
        "active organizations of kind `volunteer_points_bank` with `members` empty.",
        inputs=ORG_INPUTS,
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
