"""Signed-in benchmark runs: a copy of a warehouse with benchmark users, and the settings and header
with which a deployment's proxy signs them in (``docs/deploy.md``: header mode, the app on loopback
behind the proxy that sets the header). Used by ``bench.pages`` (an administrator in a browser) and
``bench.capacity`` (street users over websockets)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from etl.access import AccessStore

BENCH_USER = "bench-admin"
USER_HEADER = "X-Remote-User"
SERVER_ENV = {"GOVDASH_AUTH": "header", "GOVDASH_AUTH_HEADER": USER_HEADER, "GOVDASH_TRUSTED_PROXY": ""}
HEADERS = {USER_HEADER: BENCH_USER}


def _link_or_copy(src: str, dst: str) -> None:
    """Archived files never change (named by their sha256; a new one is written beside): link them."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def signed_in_copy(db: Path, dest: Path, users: dict[str, tuple[str, list[str]]] | None = None) -> Path:
    """A copy of warehouse ``db`` at ``dest`` in which ``BENCH_USER`` is an administrator of every area,
    and each of ``users`` (name -> role, areas) is a user: the current snapshot, the SQLite files
    beside it (users and audit log, meetings) and the archived files (hard links), as ``etl backup``
    copies a warehouse. ``db`` itself is only read."""
    from etl.warehouse import Warehouse

    current = Warehouse(db).current_path()
    dest.mkdir(parents=True)
    shutil.copy2(current, dest / current.name)
    (dest / "CURRENT").write_text(current.name + "\n", encoding="utf-8")
    for sidecar in sorted(db.glob("*.sqlite3")) + sorted(db.glob("*.sqlite3-wal")):
        shutil.copy2(sidecar, dest / sidecar.name)
    if (db / "files").is_dir():
        shutil.copytree(db / "files", dest / "files", copy_function=_link_or_copy)
    store = AccessStore(dest)
    for name, (role, areas) in {BENCH_USER: ("admin", []), **(users or {})}.items():
        if store.get(name) is None:
            store.add(name, role, areas, by="bench")
        else:
            store.set(name, by="bench", role=role, areas=areas)
    return dest
