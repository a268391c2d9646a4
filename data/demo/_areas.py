"""Areas: the five districts, their streets and communities, with types, dates, sizes and coordinates."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from data.demo import _facts as F
from data.demo import _stories as S
from data.demo._common import clamp, hash_order, random_date, rng
from data.demo._geo import Shape, load_shapes, sample_inside, sample_near

REFERENCE = Path(__file__).resolve().parents[1] / "reference"
URBAN = ("old", "commercial", "work_unit", "mixed")


@dataclass
class Area:
    """A district or street."""

    code: str
    name: str
    level: str
    parent: str | None
    subtype: str
    lon: float | None = None
    lat: float | None = None
    approx: bool = False
    established: dt.date | None = None


@dataclass
class Community:
    code: str
    name: str
    street: str
    subtype: str
    ur_code: str
    ctype: str = ""
    households: int = 0
    population: int = 0
    premises_m2: float = 0.0
    lon: float = 0.0
    lat: float = 0.0
    approx: bool = True
    established: dt.date | None = None
    abolished: dt.date | None = None
    quality: float = 0.5
    tags: set[str] = field(default_factory=set)

    @property
    def district(self) -> str:
        return self.code[:6]

    @property
    def root(self) -> str:
        """The name without 社区/村, used to name compounds and organizations."""
        for suffix in ("社区", "村"):
            if self.name.endswith(suffix) and len(self.name) > len(suffix) + 1:
                return self.name[: -len(suffix)]
        return self.name

    @property
    def group(self) -> str:
        """urban | village_to_urban | village."""
        return "urban" if self.ctype in URBAN else self.ctype

    def exists_on(self, day: dt.date) -> bool:
        return (self.established is None or self.established <= day) and (
            self.abolished is None or self.abolished > day
        )

    def start_day(self) -> dt.date:
        return self.established or dt.date(1990, 1, 1)


@dataclass
class World:
    districts: list[Area]
    streets: list[Area]
    communities: list[Community]
    shapes: dict[str, Shape]

    def community(self, code: str) -> Community:
        return next(c for c in self.communities if c.code == code)

    def in_district(self, district: str) -> list[Community]:
        return [c for c in self.communities if c.district == district]

    def street(self, code: str) -> Area:
        return next(s for s in self.streets if s.code == code)


def short_name(name: str) -> str:
    """天元社区居民委员会 -> 天元社区; 莲花村民委员会 -> 莲花村; 平掌村村民委员会 -> 平掌村."""
    for suffix in ("居民委员会", "居委会"):
        if name.endswith(suffix):
            root = name[: -len(suffix)]
            return root if root.endswith("社区") else root + "社区"
    for suffix in ("村民委员会", "村委会"):
        if name.endswith(suffix):
            root = name[: -len(suffix)]
            return root if root.endswith("村") else root + "村"
    return name


def _read_divisions() -> list[dict[str, str]]:
    with (REFERENCE / "divisions.csv").open(encoding="utf-8", newline="") as fh:
        return [row for row in csv.DictReader(fh) if row["code"][:6] in F.DISTRICTS]


def _coord(row: dict[str, str]) -> tuple[float, float] | None:
    return (float(row["lon"]), float(row["lat"])) if row["lon"] else None


# ---------------------------------------------------------------------------------------------
# Types, dates, sizes
# ---------------------------------------------------------------------------------------------


def _ctype(c: Community) -> str:
    if c.code in S.TYPE_OVERRIDES:
        return S.TYPE_OVERRIDES[c.code]
    if c.district == F.LUOLONG:
        if c.code in S.LUOLONG_URBAN:
            return S.LUOLONG_URBAN[c.code]
        if c.code in S.LUOLONG_SPECIAL_TYPES:
            return S.LUOLONG_SPECIAL_TYPES[c.code]
        return "village" if c.subtype == "村委会" else "village_to_urban"
    if c.district == F.JIANXI:
        return S.JIANXI_TYPES[c.code]
    if c.subtype.startswith("虚拟"):
        return "mixed"
    return S.classify(c.root, c.subtype, c.ur_code)


def _is_new(c: Community) -> tuple[dt.date, dt.date] | None:
    """The window a community was set up in, when the demo's stories say it is new."""
    if c.code in S.LUOLONG_NEW_2023 or c.street in S.LUOLONG_NEW_STREETS_2023:
        return S.LUOLONG_NEW_WINDOW
    if c.code in S.JIANXI_NEW:
        return S.JIANXI_NEW_WINDOW
    if c.street in S.WEIDU_NEW_STREETS:
        start = S.WEIDU_NEW_STREETS[c.street]
        return start, start + dt.timedelta(days=120)
    if c.code in S.WEIDU_NEW:
        return S.WEIDU_NEW_WINDOW
    if c.district in (F.ZHIFU, F.SIMAO) and not c.ur_code and c.ctype != "village":
        return dt.date(2016, 9, 1), dt.date(2022, 6, 30)  # set up after the 2016 list
    return None


_ESTABLISHED_BEFORE = {  # type -> window for communities that predate the data
    "old": (dt.date(1984, 1, 1), dt.date(2003, 12, 31)),
    "work_unit": (dt.date(1980, 1, 1), dt.date(1998, 12, 31)),
    "commercial": (dt.date(2002, 1, 1), dt.date(2016, 6, 30)),
    "mixed": (dt.date(2000, 1, 1), dt.date(2016, 6, 30)),
    "village_to_urban": (dt.date(2004, 1, 1), dt.date(2017, 6, 30)),
}


def _dates(c: Community) -> None:
    r = rng("areas.dates", c.code)
    window = _is_new(c)
    if window:
        c.established = random_date(r, *window)
        c.tags.add("new")
    elif c.ctype != "village":
        c.established = random_date(r, *_ESTABLISHED_BEFORE[c.ctype])
    if c.code in S.ZHIFU_ABOLISHED:
        c.abolished = S.ZHIFU_ABOLISHED_ON


_HOUSEHOLDS = {  # type -> (low, high) households
    "old": (1800, 4200),
    "commercial": (2000, 5000),
    "work_unit": (1500, 3600),
    "mixed": (1800, 4500),
    "village_to_urban": (800, 3000),
    "village": (260, 900),
}
_PERSONS = {"urban": (2.45, 2.8), "village_to_urban": (2.8, 3.3), "village": (3.2, 3.8)}


def _size(c: Community) -> None:
    r = rng("areas.size", c.code)
    lo, hi = _HOUSEHOLDS[c.ctype]
    scale = 1.1 if c.district == F.ZHIFU else 0.5 if c.subtype.startswith("虚拟") else 1.0
    c.households = int(round(r.triangular(lo, hi, (lo + hi) / 2) * scale))
    if c.code == F.LANHUA:
        c.households = 5340
    if c.code == F.TIANYUAN:
        c.households = 4860
    persons = r.uniform(*_PERSONS[c.group])
    c.population = int(round(c.households * persons))
    if c.code == F.DAHAIYANG:
        c.households, c.population = F.DAHAIYANG_HOUSEHOLDS, F.DAHAIYANG_POPULATION


def _premises(c: Community) -> None:
    r = rng("areas.premises", c.code)
    per_100 = r.uniform(18, 34) if c.group != "village" else r.uniform(20, 45)
    area = c.households / 100 * per_100
    if c.district == F.WEIDU:  # 2017 阵地提升: at least 500 m² everywhere
        area = max(area, r.uniform(F.WEIDU_PREMISES_MIN_M2, 760))
    elif c.district == F.ZHIFU:  # >= 600 m² standard; the > 1000 m² ones are set in _zhifu_premises
        area = clamp(area, F.ZHIFU_PREMISES_MIN_M2 + r.uniform(5, 60), 990)
    elif c.group == "village":
        area = clamp(area, 120, 480)
    else:
        area = clamp(area, 260, 1300)
    if c.code in S.NOTABLE_QUALITY:
        area = max(area, r.uniform(1100, 1600))
    c.premises_m2 = float(round(area))


def _zhifu_premises(communities: list[Community]) -> None:
    """芝罘: 101 of the 156 communities of 2024 have more than 1,000 m² (60%以上)."""
    existing = [c for c in communities if c.exists_on(F.ZHIFU_AS_OF)]
    big = sorted(existing, key=lambda c: (-c.households * (0.6 + c.quality), c.code))
    big_codes = {c.code for c in big[: F.ZHIFU_PREMISES_OVER_1000]}
    for c in existing:
        r = rng("areas.premises.zhifu", c.code)
        if c.code in big_codes:
            c.premises_m2 = float(max(c.premises_m2, round(r.uniform(1010, 1450))))
        else:
            c.premises_m2 = float(min(c.premises_m2, round(r.uniform(610, 990))))


def _quality(communities: list[Community]) -> None:
    """A latent 'how well run' score in (0, 1) that drives activity, organizations and stars."""
    for c in communities:
        r = rng("areas.quality", c.code)
        bias = {"urban": 0.04, "village_to_urban": -0.03, "village": -0.1}[c.group]
        c.quality = round(clamp(r.betavariate(2.6, 2.4) + bias, 0.2, 0.9), 3)
        if c.code in S.NOTABLE_QUALITY:
            c.quality = S.NOTABLE_QUALITY[c.code]
            c.tags.add("notable")
    for district in F.DISTRICTS:
        pool = [
            c.code
            for c in communities
            if c.district == district and "notable" not in c.tags and "new" not in c.tags
        ]
        laggards = set(hash_order(pool, "laggard", district)[: S.LAGGARDS_PER_DISTRICT])
        for c in communities:
            if c.code in laggards:
                c.quality = round(rng("areas.laggard", c.code).uniform(0.05, 0.14), 3)
                c.tags.add("laggard")


# ---------------------------------------------------------------------------------------------
# Coordinates
# ---------------------------------------------------------------------------------------------


def _street_anchor(
    street: Area,
    shape: Shape,
    known: list[tuple[float, float]],
    community_points: list[tuple[float, float]],
    core: tuple[float, float],
) -> None:
    if street.lon is not None:
        return
    street.approx = True
    if community_points:
        street.lon = round(sum(p[0] for p in community_points) / len(community_points), 6)
        street.lat = round(sum(p[1] for p in community_points) / len(community_points), 6)
        return
    r = rng("areas.street_point", street.code)
    if street.subtype == "街道" and known:
        street.lon, street.lat = sample_near(shape, r, core[0], core[1], 4500, 600)
    else:
        street.lon, street.lat = sample_inside(shape, r)


def _community_radius(c: Community, street: Area) -> float:
    town = street.subtype != "街道"
    if c.group == "village":
        return 9000.0
    if c.group == "village_to_urban":
        return 4000.0 if town else 2400.0
    return 2600.0 if town else 1500.0


def _place(world: World, rows: dict[str, dict[str, str]]) -> None:
    for district in world.districts:
        shape = world.shapes[district.code]
        streets = [s for s in world.streets if s.parent == district.code]
        known = [(s.lon, s.lat) for s in streets if s.lon is not None and s.subtype == "街道"]
        core = (
            (sum(p[0] for p in known) / len(known), sum(p[1] for p in known) / len(known))
            if known
            else (district.lon, district.lat)
        )
        for street in streets:
            points = [
                p
                for c in world.communities
                if c.street == street.code
                if (p := _coord(rows[c.code])) is not None
            ]
            _street_anchor(street, shape, known, points, core)
        for c in world.communities:
            if c.district != district.code:
                continue
            point = _coord(rows[c.code])
            if point:
                c.lon, c.lat, c.approx = round(point[0], 6), round(point[1], 6), False
                continue
            street = world.street(c.street)
            r = rng("areas.point", c.code)
            c.lon, c.lat = sample_near(shape, r, street.lon, street.lat, _community_radius(c, street), 150)


# ---------------------------------------------------------------------------------------------


def build_world() -> World:
    rows = {row["code"]: row for row in _read_divisions()}
    shapes = load_shapes(REFERENCE / "districts_wgs84.geojson")
    districts, streets, communities = [], [], []
    for row in rows.values():
        if row["level"] == "district":
            lon, lat = _coord(row) or (None, None)
            districts.append(Area(row["code"], row["name"], "district", None, row["subtype"], lon, lat))
        elif row["level"] == "street":
            point = _coord(row)
            lon, lat = (round(point[0], 6), round(point[1], 6)) if point else (None, None)
            streets.append(
                Area(
                    row["code"],
                    row["name"],
                    "street",
                    row["parent_code"],
                    row["subtype"],
                    lon,
                    lat,
                    established=S.WEIDU_NEW_STREETS.get(row["code"]),
                )
            )
        elif row["level"] == "community":
            communities.append(
                Community(
                    row["code"],
                    short_name(row["name"]),
                    row["parent_code"],
                    row["subtype"],
                    row["urban_rural_code"],
                )
            )
    districts.sort(key=lambda a: F.DISTRICTS.index(a.code))
    streets.sort(key=lambda a: a.code)
    communities.sort(key=lambda c: c.code)
    for c in communities:
        c.ctype = _ctype(c)
        _dates(c)
        _size(c)
    _quality(communities)
    for c in communities:
        _premises(c)
    _zhifu_premises([c for c in communities if c.district == F.ZHIFU])
    world = World(districts, streets, communities, shapes)
    _place(world, rows)
    return world


def area_rows(world: World) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for d in world.districts:
        out.append(
            {
                "area_code": d.code,
                "area_name": d.name,
                "level": "district",
                "lon": d.lon,
                "lat": d.lat,
                "is_location_approx": False,
            }
        )
    for s in world.streets:
        out.append(
            {
                "area_code": s.code,
                "area_name": s.name,
                "level": "street",
                "parent_code": s.parent,
                "lon": s.lon,
                "lat": s.lat,
                "is_location_approx": s.approx,
                "established_date": s.established,
            }
        )
    for c in world.communities:
        out.append(
            {
                "area_code": c.code,
                "area_name": c.name,
                "level": "community",
                "parent_code": c.street,
                "community_type": c.ctype,
                "households": c.households,
                "population": c.population,
                "premises_area_m2": c.premises_m2,
                "lon": c.lon,
                "lat": c.lat,
                "is_location_approx": c.approx,
                "established_date": c.established,
                "abolished_date": c.abolished,
            }
        )
    return out
