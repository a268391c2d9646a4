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
TYPES = (  # the registry's order, which the picker keeps
    "old",
    "commercial",
    "work_unit",
    "mixed",
    "village_to_urban",
    "village",
)
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


def _counts(demo_warehouse, street: str) -> dict[str, int]:
    from collections import Counter

    from etl.scope import EVERYTHING, open_scoped

    with open_scoped(demo_warehouse.current_path(), EVERYTHING) as con:
        rows = con.execute(
            "SELECT community_type FROM areas WHERE parent_code = ? AND level = 'community' "
            "AND abolished_date IS NULL",
            [street],
        ).fetchall()
    return dict(Counter(r[0] for r in rows))


@pytest.mark.parametrize(("lang", "form"), [("zh", "{type}（{n}个）"), ("en", "{type} ({n})")])
def test_the_type_picker_shows_how_many_communities_of_each_type_the_area_has(
    demo_warehouse, monkeypatch, lang, form
):
    from govdash.metric_labels import kind_label, sentence_start

    present = _counts(demo_warehouse, STREET["street"])
    assert 0 < len(present) < len(TYPES)  # some types here, some not: both kinds of label are seen
    at = app_on(demo_warehouse.root, monkeypatch, **STREET, lang=lang).run()
    picker = at.selectbox(key="f_type")
    assert picker.options[1:] == [
        form.format(type=sentence_start(kind_label(k, lang)), n=present.get(k, 0)) for k in TYPES
    ]


def test_a_street_change_reads_no_new_type_counts(demo_warehouse, monkeypatch):
    """The district's view reads the type counts of the district and all its streets in one engine
    call: picking a street then asks the engine nothing for the picker, and shows that street's."""
    from govdash import queries
    from govdash.filters import TYPE_COUNT
    from govdash.metric_labels import kind_label, sentence_start

    at = app_on(demo_warehouse.root, monkeypatch, district="410311", month="2024-12").run()
    asked = []
    engine = queries.compute
    monkeypatch.setattr(queries, "compute", lambda *a, **k: asked.append(a[1]) or engine(*a, **k))
    for street in ("410311005", "410311011"):  # streets no other test of this module opened
        at.selectbox(key="f_street_410311").set_value(street).run()
        present = _counts(demo_warehouse, street)
        assert at.selectbox(key="f_type").options[1:] == [
            f"{sentence_start(kind_label(k, 'zh'))}（{present.get(k, 0)}个）" for k in TYPES
        ]
    assert asked and (TYPE_COUNT,) not in [tuple(m or ()) for m in asked]  # the pages did ask


def _page_text(at) -> str:
    parts = [
        e.value for kind in ("title", "caption", "markdown", "info", "warning") for e in getattr(at, kind)
    ]
    return "\n".join(str(p) for p in parts)


def test_every_page_says_whether_the_community_type_filter_applies(demo_warehouse, monkeypatch):
    # a leader who picked 行政村 must never read the whole area's numbers as the villages' own: each
    # page names the type it filtered to, or says that the filter does not apply to it
    from govdash.i18n import TEXT
    from govdash.metric_labels import kind_label

    said = (kind_label("village", "zh"), TEXT["type_not_applied"][0])
    silent, contradicted = [], []
    for page in VIEW_PAGES:
        if page.endswith("history.py"):  # load batches, which no area filter narrows either
            continue
        at = app_on(demo_warehouse.root, monkeypatch, district="410311", type="village").run()
        at.switch_page(page).run()
        text = _page_text(at)
        if not any(words in text for words in said):
            silent.append(page)
        captions = [str(e.value) for e in at.caption]
        if said[1] in text and any(said[0] in c for c in captions):  # "not applied" under "· 行政村"
            contradicted.append(page)
    assert silent == [], silent
    assert contradicted == [], contradicted
