"""The one place the dashboard caches (issue #12): every cached function goes through this module.

``model`` caches a pure data function's result (``st.cache_data``: each caller gets a copy), keyed
on its arguments — the first is the data version (``govdash.db.version()``: snapshot and scope), so
a new load or another user's scope never reads a stale or foreign entry. ``resource`` caches a shared
object (``st.cache_resource``: the same object for every session), such as a connection or an index.
Both are bounded (``max_entries``) and silent (no spinner). Outside a Streamlit server (the report
CLI, the benchmark, tests) Streamlit caches in memory the same way; the report CLI only quiets its
warnings (``govdash.report.__main__``). ``clear()`` empties every cache (tests).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

F = TypeVar("F", bound=Callable[..., Any])


def model(max_entries: int = 32) -> Callable[[F], F]:
    """Cache a pure data function's result per argument tuple, at most ``max_entries`` of them."""

    def wrap(fn: F) -> F:
        return st.cache_data(show_spinner=False, max_entries=max_entries)(fn)  # type: ignore[return-value]

    return wrap


def resource(max_entries: int = 2) -> Callable[[F], F]:
    """Cache a shared object (the same one for every session), at most ``max_entries`` of them."""

    def wrap(fn: F) -> F:
        return st.cache_resource(show_spinner=False, max_entries=max_entries)(fn)  # type: ignore[return-value]

    return wrap


def clear_models() -> None:
    """Empty every ``model`` cache, keeping resources such as connections (the benchmark's cold runs)."""
    st.cache_data.clear()


def clear() -> None:
    """Empty every data and resource cache (tests; a load changes the data version instead)."""
    st.cache_data.clear()
    st.cache_resource.clear()
