"""Checks that keep implausible rows out: events in the future, the area tree, unknown target metrics.

Like ``etl.checks``, each rule is a WHERE clause over the staging table ``s`` (plus joins): counted
cheaply by ``checks.failing`` and listed with the file's text only when it fails.

- a date, month or year of an event (``Column.not_future``: opened, founded, built, …) must not
  lie after the day of the load;
- the area tree: a code starts with its parent's code (which also rules out cycles: a parent's
  code is always shorter, or a 6-digit prefix), and levels nest (community → street → district →
  city/province → country);
- a target names a metric of the catalog (``etl.metric_catalog``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from etl.metric_catalog import CATALOG, metric_names
from etl.sqlutil import q

if TYPE_CHECKING:
    from etl.staged import Staged

# level -> levels its parent may have
PARENT_LEVELS = {
    "community": ("street",),
    "street": ("district",),
    "district": ("city", "province"),
    "city": ("province",),
    "province": ("country",),
}
CODE_LENGTH_SQL = "CASE s.level WHEN 'street' THEN 9 WHEN 'community' THEN 12 ELSE 6 END"


@dataclass
class Rule:
    name: str  # in ``checks.failing``'s set
    code: str  # the problem code
    column: str  # the column reported
    where: str  # over ``s`` and ``joins``
    joins: str = ""
    bind: dict[str, object] = field(default_factory=dict)  # query parameters
    params: dict[str, str] = field(default_factory=dict)  # message parameters
    extra: dict[str, str] = field(default_factory=dict)  # message parameter -> SQL of the row


def _valid(staged: Staged, columns: list[str]) -> str:
    conds = [f"s.{q('p_' + c)} IS NULL" for c in columns if c in staged.mapping.positions]
    return " AND ".join(conds) or "true"


def future_rules(staged: Staged, today: date) -> list[Rule]:
    """An event column after the day of the load (the period column has its own check)."""
    out = []
    for col in staged.dataset.columns:
        if (
            not col.not_future
            or col.name not in staged.mapping.positions
            or col.name == staged.dataset.period_column
        ):
            continue
        limit = {"month": "date_trunc('month', $today::DATE)", "year": "year($today::DATE)"}.get(
            col.kind, "$today::DATE"
        )
        out.append(
            Rule(
                f"future:{col.name}",
                "future_period",
                col.name,
                f"{_valid(staged, [col.name])} AND s.{q(col.name)} > {limit}",
                bind={"today": today},
                params={"today": today.isoformat()},
            )
        )
    return out


def area_tree_rules(staged: Staged, known_areas: str) -> list[Rule]:
    """The parent of an area: its code is a prefix of the area's, and its level is the one above."""
    if staged.dataset.name != "areas" or "parent_code" not in staged.mapping.positions:
        return []
    valid = _valid(staged, ["area_code", "parent_code", "level"])
    prefix = "CASE WHEN length(s.parent_code) = 6 THEN regexp_replace(s.parent_code, '(00)+$', '') ELSE s.parent_code END"
    mismatch = (
        f"{valid} AND s.parent_code IS NOT NULL AND length(s.area_code) = {CODE_LENGTH_SQL} "
        f"AND s.parent_code <> '100000' AND (s.parent_code = s.area_code OR NOT starts_with(s.area_code, "
        f"{prefix}))"
    )
    allowed = " ".join(f"WHEN '{lvl}' THEN {list(parents)}" for lvl, parents in PARENT_LEVELS.items())
    parents = (
        f"LEFT JOIN (SELECT area_code, arg_min(level, pri) AS level FROM (SELECT area_code, level, 0 AS pri "
        f"FROM {staged.table} UNION ALL SELECT area_code, level, 1 FROM {known_areas}) GROUP BY area_code) pa "
        "ON pa.area_code = s.parent_code"
    )
    wrong_level = (
        f"{valid} AND pa.level IS NOT NULL AND "
        f"NOT list_contains(CASE s.level {allowed} ELSE [] END, pa.level)"
    )
    extra = {"parent": "s.parent_code", "level": "s.level", "parent_level": "pa.level"}
    return [
        Rule(
            "tree:parent_mismatch",
            "parent_mismatch",
            "parent_code",
            mismatch,
            extra={"parent": "s.parent_code"},
        ),
        Rule("tree:parent_level", "parent_level", "parent_code", wrong_level, joins=parents, extra=extra),
    ]


def metric_rules(staged: Staged) -> list[Rule]:
    """A target for a metric the catalog does not have (it would never be shown or met)."""
    if staged.dataset.name != "targets" or "metric" not in staged.mapping.positions:
        return []
    families = sorted(
        {
            m.name.split(":{kind}")[0]
            for m in CATALOG
            if m.family is not None and m.name.endswith(":{kind}") and not m.name.startswith("target:")
        }
    )
    pattern = f"({'|'.join(families)}):[a-z0-9_]+(:[a-z0-9_]+)*"
    names = metric_names()
    where = (
        f"{_valid(staged, ['metric'])} AND NOT (list_contains($metric_names, s.metric) "
        "OR regexp_full_match(s.metric, $metric_pattern))"
    )
    return [
        Rule(
            "metric:unknown",
            "unknown_metric",
            "metric",
            where,
            bind={"metric_names": names, "metric_pattern": pattern},
            params={"examples": "、".join(names[:4])},
            extra={"metric": "s.metric"},
        )
    ]


def rules(staged: Staged, today: date, known_areas: str) -> list[Rule]:
    return future_rules(staged, today) + area_tree_rules(staged, known_areas) + metric_rules(staged)
