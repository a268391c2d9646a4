"""报送情况 Submissions: which streets and communities reported a month's data, which are missing or late."""

from __future__ import annotations

from datetime import date

import streamlit as st

from etl.safe_text import md_text
from govdash import db, exports, filters, history_data, upload_views
from govdash.downloads import download_button
from govdash.formatting import MISSING, fmt_date, fmt_month
from govdash.i18n import lang, t
from govdash.table_style import data_grid
from govdash.url_state import set_url_choice, url_choice
from govdash.xlsx_layout import Layout

f = filters.current()
st.title(t("sub_title") + f" · {md_text(f.area_name)}")
filters.say_type_not_applied(f)
options = list(history_data.MONTHLY)
wanted = url_choice("dataset", options, options[0])
dataset = st.selectbox(
    t("sub_dataset"),
    options,
    index=options.index(wanted),
    format_func={n: upload_views.dataset_label(n) for n in options}.__getitem__,
    key="sub_dataset",
)
set_url_choice("dataset", dataset)
st.caption(
    t(
        "sub_intro",
        month=fmt_month(f.month, lang()),
        dataset=upload_views.dataset_label(dataset),
        day=history_data.DEADLINE_DAY,
        date=fmt_date(history_data.deadline(f.month), lang()),
    )
)

df = history_data.submissions(db.version(), f.area_code, dataset, f.month)
if df.empty:
    st.info(t("no_period_data"))
    st.stop()
cols = st.columns(4)
cols[0].metric(t("sub_total"), f"{len(df):,}")
cols[1].metric(t("sub_reported"), f"{int(df['reported'].sum()):,}")
cols[2].metric(t("sub_missing"), f"{int((~df['reported']).sum()):,}")
cols[3].metric(t("sub_late"), f"{int(df['late'].sum()):,}")

streets = history_data.by_street(df)[["street_name", "communities", "reported", "missing", "late"]]
if len(streets) > 1:  # one street's row would repeat the cards above
    st.subheader(t("sub_by_street"))
    streets.columns = t("sub_cols").split(",")
    data_grid(streets, hide_index=True, width="stretch")

LIST_COLUMNS = ["area_code", "area_name", "street_name", "first_loaded_at"]
for kind, title, mask, columns in (
    ("missing", t("sub_missing_list"), ~df["reported"], LIST_COLUMNS[:3]),  # never loaded: no time
    ("late", t("sub_late_list"), df["late"], LIST_COLUMNS),
):
    st.subheader(title)
    part = df.loc[mask, columns].copy()
    if "first_loaded_at" in part.columns:
        part["first_loaded_at"] = part["first_loaded_at"].map(history_data.time_text)
    part = part.fillna(MISSING)
    part.columns = t("sub_list_cols").split(",")[: len(columns)]
    if part.empty:
        st.caption(t("sub_none_missing") if kind == "missing" else t("sub_none_late"))
        continue
    data_grid(part, hide_index=True, width="stretch")
    layout = Layout(  # e.g. 洛龙区社区活动2024年12月缺报社区名单, as of today
        f.area_name + upload_views.dataset_label(dataset) + fmt_month(f.month, lang()) + title
        if lang() == "zh"
        else f"{title} — {upload_views.dataset_label(dataset)}, {fmt_month(f.month, lang())}, {f.area_name}",
        as_of=fmt_date(date.today(), lang()),
        lang=lang(),
    )
    download_button(
        t("download_xlsx"),
        lambda part=part, title=title, layout=layout: exports.to_xlsx_bytes(part, title, layout),
        f"{dataset}_{f.month:%Y-%m}_{kind}.xlsx",
        what=f"submissions:{dataset}:{kind}",
        rows=len(part),
        key=f"sub_dl_{kind}",
    )
