"""上传记录 Upload history: batches, original files, changes, undo with confirmation."""

from __future__ import annotations

import streamlit as st

from etl.history import UndoError, undo
from etl.messages import BusyError
from etl.safe_text import md_text
from govdash import auth, db, exports, history_data, upload_views
from govdash.downloads import download_button
from govdash.i18n import lang, t
from govdash.table_style import data_grid

st.title(t("hi_title"))
if "hi_message" in st.session_state:
    st.success(st.session_state.pop("hi_message"))

version = db.version()
m = history_data.model(version, lang())
if m.batches.empty:
    st.info(t("hi_empty"))
    st.stop()

shown = m.shown
counts = {c: st.column_config.NumberColumn(format="localized") for c in shown.columns[5:9]}
# a partial batch's hidden counts are missing, shown as — (data_grid)
data_grid(shown, hide_index=True, width="stretch", column_config=counts)
download_button(
    t("download_csv"),
    exports.to_csv_bytes(shown),
    "upload_history.csv",
    what="history",
    rows=len(shown),
    key="hi_csv",
)

batch_id = st.selectbox(
    t("hi_batch"),
    m.ids,
    key="hi_batch",
    format_func=lambda b: f"{b} · {m.file_name(b)}",
)
principal = auth.current()
picked = history_data.detail(version, m, batch_id, lang(), principal.may("undo"))
row, archived = picked.row, picked.archived

if row["partial"]:
    st.caption(t("hi_partial"))
elif archived is not None:
    download_button(
        t("hi_download"),
        archived.read_bytes,
        row["file_name"],
        what=f"original:{batch_id}",
        rows=int(row["rows_in_file"]),
        key="hi_original",
    )
else:
    st.caption(t("hi_missing_file"))

if picked.emptied:
    st.info(md_text(picked.emptied))  # the file name is not in it; labels and counts as text
st.caption(t("hi_changes"))
data_grid(picked.changes, hide_index=True, width="stretch")

if row["status"] != "committed":
    st.info(t("hi_already_undone"))
    st.stop()
if not principal.may("undo") or row["partial"]:
    st.stop()

later = picked.dependents
cascade = False
if later:
    st.warning(t("hi_dependents", ids="、".join(map(str, later))))
    cascade = st.checkbox(t("hi_cascade"), key="hi_cascade")
confirm = st.checkbox(
    t("hi_undo_confirm", batch=batch_id, file=md_text(row["file_name"])), key=f"hi_confirm_{batch_id}"
)
if st.button(t("hi_undo"), disabled=not confirm or (bool(later) and not cascade), key="hi_undo"):
    try:
        result = undo(
            db.warehouse(),
            int(batch_id),
            upload_views.uploader_name() or "dashboard",
            cascade,
            scope=principal.scope,
        )
    except UndoError as err:
        auth.record(
            "undo",
            batch=int(batch_id),
            cascade=cascade,
            refused={"zh": err.message("zh"), "en": err.message("en")},
        )
        st.error(err.message(lang()))
        st.stop()
    except BusyError:
        st.error(t("up_busy"))
        st.stop()
    auth.record(
        "undo",
        batch=int(batch_id),
        cascade=cascade,
        undone=result.undone,
        restored=result.restored_rows,
        removed=result.removed_rows,
    )
    st.session_state["hi_message"] = t(
        "hi_undone",
        ids=", ".join(map(str, result.undone)),
        removed=result.removed_rows,
        restored=result.restored_rows,
    )
    st.rerun()
