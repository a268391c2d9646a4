"""Staff snapshots (half-yearly): community workers, certified social workers, two committees, grid
workers and reserve cadres.

Each figure has a smooth expected value per community and date. Where an article publishes a
district total on a date (the "anchor"), the expected values on that date are apportioned to hit it
exactly and every other date of the community is scaled by the same factor.
"""

from __future__ import annotations

import datetime as dt
import math

from data.demo import _facts as F
from data.demo._areas import Community, World
from data.demo._common import apportion, clamp, rng, snapshot_dates

Row = dict[str, object]
ELECTION = dt.date(2021, 6, 30)  # 2021 村(社区)两委换届: a new term from this snapshot on


def _years(day: dt.date) -> float:
    return (day - dt.date(2018, 1, 1)).days / 365.25


def _workers(c: Community, day: dt.date) -> float:
    per = {"urban": 430, "village_to_urban": 520, "village": 260}[c.group]
    base = 4.0 + c.households / per
    return base * (0.8 + 0.035 * _years(day)) * (0.9 + 0.25 * c.quality)


def _certified_share(c: Community, day: dt.date) -> float:
    lo, hi = (0.30, 0.60) if c.district == F.ZHIFU else (0.14, 0.44)
    return clamp(lo + (hi - lo) * _years(day) / 7.0, 0, 1) * (0.8 + 0.4 * c.quality)


def _two_committee(c: Community, day: dt.date) -> float:
    r = rng("staff.twoc", c.code, day >= ELECTION)
    return (5.0 + (c.households > 2500) + (c.quality > 0.6) + (c.group != "urban")) * r.uniform(0.9, 1.15)


def _grid(c: Community, day: dt.date) -> float:
    return math.ceil(c.households / 330) * (0.6 + 0.06 * _years(day))


def _reserve(c: Community, day: dt.date) -> float:
    return (1.5 + 3.5 * c.quality) * (0.85 + 0.03 * _years(day))


_EXPECTED = {
    "community_workers": _workers,
    "two_committee_members": _two_committee,
    "grid_workers": _grid,
    "reserve_cadres": _reserve,
}
# (district, metric, snapshot date, published total)
_ANCHORS = (
    (F.ZHIFU, "community_workers", dt.date(2024, 6, 30), F.ZHIFU_WORKERS),
    (F.LUOLONG, "two_committee_members", dt.date(2022, 12, 31), F.LUOLONG_TWO_COMMITTEE),
    (F.JIANXI, "reserve_cadres", dt.date(2019, 12, 31), F.JIANXI_RESERVE_CADRES),
)


def _factors(world: World) -> dict[tuple[str, str], float]:
    """(community, metric) -> the factor that makes the anchor date hit the published total."""
    out: dict[tuple[str, str], float] = {}
    for district, metric, day, total in _ANCHORS:
        existing = [c for c in world.in_district(district) if c.exists_on(day)]
        expected = [_EXPECTED[metric](c, day) for c in existing]
        counts = apportion(total, expected, floors=[1] * len(existing))
        for c, e, n in zip(existing, expected, counts, strict=True):
            out[(c.code, metric)] = n / e
    return out


def _zhifu_certified(world: World, workers: dict[str, int]) -> dict[str, int]:
    """芝罘 on 2024-06-30: 883 certified social workers, never more than a community's workers."""
    day = dt.date(2024, 6, 30)
    existing = [c for c in world.in_district(F.ZHIFU) if c.exists_on(day)]
    weights = [workers[c.code] * _certified_share(c, day) for c in existing]
    counts = apportion(F.ZHIFU_CERTIFIED, weights, caps=[workers[c.code] for c in existing])
    return {c.code: n for c, n in zip(existing, counts, strict=True)}


def _value(c: Community, metric: str, day: dt.date, factors: dict[tuple[str, str], float]) -> int:
    return max(0, int(round(_EXPECTED[metric](c, day) * factors.get((c.code, metric), 1.0))))


def build_staff(world: World) -> list[Row]:
    factors = _factors(world)
    zf_day = dt.date(2024, 6, 30)
    zf_workers = {
        c.code: _value(c, "community_workers", zf_day, factors)
        for c in world.in_district(F.ZHIFU)
        if c.exists_on(zf_day)
    }
    zf_certified = _zhifu_certified(world, zf_workers)
    cert_factor = {
        code: n / max(zf_workers[code] * _certified_share(world.community(code), zf_day), 1e-9)
        for code, n in zf_certified.items()
    }
    rows = []
    for day in snapshot_dates():
        for c in world.communities:
            if not c.exists_on(day):
                continue
            workers = _value(c, "community_workers", day, factors)
            cert = workers * _certified_share(c, day) * cert_factor.get(c.code, 1.0)
            certified = (
                zf_certified[c.code]
                if day == zf_day and c.code in zf_certified
                else min(workers, round(cert))
            )
            rows.append(
                {
                    "community_code": c.code,
                    "snapshot_date": day,
                    "community_workers": workers,
                    "certified_social_workers": certified,
                    "two_committee_members": _value(c, "two_committee_members", day, factors),
                    "grid_workers": _value(c, "grid_workers", day, factors),
                    "reserve_cadres": _value(c, "reserve_cadres", day, factors),
                }
            )
    return rows
