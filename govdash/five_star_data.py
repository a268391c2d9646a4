"""Data of the five-star page (五星创建): ``model`` is the page's one entry point.

``model(version, district, area, as_of, threshold, community_type)`` returns a frozen
``FiveStarModel`` with everything the page shows that comes from data: the area's rows, its
assessment year, KPI cards, targets and their progress, levels by street and year, award rates,
movers and the leaderboard (no Streamlit here: the page reads the filters and renders). The report's
five-star slide reads the same model. The building blocks live in ``govdash.five_star_levels``
(re-exported here for the other pages and the report) and ``govdash.five_star_targets``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd

from govdash import cache
from govdash import five_star_series as fss
from govdash import five_star_targets as fst
from govdash.five_star_levels import (
    LEVEL_METRIC,
    STAR_ORDER,
    Snapshots,
    assessment_year,
    five_star_frame,
    five_star_scores,
    in_area,
    level_label,
    of_type,
    previous_year,
    snapshot,
    star_caption,
    star_name,
    stars_text,
    year_end,
    years,
)
from govdash.five_star_moves import LEADERBOARD_COLUMNS, Moves, leaderboard, movers
from govdash.five_star_series import Kpi

__all__ = [
    "LEADERBOARD_COLUMNS",
    "LEVEL_METRIC",
    "STAR_ORDER",
    "Snapshots",
    "FiveStarModel",
    "Kpi",
    "Moves",
    "assessment_year",
    "five_star_frame",
    "five_star_scores",
    "in_area",
    "leaderboard",
    "level_label",
    "model",
    "movers",
    "of_type",
    "previous_year",
    "snapshot",
    "star_caption",
    "star_name",
    "stars_text",
    "year_end",
    "years",
]


@dataclass(frozen=True)
class FiveStarModel:
    """What the five-star page shows for one area (the district, a street, or for the report a
    community) on ``as_of``. ``in_program`` False: the area has no five-star rows (shown as not in the
    program, never zeros); ``year`` None: the date is before the first assessment (``first_year``).
    Only then are the fields after ``year`` empty."""

    area: str  # the area shown (a selected community is shown within its street)
    threshold: float
    district_frame: pd.DataFrame  # every assessed community and year of the district (star cards)
    scores: pd.DataFrame  # every five-star score row of the district (star cards, award rates)
    frame: pd.DataFrame  # the rows of the area (``in_area``)
    in_program: bool
    first_year: int | None
    year: int | None  # the assessment year of ``as_of``
    listed: pd.DataFrame = field(
        default_factory=pd.DataFrame
    )  # the area's rows of the community type (all when none)
    cards: tuple[Kpi, ...] = ()  # KPI cards of the whole area (type filter not applied)
    cards_prev_year: int | None = None  # the year the cards' deltas compare with
    area_moves: Moves | None = None  # level changes of the whole area (the moved-up card)
    streets: tuple[str, ...] = ()  # the district's streets with assessed communities
    progress: pd.DataFrame = field(
        default_factory=pd.DataFrame
    )  # target rows with actual, progress and status
    street_targets: tuple[tuple[str, pd.DataFrame], ...] = ()  # per metric: the streets' current targets
    by_street: bool = False  # levels counted per street (the district), else for the area
    counts: pd.DataFrame = field(
        default_factory=pd.DataFrame
    )  # communities per [street,] year and level (``level_counts``)
    years: tuple[int, ...] = ()  # assessment years up to ``as_of`` (of ``listed``)
    rates: pd.DataFrame = field(
        default_factory=pd.DataFrame
    )  # award rate per year and star (``award_rates``)
    moves: Moves | None = None  # level changes of ``listed``
    board: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=LEADERBOARD_COLUMNS))
    board_prev_year: int | None = None  # the year the leaderboard's previous ranks come from
    assessed: dict[str, int] = field(default_factory=dict)  # per star: communities assessed in ``year``


def _streets(district_frame: pd.DataFrame) -> tuple[str, ...]:
    known = district_frame["street_code"].notna()
    return tuple(sorted(district_frame.loc[known, "street_code"].unique()))


def _street_targets(progress: pd.DataFrame, area: str, as_of: date) -> tuple[tuple[str, pd.DataFrame], ...]:
    """Per metric: the current targets of the area's streets."""
    sub = progress[progress["area_code"] != area]
    return tuple(
        (str(metric), fst.current_targets(sub[sub["metric"] == metric], as_of))
        for metric in sub["metric"].unique()
    )


# the whole page cached: a warm run re-assembles nothing (city: 17-60 ms -> 2-3 ms)
@cache.model(max_entries=64)
def model(
    version: str,
    district: str,
    area: str,
    as_of: date,
    threshold: float,
    community_type: str | None = None,
    by_street: bool | None = None,
) -> FiveStarModel:
    """The five-star view of ``area`` (below ``district``) on ``as_of``; the community type narrows
    the levels, rates, movers and leaderboard (not the cards and targets). ``by_street``: count levels
    per street (default: when the area is the district)."""
    district_frame = five_star_frame(version, district, threshold)
    scores = five_star_scores(version, district, threshold)
    frame = in_area(district_frame, area, district)
    first = int(frame["year"].min()) if not frame.empty else None
    year = assessment_year(frame, as_of) if not frame.empty else None
    base = FiveStarModel(area, threshold, district_frame, scores, frame, not frame.empty, first, year)
    if year is None:
        return base
    snaps = Snapshots.of(frame, as_of)
    listed = of_type(frame, community_type)
    shown = snaps if listed is frame else Snapshots.of(listed, as_of)
    per_street = area == district if by_street is None else by_street
    shown_streets = tuple(shown.counted["street_code"].dropna().unique()) if per_street else ()
    streets = _streets(district_frame)
    targets = fst.five_star_targets(version, (area, *streets) if area == district else (area,))
    # the whole area (cards, targets, stars assessed; without a type filter also the levels and
    # rates): one engine call over every area and day they need
    days = [as_of, *fss.year_days(snaps).values(), *fst.measured_on(targets, as_of)]
    codes = (area, *targets["area_code"], *(() if community_type else shown_streets))
    whole = fss.tables(codes, days, None, threshold)
    typed = whole
    if community_type:
        typed_days = fss.year_days(shown).values()
        typed = fss.tables((area, *shown_streets), typed_days, community_type, threshold)
    cards, cards_prev = fss.kpis(whole, snaps, area)
    progress = fst.target_progress(targets, whole, as_of)
    area_moves = movers(snaps)
    return replace(
        base,
        listed=listed,
        cards=tuple(cards),
        cards_prev_year=cards_prev,
        area_moves=area_moves,
        streets=streets,
        progress=progress,
        street_targets=_street_targets(progress, area, as_of),
        by_street=per_street,
        counts=fss.level_counts(typed, shown, area, per_street),
        years=tuple(shown.by_year),
        rates=fss.award_rates(typed, shown, area),
        moves=area_moves if shown is snaps else movers(shown),  # no type filter: the same
        board=leaderboard(shown),
        board_prev_year=previous_year(listed, year),
        assessed=fss.assessed(whole[as_of], area),
    )
