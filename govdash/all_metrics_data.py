"""Data of the 全部指标 page: every catalog metric of an area for a month, grouped, labelled, explained.

Pure functions (no Streamlit): ``model`` reads the engine's values through the cached
``queries.metrics_table`` (one call per month, ``area_history``) and shapes them here. Nothing is recomputed: a value is
the engine's value for the month (stocks on its last day, flows within it), a missing value stays
missing (None, shown as "—"), and the trend is the same metric over the 12 months up to the month.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from etl.metric_catalog import CATALOG, lookup
from etl.metric_catalog import SECTIONS as CATALOG_SECTIONS
from govdash import cache, queries
from govdash.formatting import number
from govdash.metric_labels import fmt_value, is_pct, metric_label, metric_unit, split

TREND_MONTHS = 12

# The page's key of each section of the catalog (its title: ``am_section_<key>``), in catalog order:
# the catalog says which section a metric is in, so a new metric needs nothing here
SECTION_KEYS = ("areas", "orgs", "facilities", "programs", "staff", "activity", "five_star", "targets")
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (key, tuple(dict.fromkeys(metric.base for metric in entries)))
    for key, (_, _, entries) in zip(SECTION_KEYS, CATALOG_SECTIONS, strict=True)
)
SECTION_OF: dict[str, str] = {base: key for key, bases in SECTIONS for base in bases}
OTHER = "other"  # a metric the engine gains before this page knows it: shown, never dropped
STAR_BASES = dict(SECTIONS)["five_star"]
COLUMNS = ["section", "metric", "label", "value", "unit", "text", "meaning", "trend"]


# (meaning zh, meaning en) by catalog name (``reporting_communities:activity``), and by base metric
# (the first entry: ``coverage_pct`` for ``coverage_pct:{kind}:urban`` too)
_MEANINGS: dict[str, tuple[str, str]] = {_entry.name: _entry.meaning for _entry in CATALOG}
for _entry in CATALOG:
    _MEANINGS.setdefault(_entry.base, _entry.meaning)


def meaning(metric: str, lang: str) -> str:
    """The 口径 of a metric: its catalog entry's meaning. The one place this page reads meanings from."""
    base, _, qualifier = split(metric)
    pair = _MEANINGS.get(metric) or _MEANINGS.get(base)
    text = "" if pair is None else pair[1 if lang == "en" else 0]
    if text and qualifier == "urban":
        text += "（仅城市社区）" if lang == "zh" else " (urban communities only)"
    return text


def label(metric: str, lang: str) -> str:
    """The metric's label (the catalog's, with its kind: ``养老活动场次``)."""
    return metric_label(metric, lang)


def section_of(metric: str) -> str:
    return SECTION_OF.get(split(metric)[0], OTHER)


def _pattern(name: str) -> re.Pattern[str]:
    kind = ".+" if name.startswith("target:") else "[^:]+"
    return re.compile(re.escape(name).replace(re.escape("{kind}"), kind))


_CATALOG_PATTERNS = tuple(_pattern(m.name) for m in CATALOG)


def catalog_position(metric: str) -> int:
    """Index of the catalog row a metric name comes from (len(CATALOG) when none)."""
    for index, pattern in enumerate(_CATALOG_PATTERNS):
        if pattern.fullmatch(metric):
            return index
    return len(_CATALOG_PATTERNS)


def month_windows(month: date, months: int = TREND_MONTHS) -> list[tuple[date, date, date]]:
    """(first day, since, as_of) of each of the ``months`` calendar months up to ``month``, oldest first:
    the engine's window of exactly that month (``since < day <= as_of``)."""
    out = []
    first = month.replace(day=1)
    for _ in range(months):
        nxt = (first + timedelta(days=32)).replace(day=1)
        out.append((first, first - timedelta(days=1), nxt - timedelta(days=1)))
        first = (first - timedelta(days=1)).replace(day=1)
    return out[::-1]


def in_program(values: pd.Series) -> bool:
    """Whether the area takes part in the five-star program (its star counts are not missing)."""
    return number(values.get("five_star_communities")) is not None


def sparkline(values: list[float | None]) -> tuple[float | None, ...] | None:
    """The months' values as a sparkline draws them (``govdash.sparklines``): a missing month stays
    missing (a gap); None (an empty cell) with fewer than two known values."""
    return tuple(values) if sum(v is not None for v in values) >= 2 else None


def listed_elsewhere(metric: str, listed: Container[str]) -> bool:
    """Whether ``metric`` is the same number as another metric of ``listed`` (``Metric.same_as``)."""
    entry = lookup(metric)
    return entry is not None and entry[0].same_as is not None and entry[0].same_as in listed


def metric_rows(history: list[pd.Series], lang: str) -> pd.DataFrame:
    """One row per metric of the last month of ``history`` (the engine's values per month, oldest
    first), in section and catalog order: section, metric, label, value, unit, text, meaning, trend.

    Star metrics are left out when the area is not in the five-star program (they are missing by
    rule there, not zero), and a metric listed under another name too (``Metric.same_as``: the
    same number twice would read as two). ``trend`` holds the metric's value in each month
    (``sparkline``).
    """
    now = history[-1]
    hide_stars = not in_program(now)
    names = set(now.index)
    rows = []
    for metric in now.index:
        base = split(metric)[0]
        if (hide_stars and base in STAR_BASES) or listed_elsewhere(metric, names):
            continue
        value = number(now.get(metric))
        rows.append(
            (
                section_of(metric),
                metric,
                label(metric, lang),
                value,
                "%" if is_pct(metric) else metric_unit(metric, lang),
                fmt_value(metric, value, lang),
                meaning(metric, lang),
                sparkline([number(month.get(metric)) for month in history]),
            )
        )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    order = [key for key, _ in SECTIONS] + [OTHER]
    frame["_s"] = frame["section"].map(order.index)
    frame["_c"] = frame["metric"].map(catalog_position)
    return (
        frame.sort_values(["_s", "_c", "metric"], kind="stable")
        .drop(columns=["_s", "_c"])
        .reset_index(drop=True)
    )


def search(frame: pd.DataFrame, query: str) -> pd.DataFrame:
    """Rows whose label, 口径 or metric name contains every word of ``query`` (case-insensitive)."""
    words = query.lower().split()
    if not words:
        return frame
    haystack = (frame["label"] + " " + frame["meaning"] + " " + frame["metric"]).str.lower()
    keep = pd.Series(True, index=frame.index)
    for word in words:
        keep &= haystack.str.contains(word, regex=False)
    return frame[keep]


def _plain(value: float | None) -> float | int | None:
    """An integral value as an int (``157``, not ``157.0``, in the CSV); None stays None."""
    return int(value) if value is not None and value.is_integer() else value


def export_frame(frame: pd.DataFrame, headers: dict[str, str], sections: dict[str, str]) -> pd.DataFrame:
    """The table as downloaded: section and label in the UI language, the engine's value as a
    number (empty when missing), unit, 口径 and the catalog name (to match ``python -m etl metrics``)."""
    out = pd.DataFrame(
        {
            headers["section"]: frame["section"].map(lambda s: sections.get(s, s)),
            headers["label"]: frame["label"],
            headers["value"]: pd.Series([_plain(v) for v in frame["value"]], dtype=object, index=frame.index),
            headers["unit"]: frame["unit"],
            headers["meaning"]: frame["meaning"],
            headers["metric"]: frame["metric"],
        }
    )
    return out.reset_index(drop=True)


# --- the page's model ---------------------------------------------------------------------------


@cache.model(max_entries=256)
def area_history(version: str, code: str, month: date) -> list[pd.Series]:
    """The engine's values of the area for each of the 12 months up to ``month``, in one engine call
    (a rolled-up area's stocks on the 12 month ends in one query, the flows of the 12 months in one)."""
    windows = tuple((since, as_of) for _, since, as_of in month_windows(month))
    tables = queries.metrics_periods(version, (code,), windows)
    return [tables[w].loc[code] if code in tables[w].index else pd.Series(dtype=object) for w in windows]


@dataclass(frozen=True)
class AllMetricsModel:
    """Every catalog metric of an area for a month as the page lists it (``metric_rows``), whether the
    area takes part in the five-star program, and the months of the sparklines."""

    rows: pd.DataFrame
    in_program: bool
    windows: tuple[tuple[date, date, date], ...]  # (first day, since, as_of) per month, oldest first


def model(version: str, area_code: str, month: date, lang: str) -> AllMetricsModel:
    history = area_history(version, area_code, month)
    return AllMetricsModel(metric_rows(history, lang), in_program(history[-1]), tuple(month_windows(month)))
