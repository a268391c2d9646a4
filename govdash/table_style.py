"""How tables show what is in them. Numbers written as text (``1,047``, ``98.0%``, ``第 3 / 5 名``
are strings to Streamlit, which aligns strings left): one rule for ``st.table`` (a Styler) and
``st.dataframe`` (column config), right-aligned like every number the app shows as a number. A
missing value: "—" in every data grid (``data_grid``), as everywhere else."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st
from pandas.io.formats.style import Styler

from govdash.formatting import MISSING, grid_date_format, text_width

# st.table writes a text column's alignment inline on each cell: only !important overrides it
RIGHT = {"text-align": "right !important"}


def right_aligned(styler: Styler, columns: Iterable[str]) -> Styler:
    """``styler`` with ``columns`` right-aligned (for ``st.table``)."""
    return styler.set_properties(subset=list(columns), **RIGHT)


def unbroken(styler: Styler, columns: Iterable[str]) -> Styler:
    """``styler`` with ``columns`` kept on one line (for ``st.table``): a target with its due date,
    "55.0% (2025-12-31)", broke at the date's hyphen in a narrow English table."""
    places = [styler.data.columns.get_loc(c) for c in columns]
    # the text sits in a markdown block inside the cell, which sets its own white-space
    rules = [{"selector": f"td.col{i} p", "props": [("white-space", "nowrap")]} for i in places]
    return styler.set_table_styles(rules, overwrite=False)


def right_columns(headers: Iterable[str]) -> dict[str, object]:
    """Column config right-aligning the text columns ``headers`` (for ``st.dataframe``)."""
    return {h: st.column_config.TextColumn(alignment="right") for h in headers}


def date_columns(headers: Iterable[str], lang: str) -> dict[str, object]:
    """Column config writing the date columns ``headers`` as every text of the app writes a day
    (``formatting.fmt_date``: 2024年5月1日, 2024-05-01 in English), still sorted as dates."""
    width = DATE_PX["en" if lang == "en" else "zh"]
    return {h: st.column_config.DateColumn(h, format=grid_date_format(lang), width=width) for h in headers}


# A day's width in a grid: the grid sizes a column by its first rows, so a date column whose first
# rows are blank (the ledger's 销号日期 of open items, listed first) cut the dates below them.
DATE_PX = {"zh": 132, "en": 104}


def text_px(values: Iterable[object]) -> int:
    """A text column's width in px that shows the longest of ``values`` whole (the grid sizes a
    column by its first rows: a long verdict further down was cut), at the grid's 14 px type, plus
    the cell's padding."""
    return max((text_width(str(v), 14) for v in values), default=0) + 28


HEADER_PX, ROW_PX = 38, 35  # st.dataframe's header and row heights at its default row height


def fitted_height(rows: int, most: int = 420) -> int:
    """A table's height in px that holds ``rows`` rows (no empty rows under a short list), scrolling
    beyond ``most``."""
    return min(most, HEADER_PX + ROW_PX * rows)


def data_grid(data: object, *, where: object = st, **kwargs: object) -> object:
    """``st.dataframe`` (or ``where.dataframe``: a tab, a column) as every table of the app draws it:
    a value that is not there shown as ``MISSING`` ("—"), never as Streamlit's "None"."""
    return where.dataframe(data, placeholder=MISSING, **kwargs)  # type: ignore[attr-defined]
