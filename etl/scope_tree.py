"""What ``etl.scope`` needs to know about a snapshot before it opens a scoped reader: its tables with
their columns, and the area tree as arrays (each area's parent), read once per snapshot file and kept
for the next scopes of the same snapshot (a published snapshot never changes; the cache key also
holds the file's identity and modification time).

With them a new scope costs no catalog query and no recursive walk of ``areas``: the subtree below
the scope's roots and the areas above them come from binary searches in the arrays (a street of the
whole country: ~1 ms instead of ~120 ms for the two recursive queries). Codes are compared as their
UTF-8 bytes, which is also how DuckDB orders text, so the arrays sorted by DuckDB can be searched
by numpy.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import duckdb
import numpy as np

_KEEP = 4  # snapshots kept (the current one, and the previous while sessions move over)
T = TypeVar("T")


@dataclass(frozen=True)
class Hierarchy:
    """A snapshot's area hierarchy: ``parents`` sorted, with ``children[i]`` a child of ``parents[i]``
    (areas without a parent left out), ``by_child`` the order that sorts ``children``."""

    parents: np.ndarray  # bytes (numpy "S"), sorted
    children: np.ndarray  # bytes, aligned with parents
    by_child: np.ndarray  # argsort of children

    def below(self, roots: Iterable[str]) -> list[str]:
        """The roots and every area below them (each once; safe on a cycle in the data)."""
        seen = {r.encode() for r in roots}
        frontier = _array(sorted(seen))
        while len(frontier):
            lo = np.searchsorted(self.parents, frontier, "left")
            hi = np.searchsorted(self.parents, frontier, "right")
            counts = hi - lo
            starts = np.repeat(lo - np.cumsum(counts) + counts, counts)
            kids = self.children[starts + np.arange(counts.sum())]
            new = [k for k in dict.fromkeys(kids.tolist()) if k not in seen]
            seen.update(new)
            frontier = _array(new)
        return sorted(c.decode() for c in seen)

    def above(self, roots: Iterable[str]) -> list[str]:
        """Every area above any of the roots (parents, their parents, ...; each once)."""
        found: set[bytes] = set()
        frontier = sorted({r.encode() for r in roots})
        while frontier and len(self.children):
            codes = _array(frontier)
            pos = np.searchsorted(self.children, codes, sorter=self.by_child)
            rows = self.by_child[np.minimum(pos, len(self.children) - 1)]
            hit = self.children[rows] == codes
            parents = [p for p in self.parents[rows[hit]].tolist() if p not in found]
            found.update(parents)
            frontier = sorted(set(parents))
        return sorted(c.decode() for c in found)


class _PerSnapshot:
    """Values read from a snapshot file, kept for its next scopes (the ``_KEEP`` latest files)."""

    def __init__(self) -> None:
        self._values: OrderedDict[tuple, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, snapshot: Path | str, read: Callable[[], T]) -> T:
        stat = Path(snapshot).stat()
        key = (str(Path(snapshot).resolve()), stat.st_ino, stat.st_size, stat.st_mtime_ns)
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]  # type: ignore[return-value]
        value = read()
        with self._lock:
            self._values[key] = value
            while len(self._values) > _KEEP:
                self._values.popitem(last=False)
        return value


_tables, _trees = _PerSnapshot(), _PerSnapshot()


def snapshot_tables(
    con: duckdb.DuckDBPyConnection, snapshot: Path | str, catalog: str
) -> dict[str, list[str]]:
    """The tables of ``snapshot`` (attached on ``con`` as ``catalog``) with their columns in order."""

    def read() -> dict[str, list[str]]:
        tables: dict[str, list[str]] = {}
        for name, column in con.execute(
            "SELECT c.table_name, c.column_name FROM duckdb_columns() c JOIN duckdb_tables() t "
            "USING (database_name, schema_name, table_name) "
            "WHERE c.database_name = ? AND c.schema_name = 'main' ORDER BY c.table_name, c.column_index",
            [catalog],
        ).fetchall():
            tables.setdefault(name, []).append(column)
        return tables

    return _tables.get(snapshot, read)


def hierarchy(con: duckdb.DuckDBPyConnection, snapshot: Path | str, catalog: str) -> Hierarchy:
    """The area hierarchy of ``snapshot`` (attached on ``con`` as ``catalog``, which has ``areas``)."""

    def read() -> Hierarchy:
        pairs = con.execute(
            f"SELECT parent_code, area_code FROM {catalog}.areas WHERE parent_code IS NOT NULL "
            "ORDER BY parent_code, area_code"
        ).fetchnumpy()
        children = _bytes(pairs["area_code"])
        return Hierarchy(_bytes(pairs["parent_code"]), children, np.argsort(children, kind="stable"))

    return _trees.get(snapshot, read)


def _array(codes: list[bytes]) -> np.ndarray:
    """Codes (UTF-8 bytes) as a numpy bytes array."""
    return np.array(codes, dtype="S") if codes else np.array([], dtype="S1")


def _bytes(codes: np.ndarray) -> np.ndarray:
    """Text codes as a numpy bytes array (UTF-8): directly when they are ASCII (division codes are
    digits), else one by one."""
    values = np.asarray(codes, dtype=object)
    try:
        return values.astype("S") if len(values) else np.array([], dtype="S1")
    except UnicodeEncodeError:
        return _array([c.encode() for c in values.tolist()])
