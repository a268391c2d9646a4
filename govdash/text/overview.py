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
    "ov_compare_basis": ("口径", "Basis"),
    "ov_basis_per_1k": ("每千人", "Per 1,000 residents"),
    "ov_basis_per_community": ("每社区", "Per community"),
    "ov_basis_absolute": ("绝对值", "Absolute"),
    "ov_basis_as_is": ("指标值", "the value itself"),
    "ov_compare_hint": (
        "点击条形可进入该街道或社区。排名口径：{basis}（与志愿服务页、汇报“短板”页同一规则）；"
        "虚线为{area}平均，红色为后{n}位且低于平均。",
        "Click a bar to drill down. Ranked on {basis} (the rule of the volunteering page and the "
        "report's laggards slide); the dashed line is the {area} average, red bars the bottom {n} below it.",
    ),
    "ov_compare_hint_absolute": (
        "点击条形可进入该街道或社区。绝对值随人口规模而变，不作排名；公平比较请选“{fair}”。",
        "Click a bar to drill down. Absolute values grow with population and are not ranked; "
        "choose “{fair}” for a fair comparison.",
    ),
    "ov_compare_hint_size": (
        "点击条形可进入该街道或社区。规模指标，不作排名。",
        "Click a bar to drill down. A size, not ranked.",
    ),
    "ov_average": ("{area}平均 {value}", "{area} average {value}"),
    "ov_compare_none": ("所选时期没有可比较的数据。", "Nothing to compare for this period."),
    "ov_compare_streets": ("各街道(镇)", "Streets/towns"),
    "ov_compare_communities": ("各社区(村)", "Communities"),
    "ov_districts_title": ("各区概况", "Districts at a glance"),
    "ov_yoy_flat": ("同比持平", "YoY: no change"),
    "ov_mom_flat": ("环比持平", "MoM: no change"),
    "ov_yoy_new": ("同比新增（去年同期为0）", "YoY: new (0 a year ago)"),
    "ov_mom_new": ("环比新增（上月为0）", "MoM: new (0 last month)"),
    "ov_uneven": ("报送社区数不同", "different reporters"),
    "ov_uneven_help": (
        "本月与对比月份报送该数据的社区数不同（本月 {now}，上月 {prev_month}，去年同月 {prev_year}），"
        "增减含报送变化，不是同口径比较。",
        "A different number of communities reported this dataset this month and in the month compared "
        "(now {now}, last month {prev_month}, a year ago {prev_year}): the change includes reporting, "
        "it is not like for like.",
    ),
    "ov_partial": ("{reported}/{total} 个社区已报送", "{reported}/{total} communities reported"),
    "ov_unreported": ("{what} {n} 个未计入", "{what}: {n}, not counted"),
    # needs attention
    "ov_attention_title": ("需关注", "Needs attention"),
    "ov_att_overdue_header": ("逾期目标", "Overdue targets"),
    "ov_att_overdue": (
        "现为 {actual}，目标 {target}，{due}到期",
        "Now {actual}, target {target}, due {due}",
    ),
    "ov_att_laggard_header": (
        "每千人{metric}靠后（近12个月）",
        "Lowest {metric} per 1,000 residents (12 months)",
    ),
    "ov_att_laggard": (
        "{name}：{value}（平均 {average}）",
        "{name}: {value} (avg {average})",
    ),
    "ov_att_missing_header": ("未报送（{month}）", "Not reported ({month})"),
    "ov_att_missing": (
        "{dataset}：{missing}/{total} 个社区未报",
        "{dataset}: {missing} of {total} missing",
    ),
    "ov_att_none_overdue": ("没有逾期目标", "No overdue targets"),
    "ov_att_none_laggard": ("没有低于平均的靠后区域", "No sub-area below the average"),
    "ov_att_none_missing": ("活动与志愿服务数据均已报送", "Activity and volunteering all reported"),
    "ov_att_more": ("另有 {n} 项", "{n} more"),
}
