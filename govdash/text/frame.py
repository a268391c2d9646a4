"""Labels of the page frame: navigation and the sidebar filters."""

TEXT: dict[str, tuple[str, str]] = {
    "nav_overview": ("总览", "Overview"),
    "nav_coverage": ("覆盖", "Coverage"),
    "nav_volunteer": ("志愿服务", "Volunteering"),
    "nav_five_star": ("五星创建", "Five-star"),
    "nav_map": ("地图", "Map"),
    "nav_profile": ("社区档案", "Community profile"),
    "nav_tables": ("数据表", "Tables"),
    "nav_section_browse": ("看板", "Dashboard"),
    "nav_section_data": ("数据", "Data"),
    "filters": ("筛选", "Filters"),
    # one label per file format on every page's download button
    "download_csv": ("下载 CSV", "Download CSV"),
    "download_xlsx": ("下载 Excel", "Download Excel"),
    "filter_province": ("省份", "Province"),
    "filter_city": ("地级市", "City"),
    "filter_district": ("区县", "District"),
    "filter_street": ("街道(镇)", "Street/town"),
    "filter_community": ("社区(村)", "Community"),
    "filter_month": ("统计月份", "Month"),
    "filter_type": ("社区类型", "Community type"),
    "filter_type_option": ("{type}（{n}个）", "{type} ({n})"),
    "type_not_applied": (
        "社区类型筛选不作用于本页：数值为所选区域全部社区的合计。",
        "The community-type filter does not apply here: values cover every community of the area.",
    ),
    "all": ("全部", "All"),
    "all_districts": ("全部区县", "All districts"),
    "copy_link": ("复制浏览器地址栏中的链接即可分享当前视图", "Copy the address bar to share this view"),
    "no_period_data": ("本期尚无数据", "No data for this period yet"),
    # a per-head rate over a population some community left blank: missing (the catalog's rule)
    "rank_unpopulated": (
        "未参与比较（常住人口未填报，或有社区未填报）：{names}",
        "Not compared (population not filled in, or not for every community): {names}",
    ),
    "rank_pooled_street": ("参与比较的街道(镇)", "compared streets'"),
    "rank_pooled_community": ("参与比较的社区", "compared communities'"),
    "rate_unpopulated_rows": (
        "按人口计算的比率为“—”（常住人口未填报，或有社区未填报）：{names}",
        "Rates per head read — (population not filled in, or not for every community): {names}",
    ),
    "rate_unpopulated": (
        "{n} 个社区未填报常住人口，按人口计算的比率无法得出，补报后显示",
        "Communities without their population filled in: {n}; no rate per head until they report it",
    ),
    # a share of communities judged on an input some community left blank: missing (the catalog's rule)
    "share_premises_blank": (
        "{n} 个社区未填报办公服务用房面积，用房面积的达标占比无法得出，补报后显示",
        "Communities without their premises area filled in: {n}; no premises shares until they report it",
    ),
    "share_per_hh_blank": (
        "{n} 个社区未填报用房面积或户数，每百户用房面积的达标占比无法得出，补报后显示",
        "Communities without their premises area or households filled in: {n}; no share per 100 "
        "households until they report them",
    ),
    "share_premises_blank_rows": (
        "用房面积的达标占比为“—”（有社区未填报办公服务用房面积或户数）：{names}",
        "Premises shares read — (premises area or households not filled in for a community): {names}",
    ),
    "error_generic": (
        "页面出错，请稍后重试或联系管理员。",
        "Something went wrong; retry or contact the administrator.",
    ),
}
