"""The Chinese font the PDF report embeds, found on Linux, Windows and macOS.

The setting ``pdf_font`` (``GOVDASH_PDF_FONT``) names one: a font file (``.ttf``, ``.otf`` or a ``.ttc``
collection, whose face is chosen with ``#N``, e.g. ``/fonts/NotoSansCJK-Regular.ttc#2``) or a family
name that fontconfig knows (``fc-list``). Without it, the first installed family of ``PREFERRED`` is
used: looked up with ``fc-list :lang=zh-cn`` where fontconfig exists (most Linux systems), else at the
places where Debian/Ubuntu, Fedora, Arch, Windows (``%WINDIR%\\Fonts`` and the per-user fonts folder)
and macOS install them. Only one regular face is embedded (subset), because each face costs seconds.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from etl.settings import setting

# Sans-serif faces with Simplified Chinese, best first.
PREFERRED = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Hiragino Sans GB",
)
# (file, face in the collection) at the places distributions install them, in PREFERRED order
LINUX_FILES = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),  # Debian/Ubuntu fonts-noto-cjk
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),  # Arch noto-fonts-cjk
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", 2),  # Fedora
    ("/usr/share/fonts/google-noto-sans-cjk-fonts/NotoSansCJK-Regular.ttc", 2),  # Fedora 39+
    ("/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf", 0),
    ("/usr/share/fonts/adobe-source-han-sans/SourceHanSansSC-Regular.otf", 0),
    ("/usr/share/fonts/adobe-source-han-sans-cn-fonts/SourceHanSansCN-Regular.otf", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),  # Debian fonts-wqy-microhei
    ("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc", 0),
)
WINDOWS_FILES = (  # names inside a Windows fonts folder
    ("NotoSansCJKsc-Regular.otf", 0),
    ("SourceHanSansSC-Regular.otf", 0),
    ("msyh.ttc", 0),  # Microsoft YaHei
    ("msyh.ttf", 0),
    ("simhei.ttf", 0),  # SimHei
)
MAC_FILES = (
    ("/Library/Fonts/NotoSansCJKsc-Regular.otf", 0),
    ("/System/Library/Fonts/PingFang.ttc", 0),
    ("/System/Library/Fonts/Hiragino Sans GB.ttc", 0),
    ("/System/Library/Fonts/STHeiti Light.ttc", 0),
)
REGULAR_STYLES = ("regular", "normal", "book", "roman")


@dataclass(frozen=True)
class FontChoice:
    path: Path
    index: int = 0  # the face of a .ttc/.otc collection


class FontMissingError(RuntimeError):
    """No Chinese font for the PDF (or the one ``GOVDASH_PDF_FONT`` names does not exist)."""


def _windows_dirs(env: dict[str, str]) -> list[Path]:
    dirs = [Path(env.get("WINDIR") or env.get("SystemRoot") or r"C:\Windows") / "Fonts"]
    if env.get("LOCALAPPDATA"):
        dirs.append(Path(env["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")  # per-user installs
    return dirs


def known_files(platform: str = sys.platform, env: dict[str, str] | None = None) -> list[FontChoice]:
    """Where the fonts of ``PREFERRED`` are usually installed on ``platform``, best first."""
    if platform == "win32":
        env = dict(os.environ) if env is None else env
        return [FontChoice(d / name, i) for name, i in WINDOWS_FILES for d in _windows_dirs(env)]
    if platform == "darwin":
        return [FontChoice(Path(p), i) for p, i in MAC_FILES]
    return [FontChoice(Path(p), i) for p, i in LINUX_FILES]


def _fc_list(pattern: str) -> list[tuple[FontChoice, list[str], bool]]:
    """Faces fontconfig knows for ``pattern``: (file and face, family names, whether regular)."""
    exe = shutil.which("fc-list")
    if exe is None:
        return []
    try:
        out = subprocess.run(
            [exe, "-f", "%{file}\t%{index}\t%{family}\t%{style}\n", pattern],
            capture_output=True,
            text=True,
            timeout=20,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    faces = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 4 or not parts[1].isdigit():
            continue
        families = [f.strip().lower() for f in parts[2].split(",")]
        regular = any(s.strip().lower() in REGULAR_STYLES for s in parts[3].split(","))
        faces.append((FontChoice(Path(parts[0]), int(parts[1])), families, regular))
    return faces


def _by_family(faces: list[tuple[FontChoice, list[str], bool]], names: tuple[str, ...]) -> FontChoice | None:
    for name in names:
        matches = sorted(
            (not regular, str(f.path), f.index) for f, fams, regular in faces if name.lower() in fams
        )
        if matches:
            _, path, index = matches[0]
            return FontChoice(Path(path), index)
    return None


def _named(value: str) -> FontChoice:
    """The font the setting names: a file (``#N`` selects a face of a collection) or a family."""
    path, _, face = value.partition("#") if value.rpartition("#")[2].isdigit() else (value, "", "")
    if Path(path).suffix.lower() in (".ttf", ".otf", ".ttc", ".otc"):
        if Path(path).is_file():
            return FontChoice(Path(path), int(face or 0))
        raise FontMissingError(
            f"{setting('pdf_font').env}={value}: 找不到该字体文件 / no such font file; name an existing "
            ".ttf/.otf/.ttc file (a face of a collection as file.ttc#2) or a font family"
        )
    found = _by_family(_fc_list(":"), (value,))
    if found is None:
        raise FontMissingError(
            f"{setting('pdf_font').env}={value}: 系统中没有这个字体 / fontconfig has no family of that name "
            "(see `fc-list :lang=zh-cn family`); name an installed family or a font file"
        )
    return found


def discover(
    platform: str = sys.platform, env: dict[str, str] | None = None, fontconfig: bool = True
) -> FontChoice | None:
    """The best installed font of ``PREFERRED``: through fontconfig when it exists, else at the known places."""
    found = _by_family(_fc_list(":lang=zh-cn"), PREFERRED) if fontconfig else None
    return found or next((f for f in known_files(platform, env) if f.path.is_file()), None)


def find_cjk_font(value: str | None = None) -> FontChoice:
    """The font for the PDF: the one ``value`` (default: the ``pdf_font`` setting) names, else the best
    installed one. Raises ``FontMissingError`` with what to install."""
    return _find(setting("pdf_font").value() if value is None else value)


@functools.lru_cache(maxsize=8)
def _find(value: str) -> FontChoice:
    if value:
        return _named(value)
    found = discover()
    if found is None:
        raise FontMissingError(
            "没有可用于PDF的中文字体 / no Chinese font for the PDF: install fonts-noto-cjk (Debian/Ubuntu), "
            "google-noto-sans-cjk-fonts (Fedora) or noto-fonts-cjk (Arch), or set "
            f"{setting('pdf_font').env} to a .ttf/.otf/.ttc file (Windows: C:\\Windows\\Fonts\\msyh.ttc)"
        )
    return found
