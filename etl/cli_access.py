"""``python -m etl users …`` and ``python -m etl audit``: manage who may use the dashboard, read the log."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from etl.access import ROLES, AccessError, AccessStore
from etl.cli_output import t
from etl.warehouse import Warehouse


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    users = sub.add_parser("users", parents=[common], help="manage dashboard users (role and areas)")
    verbs = users.add_subparsers(dest="users_verb", required=True)
    for verb in ("add", "set"):
        p = verbs.add_parser(verb, parents=[common], help=f"{verb} a user")
        p.add_argument("name")
        p.add_argument("--role", choices=ROLES, required=verb == "add")
        p.add_argument(
            "--area",
            action="append",
            dest="areas",
            metavar="CODE",
            help="an area the user may see (district, street or community code; repeatable)",
        )
    p = verbs.add_parser("remove", parents=[common], help="remove a user")
    p.add_argument("name")
    p = verbs.add_parser("list", parents=[common], help="list users")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    audit = sub.add_parser("audit", parents=[common], help="print the audit log (newest first)")
    audit.add_argument("--since", help="from this date (YYYY-MM-DD)")
    audit.add_argument("--user")
    audit.add_argument("--format", choices=("table", "csv", "json"), default="table")


def _unknown_areas(warehouse: Warehouse, areas: list[str]) -> list[str]:
    if not areas or not warehouse.exists():
        return []
    con = warehouse.connect_reader()
    try:
        known = {
            r[0]
            for r in con.execute(
                "SELECT area_code FROM areas WHERE area_code IN (SELECT unnest(?::VARCHAR[]))", [areas]
            ).fetchall()
        }
    finally:
        con.close()
    return [a for a in areas if a not in known]


def run_users(args: argparse.Namespace, warehouse: Warehouse, by: str, lang: str) -> int:
    store = AccessStore(warehouse.root)
    try:
        if args.users_verb in ("add", "set"):
            areas = [a.strip() for a in args.areas] if args.areas is not None else None
            unknown = _unknown_areas(warehouse, areas or [])
            if unknown:
                print(
                    t(
                        lang,
                        f"区划代码不存在：{'、'.join(unknown)}",
                        f"unknown area code(s): {', '.join(unknown)}",
                    ),
                    file=sys.stderr,
                )
                return 2
            if args.users_verb == "add":
                user = store.add(args.name, args.role, areas or [], by=by)
            else:
                user = store.set(args.name, by=by, role=args.role, areas=areas)
            print(f"{user.name}\t{user.role}\t{','.join(user.areas) or '*'}")
        elif args.users_verb == "remove":
            store.remove(args.name, by=by)
            print(t(lang, f"已删除用户 {args.name}", f"removed user {args.name}"))
        else:
            return _print_users(store, args.format)
    except AccessError as err:
        print(err.message(lang), file=sys.stderr)
        return 2
    return 0


def _print_users(store: AccessStore, fmt: str) -> int:
    rows = [{"name": u.name, "role": u.role, "areas": list(u.areas)} for u in store.users()]
    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        sep = "," if fmt == "csv" else "\t"
        print(sep.join(("name", "role", "areas")))
        for r in rows:
            print(sep.join((r["name"], r["role"], " ".join(r["areas"]) or "*")))
    return 0


def run_audit(args: argparse.Namespace, warehouse: Warehouse, lang: str) -> int:
    try:
        since = date.fromisoformat(args.since) if args.since else None
    except ValueError:
        print(
            t(
                lang,
                f"日期格式错误：{args.since}（应为 YYYY-MM-DD）",
                f"bad date {args.since!r} (YYYY-MM-DD)",
            ),
            file=sys.stderr,
        )
        return 2
    df = AccessStore(warehouse.root).audit(since=since, user=args.user)
    if args.format == "json":
        records = df.to_dict(orient="records")
        for r in records:
            r["detail"] = json.loads(r["detail"])
        print(json.dumps(records, ensure_ascii=False, indent=1))
    elif args.format == "csv":
        df.to_csv(sys.stdout, index=False)
    elif df.empty:
        print(t(lang, "审计日志为空", "the audit log is empty"))
    else:
        print(df.to_string(index=False))
    return 0
