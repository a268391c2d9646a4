"""``python -m bench.query_bench`` on the demo warehouse: every page's numbers agree with the hand
query, with the engine computing each time and with ``--engine-free`` (the engine's results of a call
handed back to later calls: what the rest of a page model costs)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from tests.helpers import REPO_ROOT


@pytest.fixture(scope="module")
def demo_copy(demo_warehouse, tmp_path_factory):
    folder = tmp_path_factory.mktemp("query-bench") / "wh"
    shutil.copytree(demo_warehouse.root, folder)
    return folder


@pytest.mark.parametrize("engine_free", [False, True], ids=["engine", "engine-free"])
def test_every_page_agrees_with_its_hand_query(demo_copy, engine_free):
    args = [sys.executable, "-m", "bench.query_bench", "--db", str(demo_copy), "--runs", "1"]
    res = subprocess.run(
        [*args, *(["--engine-free"] if engine_free else [])],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr[-2000:]
    results = json.loads(res.stdout)
    assert [r["page"] for r in results] == [
        "overview",
        "coverage",
        "volunteer",
        "five-star",
        "map",
        "profile",
    ]
    for r in results:
        assert r["error"] is None, r
        assert r["checked"] > 0 and r["mismatches"] == [], r
        assert len(r["app"]) == len(r["hand"]) == 1
