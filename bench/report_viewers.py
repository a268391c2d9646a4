"""Section 4 of ``docs/benchmarks.md``: concurrent viewers (``bench.capacity``), per burst and per setup."""

from __future__ import annotations

from bench.report_format import SECTION_HEADINGS, md_table, median, verdict

VIEWERS_COLD_P95_S = 3.0  # issue #12: one process, overview, a cold burst of 20 viewers within p95 3 s
VIEWERS_WARM_P95_S = 2.0  # ... and a warm burst of 40 within 2 s
VIEWERS_COLD_TARGET_N, VIEWERS_WARM_TARGET_N = 20, 40
HELLO = "hello world"  # the baseline page of every setup (bench/hello.py)
STREETS = "streets"  # every viewer signed in as another street's user (bench.capacity)
SETUP_LABELS = {
    "direct": "1 process, direct",
    "direct-gc": "1 process, direct, runner.postScriptGC on",
    "nginx1": "nginx → 1 process",
    "nginx2": "nginx → 2 processes",
    STREETS: "1 process, direct, each viewer a street's user",
}


def p95(values: list[float]) -> float | None:
    """Nearest-rank 95th percentile (of 20 values: the 19th)."""
    if not values:
        return None
    ranked = sorted(values)
    return ranked[max(1, -(-len(ranked) * 95 // 100)) - 1]


def percentiles(values: list[float]) -> str:
    """``p50 / p95 / max`` seconds, or ``—`` without values."""
    if not values:
        return "—"
    return f"{median(values):.2f} / {p95(values):.2f} / {max(values):.2f}"


def _capacity(rows: list[dict], limit: float) -> str:
    """The most viewers whose burst (and every smaller one) kept p95 within ``limit`` with no failure,
    and the p95 of the next size measured."""
    best, over = 0, ""
    for r in sorted(rows, key=lambda r: r["n"]):
        worst = p95(r["seconds"])
        if r["failed"] or worst is None or worst > limit:
            over = f" ({r['n']}: {'failed ' + str(r['failed']) if r['failed'] else f'{worst:.1f} s'})"
            break
        best = r["n"]
    return f"{best}{over}" if over else f"≥ {best}"


def _cpu_ms(*rows: dict | None) -> str:
    """Server CPU per page served (ms) over the bursts ``rows``."""
    done = [r for r in rows if r and r["seconds"]]
    pages = sum(len(r["seconds"]) for r in done)
    return f"{1000 * sum(r['server_cpu_s'] for r in done) / pages:.0f}" if pages else "—"


Groups = dict[tuple[str, str, str], dict[tuple[int, str], dict]]  # (scale, setup, page) -> (N, mode) -> burst


def _groups(bursts: list[dict]) -> Groups:
    groups: Groups = {}
    for r in bursts:
        groups.setdefault((r["scale"], r["setup"], r["page"]), {})[(r["n"], r["mode"])] = r
    return groups


def _burst_rows(groups: Groups) -> list[list[str]]:
    """One row per page and N, hello-world of the same setup and N beside it (its own rows only when a
    setup measured nothing else)."""
    rows = []
    for (scale, setup, page), by in groups.items():
        beside = page != HELLO and (scale, setup, HELLO) in groups
        if page == HELLO and any(k[:2] == (scale, setup) and k[2] != HELLO for k in groups):
            continue
        hello = groups[(scale, setup, HELLO)] if beside else {}
        for n in sorted({n for n, _ in by}):
            cold, warm = by.get((n, "cold")), by.get((n, "warm"))
            base = [r for r in (hello.get((n, "cold")), hello.get((n, "warm"))) if r]
            failed = sum(r["failed"] for r in (cold, warm) if r)
            base_failed = sum(r["failed"] for r in base)
            others = [r.get("others_cores") for r in (cold, warm) if r and r.get("others_cores") is not None]
            rows.append(
                [
                    scale,
                    SETUP_LABELS.get(setup, setup),
                    page,
                    str(n),
                    percentiles(cold["seconds"] if cold else []),
                    percentiles(warm["seconds"] if warm else []),
                    percentiles([s for r in base for s in r["seconds"]]) if beside else "—",
                    f"{_cpu_ms(cold)} / {_cpu_ms(warm)} / {_cpu_ms(*base) if beside else '—'}",
                    f"{failed} + {base_failed} hello" if base_failed else str(failed),
                    f"{max(others):.1f}" if others else "—",
                ]
            )
    return rows


def _notes(groups: Groups) -> list[str]:
    return [
        f"- {scale} / {setup} / {page} / N={n}: {e}"
        for (scale, setup, page), by in groups.items()
        for (n, _), r in sorted(by.items(), key=lambda item: (item[0][0], item[0][1] != "cold"))
        for e in r["errors"]
    ]


def _target(by: dict[tuple[int, str], dict]) -> str:
    """Issue #12's verdicts for one process serving the overview."""

    def ok(n: int, mode: str, limit: float) -> bool | None:
        r = by.get((n, mode))
        return None if r is None else not r["failed"] and p95(r["seconds"]) <= limit

    return (
        f"cold {VIEWERS_COLD_TARGET_N} ≤ {VIEWERS_COLD_P95_S:g} s: "
        f"{verdict(ok(VIEWERS_COLD_TARGET_N, 'cold', VIEWERS_COLD_P95_S))}; "
        f"warm {VIEWERS_WARM_TARGET_N} ≤ {VIEWERS_WARM_P95_S:g} s: "
        f"{verdict(ok(VIEWERS_WARM_TARGET_N, 'warm', VIEWERS_WARM_P95_S))}"
    )


def _capacity_rows(groups: Groups, rss: dict[tuple, list[float]]) -> list[list[str]]:
    rows = []
    for (scale, setup, page), by in groups.items():
        colds = [r for (_, m), r in by.items() if m == "cold"]
        warms = [r for (_, m), r in by.items() if m == "warm"]
        rows.append(
            [
                scale,
                SETUP_LABELS.get(setup, setup),
                page,
                _capacity(colds, VIEWERS_COLD_P95_S),
                _capacity(warms, VIEWERS_WARM_P95_S),
                " + ".join(f"{m:.0f}" for m in rss.get((scale, setup, page), [])) or "—",
                _target(by) if setup == "direct" and page == "overview" else "—",
            ]
        )
    return rows


def viewers_section(results: dict) -> list[str]:
    bursts = results.get("viewers", [])
    if not bursts:
        return []
    groups = _groups(bursts)
    rss = {(p["scale"], p["setup"], p["page"]): p["peak_rss_mb"] for p in results.get("viewer_processes", [])}
    rows, cap_rows, notes = _burst_rows(groups), _capacity_rows(groups, rss), _notes(groups)
    lines = [
        SECTION_HEADINGS["viewers"],
        "",
        "How measured (`bench/capacity.py`, `bench/viewers.py`): no browsers - each viewer is a websocket "
        "client speaking Streamlit's protocol: it opens `/_stcore/stream` (subprotocol `streamlit`, an "
        "`Origin` header), sends `BackMsg(rerun_script=ClientState(query_string, page_name))` and waits for "
        "the `script_finished` ForwardMsg; its time runs from opening the socket to that message (what a "
        "browser waits for after the static files, before drawing). Per setup, fresh app processes on the "
        "scale's warehouse, warmed up by one viewer per process, then per N a **cold** burst (N new viewers "
        "at once, each opening the overview for a street and month of the last year that no one asked for "
        "before on these processes) and a **warm** burst (N new viewers, the same views again). "
        "*1 process, direct*: the client talks to the app's port (the app's `.streamlit/config.toml`, "
        "`runner.postScriptGC = false`; *postScriptGC on*: the same with Streamlit's default, a full "
        "`gc.collect()` after each script run); *nginx → k processes*: through the stack "
        "of `make serve` (TLS, route-cookie hash; a client without cookie lands on a process by a random "
        "key, as a new browser does). Hello-world is `bench/hello.py` in the same setup, through the same "
        "bursts; it is shown beside each page and N (its cold and warm bursts together: it has nothing to "
        "cache). Server CPU per page = utime + stime of the app processes (`/proc/<pid>/stat`) during the "
        "burst ÷ pages served: the page cold / warm / hello-world, in ms. The "
        "client runs on the same 2 cores. *Other load*: cores busy with anything else during the burst (nginx, "
        "other users of the machine; `/proc/stat` minus the app processes and the client), the larger of the "
        "cold and warm burst: with more than a few tenths of a core, the times are longer than on a quiet "
        "machine, while CPU per page stays comparable. Streamlit's caches live in each process: through "
        "nginx → 2, a warm viewer lands on either process, so about half of the warm views are computed "
        "again. *Each viewer a street's user*: the same process signed in as behind the deployment's proxy "
        "(header mode), on a copy of the warehouse with one viewer user per street; each viewer of a burst "
        "is another street's user opening the overview of their street (cold: the first visit of that user "
        "and scope, so nothing another scope cached helps; warm: the same users again). "
        "Times: p50 / p95 / max seconds (p95 nearest-rank).",
        "",
        *md_table(
            [
                "scale",
                "setup",
                "page",
                "N",
                "cold s (p50 / p95 / max)",
                "warm s (p50 / p95 / max)",
                "hello-world s (p50 / p95 / max)",
                "server CPU ms/page: cold / warm / hello-world",
                "failed",
                "other load (cores)",
            ],
            rows,
            ["---", "---", "---", "---:", "---:", "---:", "---:", "---:", "---:", "---:"],
        ),
        "",
        f"Capacity: the most simultaneous viewers (of the N measured) whose burst kept p95 ≤ "
        f"{VIEWERS_COLD_P95_S:g} s cold and ≤ {VIEWERS_WARM_P95_S:g} s warm (in brackets: the next N and its "
        "p95). Peak memory: each app process's `VmHWM` after all bursts.",
        "",
        *md_table(
            [
                "scale",
                "setup",
                "page",
                f"cold, p95 ≤ {VIEWERS_COLD_P95_S:g} s",
                f"warm, p95 ≤ {VIEWERS_WARM_P95_S:g} s",
                "peak RSS MB per process",
                "target (issue #12)",
            ],
            cap_rows,
            ["---", "---", "---", "---:", "---:", "---:", "---"],
        ),
        "",
    ]
    if notes:
        lines += ["Failures (first three per burst):", "", *notes, ""]
    return lines
