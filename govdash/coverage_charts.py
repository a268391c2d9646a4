"""Figures of the coverage page (plotly, styled with ``govdash.charts.style``; no tiles, no network)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from govdash.charts import BAD, NEUTRAL, PALETTE, style
from govdash.formatting import fmt_date, fmt_month, fmt_pct
from govdash.i18n import lang, t
from govdash.metric_labels import kind_label

PCT_HOVER = "%{y:.1f}%"


def _goal_line(fig: go.Figure, goal: float | None, horizontal: bool = False) -> None:
    if goal is None:
        return
    text = t("cov_goal", value=fmt_pct(goal))
    if horizontal:
        fig.add_vline(
            x=goal, line_dash="dash", line_color=BAD, annotation_text=text, annotation_position="top right"
        )
    else:
        fig.add_hline(
            y=goal, line_dash="dash", line_color=BAD, annotation_text=text, annotation_position="top left"
        )


def kind_by_area(
    table: pd.DataFrame, names: dict[str, str], level: str, kind: str, goal: float | None
) -> go.Figure:
    """Coverage of one facility kind per street (community and walk coverage) or community (walk)."""
    codes = list(table.index)
    labels = [names.get(c, c) for c in codes]
    fig = go.Figure()
    series = [("walk_coverage_pct", t("cov_series_walk"), PALETTE[1])]
    if level == "street":
        series.insert(0, ("coverage_pct", t("cov_series_coverage"), PALETTE[0]))
    opened = pd.to_numeric(table[f"facilities_open:{kind}"], errors="coerce").fillna(0).astype(int)
    for metric, name, colour in series:
        values = pd.to_numeric(table[f"{metric}:{kind}"], errors="coerce")
        fig.add_bar(
            x=labels,
            y=values,
            name=name,
            marker_color=colour,
            customdata=list(zip(codes, opened, strict=True)),
            hovertemplate=f"%{{x}}<br>{name}：{PCT_HOVER}<br>{t('cov_col_open')}：%{{customdata[1]:,}}<extra></extra>",
        )
    _goal_line(fig, goal)
    level_text = t("cov_level_street") if level == "street" else t("cov_level_community")
    style(
        fig,
        t("cov_chart_kind_by_area", kind=kind_label(kind, lang()), level=level_text),
        level_text,
        t("cov_axis_pct"),
        height=420,
    )
    fig.update_layout(barmode="group", clickmode="event+select")
    fig.update_yaxes(range=[0, 105], tickformat=".0f", ticksuffix="%")
    fig.update_xaxes(tickangle=-30 if len(codes) > 8 else 0)
    return fig


def walk_all_kinds(metrics: pd.Series, facility_kinds: list[str], chosen: str, area_name: str) -> go.Figure:
    """15-minute walk coverage of every facility kind in the area, the chosen one highlighted."""
    rows = sorted(
        ((kind_label(k, lang()), metrics.get(f"walk_coverage_pct:{k}"), k) for k in facility_kinds),
        key=lambda r: -1 if r[1] is None or r[1] != r[1] else r[1],
    )
    fig = go.Figure(
        go.Bar(
            y=[r[0] for r in rows],
            x=[r[1] for r in rows],
            orientation="h",
            marker_color=[PALETTE[0] if r[2] == chosen else NEUTRAL for r in rows],
            text=[fmt_pct(r[1]) for r in rows],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}：%{x:.1f}%<extra></extra>",
        )
    )
    style(fig, t("cov_chart_walk_all", area=area_name), t("cov_axis_pct"), "", height=360, legend=False)
    fig.update_xaxes(range=[0, 110], tickformat=".0f", ticksuffix="%")
    return fig


def branch_coverage(series: pd.DataFrame, targets: pd.DataFrame, area_name: str) -> go.Figure:
    """Monthly compound party-branch coverage with each target (value and due date) marked."""
    months = pd.to_datetime(series["month_end"]).dt.to_period("M").dt.to_timestamp()
    fig = go.Figure(
        go.Scatter(
            x=months,
            y=series["coverage_pct"].tolist(),
            mode="lines",
            name=t("cov_series_branch"),
            line={"color": PALETTE[0], "width": 3},
            customdata=list(
                zip(
                    [fmt_month(d, lang()) for d in series["month_end"]],
                    series["branches"],
                    series["compounds"],
                    strict=True,
                )
            ),
            hovertemplate="%{customdata[0]}：%{y:.1f}%（%{customdata[1]:,} / %{customdata[2]:,}）<extra></extra>",
        )
    )
    for row in targets.itertuples(index=False):
        due: date = pd.Timestamp(row.due_date).date()
        text = t("cov_target_marker", value=fmt_pct(row.target_value), due=fmt_date(due, lang()))
        fig.add_hline(y=row.target_value, line_dash="dash", line_color=BAD)
        fig.add_scatter(
            x=[pd.Timestamp(due.replace(day=1))],
            y=[row.target_value],
            mode="markers",
            marker={"symbol": "diamond", "size": 14, "color": BAD},
            name=text,
            hovertemplate=f"{text}<extra></extra>",
        )
    style(fig, t("cov_chart_branch", area=area_name), t("cov_axis_month"), t("cov_axis_pct"), height=400)
    fig.update_yaxes(range=[0, 105], tickformat=".0f", ticksuffix="%")
    fig.update_xaxes(tickformat="%Y年%-m月" if lang() == "zh" else "%b %Y", hoverformat="%Y-%m")
    return fig
