"""``python -m etl backup DEST`` and ``python -m etl restore SRC``: a verified copy of a whole warehouse.

A backup is a folder that is itself a warehouse (so ``--db DEST`` can read it) plus ``MANIFEST.json``::

    DEST/CURRENT                 the snapshot's name
    DEST/snap-000012.duckdb      the current snapshot: every table, the load history (_batches, _hist_*)
    DEST/files/<sha256>.<ext>    every archived original file
    DEST/access.sqlite3          each ``*.sqlite3`` of the warehouse root (users, audit log), copied with
                                 SQLite's online backup API, so a copy taken while the app writes is consistent
    DEST/MANIFEST.json           format, time, schema version, and the size and sha256 of every file above

The backup holds the warehouse lock while it picks the snapshot, lists the archive and copies the SQLite
databases (no load publishes meanwhile); the snapshot and the archive are immutable, so the bulk copy
runs after the lock is released from handles opened under it. It is written to ``DEST.partial`` and
renamed to ``DEST`` when complete.

Restore verifies every checksum (and that this code can read the schema) before it changes anything,
refuses a folder that already holds a warehouse unless ``force``, and then, under the lock of the
target: adds the archived files, copies the snapshot in as a new snapshot, replaces each SQLite
database through the backup API (one transaction each) and swaps ``CURRENT`` (one atomic rename), so a
running dashboard moves to the restored data on its next interaction.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from etl import schema
from etl.migrations import stored_version
from etl.warehouse import SNAPSHOT, Warehouse, connect

MANIFEST = "MANIFEST.json"
FORMAT = 1
CHUNK = 1 << 20
_ARCHIVED = re.compile(r"^files/[0-9a-f]{64}(\.[A-Za-z0-9]{1,8})?$")
_DATABASE = re.compile(r"^[A-Za-z0-9_.-]+\.sqlite3$")


class BackupError(Exception):
    """A backup or restore that cannot go ahead; nothing was changed (Chinese and English messages)."""

    def __init__(self, message_zh: str, message_en: str):
        self.message_zh, self.message_en = message_zh, message_en
        super().__init__(message_en)

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh


@dataclass
class Summary:
    folder: Path
    snapshot: str
    schema_version: int
    archived_files: int
    databases: list[str]
    total_bytes: int


def _copy_hashed(src: BinaryIO, dst: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with open(dst, "wb") as out:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
            size += len(chunk)
        out.flush()
        os.fsync(out.fileno())
    return digest.hexdigest(), size


def _hash(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _sqlite_copy(src: Path, dst: Path) -> None:
    """A consistent copy of a live SQLite database (its writers may go on meanwhile)."""
    source, target = sqlite3.connect(src), sqlite3.connect(dst)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _schema_version(path: Path) -> int:
    con = connect(str(path), read_only=True)
    try:
        return stored_version(con) or 0
    finally:
        con.close()


def _check_destination(dest: Path) -> None:
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BackupError(
            f"备份目标 {dest} 已存在且不是空文件夹，未做任何更改：请指定一个新的文件夹",
            f"the backup destination {dest} exists and is not an empty folder; nothing was "
            "written: name a new folder",
        )


def backup(warehouse: Warehouse, dest: Path, timeout_s: float = 60.0) -> Summary:
    """Copy the warehouse's current snapshot, archived files and SQLite databases to ``dest``."""
    dest = Path(dest)
    _check_destination(dest)
    partial = dest.with_name(dest.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        entries = _copy_into(warehouse, partial, timeout_s)
        name = next(p for p in entries if SNAPSHOT.match(p))
        version = _schema_version(partial / name)
        (partial / "CURRENT").write_text(name + "\n", encoding="utf-8")
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now().isoformat(timespec="seconds"),
            "source": str(warehouse.root.resolve()),
            "snapshot": name,
            "schema_version": version,
            "files": {rel: {"sha256": sha, "bytes": size} for rel, (sha, size) in sorted(entries.items())},
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        if dest.exists():
            dest.rmdir()  # the empty folder named by the user
        os.replace(partial, dest)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    databases = sorted(r for r in entries if _DATABASE.match(r))
    return Summary(
        dest,
        name,
        version,
        sum(1 for r in entries if r.startswith("files/")),
        databases,
        sum(size for _, size in entries.values()),
    )


def _copy_into(warehouse: Warehouse, folder: Path, timeout_s: float) -> dict[str, tuple[str, int]]:
    """Copy what the backup holds into ``folder``; {relative path: (sha256, bytes)}."""
    entries: dict[str, tuple[str, int]] = {}
    (folder / "files").mkdir()
    with contextlib.ExitStack() as opened:
        with warehouse.lock(timeout_s):
            snap = warehouse.current_path()  # NoWarehouseError when there is none
            handles = {snap.name: opened.enter_context(open(snap, "rb"))}
            archive = warehouse.root / "files"
            for p in sorted(archive.iterdir()) if archive.is_dir() else []:
                if _ARCHIVED.match(f"files/{p.name}"):
                    handles[f"files/{p.name}"] = opened.enter_context(open(p, "rb"))
            for db in sorted(warehouse.root.glob("*.sqlite3")):
                _sqlite_copy(db, folder / db.name)
                entries[db.name] = _hash(folder / db.name)
        for rel, handle in handles.items():  # immutable files: copied from handles opened under the lock
            entries[rel] = _copy_hashed(handle, folder / rel)
    return entries


# -- restore --------------------------------------------------------------------------------------
def read_manifest(src: Path) -> dict:
    path = Path(src) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        files = manifest["files"]
        snapshot = manifest["snapshot"]
        assert manifest["format"] == FORMAT and isinstance(files, dict) and snapshot in files
    except (OSError, ValueError, KeyError, TypeError, AssertionError):
        raise BackupError(
            f"{path} 不存在或已损坏：{src} 不是本程序的备份（python -m etl backup 生成），未做任何更改",
            f"{path} is missing or damaged: {src} is not a backup made by python -m etl backup; "
            "nothing was changed",
        ) from None
    bad = [rel for rel in files if not (_ARCHIVED.match(rel) or _DATABASE.match(rel) or SNAPSHOT.match(rel))]
    if bad or not SNAPSHOT.match(snapshot):
        raise BackupError(
            f"{path} 列出了备份中不应有的文件：{', '.join(bad[:5])}，未做任何更改",
            f"{path} lists files a backup does not hold: {', '.join(bad[:5])}; nothing was changed",
        )
    return manifest


def verify(src: Path) -> dict:
    """Check every file of the backup against its manifest; returns the manifest or raises ``BackupError``."""
    src = Path(src)
    manifest = read_manifest(src)
    problems = []
    for rel, expected in manifest["files"].items():
        path = src / rel
        if not path.is_file():
            problems.append((rel, "缺失", "missing"))
            continue
        sha, size = _hash(path)
        if (sha, size) != (expected["sha256"], expected["bytes"]):
            problems.append(
                (
                    rel,
                    f"校验和不符（应为 sha256 {expected['sha256'][:12]}…，{expected['bytes']} 字节；"
                    f"实为 {sha[:12]}…，{size} 字节）",
                    f"checksum mismatch (expected sha256 {expected['sha256'][:12]}…, {expected['bytes']} "
                    f"bytes; found {sha[:12]}…, {size} bytes)",
                )
            )
    if problems:
        raise BackupError(
            f"备份 {src} 已损坏，未做任何更改："
            + "；".join(f"{rel} {zh}" for rel, zh, _ in problems)
            + "。请使用另一份备份",
            f"the backup {src} is damaged; nothing was changed: "
            + "; ".join(f"{rel}: {en}" for rel, _, en in problems)
            + ". Use another backup",
        )
    version = manifest.get("schema_version", 0)
    if version > schema.SCHEMA_VERSION:
        raise BackupError(
            f"备份 {src} 由更新版本的程序生成（数据结构版本 {version}），本程序只支持到版本 "
            f"{schema.SCHEMA_VERSION}，未做任何更改：请先升级本程序",
            f"the backup {src} was made by a newer release (schema version {version}; this code "
            f"knows up to {schema.SCHEMA_VERSION}); nothing was changed: upgrade the code first",
        )
    return manifest


def _occupied(root: Path) -> bool:
    archive = root / "files"
    return (
        Warehouse(root).exists()
        or any(root.glob("*.sqlite3"))
        or (archive.is_dir() and any(archive.iterdir()))
    )


def restore(src: Path, target: Warehouse, force: bool = False, timeout_s: float = 60.0) -> Summary:
    """Verify the backup at ``src`` and make it the warehouse at ``target`` (see the module docstring)."""
    src = Path(src)
    manifest = verify(src)
    if target.root.exists() and _occupied(target.root) and not force:
        raise BackupError(
            f"{target.root} 已有仓库数据，未做任何更改：确认要用备份覆盖时加 --force",
            f"{target.root} already holds a warehouse; nothing was changed: pass --force to "
            "replace it with the backup",
        )
    files = manifest["files"]
    databases = sorted(rel for rel in files if _DATABASE.match(rel))
    with target.lock(timeout_s):
        added: list[Path] = []  # removed again when the restore fails
        tmp = target.new_snapshot_path()
        try:
            _add_archived(src, target.root, files, added)
            with open(src / manifest["snapshot"], "rb") as fh:
                if _copy_hashed(fh, tmp)[0] != files[manifest["snapshot"]]["sha256"]:
                    raise BackupError(
                        f"备份 {src} 在恢复过程中被修改，未做任何更改",
                        f"the backup {src} changed during the restore; nothing was changed",
                    )
            for rel in databases:
                if not (target.root / rel).exists():
                    added.append(target.root / rel)
                _sqlite_copy(src / rel, target.root / rel)
        except BaseException:
            for path in [tmp, *added]:
                path.unlink(missing_ok=True)
            raise
        target.publish(tmp)
    return Summary(
        target.root,
        target.current_name() or "",
        int(manifest.get("schema_version", 0)),
        sum(1 for rel in files if rel.startswith("files/")),
        databases,
        sum(int(f["bytes"]) for f in files.values()),
    )


def _add_archived(src: Path, root: Path, files: dict[str, dict], added: list[Path]) -> None:
    """Archived files are named by their content: copy the ones the target lacks (or holds damaged),
    appending the new ones to ``added``.

    Files of the target that the backup does not hold are kept (the restored history does not refer
    to them; they are harmless)."""
    (root / "files").mkdir(parents=True, exist_ok=True)
    for rel, entry in files.items():
        target = root / rel
        if not rel.startswith("files/") or (target.is_file() and _hash(target)[0] == entry["sha256"]):
            continue
        if not target.exists():
            added.append(target)
        tmp = target.with_name(target.name + ".tmp")
        shutil.copyfile(src / rel, tmp)
        os.replace(tmp, target)
