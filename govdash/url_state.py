"""A page's own choices kept in the URL (``st.query_params``), validated, so a copied link opens them:
the open section of a page in sections, the coverage page's facility kind, the volunteer window,
the overview's compared metric and basis, the map's layers, the profile's trend, the tables' dataset,
search and period, the submissions' dataset, the all-metrics search and section.

A page switch from the navigation drops these parameters (the URL then holds the filters only), so
each choice is also remembered per page for the session: going back to a page opens it as it was
left, while a link opened in a new session opens what the link names, else the default.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import overload

import streamlit as st

PAGE_KEY = "govdash_page"  # the page this run draws (set by the frame before the page runs)
MEMORY_KEY = "govdash_page_choices"  # (page, param) -> the choice last made on that page


def set_page(url_path: str) -> None:
    """The frame names the page this run draws, so choices are remembered per page."""
    st.session_state[PAGE_KEY] = url_path


def _memory() -> dict[tuple[str, str], str | None]:
    return st.session_state.setdefault(MEMORY_KEY, {})


def _key(param: str) -> tuple[str, str]:
    return st.session_state.get(PAGE_KEY, ""), param


@overload
def url_choice(param: str, options: Sequence[str], default: str) -> str: ...
@overload
def url_choice(param: str, options: Sequence[str], default: None) -> str | None: ...
def url_choice(param: str, options: Sequence[str], default: str | None) -> str | None:
    """The page's own choice: ``st.query_params[param]``, else the one last made on this page in the
    session, else ``default`` (None: nothing chosen); each validated against ``options``."""
    wanted = st.query_params.get(param)
    if wanted in options:
        return wanted
    remembered = _memory().get(_key(param))
    return remembered if remembered in options else default


def set_url_choice(param: str, value: str | None) -> None:
    """Keep the choice in the URL (None: take the parameter out) and remember it for this page."""
    _memory()[_key(param)] = value
    if value is None:
        if param in st.query_params:
            del st.query_params[param]
    elif st.query_params.get(param) != value:
        st.query_params[param] = value


def url_text(param: str) -> str:
    """The page's own free text (a search): ``st.query_params[param]``, else the text last entered on
    this page in the session, else empty. Shown as typed; it never reaches SQL or a file name."""
    wanted = st.query_params.get(param)
    return wanted if wanted is not None else (_memory().get(_key(param)) or "")


def set_url_text(param: str, value: str) -> None:
    """Keep the text in the URL (empty: take the parameter out) and remember it for this page."""
    set_url_choice(param, value or None)


def text_box(param: str, key: str, **kwargs: object) -> str:
    """A text input (``st.text_input``'s ``kwargs``) kept in the URL under ``param`` and remembered
    for the page; returns the text without surrounding spaces."""
    value = st.text_input(value=url_text(param), key=key, **kwargs).strip()  # type: ignore[arg-type]
    set_url_text(param, value)
    return value
