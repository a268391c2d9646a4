"""Labels of the upload, history and submission pages."""

TEXT: dict[str, tuple[str, str]] = {
    "nav_upload": ("数据上传", "Upload"),
    "nav_history": ("上传记录", "Upload history"),
    "nav_submissions": ("报送情况", "Submissions"),
    "up_title": ("数据上传", "Upload data"),
    "up_intro": (
        "上传社区报送的 CSV 或 Excel 文件：先检查、预览变化，确认后作为一个批次导入，可随时撤销。",
        "Upload CSV or Excel files from communities: check, preview the changes, then load them as one "
        "batch (undoable).",
    ),
    "up_user": ("上传人", "Uploaded by"),
    "up_user_help": (
        "记录在上传记录中；本次会话内记住",
        "Recorded in the history; remembered for this session",
    ),
    "up_user_missing": ("请先填写上传人姓名", "Enter your name first"),
    "up_dataset": ("数据类别", "Dataset"),
    "up_dataset_auto": ("自动识别", "Detect from headers"),
    "up_files": (
        "选择文件（可多选，单个文件不超过 {mb} MB）",
        "Choose files (several allowed, up to {mb} MB each)",
    ),
    "up_templates": ("下载空白模板", "Download empty templates"),
    "up_templates_hint": (
        "模板的“数据”表只有中文表头（红色为必填，表头批注写明类型、单位和格式），类别列可从下拉列表选择，"
        "区划代码列已设为文本格式；示例和每列说明在“填写说明”表。CSV模板只有表头。",
        "The 数据 sheet holds only the Chinese headers (required ones in red, each with a note on type, "
        "unit and format), with dropdowns for category columns; examples and rules are on the 填写说明 "
        "sheet. CSV templates hold the header row only.",
    ),
    "up_file_ok": (
        "{name}：可以导入（{dataset}，{rows} 行）",
        "{name}: ready to load ({dataset}, {rows} rows)",
    ),
    "up_file_bad": (
        "{name}：发现 {n} 个问题，修改后重新上传",
        "{name}: {n} problem(s); fix them and upload again",
    ),
    "up_detected": (
        "识别为“{dataset}”；编码/工作表：{source}；数据 {rows} 行",
        "Detected as “{dataset}”; encoding/sheet: {source}; {rows} data rows",
    ),
    "up_mapping": ("列对应关系", "Column mapping"),
    "up_file_column": ("文件中的列名", "Column in the file"),
    "up_canonical": ("对应字段", "Maps to"),
    "up_unmapped": ("未识别的列“{header}”对应到", "Map unrecognized column “{header}” to"),
    "up_ignore": ("（忽略此列）", "(ignore this column)"),
    "up_problems": ("问题清单", "Problems"),
    "up_notes": ("提示（不影响导入）", "Notes (the file can still be loaded)"),
    "up_problems_download": (
        "下载问题清单（Excel，可发回社区修改）",
        "Download the problems (Excel, to send back)",
    ),
    "up_preview": ("导入后的变化", "What loading changes"),
    "up_added": ("新增", "Added"),
    "up_changed": ("修改", "Changed"),
    "up_removed": ("删除", "Removed"),
    "up_unchanged": ("不变", "Unchanged"),
    "up_replaces": (
        "注意：此文件将替换已导入的 {n} 个期间（社区×月份等）的数据。",
        "Note: this file replaces data already loaded for {n} period(s) (community × month, …).",
    ),
    "up_identical": (
        "此文件与批次 {batch} 导入的文件完全相同。",
        "This file is identical to the file of batch {batch}.",
    ),
    "up_no_change": (
        "与仓库中的数据完全相同，导入不会有任何变化。",
        "Same as the warehouse; loading changes nothing.",
    ),
    "up_changes_detail": ("修改明细（原值 → 新值）", "Changed values (old → new)"),
    "up_added_removed": ("新增和删除的行", "Rows added and removed"),
    "up_by_scope": (
        "有变化的社区和期间（不变的不列出）",
        "Communities and periods that change (unchanged ones not listed)",
    ),
    "up_shown_first": ("只显示前 {n} 行", "Only the first {n} rows are shown"),
    "up_drop_button": ("选择文件", "Browse files"),
    "up_drop_hint": (
        "拖放文件到此处，或点击“选择文件” · 单个文件不超过 {mb} MB · CSV、XLSX、XLS、TXT",
        "Drag and drop files here or browse · up to {mb} MB each · CSV, XLSX, XLS, TXT",
    ),
    "up_load": ("确认导入", "Load"),
    "up_load_disabled": (
        "存在问题的文件不能导入；请修改后重新上传。",
        "Files with problems cannot be loaded.",
    ),
    "up_loading": ("正在导入 {name}……", "Loading {name}…"),
    "up_done": ("导入完成：{summary}", "Loaded: {summary}"),
    "up_done_file": (
        "{name} → 批次 {batch}（新增 {added}，修改 {changed}，删除 {removed}）",
        "{name} → batch {batch} ({added} added, {changed} changed, {removed} removed)",
    ),
    "up_nothing": ("数据没有变化，未生成新批次。", "Nothing changed; no batch was created."),
    "up_busy": ("另一位用户正在导入，请稍后重试。", "Another load is running; retry shortly."),
    "up_see_pages": ("查看更新后的页面：", "See the updated pages:"),
    "up_removal_warning": (
        "导入将删除 {removed} 行，占文件所涉范围内现有 {total} 行的 {pct}%：文件只含部分数据时，"
        "会替换整个范围（{scope}）。",
        "Loading removes {removed} rows, {pct}% of the {total} rows now in the file's scopes: a "
        "file replaces its whole scopes ({scope}), even when it holds only part of them.",
    ),
    "up_removal_confirm": ("确认删除这 {removed} 行", "Yes, remove these {removed} rows"),
    "up_removal_needed": (
        "请先确认要删除的行，或上传完整的文件。",
        "Confirm the removals first, or upload the full file.",
    ),
    "col_dataset": ("数据类别", "Dataset"),
}

TEXT.update(
    {
        "hi_title": ("上传记录", "Upload history"),
        "hi_empty": ("还没有导入记录", "No batches yet"),
        "hi_batch": ("选择批次", "Batch"),
        "hi_download": ("下载原始文件", "Download the original file"),
        "hi_missing_file": ("原始文件不在归档中", "The original file is not in the archive"),
        "hi_partial": (
            "该批次还包含您权限范围以外的数据：只显示范围内的变动，不提供原始文件，也不能在此撤销。",
            "This batch also changed rows outside your areas: only the changes inside them are shown; "
            "the original file and undo are not available to you.",
        ),
        "hi_changes": (
            "该批次的变化：本批写入的行和被它替换或删除的行（原样重写的行不列出）",
            "Changes of the batch: rows it wrote and rows it replaced or removed (rows rewritten "
            "unchanged are not listed)",
        ),
        "hi_emptied": (  # {why}: etl.history.EMPTIED_WHY, shared with the CLI
            "本批次清空了已导入的值：{columns}。{why}",
            "This batch emptied values already loaded: {columns}. {why}",
        ),
        "hi_undo": ("撤销此批次", "Undo this batch"),
        "hi_undo_confirm": (
            "确认撤销批次 {batch}（{file}）？数据将恢复到导入前的状态。",
            "Undo batch {batch} ({file})? The data returns to its state before the batch.",
        ),
        "hi_dependents": (
            "后续批次 {ids} 修改或引用了此批次的数据。",
            "Later batch(es) {ids} changed or refer to this batch's rows.",
        ),
        "hi_cascade": ("同时撤销这些后续批次", "Also undo those later batches"),
        "hi_undone": (
            "已撤销批次 {ids}：删除 {removed} 行，恢复 {restored} 行。",
            "Undone batch(es) {ids}: {removed} rows removed, {restored} restored.",
        ),
        "hi_already_undone": ("此批次已撤销", "This batch is already undone"),
        "hi_status_committed": ("已导入", "Loaded"),
        "hi_status_undone": ("已撤销", "Undone"),
        "hi_cols": (
            "批次,时间,上传人,文件,数据类别,文件行数,新增,修改,删除,状态",
            "Batch,Time,Uploaded by,File,Dataset,Rows in file,Added,Changed,Removed,Status",
        ),
        "sub_title": ("报送情况", "Submissions"),
        "sub_intro": (
            "{month}的{dataset}：截止日期为次月{day}日（{date}）。",
            "{dataset} for {month}: due by day {day} of the next month ({date}).",
        ),
        "sub_dataset": ("数据类别", "Dataset"),
        "sub_reported": ("已报送", "Reported"),
        "sub_missing": ("缺报", "Missing"),
        "sub_late": ("迟报", "Late"),
        "sub_total": ("应报社区", "Communities"),
        "sub_by_street": ("各街道(镇)报送情况", "By street/town"),
        "sub_missing_list": ("缺报社区名单", "Communities that have not reported"),
        "sub_late_list": ("迟报社区名单", "Communities that reported late"),
        "sub_none_missing": ("全部社区均已报送。", "Every community has reported."),
        "sub_none_late": ("没有迟报的社区。", "No community reported late."),
        "sub_cols": ("街道(镇),应报,已报,缺报,迟报", "Street/town,Communities,Reported,Missing,Late"),
        "sub_list_cols": (
            "社区代码,社区名称,街道(镇),首次导入时间",
            "Community code,Community name,Street/town,First loaded",
        ),
    }
)
