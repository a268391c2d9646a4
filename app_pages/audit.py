"""审计日志 Audit log (admins): who signed in, looked at, exported, uploaded, loaded and undid what."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from govdash import audit_data, auth, db, exports, queries
from govdash.downloads import download_button
from govdash.formatting import fmt_date
from govdash.i18n import lang, t
from govdash.table_style import data_grid
from govdash.xlsx_layout import Layout

if not auth.current().may("audit"):  # navigation lists the page only for admins; defence in depth
    st.error(t("auth_no_access"))
    st.stop()

st.title(t("au_title"))
st.caption(t("au_intro"))
store = auth.store()
c1, c2, c3 = st.columns(3)
since = c1.date_input(t("au_since"), value=date.today() - timedelta(days=30), key="au_since")
users = [None, *sorted({u.name for u in store.users()})]
user = c2.selectbox(t("au_user"), users, format_func=lambda u: t("au_all") if u is None else u, key="au_user")
labels = audit_data.actions(lang())
action = c3.selectbox(
    t("au_action"),
    [None, *labels],
    key="au_action",
    format_func=lambda a: t("au_all") if a is None else labels[a],
)

names = queries.area_tree(db.version()).names
rows = audit_data.audit_rows(store, lang(), names, since=since, user=user, action=action)
shown = rows.rename(columns={c: t(f"au_col_{c}") for c in rows.columns})
st.caption(t("au_rows", n=f"{len(rows):,}"))
data_grid(shown, hide_index=True, width="stretch", key="au_table")
sheet = t("au_title")  # the data is made later on another thread (no URL there, so no language)
layout = Layout(sheet, as_of=fmt_date(date.today(), lang()), lang=lang())
download_button(
    t("download_xlsx"),
    lambda: exports.to_xlsx_bytes(shown, sheet, layout),
    exports.export_name(t("au_title"), day=since) + ".xlsx",
    what="audit",
    rows=len(shown),
    key="au_xlsx",
)

st.subheader(t("au_users"))
table = audit_data.users_table(store, names, lang(), t("auth_scope_all"))
data_grid(
    table.rename(columns={"name": t("au_col_name"), "role": t("au_col_role"), "areas": t("au_col_areas")}),
    hide_index=True,
    width="stretch",
    key="au_users_table",
)
