"""Page data stays pure and caching stays in one place (issue #12 item 3), checked on the source.

The data modules (``govdash/*_data.py`` and the other page-data modules listed below) and the ETL
(``etl/``) must not import Streamlit: the report CLI, the benchmark and tests call them without a
server, and a page's view reads widgets and session state and passes the values in. Every cache goes
through ``govdash/cache.py`` (bounded, keyed on the data version): no other module may call
``st.cache_data`` / ``st.cache_resource``.

Every data page registered in ``govdash.pages.PAGES`` has a ``model`` function in its data module
(``app_pages/X.py`` → ``govdash/X_data.py``), calls a model, and reads nothing itself: no
``queries.`` use, no ``connection(``, no ``.execute(`` (the model reads through the scoped
``govdash.db.connection``). ``NO_MODEL`` lists the pages without a data model of their own and why.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from govdash.pages import PAGES

ROOT = Path(__file__).resolve().parent.parent
# Page-data modules that are not named *_data.py but are pure too.
OTHER_PURE = (
    "attention.py",
    "five_star_levels.py",
    "five_star_targets.py",
    "queries.py",
    "ranking.py",
    "status.py",
)
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


# --- pages: one model each, no reads of their own ---------------------------------------------------

# Registered pages that have no data model of their own (decided for issue #12 item 3).
NO_MODEL = {
    "app_pages/upload.py": "writes a batch: it checks and loads a file (govdash/upload.py), shows no figures",
    "app_pages/audit.py": "admin page over the access store and audit log (govdash/audit_data.py)",
    "app_pages/submissions.py": "reporting status of one dataset and month (history_data.submissions)",
    "app_pages/present.py": "its model is the report: govdash.report.build_report (PPTX/PDF read it too)",
}
# Data pages that still read something themselves: the data module is another engineer's (issue #12
# item 3 left it to them). The test below fails once a page stops reading: then remove it here.
PENDING: dict[str, str] = {}


def registered_pages() -> list[str]:
    """The scripts of the page registry (``govdash.pages.PAGES``)."""
    return [entry[0] for entries in PAGES.values() for entry in entries]


def direct_reads(source: str) -> list[int]:
    """Lines where a page reads by itself: ``queries.<anything>``, importing ``govdash.queries``,
    calling ``connection(...)`` (``db.connection()`` or imported) or ``.execute(...)``."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        queries_use = isinstance(node, ast.Attribute) and getattr(node.value, "id", None) == "queries"
        queries_import = isinstance(node, ast.ImportFrom) and (node.module or "").endswith("queries")
        call = ""
        if isinstance(node, ast.Call):
            func = node.func
            call = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if queries_use or queries_import or call in ("connection", "execute"):
            lines.append(node.lineno)
    return sorted(set(lines))


def calls_model(source: str) -> bool:
    """Whether the source calls ``<module>.model(...)``."""
    return any(
        isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "model"
        for node in ast.walk(ast.parse(source))
    )


def defines_model(source: str) -> bool:
    return any(isinstance(node, ast.FunctionDef) and node.name == "model" for node in ast.parse(source).body)


def data_pages() -> list[str]:
    return [page for page in registered_pages() if page not in NO_MODEL]


def test_the_page_scanners_find_what_they_look_for() -> None:
    """The page checks below can fail: each scanner finds the forbidden (or wanted) form in a sample."""
    assert direct_reads("from govdash import queries\nareas = queries.area_index(v)\n") == [2]
    assert direct_reads("from govdash.queries import area_index\n") == [1]
    assert direct_reads("with db.connection().cursor() as cur:\n    cur.execute('SELECT 1')\n") == [1, 2]
    assert direct_reads("from govdash.db import connection\nrows = connection().sql('x')\n") == [2]
    assert direct_reads("m = data.model(version, f)\nst.dataframe(m.rows)\n") == []
    assert calls_model("m = fsd.model(v, d)\n") and not calls_model("m = fsd.five_star_frame(v, d)\n")
    assert defines_model("def model(v):\n    return v\n") and not defines_model("def other(v):\n    pass\n")


def test_every_registered_page_is_a_data_page_or_explained() -> None:
    pages = registered_pages()
    assert len(pages) >= 14 and all((ROOT / p).exists() for p in pages)
    assert set(NO_MODEL) <= set(pages), "NO_MODEL names a page that is not registered"
    assert set(PENDING) <= set(data_pages())


@pytest.mark.parametrize("page", data_pages())
def test_data_page_has_a_model_and_reads_nothing_itself(page: str) -> None:
    data_module = ROOT / "govdash" / (Path(page).stem + "_data.py")
    assert data_module.exists(), f"{page}: no data module {data_module.relative_to(ROOT)}"
    assert defines_model(data_module.read_text(encoding="utf-8")), (
        f"{data_module.relative_to(ROOT)} has no model(version, …) function: the page's one entry point"
    )
    source = (ROOT / page).read_text(encoding="utf-8")
    assert calls_model(source), f"{page} does not call its model"
    lines = direct_reads(source)
    if page in PENDING:
        assert lines, f"{page} no longer reads by itself: remove it from PENDING in tests/test_models.py"
        return
    assert not lines, (
        f"{page} reads the warehouse itself (line {', '.join(map(str, lines))}): move the read into "
        f"{data_module.relative_to(ROOT)}'s model (through govdash.db.connection) and render its result"
    )


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_imports(tree: ast.Module, name: str, known: set[str]) -> set[str]:
    """The ``known`` modules a module imports when it runs (anywhere in it, a function's body too; not
    under ``if TYPE_CHECKING``): ``from govdash import charts`` names ``govdash.charts`` (not the
    package), ``from govdash.charts import show`` names ``govdash.charts``. The packages holding
    ``name`` are left out (importing ``a.b`` runs ``a/__init__`` first, whatever ``a`` imports)."""
    skip = {
        id(node)
        for branch in ast.walk(tree)
        if isinstance(branch, ast.If) and "TYPE_CHECKING" in ast.unparse(branch.test)
        for part in branch.body
        for node in ast.walk(part)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in known}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules = {f"{node.module}.{a.name}" for a in node.names} & known
            found |= modules
            if len(modules) < len(node.names):  # a name of the module itself, not a submodule of it
                found |= {node.module} & known
    return found - {name, *_packages_of(name)}


PACKAGES = ("etl", "govdash", "app_pages", "deploy", "bench")
# what each package may import of the others: the warehouse and engine know nothing of the web app
LAYERS = {"etl": set(), "govdash": {"etl"}, "app_pages": {"etl", "govdash"}}


def _packages_of(name: str) -> set[str]:
    parts = name.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts))}


def _import_graph() -> dict[str, set[str]]:
    """Module -> the project's modules it imports when it runs, for every module of ``PACKAGES`` and
    ``dashboard.py``."""
    paths = [p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py")) if ".data" not in p.parts]
    names = {_module_name(p): p for p in [*paths, ROOT / "dashboard.py"]}
    return {
        name: _runtime_imports(ast.parse(path.read_text(encoding="utf-8")), name, set(names))
        for name, path in names.items()
    }


def test_no_import_cycle() -> None:
    """No module of the project imports, through others, a module that imports it (issue #12: the
    report's sections and its builder used to import each other, the map's data and areas too; in
    ``etl`` the readers and the dispatcher of files, and the demo, loading, scope and migrations)."""
    edges = _import_graph()
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    cycles: list[list[str]] = []

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for nxt in sorted(edges[name]):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[name] = 2

    for name in sorted(edges):
        if name not in state:
            visit(name, [name])
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_each_package_imports_only_the_layers_below_it() -> None:
    """``etl`` (warehouse, engine, CLI) imports nothing of the web app; ``govdash`` (models, views)
    nothing of the pages."""
    wrong = [
        f"{name} -> {target}"
        for name, targets in _import_graph().items()
        if (top := name.split(".")[0]) in LAYERS
        for target in sorted(targets)
        if (other := target.split(".")[0]) != top and other not in LAYERS[top]
    ]
    assert not wrong, "imports against the layers: " + "; ".join(wrong)
