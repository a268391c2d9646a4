"""The one shortening of large numbers (万/亿 in Chinese, M/B in English) used by cards, slides and reports."""

from __future__ import annotations

import math

import pytest

from govdash.formatting import fmt_aside, fmt_count, fmt_list
from govdash.map_colors import LegendItem
from govdash.map_deck import format_value, legend_label
from govdash.metric_labels import fmt_number


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        (0, "0", "0"),
        (12.34, "12.3", "12.3"),
        (-0.04, "0.0", "0.0"),
        (999.96, "1,000", "1,000"),
        (12_345, "12,345", "12,345"),
        (99_999, "99,999", "99,999"),
        (99_999.6, "10.0万", "100,000"),  # rounds to 100,000: shown in 万 like 100,000 itself
        (100_000, "10.0万", "100,000"),
        (377_123, "37.7万", "377,123"),
        (-123_456, "-12.3万", "-123,456"),
        (999_999, "100.0万", "999,999"),
        (12_345_678, "1,234.6万", "12.3M"),
        (99_995_000, "9,999.5万", "100.0M"),  # exactly 9,999.5万: stays in 万
        (99_999_499, "9,999.9万", "100.0M"),
        (99_999_500, "1.00亿", "100.0M"),  # 9,999.95万 would round to 10,000.0万
        (100_000_000, "1.00亿", "100.0M"),
        (123_456_789, "1.23亿", "123.5M"),
        (-123_456_789, "-1.23亿", "-123.5M"),
        (999_950_000, "10.00亿", "1.00B"),  # 999.95M would round to 1,000.0M
        (1_234_567_890, "12.35亿", "1.23B"),
        (1_234_567_890_123, "12,345.68亿", "1,234.57B"),
        (None, "—", "—"),
        (math.nan, "—", "—"),
    ],
)
def test_fmt_count(value, zh, en):
    assert fmt_count(value) == zh
    assert fmt_count(value, "zh") == zh
    assert fmt_count(value, "en") == en


def test_lists_and_asides_follow_the_language():
    """Chinese punctuation in the Chinese UI only: the English UI never shows 、 or full-width brackets."""
    assert fmt_list(["洛龙区", "西工区"]) == "洛龙区、西工区"
    assert fmt_list(["Luolong", "Xigong"], "en") == "Luolong, Xigong"
    assert fmt_list([], "en") == ""
    assert fmt_aside("洛龙区", "410311") == "洛龙区（410311）"
    assert fmt_aside("100.0%", "2025-12-31", "en") == "100.0% (2025-12-31)"


@pytest.mark.parametrize(
    ("metric", "value", "shown"),
    [
        ("workers_per_10k_residents", 13.0, "13.0"),  # a whole rate keeps its decimal beside 12.8
        ("workers_per_10k_residents", 12.84, "12.8"),
        ("activities_per_1k", 0.0, "0.0"),
        ("volunteer_hours_per_1k", 2345.6, "2,346"),  # large numbers by the one shortening rule
        ("communities", 13.0, "13"),
        ("population", 377_123, "37.7万"),
        ("compound_branch_coverage_pct", 77.44, "77.4%"),
        ("workers_per_10k_residents", None, "—"),
    ],
)
def test_a_metric_number_follows_its_catalog_format(metric, value, shown):
    """Every page writes a metric's number one way (``metric_labels.fmt_number``): percentages and
    per-1,000 / per-10,000 rates with one decimal, counts and amounts by ``fmt_count``."""
    assert fmt_number(metric, value) == shown
    assert fmt_number(metric, value, "en") == shown.replace("37.7万", "377,123")


def test_the_map_writes_a_rate_as_the_catalog_does():
    assert format_value(13.0, "workers_per_10k", "community") == "13.0 人/万人"
    assert legend_label(LegendItem("#000", 12.0, 13.0), "workers_per_10k", "street") == "12.0 – 13.0 人/万人"


def test_a_ratio_keeps_one_decimal_and_missing_stays_missing():
    from govdash.formatting import fmt_decimal

    assert [fmt_decimal(v) for v in (39.0, 25.1, 0, 1234.56, None, float("nan"))] == [
        "39.0",
        "25.1",
        "0.0",
        "1,234.6",
        "—",
        "—",
    ]


def test_registry_values_are_named_by_one_rule_in_every_view():
    from etl.datasets import DATASETS
    from etl.registry import COMMUNITY_TYPES, ENGLISH
    from govdash import data_labels, profile_data, tables_data
    from govdash.metric_labels import kind_label, value_label

    assert value_label(COMMUNITY_TYPES, "village_to_urban", "zh") == "村改居"
    assert value_label(COMMUNITY_TYPES, "village_to_urban", "en") == "Village-to-urban"
    assert value_label(COMMUNITY_TYPES, "new_kind", "zh") == "new_kind"  # uploaded, not in the registry
    assert value_label(COMMUNITY_TYPES, "new_kind", "en") == "new kind"
    assert kind_label("village_to_urban", "zh") == "村改居" and kind_label("5", "en") == "5-star"
    assert profile_data.label(COMMUNITY_TYPES, None, "zh") == "—"
    enums = [c for d in DATASETS.values() for c in d.columns if c.kind == "enum"]
    assert enums
    for column in enums:
        for value, spellings in column.values.items():
            for lang in ("zh", "en"):
                shown = {
                    tables_data.enum_label(column, value, lang),
                    data_labels.enum_text(column, value, lang),
                }
                assert shown == {spellings[0] if lang == "zh" else ENGLISH[value]}, (
                    column.name,
                    value,
                )


def test_every_registry_value_has_one_english_name_and_no_code_is_in_two_registries():
    """``etl.registry.ENGLISH`` is one table for every registry's values: a value added to a
    registry without an English name, or a code used by two registries, fails here."""
    from etl.datasets import DATASETS
    from etl.registry import ENGLISH

    registries: dict[str, set[str]] = {}
    for dataset in DATASETS.values():
        for column in dataset.columns:
            for code in column.values or {}:
                registries.setdefault(code, set()).add(f"{dataset.name}.{column.name}")
    assert registries
    assert {code: where for code, where in registries.items() if len(where) > 1} == {}
    assert sorted(set(registries) - set(ENGLISH)) == []  # every value named
    assert sorted(set(ENGLISH) - set(registries)) == []  # no name of a value no registry has
    assert all(name[:1].isupper() for name in ENGLISH.values())  # shown as a name: "Open", "Charity"


def test_the_ui_language_is_read_once_per_url_and_follows_a_change_within_the_run():
    """``i18n.lang`` remembers the language per run and query string: a write to the URL in the
    run is seen at once, and the next run (the user's next click) reads the new URL."""
    from streamlit.testing.v1 import AppTest

    def script() -> None:
        import streamlit as st

        from govdash.i18n import lang, t

        seen = [lang(), t("language")]
        st.query_params["lang"] = "zh" if seen[0] == "en" else "en"
        seen += [lang(), t("language")]
        st.write(" | ".join(seen))

    at = AppTest.from_function(script)
    at.run()
    first = at.markdown[0].value.split(" | ")
    assert first[0] == "zh" and first[2] == "en" and first[1] != first[3]
    at.run()  # the URL now says en
    assert at.markdown[0].value.split(" | ")[::2] == ["en", "zh"]


def test_missing_is_one_rule_for_every_formatter_status_and_export():
    """Six modules each had their own "is this missing" test; two knew pd.NA and pd.NaT, four did
    not. One rule now, and what each of them writes for a missing value is the dash."""
    import numpy as np
    import pandas as pd

    from govdash import exports, status
    from govdash.formatting import MISSING, fmt_pct, is_missing

    gone = [None, float("nan"), np.float64("nan"), pd.NA, pd.NaT]
    assert all(is_missing(v) for v in gone)
    assert not any(is_missing(v) for v in (0, 0.0, "", "0", False))
    for value in gone:
        assert fmt_count(value) == fmt_pct(value) == fmt_number("activities", value) == MISSING
        assert format_value(value, "activities_per_1k", "community") == "无数据"  # the map's words
        assert status.judge(value, 100.0) == status.NONE
    # an export writes an empty cell (not "<NA>", not 0)
    assert exports._column_values(pd.Series(pd.array([1, None], dtype="Int64"))) == [1, None]
    assert exports._column_values(pd.Series(["a", pd.NA, None], dtype=object)) == ["a", None, None]
