"""The offline bundle installs and the dashboard starts on a machine with no network (``make bundle``).

Slow (~1–2 min; the first run also downloads ~180 MB of wheels into ``deploy/.wheels``, kept between
runs). The install and the app run in a network namespace of their own (``unshare -n``: only a loopback
interface) when the test runs as root; otherwise with ``PIP_NO_INDEX`` alone.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from deploy import bundle
from deploy.stack import free_port

CACHE = bundle.REPO_ROOT / "deploy" / ".wheels"

# Runs inside the namespace: install, prove there is no network, start the app, open its default page.
OFFLINE_SCRIPT = r"""
set -eu
if [ "${NETNS:-0}" = 1 ]; then ip link set lo up; fi
"$BUNDLE/install.sh" "$PREFIX"
py="$PREFIX/venv/bin/python"
if "$py" -c 'import socket; socket.create_connection(("pypi.org", 443), timeout=3)' 2>/dev/null; then
    [ "${NETNS:-0}" = 1 ] && { echo "network reachable inside the namespace"; exit 3; }
else
    echo "no network: pypi.org unreachable"
fi
cd "$PREFIX/app"
"$py" -m etl demo --db "$PREFIX/warehouse" >/dev/null  # an explicit GOVDASH_DB is never filled by itself
GOVDASH_DB="$PREFIX/warehouse" "$py" -m streamlit run dashboard.py --server.address 127.0.0.1 \
    --server.port "$PORT" --server.headless true >"$PREFIX/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true' EXIT
"$py" - <<'EOF'
import os, time, urllib.request
url = f"http://127.0.0.1:{os.environ['PORT']}/_stcore/health"
for _ in range(300):
    try:
        body = urllib.request.urlopen(url, timeout=2).read().decode()
        print("health:", body)
        break
    except OSError:
        time.sleep(0.2)
else:
    raise SystemExit("no answer from " + url)
EOF
"$py" -m bench.viewers "http://127.0.0.1:$PORT" --query lang=en
"""


def test_the_lock_pins_every_requirement_at_its_version():
    """requirements.lock (pip-compile --generate-hashes) must follow requirements.txt: regenerate it with
    the command in its header after changing a pin."""
    lock = (bundle.REPO_ROOT / "requirements.lock").read_text(encoding="utf-8")
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", (bundle.REPO_ROOT / "requirements.txt").read_text(), re.M)
    locked = dict(re.findall(r"^([a-z0-9_.-]+)==(\S+) \\$", lock, re.M))
    assert pins and {(n.lower(), v) for n, v in pins} <= set(locked.items()), "requirements.lock is stale"
    blocks = re.split(r"\n(?=[a-z0-9_.-]+==)", lock)
    assert all("--hash=sha256:" in b for b in blocks[1:]), "a locked package without hashes"


@pytest.mark.slow
def test_the_bundle_installs_and_starts_with_no_network(tmp_path: Path):
    archive = bundle.build(tmp_path / "dist", CACHE)
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path, filter="data")
    root = tmp_path / "govdash-offline"
    wheels = sorted(p.name for p in (root / "wheels").iterdir())
    assert any(w.startswith("streamlit-1.67.0-") for w in wheels) and any(
        w.startswith("duckdb-") for w in wheels
    )
    assert len(wheels) == (root / "requirements.lock").read_text(encoding="utf-8").count("==")

    netns = os.geteuid() == 0 and shutil.which("unshare") is not None and shutil.which("ip") is not None
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "PIP_NO_INDEX": "1",
        "PYTHON": getattr(sys, "_base_executable", sys.executable),
        "BUNDLE": str(root),
        "PREFIX": str(tmp_path / "opt"),
        "PORT": str(free_port()),
        "NETNS": "1" if netns else "0",
    }
    cmd = ["unshare", "-n", "sh", "-c", OFFLINE_SCRIPT] if netns else ["sh", "-c", OFFLINE_SCRIPT]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    log = tmp_path / "opt" / "app.log"
    detail = done.stdout + done.stderr + (log.read_text(encoding="utf-8")[-3000:] if log.exists() else "")
    assert done.returncode == 0, detail
    assert "health: ok" in done.stdout, detail
    assert "1 viewers: p50" in done.stdout, detail  # the default page ran to the end without errors
    if netns:
        assert "no network: pypi.org unreachable" in done.stdout, detail
