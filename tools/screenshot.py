"""Take full-page screenshots of dashboard pages in headless Chromium (offline; Debian's /usr/bin/chromium).

    python tools/screenshot.py --url http://127.0.0.1:8501 --out docs/screenshots "" "coverage?lang=en"

Each name is a URL path (with query) under the app; the file is named after it. Prints every request
that left the local server (there must be none) and exits 1 if there was one. Readiness and capture
are the end-to-end tests' own (``tests/e2e/driver.py``).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.e2e import driver  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="http://127.0.0.1:8501")
    ap.add_argument("--out", type=Path, default=Path("artifacts/screenshots"))
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    external: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=driver.CHROMIUM, args=driver.CHROMIUM_ARGS)
        page = browser.new_page(viewport=driver.VIEWPORT)
        driver.prepare(page)
        page.on("request", lambda r: None if driver.is_local(r.url, args.url) else external.append(r.url))
        for path in args.paths:
            page.goto(f"{args.url}/{path}")
            driver.wait_ready(page)
            name = re.sub(r"[^A-Za-z0-9_-]+", "_", path).strip("_") or "root"
            driver.full_page_screenshot(page, args.out / f"{name}.png")
            print(args.out / f"{name}.png")
        browser.close()
    for url in external:
        print("EXTERNAL REQUEST:", url)
    return 1 if external else 0


if __name__ == "__main__":
    raise SystemExit(main())
