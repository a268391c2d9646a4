"""Organizations: community party organizations, social organizations, volunteer teams, troupes,
professional social-work organizations and volunteer points banks."""

from __future__ import annotations

import datetime as dt
import random

from data.demo import _facts as F
from data.demo import _names as N
from data.demo._areas import Community, World
from data.demo._common import apportion, clamp, random_date, rng

Row = dict[str, object]
_CATEGORY_WEIGHTS = {"文体娱乐": 4.0, "公益慈善": 1.5, "邻里互助": 2.0, "为民服务": 2.5, "生产技术": 0.8}
_VILLAGE_WEIGHTS = {"文体娱乐": 2.5, "公益慈善": 1.0, "邻里互助": 2.0, "为民服务": 1.5, "生产技术": 3.0}
_SOCIAL_2024 = {"urban": (10, 19), "village_to_urban": (5, 10), "village": (2, 6)}
_PRO_WORDS = ("启明", "同心", "益善", "仁爱", "暖阳", "和美", "众合", "乐群", "睦邻", "惠民")


def _org(
    area: str,
    name: str,
    kind: str,
    founded: dt.date | None,
    closed: dt.date | None = None,
    members: int | None = None,
    category: str | None = None,
) -> Row:
    return {
        "area_code": area,
        "org_name": name,
        "org_kind": kind,
        "social_org_category": category,
        "founded_date": founded,
        "closed_date": closed,
        "members": members,
    }


def _party_org(c: Community) -> Row:
    big = c.households >= 2500 or c.quality > 0.7
    suffix = "党委" if big and c.group != "village" else "党总支" if c.households >= 1200 else "党支部"
    return _org(c.code, c.name + suffix, "community_party_org", c.established, c.abolished)


def _weighted_order(r: random.Random, weights: dict[str, float]) -> list[tuple[str, str]]:
    """Every (category, name ending) in a random order that favours heavy categories."""
    items = [(cat, end) for cat, ends in N.SOCIAL_ORGS.items() for end in ends]
    return sorted(items, key=lambda it: -(r.random() ** (1.0 / weights[it[0]])))


def _members(r: random.Random) -> int:
    return int(clamp(round(r.lognormvariate(2.55, 0.5)), 6, 120))


def _social_orgs(c: Community, active_on: dt.date | None, n_active: int, n_later: int) -> list[Row]:
    """``n_active`` orgs active on ``active_on`` (None: the end of 2024), ``n_later`` founded after it,
    and a few that closed before it."""
    r = rng("orgs.social", c.code)
    weights = _VILLAGE_WEIGHTS if c.group == "village" else _CATEGORY_WEIGHTS
    order = _weighted_order(r, weights)
    end = active_on or (c.abolished - dt.timedelta(days=1) if c.abolished else dt.date(2024, 12, 31))
    start = max(c.start_day(), dt.date(2010, 1, 1))
    n_closed = sum(1 for _ in range(n_active) if r.random() < 0.05)
    rows = []
    for i in range(n_active + n_later + n_closed):
        cat, ending = order[i % len(order)]
        name = c.name + ending + ("" if i < len(order) else "二队")
        if i < n_active:  # growth: most were founded in the last few years
            founded = start + (end - start) * (1 - r.random() ** 1.8)
            closed = c.abolished
        elif i < n_active + n_later:
            founded = random_date(r, end + dt.timedelta(days=1), dt.date(2024, 12, 20))
            closed = c.abolished
        else:
            founded = random_date(r, start, start + (end - start) / 2)
            if founded + dt.timedelta(days=200) >= end:
                continue
            closed = random_date(r, founded + dt.timedelta(days=200), end - dt.timedelta(days=1))
        if founded > dt.date(2024, 12, 20):
            continue
        rows.append(_org(c.code, name, "social_org", founded, closed, _members(r), cat))
    return rows


def _luolong_counts(world: World) -> dict[str, int]:
    """洛龙: 1118 social orgs on 2022-12-31, at least 10 per urban and 5 per 村改居 community."""
    existing = [c for c in world.in_district(F.LUOLONG) if c.exists_on(F.LUOLONG_AS_OF)]
    floors = [F.LUOLONG_SOCIAL_ORG_MINIMUM[c.group] for c in existing]
    weights = [(0.3 + c.quality) * (2.0 if c.group == "urban" else 1.0) for c in existing]
    counts = apportion(F.LUOLONG_SOCIAL_ORGS, weights, floors=floors)
    return {c.code: n for c, n in zip(existing, counts, strict=True)}


def _community_orgs(c: Community, luolong: dict[str, int]) -> list[Row]:
    r = rng("orgs.count", c.code)
    if c.code in luolong:
        rows = _social_orgs(c, F.LUOLONG_AS_OF, luolong[c.code], r.randint(0, 3))
    else:
        lo, hi = _SOCIAL_2024[c.group]
        n = int(round(lo + (hi - lo) * c.quality + r.uniform(-1.5, 1.5)))
        if "laggard" in c.tags:
            n = max(1, lo // 2)
        rows = _social_orgs(c, None, max(1, n), 0)
    rows.append(_party_org(c))
    start = max(c.start_day(), dt.date(2012, 1, 1))
    teams = (
        ["志愿服务队"]
        + (["党员先锋志愿服务队"] if c.quality > 0.4 else [])
        + (["巾帼志愿服务队"] if c.quality > 0.7 else [])
    )
    for team in teams:
        rows.append(
            _org(
                c.code,
                c.name + team,
                "volunteer_team",
                random_date(r, start, max(start, dt.date(2021, 6, 30))),
                c.abolished,
                int(r.uniform(20, 90) * (0.5 + c.quality)),
            )
        )
    for troupe in r.sample(N.TROUPES, 2 if c.quality > 0.6 else 1 if c.quality > 0.25 else 0):
        rows.append(
            _org(
                c.code,
                c.name + troupe,
                "culture_troupe",
                random_date(r, start, max(start, dt.date(2023, 12, 31))),
                c.abolished,
                r.randint(12, 60),
            )
        )
    return rows


def _district_orgs(world: World) -> list[Row]:
    rows: list[Row] = []
    counts = {F.LUOLONG: 5, F.WEIDU: 4, F.JIANXI: 6, F.ZHIFU: 7, F.SIMAO: 2}
    for d in world.districts:
        r = rng("orgs.pro", d.code)
        words = r.sample(_PRO_WORDS, counts[d.code])
        for i, word in enumerate(words):
            if d.code == F.JIANXI and i < 4:  # 引入专业化社会组织4个 (by 2020)
                founded = random_date(r, dt.date(2017, 6, 1), dt.date(2019, 12, 31))
            else:
                founded = random_date(r, dt.date(2016, 1, 1), dt.date(2024, 6, 30))
            rows.append(
                _org(
                    d.code,
                    d.name + word + N.PROFESSIONAL_ORGS[i % len(N.PROFESSIONAL_ORGS)],
                    "professional_social_org",
                    founded,
                    members=r.randint(8, 40),
                )
            )
    rows.append(
        _org(
            F.JIANXI,
            "涧贤银行",
            "volunteer_points_bank",
            F.JIANXI_BANK_FOUNDED,
            members=F.JIANXI_BANK_MEMBERS,
        )
    )
    rows.append(
        _org(F.DAHAIYANG, "大海阳社区志愿时间银行", "volunteer_points_bank", dt.date(2019, 1, 8), members=860)
    )
    rows.append(
        _org(F.LANHUA, "兰花社区文明积分银行", "volunteer_points_bank", dt.date(2021, 6, 1), members=420)
    )
    return rows


def build_orgs(world: World) -> list[Row]:
    luolong = _luolong_counts(world)
    rows = _district_orgs(world)
    for c in world.communities:
        rows += _community_orgs(c, luolong)
    return sorted(rows, key=lambda row: (row["area_code"], row["org_kind"], row["org_name"]))
