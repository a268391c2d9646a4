"""Data and figures of the overview page (总览)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from govdash import filters, queries
from govdash.charts import PALETTE, style
from govdash.formatting import fmt_count, fmt_pct
from govdash.metric_labels import is_pct, metric_label, metric_unit

# KPI cards: (metric, flow?) — flow metrics are for the selected month, stocks as of its last day
KPIS: tuple[tuple[str, bool], ...] = (
    ("communities", False),
    ("population", False),
    ("social_orgs", False),
    ("compound_branch_coverage_pct", False),
    ("activities", True),
    ("participants", True),
    ("volunteer_hours", True),
    ("five_star_communities", False),
)

# Metrics offered for the comparison chart (12 months up to the selected month for flows)
COMPARE = (
    "activities",
    "participants",
    "volunteer_hours",
    "social_orgs",
    "compound_branch_coverage_pct",
    "coverage_pct:party_service_center",
    "communities",
    "population",
)


@dataclass(frozen=True)
class Kpi:
    metric: str
    value: float | None
    prev_month: float | None
    prev_year: float | None

    def text(self, lang: str) -> str:
        return fmt_pct(self.value) if is_pct(self.metric) else fmt_count(self.value, lang)

    def delta(self, other: float | None, lang: str) -> str | None:
        if self.value is None or other is None or other != other or self.value != self.value:
            return None
        if is_pct(self.metric):
            return f"{self.value - other:+.1f}" + ("个百分点" if lang == "zh" else " pt")
        if not other:
            return None
        return f"{(self.value - other) / other * 100:+.1f}%"


def month_window(month: date) -> tuple[date, date]:
    """(since, as_of) covering exactly the calendar month."""
    return month - timedelta(days=1), queries.month_end(month)


def previous_month(month: date) -> date:
    return (month - timedelta(days=1)).replace(day=1)


def _values(version: str, code: str, month: date) -> pd.Series:
    since, as_of = month_window(month)
    table = queries.metrics_table(version, (code,), as_of, since)
    return table.loc[code] if code in table.index else pd.Series(dtype=object)


def _num(series: pd.Series, metric: str) -> float | None:
    value = series.get(metric)
    return None if value is None or value != value else float(value)


def kpis(version: str, code: str, month: date) -> list[Kpi]:
    now = _values(version, code, month)
    last_month = _values(version, code, previous_month(month))
    last_year = _values(version, code, queries.shift_years(month, -1))
    return [Kpi(m, _num(now, m), _num(last_month, m), _num(last_year, m)) for m, _ in KPIS]


@st.cache_data(show_spinner=False)
def reporting(version: str, code: str, month: date) -> tuple[int, int]:
    """(communities that sent activity data for the month, communities existing then) in the area."""
    df = queries.query_df(
        f"WITH RECURSIVE {queries.EXISTING_COMMUNITIES_CTE} "
        "SELECT (SELECT count(DISTINCT community_code) FROM activity WHERE month = ? AND community_code IN "
        "(SELECT area_code FROM comms)) AS reported, (SELECT count(*) FROM comms) AS total",
        [code, queries.month_end(month), queries.month_end(month), month],
    )
    return int(df["reported"].iloc[0]), int(df["total"].iloc[0])


def children(areas: pd.DataFrame, code: str, level: str) -> pd.DataFrame:
    """Areas one level below the selection (a community's siblings when a community is selected)."""
    if level == "community":
        parent = areas.loc[areas["area_code"] == code, "parent_code"].iloc[0]
        return areas[(areas["parent_code"] == parent) & (areas["level"] == "community")]
    return areas[areas["parent_code"] == code]


def comparison(version: str, codes: tuple[str, ...], metric: str, as_of: date) -> pd.DataFrame:
    """One row per area: value of ``metric`` (flows over the 12 months up to ``as_of``)."""
    table = queries.metrics_table(version, codes, as_of, queries.shift_years(as_of, -1))
    values = table[metric] if metric in table.columns else pd.Series(index=table.index, dtype=float)
    return pd.DataFrame({"area_code": list(codes), "value": [values.get(c) for c in codes]})


def comparison_figure(
    df: pd.DataFrame, names: dict[str, str], metric: str, lang: str, selected: str | None
) -> go.Figure:
    df = df.assign(name=[names.get(c, c) for c in df["area_code"]]).sort_values("value", ascending=True)
    unit = metric_unit(metric, lang)
    colors = [PALETTE[0] if c == selected else PALETTE[1] for c in df["area_code"]]
    fig = go.Figure(
        go.Bar(
            x=df["value"],
            y=df["name"],
            orientation="h",
            marker_color=colors,
            customdata=df["area_code"],
            hovertemplate="%{y}: %{x:,.1f}" + (f" {unit}" if unit else "") + "<extra></extra>",
            text=[fmt_pct(v) if is_pct(metric) else fmt_count(v, lang) for v in df["value"]],
            textposition="outside",
            cliponaxis=False,
        )
    )
    title = metric_label(metric, lang) + (
        f"（{unit}）" if unit and lang == "zh" else f" ({unit})" if unit else ""
    )
    fig = style(fig, title, x_title=unit, height=max(320, 28 * len(df) + 120), legend=False)
    fig.update_xaxes(tickformat=",~r")
    return fig


def on_bar_click(chart_key: str) -> None:
    """``on_select`` callback of the comparison chart: select the clicked street or community."""
    state = st.session_state.get(chart_key)
    try:
        points = state["selection"]["points"]
    except (KeyError, TypeError):
        return
    if points and points[0].get("customdata"):
        filters.select_area(str(points[0]["customdata"]))
