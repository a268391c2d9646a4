"""Figures of the coverage page (plotly, styled with ``govdash.charts.style``; no tiles, no network).

The page shows each through a ``*_chart`` function: built once per view and language from the page's
cached model and shared by every session (``charts.shared``). The builders read their texts in the
language of the run that builds them, which is the ``lang`` of the key."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from govdash import coverage_data, queries
from govdash.charts import BAD, NEUTRAL, PALETTE, figure, month_axis, reference_line, shared, styled_layout
from govdash.formatting import fmt_date, fmt_month, fmt_pct
from govdash.i18n import lang, t
from govdash.metric_labels import kind_label, sentence_start
from govdash.value_units import labelled

PCT_HOVER = "%{y:.1f}%"


def _goal_line(goal: tuple[float, str] | None) -> dict[str, list[dict[str, Any]]]:
    """The dashed goal line ``(value, words)`` of a percentage chart as layout keys (none without)."""
    if goal is None:
        return {}
    shapes, notes = reference_line(goal[0], "y", BAD, goal[1], "top left")
    return {"shapes": shapes, "annotations": notes}


def kind_by_area(
    table: pd.DataFrame, names: dict[str, str], level: str, kind: str, goal: tuple[float, str] | None
) -> go.Figure:
    """Coverage of one facility kind per street (community and walk coverage) or community (walk)."""
    codes = list(table.index)
    labels = [names.get(c, c) for c in codes]
    series = [("walk_coverage_pct", t("cov_series_walk"), PALETTE[1])]
    if level == "street":
        series.insert(0, ("coverage_pct", t("cov_series_coverage"), PALETTE[0]))
    opened = pd.to_numeric(table[f"facilities_open:{kind}"], errors="coerce").fillna(0).astype(int)
    customdata = list(zip(codes, opened, strict=True))
    heights = {metric: pd.to_numeric(table[f"{metric}:{kind}"], errors="coerce") for metric, _n, _c in series}
    data = [
        {
            "type": "bar",
            "x": labels,
            "y": heights[metric],
            "name": name,
            "marker": {"color": colour},
            "text": _zero_marks(heights[metric]),
            "textposition": "outside",
            "cliponaxis": False,
            "customdata": customdata,
            "hovertemplate": "%{x}<br>"
            + labelled(name, PCT_HOVER, lang())
            + "<br>"
            + labelled(t("cov_col_open"), "%{customdata[1]:,}", lang())
            + "<extra></extra>",
        }
        for metric, name, colour in series
    ]
    level_text = t("cov_level_street") if level == "street" else t("cov_level_community")
    layout = styled_layout(
        t("cov_chart_kind_by_area", kind=sentence_start(kind_label(kind, lang())), level=level_text),
        sentence_start(level_text),  # an axis title: "Street", within the title "by street"
        t("cov_axis_pct"),
        height=420,
        barmode="group",
        yaxis={"range": [0, 105], "tickformat": ".0f", "ticksuffix": "%"},
        xaxis={"tickangle": -30 if len(codes) > 8 else 0},
        **_goal_line(goal),
    )
    return figure(data, layout)


def _zero_marks(heights: pd.Series) -> list[str]:
    """A bar's text: "0" where the value is 0 (a bar of no height reads as no bar, as a street
    without data would; the axis says "%", and "0.0%" is wider than a bar of 20 streets), nothing
    on the other bars (their height and tooltip say their value)."""
    return ["0" if v == 0 else "" for v in heights]


def walk_all_kinds(metrics: pd.Series, facility_kinds: list[str], chosen: str, area_name: str) -> go.Figure:
    """15-minute walk coverage of every facility kind in the area, the chosen one highlighted."""
    rows = sorted(
        ((kind_label(k, lang()), metrics.get(f"walk_coverage_pct:{k}"), k) for k in facility_kinds),
        key=lambda r: -1 if r[1] is None or r[1] != r[1] else r[1],
    )
    bar = {
        "type": "bar",
        "y": [r[0] for r in rows],
        "x": [r[1] for r in rows],
        "orientation": "h",
        "marker": {"color": [PALETTE[0] if r[2] == chosen else NEUTRAL for r in rows]},
        "text": [fmt_pct(r[1]) for r in rows],
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": labelled("%{y}", "%{x:.1f}%", lang()) + "<extra></extra>",
    }
    layout = styled_layout(
        t("cov_chart_walk_all", area=area_name),
        t("cov_axis_pct"),
        "",
        height=360,
        legend=False,
        xaxis={"range": [0, 110], "tickformat": ".0f", "ticksuffix": "%"},
    )
    return figure([bar], layout)


def branch_coverage(series: pd.DataFrame, targets: pd.DataFrame, area_name: str) -> go.Figure:
    """Monthly compound party-branch coverage with each target (value and due date) marked."""
    months = pd.to_datetime(series["month_end"]).dt.to_period("M").dt.to_timestamp()
    line = {
        "type": "scatter",
        "x": months,
        "y": series["coverage_pct"].tolist(),
        "mode": "lines",
        "name": t("cov_series_branch"),
        "line": {"color": PALETTE[0], "width": 3},
        "customdata": list(
            zip(
                [fmt_month(d, lang()) for d in series["month_end"]],
                series["branches"],
                series["compounds"],
                strict=True,
            )
        ),
        "hovertemplate": labelled("%{customdata[0]}", "%{y:.1f}%", lang())
        + t("cov_hover_branch_basis", branches="%{customdata[1]:,}", compounds="%{customdata[2]:,}")
        + "<extra></extra>",
    }
    data, shapes = [line], []
    for row in targets.itertuples(index=False):
        due: date = pd.Timestamp(row.due_date).date()
        text = t("cov_target_marker", value=fmt_pct(row.target_value), due=fmt_date(due, lang()))
        shapes += reference_line(row.target_value, "y", BAD)[0]
        marker = {"symbol": "diamond", "size": 14, "color": BAD}
        data.append(
            {"type": "scatter", "x": [pd.Timestamp(due.replace(day=1))], "y": [row.target_value]}
            | {"mode": "markers", "marker": marker, "name": text, "hovertemplate": f"{text}<extra></extra>"}
        )
    layout = styled_layout(
        t("cov_chart_branch", area=area_name),
        t("cov_axis_month"),
        t("cov_axis_pct"),
        height=400,
        yaxis={"range": [0, 105], "tickformat": ".0f", "ticksuffix": "%"},
        xaxis=month_axis(line["x"], lang()),
        **({"shapes": shapes} if shapes else {}),
    )
    return figure(data, layout)


@shared()
def kind_chart(
    version: str, choices: queries.Choices, kind: str, goal: tuple[float, str] | None, lang: str
) -> go.Figure:
    """``kind_by_area`` of the page's model: the streets or communities it compares."""
    m = coverage_data.choices_model(version, choices)
    return kind_by_area(m.compared, queries.area_tree(version).names, m.level, kind, goal)


@shared()
def walk_chart(version: str, choices: queries.Choices, kind: str, area_name: str, lang: str) -> go.Figure:
    """``walk_all_kinds`` of the page's model, ``kind`` highlighted."""
    m = coverage_data.choices_model(version, choices)
    return walk_all_kinds(m.area, list(m.facility_kinds), kind, area_name)


@shared()
def branch_chart(version: str, choices: queries.Choices, area_name: str, lang: str) -> go.Figure:
    """``branch_coverage`` of the page's model."""
    m = coverage_data.choices_model(version, choices)
    return branch_coverage(m.branch_series, m.branch_targets, area_name)
