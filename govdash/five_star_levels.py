"""Five-star rows (五星创建): reading, labels, the year of a date and the communities it counts (the
leaderboard and movers are in ``govdash.five_star_moves``; every count the page shows is the metric
engine's, in ``govdash.five_star_series``). The page's model composes these in
``govdash.five_star_data``.

Levels come from ``etl.metric_lookups.star_rows`` (capstone rule); scores and community dates from
the warehouse. The year used for a date follows the metric rules (``docs/metric-rules.md``): the
latest assessment year up to the date's year, counting the communities that exist on the date (for a
past year, on its 31 December). Targets are in ``govdash.five_star_targets``, figures and tables in
``govdash.five_star_figures``, the star card in ``govdash.five_star_card``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

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


# --- captions ------------------------------------------------------------------------------------


def star_caption(star: str, assessed: int, most: int, lang: str) -> str:
    """A star's name beside its award rate: with how many communities were assessed on it when
    fewer than half as many as on the most assessed star (a village star in a district with a few
    villages: 100 % may be one village of one)."""
    name = star_name(star, lang)
    return name + tr("fs_star_partial", lang, n=fmt_count(assessed, lang)) if assessed * 2 < most else name
