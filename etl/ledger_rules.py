"""The ledger's item rules (挂图作战): one rule per kind of thing that must change for a target to be met.

Each rule names the catalog metric it serves (``metric``: a name or a pattern with ``{kind}`` /
``{m2}``), so a target row on that metric turns the rule on for the target's area. The rule's SQL
lists the items of every state of the data: it reads ``s_<dataset>`` relations with a ``bid`` column
(the rows as they stood after batch ``bid``, see ``etl.ledger``) and returns

    bid, item_key, community_code, item_name, lon, lat, done, done_on, have, need

``done`` is the condition of the metric's numerator on ``$as_of`` (the same rule as
``etl.metric_sql``), ``done_on`` the data date on which it became true (NULL when the data has none),
``have`` / ``need`` what the item has and needs (counts, m², star level; NULL when not a number).

Values are bound parameters (``$as_of``, ``$codes``, ``$kind``, ``$m2``, ``$threshold``,
``$capstone``, ``$rural``); the only literals are canonical enum values of the registry.

Folding into the catalog (``etl.metric_catalog``): a ``ledger_kind`` field on the ``Metric`` rows
named here (``compound_branch_coverage_pct`` → ``compound_no_branch`` …) and ``LEDGER_RULES``
looked up through it; until then ``rule_for_metric`` is the link.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from etl.star_sql import LEVEL, awarded

PCT = "pct"  # target is a percentage of the items (all of them must be done for 100)
COUNT = "count"  # target is a number of done items


@dataclass(frozen=True)
class LedgerRule:
    kind: str
    metric: str  # catalog metric (pattern) whose target turns the rule on
    target_type: str  # PCT or COUNT: how the target value becomes a number of done items
    grain: str  # compound | facility | community
    datasets: tuple[str, ...]  # the datasets the SQL reads (their batches are the states)
    sql: str
    label_zh: str
    label_en: str
    missing_zh: str  # what is missing, with {have} / {need} / {name}
    missing_en: str
    unit_zh: str = "项"
    unit_en: str = "items"
    # what is missing when the value to judge was left blank (``have`` None): not "— m²"
    unknown_zh: str | None = None
    unknown_en: str | None = None

    def match(self, metric: str) -> dict[str, str] | None:
        """The pattern's parameters when ``metric`` is one this rule serves, else None."""
        pattern = re.escape(self.metric).replace(r"\{kind\}", "(?P<kind>[a-z_]+)")
        pattern = pattern.replace(r"\{m2\}", "(?P<m2>[0-9]+)")
        found = re.fullmatch(pattern, metric)
        return None if found is None else found.groupdict()

    def required(self, target_value: float, items: int, of_all: int | None = None) -> float:
        """Done items a target asks of ``items`` items: a percentage target that share of them
        (rounded up), a count target its number; ``of_all``: the target's items when ``items`` are a
        part of them (a street's part of a district's count target is in proportion to its items)."""
        if self.target_type == PCT:
            return math.ceil(target_value * items / 100 - 1e-9)
        of_all = items if of_all is None else of_all
        return target_value * items / of_all if of_all else 0.0

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_zh

    def missing(self, lang: str, **values: object) -> str:
        text = self.missing_en if lang == "en" else self.missing_zh
        if values.get("have") is None and self.unknown_zh is not None and self.unknown_en is not None:
            text = self.unknown_en if lang == "en" else self.unknown_zh
        return text.format(**{k: _fmt(v) for k, v in values.items()})


def _fmt(value: object) -> str:
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return "—" if value is None else str(value)


_EXISTS = "(built_year IS NULL OR built_year <= year($as_of::DATE))"


def _star_sql(level: int) -> str:
    """Communities in the five-star program below ``level`` in their latest year <= as_of."""
    return f"""
WITH fs AS (
    SELECT bid, community_code, year, star, {awarded("")} AS aw
    FROM s_five_star WHERE year <= year($as_of::DATE) AND community_code IN (SELECT unnest($codes))
), lv AS (SELECT bid, community_code, year, {LEVEL} AS level FROM fs GROUP BY ALL),
latest AS (SELECT bid, community_code, max(year) AS year FROM lv GROUP BY ALL)
SELECT l.bid, l.community_code AS item_key, l.community_code, NULL::VARCHAR AS item_name,
       NULL::DOUBLE AS lon, NULL::DOUBLE AS lat, l.level >= {level} AS done,
       least(make_date(l.year, 12, 31), $as_of::DATE) AS done_on, l.level::DOUBLE AS have,
       {level}::DOUBLE AS need
FROM lv l JOIN latest USING (bid, community_code, year)"""


RULES: tuple[LedgerRule, ...] = (
    LedgerRule(
        "compound_no_branch",
        "compound_branch_coverage_pct",
        PCT,
        "compound",
        ("compounds",),
        f"""
SELECT bid, community_code || chr(31) || compound_name AS item_key, community_code,
       compound_name AS item_name, lon, lat,
       coalesce(party_branch_founded_date <= $as_of::DATE, false) AS done,
       party_branch_founded_date AS done_on, NULL::DOUBLE AS have, NULL::DOUBLE AS need
FROM s_compounds WHERE {_EXISTS} AND community_code IN (SELECT unnest($codes))""",
        "小区未建党支部",
        "Compound without a party branch",
        "小区党支部",
        "A compound party branch",
        "个小区",
        "compounds",
    ),
    LedgerRule(
        "old_compound_not_renovated",
        "compounds_upgraded_old",
        COUNT,
        "compound",
        ("compounds",),
        f"""
SELECT bid, community_code || chr(31) || compound_name AS item_key, community_code,
       compound_name AS item_name, lon, lat,
       coalesce(renovated_year <= year($as_of::DATE), false) AS done,
       make_date(renovated_year, 1, 1) AS done_on, NULL::DOUBLE AS have, NULL::DOUBLE AS need
FROM s_compounds
WHERE is_old_compound AND {_EXISTS} AND community_code IN (SELECT unnest($codes))""",
        "老旧小区未改造",
        "Old compound not renovated",
        "老旧小区改造",
        "Renovation of the old compound",
        "个小区",
        "compounds",
    ),
    LedgerRule(
        "facility_not_open",
        "facilities_open:{kind}",
        COUNT,
        "facility",
        ("facilities",),
        """
SELECT bid, area_code || chr(31) || facility_name AS item_key, area_code AS community_code,
       facility_name AS item_name, lon, lat,
       coalesce(opened_date <= $as_of::DATE, false) AS done, opened_date AS done_on,
       NULL::DOUBLE AS have, NULL::DOUBLE AS need
FROM s_facilities
WHERE facility_kind = $kind AND area_code IN (SELECT unnest($codes))
  AND (closed_date IS NULL OR closed_date > $as_of::DATE)
  AND (planned_date IS NULL OR planned_date <= $as_of::DATE OR opened_date <= $as_of::DATE)""",
        "规划设施未建成启用",
        "Planned facility not yet open",
        "设施建成启用",
        "The facility opened",
        "个设施",
        "facilities",
    ),
    LedgerRule(
        "premises_below_standard",
        "communities_premises_ge_{m2}m2_pct",
        PCT,
        "community",
        ("areas",),
        """
SELECT bid, area_code AS item_key, area_code AS community_code, NULL::VARCHAR AS item_name,
       lon, lat, coalesce(premises_area_m2 >= $m2::DOUBLE, false) AS done, NULL::DATE AS done_on,
       premises_area_m2 AS have, $m2::DOUBLE AS need
FROM s_areas WHERE level = 'community' AND area_code IN (SELECT unnest($codes))""",
        "社区用房面积未达标",
        "Community premises below the standard area",
        "办公服务用房 {have} 平方米，需达 {need} 平方米",
        "Premises {have} m², needs {need} m²",
        "个社区",
        "communities",
        unknown_zh="办公服务用房面积未填报，需达 {need} 平方米",
        unknown_en="Premises area not filled in, needs {need} m²",
    ),
    LedgerRule(
        "social_org_below_minimum",
        "communities_meeting_social_org_minimum_pct",
        PCT,
        "community",
        ("areas", "organizations"),
        """
WITH comm AS (
    SELECT bid, area_code, lon, lat,
           CASE WHEN list_contains($rural::VARCHAR[], community_type) THEN 5 ELSE 10 END AS need
    FROM s_areas WHERE level = 'community' AND area_code IN (SELECT unnest($codes))
), orgs AS (
    SELECT bid, area_code, list_sort(list(coalesce(founded_date, DATE '1949-10-01'))) AS founded
    FROM s_organizations
    WHERE org_kind = 'social_org' AND (founded_date IS NULL OR founded_date <= $as_of::DATE)
      AND (closed_date IS NULL OR closed_date > $as_of::DATE) AND area_code IN (SELECT unnest($codes))
    GROUP BY ALL
)
SELECT c.bid, c.area_code AS item_key, c.area_code AS community_code, NULL::VARCHAR AS item_name,
       c.lon, c.lat, coalesce(len(o.founded), 0) >= c.need AS done,
       CASE WHEN coalesce(len(o.founded), 0) >= c.need THEN o.founded[c.need] END AS done_on,
       coalesce(len(o.founded), 0)::DOUBLE AS have, c.need::DOUBLE AS need
FROM comm c LEFT JOIN orgs o ON o.bid = c.bid AND o.area_code = c.area_code""",
        "社区社会组织未达最低数",
        "Community below the social-organisation minimum",
        "社区社会组织 {have} 个，需不少于 {need} 个",
        "Social organisations {have}, needs at least {need}",
        "个社区",
        "communities",
    ),
    LedgerRule(
        "star_below_four",
        "four_plus_star_communities",
        COUNT,
        "community",
        ("five_star",),
        _star_sql(4),
        "社区未达四星",
        "Community below four stars",
        "现为 {have} 星，目标四星及以上",
        "Star level {have} now, target four or more",
        "个社区",
        "communities",
    ),
    LedgerRule(
        "star_below_five",
        "five_star_communities",
        COUNT,
        "community",
        ("five_star",),
        _star_sql(5),
        "社区未达五星",
        "Community below five stars",
        "现为 {have} 星，目标五星",
        "Star level {have} now, target five",
        "个社区",
        "communities",
    ),
)
LEDGER_RULES: dict[str, LedgerRule] = {r.kind: r for r in RULES}


def rule_for_metric(metric: str) -> tuple[LedgerRule, dict[str, str]] | None:
    """The rule serving a catalog metric (a target's ``metric``) and the pattern's parameters."""
    for rule in RULES:
        found = rule.match(metric)
        if found is not None:
            return rule, found
    return None
