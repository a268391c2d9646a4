"""Every chart tooltip of every page, in both languages, through AppTest on the demo warehouse:
written with the page language's colon (``govdash.value_units.labelled``: ``：`` in Chinese, ``: ``
in English), never the other's."""

from __future__ import annotations

import pytest

from govdash.pages import PAGES
from tests.helpers import app_on, drawn_charts

pytestmark = pytest.mark.usefixtures("caches_cleared_once")

SCRIPTS = [entry[0] for entries in PAGES.values() for entry in entries]
# the presentation page draws one slide at a time: its chart slides by number
VIEWS = [(script, {}) for script in SCRIPTS if not script.endswith("present.py")] + [
    ("app_pages/present.py", {"slide": str(n)}) for n in range(2, 15)
]
WRONG = {"zh": ": ", "en": "："}


@pytest.mark.parametrize("language", ["zh", "en"])
def test_tooltips_use_the_page_languages_colon(demo_warehouse, monkeypatch, language):
    drawn = 0
    for script, params in VIEWS:
        app = app_on(demo_warehouse.root, monkeypatch)
        app.query_params.update(district="410305", month="2024-12", lang=language, **params)
        at = app.switch_page(script).run()
        assert not at.exception, script
        for chart in drawn_charts(at):
            tips = [tip for s in chart.series for tip in s.tooltips if tip]
            drawn += len(tips)
            wrong = [tip for tip in tips if WRONG[language] in tip.replace("<br>", "\n")]
            assert not wrong, (script, params, chart.title, wrong[:2])
    assert drawn > 500  # the chart pages and the slides' charts were drawn, with their tooltips
