"""What the ``python -m etl`` verbs print (kept apart from argument parsing)."""

from __future__ import annotations

import csv
import json
import sys
import time
from pathlib import Path

import pandas as pd

from etl.datasets import DATASETS
from etl.history import EMPTIED_WHY, UndoError, batches, emptied, emptied_columns, undo
from etl.loading import LoadReport
from etl.messages import Problem
from etl.safe_text import neutralize_formula
from etl.warehouse import Warehouse

MAX_PRINTED = 200


def t(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


def write_problems_csv(problems: list[Problem], lang: str, path: Path) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        rows = [p.as_dict(lang) for p in problems]
        if not rows:
            fh.write("")
            return
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: neutralize_formula(v) for k, v in row.items()})


def print_problems(problems: list[Problem], lang: str, errors_path: Path | None) -> None:
    errors = [p for p in problems if not p.warning]
    for p in problems[:MAX_PRINTED]:
        print(("⚠ " if p.warning else "✗ ") + p.render(lang), file=sys.stderr)
    if len(problems) > MAX_PRINTED:
        print(
            t(
                lang,
                f"……另有 {len(problems) - MAX_PRINTED} 个问题未显示（用 --errors 文件.csv 导出全部）",
                f"… {len(problems) - MAX_PRINTED} more not shown (use --errors FILE.csv to export all)",
            ),
            file=sys.stderr,
        )
    if errors_path:
        write_problems_csv(problems, lang, errors_path)
    if errors:
        print(
            t(
                lang,
                f"共 {len(errors)} 个错误，未导入任何数据。",
                f"{len(errors)} error(s); nothing was loaded.",
            ),
            file=sys.stderr,
        )


def print_report(report: LoadReport, lang: str, applied: bool, errors_path: Path | None) -> None:
    all_problems = [p for f in report.files for p in (*f.problems, *f.warnings)]
    for f in report.files:
        if f.identical_to is not None:
            print(
                t(
                    lang,
                    f"{f.file_name}：与批次 {f.identical_to} 的文件完全相同，未做任何更改",
                    f"{f.file_name}: identical to the file of batch {f.identical_to}; nothing changed",
                )
            )
        elif not f.problems:
            head = t(
                lang,
                f"{f.file_name}（{f.dataset}，{f.encoding or f.sheet}，{f.rows_in_file} 行）",
                f"{f.file_name} ({f.dataset}, {f.encoding or f.sheet}, {f.rows_in_file} rows)",
            )
            if applied and report.committed and f.batch_id:
                print(
                    head
                    + t(
                        lang,
                        f"：已导入为批次 {f.batch_id}，新增 {f.added}，修改 {f.changed}，"
                        f"删除 {f.removed}，未变 {f.unchanged}",
                        f": loaded as batch {f.batch_id}: {f.added} added, {f.changed} changed, "
                        f"{f.removed} removed, {f.unchanged} unchanged",
                    )
                )
            elif applied and report.ok:
                print(
                    head
                    + t(
                        lang, "：与仓库中的数据相同，未做任何更改", ": same as the warehouse; nothing changed"
                    )
                )
            elif not applied:
                print(
                    head
                    + t(
                        lang,
                        f"：检查通过；导入将新增 {f.added}，修改 {f.changed}，删除 {f.removed}，"
                        f"未变 {f.unchanged}",
                        f": valid; loading adds {f.added}, changes {f.changed}, removes {f.removed}, "
                        f"leaves {f.unchanged} unchanged",
                    )
                )
    if all_problems or errors_path:
        print_problems(all_problems, lang, errors_path)


def print_history(warehouse: Warehouse, fmt: str, lang: str, emptied_only: bool = False) -> int:
    con = warehouse.connect_reader()
    try:
        df = emptied(con) if emptied_only else batches(con)
    finally:
        con.close()
    if emptied_only:
        return _print_emptied(df, fmt, lang)
    df = df.drop(columns=["file_bytes", "encoding", "sheet", "undone_by"])
    if fmt == "json":
        print(
            json.dumps(
                json.loads(df.to_json(orient="records", date_format="iso")), ensure_ascii=False, indent=1
            )
        )
    elif fmt == "csv":  # file names are the uploader's: formula-neutralized like every CSV we write
        text_columns = df.select_dtypes(include=["object", "string"]).columns
        df[text_columns] = df[text_columns].map(neutralize_formula)
        df.to_csv(sys.stdout, index=False)
    else:
        if df.empty:
            print(t(lang, "还没有导入记录", "no batches yet"))
            return 0
        df["file_sha256"] = df["file_sha256"].str[:12]
        print(df.to_string(index=False))
    return 0


def _print_emptied(df: pd.DataFrame, fmt: str, lang: str) -> int:
    """``etl.history.emptied`` with the columns' labels (the table in ``lang``)."""
    df = df.assign(
        label=[DATASETS[d].column(c).label(lang) for d, c in zip(df["dataset"], df["column"], strict=True)]
    )
    if fmt == "json":
        print(json.dumps(df.to_dict(orient="records"), ensure_ascii=False, indent=1))
    elif fmt == "csv":
        df.assign(file_name=df["file_name"].map(neutralize_formula)).to_csv(sys.stdout, index=False)
    elif df.empty:
        print(t(lang, "没有批次清空过已导入的值", "no batch emptied values already loaded"))
    else:
        for batch, rows in df.groupby("batch_id", sort=True):
            name, columns = rows["file_name"].iloc[0], emptied_columns(rows, lang)
            print(
                t(
                    lang,
                    f"批次 {batch}（{name}）清空了已导入的值：{columns}",
                    f"batch {batch} ({name}) emptied values: {columns}",
                )
            )
        print(EMPTIED_WHY[1] if lang == "en" else EMPTIED_WHY[0])
    return 0


def run_undo(warehouse: Warehouse, batch_id: int, user: str, cascade: bool, lang: str) -> int:
    try:
        result = undo(warehouse, batch_id, user, cascade)
    except UndoError as err:
        print(err.message(lang), file=sys.stderr)
        return 1
    ids = ", ".join(map(str, result.undone))
    print(
        t(
            lang,
            f"已撤销批次 {ids}：删除 {result.removed_rows} 行，恢复 {result.restored_rows} 行",
            f"undone batch(es) {ids}: {result.removed_rows} rows removed, {result.restored_rows} rows restored",
        )
    )
    return 0


def run_demo(warehouse: Warehouse, lang: str) -> int:
    from etl.demo import build_demo

    started = time.perf_counter()
    build_demo(warehouse.root)
    con = warehouse.connect_reader()
    try:
        df = batches(con)
    finally:
        con.close()
    for row in df.sort_values("batch_id").itertuples(index=False):
        print(f"{row.dataset:<14}{row.rows_added:>9}")
    print(
        t(
            lang,
            f"演示数据已导入 {warehouse.root}（{time.perf_counter() - started:.1f} 秒）",
            f"demo warehouse built in {warehouse.root} ({time.perf_counter() - started:.1f} s)",
        )
    )
    return 0
