"""Data behind the tables page: any registry dataset, filtered like the rest of the dashboard.

Nothing here is per dataset: the SQL is built from ``etl.datasets.DATASETS`` (identifiers come
from the registry, values are bound). Filters: the area (rows whose area/community code lies in
the selected district/street/community, through ``parent_code`` links), the dataset's period
column up to the selected month, and the community type. ``display_frame`` turns codes into the
UI language (enum labels, yes/no, headers from ``Column.label_zh``/``label_en``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from etl.datasets import DATASETS
from etl.registry import LAT, LON, Column, Dataset
from govdash import cache, queries
from govdash.formatting import fmt_date, fmt_month, grid_date_format, grid_month_format
from govdash.metric_labels import value_label

if TYPE_CHECKING:
    from govdash.filters import Filters

COORDINATES = (LON.name, LAT.name)
AREA_NAME = "_area_name"  # the extra column holding the name of a row's area
BOOL_LABELS = {"zh": ("是", "否"), "en": ("Yes", "No")}
AREA_NAME_LABELS = {"zh": "区划名称", "en": "Area name"}
COMMUNITY_NAME_LABELS = {"zh": "社区名称", "en": "Community"}


def dataset_names() -> list[str]:
    return list(DATASETS)


def area_column(dataset: Dataset) -> str | None:
    """The column holding the row's area code (``areas`` is filtered on its own code)."""
    if dataset.area_column:
        return dataset.area_column
    return "area_code" if "area_code" in dataset.column_names else None


def _period_condition(column: Column, month: date, as_of: date, month_only: bool) -> tuple[str, list]:
    name = f't."{column.name}"'
    if column.kind == "month":
        return (f"{name} = ?", [month]) if month_only else (f"{name} <= ?", [month])
    if column.kind == "date":
        return (f"{name} BETWEEN ? AND ?", [month, as_of]) if month_only else (f"{name} <= ?", [as_of])
    if column.kind == "year":
        return (f"{name} = ?", [as_of.year]) if month_only else (f"{name} <= ?", [as_of.year])
    return "TRUE", []


def build_query(
    dataset: Dataset,
    area_codes: tuple[str, ...] | None,
    month: date,
    as_of: date,
    community_type: str | None,
    month_only: bool = False,
) -> tuple[str, list]:
    """SELECT of the registry columns (plus the area name) with the filters as bound values."""
    cols = ", ".join(f't."{c}"' for c in dataset.column_names)
    area_col = area_column(dataset)
    sql = f"SELECT {cols}"
    conditions: list[str] = []
    params: list = []
    if area_col:
        sql += f', a.area_name AS "{AREA_NAME}"' if dataset.name != "areas" else ""
        if area_codes is not None:
            conditions.append(f't."{area_col}" IN (SELECT unnest(?::VARCHAR[]))')
            params.append(list(area_codes))
        if community_type:
            conditions.append(
                f't."{area_col}" IN (SELECT area_code FROM areas '
                "WHERE level = 'community' AND community_type = ?)"
            )
            params.append(community_type)
    sql += f' FROM "{dataset.name}" t'
    if area_col and dataset.name != "areas":
        sql += f' LEFT JOIN areas a ON a.area_code = t."{area_col}"'
    if dataset.period_column:
        condition, values = _period_condition(dataset.column(dataset.period_column), month, as_of, month_only)
        conditions.append(condition)
        params.extend(values)
    if conditions:
        sql += " WHERE " + " AND ".join(conditions)
    sql += " ORDER BY " + ", ".join(f't."{c}"' for c in dataset.key)
    return sql, params


@cache.model(max_entries=16)
def rows(
    version: str,
    name: str,
    area_codes: tuple[str, ...] | None,
    month: date,
    as_of: date,
    community_type: str | None,
    month_only: bool = False,
) -> pd.DataFrame:
    """The filtered rows of one dataset (registry columns, canonical values)."""
    sql, params = build_query(DATASETS[name], area_codes, month, as_of, community_type, month_only)
    return queries.query_df(sql, params)


def enum_label(column: Column, value: object, lang: str) -> object:
    return value_label(column.values, value, lang) if isinstance(value, str) else value


def header(column: Column, lang: str) -> str:
    return column.label_en if lang == "en" else column.label_zh


def display_frame(df: pd.DataFrame, dataset: Dataset, lang: str) -> pd.DataFrame:
    """Rows as shown and exported: enum codes → labels, booleans → 是/否, headers in ``lang``."""
    out = pd.DataFrame(index=df.index)
    yes, no = BOOL_LABELS[lang]
    area_col = area_column(dataset)
    for column in dataset.columns:
        series = df[column.name]
        if column.kind == "enum":
            series = series.map(lambda v, c=column: enum_label(c, v, lang), na_action="ignore").astype(object)
        elif column.kind == "bool":
            series = series.map(lambda v: yes if v else no, na_action="ignore").astype(object)
        elif column.kind in ("date", "month"):
            series = pd.to_datetime(series)
        out[header(column, lang)] = series
        if column.name == area_col and AREA_NAME in df:
            names = COMMUNITY_NAME_LABELS if dataset.area_levels == ("community",) else AREA_NAME_LABELS
            out[names[lang]] = df[AREA_NAME].astype(object)
    return out.reset_index(drop=True)


def month_headers(dataset: Dataset, lang: str) -> tuple[str, ...]:
    """The displayed headers of ``dataset``'s month columns (shown as a month, not a day)."""
    return tuple(header(c, lang) for c in dataset.columns if c.kind == "month")


def search(df: pd.DataFrame, text: str, lang: str = "zh", months: tuple[str, ...] = ()) -> pd.DataFrame:
    """Rows where any cell contains ``text`` (case-insensitive), as displayed in ``lang`` (a day as
    ``fmt_date``, a column of ``months`` as ``fmt_month``) or, for dates, as YYYY-MM-DD."""
    needle = text.strip().lower()
    if not needle or df.empty:
        return df
    hit = pd.Series(False, index=df.index)
    for col in df.columns:
        series = df[col]
        present = series.notna()  # a missing cell matches nothing (not as "nan" or "None")
        if pd.api.types.is_datetime64_any_dtype(series):
            write = fmt_month if col in months else fmt_date
            # each distinct day written once (a few thousand at most), then looked up per row
            shown = {d: f"{d:%Y-%m-%d} {write(d, lang)}" for d in series.dropna().unique()}
            series = series.map(shown)
        hit |= present & series.astype(str).str.lower().str.contains(needle, regex=False, na=False)
    return df[hit]


def sort(df: pd.DataFrame, column: str | None, descending: bool) -> pd.DataFrame:
    if not column or column not in df:
        return df
    return df.sort_values(column, ascending=not descending, na_position="last", kind="stable")


def page_slice(df: pd.DataFrame, page: int, page_size: int) -> tuple[pd.DataFrame, int, int]:
    """(rows of the 1-based ``page``, first row number, last row number), clamped to the data."""
    pages = max(1, -(-len(df) // page_size))
    page = min(max(page, 1), pages)
    start = (page - 1) * page_size
    part = df.iloc[start : start + page_size]
    return part, (start + 1 if len(part) else 0), start + len(part)


def column_formats(dataset: Dataset, lang: str) -> dict[str, tuple[str, str]]:
    """Displayed header → (``number``|``date``, display format) from the registry column kinds.

    Counts and amounts use the thousands separator, years none, coordinates six decimals.
    """
    formats: dict[str, tuple[str, str]] = {}
    for column in dataset.columns:
        if column.name in COORDINATES:
            formats[header(column, lang)] = ("number", "%.6f")
        elif column.kind in ("int", "float"):
            formats[header(column, lang)] = ("number", "localized")
        elif column.kind == "year":
            formats[header(column, lang)] = ("number", "plain")
        elif column.kind in ("date", "month"):
            shown = grid_month_format(lang) if column.kind == "month" else grid_date_format(lang)
            formats[header(column, lang)] = ("date", shown)
    return formats


@cache.model(max_entries=16)
def table(
    version: str,
    name: str,
    area_codes: tuple[str, ...] | None,
    month: date,
    as_of: date,
    community_type: str | None,
    month_only: bool,
    lang: str,
) -> pd.DataFrame:
    """``rows`` as displayed (labels and headers in ``lang``)."""
    raw = rows(version, name, area_codes, month, as_of, community_type, month_only)
    return display_frame(raw, DATASETS[name], lang)


# --- the page's model ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TablesModel:
    """One dataset as the tables page shows it for the filters: every filtered row as displayed
    (``table``), its headers and their display formats. Search, sort and paging follow the viewer's
    widgets: ``rows_for``."""

    name: str
    full: pd.DataFrame  # every filtered row, labels and headers in the UI language
    formats: dict[str, tuple[str, str]]  # displayed header → (number|date, format)
    lang: str  # the language of the headers and labels (search matches what is displayed)

    @property
    def headers(self) -> list[str]:
        return list(self.full.columns)

    def rows_for(self, query: str, sort_by: str | None, descending: bool) -> pd.DataFrame:
        """The rows matching ``query``, sorted by ``sort_by`` (what the page lists and downloads)."""
        months = month_headers(DATASETS[self.name], self.lang)
        return sort(search(self.full, query, self.lang, months), sort_by, descending)


def model(version: str, f: Filters, name: str, month_only: bool, lang: str) -> TablesModel:
    """Dataset ``name`` below ``f``'s area, up to (or, with ``month_only``, in) ``f``'s month, of
    ``f``'s community type."""
    codes = queries.codes_below(version, f.area_code)
    full = table(version, name, codes, f.month, f.as_of, f.community_type, month_only, lang)
    return TablesModel(name, full, column_formats(DATASETS[name], lang), lang)
