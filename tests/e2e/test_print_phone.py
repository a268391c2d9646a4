"""The page frame's CSS in the real browser: two KPI cards per row on a 390 px phone, so the first
chart comes within two screens; printed, a page has no sidebar or toolbar and its content is not
cut at the window's height."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import App

pytestmark = pytest.mark.e2e

OVERVIEW = "?district=410311&month=2024-12"

FIRST_CHART = """
() => {
  const main = document.querySelector('[data-testid=stMain]');
  const chart = document.querySelector('[data-testid=stEChartsChart]');
  const cards = Array.from(document.querySelectorAll('[data-testid=stMetric]')).map(m => m.getBoundingClientRect());
  return {top: chart.getBoundingClientRect().top + main.scrollTop, height: innerHeight,
          rows: new Set(cards.map(r => Math.round(r.top))).size, cards: cards.length,
          widest: Math.max(...cards.map(r => r.right))};
}
"""

PRINTED = """
() => {
  const side = document.querySelector('[data-testid=stSidebar]');
  const header = document.querySelector('[data-testid=stHeader]');
  const main = document.querySelector('[data-testid=stMain]');
  const shown = el => !!el && getComputedStyle(el).display !== 'none' && el.getBoundingClientRect().width > 0;
  return {sidebar: shown(side), header: shown(header), overflow: getComputedStyle(main).overflowY,
          clipped: main.scrollHeight > main.clientHeight + 40, tall: main.clientHeight > 2 * innerHeight,
          downloads: Array.from(document.querySelectorAll('.stDownloadButton')).filter(shown).length};
}
"""


def test_phone_shows_two_cards_per_row_and_the_first_chart_within_two_screens(app: App):
    app.page.set_viewport_size({"width": 390, "height": 844})
    app.open(OVERVIEW)
    found = app.page.evaluate(FIRST_CHART)
    assert found["cards"] >= 8
    assert found["rows"] == -(-found["cards"] // 2)  # two per row
    assert found["widest"] <= 390
    assert found["top"] < 2 * found["height"], found
    app.screenshot("phone_overview_390")
    assert not app.errors()


def test_a_printed_page_has_no_sidebar_and_is_not_cut(app: App):
    # a section of more than two screens (a page in sections prints the open one)
    app.open("volunteer?district=410311&month=2024-12&section=compare")
    app.page.emulate_media(media="print")
    try:
        found = app.page.evaluate(PRINTED)
        pdf = app.page.pdf(format="A4", landscape=True)
    finally:
        app.page.emulate_media(media="screen")
    assert not found["sidebar"] and not found["header"] and found["downloads"] == 0, found
    assert found["overflow"] == "visible" and not found["clipped"] and found["tall"], found
    assert (
        pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") >= 2
    )  # the page runs on, not cut at one screen


CUT_CARD_TEXT = """
() => Array.from(document.querySelectorAll(
    '[data-testid=stMetricLabel] [data-testid=stMarkdownContainer], [data-testid=stMetricDelta] '
    + '[data-testid=stMarkdownContainer], [data-testid=stMetricDeltaDescription], '
    + '[data-testid=stPageLink-NavLink] span, [data-testid=stPageLink-NavLink] p'))
  .filter(el => el.scrollWidth > el.clientWidth + 1 || getComputedStyle(el).textOverflow === 'ellipsis')
  .map(el => el.innerText)
"""


@pytest.mark.parametrize(
    "path", ["", "five-star", "coverage?section=kind", "coverage?section=building", "volunteer"]
)
def test_english_card_labels_and_deltas_wrap_instead_of_being_cut(app: App, path: str):
    # English labels are often longer than a card at 1366 px ("Community social organizations",
    # five-star "vs 2023", "19 moved down"), or than the overview's 需关注 column ("Communities
    # meeting the social-org minimum", a link): they wrap, nothing is cut or ends in "…"
    app.page.set_viewport_size({"width": 1366, "height": 768})
    sep = "&" if "?" in path else "?"
    app.open(f"{path}{sep}district=410311&month=2024-12&lang=en")
    assert app.page.locator("[data-testid=stMetric]").count() >= 4
    assert app.page.evaluate(CUT_CARD_TEXT) == []
    assert not app.errors()


SPLIT_YEARS = """
() => {
  // a year and its 年 ("2023年") drawn on two lines, in a card's delta or its description
  const split = [];
  for (const box of document.querySelectorAll(
      '[data-testid=stMetricDelta] p, [data-testid=stMetricDeltaDescription] p')) {
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/\\d年/g)) {
        const top = i => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
                           return r.getBoundingClientRect().top; };
        if (top(m.index + 1) - top(m.index) > 2) split.push(box.innerText);
      }
    }
  }
  return {split, years: Array.from(document.querySelectorAll('[data-testid=stMetricDelta] p'))
                              .filter(p => /\\d年/.test(p.innerText)).length};
}
"""


def test_a_chinese_card_keeps_a_year_with_its_character(app: App):
    # the five-star cards at 1366 px: "+27 较2023年" wraps at its space ("+27" above "较2023年"),
    # not inside the year ("较2023" above "年")
    app.page.set_viewport_size({"width": 1366, "height": 768})
    app.open("five-star?district=410311&month=2024-12")
    found = app.page.evaluate(SPLIT_YEARS)
    assert found["years"] >= 4 and found["split"] == [], found
    assert app.page.evaluate(CUT_CARD_TEXT) == []
    assert not app.errors()
