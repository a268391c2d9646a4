"""Section 4 of ``docs/benchmarks.md``: concurrent viewers (``bench.capacity``), per burst and per setup."""

from __future__ import annotations

from bench.report_format import SECTION_HEADINGS, md_table, median, verdict

VIEWERS_COLD_P95_S = 3.0  # issue #12: one process, overview, a cold burst of 20 viewers within p95 3 s
VIEWERS_WARM_P95_S = 2.0  # ... and a warm burst of 40 within 2 s
VIEWERS_COLD_TARGET_N, VIEWERS_WARM_TARGET_N = 20, 40
SETUP_LABELS = {
    "direct": "1 process, direct",
    "direct-gc": "1 process, direct, runner.postScriptGC on",
    "nginx1": "nginx → 1 process",
    "nginx2": "nginx → 2 processes",
}


def p95(values: list[float]) -> float | None:
    """Nearest-rank 95th percentile (of 20 values: the 19th)."""
    if not values:
        return None
    ranked = sorted(values)
    return ranked[max(1, -(-len(ranked) * 95 // 100)) - 1]


def _p(values: list[float]) -> str:
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


def _cpu_ms(row: dict | None) -> str:
    if not row or not row["seconds"]:
        return "—"
    return f"{1000 * row['server_cpu_s'] / len(row['seconds']):.0f}"


def viewers_section(results: dict) -> list[str]:
    bursts = results.get("viewers", [])
    if not bursts:
        return []
    groups: dict[tuple, dict[tuple, dict]] = {}
    for r in bursts:
        groups.setdefault((r["scale"], r["setup"], r["page"]), {})[(r["n"], r["mode"])] = r
    rows, cap_rows, notes = [], [], []
    rss = {(p["scale"], p["setup"], p["page"]): p["peak_rss_mb"] for p in results.get("viewer_processes", [])}
    for (scale, setup, page), by in groups.items():
        for n in sorted({n for n, _ in by}):
            cold, warm = by.get((n, "cold")), by.get((n, "warm"))
            failed = sum(r["failed"] for r in (cold, warm) if r)
            others = [r.get("others_cores") for r in (cold, warm) if r and r.get("others_cores") is not None]
            rows.append(
                [
                    scale,
                    SETUP_LABELS.get(setup, setup),
                    page,
                    str(n),
                    _p(cold["seconds"] if cold else []),
                    _p(warm["seconds"] if warm else []),
                    _cpu_ms(cold),
                    _cpu_ms(warm),
                    str(failed),
                    f"{max(others):.1f}" if others else "—",
                ]
            )
            notes += [
                f"- {scale} / {setup} / {page} / N={n}: {e}" for r in (cold, warm) if r for e in r["errors"]
            ]
        colds = [r for (n, m), r in by.items() if m == "cold"]
        warms = [r for (n, m), r in by.items() if m == "warm"]
        target = ""
        if setup == "direct" and page == "overview":
            cold_n = next((r for r in colds if r["n"] == VIEWERS_COLD_TARGET_N), None)
            warm_n = next((r for r in warms if r["n"] == VIEWERS_WARM_TARGET_N), None)
            ok_c = (
                None
                if cold_n is None
                else not cold_n["failed"] and p95(cold_n["seconds"]) <= VIEWERS_COLD_P95_S
            )
            ok_w = (
                None
                if warm_n is None
                else not warm_n["failed"] and p95(warm_n["seconds"]) <= VIEWERS_WARM_P95_S
            )
            target = (
                f"cold {VIEWERS_COLD_TARGET_N} ≤ {VIEWERS_COLD_P95_S:g} s: {verdict(ok_c)}; "
                f"warm {VIEWERS_WARM_TARGET_N} ≤ {VIEWERS_WARM_P95_S:g} s: {verdict(ok_w)}"
            )
        peak = rss.get((scale, setup, page), [])
        cap_rows.append(
            [
                scale,
                SETUP_LABELS.get(setup, setup),
                page,
                _capacity(colds, VIEWERS_COLD_P95_S),
                _capacity(warms, VIEWERS_WARM_P95_S),
                " + ".join(f"{m:.0f}" for m in peak) or "—",
                target or "—",
            ]
        )
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
        "key, as a new browser does). Hello-world is `bench/hello.py` in the same setup. Server CPU per page "
        "= utime + stime of the app processes (`/proc/<pid>/stat`) during the burst ÷ pages served. The "
        "client runs on the same 2 cores. *Other load*: cores busy with anything else during the burst (nginx, "
        "other users of the machine; `/proc/stat` minus the app processes and the client), the larger of the "
        "cold and warm burst: with more than a few tenths of a core, the times are longer than on a quiet "
        "machine, while CPU per page stays comparable. Streamlit's caches live in each process: through "
        "nginx → 2, a warm viewer lands on either process, so about half of the warm views are computed "
        "again. Times: p50 / p95 / max seconds (p95 nearest-rank).",
        "",
        *md_table(
            [
                "scale",
                "setup",
                "page",
                "N",
                "cold s (p50 / p95 / max)",
                "warm s (p50 / p95 / max)",
                "CPU ms/page cold",
                "warm",
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
