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

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from etl.registry import Column, Dataset
from etl.units import column_unit

DATA_SHEET = "数据"
EXPLAIN_SHEET = "填写说明"
DATA_ROWS = 10_000  # rows under the header that get the dropdowns and prompts
TEXT_ROWS = 1_000  # rows whose code cells are pre-formatted as text (the column is text too)
REQUIRED_FILL = PatternFill("solid", fgColor="C8102E")
OPTIONAL_FILL = PatternFill("solid", fgColor="D9D9D9")
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


def _validation(col: Column, letter: str) -> DataValidation:
    """A dropdown for enum and yes/no columns (a warning, not a stop, where new kinds are allowed),
    an input prompt for the others; both over the data rows of column ``letter``."""
    options = choices(col)
    note = header_note(col)
    if options:
        check = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
        check.errorStyle = "warning" if col.open_values else "stop"
        check.errorTitle = col.label_zh[:32]
        check.error = (
            "请从下拉列表选择；新的类别可填写英文代码，如 tea_house"
            if col.open_values
            else "请从下拉列表选择"
        )[:255]
    else:
        check = DataValidation(allow_blank=True)
    check.promptTitle = col.label_zh[:32]
    check.prompt = note[:255]
    check.showInputMessage = check.showErrorMessage = True
    check.add(f"{letter}2:{letter}{DATA_ROWS + 1}")
    return check


def _data_sheet(sheet: Worksheet, dataset: Dataset) -> None:
    """Headers only (required ones red, others grey), each with its note; dropdowns and prompts below."""
    sheet.append([c.label_zh for c in dataset.columns])
    for i, col in enumerate(dataset.columns, start=1):
        cell = sheet.cell(row=1, column=i)
        cell.font = Font(bold=True, color="FFFFFF" if col.required else "000000")
        cell.fill = REQUIRED_FILL if col.required else OPTIONAL_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.comment = Comment(header_note(col), "模板", width=320, height=200)
        sheet.column_dimensions[cell.column_letter].width = max(12, len(col.label_zh) * 2 + 4)
        if col.kind == "code":  # keep codes as text so Excel does not turn them into numbers
            sheet.column_dimensions[cell.column_letter].number_format = "@"
            for row in range(2, TEXT_ROWS + 2):
                sheet.cell(row=row, column=i).number_format = "@"
        sheet.add_data_validation(_validation(col, cell.column_letter))
    sheet.freeze_panes = "A2"


def _explain_sheet(sheet: Worksheet, dataset: Dataset) -> None:
    """One row per column with its rules and an example value (the example is here, never in 数据)."""
    sheet.append([f"{dataset.label_zh}（{dataset.name}）：{dataset.grain}"])
    sheet.append([EXAMPLE_NOTE])
    sheet.append(list(EXPLAIN_HEADERS))
    for row in explain_rows(dataset):
        sheet.append(list(row))
    for letter, width in zip("ABCDEFGH", (22, 26, 10, 14, 40, 40, 40, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def template_xlsx(dataset: Dataset) -> bytes:
    """数据 (headers only, with notes and dropdowns) and 填写说明 (the rules and examples)."""
    wb = Workbook()
    data = wb.active
    data.title = DATA_SHEET
    _data_sheet(data, dataset)
    _explain_sheet(wb.create_sheet(EXPLAIN_SHEET), dataset)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
