"""What every section of the report reads: the area, its dates and metrics (``Context``), and the
report's texts in its language (``tr``; numbers are written by ``metric_labels.fmt_value``). The
sections and ``build`` import this module; it imports none of them (no cycle).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from etl import periods
from etl.metrics import UnknownAreaError
from govdash import queries, ranking
from govdash.formatting import fmt_clauses, fmt_month, number
from govdash.i18n import tr
from govdash.value_units import rate_unpopulated


@dataclass
class Context:
    """What every section needs: the area, the dates, its metrics, and the metrics shown so far."""

    version: str
    area_code: str
    level: str
    district: str
    street: str | None
    community: str | None
    as_of: date
    since: date
    lang: str
    names: dict[str, str]
    areas: pd.DataFrame
    metrics: pd.Series  # catalog metrics of the area (flows over the 12-month window)
    before: pd.Series  # the same a year earlier (stocks a year before, flows over the 12 months before)
    used: list[str] = field(default_factory=list)

    @property
    def area_name(self) -> str:
        return self.names.get(self.area_code, self.area_code)

    @property
    def first_month(self) -> date:
        return periods.first_month(self.since)

    def month(self, day: date) -> str:
        return fmt_month(day, self.lang)

    def window(self) -> dict[str, str]:
        return {"first": self.month(self.first_month), "last": self.month(self.as_of)}

    def t(self, key: str, **params: object) -> str:
        return tr(key, self.lang, **params)

    def value(self, metric: str) -> float | None:
        self.use(metric)
        return number(self.metrics.get(metric))

    def with_unpopulated(self, text: str) -> str:
        """``text``, then why a rate per head reads — when communities left their population blank
        (the catalog's rule for its rates); in the subtitle: a note would shrink the cards."""
        why = rate_unpopulated(self.metrics, self.lang)
        if why is None:
            return text  # not said, so not defined on the definitions slide either
        self.use(ranking.UNPOPULATED)
        return fmt_clauses((text, why), self.lang)

    def use(self, *metrics: str) -> None:
        for metric in metrics:
            if metric not in self.used:
                self.used.append(metric)


def area_chain(areas: pd.DataFrame, code: str) -> tuple[str, str | None, str | None, str]:
    """(district, street, community, level) of an area code; UnknownAreaError when not found."""
    found = queries.area_row(areas, code)
    if found is None:
        raise UnknownAreaError(code)
    level = str(found["level"])
    if level == "district":
        return code, None, None, level
    if level == "street":
        return str(found["parent_code"]), code, None, level
    street = str(found["parent_code"])
    above = queries.area_row(areas, street)
    if above is None:
        raise UnknownAreaError(code)
    return str(above["parent_code"]), street, code, level


def year_on_year(version: str, code: str, now: tuple[date, date]) -> tuple[pd.Series, pd.Series]:
    """The area's catalog metrics over the 12-month window ``now`` and over the 12 months before it,
    in one engine call (two calls cost twice one: ~40 ms each for a street of a city)."""
    before = periods.year_window(now[0])
    tables = queries.metrics_periods(version, (code,), (now, before))

    def row(period: tuple[date, date]) -> pd.Series:
        table = tables[period]
        return table.loc[code] if code in table.index else pd.Series(dtype=object)

    return row(now), row(before)


def make_context(version: str, area_code: str, as_of: date, lang: str) -> Context:
    areas = queries.area_index(version)
    district, street, community, level = area_chain(areas, area_code)
    # shared per snapshot and scope (building a dict of every area per deck took ~1 s at national scale)
    names = queries.area_tree(version).names
    window = periods.year_window(as_of)
    now, before = year_on_year(version, area_code, window)
    return Context(
        version,
        area_code,
        level,
        district,
        street,
        community,
        as_of,
        window[0],
        lang,
        names,
        areas,
        now,
        before,
    )
