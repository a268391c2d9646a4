"""Figures of the volunteer-activity page, each built from one spec (``govdash.charts.figure``: one
plotly validation pass) with the shared style (``charts.styled_layout``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
import plotly.graph_objects as go

from etl.registry import ACTIVITY_TYPES
from govdash import queries, ranking, volunteer_data
from govdash.charts import BAD, PALETTE, figure, month_axis, reference_line, shared, styled_layout
from govdash.formatting import is_missing
from govdash.i18n import lang, t
from govdash.metric_labels import fmt_number, kind_label, sentence_start
from govdash.overview_data import AVERAGE_LINE, OTHER, SELECTED
from govdash.value_units import average_area, labelled, with_unit

# Half-width charts: the legend goes below the plot so it never covers the title.
BOTTOM_LEGEND = {
    "orientation": "h",
    "yanchor": "top",
    "y": -0.22,
    "xanchor": "left",
    "x": 0,
    "font": {"size": 12},
}


def _month_labels(months: pd.Series) -> list[str]:
    return [f"{m.year}年{m.month}月" if lang() == "zh" else m.strftime("%b %Y") for m in months]


def by_month_and_type(monthly: pd.DataFrame, measure: str) -> go.Figure:
    """Stacked bars per month, one colour per activity type (``measure``: activities or participants)."""
    present = set(monthly["activity_type"])
    order = [k for k in ACTIVITY_TYPES if k in present] + sorted(present - set(ACTIVITY_TYPES))
    unit = t("vol_axis_activities") if measure == "activities" else t("vol_axis_participants")
    data = []
    for i, kind in enumerate(order):
        rows = monthly[monthly["activity_type"] == kind]
        name = sentence_start(kind_label(kind, lang()))  # a legend entry: "Public service"
        data.append(
            {
                "type": "bar",
                "x": rows["month"],
                "y": rows[measure],
                "name": name,
                "marker": {"color": PALETTE[i % len(PALETTE)]},
                "customdata": _month_labels(rows["month"]),
                "hovertemplate": "%{customdata} "
                + labelled(name, with_unit("%{y:,}", measure, lang()), lang())
                + "<extra></extra>",
            }
        )
    title = t("vol_chart_activities") if measure == "activities" else t("vol_chart_participants")
    layout = styled_layout(
        title,
        t("vol_axis_month"),
        unit,
        height=460,
        barmode="stack",
        xaxis=month_axis(monthly["month"], lang()),
    ) | {"legend": BOTTOM_LEGEND}  # replaces the shared legend settings (``legend`` there is on/off)
    return figure(data, layout)


def hours_by_month(monthly: pd.DataFrame) -> go.Figure:
    """Volunteer hours per month, with the active volunteers of each month in the hover."""
    bar = {
        "type": "bar",
        "x": monthly["month"],
        "y": monthly["volunteer_hours"],
        "name": t("vol_series_hours"),
        "marker": {"color": PALETTE[2]},
        "customdata": list(zip(_month_labels(monthly["month"]), monthly["active_volunteers"], strict=True)),
        "hovertemplate": (
            "%{customdata[0]}<br>"
            + labelled(t("vol_series_hours"), with_unit("%{y:,.0f}", "volunteer_hours", lang()), lang())
            + "<br>"
            + labelled(
                t("vol_series_active"), with_unit("%{customdata[1]:,}", "active_volunteers", lang()), lang()
            )
            + "<extra></extra>"
        ),
    }
    layout = styled_layout(
        t("vol_chart_hours"),
        t("vol_axis_month"),
        t("vol_axis_hours"),
        height=420,
        legend=False,
        xaxis=month_axis(monthly["month"], lang()),
    )
    return figure([bar], layout)


def points_by_month(monthly: pd.DataFrame) -> go.Figure:
    """Points earned and redeemed per month, side by side."""
    labels = _month_labels(monthly["month"])
    data = [
        {
            "type": "bar",
            "x": monthly["month"],
            "y": monthly[column],
            "name": t(key),
            "marker": {"color": colour},
            "customdata": labels,
            "hovertemplate": "%{customdata} "
            + labelled(t(key), with_unit("%{y:,}", column, lang()), lang())
            + "<extra></extra>",
        }
        for column, key, colour in (
            ("points_earned", "vol_series_earned", PALETTE[1]),
            ("points_redeemed", "vol_series_redeemed", PALETTE[3]),
        )
    ]
    layout = styled_layout(
        t("vol_chart_points"),
        t("vol_axis_month"),
        t("vol_axis_points"),
        height=420,
        barmode="group",
        xaxis=month_axis(monthly["month"], lang()),
    ) | {"legend": BOTTOM_LEGEND}
    return figure(data, layout)


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
    bar = {
        "type": "bar",
        "x": [names.get(c, c) for c in codes],
        "y": rows[column],
        "marker": {"color": [SELECTED if c == highlight else BAD if c in laggards else OTHER for c in codes]},
        "customdata": list(zip(codes, rows[metric], rows["population"], strict=True)),
        "hovertemplate": (
            "%{x}<br>"
            + labelled(metric_name, with_unit("%{y:,.1f}", metric, lang(), ranking.PER_1K), lang())
            + "<br>"
            + t(
                "vol_hover_rate_basis",
                total=with_unit("%{customdata[1]:,.0f}", metric, lang()),
                population="%{customdata[2]:,.0f}",
            )
            + "<extra></extra>"
        ),
    }
    if parent is not None:  # the ranking's average: the parent's, or the compared ones' (``pooled``)
        average, area_name = result.average_shown, average_area(result, area_name, level, lang())
    shapes, notes = [], []
    if not is_missing(average):  # NaN in the page's numeric table: no line (ECharts fails on one)
        text = t("vol_area_average", area=area_name, value=fmt_number(column, average, lang()))  # 8.0, not 8
        shapes, notes = reference_line(average, color=AVERAGE_LINE, text=text, position="top right")
    level_text = t("vol_level_street") if level == "street" else t("vol_level_community")
    layout = styled_layout(
        t("vol_chart_rates", metric=metric_name, level=level_text, window=window),
        sentence_start(level_text),  # an axis title: "Street", within the title "by street"
        t("vol_axis_rate"),
        height=420,
        legend=False,
        shapes=shapes,
        annotations=notes,
        xaxis={"tickangle": -30 if len(codes) > 8 else 0},
        yaxis={"tickformat": ",.0f"},
    )
    return figure([bar], layout)


# The monthly charts of the page's tabs, from its model (``volunteer_data.VolunteerModel``).
MONTHLY: dict[str, Callable[[volunteer_data.VolunteerModel], go.Figure]] = {
    "activities": lambda m: by_month_and_type(m.activity, "activities"),
    "participants": lambda m: by_month_and_type(m.activity, "participants"),
    "hours": lambda m: hours_by_month(m.volunteers),
    "points": lambda m: points_by_month(m.volunteers),
}


@shared()
def monthly_chart(
    version: str,
    choices: queries.Choices,
    months: int,
    chart: str,
    lang: str,
) -> go.Figure:
    """The monthly chart ``chart`` of the filters' ``choices`` (district, street, community, type,
    month) over ``months``, built once per view and language and shared by every session
    (``charts.shared``: read-only). A warm run sends it without building it again."""
    return MONTHLY[chart](volunteer_data.choices_model(version, choices, months))
