"""Hostile names in a viewer's real browser: shown as literal text, and nothing fetched.

The warehouse holds the hostile corpus (``tests/files/hostile``) plus a community whose name carries
URLs of a recorder server on loopback (a ``<span style="background-image:url(…)">`` that plotly
would render as a styled SVG span, an ``<img>``, a markdown image). The pages that show it must
fetch none of them and show the name as written.
"""

from __future__ import annotations

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Page

from etl.loading import Source, load
from etl.warehouse import Warehouse
from tests.e2e import driver
from tests.e2e.conftest import App
from tests.helpers import AREAS_FILE, FILES, load_files

sys.path.insert(0, str(FILES))
from make_hostile import CORPUS, HERE, STREET  # noqa: E402

pytestmark = pytest.mark.e2e
CODE = "410311002914"
QUERY = f"?district=410311&street={STREET}&month=2024-05"


class _Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def recorder():
    handler = type("Recorder", (_Recorder,), {"hits": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler.hits
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def live_name(recorder) -> str:
    url, _ = recorder
    return f'<span style="background-image:url({url}/css)">样式</span><img src={url}/img>![m]({url}/md.png)'


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory, live_name):
    root = tmp_path_factory.mktemp("hostile-e2e")
    warehouse = Warehouse(root / "wh")
    assert load_files(warehouse, AREAS_FILE).committed
    assert load(warehouse, [Source(HERE / c.file, c.upload_name) for c in CORPUS], user="tester").committed
    quoted = live_name.replace('"', '""')
    (root / "live.csv").write_text(
        f'区划代码,名称,层级,上级代码,社区类型,户数,人口\n{CODE},"{quoted}",社区,{STREET},商品房,1200,3600\n',
        encoding="utf-8",
    )
    (root / "act.csv").write_text(
        f"社区代码,月份,活动类型,活动场次,参与人次\n{CODE},2024年5月,为民服务,1,3\n", encoding="utf-8"
    )
    assert load_files(warehouse, root / "live.csv", root / "act.csv").committed
    server = driver.StreamlitServer(
        driver.REPO_ROOT / "dashboard.py", env={"GOVDASH_DB": str(warehouse.root)}, log=root / "streamlit.log"
    )
    with server:
        yield server


@pytest.mark.parametrize(
    "path",
    [
        f"/{QUERY}",
        f"/volunteer{QUERY}",
        f"/coverage{QUERY}",
        f"/profile{QUERY}&code={CODE}",
        f"/present{QUERY}&slide=10",  # the laggards: street names on a chart
        f"/all-metrics{QUERY}",
        f"/map{QUERY}",
        f"/ledger{QUERY}",
        "/history",
    ],
)
def test_a_page_shows_hostile_names_as_text_and_fetches_nothing(
    page: Page, hostile_server, recorder, live_name, browser_requests, path
):
    url, hits = recorder
    page.set_default_timeout(60_000)
    app = App(page, hostile_server, browser_requests)
    app.open(path)
    page.wait_for_timeout(500)  # let images and styles that would load, load
    assert hits == [], path
    assert not [r for r in app.requests if r.startswith(url)]
    assert page.locator("img[src^='http://127.0.0.1']").count() == 0
    if path.startswith("/profile"):  # the title says the name exactly as it was written
        assert page.get_by_role("heading", level=1).first.inner_text().endswith(live_name)
