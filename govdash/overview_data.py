"""Data and figures of the overview page (总览)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from etl import periods
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


FLOW_KPIS = tuple(m for m, flow in KPIS if flow)
# What the cards ask the engine for: the cards' metrics and the reporting coverage
KPI_METRICS = (*(m for m, _ in KPIS), "reporting_communities:activity", "reporting_communities:volunteers")


@dataclass(frozen=True)
class Kpi:
    metric: str
    value: float | None
    prev_month: float | None
    prev_year: float | None

    @property
    def missing(self) -> bool:
        """A flow no community of the area reported for the month (shown as — 未报送, not 0)."""
        return self.value is None and self.metric in FLOW_KPIS

    def text(self, lang: str) -> str:
        if self.missing:
            return "—"
        return fmt_pct(self.value) if is_pct(self.metric) else fmt_count(self.value, lang)

    def delta(self, other: float | None, lang: str) -> str | None:
        if self.value is None or other is None or other != other or self.value != self.value:
            return None
        if is_pct(self.metric):
            return f"{self.value - other:+.1f}" + ("个百分点" if lang == "zh" else " pt")
        if not other:
            return None
        return f"{(self.value - other) / other * 100:+.1f}%"


def previous_month(month: date) -> date:
    return periods.add_months(month, -1)


def _num(series: pd.Series, metric: str) -> float | None:
    value = series.get(metric)
    return None if value is None or value != value else float(value)


def _month_values(version: str, code: str, months: tuple[date, ...]) -> list[pd.Series]:
    """The cards' metrics of the area for each month, in one engine call (flows in one query)."""
    windows = tuple(periods.month_window(m) for m in months)
    tables = queries.metrics_periods(version, (code,), windows, KPI_METRICS)
    return [tables[w].loc[code] if code in tables[w].index else pd.Series(dtype=object) for w in windows]


def kpis(version: str, code: str, month: date) -> list[Kpi]:
    months = (month, previous_month(month), periods.add_months(month, -12))
    now, last_month, last_year = _month_values(version, code, months)
    return [Kpi(m, _num(now, m), _num(last_month, m), _num(last_year, m)) for m, _ in KPIS]


def reporting(version: str, code: str, month: date) -> tuple[int, int]:
    """(communities that sent activity data for the month, communities existing then) in the area."""
    now = _month_values(version, code, (month, previous_month(month), periods.add_months(month, -12)))[0]
    return int(_num(now, "reporting_communities:activity") or 0), int(_num(now, "communities") or 0)


def children(areas: pd.DataFrame, code: str, level: str) -> pd.DataFrame:
    """Areas one level below the selection (a community's siblings when a community is selected)."""
    if level == "community":
        parent = areas.loc[areas["area_code"] == code, "parent_code"].iloc[0]
        return areas[(areas["parent_code"] == parent) & (areas["level"] == "community")]
    return areas[areas["parent_code"] == code]


def comparison(version: str, codes: tuple[str, ...], metric: str, as_of: date) -> pd.DataFrame:
    """One row per area: value of ``metric`` (flows over the 12 months up to ``as_of``)."""
    table = queries.metrics_table(version, codes, as_of, queries.shift_years(as_of, -1), (metric,))
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
