"""The write side of area scope: a file with any row outside the user's areas, or an undo of a batch
that touched rows outside them, is refused (the read side is ``etl.scope``).

These run on a connection that sees every area (the writer's snapshot copy, or an unscoped reader
for a check), so that a row outside the scope is named as such rather than as an unknown code.
"""

from __future__ import annotations

import duckdb

from etl.datasets import DATASETS
from etl.messages import Problem
from etl.scope import Scope
from etl.scope_rows import USER_SCOPE, create_user_scope, outside_sql
from etl.sqlutil import q
from etl.staging import Staged, prepare_detail

MAX_LISTED = 10_000


def outside_rows(con: duckdb.DuckDBPyConnection, staged: Staged, scope: Scope) -> list[Problem]:
    """A problem for each row of the staged file outside ``scope`` (none for an unrestricted scope)."""
    if scope.everything:
        return []
    create_user_scope(con, scope)
    where, column = outside_sql(staged)
    if not con.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM {staged.table} s WHERE {where} LIMIT 1)"
    ).fetchone()[0]:
        return []
    prepare_detail(con, staged)
    raw = f"r.c{staged.mapping.positions[column]}" if column in staged.mapping.positions else f"s.{q(column)}"
    rows = con.execute(
        f"SELECT s._row, {raw} FROM {staged.table} s LEFT JOIN {staged.raw.name} r ON r._row = s._row "
        f"WHERE {where} ORDER BY s._row LIMIT {MAX_LISTED}"
    ).fetchall()
    header = staged.mapping.header_of(column) if column in staged.mapping.positions else column
    areas = scope_label(con, scope)
    return [
        Problem(
            staged.raw.file_name,
            "outside_scope",
            row=int(row),
            column=header,
            value=None if value is None else str(value),
            params={"areas": areas},
        )
        for row, value in rows
    ]


def scope_label(con: duckdb.DuckDBPyConnection, scope: Scope) -> str:
    """The scope's roots for a message: ``开元路街道（410311002）``, names from ``con``'s ``areas``."""
    roots = list(scope.roots or ())
    names = dict(
        con.execute(
            "SELECT area_code, area_name FROM areas WHERE area_code IN (SELECT unnest(?::VARCHAR[]))", [roots]
        ).fetchall()
    )
    return "、".join(f"{names[c]}（{c}）" if c in names else c for c in roots)


def batch_outside(con: duckdb.DuckDBPyConnection, batch_id: int, scope: Scope) -> int:
    """How many rows ``batch_id`` wrote or replaced outside ``scope`` (0 for an unrestricted scope)."""
    if scope.everything:
        return 0
    row = con.execute("SELECT dataset FROM _batches WHERE batch_id = ?", [batch_id]).fetchone()
    if row is None:
        return 0
    create_user_scope(con, scope)
    ds = DATASETS[row[0]]
    code = q("area_code" if "area_code" in ds.column_names else "community_code")
    outside = f"{code} NOT IN (SELECT area_code FROM {USER_SCOPE})"
    hist = q("_hist_" + ds.name)
    return con.execute(
        f"SELECT (SELECT count(*) FROM {q(ds.name)} WHERE _batch_id = $b AND {outside}) + "
        f"(SELECT count(*) FROM {hist} WHERE (_batch_id = $b OR _removed_by = $b) AND {outside})",
        {"b": batch_id},
    ).fetchone()[0]
