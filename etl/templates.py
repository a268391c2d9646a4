"""Empty upload templates per dataset (XLSX and CSV), generated from the registry.

The XLSX has a data sheet 数据 (Chinese headers only — required ones red — each with a note on
type, unit, allowed values and an example; dropdowns for enum and yes/no columns; code columns
formatted as text so Excel keeps the 12 digits) and a sheet 填写说明 that explains each column with
an example value. No example row sits in 数据: filled in below, it would load as data and replace
real rows of the example's community and month. The loader skips 填写说明 (it lists columns, one
per row; ``etl.reading_excel``). The CSV template is the header row only.
"""

from __future__ import annotations

import csv
import io

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from etl.registry import Column, Dataset
from etl.units import column_unit

DATA_SHEET = "数据"
EXPLAIN_SHEET = "填写说明"
DATA_ROWS = 10_000  # rows under the header that get the dropdowns and prompts
TEXT_ROWS = 1_000  # rows whose code cells are pre-formatted as text (the column is text too)
HEADER = {"bold": True, "pattern": 1, "align": "center", "valign": "vcenter", "text_wrap": True}
REQUIRED_HEADER = {**HEADER, "font_color": "#FFFFFF", "bg_color": "#C8102E"}
OPTIONAL_HEADER = {**HEADER, "font_color": "#000000", "bg_color": "#D9D9D9"}
EXAMPLE_NOTE = "请在“数据”工作表第2行起逐行填写（红色表头为必填）；下表“示例”列仅供参考，不要抄入“数据”表。"

KIND_ZH = {
    "code": "区划代码(文本)",
    "text": "文本",
    "enum": "选项",
    "int": "整数",
    "float": "数字",
    "date": "日期",
    "month": "月份",
    "year": "年份",
    "bool": "是/否",
}
EXPLAIN_HEADERS = ("列名", "标准字段名", "是否必填", "类型", "允许的取值", "也可写作", "说明", "示例")


def allowed_values(col: Column) -> str:
    if not col.values:
        return ""
    text = "、".join(labels[0] for labels in col.values.values())
    return text + ("（也可填写新的类别代码，如 tea_house）" if col.open_values else "")


def example(col: Column) -> str:
    """The column's example as the dropdown offers it (``运营`` → ``已建成``, its first label)."""
    for labels in col.values.values():
        if col.example in labels:
            return labels[0]
    return col.example


def explain_rows(dataset: Dataset) -> list[tuple[str, ...]]:
    return [
        (
            col.label_zh,
            col.name,
            "是" if col.required else "否",
            KIND_ZH[col.kind],
            allowed_values(col),
            "、".join(a for a in col.aliases if a not in (col.label_zh, col.name)),
            col.help_zh,
            example(col),
        )
        for col in dataset.columns
    ]


def template_csv(dataset: Dataset) -> bytes:
    """The header row only: a CSV has no second sheet, and an example row filled in below would load."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([c.label_zh for c in dataset.columns])
    return buffer.getvalue().encode("utf-8-sig")


def header_note(col: Column) -> str:
    """What a header's comment and input prompt say: required or not, type, unit, values, format."""
    lines = ["必填" if col.required else "选填", f"类型：{KIND_ZH[col.kind]}"]
    if unit := column_unit(col):
        lines.append(f"单位：{unit}")
    if col.values:
        lines.append("从下拉列表选择：" + allowed_values(col))
    elif col.kind == "bool":
        lines.append("从下拉列表选择：是、否")
    if col.help_zh:
        lines.append(col.help_zh)
    if col.example:
        lines.append(f"示例：{example(col)}")
    return "\n".join(lines)


def choices(col: Column) -> list[str] | None:
    """The dropdown of an enum or yes/no column: the Chinese label of each value."""
    if col.kind == "bool":
        return ["是", "否"]
    return [labels[0] for labels in col.values.values()] or None


def _validation(col: Column) -> dict[str, object]:
    """A dropdown for enum and yes/no columns (a warning, not a stop, where new kinds are allowed),
    an input prompt for the others (XlsxWriter's ``data_validation`` options)."""
    options = choices(col)
    prompt = {
        "input_title": col.label_zh[:32],
        "input_message": header_note(col)[:255],
        "show_input": True,
        "show_error": True,
        "ignore_blank": True,
    }
    if not options:
        return {"validate": "any", **prompt}
    error = (
        "请从下拉列表选择；新的类别可填写英文代码，如 tea_house" if col.open_values else "请从下拉列表选择"
    )
    return {
        "validate": "list",
        "source": options,
        "error_type": "warning" if col.open_values else "stop",
        "error_title": col.label_zh[:32],
        "error_message": error[:255],
        **prompt,
    }


def _data_sheet(book: Workbook, sheet: Worksheet, dataset: Dataset) -> None:
    """Headers only (required ones red, others grey), each with its note; dropdowns and prompts below."""
    required, optional = book.add_format(REQUIRED_HEADER), book.add_format(OPTIONAL_HEADER)
    as_text = book.add_format({"num_format": "@"})
    for i, col in enumerate(dataset.columns):
        sheet.write_string(0, i, col.label_zh, required if col.required else optional)
        sheet.write_comment(0, i, header_note(col), {"author": "模板", "width": 320, "height": 200})
        width = max(12, len(col.label_zh) * 2 + 4)
        if col.kind == "code":  # keep codes as text so Excel does not turn them into numbers
            sheet.set_column(i, i, width, as_text)
            for row in range(1, TEXT_ROWS + 1):
                sheet.write_blank(row, i, None, as_text)
        else:
            sheet.set_column(i, i, width)
        sheet.data_validation(1, i, DATA_ROWS, i, _validation(col))
    sheet.freeze_panes(1, 0)


def _explain_sheet(book: Workbook, sheet: Worksheet, dataset: Dataset) -> None:
    """One row per column with its rules and an example value (the example is here, never in 数据)."""
    bold, wrapped = book.add_format({"bold": True}), book.add_format({"text_wrap": True, "valign": "top"})
    sheet.write_string(0, 0, f"{dataset.label_zh}（{dataset.name}）：{dataset.grain}")
    sheet.write_string(1, 0, EXAMPLE_NOTE)
    for c, header in enumerate(EXPLAIN_HEADERS):
        sheet.write_string(2, c, header, bold)
    for r, row in enumerate(explain_rows(dataset), start=3):
        for c, value in enumerate(row):
            if value:
                sheet.write_string(r, c, value, wrapped)
            else:
                sheet.write_blank(r, c, None, wrapped)
    for c, width in enumerate((22, 26, 10, 14, 40, 40, 40, 16)):
        sheet.set_column(c, c, width)


def template_xlsx(dataset: Dataset) -> bytes:
    """数据 (headers only, with notes and dropdowns) and 填写说明 (the rules and examples)."""
    out = io.BytesIO()
    with Workbook(out, {"strings_to_formulas": False, "strings_to_urls": False}) as book:
        _data_sheet(book, book.add_worksheet(DATA_SHEET), dataset)
        _explain_sheet(book, book.add_worksheet(EXPLAIN_SHEET), dataset)
    return out.getvalue()
