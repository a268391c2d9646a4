"""Data of the volunteer-activity page: flows over a window of months, rates, rankings.

Totals are catalog metrics (``queries.metrics_table`` with ``since``/``as_of``); with a
community-type filter they are summed over the catalog values of the communities of that type
(``active_volunteers`` is then the peak month of their monthly sum, the catalog's rule). The
monthly series come from one grouped query each and add up to the catalog totals.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from etl.metric_catalog import percentage
from govdash import queries, ranking
from govdash.coverage_data import TREE_CTE, communities_of
from govdash.queries import query_df

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
ADDITIVE = tuple(m for m in FLOWS if m != "active_volunteers")
RATE_METRICS = ("activities", "participants", "volunteer_hours", "points_earned")

IN_WINDOW = (
    "date_trunc('month', x.month)::DATE <= $as_of::DATE "
    "AND ($since::DATE IS NULL OR last_day(x.month) > $since::DATE)"
)
COMMUNITIES = (
    f"WITH RECURSIVE {TREE_CTE}, "
    "comm AS (SELECT a.area_code AS code FROM tree t JOIN areas a ON a.area_code = t.code "
    "WHERE a.level = 'community' AND ($ctype::VARCHAR IS NULL OR a.community_type = $ctype)) "
)


def window_bounds(month: date, months: int) -> tuple[date, date, date]:
    """(since, first month, as_of) of the ``months`` months ending with ``month``."""
    index = month.year * 12 + month.month - 1 - months
    before = date(index // 12, index % 12 + 1, 1)
    first_index = index + 1
    first = date(first_index // 12, first_index % 12 + 1, 1)
    return queries.month_end(before), first, queries.month_end(month)


def previous_bounds(since: date, months: int) -> tuple[date, date]:
    """(since, as_of) of the ``months`` months before a window that starts after ``since``."""
    return window_bounds(since, months)[0], since


def rate(value: object, population: object) -> float | None:
    """Per 1,000 residents, one decimal (None without population)."""
    if value is None or population is None or value != value or population != population or not population:
        return None
    return percentage(value, population, 1000)


def redeem_rate(earned: object, redeemed: object) -> float | None:
    if earned is None or earned != earned or not earned:
        return None
    return percentage(redeemed or 0, earned)


# --- monthly series ------------------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def monthly_activity(
    version: str, area_code: str, community_type: str | None, since: date | None, as_of: date
) -> pd.DataFrame:
    """Activities and participants per month and activity type."""
    df = query_df(
        COMMUNITIES + "SELECT date_trunc('month', x.month)::DATE AS month, x.activity_type, "
        "sum(x.activities) AS activities, sum(x.participants) AS participants "
        f"FROM activity x JOIN comm ON comm.code = x.community_code WHERE {IN_WINDOW} "
        "GROUP BY ALL ORDER BY ALL",
        {"roots": [area_code], "ctype": community_type, "since": since, "as_of": as_of},
    )
    df["month"] = pd.to_datetime(df["month"])
    return df


@st.cache_data(show_spinner=False)
def monthly_volunteers(
    version: str, area_code: str, community_type: str | None, since: date | None, as_of: date
) -> pd.DataFrame:
    """Volunteer hours, active volunteers and points per month."""
    df = query_df(
        COMMUNITIES + "SELECT date_trunc('month', x.month)::DATE AS month, "
        "sum(x.volunteer_hours) AS volunteer_hours, sum(x.active_volunteers) AS active_volunteers, "
        "sum(x.points_earned) AS points_earned, sum(x.points_redeemed) AS points_redeemed, "
        "sum(x.bank_services) AS volunteer_bank_services "
        f"FROM volunteers x JOIN comm ON comm.code = x.community_code WHERE {IN_WINDOW} "
        "GROUP BY ALL ORDER BY ALL",
        {"roots": [area_code], "ctype": community_type, "since": since, "as_of": as_of},
    )
    df["month"] = pd.to_datetime(df["month"])
    return df


# --- totals and tables ---------------------------------------------------------------------------


def _numeric(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    return frame.reindex(columns=list(columns)).apply(pd.to_numeric, errors="coerce")


def with_rates(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for metric in RATE_METRICS:
        out[f"{metric}_per_1k"] = [rate(v, p) for v, p in zip(out[metric], out["population"], strict=True)]
    out["redeem_rate_pct"] = [
        redeem_rate(e, r) for e, r in zip(out["points_earned"], out["points_redeemed"], strict=True)
    ]
    return out


@st.cache_data(show_spinner=False)
def community_table(version: str, codes: tuple[str, ...], since: date | None, as_of: date) -> pd.DataFrame:
    """Flows, population and rates of communities over the window (catalog metrics)."""
    if not codes:
        return pd.DataFrame(columns=["population", *FLOWS])
    metrics = queries.metrics_table(version, codes, as_of, since)
    return with_rates(_numeric(metrics, ("population", "communities", *FLOWS)))


@st.cache_data(show_spinner=False)
def totals(
    version: str, area_code: str, level: str, community_type: str | None, since: date | None, as_of: date
) -> pd.Series:
    """Window totals of the selected area with the per-1,000 rates."""
    if not community_type or level == "community":
        metrics = queries.metrics_table(version, (area_code,), as_of, since)
        row = _numeric(metrics, ("population", "communities", *FLOWS))
    else:
        codes = tuple(communities_of(queries.area_index(version), area_code, level, community_type))
        comm = community_table(version, codes, since, as_of)
        row = pd.DataFrame([comm.reindex(columns=["population", "communities", *ADDITIVE]).sum()])
        monthly = monthly_volunteers(version, area_code, community_type, since, as_of)
        row["active_volunteers"] = monthly["active_volunteers"].max() if not monthly.empty else 0
    return with_rates(row).iloc[0]


def comparison(
    version: str,
    district: str,
    street: str | None,
    community_type: str | None,
    since: date | None,
    as_of: date,
) -> tuple[str, pd.DataFrame]:
    """Streets of the district (district selected), else the communities of the street."""
    areas = queries.area_index(version)
    if street:
        codes = communities_of(areas, street, "street", community_type)
        return "community", community_table(version, tuple(codes), since, as_of)
    streets = areas.loc[
        (areas["level"] == "street") & (areas["parent_code"] == district), "area_code"
    ].tolist()
    if not community_type:
        metrics = queries.metrics_table(version, tuple(streets), as_of, since)
        return "street", with_rates(_numeric(metrics, ("population", "communities", *FLOWS)))
    rows = {}
    for code in streets:
        comm = community_table(
            version, tuple(communities_of(areas, code, "street", community_type)), since, as_of
        )
        if not comm.empty:
            rows[code] = comm.reindex(columns=["population", "communities", *ADDITIVE]).sum()
    return "street", with_rates(pd.DataFrame(rows).T) if rows else pd.DataFrame()


def points_reported(monthly: pd.DataFrame) -> bool:
    """Whether any community of the selection reported volunteer points in the window."""
    return not monthly.empty and bool(monthly["points_earned"].notna().any())


def without_points(totals: pd.Series) -> pd.Series:
    """Totals with the points blanked: the catalog says 0 where nothing was reported."""
    out = totals.copy()
    for key in ("points_earned", "points_redeemed", "points_earned_per_1k", "redeem_rate_pct"):
        out[key] = None
    return out


def ranked(table: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Communities with population, ranked by ``metric`` per 1,000 residents (1 = highest), by the
    rule the overview and the 短板 slide use (``govdash.ranking``)."""
    order = ranking.rank(table, None, metric, ranking.PER_1K).rows
    out = table.loc[order.index].copy()
    out["rank"] = list(order["rank"])
    return out


def by_type(monthly: pd.DataFrame) -> pd.DataFrame:
    """Window totals per activity type, largest first, with share and participants per activity."""
    out = monthly.groupby("activity_type")[["activities", "participants"]].sum()
    out = out.sort_values("activities", ascending=False)
    total = out["activities"].sum()
    out["share_pct"] = [percentage(v, total) for v in out["activities"]]
    out["per_activity"] = [
        round(p / a, 1) if a else None for p, a in zip(out["participants"], out["activities"], strict=True)
    ]
    return out
