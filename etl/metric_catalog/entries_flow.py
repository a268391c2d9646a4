"""The catalog entries of flows (activity, volunteers), five-star creation and targets."""

from __future__ import annotations

from typing import Any

from etl.metric_catalog.model import (
    ACTIVITY,
    AREA,
    DUE,
    FLOW,
    FLOW_COUNT,
    FLOW_PEAK,
    FLOW_SUM,
    LEVELS,
    OWN,
    PCT,
    PEAK,
    RATIO,
    STAR,
    STAR_COUNT,
    STAR_LEVEL,
    STAR_PCT,
    SUM,
    TARGET,
    TARGET_METRIC,
    YEAR,
    Metric,
    m,
    pct,
)
from etl.metric_catalog.model import (
    STARS as STAR_GROUP,
)
from etl.metric_catalog.model import (
    TARGETS as TARGET_GROUP,
)

ACT = ("areas", "activity")
VOL = ("areas", "volunteers")


def flow(
    name: str, zh: str, en: str, unit: tuple[str, str], meaning: tuple[str, str], rule: str, **kw: Any
) -> Metric:
    dataset = kw.pop("dataset", "activity")
    kw.setdefault("over_periods", FLOW_SUM)
    return m(
        name,
        zh,
        en,
        unit,
        meaning,
        rule,
        groups=(FLOW,),
        dataset=dataset,
        inputs=ACT if dataset == "activity" else VOL,
        **kw,
    )


def per_1k(flow_name: str, zh: str, en: str, unit: tuple[str, str], dataset: str) -> Metric:
    return pct(
        f"{flow_name}_per_1k",
        flow_name,
        "population",
        zh,
        en,
        (
            f"统计期{zh.removeprefix('每千人')} ÷ 常住人口 × 1000",
            f"{en.split(' per')[0]} in the window ÷ population × 1,000",
        ),
        f"`{flow_name} / population * 1000` (one decimal; empty without population, and empty when "
        f"a community of the area has its population blank: `population_unreported`; empty when "
        f"`{flow_name}` is).",
        unit=unit,
        scale=1000,
        unreported="population_unreported",
        groups=(FLOW, AREA),
        dataset=dataset,
        over_periods=FLOW_SUM,
        inputs=ACT if dataset == "activity" else VOL,
    )


def reporting(dataset: str, zh: str, en: str) -> Metric:
    return m(
        f"reporting_communities:{dataset}",
        f"{zh}已报送社区",
        f"Communities reporting {en}",
        ("个", ""),
        (f"统计期内至少报送一行{zh}数据的社区数", f"Communities with at least one {en} row in the window"),
        f"communities of the area (whatever their dates) with at least one `{dataset}` row in the window; "
        f"with `communities` it gives the reporting coverage (226/246 已报送).",
        groups=(FLOW,),
        over_periods=FLOW_COUNT,
        inputs=("areas", dataset),
    )


ACTIVITY_METRICS: tuple[Metric, ...] = (
    reporting("activity", "社区活动", "activity"),
    reporting("volunteers", "志愿服务", "volunteer"),
    flow(
        "activities",
        "活动场次",
        "Activities",
        ("场", ""),
        ("统计期内各类社区服务活动场次合计", "Service activities held in the window, all types"),
        "sum of `activities`.",
    ),
    flow(
        "participants",
        "参与人次",
        "Participants",
        ("人次", ""),
        ("统计期内活动参与人次合计", "Participant attendances in the window"),
        "sum of `participants`.",
    ),
    flow(
        "activities:{kind}",
        "{kind}活动场次",
        "{kind} activities",
        ("场", ""),
        ("统计期内该类活动场次", "Activities of the type in the window"),
        "sum of `activities` of the `activity_type` (0 when the area reported activity but not this type).",
        family=ACTIVITY,
        kind_word=("各类", "By type"),
    ),
    flow(
        "participants:{kind}",
        "{kind}参与人次",
        "{kind} participants",
        ("人次", ""),
        ("统计期内该类活动参与人次", "Participants in activities of the type in the window"),
        "sum of `participants` of the `activity_type`.",
        family=ACTIVITY,
        kind_word=("各类", "By type"),
    ),
    flow(
        "social_org_activities",
        "社会组织活动场次",
        "Social-org activities",
        ("场", ""),
        ("统计期内社会组织开展的活动场次", "Activities held by social organizations in the window"),
        "sum of `social_org_activities`.",
    ),
    flow(
        "social_org_participants",
        "社会组织参与人次",
        "Social-org participants",
        ("人次", ""),
        ("统计期内社会组织活动参与人次", "Participants in social-organization activities in the window"),
        "sum of `social_org_participants`.",
    ),
    flow(
        "volunteer_hours",
        "志愿服务时长",
        "Volunteer hours",
        ("小时", "h"),
        ("统计期内志愿服务时长合计（小时）", "Volunteer service hours in the window"),
        "sum of `volunteer_hours` (two decimals).",
        vtype=SUM,
        dataset="volunteers",
    ),
    flow(
        "active_volunteers",
        "活跃志愿者",
        "Active volunteers",
        ("人", ""),
        (
            "统计期内活跃志愿者最多的一个月的人数（月报数据无法去重，为下限）",
            "Active volunteers in the peak month of the window (a lower bound)",
        ),
        "the peak month's total of `active_volunteers` in the window (monthly data cannot tell distinct "
        "people apart; the peak is a lower bound).",
        dataset="volunteers",
        over_areas=PEAK,
        over_periods=FLOW_PEAK,
    ),
    flow(
        "volunteer_bank_services",
        "积分银行服务",
        "Points-bank services",
        ("人次", ""),
        ("统计期内志愿积分银行服务人次", "Points-bank services in the window"),
        "sum of `bank_services`.",
        dataset="volunteers",
    ),
    flow(
        "points_earned",
        "发放积分",
        "Points earned",
        ("分", ""),
        ("统计期内发放的志愿积分", "Points earned in the window"),
        "sum of `points_earned`.",
        dataset="volunteers",
    ),
    flow(
        "points_redeemed",
        "兑换积分",
        "Points redeemed",
        ("分", ""),
        ("统计期内兑换的志愿积分", "Points redeemed in the window"),
        "sum of `points_redeemed`.",
        dataset="volunteers",
    ),
    flow(
        "returnee_registrations",
        "App报备人数",
        "App registrations",
        ("人", ""),
        ("统计期内通过App报备的人数", "People registered through the app in the window"),
        "sum of `app_registrations`.",
    ),
    per_1k(
        "activities", "每千人活动场次", "Activities per 1,000 residents", ("场/千人", "per 1,000"), "activity"
    ),
    per_1k(
        "participants",
        "每千人参与人次",
        "Participants per 1,000 residents",
        ("人次/千人", "per 1,000"),
        "activity",
    ),
    per_1k(
        "volunteer_hours",
        "每千人志愿服务时长",
        "Volunteer hours per 1,000 residents",
        ("小时/千人", "h per 1,000"),
        "volunteers",
    ),
    per_1k(
        "points_earned",
        "每千人发放积分",
        "Points earned per 1,000 residents",
        ("分/千人", "per 1,000"),
        "volunteers",
    ),
    pct(
        "redeem_rate_pct",
        "points_redeemed",
        "points_earned",
        "积分兑换率",
        "Points redemption rate",
        ("统计期兑换积分 ÷ 发放积分 × 100", "Points redeemed ÷ points earned in the window × 100"),
        "`points_redeemed / points_earned * 100` (empty when no points were earned, and when "
        "`points_redeemed` is empty).",
        groups=(FLOW,),
        dataset="volunteers",
        over_periods=FLOW_SUM,
        inputs=VOL,
        over_areas=RATIO,
    ),
)


def star(name: str, zh: str, en: str, meaning: tuple[str, str], rule: str, **kw: Any) -> Metric:
    kw.setdefault("vtype", STAR_COUNT)
    return m(
        name,
        zh,
        en,
        ("个", "") if kw["vtype"] == STAR_COUNT else ("%", "%"),
        meaning,
        rule,
        groups=(STAR_GROUP,),
        inputs=("areas", "five_star"),
        over_areas=LEVELS,
        over_periods=YEAR,
        **kw,
    )


STAR_METRICS: tuple[Metric, ...] = (
    star(
        "star_level_communities:{kind}",
        "{kind}社区",
        "{kind} communities",
        (
            "最近评定年度处于该星级的社区数（支部过硬星须其余四星齐全才计入）",
            "Communities at the level in the latest assessment year (capstone rule)",
        ),
        "assessed communities at level N, for N = 0..5.",
        family=STAR_LEVEL,
        kind_word=("各星级", "Star-level"),
    ),
    Metric(
        "star_awarded_pct:{kind}",
        STAR_PCT,
        STAR,
        "star_awarded:{kind}",
        "star_assessed:{kind}",
        label=("{kind}摘星率", "{kind} award rate"),
        unit=("%", "%"),
        meaning=(
            "最近评定年度获得该星的社区占参评该星社区的比例（村级星只有行政村参评）",
            "Share of the communities assessed on the star holding it, in the latest assessment year "
            "(only villages are assessed on the village stars)",
        ),
        rule=(
            "over the communities with a row for the star in that year (a village star over the villages), "
            "for every star present in that year's rows of the area, sorted by name."
        ),
        over_areas=RATIO,
        over_periods=YEAR,
        inputs=("areas", "five_star"),
        groups=(STAR_GROUP,),
        kind_word=("各星", "Star"),
    ),
    star(
        "star_awarded:{kind}",
        "获{kind}星社区",
        "{kind}: communities awarded",
        (
            "最近评定年度获得该星的社区数（摘星率的分子）",
            "Communities holding the star in the latest assessment year (the award rate's numerator)",
        ),
        "assessed communities with the star awarded (`awarded`, or blank and score >= the threshold), "
        "for every star present in that year's rows of the area.",
        family=STAR,
        kind_word=("各星", "Star"),
    ),
    star(
        "star_assessed:{kind}",
        "参评{kind}星社区",
        "{kind}: communities assessed",
        (
            "最近评定年度参评该星的社区数（摘星率的分母；村级星只有行政村参评）",
            "Communities assessed on the star in the latest assessment year (the award rate's "
            "denominator; only villages are assessed on the village stars)",
        ),
        "assessed communities with a row for the star in that year.",
        family=STAR,
        kind_word=("各星", "Star"),
    ),
    star(
        "assessed_communities",
        "参评社区",
        "Communities assessed",
        (
            "最近评定年度参与五星支部评定的社区数；未参与创建的地区不显示（并非0）",
            "Communities assessed in the latest assessment year; blank outside the program",
        ),
        "communities with at least one row in that year (every level, 0 included).",
        fact="assessed",
    ),
    star(
        "five_star_communities",
        "五星支部",
        "Five-star branches",
        (
            "最近评定年度的五星支部数；未参与创建的地区不显示（并非0）",
            "Five-star branches in the latest assessment year; blank outside the program",
        ),
        "level 5.",
    ),
    star(
        "four_plus_star_communities",
        "四星及以上支部",
        "Four-star or better",
        ("最近评定年度四星及以上支部数", "Four-star-or-better branches in the latest year"),
        "level >= 4.",
    ),
    star(
        "three_plus_star_communities",
        "三星及以上支部",
        "Three-star or better",
        ("最近评定年度三星及以上支部数", "Three-star-or-better branches in the latest year"),
        "level >= 3: the communities at levels 3, 4 and 5.",
        summed=tuple(f"star_level_communities:{n}" for n in (3, 4, 5)),
    ),
)

TARGET_METRICS: tuple[Metric, ...] = (
    Metric(
        "target:{kind}",
        TARGET,
        TARGET_METRIC,
        label=("目标：{kind}", "Target: {kind}"),
        meaning=(
            "目标表中该区域该指标的目标值：取统计日当天或之后最早到期的一条，均已到期时取最后一条",
            "The area's target: the earliest due on or after the date, else the latest",
        ),
        rule="for each metric with a target row for this exact area, the target whose `due_date` is the "
        "earliest on or after `as_of`; if every due date is before `as_of`, the latest one. Printed last, "
        "sorted by metric name.",
        over_areas=OWN,
        over_periods=DUE,
        inputs=("targets",),
        groups=(TARGET_GROUP,),
    ),
)

FLOWS = (
    (
        "Activity and volunteers",
        "Flows over the window `since < day <= as_of` in whole months (see above). A flow of a dataset that "
        "no community of the area reported in the window is **missing**: empty (CSV) or `null` (JSON), never 0; "
        "`reporting_communities:DATASET` says how many communities reported.",
        ACTIVITY_METRICS,
    ),
)
STARS = (
    (
        "Five-star creation",
        "A star is awarded when `awarded` is true, or when `awarded` is blank and `score >= 80` (setting "
        "`star_threshold`); an explicit `awarded` wins over the score. Level of a community in a year = number "
        "of awarded stars other than `strong_branch` (at most four), plus one when all four others and "
        "`strong_branch` are awarded (capstone rule; 0–5). The assessment year used is the latest "
        "`year <= year(as_of)` with rows for the area's communities; only communities existing on `as_of` are "
        "counted (assessed) in it. An area with no five-star rows in any year `<= year(as_of)` is **not in the "
        "program**: these metrics are empty (CSV) or `null` (JSON), never 0, and no `star_awarded_pct:STAR` "
        "line appears.",
        STAR_METRICS,
    ),
)
TARGETS = (("Targets", "", TARGET_METRICS),)
PCT_TYPES = (PCT, STAR_PCT)
