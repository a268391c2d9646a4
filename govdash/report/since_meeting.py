"""The deck's first slide after a 推进会: what changed since — items closed, new red lights, the
meeting's tasks done or overdue, and the communities that did not report (or reported late), one
row each with its count and the names.

Built only when a meeting of the area (or an area above it) was held on or before the report date
(``etl.ledger_changes``); the tasks and meetings come from ``etl.meetings``, outside the snapshots.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from etl.ledger_changes import Changes, changes_since
from etl.ledger_rules import LEDGER_RULES
from govdash import db, history_data, queries, status
from govdash import ledger_data as ld
from govdash.formatting import MISSING, fmt_date, fmt_month
from govdash.metric_labels import metric_label
from govdash.report.context import Context
from govdash.report.model import Slide, Table

MAX_NAMES = 5
REPORT_DATASET = "activity"


def names_text(names: list[str], ctx: Context) -> str:
    """``a、b、c 等 9 个`` (at most ``MAX_NAMES`` names); ``—`` for none."""
    if not names:
        return MISSING
    shown = ("、" if ctx.lang == "zh" else ", ").join(names[:MAX_NAMES])
    return shown + (ctx.t("sm_more", n=len(names)) if len(names) > MAX_NAMES else "")


def _kinds(frame: pd.DataFrame, ctx: Context) -> list[str]:
    return [f"{LEDGER_RULES[k].label(ctx.lang)} {n}" for k, n in frame.groupby("kind").size().items()]


def _red(changes: Changes, ctx: Context) -> list[str]:
    parts = [
        ctx.t("sm_overdue_item", kind=LEDGER_RULES[k].label(ctx.lang), n=n)
        for k, n in changes.new_overdue.groupby("kind").size().items()
    ]
    return parts + [
        ctx.t(
            "sm_behind",
            name=row.street_name or ctx.names.get(row.target_area, row.target_area),
            target=metric_label(row.metric, ctx.lang),
        )
        for row in changes.fell_behind.itertuples(index=False)
    ]


def _tasks(frame: pd.DataFrame, ctx: Context) -> list[str]:
    paren = "（{}）" if ctx.lang == "zh" else " ({})"
    return [f"{r.text}" + paren.format(ctx.names.get(r.owner_code, r.owner_code)) for r in frame.itertuples()]


def _reporters(ctx: Context) -> tuple[str, list[str], list[str]]:
    month = ctx.as_of.replace(day=1)
    subs = history_data.submissions(ctx.version, ctx.area_code, REPORT_DATASET, month)
    missing = subs.loc[~subs["reported"].astype(bool), "area_name"].tolist()
    late = subs.loc[subs["late"].astype(bool), "area_name"].tolist()
    return fmt_month(month, ctx.lang), missing, late


def _row(ctx: Context, key: str, names: list[str], bad: str, **params: object) -> tuple[tuple[str, ...], str]:
    """(what, count, names) and its status (``govdash.status``, which colours the names): ``bad``
    when there are any, else met."""
    count = str(len(names))
    return (ctx.t(key, **params), count, names_text(names, ctx)), bad if names else status.MET


def since_meeting_slide(ctx: Context, as_of: date | None = None) -> Slide | None:
    """The slide, or None when no meeting was held before the report date."""
    as_of = as_of or ctx.as_of
    chain = ld.chain(ctx.area_code, ctx.areas)
    codes = list(queries.codes_below(ctx.version, ctx.area_code))
    changes = changes_since(db.connection(), ld.store(), ctx.area_code, chain, codes, as_of, ctx.lang)
    if changes is None:
        return None
    month, missing, late = _reporters(ctx)
    closed = (ctx.t("sm_row_closed"), str(len(changes.closed)), names_text(_kinds(changes.closed, ctx), ctx))
    rows = [
        (closed, status.MET if len(changes.closed) else status.NEAR),
        _row(ctx, "sm_row_red", _red(changes, ctx), status.BELOW),
        _row(ctx, "sm_row_tasks_done", _tasks(changes.tasks_done, ctx), status.MET),
        _row(ctx, "sm_row_tasks_overdue", _tasks(changes.tasks_overdue, ctx), status.BELOW),
        _row(
            ctx,
            "sm_row_tasks_open",
            _tasks(changes.tasks[changes.tasks["status"] == "open"], ctx),
            status.NEAR,
        ),
        _row(ctx, "sm_row_missing", missing, status.BELOW, month=month),
        _row(ctx, "sm_row_late", late, status.NEAR, month=month),
    ]
    rows[2] = (rows[2][0], status.MET)  # tasks done are good news either way
    columns = (ctx.t("sm_col_change"), ctx.t("sm_col_count"), ctx.t("sm_col_names"))
    table = Table(
        columns,
        tuple(r for r, _ in rows),
        tuple(s for _, s in rows),
        widths=(1.45, 0.65, 3.3),
    )
    subtitle = ctx.t(
        "sm_subtitle",
        title=changes.title,
        date=fmt_date(changes.held_on, ctx.lang),
        now=fmt_date(as_of, ctx.lang),
    )
    return Slide("since_meeting", ctx.t("sm_title"), subtitle=subtitle, table=table)
