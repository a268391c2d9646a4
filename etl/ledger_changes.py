"""What changed since the last 推进会: items closed, new red lights, tasks done or overdue.

``changes_since`` compares the ledger on the meeting's date with the ledger on ``as_of`` (both from
``etl.ledger.ledger_items``) and reads the meeting's tasks (``etl.meetings``). Missing and late
reporters come from the submissions of the month (``govdash.history_data``), added by the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from etl.ledger import DONE, OVERDUE, ledger_items
from etl.ledger_pace import pace
from etl.meetings import MeetingStore, task_status


@dataclass
class Changes:
    meeting_id: int
    held_on: date
    title: str
    meeting_area: str
    closed: pd.DataFrame  # ledger items closed after the meeting (closed_on in (held_on, as_of])
    new_overdue: pd.DataFrame  # items overdue now that were not at the meeting
    fell_behind: pd.DataFrame  # pace rows (targets, streets) on pace at the meeting, behind now
    tasks: pd.DataFrame  # tasks of the meeting's area and below, with ``status``
    names: dict[str, str] = field(default_factory=dict)

    @property
    def tasks_done(self) -> pd.DataFrame:
        return self.tasks[self.tasks["status"] == DONE]

    @property
    def tasks_overdue(self) -> pd.DataFrame:
        return self.tasks[self.tasks["status"] == OVERDUE]


def last_meeting(store: MeetingStore, chain: list[str], as_of: date) -> pd.Series | None:
    """The latest meeting held on or before ``as_of`` by the area or an area above it (``chain``)."""
    meetings = store.meetings(chain)
    meetings = meetings[meetings["held_on"] <= as_of]
    return None if meetings.empty else meetings.iloc[0]


def changes_since(
    con, store: MeetingStore, root: str, chain: list[str], codes: list[str], as_of: date, lang: str
):  # noqa: ANN001
    """The changes for the deck of ``root`` on ``as_of`` (None without an earlier meeting).

    ``chain``: ``root`` and the areas above it; ``codes``: the areas at or below ``root`` the reader
    may see (tasks are listed for those owners only)."""
    meeting = last_meeting(store, chain, as_of)
    if meeting is None:
        return None
    held_on = meeting["held_on"]
    now = ledger_items(con, root, as_of, lang)
    then = ledger_items(con, root, held_on, lang)
    closed = now[
        (now["status"] == DONE) & now["closed_on"].map(lambda d: d is not None and held_on < d <= as_of)
    ]
    was_overdue = set(
        zip(
            then.loc[then["status"] == OVERDUE, "kind"],
            then.loc[then["status"] == OVERDUE, "item_key"],
            strict=True,
        )
    )
    overdue = now[now["status"] == OVERDUE]
    fresh = [(k, i) not in was_overdue for k, i in zip(overdue["kind"], overdue["item_key"], strict=True)]
    new_overdue = overdue[pd.Series(fresh, index=overdue.index, dtype=bool)]
    fell_behind = _fell_behind(
        pace(now, as_of, root=root), pace(then, held_on, root=root) if not then.empty else None
    )
    tasks = store.tasks(codes)
    tasks = tasks[tasks["meeting_id"] <= int(meeting["id"])].copy()
    tasks["status"] = [
        task_status(d, c, as_of) for d, c in zip(tasks["due_date"], tasks["closed_at"], strict=True)
    ]
    done_since = tasks["closed_at"].map(lambda c: c is not None and str(c)[:10] > held_on.isoformat())
    tasks = tasks[(tasks["status"] != DONE) | done_since]
    return Changes(
        int(meeting["id"]),
        held_on,
        str(meeting["title"]),
        str(meeting["area_code"]),
        closed,
        new_overdue,
        fell_behind,
        tasks.reset_index(drop=True),
    )


def _fell_behind(now: pd.DataFrame, then: pd.DataFrame | None) -> pd.DataFrame:
    behind = now[now["on_pace"].eq(False)]  # None: a target not split to the area, not judged
    if then is None or then.empty:
        return behind
    keys = ["target_area", "metric", "street_code"]
    was_on = then[then["on_pace"].eq(True)][keys]
    return behind.merge(was_on, on=keys)
