"""Data of the volunteer-activity page: flows over a window of months, rates, rankings.

Totals, per-1,000-resident rates and the redemption rate are catalog metrics computed by the engine
(``queries.metrics_table`` with ``since``/``as_of``, the community-type filter inside it). The
monthly series (``govdash.volunteer_monthly``) come from one grouped query each over the same
month window and add up to the catalog totals.

``model`` is the page's one entry point: a frozen ``VolunteerModel`` for the filters and window (no
Streamlit here: the page reads the widgets, passes the values in and renders the model).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from etl import periods
from govdash import cache, headline_data, queries, ranking
from govdash.coverage_data import compared_level, counted_type
from govdash.volunteer_monthly import monthly_activity, monthly_volunteers

if TYPE_CHECKING:
    from govdash.filters import Filters

WINDOWS = ("12", "24", "36")
FLOWS = (
    "activities",
    "participants",
    "volunteer_hours",
    "active_volunteers",
    "points_earned",
    "points_redeemed",
    "volunteer_bank_services",
)
RATE_METRICS = ("activities", "participants", "volunteer_hours", "points_earned")
RATES = (*(f"{m}_per_1k" for m in RATE_METRICS), "redeem_rate_pct")
# What the page asks the engine for
METRICS = (*ranking.INPUTS, *FLOWS, *RATES)


def window_bounds(month: date, months: int) -> tuple[date, date, date]:
    """(since, first month, as_of) of the ``months`` months ending with ``month``."""
    return periods.months_window(month, months)


def previous_bounds(since: date, months: int) -> tuple[date, date]:
    """(since, as_of) of the ``months`` months before a window that starts after ``since``."""
    return window_bounds(since, months)[0], since


# --- totals and tables ---------------------------------------------------------------------------


def _numeric(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    return frame.reindex(columns=list(columns)).apply(pd.to_numeric, errors="coerce")


@cache.model(max_entries=256)
def _streets(version: str, district: str) -> tuple[str, ...]:
    """The streets of a district, by code."""
    areas = queries.area_index(version)
    return tuple(areas.loc[(areas["level"] == "street") & (areas["parent_code"] == district), "area_code"])


@cache.model(max_entries=256)
def _communities_below(version: str, code: str, level: str) -> pd.DataFrame:
    """The communities of a district or a street (``area_code``, ``parent_code``, ``community_type``),
    by code."""
    areas = queries.area_index(version)
    parent = areas["district_code" if level == "district" else "parent_code"]
    return areas.loc[
        (areas["level"] == "community") & (parent == code), ["area_code", "parent_code", "community_type"]
    ]


def _home(version: str, district: str, street: str | None) -> tuple[str, str]:
    """The area whose communities the page reads in one engine call: the district, whichever of its
    streets is selected (a street change then asks the engine nothing new); a street of another
    district (the filters do not offer one) alone."""
    if street and street not in _streets(version, district):
        return street, "street"
    return district, "district"


def communities(version: str, district: str, street: str | None, community_type: str | None) -> pd.DataFrame:
    """The communities of the street, else of the district, optionally of one type (``area_code``,
    ``parent_code``, ``community_type``; by code)."""
    comm = _communities_below(version, *_home(version, district, street))
    if street:
        comm = comm[comm["parent_code"] == street]
    if community_type:
        comm = comm[comm["community_type"] == community_type]
    return comm


@cache.model(max_entries=256)
def community_table(
    version: str,
    district: str,
    street: str | None,
    community_type: str | None,
    since: date | None,
    as_of: date,
) -> pd.DataFrame:
    """Flows, population and rates of the ``communities`` over the window (catalog metrics): their
    rows of one engine call over every community of the district."""
    codes = list(communities(version, district, street, community_type)["area_code"])
    if not codes:
        return pd.DataFrame(columns=list(METRICS))
    every = tuple(_communities_below(version, *_home(version, district, street))["area_code"])
    return _numeric(queries.metrics_table(version, every, as_of, since, METRICS).loc[codes], METRICS)


def totals(
    version: str, area_code: str, level: str, community_type: str | None, since: date | None, as_of: date
) -> pd.Series:
    """Window totals of the selected area with the per-1,000 rates (over communities of one type)."""
    return totals_many(version, area_code, level, community_type, ((since, as_of),))[0]


# The social-organisation section's metrics: stocks on as_of, flows over the window, every type
FORCES = (*headline_data.ORGS_STOCK, *headline_data.ORGS_FLOW, headline_data.BANKS)


def _companions(version: str, area_code: str, level: str, district: str | None) -> tuple[str, ...]:
    """The areas one engine call reads with the selected one: a district, or a street of
    ``district``, with ``district`` and all its streets (the district's comparison; a street change
    then asks the engine nothing new); a community, or an area of unknown district, alone."""
    if district is None:
        return (area_code,)
    streets = _streets(version, district)
    if (level == "district" and area_code == district) or (level == "street" and area_code in streets):
        return (district, *streets)
    return (area_code,)


def _area_windows(
    version: str,
    area_code: str,
    level: str,
    community_type: str | None,
    windows: tuple[tuple[date | None, date], ...],
    district: str | None = None,
) -> dict[tuple[date | None, date], pd.DataFrame]:
    """The page's metrics of the selected area (and its ``_companions``) over several windows in one
    engine call, with the social-organisation ones (``FORCES``) when no type filter applies."""
    ctype = counted_type(community_type, level)
    wanted = METRICS if ctype else (*METRICS, *FORCES)
    codes = _companions(version, area_code, level, district)
    return queries.metrics_periods(version, codes, windows, wanted, ctype)


def totals_many(
    version: str,
    area_code: str,
    level: str,
    community_type: str | None,
    windows: tuple[tuple[date | None, date], ...],
    district: str | None = None,
) -> list[pd.Series]:
    """``totals`` of several windows ``(since, as_of)`` in one engine call (the flows in one query);
    ``district``: the district of the area, read in the same call (``_companions``)."""
    tables = _area_windows(version, area_code, level, community_type, windows, district)
    return [_numeric(tables[w].loc[[area_code]], METRICS).iloc[0] for w in windows]


def forces(
    version: str,
    area_code: str,
    level: str,
    community_type: str | None,
    windows: tuple[tuple[date | None, date], ...],
    district: str | None = None,
) -> pd.Series:
    """The social-organisation metrics of the area over the first window, every community type
    counted: from ``_area_windows``'s call when no type filter applies, else their own call (with
    the same companions)."""
    since, as_of = windows[0]
    if counted_type(community_type, level):
        codes = _companions(version, area_code, level, district)
        return queries.metrics_table(version, codes, as_of, since, FORCES).loc[area_code]
    row = _area_windows(version, area_code, level, community_type, windows, district)[windows[0]]
    row = row.loc[area_code]
    return row[[c for c in row.index if c in FORCES]]


def comparison(
    version: str,
    district: str,
    street: str | None,
    community_type: str | None,
    windows: tuple[tuple[date | None, date], ...],
) -> tuple[str, pd.DataFrame]:
    """Streets of the district (district selected: from the district's ``_area_windows`` call), else
    the communities of the street, over the first of ``windows``."""
    since, as_of = windows[0]
    if compared_level(street) == "community":
        return "community", community_table(version, district, street, community_type, since, as_of)
    rows = _area_windows(version, district, "district", community_type, windows, district)[windows[0]]
    table = _numeric(rows.loc[list(_streets(version, district))], METRICS)
    if community_type:  # only the streets that have communities of the type
        table = table[table["communities"].fillna(0) > 0]
    return "street", table


def ranked(table: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Communities with population, ranked by ``metric`` per 1,000 residents (1 = highest), by the
    rule the overview and the 短板 slide use (``govdash.ranking``)."""
    order = ranking.rank(table, None, metric, ranking.PER_1K).rows
    out = table.loc[order.index].copy()
    out["rank"] = list(order["rank"])
    return out


# --- the page's model --------------------------------------------------------------------------


@dataclass(frozen=True)
class VolunteerModel:
    """What the volunteer page shows for the filters and a window of months. When ``empty`` (no
    activity and no volunteer rows in the window) only the window fields are filled.

    The page draws one section at a time (``govdash.sections``), so what only the comparison and
    the social-organisation sections show is read when first asked for: ``compared``,
    ``reference``, ``communities``, ``community_info`` and ``orgs`` are properties over cached
    functions of (version, choices, window). A street change on the monthly section no longer
    ranks the communities it does not draw."""

    version: str
    choices: queries.Choices
    months: int
    since: date  # the window: the day before its first month
    first: date  # its first month
    as_of: date  # its last day
    empty: bool
    totals: pd.Series  # window totals and rates of the selection (points blanked if none reported)
    previous: pd.Series  # the same for the window before
    before: tuple[date, date]  # that window: (since, as_of), as ``previous_bounds`` gives it
    activity: pd.DataFrame  # monthly activity by type
    volunteers: pd.DataFrame  # monthly volunteer figures
    has_points: bool  # whether any community reported volunteer points

    @property
    def _windows(self) -> tuple[tuple[date | None, date], ...]:
        return ((self.since, self.as_of), self.before)

    @property
    def level(self) -> str:
        """What is compared: "street" (a district selected) or "community"."""
        return compared_level(self.choices.street)

    @property
    def compared(self) -> pd.DataFrame:
        """The streets or communities compared (``comparison``)."""
        if self.empty:
            return pd.DataFrame()
        district, street, _community, community_type, _month = self.choices
        return comparison(self.version, district, street, community_type, self._windows)[1]

    @property
    def reference(self) -> pd.Series:
        """The window totals of the area the compared rows belong to (the district, or the street:
        a selected community's street), whose rates are the comparison's average and laggard line."""
        district, street, community, community_type, _month = self.choices
        if self.empty or not community:
            return pd.Series(dtype=object) if self.empty else self.totals
        return totals_many(self.version, street, "street", community_type, self._windows[:1], district)[0]  # type: ignore[arg-type]

    @property
    def communities(self) -> pd.DataFrame:
        """The communities ranked (``community_table``; rank with ``ranked``)."""
        if self.empty:
            return pd.DataFrame()
        district, street, _community, community_type, _month = self.choices
        return community_table(self.version, district, street, community_type, self.since, self.as_of)

    @property
    def community_info(self) -> pd.DataFrame:
        """The ranked communities' street (``parent_code``) and type, by area code."""
        if self.empty:
            return pd.DataFrame()
        district, street, _community, community_type, _month = self.choices
        info = communities(self.version, district, street, community_type).set_index("area_code")
        return info[["parent_code", "community_type"]]

    @property
    def orgs(self) -> pd.Series:
        """Social-organisation stocks on ``as_of`` and flows over the window (``FORCES``)."""
        if self.empty:
            return pd.Series(dtype=object)
        area_code, level = self.choices.area
        ctype = counted_type(self.choices.community_type, level)
        return forces(self.version, area_code, level, ctype, self._windows, self.choices.district)


def model(version: str, f: Filters, months: int) -> VolunteerModel:
    """The volunteer page of the filters ``f`` over the ``months`` months up to ``f.month``. The
    community-type filter narrows the lists of communities; a selected community is shown as is.

    The engine is asked for the district with its streets over the window and the one before (the
    selection's totals when it is the district or a street, and the streets compared), for every
    community of the district over the window (the communities compared and ranked), and for a
    selected community's own totals, or, with a type filter, the district's and streets' social
    organisations of every type. Changing the street asks it nothing new; changing the community
    type, only for the district with its streets."""
    return choices_model(version, f.choices, months)


# the page's common part cached: a warm run re-assembles nothing (city: 17-24 ms -> 2 ms)
@cache.model(max_entries=64)
def choices_model(version: str, choices: queries.Choices, months: int) -> VolunteerModel:
    district, street, community, _community_type, month = choices
    area_code, level = choices.area
    ctype = counted_type(choices.community_type, level)
    since, first, as_of = window_bounds(month, months)
    windows = ((since, as_of), previous_bounds(since, months))
    totals_now, previous = totals_many(version, area_code, level, ctype, windows, district)
    # the communities summed: the selected one, else the street's or the district's (of the type)
    summed = (community,) if community else tuple(communities(version, district, street, ctype)["area_code"])
    activity = monthly_activity(version, area_code, ctype, since, as_of, summed)
    volunteers = monthly_volunteers(version, area_code, ctype, since, as_of)
    window = {"months": months, "since": since, "first": first, "as_of": as_of, "before": windows[1]}
    empty = activity.empty and volunteers.empty
    # the catalog's rule: points nobody filled in over the window read missing (``_filled``)
    has_points = not empty and headline_data.value(totals_now, "points_earned") is not None
    return VolunteerModel(
        version=version,
        choices=choices,
        **window,
        empty=empty,
        totals=totals_now,
        previous=pd.Series(dtype=object) if empty else previous,
        activity=activity,
        volunteers=volunteers,
        has_points=has_points,
    )
