"""A cell with no value reads "—" in every data grid of every page (Streamlit writes "None", an
English word in the Chinese UI: the profile's facility list showed it for a centre not yet opened).
One mechanism: ``table_style.data_grid``; this scan keeps every grid going through it."""

from __future__ import annotations

import re

import pytest

from govdash.formatting import MISSING
from govdash.pages import PAGES
from tests.helpers import REPO_ROOT, app_on

pytestmark = pytest.mark.usefixtures("caches_cleared_once")

# a community of 开元路街道 (洛龙区): the profile and the tables pages list its facilities
VIEW = {"district": "410311", "street": "410311002", "community": "410311002001", "month": "2024-12"}
PAGE_SCRIPTS = [entry[0] for entries in PAGES.values() for entry in entries]


def test_every_grid_of_every_page_shows_a_missing_value_as_a_dash(demo_warehouse, monkeypatch):
    grids, wrong = 0, []
    for page in PAGE_SCRIPTS:
        at = app_on(demo_warehouse.root, monkeypatch, **VIEW).run()
        at.switch_page(page).run()
        assert not at.exception, page
        for grid in at.dataframe:
            grids += 1
            if grid.proto.placeholder != MISSING:
                wrong.append(page)
    assert grids >= 10  # it saw the grids: the profile's lists, the tables, the five-star board…
    assert wrong == []


def test_no_page_draws_a_grid_around_the_one_rule():
    direct = re.compile(r"\.dataframe\(")
    sources = [*(REPO_ROOT / "app_pages").glob("*.py"), *(REPO_ROOT / "govdash").rglob("*.py")]
    found = [
        str(path.relative_to(REPO_ROOT))
        for path in sources
        if path.name != "table_style.py" and direct.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_a_missing_value_is_written_by_the_one_constant():
    """Every "—" the app writes for a value that is not there is ``formatting.MISSING`` (55 places
    wrote the dash by hand): one place says how missing looks. The PPTX's unnamed series is a name."""
    import io
    import tokenize

    sources = [*(REPO_ROOT / "app_pages").glob("*.py"), *(REPO_ROOT / "govdash").rglob("*.py")]
    allowed = {"govdash/formatting.py", "govdash/report/pptx_charts.py"}
    found = []
    for path in sources:
        name = str(path.relative_to(REPO_ROOT))
        tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
        found += [
            f"{name}:{tok.start[0]}" for tok in tokens if tok.type == tokenize.STRING and tok.string == '"—"'
        ]
    assert [f for f in found if f.split(":")[0] not in allowed] == []
