"""The one place the dashboard caches (issue #12): every cached function goes through this module.

``model`` caches a pure data function's result (``st.cache_data``: each caller gets a copy), keyed
on its arguments — the first is the data version (``govdash.db.version()``: snapshot and scope), so
a new load or another user's scope never reads a stale or foreign entry. ``resource`` caches a shared
object (``st.cache_resource``: the same object for every session), such as a connection.
``newest_per_scope`` caches a shared object of the data version (the area index and tree), one per
scope, the newest snapshot's: other scopes' entries do not push it out. All are bounded (``max_entries``) and silent (no spinner). Outside a Streamlit server (the report
CLI, the benchmark, tests) Streamlit caches in memory the same way; the report CLI only quiets its
warnings (``govdash.report.__main__``). ``clear()`` empties every cache (tests).
"""

from __future__ import annotations

import functools
import threading
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


class _Slot:
    """The newest value of one scope: the version it was built for, and a lock so that viewers of
    the same scope arriving together build it once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.version: str | None = None
        self.value: Any = None


def newest_per_scope(max_scopes: int = 64) -> Callable[[F], F]:
    """Cache a shared object of the data version (the first argument, ``snapshot@scope`` as
    ``govdash.db.version`` makes it), keeping one per scope: the newest snapshot's. An area index
    or tree of the whole country takes ~1 s to build; with a plain ``max_entries`` bound, users of
    other scopes (each street's staff) would push it out, and a generous bound would keep old
    snapshots' copies after every load. Here a scope's entry is replaced when a new snapshot is
    read, and at most ``max_scopes`` scopes are kept (their slots live in ``st.cache_resource``,
    so ``clear()`` empties them too)."""

    def wrap(fn: F) -> F:
        def slot(scope: str, *args: Any) -> _Slot:
            return _Slot()

        # Streamlit keys a cache on the function's module, name and source: one per wrapped function
        slot.__qualname__ = f"{fn.__qualname__}.<slot>"
        slot_of = st.cache_resource(show_spinner=False, max_entries=max_scopes)(slot)

        @functools.wraps(fn)
        def cached(version: str, *args: Any) -> Any:
            held = slot_of(version.rpartition("@")[2], *args)
            with held.lock:
                if held.version != version:
                    held.value, held.version = fn(version, *args), version
                return held.value

        return cached  # type: ignore[return-value]

    return wrap


def clear_models() -> None:
    """Empty every ``model`` cache, keeping resources such as connections (the benchmark's cold runs)."""
    st.cache_data.clear()


def clear() -> None:
    """Empty every data and resource cache (tests; a load changes the data version instead)."""
    st.cache_data.clear()
    st.cache_resource.clear()
