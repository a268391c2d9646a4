"""A page's own choices kept in the URL (``st.query_params``), validated, so a copied link opens them:
the coverage page's facility kind, the volunteer window and ranking metric, the overview's basis,
the five-star star card, the open section of a page in sections.

A page switch from the navigation drops these parameters (the URL then holds the filters only), so
each choice is also remembered per page for the session: going back to a page opens it as it was
left, while a link opened in a new session opens what the link names, else the default.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

PAGE_KEY = "govdash_page"  # the page this run draws (set by the frame before the page runs)
MEMORY_KEY = "govdash_page_choices"  # (page, param) -> the choice last made on that page


def set_page(url_path: str) -> None:
    """The frame names the page this run draws, so choices are remembered per page."""
    st.session_state[PAGE_KEY] = url_path


def _memory() -> dict[tuple[str, str], str]:
    return st.session_state.setdefault(MEMORY_KEY, {})


def url_choice(param: str, options: Sequence[str], default: str) -> str:
    """The page's own choice: ``st.query_params[param]``, else the one last made on this page in the
    session, else ``default``; each validated against ``options``."""
    wanted = st.query_params.get(param)
    if wanted in options:
        return wanted
    remembered = _memory().get((st.session_state.get(PAGE_KEY, ""), param))
    return remembered if remembered in options else default


def set_url_choice(param: str, value: str) -> None:
    _memory()[(st.session_state.get(PAGE_KEY, ""), param)] = value
    if st.query_params.get(param) != value:
        st.query_params[param] = value
