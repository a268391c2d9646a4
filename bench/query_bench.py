"""Section 2a, page queries: each page's data functions next to one hand-written DuckDB query.

    python -m bench.query_bench --db WAREHOUSE [--runs 3]     # prints JSON (one object per page)

Runs in its own process per warehouse (``GOVDASH_DB`` is read by ``govdash.db``). Outside Streamlit
the ``govdash.cache.model`` functions use an in-memory cache: it is cleared before every timed call, so
each run does the real work; the read-only connection (``govdash.cache.resource``) stays open, as in the
server. One untimed warm-up round first (opens the snapshot, fills DuckDB's buffer pool); then the
app and hand sides alternate. Every number both sides return must agree (missing = None), in every round.

``--engine-free``: the metric engine's results are computed once and then handed back (a copy) to
every later call with the same arguments, so the app side costs what the page model does besides
the engine: its other queries and its own shaping of the numbers into tables. What a precomputed
metric store could at best bring the page down to.
"""

from __future__ import annotations

import argparse
import copy
import json
import logging
import math
import os
import statistics
import sys
import time
import warnings
from pathlib import Path


def compare(app: dict, hand: dict, tol: float = 0.051) -> list[str]:
    """Labels whose values differ (None/NaN equal only to None/NaN); ``tol`` covers 1-decimal rounding."""
    bad = []
    for key in sorted(set(app) | set(hand)):
        a, h = app.get(key), hand.get(key)
        a = None if a is None or (isinstance(a, float) and math.isnan(a)) else a
        h = None if h is None or (isinstance(h, float) and math.isnan(h)) else h
        if a is None or h is None:
            if a is not h:
                bad.append(f"{key}: app {a} ≠ hand {h}")
        elif not math.isclose(a, h, rel_tol=1e-9, abs_tol=tol):
            bad.append(f"{key}: app {a} ≠ hand {h}")
    return bad


def _engine_free() -> None:
    """Hand the engine's results of a call back to every later call with the same arguments."""
    from govdash import queries

    compute, memo = queries.compute, {}

    def remembered(cur, metrics, areas, periods, community_type, threshold):  # noqa: ANN001, ANN202
        key = (
            None if metrics is None else tuple(metrics),
            tuple(areas),
            tuple(periods),
            community_type,
            threshold,
        )
        if key not in memo:
            memo[key] = compute(cur, metrics, areas, periods, community_type, threshold)
        return copy.deepcopy(memo[key])

    queries.compute = remembered


def run(db: Path, runs: int, pages: list[str] | None = None, engine_free: bool = False) -> list[dict]:
    os.environ["GOVDASH_DB"] = str(db)
    warnings.filterwarnings("ignore")
    import streamlit  # noqa: F401, PLC0415 - configures its loggers on import

    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)

    from bench import page_queries as pq
    from etl.settings import star_threshold
    from govdash import cache
    from govdash import db as gdb

    if engine_free:
        _engine_free()
    version = gdb.version()
    with gdb.connection().cursor() as cur:
        ctx = pq.context(cur, version, float(star_threshold()))
    results = []
    for name, (app, hand) in pq.PAGES.items():
        if pages and name not in pages:
            continue
        result = {
            "page": name,
            "app": [],
            "hand": [],
            "checked": 0,
            "mismatches": [],
            "error": None,
            "context": {
                "district": ctx.district,
                "street": ctx.street,
                "community": ctx.community,
                "month": ctx.month.isoformat(),
            },
        }
        try:
            for i in range(runs + 1):
                cache.clear_models()
                start = time.perf_counter()
                app_numbers = app(ctx)
                app_s = time.perf_counter() - start
                with gdb.connection().cursor() as cur:
                    start = time.perf_counter()
                    hand_numbers = hand(cur, ctx)
                    hand_s = time.perf_counter() - start
                result["checked"] = len(set(app_numbers) | set(hand_numbers))
                new = [m for m in compare(app_numbers, hand_numbers) if m not in result["mismatches"]]
                result["mismatches"] += new  # every round: ``--engine-free`` rounds reuse results
                if i == 0:  # warm-up
                    continue
                result["app"].append(app_s)
                result["hand"].append(hand_s)
        except Exception as exc:  # noqa: BLE001 - a broken page glue is reported, the other pages go on
            result["error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
        results.append(result)
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--pages", help="comma-separated page names (default: all)")
    ap.add_argument("--engine-free", action="store_true", help="the engine's results computed once per call")
    args = ap.parse_args()
    results = run(args.db, args.runs, args.pages.split(",") if args.pages else None, args.engine_free)
    print(json.dumps(results, ensure_ascii=False))
    for r in results:
        med = statistics.median(r["app"]) if r["app"] else float("nan")
        hand = statistics.median(r["hand"]) if r["hand"] else float("nan")
        print(
            f"# {r['page']}: app {med:.3f}s hand {hand:.3f}s checked {r['checked']} "
            f"mismatches {len(r['mismatches'])} {r['error'] or ''}",
            file=sys.stderr,
        )
        for m in r["mismatches"][:5]:
            print(f"#   {m}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
