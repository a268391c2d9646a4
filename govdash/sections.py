"""A page's sections as lazy tabs: only the open section is computed and drawn.

A filter change or a tab switch then waits for one section's charts, tables and cards instead of
the whole page's (``docs/benchmarks.md`` §3f: the browser's work grows with the elements a view
draws). The open section is kept in the URL (``?section=<id>``), so a copied link, a drill-down
and a change of language or level open the same section.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from govdash.url_state import set_url_choice, url_choice

PARAM = "section"


def open_section(
    sections: Mapping[str, str], *, key: str, default: str | None = None
) -> tuple[str, DeltaGenerator]:
    """Draw the tabs of ``sections`` (id -> label, in order) and return the open one's id and
    container; ``default`` (else the first) opens when the URL names none. The id, not the label,
    goes to the URL: labels change with the language (and the level, e.g. 各街道(镇)对比 /
    各社区(村)对比)."""
    ids = list(sections)
    chosen = url_choice(PARAM, ids, default if default in sections else ids[0])
    tabs = st.tabs(list(sections.values()), default=sections[chosen], key=key, on_change="rerun")
    opened = next((sid for sid, tab in zip(ids, tabs, strict=True) if tab.open), chosen)
    set_url_choice(PARAM, opened)
    return opened, tabs[ids.index(opened)]
