"""Labels and units of every catalog metric (Chinese first), and of the kinds in ``name:KIND``.

Kind labels come from the dataset registry (the first Chinese label of each value), so a kind added
there is labelled everywhere; a kind only found in uploaded data shows its code.
"""

from __future__ import annotations

from etl.registry import ACTIVITY_TYPES, COMMUNITY_TYPES, FACILITY_KINDS, PROGRAM_KINDS, STARS

# base metric -> (zh, en, unit_zh, unit_en)
BASE: dict[str, tuple[str, str, str, str]] = {
    "streets": ("街道(镇)", "Streets/towns", "个", ""),
    "communities": ("社区(村)", "Communities", "个", ""),
    "communities_urban": ("城市社区", "Urban communities", "个", ""),
    "communities_village_to_urban": ("村改居社区", "Village-to-urban communities", "个", ""),
    "communities_type": ("{kind}社区", "{kind} communities", "个", ""),
    "households": ("户数", "Households", "户", ""),
    "population": ("常住人口", "Population", "人", ""),
    "compounds": ("小区", "Compounds", "个", ""),
    "compound_party_branches": ("小区党支部", "Compound party branches", "个", ""),
    "compound_branch_coverage_pct": ("小区党支部覆盖率", "Compound party-branch coverage", "%", "%"),
    "compounds_upgraded_old": ("已改造老旧小区", "Old compounds renovated", "个", ""),
    "compounds_soe_property": (
        "国企兜底物业小区",
        "Compounds with state-owned fallback property service",
        "个",
        "",
    ),
    "community_party_orgs": ("社区党组织", "Community party organizations", "个", ""),
    "social_orgs": ("社区社会组织", "Community social organizations", "个", ""),
    "social_org_members": ("社会组织成员", "Social-organization members", "人", ""),
    "communities_meeting_social_org_minimum_pct": (
        "社会组织数量达标社区占比",
        "Communities meeting the social-org minimum",
        "%",
        "%",
    ),
    "professional_social_orgs": ("专业社会组织", "Professional social-work organizations", "个", ""),
    "volunteer_bank_members": ("志愿积分银行储户", "Volunteer points-bank members", "户", ""),
    "facilities_open": ("已运营{kind}", "{kind} open", "个", ""),
    "facilities_planned": ("规划在建{kind}", "{kind} planned", "个", ""),
    "facilities_rebuilt": ("改扩建{kind}", "{kind} rebuilt", "个", ""),
    "facility_area_m2_open": ("{kind}面积", "{kind} area", "平方米", "m²"),
    "facility_capacity_open": ("{kind}服务能力", "{kind} capacity", "人", "persons"),
    "facility_investment_wan": ("{kind}投资", "{kind} investment", "万元", "10k CNY"),
    "coverage_pct": ("{kind}覆盖率", "{kind} coverage", "%", "%"),
    "communities_premises_ge_500m2_pct": ("用房≥500㎡社区占比", "Premises ≥500 m²", "%", "%"),
    "communities_premises_ge_600m2_pct": ("用房≥600㎡社区占比", "Premises ≥600 m²", "%", "%"),
    "communities_premises_gt_1000m2_pct": ("用房>1000㎡社区占比", "Premises >1000 m²", "%", "%"),
    "walk_coverage_pct": ("{kind}15分钟步行覆盖率", "{kind} 15-minute walk coverage", "%", "%"),
    "program_communities": ("{kind}社区数", "Communities in {kind}", "个", ""),
    "program_coverage_pct": ("{kind}覆盖率", "{kind} coverage", "%", "%"),
    "community_workers": ("社区工作者", "Community workers", "人", ""),
    "certified_social_workers": ("持证社工", "Certified social workers", "人", ""),
    "certified_share_pct": ("持证社工占比", "Certified share", "%", "%"),
    "workers_per_10k_residents": ("每万人社区工作者", "Workers per 10,000 residents", "人", ""),
    "two_committee_members": ("两委成员", "Two-committee members", "人", ""),
    "grid_workers": ("网格员", "Grid workers", "人", ""),
    "reserve_cadres": ("后备干部", "Reserve cadres", "人", ""),
    "activities": ("活动场次", "Activities", "场", ""),
    "participants": ("参与人次", "Participants", "人次", ""),
    "social_org_activities": ("社会组织活动场次", "Social-org activities", "场", ""),
    "social_org_participants": ("社会组织参与人次", "Social-org participants", "人次", ""),
    "volunteer_hours": ("志愿服务时长", "Volunteer hours", "小时", "h"),
    "active_volunteers": ("活跃志愿者", "Active volunteers", "人", ""),
    "volunteer_bank_services": ("积分银行服务", "Points-bank services", "人次", ""),
    "points_earned": ("发放积分", "Points earned", "分", ""),
    "points_redeemed": ("兑换积分", "Points redeemed", "分", ""),
    "returnee_registrations": ("App报备人数", "App registrations", "人", ""),
    "star_level_communities": ("{kind}社区", "{kind} communities", "个", ""),
    "star_awarded_pct": ("{kind}摘星率", "{kind} award rate", "%", "%"),
    "five_star_communities": ("五星支部", "Five-star branches", "个", ""),
    "four_plus_star_communities": ("四星及以上支部", "Four-star or better", "个", ""),
    "target": ("目标：{kind}", "Target: {kind}", "", ""),
}

STAR_LEVEL_ZH = {"0": "未达星", "1": "一星", "2": "二星", "3": "三星", "4": "四星", "5": "五星"}
STAR_LEVEL_EN = {str(n): f"{n}-star" if n else "No star" for n in range(6)}

KIND_LABELS: dict[str, tuple[str, ...]] = {
    **COMMUNITY_TYPES,
    **FACILITY_KINDS,
    **PROGRAM_KINDS,
    **ACTIVITY_TYPES,
    **STARS,
}


def kind_label(kind: str, lang: str = "zh") -> str:
    if kind in STAR_LEVEL_ZH:
        return STAR_LEVEL_EN[kind] if lang == "en" else STAR_LEVEL_ZH[kind]
    if lang == "en":
        return kind.replace("_", " ")
    labels = KIND_LABELS.get(kind)
    return labels[0] if labels else kind


def split(metric: str) -> tuple[str, str | None, str | None]:
    """``coverage_pct:sports_park:urban`` → (``coverage_pct``, ``sports_park``, ``urban``)."""
    parts = metric.split(":")
    return parts[0], (parts[1] if len(parts) > 1 else None), (parts[2] if len(parts) > 2 else None)


def metric_label(metric: str, lang: str = "zh") -> str:
    """Human label: ``coverage_pct:sports_park:urban`` → ``社区体育公园覆盖率（城市社区）``."""
    base, kind, qualifier = split(metric)
    if base == "target" and kind:
        inner = metric_label(metric.split(":", 1)[1], lang)
        return f"目标：{inner}" if lang == "zh" else f"Target: {inner}"
    zh, en, _, _ = BASE.get(base, (base, base, "", ""))
    text = (en if lang == "en" else zh).format(kind=kind_label(kind, lang) if kind else "")
    if qualifier == "urban":
        text += "（城市社区）" if lang == "zh" else " (urban)"
    return text


def metric_unit(metric: str, lang: str = "zh") -> str:
    base = split(metric)[0]
    if base == "target":
        return metric_unit(metric.split(":", 1)[1], lang)
    _, _, zh, en = BASE.get(base, ("", "", "", ""))
    return en if lang == "en" else zh


def is_pct(metric: str) -> bool:
    return split(metric)[0].endswith("_pct") or metric_unit(metric) == "%"
