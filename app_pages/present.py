"""汇报模式 Presentation: the review-meeting report as full-width slides, with PPTX/PDF downloads.

Area and date come from the sidebar filters; ``?slide=N`` holds the slide (shareable). Previous /
next by buttons or the keyboard (← → Home, Streamlit button shortcuts: no custom JavaScript);
轮播 re-runs the slide fragment every N seconds (``st.fragment(run_every=...)``) and moves on.
"""

from __future__ import annotations

import time

import streamlit as st

from etl.meetings import stamp
from etl.metrics import UnknownAreaError
from govdash import db, filters
from govdash import present_views as pv
from govdash.downloads import download_button
from govdash.i18n import lang, t, tr
from govdash.metric_labels import kind_label
from govdash.report.model import Report

f = filters.current()
version = db.version()
L = lang()
meetings = stamp(db.warehouse().root)  # 推进会 live outside the snapshot: part of the cache key

try:
    model = pv.report(version, f.area_code, f.as_of, L, meetings)
except UnknownAreaError as exc:
    st.warning(t("pr_error", error=exc))
    st.stop()

count = len(model.slides)
st.markdown(pv.CSS, unsafe_allow_html=True)
projector = st.query_params.get("projector") == "1"
if projector:
    st.markdown(pv.PROJECTOR_CSS + '<span class="pr-projector"></span>', unsafe_allow_html=True)
st.html(pv.FIT_JS, unsafe_allow_javascript=True)


def go_to(index: int) -> None:
    st.query_params["slide"] = str(index + 1)
    st.session_state[pv.SHOWN_AT] = time.monotonic()


def current() -> int:
    return pv.slide_index(st.query_params.get("slide"), count)


# --- controls -------------------------------------------------------------------------------------
bar = st.container(horizontal=True, vertical_alignment="center", gap="small", key="pr_bar")
bar.button(
    t("pr_first"), key="pr_first", icon=":material/first_page:", shortcut="Home", on_click=lambda: go_to(0)
)
bar.button(
    t("pr_prev"),
    key="pr_prev",
    icon=":material/chevron_left:",
    shortcut="Left",
    on_click=lambda: go_to(pv.previous_slide(current(), count)),
)
bar.button(
    t("pr_next"),
    key="pr_next",
    icon=":material/chevron_right:",
    shortcut="Right",
    type="primary",
    on_click=lambda: go_to(pv.next_slide(current(), count)),
)
loop = bar.toggle(
    t("pr_loop"),
    value=st.query_params.get("loop") == "1",
    key="pr_loop",
    on_change=lambda: st.session_state.__setitem__(pv.SHOWN_AT, time.monotonic()),
)
interval = pv.interval_choice(st.query_params.get("every"))
interval = bar.selectbox(
    t("pr_interval"),
    pv.INTERVALS,
    index=pv.INTERVALS.index(interval),
    key="pr_every",
    label_visibility="collapsed",
    format_func=lambda s, lang=L: tr("pr_seconds", lang, n=s),
    width=140,
)
bar.toggle(
    t("pr_projector"),
    value=projector,
    key="pr_projector_toggle",
    on_change=lambda: st.query_params.__setitem__(
        "projector", "1" if st.session_state["pr_projector_toggle"] else "0"
    ),
)
stem = model.file_stem()
download_button(
    t("pr_download_pptx"),
    container=bar,
    what=f"report:pptx:{f.area_code}",
    key="pr_dl_pptx",
    file_name=f"{stem}.pptx",
    icon=":material/slideshow:",
    mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
    data=lambda: pv.pptx_data(version, f.area_code, f.as_of, L, meetings),
)
download_button(
    t("pr_download_pdf"),
    container=bar,
    what=f"report:pdf:{f.area_code}",
    key="pr_dl_pdf",
    file_name=f"{stem}.pdf",
    icon=":material/picture_as_pdf:",
    mime="application/pdf",
    data=lambda: pv.pdf_data(version, f.area_code, f.as_of, L, meetings),
)
for key, value in (("loop", "1" if loop else None), ("every", str(interval) if loop else None)):
    if value is None:
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = value
if f.community_type and not projector:
    st.caption(t("pr_type_ignored", kind=kind_label(f.community_type, L)))


# --- the slide (a fragment: auto-advance reruns only this part) -------------------------------------
@st.fragment(run_every=interval if loop else None)
def stage(report_model: Report) -> None:
    index = current()
    now = time.monotonic()
    if loop and pv.due(st.session_state.get(pv.SHOWN_AT), now, interval):
        index = pv.next_slide(index, count)
        st.query_params["slide"] = str(index + 1)
        st.session_state[pv.SHOWN_AT] = now
    st.session_state.setdefault(pv.SHOWN_AT, now)
    with st.container(key="pr_stage"), st.container(key="pr_slide"):
        pv.draw_slide(report_model, index)


stage(model)
if not projector:
    st.caption(t("pr_keys"))
