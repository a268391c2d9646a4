"""Labels of the five-star page (五星创建)."""

TEXT: dict[str, tuple[str, str]] = {
    "fs_title": ("五星支部创建", "Five-star branch creation"),
    "fs_not_in_program": (
        "{area}未参与五星创建：五星支部创建是河南省自2022年起开展的工作，这里没有评定数据，因此不显示星级（并非0星）。",
        "{area} is not in the five-star branch program (a Henan province program since 2022): there are "
        "no assessments, so no star levels are shown (this is not zero stars).",
    ),
    "fs_no_year": (
        "截至{month}尚无五星评定（首次评定年度：{first}年）。请在左侧选择{first}年及以后的月份。",
        "No five-star assessment as of {month} (first assessment year: {first}). Choose a month in {first} "
        "or later.",
    ),
    "fs_caption": (
        "{where} · 评定年度 {year}年（所选月份所在年度或之前最近一次评定） · 摘星阈值 {threshold} 分",
        "{where} · assessment year {year} (the latest up to the selected month) · award threshold "
        "{threshold} points",
    ),
    "fs_type_note": (
        "已按社区类型“{kind}”筛选下方图表与名单；指标卡和目标按全区域统计。",
        "Charts and lists below are filtered to “{kind}” communities; the cards and targets cover the whole area.",
    ),
    "fs_type_none": (
        "{kind}类社区在此范围内没有五星评定记录。",
        "No “{kind}” community here has a five-star assessment.",
    ),
    "fs_assumption": (
        "说明：星级按“摘星阈值 + 支部过硬统揽”模型计算，属于建模假设，并非河南省官方评分细则："
        "每颗星满分100分，评定结果为“是”或（未填写时）得分达到{threshold}分即摘星；"
        "星级 = 除支部过硬星以外摘得的星数（最多4颗），其余四星全部摘得且支部过硬星达标时为五星。",
        "Note: the levels follow a modelling assumption, not Henan's official scoring rules: each star is "
        "scored out of 100 and is won when assessed as won or (if blank) when the score reaches {threshold}; "
        "the level is the number of stars won other than Strong branch (at most 4), and five stars when all "
        "four others and Strong branch are won.",
    ),
    "fs_assumption_short": (
        "星级按“摘星阈值 + 支部过硬统揽”建模假设计算，详见页面底部说明。",
        "Levels follow a modelling assumption (threshold + capstone rule); see the note at the bottom.",
    ),
    "fs_scope_street": (
        "以下统计、排名为所在{street}的情况。",
        "The figures and ranks below are for {street}.",
    ),
    # KPI cards
    "fs_kpi_assessed": ("参评社区", "Assessed"),
    "fs_kpi_five": ("五星支部", "Five-star"),
    "fs_kpi_four_plus": ("四星及以上", "4+ stars"),
    "fs_kpi_three_plus": ("三星及以上", "3+ stars"),
    "fs_kpi_zero": ("未达星", "No star"),
    "fs_kpi_up": ("升星社区", "Moved up"),
    "fs_kpi_down": ("降星 {n} 个", "{n} moved down"),
    "fs_vs_year": ("较{year}年", "vs {year}"),
    "fs_flat_vs_year": ("较{year}年持平", "No change vs {year}"),
    "fs_kpi_help": (
        "按指标口径计算（{metric}），{year}年评定，统计至{date}。",
        "Catalog metric {metric}, {year} assessment, as of {date}.",
    ),
    # targets
    # the page's sections (lazy tabs); the star card's is named by fs_card_header
    "fs_tab_targets": ("目标进度", "Targets"),
    "fs_tab_levels": ("星级分布与摘星率", "Levels and award rates"),
    "fs_tab_movers": ("升星与降星", "Moved up or down"),
    "fs_tab_board": ("擂台榜", "Leaderboard"),
    "fs_targets_header": (
        "目标进度（保三冲四争五）",
        "Progress toward targets (secure 3, push for 4, strive for 5)",
    ),
    "fs_no_targets": ("{area}没有五星创建方面的目标数据。", "{area} has no five-star targets in the data."),
    "fs_targets_title": ("{area}：目标与实际（个）", "{area}: target vs actual (communities)"),
    "fs_targets_x": ("指标 · 完成时限", "Metric · due"),
    "fs_targets_y": ("社区数（个）", "Communities"),
    "fs_actual": ("实际", "Actual"),
    "fs_target": ("目标", "Target"),
    "fs_street_targets_title": (
        "各街道四星及以上目标完成情况（{year}年，个）",
        "Four-star-or-better targets by street ({year}, communities)",
    ),
    "fs_col_metric": ("指标", "Metric"),
    "fs_col_area": ("区域", "Area"),
    "fs_col_due": ("完成时限", "Due"),
    "fs_col_target": ("目标值", "Target"),
    "fs_col_actual": ("实际值", "Actual"),
    "fs_col_progress": ("完成率", "Progress"),
    "fs_col_status": ("状态", "Status"),
    "fs_col_note": ("说明", "Note"),
    # levels by street and year
    "fs_levels_header": ("星级分布", "Star levels"),
    "fs_levels_title_streets": (
        "各街道星级分布（{first}—{last}年，社区数：个）",
        "Star levels by street, {first}–{last} (communities)",
    ),
    "fs_levels_title_area": (
        "{area}星级分布（{first}—{last}年，社区数：个）",
        "Star levels in {area}, {first}–{last} (communities)",
    ),
    "fs_levels_x_streets": ("街道(镇) · 评定年度（22 = 2022年）", "Street/town · year (22 = 2022)"),
    "fs_levels_x_area": ("评定年度", "Assessment year"),
    "fs_levels_y": ("社区数（个）", "Communities"),
    "fs_levels_click": ("点击某街道的柱形可进入该街道。", "Click a street's bar to drill into it."),
    "fs_hover_level": ("{level}：%{{y}} 个社区", "{level}: %{{y}} communities"),
    # award rates
    "fs_rates_title": ("各星摘星率（{first}—{last}年，%）", "Award rate per star, {first}–{last} (%)"),
    "fs_rates_y": ("摘星率（%，占参评该星的社区）", "Award rate (% of those assessed on the star)"),
    # a star's name beside its rate when few communities were assessed on it (five_star_levels.star_caption)
    "fs_star_partial": ("（仅{n}个社区参评）", " (only {n} assessed)"),
    "fs_rates_hover": (
        "摘星 %{{customdata[0]}} 个 / 参评 %{{customdata[1]}} 个",
        "won by %{{customdata[0]}} of %{{customdata[1]}} assessed",
    ),
    # movers
    "fs_movers_header": ("升星与降星（{prev}年 → {year}年）", "Moved up or down ({prev} → {year})"),
    "fs_movers_none_prev": (
        "{year}年是首个评定年度，没有可比较的上一年度。",
        "{year} is the first assessment year: no earlier year to compare with.",
    ),
    "fs_movers_none": ("没有社区的星级发生变化。", "No community changed level."),
    "fs_movers_summary": (
        "升星 {up} 个 · 降星 {down} 个 · 持平 {same} 个 · 新参评 {new} 个",
        "{up} up · {down} down · {same} unchanged · {new} newly assessed",
    ),
    "fs_col_community": ("社区", "Community"),
    "fs_col_street": ("街道(镇)", "Street/town"),
    "fs_col_prev_level": ("{year}年星级", "Level {year}"),
    "fs_col_level": ("星级", "Level"),
    "fs_col_change": ("变化", "Change"),
    "fs_col_gained": ("新摘得", "Stars won"),
    "fs_col_lost": ("失去", "Stars lost"),
    # leaderboard
    "fs_board_header": ("擂台榜（{year}年）", "Leaderboard ({year})"),
    "fs_board_caption": (
        "按星级、再按五项得分合计排名；名次变化与{prev}年比较（▲上升 ▼下降，“新”为新参评）。",
        "Ranked by level, then by total score; rank change vs {prev} (▲ up, ▼ down, “new” = newly assessed).",
    ),
    "fs_board_caption_first": ("按星级、再按五项得分合计排名。", "Ranked by level, then by total score."),
    "fs_col_rank": ("名次", "Rank"),
    "fs_col_rank_change": ("名次变化", "Rank change"),
    "fs_col_stars": ("星级", "Stars"),
    "fs_col_total": ("得分合计", "Total score"),
    "fs_new": ("新", "new"),
    # star card
    "fs_card_header": ("社区星级卡", "Community star card"),
    "fs_card_pick": ("选择社区", "Community"),
    "fs_card_none": ("该社区尚无五星评定记录。", "This community has no five-star assessment."),
    "fs_card_title": ("{name}（{street}）· {year}年 · {level}", "{name} ({street}) · {year} · {level}"),
    "fs_card_won": ("✓ 已摘星", "✓ Won"),
    "fs_card_won_flag": ("✓ 已摘星（评定结果）", "✓ Won (assessed)"),
    "fs_card_missed": ("✗ 未摘星", "✗ Not won"),
    "fs_card_missed_flag": ("✗ 未摘星（评定结果）", "✗ Not won (assessed)"),
    "fs_card_vs_threshold": ("对阈值", "vs threshold"),
    "fs_card_score_unit": ("分", "pts"),
    "fs_rule": (
        "计星规则：支部过硬星“统揽”其余四星。星级 = 除支部过硬星以外摘得的星数；"
        "四星 = 其余四星全部摘得；五星 = 五星全部摘得（含支部过硬星）。",
        "Counting rule: Strong branch is the capstone. Level = stars won other than Strong branch; "
        "four stars = the other four all won; five stars = all five won, including Strong branch.",
    ),
    "fs_next_five": ("距五星：还需摘得{stars}。", "To reach five stars: win {stars}."),
    "fs_next_four": (
        "距四星：还需摘得{stars}（共{n}颗）；四星齐全后再摘得{capstone}即为五星。",
        "To reach four stars: win {stars} ({n} more); then {capstone} makes five.",
    ),
    "fs_capstone_waiting": (
        "{capstone}已达标，但须其余四星全部摘得后才计入星级。",
        "{capstone} is won but only counts once the other four stars are all won.",
    ),
    "fs_is_five": ("已达五星。", "Five stars reached."),
    "fs_history_title": ("历年得分（分；✓ 摘星）", "Scores by year (points; ✓ won)"),
    "fs_col_star": ("星", "Star"),
    "fs_row_level": ("星级", "Level"),
    "fs_sep": ("、", ", "),
    "fs_error": (
        "五星数据暂时无法读取，请稍后重试或联系管理员。",
        "The five-star data cannot be read right now; retry or contact the administrator.",
    ),
}
