"""The deck's first slide after a 推进会: what changed since — items closed, new red lights, the
meeting's tasks done or overdue, and the communities that did not report (or reported late).

Built only when a meeting of the area (or an area above it) was held on or before the report date
(``etl.ledger_changes``); the tasks and meetings come from ``etl.meetings``, outside the snapshots.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from etl.ledger_changes import Changes, changes_since
from etl.ledger_rules import LEDGER_RULES
from govdash import db, history_data
from govdash import ledger_data as ld
from govdash.formatting import fmt_date, fmt_month
from govdash.metric_labels import metric_label
from govdash.report.build import Context
from govdash.report.model import Slide, Table

MAX_NAMES = 6
MAX_TASK_ROWS = 7
REPORT_DATASET = "activity"


def names_text(names: list[str], ctx: Context) -> str:
    if not names:
        return ""
    shown = "、".join(names[:MAX_NAMES]) if ctx.lang == "zh" else ", ".join(names[:MAX_NAMES])
    more = ctx.t("sm_more", n=len(names)) if len(names) > MAX_NAMES else ""
    return ("：" if ctx.lang == "zh" else ": ") + shown + more


def _kinds(frame: pd.DataFrame, ctx: Context) -> str:
    counts = frame.groupby("kind").size()
    sep = "，" if ctx.lang == "zh" else ", "
    return sep.join(f"{LEDGER_RULES[k].label(ctx.lang)} {n}" for k, n in counts.items())


def _red(changes: Changes, ctx: Context) -> str:
    parts = [
        ctx.t("sm_overdue_item", kind=LEDGER_RULES[k].label(ctx.lang), n=n)
        for k, n in changes.new_overdue.groupby("kind").size().items()
    ]
    parts += [
        ctx.t(
            "sm_behind",
            name=row.street_name or ctx.names.get(row.target_area, row.target_area),
            target=metric_label(row.metric, ctx.lang),
        )
        for row in changes.fell_behind.itertuples(index=False)
    ]
    if not parts:
        return ctx.t("sm_red_none")
    sep = "；" if ctx.lang == "zh" else "; "
    shown = sep.join(parts[:MAX_NAMES]) + (ctx.t("sm_more", n=len(parts)) if len(parts) > MAX_NAMES else "")
    return ctx.t("sm_red", n=len(parts), what=shown)


def _reporters(ctx: Context) -> str:
    month = ctx.as_of.replace(day=1)
    subs = history_data.submissions(ctx.version, ctx.area_code, REPORT_DATASET, month)
    missing = subs.loc[~subs["reported"].astype(bool), "area_name"].tolist()
    late = subs.loc[subs["late"].astype(bool), "area_name"].tolist()
    return ctx.t(
        "sm_reporters",
        month=fmt_month(month, ctx.lang),
        missing=len(missing),
        mnames=names_text(missing, ctx),
        late=len(late),
        lnames=names_text(late, ctx),
    )


def _task_table(changes: Changes, ctx: Context) -> Table | None:
    tasks = changes.tasks.sort_values(
        by="status", key=lambda s: s.map({"overdue": 0, "open": 1, "done": 2}), kind="stable"
    )
    if tasks.empty:
        return None
    rows = tuple(
        (
            str(r.text),
            ctx.names.get(r.owner_code, r.owner_code),
            fmt_date(r.due_date, ctx.lang),
            ctx.t(f"lg_{r.status}"),
        )
        for r in tasks.head(MAX_TASK_ROWS).itertuples(index=False)
    )
    status = tuple(
        {"overdue": "behind", "open": "near", "done": "met"}[s] for s in tasks.head(MAX_TASK_ROWS)["status"]
    )
    columns = (ctx.t("sm_col_task"), ctx.t("sm_col_owner"), ctx.t("sm_col_due"), ctx.t("sm_col_status"))
    return Table(columns, rows, status, widths=(2.6, 1.2, 1.1, 0.8))


def since_meeting_slide(ctx: Context, as_of: date | None = None) -> Slide | None:
    """The slide, or None when no meeting was held before the report date."""
    as_of = as_of or ctx.as_of
    chain = ld.chain(ctx.area_code, ctx.areas)
    codes = ld.codes_below(ctx.version, ctx.area_code)
    changes = changes_since(db.connection(), ld.store(), ctx.area_code, chain, codes, as_of, ctx.lang)
    if changes is None:
        return None
    closed = (
        ctx.t("sm_closed", n=len(changes.closed), kinds=_kinds(changes.closed, ctx))
        if len(changes.closed)
        else ctx.t("sm_closed_none")
    )
    overdue = changes.tasks_overdue
    names = names_text(
        [f"{r.text}（{ctx.names.get(r.owner_code, r.owner_code)}）" for r in overdue.itertuples(index=False)],
        ctx,
    )
    bullets = (
        closed,
        _red(changes, ctx),
        ctx.t("sm_tasks", done=len(changes.tasks_done), overdue=len(overdue), names=names),
        _reporters(ctx),
    )
    subtitle = ctx.t(
        "sm_subtitle",
        title=changes.title,
        date=fmt_date(changes.held_on, ctx.lang),
        now=fmt_date(as_of, ctx.lang),
    )
    return Slide(
        "since_meeting",
        ctx.t("sm_title"),
        subtitle=subtitle,
        bullets=bullets,
        table=_task_table(changes, ctx),
    )
