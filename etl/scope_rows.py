"""Which staged rows lie outside a user's areas: the SQL that ``etl.scope_checks`` refuses a file by,
and that ``etl.absent_columns`` keeps the stored values of other areas out of a file with."""

from __future__ import annotations

import duckdb

from etl.scope import Scope
from etl.sqlutil import q
from etl.staged import Staged

USER_SCOPE = "_user_scope"


def create_user_scope(con: duckdb.DuckDBPyConnection, scope: Scope) -> None:
    con.execute(f"CREATE OR REPLACE TEMP TABLE {USER_SCOPE} (area_code VARCHAR, is_root BOOLEAN)")
    con.execute(
        f"INSERT INTO {USER_SCOPE} WITH RECURSIVE t(code) AS (SELECT unnest(?::VARCHAR[]) UNION "
        "SELECT a.area_code FROM t JOIN areas a ON a.parent_code = t.code) "
        "SELECT DISTINCT code, code IN (SELECT unnest(?::VARCHAR[])) FROM t",
        [list(scope.roots or ()), list(scope.roots or ())],
    )


def outside_sql(staged: Staged) -> tuple[str, str]:
    """(WHERE clause on the staged rows ``s`` that lie outside the scope, the column to name)."""
    inside = f"(SELECT area_code FROM {USER_SCOPE})"
    if staged.dataset.name != "areas":
        column = staged.dataset.area_column or "community_code"
        return f"s.{q(column)} IS NOT NULL AND s.{q(column)} NOT IN {inside}", column
    # An existing area must be inside; a new one must hang below an area inside. A root of the scope
    # keeps its own parent (which lies outside by definition) but may not move.
    existing_outside = f"(s.area_code IN (SELECT area_code FROM areas) AND s.area_code NOT IN {inside})"
    moved_out = (
        f"(s.parent_code IS NOT NULL AND s.parent_code NOT IN {inside} AND NOT coalesce("
        f"s.area_code IN (SELECT area_code FROM {USER_SCOPE} WHERE is_root) AND s.parent_code = "
        "(SELECT a.parent_code FROM areas a WHERE a.area_code = s.area_code), false))"
    )
    return f"({existing_outside} OR {moved_out})", "area_code"
