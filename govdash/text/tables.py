"""Labels of the tables page (数据表)."""

TEXT: dict[str, tuple[str, str]] = {
    "tbl_title": ("数据表", "Tables"),
    "tbl_intro": (
        "仓库中的每个数据集，按侧栏筛选（区域、月份、社区类型）过滤；可搜索、排序，并下载全部筛选结果。",
        "Every dataset of the warehouse, filtered by the sidebar (area, month, community type); search, "
        "sort and download all filtered rows.",
    ),
    "tbl_dataset": ("数据集", "Dataset"),
    "tbl_search": ("搜索（任意列包含）", "Search (any column contains)"),
    "tbl_search_placeholder": ("如：社区名称、代码、类别", "e.g. a name, code or kind"),
    "tbl_sort": ("排序列", "Sort by"),
    "tbl_sort_default": ("默认顺序", "Default order"),
    "tbl_desc": ("降序", "Descending"),
    "tbl_month_only": ("只看所选期间", "Selected period only"),
    "tbl_month_only_help": (
        "关闭时显示截至所选月份的全部记录；打开时只显示所选月份（年度数据为所选年份）。",
        "Off: every row up to the selected month. On: only the selected month (the selected "
        "year for yearly data).",
    ),
    "tbl_period_upto": ("时间：截至 {month}", "Period: up to {month}"),
    "tbl_period_only": ("时间：仅 {month}", "Period: {month} only"),
    "tbl_period_none": ("该数据集不按时间筛选", "This dataset is not filtered by date"),
    "tbl_count": ("共 {total} 行符合筛选条件", "{total} rows match the filters"),
    "tbl_count_search": (
        "筛选结果 {before} 行，其中 {total} 行包含“{q}”",
        "{total} of {before} filtered rows contain “{q}”",
    ),
    "tbl_shown_page": (
        "；显示第 {first}–{last} 行（每页 {size} 行）。",
        "; showing rows {first}–{last} ({size} per page).",
    ),
    "tbl_shown_all": ("，全部显示。", ", all shown."),
    "tbl_empty": (
        "所选范围和期间内没有「{dataset}」数据。",
        "No “{dataset}” rows for the selected area and period.",
    ),
    "tbl_empty_search": ("没有包含“{q}”的行。", "No row contains “{q}”."),
    "tbl_download_help": (
        "下载全部 {total} 行筛选结果（不只是当前页），表头为当前界面语言。CSV 为带BOM的UTF-8，"
        "Excel可直接打开；但Excel可能把CSV中的代码列当作数字，建议用 XLSX。",
        "Downloads all {total} filtered rows (not only this page), headers in the UI language. "
        "The CSV is UTF-8 with BOM for Excel, but Excel may read codes in a CSV as numbers; "
        "prefer XLSX.",
    ),
    "tbl_page": ("页码", "Page"),
}
