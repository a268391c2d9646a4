"""Residential compounds (小区): names, sizes, ages, renovation, property service, party branches."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from data.demo import _facts as F
from data.demo import _names as N
from data.demo._areas import Community, World
from data.demo._common import apportion, clamp, hash_order, random_date, rng
from data.demo._geo import sample_near


@dataclass
class Compound:
    community: str  # the community code it is listed under
    origin: Community  # the community it was generated for (differs only after a merger)
    name: str
    households: int
    built_year: int
    renovated_year: int | None = None
    property_service: str = "market"
    branch_date: dt.date | None = None
    lon: float = 0.0
    lat: float = 0.0

    @property
    def is_old(self) -> bool:
        return self.built_year <= 2000  # 老旧小区: finished before the end of 2000


_AVG_SIZE = {"old": 420, "work_unit": 330, "commercial": 950, "mixed": 620, "village_to_urban": 650}
_COVERED = {"urban": (0.72, 0.95), "village_to_urban": (0.35, 0.7)}
_BUILT = {
    "old": (1978, 1999),
    "work_unit": (1965, 1998),
    "commercial": (2001, 2019),
    "mixed": (1988, 2018),
    "village_to_urban": (2006, 2020),
}
_RENOVATION = {F.LUOLONG: (0.35, 2019), F.WEIDU: (0.45, 2017), F.JIANXI: (0.35, 2019), F.SIMAO: (0.25, 2020)}
_BRANCH_SHARE = {F.LUOLONG: 0.78, F.WEIDU: 0.72, F.SIMAO: 0.35}


def _count(c: Community) -> int:
    if c.group == "village" or c.households < 500:
        return 0
    r = rng("compounds.count", c.code)
    covered = c.households * r.uniform(*_COVERED[c.group])
    return max(1, round(covered / _AVG_SIZE[c.ctype] * r.uniform(0.8, 1.25)))


def _name(c: Community, ctype: str, r: random.Random, taken: set[str]) -> str:
    road = r.choice(N.ROADS[c.district])
    if ctype == "work_unit":
        units = N.UNITS.get(c.district, N.UNITS["default"]) + N.UNITS["default"]
        cands = [r.choice(units) + r.choice(N.UNIT_SUFFIXES) for _ in range(4)]
    elif ctype == "old":
        cands = [
            f"{road}{r.randint(1, 160)}号院",
            c.root + r.choice(N.OLD_SUFFIXES),
            f"{road}{r.randint(1, 160)}号院",
        ]
    elif ctype == "village_to_urban":
        cands = [c.root + r.choice(N.RESETTLE_SUFFIXES) for _ in range(3)]
    else:
        cands = [r.choice(N.ESTATE_WORDS) + r.choice(N.ESTATE_SUFFIXES) for _ in range(4)]
    return N.unique(taken, cands, r)


def _compound_type(c: Community, r: random.Random) -> str:
    """Mixed communities hold every kind of compound; the others mostly their own kind."""
    if c.ctype == "mixed":
        return r.choices(("old", "work_unit", "commercial", "village_to_urban"), (3, 2, 4, 1))[0]
    if c.ctype in ("old", "work_unit") and r.random() < 0.15:
        return "commercial"
    return c.ctype


def _build_for(
    world: World,
    c: Community,
    n: int,
    years: tuple[int, int] | None,
    special: list[tuple[str, str]],
    taken: set[str],
    salt: str = "",
) -> list[Compound]:
    if n == 0:
        return []
    r = rng("compounds", c.code, salt)
    shape = world.shapes[c.district]
    weights = [r.lognormvariate(0, 0.6) for _ in range(n)]
    covered = int(c.households * r.uniform(*_COVERED.get(c.group, (0.5, 0.8))))
    sizes = apportion(max(covered, 25 * n), weights, floors=[25] * n)
    radius = 800.0 if c.group == "village_to_urban" else 550.0
    out = []
    for i in range(n):
        if i < len(special):
            name, ctype = special[i]
            taken.add(name)
        else:
            ctype = _compound_type(c, r)
            name = _name(c, ctype, r, taken)
        lo, hi = years or _BUILT[ctype]
        lon, lat = sample_near(shape, r, c.lon, c.lat, radius, 60)
        out.append(Compound(c.code, c, name, sizes[i], r.randint(lo, hi), lon=lon, lat=lat))
    return out


_SPECIAL = {  # compounds named in the articles
    F.TIANYUAN: [("勤政苑", "commercial")],
    "410305011004": [("中泰世纪花城", "commercial")],
    "411002003001": [("建安社区大院", "old")],
}


def _for_community(world: World, c: Community, jianxi_counts: dict[str, int]) -> list[Compound]:
    special = _SPECIAL.get(c.code, [])
    taken: set[str] = set()
    if c.code == F.LANHUA:  # 96 compounds by 2021, two more estates finished in 2022 and 2023
        late = [("茶城壹号", "commercial"), ("兰溪府", "commercial")]
        return (
            _build_for(world, c, F.LANHUA_COMPOUNDS, (1985, 2021), [], taken)
            + _build_for(world, c, 1, (2022, 2022), late[:1], taken, "late1")
            + _build_for(world, c, 1, (2023, 2023), late[1:], taken, "late2")
        )
    if c.code in jianxi_counts:
        out = _build_for(world, c, jianxi_counts[c.code], None, special, taken)
        if rng("compounds.jx_new", c.code).random() < 0.08:  # a new estate finished after 2020
            out += _build_for(world, c, 1, (2021, 2024), [(c.root + "新苑", "commercial")], taken, "new")
        return out
    if c.district == F.JIANXI:  # the four communities set up in 2020–2021
        return _build_for(world, c, max(1, _count(c)), (2021, 2023), special, taken)
    return _build_for(world, c, max(_count(c), len(special)), None, special, taken)


def _all_compounds(world: World) -> list[Compound]:
    jianxi_old = [c for c in world.in_district(F.JIANXI) if c.exists_on(F.JIANXI_AS_OF)]
    counts = apportion(F.JIANXI_COMPOUNDS, [_count(c) for c in jianxi_old], floors=[1] * len(jianxi_old))
    jianxi_counts = dict(zip([c.code for c in jianxi_old], counts, strict=True))
    out = [cp for c in world.communities for cp in _for_community(world, c, jianxi_counts)]
    for cp in out:  # 芝罘: compounds of merged communities are now listed under the survivor
        if cp.community in _MERGED:
            cp.community = _MERGED[cp.community]
    return out


_MERGED = {"370602009014": "370602009015", "370602009016": "370602009015"}


# ---------------------------------------------------------------------------------------------
# Renovation and property service
# ---------------------------------------------------------------------------------------------


def _renovate(compounds: list[Compound]) -> None:
    zhifu_old = [cp for cp in compounds if cp.origin.district == F.ZHIFU and cp.is_old]
    picked = hash_order([f"{cp.community}/{cp.name}" for cp in zhifu_old], "renovate.zhifu")
    chosen = set(picked[: F.ZHIFU_UPGRADED_OLD])
    years = [2021] * 16 + [2022] * 18 + [2023] * 19 + [2024] * 19  # 连续4年, 72 in all
    year_of = {key: years[i] for i, key in enumerate(picked[: F.ZHIFU_UPGRADED_OLD])}
    for cp in zhifu_old:
        key = f"{cp.community}/{cp.name}"
        if key in chosen:
            cp.renovated_year = max(year_of[key], cp.built_year + 1)
    for cp in compounds:
        if cp.origin.district == F.ZHIFU or not cp.is_old:
            continue
        share, first = _RENOVATION[cp.origin.district]
        r = rng("renovate", cp.community, cp.name)
        if cp.name == "建安社区大院":
            cp.renovated_year = 2018
        elif r.random() < share * (0.6 + cp.origin.quality):
            cp.renovated_year = r.randint(first, 2024)


def _property(compounds: list[Compound]) -> None:
    zhifu_old = [cp for cp in compounds if cp.origin.district == F.ZHIFU and cp.is_old]
    soe = set(
        hash_order([f"{cp.community}/{cp.name}" for cp in zhifu_old], "soe.zhifu")[: F.ZHIFU_SOE_PROPERTY]
    )
    for cp in compounds:
        r = rng("property", cp.community, cp.name)
        if cp.origin.district == F.ZHIFU and cp.is_old:
            cp.property_service = (
                "soe_fallback"
                if f"{cp.community}/{cp.name}" in soe
                else r.choices(("market", "self_managed", "none"), (3, 4, 2))[0]
            )
        elif cp.is_old:
            soe_w = 3 if cp.origin.ctype == "work_unit" else 1.5
            cp.property_service = r.choices(
                ("market", "soe_fallback", "self_managed", "none"), (2.5, soe_w, 3.5, 2)
            )[0]
        elif cp.origin.group == "village_to_urban":
            cp.property_service = r.choices(("market", "self_managed", "none"), (3, 5, 2))[0]
        else:
            cp.property_service = r.choices(("market", "self_managed"), (9, 1))[0]


# ---------------------------------------------------------------------------------------------
# Compound party branches
# ---------------------------------------------------------------------------------------------


def _branch_rank(cps: list[Compound], salt: str) -> list[Compound]:
    """Bigger compounds in better-run communities set up a branch first (with some noise)."""

    def score(cp: Compound) -> float:
        noise = rng("branch.rank", salt, cp.community, cp.name).uniform(0.5, 1.5)
        return cp.households * (0.4 + cp.origin.quality) * noise

    return sorted(cps, key=lambda cp: (-score(cp), cp.community, cp.name))


def _earliest(cp: Compound) -> dt.date:
    return max(dt.date(cp.built_year + 1, 1, 1), cp.origin.start_day(), dt.date(2016, 7, 1))


def _branches_jianxi(cps: list[Compound]) -> None:
    """174 branches by 2020-05-08, then the push toward full coverage by the end of 2020."""
    counted = [cp for cp in cps if cp.origin.exists_on(F.JIANXI_AS_OF) and cp.built_year <= 2020]
    early = [cp for cp in _branch_rank(counted, "jianxi") if _earliest(cp) <= F.JIANXI_AS_OF]
    first = early[: F.JIANXI_BRANCHES]
    for cp in first:
        r = rng("branch.jx", cp.community, cp.name)
        cp.branch_date = random_date(r, max(_earliest(cp), dt.date(2017, 3, 1)), F.JIANXI_AS_OF)
    push_end = F.JIANXI_BRANCH_TARGET_DUE
    for i, cp in enumerate(_branch_rank([cp for cp in cps if cp.branch_date is None], "jianxi.push")):
        r = rng("branch.jx", cp.community, cp.name)
        start = max(_earliest(cp), F.JIANXI_AS_OF + dt.timedelta(days=1))
        if i < 384 and start <= push_end:
            cp.branch_date = random_date(r, start, push_end)
        elif start <= dt.date(2024, 12, 20):
            end = min(max(start + dt.timedelta(days=300), dt.date(2021, 9, 30)), dt.date(2024, 12, 20))
            cp.branch_date = random_date(r, start, end)


def _branches_zhifu(cps: list[Compound]) -> None:
    eligible = [cp for cp in cps if _earliest(cp) <= F.ZHIFU_AS_OF]
    for i, cp in enumerate(_branch_rank(eligible, "zhifu")[: F.ZHIFU_BRANCHES + 5]):
        r = rng("branch.zf", cp.community, cp.name)
        if i < F.ZHIFU_BRANCHES:
            cp.branch_date = random_date(r, max(_earliest(cp), dt.date(2017, 1, 1)), F.ZHIFU_AS_OF)
        else:
            cp.branch_date = random_date(r, F.ZHIFU_AS_OF + dt.timedelta(days=1), dt.date(2024, 12, 31))


def _branches_lanhua(cps: list[Compound]) -> None:
    ranked = _branch_rank([cp for cp in cps if cp.built_year <= 2021], "lanhua")
    for i, cp in enumerate(ranked[: F.LANHUA_BRANCHES + 15]):
        r = rng("branch.lh", cp.name)
        if i < F.LANHUA_BRANCHES:  # 一网一支部, 2021
            cp.branch_date = random_date(r, dt.date(2021, 3, 1), dt.date(2021, 11, 30))
        else:
            cp.branch_date = random_date(r, dt.date(2022, 1, 10), dt.date(2024, 12, 20))


def _branches_other(cps: list[Compound], district: str) -> None:
    for cp in cps:
        r = rng("branch", cp.community, cp.name)
        share = _BRANCH_SHARE[district] * (0.5 + cp.origin.quality) * (0.6 if cp.households < 120 else 1.0)
        start = max(_earliest(cp), dt.date(2017, 1, 1))
        if r.random() >= clamp(share, 0.0, 0.97) or start > dt.date(2024, 12, 20):
            continue
        if start <= dt.date(2023, 12, 31) and r.random() < 0.7:  # most came with the 支部建在小区 push
            cp.branch_date = random_date(r, max(start, dt.date(2020, 1, 1)), dt.date(2023, 12, 31))
        else:
            cp.branch_date = random_date(r, start, dt.date(2024, 12, 20))


def build_compounds(world: World) -> list[Compound]:
    compounds = _all_compounds(world)
    _renovate(compounds)
    _property(compounds)
    by_district: dict[str, list[Compound]] = {d: [] for d in F.DISTRICTS}
    for cp in compounds:
        by_district[cp.origin.district].append(cp)
    _branches_jianxi(by_district[F.JIANXI])
    _branches_zhifu(by_district[F.ZHIFU])
    lanhua = [cp for cp in by_district[F.SIMAO] if cp.community == F.LANHUA]
    _branches_lanhua(lanhua)
    _branches_other([cp for cp in by_district[F.SIMAO] if cp.community != F.LANHUA], F.SIMAO)
    _branches_other(by_district[F.LUOLONG], F.LUOLONG)
    _branches_other(by_district[F.WEIDU], F.WEIDU)
    return sorted(compounds, key=lambda cp: (cp.community, cp.name))


def compound_rows(compounds: list[Compound]) -> list[dict[str, object]]:
    return [
        {
            "community_code": cp.community,
            "compound_name": cp.name,
            "households": cp.households,
            "built_year": cp.built_year,
            "is_old_compound": cp.is_old,
            "renovated_year": cp.renovated_year,
            "property_service": cp.property_service,
            "party_branch_founded_date": cp.branch_date,
            "lon": cp.lon,
            "lat": cp.lat,
        }
        for cp in compounds
    ]
