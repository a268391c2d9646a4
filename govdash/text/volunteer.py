"""Labels of the volunteer-activity page (志愿服务)."""

TEXT: dict[str, tuple[str, str]] = {
    "vol_title": ("活动与志愿服务", "Activities and volunteering"),
    "vol_intro": (
        "社区活动场次、参与人次、志愿服务时长和积分，按月份和活动类型统计；每千名常住人口的比率便于不同规模的街道、社区相互比较。",
        "Activities, participants, volunteer hours and points by month and activity type; rates per "
        "1,000 residents make areas of different size comparable.",
    ),
    "vol_window": ("统计时段", "Window"),
    "vol_window_option": ("近{n}个月", "Last {n} months"),
    "vol_window_caption": (
        "统计时段：{start}至{end}（{n}个月）；“较上一时段”对比{prev_start}至{prev_end}",
        'Window: {start} to {end} ({n} months); "vs previous window" compares with {prev_start} to {prev_end}',
    ),
    "vol_window_span": ("{start}—{end}", "{start}–{end}"),
    "vol_type_note": (
        "已按社区类型“{kind}”筛选：合计由该类型社区汇总。",
        "Filtered to {kind} communities: totals are summed over those communities.",
    ),
    "vol_no_points": (
        "所选范围本时段未报送志愿积分数据（未建立积分制度或未上报），积分指标不予显示。",
        "No volunteer points were reported for this selection and window (no points scheme, "
        "or not reported).",
    ),
    "vol_no_data": ("本期尚无活动或志愿服务数据。", "No activity or volunteer data for this period yet."),
    "vol_vs_previous": ("较上一时段", "vs previous window"),
    "vol_flat_vs_previous": ("较上一时段持平", "No change vs previous window"),
    "vol_new_vs_previous": ("较上一时段新增（上一时段为0）", "New vs previous window (0 then)"),
    # KPI cards
    "vol_activities": ("活动场次", "Activities"),
    "vol_participants": ("参与人次", "Participants"),
    "vol_hours": ("志愿服务时长(小时)", "Volunteer hours"),
    "vol_active": ("活跃志愿者(峰值月)", "Active volunteers (peak month)"),
    "vol_active_help": (
        "时段内活跃志愿者最多的一个月的人数（月度数据无法区分同一人，取峰值为下限）",
        "Active volunteers in the busiest month of the window (monthly data cannot tell people "
        "apart; the peak is a lower bound)",
    ),
    "vol_points_earned": ("发放积分", "Points earned"),
    "vol_points_redeemed": ("兑换积分", "Points redeemed"),
    "vol_section_rates": ("每千名常住人口", "Per 1,000 residents"),
    "vol_rate_activities": ("每千人活动场次", "Activities per 1,000"),
    "vol_rate_participants": ("每千人参与人次", "Participants per 1,000"),
    "vol_rate_hours": ("每千人志愿服务时长(小时)", "Volunteer hours per 1,000"),
    "vol_rate_points": ("每千人发放积分", "Points earned per 1,000"),
    "vol_redeem_rate": ("积分兑换率", "Points redeemed / earned"),
    "vol_population_caption": ("常住人口 {population} 人（{month}）", "Population {population} ({month})"),
    # charts
    "vol_section_monthly": ("按月份和活动类型", "By month and activity type"),
    "vol_tab_activities": ("活动场次", "Activities"),
    "vol_tab_participants": ("参与人次", "Participants"),
    "vol_tab_hours": ("志愿服务时长", "Volunteer hours"),
    "vol_tab_points": ("志愿积分", "Points"),
    "vol_chart_activities": ("活动场次（场，按月、按活动类型）", "Activities per month by type"),
    "vol_chart_participants": ("参与人次（人次，按月、按活动类型）", "Participants per month by type"),
    "vol_chart_hours": ("志愿服务时长（小时，按月）", "Volunteer hours per month"),
    "vol_chart_points": (
        "志愿积分：发放与兑换（分，按月）",
        "Volunteer points earned and redeemed per month",
    ),
    "vol_axis_month": ("月份", "Month"),
    "vol_axis_activities": ("活动场次（场）", "Activities"),
    "vol_axis_participants": ("参与人次（人次）", "Participants"),
    "vol_axis_hours": ("时长（小时）", "Hours"),
    "vol_axis_points": ("积分（分）", "Points"),
    "vol_axis_rate": ("每千名常住人口", "Per 1,000 residents"),
    # a rate's tooltip: what it is computed from (the numbers are plotly placeholders)
    "vol_hover_rate_basis": ("{total} ÷ 常住人口 {population} 人", "{total} ÷ {population} residents"),
    "vol_series_hours": ("志愿服务时长", "Volunteer hours"),
    "vol_series_active": ("活跃志愿者", "Active volunteers"),
    "vol_series_earned": ("发放积分", "Points earned"),
    "vol_series_redeemed": ("兑换积分", "Points redeemed"),
    "vol_tab_section_forces": ("社会组织与积分银行", "Organizations and points bank"),
    "vol_section_types": ("各类型活动合计", "Totals by activity type"),
    "vol_col_type": ("活动类型", "Activity type"),
    "vol_col_share": ("场次占比", "Share of activities"),
    "vol_col_per_activity": ("场均人次", "Participants per activity"),
    # comparison and ranking
    "vol_section_by_street": ("各街道(镇)比较", "Streets/towns compared"),
    "vol_section_by_community": ("各社区(村)比较", "Communities compared"),
    "vol_rank_metric": ("比较指标（每千名常住人口）", "Compare by (per 1,000 residents)"),
    "vol_chart_rates": (
        "{metric}：各{level}（每千名常住人口，{window}）",
        "{metric} per 1,000 residents by {level} ({window})",
    ),
    "vol_level_street": ("街道(镇)", "street"),
    "vol_level_community": ("社区(村)", "community"),
    "vol_area_average": ("{area}平均 {value}", "{area} average {value}"),
    "vol_click_hint": ("点击柱形可进入该街道或社区。", "Click a bar to open that street or community."),
    "vol_laggard_hint": (
        "红色为排名靠后且低于平均者（与总览、汇报“短板”页同一规则）。",
        " Red: the lowest ones below the average (the rule of the overview and the report's laggards slide).",
    ),
    "vol_section_top_bottom": ("活跃与待激活社区", "Most and least active communities"),
    "vol_top": ("前{n}名", "Top {n}"),
    "vol_all_ranked": ("全部社区排名", "All communities ranked"),
    "vol_bottom": ("后{n}名", "Bottom {n}"),
    "vol_col_rank": ("排名", "Rank"),
    "vol_col_community": ("社区(村)", "Community"),
    "vol_col_street": ("街道(镇)", "Street/town"),
    "vol_col_ctype": ("社区类型", "Type"),
    "vol_col_population": ("常住人口", "Population"),
    "vol_col_rate": ("{metric}（每千人）", "{metric} per 1,000"),
    "vol_rank_caption": (
        "在{n}个社区中按“{metric}”每千名常住人口排序；无常住人口数据的社区不参与排名。",
        "{n} communities ranked by {metric} per 1,000 residents; communities without "
        "population data are left out.",
    ),
    "vol_own_rank": (
        "{name}在本街道{n}个社区中排第{rank}名。",
        "{name} ranks {rank} of {n} communities in its street.",
    ),
}
