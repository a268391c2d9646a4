"""Monthly activity by type: seasonality, growth, COVID dips, laggards and stars, and the few
published totals (芝罘 2024 YTD, 兰花 2021 H2, 洛龙 social-org activities, 天元 app registrations).

A row exists only for the types a community actually held in a month.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from data.demo import _facts as F
from data.demo._areas import Community, World
from data.demo._common import (
    CHONGYANG_MONTH,
    SPRING_FESTIVAL,
    apportion,
    first_month_on_or_after,
    hash_order,
    months,
    nprng,
)

Row = dict[str, object]
MONTHS = months()
TYPES = (
    "public_service",
    "charity",
    "mutual_aid",
    "culture_sports",
    "production_skills",
    "training",
    "elderly",
    "youth",
)
_MIX = {  # share of each type by community group
    "urban": (0.20, 0.08, 0.10, 0.22, 0.03, 0.10, 0.15, 0.12),
    "village_to_urban": (0.22, 0.07, 0.12, 0.20, 0.08, 0.10, 0.12, 0.09),
    "village": (0.20, 0.05, 0.13, 0.15, 0.20, 0.12, 0.10, 0.05),
}
_PER_ACTIVITY = (28, 35, 16, 32, 22, 24, 30, 22)  # mean participants per activity, by type
_BASE = {F.LUOLONG: 4.4, F.WEIDU: 4.8, F.JIANXI: 5.0, F.ZHIFU: 3.0, F.SIMAO: 3.6}
_GROUP = {"urban": 1.0, "village_to_urban": 0.75, "village": 0.45}
_COVID = {
    (2020, 1): 0.8,
    (2020, 2): 0.1,
    (2020, 3): 0.3,
    (2020, 4): 0.65,
    (2020, 5): 0.85,
    (2021, 8): 0.85,
    (2022, 4): 0.85,
    (2022, 11): 0.7,
    (2022, 12): 0.45,
    (2023, 1): 0.75,
}
LUOLONG_SOCIAL_FROM = dt.date(2021, 1, 1)  # 洛龙 records social-org activities from 2021 on


def _general(m: dt.date) -> float:
    festival = SPRING_FESTIVAL[m.year]
    if m.month == festival.month:
        return 0.5
    if m.month in (1, 2):  # the other month of the festival season
        return 0.8
    return {3: 1.15, 7: 0.95, 8: 0.95, 10: 0.95, 12: 1.05}.get(m.month, 1.0)


def _by_type(m: dt.date) -> np.ndarray:
    """Per-type seasonal multipliers (summer youth camps, 重阳 elderly month, spring/autumn training)."""
    f = np.ones(len(TYPES))
    f[TYPES.index("youth")] = {6: 1.3, 7: 2.6, 8: 2.2}.get(m.month, 0.85)
    f[TYPES.index("elderly")] = 2.4 if m.month == CHONGYANG_MONTH else 0.9
    f[TYPES.index("culture_sports")] = {7: 0.8, 8: 0.8, 12: 0.9}.get(m.month, 1.05)
    f[TYPES.index("training")] = 1.2 if m.month in (3, 4, 5, 9, 10, 11) else 0.8
    f[TYPES.index("production_skills")] = 1.4 if m.month in (3, 4, 9, 10) else 0.85
    return f


def _growth(m: dt.date) -> float:
    return 0.72 + 0.068 * (m.year - 2018 + (m.month - 1) / 12)


SEASON = np.array(
    [_by_type(m) * _general(m) * _growth(m) * _COVID.get((m.year, m.month), 1.0) for m in MONTHS]
)


def active_months(c: Community) -> np.ndarray:
    """Mask of the months the community existed in (from the month after it was set up)."""
    first = first_month_on_or_after(c.established) if c.established else MONTHS[0]
    return np.array([first <= m and (c.abolished is None or m < c.abolished) for m in MONTHS])


def _rates(c: Community) -> np.ndarray:
    size = (max(c.households, 200) / 2500) ** 0.4
    star = 1.35 if "notable" in c.tags else 1.0  # the communities the articles hold up
    level = _BASE[c.district] * _GROUP[c.group] * size * (0.35 + 1.3 * c.quality) * star
    return SEASON * np.array(_MIX[c.group]) * level * active_months(c)[:, None]


def _scale_to(
    world: World, codes: list[str], window: tuple[dt.date, dt.date], target: float
) -> dict[str, float]:
    """One factor for the whole series of these communities so the window's expectation is ``target``."""
    mask = np.array([window[0] <= m <= window[1] for m in MONTHS])
    expected = sum(float(_rates(world.community(code))[mask].sum()) for code in codes)
    return {code: target / expected for code in codes}


def _rows_for(c: Community, factor: float, social_share: float, orgs: int) -> list[Row]:
    g = nprng("activity", c.code)
    lam = _rates(c) * factor
    counts = g.poisson(lam)
    if c.code == F.LANHUA:  # skills training at least once a month from 2021 (每月至少一期)
        from_2021 = np.array([m >= dt.date(2021, 1, 1) for m in MONTHS])
        t = TYPES.index("training")
        counts[from_2021, t] = np.maximum(counts[from_2021, t], 1)
    social = g.binomial(counts, min(social_share * orgs, 0.45))
    size = (max(c.households, 200) / 2500) ** 0.3
    per = np.array(_PER_ACTIVITY) * size * g.uniform(0.7, 1.3, counts.shape)
    social_per = (105.0 if c.district == F.LUOLONG else 45.0) * size * g.uniform(0.8, 1.25, counts.shape)
    rows = []
    for i, j in zip(*np.nonzero(counts), strict=True):
        m = MONTHS[i]
        n, s = int(counts[i, j]), int(social[i, j])
        recorded = c.district != F.LUOLONG or m >= LUOLONG_SOCIAL_FROM
        s_part = int(round(s * social_per[i, j]))
        rows.append(
            {
                "community_code": c.code,
                "month": m,
                "activity_type": TYPES[j],
                "activities": n,
                "participants": int(round((n - s) * per[i, j])) + s_part,
                "social_org_activities": s if recorded else None,
                "social_org_participants": s_part if recorded else None,
                "app_registrations": None,
            }
        )
    return rows


def _nudge(rows: list[Row], target: int, column: str, salt: str) -> None:
    """Add or remove single activities (deterministically) until ``column`` sums to ``target``."""
    diff = target - sum(int(row[column] or 0) for row in rows)
    keys = hash_order(
        [f"{row['community_code']}/{row['month']}/{row['activity_type']}" for row in rows], salt
    )
    index = {f"{row['community_code']}/{row['month']}/{row['activity_type']}": row for row in rows}
    step = 1 if diff > 0 else -1
    while diff != 0:
        changed = False
        for key in keys:
            if diff == 0:
                break
            row = index[key]
            n, s = int(row["activities"]), int(row["social_org_activities"] or 0)
            per = int(row["participants"]) / n
            if column == "activities" and (step > 0 or n - s >= 2):
                row["activities"] = n + step
                row["participants"] = max(int(row["participants"]) + step * int(round(per)), 0)
            elif column == "social_org_activities" and (s + step >= 0) and (step < 0 or s < n):
                s_per = int(row["social_org_participants"] or 0) / s if s else 105.0
                row["social_org_activities"] = s + step
                row["social_org_participants"] = max(
                    int(row["social_org_participants"] or 0) + step * int(round(s_per)), 0
                )
                row["participants"] = max(int(row["participants"]), int(row["social_org_participants"]))
            else:
                continue
            diff -= step
            changed = True
        if not changed:
            raise ValueError(f"cannot nudge {column} to {target}")


def _in(rows: list[Row], codes: set[str], first: dt.date, last: dt.date) -> list[Row]:
    return [row for row in rows if row["community_code"] in codes and first <= row["month"] <= last]


_PEAKS = {
    (2021, 1): 3.0,
    (2021, 2): 4.0,
    (2021, 8): 2.0,
    (2022, 1): 4.0,
    (2022, 2): 4.0,
    (2022, 4): 2.5,
    (2022, 5): 2.5,
    (2022, 10): 3.0,
    (2022, 11): 3.0,
    (2022, 12): 1.5,
}


def _registrations(c: Community, joined: dt.date, rows: list[Row]) -> list[Row]:
    """App registrations (returnees reporting in, 返洛报备) on the public-service rows after the
    community joined the platform: peaks at the Spring Festival and in the 2021–2022 COVID waves,
    few after 2022. A month with registrations always has a public-service row (the 报备 desk)."""
    g = nprng("registrations", c.code)
    alive = active_months(c)
    raw = {
        m: c.households
        * 0.012
        * (0.05 if m.year >= 2023 else _PEAKS.get((m.year, m.month), 1.0))
        * g.uniform(0.7, 1.3)
        for i, m in enumerate(MONTHS)
        if alive[i] and m >= joined.replace(day=1)
    }
    if c.code == F.TIANYUAN:  # 1.2万余 by the end of 2022
        window = [m for m in raw if m.year <= 2022]
        raw.update(zip(window, apportion(F.TIANYUAN_REGISTRATIONS, [raw[m] for m in window]), strict=True))
    by_month = {row["month"]: row for row in rows if row["activity_type"] == "public_service"}
    added = []
    for m, value in raw.items():
        n = int(round(value))
        if n <= 0:
            continue
        if m not in by_month:
            by_month[m] = {
                "community_code": c.code,
                "month": m,
                "activity_type": "public_service",
                "activities": 1,
                "participants": 12,
                "social_org_activities": 0,
                "social_org_participants": 0,
                "app_registrations": None,
            }
            if m < LUOLONG_SOCIAL_FROM:
                by_month[m]["social_org_activities"] = by_month[m]["social_org_participants"] = None
            added.append(by_month[m])
        by_month[m]["app_registrations"] = n
    return added


def _social_share(world: World, org_counts: dict[str, int]) -> float:
    """洛龙's per-org share of activities run by social orgs, so 2021–2022 expects the published total."""
    mask = np.array([LUOLONG_SOCIAL_FROM <= m <= F.LUOLONG_AS_OF for m in MONTHS])
    expected = sum(
        float(_rates(c)[mask].sum()) * org_counts.get(c.code, 0) for c in world.in_district(F.LUOLONG)
    )
    return F.LUOLONG_SOCIAL_ORG_ACTIVITIES / expected


def build_activity(world: World, org_counts: dict[str, int], smart_joined: dict[str, dt.date]) -> list[Row]:
    """``org_counts``: social organizations per community; ``smart_joined``: 洛龙 platform join dates."""
    zhifu = [c.code for c in world.in_district(F.ZHIFU)]
    factors = _scale_to(world, zhifu, (dt.date(2024, 1, 1), dt.date(2024, 10, 1)), F.ZHIFU_ACTIVITIES_YTD)
    factors.update(
        _scale_to(
            world, [F.LANHUA], (dt.date(2021, 7, 1), dt.date(2021, 12, 1)), F.LANHUA_ACTIVITIES_H2 * 0.92
        )
    )
    luolong_share = _social_share(world, org_counts)
    rows: list[Row] = []
    for c in world.communities:
        share = luolong_share if c.district == F.LUOLONG else 0.012
        mine = _rows_for(c, factors.get(c.code, 1.0), share, org_counts.get(c.code, 0))
        if c.code in smart_joined:
            mine += _registrations(c, smart_joined[c.code], mine)
        rows += mine
    _nudge(
        _in(rows, set(zhifu), dt.date(2024, 1, 1), dt.date(2024, 10, 1)),
        F.ZHIFU_ACTIVITIES_YTD,
        "activities",
        "nudge.zhifu",
    )
    _nudge(
        _in(rows, {F.LANHUA}, dt.date(2021, 7, 1), dt.date(2021, 12, 1)),
        F.LANHUA_ACTIVITIES_H2,
        "activities",
        "nudge.lanhua",
    )
    luolong = {c.code for c in world.in_district(F.LUOLONG)}
    _nudge(
        _in(rows, luolong, LUOLONG_SOCIAL_FROM, F.LUOLONG_AS_OF),
        F.LUOLONG_SOCIAL_ORG_ACTIVITIES,
        "social_org_activities",
        "nudge.luolong",
    )
    return sorted(
        rows, key=lambda row: (row["community_code"], row["month"], TYPES.index(str(row["activity_type"])))
    )
