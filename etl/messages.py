"""Every message the ETL shows a person, in Chinese (default) and English.

Each problem has a reason and a fix; both are format strings over the problem's parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# code -> (reason_zh, fix_zh, reason_en, fix_en)
MESSAGES: dict[str, tuple[str, str, str, str]] = {
    "file_empty": (
        "文件是空的",
        "请检查是否选错了文件",
        "the file is empty",
        "check that this is the right file",
    ),
    "file_binary": (
        "不是CSV或Excel文件（内容为二进制数据）",
        "请上传 .csv、.xlsx 或 .xls 文件（Excel的“Unicode 文本”也可以）",
        "not a CSV or Excel file (binary content)",
        "upload a .csv, .xlsx or .xls file (Excel's “Unicode Text” works too)",
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
    "bad_year": (
        "不是有效年份",
        "请写成四位年份，如 2024",
        "not a valid year",
        "write a four-digit year such as 2024",
    ),
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
    "wrong_level_street": (
        "该代码是{level}，这里需要街道/镇（9位代码）",
        "请填写街道/镇的9位区划代码",
        "this code is a {level_en}; a street/town (9-digit code) is needed here",
        "enter the street's 9-digit code",
    ),
    "geojson_unreadable": (
        "不是有效的GeoJSON：{detail_zh}",
        "请用GIS软件（如QGIS“导出→GeoJSON”）重新导出，文件须为UTF-8编码的JSON",
        "not valid GeoJSON: {detail}",
        "export it again from your GIS (e.g. QGIS “Export → GeoJSON”) as UTF-8 JSON",
    ),
    "geojson_not_collection": (
        "GeoJSON的顶层应为 FeatureCollection（实际为 {kind}）",
        "请导出为要素集合（FeatureCollection），每条街道一个要素",
        "the top level of the GeoJSON must be a FeatureCollection (it is {kind})",
        "export a FeatureCollection with one feature per street",
    ),
    "geojson_no_features": (
        "GeoJSON中没有要素（features 为空）",
        "请确认导出了街道边界图层",
        "the GeoJSON has no features",
        "check that the street boundary layer was exported",
    ),
    "geojson_no_crs": (
        "文件未说明坐标系（缺少顶层 crs 成员）",
        '请在文件顶层加入 "crs": {{"type": "name", "properties": {{"name": "EPSG:4326"}}}}'
        '（WGS84，GPS/天地图）或把 name 写成 "GCJ-02"（高德/腾讯坐标）；坐标系不同，边界会偏移数百米',
        "the file does not state its coordinate system (no top-level crs member)",
        'add "crs": {{"type": "name", "properties": {{"name": "EPSG:4326"}}}} at the top level '
        '(WGS84, GPS) or name "GCJ-02" (Amap/Tencent); the two differ by hundreds of metres',
    ),
    "geojson_too_many_vertices": (
        "边界共有 {vertices} 个坐标点，超过上限 {limit} 个",
        "请在GIS软件中简化边界（如QGIS“简化”，容差1米）后重新导出",
        "the boundaries have {vertices} coordinates, over the limit of {limit}",
        "simplify them in your GIS (e.g. QGIS “Simplify”, 1 m tolerance) and export again",
    ),
    "geojson_wrong_dataset": (
        "GeoJSON文件只能导入“街道边界”，不能导入“{dataset}”",
        "请在数据类别中选择“街道边界”或“自动识别”；表格数据请上传CSV或Excel",
        "a GeoJSON file can only be loaded as street boundaries, not as “{dataset_en}”",
        "choose “Street boundaries” or automatic detection; tables go in CSV or Excel files",
    ),
    "geojson_needed": (
        "“街道边界”须用GeoJSON文件导入，这是表格文件",
        "请从GIS软件导出GeoJSON（每条街道一个要素，properties 中写街道代码）",
        "street boundaries are loaded from GeoJSON, and this is a table",
        "export GeoJSON from your GIS (one feature per street, the street code in its properties)",
    ),
    "geometry_missing": (
        "要素没有几何（geometry 为空）",
        "请为该街道绘制边界，或从文件中删除该要素",
        "the feature has no geometry",
        "draw the street's boundary, or remove the feature",
    ),
    "geometry_type": (
        "几何类型为 {kind}，这里只接受面（Polygon 或 MultiPolygon）",
        "请导出街道的面图层，不要导出点或线图层",
        "the geometry is a {kind}; only Polygon or MultiPolygon is accepted",
        "export the streets' polygon layer, not a point or line layer",
    ),
    "geometry_malformed": (
        "几何的坐标结构不正确（{detail}）",
        "请用GIS软件重新导出该要素",
        "the geometry's coordinates are malformed ({detail})",
        "export the feature again from your GIS",
    ),
    "geometry_invalid": (
        "边界不是有效的面：{detail}",
        "请在GIS软件中修复几何（如QGIS“修复几何图形”）后重新导出；自相交的边界无法计算面积和覆盖",
        "the boundary is not a valid polygon: {detail_en}",
        "repair it in your GIS (e.g. QGIS “Fix geometries”) and export again; a self-intersecting "
        "boundary has no well-defined area",
    ),
    "geometry_not_lonlat": (
        "坐标 {point} 不是中国范围内的经纬度",
        "请导出经纬度坐标（WGS84或GCJ-02），不要导出投影坐标（米）；并核对经度、纬度是否写反",
        "the coordinate {point} is not a longitude/latitude in China",
        "export longitude/latitude (WGS84 or GCJ-02), not projected metres; check lon and lat are not swapped",
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
    "missing_parent": (
        "街道和社区必须填写上级代码",
        "请填写上级代码",
        "streets and communities need a parent code",
        "fill in the parent code",
    ),
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
    "absent_columns_kept": (
        "文件中没有“{columns}”列，{rows} 行沿用已导入的值",
        "如需清空这些值，请保留该列并把单元格留空",
        "the file has none of the columns “{columns_en}”: {rows} rows keep the values already loaded",
        "to clear them, include the column and leave its cells blank",
    ),
    "extra_column": (
        "未识别的列“{header}”，已忽略",
        "如需导入，请改用模板中的列名",
        "unrecognized column “{header}” ignored",
        "rename it to a template column name to load it",
    ),
    # reading (issue 11): every file is a correct load or one of these
    "html_disguised": (
        "这是网页（HTML）格式的表格（系统导出的 .xls 常是这样），不是真正的Excel文件",
        "请在Excel或WPS中打开它，“另存为”Excel工作簿（.xlsx）后重新导入",
        "this is a web page (HTML) table (as systems often export “.xls”), not a real Excel file",
        "open it in Excel or WPS, save it as an Excel workbook (.xlsx) and load that",
    ),
    "xml_spreadsheet": (
        "这是“XML电子表格2003”格式，不是真正的Excel文件",
        "请在Excel或WPS中打开它，“另存为”Excel工作簿（.xlsx）后重新导入",
        "this is an “XML Spreadsheet 2003” file, not a real Excel workbook",
        "open it in Excel or WPS, save it as an Excel workbook (.xlsx) and load that",
    ),
    "bom_mismatch": (
        "文件开头带有UTF-8标记，但内容是GBK编码；已按GBK读取",
        "请核对预览中的文字；以后请在Excel中“另存为 CSV UTF-8(逗号分隔)”",
        "the file starts with a UTF-8 mark but its text is GBK; it was read as GBK",
        "check the text in the preview; next time save as “CSV UTF-8 (comma delimited)” in Excel",
    ),
    "mixed_encoding": (
        "这一行的编码与文件其余部分不同（文件是{file_encoding}，这一行是{line_encoding}），按文件编码读取会变成乱码",
        "这一行多半是从别的文件粘贴来的：请在Excel中打开整个文件，“另存为 CSV UTF-8(逗号分隔)”后重新导入",
        "this line is in another encoding than the rest of the file (the file is {file_encoding}, this line "
        "{line_encoding}); "
        "it would load as garbled text",
        "the line was probably pasted from another file: open the file in Excel and save it as "
        "“CSV UTF-8 (comma delimited)”",
    ),
    "too_many_fields": (
        "这一行有 {found} 个字段，表头只有 {expected} 列（多出：{extra}）",
        "常见原因是数字的千位逗号（如 1,500）或文本中的逗号没有加引号，使后面的值错位；请在Excel中核对该行后重新另存为CSV",
        "this line has {found} fields but the header has {expected} columns (extra: {extra})",
        "usually an unquoted thousands separator (1,500) or a comma inside text shifted the values; "
        "check the line in Excel and save the CSV again",
    ),
    "too_few_fields": (
        "这一行只有 {found} 个字段，表头有 {expected} 列",
        "文件可能被截断，或该行少了分隔符；请核对该行是否完整后重新导入",
        "this line has only {found} fields but the header has {expected} columns",
        "the file may be cut off or the line lacks delimiters; check that the line is complete",
    ),
    "unterminated_quote": (
        "从这一行开始的双引号没有闭合，其后的 {lines} 行都会被读成一个单元格",
        '请检查该行的双引号（"）：成对使用，或删除多余的引号后重新导入',
        "the double quote opened on this line is never closed; the {lines} lines after it would become one cell",
        'check the double quotes (") on this line: close them or remove the stray one',
    ),
    "bad_quote": (
        "双引号用法有误：引号结束后紧跟着其他字符",
        '含逗号或引号的单元格应整体加引号，内部的引号写成两个（""）；请在Excel中重新另存为CSV',
        "misplaced double quote: other characters follow a closing quote",
        'a cell with commas or quotes must be quoted as a whole, with inner quotes doubled (""); '
        "save the CSV again from Excel",
    ),
    "too_long": (
        "单元格内容过长（超过 32767 个字符，Excel单元格的上限）",
        "请检查该单元格：是否把多行内容或整个文件粘贴进了一个单元格",
        "the cell is too long (over 32,767 characters, the limit of an Excel cell)",
        "check the cell: several lines or a whole file may have been pasted into it",
    ),
    "several_sheets": (
        "工作簿中有 {n} 个工作表都含有数据：{sheets}；不会只导入其中一个",
        "请每次导入一个工作表：把各工作表另存为单独的文件分别导入，或把数据合并到一个工作表",
        "the workbook has {n} sheets with data: {sheets}; loading only one of them would drop the others",
        "load one sheet at a time: save each sheet as its own file, or merge the data into one sheet",
    ),
    "formula_no_value": (
        "公式单元格没有保存计算结果（{formula}），按空值导入会覆盖已有数据",
        "请在Excel中打开文件、重新计算（F9）并保存后再导入，或把公式复制后“选择性粘贴为数值”",
        "a formula cell has no saved result ({formula}); it would load as empty over real values",
        "open the file in Excel, recalculate (F9) and save, or paste the formulas as values",
    ),
    "excel_too_big": (
        "Excel文件解压后超过 {limit_mb} MB（{part}）",
        "请按月份或街道拆分后分别导入，或另存为CSV",
        "the Excel file unpacks to more than {limit_mb} MB ({part_en})",
        "split it by month or street, or save it as CSV",
    ),
    "excel_too_many_rows": (
        "工作表有 {rows} 行以上，超过上限 {limit} 行",
        "请按月份或街道拆分后分别导入",
        "a sheet has {rows} rows or more, over the limit of {limit}",
        "split it by month or street and load the parts",
    ),
    "check_timeout": (
        "读取和检查超过了 {seconds} 秒，已停止",
        "请把文件拆分成较小的文件分别导入",
        "reading and checking took longer than {seconds} seconds and was stopped",
        "split the file into smaller files",
    ),
    "read_failed": (
        "读取文件时出错（{detail}）",
        "请在Excel中打开文件，另存为“CSV UTF-8(逗号分隔)”或 .xlsx 后重新导入；仍然失败请把文件发给管理员",
        "the file could not be read ({detail})",
        "open it in Excel and save it as “CSV UTF-8 (comma delimited)” or .xlsx; "
        "if that fails too, send the file to the administrator",
    ),
    "ambiguous_month": (
        "月份有歧义：可能是2024年1月，也可能是Excel把2024.10（10月）存成了数字2024.1",
        "请写成 2024年1月 或 2024年10月（在Excel中先把该列设为“文本”格式）",
        "ambiguous month: January, or Excel's number for 2024.10 (October)",
        "write 2024年1月 or 2024年10月 (format the column as Text in Excel first)",
    ),
    "too_early": (
        "早于 {earliest}，不合常理",
        "请核对日期；Excel中空白或0的日期会显示为1900年",
        "earlier than {earliest}, which is implausible",
        "check the date; Excel shows an empty or zero date as 1900",
    ),
    "parent_mismatch": (
        "区划代码与上级代码“{parent}”不对应（下级代码应以上级代码开头）",
        "请核对区划代码和上级代码：街道的前6位是区县代码，社区的前9位是街道代码",
        "the code does not belong under parent “{parent}” (a code starts with its parent's code)",
        "check both codes: a street's first 6 digits are its district, a community's first 9 its street",
    ),
    "parent_level": (
        "上级“{parent}”是{parent_level}，{level}的上级应为{expected}",
        "请核对层级和上级代码",
        "parent “{parent}” is a {parent_level_en}; the parent of a {level_en} must be a {expected_en}",
        "check the level and the parent code",
    ),
    "unknown_metric": (
        "指标“{metric}”不在指标目录中",
        "请使用指标目录（docs/metric-rules.md）中的名称，如：{examples}",
        "metric “{metric}” is not in the metric catalog",
        "use a name from the catalog (docs/metric-rules.md), e.g. {examples}",
    ),
    "dataset_guess": (
        "无法确定数据类别：表头最像“{dataset}”，但缺少必填列：{missing}",
        "{hint}",
        "cannot tell the dataset: the headers look most like “{dataset_en}”, but required columns are missing: "
        "{missing}",
        "{hint_en}",
    ),
    "missing_column_typo": (
        "缺少必填列“{label}”；文件中的“{header}”可能是它的笔误",
        "请把列名“{header}”改为“{label}”（可用列名：{aliases}）",
        "required column “{label}” is missing; “{header}” in the file may be a misspelling of it",
        "rename “{header}” to “{label}” (accepted names: {aliases})",
    ),
    "removal_confirm": (
        "导入将删除 {removed} 行：占文件所涉范围内现有 {total} 行的 {pct}%（超过 {limit}%）",
        "文件只含部分数据时会替换整个范围（{scope}）；确需删除请在命令行加 --allow-removal，或在上传页面勾选“确认删除”",
        "loading removes {removed} rows: {pct}% of the {total} rows now in the file's scopes (over {limit}%)",
        "a file replaces its whole scopes ({scope}); if the rows really go, add --allow-removal on the "
        "command line or tick the confirmation on the upload page",
    ),
}

MAX_SHOWN = 200  # characters of a cell's value in a message

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

    @property
    def shown_value(self) -> str | None:
        """The value as shown to a person: a long cell is cut (the problem says how long it is)."""
        if self.value is None or len(self.value) <= MAX_SHOWN:
            return self.value
        return self.value[:MAX_SHOWN] + "…"

    def as_dict(self, lang: str = "zh") -> dict:
        return {
            label("file", lang): self.file,
            label("row", lang): self.row,
            label("column", lang): self.column,
            label("value", lang): self.shown_value,
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
                where += f" value “{self.shown_value}”"
            return f"{where}: {self.reason('en')}. Fix: {self.fix('en')}"
        where = self.file
        if self.row is not None:
            where += f" 第{self.row}行"
        if self.column:
            where += f" “{self.column}”列"
        if self.value is not None:
            where += f" 值“{self.shown_value}”"
        return f"{where}：{self.reason('zh')}。修改建议：{self.fix('zh')}"


class EtlError(Exception):
    """A failure to report to the user as it is (no traceback)."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = problems if isinstance(problems, list) else [problems]
        super().__init__(self.problems[0].render("en"))


class BusyError(Exception):
    """Another load holds the warehouse lock."""
