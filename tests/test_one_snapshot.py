"""A script run reads one snapshot: a load committing while a page runs shows from the next run on,
and a deferred download holds what its page showed. On a real warehouse, with real loads."""

from __future__ import annotations

import threading

from etl.warehouse import KEEP_SNAPSHOTS
from govdash import db
from tests.helpers import FILES, load_files, use_warehouse

COUNT = "SELECT count(*) FROM areas WHERE level = 'community'"


def communities() -> int:
    return db.connection().execute(COUNT).fetchone()[0]


def add_community(warehouse, tmp_path, n: int = 1) -> None:
    """Load a file adding community number ``n`` to a street (a load publishing a new snapshot)."""
    text = (FILES / "areas_new_community.csv").read_text(encoding="utf-8")
    path = tmp_path / f"areas_{n}.csv"
    path.write_text(
        text.replace("410311002011,宜人社区", f"4103110020{10 + n},宜人{n}社区"), encoding="utf-8"
    )
    report = load_files(warehouse, path)
    assert report.committed and report.ok, [p.render("en") for p in report.problems]


def test_a_load_committing_mid_run_shows_from_the_next_run_on(warehouse, tmp_path, monkeypatch):
    use_warehouse(warehouse.root, monkeypatch)
    before = communities()
    with db.one_snapshot():
        version = db.version()
        assert communities() == before
        add_community(warehouse, tmp_path)  # another person's upload commits while this run reads
        assert db.version() == version
        assert communities() == before
        assert db.unrestricted().execute(COUNT).fetchone()[0] == before
        with db.one_snapshot():  # a nested pin keeps the run's snapshot
            assert db.version() == version
    assert db.version() != version
    assert communities() == before + 1


def test_a_deferred_download_reads_the_snapshot_its_page_showed(warehouse, tmp_path, monkeypatch):
    use_warehouse(warehouse.root, monkeypatch)
    before = communities()
    with db.one_snapshot():
        produce = db.bind_reads(communities)
    add_community(warehouse, tmp_path)
    got: list[int] = []
    worker = threading.Thread(target=lambda: got.append(produce()))  # a download runs on another thread
    worker.start()
    worker.join()
    assert got == [before]
    assert communities() == before + 1


def test_a_download_whose_snapshot_is_gone_reads_the_current_one(warehouse, tmp_path, monkeypatch):
    use_warehouse(warehouse.root, monkeypatch)
    with db.one_snapshot():
        produce = db.bind_reads(db.snapshot_version)
        pinned = db.snapshot_version()
    for n in range(1, KEEP_SNAPSHOTS + 1):  # each load publishes a snapshot; the oldest beyond three go
        add_community(warehouse, tmp_path, n)
    assert not (warehouse.root / pinned).exists()
    assert produce() == db.snapshot_version() == warehouse.current_name()


def test_a_deferred_download_keeps_the_street_users_scope(warehouse, monkeypatch):
    """The snapshot is bound beside the scope, never instead of it: a street user's download, run
    on another thread, counts their street's communities only."""
    from etl.scope import Scope

    use_warehouse(warehouse.root, monkeypatch)
    whole = communities()
    with db.use_scope(Scope.of(["410311002"])), db.one_snapshot():
        street = communities()
        produce = db.bind_reads(communities)
    got: list[int] = []
    worker = threading.Thread(target=lambda: got.append(produce()))
    worker.start()
    worker.join()
    assert 0 < street < whole and got == [street]
