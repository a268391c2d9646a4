"""Every slide fits the window in projector mode, measured in the real browser.

At 1366×768, 1440×900 and 1920×1080 each slide of the demo report is stepped through with the → key;
on each, no visible element of the slide lies outside the viewport, no text box is cut (its content
wider or taller than its box where the box clips or ellipsises), no chart label lies outside its
chart, every bar of the laggards chart is named, and the controls and the sidebar are hidden.
"""

from __future__ import annotations

import re

import pytest

from etl.warehouse import Warehouse
from tests.e2e.conftest import App
from tests.helpers import read_rows

pytestmark = pytest.mark.e2e

BASE = "present?district=410311&month=2024-12&projector=1&slide=1"
SLIDES = 10

# What is wrong on the slide now on screen, as short strings (empty: it fits).
MEASURE = """
() => {
  const vw = window.innerWidth, vh = window.innerHeight, tol = 1;
  const slide = document.querySelector('.st-key-pr_slide');
  if (!slide) return ['no slide'];
  const out = [];
  const name = el => (el.getAttribute('data-testid') || el.tagName) + ' "'
      + (el.textContent || '').trim().slice(0, 30) + '"';
  const outside = (r, box) => r.left < box.left - tol || r.top < box.top - tol
      || r.right > box.right + tol || r.bottom > box.bottom + tol;
  const view = {left: 0, top: 0, right: vw, bottom: vh};
  const sr = slide.getBoundingClientRect();
  if (outside(sr, view)) out.push(`slide ${JSON.stringify(sr)} outside ${vw}x${vh}`);
  for (const el of slide.querySelectorAll('*')) {
    // the wrappers a chart is measured in are scaled back on purpose; the drawing inside counts
    if (el.querySelector('[data-testid=stEChartsChart] svg') && !el.closest('svg')) continue;
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    if (!r.width || !r.height || cs.visibility === 'hidden' || cs.display === 'none') continue;
    if (outside(r, view)) out.push(`outside viewport: ${name(el)}`);
    else if (outside(r, sr) && !el.closest('.modebar-container')) out.push(`outside slide: ${name(el)}`);
    if (el instanceof HTMLElement && el.textContent.trim()) {
      const clips = cs.overflowX !== 'visible' || cs.textOverflow === 'ellipsis';
      if (clips && el.scrollWidth > el.clientWidth + tol && el.clientWidth > 0) out.push(`cut (width): ${name(el)}`);
      if (cs.overflowY !== 'visible' && el.scrollHeight > el.clientHeight + tol && el.clientHeight > 0)
        out.push(`cut (height): ${name(el)}`);
    }
  }
  // nothing drawn beyond a box that clips it (a chart cut at the bottom by its own frame)
  for (const el of slide.querySelectorAll('[data-testid=stEChartsChart] svg, .pr-fit, [data-testid=stMetric]')) {
    const r = el.getBoundingClientRect();
    for (let up = el.parentElement; up && up !== slide; up = up.parentElement) {
      const cs = getComputedStyle(up);
      if (cs.overflowX === 'visible' && cs.overflowY === 'visible') continue;
      if (outside(r, up.getBoundingClientRect())) { out.push(`clipped by its frame: ${name(el)}`); break; }
    }
  }
  for (const svg of slide.querySelectorAll('[data-testid=stEChartsChart] svg')) {
    const box = svg.getBoundingClientRect();
    for (const t of svg.querySelectorAll('text')) {
      const r = t.getBoundingClientRect();
      if (r.width && t.textContent.trim() && outside(r, box)) out.push(`chart label cut: "${t.textContent}"`);
    }
  }
  const bar = document.querySelector('.st-key-pr_bar');
  if (bar && getComputedStyle(bar).opacity !== '0') out.push('controls visible');
  const side = document.querySelector('[data-testid=stSidebar]');
  if (side && side.getBoundingClientRect().width > 0) out.push('sidebar visible');
  return out;
}
"""

# The texts each chart on the slide draws (ECharts as SVG on the slides: one text element per label).
CHART_TEXTS = """
() => Array.from(document.querySelectorAll('.st-key-pr_slide [data-testid=stEChartsChart] svg')).map(svg =>
  Array.from(svg.querySelectorAll('text')).map(t => t.textContent.trim()).filter(Boolean))
"""


def _slide_number(app: App) -> int:
    match = re.search(r"[?&]slide=(\d+)", app.page.url)
    return int(match.group(1)) if match else 1


@pytest.mark.parametrize(
    ("width", "height", "lang"),
    [(1366, 768, "zh"), (1440, 900, "zh"), (1920, 1080, "zh"), (1366, 768, "en")],
)
def test_every_slide_fits_the_window_in_projector_mode(
    app: App, demo_warehouse: Warehouse, width: int, height: int, lang: str
):
    streets = {
        name
        for (name,) in read_rows(demo_warehouse, "SELECT area_name FROM areas WHERE parent_code = '410311'")
    }
    app.page.set_viewport_size({"width": width, "height": height})
    app.open(BASE + ("&lang=en" if lang == "en" else ""))
    problems: dict[int, list[str]] = {}
    labelled: dict[int, list[list[str]]] = {}
    for number in range(1, SLIDES + 1):
        assert _slide_number(app) == number
        app.page.wait_for_timeout(300)  # the fit script runs on the next animation frame
        found = app.page.evaluate(MEASURE)
        if found:
            problems[number] = found[:8]
            app.screenshot(f"slide_fit_{lang}_{width}x{height}_{number}")
        labelled[number] = app.page.evaluate(CHART_TEXTS)
        text = app.page.get_by_test_id("stMain").inner_text()
        assert "python -m" not in text, f"a command line on slide {number}"
        if number < SLIDES:
            app.rerun_after(
                lambda: app.page.keyboard.press("ArrowRight")
            )  # keys work with the controls hidden
    assert not problems, problems
    charts = [set(c) for cs in labelled.values() for c in cs]
    # the laggards chart names all 18 streets of 洛龙区: every category label drawn, none hidden
    assert len(streets) == 18 and any(streets <= texts for texts in charts), labelled
    assert not app.errors()
    assert not app.external()
