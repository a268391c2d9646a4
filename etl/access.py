"""Who may see and change what: users, their role and area scope, and the append-only audit log.

Stored in ``<warehouse>/access.sqlite3``, outside the snapshots: granting a user must not publish a new
snapshot, and the CLI and every dashboard process write to it at the same time (SQLite's WAL mode
and a busy timeout make that safe). The audit table refuses UPDATE and DELETE by triggers; nothing in
the product removes audit rows, so they are kept as long as the warehouse (at least 180 days).

Roles (each includes the one before):

- ``viewer``: dashboards, reports and exports, for the areas in scope;
- ``analyst``: also upload and undo, for rows inside the scope only, and record 推进会 decisions
  (``meet``, ``etl.meetings``) for areas inside the scope;
- ``admin``: everything, plus users and the audit log.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from etl import sidecar

if TYPE_CHECKING:
    import pandas as pd

ROLES = ("viewer", "analyst", "admin")
# What each role may do; pages and actions name one of these (one table, read everywhere).
PERMISSIONS: dict[str, frozenset[str]] = {
    "viewer": frozenset({"view", "export"}),
    "analyst": frozenset({"view", "export", "upload", "undo", "meet"}),
    "admin": frozenset({"view", "export", "upload", "undo", "meet", "audit", "users"}),
}
ROLE_LABELS = {"viewer": ("查看者", "Viewer"), "analyst": ("分析员", "Analyst"), "admin": ("管理员", "Admin")}
# Audit actions and their labels (the audit page and CLI show these).
ACTIONS = {
    "login": ("登录", "Login"),
    "logout": ("退出", "Logout"),
    "denied": ("拒绝访问", "Access denied"),
    "view": ("查看页面", "Page view"),
    "export": ("导出/下载", "Export/download"),
    "upload": ("上传检查", "Upload check"),
    "load": ("导入", "Load"),
    "undo": ("撤销", "Undo"),
    "user_add": ("新增用户", "User added"),
    "user_set": ("修改用户", "User changed"),
    "user_remove": ("删除用户", "User removed"),
    "meeting_add": ("记录推进会", "Meeting recorded"),
    "task_add": ("新增交办事项", "Task assigned"),
    "task_close": ("办结交办事项", "Task closed"),
}
FILE_NAME = "access.sqlite3"

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS user_areas (
    name TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
    area_code TEXT NOT NULL,
    PRIMARY KEY (name, area_code)
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    role TEXT,
    client TEXT,
    action TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_at ON audit(at);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""


class AccessError(ValueError):
    """A user command that cannot be carried out (message in Chinese and English)."""

    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh, self.en = zh, en

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class User:
    name: str
    role: str
    areas: tuple[str, ...]  # roots of the scope; () means every area (admins only)

    def may(self, permission: str) -> bool:
        return permission in PERMISSIONS.get(self.role, frozenset())


_now = sidecar.now


class AccessStore:
    """The users and audit log of one warehouse directory."""

    def __init__(self, warehouse_root: Path | str):
        self.path = Path(warehouse_root) / FILE_NAME

    def _connect(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        return sidecar.connect(self.path, SCHEMA)

    # -- users ---------------------------------------------------------------------------------
    def get(self, name: str) -> User | None:
        if not self.path.exists():
            return None
        with self._connect() as con:
            row = con.execute("SELECT role FROM users WHERE name = ?", [name]).fetchone()
            if row is None:
                return None
            areas = [
                r[0]
                for r in con.execute(
                    "SELECT area_code FROM user_areas WHERE name = ? ORDER BY area_code", [name]
                )
            ]
        return User(name, row[0], tuple(areas))

    def users(self) -> list[User]:
        if not self.path.exists():
            return []
        with self._connect() as con:
            names = [r[0] for r in con.execute("SELECT name FROM users ORDER BY name")]
        return [u for n in names if (u := self.get(n)) is not None]

    def add(self, name: str, role: str, areas: list[str], by: str) -> User:
        _check(name, role, areas)
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            if con.execute("SELECT 1 FROM users WHERE name = ?", [name]).fetchone():
                con.execute("ROLLBACK")
                raise AccessError(
                    f"用户“{name}”已存在（修改请用 users set）",
                    f"user {name!r} exists already (use users set to change it)",
                )
            now = _now()
            con.execute("INSERT INTO users VALUES (?, ?, ?, ?)", [name, role, now, now])
            con.executemany("INSERT INTO user_areas VALUES (?, ?)", [(name, a) for a in sorted(set(areas))])
            _append(
                con, by, None, None, "user_add", {"name": name, "role": role, "areas": sorted(set(areas))}
            )
            con.execute("COMMIT")
        return User(name, role, tuple(sorted(set(areas))))

    def set(self, name: str, by: str, role: str | None = None, areas: list[str] | None = None) -> User:
        current = self.get(name)
        if current is None:
            raise AccessError(f"没有用户“{name}”", f"no user {name!r}")
        new_role = role or current.role
        new_areas = sorted(set(areas)) if areas is not None else list(current.areas)
        _check(name, new_role, new_areas)
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            con.execute("UPDATE users SET role = ?, updated_at = ? WHERE name = ?", [new_role, _now(), name])
            if areas is not None:
                con.execute("DELETE FROM user_areas WHERE name = ?", [name])
                con.executemany("INSERT INTO user_areas VALUES (?, ?)", [(name, a) for a in new_areas])
            _append(con, by, None, None, "user_set", {"name": name, "role": new_role, "areas": new_areas})
            con.execute("COMMIT")
        return User(name, new_role, tuple(new_areas))

    def remove(self, name: str, by: str) -> None:
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            if con.execute("DELETE FROM users WHERE name = ?", [name]).rowcount == 0:
                con.execute("ROLLBACK")
                raise AccessError(f"没有用户“{name}”", f"no user {name!r}")
            _append(con, by, None, None, "user_remove", {"name": name})
            con.execute("COMMIT")

    # -- audit ---------------------------------------------------------------------------------
    def record(
        self, action: str, user: str, role: str | None = None, client: str | None = None, **detail: object
    ) -> None:
        """Append one audit row (never raises for a busy database: waits up to 30 s)."""
        if action not in ACTIONS:
            raise ValueError(f"unknown audit action {action!r}")
        with self._connect() as con:
            _append(con, user, role, client, action, detail)

    def audit(
        self,
        since: date | None = None,
        user: str | None = None,
        action: str | None = None,
        limit: int | None = None,
    ) -> pd.DataFrame:
        """Audit rows, newest first: id, at, user, role, client, action, detail (JSON text)."""
        import pandas as pd  # not at import time: the CLI's parser imports this module

        columns = ["id", "at", "user", "role", "client", "action", "detail"]
        if not self.path.exists():
            return pd.DataFrame(columns=columns)
        where, params = [], []
        if since is not None:
            where.append("at >= ?")
            params.append(since.isoformat())
        if user:
            where.append("user = ?")
            params.append(user)
        if action:
            where.append("action = ?")
            params.append(action)
        sql = f"SELECT {', '.join(columns)} FROM audit"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id DESC"
        if limit:
            sql += " LIMIT ?"
            params.append(int(limit))
        with self._connect() as con:
            rows = con.execute(sql, params).fetchall()
        return pd.DataFrame(rows, columns=columns)


def _append(
    con: sqlite3.Connection, user: str, role: str | None, client: str | None, action: str, detail: dict
) -> None:
    con.execute(
        "INSERT INTO audit (at, user, role, client, action, detail) VALUES (?, ?, ?, ?, ?, ?)",
        [
            _now(),
            user,
            role,
            client,
            action,
            json.dumps(detail, ensure_ascii=False, default=str, sort_keys=True),
        ],
    )


def _check(name: str, role: str, areas: list[str]) -> None:
    if not name.strip():
        raise AccessError("用户名不能为空", "the user name is empty")
    if role not in ROLES:
        raise AccessError(
            f"未知角色“{role}”（可选：{' / '.join(ROLES)}）",
            f"unknown role {role!r} (one of {', '.join(ROLES)})",
        )
    if role != "admin" and not areas:
        raise AccessError(
            "查看者和分析员必须用 --area 指定至少一个区划（区、街道或社区代码）",
            "viewers and analysts need at least one --area (a district, street or community code)",
        )
