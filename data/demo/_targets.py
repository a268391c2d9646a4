"""Targets: the published 涧西 coverage target, 保三冲四争五 five-star targets, national standards."""

from __future__ import annotations

import datetime as dt

from data.demo import _facts as F
from data.demo._areas import World

Row = dict[str, object]
D = dt.date
_NATIONAL_DUE = D(2025, 12, 31)  # 十四五 community-services plan
# year -> (share of communities at four stars or more, share at five stars)
_STAR_TARGETS = {2022: (0.08, 0.02), 2023: (0.16, 0.05), 2024: (0.28, 0.1)}


def _t(area: str, metric: str, value: float, due: D, note: str) -> Row:
    return {"area_code": area, "metric": metric, "target_value": float(value), "due_date": due, "note": note}


def _published() -> list[Row]:
    return [
        _t(
            F.JIANXI,
            "compound_branch_coverage_pct",
            100,
            F.JIANXI_BRANCH_TARGET_DUE,
            "年底实现小区党支部全覆盖",
        ),
        _t(
            F.JIANXI,
            "facilities_open:neighborhood_center",
            177,
            D(2020, 12, 31),
            "2020年提升小区邻里中心163个",
        ),
        _t(
            F.LUOLONG,
            "facilities_open:sports_park",
            25,
            D(2022, 12, 31),
            "第二批13个社区体育公园预计年底建成",
        ),
        _t(
            F.LUOLONG,
            "program_coverage_pct:smart_community_platform",
            100,
            D(2022, 12, 31),
            "智慧社区平台全覆盖",
        ),
        _t(
            F.LUOLONG,
            "coverage_pct:elderly_care_center:urban",
            100,
            D(2022, 12, 31),
            "城市社区养老服务中心全覆盖",
        ),
        _t(
            F.LUOLONG,
            "communities_meeting_social_org_minimum_pct",
            100,
            D(2022, 12, 31),
            "城市社区不少于10个、村改居社区不少于5个社区社会组织",
        ),
        _t(
            F.WEIDU,
            "communities_premises_ge_500m2_pct",
            100,
            D(2018, 12, 31),
            "社区办公服务用房原则上不少于500平方米",
        ),
        _t(F.ZHIFU, "communities_premises_ge_600m2_pct", 100, D(2024, 12, 31), "社区用房达到600平方米标准"),
        _t(F.ZHIFU, "program_coverage_pct:happiness_market", 100, D(2024, 12, 31), "幸福集市全覆盖"),
    ]


def _national() -> list[Row]:
    rows = []
    for district in F.DISTRICTS:
        rows.append(_t(district, "certified_share_pct", 50, _NATIONAL_DUE, "持证社工占比不低于50%"))
        rows.append(
            _t(district, "workers_per_10k_residents", 18, _NATIONAL_DUE, "每万城镇常住人口社区工作者18人")
        )
        rows.append(
            _t(
                district,
                "coverage_pct:party_service_center",
                100,
                _NATIONAL_DUE,
                "城市社区综合服务设施全覆盖",
            )
        )
    return rows


def _five_star(world: World) -> list[Row]:
    """保三冲四争五: district targets per year, and 2024 targets for every street."""
    rows = []
    for district in F.FIVE_STAR_DISTRICTS:
        for year, (four, five) in _STAR_TARGETS.items():
            n = sum(1 for c in world.in_district(district) if c.exists_on(D(year, 6, 30)))
            due = D(year, 12, 31)
            rows.append(
                _t(district, "four_plus_star_communities", round(n * four), due, "保三冲四争五：四星及以上")
            )
            rows.append(
                _t(district, "five_star_communities", max(1, round(n * five)), due, "保三冲四争五：五星")
            )
    for street in world.streets:
        if street.parent not in F.FIVE_STAR_DISTRICTS:
            continue
        n = sum(1 for c in world.communities if c.street == street.code and c.exists_on(D(2024, 6, 30)))
        if n:
            rows.append(
                _t(
                    street.code,
                    "four_plus_star_communities",
                    max(1, round(n * 0.3)),
                    D(2024, 12, 31),
                    "街道2024年争创目标",
                )
            )
    return rows


def build_targets(world: World) -> list[Row]:
    rows = _published() + _national() + _five_star(world)
    return sorted(rows, key=lambda row: (row["area_code"], row["metric"], row["due_date"]))
