"""数据上传 Upload: check, map, preview and load files through the ETL pipeline."""

from __future__ import annotations

import json
from functools import partial

import streamlit as st

from etl.datasets import DATASETS
from etl.geojson import example_geojson
from etl.loading import load
from etl.messages import BusyError
from etl.oserrors import IO_ERRORS, os_problem
from etl.safe_text import md_text
from etl.settings import max_upload_mb
from etl.templates import template_csv, template_xlsx
from govdash import auth, db, upload, upload_views
from govdash.downloads import download_button
from govdash.formatting import fmt_aside
from govdash.i18n import lang, t

principal = auth.current()
if not principal.may("upload"):  # navigation lists the page only for those who may; defence in depth
    st.error(t("auth_no_access"))
    st.stop()
st.title(t("up_title"))
st.caption(t("up_intro"))

# built only while open: its rows (two download buttons per dataset) would otherwise be drawn by
# the browser on every visit of the page
templates = st.expander(t("up_templates"), key="up_templates", on_change="rerun")
if templates.open:
    with templates:
        st.caption(t("up_templates_hint"))
        for name, ds in DATASETS.items():
            c1, c2, c3 = st.columns([3, 1, 1])
            c1.write(fmt_aside(ds.label_zh if lang() == "zh" else ds.label_en, name, lang()))
            if ds.file_format == "geojson":  # boundaries come from a GIS: an example file, not a table
                download_button(
                    "GeoJSON",
                    example_geojson,  # made on a click, not on every run
                    f"example_{name}.geojson",
                    what=f"template:{name}",
                    container=c2,
                    key=f"tpl_g_{name}",
                )
                continue
            download_button(
                "XLSX",
                partial(template_xlsx, ds),  # made on a click, not on every run (~30 ms each)
                f"template_{name}.xlsx",
                what=f"template:{name}",
                container=c2,
                key=f"tpl_x_{name}",
            )
            download_button(
                "CSV",
                partial(template_csv, ds),
                f"template_{name}.csv",
                what=f"template:{name}",
                container=c3,
                key=f"tpl_c_{name}",
            )

if "up_last" in st.session_state:
    upload_views.render_report(st.session_state["up_last"])

user = upload_views.uploader_name()
choices = [None, *DATASETS]
dataset = st.selectbox(
    t("up_dataset"),
    choices,
    key="up_dataset",
    format_func={
        n: t("up_dataset_auto") if n is None else upload_views.dataset_label(n) for n in choices
    }.__getitem__,
)
limit = max_upload_mb()
st.html(upload_views.uploader_css(limit))  # style only: see dashboard.py
nonce = st.session_state.setdefault("up_nonce", 0)
files = st.file_uploader(
    t("up_files", mb=f"{limit:g}"),
    type=["csv", "xlsx", "xls", "txt", "geojson", "json"],
    accept_multiple_files=True,
    key=f"up_files_{nonce}",
    max_upload_size=int(limit),
)

checked = []
removals_ok = True  # every large removal confirmed (see upload_views.removal_confirmed)
for f in files or []:
    overrides = st.session_state.get(f"up_map_{f.file_id}", {})
    cache_key = f"up_chk_{f.file_id}_{dataset}_{json.dumps(overrides, sort_keys=True)}_{db.version()}"
    if cache_key not in st.session_state:
        with st.spinner(md_text(f.name)), db.upload_checker() as cur:
            result = upload.check(cur, f.getvalue(), f.name, limit, dataset, overrides, principal.scope)
        st.session_state[cache_key] = result
        auth.record(
            "upload",
            file=f.name,
            sha256=result.sha256,
            dataset=result.dataset,
            rows=result.rows,
            problems=len(result.problems),
        )
    result = st.session_state[cache_key]
    checked.append((result, overrides))
    upload_views.render_file(result, f.file_id)
    removals_ok = upload_views.removal_confirmed(result, f.file_id) and removals_ok

if checked:
    ready = bool(user) and all(r.ok for r, _ in checked) and removals_ok
    if not all(r.ok for r, _ in checked):
        st.warning(t("up_load_disabled"))
    elif not user:
        st.warning(t("up_user_missing"))
    elif not removals_ok:
        st.warning(t("up_removal_needed"))
    if st.button(t("up_load"), type="primary", disabled=not ready, key="up_load"):
        bar = st.progress(0.0)
        try:
            with upload.sources(checked) as sources:  # a temporary folder, deleted after the load
                report = load(
                    db.warehouse(),
                    sources,
                    user=user,
                    scope=principal.scope,
                    progress=lambda x, name: bar.progress(min(x, 1.0), t("up_loading", name=md_text(name))),
                    allow_removal=any(upload_views.needs_removal_confirmation(r) for r, _ in checked),
                )
        except BusyError:
            st.error(t("up_busy"))
            st.stop()
        except IO_ERRORS as err:  # e.g. a full /tmp while writing the load's temporary copy: nothing changed
            st.error(md_text(os_problem(err, db.warehouse().root).render(lang())))
            st.stop()
        bar.empty()
        auth.record(
            "load",
            files=[r.file_name for r in report.files],
            committed=report.committed,
            batches=[r.batch_id for r in report.files if r.batch_id],
            rows=sum(r.rows_in_file for r in report.files),
            problems=len(report.problems),
        )
        st.session_state["up_last"] = report
        st.session_state["up_nonce"] = nonce + 1  # a fresh, empty uploader
        st.rerun()
