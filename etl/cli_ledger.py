"""``python -m etl ledger`` (the 挂图作战 items of an area) and ``python -m etl meeting`` (推进会 and
their 交办事项); ``ledger_counts`` adds ``ledger_open:KIND`` / ``ledger_done:KIND`` to ``etl metrics``."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from datetime import date

from etl.scope import EVERYTHING, Scope, codes_outside, open_scoped
from etl.warehouse import Warehouse

CLI_COLUMNS = [
    "status",
    "kind",
    "street_code",
    "street_name",
    "community_code",
    "community_name",
    "item_name",
    "missing",
    "due_date",
    "opened_batch",
    "closed_on",
    "closed_batch",
]


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("ledger", parents=[common], help="ledger items (挂图作战) of an area on a date")
    p.add_argument("--area", required=True)
    p.add_argument("--as-of", required=True, dest="as_of")
    p.add_argument("--status", choices=("open", "done", "overdue"))
    p.add_argument("--kind", help="only this kind of item")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--user", help="as this dashboard user: only areas in their scope")
    p = sub.add_parser("meeting", parents=[common], help="推进会 and their tasks (交办事项)")
    p.add_argument("action", choices=("add", "close", "list"))
    p.add_argument("--area", help="add/list: the area that holds the meeting")
    p.add_argument("--date", help="add: the day it was held (YYYY-MM-DD)")
    p.add_argument("--title", help="add: the meeting's name")
    p.add_argument(
        "--task", action="append", default=[], help='add: "TEXT|OWNER_CODE|DUE_DATE" (repeat for each task)'
    )
    p.add_argument("--id", type=int, help="close: the task id")
    p.add_argument("--note", default="", help="close: how it was done")
    p.add_argument("--user", help="who records (a user of etl users; default: the OS user, as admin)")


def _t(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


def _scope(warehouse: Warehouse, user: str | None) -> Scope | None:
    if not user:
        return EVERYTHING
    from etl.access import AccessStore

    found = AccessStore(warehouse.root).get(user)
    return None if found is None else Scope.of(found.areas)


def _outside(warehouse: Warehouse, scope: Scope, codes: list[str]) -> set[str]:
    """Codes outside ``scope``, and codes that are no area at all."""
    with open_scoped(warehouse.current_path(), EVERYTHING) as every:
        known = {
            c
            for (c,) in every.execute(
                "SELECT area_code FROM areas WHERE area_code IN (SELECT unnest(?))", [codes]
            ).fetchall()
        }
        return codes_outside(every, scope, codes) | (set(codes) - known)


def run_ledger(args: argparse.Namespace, warehouse: Warehouse, lang: str) -> int:
    from etl.ledger import LedgerAreaError, ledger_items

    try:
        as_of = date.fromisoformat(args.as_of)
    except ValueError:
        print(
            _t(
                lang,
                f"日期格式错误：{args.as_of!r}（应为 YYYY-MM-DD）",
                f"bad date {args.as_of!r} (YYYY-MM-DD)",
            ),
            file=sys.stderr,
        )
        return 2
    scope = _scope(warehouse, args.user)
    if scope is None:
        print(_t(lang, f"没有用户“{args.user}”", f"no user {args.user!r}"), file=sys.stderr)
        return 2
    area = args.area.strip()
    if _outside(warehouse, scope, [area]):
        print(_t(lang, f"无权查看该区域：{area}", f"not in {args.user}'s areas: {area}"), file=sys.stderr)
        return 2
    with open_scoped(warehouse.current_path(), scope) as con:
        try:
            items = ledger_items(con, area, as_of, lang)
        except LedgerAreaError:
            print(_t(lang, f"未知区划代码 {area}", f"unknown area {area}"), file=sys.stderr)
            return 2
    if args.status:
        items = items[items["status"] == args.status]
    if args.kind:
        items = items[items["kind"] == args.kind]
    print(_render(items[CLI_COLUMNS], args.format), end="")
    return 0


def _render(frame, fmt: str) -> str:  # noqa: ANN001
    rows = [
        {k: ("" if v is None or v != v else str(v)) for k, v in r.items()} for r in frame.to_dict("records")
    ]
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        from etl.safe_text import neutralize_formula

        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=CLI_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: neutralize_formula(v) for k, v in r.items()} for r in rows)
        return out.getvalue()
    lines = ["\t".join(CLI_COLUMNS)] + ["\t".join(r[c] for c in CLI_COLUMNS) for r in rows]
    return "\n".join(lines) + f"\n({len(rows)})\n"


# Ledgers are worked by districts and below; above them the item-by-item derivation over every batch
# would cost minutes at national scale (and the whole-country ``etl metrics`` must stay under 1 s),
# so ``etl metrics`` prints no ledger lines there (``etl ledger`` still lists the items).
LEDGER_LEVELS = ("district", "street", "community")


def ledger_counts(con, area: str, as_of: date) -> list[tuple[str, int]]:  # noqa: ANN001
    """``ledger_open:KIND`` and ``ledger_done:KIND`` lines for ``etl metrics`` (districts and below)."""
    level = con.execute("SELECT level FROM areas WHERE area_code = ?", [area]).fetchone()
    if level is None or level[0] not in LEDGER_LEVELS:
        return []
    from etl.ledger import counts, ledger_items  # pandas: only imported when needed

    return counts(ledger_items(con, area, as_of))


def run_meeting(args: argparse.Namespace, warehouse: Warehouse, lang: str, user: str) -> int:
    from etl.access import AccessStore
    from etl.meetings import MeetingError, MeetingStore, Task

    access = AccessStore(warehouse.root)
    found = access.get(args.user) if args.user else None
    if args.user and found is None:
        print(_t(lang, f"没有用户“{args.user}”", f"no user {args.user!r}"), file=sys.stderr)
        return 2
    if found is not None and not found.may("meet") and args.action != "list":
        print(
            _t(lang, "只有分析员和管理员可以记录推进会", "only analysts and admins record meetings"),
            file=sys.stderr,
        )
        return 2
    scope = Scope.of(found.areas) if found is not None else EVERYTHING
    name = found.name if found is not None else user
    store = MeetingStore(warehouse.root)
    try:
        if args.action == "add":
            return _add(args, warehouse, store, scope, name, access, lang, Task)
        if args.action == "close":
            task = store.task(int(args.id or 0))
            if task is None:
                raise MeetingError(f"没有交办事项 {args.id}", f"no task {args.id}")
            if _outside(warehouse, scope, [task["owner_code"]]):
                print(
                    _t(lang, "这项交办事项不属于您的区域", "this task is not in your areas"), file=sys.stderr
                )
                return 2
            store.close_task(int(args.id), name, args.note)
            access.record("task_close", name, found.role if found else None, "cli", task=int(args.id))
            print(_t(lang, f"交办事项 {args.id} 已办结", f"task {args.id} closed"))
            return 0
        tasks = store.tasks(None)
        if not scope.everything:  # a scoped user lists the tasks of its own areas only
            outside = _outside(warehouse, scope, sorted(set(tasks["owner_code"])))
            tasks = tasks[~tasks["owner_code"].isin(outside)]
        print(tasks.to_csv(index=False), end="")
        return 0
    except MeetingError as err:
        print(err.message(lang), file=sys.stderr)
        return 1


def _add(args, warehouse, store, scope, name, access, lang, task_cls) -> int:  # noqa: ANN001
    from etl.meetings import MeetingError

    if not (args.area and args.date and args.title):
        raise MeetingError("记录推进会需要 --area、--date 和 --title", "add needs --area, --date and --title")
    tasks = []
    for n, spec in enumerate(args.task, 1):
        parts = [p.strip() for p in spec.split("|")]
        try:
            text, owner, due = parts
            tasks.append(task_cls(text, owner, date.fromisoformat(due)))
        except ValueError:
            raise MeetingError(
                f"第 {n} 条交办事项“{spec}”格式应为“内容|责任区划代码|完成时限YYYY-MM-DD”",
                f'task {n} {spec!r} must be "TEXT|OWNER_CODE|YYYY-MM-DD"',
            ) from None
    codes = [args.area, *(t.owner_code for t in tasks)]
    outside = _outside(warehouse, scope, codes)
    if outside:
        print(
            _t(
                lang,
                f"无权为这些区域记录：{'、'.join(sorted(outside))}",
                f"not your areas: {', '.join(sorted(outside))}",
            ),
            file=sys.stderr,
        )
        return 2
    meeting_id = store.record_meeting(args.area, date.fromisoformat(args.date), args.title, tasks, name)
    access.record("meeting_add", name, None, "cli", meeting=meeting_id, area=args.area, tasks=len(tasks))
    print(
        _t(
            lang,
            f"已记录推进会 {meeting_id}（{len(tasks)} 项交办事项）",
            f"meeting {meeting_id} recorded ({len(tasks)} tasks)",
        )
    )
    return 0
