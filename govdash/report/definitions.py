"""Meanings of the metrics a report shows (its last slides), generated from the metric catalog.

Keyed by the base metric (the part before ``:KIND``); a ``:KIND`` metric is labelled with the
generic kind word its catalog entry declares (e.g. 各类设施覆盖率).
"""

from __future__ import annotations

from etl.metric_catalog import CATALOG, Metric
from govdash.metric_labels import metric_label, split

# base metric -> its first catalog entry (``coverage_pct`` before ``coverage_pct:{kind}:urban``)
ENTRIES: dict[str, Metric] = {}
for _m in CATALOG:
    ENTRIES.setdefault(_m.base, _m)

# base metric -> (meaning zh, meaning en)
MEANINGS: dict[str, tuple[str, str]] = {base: m.meaning for base, m in ENTRIES.items()}


def base_label(base: str, lang: str) -> str:
    """The label of a base metric, with a generic kind word for ``:KIND`` metrics."""
    if base == "target":
        return "目标值" if lang == "zh" else "Target"
    entry = ENTRIES.get(base)
    if entry is None:
        return metric_label(base, lang)
    zh, en = entry.label
    if entry.family is not None or "{kind}" in zh:
        word_zh, word_en = entry.kind_word
        return (en.format(kind=word_en) if lang == "en" else zh.format(kind=word_zh)).strip()
    return en if lang == "en" else zh


def definition_rows(metrics: list[str] | tuple[str, ...], lang: str) -> list[tuple[str, str]]:
    """(label, meaning) of each base metric among ``metrics``, in first-use order, once each."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for metric in metrics:
        base = split(metric)[0]
        if base in seen or base not in MEANINGS:
            continue
        seen.add(base)
        zh, en = MEANINGS[base]
        rows.append((base_label(base, lang), en if lang == "en" else zh))
    return rows
