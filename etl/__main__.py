"""``python -m etl``: load, validate, history, undo, metrics, ledger, meeting, demo, migrate, backup,
restore (see README)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from etl import ops_cli
from etl.datasets import DATASETS
from etl.messages import BusyError, EtlError, Problem
from etl.migrations import SchemaError
from etl.settings import max_upload_mb, setting, star_threshold, warehouse_path
from etl.warehouse import NoWarehouseError, Warehouse


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", help=f"warehouse directory (env {setting('warehouse').env}; default data/warehouse)"
    )
    common.add_argument("--lang", choices=("zh", "en"), default=None, help="message language (default zh)")
    parser = argparse.ArgumentParser(prog="python -m etl", description="社区治理数据看板 ETL")
    sub = parser.add_subparsers(dest="verb", required=True)
    for verb, text in (
        ("load", "validate and load files as batches"),
        ("validate", "check files, write nothing"),
    ):
        p = sub.add_parser(verb, parents=[common], help=text)
        p.add_argument("files", nargs="+", type=Path)
        p.add_argument("--dataset", choices=list(DATASETS), help="dataset of the files (default: detected)")
        p.add_argument("--errors", type=Path, help="also write every problem to this CSV (UTF-8 with BOM)")
        p.add_argument(
            "--allow-removal",
            action="store_true",
            dest="allow_removal",
            help="load even when a file removes more than max_removal_share of the rows in its scopes",
        )
        if verb == "load":
            p.add_argument("--user", help="name recorded in the history (env GOVDASH_USER)")
    p = sub.add_parser("history", parents=[common], help="list load batches")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument(
        "--emptied",
        action="store_true",
        help="list the batches that emptied values already loaded, per column (undo one to restore them)",
    )
    p = sub.add_parser("undo", parents=[common], help="restore the state before a batch")
    p.add_argument("batch", type=int)
    p.add_argument("--cascade", action="store_true", help="also undo later batches that built on it")
    p.add_argument("--user")
    p = sub.add_parser("metrics", parents=[common], help="print the metric catalog for an area and date")
    p.add_argument("--area", required=True)
    p.add_argument("--as-of", required=True, dest="as_of")
    p.add_argument("--since")
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    p.add_argument("--user", help="compute as this dashboard user: only areas in their scope")
    sub.add_parser("demo", parents=[common], help="(re)build the warehouse from data/demo")
    from etl import cli_ledger
    from etl.cli_access import add_parsers

    add_parsers(sub, common)
    cli_ledger.add_parsers(sub, common)
    ops_cli.add_parsers(sub, common)
    return parser


def _lang(args: argparse.Namespace) -> str:
    return args.lang or setting("lang").value()


def _check_size(files: list[Path]) -> list[Problem]:
    limit = max_upload_mb()
    problems = []
    for f in files:
        size_mb = f.stat().st_size / (1024 * 1024)
        if size_mb > limit:
            problems.append(
                Problem(f.name, "file_too_large", params={"size_mb": size_mb, "limit_mb": f"{limit:g}"})
            )
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
        user = args.user or default_user()
        report = load(warehouse, sources, user=user, allow_removal=args.allow_removal)
        _audit(
            warehouse,
            "load",
            user,
            files=[f.name for f in args.files],
            committed=report.committed,
            batches=[r.batch_id for r in report.files if r.batch_id],
            problems=len(report.problems),
        )
    else:
        report = validate(warehouse, sources, allow_removal=args.allow_removal)
    out.print_report(report, lang, apply, args.errors)
    return 0 if report.ok else 1


def _audit(warehouse: Warehouse, action: str, user: str, **detail: object) -> None:
    """Loads and undos from the command line are audited like those from the dashboard."""
    from etl.access import AccessStore

    AccessStore(warehouse.root).record(action, user, None, "cli", **detail)


def cmd_metrics(args: argparse.Namespace, warehouse: Warehouse) -> int:
    from etl.metric_catalog import fmt_value
    from etl.metrics import UnknownAreaError, compute_metrics

    try:
        as_of = date.fromisoformat(args.as_of)
        since = date.fromisoformat(args.since) if args.since else None
    except ValueError:
        print(f"日期格式错误 / bad date: {args.as_of!r} {args.since or ''} (YYYY-MM-DD)", file=sys.stderr)
        return 2
    from etl.scope import EVERYTHING, Scope, codes_outside, open_scoped

    area, scope = args.area.strip(), EVERYTHING
    if args.user:
        from etl.access import AccessStore

        user = AccessStore(warehouse.root).get(args.user)
        if user is None:
            print(f"没有用户 / no user: {args.user!r}", file=sys.stderr)
            return 2
        scope = Scope.of(user.areas)
    con = open_scoped(warehouse.current_path(), scope)
    try:
        if not scope.everything:
            with open_scoped(warehouse.current_path(), EVERYTHING) as every:
                if codes_outside(every, scope, [area]):
                    print(f"无权查看该区域 / not in {args.user}'s areas: {area}", file=sys.stderr)
                    return 2
        rows = compute_metrics(con, area, as_of, since, star_threshold())
        from etl.cli_ledger import ledger_counts

        rows = [*rows, *ledger_counts(con, area, as_of)]  # fold into the catalog: etl/ledger_rules.py
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
        if args.verb in ops_cli.VERBS:
            return ops_cli.run(args, warehouse, lang)
        from etl import cli_output as out
        from etl.loading import default_user

        if args.verb in ("load", "validate"):
            return cmd_load(args, warehouse, apply=args.verb == "load")
        if args.verb in ("users", "audit"):
            from etl.cli_access import run_audit, run_users

            if args.verb == "users":
                return run_users(args, warehouse, by=f"cli:{default_user()}", lang=lang)
            return run_audit(args, warehouse, lang)
        if args.verb == "history":
            return out.print_history(warehouse, args.format, lang, emptied_only=args.emptied)
        if args.verb == "undo":
            user = args.user or default_user()
            code = out.run_undo(warehouse, args.batch, user, args.cascade, lang)
            _audit(warehouse, "undo", user, batch=args.batch, cascade=args.cascade, exit=code)
            return code
        if args.verb == "demo":
            return out.run_demo(warehouse, lang)
        if args.verb in ("ledger", "meeting"):
            from etl import cli_ledger

            if args.verb == "ledger":
                return cli_ledger.run_ledger(args, warehouse, lang)
            return cli_ledger.run_meeting(args, warehouse, lang, user=f"cli:{default_user()}")
    except NoWarehouseError:
        from etl import cli_output as out

        print(
            out.t(
                lang,
                f"仓库 {warehouse.root} 还没有数据：请先运行 python -m etl demo 或 load",
                f"no data in {warehouse.root} yet: run python -m etl demo or load first",
            ),
            file=sys.stderr,
        )
        return 2
    except BusyError:
        from etl import cli_output as out

        print(
            out.t(lang, "另一个导入正在进行，请稍后重试", "another load is running; retry shortly"),
            file=sys.stderr,
        )
        return 3
    except SchemaError as err:
        print(err.message(lang), file=sys.stderr)
        return 2
    except EtlError as err:
        from etl import cli_output as out

        out.print_problems(err.problems, lang, None)
        return 1
    return 2


if __name__ == "__main__":
    sys.exit(main())
