"""The metric catalog: every metric declared once, and how facts become metric values.

Each ``Metric`` (``etl.metric_catalog.entries``) carries its name, Chinese and English label and
unit, meaning (口径), computation rule, how it aggregates over areas and over periods, its number
format, the datasets it reads and the fact groups the engine must compute for it. Labels
(``govdash.metric_labels``), the report's definitions slide and ``docs/metric-rules.md``
(``etl.metric_catalog.docs``) are generated from it.

The SQL in ``etl.metric_sql`` produces *facts* per area: plain counts and sums keyed by a name
(``"communities"``, ``"facilities_open:sports_park"``, ``"covered:sports_park"``, …). ``assemble``
turns the facts of one area into the ordered ``(metric, value)`` list: it expands ``:KIND``
metrics, fills defaults (0 for counts and sums, None for flows nobody reported), divides
percentages and casts each value to its type.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from etl.metric_catalog.entries import CATALOG, RURAL_TYPES, SECTIONS, SOCIAL_ORG_MINIMUM, social_org_minimum
from etl.metric_catalog.model import (
    ACTIVITY,
    COMMUNITY_TYPE,
    COUNT,
    FACILITY,
    FLOAT_DECIMALS,
    GROUPS,
    PCT,
    PROGRAM,
    STAR,
    STAR_COUNT,
    STAR_LEVEL,
    STAR_LEVELS,
    STAR_PCT,
    SUM,
    TABLE_FAMILIES,
    TARGET,
    TARGET_METRIC,
    Metric,
)

__all__ = [
    "ACTIVITY",
    "CATALOG",
    "COMMUNITY_TYPE",
    "COUNT",
    "FACILITY",
    "GROUPS",
    "PCT",
    "PROGRAM",
    "RURAL_TYPES",
    "SECTIONS",
    "SOCIAL_ORG_MINIMUM",
    "STAR",
    "STAR_COUNT",
    "STAR_LEVEL",
    "STAR_PCT",
    "SUM",
    "TABLE_FAMILIES",
    "TARGET",
    "TARGET_METRIC",
    "Metric",
    "assemble",
    "fmt_value",
    "lookup",
    "metric_names",
    "percentage",
    "round_half_up",
    "select",
    "social_org_minimum",
    "unreported_of",
]

Value = int | float | None
Facts = dict[str, Any]

BY_NAME: dict[str, Metric] = {m.name: m for m in CATALOG}
# the most specific pattern first: ``coverage_pct:{kind}:urban`` before ``coverage_pct:{kind}``
_PATTERNS: list[tuple[re.Pattern[str], Metric]] = sorted(
    (
        (re.compile("^" + re.escape(m.name).replace(re.escape("{kind}"), "(?P<kind>.+?)") + "$"), m)
        for m in CATALOG
        if m.family is not None
    ),
    key=lambda p: -len(p[1].name),
)


def metric_names() -> list[str]:
    """The fixed (non-``:KIND``) metric names, in catalog order."""
    return [m.name for m in CATALOG if m.family is None]


def unreported_of(name: str) -> str | None:
    """The count of the rows a sum leaves out because their value is blank, or of the communities
    whose blank denominator makes a rate missing (``Metric.unreported``): expanded for an expanded
    name (``facility_investment_unreported:park``), as declared for a declared one (``…:{kind}``);
    None when the metric has none."""
    found = lookup(name)
    if found is None or found[0].unreported is None:
        return None
    metric, kind = found
    return metric.unreported.format(kind=kind) if kind else metric.unreported


def lookup(name: str) -> tuple[Metric, str] | None:
    """The catalog entry of a metric name (fixed, pattern or expanded) and its kind ('' if none)."""
    if name in BY_NAME:
        return BY_NAME[name], ""
    for pattern, metric in _PATTERNS:
        found = pattern.match(name)
        # a kind has no ``:``, except a target's: its kind is a metric name (``target:coverage_pct:park``)
        if found and (":" not in found.group("kind") or metric.family == "target"):
            return metric, found.group("kind")
    return None


class Selection:
    """Which metrics a caller asked for: whole catalog entries, or single expanded names."""

    def __init__(self, names: Iterable[str] | None) -> None:
        self.all = names is None
        self.entries: set[str] = set()
        self.exact: set[str] = set()
        self.metrics: list[Metric] = list(CATALOG) if names is None else []
        self.names: set[str] = {m.name for m in self.metrics}  # of the entries (no dataclass compares)
        for name in names or ():
            found = lookup(name)
            if found is None:
                raise ValueError(f"未知指标 / unknown metric: {name}")
            metric, kind = found
            (self.exact if kind else self.entries).add(name if kind else metric.name)
            if metric.name not in self.names:
                self.metrics.append(metric)
                self.names.add(metric.name)

    @property
    def ordered(self) -> list[Metric]:
        """The selected catalog entries in catalog order (computed once: ``assemble`` runs per area)."""
        if not hasattr(self, "_ordered"):
            self._ordered = [m for m in CATALOG if m.name in self.names]
        return self._ordered

    def wants(self, metric: Metric, key: str) -> bool:
        return self.all or metric.name in self.entries or key in self.exact

    def covers(self, key: str) -> bool:
        """Whether ``key``, a metric name as the engine returns it (``coverage_pct:park``), is selected."""
        found = lookup(key)
        return found is not None and found[0].name in self.names and self.wants(found[0], key)

    def groups(self) -> set[str]:
        """The engine's fact groups these metrics need."""
        return {g for m in self.metrics for g in m.groups}

    def datasets(self) -> frozenset[str] | None:
        """The datasets these metrics read (``Metric.inputs``); None for the whole catalog."""
        return None if self.all else frozenset(d for m in self.metrics for d in m.inputs)


def select(names: Iterable[str] | None) -> Selection:
    return Selection(names)


def round_half_up(value: Fraction, decimals: int = 1) -> float:
    """Round an exact fraction half away from zero (like SQL ``round``), return a float."""
    step = Fraction(1, 10**decimals)
    units = abs(value) / step
    rounded = int(units + Fraction(1, 2))
    return float((rounded if value >= 0 else -rounded) * step)


def _integral(value: Any) -> int | None:
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


# A float fact is a sum of values with a few decimals (hours, m²), and its last bits depend on the
# order DuckDB added them in (978.4999999999999 or 978.5): a ratio reads it to this many decimals.
FACT_DECIMALS = 6


def _micro(value: Any) -> int:
    """A fact in millionths, exactly: an int as it is, a float as its decimal value to
    FACT_DECIMALS places, so a ratio's rounding never depends on the order of a sum."""
    if isinstance(value, int):
        return value * 10**FACT_DECIMALS
    return int(f"{float(value):.{FACT_DECIMALS}f}".replace(".", ""))


def percentage(num: Any, den: Any, scale: int = 100) -> float | None:
    """``num / den * scale`` to one decimal, rounded half away from zero (like ``round_half_up``),
    exact for integer inputs and for float inputs to FACT_DECIMALS places; None when ``den`` is 0."""
    if den is None or den == 0:
        return None
    if type(num) is int and type(den) is int:  # the usual case: counts (bool is not one)
        n, d = num, den
    else:
        n, d = _integral(num or 0), _integral(den)
    if n is None or d is None:  # in millionths: the same ratio, in integers
        n, d = _micro(num or 0), _micro(den)
        if d == 0:  # a float den that reads 0 to FACT_DECIMALS places
            raise ZeroDivisionError(f"{den!r} is 0 to {FACT_DECIMALS} decimals")
    tenths = (20 * abs(n) * scale + abs(d)) // (2 * abs(d))
    return (tenths if (n < 0) == (d < 0) or tenths == 0 else -tenths) / 10


def _count(value: Any) -> int:
    return 0 if value is None else int(round(value))


def _sum(value: Any) -> float:
    return 0.0 if value is None else round(float(value), FLOAT_DECIMALS)


@dataclass(frozen=True)
class _Spec:
    """What ``_value`` reads for one metric and kind: the names formatted once, not per area."""

    key: str
    fact: str
    num: str | None
    den: str | None
    # a flow's fact that says whether any community of the area reported its dataset in the window
    # (None when nobody did: the flow is missing, not 0)
    reporting: str | None
    unreported: str | None  # a sum's or a rate's count of rows without a value (``Metric.unreported``)
    filled: str | None  # ``_filled``: absent while the dataset was reported, no row had the column filled in
    needs: str | None  # ``Metric.needs``


def _filled(metric: Metric, num: str | None) -> str | None:
    """The fact a metric needs filled in: a flow's own (of no kind) and a rate's flow numerator.
    Sums leave a column that no row of the window has filled in out of the facts, so when the area
    reported the dataset, that fact's absence means the column was left blank (not known, not 0),
    where a kind's absence means no row of the kind (0)."""
    if metric.dataset is None or metric.family is not None:
        return None
    if metric.vtype not in (PCT, STAR_PCT):
        return metric.fact or metric.name
    base = BY_NAME.get(num or "")
    return num if base is not None and _filled(base, None) == num else None


BLANK_FLOW = "Empty, not 0, when the area reported the dataset but no row of the window has it filled in."


def blank_rule(metric: Metric) -> str:
    """``_filled``'s rule in words, for a metric it applies to by its own column (``BLANK_FLOW``; a
    rate's rule says it of its numerator), else ""."""
    own = metric.vtype not in (PCT, STAR_PCT) and _filled(metric, None) is not None
    return BLANK_FLOW if own else ""


@functools.cache
def _spec(name: str, kind: str) -> _Spec:
    metric = BY_NAME[name]
    key = metric.key(kind)
    return _Spec(
        key=key,
        fact=metric.fact or key,
        num=metric.num.format(kind=kind) if metric.num is not None else None,
        den=metric.den.format(kind=kind) if metric.den is not None else None,
        reporting=None if metric.dataset is None else f"reporting_communities:{metric.dataset}",
        unreported=metric.unreported.format(kind=kind) if metric.unreported is not None else None,
        filled=_filled(metric, metric.num),
        needs=metric.needs,
    )


def _value(metric: Metric, spec: _Spec, facts: Facts, in_program: bool) -> Value:
    if metric.vtype in (STAR_COUNT, STAR_PCT) and not in_program:
        return None
    if spec.reporting is not None and not facts.get(spec.reporting):
        return None
    if spec.filled is not None and facts.get(spec.filled) is None:
        return None  # reported, but the column left blank in every row of the window
    if metric.vtype in (PCT, STAR_PCT):
        assert spec.num is not None and spec.den is not None
        if spec.unreported is not None and facts.get(spec.unreported):
            return None  # a denominator that leaves communities out: the rate would count them
        return percentage(facts.get(spec.num), facts.get(spec.den), metric.scale)
    if spec.unreported is not None and facts.get(spec.fact) is None and facts.get(spec.unreported):
        return None  # rows to sum, none of them filled in: not known, not 0
    if spec.needs is not None and not facts.get(spec.needs):
        return None  # nothing of the kind registered in the area: held above it, not 0
    if metric.vtype == SUM:
        return _sum(facts.get(spec.fact))
    if metric.vtype == TARGET:
        return float(facts[spec.fact])
    if metric.summed:
        return sum(_count(facts.get(part)) for part in metric.summed)
    return _count(facts.get(spec.fact))


_NO_KIND = ("",)


def _kinds(metric: Metric, table_kinds: dict[str, list[str]], facts: Facts) -> list[str]:
    if metric.family is None:
        return [""]
    if metric.family in TABLE_FAMILIES:
        return table_kinds.get(metric.family, [])
    if metric.family == STAR_LEVEL:
        return list(STAR_LEVELS)
    prefix = "star_awarded:" if metric.family == STAR else "target:"
    return sorted(k[len(prefix) :] for k in facts if k.startswith(prefix))


def fmt_value(value: object) -> str:
    """A metric value as CLI text: empty for None, integral floats without decimals."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.10g}" if value != int(value) else f"{int(value)}"
    return str(value)


def assemble(
    facts: Facts, table_kinds: dict[str, list[str]], selection: Selection | None = None
) -> list[tuple[str, Value]]:
    """The ordered metric list of one area from its facts and the kinds present in the data."""
    in_program = bool(facts.get("in_program"))
    out: list[tuple[str, Value]] = []
    for metric in CATALOG if selection is None else selection.ordered:
        kinds = _NO_KIND if metric.family is None else _kinds(metric, table_kinds, facts)
        for kind in kinds:
            spec = _spec(metric.name, kind)
            if selection is None or selection.wants(metric, spec.key):
                out.append((spec.key, _value(metric, spec, facts, in_program)))
    return out
