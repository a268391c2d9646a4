"""Take screenshots of dashboard pages in headless Chromium (offline; Debian's /usr/bin/chromium).

    python tools/screenshot.py --url http://127.0.0.1:8501 --out docs/screenshots home "home?lang=en"

Each name is a URL path (with query) under the app; the file is named after it. Also prints every
request that left the local server (there must be none).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def wait_ready(page, timeout_ms: int = 60_000) -> None:
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout_ms,
                           state="attached")
    page.wait_for_timeout(300)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout_ms,
                           state="attached")
    page.wait_for_function("document.querySelectorAll('[data-testid=stSkeleton]').length === 0",
                           timeout=timeout_ms)
    page.wait_for_timeout(500)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="http://127.0.0.1:8501")
    ap.add_argument("--out", type=Path, default=Path("artifacts/screenshots"))
    ap.add_argument("--width", type=int, default=1440)
    ap.add_argument("--height", type=int, default=1000)
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    host = urlparse(args.url).netloc
    external: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": args.height})
        page.on("request", lambda r: external.append(r.url) if urlparse(r.url).netloc not in (host, "") and
                not r.url.startswith(("data:", "blob:")) else None)
        for path in args.paths:
            page.goto(f"{args.url}/{path}")
            wait_ready(page)
            name = re.sub(r"[^A-Za-z0-9_-]+", "_", path).strip("_") or "root"
            page.screenshot(path=str(args.out / f"{name}.png"), full_page=True)
            print(args.out / f"{name}.png")
        browser.close()
    for url in external:
        print("EXTERNAL REQUEST:", url)
    return 1 if external else 0


if __name__ == "__main__":
    raise SystemExit(main())
