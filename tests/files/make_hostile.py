"""Regenerate the hostile corpus in ``tests/files/hostile/``: ``python tests/files/make_hostile.py``.

Names an attacker (or a careless spreadsheet) can put into a file — spreadsheet formulas and DDE
payloads, HTML, CSS and markdown — and file names of the same kind. Every file is valid: the
loader must store each name exactly as written, and every output (pages, charts, PPTX with its
chart workbooks, PDF, XLSX, CSV) must show it as literal text and never run it. ``CORPUS`` is the
manifest with the exact expected outcome of each file; ``tests/test_output_safety.py`` asserts it.
The URLs point at port 9 on loopback (nothing listens there); the network test uses its own server.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent / "hostile"
STREET = "410311002"  # 开元路街道 in tests/files/areas_luolong.csv
AREAS_HEADER = ["区划代码", "名称", "层级", "上级代码", "社区类型", "户数", "人口"]
ACT_HEADER = ["社区代码", "月份", "活动类型", "活动场次", "参与人次"]

# code -> hostile community name (each in its own areas file below)
NAMES: dict[str, str] = {
    "410311002901": '=HYPERLINK("http://127.0.0.1:9/x","点我")',
    "410311002902": "=cmd|' /C calc'!A0",
    "410311002903": "+cmd|' /C notepad'!A0",
    "410311002904": "-2+3+cmd|' /C calc'!A0",
    "410311002905": "@SUM(1+1)*cmd|' /C calc'!A0",
    "410311002906": "\t=1+1",
    "410311002907": "\r=2+2",
    "410311002908": "x<img src=http://127.0.0.1:9/a>",
    "410311002909": '<span style="background-image:url(http://127.0.0.1:9/b)">样式社区</span>',
    "410311002910": "![a](http://127.0.0.1:9/c.png)社区",
    "410311002911": "[link](javascript:alert(1))社区",
    "410311002912": '<a href="http://127.0.0.1:9/d">链接社区</a>',
    "410311002913": "**粗体** _斜体_ $x^2$ :red[红色] ~~删~~社区",
}
COMPOUNDS = [
    '=HYPERLINK("http://127.0.0.1:9/e","小区")',
    "<b>加粗小区</b><img src=http://127.0.0.1:9/f>",
    "![img](http://127.0.0.1:9/g.png)小区",
]


@dataclass(frozen=True)
class Case:
    """One corpus file: its name on disk, the name it is uploaded under, what must happen."""

    file: str
    upload_name: str
    dataset: str
    rows: int
    names: dict[str, str] = field(default_factory=dict)  # code -> name stored exactly


def _areas_case(i: int, code: str) -> Case:
    ext = "xlsx" if "\r" in NAMES[code] else "csv"  # a CR inside a CSV cell is a quoted line break
    return Case(
        f"areas_hostile_{i:02d}.{ext}", f"areas_hostile_{i:02d}.{ext}", "areas", 1, {code: NAMES[code]}
    )


CORPUS: list[Case] = [
    *(_areas_case(i, code) for i, code in enumerate(NAMES, start=1)),
    Case("compounds_hostile.csv", "compounds_hostile.csv", "compounds", len(COMPOUNDS)),
    Case("act_hostile.csv", "act_hostile.csv", "activity", len(NAMES)),
    # file names an attacker picks: shown in the upload page, the history and the undo confirmation
    Case("name_md_image.csv", "![x](http://127.0.0.1:9/h.png).csv", "activity", 1),
    Case("name_formula.csv", '=HYPERLINK("http://127.0.0.1:9/i","y").csv', "activity", 1),
    Case("name_html.csv", "<img src=http://127.0.0.1:9/j>.csv", "activity", 1),
    Case("name_js_link.csv", "[点我](javascript:alert(1)).csv", "activity", 1),
]


def csv_text(rows: list[list[str]]) -> str:
    def cell(value: str) -> str:
        if any(ch in value for ch in (",", '"', "\n", "\t")):
            return '"' + value.replace('"', '""') + '"'
        return value

    return "".join(",".join(cell(v) for v in row) + "\n" for row in rows)


def _areas_row(code: str) -> list[str]:
    return [code, NAMES[code], "社区", STREET, "商品房", "1200", "3600"]


def _write_areas(case: Case) -> None:
    (code,) = case.names
    if case.file.endswith(".xlsx"):
        wb = openpyxl.Workbook()
        wb.properties.created = wb.properties.modified = dt.datetime(2024, 6, 5, 9, 0, 0)
        sheet = wb.active
        sheet.title = "区划"
        sheet.append(AREAS_HEADER)
        sheet.append(_areas_row(code))
        wb.save(HERE / case.file)
    else:
        (HERE / case.file).write_text(csv_text([AREAS_HEADER, _areas_row(code)]), encoding="utf-8")


def _activity(rows: list[list[str]]) -> str:
    return csv_text([ACT_HEADER, *rows])


def main() -> None:
    HERE.mkdir(exist_ok=True)
    for case in CORPUS:
        if case.dataset == "areas":
            _write_areas(case)
    (HERE / "compounds_hostile.csv").write_text(
        csv_text([["社区代码", "小区名称", "户数"], *([f"{STREET}001", n, "300"] for n in COMPOUNDS)]),
        encoding="utf-8",
    )
    (HERE / "act_hostile.csv").write_text(
        _activity(
            [[code, "2024年5月", "为民服务", str(i + 2), str(30 * (i + 2))] for i, code in enumerate(NAMES)]
        ),
        encoding="utf-8",
    )
    for month, file in zip(
        (6, 7, 8, 9), ("name_md_image", "name_formula", "name_html", "name_js_link"), strict=True
    ):
        (HERE / f"{file}.csv").write_text(
            _activity([[f"{STREET}001", f"2024年{month}月", "为民服务", "4", "120"]]), encoding="utf-8"
        )


if __name__ == "__main__":
    main()
