"""Rows of a dataset as people read them: the registry's labels for headers and enum values, a name
beside each area code, months as 2024年5月, dates without a time, "—" for blanks (upload preview,
history and submissions pages).

Everything comes from the dataset registry (``etl.datasets``): column labels, the Chinese label of
each enum value (the first of its accepted spellings); metric names of targets from
``govdash.metric_labels``. Frames returned here are for display only (all cells are text).
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from etl.registry import Column, Dataset
from govdash.formatting import MISSING, fmt_month, is_missing
from govdash.metric_labels import metric_label, value_label

BLANK = MISSING
CHANGE_ZH = {"+": "新增", "-": "删除", "~": "修改", "=": "不变"}
CHANGE_EN = {"+": "Added", "-": "Removed", "~": "Changed", "=": "Unchanged"}
HEADERS = {  # key: (zh, en)
    "field": ("字段", "Field"),
    "old": ("原值", "Old value"),
    "new": ("新值", "New value"),
    "change": ("变化", "Change"),
    "added": ("新增", "Added"),
    "changed": ("修改", "Changed"),
    "removed": ("删除", "Removed"),
    "unchanged": ("不变", "Unchanged"),
    "written": ("本批写入", "Written by the batch"),
    "displaced": ("被替换或删除", "Replaced or removed"),
}


def header(key: str, lang: str) -> str:
    zh, en = HEADERS[key]
    return en if lang == "en" else zh


def column_label(column: Column, lang: str) -> str:
    return column.label(lang)


def name_label(column: Column, lang: str) -> str:
    """Header of the name shown beside a code column: 社区代码 → 社区名称, Community code → Community name."""
    if lang == "en":
        label = column.label_en
        return label[:-4] + "name" if label.lower().endswith("code") else f"{label} (name)"
    label = column.label_zh
    return label.replace("代码", "名称") if "代码" in label else f"{label}名称"


def missing(value: object) -> bool:
    """``formatting.is_missing``, or a blank text (a cell of a dataset)."""
    return is_missing(value) or (isinstance(value, str) and not value.strip())


def _day(value: object) -> date | None:
    """A date from a date, a timestamp or text such as ``2024-12-01`` / ``2024-12-01 00:00:00``."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return pd.Timestamp(str(value)).date()
    except (TypeError, ValueError):
        return None


def _number(value: object, kind: str) -> str:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    if kind == "year":
        return str(int(number))
    return f"{int(number):,}" if number.is_integer() else f"{number:,.2f}".rstrip("0").rstrip(".")


def enum_text(column: Column, value: object, lang: str) -> str:
    """``charity`` → 公益慈善 (the registry's first Chinese spelling); English: ``charity``."""
    return value_label(column.values, str(value), lang)


def cell_text(
    dataset: Dataset, column: Column, value: object, lang: str, names: dict[str, str] | None = None
) -> str:
    """One cell as text for people: labels, 2024年5月, 2024-05-01, 1,234, 是/否, "—" for a blank."""
    if missing(value):
        return BLANK
    kind = column.kind
    if kind == "enum":
        return enum_text(column, value, lang)
    if kind in ("date", "month"):
        day = _day(value)
        if day is None:
            return str(value)
        return fmt_month(day, lang) if kind == "month" else day.isoformat()
    if kind == "bool":
        truth = str(value).strip().lower() in ("true", "1", "yes", "是")
        return ("yes" if truth else "no") if lang == "en" else ("是" if truth else "否")
    if kind in ("int", "float", "year"):
        return _number(value, kind)
    if dataset.name == "targets" and column.name == "metric":
        return metric_label(str(value), lang)
    return str(value)


def readable_rows(
    frame: pd.DataFrame,
    dataset: Dataset,
    lang: str,
    names: dict[str, str],
    front: dict[str, str] | None = None,
) -> pd.DataFrame:
    """The dataset's columns of ``frame`` as text under their labels, each code column followed by
    the area's name. ``front`` maps other columns of ``frame`` (already text) to their headers;
    they come first."""
    out: dict[str, list[str]] = {}
    for source, title in (front or {}).items():
        out[title] = [BLANK if missing(v) else str(v) for v in frame[source]]
    for column in dataset.columns:
        if column.name not in frame:
            continue
        values = frame[column.name].tolist()
        out[column_label(column, lang)] = [cell_text(dataset, column, v, lang) for v in values]
        if column.kind == "code" and column.name != "area_name":
            out[name_label(column, lang)] = [
                BLANK if missing(v) else names.get(str(v), BLANK) for v in values
            ]
    return pd.DataFrame(out)


def changed_cells(changes: pd.DataFrame, dataset: Dataset, lang: str, names: dict[str, str]) -> pd.DataFrame:
    """The preview's changed cells (key columns, column_name, old_value, new_value) for people:
    the key with names, the field's label, old and new values formatted."""
    if changes.empty:
        return pd.DataFrame()
    keys = readable_rows(changes, dataset, lang, names)
    fields, old, new = [], [], []
    for name, before, after in zip(
        changes["column_name"], changes["old_value"], changes["new_value"], strict=True
    ):
        column = dataset.column(name)
        fields.append(column_label(column, lang))
        old.append(cell_text(dataset, column, before, lang))
        new.append(cell_text(dataset, column, after, lang))
    keys[header("field", lang)] = fields
    keys[header("old", lang)] = old
    keys[header("new", lang)] = new
    return keys


def added_removed(rows: pd.DataFrame, dataset: Dataset, lang: str, names: dict[str, str]) -> pd.DataFrame:
    """Rows the load adds (+) or removes (-): 新增 / 删除 and the key with names."""
    if rows.empty:
        return pd.DataFrame()
    labels = CHANGE_EN if lang == "en" else CHANGE_ZH
    frame = rows.assign(_change=[labels.get(c, c) for c in rows["change"]])
    return readable_rows(frame, dataset, lang, names, front={"_change": header("change", lang)})


def changed_scopes(summary: pd.DataFrame, dataset: Dataset, lang: str, names: dict[str, str]) -> pd.DataFrame:
    """The preview's summary by community and period, only where something changes."""
    counts = ["added", "changed", "removed", "unchanged"]
    if summary.empty:
        return pd.DataFrame()
    moving = summary[(summary[["added", "changed", "removed"]].sum(axis=1)) > 0]
    out = readable_rows(moving, dataset, lang, names)
    for count in counts:
        out[header(count, lang)] = [f"{int(v):,}" for v in moving[count]]
    return out


def batch_rows(rows: pd.DataFrame, dataset: Dataset, lang: str, names: dict[str, str]) -> pd.DataFrame:
    """A batch's written (+) and displaced (-) rows, without the pairs it rewrote unchanged."""
    if rows.empty:
        return pd.DataFrame()
    values = [c.name for c in dataset.columns if c.name in rows]
    key = [k for k in dataset.key if k in rows]
    both = pd.DataFrame(
        {
            "key": ["\x1f".join(map(str, r)) for r in rows[key].itertuples(index=False)],
            "sig": ["\x1f".join(map(str, r)) for r in rows[values].itertuples(index=False)],
            "change": rows["change"].tolist(),
        },
        index=rows.index,
    )
    groups = [both["key"], both["sig"]]  # a pair: the same key and values both written and displaced
    written = both["change"].eq("+").groupby(groups).transform("any")
    displaced = both["change"].eq("-").groupby(groups).transform("any")
    moving = rows[~(written & displaced).to_numpy()]
    labels = {"+": header("written", lang), "-": header("displaced", lang)}
    frame = moving.assign(_change=[labels.get(c, c) for c in moving["change"]])
    return readable_rows(frame, dataset, lang, names, front={"_change": header("change", lang)})
