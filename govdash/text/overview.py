"""Labels of the overview page (总览)."""

TEXT: dict[str, tuple[str, str]] = {
    "ov_title": ("总览", "Overview"),
    "ov_kpis_caption": (
        "{area} · {month}：存量指标为月末数，活动与志愿服务为当月合计",
        "{area} · {month}: stocks at month end; activity and volunteering for the month",
    ),
    "ov_mom": ("环比", "MoM"),
    "ov_yoy": ("同比", "YoY"),
    "ov_reported": (
        "本月 {reported}/{total} 个社区报送了活动数据",
        "{reported} of {total} communities reported activity for the month",
    ),
    "ov_none_reported": (
        "本期尚无数据：本月还没有社区报送活动数据",
        "No data for this period yet: no community has reported activity for the month",
    ),
    "ov_not_reported": ("未报送", "Not reported"),
    "ov_not_reported_help": (
        "本月该区域没有社区报送这项数据：显示为“—”，不是0",
        "No community of the area reported this for the month: shown as —, not 0",
    ),
    "ov_cutoff": ("数据截至 {date}", "Data up to {date}"),
    "ov_compare_title": ("横向比较", "Comparison"),
    "ov_compare_metric": ("比较指标", "Metric to compare"),
    "ov_compare_hint": (
        "点击条形可进入该街道或社区；流量指标为截至所选月份的近12个月合计。",
        "Click a bar to drill down; flows are the 12 months up to the selected month.",
    ),
    "ov_compare_streets": ("各街道(镇)", "Streets/towns"),
    "ov_compare_communities": ("各社区(村)", "Communities"),
    "ov_districts_title": ("各区概况", "Districts at a glance"),
}
