"""``python -m bench``: the benchmark suite at city, province and national scale → ``docs/benchmarks.md``.

    python -m bench                                   # everything, 3 runs per figure (hours at national)
    python -m bench --scales city --runs 1            # a quick end-to-end run (~10 min)
    python -m bench --scales demo --page-scales demo --runs 1   # smoke run on data/demo (no generator)

Per scale: generate the files (``bench.generate``, cached in ``--data`` with a marker of scale, seed
and generator source), build the scale's warehouse with ``python -m etl load``, then
1. load: ``etl load`` vs DuckDB's ``read_csv`` CTAS of the biggest files (``bench.load_bench``);
2. metrics: each page's queries vs one hand-written query (``bench.query_bench``) and
   ``python -m etl metrics`` per area level (``bench.metrics_cli``);
3. pages: ready time in headless Chromium vs hello-world, and filter changes, signed in as an
   administrator the way a deployment signs in (header mode, on a copy of the warehouse; ``bench.pages``);
4. viewers: bursts of 1-40 simultaneous viewers of the overview and hello-world through Streamlit's
   websocket protocol, one process direct and nginx over 1 and 2 processes, and one process with each
   viewer signed in as another street's user: p50 / p95 / max and server CPU per page, beside
   hello-world's (``bench.capacity``).
The markdown (``bench.report``) is rewritten after every section, so an interrupted run leaves what
it measured; the raw results go to ``<data>/results.json``. ``--update`` merges what it re-measured into
the report row by row (``bench.splice``): rows of other scales and sections stay.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from bench import load_bench, machine, metrics_cli, report, splice
from bench.datasets import build_warehouse, communities, prepare_files
from bench.proc import REPO_ROOT, measure, python
from bench.report_format import SCALE_ORDER

SECTIONS = ("load", "metrics", "pages", "viewers")


def _log(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    ap.add_argument(
        "--scales",
        default="city,province,national",
        help="comma-separated: tiny, city, province, national (bench.generate), demo (data/demo)",
    )
    ap.add_argument(
        "--page-scales",
        default="city,national",
        help="scales whose pages are timed in Chromium (default: city,national)",
    )
    ap.add_argument(
        "--viewer-scales", default="city", help="scales whose concurrent viewers are measured (default: city)"
    )
    ap.add_argument(
        "--viewers", default="1,5,10,20,40", help="simultaneous viewers per burst (default 1,5,10,20,40)"
    )
    ap.add_argument(
        "--viewer-setups",
        default="direct,direct-gc,nginx1,nginx2,streets",
        help="direct (one process), direct-gc (the same, runner.postScriptGC on), nginx1, nginx2 (nginx over "
        "1 or 2 processes), streets (one process, each viewer signed in as another street's user); default all",
    )
    ap.add_argument("--runs", type=int, default=3, help="runs per figure (default 3)")
    ap.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    ap.add_argument(
        "--data",
        type=Path,
        default=REPO_ROOT / "bench" / ".data",
        help="cache of generated files and warehouses (default bench/.data)",
    )
    ap.add_argument(
        "--out", type=Path, default=REPO_ROOT / "docs" / "benchmarks.md", help="markdown to write"
    )
    ap.add_argument("--skip", default="", help=f"comma-separated sections to skip: {', '.join(SECTIONS)}")
    ap.add_argument(
        "--update",
        action="store_true",
        help="start from <data>/results.json and replace only what this run measures (e.g. one "
        "section of one scale after a fix); the rest of the report keeps its earlier figures",
    )
    return ap


def _update_record(args: argparse.Namespace, scales: list[str], skip: set[str]) -> dict:
    """What an ``--update`` re-measures: sections, and per section its scales."""
    only = {"pages": args.page_scales.split(","), "viewers": args.viewer_scales.split(",")}
    sections = [s for s in SECTIONS if s not in skip]
    return {
        "command": None,
        "scales": scales,
        "sections": sections,
        "section_scales": {s: [n for n in scales if s not in only or n in only[s]] for s in sections},
        "date": time.strftime("%Y-%m-%d"),
    }


def _previous(args: argparse.Namespace, scales: list[str], skip: set[str]) -> dict | None:
    """The earlier results without what this run re-measures (``--update``)."""
    path = args.data / "results.json"
    if not args.update:
        return None
    if not path.exists():  # no earlier raw results: the sections this run measures go into the report
        return {
            "splice": True,
            "scales": [],
            "startup": [],
            "load": [],
            "queries": [],
            "metrics_cli": [],
            "pages": [],
            "viewers": [],
            "viewer_processes": [],
            "updated": [_update_record(args, scales, skip)],
        }
    old = json.loads(path.read_text(encoding="utf-8"))
    redo = {
        "load": ("load",),
        "metrics": ("queries", "metrics_cli"),
        "pages": ("pages",),
        "viewers": ("viewers", "viewer_processes"),
    }
    only = {"pages": args.page_scales.split(","), "viewers": args.viewer_scales.split(",")}
    for section, keys in redo.items():
        if section in skip:
            continue
        for key in keys:
            old[key] = [
                r
                for r in old.get(key, [])
                if r.get("scale") not in scales or (section in only and r["scale"] not in only[section])
            ]
    old["scales"] = [s for s in old.get("scales", []) if s["name"] not in scales]
    old["updated"] = old.get("updated", []) + [_update_record(args, scales, skip)]
    return old


def _queries(scale: str, warehouse: Path, runs: int) -> list[dict]:
    out = measure(python("-m", "bench.query_bench", "--db", warehouse, "--runs", str(runs))).stdout
    return [{"scale": scale, **r} for r in json.loads(out.strip().splitlines()[-1])]


def _pages(scale: str, warehouse: Path, runs: int, logs: Path) -> list[dict]:
    from bench import pages

    logs.mkdir(parents=True, exist_ok=True)
    targets = pages.measure(warehouse, runs, log_dir=logs)
    return [
        {"scale": scale, "page": t.name, "load": t.load, "settle": t.settle, "revisit": t.revisit}
        | {"errors": t.errors}
        for t in targets
    ]


def _viewers(results: dict, scale_name: str, scale, args: argparse.Namespace) -> None:
    from bench import capacity

    counts = [int(n) for n in args.viewers.split(",")]
    measured = capacity.run(
        scale.warehouse, counts, args.viewer_setups.split(","), scale.root / "stacks", log=_log
    )
    results["viewers"] += [{"scale": scale_name, **r} for r in measured["bursts"]]
    results["viewer_processes"] += [{"scale": scale_name, **r} for r in measured["processes"]]


def _ordered(results: dict) -> None:
    """Scales in size order in every list (an ``--update`` appends the re-measured ones)."""
    rank = {name: i for i, name in enumerate(SCALE_ORDER)}
    results["scales"].sort(key=lambda s: rank.get(s["name"], len(rank)))
    for key in ("load", "queries", "metrics_cli", "pages", "viewers", "viewer_processes"):
        results.setdefault(key, []).sort(key=lambda r: rank.get(r.get("scale"), len(rank)))


def _save(results: dict, args: argparse.Namespace, started: float, base: str | None = None) -> None:
    """Write the raw results and the report; ``base``: the report as it was before this ``--update``
    (every save of the run splices into it, so a note or row is never added twice)."""
    if results.get("updated"):
        results["updated"][-1]["duration_s"] = time.monotonic() - started
    else:
        results["duration_s"] = time.monotonic() - started
    _ordered(results)
    args.data.mkdir(parents=True, exist_ok=True)
    (args.data / "results.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = report.render(results)
    if results.get("updated") and base is not None:
        # The raw results may lack rows the report shows (no results.json, one from an earlier splice
        # run or another --out): keep every section, row and note this run did not re-measure (yet:
        # a scale's old rows go when its turn comes, so an interrupted run keeps the later scales').
        update = results["updated"][-1]
        done = {s["name"] for s in results["scales"]}
        redone = {k: [n for n in v if n in done] for k, v in update.get("section_scales", {}).items()}
        text = splice.splice(base, text, {**update, "section_scales": redone})
    args.out.write_text(text, encoding="utf-8")


def run(args: argparse.Namespace, command: str) -> dict:
    skip = {s for s in args.skip.split(",") if s}
    unknown = skip - set(SECTIONS)
    if unknown:
        raise SystemExit(
            f"--skip: unknown section(s) {', '.join(sorted(unknown))}; choose from {', '.join(SECTIONS)}"
        )
    started = time.monotonic()
    base = args.out.read_text(encoding="utf-8") if args.update and args.out.exists() else None
    names = [s for s in args.scales.split(",") if s]
    results: dict = _previous(args, names, skip) or {
        "command": command,
        "machine": machine.facts(),
        "runs": args.runs,
        "seed": args.seed,
        "skipped": sorted(skip),
        "scales": [],
        "startup": [],
        "load": [],
        "queries": [],
        "metrics_cli": [],
        "pages": [],
        "viewers": [],
        "viewer_processes": [],
    }
    if results.get("updated"):
        results["updated"][-1]["command"] = command
    if not {"load", "metrics"} <= skip:  # the fixed cost inside every CLI figure, measured with them
        results["startup"] = load_bench.startup(args.runs)
    for name in names:
        _log(f"[{name}] files")
        scale = prepare_files(name, args.data, args.seed)
        _log(f"[{name}] warehouse")
        build_warehouse(scale, load_bench.DATASETS, log=_log)
        results["scales"].append(
            {
                "name": name,
                "communities": communities(scale),
                "rows": scale.rows,
                "build_seconds": scale.build_seconds,
            }
        )
        if "load" not in skip:
            results["load"] += load_bench.run(scale, args.runs, log=_log)
            _save(results, args, started, base)
        if "metrics" not in skip:
            _log(f"[{name}] page queries")
            results["queries"] += _queries(name, scale.warehouse, args.runs)
            results["metrics_cli"] += metrics_cli.run(name, scale.warehouse, args.runs, log=_log)
            _save(results, args, started, base)
        if "pages" not in skip and name in args.page_scales.split(","):
            _log(f"[{name}] pages in Chromium")
            results["pages"] += _pages(name, scale.warehouse, args.runs, scale.root / "logs")
        if "viewers" not in skip and name in args.viewer_scales.split(","):
            _log(f"[{name}] concurrent viewers")
            _viewers(results, name, scale, args)
        _save(results, args, started, base)
    return results


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = _parser().parse_args(argv)
    run(args, " ".join(["python -m bench", *argv]))
    _log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
