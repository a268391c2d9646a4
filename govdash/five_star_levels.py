"""Five-star levels (五星创建): reading, the year of a date, counts, award rates, KPI cards (the
leaderboard and movers are in ``govdash.five_star_moves``). The page's model composes these in
``govdash.five_star_data``.

Levels come from ``etl.metric_lookups.star_levels`` (capstone rule); scores, community dates and targets
from the warehouse. The year used for a date follows the metric rules (``docs/metric-rules.md``):
the latest assessment year up to the date's year, counting the communities that exist on the date
(for a past year, on its 31 December). So the counts here equal the catalog metrics
(``five_star_communities``, ``star_level_communities:N``, ``star_awarded_pct:STAR``, ``target:*``).
Targets are in ``govdash.five_star_targets``, figures and tables in ``govdash.five_star_figures``, the
star card in ``govdash.five_star_card``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from etl.metric_catalog import percentage
from etl.metric_lookups import star_rows
from etl.registry import STARS
from etl.star_sql import AWARDED
from govdash import cache, queries
from govdash.db import connection
from govdash.formatting import fmt_count
from govdash.i18n import tr
from govdash.metric_labels import kind_label

LEVEL_METRIC = "star_level_communities:"
STAR_ORDER = list(STARS)  # registry order, the capstone first

_SCORES_SQL = (
    f"WITH RECURSIVE {{subtree}} SELECT f.community_code, f.year, f.star, f.score, f.awarded, {AWARDED} AS aw "
    "FROM tree t JOIN five_star f ON f.community_code = t.code ORDER BY 1, 2, 3"
)
_FRAME_COLUMNS = [
    "community_code",
    "community_name",
    "year",
    "level",
    "stars_awarded",
    "street_code",
    "street_name",
    "community_type",
    "established_date",
    "abolished_date",
    "total_score",
]


# --- labels -------------------------------------------------------------------------------------


def star_name(star: str, lang: str) -> str:
    """``strong_branch`` → 支部过硬星 / Strong branch: the registry's star spelling ending in 星 and its
    English name (an unknown star shows its code)."""
    spellings = STARS.get(star, ())
    named = next((s for s in spellings if s.endswith("星")), None)
    return named if named and lang != "en" else kind_label(star, lang)


def level_label(level: int, lang: str) -> str:
    """0 → 未达星, 3 → 三星 (No star, 3-star)."""
    return kind_label(str(int(level)), lang)


def stars_text(level: int) -> str:
    """3 → ★★★☆☆"""
    level = int(level)
    return "★" * level + "☆" * (5 - level)


# --- reading ------------------------------------------------------------------------------------


@cache.model(max_entries=256)
def five_star_scores(version: str, area_code: str, threshold: float) -> pd.DataFrame:
    """Every five-star row below the area: community_code, year, star, score, awarded (as given), aw."""
    frame = queries.subtree_df(_SCORES_SQL, {"root": area_code, "threshold": float(threshold)})
    frame["year"] = frame["year"].astype(int)
    return frame


@cache.model(max_entries=256)
def five_star_frame(version: str, area_code: str, threshold: float) -> pd.DataFrame:
    """One row per assessed community and year below the area (``etl.metric_lookups.star_rows``), with its street,
    type, established/abolished dates and total score. Empty when the area has no five-star rows."""
    frame = star_rows(connection(), area_code, threshold)
    if frame.empty:
        return pd.DataFrame(columns=_FRAME_COLUMNS)
    frame["total_score"] = frame["total_score"].round(1)
    return frame[_FRAME_COLUMNS]


# --- the year of a date, and the communities it counts ------------------------------------------


def _alive(frame: pd.DataFrame, day: date | pd.Series) -> pd.Series:
    """Communities existing on ``day`` (one day, or one per row)."""
    ts = pd.Timestamp(day) if isinstance(day, date) else day
    est, gone = pd.to_datetime(frame["established_date"]), pd.to_datetime(frame["abolished_date"])
    return (est.isna() | (est <= ts)) & (gone.isna() | (gone > ts))


def years(frame: pd.DataFrame, as_of: date) -> list[int]:
    """Assessment years up to the year of ``as_of``, oldest first."""
    return sorted(int(y) for y in frame["year"].unique() if y <= as_of.year)


def assessment_year(frame: pd.DataFrame, day: date) -> int | None:
    """The latest assessment year up to the year of ``day`` (metric rule), None before the first."""
    found = years(frame, day)
    return found[-1] if found else None


def previous_year(frame: pd.DataFrame, year: int) -> int | None:
    earlier = [y for y in frame["year"].unique() if y < year]
    return int(max(earlier)) if earlier else None


def year_end(year: int, as_of: date) -> date:
    """The day a year is counted on: its 31 December, or ``as_of`` for the current year."""
    return min(date(year, 12, 31), as_of)


def snapshot(frame: pd.DataFrame, day: date) -> pd.DataFrame:
    """The rows of the assessment year of ``day`` whose community exists on ``day``."""
    year = assessment_year(frame, day)
    if year is None:
        return frame.iloc[0:0]
    rows = frame[frame["year"] == year]
    return rows[_alive(rows, day)]


@dataclass(frozen=True)
class Snapshots:
    """What an area's five-star figures count up to ``as_of``, read once: per assessment year (oldest
    first) the rows of its year-end snapshot, ``snapshot(frame, year_end(year, as_of))``, and the
    latest year's rows existing on ``as_of`` itself, ``snapshot(frame, as_of)``."""

    frame: pd.DataFrame
    as_of: date
    counted: pd.DataFrame  # the rows of every year's snapshot (``by_year`` put together)
    by_year: dict[int, pd.DataFrame]
    now: pd.DataFrame

    @property
    def year(self) -> int | None:
        """The assessment year of ``as_of`` (None before the first)."""
        return next(reversed(self.by_year), None)

    @classmethod
    def of(cls, frame: pd.DataFrame, as_of: date) -> Snapshots:
        rows = frame[frame["year"] <= as_of.year]
        if rows.empty:  # no assessment up to the date, or a type filter that leaves no community
            return cls(frame, as_of, rows, {}, frame.iloc[0:0])
        year_ends = {y: pd.Timestamp(int(y), 12, 31) for y in rows["year"].unique()}  # not a parse per row
        ends = rows["year"].map(year_ends).where(rows["year"] != as_of.year, pd.Timestamp(as_of))
        counted = rows[_alive(rows, ends)]
        parts = dict(list(counted.groupby("year", sort=True)))
        by_year = {int(y): parts.get(y, rows.iloc[0:0]) for y in sorted(rows["year"].unique())}
        year = next(reversed(by_year), None)
        if year is None:
            now = frame.iloc[0:0]
        elif year == as_of.year:
            now = by_year[year]
        else:
            now = snapshot(frame, as_of)
        return cls(frame, as_of, counted, by_year, now)


def in_area(frame: pd.DataFrame, code: str, root: str) -> pd.DataFrame:
    """The rows of the communities below ``code`` (the frame's root, one of its streets, or a community)."""
    if code == root:
        return frame
    return frame[(frame["street_code"] == code) | (frame["community_code"] == code)]


def of_type(frame: pd.DataFrame, community_type: str | None) -> pd.DataFrame:
    return frame if not community_type else frame[frame["community_type"] == community_type]


def metric_value(rows: pd.DataFrame, metric: str) -> int | None:
    """A five-star count metric over a snapshot (None when no community was assessed: not in the program)."""
    if rows.empty:
        return None
    if metric == "five_star_communities":
        return int((rows["level"] == 5).sum())
    if metric == "four_plus_star_communities":
        return int((rows["level"] >= 4).sum())
    if metric.startswith(LEVEL_METRIC):
        return int((rows["level"] == int(metric[len(LEVEL_METRIC) :])).sum())
    raise ValueError(metric)


# --- levels, award rates ------------------------------------------------------------------------


def star_caption(star: str, assessed: int, most: int, lang: str) -> str:
    """A star's name beside its award rate: with how many communities were assessed on it when
    fewer than half as many as on the most assessed star (a village star in a district with a few
    villages: 100 % may be one village of one)."""
    name = star_name(star, lang)
    return name + tr("fs_star_partial", lang, n=fmt_count(assessed, lang)) if assessed * 2 < most else name


def star_assessed(scores: pd.DataFrame, codes: object, year: int) -> dict[str, int]:
    """Per applicable star (registry order): how many of the communities ``codes`` were assessed on it.
    A star none of them was assessed on (the rural 产业兴旺/生态宜居/文明幸福 in an urban district) does
    not apply there and is left out."""
    wanted = set(codes)  # type: ignore[call-overload]
    of_year = scores["year"].to_numpy() == year
    assessed: dict[str, set[str]] = {}
    for code, star in zip(
        scores["community_code"][of_year].tolist(), scores["star"][of_year].tolist(), strict=True
    ):
        if code in wanted:
            assessed.setdefault(star, set()).add(code)
    return {s: len(assessed[s]) for s in _star_order(assessed)}


def level_counts(snaps: Snapshots, by_street: bool) -> pd.DataFrame:
    """Communities per level and year (and street): columns [street_code, street_name,] year, level, n."""
    keys = ["street_code", "street_name"] if by_street else []
    if not snaps.by_year:
        return pd.DataFrame(columns=[*keys, "year", "level", "n"])
    rows = snaps.counted.fillna({"street_code": "", "street_name": "—"})
    # plain Python over the counted rows (a three-key group-by: ~5 ms), in the group-by's key order
    columns = [rows[c].tolist() for c in ("year", *keys, "level")]
    counts = Counter(zip(*columns, strict=True))
    table = [(*group[1:-1], group[0], group[-1], n) for group, n in sorted(counts.items())]
    return pd.DataFrame(table, columns=[*keys, "year", "level", "n"])


def _star_order(stars: object) -> list[str]:
    """Registry order, unknown stars after (sorted)."""
    present = set(stars)  # type: ignore[call-overload]
    return [s for s in STAR_ORDER if s in present] + sorted(present - set(STARS))


def award_rates(snaps: Snapshots, scores: pd.DataFrame) -> pd.DataFrame:
    """Per year and star: won, assessed (the counted communities assessed on the star that year: a
    village star's are the villages), rate (% of them; the catalog's ``star_awarded_pct``)."""
    columns = ["year", "star", "won", "assessed", "rate"]
    if not snaps.by_year:
        return pd.DataFrame([], columns=columns)
    # plain Python over the score rows of the counted communities (a merge and two group-bys: ~7 ms)
    counted = set(zip(snaps.counted["community_code"].tolist(), snaps.counted["year"].tolist(), strict=True))
    rated: dict[tuple[int, str], set[str]] = {}
    won: dict[tuple[int, str], set[str]] = {}
    awarded = scores["aw"].fillna(False).astype(bool).tolist()
    values = (scores["community_code"].tolist(), scores["year"].tolist(), scores["star"].tolist(), awarded)
    for code, year, star, aw in zip(*values, strict=True):
        if (code, year) not in counted:
            continue
        rated.setdefault((year, star), set()).add(code)
        if aw:
            won.setdefault((year, star), set()).add(code)
    parts = []
    for year in snaps.by_year:
        for star in _star_order({s for y, s in rated if y == year}):
            assessed, n = len(rated[(year, star)]), len(won.get((year, star), ()))
            rate = percentage(n, assessed)  # the catalog's rounding (half up, one decimal)
            parts.append({"year": year, "star": star, "won": n, "assessed": assessed, "rate": rate})
    return pd.DataFrame(parts, columns=columns)


# --- KPI cards ---------------------------------------------------------------------------------

# KPI cards: (label key, count, delta colour)
KPIS = (
    ("fs_kpi_assessed", "assessed", "normal"),
    ("fs_kpi_five", "five", "normal"),
    ("fs_kpi_four_plus", "four_plus", "normal"),
    ("fs_kpi_three_plus", "three_plus", "normal"),
    ("fs_kpi_zero", "zero", "inverse"),
)


# What each card counts over a snapshot's levels (a NumPy array: a card's count costs microseconds)
COUNTS: dict[str, Callable[[np.ndarray], object]] = {
    "assessed": len,
    "five": lambda levels: (levels == 5).sum(),
    "four_plus": lambda levels: (levels >= 4).sum(),
    "three_plus": lambda levels: (levels >= 3).sum(),
    "zero": lambda levels: (levels == 0).sum(),
}


def count(rows: pd.DataFrame | None, key: str) -> int | None:
    """A count over a snapshot (None when nothing was assessed)."""
    if rows is None or rows.empty:
        return None
    return int(COUNTS[key](rows["level"].to_numpy()))  # type: ignore[call-overload]


@dataclass(frozen=True)
class Kpi:
    label_key: str
    value: int | None
    before: int | None
    history: list[int]  # one value per assessment year up to the date
    colour: str

    @property
    def delta(self) -> str | None:
        if self.before is None or self.value is None:
            return None
        return "0" if self.value == self.before else f"{self.value - self.before:+d}"

    @property
    def unchanged(self) -> bool:
        return self.delta == "0"

    @property
    def delta_colour(self) -> str:
        """No colour (and no arrow) for no change: a green 0 reads as progress."""
        return "off" if self.unchanged else self.colour


def kpis(snaps: Snapshots) -> tuple[list[Kpi], int | None]:
    """The KPI cards of an area (its assessment year vs the one before) and that previous year."""
    year = snaps.year
    prev_year = previous_year(snaps.frame, year) if year is not None else None
    before = snaps.by_year[prev_year] if prev_year else None
    series = list(snaps.by_year.values())
    cards = [
        Kpi(label, count(snaps.now, key), count(before, key), [count(s, key) or 0 for s in series], colour)
        for label, key, colour in KPIS
    ]
    return cards, prev_year
