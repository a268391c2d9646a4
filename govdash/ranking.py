"""One rule for comparing sub-areas (the streets of a district, the communities of a street) fairly.

The overview's comparison chart, the volunteer page's rates chart and top/bottom lists, and the
短板 slide of the report all rank here, so they cannot disagree: a street is compared by its value
per 1,000 residents (flows such as activities or volunteer hours), per community (counts such as
social organisations), or as it is (percentages, which are already shares). Ranks use the exact
ratio (ties by area code); the shown value is rounded to one decimal.

The average is the parent area's own ratio (its total over its population), not the mean of the
sub-areas' ratios. Laggards are the bottom ``laggard_count(n)`` sub-areas that are below it.
Absolute values are offered to look at, but never ranked or marked: a big street is not a good one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from etl.metric_catalog import percentage, unreported_of
from govdash.formatting import number
from govdash.metric_labels import is_pct

PER_1K, PER_COMMUNITY, AS_IS, ABSOLUTE = "per_1k", "per_community", "as_is", "absolute"
MAX_LAGGARDS = 5
# What a ranked table needs beside its metric. A sub-area one of whose communities left its population
# blank has no per-1,000 value (the catalog's rule for its rates: its flows would count that community
# and its population would not), so the per-1,000 basis reads the count of those communities too.
UNPOPULATED = unreported_of("population") or ""  # communities whose population is blank
INPUTS = ("population", UNPOPULATED, "communities")

# Counts of organisations and the like: compared per community (the standards are per community)
PER_COMMUNITY_METRICS = ("social_orgs",)
# Sizes, not achievements: shown as they are, never ranked (no laggards)
SIZE_METRICS = ("communities", "population", "households", "streets")


def fair_basis(metric: str) -> str:
    """The basis a metric is ranked on by default."""
    if is_pct(metric) or metric in SIZE_METRICS or "_per_" in metric:  # shares and ratios already
        return AS_IS
    if metric in PER_COMMUNITY_METRICS:
        return PER_COMMUNITY
    return PER_1K


def bases(metric: str) -> tuple[str, ...]:
    """The bases a viewer may pick for a metric: its fair basis first, then absolute values."""
    fair = fair_basis(metric)
    return (fair,) if fair == AS_IS else (fair, ABSOLUTE)


def ranked_on(metric: str, basis: str) -> bool:
    """Whether sub-areas are ranked (and laggards marked) on this basis."""
    return basis != ABSOLUTE and metric not in SIZE_METRICS


def _whole(population: object, unreported: object) -> object:
    """The population a rate may divide by: None when some of its communities left theirs blank."""
    return None if number(unreported) else population


def score(row: Mapping, metric: str, basis: str) -> float | None:
    """The exact value compared: the metric per 1,000 residents, per community, or as it is."""
    population = _whole(row.get("population"), row.get(UNPOPULATED))
    return _score(number(row.get(metric)), population, row.get("communities"), basis)


def _score(value: float | None, population: object, communities: object, basis: str) -> float | None:
    """``score`` of a row's values (``value`` already a number)."""
    if value is None:
        return None
    if basis == PER_1K:
        population = number(population)
        return value / population * 1000 if population else None
    if basis == PER_COMMUNITY:
        communities = number(communities)
        return value / communities if communities else None
    return value


def shown(row: Mapping, metric: str, basis: str) -> float | None:
    """The value as shown: ratios to one decimal, rounded half up as the catalog rounds."""
    population = _whole(row.get("population"), row.get(UNPOPULATED))
    return _shown(number(row.get(metric)), population, row.get("communities"), basis)


def _shown(value: float | None, population: object, communities: object, basis: str) -> float | None:
    """``shown`` of a row's values (``value`` already a number)."""
    if value is None or basis in (AS_IS, ABSOLUTE):
        return value
    if basis == PER_1K:
        return percentage(value, number(population) or None, 1000)
    return percentage(value, number(communities) or None, 1)


def laggard_count(n: int) -> int:
    """How many of ``n`` ranked sub-areas may be marked: a third, at least one, at most five."""
    return min(MAX_LAGGARDS, max(1, n // 3)) if n > 1 else 0


@dataclass(frozen=True)
class Ranking:
    """Sub-areas compared on one metric and basis.

    ``rows``: indexed by area code, best first, with ``value`` (the metric), ``score`` (exact),
    ``shown`` (rounded), ``rank`` (1 = highest; None when not ranked) and ``laggard``.
    """

    metric: str
    basis: str
    rows: pd.DataFrame
    average: float | None  # the parent area's score (exact; the mean of the values when absolute)
    average_shown: float | None  # rounded as the values are shown
    # sub-areas with a value but no per-1,000 score: their population is blank, wholly or for one of
    # their communities (``INPUTS``); said beside the chart, not dropped without a word
    unpopulated: tuple[str, ...] = ()
    # the average is the compared sub-areas' own (their summed value over their summed population):
    # the parent has none, one of its communities having left its population blank
    pooled: bool = False

    @property
    def ranked(self) -> bool:
        return ranked_on(self.metric, self.basis)

    @property
    def laggards(self) -> list[str]:
        """Area codes of the laggards, worst first."""
        return list(self.rows.index[self.rows["laggard"]][::-1])

    def order(self) -> list[str]:
        return list(self.rows.index)


def rank(table: pd.DataFrame, parent: Mapping | None, metric: str, basis: str | None = None) -> Ranking:
    """Rank the sub-areas of ``table`` (index area code; columns ``metric`` and ``INPUTS``) against
    ``parent`` (the area they belong to: its row of the same metrics)."""
    basis = basis or fair_basis(metric)
    if basis == PER_1K and UNPOPULATED not in table.columns:
        raise ValueError(f"ranking per 1,000 residents needs {UNPOPULATED} (ranking.INPUTS)")
    codes = list(table.index)
    metric_cells, populations, unreported, communities = _columns(table, (metric, *INPUTS))
    populations = [_whole(p, u) for p, u in zip(populations, unreported, strict=True)]
    values = [number(v) for v in metric_cells]
    scores = [_score(v, p, c, basis) for v, p, c in zip(values, populations, communities, strict=True)]
    # best first: the highest score, ties by area code
    picked = sorted(
        (i for i, s in enumerate(scores) if s is not None), key=lambda i: (-scores[i], str(codes[i]))
    )
    rows = pd.DataFrame(
        {
            "value": [values[i] for i in picked],
            "population": [number(populations[i]) for i in picked],
            "score": [scores[i] for i in picked],
            "shown": [_shown(values[i], populations[i], communities[i], basis) for i in picked],
        },
        index=pd.Index([codes[i] for i in picked], name="area_code"),
    )
    average = score(parent, metric, basis) if parent is not None and basis != ABSOLUTE else None
    average_shown = shown(parent, metric, basis) if average is not None else None
    if basis == ABSOLUTE and len(rows):
        average = average_shown = float(rows["score"].mean())
    pooled = basis == PER_1K and parent is not None and average is None and len(rows) > 0
    if pooled:  # the parent's population is not whole: the average of those compared, said so
        total, people = sum(rows["value"]), sum(rows["population"])
        average, average_shown = total / people * 1000, percentage(total, people, 1000)
    unpopulated = tuple(
        c
        for c, v, s in zip(codes, values, scores, strict=True)
        if basis == PER_1K and v is not None and s is None
    )
    is_ranked = ranked_on(metric, basis)
    rows["rank"] = list(range(1, len(rows) + 1)) if is_ranked else [None] * len(rows)
    laggards: set[str] = set()
    if is_ranked:
        bottom = rows.tail(laggard_count(len(rows)))
        laggards = {c for c, s in bottom["score"].items() if average is None or s < average}
    rows["laggard"] = [c in laggards for c in rows.index]
    return Ranking(metric, basis, rows, average, average_shown, unpopulated, pooled)


def _columns(table: pd.DataFrame, names: tuple[str, ...]) -> list[list]:
    """The cells of ``table``'s columns ``names`` as lists in row order (Nones for a missing column):
    whole columns, not a Series per row (``number`` reads a cell as a row of the table would)."""
    if not (table.index.is_unique and table.columns.is_unique):
        raise ValueError("ranking.rank needs unique area codes (index) and column names")
    return [table[name].tolist() if name in table.columns else [None] * len(table) for name in names]
