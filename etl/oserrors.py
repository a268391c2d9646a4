"""Operating-system failures during a load (disk full, read-only disk, permissions) as a message.

The warehouse's write path publishes nothing unless the whole load succeeds, so after such a
failure the data is intact; the person only needs to know what happened and what to free or fix.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import duckdb

from etl.messages import Problem

# DuckDB reports a full disk as an IOException with the OS text, not an errno
_DISK_FULL_TEXT = ("no space left on device", "disk full", "not enough space")
# a failed checkpoint write invalidates the database: FatalException (the snapshot is discarded)
IO_ERRORS: tuple[type[BaseException], ...] = (OSError, duckdb.IOException, duckdb.FatalException)


def is_disk_full(err: BaseException) -> bool:
    if isinstance(err, OSError) and err.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    return any(text in str(err).lower() for text in _DISK_FULL_TEXT)


def _mb(n_bytes: float) -> str:
    return f"{n_bytes / (1024 * 1024):.1f}"


def _database_size(root: Path) -> int:
    return max((p.stat().st_size for p in root.glob("snap-*.duckdb")), default=0)


def os_problem(err: BaseException, root: Path) -> Problem:
    """The message for ``err`` raised while loading into the warehouse at ``root``."""
    if is_disk_full(err):
        try:
            free = shutil.disk_usage(root).free
        except OSError:
            free = 0
        params = {"path": str(root), "free_mb": _mb(free), "db_mb": _mb(_database_size(root))}
        return Problem(str(root), "disk_full", params=params)
    if isinstance(err, OSError) and err.strerror:
        detail = err.strerror
    else:
        detail = (str(err).strip().splitlines() or [type(err).__name__])[0][:200]
    where = getattr(err, "filename", None) or root
    return Problem(str(where), "os_error", params={"path": str(root), "detail": detail})
