"""The dataset registry: every dataset the warehouse holds, declared once.

Pages, templates, docs, the loader and the tests iterate over ``DATASETS``. Each column says its
canonical name (snake_case, unit in the name), its kind (which fixes the DuckDB type and how raw
cells are normalized), whether it is required, its allowed values with the Chinese labels analysts
really type, and the header aliases seen in real spreadsheets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# kind -> DuckDB type
DUCKDB_TYPES = {
    "code": "VARCHAR",
    "text": "VARCHAR",
    "enum": "VARCHAR",
    "int": "BIGINT",
    "float": "DOUBLE",
    "date": "DATE",
    "month": "DATE",
    "year": "INTEGER",
    "bool": "BOOLEAN",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    label_zh: str
    label_en: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    # enum: canonical value -> labels accepted in a file (the Chinese label first)
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # enum: other lower_snake_case values are accepted too (a new kind needs no code change)
    open_values: bool = False
    minimum: float | None = 0
    maximum: float | None = None
    example: str = ""
    help_zh: str = ""
    # dates and months: the earliest plausible value (ISO date; default by kind, see ``lower_date``)
    earliest: str | None = None
    # a date, month or year that must not lie after the day of the load (an event that happened)
    not_future: bool = False

    def label(self, lang: str) -> str:
        """The column's label in ``lang`` (zh or en)."""
        return self.label_en if lang == "en" else self.label_zh

    @property
    def duckdb_type(self) -> str:
        return DUCKDB_TYPES[self.kind]

    @property
    def is_numeric(self) -> bool:
        return self.kind in ("int", "float", "year")

    @property
    def upper(self) -> float | None:
        """The largest value accepted: ``maximum``, else a bound that keeps any value in its type and
        plausible (no silent NULL for a count over BIGINT, no 1e300 hours)."""
        if self.maximum is not None:
            return self.maximum
        return {"int": 1e12, "float": 1e12, "year": 2100}.get(self.kind)

    @property
    def lower(self) -> float | None:
        """The smallest value accepted: ``minimum``, else minus ``upper`` (no -1e300 either)."""
        if self.minimum is not None or self.upper is None:
            return self.minimum
        return -self.upper

    @property
    def lower_date(self) -> str | None:
        """The earliest plausible date or month (an empty Excel date shows as 1900-01-00)."""
        if self.kind not in ("date", "month"):
            return None
        return self.earliest or "1949-10-01"


@dataclass(frozen=True)
class Check:
    """A cross-column rule: ``failing_sql`` is true for a bad row (normalized columns)."""

    name: str
    failing_sql: str
    column: str
    reason_zh: str
    reason_en: str
    fix_zh: str
    fix_en: str


@dataclass(frozen=True)
class Dataset:
    name: str
    label_zh: str
    label_en: str
    grain: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    # A file replaces every warehouse row whose scope columns match a scope present in the file.
    scope: tuple[str, ...]
    # The column holding the area (community) code the rows belong to, checked against areas.
    area_column: str | None = None
    # Levels the area column may name ("community" only, or any level).
    area_levels: tuple[str, ...] = ("community",)
    # Column that must not lie in the future (a month, date or year).
    period_column: str | None = None
    checks: tuple[Check, ...] = ()
    # The kind of file it is loaded from: "table" (CSV/Excel) or "geojson" (``etl.geojson``).
    file_format: str = "table"

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


# ---------------------------------------------------------------------------------------------
# Shared columns and value sets
# ---------------------------------------------------------------------------------------------

COMMUNITY_CODE_ALIASES = (
    "社区代码",
    "社区编码",
    "社区区划代码",
    "区划代码",
    "统计用区划代码",
    "村(社区)代码",
    "社区(村)代码",
    "村社区代码",
    "代码",
    "community_code",
    "community code",
    "area_code",
)


def community_code(required: bool = True) -> Column:
    return Column(
        "community_code",
        "code",
        "社区代码",
        "Community code",
        COMMUNITY_CODE_ALIASES,
        required=required,
        example="410311002004",
        help_zh="12位统计用区划代码（文本）；Excel中请把该列设为文本，以免变成科学计数法",
    )


def month_column() -> Column:
    return Column(
        "month",
        "month",
        "月份",
        "Month",
        ("月份", "统计月份", "年月", "期间", "报送月份", "时间", "month", "period"),
        required=True,
        example="2024年5月",
        help_zh="统计月份，如 2024年5月、2024-05、2024/5/1",
    )


def count(
    name: str,
    zh: str,
    en: str,
    aliases: tuple[str, ...],
    required: bool = False,
    example: str = "0",
    maximum: float = 1e9,
) -> Column:
    return Column(
        name, "int", zh, en, (zh, *aliases, name), required=required, example=example, maximum=maximum
    )


COMMUNITY_TYPES = {
    "old": ("老旧", "老旧社区", "老城区社区"),
    "commercial": ("商品房", "商品房社区", "商住社区"),
    "work_unit": ("单位型", "单位型社区", "单位制社区", "单位社区"),
    "mixed": ("混合", "混合型", "混合居住社区", "混合型社区"),
    "village_to_urban": ("村改居", "村改居社区", "撤村建居"),
    "village": ("行政村", "村", "农村", "村委会"),
}
URBAN_TYPES = ("old", "commercial", "work_unit", "mixed")

FACILITY_KINDS = {
    "party_service_center": ("党群服务中心", "社区党群服务中心", "街道党群服务中心"),
    "compound_service_station": ("小区党群服务站", "党群服务站"),
    "neighborhood_center": ("邻里中心", "小区邻里中心"),
    "elderly_care_center": ("养老服务中心", "社区养老服务中心", "综合养老服务中心"),
    "day_care_center": ("日间照料中心", "社区日间照料中心", "日间照料站"),
    "elderly_canteen": ("老年食堂", "长者食堂", "助餐点", "社区食堂"),
    "sports_park": ("社区体育公园", "体育公园"),
    "study_room": ("城市书屋", "社区书屋", "书屋"),
}

PROGRAM_KINDS = {
    "smart_community_platform": ("智慧社区平台接入", "智慧社区平台", "智慧社区"),
    "culture_partnership": ("文化进社区协议", "文化合作帮扶协议", "文化帮扶"),
    "night_school": ("幸福夜校", "夜校"),
    "happiness_market": ("幸福集市", "集市"),
    "red_property": ("红色物业",),
    "elderly_meal_service": ("助餐", "老年助餐", "助餐服务"),
}

ORG_KINDS = {
    "community_party_org": ("社区党组织", "社区党委", "社区党总支", "社区党支部"),
    "compound_branch": ("小区党支部",),
    "social_org": ("社区社会组织", "社会组织"),
    "professional_social_org": ("专业社会组织", "专业社工机构", "社工机构"),
    "volunteer_team": ("志愿服务队", "志愿者队伍", "志愿队"),
    "volunteer_points_bank": ("志愿积分银行", "积分银行", "志愿服务银行"),
    "culture_troupe": ("文艺团队", "文体队伍", "文艺队"),
}

ACTIVITY_TYPES = {
    "public_service": ("为民服务", "便民服务"),
    "charity": ("公益慈善", "公益"),
    "mutual_aid": ("邻里互助", "互助"),
    "culture_sports": ("文体娱乐", "文体活动", "文化体育"),
    "production_skills": ("生产技术", "技能培训"),
    "training": ("培训", "教育培训"),
    "elderly": ("养老", "为老服务"),
    "youth": ("一老一小", "青少年", "儿童"),
}

STARS = {
    "strong_branch": ("支部过硬", "支部过硬星"),
    "co_build_share": ("共建共享", "共建共享星"),
    "safety_rule_of_law": ("平安法治", "平安法治星"),
    "jobs_business": ("宜业兴业", "宜业兴业星"),
    "happiness_harmony": ("幸福和谐", "幸福和谐星"),
    "industry": ("产业兴旺", "产业兴旺星"),
    "eco_livable": ("生态宜居", "生态宜居星"),
    "civility_happiness": ("文明幸福", "文明幸福星"),
}
CAPSTONE_STAR = "strong_branch"

# The English name of every registry value the UI shows (Chinese names are each value's first
# spelling above): one table for all of them, as the codes are unique across the registries (a
# test keeps every value named and every code unique). A value only found in uploaded data shows
# its code in words.
ENGLISH = {
    # areas.level
    "country": "Country",
    "province": "Province",
    "city": "City",
    "district": "District",
    "street": "Street/town",
    "community": "Community/village",
    # areas.community_type
    "old": "Old neighborhood",
    "commercial": "Commercial housing",
    "work_unit": "Work-unit compound",
    "mixed": "Mixed",
    "village_to_urban": "Village-to-urban",
    "village": "Administrative village",
    # facilities.facility_kind
    "party_service_center": "Party-mass service center",
    "compound_service_station": "Compound service station",
    "neighborhood_center": "Neighborhood center",
    "elderly_care_center": "Elderly care center",
    "day_care_center": "Day care center",
    "elderly_canteen": "Elderly canteen",
    "sports_park": "Community sports park",
    "study_room": "City study room",
    # facilities.status
    "planned": "Planned",
    "under_construction": "Under construction",
    "open": "Open",
    "rebuilt": "Rebuilt",
    # programs.program_kind
    "smart_community_platform": "Smart-community platform",
    "culture_partnership": "Culture partnership",
    "night_school": "Happiness night school",
    "happiness_market": "Happiness market",
    "red_property": "Red property management",
    "elderly_meal_service": "Meal service for the elderly",
    # organizations.org_kind
    "community_party_org": "Community Party organization",
    "compound_branch": "Compound Party branch",
    "social_org": "Community social organization",
    "professional_social_org": "Professional social organization",
    "volunteer_team": "Volunteer team",
    "volunteer_points_bank": "Volunteer points bank",
    "culture_troupe": "Culture troupe",
    # activity.activity_type
    "public_service": "Public service",
    "charity": "Charity",
    "mutual_aid": "Mutual aid",
    "culture_sports": "Culture and sports",
    "production_skills": "Production skills",
    "training": "Training",
    "elderly": "Elderly care",
    "youth": "The old and the young",
    # five_star.star
    "strong_branch": "Strong branch",
    "co_build_share": "Co-building & sharing",
    "safety_rule_of_law": "Safety & rule of law",
    "jobs_business": "Jobs & business",
    "happiness_harmony": "Happiness & harmony",
    "industry": "Thriving industry",
    "eco_livable": "Eco-livable",
    "civility_happiness": "Civility & happiness",
    # compounds.property_service
    "market": "Market-run",
    "soe_fallback": "State-owned fallback",
    "self_managed": "Self-managed",
    "none": "None",
    # street_areas.crs
    "wgs84": "WGS84",
    "gcj02": "GCJ-02",
}

LON = Column(
    "lon",
    "float",
    "经度",
    "Longitude",
    ("经度", "lng", "lon", "longitude"),
    minimum=73,
    maximum=136,
    example="112.4512",
)
LAT = Column(
    "lat", "float", "纬度", "Latitude", ("纬度", "lat", "latitude"), minimum=3, maximum=54, example="34.6197"
)
APPROX = Column(
    "is_location_approx",
    "bool",
    "坐标是否近似",
    "Location approximate",
    ("坐标是否近似", "坐标近似", "位置近似", "近似坐标", "is_location_approx"),
    example="否",
)


def _le(small: str, big: str, zh_small: str, zh_big: str, en_small: str, en_big: str) -> Check:
    return Check(
        f"{small}_le_{big}",
        f"{small} > {big}",
        small,
        f"{zh_small}大于{zh_big}",
        f"{en_small} is larger than {en_big}",
        f"{zh_small}是{zh_big}的一部分，不能更大；请核对两列",
        f"{en_small} is part of {en_big}; check both columns",
    )
