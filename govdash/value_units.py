"""How a charted value is worded in its tooltip: its unit from the catalog and, for a compared
value, per what (``场/千人``, ``h per 1,000 residents``). One rule for the overview's comparison and
the volunteer page's rates; the bars' own labels show the number alone."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from govdash import ranking
from govdash.coverage_standards import PER_HH_BLANK, PREMISES_BLANK
from govdash.formatting import fmt_clauses, fmt_count, fmt_decimal, fmt_list, number
from govdash.i18n import tr
from govdash.metric_labels import fmt_number, is_pct, metric_unit

# What a per-basis value is counted per: basis -> (zh, en)
PER: dict[str, tuple[str, str]] = {
    ranking.PER_1K: ("千人", "1,000 residents"),
    ranking.PER_COMMUNITY: ("社区", "community"),
}


def value_unit(metric: str, basis: str, lang: str) -> str:
    """What a compared value counts: ``场/千人``, ``per 1,000 residents``, ``小时``; "" for a
    percentage, whose value says it."""
    unit = "" if is_pct(metric) else metric_unit(metric, lang)
    if basis not in PER:
        return unit
    zh, en = PER[basis]
    if lang == "en":
        return f"{unit} per {en}".strip()
    return f"{unit}/{zh}" if unit else f"每{zh}"


def value_text(value: float | None, metric: str, basis: str, lang: str) -> str:
    """A compared value's number: a per-basis rate with one decimal, else as the catalog formats it."""
    if basis in (ranking.PER_1K, ranking.PER_COMMUNITY):
        return fmt_decimal(value)
    return fmt_number(metric, value, lang)


def with_unit(number: str, metric: str, lang: str, basis: str = ranking.ABSOLUTE) -> str:
    """``number`` (a value or a plotly placeholder such as ``%{y:,}``) followed by what it counts
    (``value_unit``), e.g. ``%{y:,} 场``; the number alone when there is nothing to add."""
    unit = value_unit(metric, basis, lang)
    return f"{number} {unit}" if unit else number


def labelled(label: str, value: str, lang: str) -> str:
    """``label：value`` in Chinese, ``label: value`` in English (a tooltip line)."""
    return f"{label}: {value}" if lang == "en" else f"{label}：{value}"


def unpopulated_note(result: ranking.Ranking, names: Mapping[str, str], lang: str) -> str | None:
    """The sub-areas a per-1,000 comparison leaves out because their population is blank (wholly or
    for one of their communities), by name; None when it leaves none out."""
    if not result.unpopulated:
        return None
    return tr("rank_unpopulated", lang, names=fmt_list((names.get(c, c) for c in result.unpopulated), lang))


def average_area(result: ranking.Ranking, area: str, sub_level: str, lang: str) -> str:
    """Whose average the chart draws: the parent ``area``'s, or the compared sub-areas' own when the
    parent has none (``Ranking.pooled``)."""
    return tr(f"rank_pooled_{sub_level}", lang) if result.pooled else area


def _rows_with(table: pd.DataFrame, column: str) -> list[str]:
    blank = pd.to_numeric(table.get(column, pd.Series(dtype=float)), errors="coerce").fillna(0)
    return [c for c in table.index if blank.get(c, 0) > 0]


def blank_rows(table: pd.DataFrame, names: Mapping[str, str], lang: str) -> list[str]:
    """For a table of areas (index area code): which rows read — where a value per head or a premises
    share should be, because a community of theirs left an input blank (the counts
    ``ranking.UNPOPULATED`` and ``coverage_standards.PER_HH_BLANK``, which the table must carry)."""
    notes = []
    for column, key in (
        (ranking.UNPOPULATED, "rate_unpopulated_rows"),
        (PER_HH_BLANK, "share_premises_blank_rows"),
    ):
        if codes := _rows_with(table, column):
            notes.append(tr(key, lang, names=fmt_list((names.get(c, c) for c in codes), lang)))
    return notes


def shares_blank(metrics: Mapping, lang: str) -> str | None:
    """Why an area's premises shares read —: how many of its communities left the premises area (or,
    for the share per 100 households, the households) blank; None when none did."""
    premises = number(metrics.get(PREMISES_BLANK)) or 0
    per_hh = number(metrics.get(PER_HH_BLANK)) or 0
    parts = [tr("share_premises_blank", lang, n=fmt_count(premises, lang))] if premises else []
    if per_hh > premises:  # some communities have their premises area but not their households
        parts.append(tr("share_per_hh_blank", lang, n=fmt_count(per_hh, lang)))
    return fmt_clauses(parts, lang) if parts else None


def why_missing(metrics: Mapping, lang: str) -> list[tuple[str, tuple[str, ...]]]:
    """Why an area's rates per head and premises shares read —, one (sentence, the catalog counts it
    gives) per reason: a population, a premises area or households left blank. For the coverage
    standards on the page and in the report."""
    reasons = (
        (rate_unpopulated(metrics, lang), (ranking.UNPOPULATED,)),
        (shares_blank(metrics, lang), (PREMISES_BLANK, PER_HH_BLANK)),
    )
    return [(why, counts) for why, counts in reasons if why]


def rate_unpopulated(metrics: Mapping, lang: str) -> str | None:
    """Why an area's rates per head read —: how many of its communities left their population blank
    (the catalog's rule for its rates); None when none did."""
    blank = number(metrics.get(ranking.UNPOPULATED))
    return tr("rate_unpopulated", lang, n=fmt_count(blank, lang)) if blank else None
