"""Data of the community profile page (社区档案): one community's attributes, lists, series and ranks.

Values of catalog metrics come from ``queries.metrics_table`` (the metric engine); the lists and the
monthly series are the community's own rows, with their state on the selected date following the
metric rules (``docs/metric-rules.md``). Figures are in ``govdash.profile_figures``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from etl import periods
from etl.area_names import shown_name
from etl.datasets import COMPOUNDS
from etl.registry import ORG_KINDS
from govdash import cache, queries
from govdash import five_star_data as fsd
from govdash.coverage_data import per_100_households
from govdash.db import connection
from govdash.formatting import MISSING
from govdash.metric_labels import kind_label, value_label

# Metrics a community is ranked on within its street (higher is better); flows over 12 months
RANK_METRICS = (
    "activities",
    "participants",
    "volunteer_hours",
    "active_volunteers",
    "social_orgs",
    "compound_branch_coverage_pct",
    "workers_per_10k_residents",
    "certified_share_pct",
)
# Monthly series offered on the page: column of ``profile_monthly`` -> catalog metric (label and unit)
MONTHLY = {
    "activities": "activities",
    "participants": "participants",
    "volunteer_hours": "volunteer_hours",
    "active_volunteers": "active_volunteers",
    "points_earned": "points_earned",
    "points_redeemed": "points_redeemed",
}
STAFF_COLUMNS = (
    "community_workers",
    "certified_social_workers",
    "two_committee_members",
    "grid_workers",
    "reserve_cadres",
)
PROPERTY_SERVICES = next(c.values for c in COMPOUNDS.columns if c.name == "property_service") or {}


def _query(sql: str, params: list) -> pd.DataFrame:
    with connection().cursor() as cur:
        return cur.execute(sql, params).df()


def _day(value: object) -> date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def label(kinds: dict[str, tuple[str, ...]], value: object, lang: str) -> str:
    """First Chinese label of a registry value (English: the code in words); blank → —."""
    if value is None or pd.isna(value):
        return MISSING
    return value_label(kinds, str(value), lang)


def org_kind_label(kind: str, lang: str) -> str:
    return label(ORG_KINDS, kind, lang)


def property_label(value: object, lang: str) -> str:
    return label(PROPERTY_SERVICES, value, lang)


# --- the community and its street ---------------------------------------------------------------


@dataclass(frozen=True)
class Community:
    code: str
    name: str
    community_type: str | None
    street_code: str | None
    street_name: str | None
    district_code: str | None
    households: int | None
    population: int | None
    premises_area_m2: float | None
    established: date | None
    abolished: date | None

    @property
    def premises_m2_per_100hh(self) -> float | None:
        """m² of premises per 100 households (``coverage_data.per_100_households``: exact)."""
        if self.premises_area_m2 is None or not self.households:
            return None
        return per_100_households(self.premises_area_m2, float(self.households))

    def exists_on(self, day: date) -> bool:
        return (self.established is None or self.established <= day) and (
            self.abolished is None or self.abolished > day
        )


@cache.model(max_entries=256)
def profile_community(version: str, code: str) -> Community | None:
    df = _query(
        f"SELECT c.area_code, {shown_name('c')} AS area_name, c.community_type, c.parent_code, "
        f"{shown_name('s')} AS street_name, "
        "s.parent_code AS district_code, c.households, c.population, c.premises_area_m2, c.established_date, "
        "c.abolished_date FROM areas c LEFT JOIN areas s ON s.area_code = c.parent_code "
        "WHERE c.area_code = ? AND c.level = 'community'",
        [code],
    )
    if df.empty:
        return None
    r = df.iloc[0]

    def num(v: object) -> float | None:
        return None if v is None or pd.isna(v) else v

    return Community(
        str(r["area_code"]),
        str(r["area_name"]),
        None if pd.isna(r["community_type"]) else str(r["community_type"]),
        num(r["parent_code"]),
        num(r["street_name"]),
        num(r["district_code"]),
        None if num(r["households"]) is None else int(r["households"]),
        None if num(r["population"]) is None else int(r["population"]),
        None if num(r["premises_area_m2"]) is None else float(r["premises_area_m2"]),
        _day(r["established_date"]),
        _day(r["abolished_date"]),
    )


@cache.model(max_entries=64)  # two filters of every area (670,000 at national scale): once per choice
def profile_choices(
    version: str, district: str, street: str | None, community_type: str | None
) -> pd.DataFrame:
    """Communities offered by the picker: of the street (else the district), of the type if one is set."""
    areas = queries.area_index(version)
    rows = areas[(areas["level"] == "community") & (areas["district_code"] == district)]
    if street:
        rows = rows[rows["parent_code"] == street]
    if community_type:
        rows = rows[rows["community_type"] == community_type]
    names = queries.area_tree(version).names  # shared: not a dict of every area per run
    return rows.assign(street_name=[names.get(p, MISSING) for p in rows["parent_code"]])[
        ["area_code", "area_name", "parent_code", "street_name", "community_type"]
    ]


def resolve(choices: pd.DataFrame, wanted: str | None) -> str | None:
    """The wanted community when it is one of the choices, else the first choice (None when empty)."""
    codes = list(choices["area_code"])
    if wanted in codes:
        return wanted
    return codes[0] if codes else None


# --- metrics and ranks in the street ------------------------------------------------------------


# What the page shows of the street's communities: the header's counts and the ranked metrics
SHOWN = ("households", "population", *RANK_METRICS)


def profile_metrics(version: str, codes: tuple[str, ...], as_of: date) -> pd.DataFrame:
    """The shown catalog metrics (``SHOWN``) of the communities on ``as_of``, flows over the 12
    months up to it."""
    return queries.metrics_table(version, codes, as_of, periods.year_window(as_of)[0], SHOWN)


def street_codes(areas: pd.DataFrame, street: str) -> tuple[str, ...]:
    rows = areas[(areas["level"] == "community") & (areas["parent_code"] == street)]
    return tuple(rows["area_code"])


def _value(table: pd.DataFrame, code: str, metric: str) -> float | None:
    if metric not in table.columns or code not in table.index:
        return None
    value = table.at[code, metric]
    return None if value is None or pd.isna(value) else float(value)


def ranks(table: pd.DataFrame, code: str, metrics: tuple[str, ...] = RANK_METRICS) -> pd.DataFrame:
    """Per metric: value, median and best of the street, rank (1 = highest), n (communities with a
    value) and ties (communities with the same value, this one included: 1 when alone)."""
    rows = []
    for metric in metrics:
        column = (
            pd.to_numeric(table[metric], errors="coerce")
            if metric in table.columns
            else pd.Series(dtype=float)
        )
        values = column.dropna()
        mine = _value(table, code, metric)
        rank = None if mine is None else int((values > mine).sum()) + 1
        ties = None if mine is None else int((values == mine).sum())
        rows.append(
            {
                "metric": metric,
                "value": mine,
                "median": values.median() if len(values) else None,
                "best": values.max() if len(values) else None,
                "rank": rank,
                "n": len(values),
                "ties": ties,
            }
        )
    return pd.DataFrame(rows, columns=["metric", "value", "median", "best", "rank", "n", "ties"])


# --- series -------------------------------------------------------------------------------------


@cache.model(max_entries=256)
def profile_monthly(version: str, code: str) -> pd.DataFrame:
    """One row per month with activity or volunteer data: activities, participants, volunteer hours, …"""
    df = _query(
        "WITH a AS (SELECT month, sum(activities) AS activities, sum(participants) AS participants "
        "FROM activity WHERE community_code = ? GROUP BY month), "
        "v AS (SELECT month, volunteer_hours, active_volunteers, points_earned, points_redeemed "
        "FROM volunteers WHERE community_code = ?) "
        "SELECT coalesce(a.month, v.month) AS month, a.activities, a.participants, v.volunteer_hours, "
        "v.active_volunteers, v.points_earned, v.points_redeemed FROM a FULL JOIN v ON a.month = v.month "
        "ORDER BY 1",
        [code, code],
    )
    df["month"] = [pd.Timestamp(m).date() for m in df["month"]]
    return df


@cache.model(max_entries=256)
def profile_staff(version: str, code: str) -> pd.DataFrame:
    df = _query(
        "SELECT snapshot_date, " + ", ".join(STAFF_COLUMNS) + " FROM staff WHERE community_code = ? "
        "ORDER BY snapshot_date",
        [code],
    )
    df["snapshot_date"] = [pd.Timestamp(d).date() for d in df["snapshot_date"]]
    return df


def until(frame: pd.DataFrame, column: str, as_of: date) -> pd.DataFrame:
    return frame[[d <= as_of for d in frame[column]]]


# --- lists with their state on a date -----------------------------------------------------------


@cache.model(max_entries=256)
def profile_lists(version: str, code: str) -> dict[str, pd.DataFrame]:
    """The community's facilities, organizations, programs and compounds (every row, any date)."""
    return {
        "facilities": _query(
            "SELECT facility_name, facility_kind, status, planned_date, opened_date, closed_date, area_m2, "
            "capacity_persons FROM facilities WHERE area_code = ? ORDER BY facility_kind, facility_name",
            [code],
        ),
        "organizations": _query(
            "SELECT org_name, org_kind, social_org_category, founded_date, closed_date, members "
            "FROM organizations WHERE area_code = ? ORDER BY org_kind, org_name",
            [code],
        ),
        "programs": _query(
            "SELECT program_kind, joined_date, left_date FROM programs WHERE community_code = ? "
            "ORDER BY joined_date",
            [code],
        ),
        "compounds": _query(
            "SELECT compound_name, households, built_year, is_old_compound, renovated_year, property_service, "
            "party_branch_founded_date FROM compounds WHERE community_code = ? ORDER BY compound_name",
            [code],
        ),
    }


def facility_state(row: pd.Series, as_of: date) -> str | None:
    """open / planned / closed on ``as_of`` (metric rules); None when not yet planned then."""
    opened, closed, planned = _day(row["opened_date"]), _day(row["closed_date"]), _day(row["planned_date"])
    if opened and opened <= as_of and (closed is None or closed > as_of):
        return "open"
    if closed and closed <= as_of:
        return "closed"
    if (row["status"] in ("planned", "under_construction") or (opened and opened > as_of)) and (
        planned is None or planned <= as_of
    ):
        return "planned"
    return None


def span_state(start: object, end: object, as_of: date, names: tuple[str, str]) -> str | None:
    """names[0] while ``start <= as_of < end``, names[1] once ended; None before it started."""
    start, end = _day(start), _day(end)
    if start is not None and start > as_of:
        return None
    return names[1] if end is not None and end <= as_of else names[0]


def facilities_on(df: pd.DataFrame, as_of: date) -> pd.DataFrame:
    return df.assign(state=[facility_state(r, as_of) for _, r in df.iterrows()]).dropna(subset=["state"])


def organizations_on(df: pd.DataFrame, as_of: date) -> pd.DataFrame:
    states = [
        span_state(a, b, as_of, ("active", "inactive"))
        for a, b in zip(df["founded_date"], df["closed_date"], strict=True)
    ]
    return df.assign(state=states).dropna(subset=["state"])


def programs_on(df: pd.DataFrame, as_of: date) -> pd.DataFrame:
    states = [
        span_state(a, b, as_of, ("joined", "left"))
        for a, b in zip(df["joined_date"], df["left_date"], strict=True)
    ]
    return df.assign(state=states).dropna(subset=["state"])


def compounds_on(df: pd.DataFrame, as_of: date) -> pd.DataFrame:
    built = pd.to_numeric(df["built_year"], errors="coerce")
    return df[built.isna() | (built <= as_of.year)]


def kind_text(kind: object, lang: str) -> str:
    return MISSING if kind is None or pd.isna(kind) else kind_label(str(kind), lang)


# --- the page's model --------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileModel:
    """What the profile page shows of one community on a date (lists as of ``as_of``)."""

    community: Community
    street_codes: tuple[str, ...]  # the communities of its street (itself when it has none)
    table: pd.DataFrame  # catalog metrics of the communities of its street (``profile_metrics``)
    ranks: pd.DataFrame  # its rank in the street (``ranks``)
    stars: pd.DataFrame  # five-star levels of its district (``five_star_data.five_star_frame``)
    star_now: pd.DataFrame  # its five-star level on ``as_of`` (empty: none)
    monthly: pd.DataFrame  # monthly series up to the month
    staff: pd.DataFrame  # staff snapshots up to ``as_of``
    facilities: pd.DataFrame
    organizations: pd.DataFrame
    programs: pd.DataFrame
    compounds: pd.DataFrame


# the whole page cached: a warm run re-assembles nothing (city: 17-60 ms -> 2-3 ms)
@cache.model(max_entries=64)
def model(
    version: str, code: str, district: str, month: date, as_of: date, threshold: float
) -> ProfileModel | None:
    """The profile of community ``code`` for the month (``as_of`` its last day); None: unknown code.
    ``district``: the selected district, for a community without one; ``threshold``: five-star score."""
    c = profile_community(version, code)
    if c is None:
        return None
    areas = queries.area_index(version)
    codes = street_codes(areas, c.street_code) if c.street_code else (c.code,)
    table = profile_metrics(version, codes, as_of)
    stars = fsd.five_star_frame(version, c.district_code or district, threshold)
    lists = profile_lists(version, c.code)
    return ProfileModel(
        community=c,
        street_codes=codes,
        table=table,
        ranks=ranks(table, c.code),
        stars=stars,
        star_now=fsd.snapshot(stars[stars["community_code"] == c.code], as_of),
        monthly=until(profile_monthly(version, c.code), "month", month),
        staff=until(profile_staff(version, c.code), "snapshot_date", as_of),
        facilities=facilities_on(lists["facilities"], as_of),
        organizations=organizations_on(lists["organizations"], as_of),
        programs=programs_on(lists["programs"], as_of),
        compounds=compounds_on(lists["compounds"], as_of),
    )
