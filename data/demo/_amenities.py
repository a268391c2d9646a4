"""Amenity facilities: elderly care centers, day care, canteens, sports parks and study rooms."""

from __future__ import annotations

import datetime as dt
import random

from data.demo import _facts as F
from data.demo._areas import Community, World
from data.demo._common import apportion, hash_order, random_date, rng
from data.demo._facilities import Row, fac, near, opened_window

D = dt.date


def _at(
    world: World,
    c: Community,
    kind: str,
    name: str,
    planned: D,
    opened: D | None,
    r: random.Random,
    area_m2: float,
    capacity: int,
    **kw: object,
) -> Row:
    lon, lat = near(world, c, r)
    return fac(
        c.code,
        name,
        kind,
        planned=planned,
        opened=opened,
        lon=lon,
        lat=lat,
        approx=c.approx,
        area_m2=area_m2,
        capacity=capacity,
        closed=c.abolished,
        **kw,
    )


def _pick_n(
    world: World, district: str, n: int, salt: str, groups: tuple[str, ...] = ("urban",)
) -> list[Community]:
    """``n`` communities of the groups: half the best-run ones, half at random."""
    pool = [c for c in world.in_district(district) if c.group in groups]
    best = [c.code for c in sorted(pool, key=lambda c: (-c.quality, c.code))[: n // 2]]
    rest = [code for code in hash_order([c.code for c in pool], salt) if code not in best]
    chosen = set(best + rest[: n - len(best)])
    return [c for c in pool if c.code in chosen]


def _pick(
    world: World, district: str, share: float, salt: str, groups: tuple[str, ...] = ("urban",)
) -> list[Community]:
    n = round(sum(1 for c in world.in_district(district) if c.group in groups) * share)
    return _pick_n(world, district, n, salt, groups)


# ---------------------------------------------------------------------------------------------
# Elderly care
# ---------------------------------------------------------------------------------------------


def _luolong_elderly(world: World) -> list[Row]:
    """49 open on 2022-12-31: one in every urban community plus 9 in large 村改居 ones, each >= 500 m²,
    serving 3万余 elders; eight more opened in 2023–2024."""
    existing = [c for c in world.in_district(F.LUOLONG) if c.exists_on(F.LUOLONG_AS_OF)]
    urban = [c for c in existing if c.group == "urban"]
    v2u = sorted(
        [c for c in existing if c.group == "village_to_urban"], key=lambda c: (-c.households, c.code)
    )
    first = urban + v2u[: F.LUOLONG_ELDERLY_CENTERS - len(urban)]
    areas = [rng("elderly.area", c.code).randint(500, 900) for c in first]
    caps = apportion(F.LUOLONG_ELDERLY_CAPACITY, areas, floors=[300] * len(first))
    rows = []
    for c, area, cap in zip(first, areas, caps, strict=True):
        r = rng("elderly", c.code)
        planned, opened = opened_window(r, c, dt.date(2019, 3, 1), dt.date(2022, 11, 30))
        rows.append(
            _at(
                world,
                c,
                "elderly_care_center",
                c.name + "养老服务中心",
                planned,
                opened,
                r,
                area,
                cap,
                investment=float(r.randint(60, 180)),
            )
        )
    later = v2u[F.LUOLONG_ELDERLY_CENTERS - len(urban) :][:8]
    for c in later:
        r = rng("elderly", c.code)
        planned = random_date(r, dt.date(2023, 2, 1), dt.date(2023, 12, 31))
        opened = planned + dt.timedelta(days=r.randint(180, 330))
        rows.append(
            _at(
                world,
                c,
                "elderly_care_center",
                c.name + "养老服务中心",
                planned,
                opened,
                r,
                r.randint(500, 760),
                r.randint(350, 700),
                investment=float(r.randint(60, 160)),
            )
        )
    return rows


_ELDERLY_SHARE = {F.WEIDU: 0.45, F.JIANXI: 0.3, F.ZHIFU: 0.35, F.SIMAO: 0.3}


def _elderly(world: World) -> list[Row]:
    rows = _luolong_elderly(world)
    for district, share in _ELDERLY_SHARE.items():
        for c in _pick(world, district, share, "elderly.pick", ("urban", "village_to_urban")):
            r = rng("elderly", c.code)
            planned, opened = opened_window(r, c, dt.date(2018, 1, 1), dt.date(2024, 6, 30))
            rows.append(
                _at(
                    world,
                    c,
                    "elderly_care_center",
                    c.name + "养老服务中心",
                    planned,
                    opened,
                    r,
                    r.randint(300, 1100),
                    r.randint(200, 800),
                    investment=float(r.randint(40, 200)),
                )
            )
    for district in F.DISTRICTS:  # day care: in communities without a care center, mostly
        for c in _pick(world, district, 0.3, "daycare.pick", ("urban", "village_to_urban", "village")):
            r = rng("daycare", c.code)
            planned, opened = opened_window(r, c, dt.date(2015, 1, 1), dt.date(2024, 9, 30))
            rows.append(
                _at(
                    world,
                    c,
                    "day_care_center",
                    c.name + "日间照料中心",
                    planned,
                    opened,
                    r,
                    r.randint(150, 500),
                    r.randint(30, 120),
                    investment=float(r.randint(15, 60)),
                )
            )
    return rows


def _canteens(world: World) -> list[Row]:
    dhy = world.community(F.DAHAIYANG)
    r = rng("canteen", dhy.code)
    rows = [
        _at(
            world,
            dhy,
            "elderly_canteen",
            "大海阳社区老年食堂",
            dt.date(2016, 3, 1),
            dt.date(2016, 9, 1),
            r,
            420,
            F.DAHAIYANG_CANTEEN_CAPACITY,
            investment=45.0,
        )
    ]  # 全区首个, 8 years by 2024
    counts = {F.ZHIFU: 30, F.LUOLONG: 12, F.WEIDU: 8, F.JIANXI: 8, F.SIMAO: 3}
    names = ("长者食堂", "幸福食堂", "老年食堂", "爱心食堂")
    for district, n in counts.items():
        pool = [c for c in world.in_district(district) if c.group != "village" and c.code != F.DAHAIYANG]
        for code in hash_order([c.code for c in pool], "canteen.pick")[:n]:
            c = world.community(code)
            r = rng("canteen", code)
            planned, opened = opened_window(r, c, dt.date(2019, 6, 1), dt.date(2024, 11, 30))
            rows.append(
                _at(
                    world,
                    c,
                    "elderly_canteen",
                    c.name + r.choice(names),
                    planned,
                    opened,
                    r,
                    r.randint(120, 360),
                    r.randint(80, 420),
                    investment=float(r.randint(10, 40)),
                )
            )
    return rows


# ---------------------------------------------------------------------------------------------
# Sports parks and study rooms
# ---------------------------------------------------------------------------------------------

_PARK_WORDS = (
    "牡丹",
    "洛浦",
    "伊滨",
    "翠云",
    "古城",
    "龙门",
    "定鼎",
    "开元",
    "关林",
    "太康",
    "学府",
    "乐天",
    "泉舜",
    "宝龙",
    "广利",
    "安乐",
    "英才",
    "观澜",
    "龙和",
    "鸿儒",
    "天元",
    "龙瑞",
    "丽景",
    "同乐",
    "隋唐",
    "伊河",
    "通达",
    "龙泰",
    "洛龙",
)


def _park(
    world: World,
    c: Community,
    word: str,
    r: random.Random,
    planned: D,
    opened: D | None,
    area: float,
    **kw: object,
) -> Row:
    lon, lat = near(world, c, r, 700.0)
    return fac(
        c.code,
        f"{word}社区体育公园",
        "sports_park",
        planned=planned,
        opened=opened,
        lon=lon,
        lat=lat,
        approx=c.approx,
        area_m2=area,
        capacity=int(area / 8),
        investment=float(round(area * 0.028)),
        **kw,
    )


def _luolong_parks(world: World) -> list[Row]:
    """12 open by 2022-12-31 (3.9万 m² in all, 厚德园 among them), 13 more planned for the year end
    that opened in 2023, and four in 2024."""
    hosts = [c for c in world.in_district(F.LUOLONG) if c.exists_on(F.LUOLONG_AS_OF) and c.group == "urban"]
    hosts = [world.community(code) for code in hash_order([c.code for c in hosts], "park.hosts")]
    hosts = [world.community(F.TIANYUAN)] + [c for c in hosts if c.code != F.TIANYUAN]
    words = ["厚德园", *_PARK_WORDS]
    areas = apportion(
        F.LUOLONG_SPORTS_PARK_AREA_M2,
        [rng("park.area", i).lognormvariate(0, 0.35) for i in range(F.LUOLONG_SPORTS_PARKS_OPEN)],
        floors=[1500] * F.LUOLONG_SPORTS_PARKS_OPEN,
    )
    rows = []
    for i, c in enumerate(hosts[: F.LUOLONG_SPORTS_PARKS_OPEN + F.LUOLONG_SPORTS_PARKS_PLANNED + 4]):
        r = rng("park", c.code)
        if i < F.LUOLONG_SPORTS_PARKS_OPEN:
            planned = random_date(r, dt.date(2020, 10, 1), dt.date(2021, 6, 30))
            opened = random_date(r, dt.date(2021, 7, 1), dt.date(2022, 10, 31))
            rows.append(_park(world, c, words[i], r, planned, opened, areas[i]))
        elif i < F.LUOLONG_SPORTS_PARKS_OPEN + F.LUOLONG_SPORTS_PARKS_PLANNED:  # 预计今年年底建成
            planned = random_date(r, dt.date(2022, 3, 1), dt.date(2022, 9, 30))
            opened = random_date(r, dt.date(2023, 2, 1), dt.date(2023, 9, 30))
            rows.append(
                _park(
                    world, c, words[i], r, planned, opened, r.randint(1800, 4800), due=dt.date(2022, 12, 31)
                )
            )
        else:
            planned = random_date(r, dt.date(2023, 5, 1), dt.date(2023, 12, 31))
            opened = planned + dt.timedelta(days=r.randint(200, 330))
            rows.append(_park(world, c, words[i], r, planned, opened, r.randint(2000, 5000)))
    return rows


def _parks(world: World) -> list[Row]:
    rows = _luolong_parks(world)
    for district, n in {F.ZHIFU: 8, F.WEIDU: 6, F.JIANXI: 7, F.SIMAO: 3}.items():
        for c in _pick_n(world, district, n, "park.pick", ("urban", "village_to_urban")):
            r = rng("park", c.code)
            planned, opened = opened_window(r, c, dt.date(2019, 5, 1), dt.date(2024, 10, 31))
            rows.append(_park(world, c, c.root, r, planned, opened, r.randint(1500, 6000)))
    return rows


def _study_rooms(world: World) -> list[Row]:
    rows = []
    shares = {F.LUOLONG: 0.55, F.WEIDU: 0.12, F.JIANXI: 0.18, F.ZHIFU: 0.15, F.SIMAO: 0.1}
    for district, share in shares.items():
        chosen = _pick(world, district, share, "study.pick")
        if district == F.SIMAO and all(c.code != F.LANHUA for c in chosen):
            chosen.append(world.community(F.LANHUA))
        for c in chosen:
            r = rng("study", c.code)
            planned, opened = opened_window(r, c, dt.date(2019, 1, 1), dt.date(2024, 8, 31))
            if c.code == F.LANHUA:
                planned, opened = dt.date(2021, 1, 10), dt.date(2021, 4, 20)
            rows.append(
                _at(
                    world,
                    c,
                    "study_room",
                    c.name + "城市书屋",
                    planned,
                    opened,
                    r,
                    r.randint(80, 300),
                    r.randint(30, 90),
                    investment=float(r.randint(5, 30)),
                )
            )
    return rows


_PIPELINE = {  # kind -> name ending of a 2025 project (distinct from the names used above)
    "elderly_care_center": "综合养老服务中心",
    "sports_park": "全民健身体育公园",
    "elderly_canteen": "长者助餐点",
    "study_room": "城市书房",
}


def _pipeline(world: World) -> list[Row]:
    """Projects listed in 2024 and due in 2025: planned or under construction at the end of the data."""
    rows = []
    for district in F.DISTRICTS:
        pool = [c.code for c in world.in_district(district) if c.group != "village" and c.abolished is None]
        for i, (kind, ending) in enumerate(_PIPELINE.items()):
            c = world.community(hash_order(pool, "pipeline", kind)[0])
            r = rng("pipeline", kind, c.code)
            planned = random_date(r, dt.date(2024, 3, 1), dt.date(2024, 11, 30))
            status = "under_construction" if i % 2 == 0 else "planned"
            rows.append(
                _at(
                    world,
                    c,
                    kind,
                    c.root + ending,
                    planned,
                    None,
                    r,
                    r.randint(200, 2500),
                    r.randint(50, 400),
                    due=random_date(r, dt.date(2025, 3, 1), dt.date(2025, 12, 31)),
                    status=status,
                    investment=float(r.randint(20, 300)),
                )
            )
    return rows


def build_amenities(world: World) -> list[Row]:
    return _elderly(world) + _canteens(world) + _parks(world) + _study_rooms(world) + _pipeline(world)
