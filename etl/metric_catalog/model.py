"""What a catalog entry declares (``Metric``) and the vocabularies it uses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Value types
COUNT = "count"  # int, 0 when no data
SUM = "sum"  # float sum (area, investment, hours), two decimals: 0.0 when nothing to sum, missing
# when every row to sum left its value unfilled (``Metric.unreported``)
PCT = "pct"  # one decimal, None over an empty denominator (also per-1,000 / per-10,000 rates)
STAR_COUNT = "star_count"  # int, None when the area is not in the five-star program
STAR_PCT = "star_pct"  # pct, None when not in the program
TARGET = "target"  # float as stored

NUMBER_FORMATS = {
    COUNT: "integer",
    SUM: "two decimals",
    PCT: "one decimal",
    STAR_COUNT: "integer; empty outside the five-star program",
    STAR_PCT: "one decimal; empty outside the five-star program",
    TARGET: "as stored",
}

# Kind families: where the kinds of a ``:KIND`` metric come from
COMMUNITY_TYPE = "community_type"  # areas.community_type present in the data
FACILITY = "facility"  # facilities.facility_kind present in the data
PROGRAM = "program"  # programs.program_kind present in the data
ACTIVITY = "activity"  # activity.activity_type present in the data
STAR_LEVEL = "star_level"  # 0..5
STAR = "star"  # stars present in the area's assessment year
TARGET_METRIC = "target"  # metrics with a target row for the exact area

TABLE_FAMILIES = (COMMUNITY_TYPE, FACILITY, PROGRAM, ACTIVITY)
STAR_LEVELS = tuple(str(n) for n in range(6))
FLOAT_DECIMALS = 2

# Fact groups of the engine (``etl.metric_sql``): a request runs only the SQL of the groups its
# metrics need. ``flow`` is computed for every requested period in one query; the others per date.
AREA, KIND, WALK, FLOW, STARS, TARGETS = "area", "kind", "walk", "flow", "star", "target"
GROUPS = (AREA, KIND, WALK, FLOW, STARS, TARGETS)

# How a metric aggregates over areas (an area's value from its communities)
SUMMED = "sum over the communities (and organizations/facilities registered above them)"
RATIO = "ratio of the summed numerator and denominator (never an average of ratios)"
COUNTED = "count of the communities that meet the rule"
PEAK = "monthly totals over the communities, then the peak month"
OWN = "set for the exact area (not aggregated)"
LEVELS = "count of the assessed communities"

# How a metric aggregates over periods
STOCK = "stock: the state on `as_of`"
FLOW_SUM = "flow: sum over the months of the window; empty when no community reported the dataset"
FLOW_PEAK = "flow: peak month of the window; empty when no community reported the dataset"
FLOW_COUNT = "flow: communities with at least one row of the dataset in the window"
YEAR = "the latest assessment year `<= year(as_of)`"
DUE = "the target due next on `as_of` (else the latest)"


@dataclass(frozen=True)
class Metric:
    """One catalog entry. ``name``, ``num`` and ``den`` may hold ``{kind}``."""

    name: str
    vtype: str = COUNT
    family: str | None = None
    num: str | None = None  # PCT: numerator fact (defaults to 0 when missing)
    den: str | None = None  # PCT: denominator fact
    scale: int = 100
    label: tuple[str, str] = ("", "")  # zh, en; may hold {kind}
    unit: tuple[str, str] = ("", "")  # zh, en
    meaning: tuple[str, str] = ("", "")  # 口径 in one sentence, zh and en
    rule: str = ""  # how it is computed (English, markdown), for docs/metric-rules.md
    over_areas: str = SUMMED
    over_periods: str = STOCK
    inputs: tuple[str, ...] = ()  # datasets read
    groups: tuple[str, ...] = (AREA,)  # engine fact groups needed
    fact: str | None = None  # the fact read when it is not named like the metric
    summed: tuple[str, ...] = ()  # a count that is the sum of these facts (levels 3, 4 and 5)
    same_as: str | None = None  # the same number as this metric, kept under its own (published) name
    dataset: str | None = None  # flows: the dataset whose reporting decides "missing" (None)
    kind_word: tuple[str, str] = ("", "")  # generic word for {kind} in definitions (各类设施)
    # a sum's fact counting the rows to sum whose value is not filled in; when there are such rows
    # and no filled one, the sum is missing (None), not 0. A rate's (PCT) counts the communities whose
    # denominator is not filled in; when there is one, the rate is missing: its numerator would count
    # what its denominator leaves out (activities of a community over the others' population)
    unreported: str | None = None
    # a count of the items a sum is over; when the area has none of them the sum is missing (None),
    # not 0: what they hold is registered elsewhere (a points bank above the area serves it)
    needs: str | None = None

    def key(self, kind: str) -> str:
        return self.name.format(kind=kind)

    @property
    def base(self) -> str:
        """The name before the first ``:`` (``coverage_pct`` for ``coverage_pct:{kind}:urban``)."""
        return self.name.split(":")[0]

    @property
    def number_format(self) -> str:
        return NUMBER_FORMATS[self.vtype]

    @property
    def is_flow(self) -> bool:
        return FLOW in self.groups


def m(
    name: str, zh: str, en: str, unit: tuple[str, str], meaning: tuple[str, str], rule: str, **kw: Any
) -> Metric:
    """A catalog entry: name, labels, unit, meaning (口径) and rule, then the other fields."""
    inputs = kw.pop("inputs", ("areas",))
    return Metric(name, label=(zh, en), unit=unit, meaning=meaning, rule=rule, inputs=inputs, **kw)


def pct(
    name: str, num: str, den: str, zh: str, en: str, meaning: tuple[str, str], rule: str, **kw: Any
) -> Metric:
    unit = kw.pop("unit", ("%", "%"))
    kw.setdefault("over_areas", RATIO)
    kw.setdefault("vtype", PCT)
    return m(name, zh, en, unit, meaning, rule, num=num, den=den, **kw)
