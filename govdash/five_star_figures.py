"""Figures of the five-star page (五星创建), built from ``govdash.five_star_levels`` frames.

Every figure is built from one spec (``charts.figure``: one plotly validation pass) with the shared
style (``charts.styled_layout``): titles that state subject and unit, units on the axes, explicit hover
and tick formats, the shared star colours (0–5) and traffic-light colours.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from govdash import five_star_data
from govdash import status as vocabulary
from govdash.charts import PALETTE, STAR_COLORS, figure, shared, styled_layout
from govdash.five_star_levels import level_label, star_caption, star_name
from govdash.formatting import fmt_count, fmt_pct
from govdash.metric_labels import metric_label
from govdash.value_units import labelled

TARGET_COLOR = "#212121"
OLDER_YEARS = ["#c6dbef", "#9ecae1", "#6baed6", "#4292c6"]  # lighter = older; the latest year is red


def status_color(status: str, actual: float | None = None, target: float | None = None) -> str:
    """Colour of a target row's status (``govdash.status``: 达标 / 接近 / 未达标 / 逾期)."""
    return vocabulary.color(status)


def year_label(year: int, lang: str) -> str:
    return f"{year}年" if lang == "zh" else str(year)


def short_year(year: int) -> str:
    """2024 → 24 (inner tick labels of the per-street chart, which must stay horizontal)."""
    return f"{year % 100:02d}"


def integer_axis(top: float) -> dict[str, Any]:
    """Whole-number ticks (no repeated 1, 1, 2 labels on small counts): an axis dict."""
    step = 1 if top <= 8 else 2 if top <= 16 else None
    return {"tickformat": ",d", "rangemode": "tozero", **({"dtick": step, "tick0": 0} if step else {})}


def status_legend(
    statuses: list[str], labels: dict[str, str], orientation: str = "v"
) -> list[dict[str, Any]]:
    """Legend entries for the traffic-light colours in use (the bars themselves are unlabelled): traces."""
    return [
        {
            "type": "bar",
            "x": [None],
            "y": [None],
            "name": labels[status],
            "marker": {"color": vocabulary.color(status)},
            "showlegend": True,
            "hoverinfo": "skip",
            "orientation": orientation,
        }
        for status in vocabulary.STATUSES
        if status in statuses
    ]


def wrap_name(name: str) -> str:
    """开元路街道 → 开元路<br>街道, so street names fit under their group of bars."""
    for suffix in ("街道", "镇", "乡"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)] + "<br>" + suffix
    return name


def _year_colors(years: list[int]) -> dict[int, str]:
    older = list(reversed(OLDER_YEARS))
    return {
        y: (PALETTE[0] if i == 0 else older[min(i - 1, len(older) - 1)])
        for i, y in enumerate(sorted(years, reverse=True))
    }


def levels_figure(
    counts: pd.DataFrame,
    by_street: bool,
    lang: str,
    title: str,
    x_title: str,
    y_title: str,
    hover: dict[int, str],
) -> go.Figure:
    """Stacked bars: communities per level (0 bottom … 5 top) for each year, per street when ``by_street``.

    Each bar point carries its street code as ``customdata[0]`` (for the click drill-down).
    """
    if by_street:
        groups = counts[["street_code", "street_name"]].drop_duplicates().sort_values("street_code")
        yrs = sorted(counts["year"].unique())
        slots = [(s.street_code, s.street_name, y) for s in groups.itertuples(index=False) for y in yrs]
        x = [[wrap_name(name) for _, name, _ in slots], [short_year(y) for _, _, y in slots]]
        index = {(code, y): i for i, (code, _, y) in enumerate(slots)}
        key = list(zip(counts["street_code"], counts["year"], strict=True))
    else:
        yrs = sorted(counts["year"].unique())
        slots = [("", "", y) for y in yrs]
        x = [year_label(y, lang) for y in yrs]
        index = {("", y): i for i, y in enumerate(yrs)}
        key = [("", y) for y in counts["year"]]
    data = []
    for level in range(6):
        values = [0] * len(slots)
        for (code, year), lvl, n in zip(key, counts["level"], counts["n"], strict=True):
            if lvl == level:
                values[index[(code, year)]] = int(n)
        data.append(
            {
                "type": "bar",
                "x": x,
                "y": values,
                "name": level_label(level, lang),
                "marker": {"color": STAR_COLORS[level]},
                "customdata": [[code, name, year_label(y, lang)] for code, name, y in slots],
                "hovertemplate": (
                    "%{customdata[1]} %{customdata[2]}<br>" if by_street else "%{customdata[2]}<br>"
                )
                + hover[level]
                + "<extra></extra>",
            }
        )
    totals = counts.groupby(["street_code", "year"] if by_street else ["year"])["n"].sum()
    layout = styled_layout(
        title,
        x_title,
        y_title,
        height=480 if by_street else 380,
        barmode="stack",
        bargap=0.15,
        xaxis={"tickangle": 0, "tickfont": {"size": 12}} if by_street else {},
        yaxis=integer_axis(float(totals.max()) if not totals.empty else 0),
    )
    layout["legend"] = {**layout["legend"], "traceorder": "normal"}
    return figure(data, layout)


def rates_figure(
    rates: pd.DataFrame, lang: str, title: str, x_title: str, y_title: str, hover: str
) -> go.Figure:
    """Grouped bars: award rate (% of the communities assessed on the star) per star, one colour per
    year (latest red)."""
    yrs = sorted(rates["year"].unique())
    colors = _year_colors(yrs)
    latest = yrs[-1] if yrs else None
    # each star named as the slide names it: with how many were assessed when few (the latest year's)
    last = rates[rates["year"] == latest]
    now = dict(zip(last["star"], last["assessed"], strict=True))
    most = max(now.values(), default=0)
    names = {
        s: star_caption(s, now[s], most, lang) if s in now else star_name(s, lang) for s in rates["star"]
    }
    data = []
    for year in yrs:
        part = rates[rates["year"] == year]
        data.append(
            {
                "type": "bar",
                "x": [names[s] for s in part["star"]],
                "y": part["rate"].round(1),
                "name": year_label(year, lang),
                "marker": {"color": colors[year]},
                "customdata": part[["won", "assessed"]].to_numpy(),
                # the latest year's rates are written; an earlier year's only where it is 0 (a bar of
                # no height reads as no assessment otherwise)
                "text": [fmt_pct(v) if year == latest or v == 0 else "" for v in part["rate"]],
                "textposition": "outside",
                "cliponaxis": False,
                "constraintext": "none",
                "textfont": {"size": 13},
                "hovertemplate": labelled(f"%{{x}} {year_label(year, lang)}", "%{y:.1f}%", lang)
                + "<br>"
                + hover
                + "<extra></extra>",
            }
        )
    layout = styled_layout(
        title,
        x_title,
        y_title,
        height=420,
        barmode="group",
        yaxis={"ticksuffix": "%", "tickformat": ".0f", "range": [0, 110]},
    )
    return figure(data, layout)


def _target_marker(symbol: str, size: int) -> dict[str, Any]:
    """The black dash that marks a target."""
    return {
        "symbol": symbol,
        "size": size,
        "color": TARGET_COLOR,
        "line": {"width": 4, "color": TARGET_COLOR},
    }


def _top(rows: pd.DataFrame) -> float:
    """The highest actual or target value of the rows (the integer axis' extent)."""
    return float(max(rows["actual"].fillna(0).max(), rows["target_value"].max()))


def targets_figure(
    progress: pd.DataFrame, lang: str, title: str, x_title: str, y_title: str, labels: dict[str, str]
) -> go.Figure:
    """Actual (bars in traffic-light colours) against target (black dash) for each target row of one area."""
    rows = progress.sort_values(["metric", "due_date"])
    x = [
        [metric_label(m, lang) for m in rows["metric"]],
        [year_label(d.year, lang) for d in rows["due_date"]],
    ]
    colors = [
        status_color(s, a, t)
        for s, a, t in zip(rows["status"], rows["actual"], rows["target_value"], strict=True)
    ]
    status = [labels[s] for s in rows["status"]]
    actual = {
        "type": "bar",
        "x": x,
        "y": rows["actual"],
        "name": labels["actual"],
        "marker": {"color": colors},
        "showlegend": False,
        "customdata": list(zip(rows["target_value"], status, strict=True)),
        "hovertemplate": labels["actual"] + " %{y:,d} · " + labels["target"] + " %{customdata[0]:,.0f} · "
        "%{customdata[1]}<extra></extra>",
    }
    target = {
        "type": "scatter",
        "x": x,
        "y": rows["target_value"],
        "name": labels["target"],
        "mode": "markers",
        "marker": _target_marker("line-ew-open", 44),
        "hovertemplate": labels["target"] + " %{y:,.0f}<extra></extra>",
    }
    layout = styled_layout(
        title,
        x_title,
        y_title,
        height=400,
        bargap=0.7 if len(rows) <= 2 else 0.3,
        yaxis=integer_axis(_top(rows)),
    )
    numbers = _numbers_above(x, rows["actual"], rows["target_value"], lang)
    return figure([actual, target, numbers, *status_legend(list(rows["status"]), labels)], layout)


def _numbers_above(x: list[list[str]], actual: pd.Series, target: pd.Series, lang: str) -> dict[str, Any]:
    """Each bar's number above the higher of its bar and its target's dash (just above the bar, a
    dash a little higher ran through it): the actual, "actual / target" under a target not reached
    (the number then sits over the dash: "9 / 12", not a 9 that reads as the dash's value)."""
    text = [
        fmt_count(a, lang) if pd.isna(a) or a >= t else f"{fmt_count(a, lang)} / {fmt_count(t, lang)}"
        for a, t in zip(actual, target, strict=True)
    ]
    return _numbers_past(x, actual, target, text, horizontal=False)


def _numbers_past(
    categories: list, actual: pd.Series, target: pd.Series, text: list[str], horizontal: bool
) -> dict[str, Any]:
    """A text-only series writing ``text`` past the further of each bar's end and its target's dash
    (above it, or after it for horizontal bars)."""
    reach = [t if pd.isna(a) else max(a, t) for a, t in zip(actual, target, strict=True)]
    where = {"x": reach, "y": categories} if horizontal else {"x": categories, "y": reach}
    return {
        "type": "scatter",
        "mode": "text",
        **where,
        "text": text,
        "textposition": "middle right" if horizontal else "top center",
        "cliponaxis": False,
        "showlegend": False,
        "hoverinfo": "skip",
    }


def street_targets_figure(
    progress: pd.DataFrame, names: dict[str, str], lang: str, title: str, y_title: str, labels: dict[str, str]
) -> go.Figure:
    """One horizontal bar per street (actual, traffic-light colour) with its target as a black dash."""
    rows = progress.assign(name=[names.get(c, c) for c in progress["area_code"]])
    rows = rows.sort_values(["progress", "area_code"], ascending=[False, True])  # laggards on top
    colors = [
        status_color(s, a, t)
        for s, a, t in zip(rows["status"], rows["actual"], rows["target_value"], strict=True)
    ]
    status = [labels[s] for s in rows["status"]]
    actual = {
        "type": "bar",
        "y": rows["name"],
        "x": rows["actual"],
        "orientation": "h",
        "name": labels["actual"],
        "marker": {"color": colors},
        "showlegend": False,
        "customdata": list(zip(rows["target_value"], status, strict=True)),
        "hovertemplate": labelled(
            "%{y}",
            f"{labels['actual']} %{{x:,d}} · {labels['target']} %{{customdata[0]:,.0f}} · %{{customdata[1]}}",
            lang,
        )
        + "<extra></extra>",
    }
    target = {
        "type": "scatter",
        "y": rows["name"],
        "x": rows["target_value"],
        "mode": "markers",
        "name": labels["target"],
        "marker": _target_marker("line-ns-open", 22),
        "hovertemplate": labelled("%{y}", labels["target"] + " %{x:,.0f}", lang) + "<extra></extra>",
    }
    layout = styled_layout(
        title,
        y_title,
        "",
        height=max(300, 34 * len(rows) + 120),
        xaxis={**integer_axis(_top(rows)), "showgrid": True, "gridcolor": "#eee"},
        yaxis={"tickformat": ""},
    )
    text = [
        f"{fmt_count(a, lang)} / {fmt_count(t, lang)}"
        for a, t in zip(rows["actual"], rows["target_value"], strict=True)
    ]
    # after the bar or the dash, whichever ends further: "1 / 2" after a bar of 1 touched the dash at 2
    numbers = _numbers_past(list(rows["name"]), rows["actual"], rows["target_value"], text, horizontal=True)
    legend = status_legend(list(rows["status"]), labels, orientation="h")
    return figure([actual, target, numbers, *legend], layout)


# The page's model arguments after the version: district, area, as_of, threshold, community type.
ModelArgs = tuple[str, str, date, float, str | None]


@shared()
def levels_chart(
    version: str,
    model_args: ModelArgs,
    lang: str,
    title: str,
    x_title: str,
    y_title: str,
    hover: tuple[tuple[int, str], ...],
) -> go.Figure:
    """``levels_figure`` of the page's model, built once per view and language and shared by every
    session (``charts.shared``: read-only)."""
    m = five_star_data.model(version, *model_args)
    return levels_figure(m.counts, m.by_street, lang, title, x_title, y_title, dict(hover))


@shared()
def rates_chart(
    version: str, model_args: ModelArgs, lang: str, title: str, x_title: str, y_title: str, hover: str
) -> go.Figure:
    """``rates_figure`` of the page's model, built once per view and language and shared."""
    m = five_star_data.model(version, *model_args)
    return rates_figure(m.rates, lang, title, x_title, y_title, hover)
