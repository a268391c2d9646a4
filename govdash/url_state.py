"""A page's own choices kept in the URL (``st.query_params``), validated, so a copied link opens them:
the coverage page's facility kind, the volunteer window and ranking metric, the overview's basis,
the five-star star card, the open section of a page in sections."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st


def url_choice(param: str, options: Sequence[str], default: str) -> str:
    """The page's own choice in ``st.query_params[param]``, validated against ``options``."""
    wanted = st.query_params.get(param)
    return wanted if wanted in options else default


def set_url_choice(param: str, value: str) -> None:
    if st.query_params.get(param) != value:
        st.query_params[param] = value
