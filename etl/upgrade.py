"""Bringing a whole warehouse up to this release (``python -m etl migrate``, the demo's first start):
its schema (``etl.migrations``, in a writer of its own) and its derived tables (``etl.derived``).

Apart from ``etl.migrations``, which ``etl.warehouse`` uses to check and migrate each snapshot it
opens: the steps know nothing of a warehouse's files, these two know both.
"""

from __future__ import annotations

from etl.migrations import migrate, stored_version
from etl.warehouse import Warehouse


class _Unchanged(Exception):
    pass


def upgrade(warehouse: Warehouse) -> tuple[int, list[str]]:
    """``python -m etl migrate``: publish a migrated snapshot when needed; (old version, changes).

    Raises ``NoWarehouseError`` when there is nothing to migrate and ``SchemaTooNewError`` for a
    warehouse of a newer release; an already current warehouse is left as it is.
    """
    warehouse.current_path()  # NoWarehouseError when there is none
    version: int | None = None
    changes: list[str] = []
    try:
        with warehouse.writer(migrate=False) as con:
            version = stored_version(con)
            changes = migrate(con, str(warehouse.root))
            if not changes:
                raise _Unchanged
    except _Unchanged:
        pass
    return version or 0, changes


def refresh_derived(warehouse: Warehouse) -> list[str]:
    """``python -m etl migrate``: rebuild the derived tables (``etl.derived``) when this release builds
    them differently (``derived.VERSION``) or they are missing; the groups rebuilt. A previous release's
    warehouse at the current schema version reads correct numbers without them, through the slower
    direct queries, until they are rebuilt here or by the next load."""
    from etl import derived
    from etl.settings import star_threshold

    con = warehouse.connect_reader()
    try:
        if derived.ready(con, star_threshold()) is True:
            return []
    finally:
        con.close()
    with warehouse.writer() as con:
        return derived.refresh(con)  # the writer's own refresh before publishing then finds nothing to do
