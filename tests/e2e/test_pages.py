"""Every page of ``govdash.pages.PAGES`` in real headless Chromium on the demo warehouse.

Each page loads with no error element and no empty chart, in Chinese and in English, for the default
view and for one community of a district outside the five-star program; nothing is requested from
another host; a link with filters opens the filtered view and a filter changed in the sidebar goes
back into the URL. Screenshots of every page land in ``$ARTIFACTS_DIR/screenshots``.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from etl.warehouse import Warehouse
from govdash.formatting import fmt_month
from govdash.i18n import TEXT
from tests.e2e import driver
from tests.helpers import read_rows

pytestmark = pytest.mark.e2e

PAGES = driver.dashboard_pages()
DEFAULT_URL = driver.default_url_path()
ROUND_TRIP_PAGE = "coverage"
OUTSIDE_FIVE_STAR = "370602"  # 芝罘区: no five-star rows
CJK = re.compile(r"[\u3400-\u9fff]")


def _address(spec: driver.PageSpec, query: str = "") -> str:
    if not spec.exists:
        pytest.skip(f"{spec.path} is not there yet")
    return driver.page_address(spec, DEFAULT_URL) + (f"?{query}" if query else "")


@pytest.fixture(scope="module")
def areas(demo_warehouse: Warehouse) -> list[tuple[str, str, str, str]]:
    """(area_code, area_name, level, parent_code) of every area, by code."""
    return read_rows(demo_warehouse, "SELECT area_code, area_name, level, parent_code FROM areas ORDER BY 1")


def _children(areas, parent: str) -> list[tuple[str, str]]:
    return [(code, name) for code, name, _, up in areas if up == parent]


def _assert_clean(app, what: str) -> None:
    """No error element, no empty chart, no request to another host."""
    assert not app.errors(), f"{what}: error elements {app.errors()}"
    empty = [c for c in driver.charts(app.page) if c["points"] == 0 or c["drawn"] == 0]
    assert not empty, f"{what}: empty charts {empty}"
    assert not driver.blank_maps(app.page), f"{what}: a map canvas is blank"
    assert not app.external(), f"{what}: requests to other hosts {app.external()}"


def _without_area_names(text: str, areas) -> str:
    """Area names stay Chinese in English; drop them before looking for Chinese text."""
    for name in sorted({a[1] for a in areas}, key=len, reverse=True):
        text = text.replace(name, "")
    return text


def _assert_english(app, areas, what: str) -> None:
    title = _without_area_names(app.title(), areas)
    assert re.search(r"[A-Za-z]{2,}", title) and not CJK.search(title), f"{what}: title {app.title()!r}"
    labels = app.page.get_by_test_id("stSidebar").get_by_test_id("stWidgetLabel").all_inner_texts()
    assert labels and not [x for x in labels if CJK.search(x)], f"{what}: sidebar labels {labels}"
    shown = [
        (box.get_attribute("aria-label"), box.input_value()) for box in app.page.get_by_role("combobox").all()
    ]
    chinese = [(label, value) for label, value in shown if CJK.search(_without_area_names(value, areas))]
    assert not chinese, f"{what}: selectboxes still show Chinese values {chinese}"


@pytest.mark.parametrize("spec", PAGES, ids=[p.url_path for p in PAGES])
def test_page_renders_in_chinese_then_english(app, spec, areas):
    """Default view in Chinese, then the sidebar's language switch (one load: the map's WebGL is slow)."""
    app.open(_address(spec))
    app.screenshot(f"zh_{spec.url_path}")
    _assert_clean(app, spec.path)
    assert CJK.search(app.title()), f"{spec.path}: page title {app.title()!r} is not Chinese"

    # the switch sets ?lang=en (a same-document URL change) and then reloads the page: wait for the reload
    with app.page.expect_event("load"):
        app.page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
    driver.wait_ready(app.page)
    app.screenshot(f"en_{spec.url_path}")
    assert "lang=en" in app.page.url
    _assert_clean(app, f"{spec.path} in English")
    _assert_english(app, areas, f"{spec.path} in English")


@pytest.mark.parametrize("spec", PAGES, ids=[p.url_path for p in PAGES])
def test_page_renders_one_community_outside_the_five_star_program(app, spec, areas):
    street, _ = _children(areas, OUTSIDE_FIVE_STAR)[0]
    community, _ = _children(areas, street)[0]
    app.open(_address(spec, f"district={OUTSIDE_FIVE_STAR}&street={street}&community={community}"))
    app.screenshot(f"zh_{spec.url_path}_{community}")
    _assert_clean(app, f"{spec.path} for community {community}")
    assert f"community={community}" in app.page.url


def test_english_link_opens_in_english(app, areas):
    """A shared ``?lang=en`` link: the default page and its filters in English."""
    app.open("?lang=en&district=410305")
    _assert_clean(app, "the default page in English")
    _assert_english(app, areas, "the default page in English")
    radio = app.page.get_by_test_id("stSidebar").get_by_role("radio", name="English")
    assert radio.is_checked()


def _sidebar_state(app) -> dict[str, str]:
    sidebar = app.page.get_by_test_id("stSidebar")
    state = {
        key: sidebar.get_by_role("combobox", name=TEXT[key][0], exact=True).input_value()
        for key in ("filter_district", "filter_street", "filter_community")
    }
    state["filter_month"] = sidebar.get_by_test_id("stSliderThumbValue").inner_text().strip()
    return state


def test_url_state_round_trips(app, areas):
    spec = next(p for p in PAGES if p.url_path == ROUND_TRIP_PAGE)
    (street, street_name), (other, other_name) = _children(areas, "410305")[:2]  # 涧西区
    app.open(_address(spec, f"district=410305&street={street}&month=2023-06"))
    _assert_clean(app, f"{spec.path} opened from a link")
    assert _sidebar_state(app) == {
        "filter_district": "涧西区",
        "filter_street": street_name,
        "filter_community": TEXT["all"][0],
        "filter_month": fmt_month(date(2023, 6, 1), "zh"),
    }
    assert street_name in app.main_text(), "the page does not show the street of the link"

    app.rerun_after(lambda: driver.select_in_sidebar(app.page, TEXT["filter_street"][0], other_name))
    app.screenshot(f"zh_{spec.url_path}_street_{other}")
    _assert_clean(app, f"{spec.path} after choosing {other_name}")
    for param in ("district=410305", f"street={other}", "month=2023-06"):
        assert param in app.page.url
    assert other_name in app.main_text()

    shared = app.page.url  # a colleague opens the copied link
    app.page.goto("about:blank")
    app.page.goto(shared)
    driver.wait_ready(app.page)
    assert _sidebar_state(app)["filter_street"] == other_name


def test_a_click_on_a_street_bar_opens_that_street(app, areas):
    """The overview's comparison chart (ECharts, drawn on a canvas): a click on the top bar selects
    the street it stands for in the sidebar and the URL, as the sidebar would."""
    app.open("?district=410305&month=2024-12")  # 涧西区: 11 streets, one bar each
    chart = app.page.get_by_test_id("stEChartsChart").first
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert box
    top_bar = (box["width"] * 0.3, 100)  # below the title and legend, in the topmost band of bars
    app.rerun_after(lambda: chart.click(position={"x": top_bar[0], "y": top_bar[1]}))
    driver.wait_ready(app.page)
    streets = dict(_children(areas, "410305"))
    chosen = _sidebar_state(app)["filter_street"]
    assert chosen in streets.values(), chosen
    code = next(c for c, n in streets.items() if n == chosen)
    assert f"street={code}" in app.page.url
    assert chosen in app.main_text()
    _assert_clean(app, "the overview after a click on a bar")


def _nav(app, key: str) -> None:
    """Go to another page by its link in the navigation, as a user does (the URL then holds only
    the filters: Streamlit drops a page's own parameters on a page switch)."""
    link = app.page.get_by_test_id("stSidebarNav").get_by_role("link", name=TEXT[key][0], exact=True)
    app.rerun_after(link.click)


def _open_tab(app) -> str:
    return app.page.get_by_test_id("stMain").get_by_role("tab", selected=True).inner_text().strip()


def test_a_page_opens_again_as_it_was_left(app):
    """Back on a page from the navigation: its open section and its own choices are the ones left,
    not the defaults; a link opened afresh still opens the default."""
    app.open("coverage?district=410305&month=2024-12")
    branch = TEXT["cov_tab_section_branch"][0]
    app.rerun_after(lambda: app.page.get_by_role("tab", name=branch).click())
    assert "section=branch" in app.page.url
    _nav(app, "nav_volunteer")
    months_24 = TEXT["vol_window_option"][0].format(n=24)
    app.rerun_after(lambda: app.page.get_by_role("radio", name=months_24).click())
    forces = TEXT["vol_tab_section_forces"][0]
    app.rerun_after(lambda: app.page.get_by_role("tab", name=forces).click())
    _nav(app, "nav_coverage")
    assert _open_tab(app) == branch and "section=branch" in app.page.url
    _nav(app, "nav_volunteer")
    assert _open_tab(app) == forces
    assert "window=24" in app.page.url and "section=forces" in app.page.url
    _assert_clean(app, "the volunteer page opened again")
    app.page.goto("about:blank")
    app.page.goto(f"{app.server.url}/coverage?district=410305")  # a new session: the default
    driver.wait_ready(app.page)
    assert _open_tab(app) == TEXT["cov_tab_section_standards"][0]
