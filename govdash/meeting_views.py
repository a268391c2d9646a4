"""The 推进会 part of the 台账 page: tasks with their status, closing a task, recording a meeting;
and the pace table's labels. Writes go to ``etl.meetings`` (outside the snapshots), audited."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from etl.meetings import MeetingError, Task, task_status
from etl.safe_text import md_text
from etl.scope import codes_outside
from govdash import auth, db, status
from govdash import ledger_data as ld
from govdash.formatting import (
    MISSING,
    fmt_aside,
    fmt_date,
    fmt_decimal,
    fmt_list,
    fmt_pct,
    grid_date_format,
    is_missing,
)
from govdash.i18n import t
from govdash.ledger_data import NOT_SPLIT
from govdash.metric_labels import fmt_value, metric_label
from govdash.table_style import right_columns, text_px


def any_not_split(frame: pd.DataFrame) -> bool:
    """Whether a pace row is of a target not split to the area (its note goes under the table)."""
    return not frame.empty and bool(frame["required"].isna().any())


PACE_COLORS = {
    status.MET: status.GOOD,
    status.OVERDUE: status.OVERDUE_COLOR,
    "on_pace": status.GOOD,
    "behind": status.BAD,
    NOT_SPLIT: status.NEUTRAL,
}


def pace_columns(shown: Styler) -> dict:
    """The pace table's (``pace_display``) number columns (written as text: percentages, one
    decimal) right-aligned; what a row is about (its target and scope) pinned, so it stays in view
    when the table scrolls; the verdicts wide enough for the longest one."""
    numbers = ("lg_col_time", "lg_col_work", "lg_col_needed", "lg_col_recent")
    pinned = {t(key): st.column_config.TextColumn(pinned=True) for key in ("lg_col_target", "lg_col_scope")}
    verdicts = shown.data.get(t("lg_col_pace"), ())
    fitted = {t("lg_col_pace"): st.column_config.TextColumn(width=text_px([t("lg_col_pace"), *verdicts]))}
    return pinned | fitted | right_columns(t(key) for key in numbers)


def pace_display(frame: pd.DataFrame, lang: str, names: Mapping[str, str]) -> Styler:
    """The pace rows with labelled columns (a target's own row first, named by the target's area,
    then its streets), each starting with what it is about: the target (its value with its unit)
    and when it falls due. ``names``: area code → name."""
    states = list(frame["state"])  # ``ledger_data.pace_table``'s judgement of each row

    def verdict(row: pd.Series, state: str) -> str:
        if state in (status.MET, status.OVERDUE):
            return status.label(state, lang)
        if state == "on_pace":
            return t("lg_on_pace")
        if state == NOT_SPLIT:
            return t("lg_not_split")
        return t("lg_behind") if row["recent_per_month"] else fmt_aside(t("lg_behind"), t("lg_never"), lang)

    table = pd.DataFrame(
        {
            t("lg_col_target"): [
                f"{metric_label(m, lang)} {fmt_value(m, v, lang)}"
                for m, v in zip(frame["metric"], frame["target_value"], strict=True)
            ],
            t("lg_col_due"): [fmt_date(d, lang) for d in frame["due_date"]],
            t("lg_col_scope"): [
                n or names.get(a, a) for n, a in zip(frame["street_name"], frame["target_area"], strict=True)
            ],
            t("lg_col_pace"): [verdict(r, st_) for (_, r), st_ in zip(frame.iterrows(), states, strict=True)],
            t("lg_col_time"): [fmt_pct(v * 100) for v in frame["time_share"]],
            t("lg_col_work"): [MISSING if is_missing(v) else fmt_pct(v * 100) for v in frame["done_share"]],
            t("lg_col_needed"): [fmt_decimal(v) for v in frame["needed_per_month"]],
            t("lg_col_recent"): [fmt_decimal(v) for v in frame["recent_per_month"]],
            t("lg_col_finish"): [fmt_date(d, lang) if d else MISSING for d in frame["projected_finish"]],
            t("lg_col_required"): frame["required"],  # Int64 (etl.ledger_pace): <NA> where not split, shown —
            t("lg_col_done"): frame["done"],
        }
    )
    column = t("lg_col_pace")

    def color(values: pd.Series) -> list[str]:
        return [f"color: {PACE_COLORS[s]}" for s in states[: len(values)]]

    return table.style.apply(color, subset=[column])


def render(f, owners: dict[str, str], tasks: pd.DataFrame, lang: str) -> None:  # noqa: ANN001
    """The 推进会 section: the tasks of the areas below (``ledger_data.LedgerModel``), closing and recording."""
    st.subheader(t("mt_title"))
    principal = auth.current()
    may = principal.may("meet")
    if tasks.empty:
        st.info(t("mt_none"))
    else:
        _tasks(tasks, owners, f.as_of, lang, may)
    if may:
        _form(f, owners, lang)
    else:
        st.caption(t("mt_read_only"))


def _tasks(tasks: pd.DataFrame, owners: dict[str, str], as_of: date, lang: str, may: bool) -> None:
    tasks = tasks.assign(
        status=[task_status(d, c, as_of) for d, c in zip(tasks["due_date"], tasks["closed_at"], strict=True)]
    )
    order = {"overdue": 0, "open": 1, "done": 2}
    tasks = tasks.sort_values(by="status", key=lambda s: s.map(order), kind="stable")
    head = st.columns([4, 2, 2, 2, 1])
    for col, key in zip(
        head, ("mt_task_text", "mt_task_owner", "mt_task_due", "lg_col_status"), strict=False
    ):
        col.markdown(f"**{t(key)}**")
    for row in tasks.itertuples(index=False):
        cols = st.columns([4, 2, 2, 2, 1], vertical_alignment="center")
        cols[0].markdown(
            md_text(row.text) + f"  \n:gray[{t('mt_col_meeting')} {fmt_date(row.held_on, lang)}]"
        )
        cols[1].markdown(md_text(owners.get(row.owner_code, row.owner_code)))
        cols[2].markdown(fmt_date(row.due_date, lang))
        label = t(f"lg_{row.status}")
        color = {"overdue": "red", "open": "orange", "done": "green"}[row.status]
        closed = (
            f"  \n:gray[{md_text(str(row.closed_by))} {str(row.closed_at)[:16]}]"
            if row.status == "done"
            else ""
        )
        cols[3].markdown(f":{color}[{label}]{closed}")
        if may and row.status != "done" and cols[4].button(t("mt_close"), key=f"mt_close_{row.id}"):
            _close(int(row.id), str(row.text), row.owner_code)


def _close(task_id: int, text: str, owner: str) -> None:
    principal = auth.current()
    if codes_outside(db.unrestricted(), principal.scope, [owner]):
        st.error(t("mt_outside", codes=owner))
        return
    ld.store().close_task(task_id, principal.name)
    auth.record("task_close", task=task_id, owner=owner)
    st.toast(t("mt_closed", text=text))
    st.rerun()


def _form(f, owners: dict[str, str], lang: str) -> None:  # noqa: ANN001
    codes = list(owners)
    with st.expander(t("mt_record")), st.form("mt_form", clear_on_submit=True):
        cols = st.columns(2)
        held = cols[0].date_input(t("mt_held_on"), value=f.as_of, key="mt_held")
        title = cols[1].text_input(t("mt_name"), value=t("mt_default_name", area=f.area_name), key="mt_name")
        st.caption(t("mt_tasks_help"))
        blank = pd.DataFrame(
            {
                "text": [""] * 3,
                "owner": [codes[0] if codes else ""] * 3,
                "due": [f.as_of + timedelta(days=30)] * 3,
            }
        )
        edited = st.data_editor(
            blank,
            num_rows="dynamic",
            key="mt_tasks",
            placeholder=MISSING,  # an added row's empty cells as every grid shows a missing value
            column_config={
                "text": st.column_config.TextColumn(t("mt_task_text"), width="large"),
                "owner": st.column_config.SelectboxColumn(
                    t("mt_task_owner"), options=codes, format_func=lambda c: owners.get(c, c), required=True
                ),
                "due": st.column_config.DateColumn(
                    t("mt_task_due"), format=grid_date_format(lang), required=True
                ),
            },
        )
        if st.form_submit_button(t("mt_save"), type="primary"):
            _save(f, held, title, edited, lang)


def _save(f, held: date, title: str, edited: pd.DataFrame, lang: str) -> None:  # noqa: ANN001
    rows = edited[edited["text"].fillna("").str.strip() != ""]
    if rows.empty:
        st.error(t("mt_need_tasks"))
        return
    principal = auth.current()
    tasks = [
        Task(str(r.text), str(r.owner), pd.Timestamp(r.due).date()) for r in rows.itertuples(index=False)
    ]
    outside = codes_outside(db.unrestricted(), principal.scope, [f.area_code, *(x.owner_code for x in tasks)])
    if outside:
        st.error(t("mt_outside", codes=fmt_list(sorted(outside), lang)))
        return
    try:
        meeting_id = ld.store().record_meeting(f.area_code, held, title, tasks, principal.name)
    except MeetingError as err:
        st.error(err.message(lang))
        return
    auth.record("meeting_add", meeting=meeting_id, area=f.area_code, tasks=len(tasks))
    st.success(t("mt_saved", n=len(tasks)))
