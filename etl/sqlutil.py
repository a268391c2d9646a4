"""The one place identifiers are quoted. Values are always bound parameters, never formatted in."""

from __future__ import annotations


def q(identifier: str) -> str:
    """Quote a DuckDB identifier (table or column name): ``q('a"b') == '"a""b"'``."""
    return '"' + identifier.replace('"', '""') + '"'


def cols(names: list[str] | tuple[str, ...], prefix: str = "") -> str:
    """A comma-separated quoted column list, optionally qualified: ``cols(['a'], 's.')``."""
    return ", ".join(prefix + q(n) for n in names)
