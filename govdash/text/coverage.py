"""Labels of the coverage page (覆盖)."""

TEXT: dict[str, tuple[str, str]] = {
    "cov_title": ("设施与服务覆盖", "Facility and service coverage"),
    "cov_intro": (
        "对照国家标准和本地目标，查看社区组织、用房、人员、设施和工作项目的覆盖情况；点击图中的街道或社区可逐级下钻。",
        "Coverage of organizations, premises, staff, facilities and programs against national "
        "standards and local targets; click a street or community in a chart to drill down.",
    ),
    "cov_type_note": (
        "已按社区类型“{kind}”筛选：街道和区的数值由该类型社区汇总计算，目标值为全区（街道）目标。",
        "Filtered to {kind} communities: street and district figures are recomputed over "
        "those communities; targets are those of the whole area.",
    ),
    "cov_no_communities": ("所选范围内没有符合条件的社区。", "No communities match the selection."),
    # the page's sections (lazy tabs); the comparison's tab is named by cov_section_by_street/community
    "cov_tab_section_standards": ("达标情况", "Scorecard"),
    "cov_tab_section_kind": ("按设施类别", "By facility kind"),
    "cov_tab_section_building": ("建设与工作力量", "Building and staff"),
    # scorecard
    "cov_section_standards": ("标准与目标达标情况", "Standards and targets"),
    "cov_col_indicator": ("指标", "Indicator"),
    "cov_col_value": ("当前值", "Value"),
    "cov_col_rule": ("标准", "Standard"),
    "cov_col_target": ("目标（完成时限）", "Target (due)"),
    "cov_col_status": ("状态", "Status"),
    "cov_legend": (
        "状态对照所选区域的目标（无目标时对照标准）："
        "达标 = 已达到；接近 = 达到八成以上；未达标 = 不足八成；逾期 = 完成时限已过仍未达到。",
        "Status against the selected area's target (the standard when no target is set): "
        "met = reached; close = at least 80%; below = under 80%; overdue = due date passed, not reached.",
    ),
    "cov_std_social_org": (
        "城市社区≥10个、村改居/行政村≥5个社区社会组织（民发〔2017〕191号）",
        "≥10 social organizations per urban community, ≥5 per village-to-urban or village community",
    ),
    "cov_std_premises_500": ("社区办公服务用房≥500平方米", "Office and service premises ≥500 m²"),
    "cov_std_premises_600": ("社区办公服务用房≥600平方米（芝罘区标准）", "Premises ≥600 m² (Zhifu standard)"),
    "cov_std_per_hh": ("每百户不少于30平方米（“十四五”城乡社区服务体系规划）", "≥30 m² per 100 households"),
    "cov_std_workers": (
        "每万城镇常住人口配备18名社区工作者（2025年）",
        "18 community workers per 10,000 residents (2025)",
    ),
    "cov_std_certified": ("持证社工占比≥50%", "≥50% certified social workers"),
    "cov_std_branch": ("小区党支部应建尽建（全覆盖）", "A party branch in every compound"),
    "cov_std_psc": (
        "城市社区党群服务中心全覆盖（2025年）",
        "A party service center in every urban community (2025)",
    ),
    "cov_metric_per_hh": ("用房每百户≥30㎡社区占比", "Communities with ≥30 m² per 100 households"),
    # facilities and programs of the area
    "cov_section_facilities": ("服务设施覆盖（按设施类别）", "Facility coverage by kind"),
    "cov_section_programs": ("工作项目覆盖", "Program coverage"),
    "cov_col_kind": ("设施类别", "Facility kind"),
    "cov_col_program": ("项目", "Program"),
    "cov_col_open": ("已运营(个)", "Open"),
    "cov_col_planned": ("规划在建(个)", "Planned"),
    "cov_col_coverage": ("社区覆盖率", "Community coverage"),
    "cov_col_coverage_urban": ("城市社区覆盖率", "Urban coverage"),
    "cov_col_walk": ("15分钟步行覆盖率", "15-minute walk coverage"),
    "cov_col_joined": ("参与社区(个)", "Communities"),
    "cov_col_program_coverage": ("覆盖率", "Coverage"),
    "cov_no_facilities": ("本期尚无设施数据。", "No facility data for this period yet."),
    "cov_no_programs": ("本期尚无工作项目数据。", "No program data for this period yet."),
    # comparison
    "cov_section_by_street": ("各街道(镇)对比", "By street/town"),
    "cov_section_by_community": ("各社区(村)对比", "By community"),
    "cov_tab_standards": ("标准达标", "Standards"),
    "cov_tab_facilities": ("设施覆盖", "Facilities"),
    "cov_tab_programs": ("工作项目", "Programs"),
    "cov_col_street": ("街道(镇)", "Street/town"),
    "cov_col_community": ("社区(村)", "Community"),
    "cov_col_type": ("社区类型", "Type"),
    "cov_col_communities": ("社区数", "Communities"),
    "cov_col_social_orgs": ("社会组织(个)", "Social orgs"),
    "cov_col_premises": ("用房面积(㎡)", "Premises (m²)"),
    "cov_col_per_hh": ("每百户用房(㎡)", "m² per 100 households"),
    "cov_yes": ("是", "Yes"),
    "cov_no": ("否", "No"),
    "cov_compare_caption": (
        "单元格颜色：绿 = 达标，黄 = 接近，红 = 未达标，紫 = 逾期（对照所选区域的目标，无目标时对照标准）；"
        "无颜色表示没有标准或目标。",
        "Cell colours: green met, amber close, red below, purple overdue (against the selected area's "
        "target, else the standard); no colour: no standard or target.",
    ),
    # kind section
    "cov_section_kind": (
        "按设施类别查看：覆盖率与15分钟生活圈",
        "By facility kind: coverage and the 15-minute circle",
    ),
    "cov_kind": ("设施类别", "Facility kind"),
    "cov_walk_help": (
        "小区中心点1000米（GB 50180-2018 15分钟生活圈）范围内有已运营的该类设施的小区占比",
        "Share of compounds within 1,000 m (GB 50180-2018 15-minute circle) of an open facility of the kind",
    ),
    "cov_chart_kind_by_area": ("{kind}：各{level}覆盖率（%）", "{kind}: coverage by {level} (%)"),
    "cov_chart_walk_all": (
        "15分钟步行覆盖率：各类设施（%，{area}）",
        "15-minute walk coverage by facility kind (%, {area})",
    ),
    "cov_level_street": ("街道(镇)", "street"),
    "cov_level_community": ("社区(村)", "community"),
    "cov_axis_pct": ("覆盖率（%）", "Coverage (%)"),
    "cov_series_coverage": ("社区覆盖率", "Community coverage"),
    "cov_series_walk": ("15分钟步行覆盖率", "15-minute walk coverage"),
    "cov_goal_of": ("{series}目标 {value}", "{series} target {value}"),
    "cov_goal_due": ("{due}前", "by {due}"),
    "cov_click_hint": ("点击柱形可进入该街道或社区。", "Click a bar to open that street or community."),
    "cov_no_compounds": (
        "所选范围内没有带坐标的小区，无法计算15分钟覆盖率。",
        "No compounds with coordinates in the selection; the 15-minute coverage cannot be computed.",
    ),
    # branch coverage over time
    "cov_tab_section_branch": ("小区党支部", "Compound party branches"),
    "cov_chart_branch": (
        "小区党支部覆盖率（%，{area}，按月）",
        "Compound party-branch coverage (%, {area}, monthly)",
    ),
    "cov_axis_month": ("月份", "Month"),
    "cov_series_branch": ("覆盖率", "Coverage"),
    # the coverage line's tooltip, after the month and percentage (numbers are plotly placeholders)
    "cov_hover_branch_basis": (
        "（{branches} / {compounds} 个小区建立党支部）",
        " ({branches} of {compounds} compounds with a party branch)",
    ),
    "cov_target_marker": ("目标 {value}（{due}前）", "Target {value} (by {due})"),
    "cov_no_branch_target": (
        "该区域未设定小区党支部覆盖率目标。",
        "No compound party-branch coverage target is set for this area.",
    ),
    "cov_branch_now": (
        "截至{month}：{branches} / {compounds} 个小区建立党支部",
        "As of {month}: {branches} of {compounds} compounds have a party branch",
    ),
}
