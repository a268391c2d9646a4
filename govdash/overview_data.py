"""Data and figures of the overview page (总览).

``model`` is the page's one entry point: everything above the comparison chart, for one area and
month, as a frozen ``OverviewModel`` (no Streamlit here: the page reads the filters and renders).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go

from etl import periods
from etl.metric_catalog import lookup, unreported_of
from govdash import attention, cache, charts, coverage_data, deltas, queries, ranking
from govdash.charts import BAD, PALETTE, styled_layout
from govdash.formatting import MISSING
from govdash.metric_labels import fmt_number, metric_label, metric_unit
from govdash.value_units import PER, labelled, value_text, with_unit

if TYPE_CHECKING:
    from govdash.filters import Filters

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

TARGET_ENTRY = "target:{kind}"  # the catalog entry of every target of an area
FLOWS = frozenset(m for m, flow in KPIS if flow)
OTHER, SELECTED = PALETTE[1], "#1a1a1a"  # bar colours: laggards BAD (red), the selected area dark
AVERAGE_LINE = "#424242"

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
# The monthly dataset each flow card reads: its reporting coverage decides whether a change compares
# like with like
DATASET_OF = {"activities": "activity", "participants": "activity", "volunteer_hours": "volunteers"}
# Months whose reporter counts differ by more than this share are not compared as like for like (a
# community or two late in a district of hundreds does not change the picture; 20 of 246 does)
UNEVEN_SHARE = 0.02
# What the cards ask the engine for: the cards' metrics and the reporting coverage
# A community's first card counts its compounds: "communities: 1" says nothing about one community
LEVEL_CARDS = {"community": {"communities": "compounds"}}
KPI_METRICS = (
    *(m for m, _ in KPIS),
    *(m for swap in LEVEL_CARDS.values() for m in swap.values()),
    "reporting_communities:activity",
    "reporting_communities:volunteers",
    # a summed card's rows left blank (population: communities without it), said under the card
    *(blank for m, _ in KPIS if (blank := unreported_of(m))),
)


def kpi_cards(level: str) -> tuple[tuple[str, bool], ...]:
    """The cards (metric, flow?) of an area of ``level``: ``KPIS``, with ``LEVEL_CARDS``' swaps."""
    swap = LEVEL_CARDS.get(level, {})
    return tuple((swap.get(m, m), flow) for m, flow in KPIS)


@dataclass(frozen=True)
class Kpi:
    metric: str
    value: float | None
    prev_month: float | None
    prev_year: float | None
    reported: tuple[int | None, int | None, int | None] = (None, None, None)  # now, last month, a year ago
    total: int | None = None  # communities of the area
    unreported: int = 0  # rows the value leaves out because theirs is blank (``unreported_of``)

    @property
    def partial(self) -> bool:
        """A flow only some communities reported this month (shown with its reporting coverage)."""
        now = self.reported[0]
        return self.metric in DATASET_OF and bool(now) and self.total is not None and now < self.total

    def comparable(self, which: int) -> bool:
        """Whether the month and the one compared (1 last month, 2 a year ago) had the same number of
        reporting communities: otherwise the change mixes reporting with activity."""
        if self.metric not in DATASET_OF:
            return True
        now, then = self.reported[0] or 0, self.reported[which] or 0
        return abs(now - then) <= UNEVEN_SHARE * max(now, then)

    @property
    def missing(self) -> bool:
        """A flow no community of the area reported for the month (shown as — 未报送, not 0)."""
        return self.value is None and self.metric in FLOW_KPIS

    def text(self, lang: str) -> str:
        if self.missing:
            return MISSING
        return fmt_number(self.metric, self.value, lang)

    def change(self, other: float | None) -> float | None:
        """Points for percentages, else % of ``other`` (``deltas.change``)."""
        return deltas.change(self.metric, self.value, other)

    def flat(self, other: float | None) -> bool:
        """Whether the change to ``other`` is nothing as shown (0.0% or 0.0 points)."""
        return deltas.flat(self.metric, self.value, other)

    def delta(self, other: float | None, lang: str) -> str | None:
        return deltas.delta(self.metric, self.value, other, lang)

    def from_zero(self, other: float | None) -> bool:
        """Some now where ``other`` had none (said in words: no per cent of 0)."""
        return deltas.from_zero(self.metric, self.value, other)


def shown_cutoff(version: str, as_of: date) -> date | None:
    """The month the page's figures run up to: the selected month, or the last month with data
    when that is earlier (a selection after the data does not claim data up to it)."""
    cutoff = queries.data_cutoff(version)
    return min(as_of, cutoff) if cutoff else None


def previous_month(month: date) -> date:
    return periods.add_months(month, -1)


def _num(series: pd.Series, metric: str) -> float | None:
    value = series.get(metric)
    return None if value is None or value != value else float(value)


def _values(
    version: str, code: str, month: date, as_of: date, wanted: tuple[str, ...]
) -> tuple[list[pd.Series], pd.Series]:
    """The cards' metrics of the area for the month, the month before and the month a year before,
    and the ``wanted`` metrics (its targets') over the 12 months up to ``as_of``, in one engine call
    (the stocks of the three month ends in one query, the flows of the four windows in another)."""
    months = (month, previous_month(month), periods.add_months(month, -12))
    windows = tuple(periods.month_window(m) for m in months)
    year = (periods.year_window(as_of),) if wanted else ()  # no targets: no 12-month window
    metrics = tuple(dict.fromkeys((*KPI_METRICS, *wanted)))
    tables = queries.metrics_periods(version, (code,), (*windows, *year), metrics)

    def row(window: tuple[date | None, date]) -> pd.Series:
        return tables[window].loc[code] if code in tables[window].index else pd.Series(dtype=object)

    return [row(w) for w in windows], row(year[0]) if year else pd.Series(dtype=object)


def kpis(values: list[pd.Series], level: str) -> list[Kpi]:
    """The cards of an area of ``level`` from its metrics for the month, the month before and a
    year before."""
    now, last_month, last_year = values
    total = _num(now, "communities")

    def reported(metric: str) -> tuple[int | None, int | None, int | None]:
        if metric not in DATASET_OF:
            return (None, None, None)
        key = f"reporting_communities:{DATASET_OF[metric]}"
        counts = [_num(v, key) for v in values]
        return tuple(None if c is None else int(c) for c in counts)  # type: ignore[return-value]

    return [
        Kpi(
            m,
            _num(now, m),
            _num(last_month, m),
            _num(last_year, m),
            reported(m),
            None if total is None else int(total),
            int(_num(now, blank) or 0) if (blank := unreported_of(m)) else 0,
        )
        for m, _ in kpi_cards(level)
    ]


def reporting(cards: list[Kpi]) -> dict[str, tuple[int, int]]:
    """Dataset -> (communities that reported the month, communities of the area), from the cards."""
    return {DATASET_OF[k.metric]: (k.reported[0] or 0, k.total or 0) for k in cards if k.metric in DATASET_OF}


def target_metrics(targets: pd.DataFrame) -> tuple[str, ...]:
    """What the area's targets are judged on: their catalog metrics and the targets themselves."""
    names = sorted(m for m in set(targets["metric"]) if lookup(m) is not None)
    return (*names, TARGET_ENTRY) if names else ()


def area_targets(version: str, code: str) -> pd.DataFrame:
    """The area's own rows of the targets table (every due date)."""
    return coverage_data.target_rows(version, code)


def children(areas: pd.DataFrame, code: str, level: str) -> pd.DataFrame:
    """Areas one level below the selection (a community's siblings when a community is selected)."""
    if level == "community":
        parent = areas.loc[areas["area_code"] == code, "parent_code"].iloc[0]
        return areas[(areas["parent_code"] == parent) & (areas["level"] == "community")]
    return areas[areas["parent_code"] == code]


def parent_of(areas: pd.DataFrame, code: str, level: str) -> str:
    """The area the compared sub-areas belong to: the selection, or a community's street."""
    if level != "community":
        return code
    return str(areas.loc[areas["area_code"] == code, "parent_code"].iloc[0])


def is_flow(metric: str) -> bool:
    return metric in FLOWS


@cache.model(max_entries=256)
def comparison(version: str, code: str, level: str, metric: str, basis: str, as_of: date) -> ranking.Ranking:
    """The sub-areas of the selection ranked by ``ranking.rank`` (flows over the 12 months up to
    ``as_of``, stocks on ``as_of``) — the rule the volunteer page and the 短板 slide use."""
    areas = queries.area_index(version)
    codes = tuple(children(areas, code, level)["area_code"])
    parent = parent_of(areas, code, level)
    wanted = tuple(dict.fromkeys((metric, *ranking.INPUTS)))
    since = periods.year_window(as_of)[0]
    table = queries.metrics_table(version, (*codes, parent), as_of, since, wanted)
    subs = table.reindex(list(codes))
    row = table.loc[parent] if parent in table.index else None
    return ranking.rank(subs, row, metric, basis)


def period_text(metric: str, month: date, lang: str) -> str:
    """``2024年1月—12月`` (flows: the 12 months up to the month) or ``2024年12月末`` (stocks)."""
    if not is_flow(metric):
        return f"{month.year}年{month.month}月末" if lang == "zh" else f"end of {month:%b %Y}"
    first = periods.add_months(month, -11)
    if lang == "en":
        return f"{first:%b %Y}–{month:%b %Y}"
    if first.year == month.year:
        return f"{first.year}年{first.month}月—{month.month}月"
    return f"{first.year}年{first.month}月—{month.year}年{month.month}月"


# What a per-head or per-community value is divided by, as titles and tooltips name it (zh, en)
def comparison_title(metric: str, basis: str, sub_level: str, month: date, lang: str) -> str:
    """``2024年1月—12月 各街道(镇)活动场次（每千人）``: period, sub-areas, metric and basis."""
    unit = metric_unit(metric, lang)
    name = metric_label(metric, lang)
    period = period_text(metric, month, lang)
    if lang == "en":
        per = f" per {PER[basis][1]}" if basis in PER else ""
        levels = "street" if sub_level == "street" else "community"
        suffix = f" ({unit})" if unit and basis in (ranking.AS_IS, ranking.ABSOLUTE) else ""
        return f"{name}{per} by {levels}{suffix}, {period}"
    per = f"每{PER[basis][0]}" if basis in PER else unit
    levels = "各街道(镇)" if sub_level == "street" else "各社区(村)"
    return f"{period} {levels}{name}" + (f"（{per}）" if per else "")


def comparison_figure(
    result: ranking.Ranking,
    names: dict[str, str],
    lang: str,
    selected: str | None,
    title: str,
    average_label: str,
) -> go.Figure:
    """Horizontal bars, best at the top; laggards red, the area average a dashed line."""
    rows = result.rows.iloc[::-1]  # plotly draws the first category at the bottom
    colors = [
        SELECTED if c == selected else BAD if lag else OTHER
        for c, lag in zip(rows.index, rows["laggard"], strict=True)
    ]
    bar = {
        "type": "bar",
        "x": list(rows["shown"]),
        "y": [names.get(c, c) for c in rows.index],
        "orientation": "h",
        "marker": {"color": colors},
        "customdata": list(rows.index),
        "hovertemplate": labelled("%{y}", with_unit("%{text}", result.metric, lang, result.basis), lang)
        + "<extra></extra>",
        "text": [value_text(v, result.metric, result.basis, lang) for v in rows["shown"]],
        "textposition": "outside",
        "cliponaxis": False,
    }
    shapes, notes = [], []
    if result.average is not None:  # a dashed vertical line across the plot, labelled at its top
        line = {"color": AVERAGE_LINE, "dash": "dash"}
        shapes.append(
            {"type": "line", "x0": result.average, "x1": result.average, "xref": "x", "y0": 0, "y1": 1}
            | {"yref": "y domain", "line": line}
        )
        notes.append(
            {"x": result.average, "xref": "x", "y": 1, "yref": "y domain", "text": average_label}
            | {"showarrow": False, "xanchor": "center", "yanchor": "bottom"}
            | {"font": {"size": 13, "color": AVERAGE_LINE}}
        )
    layout = styled_layout(
        title,
        height=max(320, 28 * len(rows) + 130),
        legend=False,
        margin={"l": 10, "r": 40, "t": 80, "b": 10},
        xaxis={"tickformat": ",~r", "showgrid": True, "gridcolor": "#eee"},
        shapes=shapes,
        annotations=notes,
    )
    return go.Figure({"data": [bar], "layout": layout})


@charts.shared()
def comparison_chart(
    version: str,
    code: str,
    level: str,
    metric: str,
    basis: str,
    as_of: date,
    lang: str,
    selected: str | None,
    title: str,
    average_label: str,
) -> go.Figure:
    """The comparison chart of ``comparison(...)``, built once per view and shared by every session
    (``charts.shared``: read-only)."""
    result = comparison(version, code, level, metric, basis, as_of)
    areas = queries.area_index(version)
    shown = areas[areas["area_code"].isin(result.rows.index)]
    names = dict(zip(shown["area_code"], shown["area_name"], strict=True))
    return comparison_figure(result, names, lang, selected, title, average_label)


@dataclass(frozen=True)
class OverviewModel:
    """What the overview shows for one area and month, above the comparison chart (which follows
    the viewer's metric and basis: ``comparison``)."""

    cutoff: date | None  # the data cut-off shown (``shown_cutoff``)
    reported: int  # communities that sent activity data for the month
    total: int  # communities existing then
    kpis: tuple[Kpi, ...]
    subs: pd.DataFrame  # the sub-areas compared (empty: nothing to compare)
    overdue: tuple[attention.Item, ...]  # 需关注: targets past due
    laggards: tuple[attention.Item, ...]  # 需关注: sub-areas lagging on activities per 1,000
    missing: tuple[attention.Item, ...]  # 需关注: communities that did not report


def model(version: str, f: Filters, base: dict[str, str]) -> OverviewModel:
    """The overview of ``f``'s area and month; ``base``: the URL parameters the 需关注 links keep."""
    # cached by the choices alone: ``f.names`` holds every area's name (hashing it would cost more
    # than the model; 670,000 names at national scale)
    return _model(version, f.area_code, f.level, f.month, tuple(sorted(base.items())))


# the whole page cached: a warm run re-assembles nothing (no filtering of every area for the
# sub-areas, no target statuses)
@cache.model(max_entries=64)
def _model(
    version: str, code: str, level: str, month: date, base_items: tuple[tuple[str, str], ...]
) -> OverviewModel:
    base = dict(base_items)
    as_of = queries.month_end(month)
    targets = area_targets(version, code)
    month_values, values = _values(version, code, month, as_of, target_metrics(targets))
    cards = kpis(month_values, level)
    counts = reporting(cards)
    reported, total = counts.get("activity", (0, 0))
    areas = queries.area_index(version)
    subs = children(areas, code, level)
    lagging: list[attention.Item] = []
    if not subs.empty:
        result = comparison(version, code, level, "activities", ranking.PER_1K, as_of)
        lagging = attention.laggards(result, base)
    overdue = attention.overdue(values, targets, as_of, base)
    return OverviewModel(
        cutoff=shown_cutoff(version, as_of),
        reported=reported,
        total=total,
        kpis=tuple(cards),
        subs=subs,
        overdue=tuple(overdue),
        laggards=tuple(lagging),
        missing=tuple(attention.missing_reports(counts, base)),
    )
