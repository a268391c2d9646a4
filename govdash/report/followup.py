"""Report sections on laggards (sub-areas with the least activity) and next steps (targets, due dates).

Sub-areas are those the overview compares (``overview_data.children``); their values are catalog
metrics over the report's 12-month window. Targets are the area's own rows of the ``targets`` table
(``coverage_data.target_rows``), picked by the catalog's ``target:METRIC`` rule, and judged with
the five-star page's ``target_status``.
"""

from __future__ import annotations

import pandas as pd

from etl.metric_catalog import percentage
from govdash import coverage_data, five_star_targets, overview_data, queries, volunteer_data
from govdash.charts import BAD, GOOD, PALETTE, WARN
from govdash.formatting import fmt_count, fmt_month, fmt_pct
from govdash.metric_labels import is_pct, metric_label
from govdash.report.build import Context, area_metrics, fmt_value, number
from govdash.report.model import BAR, Chart, Series, Slide, Table

MAX_BARS = 20  # more sub-areas than this: the chart shows the lowest ones
MAX_LAGGARDS = 5
STATUS_COLORS = {"met": GOOD, "near": WARN, "behind": BAD, "open": PALETTE[1]}
OTHER_COLOR = PALETTE[1]
SELECTED_COLOR = "#1a1a1a"


# --- laggards -----------------------------------------------------------------------------------


def sub_area_table(ctx: Context) -> pd.DataFrame:
    """Catalog metrics of the sub-areas over the window, with ``rate`` (activities per 1,000 residents)."""
    subs = overview_data.children(ctx.areas, ctx.area_code, ctx.level)
    codes = tuple(subs["area_code"])
    if not codes:
        return pd.DataFrame(columns=["rate"])
    table = queries.metrics_table(ctx.version, codes, ctx.as_of, ctx.since)
    table["rate"] = [
        volunteer_data.rate(number(a), number(p))
        for a, p in zip(table["activities"], table["population"], strict=True)
    ]
    return table[table["rate"].notna()]


def reference_rate(ctx: Context) -> float | None:
    """The rate of the area the sub-areas belong to (the street when a community is selected)."""
    if ctx.level != "community" or not ctx.street:
        return volunteer_data.rate(ctx.value("activities"), ctx.value("population"))
    parent = area_metrics(ctx.version, ctx.street, ctx.as_of, ctx.since)
    return volunteer_data.rate(number(parent.get("activities")), number(parent.get("population")))


def _four_plus(row: pd.Series, lang: str) -> str:
    value = number(row.get("four_plus_star_communities"))
    target = number(row.get("target:four_plus_star_communities"))
    if value is None:
        return "—"
    return (
        f"{fmt_count(value, lang)}（{fmt_count(target, lang)}）"
        if target is not None
        else fmt_count(value, lang)
    )


def laggards_slide(ctx: Context) -> Slide:
    community_level = ctx.level != "district"
    title = ctx.t("pr_slide_laggards_community" if community_level else "pr_slide_laggards_street")
    table = sub_area_table(ctx)
    if table.empty:
        return Slide("laggards", title, note=ctx.t("pr_lag_none"))
    ctx.use("activities_per_1k", "activities", "population")
    ranked = table.sort_values("rate", ascending=False)
    n_bad = min(MAX_LAGGARDS, max(1, len(ranked) // 3))
    bottom = ranked.tail(n_bad)
    shown = ranked.tail(MAX_BARS)
    colors = tuple(
        SELECTED_COLOR if code == ctx.community else BAD if code in bottom.index else OTHER_COLOR
        for code in shown.index
    )
    window = ctx.window()
    chart_title = (
        ctx.t("pr_lag_chart_bottom", n=len(shown), **window)
        if len(shown) < len(ranked)
        else ctx.t("pr_lag_chart_community" if community_level else "pr_lag_chart_street", **window)
    )
    reference = reference_rate(ctx)
    chart = Chart(
        BAR,
        chart_title,
        tuple(ctx.names.get(c, c) for c in shown.index),
        (Series(ctx.t("pr_vol_rate"), tuple(float(v) for v in shown["rate"]), OTHER_COLOR, colors),),
        unit=ctx.t("pr_vol_rate"),
        decimals=1,
        reference=reference,
        reference_label=ctx.t("pr_lag_average", value=fmt_count(reference, ctx.lang)),
    )
    ctx.use("compound_branch_coverage_pct", "four_plus_star_communities", "target:four_plus_star_communities")
    rows = tuple(
        (
            ctx.names.get(code, code),
            fmt_count(row["rate"], ctx.lang),
            fmt_pct(number(row.get("compound_branch_coverage_pct"))),
            _four_plus(row, ctx.lang),
        )
        for code, row in bottom.iloc[::-1].iterrows()
    )
    columns = (ctx.t("pr_col_name"), ctx.t("pr_col_rate"), ctx.t("pr_col_branch"), ctx.t("pr_col_four_plus"))
    return Slide(
        "laggards",
        title,
        subtitle=ctx.t("pr_lag_note", n=n_bad),
        charts=(chart,),
        table=Table(columns, rows, ("behind",) * len(rows), widths=(1.4, 1.1, 1.9, 1.7)),
    )


# --- next steps ---------------------------------------------------------------------------------


def target_rows(ctx: Context) -> pd.DataFrame:
    """One row per metric with a target for the area: target, due, actual, progress (%), status."""
    targets = coverage_data.target_rows(ctx.version, ctx.area_code)
    rows = []
    for metric in dict.fromkeys(targets["metric"]):
        target = ctx.value(f"target:{metric}")
        due = coverage_data.target_due(targets, metric, ctx.as_of)
        if target is None or due is None:
            continue
        actual = ctx.value(metric)
        progress = percentage(actual, target) if actual is not None else None
        rows.append(
            {
                "metric": metric,
                "label": metric_label(metric, ctx.lang),
                "target": target,
                "due": due,
                "actual": actual,
                "progress": progress,
                "status": five_star_targets.target_status(actual, target, due, ctx.as_of),
            }
        )
    frame = pd.DataFrame(rows, columns=["metric", "label", "target", "due", "actual", "progress", "status"])
    return frame.sort_values(["due", "label"]).reset_index(drop=True)


def gap_text(metric: str, gap: float, lang: str) -> str:
    if is_pct(metric):
        return f"{gap:.1f}" + ("个百分点" if lang == "zh" else " pt")
    return fmt_value(metric, gap, lang)


def next_step(ctx: Context, row: object) -> str:
    """``已完成``, ``还差1.2个百分点`` or ``还差4.8个百分点，已逾期`` for one target."""
    if row.status == "met":  # type: ignore[attr-defined]
        return ctx.t("pr_status_met")
    gap = gap_text(row.metric, row.target - (row.actual or 0), ctx.lang)  # type: ignore[attr-defined]
    overdue = row.due < ctx.as_of  # type: ignore[attr-defined]
    return ctx.t("pr_next_overdue" if overdue else "pr_next_gap", gap=gap)


def next_steps_slide(ctx: Context) -> Slide:
    title = ctx.t("pr_slide_next")
    rows = target_rows(ctx)
    if rows.empty:
        return Slide("next_steps", title, note=ctx.t("pr_next_none"))
    ctx.use("target")
    series = Series(
        ctx.t("pr_next_series"),
        tuple(None if pd.isna(v) else float(v) for v in rows["progress"]),  # no actual yet: no bar
        PALETTE[1],
        tuple(STATUS_COLORS[s] for s in rows["status"]),
    )
    chart = Chart(
        BAR,
        ctx.t("pr_next_chart"),
        tuple(rows["label"]),
        (series,),
        unit="%",
        percent=True,
        decimals=1,
        reference=100.0,
    )
    table = Table(
        (
            ctx.t("pr_col_metric"),
            ctx.t("pr_col_target"),
            ctx.t("pr_col_due"),
            ctx.t("pr_col_now"),
            ctx.t("pr_col_next"),
        ),
        tuple(
            (
                r.label,
                f"{r.target:g}%" if is_pct(r.metric) else fmt_value(r.metric, r.target, ctx.lang),
                fmt_month(r.due, ctx.lang),
                fmt_value(r.metric, r.actual, ctx.lang),
                next_step(ctx, r),
            )
            for r in rows.itertuples(index=False)
        ),
        tuple(rows["status"]),
        widths=(2.2, 0.8, 1.45, 0.95, 1.9),
    )
    return Slide("next_steps", title, subtitle=ctx.t("pr_next_subtitle"), charts=(chart,), table=table)
