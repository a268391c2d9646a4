"""Regenerate the loader test corpus in this folder: ``python tests/files/make_corpus.py``.

The files are committed; this script documents how each awkward file was made. Every file mimics
something analysts really upload (Excel exports in GBK, title rows, merged headers, codes that Excel
turned into numbers, …). The expected outcome of each file is asserted in ``tests/test_loading.py``.
Codes and names are real divisions of 洛龙区 (see ``data/reference/divisions.csv``).
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent

ACT_HEADER = ["社区代码", "月份", "活动类型", "活动场次", "参与人次", "社会组织活动场次"]
ACT_ROWS = [
    ["410311002004", "2024年5月", "为民服务", "12", "360", "2"],
    ["410311002001", "2024年5月", "文体娱乐", "3", "90", ""],
    ["410311003001", "2024年5月", "邻里互助", "5", "150", "1"],
]


def csv_text(rows: list[list[str]], delimiter: str = ",", newline: str = "\n") -> str:
    """Hand-made CSV (quoting only what needs it), so every byte of the corpus is deliberate."""

    def cell(value: str) -> str:
        if any(ch in value for ch in (delimiter, '"', "\n")):
            return '"' + value.replace('"', '""') + '"'
        return value

    return "".join(delimiter.join(cell(v) for v in row) + newline for row in rows)


def write(name: str, data: str | bytes, encoding: str = "utf-8") -> None:
    path = HERE / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))


def png_bytes() -> bytes:
    """A real 1×1 PNG."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def fixed_props(wb: openpyxl.Workbook) -> None:
    wb.properties.created = wb.properties.modified = dt.datetime(2024, 6, 5, 9, 0, 0)
    wb.properties.creator = "洛龙区民政局"


def save_xlsx(wb: openpyxl.Workbook, name: str) -> None:
    """Save with fixed timestamps (zip entries and document properties), so regenerating is byte-stable."""
    buffer = io.BytesIO()
    wb.save(buffer)
    stamp = b'<dcterms:modified xsi:type="dcterms:W3CDTF">2024-06-05T09:00:00Z</dcterms:modified>'
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"<dcterms:modified[^>]*>[^<]*</dcterms:modified>", stamp, data)
            dst.writestr(
                zipfile.ZipInfo(info.filename, date_time=(2024, 6, 5, 9, 0, 0)),
                data,
                compress_type=zipfile.ZIP_DEFLATED,
            )
    write(name, out.getvalue())


def areas() -> None:
    rows = [
        ["区划代码", "名称", "层级", "上级代码", "社区类型", "户数", "人口"],
        ["410311", "洛龙区", "区县", "", "", "", ""],
        ["410311002", "开元路街道", "街道", "410311", "", "", ""],
        ["410311002001", "定鼎门社区", "社区", "410311002", "老旧", "1860", "5210"],
        ["410311002002", "龙泰社区", "社区", "410311002", "商品房", "2400", "6900"],
        ["410311002004", "天元社区", "社区", "410311002", "商品房", "3100", "8600"],
        ["410311003", "龙门石窟街道", "街道", "410311", "", "", ""],
        ["410311003001", "河东社区", "社区", "410311003", "村改居", "950", "2890"],
        ["410311003220", "槐庄村", "村", "410311003", "行政村", "610", "2050"],
    ]
    write("areas_luolong.csv", csv_text(rows))
    # a later areas batch: one new community that activity files then refer to
    write(
        "areas_new_community.csv",
        csv_text(
            [
                ["区划代码", "名称", "层级", "上级代码", "社区类型"],
                ["410311002011", "宜人社区", "社区", "410311002", "商品房"],
            ]
        ),
    )


def encodings() -> None:
    rows = [ACT_HEADER, *ACT_ROWS]
    write("act_utf8.csv", csv_text(rows))
    write("act_utf8_bom.csv", codecs.BOM_UTF8 + csv_text(rows).encode("utf-8"))
    write("act_gbk.csv", csv_text(rows, newline="\r\n"), encoding="gbk")  # Excel "CSV (逗号分隔)"
    # GB18030 beyond GBK: 𠮷 (U+20BB7) has a four-byte GB18030 code and none in GBK
    write(
        "compounds_gb18030.csv",
        csv_text(
            [
                ["社区代码", "小区名称", "户数", "建成年份", "是否老旧小区"],
                ["410311002004", "𠮷祥小区", "320", "1998", "是"],
                ["410311002004", "牡丹苑", "1,150", "2006年", "否"],
            ],
            newline="\r\n",
        ),
        encoding="gb18030",
    )


def layouts() -> None:
    write(
        "act_title_rows.csv",
        csv_text(
            [
                ["洛龙区2024年5月社区活动统计表"],
                ["填报单位：开元路街道", "", "", "", "", "填报日期：2024-06-05"],
                ACT_HEADER,
                *ACT_ROWS,
            ]
        ),
    )
    write(
        "act_english_reordered.csv",
        csv_text(
            [
                ["Participants", "activity_type", "Month", "Community code", "Activities"],
                ["360", "public_service", "2024-05", "410311002004", "12"],
                ["90", "culture_sports", "2024-05", "410311002001", "3"],
            ]
        ),
    )
    semi = [
        ACT_HEADER[:5],
        ["410311002004", "2024年5月", "为民服务", "12", "1,200"],
        ["410311002001", "2024年5月", "文体娱乐", "3", "90"],
    ]
    # unquoted thousands separators: the ';' export of a European-locale Excel
    write("act_semicolon.csv", "".join(";".join(r) + "\n" for r in semi))
    write(
        "act_tab.tsv",
        csv_text(
            [
                ACT_HEADER[:5],
                ["410311002004", "2024年5月", "为民服务", "12", "360"],
                ["410311002001", "2024年5月", "文体娱乐", "3", "90"],
            ],
            delimiter="\t",
        ),
    )
    # blank lines (empty, CRLF, spaces only) and an all-empty Excel row between data rows
    write(
        "act_blank_rows.csv",
        "社区代码,月份,活动类型,活动场次,参与人次\n"
        "410311002004,2024年5月,为民服务,12,360\n"
        "\n"
        "410311002001,2024年5月,文体娱乐,3,90\r\n"
        "\r\n"
        "   \n"
        ",,,,\n"
        "410311003001,2024年5月,邻里互助,5,150\n"
        "\n\n",
    )
    # the same layout with bad cells: their reported rows must be these line numbers (4, 9, 11)
    write(
        "act_blank_rows_errors.csv",
        "洛龙区社区活动统计表\n"
        "社区代码,月份,活动类型,活动场次,参与人次\n"
        "410311002004,2024年5月,为民服务,12,360\n"
        "410311002001,2024年5月,文体娱乐,三,90\n"
        "\n"
        "\r\n"
        ",,,,\n"
        "   \n"
        "410311003001,2024年5月,邻里互助,5,-7\n"
        "\n"
        "410311002002,2024年5月,为民服务,1,N/A\n",
    )
    write(
        "act_totals.csv",
        csv_text(
            [
                ACT_HEADER[:5],
                *[r[:5] for r in ACT_ROWS],
                ["合计", "", "", "20", "600"],
                ["总 计", "", "", "20", "600"],
            ]
        ),
    )
    write(
        "act_repeated_header.csv",
        csv_text(
            [
                ACT_HEADER[:5],
                ACT_ROWS[0][:5],
                ACT_ROWS[1][:5],
                ACT_HEADER[:5],
                ACT_ROWS[2][:5],  # two sheets pasted one below the other
            ]
        ),
    )
    write(
        "act_extra_columns.csv",
        csv_text(
            [
                ["社区代码", "备注", "月份", "活动类型", "活动场次", "参与人次", "填表人"],
                ["410311002004", "含线上活动", "2024年5月", "为民服务", "12", "360", "张敏"],
            ]
        ),
    )
    write(
        "act_missing_column.csv",
        csv_text(
            [
                ["社区代码", "月份", "活动类型", "活动场次"],
                ["410311002004", "2024年5月", "为民服务", "12"],
            ]
        ),
    )


def values() -> None:
    write(
        "act_numbers.csv",
        csv_text(
            [
                ACT_HEADER[:5],
                ["410311002004", "2024年5月", "为民服务", "１５", "1,200"],
                ["410311002001", "2024年5月", "为民服务", "12场次", "1.2万"],
                ["410311003001", "2024年5月", "为民服务", "3", "１２３"],
                ["410311002002", "2024年5月", "为民服务", " 7 ", "２，５００"],
                ["410311003220", "2024年5月", "为民服务", "0", "0.35万"],
            ]
        ),
    )
    serial = (dt.date(2023, 11, 1) - dt.date(1899, 12, 30)).days  # Excel's day number
    months = [
        "2024年5月",
        "2024-04",
        "2024/3/1",
        "202402",
        "2024.01",
        "2023年12月31日",
        str(serial),
        "2023年10月",
    ]
    write(
        "act_month_formats.csv",
        csv_text(
            [ACT_HEADER[:5]]
            + [["410311002004", m, "为民服务", str(i + 1), "10"] for i, m in enumerate(months)]
        ),
    )
    write(
        "act_excel_codes.csv",
        csv_text(
            [
                ACT_HEADER[:5],
                ["410311002004.0", "2024年5月", "为民服务", "1", "10"],
                ["4.10311002001E+11", "2024年5月", "为民服务", "2", "20"],
                [" ４１０３１１００３００１ ", "2024年5月", "为民服务", "3", "30"],
            ]
        ),
    )
    write(
        "act_code_scientific.csv",
        csv_text(
            [
                ACT_HEADER[:5],
                ["410311002004", "2024年5月", "为民服务", "1", "10"],
                ["4.10311E+11", "2024年5月", "为民服务", "2", "20"],
            ]
        ),
    )
    write(
        "compounds_formulas.csv",
        csv_text(
            [
                ["社区代码", "小区名称", "户数"],
                ["410311002004", "=1+2", "10"],
                ["410311002004", "@SUM(A1)", "20"],
                ["410311002004", '=HYPERLINK("http://example.com","点我")', "30"],
                ["410311002004", "+86-379-6552", "40"],
                ["410311002004", "-1号院", "50"],
            ]
        ),
    )


def bad_rows() -> None:
    write(
        "act_unknown_area.csv",
        csv_text(
            [
                ACT_HEADER[:5],
                ["410311002004", "2024年5月", "为民服务", "1", "10"],
                ["410311002999", "2024年5月", "为民服务", "2", "20"],
                ["410311002", "2024年5月", "为民服务", "3", "30"],
            ]
        ),
    )
    write(
        "act_duplicate_keys.csv",
        csv_text(
            [
                ACT_HEADER[:5],
                ["410311002004", "2024年5月", "为民服务", "1", "10"],
                ["410311002001", "2024年5月", "为民服务", "2", "20"],
                ["410311002004", "2024-05", "便民服务", "3", "30"],  # same key, other spellings
            ]
        ),
    )
    write(
        "act_negative.csv",
        csv_text(
            [
                ACT_HEADER[:5],
                ["410311002004", "2024年5月", "为民服务", "-3", "10"],
                ["410311002001", "2024年5月", "为民服务", "2", "－20"],
            ]
        ),
    )
    write(
        "act_text_in_numbers.csv",
        csv_text(
            [
                ACT_HEADER[:5],
                ["410311002004", "2024年5月", "为民服务", "十二", "10"],
                ["410311002001", "2024年5月", "为民服务", "2", "N/A"],
                ["410311003001", "2024年5月", "为民服务", "2.5", "约100"],
            ]
        ),
    )
    write(
        "act_future_month.csv",
        csv_text(
            [
                ACT_HEADER[:5],
                ["410311002004", "2024年5月", "为民服务", "1", "10"],
                ["410311002004", "2099年1月", "为民服务", "2", "20"],
            ]
        ),
    )
    write(
        "act_check_failed.csv",
        csv_text(
            [
                ACT_HEADER,
                ["410311002004", "2024年5月", "为民服务", "3", "30", "5"],
            ]
        ),
    )
    # one file with many different problems: all of them are reported at once
    write(
        "act_many_errors.csv",
        csv_text(
            [
                ACT_HEADER[:5],
                ["410311002004", "2024年5月", "为民服务", "-1", "abc"],
                ["", "2024年5月", "为民服务", "1", "10"],
                ["410311002001", "2024年13月", "为民服务", "1", "10"],
                ["410311002001", "2024年5月", "跳广场舞", "1", "10"],
                ["410311009999", "2024年5月", "为民服务", "1", "10"],
                ["410311002004", "2024年5月", "为民服务", "1", "10"],
            ]
        ),
    )


def broken_files() -> None:
    write("empty.csv", b"")
    write("bom_only.csv", codecs.BOM_UTF8 + b"\r\n")
    write("header_only.csv", codecs.BOM_UTF8 + "社区代码,月份,活动类型,活动场次,参与人次\r\n".encode())
    write("png_renamed.csv", png_bytes())
    write(
        "latin1.csv",
        "community_code,month,activity_type,activities,participants\n410311002004,2024-05,café,1,10\n",
        encoding="latin-1",
    )
    write("no_header.csv", "这是一份会议纪要\n请各社区于6月5日前报送\n")
    write("dataset_unknown.csv", csv_text([["社区代码", "户数", "联系人"], ["410311002004", "10", "王"]]))
    write("corrupt.xlsx", b"PK\x03\x04" + b"\x14\x00\x00\x00" + bytes(range(256)) * 4)


def excel_files() -> None:
    # title row and a two-level header made of merged cells
    wb = openpyxl.Workbook()
    fixed_props(wb)
    ws = wb.active
    ws.title = "活动统计"
    ws["A1"] = "洛龙区社区活动统计表（2024年5月）"
    ws.merge_cells("A1:F1")
    for col, text in zip("ABC", ("社区代码", "月份", "活动类型"), strict=True):
        ws[f"{col}2"] = text
        ws.merge_cells(f"{col}2:{col}3")
    ws["D2"] = "开展情况"
    ws.merge_cells("D2:F2")
    ws["D3"], ws["E3"], ws["F3"] = "活动场次", "参与人次", "社会组织活动场次"
    for row in ACT_ROWS:
        ws.append([row[0], row[1], row[2], int(row[3]), int(row[4]), int(row[5]) if row[5] else None])
    save_xlsx(wb, "act_title_merged.xlsx")

    # instructions on the first sheet, the data on the second
    wb = openpyxl.Workbook()
    fixed_props(wb)
    ws = wb.active
    ws.title = "填表说明"
    for text in (
        "填表说明",
        "1. 社区代码填写12位统计用区划代码",
        "2. 月份写成2024年5月",
        "3. 活动场次、参与人次填整数",
    ):
        ws.append([text])
    ws = wb.create_sheet("5月")
    ws.append(ACT_HEADER[:5])
    for row in ACT_ROWS:
        ws.append(row[:5])
    save_xlsx(wb, "act_second_sheet.xlsx")

    # codes typed as numbers (real numeric cells), months as real date cells, counts as floats
    wb = openpyxl.Workbook()
    fixed_props(wb)
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(ACT_HEADER[:5])
    ws.append([410311002004, dt.datetime(2024, 5, 1), "为民服务", 12, 360.0])
    ws.append([410311002001.0, dt.datetime(2024, 5, 31), "文体娱乐", 3.0, 90])
    ws.append([410311003001, "2024年5月", "邻里互助", 5, 150])
    for cell in ws["A"][1:]:
        cell.number_format = "0"
    ws["B2"].number_format = ws["B3"].number_format = "yyyy年m月"
    save_xlsx(wb, "act_numeric_codes.xlsx")


def main() -> None:
    areas()
    encodings()
    layouts()
    values()
    bad_rows()
    broken_files()
    excel_files()


if __name__ == "__main__":
    main()
