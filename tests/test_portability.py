"""Running off Debian: every module imports without ``fcntl`` (as on Windows), the warehouse lock keeps its
semantics through ``filelock``, and the PDF finds a Chinese font (or the one the setting names)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import types
from pathlib import Path

import pytest

from etl.messages import BusyError
from etl.warehouse import Warehouse
from govdash.report import fonts
from govdash.report.fonts import FontChoice, FontMissingError, discover, find_cjk_font
from tests.helpers import REPO_ROOT

WITHOUT_FCNTL = r"""
import importlib, importlib.abc, json, pkgutil, sys, warnings

class NoFcntl(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "fcntl":
            raise ModuleNotFoundError("No module named 'fcntl'", name=name)
        return None

sys.modules.pop("fcntl", None)
sys.meta_path.insert(0, NoFcntl())
warnings.simplefilter("ignore")
import etl, govdash
modules, failed = [], {}
for package in (etl, govdash):
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        modules.append(info.name)
        try:
            importlib.import_module(info.name)
        except Exception as err:
            failed[info.name] = repr(err)
from etl.messages import BusyError
from etl.warehouse import Warehouse
wh = Warehouse(sys.argv[1])
busy = False
with wh.lock():
    try:
        with wh.lock(timeout_s=0.2):
            pass
    except BusyError:
        busy = True
print(json.dumps({"modules": modules, "failed": failed, "busy": busy, "fcntl": "fcntl" in sys.modules}))
"""


def test_every_module_imports_without_fcntl(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_FCNTL, str(tmp_path / "wh")],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert {"etl.warehouse", "etl.backup", "govdash.db", "govdash.report.pdf_builder"} <= set(
        result["modules"]
    )
    assert len(result["modules"]) > 80
    assert result["failed"] == {}
    assert result["fcntl"] is False
    assert result["busy"] is True  # the lock still excludes a second holder


HOLD = """
import sys, time
from etl.warehouse import Warehouse
with Warehouse(sys.argv[1]).lock():
    print("held", flush=True)
    time.sleep(30)
"""


def test_lock_excludes_other_threads_and_processes_then_raises_busy(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh")
    outcome: list[str] = []

    def second() -> None:
        try:
            with wh.lock(timeout_s=0.3):
                outcome.append("acquired")
        except BusyError:
            outcome.append("busy")

    with wh.lock():
        thread = threading.Thread(target=second)
        thread.start()
        thread.join()
    assert outcome == ["busy"]
    with subprocess.Popen(
        [sys.executable, "-c", HOLD, str(wh.root)], cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True
    ) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
            with pytest.raises(BusyError), wh.lock(timeout_s=0.3):
                pass
        finally:
            holder.kill()
    with wh.lock(timeout_s=5):  # released when its holder died
        pass


# -- fonts ------------------------------------------------------------------------------------------
def test_default_font_is_noto_sans_cjk_sc() -> None:
    found = find_cjk_font("")
    assert found.path.name == "NotoSansCJK-Regular.ttc" and found.index == 2  # the SC face


def test_font_setting_names_a_family_or_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    serif = find_cjk_font("Noto Serif CJK SC")
    assert serif.path.name == "NotoSerifCJK-Regular.ttc" and serif.index == 2
    assert find_cjk_font(f"{serif.path}#3") == FontChoice(serif.path, 3)
    with pytest.raises(FontMissingError, match="GOVDASH_PDF_FONT=/nowhere/msyh.ttc: .*no such font file"):
        find_cjk_font("/nowhere/msyh.ttc")
    with pytest.raises(FontMissingError, match="GOVDASH_PDF_FONT=No Such Hei: .*no family of that name"):
        find_cjk_font("No Such Hei")


def test_pdf_embeds_the_font_the_setting_names(monkeypatch: pytest.MonkeyPatch) -> None:
    from govdash.report.pdf_builder import FAMILY, new_pdf

    monkeypatch.setenv("GOVDASH_PDF_FONT", "Noto Serif CJK SC")
    pdf = new_pdf(types.SimpleNamespace(title="报告", footer="洛龙区", lang="zh"))
    pdf.add_page()
    pdf.set_font(FAMILY, "", 12)
    pdf.cell(text="社区治理数据看板")
    embedded = set(re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([A-Za-z0-9-]+)", bytes(pdf.output())))
    assert embedded == {b"NotoSerifCJKSC"}


def test_windows_fonts_folder_is_searched_in_preference_order(tmp_path: Path) -> None:
    real = find_cjk_font("").path
    windir, local = tmp_path / "Windows", tmp_path / "AppData" / "Local"
    (windir / "Fonts").mkdir(parents=True)
    env = {"WINDIR": str(windir), "LOCALAPPDATA": str(local)}
    assert discover("win32", env, fontconfig=False) is None
    (windir / "Fonts" / "simhei.ttf").symlink_to(real)
    assert discover("win32", env, fontconfig=False) == FontChoice(windir / "Fonts" / "simhei.ttf", 0)
    (windir / "Fonts" / "msyh.ttc").symlink_to(real)  # Microsoft YaHei is preferred to SimHei
    assert discover("win32", env, fontconfig=False) == FontChoice(windir / "Fonts" / "msyh.ttc", 0)
    user_fonts = local / "Microsoft" / "Windows" / "Fonts"
    user_fonts.mkdir(parents=True)
    (user_fonts / "NotoSansCJKsc-Regular.otf").symlink_to(real)  # a per-user Noto install wins
    assert discover("win32", env, fontconfig=False).path == user_fonts / "NotoSansCJKsc-Regular.otf"


def test_no_chinese_font_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "discover", lambda: None)
    fonts._find.cache_clear()
    try:
        with pytest.raises(FontMissingError, match="install fonts-noto-cjk .*GOVDASH_PDF_FONT"):
            find_cjk_font("")
    finally:
        fonts._find.cache_clear()
