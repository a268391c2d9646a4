"""What a chart library costs a first visit: hello world, one plotly chart, one ECharts chart.

``python -m bench.chart_libs [--runs N]``: three Streamlit servers (``bench/hello.py`` and
``bench/chart_apps.py`` with plotly or with ECharts, the same chart), each page opened in a fresh
browser context in turn (round-robin, so a slow moment hits all three), until ready as
``tests/e2e/driver.wait_ready`` defines it (the chart drawn), then opened again in the same context
(a returning visitor, the front end in the browser's cache). Also counted: the JavaScript the first
visit downloads. Prints a markdown table; medians, ratios against hello world of the same rounds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from tests.e2e import driver

HERE = Path(__file__).resolve().parent
# page: (script, query string); each its own server
APPS = {
    "hello world": (HERE / "hello.py", ""),
    "one plotly chart": (HERE / "chart_apps.py", "?lib=plotly"),
    "one ECharts chart": (HERE / "chart_apps.py", "?lib=echarts"),
}


@dataclass
class Visits:
    first: list[float] = field(default_factory=list)
    revisit: list[float] = field(default_factory=list)
    js_kb: list[float] = field(default_factory=list)


def _visit(browser: Browser, url: str, into: Visits) -> None:
    context = browser.new_context(viewport=driver.VIEWPORT, locale="zh-CN")
    try:
        page = context.new_page()
        driver.prepare(page)
        sizes: list[int] = []
        page.on("response", lambda r: sizes.append(len(r.body())) if r.url.endswith(".js") else None)
        page.goto(url)
        into.first.append(driver.wait_ready(page) / 1000)
        into.js_kb.append(sum(sizes) / 1024)
        page.goto(url)
        into.revisit.append(driver.wait_ready(page) / 1000)
    finally:
        context.close()


def measure(runs: int) -> dict[str, Visits]:
    results = {name: Visits() for name in APPS}
    servers = {
        name: driver.StreamlitServer(script, env={"PYTHONPATH": str(driver.REPO_ROOT)})
        for name, (script, _) in APPS.items()
    }
    try:
        for server in servers.values():
            server.start()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=driver.CHROMIUM, args=driver.CHROMIUM_ARGS)
            urls = {name: servers[name].url + "/" + query for name, (_, query) in APPS.items()}
            for url in urls.values():  # warm-up: the servers' first runs, the chunks in the OS cache
                _visit(browser, url, Visits())
            for _ in range(runs):
                for name, url in urls.items():
                    _visit(browser, url, results[name])
            browser.close()
    finally:
        for server in servers.values():
            server.stop()
    return results


def table(results: dict[str, Visits]) -> str:
    hello = results["hello world"]
    lines = [
        "| page | JS downloaded (KB) | first visit s (min / median / max) | ÷ hello | revisit s | ÷ hello revisit |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, v in results.items():
        first, again = statistics.median(v.first), statistics.median(v.revisit)
        lines.append(
            f"| {name} | {statistics.median(v.js_kb):,.0f} | {min(v.first):.2f} / {first:.2f} / {max(v.first):.2f} "
            f"| {first / statistics.median(hello.first):.2f}× | {again:.2f} "
            f"| {again / statistics.median(hello.revisit):.2f}× |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="rounds over the three pages (default 9)")
    args = parser.parse_args()
    print(table(measure(args.runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
