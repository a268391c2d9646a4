"""The five-star page's numbers, read from the metric engine (``etl.metrics.compute``): the KPI
cards, communities per level and [street,] year, award rates per year and star, and the actual
values of targets.

Nothing here counts communities: every number is a catalog metric (``SERIES``: communities per
level, assessed, five-star, four- and three-star or better, won and assessed per star, award
rates) of an area on a day. A year is counted on
``year_end`` (its 31 December, or the date itself for the current year). Which years and streets
have a value is the page's choice: those with assessed communities that year (the engine carries a
street's earlier year forward, which a chart labelled by year must not show).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from etl.registry import STARS
from govdash import queries
from govdash.five_star_levels import Snapshots, previous_year, year_end
from govdash.formatting import MISSING

SERIES = (
    "star_level_communities:{kind}",
    "assessed_communities",
    "five_star_communities",
    "four_plus_star_communities",
    "three_plus_star_communities",
    "star_awarded:{kind}",
    "star_assessed:{kind}",
    "star_awarded_pct:{kind}",
)
LEVELS = range(6)
COUNT_COLUMNS = ["year", "level", "n"]
RATE_COLUMNS = ["year", "star", "won", "assessed", "rate"]

Values = dict[str, dict[str, object]]  # code -> metric -> value (None: not in the program)
Tables = Mapping[date, Values]  # day -> the engine's values of SERIES


def star_order(stars: Iterable[str]) -> list[str]:
    """Registry order, unknown stars after (sorted)."""
    present = set(stars)
    return [s for s in STARS if s in present] + sorted(present - set(STARS))


def year_days(snaps: Snapshots) -> dict[int, date]:
    """The day each assessment year of ``snaps`` is counted on."""
    return {y: year_end(y, snaps.as_of) for y in snaps.by_year}


def tables(
    codes: Iterable[str], days: Iterable[date], community_type: str | None, threshold: float
) -> dict[date, Values]:
    """The engine's five-star metrics of ``codes`` on each of ``days``, in one call (as dicts, not a
    frame: the page reads a few hundred values, ~60 µs each from a frame). Uncached: the page model
    that calls it is."""
    wanted, on = tuple(dict.fromkeys(codes)), tuple(sorted(set(days)))
    if not wanted or not on:
        return {}
    periods = tuple((None, d) for d in on)
    found = queries.engine_values(wanted, periods, SERIES, community_type, threshold)
    return {d: {code: found.get((code, (None, d)), {}) for code in wanted} for d in on}


def value(table: Values, code: str, metric: str) -> int | float | None:
    """A metric of an area (None when the area is not in the program, or the star not assessed)."""
    found = table.get(code, {}).get(metric)
    return None if found is None or pd.isna(found) else found  # type: ignore[return-value]


def _levels(table: Values, code: str) -> list[int]:
    return [int(value(table, code, f"star_level_communities:{n}") or 0) for n in LEVELS]


# --- KPI cards ---------------------------------------------------------------------------------


# The catalog metric each card shows
CARD_METRICS = {
    "assessed": "assessed_communities",
    "five": "five_star_communities",
    "four_plus": "four_plus_star_communities",
    "three_plus": "three_plus_star_communities",
    "zero": "star_level_communities:0",
}

# KPI cards: (label key, value, delta colour)
KPIS = (
    ("fs_kpi_assessed", "assessed", "normal"),
    ("fs_kpi_five", "five", "normal"),
    ("fs_kpi_four_plus", "four_plus", "normal"),
    ("fs_kpi_three_plus", "three_plus", "normal"),
    ("fs_kpi_zero", "zero", "inverse"),
)


def card_value(table: Values | None, code: str, key: str) -> int | None:
    """A card's number (None when the area is not in the program on that day)."""
    if table is None or value(table, code, "five_star_communities") is None:
        return None
    return int(value(table, code, CARD_METRICS[key]) or 0)


@dataclass(frozen=True)
class Kpi:
    label_key: str
    value: int | None
    before: int | None
    history: list[int]  # the value of each assessment year up to the date with one (missing: left out)
    colour: str

    @property
    def delta(self) -> str | None:
        if self.before is None or self.value is None:
            return None
        return "0" if self.value == self.before else f"{self.value - self.before:+d}"

    @property
    def unchanged(self) -> bool:
        return self.delta == "0"


def _known(values: list[int | None]) -> list[int]:
    """A sparkline's values: a year without one (the area not in the program on its last day, e.g.
    its communities abolished) is left out, not drawn as 0 (``st.metric`` cannot draw a gap)."""
    return [v for v in values if v is not None]


def kpis(days: Tables, snaps: Snapshots, code: str) -> tuple[list[Kpi], int | None]:
    """The KPI cards of an area (on ``as_of`` vs the end of the assessment year before) and that year."""
    year = snaps.year
    prev_year = previous_year(snaps.frame, year) if year is not None else None
    ends = year_days(snaps)
    before = days[ends[prev_year]] if prev_year else None
    now = days[snaps.as_of]
    cards = [
        Kpi(
            label,
            card_value(now, code, key),
            card_value(before, code, key),
            _known([card_value(days[d], code, key) for d in ends.values()]),
            colour,
        )
        for label, key, colour in KPIS
    ]
    return cards, prev_year


# --- levels, award rates ------------------------------------------------------------------------


def level_counts(days: Tables, snaps: Snapshots, area: str, by_street: bool) -> pd.DataFrame:
    """Communities per level and year (and street, named): columns [street_code, street_name,] year,
    level, n; only the levels some community is at, and (by street) the years a street was assessed."""
    keys = ["street_code", "street_name"] if by_street else []
    ends = year_days(snaps)
    if by_street:
        counted = snaps.counted.dropna(subset=["street_code"])
        named = dict(zip(counted["street_code"], counted["street_name"].fillna(MISSING), strict=True))
        pairs = sorted(set(zip(counted["street_code"], counted["year"].astype(int), strict=True)))
        areas = [((code, named[code]), code, year) for code, year in pairs]
    else:
        areas = [((), area, year) for year in ends]
    rows = [
        (*key, year, level, n)
        for key, code, year in areas
        for level, n in enumerate(_levels(days[ends[year]], code))
        if n
    ]
    frame = pd.DataFrame(rows, columns=[*keys, *COUNT_COLUMNS])
    return frame.sort_values(["year", *keys, "level"], ignore_index=True)


def assessed(table: Values, code: str) -> dict[str, int]:
    """Per star assessed (registry order): how many communities of the area were assessed on it. A
    star none was assessed on (a village star in an urban district) does not apply and is left out."""
    prefix = "star_assessed:"
    row = table.get(code, {})
    counts = {c[len(prefix) :]: value(table, code, c) for c in row if c.startswith(prefix)}
    return {s: int(counts[s]) for s in star_order(s for s, n in counts.items() if n)}


def award_rates(days: Tables, snaps: Snapshots, area: str) -> pd.DataFrame:
    """Per year and star assessed that year: won, assessed and rate (% of them, the catalog's
    ``star_awarded_pct``)."""
    rows = []
    for year, day in year_days(snaps).items():
        table = days[day]
        for star, n in assessed(table, area).items():
            won = int(value(table, area, f"star_awarded:{star}") or 0)
            rows.append((year, star, won, n, value(table, area, f"star_awarded_pct:{star}")))
    return pd.DataFrame(rows, columns=RATE_COLUMNS)
