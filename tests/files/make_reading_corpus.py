"""Regenerate the hostile-and-messy corpus in ``tests/files/reading/``: ``python tests/files/make_reading_corpus.py``.

Issue 11's classes of files, as Excel/WPS exports and hostile users produce them: line breaks in
cells, long cells and lines, ragged rows and stray quotes, UTF-16 and mixed encodings, HTML saved
as ``.xls``, several sheets, formulas without results, ``.xlsx`` bombs, values out of range,
ambiguous months, a broken area tree, implausible dates, unknown target metrics, misspelled
headers and files that would silently replace a whole scope. The expected outcome of each file is
in ``tests/test_corpus.py``. Every byte is deterministic (fixed zip timestamps, no random data).
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from pathlib import Path

import openpyxl
from make_corpus import csv_text, fixed_props

HERE = Path(__file__).resolve().parent / "reading"
STAMP = (2024, 6, 5, 9, 0, 0)

ACT = ["社区代码", "月份", "活动类型", "活动场次", "参与人次"]
ROWS = [
    ["410311002004", "2024年5月", "为民服务", "12", "360"],
    ["410311002001", "2024年5月", "文体娱乐", "3", "90"],
    ["410311003001", "2024年5月", "邻里互助", "5", "150"],
]


def write(name: str, data: str | bytes, encoding: str = "utf-8") -> None:
    HERE.mkdir(exist_ok=True)
    (HERE / name).write_bytes(data if isinstance(data, bytes) else data.encode(encoding))


def zip_bytes(members: dict[str, bytes], level: int = 6) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name, data in members.items():
            zf.writestr(zipfile.ZipInfo(name, date_time=STAMP), data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def workbook_members(wb: openpyxl.Workbook) -> dict[str, bytes]:
    fixed_props(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    stamp = b'<dcterms:modified xsi:type="dcterms:W3CDTF">2024-06-05T09:00:00Z</dcterms:modified>'
    members = {}
    with zipfile.ZipFile(buffer) as zf:
        for info in zf.infolist():
            data = zf.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"<dcterms:modified[^>]*>[^<]*</dcterms:modified>", stamp, data)
            members[info.filename] = data
    return members


def activity_book(*sheets: tuple[str, list[list]]) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    return wb


def reading() -> None:
    note = ["社区代码", "月份", "活动类型", "活动场次", "参与人次", "备注"]
    multiline = [note, ROWS[0] + ["线上3场\n线下9场"], ROWS[1] + [""], ROWS[2] + ["含“邻里节”\r\n活动"]]
    write("multiline_cell.csv", csv_text(multiline))  # Alt+Enter in Excel, saved as CSV UTF-8
    write("multiline_cell_gbk.csv", csv_text(multiline, newline="\r\n"), encoding="gbk")
    # a bad cell below a cell with two line breaks: it is on spreadsheet row 4 (line 6 of the file)
    write(
        "multiline_then_error.csv",
        csv_text(
            [
                note,
                ROWS[0] + ["第一行\n第二行\n第三行"],
                ROWS[1] + [""],
                ["410311003001", "2024年5月", "邻里互助", "五", "150", ""],
            ]
        ),
    )
    write("long_cell_in_head.csv", csv_text([note, ROWS[0] + ["说明" * 70_000], ROWS[1] + [""]]))  # 140 KB
    write(
        "long_line_further_down.csv",
        csv_text([note, ROWS[0] + [""], ROWS[1] + [""], ROWS[2] + ["长" * 720_000]]),
    )
    write(
        "long_text_cell.csv",
        csv_text([["社区代码", "小区名称", "户数"], ["410311002004", "牡丹苑" + "东" * 40_000, "10"]]),
    )
    write(
        "ragged_unquoted_thousands.csv",
        "社区代码,月份,活动类型,活动场次,参与人次\n"
        "410311002004,2024年5月,为民服务,12,360\n"
        "410311002001,2024年5月,文体娱乐,3,1,500\n",
    )
    write(
        "ragged_truncated_last_line.csv",
        "社区代码,月份,活动类型,活动场次,参与人次\n"
        "410311002004,2024年5月,为民服务,12,360\n"
        "410311002001,2024年5月,文体",
    )
    write(
        "unterminated_quote.csv",
        "社区代码,月份,活动类型,活动场次,参与人次\n"
        '410311002004,2024年5月,"为民服务,12,360\n'
        "410311002001,2024年5月,文体娱乐,3,90\n"
        "410311003001,2024年5月,邻里互助,5,150\n",
    )
    write(
        "stray_quote.csv",
        "社区代码,月份,活动类型,活动场次,参与人次\n"
        "410311002004,2024年5月,为民服务,12,360\n"
        '410311002001,2024年5月,"文体"娱乐,3,90\n',
    )
    write("quoted_thousands.csv", csv_text([ACT, ["410311002004", "2024年5月", "为民服务", "12", "1,500"]]))
    write(
        "mixed_line_endings.csv",
        "社区代码,月份,活动类型,活动场次,参与人次\r\n"
        "410311002004,2024年5月,为民服务,12,360\n"
        "410311002001,2024年5月,文体娱乐,3,90\r\n",
    )
    # a header with trailing delimiters (empty header cells) above rows without them
    write(
        "header_trailing_commas.csv",
        "社区代码,月份,活动类型,活动场次,参与人次,,\n"
        "410311002004,2024年5月,为民服务,12,360\n410311002001,2024年5月,文体娱乐,3,90,,\n",
    )
    write(
        "whitespace_lines.csv",
        "社区代码,月份,活动类型,活动场次,参与人次\n"
        "410311002004,2024年5月,为民服务,12,360\n"
        "   \n"
        "\t\n"
        "410311002001,2024年5月,文体娱乐,3,90\n",
    )


def encodings() -> None:
    tsv = csv_text([ACT, *ROWS], delimiter="\t", newline="\r\n")
    write(
        "unicode_text_utf16le_bom.txt", codecs.BOM_UTF16_LE + tsv.encode("utf-16-le")
    )  # Excel "Unicode 文本"
    write("utf16le_no_bom.txt", tsv.encode("utf-16-le"))
    write("utf16be_bom.csv", codecs.BOM_UTF16_BE + csv_text([ACT, *ROWS]).encode("utf-16-be"))
    write("utf8_bom_gbk_body.csv", codecs.BOM_UTF8 + csv_text([ACT, *ROWS], newline="\r\n").encode("gbk"))
    gbk = csv_text([ACT, ROWS[0], ROWS[2]], newline="\r\n").encode("gbk")
    write(
        "gbk_with_utf8_row.csv",
        gbk[: gbk.index(b"\r\n") + 2]
        + csv_text([ROWS[1]], newline="\r\n").encode()
        + gbk[gbk.index(b"\r\n") + 2 :],
    )
    utf8 = csv_text([ACT, ROWS[0], ROWS[2]]).encode()
    write("utf8_with_gbk_row.csv", utf8 + csv_text([ROWS[1]]).encode("gbk"))


def disguised() -> None:
    cells = "".join(f"<td>{c}</td>" for c in ACT)
    write(
        "html_table.xls",
        '<html xmlns:o="urn:schemas-microsoft-com:office:office">\n<head><meta charset="utf-8">'
        f"</head><body><table><tr>{cells}</tr></table></body></html>\n",
    )
    write("html_table_gbk.xls", f"<table border=1><tr>{cells}</tr></table>", encoding="gbk")
    write(
        "xml_spreadsheet_2003.xls",
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'
        '<Worksheet ss:Name="Sheet1"><Table><Row><Cell><Data ss:Type="String">社区代码'
        "</Data></Cell></Row></Table></Worksheet></Workbook>\n",
    )
    write(
        "web_page.mht",
        'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n--b\r\n'
        'Content-Type: text/html; charset="utf-8"\r\n\r\n<html><table></table></html>\r\n--b--\r\n',
    )


def workbooks() -> None:
    nov = [ACT] + [[r[0], "2024年11月", r[2], int(r[3]), int(r[4])] for r in ROWS]
    dec = [ACT] + [[r[0], "2024年12月", r[2], int(r[3]), int(r[4])] for r in ROWS]
    write("two_month_sheets.xlsx", zip_bytes(workbook_members(activity_book(("11月", nov), ("12月", dec)))))
    notes = [["填表说明"], ["社区代码填12位"]]
    write(
        "notes_and_one_sheet.xlsx", zip_bytes(workbook_members(activity_book(("说明", notes), ("12月", dec))))
    )
    rows = [
        ACT,
        ["410311002004", "2024年5月", "为民服务", 12, "=D2*30"],
        ["410311002001", "2024年5月", "文体娱乐", 3, 90],
    ]
    members = workbook_members(activity_book(("5月", rows)))
    write("formula_without_value.xlsx", zip_bytes(members))  # openpyxl saves formulas without results
    sheet = "xl/worksheets/sheet1.xml"
    members[sheet] = members[sheet].replace(b"<f>D2*30</f><v></v>", b"<f>D2*30</f><v>360</v>")
    write("formula_with_value.xlsx", zip_bytes(members))  # as Excel saves it: the result is kept


def streamed_zip(members: dict[str, bytes], name: str, parts: list[tuple[bytes, int]]) -> bytes:
    """A workbook whose member ``name`` is the concatenation of ``part * times`` (written in pieces)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for member, data in members.items():
            if member != name:
                zf.writestr(
                    zipfile.ZipInfo(member, date_time=STAMP), data, compress_type=zipfile.ZIP_DEFLATED
                )
        info = zipfile.ZipInfo(name, date_time=STAMP)
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as fh:
            for part, times in parts:
                block = part * max(1, min(times, 10_000))
                for _ in range(times // max(1, min(times, 10_000))):
                    fh.write(block)
    return out.getvalue()


def bombs() -> None:
    members = workbook_members(activity_book(("Sheet1", [ACT])))
    sheet = "xl/worksheets/sheet1.xml"
    head = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + "社区代码".encode() + b"</t></is></c>"
        b'<c r="B1" t="inlineStr"><is><t>' + "月份".encode() + b"</t></is></c></row>"
    )
    row = b'<row><c t="n"><v>410311002004</v></c><c t="n"><v>202405</v></c><c t="n"><v>1</v></c></row>'
    tail = b"</sheetData></worksheet>"
    # 6 million rows and no <dimension>: the rows are counted while the sheet is streamed
    write("bomb_6m_rows.xlsx", streamed_zip(members, sheet, [(head, 1), (row, 6_000_000), (tail, 1)]))
    # within the size limit, but 1.1 million rows: refused while counting, before parsing
    small = b"<row><c><v>1</v></c></row>"
    write("rows_1_1m_counted.xlsx", streamed_zip(members, sheet, [(head, 1), (small, 1_100_000), (tail, 1)]))
    declared = head.replace(b"<sheetData>", b'<dimension ref="A1:E5000000"/><sheetData>')
    write("declared_5m_rows.xlsx", zip_bytes({**members, sheet: declared + row * 10 + tail}))
    strings = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
    write(
        "unpacks_to_320mb.xlsx",
        streamed_zip(
            {**members, sheet: head + row * 10 + tail, "xl/sharedStrings.xml": b""},
            "xl/sharedStrings.xml",
            [(strings, 1), (b"A" * 1024, 320 * 1024), (b"</t></si></sst>", 1)],
        ),
    )


def values() -> None:
    write(
        "count_over_bigint.csv",
        csv_text([ACT, ["410311002004", "2024年5月", "为民服务", "12", "99999999999999999999"]]),
    )
    vol = ["社区代码", "月份", "注册志愿者", "志愿服务时长"]
    write("hours_1e300.csv", csv_text([vol, ["410311002004", "2024年5月", "120", "1e300"]]))
    write("month_2024_1.csv", csv_text([ACT, ["410311002004", "2024.1", "为民服务", "12", "360"]]))
    write("month_2024_10.csv", csv_text([ACT, ["410311002004", "2024.10", "为民服务", "12", "360"]]))
    write("month_1900.csv", csv_text([ACT, ["410311002004", "1900-01", "为民服务", "12", "360"]]))
    write(
        "compound_built_2090.csv",
        csv_text([["社区代码", "小区名称", "户数", "建成年份"], ["410311002004", "牡丹苑", "320", "2090"]]),
    )
    fac = ["服务社区代码", "设施名称", "设施类别", "状态", "启用日期"]
    write(
        "facility_open_2030.csv",
        csv_text([fac, ["410311002004", "天元社区党群服务中心", "党群服务中心", "已建成", "2030-01-01"]]),
    )
    write(
        "facility_open_past.csv",
        csv_text([fac, ["410311002004", "天元社区党群服务中心", "党群服务中心", "已建成", "2021-10-01"]]),
    )
    # a year over the INTEGER range would be stored as NULL; a target of -1e300 as itself
    write(
        "compound_year_1e300.csv",
        csv_text([["社区代码", "小区名称", "建成年份"], ["410311002004", "牡丹苑", "1e300"]]),
    )
    tgt = ["区划代码", "指标", "目标值", "完成时限"]
    write("target_minus_1e300.csv", csv_text([tgt, ["410311", "communities", "-1e300", "2025-12-31"]]))
    write(
        "target_unknown_metric.csv",
        csv_text(
            [
                tgt,
                ["410311", "compound_branch_coverage_pct", "100", "2025-12-31"],
                ["410311", "happiness_index", "90", "2025-12-31"],
            ]
        ),
    )
    write(
        "target_family_metric.csv",
        csv_text([tgt, ["410311", "coverage_pct:party_service_center", "100", "2025-12-31"]]),
    )


def area_tree() -> None:
    head = ["区划代码", "名称", "层级", "上级代码", "设立日期", "撤销日期"]
    write(
        "area_wrong_street.csv", csv_text([head, ["410311003009", "新建社区", "社区", "410311002", "", ""]])
    )
    write(
        "area_parent_is_community.csv",
        csv_text([head, ["410311002009", "新建社区", "社区", "410311002004", "", ""]]),
    )
    write(
        "area_street_under_city.csv",
        csv_text(
            [
                head,
                ["410300", "洛阳市", "地级市", "", "", ""],
                ["410311009", "新区街道", "街道", "410300", "", ""],
            ]
        ),
    )
    write(
        "area_cycle.csv",
        csv_text(
            [
                head,
                ["410300", "洛阳市", "地级市", "410311", "", ""],
                ["410311", "洛龙区", "区县", "410300", "", ""],
            ]
        ),
    )
    write(
        "area_abolished_before_established.csv",
        csv_text([head, ["410311002009", "新建社区", "社区", "410311002", "2020-05-01", "2019-01-01"]]),
    )
    write(
        "area_established_future.csv",
        csv_text([head, ["410311002009", "新建社区", "社区", "410311002", "2031-01-01", ""]]),
    )
    write(
        "area_good_tree.csv",
        csv_text(
            [
                head,
                ["410311009", "新区街道", "街道", "410311", "2020-01-01", ""],
                ["410311009001", "新区社区", "社区", "410311009", "2020-03-01", ""],
            ]
        ),
    )


def headers() -> None:
    write(
        "header_misspelled.csv", csv_text([["社区代码", "月分", "活动类型", "活动场次", "参与人次"], ROWS[0]])
    )
    write("header_unknown_dataset.csv", csv_text([["小区", "户数", "备注"], ["牡丹苑", "320", ""]]))
    write(
        "header_two_misspelled.csv", csv_text([["社区编号", "月分", "活动类别", "场次", "参于人次"], ROWS[0]])
    )


def replacement() -> None:
    comp = ["社区代码", "小区名称", "户数"]
    write(
        "compounds_full.csv",
        csv_text(
            [
                comp,
                ["410311002004", "牡丹苑", "320"],
                ["410311002004", "龙城小区", "500"],
                ["410311002004", "天元一号院", "210"],
                ["410311002001", "定鼎小区", "400"],
            ]
        ),
    )
    write("compounds_one_row.csv", csv_text([comp, ["410311002004", "牡丹苑", "330"]]))
    star = ["社区代码", "评定年度", "星", "得分"]
    stars = ["支部过硬", "共建共享", "平安法治", "宜业兴业", "幸福和谐"]
    write("five_star_full.csv", csv_text([star] + [["410311002004", "2024", s, "85"] for s in stars]))
    write("five_star_one_row.csv", csv_text([star, ["410311002004", "2024", "支部过硬", "90"]]))
    write(
        "five_star_correction.csv",
        csv_text(
            [star] + [["410311002004", "2024", s, "88" if s == "平安法治" else "85"] for s in stars[:4]]
        ),
    )


def main() -> None:
    reading()
    encodings()
    disguised()
    workbooks()
    bombs()
    values()
    area_tree()
    headers()
    replacement()


if __name__ == "__main__":
    main()
