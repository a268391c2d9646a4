"""Every page the sidebar reaches, with every community type it offers, on a street that has only a
few of them: a type that leaves no community (or no assessed one) must be said, never crash a page.
The five-star page did (``Snapshots`` of no rows) until this scan was added."""

from __future__ import annotations

import pytest

from govdash.pages import PAGES
from tests.helpers import app_on

pytestmark = pytest.mark.usefixtures("caches_cleared_once")

# 开元路街道 of 洛龙区: old and commercial communities only; the sidebar offers the district's six types
STREET = {"district": "410311", "street": "410311002", "month": "2024-12"}
TYPES = ("old", "commercial", "work_unit", "mixed", "village_to_urban", "village")
VIEW_PAGES = [entry[0] for entries in PAGES.values() for entry in entries if entry[4] == "view"]


@pytest.mark.parametrize("community_type", TYPES)
def test_every_page_renders_a_street_with_every_community_type(demo_warehouse, monkeypatch, community_type):
    crashed = []
    for page in VIEW_PAGES:
        at = app_on(demo_warehouse.root, monkeypatch, **STREET, type=community_type).run()
        at.switch_page(page).run()
        assert at.query_params["type"] == community_type  # the filter held (not reset to 全部)
        if at.exception:
            crashed.append(page)
    assert crashed == []
