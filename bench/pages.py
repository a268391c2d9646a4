"""Ready time of every dashboard page in headless Chromium, next to a hello-world Streamlit page.

    python -m bench.pages                      # from the repo root; 5 runs per page
    python -m bench.pages --runs 3 --pages overview,map --db /tmp/wh

Builds the demo warehouse in a temporary folder (or uses ``--db``; ``python -m bench`` calls
``measure()`` per scale), serves ``dashboard.py`` on a copy of it and ``bench/hello.py``
(``st.write("hello")``) the same way (``streamlit run``, headless, 127.0.0.1, the same settings), and
drives Debian's ``/usr/bin/chromium`` (no ``playwright install``).

Signed in as a deployment signs in (docs/deploy.md, header mode): the servers run with
``GOVDASH_AUTH=header`` on loopback behind nginx standing in for the SSO gateway
(``tests/e2e/gateway.py``), which sets ``X-Remote-User: bench-admin`` from each browser context's
session cookie; the copy of the warehouse has that administrator (``etl.access``), so every page,
the upload and audit pages included, is measured as a user with every right sees it. The copy also
takes the audit rows the visits write: the warehouse given is never modified.

For each page, ``--runs`` times, in a fresh browser context:

- **load**: navigate to the page's URL → ready, measured inside the page from navigation start to the
  moment it is ready: script state ``notRunning``, no skeleton, every chart drawn (plotly, ECharts) and
  every deck canvas there, held for 250 ms of polls with no main-thread stall (see
  ``tests/e2e/driver.py``);
- **filter change settles**: select another street of the district in the sidebar (a different
  street each run, so most queries are not cached yet) → ready again, from the click;
- **revisit**: the page's URL opened again in the same browser context (a returning visitor: the
  browser has Streamlit's front end and chart code cached, the server the view) → ready.

Runs go round-robin over the pages so drift hits every page alike; the first run of a page meets
cold server caches (it shows in max). Prints a markdown table: min / median / max seconds per page,
the ratio of medians to hello-world (target: no page above 1.5×), and the filter-change times.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from bench.signin import BENCH_USER, SERVER_ENV, signed_in_copy
from tests.e2e import driver
from tests.e2e.gateway import COOKIE, Gateway

HELLO = Path(__file__).resolve().parent / "hello.py"
# The hello-world server gets the same sign-in settings (it ignores them) and the same requests.
CLICK_TRACKER = """
document.addEventListener('pointerdown', () => {
  if (window.__govdashReady) window.__govdashReady.clickAt = performance.now();
}, true);
"""


@dataclass
class Target:
    name: str
    url: str
    streets: list[str] = field(default_factory=list)  # street names to pick in the sidebar
    load: list[float] = field(default_factory=list)
    settle: list[float] = field(default_factory=list)
    revisit: list[float] = field(default_factory=list)  # the same URL opened again in the same browser
    errors: list[str] = field(default_factory=list)


def _streets(db: Path) -> list[str]:
    """Street names of the dashboard's default district (the one with the most communities)."""
    from etl.warehouse import Warehouse

    con = Warehouse(db).connect_reader()
    try:
        return [
            r[0]
            for r in con.execute("""
            WITH d AS (SELECT s.parent_code AS code FROM areas c JOIN areas s ON c.parent_code = s.area_code
                       WHERE c.level = 'community' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1)
            SELECT area_name FROM areas WHERE level = 'street' AND parent_code = (SELECT code FROM d)
            ORDER BY area_code""").fetchall()
        ]
    finally:
        con.close()


def servers(db: Path, logs: Path) -> tuple[driver.StreamlitServer, driver.StreamlitServer]:
    """The dashboard on warehouse ``db`` and the hello-world page, with the same server settings."""
    app = driver.StreamlitServer(
        driver.REPO_ROOT / "dashboard.py", env={**SERVER_ENV, "GOVDASH_DB": str(db)}, log=logs / "app.log"
    )
    return app, driver.StreamlitServer(HELLO, env=SERVER_ENV, log=logs / "hello.log")


def _run_once(browser: Browser, target: Target, run: int, street_label: str) -> None:
    context = browser.new_context(viewport=driver.VIEWPORT, locale="zh-CN")
    origin = "/".join(target.url.split("/")[:3])  # the gateway's session, as after a sign-in there
    context.add_cookies([{"name": COOKIE, "value": BENCH_USER, "url": origin}])
    try:
        page = context.new_page()
        driver.prepare(page)
        page.add_init_script(CLICK_TRACKER)
        page.goto(target.url)
        target.load.append(driver.wait_ready(page) / 1000)
        errors = page.locator("[data-testid=stException], [data-testid=stAlertContentError]").count()
        if errors:
            target.errors.append(f"run {run + 1}: {errors} error element(s)")
        if target.streets:
            before = driver.runs(page)
            driver.select_in_sidebar(page, street_label, target.streets[run % len(target.streets)])
            ready = driver.wait_ready(page, runs_before=before)
            target.settle.append((ready - page.evaluate("window.__govdashReady.clickAt")) / 1000)
        # a returning visitor: the browser has the front end cached and the server the view
        page.goto(target.url)
        target.revisit.append(driver.wait_ready(page) / 1000)
    except Exception as exc:  # noqa: BLE001 - a failing page is reported in the table, the rest go on
        target.errors.append(f"run {run + 1}: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}")
    finally:
        context.close()


def _stats(values: list[float]) -> tuple[str, str, str]:
    if not values:
        return "—", "—", "—"
    return f"{min(values):.2f}", f"{statistics.median(values):.2f}", f"{max(values):.2f}"


def _table(targets: list[Target]) -> str:
    hello = statistics.median(targets[0].load) if targets[0].load else float("nan")
    lines = [
        "| page | load min (s) | load median (s) | load max (s) | median ÷ hello | "
        "filter change median (s) | filter change min–max (s) | revisit median (s) | revisit ÷ hello revisit |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    again = statistics.median(targets[0].revisit) if targets[0].revisit else float("nan")
    for t in targets:
        lo, med, hi = _stats(t.load)
        ratio = f"{statistics.median(t.load) / hello:.2f}×" if t.load else "—"
        s_lo, s_med, s_hi = _stats(t.settle)
        spread = f"{s_lo}–{s_hi}" if t.settle else "—"
        revisit = statistics.median(t.revisit) if t.revisit else float("nan")
        lines.append(
            f"| {t.name} | {lo} | {med} | {hi} | {ratio} | {s_med} | {spread} | {revisit:.2f} | {revisit / again:.2f}× |"
        )
    return "\n".join(lines)


def _chromium_version() -> str:
    try:
        out = subprocess.run([driver.CHROMIUM, "--version"], capture_output=True, text=True, timeout=30)
        return out.stdout.strip()
    except OSError:
        return "chromium ?"


def measure(db: Path, runs: int, pages: list[str] | None = None, log_dir: Path | None = None) -> list[Target]:
    """Serve the dashboard on a signed-in copy of warehouse ``db`` and the hello-world page; ``runs``
    rounds over every page (round-robin). The first target is the hello-world baseline."""
    from govdash.i18n import TEXT

    specs = [p for p in driver.dashboard_pages() if p.exists]
    if pages:
        specs = [p for p in specs if p.url_path in pages]
    default = driver.default_url_path()
    streets = _streets(db)
    logs = log_dir or Path(tempfile.gettempdir())
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as tmp:
        app, hello = servers(signed_in_copy(db, Path(tmp) / "wh"), logs)
        with (
            app,
            hello,
            Gateway(app, Path(tmp) / "app-gateway") as app_gateway,
            Gateway(hello, Path(tmp) / "hello-gateway") as hello_gateway,
            sync_playwright() as pw,
        ):
            browser = pw.chromium.launch(executable_path=driver.CHROMIUM, args=driver.CHROMIUM_ARGS)
            targets = [Target("hello world", hello_gateway.url)] + [
                Target(p.url_path, f"{app_gateway.url}/{driver.page_address(p, default)}", streets)
                for p in specs
            ]
            for run in range(runs):
                for target in targets:
                    _run_once(browser, target, run, TEXT["filter_street"][0])
            browser.close()
    return targets


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--pages", help="comma-separated url paths (default: every page of govdash.pages.PAGES)")
    ap.add_argument("--db", type=Path, help="warehouse folder (default: the demo, built in a temp folder)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        db = args.db
        if db is None:
            from etl.demo import build_demo

            db = build_demo(Path(tmp) / "wh").root
        targets = measure(db, args.runs, args.pages.split(",") if args.pages else None, Path(tmp))

    print(
        f"\nReady times, {args.runs} runs per page, headless {_chromium_version()}, "
        f"{os.cpu_count()} cores, {platform.machine()}; filter change = another street in the sidebar.\n"
    )
    print(_table(targets))
    for t in targets:
        for err in t.errors:
            print(f"- {t.name}: {err}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
