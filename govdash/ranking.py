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

from etl.metric_catalog import percentage
from govdash.formatting import number
from govdash.metric_labels import is_pct

PER_1K, PER_COMMUNITY, AS_IS, ABSOLUTE = "per_1k", "per_community", "as_is", "absolute"
MAX_LAGGARDS = 5

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


def score(row: Mapping, metric: str, basis: str) -> float | None:
    """The exact value compared: the metric per 1,000 residents, per community, or as it is."""
    return _score(number(row.get(metric)), row.get("population"), row.get("communities"), basis)


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
    return _shown(number(row.get(metric)), row.get("population"), row.get("communities"), basis)


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
    """Rank the sub-areas of ``table`` (index area code; columns ``metric``, ``population``,
    ``communities``) against ``parent`` (the area they belong to: its row of the same metrics)."""
    basis = basis or fair_basis(metric)
    codes = list(table.index)
    metric_cells, populations, communities = _columns(table, (metric, "population", "communities"))
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
    is_ranked = ranked_on(metric, basis)
    rows["rank"] = list(range(1, len(rows) + 1)) if is_ranked else [None] * len(rows)
    laggards: set[str] = set()
    if is_ranked:
        bottom = rows.tail(laggard_count(len(rows)))
        laggards = {c for c, s in bottom["score"].items() if average is None or s < average}
    rows["laggard"] = [c in laggards for c in rows.index]
    return Ranking(metric, basis, rows, average, average_shown)


def _columns(table: pd.DataFrame, names: tuple[str, ...]) -> list[list]:
    """The cells of ``table``'s columns ``names`` as lists in row order (Nones for a missing column):
    whole columns, not a Series per row (``number`` reads a cell as a row of the table would)."""
    if not (table.index.is_unique and table.columns.is_unique):
        raise ValueError("ranking.rank needs unique area codes (index) and column names")
    return [table[name].tolist() if name in table.columns else [None] * len(table) for name in names]
