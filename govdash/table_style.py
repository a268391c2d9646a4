"""How tables align numbers written as text (``1,047``, ``98.0%``, ``第 3 / 5 名`` are strings to
Streamlit, which aligns strings left): one rule for ``st.table`` (a Styler) and ``st.dataframe``
(column config), right-aligned like every number the app shows as a number."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st
from pandas.io.formats.style import Styler

# st.table writes a text column's alignment inline on each cell: only !important overrides it
RIGHT = {"text-align": "right !important"}


def right_aligned(styler: Styler, columns: Iterable[str]) -> Styler:
    """``styler`` with ``columns`` right-aligned (for ``st.table``)."""
    return styler.set_properties(subset=list(columns), **RIGHT)


def right_columns(headers: Iterable[str]) -> dict[str, object]:
    """Column config right-aligning the text columns ``headers`` (for ``st.dataframe``)."""
    return {h: st.column_config.TextColumn(alignment="right") for h in headers}
