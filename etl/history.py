"""Batch history and exact undo.

Undo of batch B removes the rows B wrote and puts back the rows B displaced (kept in the dataset's
history table), so the dataset returns exactly to its state before B. When a later batch replaced
rows that B wrote, undoing B alone would resurrect stale rows: it is refused, or, with ``cascade``,
the later batches are undone first (newest first).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from etl.datasets import DATASETS
from etl.scope import EVERYTHING, Scope
from etl.sqlutil import cols, q
from etl.warehouse import Warehouse


class UndoError(ValueError):
    def __init__(self, message_zh: str, message_en: str, dependents: list[int] | None = None):
        self.message_zh, self.message_en = message_zh, message_en
        self.dependents = dependents or []
        super().__init__(message_en)

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh


@dataclass
class UndoResult:
    undone: list[int]
    restored_rows: int
    removed_rows: int


def batches(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per batch, newest first."""
    with con.cursor() as cur:
        return cur.execute(
            "SELECT batch_id, loaded_at, loaded_by, file_name, file_sha256, file_bytes, dataset, encoding, "
            "sheet, rows_in_file, rows_added, rows_changed, rows_removed, rows_unchanged, status, "
            "undone_at, undone_by FROM _batches ORDER BY batch_id DESC"
        ).df()


def _batch(con: duckdb.DuckDBPyConnection, batch_id: int) -> tuple[str, str] | None:
    return con.execute("SELECT dataset, status FROM _batches WHERE batch_id = ?", [batch_id]).fetchone()


def dependents(con: duckdb.DuckDBPyConnection, batch_id: int) -> list[int]:
    """Committed later batches that replaced rows written by ``batch_id`` (direct ones)."""
    row = _batch(con, batch_id)
    if row is None:
        return []
    hist = q("_hist_" + row[0])
    found = con.execute(
        f"SELECT DISTINCT h._removed_by FROM {hist} h JOIN _batches b ON b.batch_id = h._removed_by "
        "WHERE h._batch_id = ? AND b.status = 'committed' ORDER BY 1",
        [batch_id],
    ).fetchall()
    direct = {r[0] for r in found}
    if row[0] == "areas":
        direct |= _batches_using_new_areas(con, batch_id)
    return sorted(direct)


def _batches_using_new_areas(con: duckdb.DuckDBPyConnection, batch_id: int) -> set[int]:
    """Committed batches of other datasets whose rows refer to areas that ``batch_id`` added."""
    new_codes = (
        "SELECT area_code FROM areas WHERE _batch_id = ? AND area_code NOT IN "
        "(SELECT area_code FROM _hist_areas WHERE _removed_by = ?)"
    )
    found: set[int] = set()
    for ds in DATASETS.values():
        if not ds.area_column:
            continue
        rows = con.execute(
            f"SELECT DISTINCT t._batch_id FROM {q(ds.name)} t JOIN _batches b ON b.batch_id = t._batch_id "
            f"WHERE b.status = 'committed' AND t.{q(ds.area_column)} IN ({new_codes})",
            [batch_id, batch_id],
        ).fetchall()
        found |= {r[0] for r in rows}
    return found


def _undo_one(con: duckdb.DuckDBPyConnection, batch_id: int, user: str) -> tuple[int, int]:
    dataset_name, _ = _batch(con, batch_id)
    ds = DATASETS[dataset_name]
    live, hist, names = q(ds.name), q("_hist_" + ds.name), cols(ds.column_names)
    removed = con.execute(f"DELETE FROM {live} WHERE _batch_id = ?", [batch_id]).fetchone()[0]
    restored = con.execute(
        f"INSERT INTO {live} ({names}, _batch_id) SELECT {names}, _batch_id FROM {hist} WHERE _removed_by = ?",
        [batch_id],
    ).fetchone()[0]
    con.execute(f"DELETE FROM {hist} WHERE _removed_by = ?", [batch_id])
    con.execute(
        "UPDATE _batches SET status = 'undone', undone_at = ?, undone_by = ? WHERE batch_id = ?",
        [datetime.now(), user, batch_id],
    )
    return restored, removed


def _plan(con: duckdb.DuckDBPyConnection, batch_id: int, cascade: bool) -> list[int]:
    row = _batch(con, batch_id)
    if row is None:
        raise UndoError(f"批次 {batch_id} 不存在", f"batch {batch_id} does not exist")
    if row[1] != "committed":
        raise UndoError(f"批次 {batch_id} 已经撤销过", f"batch {batch_id} is already undone")
    later = dependents(con, batch_id)
    if later and not cascade:
        ids = "、".join(str(b) for b in later)
        raise UndoError(
            f"后续批次 {ids} 修改或引用了批次 {batch_id} 的数据，单独撤销会使数据不一致。"
            f"请先撤销批次 {ids}，或使用 --cascade 一并撤销",
            f"later batch(es) {', '.join(map(str, later))} changed or refer to rows of batch {batch_id}; "
            "undo them first or pass --cascade",
            later,
        )
    order: list[int] = []
    for dep in sorted(later, reverse=True):
        for b in _plan(con, dep, cascade=True):
            if b not in order:
                order.append(b)
    order.append(batch_id)
    return sorted(order, reverse=True)


def _check_scope(con: duckdb.DuckDBPyConnection, order: list[int], scope: Scope) -> None:
    from etl.scope_checks import batch_outside

    for b in order:
        n = batch_outside(con, b, scope)
        if n:
            raise UndoError(
                f"批次 {b} 修改了您权限范围以外的 {n} 行数据，不能由您撤销。请联系上级管理员",
                f"batch {b} changed {n} row(s) outside your areas; you cannot undo it. Ask an administrator",
            )


def undo(
    warehouse: Warehouse, batch_id: int, user: str, cascade: bool = False, scope: Scope = EVERYTHING
) -> UndoResult:
    """Undo a batch in a new snapshot (see the module docstring); refused when it (or a batch the
    cascade would undo) touched rows outside ``scope``."""
    with warehouse.writer() as con:
        order = _plan(con, batch_id, cascade)
        _check_scope(con, order, scope)
        restored = removed = 0
        for b in order:
            r, d = _undo_one(con, b, user)
            restored, removed = restored + r, removed + d
    return UndoResult(order, restored, removed)


def batch_changes(con: duckdb.DuckDBPyConnection, batch_id: int) -> pd.DataFrame:
    """Rows the batch wrote (``+``) and rows it displaced (``-``), for the history page."""
    row = _batch(con, batch_id)
    if row is None:
        return pd.DataFrame()
    ds = DATASETS[row[0]]
    names = cols(ds.column_names)
    with con.cursor() as cur:
        return cur.execute(
            f"SELECT '+' AS change, {names} FROM {q(ds.name)} WHERE _batch_id = ? UNION ALL "
            f"SELECT '-' AS change, {names} FROM {q('_hist_' + ds.name)} WHERE _removed_by = ? "
            f"ORDER BY {q(ds.key[0])}, change",
            [batch_id, batch_id],
        ).df()


# What ``emptied`` finds and what to do: one sentence for the CLI and the upload-history page
EMPTIED_WHY = (
    "空白单元格会清空已有值；2026年12月6日的版本之前，文件中没有的列也会被清空。如非本意，撤销该批次即可恢复原值。",
    "A blank cell clears a value; before the release of 2026-12-06 a column the file did not have was "
    "emptied too. If that was not meant, undo the batch to restore the values.",
)


def emptied_columns(rows: pd.DataFrame, lang: str) -> str:
    """One batch's rows of ``emptied`` as text: ``人口 2 行、经度 2 行`` / ``Population in 2 rows, …``."""
    parts = []
    for dataset, column, n in zip(rows["dataset"], rows["column"], rows["rows"], strict=True):
        label = DATASETS[dataset].column(column).label(lang)
        parts.append(f"{label} in {n:,} rows" if lang == "en" else f"{label} {n:,} 行")
    return (", " if lang == "en" else "、").join(parts)


def emptied(con: duckdb.DuckDBPyConnection, batch_id: int | None = None) -> pd.DataFrame:
    """Stored values a batch emptied: per batch (not undone; ``batch_id``: that one) and column, how
    many of the rows it replaced had a value there that the row it wrote has blank. A blank cell
    clears a value on purpose; before the release of 2026-12-06 a file *without* a column emptied it
    too (``etl.absent_columns``), which this lists for an upgraded warehouse (undo the batch to
    restore them). Columns: batch_id, file_name, dataset, column, rows (in the dataset's order)."""
    parts = []
    only = _batch(con, batch_id) if batch_id is not None else None
    if batch_id is not None and only is None:
        return pd.DataFrame(columns=["batch_id", "file_name", "dataset", "column", "rows"])
    with con.cursor() as cur:
        for ds in [DATASETS[only[0]]] if only else DATASETS.values():
            live, hist = q(ds.name), q("_hist_" + ds.name)
            keys, values = list(ds.key), [c for c in ds.column_names if c not in ds.key]
            written = f"SELECT {cols(ds.column_names)}, _batch_id FROM {live} UNION ALL " + (
                f"SELECT {cols(ds.column_names)}, _batch_id FROM {hist}"
            )
            counts = ", ".join(
                f"count(*) FILTER (WHERE o.{q(c)} IS NOT NULL AND n.{q(c)} IS NULL) AS {q(c)}" for c in values
            )
            on = " AND ".join(f"n.{q(k)} IS NOT DISTINCT FROM o.{q(k)}" for k in keys)
            frame = cur.execute(
                f"SELECT o._removed_by AS batch_id, {counts} FROM {hist} o "
                f"JOIN ({written}) n ON n._batch_id = o._removed_by AND {on} "
                "WHERE ?::BIGINT IS NULL OR o._removed_by = ? GROUP BY o._removed_by",
                [batch_id, batch_id],
            ).df()
            long = frame.melt(id_vars="batch_id", var_name="column", value_name="rows")
            parts.append(long[long["rows"] > 0].assign(dataset=ds.name))
        found = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
        names = cur.execute("SELECT batch_id, file_name FROM _batches").df()
    if found.empty:
        return pd.DataFrame(columns=["batch_id", "file_name", "dataset", "column", "rows"])
    found = found.merge(names, on="batch_id", how="left").astype({"batch_id": int, "rows": int})
    place = {(d, c): i for d, ds in DATASETS.items() for i, c in enumerate(ds.column_names)}
    found["place"] = [place[(d, c)] for d, c in zip(found["dataset"], found["column"], strict=True)]
    found = found.sort_values(["batch_id", "dataset", "place"], ignore_index=True)
    return found[["batch_id", "file_name", "dataset", "column", "rows"]]
