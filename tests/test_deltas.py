"""How a card compares a value with an earlier one (``govdash.deltas``): the overview's and the
report's year-on-year cards, the volunteer page's previous-window cards and the five-star page's
year cards use this one rule and say it with one sentence."""

from __future__ import annotations

import pytest

from govdash import deltas


@pytest.mark.parametrize(
    ("metric", "now", "before", "zh", "en"),
    [
        ("activities", 12_777, 10_600, "+20.5%", "+20.5%"),  # per cent of the earlier value
        ("activities", 90, 100, "-10.0%", "-10.0%"),
        ("compound_branch_coverage_pct", 77.4, 70.1, "+7.3个百分点", "+7.3 pt"),  # a percentage: points
        ("activities", 5, 0, None, None),  # nothing to take a per cent of
        ("activities", None, 100, None, None),  # missing is not a change
        ("activities", 100, float("nan"), None, None),
    ],
)
def test_a_change_is_points_for_a_percentage_else_per_cent(metric, now, before, zh, en):
    assert deltas.delta(metric, now, before, "zh") == zh
    assert deltas.delta(metric, now, before, "en") == en


@pytest.mark.parametrize(
    ("now", "before", "flat"),
    [
        (246, 246, True),
        (100_040, 100_000, True),  # +0.04%: reads +0.0%, said as no change
        (100_060, 100_000, False),  # +0.06%: reads +0.1%
        (None, 100, False),  # nothing to compare is not "no change"
        (0, 0, True),  # none then and none now: no change (a per cent of 0 is not needed to say so)
        (3, 0, False),  # some now, none before: a change, but no per cent of 0 to say it with
        (float("nan"), float("nan"), False),  # missing twice is still missing
    ],
)
def test_flat_is_a_change_that_reads_zero(now, before, flat):
    assert deltas.flat("communities", now, before) is flat


@pytest.mark.parametrize(
    ("now", "before", "said"),
    [
        (246, 246, "同比持平"),  # no change in words, never "+0.0% 同比" or "0"
        (1_973, 1_442, "+36.8% 同比"),  # the signed change, then what it is compared with
        (5, None, None),  # nothing to compare: nothing said
        (3, 0, "同比新增（去年同期为0）"),  # some now, none before: said in words, never left blank
        (0, 3, "-100.0% 同比"),
    ],
)
def test_a_card_says_no_change_in_words_else_the_change_and_its_basis(now, before, said):
    shown = deltas.delta("communities", now, before, "zh")
    new = "同比新增（去年同期为0）" if deltas.from_zero("communities", now, before) else None
    assert deltas.said(shown, deltas.flat("communities", now, before), "同比", "同比持平", new) == said


@pytest.mark.parametrize(
    ("metric", "now", "before", "new"),
    [
        ("five_star_communities", 1, 0, True),
        ("five_star_communities", 0, 0, False),  # none twice is no change
        ("five_star_communities", 1, None, False),  # nothing a year ago: nothing to compare
        ("five_star_communities", float("nan"), 0, False),  # missing now is not new
        ("compound_branch_coverage_pct", 12.5, 0, False),  # a percentage changes by points from 0
    ],
)
def test_from_zero_is_some_now_where_a_count_had_none(metric, now, before, new):
    assert deltas.from_zero(metric, now, before) is new


def test_no_change_is_drawn_without_colour_or_arrow():
    assert deltas.look(True, "inverse") == {"delta_color": "off", "delta_arrow": "off"}
    assert deltas.look(False, "inverse") == {"delta_color": "inverse", "delta_arrow": "auto"}
