"""Labels and units of every catalog metric (Chinese first), and of the kinds in ``name:KIND``.

A thin reader of the catalog (``etl.metric_catalog``), where each metric declares its labels and
units once. Kind labels come from the dataset registry (the first Chinese label of each value), so
a kind added there is labelled everywhere; a kind only found in uploaded data shows its code.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from etl.metric_catalog import CATALOG, lookup
from etl.metric_catalog.model import PCT
from etl.registry import ACTIVITY_TYPES, COMMUNITY_TYPES, ENGLISH, FACILITY_KINDS, PROGRAM_KINDS, STARS
from govdash.formatting import MISSING, fmt_count, fmt_pct, number

# base metric -> (zh, en, unit_zh, unit_en), from the catalog (the first entry of each base name)
BASE: dict[str, tuple[str, str, str, str]] = {}
for _m in CATALOG:
    BASE.setdefault(_m.base, (*_m.label, *_m.unit))

STAR_LEVEL_ZH = {"0": "未达星", "1": "一星", "2": "二星", "3": "三星", "4": "四星", "5": "五星"}
STAR_LEVEL_EN = {str(n): f"{n}-star" if n else "No star" for n in range(6)}

KIND_LABELS: dict[str, tuple[str, ...]] = {
    **COMMUNITY_TYPES,
    **FACILITY_KINDS,
    **PROGRAM_KINDS,
    **ACTIVITY_TYPES,
    **STARS,
}


def value_label(spellings: Mapping[str, tuple[str, ...]], value: str, lang: str) -> str:
    """A registry value as the UI names it (the one rule of every table, card and picker): its first
    Chinese spelling, or its code when the registry does not know it; in English, its English name
    (``etl.registry.ENGLISH``: ``village_to_urban`` → Village-to-urban), else the code in words."""
    if lang == "en":
        return ENGLISH.get(value) or value.replace("_", " ")
    labels = spellings.get(value)
    return labels[0] if labels else value


def kind_label(kind: str, lang: str = "zh") -> str:
    if kind in STAR_LEVEL_ZH:
        return STAR_LEVEL_EN[kind] if lang == "en" else STAR_LEVEL_ZH[kind]
    return value_label(KIND_LABELS, kind, lang)


def sentence_start(text: str) -> str:
    """``text`` starting a title or label: "party service center" -> "Party service center" (Chinese unchanged)."""
    return text[:1].upper() + text[1:]


def in_sentence(text: str) -> str:
    """A label inside an English sentence: "Activities" -> "activities" (an acronym such as "NGO
    members" and Chinese unchanged)."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def split(metric: str) -> tuple[str, str | None, str | None]:
    """``coverage_pct:sports_park:urban`` → (``coverage_pct``, ``sports_park``, ``urban``)."""
    parts = metric.split(":")
    return parts[0], (parts[1] if len(parts) > 1 else None), (parts[2] if len(parts) > 2 else None)


def metric_label(metric: str, lang: str = "zh") -> str:
    """Human label: ``coverage_pct:sports_park:urban`` → ``社区体育公园覆盖率（城市社区）``."""
    base, kind, _ = split(metric)
    if base == "target" and kind:
        inner = metric_label(metric.split(":", 1)[1], lang)
        return f"目标：{inner}" if lang == "zh" else f"Target: {inner}"
    found = lookup(metric)
    if found is None:
        return metric
    entry, kind = found
    zh, en = entry.label
    if lang != "en":
        return zh.format(kind=kind_label(kind, lang) if kind else "")
    return sentence_start(en.format(kind=kind_label(kind, lang) if kind else ""))  # English kinds are codes


def metric_unit(metric: str, lang: str = "zh") -> str:
    base = split(metric)[0]
    if base == "target":
        return metric_unit(metric.split(":", 1)[1], lang)
    found = lookup(metric)
    if found is None:
        return ""
    zh, en = found[0].unit
    return en if lang == "en" else zh


def is_pct(metric: str) -> bool:
    return split(metric)[0].endswith("_pct") or metric_unit(metric) == "%"


def is_rate(metric: str) -> bool:
    """A per-1,000 or per-10,000 rate: a ratio of the catalog (one decimal) that is not a percentage."""
    found = lookup(metric)
    return found is not None and found[0].vtype == PCT and not is_pct(metric)


def fmt_number(metric: str, value: object, lang: str = "zh") -> str:
    """A metric's number as its catalog entry formats it, without unit: a percentage ``77.4%``, a
    rate with one decimal (``13.0`` beside ``12.8``, never ``13``), a count or amount by
    ``fmt_count``; ``—`` when missing."""
    v = number(value)
    if v is None:
        return MISSING
    kind = _number_kind(metric)
    if kind == "pct":
        return fmt_pct(v)
    if kind == "rate" and abs(v) < 1000:
        return f"{v:,.1f}"
    return fmt_count(v, lang)


@functools.cache  # a catalog lookup per metric, not per number (map tooltips, matrix cells)
def _number_kind(metric: str) -> str:
    return "pct" if is_pct(metric) else "rate" if is_rate(metric) else "count"


def fmt_value(metric: str, value: object, lang: str, unit: bool = True) -> str:
    """``77.4%``, ``151.7万 人``: percentages with one decimal, counts the Chinese way, with the unit."""
    text = fmt_number(metric, value, lang)
    if text == MISSING or is_pct(metric):
        return text
    u = metric_unit(metric, lang) if unit else ""
    return f"{text} {u}".strip() if u and lang == "en" else f"{text}{u}"
