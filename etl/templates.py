"""Empty upload templates per dataset (XLSX and CSV), generated from the registry.

The XLSX has a data sheet (Chinese headers, one example row, code columns formatted as text so
Excel keeps the 12 digits) and a sheet that explains each column and its allowed values.
"""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from etl.registry import Column, Dataset

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
            col.example,
        )
        for col in dataset.columns
    ]


def template_csv(dataset: Dataset) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.label_zh for c in dataset.columns])
    writer.writerow([c.example for c in dataset.columns])
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx(dataset: Dataset) -> bytes:
    wb = Workbook()
    data = wb.active
    data.title = "数据"
    data.append([c.label_zh for c in dataset.columns])
    data.append([c.example for c in dataset.columns])
    header_fill = PatternFill("solid", fgColor="C8102E")
    for i, col in enumerate(dataset.columns, start=1):
        cell = data.cell(row=1, column=i)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        data.column_dimensions[cell.column_letter].width = max(12, len(col.label_zh) * 2 + 4)
        if col.kind == "code":  # keep codes as text so Excel does not turn them into numbers
            for row in range(2, 1001):
                data.cell(row=row, column=i).number_format = "@"
    data.freeze_panes = "A2"
    sheet = wb.create_sheet("填写说明")
    sheet.append([f"{dataset.label_zh}（{dataset.name}）：{dataset.grain}"])
    sheet.append([])
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
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
