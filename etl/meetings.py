"""推进会 (review meetings) and their 交办事项 (tasks): what was decided, who owns it, by when.

Stored in ``<warehouse>/meetings.sqlite3``, outside the snapshots like the users and the audit log
(``etl.access``): a load or an undo publishes a new snapshot and never touches this file; ``backup``
copies every ``*.sqlite3`` of the warehouse; the schema only grows (``CREATE … IF NOT EXISTS``).

A meeting belongs to an area (the district or street that held it); a task to an owner area (a
street or a community) inside it. Who may record or close: ``etl.access`` permission ``meet``, for
areas inside the person's scope only (a street records and closes its own). Every change is written
to the audit log by the caller (``record_meeting`` / ``close_task`` return what to audit).
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from etl import sidecar

FILE_NAME = "meetings.sqlite3"
SCHEMA = """
CREATE TABLE IF NOT EXISTS meetings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    area_code TEXT NOT NULL,
    held_on TEXT NOT NULL,
    title TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tasks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    text TEXT NOT NULL,
    owner_code TEXT NOT NULL,
    due_date TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    closed_by TEXT,
    closed_at TEXT,
    closing_note TEXT
);
CREATE INDEX IF NOT EXISTS tasks_owner ON tasks(owner_code);
"""
TASK_COLUMNS = [
    "id",
    "meeting_id",
    "held_on",
    "meeting_area",
    "text",
    "owner_code",
    "due_date",
    "created_by",
    "created_at",
    "closed_by",
    "closed_at",
    "closing_note",
]


class MeetingError(ValueError):
    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh, self.en = zh, en

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class Task:
    text: str
    owner_code: str
    due_date: date


_now = sidecar.now


def task_status(due: date, closed_at: object, as_of: date) -> str:
    """done / overdue / open on ``as_of``."""
    if closed_at is not None and not (isinstance(closed_at, float) and pd.isna(closed_at)):
        return "done"
    return "overdue" if due < as_of else "open"


class MeetingStore:
    """The meetings and tasks of one warehouse directory."""

    def __init__(self, warehouse_root: Path | str):
        self.path = Path(warehouse_root) / FILE_NAME

    def _connect(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        return sidecar.connect(self.path, SCHEMA)

    def record_meeting(self, area_code: str, held_on: date, title: str, tasks: list[Task], by: str) -> int:
        """Store a meeting and its tasks in one transaction; returns the meeting id."""
        if not title.strip():
            raise MeetingError("会议名称不能为空", "the meeting title is empty")
        for n, task in enumerate(tasks, 1):
            if not task.text.strip():
                raise MeetingError(f"第 {n} 条交办事项没有内容", f"task {n} has no text")
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            cur = con.execute(
                "INSERT INTO meetings (area_code, held_on, title, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)",
                [area_code, held_on.isoformat(), title.strip(), by, _now()],
            )
            meeting_id = int(cur.lastrowid or 0)
            con.executemany(
                "INSERT INTO tasks (meeting_id, text, owner_code, due_date, created_by, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (meeting_id, t.text.strip(), t.owner_code, t.due_date.isoformat(), by, _now())
                    for t in tasks
                ],
            )
            con.execute("COMMIT")
        return meeting_id

    def close_task(self, task_id: int, by: str, note: str = "") -> None:
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            row = con.execute("SELECT closed_at FROM tasks WHERE id = ?", [task_id]).fetchone()
            if row is None:
                con.execute("ROLLBACK")
                raise MeetingError(f"没有交办事项 {task_id}", f"no task {task_id}")
            if row[0] is not None:
                con.execute("ROLLBACK")
                raise MeetingError(f"交办事项 {task_id} 已办结", f"task {task_id} is closed already")
            con.execute(
                "UPDATE tasks SET closed_by = ?, closed_at = ?, closing_note = ? WHERE id = ?",
                [by, _now(), note.strip() or None, task_id],
            )
            con.execute("COMMIT")

    def task(self, task_id: int) -> pd.Series | None:
        found = self.tasks(None)
        found = found[found["id"] == task_id]
        return None if found.empty else found.iloc[0]

    def meetings(self, codes: list[str] | None) -> pd.DataFrame:
        """Meetings of these areas (None: all), newest first."""
        columns = ["id", "area_code", "held_on", "title", "recorded_by", "recorded_at"]
        if not self.path.exists():
            return pd.DataFrame(columns=columns)
        with self._connect() as con:
            rows = con.execute(
                f"SELECT {', '.join(columns)} FROM meetings ORDER BY held_on DESC, id DESC"
            ).fetchall()
        frame = pd.DataFrame(rows, columns=columns)
        frame["held_on"] = [date.fromisoformat(d) for d in frame["held_on"]]
        return frame if codes is None else frame[frame["area_code"].isin(codes)].reset_index(drop=True)

    def tasks(self, codes: list[str] | None) -> pd.DataFrame:
        """Tasks owned by these areas (None: all), with their meeting's date and area."""
        if not self.path.exists():
            return pd.DataFrame(columns=TASK_COLUMNS)
        with self._connect() as con:
            rows = con.execute(
                "SELECT t.id, t.meeting_id, m.held_on, m.area_code, t.text, t.owner_code, t.due_date, "
                "t.created_by, t.created_at, t.closed_by, t.closed_at, t.closing_note "
                "FROM tasks t JOIN meetings m ON m.id = t.meeting_id ORDER BY t.due_date, t.id"
            ).fetchall()
        frame = pd.DataFrame(rows, columns=TASK_COLUMNS)
        for col in ("held_on", "due_date"):
            frame[col] = [date.fromisoformat(d) for d in frame[col]]
        return frame if codes is None else frame[frame["owner_code"].isin(codes)].reset_index(drop=True)


def stamp(warehouse_root: Path | str) -> str:
    """Changes whenever a meeting is recorded or a task closed (a cache key for the reports)."""
    store = MeetingStore(warehouse_root)
    if not store.path.exists():
        return ""
    with store._connect() as con:
        row = con.execute(
            "SELECT (SELECT count(*) FROM meetings), (SELECT max(id) FROM meetings), "
            "(SELECT count(*) FROM tasks), (SELECT count(closed_at) FROM tasks)"
        ).fetchone()
    return ":".join(str(v) for v in row)
