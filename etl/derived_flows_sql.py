"""SQL that builds the derived tables of the monthly datasets (``etl.derived``): their sums, and the
communities reporting, per rolled-up area and calendar month. ``etl.flow_sql`` reads them. The
stock, walking-distance and five-star builders are in ``etl.derived_sql``."""

from __future__ import annotations


def flow_rollup(name: str, table: str, kind: str | None, sums: dict[str, str]) -> str:
    cols = ", ".join(f"sum({expr}) AS {alias}" for alias, expr in sums.items())
    outer = ", ".join(f"sum({alias}) AS {alias}" for alias in sums)
    k = f"x.{kind} AS {kind}, " if kind else ""
    k2 = f"{kind}, " if kind else ""
    return f"""
CREATE OR REPLACE TABLE {name} AS
WITH near AS (
    SELECT n.nearest, date_trunc('month', x.month)::DATE AS month, {k}{cols}
    FROM {table} x
    JOIN areas a ON a.area_code = x.community_code AND a.level = 'community'
    JOIN _nearest n ON n.area_code = x.community_code
    GROUP BY ALL
)
SELECT u.ancestor_code, month, {k2}{outer}
FROM near JOIN _rolled_up u ON u.nearest = near.nearest
GROUP BY ALL ORDER BY ALL
"""


def reports(name: str, table: str) -> str:
    """``CREATE TABLE name``: per rolled-up area and month, how many of its communities sent rows of
    ``table`` that month (``reporting``) and how many of them for the first time
    (``first_reporting``). Summed, the reporting count of a one-month period, or (the first times,
    up to a month) of a period from the start of the data: without a distinct count over the rows
    of every community below (the whole country at national scale: ~0.7 s)."""
    return f"""
CREATE OR REPLACE TABLE {name} AS
WITH seen AS (
    SELECT x.community_code, date_trunc('month', x.month)::DATE AS month FROM {table} x
    WHERE x.month IS NOT NULL GROUP BY ALL
),
firsts AS (SELECT community_code, min(month) AS month FROM seen GROUP BY ALL),
near AS (
    SELECT n.nearest, s.month, count(*) AS reporting, count(f.month) AS first_reporting
    FROM seen s JOIN _nearest n ON n.area_code = s.community_code
    LEFT JOIN firsts f ON f.community_code = s.community_code AND f.month = s.month
    GROUP BY ALL
)
SELECT u.ancestor_code, month, sum(reporting)::BIGINT AS reporting, sum(first_reporting)::BIGINT AS first_reporting
FROM near JOIN _rolled_up u ON u.nearest = near.nearest
GROUP BY ALL ORDER BY ALL
"""


ACTIVITY_SUMS = {
    "activities": "x.activities",
    "participants": "x.participants",
    "social_org_activities": "x.social_org_activities",
    "social_org_participants": "x.social_org_participants",
    "returnee_registrations": "x.app_registrations",
}
VOLUNTEER_SUMS = {
    "volunteer_hours": "x.volunteer_hours",
    "active_volunteers": "x.active_volunteers",
    "volunteer_bank_services": "x.bank_services",
    "points_earned": "x.points_earned",
    "points_redeemed": "x.points_redeemed",
}
