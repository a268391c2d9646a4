"""Loading files into the warehouse as batches: validate all, then apply all in one new snapshot.

A batch replaces the warehouse rows in the scopes its file covers (e.g. the community-months of a
monthly file): rows with the same key and the same values stay untouched, changed and removed rows
move to the history table, new and changed rows are inserted. Nothing is published unless every
file is valid.
"""

from __future__ import annotations

import getpass
import hashlib
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb

from etl import checks, reading_excel
from etl.headers import detect_dataset
from etl.messages import EtlError, Problem
from etl.oserrors import IO_ERRORS, os_problem
from etl.preview import change_counts, needs_confirmation, removal_problem
from etl.reading import peek_headers, sniff_format
from etl.registry import Dataset
from etl.schema import create_tables
from etl.scope import EVERYTHING, Scope
from etl.scope_checks import outside_rows
from etl.sqlutil import cols, q
from etl.staging import Staged, drop_stage, stage_file
from etl.warehouse import WRITER_MEMORY_LIMIT, Warehouse

Progress = Callable[[float, str], None]


@dataclass
class FileResult:
    file_name: str
    dataset: str | None = None
    rows_in_file: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    batch_id: int | None = None
    identical_to: int | None = None  # batch id of an identical file loaded before
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    encoding: str | None = None
    sheet: str | None = None
    columns: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class LoadReport:
    files: list[FileResult]
    committed: bool
    version: str | None = None

    @property
    def ok(self) -> bool:
        return all(not f.problems for f in self.files)

    @property
    def problems(self) -> list[Problem]:
        return [p for f in self.files for p in f.problems]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def default_user() -> str:
    return os.environ.get("GOVDASH_USER") or getpass.getuser()


def identical_batch(con: duckdb.DuckDBPyConnection, sha: str) -> int | None:
    row = con.execute(
        "SELECT max(batch_id) FROM _batches WHERE file_sha256 = ? AND status = 'committed'", [sha]
    ).fetchall()
    return row[0][0] if row and row[0][0] is not None else None


def _scope_join(dataset: Dataset, left: str, right: str) -> str:
    return " AND ".join(f"{left}.{q(c)} = {right}.{q(c)}" for c in dataset.scope)


def _key_join(dataset: Dataset, left: str, right: str) -> str:
    return " AND ".join(f"{left}.{q(c)} = {right}.{q(c)}" for c in dataset.key)


def _same_values(dataset: Dataset, left: str, right: str) -> str:
    return " AND ".join(f"{left}.{q(c)} IS NOT DISTINCT FROM {right}.{q(c)}" for c in dataset.column_names)


def _scopes_are_new(con: duckdb.DuckDBPyConnection, staged: Staged) -> bool:
    """True when no live row lies in a scope of the file (then the diff is a plain insert).

    Answered from the period column when it is part of the scope (a few distinct months), else
    only when the live table is empty.
    """
    ds, live = staged.dataset, q(staged.dataset.name)
    if not con.execute(f"SELECT count(*) FROM (SELECT 1 FROM {live} LIMIT 1)").fetchone()[0]:
        return True
    period = ds.period_column
    if period not in ds.scope:
        return False
    return not con.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM {live} WHERE {q(period)} IN "
        f"(SELECT DISTINCT {q(period)} FROM {staged.table}) LIMIT 1)"
    ).fetchone()[0]


def apply_batch(con: duckdb.DuckDBPyConnection, staged: Staged, batch_id: int) -> dict[str, int]:
    """Diff the staged rows against the live table and apply; returns the change counts."""
    ds, live, hist, stage = (
        staged.dataset,
        q(staged.dataset.name),
        q("_hist_" + staged.dataset.name),
        staged.table,
    )
    names = cols(ds.column_names)
    insert = f"INSERT INTO {live} ({names}, _batch_id) SELECT {cols(ds.column_names, 's.')}, ? FROM {stage} s"
    if _scopes_are_new(con, staged):
        inserted = con.execute(insert, [batch_id]).fetchone()[0]
        return {"added": inserted, "changed": 0, "removed": 0, "unchanged": 0}
    # every live row in the file's scopes: its rowid, and the staged row with its key (and whether
    # all values are the same); keys are unique in a valid file, so the join adds no rows
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _old AS SELECT l.rowid AS _rid, s.rowid AS _srow, "
        f"s.rowid IS NOT NULL AND {_same_values(ds, 's', 'l')} AS _same FROM {live} l "
        f"LEFT JOIN {stage} s ON {_key_join(ds, 's', 'l')} "
        f"WHERE EXISTS (SELECT 1 FROM {stage} x WHERE {_scope_join(ds, 'x', 'l')})"
    )
    unchanged, changed, displaced = con.execute(
        "SELECT count(*) FILTER (WHERE _same), count(*) FILTER (WHERE NOT _same AND _srow IS NOT NULL), "
        "count(*) FILTER (WHERE NOT _same) FROM _old"
    ).fetchone()
    con.execute(
        f"INSERT INTO {hist} ({names}, _batch_id, _removed_by) SELECT {names}, _batch_id, ? FROM {live} "
        "WHERE rowid IN (SELECT _rid FROM _old WHERE NOT _same)",
        [batch_id],
    )
    con.execute(f"DELETE FROM {live} WHERE rowid IN (SELECT _rid FROM _old WHERE NOT _same)")
    inserted = con.execute(
        insert + " WHERE s.rowid NOT IN (SELECT _srow FROM _old WHERE _same)", [batch_id]
    ).fetchone()[0]
    con.execute("DROP TABLE _old")
    return {
        "added": inserted - changed,
        "changed": changed,
        "removed": displaced - changed,
        "unchanged": unchanged,
    }


def record_batch(
    con: duckdb.DuckDBPyConnection,
    batch_id: int,
    staged: Staged,
    sha: str,
    size: int,
    user: str,
    counts: dict[str, int],
    now: datetime,
) -> None:
    con.execute(
        "INSERT INTO _batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'committed', NULL, NULL, NULL)",
        [
            batch_id,
            now,
            user,
            staged.raw.file_name,
            sha,
            size,
            staged.dataset.name,
            staged.raw.encoding,
            staged.raw.sheet,
            staged.rows,
            counts["added"],
            counts["changed"],
            counts["removed"],
            counts["unchanged"],
        ],
    )


def next_batch_id(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT coalesce(max(batch_id), 0) + 1 FROM _batches").fetchone()[0]


@dataclass
class Source:
    """A file to load: where its bytes are and the name to report (never used as a path)."""

    path: Path
    name: str
    dataset: str | None = None
    overrides: dict[str, str] | None = None


def _order(sources: list[Source]) -> list[Source]:
    """Areas first, so that files in the same run may refer to the areas they add."""

    def is_areas(src: Source) -> bool:
        if src.dataset:
            return src.dataset == "areas"
        detected = detect_dataset(peek_headers(src.path))
        return detected is not None and detected.name == "areas"

    return sorted(sources, key=lambda s: 0 if is_areas(s) else 1)


def _stage_one(
    con: duckdb.DuckDBPyConnection, src: Source, today: date, scope: Scope = EVERYTHING
) -> tuple[FileResult, Staged | None]:
    result = FileResult(src.name)
    try:
        staged = stage_file(con, src.path, src.name, src.dataset, src.overrides, today, scope)
    except EtlError as err:
        result.problems = err.problems
        return result, None
    staged.problems.extend(outside_rows(con, staged, scope))
    result.dataset = staged.dataset.name
    result.rows_in_file = staged.rows
    result.problems, result.warnings = staged.problems, staged.warnings
    result.encoding, result.sheet, result.columns = staged.raw.encoding, staged.raw.sheet, staged.column_map()
    return result, staged


def run_files(
    con: duckdb.DuckDBPyConnection,
    sources: list[Source],
    user: str,
    apply: bool,
    today: date | None = None,
    progress: Progress | None = None,
    archive: Callable[[Path, str, str], object] | None = None,
    scope: Scope = EVERYTHING,
    allow_removal: bool = True,
) -> list[FileResult]:
    """Stage every file on ``con`` (and apply the valid ones when ``apply``); a file with a row outside
    ``scope`` (the loading user's areas) is refused whole.

    ``allow_removal`` False: a file whose load removes more than ``max_removal_share`` of the rows in
    its scopes gets a ``removal_confirm`` problem (a warning when not applying).
    """
    today = today or date.today()
    results = []
    for i, src in enumerate(_order(sources)):
        if progress:
            progress(i / max(len(sources), 1), src.name)
        with ThreadPoolExecutor(max_workers=1) as pool:  # hashing releases the GIL: overlap it with staging
            digest = pool.submit(sha256_of, src.path)
            result, staged = _stage_one(con, src, today, scope)
            sha = digest.result()
        results.append(result)
        if staged is None:
            continue
        if staged.ok:
            checks.remember_areas(con, staged)
        if staged.ok and apply:
            batch_id = next_batch_id(con)
            counts = apply_batch(con, staged, batch_id)
            if sum(counts[k] for k in ("added", "changed", "removed")):
                record_batch(
                    con, batch_id, staged, sha, src.path.stat().st_size, user, counts, datetime.now()
                )
                result.batch_id = batch_id
                if archive:
                    archive(src.path, sha, Path(src.name).suffix.lower()[:8])
            else:
                # Checked only after the diff: rows of an identical earlier file may have been replaced
                # since, and then loading it again must restore them.
                result.identical_to = identical_batch(con, sha)
            result.added, result.changed = counts["added"], counts["changed"]
            result.removed, result.unchanged = counts["removed"], counts["unchanged"]
            _confirm_removal(result, staged, counts, allow_removal, warning=False)
        elif staged.ok:
            counts = change_counts(con, staged)
            result.added, result.changed = counts["added"], counts["changed"]
            result.removed, result.unchanged = counts["removed"], counts["unchanged"]
            _confirm_removal(result, staged, counts, allow_removal, warning=True)
        drop_stage(con, staged)
    if progress:
        progress(1.0, "")
    return results


def _confirm_removal(
    result: FileResult, staged: Staged, counts: dict[str, int], allow_removal: bool, warning: bool
) -> None:
    if allow_removal or not needs_confirmation(counts["removed"], counts["changed"], counts["unchanged"]):
        return
    problem = removal_problem(staged, counts, warning=warning)
    (result.warnings if warning else result.problems).append(problem)


def refused_before_parsing(sources: list[Source]) -> bool:
    """Whether a file is refused by the checks that need no warehouse (type, archive limits, Excel
    parse); Excel files are parsed here and kept for the load (inside ``reading_excel.parsed_excel``)."""
    refused = False
    for src in sources:
        try:
            with open(src.path, "rb") as fh:
                fmt = sniff_format(fh.read(1 << 16), src.name)
            if fmt in ("xlsx", "xls"):
                reading_excel.parse(src.path, src.name, fmt)
        except EtlError:
            refused = True
    return refused


class _Rollback(Exception):
    pass


def load(
    warehouse: Warehouse,
    sources: list[Source],
    user: str | None = None,
    today: date | None = None,
    progress: Progress | None = None,
    fresh: bool = False,
    scope: Scope = EVERYTHING,
    meta: dict[str, str] | None = None,
    allow_removal: bool = False,
) -> LoadReport:
    """Validate all files and, when all are valid, load them as batches in one new snapshot
    (``meta``: keys to set in the warehouse's ``_meta`` table with them; ``scope``: the loading
    user's areas, see ``run_files``).

    Untrusted files are parsed before the warehouse lock is taken: Excel files are checked against
    the archive limits and parsed first (kept for the load); a file refused there is reported with
    every problem of the other files (``validate``, without the lock). ``allow_removal``: see
    ``run_files``.
    """
    with reading_excel.parsed_excel():
        if refused_before_parsing(sources):
            return validate(warehouse, sources, today=today, scope=scope, allow_removal=allow_removal)
        return _load(warehouse, sources, user, today, progress, fresh, scope, meta, allow_removal)


def _load(
    warehouse: Warehouse,
    sources: list[Source],
    user: str | None,
    today: date | None,
    progress: Progress | None,
    fresh: bool,
    scope: Scope,
    meta: dict[str, str] | None,
    allow_removal: bool,
) -> LoadReport:
    user = user or default_user()
    results: list[FileResult] = []
    pending: list[tuple[Path, str, str]] = []  # files to archive, once the whole load is valid
    archived: list[Path] = []
    try:
        with warehouse.writer(fresh=fresh) as con:
            results = run_files(
                con,
                sources,
                user,
                apply=True,
                today=today,
                progress=progress,
                archive=lambda *args: pending.append(args),
                scope=scope,
                allow_removal=allow_removal,
            )
            if any(r.problems for r in results):
                raise _Rollback
            if not any(r.batch_id for r in results) and not fresh:
                raise _Rollback  # nothing changed: keep the current snapshot
            for key, value in (meta or {}).items():
                con.execute("INSERT OR REPLACE INTO _meta VALUES (?, ?)", [key, value])
            archived = _archive(warehouse, pending)  # before publishing: a batch always has its file
    except _Rollback:
        return LoadReport(results, committed=False, version=warehouse.version())
    except IO_ERRORS as err:  # disk full, read-only disk, permissions: nothing was published
        _unarchive(archived)
        return _failed(results, sources, os_problem(err, warehouse.root), warehouse)
    except BaseException:
        _unarchive(archived)
        raise
    return LoadReport(results, committed=True, version=warehouse.version())


def _archive(warehouse: Warehouse, pending: list[tuple[Path, str, str]]) -> list[Path]:
    """Archive the files of a load; returns the ones this load added (removed again if it fails)."""
    added: list[Path] = []
    try:
        for data_path, sha, suffix in pending:
            if warehouse.archived_file(sha) is None:
                added.append(warehouse.archive(data_path, sha, suffix))
    except BaseException:
        _unarchive(added)
        raise
    return added


def _unarchive(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def _failed(
    results: list[FileResult], sources: list[Source], problem: Problem, warehouse: Warehouse
) -> LoadReport:
    """A load that an OS error stopped: every file reported as not loaded, with the one message."""
    results = results or [FileResult(src.name) for src in sources]
    for result in results:
        result.batch_id = None
    results[0].problems = [*results[0].problems, problem]
    return LoadReport(results, committed=False, version=warehouse.version())


def validate(
    warehouse: Warehouse,
    sources: list[Source],
    today: date | None = None,
    scope: Scope = EVERYTHING,
    allow_removal: bool = False,
) -> LoadReport:
    """The same checks as ``load`` against the current warehouse; nothing is written.

    Each valid file's result says how many rows loading it would add, change and remove.
    """
    con = warehouse.connect_reader() if warehouse.exists() else duckdb.connect()
    con.execute("SET memory_limit = ?", [WRITER_MEMORY_LIMIT])  # the same bound as a load's
    cur = con.cursor()
    try:
        if not warehouse.exists():
            create_tables(con)
        results = run_files(
            cur,
            sources,
            default_user(),
            apply=False,
            today=today,
            scope=scope,
            allow_removal=allow_removal,
        )
    finally:  # the cursor first: one left to the interpreter's exit can abort the process
        cur.close()
        con.close()
    return LoadReport(results, committed=False, version=warehouse.version())
