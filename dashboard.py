"""Entry point: ``streamlit run dashboard.py``. Page frame: setup, language, filters, navigation."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from etl.migrations import SchemaError
from etl.warehouse import NoWarehouseError
from govdash import auth, charts, db, filters, url_state
from govdash.i18n import lang, t
from govdash.page_css import FRAME_CSS
from govdash.pages import DEFAULT_URL, PAGES

st.set_page_config(page_title=t("app_title"), page_icon="🏘️", layout="wide")

try:
    with st.spinner(t("booting")):
        db.boot(str(db.warehouse().root))
    db.unrestricted()  # a snapshot of an earlier (or later) release cannot be read as it is
except NoWarehouseError:
    st.error(t("auth_no_warehouse", path=str(db.warehouse().root)))
    st.stop()
except SchemaError as err:
    st.error(err.message(lang()))
    st.stop()

RELOAD_WITH_LANG = """<script>
const url = new URL(window.location.href);
url.searchParams.set("lang", "LANG");
window.location.replace(url.toString());
</script>"""

ROOT = Path(__file__).resolve().parent


def refused_page(url: str):
    """Stands in for a page the role may not use: hidden from the navigation, and a typed URL shows
    无权限 instead of the page (its script never runs)."""

    def page() -> None:
        st.error(t("auth_no_access_page"))

    page.__name__ = f"refused_{url.replace('-', '_')}"
    return page


def default_alias(home):
    """``/overview`` typed by hand: the default page lives at ``/`` (Streamlit keeps its name for no
    page and would show "Page not found"), so switch to it with the same filters."""

    def page() -> None:
        st.switch_page(home, query_params=st.query_params.to_dict())

    page.__name__ = "overview_alias"
    return page


def nav_pages(principal: auth.Principal, path: str, title: str, icon: str, url: str, needs: str) -> list:
    if not principal.may(needs):
        return [st.Page(refused_page(url), title=t(title), icon=icon, url_path=url, visibility="hidden")]
    if url != DEFAULT_URL:
        return [st.Page(path, title=t(title), icon=icon, url_path=url)]
    home = st.Page(path, title=t(title), icon=icon, url_path=f"{url}-home", default=True)
    return [home, st.Page(default_alias(home), title=t(title), url_path=url, visibility="hidden")]


# Pages whose charts need a large front-end chunk: load it while their script runs (see charts.preload).
CHUNKS = {
    "": "EChartsChart",
    "coverage": "EChartsChart",
    "volunteer": "EChartsChart",
    "five-star": "EChartsChart",
    "profile": "EChartsChart",
    "present": "EChartsChart",
    "map": "DeckGlJsonChart",
}


def frame() -> None:
    """One script run: identity, navigation, language, filters, then the page."""
    principal = auth.resolve()  # stops here (login or refusal screen) when nobody may continue
    navigation = st.navigation(
        {  # the navigation lists only the pages this role may use
            t(section): [
                page for entry in pages if (ROOT / entry[0]).exists() for page in nav_pages(principal, *entry)
            ]  # a test checks all exist
            for section, pages in PAGES.items()
        },
        expanded=True,  # every page listed: collapsed, Streamlit adds an English "View N more" button
    )

    url_state.set_page(navigation.url_path)  # a page's own choices are remembered per page

    # printing and phones; st.html: style-only HTML goes to the event container and needs no markdown
    # HTML parser in the browser (an unsafe st.markdown loads a 190 KB chunk on every page for it)
    st.html(FRAME_CSS)
    if navigation.url_path in CHUNKS:  # "": the default page (overview)
        charts.preload(CHUNKS[navigation.url_path])

    with st.sidebar:
        choice = st.radio(
            t("language"),
            ["中文", "English"],
            index=1 if lang() == "en" else 0,
            horizontal=True,
            key="ui_lang",
        )
        wanted = "en" if choice == "English" else "zh"
        if wanted != lang():
            # Select boxes keep showing labels of the old language after a rerun (the browser caches a
            # widget's formatted options by key), so reload the page in the new language; every
            # filter is in the URL, so the view stays the same. Inline script, nothing from outside.
            st.query_params["lang"] = wanted
            st.html(RELOAD_WITH_LANG.replace("LANG", wanted), unsafe_allow_javascript=True)
            st.stop()
    auth.render_banner(principal)
    chosen = filters.render_sidebar()
    if chosen is None:
        st.info(t("no_data"))
        st.stop()
    st.sidebar.caption(t("copy_link"))
    if navigation.url_path != DEFAULT_URL:  # the alias switches to the default page, which records the view
        auth.record_view(navigation.url_path or DEFAULT_URL, chosen.area_code, f"{chosen.month:%Y-%m}")
    navigation.run()


# Every read of the run sees one snapshot: a load committing meanwhile shows from the next run on.
with db.one_snapshot():
    frame()
