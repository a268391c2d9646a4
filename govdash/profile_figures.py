"""Figures of the community profile page (社区档案), built from ``govdash.profile_data`` frames, each
from one spec (``govdash.charts.figure``: one plotly validation pass)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from etl.periods import month_end
from govdash import profile_data, profile_tables
from govdash.charts import BAD, GOOD, PALETTE, WARN, figure, month_axis, shared, styled_layout
from govdash.formatting import fmt_date, fmt_month
from govdash.i18n import tr
from govdash.metric_labels import fmt_number, metric_label, metric_unit
from govdash.value_units import labelled

MUTED = "#9ecae1"


def is_pct(metric: str) -> bool:
    return metric_unit(metric) == "%"


MEAN_MONTHS = 12  # the trend's moving average (``prof_trend_12m``)


def trend_figure(
    monthly: pd.DataFrame,
    column: str,
    metric: str,
    selected: date,
    lang: str,
    title: str,
    x_title: str,
    mean_label: str,
) -> go.Figure:
    """Monthly bars of one series up to the selected month (highlighted) with its 12-month moving average."""
    unit = metric_unit(metric, lang)
    values = pd.to_numeric(monthly[column], errors="coerce")
    months = [fmt_month(m, lang) for m in monthly["month"]]
    bar = {
        "type": "bar",
        "x": monthly["month"],
        "y": values,
        "marker": {"color": [PALETTE[0] if m == selected else MUTED for m in monthly["month"]]},
        "name": metric_label(metric, lang),
        "customdata": months,
        "hovertemplate": labelled("%{customdata}", f"%{{y:,.0f}} {unit}".rstrip(), lang) + "<extra></extra>",
    }
    # The average of the months reported among a month and the 11 before it (a month not reported is
    # left out, not counted as 0; the hover says how many there were), from the 12th month on: before
    # it the window holds fewer months than its name says.
    window = values.rolling(MEAN_MONTHS, min_periods=1)
    average = window.mean()
    average.iloc[: MEAN_MONTHS - 1] = float("nan")
    reported = [tr("prof_trend_months", lang, n=int(n), of=MEAN_MONTHS) for n in window.count()]
    mean = {
        "type": "scatter",
        "x": monthly["month"],
        "y": average,
        "mode": "lines",
        "name": mean_label,
        "line": {"color": PALETTE[1], "width": 2},
        "customdata": [list(pair) for pair in zip(months, reported, strict=True)],
        "hovertemplate": labelled("%{customdata[0]} " + mean_label, "%{y:,.1f}", lang)
        + "<br>%{customdata[1]}<extra></extra>",
    }
    return figure(
        [bar, mean], styled_layout(title, x_title, unit, height=360, xaxis=month_axis(monthly["month"], lang))
    )


def staff_figure(
    staff: pd.DataFrame, labels: dict[str, str], lang: str, title: str, x_title: str, y_title: str
) -> go.Figure:
    """One line per staff count over the snapshots, each snapshot a tick of its own."""
    when = snapshot_labels(list(staff["snapshot_date"]), lang)
    data = [
        {
            "type": "scatter",
            "x": when,
            "y": staff[column],
            "mode": "lines+markers",
            "name": name,
            "line": {"color": PALETTE[i % len(PALETTE)], "width": 2},
            "hovertemplate": labelled(name + " %{x}", "%{y:,d}", lang) + "<extra></extra>",
        }
        for i, (column, name) in enumerate(labels.items())
    ]
    layout = styled_layout(
        title,
        x_title,
        y_title,
        height=360,
        xaxis={"type": "category"},
        yaxis={"tickformat": ",d", "rangemode": "tozero"},
    )
    return figure(data, layout)


def snapshot_labels(days: list[object], lang: str) -> list[str]:
    """The snapshots' ticks: their months (2024年6月) when each is a month's last day, else their
    dates. A date axis put year ticks between half-yearly snapshots ("2023年" three times, a
    December count beside the next year's tick)."""
    shown = [pd.Timestamp(d).date() for d in days]
    if all(d == month_end(d) for d in shown):
        return [fmt_month(d, lang) for d in shown]
    return [fmt_date(d, lang) for d in shown]


def rank_figure(
    ranks: pd.DataFrame,
    lang: str,
    title: str,
    x_title: str,
    rank_text: Callable[[int, int, int], str],
) -> go.Figure:
    """Position of the community in its street per metric: 100 = first, 0 = last (top third green).
    Tied communities share the middle of their places (14 tied at 0 of 15 sit at 46, not at 93)."""
    rows = ranks.dropna(subset=["rank"]).iloc[::-1]
    pct = [
        100.0 if n <= 1 else (n - (r + (k - 1) / 2)) / (n - 1) * 100
        for r, n, k in zip(rows["rank"], rows["n"], rows["ties"], strict=True)
    ]
    colors = [GOOD if p >= 200 / 3 else WARN if p >= 100 / 3 else BAD for p in pct]
    values = [fmt_number(m, v, lang) for m, v in zip(rows["metric"], rows["value"], strict=True)]
    bar = {
        "type": "bar",
        "y": [metric_label(m, lang) for m in rows["metric"]],
        "x": pct,
        "orientation": "h",
        "marker": {"color": colors},
        "text": [
            rank_text(int(r), int(n), int(k))
            for r, n, k in zip(rows["rank"], rows["n"], rows["ties"], strict=True)
        ],
        "textposition": "auto",  # inside a long bar: the label of the first place is not cut
        "cliponaxis": False,
        "customdata": values,
        "hovertemplate": labelled("%{y}", "%{customdata} · %{text}", lang) + "<extra></extra>",
    }
    layout = styled_layout(
        title,
        x_title,
        "",
        height=max(280, 40 * len(rows) + 110),
        legend=False,
        xaxis={
            "range": [0, 118],
            "tickvals": [0, 25, 50, 75, 100],
            "tickformat": "d",
            "showgrid": True,
            "gridcolor": "#eee",
        },
        yaxis={"tickformat": ""},
    )
    return figure([bar], layout)


# The page's model arguments after the version: community, district, month, as_of, threshold. Each
# chart below is built once per view and language and shared by every session (``charts.shared``:
# read-only): a warm run sends it without building it again.
ModelArgs = tuple[str, str, date, date, float]


def _model(version: str, model_args: ModelArgs) -> profile_data.ProfileModel:
    pm = profile_data.model(version, *model_args)
    if pm is None:
        raise LookupError(f"no community {model_args[0]}")
    return pm


@shared()
def rank_chart(version: str, model_args: ModelArgs, lang: str, title: str, x_title: str) -> go.Figure:
    """``rank_figure`` of the page's model."""
    ranks = _model(version, model_args).ranks
    return rank_figure(ranks, lang, title, x_title, profile_tables.rank_text)


@shared()
def trend_chart(
    version: str,
    model_args: ModelArgs,
    column: str,
    metric: str,
    lang: str,
    title: str,
    x_title: str,
    mean_label: str,
) -> go.Figure:
    """``trend_figure`` of the page's model, up to its month."""
    monthly = _model(version, model_args).monthly
    return trend_figure(monthly, column, metric, model_args[2], lang, title, x_title, mean_label)


@shared()
def staff_chart(
    version: str,
    model_args: ModelArgs,
    labels: tuple[tuple[str, str], ...],
    lang: str,
    title: str,
    x_title: str,
    y_title: str,
) -> go.Figure:
    """``staff_figure`` of the page's model."""
    staff = _model(version, model_args).staff
    return staff_figure(staff, dict(labels), lang, title, x_title, y_title)
