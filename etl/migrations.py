"""Bringing a warehouse written by an earlier release forward to this code's schema.

Every snapshot records its schema version in ``_meta`` (``etl.schema.SCHEMA_VERSION`` when written).
Every writer (load, undo, demo, ``python -m etl migrate``) calls ``migrate(con)`` on its private copy of
the snapshot before it writes, inside ``Warehouse.writer()``: a failing step publishes nothing and the
dashboard keeps reading the old snapshot. ``migrate``

1. refuses a warehouse of a *newer* version (``SchemaTooNewError``): this code cannot know its tables;
2. follows the registry: creates missing tables and adds every registry column missing from a live or
   ``_hist_`` table (empty; so adding a column to a dataset needs no migration step);
3. runs, in order, each step of ``MIGRATIONS`` newer than the stored version (new tables, backfills);
4. records the version (and a fingerprint of the registry's tables and columns, which lets readers
   skip the catalog check) and logs what it did in ``_migrations``. Other ``_meta`` keys are kept.

Readers open snapshots read-only and cannot migrate: ``check_readable`` raises
``SchemaOutdatedError`` (its message says to run ``python -m etl migrate``) or ``SchemaTooNewError``.

To change the schema beyond new registry columns: bump ``SCHEMA_VERSION`` in ``etl.schema`` and
append a ``Migration`` with that version here (a test checks that the last step's version is it).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import duckdb

from etl import schema
from etl.datasets import DATASETS
from etl.registry import Column
from etl.schema import DEMO_ORIGIN, ORIGIN_KEY
from etl.sqlutil import q

MIGRATE_COMMAND = "python -m etl migrate"


@dataclass(frozen=True)
class Migration:
    """One step: brings a warehouse of ``version - 1`` (after the registry columns were added) to ``version``."""

    version: int
    description: str
    apply: Callable[[duckdb.DuckDBPyConnection], None]


def _upgrade_log(con: duckdb.DuckDBPyConnection) -> None:
    """v2: the ``_migrations`` log, starting with a row for the warehouse's life before it."""
    con.execute(schema.MIGRATIONS_DDL)
    first = con.execute("SELECT min(loaded_at) FROM _batches").fetchone()[0]
    con.execute(
        "INSERT INTO _migrations VALUES (?, NULL, 1, 'built by a release without an upgrade log')",
        [first or datetime.now()],
    )


def _mark_demo(con: duckdb.DuckDBPyConnection) -> None:
    """v3: a warehouse that ``etl demo`` built before the origin was recorded (every batch loaded by
    ``demo``) is marked as the demo, so that it stays open without login (``etl.schema.ORIGIN_KEY``)."""
    total, by_demo = con.execute(
        "SELECT count(*), count(*) FILTER (loaded_by = 'demo') FROM _batches"
    ).fetchone()
    if total and total == by_demo:
        con.execute("INSERT OR REPLACE INTO _meta VALUES (?, ?)", [ORIGIN_KEY, DEMO_ORIGIN])


MIGRATIONS: tuple[Migration, ...] = (
    Migration(2, "upgrade log table _migrations", _upgrade_log),
    Migration(3, "mark a demo warehouse of an earlier release as the demo", _mark_demo),
)


class SchemaError(Exception):
    """A snapshot this code cannot read as it is (Chinese and English messages)."""

    def __init__(self, message_zh: str, message_en: str):
        self.message_zh, self.message_en = message_zh, message_en
        super().__init__(message_en)

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh


class SchemaOutdatedError(SchemaError):
    def __init__(self, where: str, version: int, changes: list[str]):
        shown = ", ".join(changes[:5]) + (f" … (+{len(changes) - 5})" if len(changes) > 5 else "")
        if version < schema.SCHEMA_VERSION:
            what_zh = f"版本 {version}，本程序为版本 {schema.SCHEMA_VERSION}"
            what_en = f"version {version}; this code writes version {schema.SCHEMA_VERSION}"
        else:  # same version, but tables or columns the registry added since (no version step needed)
            what_zh, what_en = (
                "缺少本程序新增的数据表或列",
                "tables or columns added by this code are missing",
            )
        super().__init__(
            f"仓库 {where} 的数据结构是旧版本（{what_zh}；需要：{shown}）。"
            f"请先备份（python -m etl backup 目标文件夹），再运行 {MIGRATE_COMMAND} 升级后重试",
            f"the warehouse {where} has an older schema ({what_en}; needs: {shown}). Back it up "
            f"(python -m etl backup DEST), then run {MIGRATE_COMMAND} and try again",
        )
        self.version, self.changes = version, changes


class SchemaTooNewError(SchemaError):
    def __init__(self, where: str, version: int):
        super().__init__(
            f"仓库 {where} 由更新版本的程序写入（数据结构版本 {version}，本程序只支持到版本 {schema.SCHEMA_VERSION}），"
            "未做任何更改。请升级本程序，或恢复用本版本做的备份（python -m etl restore）",
            f"the warehouse {where} was written by a newer release (schema version {version}; this code knows "
            f"versions up to {schema.SCHEMA_VERSION}); nothing was changed. Upgrade the code, or restore a "
            "backup made with this release (python -m etl restore)",
        )
        self.version = version


class MigrationFailedError(SchemaError):
    def __init__(self, where: str, step: Migration, version: int, error: Exception):
        super().__init__(
            f"升级仓库 {where} 时第 {step.version} 步（{step.description}）失败：{error}。未做任何更改，"
            f"仓库仍是数据结构版本 {version}；请把这条消息发给维护人员",
            f"upgrading the warehouse {where} failed at step {step.version} ({step.description}): {error}. "
            f"Nothing was changed; the warehouse stays at schema version {version}. Report this message",
        )


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
        "AND table_catalog = current_database()"
    ).fetchall()
    return {r[0] for r in rows}


def stored_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The schema version of the database: None when it has no tables, 0 when it records none."""
    tables = _tables(con)
    if not tables:
        return None
    if "_meta" not in tables:
        return 0
    row = con.execute("SELECT value FROM _meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def _registry_tables() -> list[tuple[str, tuple[Column, ...]]]:
    return [(name, ds.columns) for ds in DATASETS.values() for name in (ds.name, "_hist_" + ds.name)]


def missing_columns(con: duckdb.DuckDBPyConnection) -> list[tuple[str, Column]]:
    """Registry columns absent from an existing live or history table, as (table, column)."""
    present = set(
        con.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main' "
            "AND table_catalog = current_database()"
        ).fetchall()
    )
    tables = {t for t, _ in present}
    return [
        (table, c)
        for table, columns in _registry_tables()
        if table in tables
        for c in columns
        if (table, c.name) not in present
    ]


def pending(con: duckdb.DuckDBPyConnection) -> list[str]:
    """What ``migrate`` would change, in words (empty: the snapshot is current)."""
    version = stored_version(con) or 0
    tables = _tables(con)
    changes = [f"table {t}" for t, _ in _registry_tables() if t not in tables]
    changes += [f"column {t}.{c.name}" for t, c in missing_columns(con)]
    changes += [f"v{m.version}: {m.description}" for m in MIGRATIONS if m.version > version]
    if not changes and version < schema.SCHEMA_VERSION:
        changes.append(f"version {schema.SCHEMA_VERSION}")
    return changes


def registry_fingerprint() -> str:
    """Changes whenever a registry table or column is added, renamed or retyped."""
    shape = [[t, [[c.name, c.duckdb_type] for c in columns]] for t, columns in _registry_tables()]
    return hashlib.sha256(json.dumps(shape).encode()).hexdigest()[:16]


def _stamp(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("INSERT OR REPLACE INTO _meta VALUES ('registry_fingerprint', ?)", [registry_fingerprint()])


def _is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """The fast path of readers: the snapshot says it was written by this schema and registry."""
    try:
        meta = dict(
            con.execute(
                "SELECT key, value FROM _meta WHERE key IN ('schema_version', 'registry_fingerprint')"
            ).fetchall()
        )
    except duckdb.CatalogException:
        return False
    return meta == {
        "schema_version": str(schema.SCHEMA_VERSION),
        "registry_fingerprint": registry_fingerprint(),
    }


def check_readable(con: duckdb.DuckDBPyConnection, where: str) -> None:
    """Raise unless this code can read the snapshot as it is (readers cannot migrate)."""
    if _is_current(con):
        return
    version = stored_version(con)
    if version is None:
        return  # an empty database: nothing to read, nothing to misread
    if version > schema.SCHEMA_VERSION:
        raise SchemaTooNewError(where, version)
    changes = pending(con)
    if changes:
        raise SchemaOutdatedError(where, version, changes)


def _add_registry_columns(con: duckdb.DuckDBPyConnection) -> list[str]:
    tables = _tables(con)
    done = [f"table {t}" for t, _ in _registry_tables() if t not in tables]
    for ds in DATASETS.values():
        con.execute(schema.live_table_ddl(ds))
        con.execute(schema.hist_table_ddl(ds))
    for table, column in missing_columns(con):
        con.execute(f"ALTER TABLE {q(table)} ADD COLUMN {q(column.name)} {column.duckdb_type}")
        done.append(f"column {table}.{column.name}")
    return done


def migrate(con: duckdb.DuckDBPyConnection, where: str = "") -> list[str]:
    """Bring the database on ``con`` to this code's schema; returns what changed (empty: nothing).

    An empty database gets the current schema (and a "created" row in the log) and returns [].
    """
    version = stored_version(con)
    target = schema.SCHEMA_VERSION
    if version is None:
        schema.create_tables(con)
        _stamp(con)
        con.execute("INSERT INTO _migrations VALUES (?, NULL, ?, 'created')", [datetime.now(), target])
        return []
    if version > target:
        raise SchemaTooNewError(where, version)
    changes = _add_registry_columns(con)
    for step in MIGRATIONS:
        if version < step.version <= target:
            try:
                step.apply(con)
            except Exception as err:
                raise MigrationFailedError(where, step, version, err) from err
            changes.append(f"v{step.version}: {step.description}")
    schema.create_tables(con)  # any fixed table still missing; records the version
    _stamp(con)
    if changes or version < target:
        con.execute(
            "INSERT INTO _migrations VALUES (?, ?, ?, ?)",
            [datetime.now(), version, target, "; ".join(changes) or "version"],
        )
    return changes or ([f"version {target}"] if version < target else [])
