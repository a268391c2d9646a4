"""Build the report model for an area and date: every number from the metric engine and the pages' data.

    report = build_report(db.version(), "410311", date(2024, 12, 31), "zh")

Stocks are read on ``as_of``; flows (activities, participants, volunteer hours) cover the 12 months
up to ``as_of`` (``since = as_of - 1 year``, the window the overview comparison and the map use).
The report covers every community type of the area (the sidebar's type filter is not applied).
"""

from __future__ import annotations

import math
from datetime import date

from govdash import deltas, overview_data, queries
from govdash.formatting import fmt_count, fmt_date, number
from govdash.i18n import TEXT
from govdash.metric_labels import fmt_value, metric_label
from govdash.report import followup, headlines, mapslide, since_meeting, topics
from govdash.report.context import Context, make_context
from govdash.report.definitions import definition_rows
from govdash.report.model import Kpi, Report, Slide, Table

DEFINITIONS_PER_SLIDE = 13


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
    cards = []
    for metric, flow in overview_data.kpi_cards(ctx.level):  # the overview page's cards
        value, prev = ctx.value(metric), number(ctx.before.get(metric))
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
        new = ctx.t("ov_yoy_new") if kpi.from_zero(prev) else None
        good = True if new else None if not delta or kpi.flat(prev) else not delta.startswith("-")
        cards.append(
            Kpi(
                metric,
                label,
                value,
                fmt_value(metric, value, ctx.lang),
                deltas.said(delta, kpi.flat(prev), ctx.t("pr_yoy"), ctx.t("ov_yoy_flat"), new) or "",
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
