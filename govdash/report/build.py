"""Build the report model for an area and date: every number from the metric engine and the pages' data.

    report = build_report(db.version(), "410311", date(2024, 12, 31), "zh")

Stocks are read on ``as_of``; flows (activities, participants, volunteer hours) cover the 12 months
up to ``as_of`` (``since = as_of - 1 year``, the window the overview comparison and the map use).
The report covers every community type of the area (the sidebar's type filter is not applied).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from etl import periods
from etl.metrics import UnknownAreaError
from govdash import overview_data, queries
from govdash.formatting import fmt_count, fmt_date, fmt_month, number
from govdash.i18n import TEXT
from govdash.metric_labels import fmt_number, is_pct, metric_label, metric_unit
from govdash.report.definitions import definition_rows
from govdash.report.model import Kpi, Report, Slide, Table

KPI_METRICS = overview_data.KPIS  # the deck's KPI slide shows the overview page's cards
DEFINITIONS_PER_SLIDE = 13


def tr(key: str, lang: str, **params: object) -> str:
    """A UI text in the report's language (the report is also built outside Streamlit)."""
    zh, en = TEXT[key]
    return (en if lang == "en" else zh).format(**params)


def fmt_value(metric: str, value: object, lang: str, unit: bool = True) -> str:
    """``77.4%``, ``151.7万 人``: percentages with one decimal, counts the Chinese way, with the unit."""
    text = fmt_number(metric, value, lang)
    if text == "—" or is_pct(metric):
        return text
    u = metric_unit(metric, lang) if unit else ""
    return f"{text} {u}".strip() if u and lang == "en" else f"{text}{u}"


@dataclass
class Context:
    """What every section needs: the area, the dates, its metrics, and the metrics shown so far."""

    version: str
    area_code: str
    level: str
    district: str
    street: str | None
    community: str | None
    as_of: date
    since: date
    lang: str
    names: dict[str, str]
    areas: pd.DataFrame
    metrics: pd.Series  # catalog metrics of the area (flows over the 12-month window)
    used: list[str] = field(default_factory=list)

    @property
    def area_name(self) -> str:
        return self.names.get(self.area_code, self.area_code)

    @property
    def first_month(self) -> date:
        return periods.first_month(self.since)

    def month(self, day: date) -> str:
        return fmt_month(day, self.lang)

    def window(self) -> dict[str, str]:
        return {"first": self.month(self.first_month), "last": self.month(self.as_of)}

    def t(self, key: str, **params: object) -> str:
        return tr(key, self.lang, **params)

    def value(self, metric: str) -> float | None:
        self.use(metric)
        return number(self.metrics.get(metric))

    def use(self, *metrics: str) -> None:
        for metric in metrics:
            if metric not in self.used:
                self.used.append(metric)


def area_chain(areas: pd.DataFrame, code: str) -> tuple[str, str | None, str | None, str]:
    """(district, street, community, level) of an area code; UnknownAreaError when not found."""
    found = queries.area_row(areas, code)
    if found is None:
        raise UnknownAreaError(code)
    level = str(found["level"])
    if level == "district":
        return code, None, None, level
    if level == "street":
        return str(found["parent_code"]), code, None, level
    street = str(found["parent_code"])
    above = queries.area_row(areas, street)
    if above is None:
        raise UnknownAreaError(code)
    return str(above["parent_code"]), street, code, level


def area_metrics(version: str, code: str, as_of: date, since: date) -> pd.Series:
    table = queries.metrics_table(version, (code,), as_of, since)
    return table.loc[code] if code in table.index else pd.Series(dtype=object)


def make_context(version: str, area_code: str, as_of: date, lang: str) -> Context:
    areas = queries.area_index(version)
    district, street, community, level = area_chain(areas, area_code)
    # shared per snapshot and scope (building a dict of every area per deck took ~1 s at national scale)
    names = queries.area_tree(version).names
    since = queries.shift_years(as_of, -1)
    return Context(
        version,
        area_code,
        level,
        district,
        street,
        community,
        as_of,
        since,
        lang,
        names,
        areas,
        area_metrics(version, area_code, as_of, since),
    )


# --- slides -------------------------------------------------------------------------------------


def title_slide(ctx: Context, title: str, cutoff: date) -> Slide:
    shown = {"district": ("streets", "communities"), "street": ("communities",)}.get(ctx.level, ())
    counts = {m: fmt_count(ctx.value(m), ctx.lang) for m in (*shown, "population")}
    key = {"district": "pr_summary", "street": "pr_summary_street"}.get(ctx.level, "pr_summary_community")
    summary = ctx.t(key, **counts)
    return Slide(
        "title",
        title,
        subtitle=ctx.t("pr_cutoff", date=fmt_date(cutoff, ctx.lang)),
        bullets=(summary, ctx.t("pr_generated")),
    )


def kpi_slide(ctx: Context) -> Slide:
    prev_as_of = queries.shift_years(ctx.as_of, -1)
    before = area_metrics(ctx.version, ctx.area_code, prev_as_of, queries.shift_years(prev_as_of, -1))
    cards = []
    for metric, flow in KPI_METRICS:
        value, prev = ctx.value(metric), number(before.get(metric))
        label = metric_label(metric, ctx.lang) + (
            f"（{ctx.t('pr_window')}）"
            if flow and ctx.lang == "zh"
            else f" ({ctx.t('pr_window')})"
            if flow
            else ""
        )
        if metric == "five_star_communities" and value is None:
            cards.append(Kpi(metric, label, None, ctx.t("pr_not_in_program")))
            continue
        kpi = overview_data.Kpi(metric, value, None, prev)
        delta = kpi.delta(prev, ctx.lang)
        good = None if not delta or kpi.flat(prev) else not delta.startswith("-")
        cards.append(
            Kpi(
                metric,
                label,
                value,
                fmt_value(metric, value, ctx.lang),
                ctx.t("ov_yoy_flat") if kpi.flat(prev) else f"{delta} {ctx.t('pr_yoy')}" if delta else "",
                good,
            )
        )
    subtitle = ctx.t("pr_kpis_subtitle", date=fmt_date(ctx.as_of, ctx.lang), **ctx.window())
    return Slide("kpis", ctx.t("pr_slide_kpis"), subtitle=subtitle, kpis=tuple(cards))


def definition_slides(ctx: Context) -> list[Slide]:
    rows = definition_rows(ctx.used, ctx.lang)
    count = max(1, math.ceil(len(rows) / DEFINITIONS_PER_SLIDE))
    size = max(1, math.ceil(len(rows) / count))  # spread evenly over the slides
    pages = [rows[i : i + size] for i in range(0, len(rows), size)] or [[]]
    slides = []
    for n, page in enumerate(pages, start=1):
        title = (
            ctx.t("pr_slide_definitions")
            if len(pages) == 1
            else ctx.t("pr_slide_definitions_n", n=n, total=len(pages))
        )
        table = Table((ctx.t("pr_col_metric"), ctx.t("pr_col_meaning")), tuple(page), widths=(1.0, 2.6))
        slides.append(Slide("definitions", title, table=table))
    return slides


# --- the report ---------------------------------------------------------------------------------


def build_report(version: str, area_code: str, as_of: date, lang: str = "zh") -> Report:
    """The whole report. Raises UnknownAreaError for a code that is not a district/street/community."""
    from govdash.report import (  # sections import this module
        followup,
        headlines,
        mapslide,
        since_meeting,
        topics,
    )

    ctx = make_context(version, area_code, as_of, lang)
    cutoff_data = queries.data_cutoff(version)
    cutoff = min(as_of, cutoff_data) if cutoff_data else as_of
    path = " / ".join(ctx.names[c] for c in (ctx.district, ctx.street, ctx.community) if c)
    title = ctx.t("pr_report_title", area=ctx.area_name)
    scope = ctx.t("pr_scope", **ctx.window())
    slides = [
        title_slide(ctx, title, cutoff),
        kpi_slide(ctx),
        topics.coverage_slide(ctx),
        headlines.build_slide(ctx),
        topics.volunteer_slide(ctx),
        headlines.forces_slide(ctx),
        headlines.staff_slide(ctx),
        topics.five_star_slide(ctx),
        mapslide.map_slide(ctx),
        followup.laggards_slide(ctx),
        followup.next_steps_slide(ctx),
    ]
    slides += definition_slides(ctx)
    since = since_meeting.since_meeting_slide(ctx)
    if since is not None:  # after a 推进会 the deck opens with what changed since
        slides.insert(0, since)
    footer = f"{path} · {ctx.t('pr_cutoff', date=fmt_date(cutoff, lang))} · {scope}"
    return Report(
        area_code,
        ctx.area_name,
        path,
        ctx.level,
        as_of,
        cutoff,
        lang,
        title,
        scope,
        footer,
        TEXT["pr_page"][1 if lang == "en" else 0],
        tuple(slides),
        tuple(ctx.used),
    )
