"""The SQLite files kept beside the snapshots (users and audit, meetings): one way to open them.

WAL mode (many readers, one writer at a time, across processes), a 30 s busy timeout, foreign keys on,
autocommit (callers open their own ``BEGIN IMMEDIATE`` transactions), and the file's schema created
if missing. Loads, undo and ``migrate`` never touch these files; ``backup`` copies them.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path


@contextlib.contextmanager
def connect(path: Path, schema: str) -> Iterator[sqlite3.Connection]:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA foreign_keys=ON")
        con.executescript(schema)
        yield con
    finally:
        con.close()


def now() -> str:
    """The local time stored in these files, to the second."""
    return datetime.now().isoformat(timespec="seconds")
