"""``bench.report.render``: the benchmark markdown from a results dict (no measuring)."""

from bench.query_bench import compare
from bench.report import render, span

RESULTS = {
    "command": "python -m bench --scales city,national --runs 3",
    "machine": {"date": "2026-01-01", "CPU": "Test CPU", "cores": "2"},
    "runs": 3,
    "duration_s": 600,
    "scales": [
        {
            "name": "city",
            "communities": 2000,
            "rows": {"areas": 2200, "activity": 700000},
            "build_seconds": {"areas": 1.0, "activity": 9.0},
        }
    ],
    "startup": [1.0, 1.1, 1.2],
    "load": [
        {
            "scale": "national",
            "dataset": "activity",
            "rows": 1000,
            "mb": 1.0,
            "etl": [2.0, 2.0, 4.0],
            "etl_mb": [5000.0],
            "ctas": [1.0, 1.0, 1.0],
            "ctas_mb": [100.0],
        }
    ],
    "queries": [
        {
            "scale": "city",
            "page": "overview",
            "app": [0.3, 0.2, 0.4],
            "hand": [0.1],
            "checked": 35,
            "mismatches": ["reported: app 1 ≠ hand 2"],
            "error": None,
            "context": {},
        }
    ],
    "metrics_cli": [{"scale": "national", "level": "country", "code": "100000", "seconds": [0.5, 0.6, 0.7]}],
    "pages": [
        {"scale": "city", "page": "hello world", "load": [1.0, 1.0], "settle": [], "errors": []},
        {"scale": "city", "page": "overview", "load": [2.0, 2.0], "settle": [0.4], "errors": ["run 1: boom"]},
    ],
}


def test_span_is_min_median_max():
    assert span([3.0, 1.0, 2.0]) == "1.00 / 2.00 / 3.00"
    assert span([]) == "—"


def test_render_states_command_figures_ratios_and_verdicts():
    md = render(RESULTS)
    assert md.startswith("# Benchmarks\n")
    assert "`python -m bench --scales city,national --runs 3`" in md
    # load: etl median 2.0 s vs read_csv 1.0 s → 0.50× (met); national peak 5000 MB ≥ 4 GB (missed)
    row = next(line for line in md.splitlines() if line.startswith("| national | activity"))
    assert "2.00 / 2.00 / 4.00" in row and "0.50×" in row and "**met**" in row and "**missed**" in row
    # queries: ratio of medians 0.3 / 0.1, and the disagreement listed
    assert (
        "| city | overview | 35 | **no** (1) | 0.200 / 0.300 / 0.400 | 0.100 / 0.100 / 0.100 | 3.00× |" in md
    )
    assert "reported: app 1 ≠ hand 2" in md
    # metrics CLI: country under 1 s
    assert "| national | country | 100000 | 0.50 / 0.60 / 0.70 | **met** |" in md
    # pages: 2.0 / 1.0 = 2.00× > 1.5× (missed); filter 0.4 s ≤ 0.5 s (met); errors listed
    row = next(line for line in md.splitlines() if line.startswith("| city | overview | 2.00"))
    assert "2.00×" in row and "≤ 1.5×: **missed**" in row and "≤ 0.5 s: **met**" in row
    assert "run 1: boom" in md


def test_render_without_sections_has_head_and_machine_only():
    md = render({"machine": {"date": "2026-01-01"}, "skipped": ["pages"]})
    assert "Skipped sections: pages." in md and "## 1. Load" not in md and "## 3. Pages" not in md


def test_compare_treats_missing_as_none_and_tolerates_rounding():
    assert compare({"a": 1.0, "b": None}, {"a": 1.04}) == []
    assert compare({"a": 1.0}, {"a": 2.0, "c": 3.0}) == ["a: app 1.0 ≠ hand 2.0", "c: app None ≠ hand 3.0"]


def test_an_update_replaces_only_the_re_measured_rows(tmp_path):
    import json

    from bench.__main__ import _ordered, _parser, _previous

    (tmp_path / "results.json").write_text(json.dumps(RESULTS), encoding="utf-8")
    args = _parser().parse_args(
        ["--update", "--data", str(tmp_path), "--scales", "city", "--skip", "load,pages,viewers"]
    )
    merged = _previous(args, ["city"], {"load", "pages", "viewers"})
    assert merged["queries"] == [] and merged["scales"] == []  # city's query rows go; they are re-measured
    assert merged["load"] == RESULTS["load"] and merged["pages"] == RESULTS["pages"]  # kept
    assert merged["metrics_cli"] == RESULTS["metrics_cli"]  # national rows are kept
    merged["updated"][-1].update(command="python -m bench --update --scales city", duration_s=120)
    merged["queries"].append({**RESULTS["queries"][0], "mismatches": []})
    merged["scales"] += RESULTS["scales"]
    _ordered(merged)
    md = render(merged)
    assert "Then re-measured with `python -m bench --update --scales city` (metrics at city; 2 min)" in md
    assert "| city | overview | 35 | yes |" in md
    args = _parser().parse_args(["--data", str(tmp_path)])
    assert _previous(args, ["city"], set()) is None  # without --update a run starts afresh


def _burst(setup: str, page: str, n: int, mode: str, seconds: list[float], failed: int = 0) -> dict:
    return {
        "scale": "city",
        "setup": setup,
        "page": page,
        "n": n,
        "mode": mode,
        "seconds": seconds,
        "failed": failed,
        "server_cpu_s": 0.1 * len(seconds),
        "client_cpu_s": 0.0,
        "errors": [],
    }


def test_viewers_section_reports_percentiles_capacity_and_the_one_process_targets():
    twenty = [1.0] * 18 + [2.5, 9.0]  # p95 (nearest rank: the 19th of 20) = 2.5 s, max 9 s
    results = {
        "machine": {"date": "2026-01-01"},
        "viewers": [
            _burst("direct", "overview", 1, "cold", [0.4]),
            _burst("direct", "overview", 1, "warm", [0.2]),
            _burst("direct", "overview", 20, "cold", twenty),
            _burst("direct", "overview", 20, "warm", [0.5] * 20),
            _burst("direct", "overview", 40, "cold", [4.0] * 40),
            _burst("direct", "overview", 40, "warm", [2.5] * 40),
            _burst("nginx2", "overview", 40, "cold", [1.0] * 39, failed=1),
            # hello-world in the direct setup: 20 + 20 pages at 4 ms and 6 ms of server CPU each
            {**_burst("direct", "hello world", 20, "cold", [0.1] * 20), "server_cpu_s": 0.08},
            {**_burst("direct", "hello world", 20, "warm", [0.1] * 19 + [0.3]), "server_cpu_s": 0.12},
        ],
        "viewer_processes": [
            {"scale": "city", "setup": "direct", "page": "overview", "peak_rss_mb": [512.4]}
        ],
    }
    md = render(results)
    assert "## 4. Concurrent viewers" in md
    # p50 / p95 / max per burst; hello-world of the same setup and N beside it (both its bursts: p95 of
    # 40 values is the 38th); server CPU per page: cold / warm / hello-world
    assert (
        "| city | 1 process, direct | overview | 20 | 1.00 / 2.50 / 9.00 | 0.50 / 0.50 / 0.50 "
        "| 0.10 / 0.10 / 0.30 | 100 / 100 / 5 | 0 | — |" in md
    )
    assert (
        "| city | 1 process, direct | overview | 1 | 0.40 / 0.40 / 0.40 | 0.20 / 0.20 / 0.20 | — | 100 / 100 / — |"
        in md
    )
    assert not any(
        line.startswith("| city | 1 process, direct | hello world | 20 | ") for line in md.splitlines()
    )
    assert (
        "| city | nginx → 2 processes | overview | 40 | 1.00 / 1.00 / 1.00 | — | — | 100 / — / — | 1 |" in md
    )
    cap = next(
        line for line in md.splitlines() if line.startswith("| city | 1 process, direct | overview | 20 (40")
    )
    assert "20 (40: 4.0 s)" in cap and "20 (40: 2.5 s)" in cap and "| 512 |" in cap
    assert "cold 20 ≤ 3 s: **met**; warm 40 ≤ 2 s: **missed**" in cap
    assert "| city | nginx → 2 processes | overview | 0 (40: failed 1) |" in md


def test_splice_replaces_or_appends_only_the_re_measured_section():
    from bench.splice import splice

    old = "# Benchmarks\n\nGenerated by x.\n\n## 1. Load\n\nold load\n\n## 3. Pages\n\nold pages\n"
    new = "# Benchmarks\n\n## 4. Concurrent viewers\n\nnew viewers\n"
    update = {
        "command": "python -m bench --update",
        "scales": ["city"],
        "sections": ["viewers"],
        "duration_s": 60,
    }
    once = splice(old, new, update)
    assert "old load" in once and "old pages" in once and once.rstrip().endswith("new viewers")
    assert "Then re-measured with `python -m bench --update` (viewers at city; 1 min)" in once
    twice = splice(once, new.replace("new viewers", "newer"), update)
    assert (
        "new viewers" not in twice and twice.count("## 4. Concurrent viewers") == 1 and "old pages" in twice
    )


def _two_scales() -> dict:
    """Results with city and national rows in the pages and viewers sections."""
    pages = [
        {"scale": scale, "page": page, "load": [load], "settle": [], "errors": errors}
        for scale, page, load, errors in (
            ("city", "hello world", 1.0, []),
            ("city", "overview", 3.0, ["run 1: old city error"]),
            ("national", "hello world", 1.2, []),
            ("national", "overview", 4.0, ["run 1: national error"]),
        )
    ]
    viewers = [
        {**_burst("direct", page, 5, mode, [secs] * 5), "scale": scale}
        for scale, secs in (("city", 1.5), ("national", 2.5))
        for page in ("hello world", "overview")
        for mode in ("cold", "warm")
    ]
    national = {
        "name": "national",
        "communities": 620000,
        "rows": {"areas": 1},
        "build_seconds": {"areas": 99.0},
    }
    return {**RESULTS, "scales": [*RESULTS["scales"], national], "pages": pages, "viewers": viewers}


def test_an_update_of_city_keeps_the_national_rows_the_raw_results_lack(tmp_path):
    """docs/benchmarks.md shows city and national; results.json (an earlier splice run) holds city only.
    ``--update --scales city`` replaces the city rows and keeps every national row and note."""
    import json
    import time

    from bench.__main__ import _parser, _previous, _save

    full = _two_scales()
    out = tmp_path / "benchmarks.md"
    out.write_text(render(full), encoding="utf-8")
    before = out.read_text(encoding="utf-8")
    national = [line for line in before.splitlines() if line.startswith(("| national", "- national"))]
    assert any(line.startswith("| national | overview | 4.00") for line in national)  # pages
    assert "- national / overview: run 1: national error" in national
    assert any(line.startswith("| national | 1 process, direct | overview | 5 |") for line in national)
    raw = {
        **full,
        "splice": True,
        **{k: [r for r in full[k] if r["scale"] == "city"] for k in ("pages", "viewers")},
        "updated": [
            {"command": "python -m bench --update --scales city", "scales": ["city"], "sections": []}
        ],
    }
    (tmp_path / "results.json").write_text(json.dumps(raw), encoding="utf-8")
    argv = [
        "--update",
        "--data",
        str(tmp_path),
        "--out",
        str(out),
        "--scales",
        "city",
        "--skip",
        "load,metrics",
    ]
    args = _parser().parse_args(argv)
    results = _previous(args, ["city"], {"load", "metrics"})
    assert (
        results["pages"] == [] and results["viewers"] == []
    )  # city is re-measured; national was never there
    # What the run measures: city, other figures, no error now.
    results["scales"] += [{**RESULTS["scales"][0], "build_seconds": {"areas": 5.0, "activity": 20.0}}]
    results["pages"] += [
        {"scale": "city", "page": "hello world", "load": [0.9], "settle": [], "errors": []},
        {"scale": "city", "page": "overview", "load": [1.2], "settle": [0.3], "errors": []},
    ]
    results["viewers"] += [
        {**_burst("direct", page, 5, mode, [0.7] * 5), "scale": "city"}
        for page in ("hello world", "overview")
        for mode in ("cold", "warm")
    ]
    _save(results, args, time.monotonic(), base=before)
    _save(results, args, time.monotonic(), base=before)  # each save of a run starts from the same report
    after = out.read_text(encoding="utf-8")
    assert [line for line in after.splitlines() if line.startswith(("| national", "- national"))] == national
    city = [line for line in after.splitlines() if line.startswith(("| city", "- city"))]
    assert any(line.startswith("| city | overview | 1.20 / 1.20 / 1.20 | 1.33× |") for line in city)
    assert not any("3.00 / 3.00 / 3.00" in line or "old city error" in line for line in city)
    assert any("| 0.70 / 0.70 / 0.70 |" in line for line in city)
    assert not any("1.50 / 1.50 / 1.50" in line for line in city)
    # national rows stay in scale order, after city's; the note says what was re-measured, once
    section = after.split("## 3. Pages")[1].split("## 4.")[0]
    pages = [line for line in section.splitlines() if line.startswith("| ")][1:]
    assert [line.split(" | ")[0] for line in pages] == ["| city"] * 2 + ["| national"] * 2
    assert "| city | 2,000 | 702,200 | 700,000 | 25 |" in after  # the machine section's scales table
    assert (
        "| city | 2,000 | 702,200 | 700,000 | 10 |" in before
        and "| city | 2,000 | 702,200 | 700,000 | 10 |" not in after
    )
    assert "| national | 620,000 | 1 | — | 99 |" in after
    assert after.count("Then re-measured on ") == 1 and "(pages, viewers at city;" in after
    assert (
        after.split("## 2. Metrics")[1].split("## 3. Pages")[0]
        == (before.split("## 2. Metrics")[1].split("## 3. Pages")[0])
    )  # a section the run skipped stays word for word


def test_rows_of_other_scales_survive_a_table_whose_columns_changed():
    from bench.splice import EARLIER, merge_section

    old = "## 3. Pages\n\nold text\n\n| scale | page | s |\n|---|---|---:|\n| city | a | 1 |\n| national | a | 2 |\n"
    new = "## 3. Pages\n\nnew text\n\n| scale | page | s | cpu |\n|---|---|---:|---:|\n| city | a | 3 | 9 |\n"
    merged = merge_section(old, new, {"city"})
    assert "new text" in merged and "old text" not in merged and "| city | a | 1 |" not in merged
    assert "| city | a | 3 | 9 |" in merged
    assert merged.endswith(f"{EARLIER}\n\n| scale | page | s |\n|---|---|---:|\n| national | a | 2 |\n")


def test_a_section_the_report_lacks_goes_in_its_place():
    from bench.splice import splice

    old = "# B\n\n## 1. Load\n\nload\n\n## 4. Concurrent viewers\n\nviewers\n"
    new = "# B\n\n## 3. Pages\n\n| scale | page |\n|---|---|\n| city | overview |\n"
    update = {"command": "python -m bench --update", "scales": ["city"], "sections": ["pages"]}
    text = splice(old, new, update)
    assert text.index("## 1. Load") < text.index("| city | overview |") < text.index("## 4. Concurrent")
