"""Drive the real dashboard in Debian's headless Chromium: start a server, wait until a page is ready.

Shared by the end-to-end tests (``tests/e2e``) and the ready-time benchmark (``bench/pages.py``).
Offline by design: Playwright only drives ``/usr/bin/chromium`` (never ``playwright install``).
"""

from __future__ import annotations

import io
import os
import runpy
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from PIL import Image
from playwright.sync_api import Page

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1440, "height": 1000}

# Counts script runs as the browser sees them (the stApp's data-test-script-state attribute goes
# initial -> running -> notRunning; `starts`/`ends` keep when, in performance.now() ms) and the
# messages the app's WebSocket receives: a very short rerun can start and finish within one React
# render, so the attribute never shows `running`, but its messages still arrive.
READY_INIT_SCRIPT = """
(() => {
  const st = window.__govdashReady = {runs: 0, msgs: 0, last: null, since: null, lastPoll: undefined,
                                      starts: [], ends: []};
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) { super(...args); this.addEventListener('message', () => { st.msgs += 1; }); }
  };
  const seen = () => {
    const app = document.querySelector('[data-testid=stApp]');
    const state = app ? app.getAttribute('data-test-script-state') : null;
    if (state === 'running' && st.last !== 'running') { st.runs += 1; st.starts.push(performance.now()); }
    if (state === 'notRunning' && st.last === 'running') st.ends.push(performance.now());
    st.last = state;
  };
  const observe = () => new MutationObserver(seen).observe(document.documentElement,
      {subtree: true, childList: true, attributes: true, attributeFilter: ['data-test-script-state']});
  if (document.documentElement) observe(); else document.addEventListener('DOMContentLoaded', observe);
})();
"""

# Ready: connected, a run or message newer than `before` ([runs, msgs]) and the script finished,
# no skeleton, every chart drawn, and all of that has held for `hold` ms of polls with no gap over
# 150 ms (a gap means the main thread was blocked, e.g. by WebGL shader compilation, so the page was
# not drawn yet; and a frame-level st.rerun() briefly looks finished). `since` is when the final
# stretch began.
READY_CHECK = """
([[runsBefore, msgsBefore], hold]) => {
  const st = window.__govdashReady;
  if (!st) return false;
  const app = document.querySelector('[data-testid=stApp]');
  const ok = !!(app
    && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && app.getAttribute('data-test-script-state') === 'notRunning'
    && (st.runs > runsBefore || st.msgs > msgsBefore)
    && document.querySelectorAll('[data-testid=stSkeleton]').length === 0
    && Array.from(document.querySelectorAll('[data-testid=stPlotlyChart]')).every(c => {
         const gd = c.querySelector('.js-plotly-plot');
         return gd && gd._fullData && c.querySelector('.main-svg');
       })
    && Array.from(document.querySelectorAll('[data-testid=stDeckGlJsonChart]'))
         .every(d => d.querySelector('canvas'))
    && Array.from(document.querySelectorAll('[data-testid=stEChartsChart]'))
         .every(e => { const c = e.querySelector('canvas, svg');
                       return c && c.clientWidth > 0 && e.getAttribute('aria-busy') !== 'true'; }));
  const now = performance.now();
  const gap = st.lastPoll === undefined ? 0 : now - st.lastPoll;
  st.lastPoll = now;
  if (!ok) { st.since = null; return false; }
  if (st.since === null || gap > 150) st.since = now;
  return now - st.since >= hold;
}
"""

# Per chart: its title, how many data points its visible traces hold (ECharts: how many sampled pixels
# are coloured), and how many trace groups (or map canvases) were drawn.
CHART_REPORT = """
() => {
  const plots = Array.from(document.querySelectorAll('[data-testid=stPlotlyChart]')).map(c => {
    const gd = c.querySelector('.js-plotly-plot');
    const traces = (gd && gd._fullData || []).filter(t => t.visible === true);
    const size = t => t._length ?? (t.z || t.values || t.y || t.x || []).length
      ?? (t.value !== undefined ? 1 : 0);
    const title = c.querySelector('.gtitle');
    return {kind: 'plotly', title: title ? title.textContent : '',
            points: traces.reduce((n, t) => n + (size(t) || 0), 0),
            drawn: c.querySelectorAll('.main-svg g.trace, .main-svg g.hm, .gl-canvas').length};
  });
  const decks = Array.from(document.querySelectorAll('[data-testid=stDeckGlJsonChart]')).map(d => {
    const canvas = d.querySelector('canvas');
    return {kind: 'deck', title: '', points: canvas ? 1 : 0,
            drawn: canvas && canvas.width > 0 && canvas.height > 0 ? 1 : 0};
  });
  const echarts = Array.from(document.querySelectorAll('[data-testid=stEChartsChart]')).map(e => {
    // ECharts draws on a canvas: count the coloured pixels (bars, lines; axes and text are grey)
    const canvas = e.querySelector('canvas');
    let coloured = 0;
    if (canvas && canvas.width > 0 && canvas.height > 0) {
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 0; i < data.length; i += 16) {
        const r = data[i], g = data[i + 1], b = data[i + 2];
        if (data[i + 3] > 0 && Math.max(r, g, b) - Math.min(r, g, b) > 40) coloured++;
      }
    }
    return {kind: 'echarts', title: e.getAttribute('aria-label') || '', points: coloured,
            drawn: canvas && canvas.width > 0 ? 1 : 0};
  });
  return plots.concat(decks, echarts);
}
"""


@dataclass(frozen=True)
class PageSpec:
    """One entry of ``govdash.pages.PAGES``: script path, title key of the UI dictionary, icon, URL path,
    the permission it needs."""

    path: str
    title_key: str
    icon: str
    url_path: str
    permission: str = "view"

    @property
    def exists(self) -> bool:
        return (REPO_ROOT / self.path).exists()


def dashboard_pages(dashboard: Path = REPO_ROOT / "dashboard.py") -> list[PageSpec]:
    """The pages of the registry (``govdash/pages.py`` beside ``dashboard``), read without importing
    the package (the registry module imports nothing), so another checkout's pages can be listed."""
    registry = runpy.run_path(str(dashboard.parent / "govdash" / "pages.py"))
    return [PageSpec(*entry) for entries in registry["PAGES"].values() for entry in entries]


def default_url_path(dashboard: Path = REPO_ROOT / "dashboard.py") -> str:
    """The URL path of the default page (``DEFAULT_URL`` of the registry). Streamlit serves the
    default page at the root URL, not at its url_path."""
    return runpy.run_path(str(dashboard.parent / "govdash" / "pages.py"))["DEFAULT_URL"]


def page_address(spec: PageSpec, default_url: str) -> str:
    """Path under the server where the page opens: the root for the default page."""
    return "" if spec.url_path == default_url else spec.url_path


def is_local(url: str, server_url: str) -> bool:
    """True for requests to the app's own server (and in-page data:, blob:, about: URLs)."""
    return url.startswith(("data:", "blob:", "about:")) or urlparse(url).netloc == urlparse(server_url).netloc


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_process(proc: subprocess.Popen | None, timeout: float = 10) -> None:
    """Terminate a server process of a test, killing it when it does not stop within ``timeout``."""
    if proc and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float, what: str) -> None:
    """Wait until ``url``/_stcore/health answers ok (Streamlit itself, or a proxy in front of it);
    raise if ``proc`` exits first or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{what} did not answer /_stcore/health within {timeout} s")


class StreamlitServer:
    """``python -m streamlit run <script>`` on a free local port; ``with`` it, or ``start()``/``stop()``.

    ``address`` is the ``--server.address`` it listens on (loopback by default); ``args`` are more
    command-line options (e.g. ``["--secrets.files", path]``)."""

    def __init__(
        self,
        script: Path,
        env: dict[str, str] | None = None,
        log: Path | None = None,
        address: str = "127.0.0.1",
        args: list[str] | None = None,
    ):
        self.script = script
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, **(env or {})}
        self.log = log
        self.address = address
        self.args = list(args or [])
        self._proc: subprocess.Popen | None = None
        self._log_file = None

    def start(self, timeout: float = 60) -> StreamlitServer:
        cmd = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(self.script),
            "--server.port",
            str(self.port),
            "--server.address",
            self.address,
            "--server.headless",
            "true",
            "--server.fileWatcherType",
            "none",
            "--browser.gatherUsageStats",
            "false",
            *self.args,
        ]
        self._log_file = open(self.log, "w", encoding="utf-8") if self.log else subprocess.DEVNULL  # noqa: SIM115
        self._proc = subprocess.Popen(
            cmd, cwd=REPO_ROOT, env=self.env, stdout=self._log_file, stderr=subprocess.STDOUT
        )
        try:
            wait_healthy(self.url, self._proc, timeout, f"streamlit (see {self.log})")
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        stop_process(self._proc)
        if self._log_file not in (None, subprocess.DEVNULL):
            self._log_file.close()

    def __enter__(self) -> StreamlitServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def prepare(page: Page) -> None:
    """Install the run counter; call once on a new page (or use ``context.add_init_script``)."""
    page.add_init_script(READY_INIT_SCRIPT)


def runs(page: Page) -> list[int]:
    """What the page has seen so far ([script runs, WebSocket messages]); pass it to ``wait_ready``
    before an interaction that reruns the script, to wait for *that* rerun."""
    return page.evaluate("() => { const s = window.__govdashReady; return s ? [s.runs, s.msgs] : [0, 0]; }")


def wait_ready(
    page: Page, runs_before: list[int] | None = None, timeout_ms: int = 120_000, hold_ms: int = 250
) -> float:
    """Wait until the app is ready (see ``READY_CHECK``) after a run newer than ``runs_before`` (default:
    any run, for a page just opened); returns ``performance.now()`` (ms since the document started
    loading) at the moment it became ready and stayed so."""
    page.evaluate(
        "() => { const s = window.__govdashReady; if (s) { s.lastPoll = undefined; s.since = null; } }"
    )
    before = runs_before or [0, 0]
    page.wait_for_function(READY_CHECK, arg=[before, hold_ms], timeout=timeout_ms, polling=50)
    return page.evaluate("() => window.__govdashReady.since")


def charts(page: Page) -> list[dict]:
    return page.evaluate(CHART_REPORT)


def blank_maps(page: Page) -> int:
    """How many deck.gl maps show a blank canvas (one colour or two): WebGL pixels are read from a
    screenshot of the element, as a person would see them."""
    blank = 0
    for chart in page.get_by_test_id("stDeckGlJsonChart").all():
        image = Image.open(io.BytesIO(chart.locator("canvas").first.screenshot())).convert("RGB")
        colours = image.getcolors(maxcolors=1 << 16)
        blank += colours is not None and len(colours) <= 2
    return blank


def select_in_sidebar(page: Page, label: str, option: str) -> None:
    """Pick ``option`` in the sidebar selectbox labelled ``label`` (react-aria combobox).

    The box is scrolled to the middle of the sidebar first, as a user would: clicked at the bottom
    edge of the viewport (a long sidebar, e.g. with province and city pickers) its list does not open.
    """
    box = page.get_by_test_id("stSidebar").get_by_role("combobox", name=label, exact=True)
    box.evaluate("el => el.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(200)
    box.click()
    page.get_by_role("option", name=option, exact=True).click()


def full_page_screenshot(page: Page, path: Path, max_height: int = 16_000) -> None:
    """Screenshot the whole app: Streamlit scrolls inside its main container, so Playwright's
    ``full_page`` alone stops at the viewport; grow the viewport to the content first."""
    size = page.viewport_size or VIEWPORT
    height = page.evaluate("""() => Math.max(document.documentElement.scrollHeight,
        ...['stMain', 'stAppViewContainer', 'stAppScrollToBottomContainer', 'stSidebarContent']
            .map(id => document.querySelector(`[data-testid=${id}]`))
            .filter(Boolean).map(el => el.scrollHeight))""")
    if height <= size["height"]:
        page.screenshot(path=str(path), full_page=True)
        return
    page.set_viewport_size({"width": size["width"], "height": min(height, max_height)})
    try:
        page.wait_for_timeout(300)  # charts re-lay out to the new size
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.set_viewport_size(size)
