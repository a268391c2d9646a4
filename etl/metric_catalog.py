"""The metric catalog in code: names, order, value types and how facts become metric values.

The SQL in ``etl.metric_sql`` produces *facts* per area: plain counts and sums keyed by a name
(``"communities"``, ``"facilities_open:sports_park"``, ``"covered:sports_park"``, …). This module
turns the facts of one area into the ordered ``(metric, value)`` list of the catalog
(``shared/domain/METRICS.md``): it expands ``:KIND`` metrics, fills defaults (0 for counts and
sums), divides percentages and casts each value to its type.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

Value = int | float | None
Facts = dict[str, Any]

# Value types
COUNT = "count"  # int, 0 when no data
SUM = "sum"  # float sum (area, investment, hours), 0.0 when no data, two decimals
PCT = "pct"  # one decimal, None over an empty denominator
STAR_COUNT = "star_count"  # int, None when the area is not in the five-star program
STAR_PCT = "star_pct"  # pct, None when not in the program
TARGET = "target"  # float as stored

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


@dataclass(frozen=True)
class Metric:
    """One catalog row. ``name``, ``num`` and ``den`` may hold ``{kind}``."""

    name: str
    vtype: str = COUNT
    family: str | None = None
    num: str | None = None  # PCT: numerator fact (defaults to 0 when missing)
    den: str | None = None  # PCT: denominator fact
    scale: int = 100

    def key(self, kind: str) -> str:
        return self.name.format(kind=kind)


def _pct(
    name: str, num: str, den: str, family: str | None = None, vtype: str = PCT, scale: int = 100
) -> Metric:
    return Metric(name, vtype, family, num, den, scale)


CATALOG: tuple[Metric, ...] = (
    # Areas and communities
    Metric("streets"),
    Metric("communities"),
    Metric("communities_urban"),
    Metric("communities_village_to_urban"),
    Metric("communities_type:{kind}", family=COMMUNITY_TYPE),
    Metric("households"),
    Metric("population"),
    Metric("compounds"),
    Metric("compound_party_branches"),
    _pct("compound_branch_coverage_pct", "compound_party_branches", "compounds"),
    Metric("compounds_upgraded_old"),
    Metric("compounds_soe_property"),
    # Organizations
    Metric("community_party_orgs"),
    Metric("social_orgs"),
    Metric("social_org_members"),
    _pct("communities_meeting_social_org_minimum_pct", "communities_meeting_min", "communities"),
    Metric("professional_social_orgs"),
    Metric("volunteer_bank_members"),
    # Facilities
    Metric("facilities_open:{kind}", family=FACILITY),
    Metric("facilities_planned:{kind}", family=FACILITY),
    Metric("facilities_rebuilt:{kind}", family=FACILITY),
    Metric("facility_area_m2_open:{kind}", SUM, FACILITY),
    Metric("facility_capacity_open:{kind}", family=FACILITY),
    Metric("facility_investment_wan:{kind}", SUM, FACILITY),
    _pct("coverage_pct:{kind}", "covered:{kind}", "communities", FACILITY),
    _pct("coverage_pct:{kind}:urban", "covered_urban:{kind}", "communities_urban", FACILITY),
    _pct("communities_premises_ge_500m2_pct", "premises_ge_500", "communities"),
    _pct("communities_premises_ge_600m2_pct", "premises_ge_600", "communities"),
    _pct("communities_premises_gt_1000m2_pct", "premises_gt_1000", "communities"),
    _pct("walk_coverage_pct:{kind}", "walk_covered:{kind}", "compounds_located", FACILITY),
    # Programs
    Metric("program_communities:{kind}", family=PROGRAM),
    _pct("program_coverage_pct:{kind}", "program_communities:{kind}", "communities", PROGRAM),
    # People
    Metric("community_workers"),
    Metric("certified_social_workers"),
    _pct("certified_share_pct", "certified_social_workers", "community_workers"),
    _pct("workers_per_10k_residents", "community_workers", "population", scale=10_000),
    Metric("two_committee_members"),
    Metric("grid_workers"),
    Metric("reserve_cadres"),
    # Activity (flow)
    Metric("activities"),
    Metric("participants"),
    Metric("activities:{kind}", family=ACTIVITY),
    Metric("participants:{kind}", family=ACTIVITY),
    Metric("social_org_activities"),
    Metric("social_org_participants"),
    Metric("volunteer_hours", SUM),
    Metric("active_volunteers"),
    Metric("volunteer_bank_services"),
    Metric("points_earned"),
    Metric("points_redeemed"),
    Metric("returnee_registrations"),
    # Five-star creation
    Metric("star_level_communities:{kind}", STAR_COUNT, STAR_LEVEL),
    _pct("star_awarded_pct:{kind}", "star_awarded:{kind}", "assessed", STAR, STAR_PCT),
    Metric("five_star_communities", STAR_COUNT),
    Metric("four_plus_star_communities", STAR_COUNT),
    Metric("target:{kind}", TARGET, TARGET_METRIC),
)


def metric_names() -> list[str]:
    """The fixed (non-``:KIND``) metric names, in catalog order."""
    return [m.name for m in CATALOG if m.family is None]


def round_half_up(value: Fraction, decimals: int = 1) -> float:
    """Round an exact fraction half away from zero (like SQL ``round``), return a float."""
    step = Fraction(1, 10**decimals)
    units = abs(value) / step
    rounded = int(units + Fraction(1, 2))
    return float((rounded if value >= 0 else -rounded) * step)


def percentage(num: Any, den: Any, scale: int = 100) -> float | None:
    """``num / den * scale`` to one decimal, exact for integer inputs; None when ``den`` is 0."""
    if den is None or den == 0:
        return None
    return round_half_up(Fraction(num or 0) * scale / Fraction(den))


def _count(value: Any) -> int:
    return 0 if value is None else int(round(value))


def _sum(value: Any) -> float:
    return 0.0 if value is None else round(float(value), FLOAT_DECIMALS)


def _value(metric: Metric, kind: str, facts: Facts, in_program: bool) -> Value:
    key = metric.key(kind)
    if metric.vtype in (STAR_COUNT, STAR_PCT) and not in_program:
        return None
    if metric.vtype in (PCT, STAR_PCT):
        assert metric.num is not None and metric.den is not None
        return percentage(facts.get(metric.num.format(kind=kind)), facts.get(metric.den), metric.scale)
    if metric.vtype == SUM:
        return _sum(facts.get(key))
    if metric.vtype == TARGET:
        return float(facts[key])
    return _count(facts.get(key))


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


def assemble(facts: Facts, table_kinds: dict[str, list[str]]) -> list[tuple[str, Value]]:
    """The ordered metric list of one area from its facts and the kinds present in the data."""
    in_program = bool(facts.get("in_program"))
    out: list[tuple[str, Value]] = []
    for metric in CATALOG:
        for kind in _kinds(metric, table_kinds, facts):
            out.append((metric.key(kind), _value(metric, kind, facts, in_program)))
    return out
