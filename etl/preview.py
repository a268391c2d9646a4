"""What loading a staged file would change, without changing anything (the upload page's preview)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from etl.messages import Problem
from etl.settings import max_removal_share
from etl.sqlutil import q
from etl.staging import Staged


@dataclass
class Preview:
    added: int
    changed: int
    removed: int
    unchanged: int
    # one row per changed cell: key columns, column, old, new
    changes: pd.DataFrame
    # rows to add / remove: key columns + change ('+' / '-')
    additions_removals: pd.DataFrame
    # scopes (e.g. community-months) of the file that the warehouse already holds
    replaced_scopes: int
    # by the dataset's first scope column and period: counts of each kind of change
    summary: pd.DataFrame


def _join(cols: tuple[str, ...], left: str, right: str) -> str:
    return " AND ".join(f"{left}.{q(c)} = {right}.{q(c)}" for c in cols)


def preview(con: duckdb.DuckDBPyConnection, staged: Staged, limit: int = 5000) -> Preview:
    """Diff the staged rows against the live table on ``con`` (read-only is fine)."""
    ds, stage, live = staged.dataset, staged.table, q(staged.dataset.name)
    keys = ", ".join(f"coalesce(s.{q(k)}, o.{q(k)}) AS {q(k)}" for k in ds.key)
    same = " AND ".join(f"s.{q(c)} IS NOT DISTINCT FROM o.{q(c)}" for c in ds.column_names)
    in_scope = f"EXISTS (SELECT 1 FROM {stage} x WHERE {_join(ds.scope, 'x', 'l')})"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _pv AS SELECT {keys}, "
        f"CASE WHEN o.{q(ds.key[0])} IS NULL THEN '+' WHEN s.{q(ds.key[0])} IS NULL THEN '-' "
        f"WHEN {same} THEN '=' ELSE '~' END AS change, "
        + ", ".join(f"s.{q(c)} AS {q('new_' + c)}, o.{q(c)} AS {q('old_' + c)}" for c in ds.column_names)
        + f" FROM {stage} s FULL OUTER JOIN (SELECT * FROM {live} l WHERE {in_scope}) o "
        f"ON {_join(ds.key, 's', 'o')}"
    )
    counts = dict(con.execute("SELECT change, count(*) FROM _pv GROUP BY change").fetchall())
    key_cols = ", ".join(q(k) for k in ds.key)
    changed_cells = " UNION ALL ".join(
        f"SELECT {key_cols}, '{c}' AS column_name, CAST({q('old_' + c)} AS VARCHAR) AS old_value, "
        f"CAST({q('new_' + c)} AS VARCHAR) AS new_value FROM _pv WHERE change = '~' "
        f"AND {q('old_' + c)} IS DISTINCT FROM {q('new_' + c)}"
        for c in ds.column_names
        if c not in ds.key
    )
    changes = con.execute(f"SELECT * FROM ({changed_cells}) ORDER BY ALL LIMIT {int(limit)}").df()
    plus_minus = con.execute(
        f"SELECT change, {key_cols} FROM _pv WHERE change IN ('+', '-') ORDER BY ALL LIMIT {int(limit)}"
    ).df()
    group = [ds.scope[0]] + (
        [ds.period_column] if ds.period_column and ds.period_column not in ds.scope[:1] else []
    )
    group_sql = ", ".join(q(g) for g in group)
    summary = con.execute(
        f"SELECT {group_sql}, count(*) FILTER (WHERE change = '+') AS added, "
        "count(*) FILTER (WHERE change = '~') AS changed, count(*) FILTER (WHERE change = '-') AS removed, "
        f"count(*) FILTER (WHERE change = '=') AS unchanged FROM _pv GROUP BY ALL ORDER BY ALL LIMIT {int(limit)}"
    ).df()
    scope_cols = ", ".join(q(c) for c in ds.scope)
    replaced = con.execute(
        f"SELECT count(*) FROM (SELECT DISTINCT {scope_cols} FROM {stage}) x WHERE EXISTS "
        f"(SELECT 1 FROM {live} l WHERE {_join(ds.scope, 'x', 'l')})"
    ).fetchone()[0]
    con.execute("DROP TABLE _pv")
    return Preview(
        counts.get("+", 0),
        counts.get("~", 0),
        counts.get("-", 0),
        counts.get("=", 0),
        changes,
        plus_minus,
        replaced,
        summary,
    )


def change_counts(con: duckdb.DuckDBPyConnection, staged: Staged) -> dict[str, int]:
    """How many rows loading the staged file would add, change, remove and leave (one aggregate)."""
    ds, stage, live = staged.dataset, staged.table, q(staged.dataset.name)
    same = " AND ".join(f"s.{q(c)} IS NOT DISTINCT FROM o.{q(c)}" for c in ds.column_names)
    in_scope = f"EXISTS (SELECT 1 FROM {stage} x WHERE {_join(ds.scope, 'x', 'l')})"
    first = q(ds.key[0])
    added, changed, removed, unchanged = con.execute(
        f"SELECT count(*) FILTER (WHERE o.{first} IS NULL), "
        f"count(*) FILTER (WHERE s.{first} IS NOT NULL AND o.{first} IS NOT NULL AND NOT ({same})), "
        f"count(*) FILTER (WHERE s.{first} IS NULL), "
        f"count(*) FILTER (WHERE s.{first} IS NOT NULL AND o.{first} IS NOT NULL AND {same}) "
        f"FROM {stage} s FULL OUTER JOIN (SELECT * FROM {live} l WHERE {in_scope}) o ON {_join(ds.key, 's', 'o')}"
    ).fetchone()
    return {"added": added, "changed": changed, "removed": removed, "unchanged": unchanged}


def removal_share(removed: int, changed: int, unchanged: int) -> float:
    """Share of the rows now in the file's scopes that loading it removes."""
    total = removed + changed + unchanged
    return removed / total if total else 0.0


def needs_confirmation(removed: int, changed: int, unchanged: int) -> bool:
    """Whether loading removes more than ``max_removal_share`` of its scopes' rows (then it must be confirmed)."""
    return removed > 0 and removal_share(removed, changed, unchanged) > max_removal_share()


def removal_problem(staged: Staged, counts: dict[str, int], warning: bool = False) -> Problem:
    """``removal_confirm`` for a file whose load removes too much of its scopes."""
    removed, total = counts["removed"], counts["removed"] + counts["changed"] + counts["unchanged"]
    ds = staged.dataset
    return Problem(
        staged.raw.file_name,
        "removal_confirm",
        warning=warning,
        params={
            "removed": f"{removed:,}",
            "total": f"{total:,}",
            "pct": f"{100 * removed / total:.0f}",
            "limit": f"{100 * max_removal_share():g}",
            "scope": "+".join(ds.column(c).label_zh for c in ds.scope),
        },
    )
