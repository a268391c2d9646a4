"""Labels of the all-metrics page (全部指标)."""

TEXT: dict[str, tuple[str, str]] = {
    "nav_all_metrics": ("全部指标", "All metrics"),
    "am_title": ("全部指标", "All metrics"),
    "am_intro": (
        "指标库中的每一项指标：按名称或口径搜索，查看所选区域、所选月份的数值和近12个月走势，并可下载。"
        "存量指标（社区数、人口、设施等）取月末数，流量指标（活动、志愿服务等）取当月合计；"
        "“—”表示无数据（不是0）。",
        "Every metric of the catalog: search by name or definition, see the value for the selected "
        "area and month with its last 12 months, and download the table. Stocks (communities, "
        "population, facilities…) are read at the month's end, flows (activities, volunteering…) "
        "are the month's total; '—' means no data (not zero).",
    ),
    "am_search": ("搜索指标名称或口径", "Search name or definition"),
    "am_search_placeholder": ("例如：投资、积分银行、小区、覆盖率", "e.g. investment, points bank, coverage"),
    "am_count": ("共 {n} 项指标", "{n} metrics"),
    "am_count_search": ("“{q}”：{n} / {total} 项指标", "“{q}”: {n} of {total} metrics"),
    "am_none_found": (
        "没有名称或口径包含“{q}”的指标。请换一个词，或清空搜索框查看全部指标。",
        "No metric name or definition contains “{q}”. Try another word, or clear the search box.",
    ),
    "am_not_in_program": (
        "{area}未参与五星支部创建，五星支部指标不予显示（不是0）。",
        "{area} is not in the five-star program: its star metrics are not shown (they are not zero).",
    ),
    "am_col_metric": ("指标", "Metric"),
    "am_col_value": ("数值", "Value"),
    "am_col_trend": ("近12个月", "Last 12 months"),
    "am_col_trend_help": (
        "{first}至{last}每月的数值（存量为月末数，流量为当月合计）",
        "Each month from {first} to {last} (stocks at month end, flows per month)",
    ),
    "am_col_meaning": ("口径", "Definition"),
    "am_col_section": ("分组", "Section"),
    "am_col_unit": ("单位", "Unit"),
    "am_col_code": ("指标代码", "Metric code"),
    "am_download_help": (
        "下载当前列表的 {n} 项指标（数值为原始值，无数据为空）",
        "Download the {n} metrics listed (raw values; empty when there is no data)",
    ),
    "am_file": ("全部指标", "all_metrics"),
    "am_sections": ("分组", "Sections"),
    "am_sections_help": (
        "只看一个分组；再点一次取消，显示全部。",
        "Show one section; click again to show all.",
    ),
    # sections
    "am_section_areas": ("区划与人口", "Areas and population"),
    "am_section_orgs": ("组织", "Organizations"),
    "am_section_facilities": ("设施", "Facilities"),
    "am_section_programs": ("项目", "Programs"),
    "am_section_staff": ("队伍", "Staff"),
    "am_section_activity": ("活动", "Activities"),
    "am_section_five_star": ("五星支部", "Five-star branches"),
    "am_section_targets": ("目标", "Targets"),
    "am_section_other": ("其他", "Other"),
}
