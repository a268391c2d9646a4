"""Labels of the headline sections added to the coverage and volunteer pages and the report."""

TEXT: dict[str, tuple[str, str]] = {
    # coverage page: building and investment, compounds, staff
    "hl_section_build": ("设施建设与投资", "Facility building and investment"),
    "hl_build_caption": (
        "截至{date}：各类设施已运营、规划在建和改扩建的数量，已建成或改扩建设施的投资（万元）、面积和服务能力。",
        "As of {date}: facilities open, planned and rebuilt by kind, with the investment (10k CNY), "
        "floor area and capacity of those opened or rebuilt.",
    ),
    "hl_col_kind": ("设施类别", "Facility kind"),
    "hl_col_open": ("已运营", "Open"),
    "hl_col_planned": ("规划在建", "Planned"),
    "hl_col_rebuilt": ("改扩建", "Rebuilt"),
    "hl_col_investment": ("投资(万元)", "Investment (10k CNY)"),
    "hl_unreported_note": (
        "合计只含已填报的设施；未填报的：{parts}。全部未填报的，显示为“—”。",
        'Totals cover the facilities that filled them in; left blank: {parts}. Where none did, it reads "—".',
    ),
    "hl_unreported_part": ("{column}——{kinds}", "{column} — {kinds}"),
    "hl_unreported_item": ("{kind} {n} 处", "{kind} {n}"),
    "hl_col_area": ("面积(平方米)", "Area (m²)"),
    "hl_col_capacity": ("服务能力(人)", "Capacity (persons)"),
    "hl_section_compounds": ("小区治理", "Residential compounds"),
    "hl_section_staff": ("社区工作力量", "Community staff"),
    "hl_staff_caption": (
        "{area}各社区最近一期报送的人数合计（截至{date}）。",
        "Sum over {area}'s communities of their latest staff report (as of {date}).",
    ),
    "hl_no_staff": ("所选范围尚未报送社区工作力量数据。", "No staff report for this area yet."),
    "hl_all_types": (
        "本节不受社区类型筛选影响：为所选区域全部社区的合计。",
        "This section ignores the community-type filter: it covers every community of the area.",
    ),
    # volunteer page: social organizations, points bank, App registrations
    "hl_section_forces": (
        "社会组织、志愿积分银行与App报备",
        "Social organizations, points bank and app registrations",
    ),
    "hl_forces_caption": (
        "组织和成员数为{date}在册数；活动、服务和报备人数为统计时段（{window}）合计。",
        "Organizations and members as registered on {date}; activities, services and "
        "registrations are totals over the window ({window}).",
    ),
    "hl_no_bank": (
        "所选范围未报送志愿积分银行数据（未建立积分银行或未上报），储户和服务人次不予显示。",
        "No volunteer points bank is reported for this area (none set up, or not reported): its "
        "members and services are not shown.",
    ),
    "hl_blank": ("{names}：未填报，显示为“—”", '{names}: not filled in, shown as "—"'),
    "hl_blank_sentence": ("{clause}。", "{clause}."),
    "hl_bank_above": (
        "志愿积分银行储户：本级未登记积分银行（储户由上级的积分银行统计），显示为“—”",
        "Points-bank members: no bank is registered here (the one registered above counts them), "
        'shown as "—"',
    ),
    # report slides
    "pr_slide_build": ("设施建设、小区治理与投资", "Facilities, compounds and investment"),
    "pr_build_subtitle": ("截至{date}", "As of {date}"),
    "pr_build_chart": ("各类设施投资（万元）", "Investment by facility kind (10k CNY)"),
    "pr_build_series_investment": ("投资(万元)", "Investment (10k CNY)"),
    "pr_build_none": (
        "所选区域尚无设施改扩建或投资记录。",
        "No facility rebuilding or investment is recorded for this area.",
    ),
    "pr_slide_forces": ("社会组织、积分银行与App报备", "Social organizations, points bank, app"),
    "pr_forces_subtitle": (
        "组织与成员截至{date}；活动、服务与报备为{first}—{last}合计",
        "Organizations and members on {date}; activities, services and registrations {first}–{last}",
    ),
    "pr_forces_no_bank": ("；志愿积分银行：未报送", "; volunteer points bank: not reported"),
    "pr_slide_staff": ("社区工作力量", "Community staff"),
    "pr_staff_subtitle": (
        "各社区最近一期报送人数合计，截至{date}",
        "Latest staff report of each community, summed, as of {date}",
    ),
}
