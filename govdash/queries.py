"""One small function per dashboard question; SQL values are bound, results fully fetched."""

from __future__ import annotations

import calendar
from datetime import date

import pandas as pd
import streamlit as st

from etl.metrics import compute_metrics_many
from etl.settings import star_threshold
from govdash.db import connection

# Recursive CTEs over the area tree, with positional parameters (follow parent links, never code prefixes).
# ``tree(code)``: the root and every area below it. Parameter: the root code.
SUBTREE_CTE = (
    "tree(code) AS (SELECT CAST(? AS VARCHAR) UNION "
    "SELECT a.area_code FROM tree t JOIN areas a ON a.parent_code = t.code)"
)
# ``comms(area_code, area_name, parent_code)``: communities below the root existing on a day.
# Parameters: the root code, the day, the day.
EXISTING_COMMUNITIES_CTE = SUBTREE_CTE + (
    ", comms AS (SELECT a.area_code, a.area_name, a.parent_code FROM areas a JOIN tree ON a.area_code = tree.code "
    "WHERE a.level = 'community' AND (a.established_date IS NULL OR a.established_date <= ?) "
    "AND (a.abolished_date IS NULL OR a.abolished_date > ?))"
)


def query_df(sql: str, params: list | None = None) -> pd.DataFrame:
    with connection().cursor() as cur:
        return cur.execute(sql, params or []).df()


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def shift_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@st.cache_data(show_spinner=False)
def data_cutoff(version: str) -> date | None:
    """The last day of the latest month with activity or volunteer data."""
    df = query_df("SELECT greatest(coalesce((SELECT max(month) FROM activity), DATE '1900-01-01'), "
             "coalesce((SELECT max(month) FROM volunteers), DATE '1900-01-01')) AS m")
    latest = df["m"].iloc[0]
    if pd.isna(latest) or latest.year == 1900:
        return None
    return month_end(pd.Timestamp(latest).date())


@st.cache_data(show_spinner=False)
def districts(version: str) -> pd.DataFrame:
    return query_df("SELECT area_code, area_name FROM areas WHERE level = 'district' ORDER BY area_code")


@st.cache_data(show_spinner=False)
def area_totals(version: str, as_of: date) -> dict[str, int]:
    df = query_df(
        "SELECT level, count(*) AS n FROM areas WHERE (established_date IS NULL OR established_date <= ?) "
        "AND (abolished_date IS NULL OR abolished_date > ?) GROUP BY level",
        [as_of, as_of],
    )
    return dict(zip(df["level"], df["n"], strict=True))


@st.cache_data(show_spinner=False)
def metrics_table(version: str, area_codes: tuple[str, ...], as_of: date, since: date | None) -> pd.DataFrame:
    """Wide table: one row per area, one column per metric."""
    with connection().cursor() as cur:
        long = compute_metrics_many(cur, list(area_codes), as_of, since, star_threshold())
    if long.empty:
        return pd.DataFrame(index=list(area_codes))
    wide = long.pivot_table(index="area_code", columns="metric", values="value", aggfunc="first", dropna=False)
    return wide.reindex(list(area_codes))


@st.cache_data(show_spinner=False)
def area_index(version: str) -> pd.DataFrame:
    """Every area with its level, parent, district and community type (for filters and labels)."""
    return query_df(
        "SELECT a.area_code, a.area_name, a.level, a.parent_code, a.community_type, "
        "CASE a.level WHEN 'district' THEN a.area_code WHEN 'street' THEN a.parent_code "
        "ELSE p.parent_code END AS district_code, a.lon, a.lat "
        "FROM areas a LEFT JOIN areas p ON p.area_code = a.parent_code "
        "WHERE a.level IN ('district', 'street', 'community') ORDER BY a.area_code"
    )


@st.cache_data(show_spinner=False)
def months(version: str) -> list[date]:
    """Every month that has activity or volunteer data, oldest first."""
    df = query_df("SELECT DISTINCT month FROM activity UNION SELECT DISTINCT month FROM volunteers ORDER BY 1")
    return [pd.Timestamp(m).date() for m in df["month"]]
