"""Labels of the map page (地图)."""

TEXT: dict[str, tuple[str, str]] = {
    "map_title": ("地图", "Map"),
    "map_intro": (
        "社区按所选指标着色；点击社区打开社区档案，点击街道范围或街道汇总点进入该街道。底图不联网，仅显示区界和街道范围。",
        "Communities coloured by the chosen metric; click a community to open its profile, a street "
        "area or point to drill into the street. No basemap (offline): only boundaries and street "
        "areas are drawn.",
    ),
    "map_metric": ("着色指标", "Colour by"),
    "map_kind": ("服务设施类别", "Facility kind"),
    "map_kind_none": ("不显示设施", "No facilities"),
    "map_m_activities_per_1k": ("每千人活动场次（近12个月）", "Activities per 1,000 residents (12 months)"),
    "map_m_participants_per_1k": (
        "每千人参与人次（近12个月）",
        "Participants per 1,000 residents (12 months)",
    ),
    "map_m_volunteer_hours_per_1k": (
        "每千人志愿服务时长（近12个月）",
        "Volunteer hours per 1,000 residents (12 months)",
    ),
    "map_m_coverage": ("{kind}覆盖", "{kind} coverage"),
    "map_m_walk_coverage": ("{kind}15分钟步行覆盖率", "{kind} 15-minute walk coverage"),
    "map_m_branch_coverage": ("小区党支部覆盖率", "Compound party-branch coverage"),
    "map_m_workers_per_10k": ("每万人社区工作者", "Community workers per 10,000 residents"),
    "map_m_star_level": ("五星支部星级", "Five-star level"),
    "map_unit_activities_per_1k": ("场/千人", "per 1,000"),
    "map_unit_participants_per_1k": ("人次/千人", "per 1,000"),
    "map_unit_volunteer_hours_per_1k": ("小时/千人", "h per 1,000"),
    "map_unit_workers_per_10k": ("人/万人", "per 10,000"),
    "map_unit_pct": ("%", "%"),
    "map_unit_star_level": ("星", "stars"),
    "map_star_mean": ("平均 {value} 星", "{value} stars on average"),
    "map_covered": ("已覆盖", "Covered"),
    "map_not_covered": ("未覆盖", "Not covered"),
    "map_legend_no_data": ("无数据", "No data"),
    "map_legend_bins": (
        "各档含下限、不含上限，最高一档两端都含。",
        "Each class includes its lower bound but not its upper one; the highest includes both.",
    ),
    "map_legend_not_assessed": ("未评定", "Not assessed"),
    "map_legend_facility": ("已运营{kind}", "{kind} (open)"),
    "map_legend_circle": ("{kind}1000米服务圈（15分钟生活圈）", "{kind} 1,000 m circle (15-minute walk)"),
    "map_legend_area": ("街道边界", "Street boundaries"),
    "map_legend_area_approx": ("街道范围（近似）", "Street areas (approximate)"),
    "map_legend_selected_street": ("所选街道(镇)范围", "Selected street/town"),
    "map_areas_approx_note": (
        "近似街道范围：未上传街道边界的街道，按各社区位置划分（每处归最近的社区），"
        "并裁剪到区界内，仅供示意。上传街道边界（GeoJSON）后显示实际边界。",
        "Approximate street areas: for streets without an uploaded boundary, each place is given to "
        "the nearest community, clipped to the district outline — for orientation only. Upload street "
        "boundaries (GeoJSON) to show the real ones.",
    ),
    "map_areas_approx_note_hull": (
        "近似街道范围：未上传街道边界的街道，按各社区位置划分（每处归最近的社区），"
        "范围为社区分布向外约1公里（没有本区的区界），仅供示意。上传街道边界（GeoJSON）后显示实际边界。",
        "Approximate street areas: for streets without an uploaded boundary, each place is given to "
        "the nearest community, within about 1 km of the communities (no district outline is shipped) "
        "— for orientation only. Upload street boundaries (GeoJSON) to show the real ones.",
    ),
    "map_tip_area_approx": (
        "近似范围：按社区位置推算（未上传街道边界）",
        "Approximate area: derived from community locations (no boundary uploaded)",
    ),
    "map_tip_area_loaded": ("街道边界（已上传）", "Street boundary (uploaded)"),
    "map_show_circles": ("显示1000米服务圈", "Show 1,000 m circles"),
    "map_legend_boundary": ("区界（红色为所选区县）", "District boundaries (red: selected)"),
    "map_legend_streets": ("点的大小表示社区数", "Point size: number of communities"),
    "map_not_in_program": (
        "{district}未参与五星创建（河南省自2022年开展），社区以空心点显示。",
        "{district} is not in the five-star program (Henan, since 2022): communities are drawn hollow.",
    ),
    "map_legend_not_in_program": ("未参与五星创建", "Not in the program"),
    "map_no_period_data": (
        "所选社区没有「{metric}」的数据：本期尚无数据，或缺少计算所需的基础数据（如小区坐标、人口）。",
        "The selected communities have no “{metric}” values: no data for this period yet, or "
        "the inputs it needs (e.g. compound locations, population) are missing.",
    ),
    "map_no_communities": (
        "所选范围内没有符合条件的社区。",
        "No community in the selection matches the filters.",
    ),
    "map_no_coordinates": (
        "所选社区没有坐标，无法在地图上显示；请查看下方表格。",
        "The selected communities have no coordinates; see the table below.",
    ),
    "map_aggregated": (
        "所选范围有 {n} 个社区，超过 {max} 个，地图按街道汇总显示（点位于各街道社区的中心）。",
        "{n} communities exceed {max}: the map shows one point per street (at the centre of its "
        "communities).",
    ),
    "map_aggregated_type": ("街道汇总值包含全部社区类型。", "Street values include every community type."),
    "map_no_facilities": (
        "所选范围内暂无已运营且有坐标的{kind}。",
        "No open {kind} with coordinates in the selection.",
    ),
    "map_facility_count": ("{n} 处已运营{kind}", "{kind} (open): {n}"),
    "map_points_count": ("{n} 个社区", "Communities: {n}"),
    "map_streets_count": ("{n} 个街道汇总点", "Street points: {n}"),
    "map_sep": ("：", ": "),
    "map_tip_street": ("街道", "Street"),
    "map_tip_communities": ("社区数", "Communities"),
    "map_tip_approx": ("（位置为近似坐标）", "(approximate location)"),
    "map_tip_click_profile": ("点击打开社区档案", "Click to open the profile"),
    "map_tip_click_street": ("点击进入该街道", "Click to open the street"),
    "map_tip_served": ("服务社区", "Serves"),
    "map_tip_area": ("面积", "Area"),
    "map_selected": ("当前社区：{name}", "Selected community: {name}"),
    "map_open_profile": ("打开{name}的社区档案", "Open the profile of {name}"),
    "map_table": (
        "表格视图（地图无法显示时，例如浏览器不支持WebGL，请查看此表）",
        "Table view (use it when the map cannot be shown, e.g. no WebGL)",
    ),
    "map_col_name": ("名称", "Name"),
    "map_col_street": ("所属街道", "Street"),
    "map_col_communities": ("社区数", "Communities"),
    "map_col_value": ("指标值", "Value"),
    "map_col_display": ("显示值", "Shown as"),
    "map_col_approx": ("近似坐标", "Approx. location"),
    "map_col_lon": ("经度", "Longitude"),
    "map_col_lat": ("纬度", "Latitude"),
    "map_yes": ("是", "Yes"),
    "map_no": ("否", "No"),
    "map_caption": (
        "{scope} · 指标窗口：截至所选月份的近12个月（存量指标为月末状态）",
        "{scope} · window: the 12 months up to the selected month (stock metrics at month end)",
    ),
}
