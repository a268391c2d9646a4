"""The load path keeps nothing it should not: no archived file of a load that did not commit, no
upload folder after a check or a load, and a full disk (a real tmpfs, mounted for the test; root
only) ends a load or an upload check with a message and an unchanged warehouse.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from etl.warehouse import Warehouse
from tests.helpers import FILES, load_files, snapshot


def test_files_of_a_load_that_did_not_commit_are_not_archived(warehouse, tmp_path):
    good = tmp_path / "act_june.csv"
    good.write_text(
        "社区代码,月份,活动类型,活动场次,参与人次\n410311002001,2024年6月,为民服务,3,90\n", encoding="utf-8"
    )
    bad = FILES / "act_negative.csv"
    before = sorted(p.name for p in (warehouse.root / "files").iterdir())
    report = load_files(warehouse, good, bad)
    assert not report.committed and report.files[0].problems == [] and report.files[1].problems
    assert sorted(p.name for p in (warehouse.root / "files").iterdir()) == before


def _mount_tmpfs(path: Path, size: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True
    )
    return done.returncode == 0


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("free_mb", [1.0, 3.0])  # the snapshot copy fails / DuckDB's checkpoint fails
def test_a_full_disk_leaves_a_message_and_an_intact_warehouse(tmp_path, _areas_template, free_mb, lang):
    mount = tmp_path / "disk"
    if not _mount_tmpfs(mount, "12m"):
        pytest.skip("mounting a tmpfs needs root")
    try:
        warehouse = Warehouse(mount / "wh")
        shutil.copytree(_areas_template, warehouse.root)
        free = shutil.disk_usage(mount).free
        (mount / "filler").write_bytes(b"\0" * int(free - free_mb * 1024 * 1024))
        before_version, before = warehouse.version(), snapshot(warehouse)
        before_files = sorted(p.name for p in warehouse.root.iterdir())
        report = load_files(warehouse, FILES / "act_utf8.csv")
        assert not report.committed and not report.ok
        (problem,) = report.problems
        assert problem.code == "disk_full"
        text = problem.render(lang)
        if lang == "zh":
            assert (
                "磁盘空间不足" in text and "仓库中的数据没有任何改变" in text and "请清理该磁盘或扩容" in text
            )
        else:
            assert (
                "the disk is full" in text and "the warehouse is unchanged" in text and "free space" in text
            )
        assert warehouse.version() == before_version and snapshot(warehouse) == before
        assert sorted(p.name for p in warehouse.root.iterdir()) == before_files  # no partial snapshot left
        (mount / "filler").unlink()
        assert load_files(warehouse, FILES / "act_utf8.csv").committed  # with space again, it loads
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_full_temp_disk_during_an_upload_check_is_a_message(warehouse, tmp_path, monkeypatch):
    from govdash import upload

    mount = tmp_path / "tmpdisk"
    if not _mount_tmpfs(mount, "1m"):
        pytest.skip("mounting a tmpfs needs root")
    try:
        (mount / "filler").write_bytes(b"\0" * shutil.disk_usage(mount).free)
        monkeypatch.setattr(tempfile, "tempdir", str(mount))
        con = warehouse.connect_reader()
        try:
            result = upload.check(
                con.cursor(), (FILES / "act_utf8.csv").read_bytes(), "act_utf8.csv", limit_mb=50
            )
        finally:
            con.close()
        assert not result.ok
        assert [p.render("zh") for p in result.problems] == [
            "act_utf8.csv：服务器无法保存上传的文件（No space left on device），文件未被检查，仓库中的数据没有任何改变。"
            f"修改建议：请联系管理员清理服务器临时目录 {mount} 所在磁盘的空间（或检查其权限）后重新上传"
        ]
        assert sorted(p.name for p in mount.iterdir()) == ["filler"]  # no half-written upload left
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_upload_folders_left_by_a_killed_process_are_swept(tmp_path, monkeypatch):
    import os
    import time

    from govdash import upload

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    old, fresh, other = tmp_path / "govdash-upload-old", tmp_path / "govdash-upload-new", tmp_path / "keep-me"
    for folder in (old, fresh, other):
        folder.mkdir()
        (folder / "x.csv").write_bytes(b"a")
    hours_ago = time.time() - 2 * 3600
    os.utime(old, (hours_ago, hours_ago))
    os.utime(other, (hours_ago, hours_ago))
    upload.sweep_stale()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["govdash-upload-new", "keep-me"]
