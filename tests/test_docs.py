"""The README documents what the registries declare, and the two commands it promises exist."""

from __future__ import annotations

import re

from etl.datasets import DATASETS
from etl.docs import METRIC_RULES, README, render
from etl.settings import SETTINGS


def test_readme_dataset_and_settings_tables_are_current():
    text = README.read_text(encoding="utf-8")
    assert render(text) == text, "README is out of date: run `python -m etl.docs`"


def test_every_dataset_and_column_is_in_the_readme():
    text = README.read_text(encoding="utf-8")
    for ds in DATASETS.values():
        assert f"| `{ds.name}` |" in text
        for col in ds.columns:
            assert f"`{col.name}` {col.label_zh}" in text


def test_every_setting_is_documented():
    text = README.read_text(encoding="utf-8")
    for s in SETTINGS:
        assert f"`{s.env}`" in text


def test_readme_gives_the_two_commands_and_ci_runs_the_test_one():
    text = README.read_text(encoding="utf-8")
    assert re.search(r"```bash\nmake run\b", text)
    assert re.search(r"```bash\nmake test\b", text)
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci


def test_every_cli_verb_is_documented():
    from etl.__main__ import _parser

    text = README.read_text(encoding="utf-8")
    verbs = _parser()._subparsers._group_actions[0].choices  # noqa: SLF001 - argparse has no public API
    for verb in verbs:
        assert f"| `{verb}" in text, verb


def test_metric_rules_page_is_generated_from_the_catalog():
    from etl.metric_catalog import CATALOG
    from etl.metric_catalog.docs import render as metric_rules

    text = METRIC_RULES.read_text(encoding="utf-8")
    assert text == metric_rules(), "docs/metric-rules.md is out of date: run `python -m etl.docs`"
    for metric in CATALOG:
        assert f"- `{metric.name}` — {metric.label[0]}" in text
