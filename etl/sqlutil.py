"""The one place identifiers are quoted (and the long-format select the metric SQL builds on). Values
are always bound parameters, never formatted in."""

from __future__ import annotations


def q(identifier: str) -> str:
    """Quote a DuckDB identifier (table or column name): ``q('a"b') == '"a""b"'``."""
    return '"' + identifier.replace('"', '""') + '"'


def cols(names: list[str] | tuple[str, ...], prefix: str = "") -> str:
    """A comma-separated quoted column list, optionally qualified: ``cols(['a'], 's.')``."""
    return ", ".join(prefix + q(n) for n in names)


def unpivot(cte: str) -> str:
    """A long ``(root, fact, kind, value)`` select over a wide CTE with ``root`` and ``kind``."""
    return (
        f"SELECT root, fact, kind, value FROM (UNPIVOT (SELECT root, kind, "
        f"COLUMNS(* EXCLUDE (root, kind))::DOUBLE FROM {cte}) "
        f"ON COLUMNS(* EXCLUDE (root, kind)) INTO NAME fact VALUE value)"
    )
