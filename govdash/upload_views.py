"""Rendering of the upload page's parts (one file's check result, the load report)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from etl.datasets import DATASETS
from etl.loading import LoadReport
from etl.preview import needs_confirmation, removal_share
from etl.safe_text import md_text
from govdash import auth, data_labels, db, exports, queries, upload
from govdash.downloads import download_button
from govdash.formatting import MISSING, fmt_clauses
from govdash.i18n import lang, t
from govdash.table_style import data_grid


def dataset_label(name: str | None) -> str:
    if not name:
        return MISSING
    ds = DATASETS[name]
    return ds.label_en if lang() == "en" else ds.label_zh


def area_names() -> dict[str, str]:
    """Area code -> name of the areas this session may see (names beside codes)."""
    return queries.area_tree(db.version()).names  # shared: callers only read it


def uploader_css(limit_mb: float) -> str:
    """The file picker's own English words ("Upload", "… MB per file") replaced by ours: Streamlit
    has no option for them, so the text is hidden and ours drawn in its place (CSS ``::after``)."""
    button = t("up_drop_button").replace('"', "")
    hint = t("up_drop_hint", mb=f"{limit_mb:g}").replace('"', "")
    return f"""<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{font-size: 0;}}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {{
  content: "{button}"; font-size: .875rem;}}
[data-testid="stFileUploaderDropzoneInstructions"] span {{font-size: 0;}}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{content: "{hint}"; font-size: .875rem;}}
</style>"""


def uploader_name() -> str:
    """The signed-in user's name; without login (the open demo only) a name typed once per session."""
    principal = auth.current()
    if principal.mode != "none":
        return principal.name
    return st.text_input(t("up_user"), key="up_user", help=t("up_user_help")).strip()


def _mapping_table(result: upload.Checked) -> pd.DataFrame:
    ds = DATASETS[result.dataset]
    return pd.DataFrame(
        {
            t("up_file_column"): [h for h, _ in result.columns],
            t("up_canonical"): [  # English: also the column's key, which English headers may use
                ds.column(c).label_zh if lang() == "zh" else f"{ds.column(c).label_en} ({c})"
                for _, c in result.columns
            ],
        }
    )


def _fix_mapping(result: upload.Checked, file_id: str) -> None:
    """Let the analyst map a column the registry did not recognize."""
    ds = DATASETS[result.dataset]
    taken = {c for _, c in result.columns}
    free = [c.name for c in ds.columns if c.name not in taken]
    key = f"up_map_{file_id}"
    overrides = dict(st.session_state.get(key, {}))
    for header in result.unmapped:
        options = [None, *free]
        current = overrides.get(header)
        choice = st.selectbox(
            t("up_unmapped", header=md_text(header)),
            options,
            index=options.index(current) if current in options else 0,
            format_func={
                c: t("up_ignore")
                if c is None
                else ds.column(c).label_zh
                if lang() == "zh"
                else f"{ds.column(c).label_en} ({c})"
                for c in options
            }.__getitem__,
            key=f"up_fix_{file_id}_{header}",
        )
        if choice:
            overrides[header] = choice
        else:
            overrides.pop(header, None)
    if overrides != st.session_state.get(key, {}):
        st.session_state[key] = overrides
        st.rerun()


def needs_removal_confirmation(result: upload.Checked) -> bool:
    pv = result.preview
    return pv is not None and needs_confirmation(pv.removed, pv.changed, pv.unchanged)


def removal_confirmed(result: upload.Checked, file_id: str) -> bool:
    """True unless loading the file removes too much and the analyst has not ticked the confirmation."""
    return not needs_removal_confirmation(result) or bool(st.session_state.get(f"up_rm_{file_id}"))


def _confirm_removal(result: upload.Checked, file_id: str) -> None:
    pv = result.preview
    ds = DATASETS[result.dataset]
    total = pv.removed + pv.changed + pv.unchanged
    scope = "+".join(ds.column(c).label_zh if lang() == "zh" else ds.column(c).label_en for c in ds.scope)
    st.warning(
        t(
            "up_removal_warning",
            removed=f"{pv.removed:,}",
            total=f"{total:,}",
            pct=f"{100 * removal_share(pv.removed, pv.changed, pv.unchanged):.0f}",
            scope=scope,
        )
    )
    st.checkbox(t("up_removal_confirm", removed=f"{pv.removed:,}"), key=f"up_rm_{file_id}")


def _render_preview(result: upload.Checked, file_id: str = "") -> None:
    pv = result.preview
    st.markdown(f"**{t('up_preview')}**")
    cols = st.columns(4)
    for col, (label, value) in zip(
        cols,
        (
            ("up_added", pv.added),
            ("up_changed", pv.changed),
            ("up_removed", pv.removed),
            ("up_unchanged", pv.unchanged),
        ),
        strict=True,
    ):
        col.metric(t(label), f"{value:,}")
    if result.identical_to is not None:
        st.info(t("up_identical", batch=result.identical_to))
    if pv.replaced_scopes:
        st.warning(t("up_replaces", n=pv.replaced_scopes))
    if needs_removal_confirmation(result):
        _confirm_removal(result, file_id)
    if not (pv.added or pv.changed or pv.removed):
        st.info(t("up_no_change"))
    ds, names, L = DATASETS[result.dataset], area_names(), lang()
    parts = (
        ("up_changes_detail", data_labels.changed_cells(pv.changes, ds, L, names)),
        ("up_added_removed", data_labels.added_removed(pv.additions_removals, ds, L, names)),
        ("up_by_scope", data_labels.changed_scopes(pv.summary, ds, L, names)),
    )
    for caption, frame in parts:
        if not frame.empty:
            st.caption(t(caption))
            data_grid(frame, hide_index=True, width="stretch")


def render_file(result: upload.Checked, file_id: str) -> None:
    errors = [p for p in result.problems if not p.warning]
    name = md_text(result.name)  # the browser's file name: text, never markdown
    title = (
        t("up_file_ok", name=name, dataset=dataset_label(result.dataset), rows=f"{result.rows:,}")
        if result.ok
        else t("up_file_bad", name=name, n=len(errors))
    )
    icon = ":material/check_circle:" if result.ok else ":material/error:"
    with st.expander(title, expanded=True, icon=icon):
        if result.dataset:
            st.caption(
                t(
                    "up_detected",
                    dataset=dataset_label(result.dataset),
                    rows=f"{result.rows:,}",
                    source=md_text(result.encoding or result.sheet or MISSING),
                )
            )
            st.markdown(f"**{t('up_mapping')}**")
            data_grid(_mapping_table(result), hide_index=True, width="stretch")
            if result.unmapped:
                _fix_mapping(result, file_id)
        if errors:  # what stops the load: a table, and the list to send back to be fixed
            st.markdown(f"**{t('up_problems')}**")
            frame = upload.problems_frame(errors, lang())
            data_grid(frame, hide_index=True, width="stretch")
            download_button(
                t("up_problems_download"),
                exports.to_xlsx_bytes(frame, t("up_problems")),
                f"problems_{result.sha256[:8]}.xlsx",
                what="upload_problems",
                rows=len(frame),
                key=f"up_dl_{file_id}",
            )
        if notes := [p for p in result.problems + result.warnings if p.warning]:  # what it only tells
            st.markdown(f"**{t('up_notes')}**")
            st.markdown("\n".join(f"- {md_text(p.render(lang()))}" for p in notes))
        if result.preview is not None:
            _render_preview(result, file_id)


def render_report(report: LoadReport) -> None:
    lines = [
        t(
            "up_done_file",
            name=md_text(f.file_name),
            batch=f.batch_id,
            added=f.added,
            changed=f.changed,
            removed=f.removed,
        )
        for f in report.files
        if f.batch_id
    ]
    if lines:
        st.success(t("up_done", summary=fmt_clauses(lines, lang())))
        st.caption(t("up_see_pages"))
        cols = st.columns(4)
        for col, (path, label) in zip(
            cols,
            (
                ("app_pages/overview.py", "nav_overview"),
                ("app_pages/volunteer.py", "nav_volunteer"),
                ("app_pages/tables.py", "nav_tables"),
                ("app_pages/history.py", "nav_history"),
            ),
            strict=True,
        ):
            col.page_link(path, label=t(label))
    elif report.problems:  # the warehouse changed since the check, or e.g. a full disk: nothing changed
        st.error(t("up_load_disabled"))
        data_grid(upload.problems_frame(report.problems, lang()), hide_index=True, width="stretch")
    else:
        st.info(t("up_nothing"))
