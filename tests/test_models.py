"""Page data stays pure and caching stays in one place (issue #12 item 3), checked on the source.

The data modules (``govdash/*_data.py`` and the other page-data modules listed below) and the ETL
(``etl/``) must not import Streamlit: the report CLI, the benchmark and tests call them without a
server, and a page's view reads widgets and session state and passes the values in. Every cache goes
through ``govdash/cache.py`` (bounded, keyed on the data version): no other module may call
``st.cache_data`` / ``st.cache_resource``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Page-data modules that are not named *_data.py but are pure too.
OTHER_PURE = ("attention.py", "five_star_targets.py", "queries.py", "ranking.py", "status.py")
CACHE_MODULE = ROOT / "govdash" / "cache.py"
CACHE_CALLS = {"cache_data", "cache_resource"}


def _pure_modules() -> list[Path]:
    govdash = ROOT / "govdash"
    found = sorted(govdash.glob("*_data.py")) + [govdash / name for name in OTHER_PURE]
    found += sorted((ROOT / "etl").rglob("*.py"))
    return found


def _app_modules() -> list[Path]:
    found = [ROOT / "dashboard.py"]
    for folder in ("govdash", "app_pages", "etl", "bench"):
        found += sorted((ROOT / folder).rglob("*.py"))
    return [p for p in found if p.exists()]


def streamlit_imports(source: str) -> list[int]:
    """Lines that import Streamlit (``import streamlit``, ``import streamlit.x``, ``from streamlit…``)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        else:
            continue
        if any(name == "streamlit" or name.startswith("streamlit.") for name in names):
            lines.append(node.lineno)
    return lines


def cache_uses(source: str) -> list[int]:
    """Lines that use Streamlit's caches directly (``st.cache_data``, ``from streamlit import cache_resource``)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        direct = isinstance(node, ast.Attribute) and node.attr in CACHE_CALLS
        imported = (
            isinstance(node, ast.ImportFrom)
            and (node.module or "").startswith("streamlit")
            and any(alias.name in CACHE_CALLS for alias in node.names)
        )
        if direct or imported:
            lines.append(node.lineno)
    return lines


def test_the_scanners_find_what_they_look_for() -> None:
    """The checks below can fail: each scanner finds the forbidden form in a sample."""
    assert streamlit_imports("import os\nimport streamlit as st\n") == [2]
    assert streamlit_imports("from streamlit.runtime import exists\n") == [1]
    assert streamlit_imports("from govdash import streamlit_free\nimport pandas\n") == []
    sample = "import streamlit as st\n\n@st.cache_data(max_entries=3)\ndef f(v):\n    return v\n"
    assert cache_uses(sample) == [3]
    assert cache_uses("from streamlit import cache_resource\n") == [1]
    assert (
        cache_uses("from govdash import cache\n\n@cache.model(max_entries=3)\ndef f(v):\n    return v\n")
        == []
    )


@pytest.mark.parametrize("path", _pure_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_data_module_does_not_import_streamlit(path: Path) -> None:
    lines = streamlit_imports(path.read_text(encoding="utf-8"))
    assert not lines, (
        f"{path.relative_to(ROOT)} imports Streamlit (line {', '.join(map(str, lines))}): read widgets and "
        "session state in the page or its view and pass the values in; cache with govdash.cache"
    )


def test_only_govdash_cache_calls_streamlit_caches() -> None:
    offenders = {
        str(path.relative_to(ROOT)): lines
        for path in _app_modules()
        if path != CACHE_MODULE and (lines := cache_uses(path.read_text(encoding="utf-8")))
    }
    assert not offenders, (
        f"Streamlit caches used outside govdash/cache.py (file: lines): {offenders}; decorate with "
        "govdash.cache.model(max_entries=…) or govdash.cache.resource(max_entries=…) instead"
    )
    assert cache_uses(CACHE_MODULE.read_text(encoding="utf-8")), "govdash/cache.py no longer wraps st.cache_*"
