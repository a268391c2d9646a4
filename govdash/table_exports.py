"""How a registry dataset is exported as an office table: units, number formats and 合计.

What the sheet around the rows needs to know about each column of ``etl.datasets.DATASETS`` and
the registry does not say: its unit (``etl.units``) and whether adding it up over the rows means
something. Flows (activities, hours, points, money) and inventories (households of compounds,
members, facility areas) add up; stocks reported again each month or snapshot (registered
volunteers, staff), scores, targets and the ``areas`` rows (districts, streets and communities
nest) do not. ``tests/test_table_exports.py`` fails for a numeric column that is not decided here.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from etl.registry import Column, Dataset
from etl.units import column_unit
from govdash.exports import to_xlsx_bytes
from govdash.formatting import fmt_date
from govdash.tables_data import header
from govdash.xlsx_layout import Layout

# dataset -> the columns whose sum over the exported rows is a meaningful 合计
ADDITIVE: dict[str, tuple[str, ...]] = {
    "compounds": ("households",),
    "organizations": ("members",),
    "facilities": ("area_m2", "capacity_persons", "investment_wan"),
    "activity": (
        "activities",
        "participants",
        "social_org_activities",
        "social_org_participants",
        "app_registrations",
    ),
    "volunteers": ("volunteer_hours", "points_earned", "points_redeemed", "bank_services"),
}
KIND_FORMATS = {"int": "int", "year": "year", "date": "date", "month": "month"}
MIXED_UNITS = {"zh": "见各列标题括号内", "en": "as given in brackets after each column header"}


def column_kind(column: Column) -> str | None:
    """The ``govdash.xlsx_layout`` number-format kind of a registry column (None: text)."""
    if column.name in ("lon", "lat"):
        return "coord"
    if column.name == "investment_wan":
        return "money"
    if column.name == "score":
        return "score"
    if column.kind == "float":
        return "float"
    return KIND_FORMATS.get(column.kind)


def _with_unit(label: str, text: str, lang: str) -> str:
    """``户数`` → ``户数(户)``, ``Households`` → ``Households (households)``; a label that already
    names its unit in brackets is kept."""
    if not text or label.rstrip().endswith((")", "）")):
        return label
    return f"{label} ({text})" if lang == "en" else f"{label}({text})"


def dataset_export(
    df: pd.DataFrame, dataset: Dataset, lang: str, area_name: str, as_of: date
) -> tuple[pd.DataFrame, Layout]:
    """``df`` (``tables_data.display_frame`` of ``dataset``) and the layout of its XLSX export.

    One unit among the numeric columns goes into the 单位 row; several go into the headers in
    brackets (``户数(户)``) and the 单位 row says so.
    """
    columns = {header(c, lang): c for c in dataset.columns if header(c, lang) in df.columns}
    units = {h: column_unit(c, lang) for h, c in columns.items() if column_unit(c, lang)}
    distinct = list(dict.fromkeys(units.values()))
    renamed = {h: _with_unit(h, u, lang) for h, u in units.items()} if len(distinct) > 1 else {}
    out = df.rename(columns=renamed)
    kinds = {renamed.get(h, h): k for h, c in columns.items() if (k := column_kind(c))}
    additive = ADDITIVE.get(dataset.name, ())
    totals = tuple(renamed.get(h, h) for h, c in columns.items() if c.name in additive)
    label = dataset.label_en if lang == "en" else dataset.label_zh
    title = f"{label} — {area_name}" if lang == "en" else f"{area_name}{label}明细表"
    unit_text = distinct[0] if len(distinct) == 1 else (MIXED_UNITS[lang] if distinct else None)
    layout = Layout(title, fmt_date(as_of, lang), unit_text, kinds, totals, lang)
    return out, layout


def dataset_xlsx(df: pd.DataFrame, dataset: Dataset, lang: str, area_name: str, as_of: date) -> bytes:
    """The office XLSX of ``df`` (rows of ``dataset`` as displayed), sheet named after the dataset."""
    frame, layout = dataset_export(df, dataset, lang, area_name, as_of)
    return to_xlsx_bytes(frame, dataset.label_en if lang == "en" else dataset.label_zh, layout)
