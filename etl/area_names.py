"""The name an area is shown by.

Two areas of one parent may share a name (a street with two 民湾社区). Shown as they are, a chart
draws them as one bar (its categories are names), a picker offers two identical choices and a
ledger lists rows no one can tell apart. Such a name carries the area's own part of its code, the
digits after its parent's: 民湾社区（012）. Namesakes under different parents keep their names (the
street beside them says which). One rule for every query that names areas: the dashboard's pickers
and lists, the ledger's items, the five-star rows.
"""

from __future__ import annotations


def shown_name(alias: str) -> str:
    """SQL: the shown name of the ``areas`` row aliased ``alias`` in the query (a fixed alias of
    the query's text, never input)."""
    if not alias.isidentifier():
        raise ValueError(f"not an alias: {alias!r}")
    a = alias
    own = (
        f"CASE WHEN starts_with({a}.area_code, {a}.parent_code) "
        f"THEN substr({a}.area_code, length({a}.parent_code) + 1) ELSE {a}.area_code END"
    )
    return (
        f"CASE WHEN EXISTS (SELECT 1 FROM areas twin WHERE twin.parent_code = {a}.parent_code "
        f"AND twin.area_name = {a}.area_name AND twin.area_code <> {a}.area_code) "
        f"THEN {a}.area_name || '（' || {own} || '）' ELSE {a}.area_name END"
    )
