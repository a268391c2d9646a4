"""数据表: every registry dataset as a searchable, sortable table with the sidebar filters applied.

The page iterates over ``etl.datasets.DATASETS`` (no per-dataset code). Large tables are shown a
page at a time; the downloads (CSV with BOM, XLSX) hold every filtered row, formula-safe.
"""

from __future__ import annotations

import streamlit as st

from etl.datasets import DATASETS
from etl.safe_text import md_text
from govdash import db, tables_data
from govdash.downloads import download_button
from govdash.exports import export_name, to_csv_bytes
from govdash.filters import current
from govdash.formatting import fmt_month, grid_date_format
from govdash.i18n import lang, t
from govdash.table_exports import dataset_xlsx
from govdash.table_style import data_grid, date_columns
from govdash.url_state import set_url_choice, text_box, url_choice

PAGE_SIZE = 1000


def dataset_label(name: str) -> str:
    dataset = DATASETS[name]
    return dataset.label_en if lang() == "en" else dataset.label_zh


def column_config(formats: dict[str, tuple[str, str]]) -> dict:
    columns = {"number": st.column_config.NumberColumn, "date": st.column_config.DateColumn}
    config = {header: columns[kind](header, format=fmt) for header, (kind, fmt) in formats.items()}
    days = [header for header, (_, fmt) in formats.items() if fmt == grid_date_format(lang())]
    return config | date_columns(days, lang())  # a day's width, whatever the first rows hold


filters = current()
version = db.version()
st.title(t("tbl_title"))
st.caption(md_text(filters.describe()))
st.markdown(t("tbl_intro"))

names = tables_data.dataset_names()
wanted = url_choice("dataset", names, names[0])
col_set, col_search = st.columns([1, 2])
name = col_set.selectbox(
    t("tbl_dataset"),
    names,
    index=names.index(wanted),
    format_func={n: dataset_label(n) for n in names}.__getitem__,  # plain values: no lookups at format time
    key="tbl_dataset",
)
set_url_choice("dataset", name)
dataset = DATASETS[name]
with col_search:
    query = text_box("q", "tbl_q", label=t("tbl_search"), placeholder=t("tbl_search_placeholder"))

col_sort, col_desc, col_period = st.columns([2, 1, 2])
month_only = False
if dataset.period_column:
    month_only = col_period.toggle(
        t("tbl_month_only"),
        value=url_choice("period", ("month",), None) == "month",
        help=t("tbl_month_only_help"),
        key="tbl_month_only",
    )
    set_url_choice("period", "month" if month_only else None)
    col_period.caption(
        t("tbl_period_only" if month_only else "tbl_period_upto", month=fmt_month(filters.month, lang()))
    )
else:
    col_period.caption(t("tbl_period_none"))

m = tables_data.model(version, filters, name, month_only, lang())
full, headers = m.full, m.headers
sort_by = col_sort.selectbox(
    t("tbl_sort"),
    [None, *headers],
    key=f"tbl_sort_{name}_{lang()}",
    format_func={None: t("tbl_sort_default"), **{h: h for h in headers}}.__getitem__,
)
descending = col_desc.toggle(t("tbl_desc"), key="tbl_desc")
result = m.rows_for(query, sort_by, descending)

if full.empty:
    st.info(t("tbl_empty", dataset=dataset_label(name)))
    st.stop()
if result.empty:
    st.info(t("tbl_empty_search", q=md_text(query)))
    st.stop()

total = len(result)
pages = -(-total // PAGE_SIZE)
page = 1
if pages > 1:
    page = st.pagination(pages, key=f"tbl_page_{name}_{total}", max_visible_pages=9)
shown, first, last = tables_data.page_slice(result, page, PAGE_SIZE)
count = (
    t("tbl_count_search", total=f"{total:,}", before=f"{len(full):,}", q=md_text(query))
    if query
    else t("tbl_count", total=f"{total:,}")
)
count += (
    t("tbl_shown_page", first=f"{first:,}", last=f"{last:,}", size=f"{PAGE_SIZE:,}")
    if pages > 1
    else t("tbl_shown_all")
)
st.caption(count)
data_grid(
    shown,
    hide_index=True,
    column_config=column_config(m.formats),
    key=f"tbl_df_{name}",
)

base = export_name(dataset_label(name), filters.area_name, day=filters.month)
help_text = t("tbl_download_help", total=f"{total:,}")
office = (
    dataset,
    lang(),
    filters.area_name,
    filters.as_of,
)  # plain values: the callable runs on another thread
downloads = st.container(horizontal=True)
download_button(
    t("download_csv"),
    data=lambda: to_csv_bytes(result),
    file_name=base + ".csv",
    what=f"table:{name}",
    rows=total,
    container=downloads,
    mime="text/csv",
    help=help_text,
    key="tbl_csv",
    icon="⬇️",
)
download_button(
    t("download_xlsx"),
    data=lambda: dataset_xlsx(result, *office),
    file_name=base + ".xlsx",
    what=f"table:{name}",
    rows=total,
    container=downloads,
    help=help_text,
    key="tbl_xlsx",
    icon="⬇️",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
