"""A column the file does not have keeps the values already stored.

A file replaces the stored rows it names (``etl.loading.apply_batch``). A column that is not in the
file is not a column of blanks: a street's sheet of households and population, loaded as an areas
file, would otherwise empty the coordinates, the premises area and the founding dates of every
community it names. So before the checks, each staged row takes, for the columns its file lacks, the
values of the stored row with the same key; a blank cell of a column the file has still clears the
value. The file's results say which columns were kept and for how many rows (a warning, not a problem).
"""

from __future__ import annotations

import duckdb

from etl.messages import Problem
from etl.scope import EVERYTHING, Scope
from etl.scope_rows import create_user_scope, outside_sql
from etl.sqlutil import q
from etl.staged import Staged


def absent(staged: Staged) -> list[str]:
    """The dataset's columns that the file does not have (never a key column: those are required)."""
    ds = staged.dataset
    return [c.name for c in ds.columns if c.name not in staged.mapping.positions and c.name not in ds.key]


def keep_stored(con: duckdb.DuckDBPyConnection, staged: Staged, scope: Scope = EVERYTHING) -> Problem | None:
    """Fill the staged rows' absent columns from the stored rows of the same key; the warning that
    says so, or None when no stored value was kept. Only rows inside ``scope`` (the loading user's
    areas) are filled: a row outside refuses the file, and must not show what that area has."""
    columns = absent(staged)
    if not columns:
        return None
    live, stage = q(staged.dataset.name), staged.table
    same_key = " AND ".join(f"s.{q(k)} = l.{q(k)}" for k in staged.dataset.key)
    if not scope.everything:
        create_user_scope(con, scope)
        same_key += f" AND NOT ({outside_sql(staged)[0]})"
    any_value = " OR ".join(f"l.{q(c)} IS NOT NULL" for c in columns)
    kept = con.execute(
        f"SELECT count(*) FROM {stage} s JOIN {live} l ON {same_key} WHERE {any_value}"
    ).fetchone()[0]
    if not kept:
        return None
    assignments = ", ".join(f"{q(c)} = l.{q(c)}" for c in columns)
    con.execute(f"UPDATE {stage} AS s SET {assignments} FROM {live} AS l WHERE {same_key}")
    labels = [staged.dataset.column(c) for c in columns]
    return Problem(
        staged.raw.file_name,
        "absent_columns_kept",
        warning=True,
        params={
            "columns": "、".join(c.label_zh for c in labels),
            "columns_en": ", ".join(c.label_en for c in labels),
            "rows": f"{kept:,}",
        },
    )
