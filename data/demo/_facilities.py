"""Facilities: party service centers, compound stations, neighbourhood centers, elderly care, canteens,
sports parks and study rooms, with statuses and dates that make the published counts hold.

Every facility has a ``planned_date``: under the metric rules a facility with no planned date that
opens after ``as_of`` counts as planned on every earlier date, which is never what the articles mean.
"""

from __future__ import annotations

import datetime as dt
import random

from data.demo import _facts as F
from data.demo._areas import Community, World
from data.demo._common import apportion, hash_order, random_date, rng
from data.demo._compounds import Compound
from data.demo._geo import sample_near

Row = dict[str, object]
D = dt.date
DAY = dt.timedelta(days=1)


def fac(
    area: str,
    name: str,
    kind: str,
    *,
    planned: D,
    opened: D | None,
    lon: float,
    lat: float,
    approx: bool,
    area_m2: float,
    capacity: int | None,
    investment: float | None = None,
    due: D | None = None,
    rebuilt: D | None = None,
    closed: D | None = None,
    status: str | None = None,
) -> Row:
    if status is None:
        status = "rebuilt" if rebuilt else "open" if opened else "planned"
    return {
        "area_code": area,
        "facility_name": name,
        "facility_kind": kind,
        "status": status,
        "planned_date": planned,
        "due_date": due,
        "opened_date": opened,
        "rebuilt_date": rebuilt,
        "closed_date": closed,
        "area_m2": float(round(area_m2)),
        "capacity_persons": capacity,
        "investment_wan": investment,
        "lon": lon,
        "lat": lat,
        "is_location_approx": approx,
    }


def near(world: World, c: Community, r: random.Random, radius: float = 300.0) -> tuple[float, float]:
    return sample_near(world.shapes[c.district], r, c.lon, c.lat, radius, 20)


def opened_window(r: random.Random, c: Community, lo: D, hi: D) -> tuple[D, D]:
    """(planned, opened) with the opening in [lo, hi] and after the community was set up."""
    start = max(lo, c.start_day() + dt.timedelta(days=60))
    opened = random_date(r, start, max(start, hi))
    return opened - dt.timedelta(days=r.randint(120, 420)), opened


# ---------------------------------------------------------------------------------------------
# Party service centers (党群服务中心)
# ---------------------------------------------------------------------------------------------


def _psc(c: Community, r: random.Random, **kw: object) -> Row:
    kw.setdefault("area_m2", c.premises_m2)
    kw.setdefault("capacity", int(round(c.premises_m2 / 2)))
    return fac(
        c.code, c.name + "党群服务中心", "party_service_center", lon=c.lon, lat=c.lat, approx=c.approx, **kw
    )


def _party_centers(world: World) -> list[Row]:
    rows: list[Row] = []
    luolong_v2u = [
        c.code
        for c in world.in_district(F.LUOLONG)
        if c.exists_on(F.LUOLONG_AS_OF) and c.group == "village_to_urban"
    ]
    rebuilt = hash_order(luolong_v2u, "psc.rebuilt")[: F.LUOLONG_PSC_REBUILT]
    invest = dict(
        zip(
            rebuilt,
            apportion(
                F.LUOLONG_PSC_INVESTMENT_WAN,
                [rng("psc.w", code).uniform(0.6, 1.6) for code in rebuilt],
                floors=[20] * len(rebuilt),
            ),
            strict=True,
        )
    )
    jx_existing = [c for c in world.in_district(F.JIANXI) if c.exists_on(F.JIANXI_AS_OF)]
    jx_moved = {c.code for c in sorted(jx_existing, key=lambda c: (c.premises_m2, c.code))[:20]}
    luolong_new = [c.code for c in world.in_district(F.LUOLONG) if "new" in c.tags]
    unfinished = set(hash_order(luolong_new, "psc.unfinished")[:3])
    for c in world.communities:
        r = rng("psc", c.code)
        if "new" in c.tags:
            planned = c.established
            opened = planned + dt.timedelta(days=r.randint(60, 240))
            if c.code in unfinished:  # still being built at the end of 2024
                rows.append(
                    _psc(
                        c,
                        r,
                        planned=dt.date(2024, 3, 15),
                        opened=None,
                        status="under_construction",
                        due=dt.date(2025, 6, 30),
                        investment=float(r.randint(60, 140)),
                    )
                )
                continue
            rows.append(
                _psc(
                    c,
                    r,
                    planned=planned,
                    opened=opened,
                    investment=float(r.randint(40, 160)),
                    closed=c.abolished,
                )
            )
            continue
        planned, opened = opened_window(r, c, dt.date(2006, 1, 1), dt.date(2017, 12, 31))
        if c.code in invest:  # 洛龙: 35 rebuilt in 村改居 communities for 1500万元
            c.premises_m2 = max(c.premises_m2, float(r.randint(520, 820)))
            rows.append(
                _psc(
                    c,
                    r,
                    planned=planned,
                    opened=opened,
                    investment=float(invest[c.code]),
                    rebuilt=random_date(r, dt.date(2021, 3, 1), dt.date(2022, 11, 30)),
                )
            )
        elif c.code in jx_moved:  # 涧西: 20 community centers moved to new premises in 2020
            rows += _moved_center(c, r, planned, opened)
        elif c.district == F.WEIDU and (r.random() < 0.4 or c.code == "411002003001"):  # 2017 阵地提升
            when = (
                dt.date(2018, 5, 20)
                if c.code == "411002003001"
                else random_date(r, dt.date(2017, 4, 1), dt.date(2018, 10, 31))
            )
            rows.append(
                _psc(c, r, planned=planned, opened=opened, rebuilt=when, investment=float(r.randint(30, 90)))
            )
        elif c.code == F.LANHUA:  # 去办公化 renovation, 2021
            rows.append(
                _psc(c, r, planned=planned, opened=opened, rebuilt=dt.date(2021, 4, 20), investment=85.0)
            )
        else:
            rows.append(_psc(c, r, planned=planned, opened=opened, closed=c.abolished))
    return rows + _street_centers(world)


def _moved_center(c: Community, r: random.Random, planned: D, opened: D) -> list[Row]:
    """A 2020 project: planned before 2020-05-08, the old premises close when the new ones open."""
    new_planned = random_date(r, dt.date(2020, 2, 10), dt.date(2020, 4, 30))
    new_opened = random_date(r, dt.date(2020, 7, 15), dt.date(2021, 4, 30))
    old_area = c.premises_m2
    c.premises_m2 = max(c.premises_m2, float(r.randint(600, 900)))
    old = _psc(c, r, planned=planned, opened=opened, closed=new_opened, area_m2=old_area)
    old["facility_name"] = c.name + "党群服务中心(原址)"
    new = _psc(
        c,
        r,
        planned=new_planned,
        opened=new_opened,
        due=dt.date(2020, 12, 31),
        investment=float(r.randint(40, 120)),
    )
    return [old, new]


def _street_centers(world: World) -> list[Row]:
    rows = []
    for code in ("410305001", "410305007", "410305012"):  # 涧西 2020 street centers (service complexes)
        s, r = world.street(code), rng("psc.street", code)
        rows.append(
            fac(
                code,
                s.name + "党群服务中心",
                "party_service_center",
                planned=random_date(r, dt.date(2020, 2, 20), dt.date(2020, 4, 20)),
                due=dt.date(2020, 12, 31),
                opened=random_date(r, dt.date(2020, 10, 1), dt.date(2021, 6, 30)),
                lon=s.lon,
                lat=s.lat,
                approx=s.approx,
                area_m2=r.randint(1500, 3000),
                capacity=r.randint(600, 1200),
                investment=float(r.randint(300, 800)),
            )
        )
    d = world.districts[[x.code for x in world.districts].index(F.ZHIFU)]
    rows.append(
        fac(
            F.ZHIFU,
            "芝罘区党群服务中心",
            "party_service_center",
            planned=dt.date(2020, 5, 1),
            opened=dt.date(2021, 6, 28),
            lon=d.lon,
            lat=d.lat,
            approx=False,
            area_m2=5000,
            capacity=2000,
            investment=2600.0,
        )
    )
    return rows


# ---------------------------------------------------------------------------------------------
# Compound-level facilities
# ---------------------------------------------------------------------------------------------


def _at_compound(
    world: World,
    cp: Compound,
    kind: str,
    suffix: str,
    planned: D,
    opened: D | None,
    r: random.Random,
    area: tuple[int, int],
    cap: tuple[int, int],
    **kw: object,
) -> Row:
    lon, lat = sample_near(world.shapes[cp.origin.district], r, cp.lon, cp.lat, 60, 5)
    return fac(
        cp.community,
        cp.name + suffix,
        kind,
        planned=planned,
        opened=opened,
        lon=lon,
        lat=lat,
        approx=True,
        area_m2=r.randint(*area),
        capacity=r.randint(*cap),
        **kw,
    )


_STATION_SHARE = {F.ZHIFU: 0.62, F.LUOLONG: 0.15, F.WEIDU: 0.2, F.SIMAO: 0.2, F.JIANXI: 0.0}


def _stations(world: World, compounds: list[Compound]) -> list[Row]:
    rows = []
    for cp in compounds:
        r = rng("station", cp.community, cp.name)
        share = 1.0 if cp.community == F.LANHUA else _STATION_SHARE[cp.origin.district]
        if cp.branch_date is None or r.random() >= share:
            continue
        opened = cp.branch_date + dt.timedelta(days=r.randint(30, 400))
        if opened > dt.date(2024, 12, 20):
            continue
        rows.append(
            _at_compound(
                world,
                cp,
                "compound_service_station",
                "党群服务站",
                opened - dt.timedelta(days=r.randint(40, 150)),
                opened,
                r,
                (30, 160),
                (20, 120),
            )
        )
    return rows


def _neighborhood_centers(world: World, compounds: list[Compound]) -> list[Row]:
    rows = []
    jx = [
        cp
        for cp in compounds
        if cp.origin.district == F.JIANXI and cp.origin.exists_on(F.JIANXI_AS_OF) and cp.built_year <= 2019
    ]
    ranked = sorted(
        jx,
        key=lambda cp: (
            -cp.households * rng("nc.rank", cp.community, cp.name).uniform(0.5, 1.5),
            cp.community,
            cp.name,
        ),
    )
    for i, cp in enumerate(ranked[: F.JIANXI_NEIGHBORHOOD_PLANNED + 14 + 22]):
        r = rng("nc", cp.community, cp.name)
        if i < F.JIANXI_NEIGHBORHOOD_PLANNED:  # the 2020 project: 163 planned by 2020-05-08
            planned = random_date(r, dt.date(2020, 1, 6), dt.date(2020, 4, 30))
            if r.random() < 0.12:  # a few slipped into 2021
                opened = random_date(r, dt.date(2021, 1, 5), dt.date(2021, 8, 31))
            else:
                opened = random_date(r, dt.date(2020, 6, 1), dt.date(2020, 12, 28))
            rows.append(
                _at_compound(
                    world,
                    cp,
                    "neighborhood_center",
                    "邻里中心",
                    planned,
                    opened,
                    r,
                    (80, 420),
                    (40, 300),
                    due=dt.date(2020, 12, 31),
                    investment=float(r.randint(8, 45)),
                )
            )
        elif i < F.JIANXI_NEIGHBORHOOD_PLANNED + 14:  # 2018–2019 pilots, open before the project
            opened = random_date(r, dt.date(2018, 3, 1), dt.date(2019, 12, 20))
            rows.append(
                _at_compound(
                    world,
                    cp,
                    "neighborhood_center",
                    "邻里中心",
                    opened - dt.timedelta(days=r.randint(90, 240)),
                    opened,
                    r,
                    (80, 300),
                    (40, 200),
                )
            )
        else:  # later ones, some still planned for 2025
            planned = random_date(r, dt.date(2021, 3, 1), dt.date(2024, 9, 30))
            opened = planned + dt.timedelta(days=r.randint(150, 400))
            if opened > dt.date(2024, 12, 20):
                rows.append(
                    _at_compound(
                        world,
                        cp,
                        "neighborhood_center",
                        "邻里中心",
                        planned,
                        None,
                        r,
                        (80, 300),
                        (40, 200),
                        due=dt.date(2025, 6, 30),
                    )
                )
            else:
                rows.append(
                    _at_compound(
                        world,
                        cp,
                        "neighborhood_center",
                        "邻里中心",
                        planned,
                        opened,
                        r,
                        (80, 300),
                        (40, 200),
                        investment=float(r.randint(8, 40)),
                    )
                )
    others = {F.LUOLONG: 10, F.ZHIFU: 12, F.WEIDU: 6, F.SIMAO: 3}
    for district, n in others.items():
        pool = [cp for cp in compounds if cp.origin.district == district and cp.households >= 300]
        for key in hash_order([f"{cp.community}/{cp.name}" for cp in pool], "nc.other")[:n]:
            cp = next(x for x in pool if f"{x.community}/{x.name}" == key)
            r = rng("nc", cp.community, cp.name)
            planned = random_date(r, max(dt.date(2019, 6, 1), cp.origin.start_day()), dt.date(2024, 3, 31))
            opened = planned + dt.timedelta(days=r.randint(150, 300))
            rows.append(
                _at_compound(
                    world,
                    cp,
                    "neighborhood_center",
                    "邻里中心",
                    planned,
                    opened,
                    r,
                    (80, 300),
                    (40, 200),
                    investment=float(r.randint(10, 40)),
                )
            )
    return rows


def build_centers(world: World, compounds: list[Compound]) -> list[Row]:
    """Party service centers, compound stations and neighbourhood centers (this may enlarge a
    community's ``premises_m2`` when its center was rebuilt or moved)."""
    return _party_centers(world) + _stations(world, compounds) + _neighborhood_centers(world, compounds)
