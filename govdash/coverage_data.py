"""Data of the coverage page (its standards: ``govdash.coverage_standards``): facility and program coverage, the 15-minute circle.

Every value is a catalog metric computed by the engine (``queries.metrics_table``, with the
community-type filter inside it), except the monthly series of compound party-branch coverage (the
catalog metric at each month end, computed in one query) and the raw community values shown on
community rows (premises, type).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, TypeVar

import pandas as pd

from etl.metric_catalog import Selection, percentage, select
from govdash import cache, headline_data, queries, ranking
from govdash.coverage_standards import PER_HH_BLANK, PER_HH_METRIC, PREMISES_BLANK
from govdash.queries import query_df

T = TypeVar("T", float, pd.Series)

if TYPE_CHECKING:
    from govdash.filters import Filters

# The catalog entries the page shows (every kind of the ``:KIND`` ones).
METRICS = (
    "communities",
    "population",
    "compounds",
    "compound_party_branches",
    "compound_branch_coverage_pct",
    "social_orgs",
    "communities_meeting_social_org_minimum_pct",
    "communities_premises_ge_500m2_pct",
    "communities_premises_ge_600m2_pct",
    PER_HH_METRIC,
    "community_workers",
    "certified_social_workers",
    "workers_per_10k_residents",
    # why workers per 10,000 or a premises share is missing (the catalog's rule for them)
    ranking.UNPOPULATED,
    PREMISES_BLANK,
    PER_HH_BLANK,
    "certified_share_pct",
    "facilities_open:{kind}",
    "facilities_planned:{kind}",
    "coverage_pct:{kind}",
    "coverage_pct:{kind}:urban",
    "walk_coverage_pct:{kind}",
    "program_communities:{kind}",
    "program_coverage_pct:{kind}",
    "target:{kind}",
)


ALIVE = (
    "(a.established_date IS NULL OR a.established_date <= $as_of::DATE) "
    "AND (a.abolished_date IS NULL OR a.abolished_date > $as_of::DATE)"
)


def kinds(names: Iterable[str], prefix: str) -> list[str]:
    """Kinds of a ``prefix:KIND`` metric among metric names (i.e. present in the data)."""
    found = [c.split(":")[1] for c in names if c.startswith(prefix + ":") and c.count(":") == 1]
    return sorted(dict.fromkeys(found))


# --- areas ---------------------------------------------------------------------------------------


def communities_of(areas: pd.DataFrame, area_code: str, level: str, community_type: str | None) -> list[str]:
    """Community codes below an area (the area itself for a community), optionally of one type.
    One mask over ``area_index``, then the codes alone: a frame of every community (620,000 rows
    at national scale) taken on each call cost ~100 ms."""
    column = {"community": "area_code", "street": "parent_code"}.get(level, "district_code")
    mask = (areas["level"] == "community") & (areas[column] == area_code)
    if community_type:
        mask &= areas["community_type"] == community_type
    return areas.loc[mask, "area_code"].tolist()


def comparison_codes(
    areas: pd.DataFrame, district: str, street: str | None, community_type: str | None
) -> tuple[str, list[str]]:
    """Rows of the comparison: streets of the district, or the communities of the selected street."""
    if compared_level(street) == "street":
        mask = (areas["level"] == "street") & (areas["parent_code"] == district)
        return "street", areas.loc[mask, "area_code"].tolist()
    return "community", communities_of(areas, street, "street", community_type)  # type: ignore[arg-type]


def compared_level(street: str | None) -> str:
    """What the comparison lists: the district's streets, or the selected street's communities."""
    return "street" if street is None else "community"


# --- metrics -------------------------------------------------------------------------------------


def metrics(
    version: str, codes: tuple[str, ...], as_of: date, community_type: str | None = None
) -> pd.DataFrame:
    """The page's catalog metrics of areas on ``as_of`` (optionally over communities of one type)."""
    return queries.metrics_table(version, codes, as_of, None, METRICS, community_type)


@cache.model(max_entries=256)
def community_facts(version: str, codes: tuple[str, ...], as_of: date) -> pd.DataFrame:
    """Raw community values shown on community rows: type, premises, premises per 100 households."""
    df = query_df(
        "SELECT a.area_code, a.community_type, a.premises_area_m2, a.households AS hh "
        "FROM areas a WHERE a.area_code IN (SELECT unnest($codes::VARCHAR[]))",
        {"codes": list(codes)},
    )
    df = df.set_index("area_code").reindex(list(codes))
    df["premises_m2_per_100hh"] = per_100_households(df["premises_area_m2"], df["hh"].where(df["hh"] > 0))
    return df.drop(columns=["hh"])


def per_100_households(area_m2: T, households: T) -> T:
    """m² of premises per 100 households, exact: it is judged against the standard as the catalog
    judges it (``premises * 100 >= 30 * households``); shown cut to one decimal
    (``formatting.cut_to_tenths``), never rounded up to the standard. Households > 0 (the caller's)."""
    return area_m2 / households * 100


def community_rows(version: str, codes: list[str], as_of: date) -> pd.DataFrame:
    """Catalog metrics of communities plus their raw facts; only communities existing on ``as_of``."""
    if not codes:
        return pd.DataFrame()
    rows = metrics(version, tuple(codes), as_of).join(community_facts(version, tuple(codes), as_of))
    return rows[rows["communities"].fillna(0) > 0]


def counted_type(community_type: str | None, level: str) -> str | None:
    """The community type the selected area's own figures count: a selected community counts as it
    is (the type filter then narrows only lists of communities)."""
    return (community_type or None) if level != "community" else None


# What one engine call reads for the selected area without a community-type filter: the page's
# metrics and the headline building and staff sections, split again by ``_part``.
AREA_AND_HEADLINE = (*METRICS, *headline_data.BUILDING_AND_STAFF)


@lru_cache(maxsize=8)
def _selection(names: tuple[str, ...]) -> Selection:
    return select(names)


def _part(row: pd.Series, names: tuple[str, ...]) -> pd.Series:
    """The values of ``row`` (engine output) that the metric names ``names`` select, in row order."""
    selection = _selection(names)
    return row[[key for key in row.index if selection.covers(key)]]


@cache.model(max_entries=256)
def _area_row(version: str, area_code: str, level: str, as_of: date, community_type: str | None) -> pd.Series:
    """The page's metrics of the selected area, with the headline ones when no type is chosen."""
    ctype = counted_type(community_type, level)
    wanted = METRICS if ctype else AREA_AND_HEADLINE
    return queries.metrics_table(version, (area_code,), as_of, None, wanted, ctype).loc[area_code]


def area_metrics(
    version: str, area_code: str, level: str, as_of: date, community_type: str | None
) -> pd.Series:
    """The selected area's metrics, over the communities of one type when one is chosen."""
    row = _area_row(version, area_code, level, as_of, community_type)
    if counted_type(community_type, level):
        if not row.get("communities"):
            return row[[c for c in row.index if c.startswith("target:")]]
        return row
    return _part(row, METRICS)


def headline_metrics(
    version: str, area_code: str, level: str, as_of: date, community_type: str | None
) -> pd.Series:
    """The building and staff sections' metrics of the selected area, over every community type."""
    if counted_type(community_type, level):
        table = queries.metrics_table(version, (area_code,), as_of, None, headline_data.BUILDING_AND_STAFF)
        return table.loc[area_code]
    return _part(_area_row(version, area_code, level, as_of, None), headline_data.BUILDING_AND_STAFF)


@cache.model(max_entries=256)
def comparison_table(
    version: str, district: str, street: str | None, as_of: date, community_type: str | None
) -> tuple[str, pd.DataFrame]:
    """One row per street (district selected) or community (street selected), with metrics."""
    areas = queries.area_index(version)
    level, codes = comparison_codes(areas, district, street, community_type)
    if not codes:
        return level, pd.DataFrame()
    if level == "community":
        return level, community_rows(version, codes, as_of)
    table = metrics(version, tuple(codes), as_of, community_type)
    if not community_type:
        return level, table
    # only the streets that have communities of the type
    return level, table[pd.to_numeric(table["communities"], errors="coerce").fillna(0) > 0]


# --- targets and the branch-coverage series ------------------------------------------------------


@cache.model(max_entries=256)
def target_rows(version: str, area_code: str, metric: str | None = None) -> pd.DataFrame:
    """Target rows set for exactly this area (all due dates), optionally for one metric."""
    return query_df(
        "SELECT metric, target_value, due_date, note FROM targets WHERE area_code = ? "
        "AND (?::VARCHAR IS NULL OR metric = ?) ORDER BY metric, due_date",
        [area_code, metric, metric],
    )


def target_due(targets: pd.DataFrame, metric: str, as_of: date) -> date | None:
    """Due date of the target the catalog picks (earliest on/after ``as_of``, else the latest)."""
    # plain Python over the area's few rows: the pages ask for every metric's due date on each run,
    # and a pandas filter per call cost ~1 ms
    dues = [
        pd.Timestamp(d).date()
        for m, d in zip(targets["metric"], targets["due_date"], strict=True)
        if m == metric and not pd.isna(d)
    ]
    if not dues:
        return None
    later = [d for d in dues if d >= as_of]
    return min(later) if later else max(dues)


def branch_start(version: str, targets: pd.DataFrame, as_of: date) -> date:
    """First month of the series: the first month of data, earlier when a target falls due before."""
    months = queries.months(version)
    starts = [months[0] if months else as_of.replace(day=1)]
    starts += [pd.Timestamp(d).date().replace(day=1) for d in targets["due_date"]]
    return min(starts)


@cache.model(max_entries=256)
def branch_coverage_series(
    version: str, area_code: str, start: date, end: date, community_type: str | None = None
) -> pd.DataFrame:
    """``compound_branch_coverage_pct`` at every month end from ``start`` to ``end`` (catalog rules)."""
    df = queries.subtree_df(
        "WITH RECURSIVE {subtree}, "
        "ends AS (SELECT last_day(m)::DATE AS d FROM "
        "  unnest(generate_series($start::DATE, $end::DATE, INTERVAL 1 MONTH)) AS g(m)), "
        "comm AS (SELECT a.area_code, a.established_date, a.abolished_date FROM tree t "
        "  JOIN areas a ON a.area_code = t.code WHERE a.level = 'community' "
        "  AND ($ctype::VARCHAR IS NULL OR a.community_type = $ctype)) "
        "SELECT e.d AS month_end, count(p.community_code) AS compounds, "
        "  count(*) FILTER (p.party_branch_founded_date <= e.d) AS branches "
        "FROM ends e "
        "LEFT JOIN comm c ON (c.established_date IS NULL OR c.established_date <= e.d) "
        "  AND (c.abolished_date IS NULL OR c.abolished_date > e.d) "
        "LEFT JOIN compounds p ON p.community_code = c.area_code "
        "  AND (p.built_year IS NULL OR p.built_year <= year(e.d)) "
        "GROUP BY e.d ORDER BY e.d",
        {
            "root": area_code,
            "start": start.replace(day=1),
            "end": end.replace(day=1),
            "ctype": community_type,
        },
    )
    df["month_end"] = pd.to_datetime(df["month_end"]).dt.date
    df["coverage_pct"] = [percentage(b, n) for b, n in zip(df["branches"], df["compounds"], strict=True)]
    return df


# --- the page's model --------------------------------------------------------------------------


@dataclass(frozen=True)
class CoverageModel:
    """What the coverage page shows for the filters. When ``empty`` (no communities in the
    selection) only ``area`` is filled.

    The page draws one section at a time (``govdash.sections``), so what only some sections show
    is read when first asked for: ``compared``, ``branch_targets``, ``branch_series`` and
    ``catalog`` are properties over cached functions of (version, choices). A street change on the
    scorecards no longer computes the comparison and the monthly series it does not draw."""

    version: str
    choices: queries.Choices
    empty: bool
    area: pd.Series  # the selection's coverage metrics (``area_metrics``)
    targets: pd.DataFrame  # the selection's own targets (``target_rows``)
    facility_kinds: tuple[str, ...]
    program_kinds: tuple[str, ...]

    @property
    def level(self) -> str:
        """What is compared: "street" (a district selected) or "community"."""
        return compared_level(self.choices.street)

    @property
    def compared(self) -> pd.DataFrame:
        """The streets or communities compared (``comparison_table``)."""
        if self.empty:
            return pd.DataFrame()
        district, street, _community, community_type, month = self.choices
        return comparison_table(self.version, district, street, queries.month_end(month), community_type)[1]

    @property
    def branch_targets(self) -> pd.DataFrame:
        """The targets of compound party-branch coverage."""
        if self.empty:
            return pd.DataFrame()
        return self.targets[self.targets["metric"] == "compound_branch_coverage_pct"]

    @property
    def branch_series(self) -> pd.DataFrame:
        """Compound party-branch coverage by month (``branch_coverage_series``)."""
        if self.empty:
            return pd.DataFrame()
        area_code, level = self.choices.area
        as_of = queries.month_end(self.choices.month)
        start = branch_start(self.version, self.branch_targets, as_of)
        ctype = counted_type(self.choices.community_type, level)
        return branch_coverage_series(self.version, area_code, start, as_of, ctype)

    @property
    def catalog(self) -> pd.Series:
        """The headline building and staff metrics on the day (every community type)."""
        if self.empty:
            return pd.Series(dtype=object)
        area_code, level = self.choices.area
        as_of = queries.month_end(self.choices.month)
        return headline_metrics(self.version, area_code, level, as_of, self.choices.community_type)

    def row_of(self, code: str | None) -> pd.Series | None:
        """The compared row of ``code`` (a selected community among its street's), else None."""
        if code is None:
            return None
        compared = self.compared
        return compared.loc[code] if code in compared.index else None


def model(version: str, f: Filters) -> CoverageModel:
    """The coverage page of the filters ``f`` on ``f.as_of``. The community-type filter narrows the
    lists of communities; a selected community is shown as is."""
    return choices_model(version, f.choices)


# the page's common part cached: a warm run re-assembles nothing
@cache.model(max_entries=64)
def choices_model(version: str, choices: queries.Choices) -> CoverageModel:
    area_code, level = choices.area
    as_of = queries.month_end(choices.month)
    area = area_metrics(version, area_code, level, as_of, counted_type(choices.community_type, level))
    if not area.get("communities"):
        return CoverageModel(version, choices, True, area, pd.DataFrame(), (), ())
    return CoverageModel(
        version=version,
        choices=choices,
        empty=False,
        area=area,
        targets=target_rows(version, area_code),
        facility_kinds=tuple(kinds(area.index, "facilities_open")),
        program_kinds=tuple(kinds(area.index, "program_communities")),
    )
