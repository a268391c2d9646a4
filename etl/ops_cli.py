"""What the ``python -m etl`` verbs ``migrate``, ``backup`` and ``restore`` do and print."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from etl.warehouse import Warehouse

VERBS = ("migrate", "backup", "restore")


def t(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    sub.add_parser("migrate", parents=[common], help="bring the warehouse to this code's schema version")
    p = sub.add_parser(
        "backup", parents=[common], help="copy the warehouse, history, users and files to DEST"
    )
    p.add_argument("dest", type=Path, help="a new (or empty) folder")
    p = sub.add_parser("restore", parents=[common], help="verify a backup and make it the warehouse (--db)")
    p.add_argument("src", type=Path, help="a folder written by python -m etl backup")
    p.add_argument("--force", action="store_true", help="replace a warehouse that already holds data")


def run(args: argparse.Namespace, warehouse: Warehouse, lang: str) -> int:
    """Run one of ``VERBS``; ``BackupError`` exits with 1 and its message."""
    from etl.backup import BackupError

    try:
        if args.verb == "migrate":
            return _migrate(warehouse, lang)
        if args.verb == "backup":
            return _backup(warehouse, args.dest, lang)
        return _restore(warehouse, args.src, args.force, lang)
    except BackupError as err:
        print(err.message(lang), file=sys.stderr)
        return 1


def _migrate(warehouse: Warehouse, lang: str) -> int:
    from etl.schema import SCHEMA_VERSION
    from etl.upgrade import refresh_derived, upgrade

    old, changes = upgrade(warehouse)
    rebuilt = refresh_derived(warehouse)
    if rebuilt and not changes:
        print(
            t(
                lang,
                f"已按本版本重建仓库 {warehouse.root} 的预聚合表（{len(rebuilt)} 组），数据未变",
                f"rebuilt the derived tables of {warehouse.root} for this release ({len(rebuilt)} groups); "
                "no data changed",
            )
        )
        return 0
    if not changes:
        print(
            t(
                lang,
                f"仓库 {warehouse.root} 已是数据结构版本 {SCHEMA_VERSION}，无需升级",
                f"{warehouse.root} is already at schema version {SCHEMA_VERSION}; nothing to do",
            )
        )
        return 0
    print(
        t(
            lang,
            f"已升级仓库 {warehouse.root}：数据结构版本 {old} -> {SCHEMA_VERSION}（{'；'.join(changes)}）",
            f"upgraded {warehouse.root}: schema version {old} -> {SCHEMA_VERSION} ({'; '.join(changes)})",
        )
    )
    return 0


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e3:.1f} kB"


def _backup(warehouse: Warehouse, dest: Path, lang: str) -> int:
    from etl.backup import backup

    s = backup(warehouse, dest)
    dbs = ", ".join(s.databases) or t(lang, "无", "none")
    print(
        t(
            lang,
            f"已备份 {warehouse.root} 到 {s.folder}：快照 {s.snapshot}（数据结构版本 {s.schema_version}），"
            f"{s.archived_files} 个原始文件，SQLite 数据库：{dbs}；共 {_size(s.total_bytes)}，"
            "每个文件的 sha256 记在 MANIFEST.json",
            f"backed up {warehouse.root} to {s.folder}: snapshot {s.snapshot} (schema version {s.schema_version}), "
            f"{s.archived_files} archived files, SQLite databases: {dbs}; {_size(s.total_bytes)} in all, "
            "each file's sha256 in MANIFEST.json",
        )
    )
    return 0


def _restore(warehouse: Warehouse, src: Path, force: bool, lang: str) -> int:
    from etl.backup import restore
    from etl.schema import SCHEMA_VERSION

    s = restore(src, warehouse, force=force)
    dbs = ", ".join(s.databases) or t(lang, "无", "none")
    print(
        t(
            lang,
            f"校验通过，已将备份 {src} 恢复到 {s.folder}（当前快照 {s.snapshot}，{s.archived_files} 个原始文件，"
            f"SQLite 数据库：{dbs}）",
            f"checksums verified; restored {src} into {s.folder} (current snapshot {s.snapshot}, "
            f"{s.archived_files} archived files, SQLite databases: {dbs})",
        )
    )
    if s.schema_version < SCHEMA_VERSION:
        print(
            t(
                lang,
                f"该备份是数据结构版本 {s.schema_version}：请运行 python -m etl migrate 升级",
                f"the backup has schema version {s.schema_version}: run python -m etl migrate to upgrade it",
            )
        )
    return 0
