"""``python -m etl``: load, validate, history, undo, metrics, demo (see README)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from etl.datasets import DATASETS
from etl.messages import BusyError, EtlError, Problem
from etl.settings import max_upload_mb, setting, star_threshold, warehouse_path
from etl.warehouse import NoWarehouseError, Warehouse


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", help=f"warehouse directory (env {setting('warehouse').env}; default data/warehouse)")
    common.add_argument("--lang", choices=("zh", "en"), default=None, help="message language (default zh)")
    parser = argparse.ArgumentParser(prog="python -m etl", description="社区治理数据看板 ETL")
    sub = parser.add_subparsers(dest="verb", required=True)
    for verb, text in (("load", "validate and load files as batches"), ("validate", "check files, write nothing")):
        p = sub.add_parser(verb, parents=[common], help=text)
        p.add_argument("files", nargs="+", type=Path)
        p.add_argument("--dataset", choices=list(DATASETS), help="dataset of the files (default: detected)")
        p.add_argument("--errors", type=Path, help="also write every problem to this CSV (UTF-8 with BOM)")
        p.add_argument("--allow-removal", action="store_true", dest="allow_removal",
                       help="load even when a file removes more than max_removal_share of the rows in its scopes")
        if verb == "load":
            p.add_argument("--user", help="name recorded in the history (env GOVDASH_USER)")
    p = sub.add_parser("history", parents=[common], help="list load batches")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p = sub.add_parser("undo", parents=[common], help="restore the state before a batch")
    p.add_argument("batch", type=int)
    p.add_argument("--cascade", action="store_true", help="also undo later batches that built on it")
    p.add_argument("--user")
    p = sub.add_parser("metrics", parents=[common], help="print the metric catalog for an area and date")
    p.add_argument("--area", required=True)
    p.add_argument("--as-of", required=True, dest="as_of")
    p.add_argument("--since")
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    sub.add_parser("demo", parents=[common], help="(re)build the warehouse from data/demo")
    return parser


def _lang(args: argparse.Namespace) -> str:
    return args.lang or setting("lang").value()


def _check_size(files: list[Path]) -> list[Problem]:
    limit = max_upload_mb()
    problems = []
    for f in files:
        size_mb = f.stat().st_size / (1024 * 1024)
        if size_mb > limit:
            problems.append(Problem(f.name, "file_too_large", params={"size_mb": size_mb, "limit_mb": f"{limit:g}"}))
    return problems


def cmd_load(args: argparse.Namespace, warehouse: Warehouse, apply: bool) -> int:
    from etl import cli_output as out
    from etl.loading import Source, default_user, load, validate

    lang = _lang(args)
    missing = [f for f in args.files if not f.is_file()]
    if missing:
        print(out.t(lang, "找不到文件：", "file not found: ") + ", ".join(map(str, missing)), file=sys.stderr)
        return 2
    too_big = _check_size(args.files)
    if too_big:
        out.print_problems(too_big, lang, args.errors)
        return 1
    sources = [Source(f, f.name, dataset=args.dataset) for f in args.files]
    if apply:
        report = load(warehouse, sources, user=args.user or default_user(), allow_removal=args.allow_removal)
    else:
        report = validate(warehouse, sources, allow_removal=args.allow_removal)
    out.print_report(report, lang, apply, args.errors)
    return 0 if report.ok else 1


def cmd_metrics(args: argparse.Namespace, warehouse: Warehouse) -> int:
    from etl.metric_catalog import fmt_value
    from etl.metrics import UnknownAreaError, compute_metrics

    try:
        as_of = date.fromisoformat(args.as_of)
        since = date.fromisoformat(args.since) if args.since else None
    except ValueError:
        print(f"日期格式错误 / bad date: {args.as_of!r} {args.since or ''} (YYYY-MM-DD)", file=sys.stderr)
        return 2
    con = warehouse.connect_reader()
    try:
        rows = compute_metrics(con, args.area.strip(), as_of, since, star_threshold())
    except UnknownAreaError as err:
        print(str(err), file=sys.stderr)
        return 2
    finally:
        con.close()
    if args.format == "json":
        print(json.dumps(dict(rows), ensure_ascii=False, indent=1))
    else:
        for name, value in rows:
            print(f"{name},{fmt_value(value)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    warehouse = Warehouse(warehouse_path(args.db))
    lang = _lang(args)
    try:
        if args.verb == "metrics":  # first: the metrics path needs neither pandas nor the loader
            return cmd_metrics(args, warehouse)
        from etl import cli_output as out
        from etl.loading import default_user

        if args.verb in ("load", "validate"):
            return cmd_load(args, warehouse, apply=args.verb == "load")
        if args.verb == "history":
            return out.print_history(warehouse, args.format, lang)
        if args.verb == "undo":
            return out.run_undo(warehouse, args.batch, args.user or default_user(), args.cascade, lang)
        if args.verb == "demo":
            return out.run_demo(warehouse, lang)
    except NoWarehouseError:
        from etl import cli_output as out

        print(out.t(lang, f"仓库 {warehouse.root} 还没有数据：请先运行 python -m etl demo 或 load",
                    f"no data in {warehouse.root} yet: run python -m etl demo or load first"), file=sys.stderr)
        return 2
    except BusyError:
        from etl import cli_output as out

        print(out.t(lang, "另一个导入正在进行，请稍后重试", "another load is running; retry shortly"), file=sys.stderr)
        return 3
    except EtlError as err:
        from etl import cli_output as out

        out.print_problems(err.problems, lang, None)
        return 1
    return 2


if __name__ == "__main__":
    sys.exit(main())
