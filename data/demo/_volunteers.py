"""Monthly volunteers: registrations growing over the years, activity peaking in March (学雷锋月) and
during COVID duty, points where a points scheme runs, and 涧贤银行 services in 涧西."""

from __future__ import annotations

import datetime as dt

import numpy as np

from data.demo import _facts as F
from data.demo._activity import MONTHS, active_months
from data.demo._areas import Community, World
from data.demo._common import SPRING_FESTIVAL, apportion, nprng

Row = dict[str, object]
_SURGE = {(2020, 2): 1.6, (2020, 3): 1.4, (2020, 4): 1.15, (2022, 11): 1.3, (2022, 12): 1.2}


def _scheme_start(c: Community) -> dt.date | None:
    """When the community's volunteer points scheme started (None: no scheme)."""
    if c.district == F.JIANXI:
        return dt.date(2019, 3, 1)  # 涧贤银行, district-wide
    if c.code == F.DAHAIYANG:
        return dt.date(2019, 1, 1)  # 志愿时间银行
    if c.code == F.LANHUA:
        return dt.date(2021, 6, 1)  # 文明积分银行
    if c.district == F.WEIDU:
        return dt.date(2021, 1, 1)  # 文明积分 (points only, no bank)
    return None


def _has_bank(c: Community) -> bool:
    return c.district == F.JIANXI or c.code in (F.DAHAIYANG, F.LANHUA)


def _season(m: dt.date) -> float:
    f = {3: 1.25, 7: 0.9, 8: 0.9, 10: 1.1, 12: 1.05}.get(m.month, 1.0)
    if m.month == SPRING_FESTIVAL[m.year].month:
        f = 0.7
    return f * _SURGE.get((m.year, m.month), 1.0)


def _series(c: Community) -> dict[str, np.ndarray]:
    g = nprng("volunteers", c.code)
    years = np.array([(m.year - 2018) + (m.month - 1) / 12 for m in MONTHS])
    rate = (0.012 + 0.0075 * years) * (0.6 + 0.8 * c.quality)
    registered = np.maximum.accumulate(np.round(c.population * rate * g.uniform(0.97, 1.03, len(MONTHS))))
    share = 0.32 * (0.7 + 0.6 * c.quality) * np.array([_season(m) for m in MONTHS])
    active = np.minimum(np.round(registered * share * g.uniform(0.85, 1.15, len(MONTHS))), registered)
    covid = np.array([1.8 if (m.year, m.month) in _SURGE else 1.0 for m in MONTHS])
    hours = np.round(active * g.uniform(2.5, 5.5, len(MONTHS)) * covid * 2) / 2
    return {
        "registered": registered,
        "active": active,
        "hours": hours,
        "redeem": g.uniform(0.3, 0.8, len(MONTHS)),
        "bank": active * g.uniform(0.1, 0.25, len(MONTHS)),
    }


def _rows_for(c: Community) -> list[Row]:
    s = _series(c)
    alive = active_months(c)
    start = _scheme_start(c)
    rows = []
    for i, m in enumerate(MONTHS):
        if not alive[i]:
            continue
        points = start is not None and m >= start
        earned = int(round(s["hours"][i] * 10)) if points else None
        rows.append(
            {
                "community_code": c.code,
                "month": m,
                "registered_volunteers": int(s["registered"][i]),
                "active_volunteers": int(s["active"][i]),
                "volunteer_hours": float(s["hours"][i]),
                "points_earned": earned,
                "points_redeemed": int(round(earned * s["redeem"][i])) if earned is not None else None,
                "bank_services": int(round(s["bank"][i])) if points and _has_bank(c) else None,
            }
        )
    return rows


def _jianxi_bank(rows: list[Row]) -> None:
    """涧贤银行 served 5000余 by 2020-05-08: the whole 涧西 series is scaled by one factor, and the months
    up to 2020-05 are apportioned to sum exactly to the chosen figure."""
    bank = [
        row
        for row in rows
        if str(row["community_code"]).startswith(F.JIANXI) and row["bank_services"] is not None
    ]
    window = [row for row in bank if row["month"] <= F.JIANXI_AS_OF]
    factor = F.JIANXI_BANK_SERVICES / sum(float(row["bank_services"]) for row in window)
    weights = [float(row["bank_services"]) * factor + 0.5 for row in window]
    for row in bank:
        row["bank_services"] = int(round(float(row["bank_services"]) * factor))
    for row, n in zip(window, apportion(F.JIANXI_BANK_SERVICES, weights), strict=True):
        row["bank_services"] = n


def build_volunteers(world: World) -> list[Row]:
    rows = [row for c in world.communities for row in _rows_for(c)]
    _jianxi_bank(rows)
    return rows
