"""Every message the ETL shows a person, in Chinese (default) and English.

Each problem has a reason and a fix; both are format strings over the problem's parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# code -> (reason_zh, fix_zh, reason_en, fix_en)
MESSAGES: dict[str, tuple[str, str, str, str]] = {
    "file_empty": ("文件是空的", "请检查是否选错了文件", "the file is empty", "check that this is the right file"),
    "file_binary": (
        "不是CSV或Excel文件（内容为二进制数据）",
        "请上传 .csv 或 .xlsx 文件；如果是 .xls，请在Excel中另存为 .xlsx",
        "not a CSV or Excel file (binary content)",
        "upload a .csv or .xlsx file; save .xls files as .xlsx in Excel",
    ),
    "outside_scope": (
        "该行的区划不在您的权限范围（{areas}）内",
        "只能导入本辖区的数据：请删除这些行，或请上级管理员导入",
        "this row's area is outside your areas ({areas})",
        "you can load data of your own areas only: remove these rows, or ask an administrator to load them",
    ),
    "file_too_large": (
        "文件大小 {size_mb:.1f} MB，超过上限 {limit_mb} MB",
        "请按月份或街道拆分后分别导入",
        "the file is {size_mb:.1f} MB, over the {limit_mb} MB limit",
        "split it by month or street and load the parts",
    ),
    "disk_full": (
        "磁盘空间不足（{path} 所在磁盘剩余 {free_mb} MB），导入未完成，仓库中的数据没有任何改变",
        "请清理该磁盘或扩容（至少留出当前数据库 {db_mb} MB 的两倍加上文件大小）后重新导入",
        "the disk is full ({free_mb} MB free where {path} is); nothing was loaded and the warehouse is unchanged",
        "free space on that disk (at least twice the database's {db_mb} MB plus the file) and load again",
    ),
    "os_error": (
        "写入仓库时出错（{detail}），导入未完成，仓库中的数据没有任何改变",
        "请检查 {path} 所在磁盘是否可写、权限是否正确（运行看板的用户需可写该目录），然后重新导入",
        "writing the warehouse failed ({detail}); nothing was loaded and the warehouse is unchanged",
        "check that the disk holding {path} is writable by the dashboard's user, then load again",
    ),
    "upload_os_error": (
        "服务器无法保存上传的文件（{detail}），文件未被检查，仓库中的数据没有任何改变",
        "请联系管理员清理服务器临时目录 {path} 所在磁盘的空间（或检查其权限）后重新上传",
        "the server could not save the uploaded file ({detail}); it was not checked and nothing changed",
        "ask the administrator to free space on the disk of {path} (or fix its permissions), then upload again",
    ),
    "encoding_unknown": (
        "无法识别文件编码（既不是UTF-8也不是GBK/GB18030）",
        "请在Excel中“另存为 CSV UTF-8(逗号分隔)”后重新导入",
        "cannot decode the file (neither UTF-8 nor GBK/GB18030)",
        "save it as “CSV UTF-8 (comma delimited)” in Excel and load it again",
    ),
    "excel_unreadable": (
        "无法读取Excel文件：{detail}",
        "请在Excel中打开并另存为 .xlsx 后重新导入",
        "cannot read the Excel file: {detail}",
        "open it in Excel, save as .xlsx and load it again",
    ),
    "no_header": (
        "在前 {lines} 行中找不到表头（没有识别出任何已知列名）",
        "请使用下载的模板，或确认第一行（标题行之后）是列名",
        "no header found in the first {lines} lines (no known column names)",
        "use the downloadable template, or make sure the column names are on one row",
    ),
    "dataset_unknown": (
        "无法判断这是哪类数据（表头：{headers}）",
        "请用 --dataset 指定数据类别：{choices}",
        "cannot tell which dataset this is (headers: {headers})",
        "name it with --dataset: {choices}",
    ),
    "header_only": (
        "文件只有表头，没有数据行",
        "请填写数据后再导入",
        "the file has a header but no data rows",
        "fill in the data and load it again",
    ),
    "missing_column": (
        "缺少必填列“{label}”",
        "请增加该列（可用列名：{aliases}）",
        "required column “{label}” is missing",
        "add the column (accepted names: {aliases})",
    ),
    "duplicate_column": (
        "多个列都对应“{label}”：{headers}",
        "请删除或重命名重复的列",
        "several columns map to “{label}”: {headers}",
        "delete or rename the duplicate columns",
    ),
    "required": ("必填项为空", "请填写该单元格", "required value is empty", "fill in this cell"),
    "not_a_number": (
        "不是数字",
        "请填写数字，如 1200、1,200 或 1.2万",
        "not a number",
        "enter a number such as 1200, 1,200 or 1.2万",
    ),
    "not_integer": ("应为整数", "请填写整数", "must be a whole number", "enter a whole number"),
    "negative": ("不能为负数", "请填写 0 或正数", "must not be negative", "enter 0 or a positive number"),
    "too_small": ("不能小于 {minimum}", "请核对数值", "must be at least {minimum}", "check the value"),
    "too_large": ("不能大于 {maximum}", "请核对数值", "must be at most {maximum}", "check the value"),
    "bad_date": (
        "不是有效日期",
        "请写成 2024-05-01、2024/5/1 或 2024年5月1日",
        "not a valid date",
        "write it as 2024-05-01, 2024/5/1 or 2024年5月1日",
    ),
    "bad_month": (
        "不是有效月份",
        "请写成 2024年5月、2024-05 或 2024/5/1",
        "not a valid month",
        "write it as 2024年5月, 2024-05 or 2024/5/1",
    ),
    "bad_year": ("不是有效年份", "请写成四位年份，如 2024", "not a valid year", "write a four-digit year such as 2024"),
    "bad_bool": ("应为“是”或“否”", "请填写 是 或 否", "must be yes or no", "enter 是 (yes) or 否 (no)"),
    "bad_value": (
        "不是允许的取值",
        "请填写以下之一：{allowed}",
        "not an allowed value",
        "use one of: {allowed}",
    ),
    "bad_code": (
        "不是有效的区划代码（应为6、9或12位数字）",
        "请填写统计用区划代码，并在Excel中把该列设为文本格式",
        "not a valid division code (6, 9 or 12 digits)",
        "enter the statistical division code and format the column as text in Excel",
    ),
    "code_scientific": (
        "区划代码被Excel转成了科学计数法，末尾数字已丢失",
        "请在Excel中把该列设为“文本”格式，重新输入代码后另存",
        "Excel turned the code into scientific notation and lost its last digits",
        "format the column as Text in Excel, re-enter the codes and save again",
    ),
    "unknown_area": (
        "区划代码在数据库中不存在",
        "请核对代码，或先导入包含该社区的“区划与社区”数据",
        "unknown division code",
        "check the code, or load the areas file that contains it first",
    ),
    "wrong_level": (
        "该代码是{level}，这里需要社区（12位代码）",
        "请填写社区的12位区划代码",
        "this code is a {level_en}; a community (12-digit code) is needed here",
        "enter the community's 12-digit code",
    ),
    "level_code_mismatch": (
        "层级“{level}”与代码位数不符",
        "区县为6位、街道/镇为9位、社区/村为12位代码",
        "level “{level_en}” does not match the code length",
        "districts have 6 digits, streets/towns 9, communities/villages 12",
    ),
    "unknown_parent": (
        "上级代码不存在",
        "请先导入上级区划，或核对上级代码",
        "unknown parent code",
        "load the parent area first or check the parent code",
    ),
    "missing_parent": ("街道和社区必须填写上级代码", "请填写上级代码", "streets and communities need a parent code", "fill in the parent code"),
    "duplicate_key": (
        "与第 {first_row} 行重复（{key}）",
        "同一{key}只能出现一次，请删除或合并重复行",
        "duplicates row {first_row} ({key})",
        "each {key} may appear once; delete or merge the duplicate rows",
    ),
    "future_period": (
        "时间晚于当前（{today}）",
        "不能导入未来的数据，请核对年份和月份",
        "lies in the future (today is {today})",
        "future data cannot be loaded; check the year and month",
    ),
    "check_failed": ("{reason}", "{fix}", "{reason_en}", "{fix_en}"),
    "extra_column": (
        "未识别的列“{header}”，已忽略",
        "如需导入，请改用模板中的列名",
        "unrecognized column “{header}” ignored",
        "rename it to a template column name to load it",
    ),
}

LABELS = {
    "file": ("文件", "File"),
    "row": ("行", "Row"),
    "column": ("列", "Column"),
    "value": ("值", "Value"),
    "reason": ("问题", "Problem"),
    "fix": ("修改建议", "How to fix"),
}


def label(key: str, lang: str = "zh") -> str:
    zh, en = LABELS[key]
    return en if lang == "en" else zh


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where it is and what to do about it."""

    file: str
    code: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    params: dict = field(default_factory=dict)
    warning: bool = False

    def reason(self, lang: str = "zh") -> str:
        zh, _, en, _ = MESSAGES[self.code]
        return (en if lang == "en" else zh).format(**self.params)

    def fix(self, lang: str = "zh") -> str:
        _, zh, _, en = MESSAGES[self.code]
        return (en if lang == "en" else zh).format(**self.params)

    def as_dict(self, lang: str = "zh") -> dict:
        return {
            label("file", lang): self.file,
            label("row", lang): self.row,
            label("column", lang): self.column,
            label("value", lang): self.value,
            label("reason", lang): self.reason(lang),
            label("fix", lang): self.fix(lang),
        }

    def render(self, lang: str = "zh") -> str:
        """One line: ``a.csv 第3行 “户数” 值“-5”：不能为负数。修改建议：…``."""
        if lang == "en":
            where = self.file
            if self.row is not None:
                where += f" row {self.row}"
            if self.column:
                where += f" column “{self.column}”"
            if self.value is not None:
                where += f" value “{self.value}”"
            return f"{where}: {self.reason('en')}. Fix: {self.fix('en')}"
        where = self.file
        if self.row is not None:
            where += f" 第{self.row}行"
        if self.column:
            where += f" “{self.column}”列"
        if self.value is not None:
            where += f" 值“{self.value}”"
        return f"{where}：{self.reason('zh')}。修改建议：{self.fix('zh')}"


class EtlError(Exception):
    """A failure to report to the user as it is (no traceback)."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = problems if isinstance(problems, list) else [problems]
        super().__init__(self.problems[0].render("en"))


class BusyError(Exception):
    """Another load holds the warehouse lock."""
