"""The warehouse: a directory of immutable DuckDB snapshots and a ``CURRENT`` pointer.

DuckDB allows one writing process per file, and a reader process cannot open a file another
process writes. So nobody ever writes a published snapshot: a load copies the current snapshot to a
temporary file, writes there, checkpoints, and then renames it into place and swaps ``CURRENT``
atomically. Readers (the dashboard) open the current snapshot read-only and notice a new one by
reading ``CURRENT``; a load killed at any moment leaves ``CURRENT`` pointing at intact data.
Writers are serialized by an exclusive lock on ``.lock`` (the ``filelock`` package: ``flock`` on POSIX,
``msvcrt.locking`` on Windows; threads and processes alike).

Layout::

    data/warehouse/CURRENT              name of the current snapshot, e.g. snap-000012.duckdb
    data/warehouse/snap-000012.duckdb   published snapshots (the last few are kept)
    data/warehouse/files/<sha256>.<ext> every loaded file, archived exactly as received
    data/warehouse/.lock                the writers' lock

Each snapshot records the schema version that wrote it; writers migrate their copy first and readers
refuse a snapshot of another version (``etl.migrations``). ``etl.backup`` copies and restores it all.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
from filelock import FileLock, Timeout

from etl.derived import refresh
from etl.messages import BusyError
from etl.migrations import check_readable
from etl.migrations import migrate as migrate_schema

DUCKDB_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
# A load holds its staging tables in memory; past this DuckDB spills to ``<snapshot>.tmp.tmp/`` in the
# warehouse folder (removed when the load ends, or by the next load after a kill), so a national
# file (tens of millions of rows) loads within 4 GB of memory.
WRITER_MEMORY_LIMIT = "3GB"
SNAPSHOT = re.compile(r"^snap-(\d{6,})\.duckdb$")
KEEP_SNAPSHOTS = 3


def connect(path: str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open a warehouse file: offline (no extension downloads) and quiet (no progress bar on stdout)."""
    con = duckdb.connect(path, read_only=read_only, config=DUCKDB_CONFIG)
    con.execute("SET enable_progress_bar = false")
    return con


class NoWarehouseError(FileNotFoundError):
    """The warehouse has no snapshot yet (run ``python -m etl demo`` or load files)."""


def _fsync_dir(path: Path) -> None:
    if os.name == "nt":  # Windows cannot open a directory; NTFS renames are journaled
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


class Warehouse:
    def __init__(self, root: Path | str):
        self.root = Path(root)

    # -- reading ---------------------------------------------------------------------------
    @property
    def pointer(self) -> Path:
        return self.root / "CURRENT"

    def current_name(self) -> str | None:
        try:
            name = self.pointer.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return name if SNAPSHOT.match(name) else None

    def exists(self) -> bool:
        name = self.current_name()
        return name is not None and (self.root / name).exists()

    def current_path(self) -> Path:
        name = self.current_name()
        if name is None or not (self.root / name).exists():
            raise NoWarehouseError(str(self.root))
        return self.root / name

    def version(self) -> str:
        """Changes whenever a load commits: use it as a cache key."""
        return self.current_name() or ""

    def connect_reader(self) -> duckdb.DuckDBPyConnection:
        """A read-only connection to the current snapshot (use a cursor per thread).

        Raises ``SchemaOutdatedError`` for a snapshot of an earlier release (``python -m etl migrate``)
        and ``SchemaTooNewError`` for one of a newer release.
        """
        path = self.current_path()
        con = connect(str(path), read_only=True)
        try:
            check_readable(con, str(self.root))
        except BaseException:
            con.close()
            raise
        return con

    # -- writing ---------------------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self, timeout_s: float = 60.0) -> Iterator[None]:
        """Hold the warehouse's exclusive lock; ``BusyError`` when another writer keeps it ``timeout_s``.

        Each call takes its own lock, so a second holder in the same process (another thread, or a
        nested call) waits like another process would.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        lock = FileLock(self.root / ".lock", timeout=timeout_s, poll_interval=0.05)
        try:
            lock.acquire()
        except Timeout:
            raise BusyError(str(self.root)) from None
        try:
            yield
        finally:
            lock.release()

    def _next_name(self) -> str:
        numbers = [int(m.group(1)) for p in self.root.iterdir() if (m := SNAPSHOT.match(p.name))]
        return f"snap-{max(numbers, default=0) + 1:06d}.duckdb"

    def new_snapshot_path(self) -> Path:
        """Where to write the next snapshot (``publish`` it when complete); hold ``lock()`` meanwhile."""
        return self.root / f"{self._next_name()}.tmp"

    def _discard_leftovers(self) -> None:
        """Temporary files of loads that died (we hold the lock, so none is in progress)."""
        for p in self.root.glob("*.tmp*"):
            if p.is_dir():  # DuckDB's spill directory of a killed load
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)

    @contextlib.contextmanager
    def writer(
        self, fresh: bool = False, timeout_s: float = 60.0, migrate: bool = True
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """Yield a read-write connection to a new snapshot; publish it when the block succeeds.

        ``fresh`` starts from an empty warehouse instead of a copy of the current snapshot. The copy
        is first brought to this code's schema (``etl.migrations``; ``migrate=False`` leaves that to
        the block). An exception in the block (or a kill) publishes nothing.
        """
        with self.lock(timeout_s):
            self._discard_leftovers()
            tmp = self.new_snapshot_path()
            try:
                if not fresh and self.exists():
                    shutil.copyfile(self.current_path(), tmp)
            except BaseException:  # e.g. a full disk: do not leave the partial copy taking the space
                tmp.unlink(missing_ok=True)
                raise
            con = connect(str(tmp))
            con.execute("SET memory_limit = ?", [WRITER_MEMORY_LIMIT])
            try:
                if migrate:
                    migrate_schema(con, str(self.root))
                yield con
                refresh(con)
                con.execute("CHECKPOINT")
            except BaseException:
                con.close()
                tmp.unlink(missing_ok=True)
                Path(f"{tmp}.wal").unlink(missing_ok=True)
                raise
            con.close()
            self.publish(tmp)

    def publish(self, tmp: Path) -> None:
        """Make the complete snapshot ``tmp`` (from ``new_snapshot_path``) current, atomically."""
        _fsync_file(tmp)
        name = tmp.name.removesuffix(".tmp")
        final = self.root / name
        os.replace(tmp, final)
        pointer_tmp = self.root / "CURRENT.tmp"
        pointer_tmp.write_text(name + "\n", encoding="utf-8")
        _fsync_file(pointer_tmp)
        os.replace(pointer_tmp, self.pointer)
        _fsync_dir(self.root)
        self._collect_garbage()

    def _collect_garbage(self) -> None:
        snaps = sorted(p for p in self.root.iterdir() if SNAPSHOT.match(p.name))
        for old in snaps[:-KEEP_SNAPSHOTS]:
            with contextlib.suppress(OSError):  # a reader may still hold it open elsewhere
                old.unlink()

    # -- archived files ----------------------------------------------------------------------
    def archive(self, data_path: Path, sha256: str, suffix: str) -> Path:
        folder = self.root / "files"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{sha256}{suffix}"
        if not target.exists():
            tmp = folder / f"{sha256}.tmp"
            shutil.copyfile(data_path, tmp)
            os.replace(tmp, target)
        return target

    def archived_file(self, sha256: str) -> Path | None:
        matches = sorted((self.root / "files").glob(f"{sha256}*"))
        return matches[0] if matches else None
