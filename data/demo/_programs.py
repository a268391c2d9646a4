"""Programs: which community joined which work program when."""

from __future__ import annotations

import datetime as dt

from data.demo import _facts as F
from data.demo._areas import Community, World
from data.demo._common import hash_order, random_date, rng

Row = dict[str, object]
D = dt.date

# 洛龙 smart-community platform: connected in batches (分批次接入); 天元 was among the first.
_SMART_BATCHES = (D(2021, 1, 8), D(2021, 6, 18), D(2021, 11, 26), D(2022, 5, 20), D(2022, 10, 28))


def _row(c: Community, kind: str, joined: D, left: D | None = None) -> Row:
    return {
        "community_code": c.code,
        "program_kind": kind,
        "joined_date": joined,
        "left_date": left if left is not None else c.abolished,
    }


def _after(c: Community, day: D) -> D:
    return max(day, c.start_day() + dt.timedelta(days=30))


def _smart(world: World) -> list[Row]:
    rows = []
    for c in world.in_district(F.LUOLONG):
        r = rng("program.smart", c.code)
        if "new" in c.tags:  # set up in 2023: connected within a year
            rows.append(
                _row(c, "smart_community_platform", random_date(r, _after(c, D(2023, 7, 1)), D(2024, 6, 28)))
            )
            continue
        rank = 0 if "notable" in c.tags else min(4, int((1 - c.quality) * 5 + r.random()))
        rows.append(_row(c, "smart_community_platform", _SMART_BATCHES[rank]))
    for c in world.in_district(F.WEIDU):  # 魏都 信息化社会服务管理体系 (2016–2019)
        r = rng("program.smart", c.code)
        rows.append(
            _row(
                c,
                "smart_community_platform",
                random_date(r, _after(c, D(2016, 9, 1)), _after(c, D(2019, 6, 30))),
            )
        )
    zhifu = [c.code for c in world.in_district(F.ZHIFU) if c.abolished is None]
    for code in hash_order(zhifu, "smart.zf")[:60]:
        c = world.community(code)
        rows.append(
            _row(
                c,
                "smart_community_platform",
                random_date(rng("program.smart", code), _after(c, D(2022, 3, 1)), D(2024, 9, 30)),
            )
        )
    return rows


def _luolong_culture(world: World) -> list[Row]:
    """22 communities signed 文化合作帮扶协议 with the first batch of troupes in 2022; 15 more later."""
    pool = [c.code for c in world.in_district(F.LUOLONG) if c.exists_on(F.LUOLONG_AS_OF)]

    def key(code: str) -> tuple[bool, float, str]:
        c = world.community(code)
        return c.group != "urban", -(c.quality + rng("program.culture.rank", code).uniform(0, 0.4)), code

    urban_first = sorted(pool, key=key)
    rows = []
    for i, code in enumerate(urban_first[: F.LUOLONG_CULTURE_PARTNERS + 15]):
        c, r = world.community(code), rng("program.culture", code)
        joined = (
            random_date(r, D(2022, 3, 1), D(2022, 11, 30))
            if i < F.LUOLONG_CULTURE_PARTNERS
            else random_date(r, D(2023, 3, 1), D(2024, 10, 31))
        )
        rows.append(_row(c, "culture_partnership", joined))
    return rows


def _zhifu(world: World) -> list[Row]:
    """幸福夜校 in 12 communities by 2024-10-29 (3 more in November), 幸福集市 in all 156."""
    existing = [c for c in world.in_district(F.ZHIFU) if c.exists_on(F.ZHIFU_AS_OF)]
    rows = []
    ranked = sorted(existing, key=lambda c: (-c.quality, c.code))
    for i, c in enumerate(ranked[: F.ZHIFU_NIGHT_SCHOOLS + 3]):
        r = rng("program.night", c.code)
        joined = (
            random_date(r, D(2024, 3, 1), D(2024, 9, 20))
            if i < F.ZHIFU_NIGHT_SCHOOLS
            else random_date(r, D(2024, 11, 4), D(2024, 11, 29))
        )
        rows.append(_row(c, "night_school", joined))
    for c in existing:  # launched after the two mergers of 2024-05-31
        rows.append(
            _row(
                c,
                "happiness_market",
                random_date(rng("program.market", c.code), D(2024, 6, 3), D(2024, 10, 18)),
            )
        )
    return rows


def _spread(world: World, kind: str, district: str, share: float, window: tuple[D, D]) -> list[Row]:
    pool = [c for c in world.in_district(district) if c.group != "village"]
    n = round(len(pool) * share)
    ranked = sorted(
        pool, key=lambda c: (-(c.quality + rng("program.rank", kind, c.code).uniform(0, 0.5)), c.code)
    )
    rows = []
    for c in ranked[:n]:
        start = _after(c, window[0])
        if start <= window[1]:
            rows.append(_row(c, kind, random_date(rng("program", kind, c.code), start, window[1])))
    return rows


def _meal_service(world: World, facilities: list[Row]) -> list[Row]:
    """助餐: every community with an elderly canteen joined when the canteen opened."""
    rows = []
    for f in facilities:
        if f["facility_kind"] == "elderly_canteen" and f["opened_date"] and len(str(f["area_code"])) == 12:
            rows.append(_row(world.community(str(f["area_code"])), "elderly_meal_service", f["opened_date"]))
    return rows


def build_programs(world: World, facilities: list[Row]) -> list[Row]:
    rows = _smart(world) + _luolong_culture(world) + _zhifu(world)
    rows += _spread(world, "red_property", F.LUOLONG, 0.45, (D(2021, 4, 1), D(2024, 10, 31)))
    rows += _spread(world, "red_property", F.JIANXI, 0.5, (D(2020, 6, 1), D(2024, 6, 30)))
    rows += _spread(world, "red_property", F.SIMAO, 0.4, (D(2021, 5, 1), D(2024, 6, 30)))
    rows += _spread(world, "night_school", F.WEIDU, 0.15, (D(2023, 3, 1), D(2024, 9, 30)))
    rows += _meal_service(world, facilities)
    seen: set[tuple[str, str]] = set()
    unique = []
    for row in rows:
        key = (str(row["community_code"]), str(row["program_kind"]))
        if key not in seen:
            seen.add(key)
            unique.append(row)
    return sorted(unique, key=lambda row: (row["community_code"], row["program_kind"]))
