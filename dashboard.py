"""Entry point: ``streamlit run dashboard.py``. Page frame: setup, language, filters, navigation."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from etl.migrations import SchemaError
from govdash import charts, db, filters
from govdash.i18n import lang, t

st.set_page_config(page_title=t("app_title"), page_icon="🏘️", layout="wide")

with st.spinner(t("booting")):
    db.boot(str(db.warehouse().root))
try:
    db.connection()  # a snapshot of an earlier (or later) release cannot be read as it is
except SchemaError as err:
    st.error(err.message(lang()))
    st.stop()

RELOAD_WITH_LANG = """<script>
const url = new URL(window.location.href);
url.searchParams.set("lang", "LANG");
window.location.replace(url.toString());
</script>"""

PAGES = {
    "nav_section_browse": [
        ("app_pages/overview.py", "nav_overview", ":material/dashboard:", "overview"),
        ("app_pages/coverage.py", "nav_coverage", ":material/home_work:", "coverage"),
        ("app_pages/volunteer.py", "nav_volunteer", ":material/volunteer_activism:", "volunteer"),
        ("app_pages/five_star.py", "nav_five_star", ":material/star:", "five-star"),
        ("app_pages/map.py", "nav_map", ":material/map:", "map"),
        ("app_pages/profile.py", "nav_profile", ":material/badge:", "profile"),
        ("app_pages/present.py", "nav_present", ":material/slideshow:", "present"),
    ],
    "nav_section_data": [
        ("app_pages/tables.py", "nav_tables", ":material/table:", "tables"),
        ("app_pages/upload.py", "nav_upload", ":material/upload_file:", "upload"),
        ("app_pages/history.py", "nav_history", ":material/history:", "history"),
        ("app_pages/submissions.py", "nav_submissions", ":material/event_available:", "submissions"),
    ],
}

ROOT = Path(__file__).resolve().parent
navigation = st.navigation({
    t(section): [st.Page(path, title=t(title), icon=icon, url_path=url, default=url == "overview")
                 for path, title, icon, url in pages if (ROOT / path).exists()]  # a test checks all exist
    for section, pages in PAGES.items()
})

# Pages whose charts need a large front-end chunk: load it while their script runs (see charts.preload).
CHUNKS = {"": "PlotlyChart", "coverage": "PlotlyChart", "volunteer": "PlotlyChart",
          "five-star": "PlotlyChart", "profile": "PlotlyChart", "present": "PlotlyChart", "map": "DeckGlJsonChart"}
if navigation.url_path in CHUNKS:  # "": the default page (overview)
    charts.preload(CHUNKS[navigation.url_path])

with st.sidebar:
    choice = st.radio(t("language"), ["中文", "English"], index=1 if lang() == "en" else 0,
                      horizontal=True, key="ui_lang")
    wanted = "en" if choice == "English" else "zh"
    if wanted != lang():
        # Select boxes keep showing labels of the old language after a rerun (the browser caches a
        # widget's formatted options by key), so reload the page in the new language; every
        # filter is in the URL, so the view stays the same. Inline script, nothing from outside.
        st.query_params["lang"] = wanted
        st.html(RELOAD_WITH_LANG.replace("LANG", wanted), unsafe_allow_javascript=True)
        st.stop()
if filters.render_sidebar() is None:
    st.info(t("no_data"))
    st.stop()
st.sidebar.caption(t("copy_link"))
navigation.run()
