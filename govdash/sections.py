"""A page's sections as lazy tabs: only the open section is computed and drawn.

A filter change or a tab switch then waits for one section's charts, tables and cards instead of
the whole page's (``docs/benchmarks.md`` §3f, §3g: the browser's work grows with the elements a view
draws). The open section is kept in the URL (``?section=<id>``), so a copied link, a drill-down
and a change of language or level open the same section.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

from govdash.url_state import set_url_choice, url_choice

PARAM = "section"  # the URL parameter
KEY = "section"  # the tabs' widget key (one set of sections per page): tests click a tab through it


def show(sections: Mapping[str, tuple[str, Callable[[], None]]], *, default: str | None = None) -> str:
    """Draw the tabs of ``sections`` (id -> (label, draw), in order) and, inside the open one, call
    its ``draw``; return its id. ``default`` (else the first) opens when the URL names none. The id,
    not the label, goes to the URL: labels change with the language (and the level, e.g.
    各街道(镇)对比 / 各社区(村)对比)."""
    ids = list(sections)
    labels = [label for label, _ in sections.values()]
    chosen = url_choice(PARAM, ids, default if default in sections else ids[0])
    tabs = st.tabs(labels, default=labels[ids.index(chosen)], key=KEY, on_change="rerun")
    opened = next((sid for sid, tab in zip(ids, tabs, strict=True) if tab.open), chosen)
    set_url_choice(PARAM, opened)
    with tabs[ids.index(opened)]:
        sections[opened][1]()
    return opened
