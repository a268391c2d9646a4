"""Entry point: ``streamlit run dashboard.py``. Page frame, navigation and first-start setup."""

from __future__ import annotations

import streamlit as st

from govdash import db
from govdash.i18n import lang, t

st.set_page_config(page_title=t("app_title"), page_icon="🏘️", layout="wide")

with st.spinner(t("booting")):
    db.boot(str(db.warehouse().root))

with st.sidebar:
    choice = st.radio(t("language"), ["中文", "English"], index=1 if lang() == "en" else 0,
                      horizontal=True, key="ui_lang")
    wanted = "en" if choice == "English" else "zh"
    if wanted != lang():
        st.query_params["lang"] = wanted
        st.rerun()

pages = [st.Page("app_pages/home.py", title=t("home"), icon="🏠", url_path="home", default=True)]
st.navigation(pages).run()
