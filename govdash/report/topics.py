"""Report sections on coverage, volunteer activity and five-star progress (one slide each).

Values come from the catalog metrics of the area (``Context.metrics``) and from the pages' data
modules (``coverage_data``, ``volunteer_monthly``, ``five_star_data``): nothing is queried here.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from etl.registry import ACTIVITY_TYPES, FACILITY_KINDS, STARS
from etl.settings import star_threshold
from govdash import (
    coverage_data,
    coverage_standards,
    five_star_data,
    five_star_targets,
    status,
    volunteer_monthly,
)
from govdash.charts import PALETTE, STAR_COLORS
from govdash.formatting import cut_to_tenths, fmt_aside, fmt_count, fmt_date, fmt_month, fmt_pct, number
from govdash.i18n import TEXT
from govdash.metric_labels import fmt_value, kind_label, metric_label
from govdash.report.context import Context
from govdash.report.model import BAR, COLUMN_STACKED, LINE, PIE, Chart, Kpi, Series, Slide, Table
from govdash.value_units import why_missing

WALK_COLOR = "#f39c12"  # second series of the coverage chart (amber, high contrast next to red)


def ordered(kinds: list[str], registry: dict) -> list[str]:
    """Kinds in registry order, unknown ones (uploaded data) after them."""
    return [k for k in registry if k in kinds] + sorted(set(kinds) - set(registry))


# --- coverage -----------------------------------------------------------------------------------


def standard_goal(
    ctx: Context, metric: str, threshold: float, targets: pd.DataFrame
) -> tuple[float, date | None]:
    """(goal, due): the area's own target of ``metric`` with its due date, else the standard (no due
    date), as the coverage page judges it."""
    target = number(area_target := ctx.metrics.get(f"target:{metric}"))
    due = coverage_data.target_due(targets, metric, ctx.as_of) if area_target is not None else None
    if target is None or due is None:
        return threshold, None
    ctx.use("target")
    return target, due


def _own_row(ctx: Context, std: coverage_standards.Standard, community: dict) -> tuple[tuple, str] | None:
    """A standard's row for a community report: its own value against the community threshold
    (``coverage_standards.own_check``), as the coverage page shows a selected community."""
    check = coverage_standards.own_check(std, community, ctx.metrics)
    if check is None:
        return None
    value, threshold = check
    state = status.judge(value, threshold)
    label = ctx.t(coverage_standards.COMMUNITY_VALUE_LABELS[std.community_column])
    texts = (fmt_count(cut_to_tenths(value), ctx.lang), fmt_count(threshold, ctx.lang))
    return (label, *texts, status.label(state, ctx.lang)), state


def _standards_table(ctx: Context, area: pd.Series) -> Table:
    rows, states = [], []
    targets = coverage_data.target_rows(ctx.version, ctx.area_code)
    community = None
    if ctx.level == "community":
        facts = coverage_data.community_facts(ctx.version, (ctx.area_code,), ctx.as_of).iloc[0]
        community = {**area.to_dict(), **facts.to_dict()}
    for std in coverage_standards.STANDARDS:
        own = _own_row(ctx, std, community) if community is not None else None
        if own is not None:
            rows.append(own[0])
            states.append(own[1])
            continue
        value = number(area.get(std.metric))
        ctx.use(std.metric)
        pct = std.metric.endswith("_pct")
        label = ctx.t(f"pr_std_{std.key}") if f"pr_std_{std.key}" in TEXT else ctx.t(std.key)
        goal, due = standard_goal(ctx, std.metric, std.threshold, targets)
        state = status.judge(value, goal, due, ctx.as_of)
        required = fmt_value(std.metric, goal, ctx.lang)  # as the dashboard writes a target: 50.0%
        rows.append(
            (
                label,
                fmt_pct(value) if pct else fmt_value(std.metric, value, ctx.lang),
                # the due date on a line of its own: a narrow cell broke it inside "12月" (1 / 2月)
                fmt_aside(required, fmt_month(due, ctx.lang), ctx.lang, sep="\n") if due else required,
                status.label(state, ctx.lang),
            )
        )
        states.append(state)
    columns = (
        ctx.t("pr_col_standard"),
        ctx.t("pr_col_now"),
        ctx.t("pr_col_required"),
        ctx.t("pr_col_status"),
    )
    return Table(columns, tuple(rows), tuple(states), widths=(2.4, 0.9, 1.5, 0.7))


def coverage_slide(ctx: Context) -> Slide:
    area = coverage_data.area_metrics(ctx.version, ctx.area_code, ctx.level, ctx.as_of, None)
    kinds = ordered(coverage_data.kinds(area.index, "facilities_open"), FACILITY_KINDS)
    table = _standards_table(ctx, area)
    title = ctx.t("pr_slide_coverage")
    if not kinds:
        return Slide("coverage", title, table=table, note=ctx.t("pr_no_facilities"))
    cover = [f"coverage_pct:{k}" for k in kinds]
    walk = [f"walk_coverage_pct:{k}" for k in kinds]
    ctx.use(*cover, *walk)
    chart = Chart(
        BAR,
        ctx.t("pr_cov_chart"),
        tuple(kind_label(k, ctx.lang) for k in kinds),
        (
            Series(ctx.t("pr_cov_series"), tuple(number(area.get(m)) for m in cover), PALETTE[0]),
            Series(ctx.t("pr_cov_walk"), tuple(number(area.get(m)) for m in walk), WALK_COLOR),
        ),
        unit="%",
        percent=True,
        decimals=1,
    )
    return Slide(
        "coverage",
        title,
        subtitle=ctx.t("pr_cov_subtitle"),
        charts=(chart,),
        table=table,
        bullets=(
            ctx.t("pr_cov_table_note_community" if ctx.level == "community" else "pr_cov_table_note"),
            *blank_notes(ctx, area),
        ),
    )


def blank_notes(ctx: Context, area: pd.Series) -> list[str]:
    """Why the standards table shows — for a rate per head or a premises share
    (``value_units.why_missing``); the counts the notes give join the definitions."""
    notes = why_missing(area, ctx.lang)
    for _, counts in notes:
        ctx.use(*counts)
    return [why for why, _ in notes]


# --- volunteer activity -------------------------------------------------------------------------


def window_months(first: date, last: date) -> list[date]:
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


def month_label(day: date, lang: str, with_year: bool) -> str:
    """``3月`` or ``24年3月`` (``2024-03`` / ``Mar`` in English) for a monthly axis."""
    if lang == "en":
        return day.strftime("%Y-%m") if with_year else day.strftime("%b")
    return f"{day.year % 100}年{day.month}月" if with_year else f"{day.month}月"


def _monthly_chart(ctx: Context, activity: pd.DataFrame) -> Chart:
    by_month = activity.groupby(activity["month"].dt.date)["activities"].sum()
    months = window_months(ctx.first_month, ctx.as_of)
    values = tuple(number(by_month.get(m)) for m in months)
    labels = tuple(month_label(m, ctx.lang, len({m.year for m in months}) > 1) for m in months)
    return Chart(
        LINE,
        ctx.t("pr_vol_monthly"),
        labels,
        (Series(ctx.t("pr_vol_series"), values, PALETTE[0]),),
        unit=metric_label("activities", ctx.lang),
    )


def _types_chart(ctx: Context, activity: pd.DataFrame) -> Chart:
    types = volunteer_monthly.by_type(activity)
    order = [k for k in ordered(list(types.index), ACTIVITY_TYPES) if types.at[k, "activities"] > 0]
    ctx.use(*(f"activities:{k}" for k in order))
    colors = tuple(PALETTE[i % len(PALETTE)] for i in range(len(order)))
    series = Series(
        ctx.t("pr_vol_series"), tuple(float(types.at[k, "activities"]) for k in order), PALETTE[0], colors
    )
    return Chart(PIE, ctx.t("pr_vol_types"), tuple(kind_label(k, ctx.lang) for k in order), (series,))


def volunteer_slide(ctx: Context) -> Slide:
    activity = volunteer_monthly.monthly_activity(ctx.version, ctx.area_code, None, ctx.since, ctx.as_of)
    title, subtitle = (
        ctx.t("pr_slide_volunteer"),
        ctx.with_unpopulated(ctx.t("pr_vol_subtitle", **ctx.window())),
    )
    cards = []
    for metric in ("activities", "participants", "volunteer_hours", "active_volunteers"):
        value = ctx.value(metric)
        cards.append(Kpi(metric, metric_label(metric, ctx.lang), value, fmt_value(metric, value, ctx.lang)))
    rate = ctx.value("activities_per_1k")  # the area's catalog value over the window, as the cards
    text = fmt_value("activities_per_1k", rate, ctx.lang, unit=False)  # the catalog's one decimal
    cards.append(Kpi("activities_per_1k", ctx.t("pr_vol_rate"), rate, text))
    if activity.empty:
        return Slide("volunteer", title, subtitle=subtitle, kpis=tuple(cards), note=ctx.t("pr_no_activity"))
    charts = (_monthly_chart(ctx, activity), _types_chart(ctx, activity))
    return Slide("volunteer", title, subtitle=subtitle, kpis=tuple(cards), charts=charts)


# --- five-star progress -------------------------------------------------------------------------


def _levels_chart(ctx: Context, counts: pd.DataFrame) -> Chart:
    years = sorted(counts["year"].unique())
    series = []
    for level in range(6):
        rows = counts[counts["level"] == level].set_index("year")["n"]
        series.append(
            Series(
                five_star_data.level_label(level, ctx.lang),
                tuple(float(rows.get(y, 0)) for y in years),
                STAR_COLORS[level],
            )
        )
    ctx.use(*(f"star_level_communities:{n}" for n in range(6)))
    return Chart(
        COLUMN_STACKED,
        ctx.t("pr_fs_chart"),
        tuple(ctx.t("pr_fs_year", year=y) for y in years),
        tuple(series),
        unit=metric_label("communities", ctx.lang),
    )


def _rates_table(ctx: Context, assessed: dict[str, int]) -> Table:
    """Award rate per star; only the stars the area's communities were assessed on in its year. A
    community's table says whether it won each star (its rate of itself read 0.0% or 100.0%)."""
    most = max(assessed.values(), default=0)
    stars = [m.split(":", 1)[1] for m in ctx.metrics.index if m.startswith("star_awarded_pct:")]
    one = ctx.level == "community"
    rows = []
    for star in [s for s in ordered(stars, STARS) if s in assessed]:
        value = ctx.value(f"star_awarded_pct:{star}")
        shown = fmt_pct(value)
        if one and value is not None:
            shown = ctx.t("pr_fs_won" if value >= 100 else "pr_fs_missed")
        rows.append((five_star_data.star_caption(star, assessed[star], most, ctx.lang), shown))
    column = ctx.t("pr_fs_col_won" if one else "pr_fs_col_rate")
    return Table((ctx.t("pr_fs_col_star"), column), tuple(rows), widths=(2.0, 1.0))


def target_line(ctx: Context, metric: str, targets: pd.DataFrame) -> str | None:
    """``五星支部目标 25 个（2024年12月31日）：已完成`` for the area's own target of ``metric``."""
    target = ctx.value(f"target:{metric}")
    due = coverage_data.target_due(targets, metric, ctx.as_of)
    if target is None or due is None:
        return None
    state = five_star_targets.target_status(ctx.value(metric), target, due, ctx.as_of)
    return ctx.t(
        "pr_fs_target",
        metric=metric_label(metric, ctx.lang),
        target=fmt_count(target, ctx.lang),
        due=fmt_date(due, ctx.lang),
        status=status.label(state, ctx.lang),
    )


def five_star_slide(ctx: Context) -> Slide:
    title = ctx.t("pr_slide_five_star")
    m = five_star_data.model(
        ctx.version, ctx.district, ctx.area_code, ctx.as_of, star_threshold(), by_street=False
    )
    five = ctx.value("five_star_communities")
    if not m.in_program:
        return Slide("five_star", title, note=ctx.t("pr_fs_not_in_program", area=ctx.area_name))
    year = m.year
    if year is None:
        return Slide("five_star", title, note=ctx.t("pr_fs_no_year", date=fmt_date(ctx.as_of, ctx.lang)))
    assessed = ctx.value("assessed_communities")
    bullets = [
        ctx.t(
            "pr_fs_headline",
            year=year,
            five=fmt_count(five, ctx.lang),
            four=fmt_count(ctx.value("four_plus_star_communities"), ctx.lang),
            assessed=fmt_count(assessed, ctx.lang),
        )
    ]
    targets = coverage_data.target_rows(ctx.version, ctx.area_code)
    bullets += [line for m in five_star_targets.TARGET_METRICS if (line := target_line(ctx, m, targets))]
    moves = m.area_moves
    if moves is not None and moves.prev_year is not None:
        bullets.append(
            ctx.t("pr_fs_moves", prev=moves.prev_year, up=moves.up, down=moves.down, same=moves.same)
        )
    return Slide(
        "five_star",
        title,
        subtitle=ctx.t("pr_fs_year", year=year),
        charts=(_levels_chart(ctx, m.counts),),
        table=_rates_table(ctx, m.assessed),
        bullets=tuple(bullets),
    )
