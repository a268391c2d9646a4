"""Report sections on laggards (sub-areas with the least activity) and next steps (targets, due dates).

Sub-areas are those the overview compares (``overview_data.children``); their values are catalog
metrics over the report's 12-month window. Targets are the area's own rows of the ``targets`` table
(``coverage_data.target_rows``), picked by the catalog's ``target:METRIC`` rule, and judged with
the five-star page's ``target_status``.
"""

from __future__ import annotations

import pandas as pd

from etl.ledger import DONE
from govdash import attention, coverage_data, overview_data, queries, ranking, status
from govdash import ledger_data as ld
from govdash.charts import BAD, PALETTE
from govdash.formatting import MISSING, fmt_aside, fmt_count, fmt_list, fmt_month, fmt_pct, number
from govdash.metric_labels import fmt_value, is_pct, metric_label
from govdash.report.context import Context
from govdash.report.model import BAR, Chart, Series, Slide, Table
from govdash.value_units import unpopulated_note

MAX_BARS = 20  # more sub-areas than this: the chart shows the lowest ones
OTHER_COLOR = PALETTE[1]
SELECTED_COLOR = "#1a1a1a"
# what the laggards' table tells of each (the engine computes these, not the whole catalog)
LAGGARD_DETAILS = (
    "compound_branch_coverage_pct",
    "four_plus_star_communities",
    "target:four_plus_star_communities",
)


# --- laggards -----------------------------------------------------------------------------------


def sub_area_ranking(ctx: Context) -> ranking.Ranking:
    """The sub-areas ranked by activities per 1,000 residents over the window: the overview's and
    the volunteer page's rule (``govdash.ranking``), on the same catalog metrics."""
    return overview_data.comparison(
        ctx.version, ctx.area_code, ctx.level, "activities", ranking.PER_1K, ctx.as_of
    )


def _four_plus(row: pd.Series, lang: str) -> str:
    value = number(row.get("four_plus_star_communities"))
    target = number(row.get("target:four_plus_star_communities"))
    if value is None:
        return MISSING
    return (
        fmt_aside(fmt_count(value, lang), fmt_count(target, lang), lang)
        if target is not None
        else fmt_count(value, lang)
    )


def _rate(value: object, lang: str) -> str:
    """A per-1,000 rate as the catalog writes it: one decimal (8.0 beside 8.4, never 8)."""
    return fmt_value("activities_per_1k", value, lang, unit=False)


def laggards_slide(ctx: Context) -> Slide:
    community_level = ctx.level != "district"
    title = ctx.t("pr_slide_laggards_community" if community_level else "pr_slide_laggards_street")
    result = sub_area_ranking(ctx)
    ranked = result.rows
    if ranked.empty:
        return Slide("laggards", title, note=ctx.t("pr_lag_none"))
    ctx.use("activities_per_1k", "activities", "population")
    bottom = ranked[ranked["laggard"]]
    shown = ranked.tail(MAX_BARS)
    colors = tuple(
        SELECTED_COLOR if code == ctx.community else BAD if code in bottom.index else OTHER_COLOR
        for code in shown.index
    )
    window = ctx.window()
    level = "community" if community_level else "street"
    chart_title = (
        ctx.t(f"pr_lag_chart_bottom_{level}", n=len(shown), **window)
        if len(shown) < len(ranked)
        else ctx.t(f"pr_lag_chart_{level}", **window)
    )
    reference = result.average_shown
    chart = Chart(
        BAR,
        chart_title,
        tuple(ctx.names.get(c, c) for c in shown.index),
        (Series(ctx.t("pr_vol_rate"), tuple(float(v) for v in shown["shown"]), OTHER_COLOR, colors),),
        unit=ctx.t("pr_vol_rate"),
        decimals=1,
        reference=reference,
        reference_label=ctx.t(
            "pr_lag_average_pooled" if result.pooled else "pr_lag_average", value=_rate(reference, ctx.lang)
        ),
    )
    ctx.use(*LAGGARD_DETAILS)
    details = queries.metrics_table(ctx.version, tuple(bottom.index), ctx.as_of, ctx.since, LAGGARD_DETAILS)
    rows = tuple(
        (
            ctx.names.get(code, code),
            _rate(bottom.at[code, "shown"], ctx.lang),
            fmt_pct(number(details.at[code, "compound_branch_coverage_pct"])),
            _four_plus(details.loc[code], ctx.lang),
        )
        for code in bottom.index[::-1]
    )
    columns = (ctx.t("pr_col_name"), ctx.t("pr_col_rate"), ctx.t("pr_col_branch"), ctx.t("pr_col_four_plus"))
    # the last cell, four stars or more (target), coloured by its own target, as a status column
    # is; no colour without a target (it was red on every row, a 4-star community's too)
    judged = tuple(
        status.judge(
            number(details.loc[code].get("four_plus_star_communities")),
            number(details.loc[code].get("target:four_plus_star_communities")),
        )
        for code in bottom.index[::-1]
    )
    return Slide(
        "laggards",
        title,
        subtitle=("" if ctx.lang == "zh" else " ").join(
            filter(None, (ctx.t("pr_lag_note", n=len(bottom)), unpopulated_note(result, ctx.names, ctx.lang)))
        ),
        charts=(chart,),
        table=Table(columns, rows, judged, widths=(1.4, 1.1, 1.9, 1.7)),
    )


# --- next steps ---------------------------------------------------------------------------------


def target_rows(ctx: Context) -> pd.DataFrame:
    """One row per metric with a target for the area: target, due, actual, progress (%), status
    (judged as the overview's 需关注 judges them: ``attention.target_statuses``)."""
    targets = coverage_data.target_rows(ctx.version, ctx.area_code)
    frame = attention.target_statuses(ctx.metrics, targets, ctx.as_of)
    ctx.use(*frame["metric"], *(f"target:{m}" for m in frame["metric"]))
    frame.insert(1, "label", [metric_label(m, ctx.lang) for m in frame["metric"]])
    return frame.sort_values(["due", "label"]).reset_index(drop=True)


def gap_text(metric: str, gap: float, lang: str) -> str:
    if is_pct(metric):
        return f"{gap:.1f}" + ("个百分点" if lang == "zh" else " pt")
    return fmt_value(metric, gap, lang)


def next_step(ctx: Context, row: object) -> str:
    """``—`` (met) or ``还差1.2个百分点`` for one target (its status is the next column)."""
    if row.status == status.MET:  # type: ignore[attr-defined]
        return MISSING
    gap = gap_text(row.metric, row.target - (row.actual or 0), ctx.lang)  # type: ignore[attr-defined]
    return ctx.t("pr_next_gap", gap=gap)


def inherited_items(ctx: Context) -> tuple[str, ...]:
    """The line that counts the open ledger items in the area of targets set above it (a street's
    share of its district's targets), which its own targets' table does not show; none without."""
    if ctx.level == "district":
        return ()
    items = ld.items(ctx.version, ctx.area_code, ctx.as_of, ctx.lang)
    above = items[(items["target_area"] != ctx.area_code) & (items["status"] != DONE)]
    if above.empty:
        return ()
    owners = fmt_list(dict.fromkeys(ctx.names.get(a, a) for a in above["target_area"]), ctx.lang)
    return (ctx.t("pr_next_inherited", owners=owners, n=len(above)),)


def next_steps_slide(ctx: Context) -> Slide:
    title = ctx.t("pr_slide_next")
    rows = target_rows(ctx)
    if rows.empty:
        return Slide("next_steps", title, note=ctx.t("pr_next_none"), bullets=inherited_items(ctx))
    ctx.use("target")
    series = Series(
        ctx.t("pr_next_series"),
        tuple(None if pd.isna(v) else float(v) for v in rows["progress"]),  # no actual yet: no bar
        PALETTE[1],
        tuple(status.color(s) for s in rows["status"]),
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
            ctx.t("pr_col_status"),
        ),
        tuple(
            (
                r.label,
                fmt_value(r.metric, r.target, ctx.lang),  # as the dashboard writes a target: 85.0%
                fmt_month(r.due, ctx.lang),
                fmt_value(r.metric, r.actual, ctx.lang),
                next_step(ctx, r),
                status.label(r.status, ctx.lang),
            )
            for r in rows.itertuples(index=False)
        ),
        tuple(rows["status"]),
        widths=(2.1, 0.8, 1.35, 0.9, 1.45, 0.7),
    )
    return Slide(
        "next_steps",
        title,
        subtitle=ctx.t("pr_next_subtitle"),
        charts=(chart,),
        table=table,
        bullets=inherited_items(ctx),
    )
