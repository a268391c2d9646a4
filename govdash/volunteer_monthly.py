"""The volunteer page's monthly series: activities and participants per month and activity type,
volunteer hours and points per month, each one grouped query over the page's month window (the
window rule of the catalog, ``etl.flow_sql``); they add up to the catalog totals."""

from __future__ import annotations

from datetime import date

import pandas as pd

from etl.flow_sql import IN_WINDOW_CONSTANT as IN_WINDOW
from etl.metric_catalog import percentage
from govdash import cache, queries
from govdash.queries import query_df

# The communities a monthly series sums: below the roots (of one type), or listed
COMMUNITIES = (
    "WITH RECURSIVE {subtree}, "
    "comm AS (SELECT a.area_code AS code FROM tree t JOIN areas a ON a.area_code = t.code "
    "WHERE a.level = 'community' AND ($ctype::VARCHAR IS NULL OR a.community_type = $ctype)) "
)
LISTED = "WITH comm AS (SELECT DISTINCT unnest($codes::VARCHAR[]) AS code) "
ACTIVITY_SQL = (
    "SELECT date_trunc('month', x.month)::DATE AS month, x.activity_type, "
    "sum(x.activities) AS activities, sum(x.participants) AS participants "
    f"FROM activity x JOIN comm ON comm.code = x.community_code WHERE {IN_WINDOW} "
    "GROUP BY ALL ORDER BY ALL"
)
VOLUNTEERS_SQL = (
    "SELECT date_trunc('month', x.month)::DATE AS month, "
    "sum(x.volunteer_hours) AS volunteer_hours, sum(x.active_volunteers) AS active_volunteers, "
    "sum(x.points_earned) AS points_earned, sum(x.points_redeemed) AS points_redeemed, "
    "sum(x.bank_services) AS volunteer_bank_services "
    f"FROM volunteers x JOIN comm ON comm.code = x.community_code WHERE {IN_WINDOW} "
    "GROUP BY ALL ORDER BY ALL"
)


def _monthly(
    body: str,
    area_code: str,
    community_type: str | None,
    since: date | None,
    as_of: date,
    codes: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """A monthly series (``body``) summed over the communities of the area (of the type), or over
    ``codes`` when the caller knows them (a list is read directly)."""
    if codes is None:
        df = queries.subtree_df(
            COMMUNITIES + body, {"root": area_code, "ctype": community_type, "since": since, "as_of": as_of}
        )
    else:
        df = query_df(LISTED + body, {"codes": list(codes), "since": since, "as_of": as_of})
    df["month"] = pd.to_datetime(df["month"])
    return df


@cache.model(max_entries=256)
def monthly_activity(
    version: str,
    area_code: str,
    community_type: str | None,
    since: date | None,
    as_of: date,
    codes: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Activities and participants per month and activity type (``codes``: see ``_monthly``)."""
    return _monthly(ACTIVITY_SQL, area_code, community_type, since, as_of, codes)


@cache.model(max_entries=256)
def monthly_volunteers(
    version: str, area_code: str, community_type: str | None, since: date | None, as_of: date
) -> pd.DataFrame:
    """Volunteer hours, active volunteers and points per month. Walks the area tree: the hours are
    floating-point sums, which a listed plan (``codes``) adds up in another order (they would
    differ in the last bits)."""
    return _monthly(VOLUNTEERS_SQL, area_code, community_type, since, as_of)


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
