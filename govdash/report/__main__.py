"""Write the review-meeting report of an area and date as PPTX or PDF, without a browser.

    python -m govdash.report --area 410311 --as-of 2024-12-31 --format pptx --out 洛龙区.pptx
    python -m govdash.report --area 410311 --as-of 2024-12-31 --format pdf --out 洛龙区.pdf [--db DIR] [--lang en]

``--area`` is a district, street/town or community code; ``--as-of`` the statistics date (stocks
on that day, activity over the 12 months up to it); ``--db`` the warehouse directory (default: the
``GOVDASH_DB`` setting, else ``data/warehouse``). The deck and the PDF hold the same slides as the
dashboard's presentation page (汇报模式). PDF needs the system Chromium (charts, via kaleido) and
the Noto CJK fonts (Debian packages ``chromium`` and ``fonts-noto-cjk``); nothing is downloaded.
Suited to a scheduled job (e.g. a weekly deck from cron) while the dashboard is stopped or reads a
published snapshot. Exit status: 0 written, 2 bad arguments or unknown area, 1 export failed.
Its messages are in ``--lang`` too, as the ``etl`` commands' are.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from datetime import date
from pathlib import Path

FORMATS = ("pptx", "pdf")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m govdash.report", description="汇报材料：为一个区域和日期生成 PPTX 或 PDF"
    )
    parser.add_argument("--area", required=True, help="区划代码（区、街道或社区）")
    parser.add_argument("--as-of", required=True, help="统计日期 YYYY-MM-DD")
    parser.add_argument("--format", choices=FORMATS, help="pptx 或 pdf（默认按 --out 的扩展名）")
    parser.add_argument("--out", required=True, help="输出文件")
    parser.add_argument("--db", help="数据仓库目录（默认 GOVDASH_DB 或 data/warehouse）")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="报告和提示的语言（默认 zh）")
    parser.add_argument("--user", help="以该看板用户的权限生成（只含其权限范围内的区域）")
    return parser


def _say(lang: str, zh: str, en: str) -> None:
    """A message for the operator on stderr, in ``--lang`` (the etl commands' rule)."""
    from etl.cli_output import t  # noqa: PLC0415

    print(t(lang, zh, en), file=sys.stderr)


def _quiet_streamlit() -> None:
    """The data modules cache with Streamlit; outside a server it warns on every cache — not useful here."""
    import streamlit  # noqa: F401, PLC0415 - configures its loggers on import

    for name in (
        "streamlit.runtime.caching.cache_data_api",
        "streamlit.runtime.caching.cache_resource_api",
        "streamlit",
    ):
        logging.getLogger(name).setLevel(logging.ERROR)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    lang = args.lang
    out = Path(args.out)
    fmt = args.format or out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        _say(
            lang,
            f"无法确定输出格式：请用 --format pptx|pdf（{out.name}）",
            f"Cannot tell the format: use --format pptx|pdf ({out.name})",
        )
        return 2
    try:
        as_of = date.fromisoformat(args.as_of)
    except ValueError:
        _say(
            lang, f"日期格式错误：{args.as_of}（应为 YYYY-MM-DD）", f"Bad date: {args.as_of} (use YYYY-MM-DD)"
        )
        return 2
    if args.db:
        os.environ["GOVDASH_DB"] = args.db
    _quiet_streamlit()
    from etl.metrics import UnknownAreaError  # noqa: PLC0415 - after GOVDASH_DB is set
    from govdash import db  # noqa: PLC0415
    from govdash.report import export  # noqa: PLC0415

    if not db.warehouse().exists():
        root = db.warehouse().root
        _say(lang, f"数据仓库不存在：{root}", f"No warehouse at {root}")
        return 2
    scope = _scope_of(args.user, args.area, lang)
    if scope is None:
        return 2
    started = time.perf_counter()
    try:
        with db.use_scope(scope), db.one_snapshot():  # one deck of one snapshot, as a page run
            data = export(db.version(), args.area, as_of, fmt, args.lang)
    except UnknownAreaError:
        _say(lang, f"未知区划代码 {args.area}", f"Unknown area code {args.area}")
        return 2
    except Exception as exc:  # noqa: BLE001 - one line for the operator, not a traceback
        _say(lang, f"生成失败：{exc}", f"Export failed: {exc}")
        return 1
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    size, took = len(data) // 1024, time.perf_counter() - started
    _say(lang, f"已写入 {out}（{size} KB，{took:.1f} 秒）", f"Wrote {out} ({size} KB, {took:.1f} s)")
    return 0


def _scope_of(user: str | None, area: str, lang: str = "zh"):
    """The scope to read with: everything, or the user's areas (None, after a message: refused)."""
    from etl.access import AccessStore  # noqa: PLC0415
    from etl.scope import EVERYTHING, Scope, codes_outside, open_scoped  # noqa: PLC0415
    from govdash import db  # noqa: PLC0415

    if not user:
        return EVERYTHING
    found = AccessStore(db.warehouse().root).get(user)
    if found is None:
        _say(lang, f"没有用户 {user}", f"No user {user}")
        return None
    scope = Scope.of(found.areas)
    with open_scoped(db.warehouse().current_path(), EVERYTHING) as every:
        if codes_outside(every, scope, [area]):
            _say(lang, f"无权查看该区域：{area}（用户 {user}）", f"Not allowed to see {area} (user {user})")
            return None
    return scope


if __name__ == "__main__":
    sys.exit(main())
