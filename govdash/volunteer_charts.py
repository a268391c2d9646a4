"""Figures of the volunteer-activity page (plotly via ``govdash.charts.style``)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from etl.registry import ACTIVITY_TYPES
from govdash import ranking
from govdash.charts import BAD, PALETTE, style
from govdash.formatting import fmt_count
from govdash.i18n import lang, t
from govdash.metric_labels import kind_label
from govdash.overview_data import AVERAGE_LINE, OTHER, SELECTED

# Half-width charts: the legend goes below the plot so it never covers the title.
BOTTOM_LEGEND = {
    "orientation": "h",
    "yanchor": "top",
    "y": -0.22,
    "xanchor": "left",
    "x": 0,
    "font": {"size": 12},
}


def _month_axis(fig: go.Figure, months: pd.Series) -> None:
    """Month ticks every quarter (every half year beyond two years), never rotated."""
    span = months.nunique()
    fig.update_xaxes(
        tickformat="%Y年%-m月" if lang() == "zh" else "%b %Y",
        hoverformat="%Y-%m",
        dtick="M3" if span <= 24 else "M6",
        tickangle=0,
    )


def _month_labels(months: pd.Series) -> list[str]:
    return [f"{m.year}年{m.month}月" if lang() == "zh" else m.strftime("%b %Y") for m in months]


def by_month_and_type(monthly: pd.DataFrame, measure: str) -> go.Figure:
    """Stacked bars per month, one colour per activity type (``measure``: activities or participants)."""
    present = set(monthly["activity_type"])
    order = [k for k in ACTIVITY_TYPES if k in present] + sorted(present - set(ACTIVITY_TYPES))
    unit = t("vol_axis_activities") if measure == "activities" else t("vol_axis_participants")
    fig = go.Figure()
    for i, kind in enumerate(order):
        rows = monthly[monthly["activity_type"] == kind]
        name = kind_label(kind, lang())
        fig.add_bar(
            x=rows["month"],
            y=rows[measure],
            name=name,
            marker_color=PALETTE[i % len(PALETTE)],
            customdata=_month_labels(rows["month"]),
            hovertemplate=f"%{{customdata}} {name}：%{{y:,}}<extra></extra>",
        )
    title = t("vol_chart_activities") if measure == "activities" else t("vol_chart_participants")
    style(fig, title, t("vol_axis_month"), unit, height=460)
    fig.update_layout(barmode="stack", legend=BOTTOM_LEGEND)
    _month_axis(fig, monthly["month"])
    return fig


def hours_by_month(monthly: pd.DataFrame) -> go.Figure:
    """Volunteer hours per month, with the active volunteers of each month in the hover."""
    fig = go.Figure(
        go.Bar(
            x=monthly["month"],
            y=monthly["volunteer_hours"],
            name=t("vol_series_hours"),
            marker_color=PALETTE[2],
            customdata=list(zip(_month_labels(monthly["month"]), monthly["active_volunteers"], strict=True)),
            hovertemplate=(
                f"%{{customdata[0]}}<br>{t('vol_series_hours')}：%{{y:,.0f}}<br>"
                f"{t('vol_series_active')}：%{{customdata[1]:,}}<extra></extra>"
            ),
        )
    )
    style(fig, t("vol_chart_hours"), t("vol_axis_month"), t("vol_axis_hours"), height=420, legend=False)
    _month_axis(fig, monthly["month"])
    return fig


def points_by_month(monthly: pd.DataFrame) -> go.Figure:
    """Points earned and redeemed per month, side by side."""
    fig = go.Figure()
    labels = _month_labels(monthly["month"])
    for column, key, colour in (
        ("points_earned", "vol_series_earned", PALETTE[1]),
        ("points_redeemed", "vol_series_redeemed", PALETTE[3]),
    ):
        fig.add_bar(
            x=monthly["month"],
            y=monthly[column],
            name=t(key),
            marker_color=colour,
            customdata=labels,
            hovertemplate=f"%{{customdata}} {t(key)}：%{{y:,}}<extra></extra>",
        )
    style(fig, t("vol_chart_points"), t("vol_axis_month"), t("vol_axis_points"), height=420)
    fig.update_layout(barmode="group", legend=BOTTOM_LEGEND)
    _month_axis(fig, monthly["month"])
    return fig


def rates_by_area(
    table: pd.DataFrame,
    names: dict[str, str],
    level: str,
    metric: str,
    metric_name: str,
    average: float | None,
    area_name: str,
    window: str,
    highlight: str | None = None,
    parent: Mapping | None = None,
) -> go.Figure:
    """The chosen per-1,000 rate per street or community, highest first, the area average marked,
    the laggards red as on the overview (``govdash.ranking``: bottom ones below ``parent``'s rate),
    the selected community dark."""
    column = f"{metric}_per_1k"
    result = ranking.rank(table, parent, metric, ranking.PER_1K)  # the overview's and the slide's rule
    rows = table.loc[result.order()]
    codes = list(rows.index)
    laggards = set(result.laggards) if parent is not None else set()
    fig = go.Figure(
        go.Bar(
            x=[names.get(c, c) for c in codes],
            y=rows[column],
            marker_color=[SELECTED if c == highlight else BAD if c in laggards else OTHER for c in codes],
            customdata=list(zip(codes, rows[metric], rows["population"], strict=True)),
            hovertemplate=(
                f"%{{x}}<br>{metric_name}：%{{y:,.1f}}<br>%{{customdata[1]:,.0f}} / "
                f"%{{customdata[2]:,.0f}}<extra></extra>"
            ),
        )
    )
    if average is not None:
        fig.add_hline(
            y=average,
            line_dash="dash",
            line_color=AVERAGE_LINE,
            annotation_text=t("vol_area_average", area=area_name, value=fmt_count(average, lang())),
            annotation_position="top right",
        )
    level_text = t("vol_level_street") if level == "street" else t("vol_level_community")
    style(
        fig,
        t("vol_chart_rates", metric=metric_name, level=level_text, window=window),
        level_text,
        t("vol_axis_rate"),
        height=420,
        legend=False,
    )
    fig.update_yaxes(tickformat=",.0f")
    fig.update_xaxes(tickangle=-30 if len(codes) > 8 else 0)
    fig.update_layout(clickmode="event+select")
    return fig
