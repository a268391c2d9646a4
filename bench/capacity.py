"""Concurrent viewers: how many people can open a page at the same moment (``python -m bench``, section
``viewers``; also ``python -m bench.capacity --db WH``).

Per setup - one app process addressed directly, nginx (TLS) over one process, nginx over two (the
stack of ``make serve``, ``deploy.stack.Stack``) - fresh processes on the scale's warehouse, warmed up
by one viewer per process (imports, connection), then for each N: a **cold** burst of N new viewers
at once, each opening a view no one asked for before on these processes (another street and month of
the overview), and a **warm** burst of N new viewers opening the same N views again (cached). The
hello-world page (``bench/hello.py``) goes through the same bursts in the same setup.

Per burst: each viewer's seconds from opening the websocket to ``script_finished`` (``bench.viewers``),
and the server's CPU seconds (utime + stime of the app processes, ``/proc/<pid>/stat``) divided by
the pages served. Per setup: each app process's peak resident memory (``VmHWM``).

Setup ``streets`` is a review meeting where everyone signs in: one process in header mode (as behind
the deployment's proxy) on a copy of the warehouse with one viewer user per street; each viewer of a
burst is another street's user opening the overview of their street (cold: the first time that user
and scope reach the server, so nothing cached for the scope helps; warm: the same users again).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.report_viewers import SETUP_LABELS, STREETS, percentiles
from bench.signin import HEADERS, SERVER_ENV, USER_HEADER, signed_in_copy
from bench.viewers import Run, View, burst, run_sync
from deploy.stack import Stack, free_port

HELLO = Path(__file__).resolve().parent / "hello.py"
GC_ON = {
    "STREAMLIT_RUNNER_POST_SCRIPT_GC": "true"
}  # Streamlit's default; .streamlit/config.toml turns it off
# name -> (processes, via nginx, extra environment of the app processes)
SETUPS = {
    "direct": (1, False, {}),
    "direct-gc": (1, False, GC_ON),
    "nginx1": (1, True, {}),
    "nginx2": (2, True, {}),
    STREETS: (1, False, SERVER_ENV),
}
DEFAULT_COUNTS = (1, 5, 10, 20, 40)
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process so far (``/proc/<pid>/stat`` fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def machine_busy_seconds() -> float:
    """CPU seconds all cores have been busy (``/proc/stat``: everything but idle and iowait)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(values[:8]) - values[3] - values[4]) / TICK


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


# (district, street) of every street with communities, by street code
STREETS_SQL = (
    "SELECT s.parent_code, s.area_code FROM areas s WHERE s.level = 'street' AND EXISTS "
    "(SELECT 1 FROM areas c WHERE c.parent_code = s.area_code AND c.level = 'community') ORDER BY 2"
)


def overview_views(db: Path, count: int, seed: int = 1) -> list[View]:
    """``count`` different overview views (district, street, month of the last year), shuffled so that
    neighbours differ."""
    from etl.warehouse import Warehouse

    con = Warehouse(db).connect_reader()
    try:
        streets = con.execute(STREETS_SQL).fetchall()
        months = [
            r[0].strftime("%Y-%m")
            for r in con.execute(
                "SELECT DISTINCT month FROM activity UNION SELECT DISTINCT month FROM volunteers ORDER BY 1 DESC"
            ).fetchall()
        ]
    finally:
        con.close()
    pairs = [(d, s, m) for m in months[:12] for d, s in streets]  # the last year: what viewers look at
    if len(pairs) < count:
        raise ValueError(f"{db} offers {len(pairs)} street/month views; {count} are needed")
    random.Random(seed).shuffle(pairs)
    return [View("", f"district={d}&street={s}&month={m}") for d, s, m in pairs[:count]]


def street_user_views(db: Path, count: int, dest: Path, seed: int = 1) -> tuple[Path, list[View]]:
    """A signed-in copy of ``db`` at ``dest`` with ``count`` viewer users, each of one street (streets
    with communities, shuffled), and each user's view: the overview of their street (default month)."""
    from etl.warehouse import Warehouse

    con = Warehouse(db).connect_reader()
    try:
        streets = con.execute(STREETS_SQL).fetchall()
    finally:
        con.close()
    if len(streets) < count:
        raise ValueError(f"{db} has {len(streets)} streets with communities; {count} street users are needed")
    random.Random(seed).shuffle(streets)
    chosen = streets[:count]
    users = {f"bench-street-{s}": ("viewer", [s]) for _, s in chosen}
    views = [View("", f"district={d}&street={s}", ((USER_HEADER, f"bench-street-{s}"),)) for d, s in chosen]
    return signed_in_copy(db, dest, users), views


def _burst_row(runs: list[Run | BaseException], cpu: float, client_cpu: float) -> dict:
    ok = [r for r in runs if isinstance(r, Run) and r.status == "ok"]
    failures = [f"{type(r).__name__}: {r}"[:160] for r in runs if not isinstance(r, Run)]
    failures += [f"{r.status}: {'; '.join(r.errors)[:160]}" for r in runs if isinstance(r, Run) and r.errors]
    return {
        "seconds": [r.seconds for r in ok],
        "failed": len(runs) - len(ok),
        "server_cpu_s": cpu,
        "client_cpu_s": client_cpu,
        "errors": failures[:3],
    }


def measure_stack(
    stack: Stack, views: list[View], counts: list[int], via_nginx: bool, log: Callable
) -> list[dict]:
    """Warm up each process, then a cold and a warm burst per count, consuming ``views`` in order."""
    pids = [a.pid for a in stack.apps]
    base = stack.url if via_nginx else stack.apps[0].url
    context = stack.ssl_context() if via_nginx else None
    for app in stack.apps:  # imports and the first connection: not what a running server pays per viewer
        run_sync(burst(app.url, [View("", "lang=en")], headers=HEADERS))
    rows, offset = [], 0
    for n in counts:
        batch = views[offset : offset + n]
        offset += n
        for mode in ("cold", "warm"):
            cpu0, client0 = sum(cpu_seconds(p) for p in pids), time.process_time()
            busy0, wall0 = machine_busy_seconds(), time.perf_counter()
            runs = run_sync(burst(base, batch, context, timeout=300))
            cpu, client = sum(cpu_seconds(p) for p in pids) - cpu0, time.process_time() - client0
            wall = time.perf_counter() - wall0
            # Cores busy with anything but the app processes and the client (nginx, other users).
            others = max(0.0, machine_busy_seconds() - busy0 - cpu - client) / wall
            row = {"n": n, "mode": mode, "others_cores": others, **_burst_row(runs, cpu, client)}
            rows.append(row)
            per_page = 1000 * cpu / len(row["seconds"]) if row["seconds"] else float("nan")
            log(
                f"    N={n:>2} {mode}: p50 / p95 / max {percentiles(row['seconds'])} s, "
                f"server CPU {per_page:.0f} ms/page, failed {row['failed']}"
            )
    return rows


def run(db: Path, counts: list[int], setups: list[str], run_dir: Path, log: Callable = print) -> dict:
    """Every setup for the overview and hello-world; ``{"bursts": [...], "processes": [...]}``."""
    views = overview_views(db, sum(counts))
    bursts, processes = [], []
    for setup in setups:
        replicas, via_nginx, extra_env = SETUPS[setup]
        served, shown = db, views
        if setup == STREETS:
            copy = run_dir / "streets-warehouse"
            shutil.rmtree(copy, ignore_errors=True)  # the previous run's copy (users, audit rows)
            served, shown = street_user_views(db, sum(counts), copy)
        for page, script in (("hello world", HELLO), ("overview", None)):
            log(f"  [{SETUP_LABELS[setup]}] {page}")
            stack = Stack(
                run_dir / f"{setup}-{page.replace(' ', '-')}",
                replicas=replicas,
                https_port=free_port(),
                env={"GOVDASH_DB": str(served), **extra_env},
                **({"script": script} if script else {}),
            )
            with stack:
                rows = measure_stack(stack, shown, counts, via_nginx, log)
                bursts += [{"setup": setup, "page": page, **r} for r in rows]
                processes.append(
                    {"setup": setup, "page": page, "peak_rss_mb": [peak_rss_mb(a.pid) for a in stack.apps]}
                )
    return {"bursts": bursts, "processes": processes}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True, help="warehouse folder")
    ap.add_argument(
        "--viewers", default=",".join(map(str, DEFAULT_COUNTS)), help="burst sizes (default 1,5,10,20,40)"
    )
    ap.add_argument("--setups", default=",".join(SETUPS), help=f"comma-separated: {', '.join(SETUPS)}")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="capacity-") as tmp:
        result = run(
            args.db.resolve(),
            [int(n) for n in args.viewers.split(",")],
            args.setups.split(","),
            Path(tmp),
            log=lambda m: print(m, file=sys.stderr, flush=True),
        )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
