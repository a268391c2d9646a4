"""End-to-end fixtures: the real app on the demo warehouse, driven by Debian's headless Chromium.

The tests are skipped (not failed) when there is no Chromium at ``/usr/bin/chromium`` (or $CHROMIUM);
CI installs it (``.ci/run``). Screenshots go to ``$ARTIFACTS_DIR/screenshots`` (default
``artifacts/screenshots``); the folder is printed at the end of the run.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.e2e import driver

E2E_DIR = Path(__file__).resolve().parent
ARTIFACTS = Path(os.environ.get("ARTIFACTS_DIR") or driver.REPO_ROOT / "artifacts")
SCREENSHOTS = ARTIFACTS / "screenshots"
_taken: list[Path] = []


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if Path(driver.CHROMIUM).exists():
        return
    skip = pytest.mark.skip(
        reason=f"no Chromium at {driver.CHROMIUM}: end-to-end tests need Debian's "
        "chromium and fonts-noto-cjk (apt-get install chromium fonts-noto-cjk)"
    )
    for item in items:
        if E2E_DIR in Path(str(item.path)).parents:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter) -> None:
    if _taken:
        terminalreporter.write_line(f"e2e screenshots ({len(_taken)}): {SCREENSHOTS}")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": driver.CHROMIUM, "args": driver.CHROMIUM_ARGS}


# What every browser context gets (tests that make their own contexts use it too: pytest-playwright's
# ``browser_context_args`` asks for ``base_url``, which starts the session's server).
CONTEXT_ARGS = {"viewport": driver.VIEWPORT, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, **CONTEXT_ARGS}


@pytest.fixture(scope="session")
def app_server(demo_warehouse):
    """The dashboard on the demo warehouse on a free local port, for the whole session."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    server = driver.StreamlitServer(
        driver.REPO_ROOT / "dashboard.py",
        env={"GOVDASH_DB": str(demo_warehouse.root)},
        log=ARTIFACTS / "e2e-streamlit.log",
    )
    with server:
        yield server


@pytest.fixture(scope="session")
def base_url(app_server) -> str:
    """Relative ``page.goto("/coverage")`` resolves against the session's server."""
    return app_server.url


@pytest.fixture(scope="session")
def browser_requests():
    """(server URL, requested URL) of every request any ``App`` page made in the session (HTTP and
    WebSocket). At the very end, fails the session if one went to another host than its app's server
    (each test also checks its own requests; this catches any made after a test's check)."""
    log: list[tuple[str, str]] = []
    yield log
    others = [url for server, url in log if not driver.is_local(url, server)]
    if others:
        pytest.fail(f"requests left the machine during the session: {others[:20]}", pytrace=False)


class App:
    """A browser page on the app: open a path and wait until ready, inspect errors, charts, requests."""

    def __init__(self, page: Page, server: driver.StreamlitServer, log: list[tuple[str, str]]):
        self.page = page
        self.server = server
        self.requests: list[str] = []
        driver.prepare(page)

        def record(url: str) -> None:
            self.requests.append(url)
            log.append((server.url, url))

        page.on("request", lambda r: record(r.url))
        page.on("websocket", lambda ws: record(ws.url))

    def open(self, path: str) -> float:
        """Go to ``/<path>`` and wait until ready; returns the ready time in seconds."""
        self.page.goto(f"{self.server.url}/{path.lstrip('/')}")
        return driver.wait_ready(self.page) / 1000

    def rerun_after(self, action) -> None:
        """Do ``action()`` (a widget change) and wait for the rerun it causes to finish."""
        before = driver.runs(self.page)
        action()
        driver.wait_ready(self.page, runs_before=before)

    def errors(self) -> list[str]:
        """Texts of error elements: exceptions, st.error boxes, Streamlit's 'Page not found' dialog."""
        found = self.page.locator("[data-testid=stException], [data-testid=stAlertContentError]")
        texts = [t.strip()[:300] for t in found.all_inner_texts()]
        dialogs = self.page.get_by_role("dialog").all_inner_texts()
        return texts + [d.strip()[:300] for d in dialogs if "Page not found" in d]

    def external(self) -> list[str]:
        """Requested URLs that did not go to the local server."""
        return [u for u in self.requests if not driver.is_local(u, self.server.url)]

    def title(self) -> str:
        heading = self.page.get_by_test_id("stMain").locator("h1, [role=heading][aria-level='1']").first
        return heading.inner_text().strip() if heading.count() else ""

    def main_text(self) -> str:
        return self.page.get_by_test_id("stMain").inner_text()

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_-]+', '_', name).strip('_')}.png"
        driver.full_page_screenshot(self.page, path)
        _taken.append(path)
        return path


@pytest.fixture
def app(page: Page, app_server, browser_requests) -> App:
    page.set_default_timeout(30_000)
    return App(page, app_server, browser_requests)
