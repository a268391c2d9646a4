"""Presentation mode in the real browser: buttons and keys move the slides; 轮播 advances by itself."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import App

pytestmark = pytest.mark.e2e

BASE = "present?district=410311&month=2024-12"


def _slide(app: App) -> int:
    match = re.search(r"[?&]slide=(\d+)", app.page.url)
    return int(match.group(1)) if match else 1


def test_buttons_and_keyboard_move_between_slides(app: App):
    app.open(BASE + "&slide=1")
    expect(app.page.get_by_text("洛龙区社区治理工作汇报").first).to_be_visible()
    app.rerun_after(lambda: app.page.get_by_role("button", name="下一页").click())
    assert _slide(app) == 2
    expect(app.page.get_by_text("核心指标").first).to_be_visible()
    app.rerun_after(lambda: app.page.keyboard.press("ArrowRight"))
    assert _slide(app) == 3
    app.rerun_after(lambda: app.page.get_by_role("button", name="上一页").click())
    assert _slide(app) == 2
    assert not app.errors()
    app.screenshot("present_slide_2")


def test_auto_advance_moves_on_without_a_click(app: App):
    app.open(BASE + "&slide=1&loop=1&every=5")
    first = _slide(app)  # 1, or already 2 when the page took over 5 s to be ready (a loaded machine)
    assert first in (1, 2)
    for n in (first + 1, first + 2):
        app.page.wait_for_function(f"() => /[?&]slide={n}(&|$)/.test(location.search)", timeout=20_000)
    assert not app.errors()
    assert not app.external()
