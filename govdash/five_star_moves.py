"""Five-star leaderboard (擂台比武) and movers (升星/降星): the ranking of an assessment year and the
level changes since the year before, from the year-end snapshots of ``govdash.five_star_levels``."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from govdash.five_star_levels import Snapshots, previous_year

LEADERBOARD_COLUMNS = [
    "rank",
    "community_code",
    "community_name",
    "street_name",
    "level",
    "total_score",
    "prev_rank",
    "rank_change",
]


def _ranks(rows: pd.DataFrame) -> pd.Series:
    key = rows["level"] * 1000 + rows["total_score"].fillna(0)
    return key.rank(method="min", ascending=False).astype(int)


def leaderboard(snaps: Snapshots) -> pd.DataFrame:
    """The assessment year's communities ranked by level, then total score, with the previous year's rank.

    Columns: rank, community_code, community_name, street_name, level, total_score, prev_rank
    (None when newly assessed), rank_change (prev_rank - rank: positive = moved up).
    """
    year = snaps.year
    if year is None:
        return pd.DataFrame(columns=LEADERBOARD_COLUMNS)
    current = snaps.now.copy()
    current["rank"] = _ranks(current)
    prev_year = previous_year(snaps.frame, year)
    prev = snaps.by_year[prev_year] if prev_year else snaps.frame.iloc[0:0]
    prev_rank = dict(zip(prev["community_code"], _ranks(prev), strict=True)) if not prev.empty else {}
    current["prev_rank"] = [prev_rank.get(c) for c in current["community_code"]]
    current["rank_change"] = [
        None if p is None else p - r for p, r in zip(current["prev_rank"], current["rank"], strict=True)
    ]
    current = current.sort_values(["rank", "community_code"])
    return current[LEADERBOARD_COLUMNS].reset_index(drop=True)


@dataclass(frozen=True)
class Moves:
    year: int
    prev_year: int | None
    table: pd.DataFrame  # communities whose level changed, biggest rise first
    up: int
    down: int
    same: int
    new: int


_MOVER_COLUMNS = [
    "community_code",
    "community_name",
    "street_name",
    "prev_level",
    "level",
    "change",
    "gained",
    "lost",
]


def movers(snaps: Snapshots) -> Moves | None:
    """Level changes between the assessment year and the one before it (None before the first year)."""
    year = snaps.year
    if year is None:
        return None
    current = snaps.now
    prev_year = previous_year(snaps.frame, year)
    if prev_year is None:
        return Moves(year, None, pd.DataFrame(columns=_MOVER_COLUMNS), 0, 0, 0, len(current))
    prev = snaps.by_year[prev_year]
    # plain Python over the two years' rows (a merge, a sort and per-row sets in pandas: ~13 ms)
    before = dict(
        zip(prev["community_code"], zip(prev["level"], prev["stars_awarded"], strict=True), strict=True)
    )
    up = down = same = new = 0
    changed = []
    rows = zip(
        current["community_code"],
        current["community_name"],
        current["street_name"],
        current["level"],
        current["stars_awarded"],
        strict=True,
    )
    for code, name, street, level, stars in rows:
        if code not in before:
            new += 1
            continue
        prev_level, prev_stars = before[code]
        change = int(level) - int(prev_level)
        up, down, same = up + (change > 0), down + (change < 0), same + (change == 0)
        if change:
            gained, lost = sorted(set(stars) - set(prev_stars)), sorted(set(prev_stars) - set(stars))
            changed.append((code, name, street, int(prev_level), int(level), change, gained, lost))
    changed.sort(key=lambda r: (-r[5], -r[4], r[0]))  # biggest rise first, then level, then code
    table = pd.DataFrame(changed, columns=_MOVER_COLUMNS)
    return Moves(year, prev_year, table, up, down, same, new)
