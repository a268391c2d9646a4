"""``bench/viewers.py`` against a real Streamlit server: the websocket client of the concurrent-viewer
benchmark (``bench/capacity.py``) opens pages as a browser does and sees them finish."""

from __future__ import annotations

import pytest

from bench.capacity import cpu_seconds, overview_views, peak_rss_mb
from bench.viewers import Run, View, burst, percentile, run_sync
from tests.e2e import driver


@pytest.fixture(scope="module")
def server(demo_warehouse, tmp_path_factory):
    log = tmp_path_factory.mktemp("viewers") / "streamlit.log"
    with driver.StreamlitServer(
        driver.REPO_ROOT / "dashboard.py", env={"GOVDASH_DB": str(demo_warehouse.root)}, log=log
    ) as srv:
        yield srv


def test_two_simultaneous_viewers_each_get_their_own_finished_run(server, demo_warehouse):
    views = overview_views(demo_warehouse.root, 2)
    assert len(set(views)) == 2 and all("street=" in v.query and "month=" in v.query for v in views)
    before = cpu_seconds(server._proc.pid)
    runs = run_sync(burst(server.url, views))
    assert all(isinstance(r, Run) for r in runs), runs
    assert [r.status for r in runs] == ["ok", "ok"]
    assert runs[0].session_id != runs[1].session_id  # two sessions, not one
    assert all(r.metrics and not r.errors and r.seconds > 0 and r.messages > 5 for r in runs)
    assert cpu_seconds(server._proc.pid) > before  # the server did the work
    assert peak_rss_mb(server._proc.pid) > 50


def test_a_page_by_its_url_path_and_an_unknown_page(server):
    views = [View("coverage", "lang=en"), View("overview", "lang=en"), View("no-such-page")]
    coverage, overview, missing = run_sync(burst(server.url, views))
    assert coverage.status == "ok" and not coverage.errors
    assert overview.status == "ok" and not overview.errors  # the default page by its name too
    assert missing.errors and "page not found" in missing.errors[0]


def test_percentile_is_nearest_rank():
    assert percentile([float(i) for i in range(1, 21)], 95) == 19.0
    assert percentile([3.0], 95) == 3.0
