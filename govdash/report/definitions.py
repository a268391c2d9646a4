"""Meanings of the metrics a report shows (its last slide), after the catalog and ``docs/metric-rules.md``.

Keyed by the base metric (the part before ``:KIND``); labels come from ``govdash.metric_labels``
(a ``:KIND`` metric is labelled with a generic kind word, e.g. 各类设施覆盖率).
"""

from __future__ import annotations

from govdash.metric_labels import BASE, metric_label, split

# base metric -> (meaning zh, meaning en)
MEANINGS: dict[str, tuple[str, str]] = {
    "streets": ("区域内的街道、镇、乡数", "Streets and towns in the area"),
    "communities": ("统计日存续的社区和村（社区/村委会）数", "Communities and villages existing on the date"),
    "population": ("各社区常住人口之和", "Residents, summed over communities"),
    "social_orgs": ("统计日在册的社区社会组织数", "Community social organizations active on the date"),
    "compound_branch_coverage_pct": (
        "已建立党支部的小区 ÷ 小区总数 × 100",
        "Compounds with a party branch ÷ compounds × 100",
    ),
    "activities": ("统计期内各类社区服务活动场次合计", "Service activities held in the window, all types"),
    "participants": ("统计期内活动参与人次合计", "Participant attendances in the window"),
    "volunteer_hours": ("统计期内志愿服务时长合计（小时）", "Volunteer service hours in the window"),
    "active_volunteers": (
        "统计期内活跃志愿者最多的一个月的人数（月报数据无法去重，为下限）",
        "Active volunteers in the peak month of the window (a lower bound)",
    ),
    "activities_per_1k": (
        "统计期活动场次 ÷ 常住人口 × 1000",
        "Activities in the window ÷ population × 1,000",
    ),
    "coverage_pct": (
        "至少有一处该类已运营设施的社区占比（%）",
        "Share of communities with at least one open facility of the kind",
    ),
    "walk_coverage_pct": (
        "1000米（15分钟步行，GB 50180-2018）内有该类已运营设施的小区占比",
        "Share of compounds within 1,000 m (15-minute walk) of an open facility of the kind",
    ),
    "communities_meeting_social_org_minimum_pct": (
        "社区社会组织达标（城市社区≥10个，村改居/行政村≥5个）的社区占比",
        "Share of communities with ≥10 social organizations (urban) or ≥5 (village-to-urban, village)",
    ),
    "communities_premises_ge_500m2_pct": (
        "办公服务用房≥500平方米的社区占比",
        "Share of communities whose premises reach 500 m²",
    ),
    "communities_premises_ge_600m2_pct": (
        "办公服务用房≥600平方米的社区占比",
        "Share of communities whose premises reach 600 m²",
    ),
    "communities_premises_per_100hh_pct": (
        "办公服务用房达到每百户30平方米的社区占比（看板补充指标）",
        "Share of communities with ≥30 m² of premises per 100 households",
    ),
    "workers_per_10k_residents": (
        "社区工作者 ÷ 常住人口 × 10000（国家目标18）",
        "Community workers ÷ population × 10,000 (national target 18)",
    ),
    "certified_share_pct": (
        "持社会工作职业资格的社区工作者占比（国家目标50%）",
        "Share of community workers with the social-work qualification (target 50%)",
    ),
    "facilities_open": ("统计日已运营的该类设施数", "Facilities of the kind open on the date"),
    "program_coverage_pct": ("统计日参加该项目的社区占比", "Share of communities in the program on the date"),
    "star_level_communities": (
        "最近评定年度处于该星级的社区数（支部过硬星须其余四星齐全才计入）",
        "Communities at the level in the latest assessment year (capstone rule)",
    ),
    "star_awarded_pct": (
        "最近评定年度获得该星的社区占参评社区的比例",
        "Share of assessed communities holding the star in the latest assessment year",
    ),
    "five_star_communities": (
        "最近评定年度的五星支部数；未参与创建的地区不显示（并非0）",
        "Five-star branches in the latest assessment year; blank outside the program",
    ),
    "four_plus_star_communities": (
        "最近评定年度四星及以上支部数",
        "Four-star-or-better branches in the latest year",
    ),
    "target": (
        "目标表中该区域该指标的目标值：取统计日当天或之后最早到期的一条，均已到期时取最后一条",
        "The area's target: the earliest due on or after the date, else the latest",
    ),
    # The other catalog metrics (the 全部指标 page searches every metric by its meaning)
    "communities_urban": (
        "统计日存续的城市社区数（老旧、商品房、单位型、混合型）",
        "Urban communities (old, commercial, work-unit, mixed) existing on the date",
    ),
    "communities_village_to_urban": ("统计日存续的村改居社区数", "Village-to-urban communities on the date"),
    "communities_type": ("统计日存续的该类型社区数", "Communities of the type existing on the date"),
    "households": ("各社区户数之和", "Households, summed over communities"),
    "compounds": ("统计日已建成的小区数", "Residential compounds built by the date"),
    "compound_party_branches": (
        "统计日已成立小区党支部的小区数",
        "Compounds whose party branch was founded by the date",
    ),
    "compounds_upgraded_old": (
        "改造年份不晚于统计年度的老旧小区数",
        "Old compounds renovated by the year of the date",
    ),
    "compounds_soe_property": (
        "由国有企业兜底提供物业服务的小区数",
        "Compounds whose property service is a state-owned fallback",
    ),
    "community_party_orgs": ("统计日在册的社区党组织数", "Community party organizations on the date"),
    "social_org_members": (
        "统计日在册的社区社会组织成员数之和",
        "Members of the community social organizations on the date",
    ),
    "professional_social_orgs": (
        "统计日在册的专业社会工作组织数",
        "Professional social-work organizations on the date",
    ),
    "volunteer_bank_members": (
        "志愿积分银行登记的储户（成员）数之和",
        "Members (depositors) of the volunteer points banks",
    ),
    "facilities_planned": (
        "统计日列入计划或在建、尚未运营的该类设施数",
        "Facilities of the kind planned or under construction, not yet open",
    ),
    "facilities_rebuilt": (
        "统计日前已重建或改扩建的该类设施数",
        "Facilities of the kind rebuilt or extended by the date",
    ),
    "facility_area_m2_open": (
        "已运营的该类设施面积之和（平方米）",
        "Floor area of the open facilities of the kind (m²)",
    ),
    "facility_capacity_open": (
        "已运营的该类设施服务能力之和（人）",
        "Capacity of the open facilities of the kind (persons)",
    ),
    "facility_investment_wan": (
        "统计日前已建成或改扩建的该类设施投资之和（万元）",
        "Investment in facilities of the kind opened or rebuilt by the date (10k CNY)",
    ),
    "communities_premises_gt_1000m2_pct": (
        "办公服务用房超过1000平方米的社区占比",
        "Share of communities whose premises exceed 1,000 m²",
    ),
    "program_communities": ("统计日参加该项目的社区数", "Communities in the program on the date"),
    "community_workers": (
        "各社区最近一期报送的社区工作者人数之和",
        "Community workers in each community's latest staff report, summed",
    ),
    "certified_social_workers": (
        "各社区最近一期报送的持证社工人数之和",
        "Certified social workers in the latest staff reports, summed",
    ),
    "two_committee_members": (
        "各社区最近一期报送的两委成员人数之和",
        "Two-committee members in the latest staff reports, summed",
    ),
    "grid_workers": (
        "各社区最近一期报送的网格员人数之和",
        "Grid workers in the latest staff reports, summed",
    ),
    "reserve_cadres": (
        "各社区最近一期报送的后备干部人数之和",
        "Reserve cadres in the latest staff reports, summed",
    ),
    "social_org_activities": (
        "统计期内社会组织开展的活动场次合计",
        "Activities run by social organizations in the window",
    ),
    "social_org_participants": (
        "统计期内社会组织活动参与人次合计",
        "Participant attendances at social-organization activities in the window",
    ),
    "volunteer_bank_services": (
        "统计期内志愿积分银行服务人次合计",
        "People served by the volunteer points banks in the window",
    ),
    "points_earned": ("统计期内发放的志愿积分合计", "Volunteer points earned in the window"),
    "points_redeemed": ("统计期内兑换的志愿积分合计", "Volunteer points redeemed in the window"),
    "returnee_registrations": (
        "统计期内通过App报备的人数合计",
        "People who registered through the app in the window",
    ),
}

# Word used for ``{kind}`` when a ``:KIND`` metric is defined once for all its kinds
KIND_WORDS: dict[str, tuple[str, str]] = {
    "coverage_pct": ("各类设施", "Facility"),
    "walk_coverage_pct": ("各类设施", "Facility"),
    "facilities_open": ("各类设施", "Facilities"),
    "program_coverage_pct": ("各项目", "Program"),
    "star_level_communities": ("各星级", "Star-level"),
    "star_awarded_pct": ("各星", "Star"),
    "target": ("", ""),
}
EXTRA_LABELS: dict[str, tuple[str, str]] = {
    "activities_per_1k": ("每千人活动场次", "Activities per 1,000 residents"),
    "communities_premises_per_100hh_pct": (
        "用房达到每百户30㎡社区占比",
        "Premises ≥30 m² per 100 households",
    ),
}


def base_label(base: str, lang: str) -> str:
    """The label of a base metric, with a generic kind word for ``:KIND`` metrics."""
    if base in EXTRA_LABELS:
        zh, en = EXTRA_LABELS[base]
        return en if lang == "en" else zh
    if base == "target":
        return "目标值" if lang == "zh" else "Target"
    if base in KIND_WORDS and "{kind}" in BASE.get(base, ("",) * 4)[0]:
        zh, en = KIND_WORDS[base]
        entry = BASE[base]
        return (entry[1] if lang == "en" else entry[0]).format(kind=en if lang == "en" else zh).strip()
    return metric_label(base, lang)


def definition_rows(metrics: list[str] | tuple[str, ...], lang: str) -> list[tuple[str, str]]:
    """(label, meaning) of each base metric among ``metrics``, in first-use order, once each."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for metric in metrics:
        base = split(metric)[0]
        if base in seen or base not in MEANINGS:
            continue
        seen.add(base)
        zh, en = MEANINGS[base]
        rows.append((base_label(base, lang), en if lang == "en" else zh))
    return rows
