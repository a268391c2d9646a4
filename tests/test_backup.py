"""``python -m etl backup`` / ``restore``: every table, archived file and SQLite database comes back; a
damaged backup or an occupied target changes nothing."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from etl.__main__ import main
from etl.history import undo
from etl.schema import SCHEMA_VERSION
from etl.warehouse import Warehouse
from tests.helpers import FILES, load_files, snapshot


def files_of(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "files").iterdir())}


def dump(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return list(con.iterdump())
    finally:
        con.close()


@pytest.fixture
def access_db(warehouse: Warehouse) -> Iterator[sqlite3.Connection]:
    """A users/audit store beside the snapshots, in WAL mode and still open: its newest rows are only in
    the write-ahead log, which a plain file copy would miss."""
    con = sqlite3.connect(warehouse.root / "access.sqlite3")
    con.execute("PRAGMA journal_mode = wal")
    con.execute("PRAGMA wal_autocheckpoint = 0")
    con.execute("CREATE TABLE users (name TEXT PRIMARY KEY, role TEXT)")
    con.execute("CREATE TABLE audit (at TEXT, name TEXT, action TEXT)")
    con.executemany("INSERT INTO users VALUES (?, ?)", [("王芳", "admin"), ("李强", "viewer")])
    con.executemany("INSERT INTO audit VALUES ('2024-12-01', ?, ?)", [("王芳", "load"), ("李强", "view")])
    con.commit()
    yield con
    con.close()


@pytest.fixture
def loaded(warehouse: Warehouse, access_db: sqlite3.Connection) -> Warehouse:
    """Areas, activity changed by a second file (history rows), a compounds batch undone."""
    for name in ("act_utf8.csv", "act_numbers.csv", "compounds_gb18030.csv"):
        assert load_files(warehouse, FILES / name, allow_removal=True).committed
    undo(warehouse, 4, "tester")
    return warehouse


def test_restore_into_a_fresh_folder_brings_back_every_table_file_and_database(
    loaded: Warehouse, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    dest, fresh = tmp_path / "backup", tmp_path / "restored"
    assert main(["backup", str(dest), "--db", str(loaded.root), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "4 archived files, SQLite databases: access.sqlite3" in out
    manifest = json.loads((dest / "MANIFEST.json").read_text(encoding="utf-8"))
    assert set(manifest["files"]) == {
        loaded.current_name(),
        "access.sqlite3",
        *(f"files/{n}" for n in files_of(loaded.root)),
    }
    assert manifest["schema_version"] == SCHEMA_VERSION

    assert main(["restore", str(dest), "--db", str(fresh), "--lang", "en"]) == 0
    assert "checksums verified" in capsys.readouterr().out
    restored = Warehouse(fresh)
    assert snapshot(restored) == snapshot(loaded)  # every table: data, history (_batches, _hist_*), derived
    assert files_of(fresh) == files_of(loaded.root)
    assert dump(fresh / "access.sqlite3") == dump(loaded.root / "access.sqlite3")
    assert ("INSERT INTO \"audit\" VALUES('2024-12-01','李强','view');") in dump(fresh / "access.sqlite3")


def test_restored_history_undoes_like_the_original(loaded: Warehouse, tmp_path: Path) -> None:
    assert main(["backup", str(tmp_path / "b"), "--db", str(loaded.root)]) == 0
    assert main(["restore", str(tmp_path / "b"), "--db", str(tmp_path / "r")]) == 0
    restored = Warehouse(tmp_path / "r")
    undo(loaded, 3, "tester")
    undo(restored, 3, "tester")
    assert (
        snapshot(restored, exclude=("_batches",))["activity"]
        == snapshot(loaded, exclude=("_batches",))["activity"]
    )


def test_restore_over_a_warehouse_needs_force_and_then_replaces_it(
    loaded: Warehouse, access_db: sqlite3.Connection, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    dest = tmp_path / "backup"
    assert main(["backup", str(dest), "--db", str(loaded.root)]) == 0
    backed_up = snapshot(loaded)
    users = dump(loaded.root / "access.sqlite3")
    # work after the backup: a batch and a user
    assert load_files(loaded, FILES / "act_month_formats.csv", allow_removal=True).committed
    access_db.execute("INSERT INTO users VALUES ('赵敏', 'viewer')")
    access_db.commit()
    later, name = snapshot(loaded), loaded.current_name()

    assert main(["restore", str(dest), "--db", str(loaded.root), "--lang", "en"]) == 1
    assert "already holds a warehouse; nothing was changed: pass --force" in capsys.readouterr().err
    assert loaded.current_name() == name and snapshot(loaded) == later

    assert main(["restore", str(dest), "--db", str(loaded.root), "--force"]) == 0
    assert loaded.current_name() != name  # a new snapshot: running dashboards switch to it
    assert snapshot(loaded) == backed_up
    assert dump(loaded.root / "access.sqlite3") == users
    # the app's connection (opened before the restore) sees the restored users
    assert access_db.execute("SELECT name FROM users ORDER BY 1").fetchall() == [("李强",), ("王芳",)]


@pytest.mark.parametrize("damage", ["snapshot", "archived", "database", "missing", "manifest"])
def test_a_damaged_backup_is_refused_and_nothing_changes(
    loaded: Warehouse, tmp_path: Path, capsys: pytest.CaptureFixture, damage: str
) -> None:
    dest = tmp_path / "backup"
    assert main(["backup", str(dest), "--db", str(loaded.root)]) == 0
    archived = sorted((dest / "files").iterdir())[0]
    if damage == "snapshot":
        target = dest / loaded.current_name()
        data = bytearray(target.read_bytes())
        data[len(data) // 2] ^= 0xFF
        target.write_bytes(bytes(data))
        expected = f"{loaded.current_name()}: checksum mismatch"
    elif damage == "archived":
        archived.write_bytes(archived.read_bytes() + b"\n")
        expected = f"files/{archived.name}: checksum mismatch"
    elif damage == "database":
        with open(dest / "access.sqlite3", "r+b") as fh:
            fh.seek(200)
            fh.write(b"\x00\x01\x02")
        expected = "access.sqlite3: checksum mismatch"
    elif damage == "missing":
        archived.unlink()
        expected = f"files/{archived.name}: missing"
    else:
        (dest / "MANIFEST.json").write_text("{", encoding="utf-8")
        expected = "is not a backup made by python -m etl backup"

    fresh = tmp_path / "fresh"
    assert main(["restore", str(dest), "--db", str(fresh), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert expected in err and "nothing was changed" in err
    assert not fresh.exists()

    name, before, users = loaded.current_name(), snapshot(loaded), dump(loaded.root / "access.sqlite3")
    files = files_of(loaded.root)
    assert main(["restore", str(dest), "--db", str(loaded.root), "--force"]) == 1
    assert "未做任何更改" in capsys.readouterr().err
    assert loaded.current_name() == name and snapshot(loaded) == before
    assert files_of(loaded.root) == files and dump(loaded.root / "access.sqlite3") == users


def test_backup_needs_a_new_folder_and_a_warehouse(
    warehouse: Warehouse, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    used = tmp_path / "used"
    used.mkdir()
    (used / "notes.txt").write_text("x", encoding="utf-8")
    assert main(["backup", str(used), "--db", str(warehouse.root), "--lang", "en"]) == 1
    assert "exists and is not an empty folder" in capsys.readouterr().err
    assert [p.name for p in used.iterdir()] == ["notes.txt"]
    assert main(["backup", str(tmp_path / "b"), "--db", str(tmp_path / "none"), "--lang", "en"]) == 2
    assert "no data in" in capsys.readouterr().err
    assert not (tmp_path / "b").exists() and not (tmp_path / "b.partial").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["backup", str(empty), "--db", str(warehouse.root)]) == 0  # an empty folder is fine
    assert (empty / "MANIFEST.json").is_file() and not (tmp_path / "empty.partial").exists()
    # no SQLite database in the warehouse: nothing to copy, nothing listed
    manifest = json.loads((empty / "MANIFEST.json").read_text(encoding="utf-8"))
    assert not [f for f in manifest["files"] if f.endswith(".sqlite3")]


def test_a_restore_failing_midway_removes_what_it_added(loaded: Warehouse, tmp_path: Path) -> None:
    from etl.backup import restore

    assert main(["backup", str(tmp_path / "b"), "--db", str(loaded.root)]) == 0
    target = Warehouse(tmp_path / "t")
    (target.root / "access.sqlite3").mkdir(parents=True)  # SQLite cannot write there
    with pytest.raises(sqlite3.OperationalError):
        restore(tmp_path / "b", target, force=True)
    assert sorted(p.name for p in target.root.rglob("*")) == [".lock", "access.sqlite3", "files"]
    assert not target.exists()
