"""``make bundle``: one archive that installs the dashboard on a machine with no network.

    dist/govdash-offline-<commit>.tar
      govdash-offline/
        wheels/             every package of requirements.lock, for Linux x86-64 / CPython 3.11
                            (manylinux up to glibc 2.28: Debian 10+, Ubuntu 20.04+, RHEL/Kylin 8+)
        requirements.lock   every transitive dependency pinned with its sha256 (pip-compile)
        app/                the committed source (git archive HEAD)
        install.sh          venv + pip install --no-index --require-hashes + the app, under a prefix
        SHA256SUMS          of every file above

Wheels are downloaded once into a cache (``deploy/.wheels``, git-ignored) and copied from there with
``pip download --no-index``, which also proves the lock is complete without the network.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
LOCK = REPO_ROOT / "requirements.lock"
INSTALL_SH = Path(__file__).resolve().parent / "install.sh"
PLATFORMS = ("manylinux2014_x86_64", "manylinux_2_17_x86_64", "manylinux_2_28_x86_64")
TARGET = [
    *(a for p in PLATFORMS for a in ("--platform", p)),
    "--python-version",
    "3.11",
    "--implementation",
    "cp",
    "--abi",
    "cp311",
    "--abi",
    "abi3",
    "--abi",
    "none",
    "--only-binary=:all:",
]


def _pip(*args: str | Path, offline: bool = False) -> None:
    env = dict(os.environ)
    # The build machine's pip configuration (extra indexes, find-links, constraints) must not leak in.
    env["PIP_CONFIG_FILE"] = os.devnull
    for key in ("PIP_FIND_LINKS", "PIP_EXTRA_INDEX_URL", "PIP_CONSTRAINT", "PIP_INDEX_URL"):
        env.pop(key, None)
    if offline:
        env["PIP_NO_INDEX"] = "1"
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--quiet",
        "--require-hashes",
        "-r",
        str(LOCK),
        *TARGET,
        *map(str, args),
    ]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"pip download failed ({' '.join(cmd[3:])}):\n{done.stderr.strip()[-2000:]}")


def fetch_wheels(cache: Path) -> None:
    """Download what the lock names into ``cache`` (files already there are checked, not fetched)."""
    cache.mkdir(parents=True, exist_ok=True)
    _pip("--dest", cache)


def _commit() -> str:
    out = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True
    )
    return out.stdout.strip() or "unknown"


def _app_source(dest: Path) -> None:
    archive = subprocess.run(["git", "archive", "--format=tar", "HEAD"], cwd=REPO_ROOT, capture_output=True)
    if archive.returncode != 0:
        raise RuntimeError(f"git archive failed: {archive.stderr.decode(errors='replace').strip()}")
    dest.mkdir(parents=True)
    with tempfile.TemporaryFile() as fh:
        fh.write(archive.stdout)
        fh.seek(0)
        with tarfile.open(fileobj=fh) as tar:
            tar.extractall(dest, filter="data")


def _checksums(root: Path) -> str:
    lines = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.relative_to(root)}")
    return "\n".join(lines) + "\n"


def build(out_dir: Path, cache: Path) -> Path:
    """Write ``out_dir/govdash-offline-<commit>.tar`` and return its path."""
    fetch_wheels(cache)
    out_dir.mkdir(parents=True, exist_ok=True)
    name = "govdash-offline"
    target = out_dir / f"{name}-{_commit()}.tar"
    with tempfile.TemporaryDirectory(prefix="bundle-") as tmp:
        root = Path(tmp) / name
        (root / "wheels").mkdir(parents=True)
        _pip("--no-index", "--find-links", cache, "--dest", root / "wheels", offline=True)
        _app_source(root / "app")
        shutil.copy2(LOCK, root / "requirements.lock")
        shutil.copy2(INSTALL_SH, root / "install.sh")
        (root / "install.sh").chmod(0o755)
        (root / "SHA256SUMS").write_text(_checksums(root), encoding="utf-8")
        partial = target.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as tar:
            tar.add(root, arcname=name)
        partial.replace(target)
    return target
