"""Every chart tooltip of every page, in both languages, through AppTest on the demo warehouse:
written with the page language's colon (``govdash.value_units.labelled``: ``：`` in Chinese, ``: ``
in English), never the other's; and no English page writes Chinese punctuation."""

from __future__ import annotations

import pytest

from govdash.i18n import tr
from govdash.pages import PAGES
from tests.helpers import app_on, drawn_charts

pytestmark = pytest.mark.usefixtures("caches_cleared_once")

SCRIPTS = [entry[0] for entries in PAGES.values() for entry in entries]
# the presentation page draws one slide at a time: its chart slides by number
VIEWS = [(script, {}) for script in SCRIPTS if not script.endswith("present.py")] + [
    ("app_pages/present.py", {"slide": str(n)}) for n in range(2, 15)
]
WRONG = {"zh": ": ", "en": "："}
OVERVIEW = "app_pages/overview.py"
PRESENT = "app_pages/present.py"


def on_page(at, script: str, language: str) -> bool:
    """Whether the run drew ``script``'s page: a switch before the first run (which registers the
    pages' URL paths) silently drew the overview for five-star and all-metrics. Every page but the
    presentation (slides only) starts with its title; only the overview's is the overview's."""
    titles = [str(e.value) for e in at.title]
    if not titles:
        return script == PRESENT
    return (script == OVERVIEW) == titles[0].startswith(tr("nav_overview", language))


@pytest.mark.parametrize("language", ["zh", "en"])
def test_tooltips_use_the_page_languages_colon(demo_warehouse, monkeypatch, language):
    drawn = 0
    for script, params in VIEWS:
        app = app_on(demo_warehouse.root, monkeypatch)
        app.query_params.update(district="410305", month="2024-12", lang=language, **params)
        at = app.run().switch_page(script).run()  # the first run registers the pages' URL paths
        assert on_page(at, script, language), script
        assert not at.exception, script
        for chart in drawn_charts(at):
            tips = [tip for s in chart.series for tip in s.tooltips if tip]
            drawn += len(tips)
            wrong = [tip for tip in tips if WRONG[language] in tip.replace("<br>", "\n")]
            assert not wrong, (script, params, chart.title, wrong[:2])
    assert drawn > 500  # the chart pages and the slides' charts were drawn, with their tooltips


CHINESE_PUNCTUATION = "（）：，、；。"


def _shown_words(at) -> list[str]:
    """The words a page run shows: text elements, cards, widget labels and options, table
    headers, chart titles, axis and series names (area names are Chinese, without punctuation)."""
    words = [
        str(e.value) for kind in ("markdown", "caption", "title", "header", "subheader") for e in at.get(kind)
    ]
    words += [w for m in at.metric for w in (m.label, str(m.value), m.proto.delta, m.proto.help)]
    words += [str(c) for df in at.dataframe for c in df.value.columns]
    for widget in (*at.selectbox, *at.radio, *at.multiselect, *at.segmented_control):
        words += [widget.label, *map(str, widget.options or [])]
    words += [b.label for b in at.button]
    for chart in drawn_charts(at):
        axes = [chart.option.get(a) for a in ("xAxis", "yAxis")]
        axes = [x for a in axes for x in (a if isinstance(a, list) else [a] if a else [])]
        words += [chart.title, *(str(a.get("name", "")) for a in axes), *(s.name for s in chart.series)]
    return words


def test_an_english_page_writes_no_chinese_punctuation(demo_warehouse, monkeypatch):
    """A community picker read "天元社区（开元路街道）" in English: brackets, colons and commas are
    the page language's (``formatting.fmt_aside``)."""
    for script, params in VIEWS:
        app = app_on(demo_warehouse.root, monkeypatch)
        app.query_params.update(district="410311", month="2024-12", lang="en", **params)
        at = app.run().switch_page(script).run()
        assert on_page(at, script, "en"), script
        assert not at.exception, script
        wrong = [w for w in _shown_words(at) if any(p in w for p in CHINESE_PUNCTUATION)]
        assert not wrong, (script, params, wrong[:3])
