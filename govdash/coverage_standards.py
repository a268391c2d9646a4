"""The standards the coverage page judges an area and a community by (national and local rules:
social organisations, premises, workers, certified staff, compound party branches, party-service
centres), and how one community is judged on a share-of-communities standard."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from etl.metric_catalog import social_org_minimum
from etl.metric_catalog.entries_facilities import PER_HH_M2
from govdash.formatting import is_missing

PER_HH_METRIC = "communities_premises_per_100hh_pct"
# The catalog's counts of communities that left an input of the premises shares blank
# (``Metric.unreported``: the shares are missing while one is): the premises area, and the premises
# area or households (a superset of the first's communities).
PREMISES_BLANK = "premises_unreported"
PER_HH_BLANK = "premises_per_100hh_unreported"


@dataclass(frozen=True)
class Standard:
    """A national or local standard: the share-of-communities (or ratio) metric and its threshold."""

    key: str  # text key of the rule (``cov_std_*``)
    metric: str  # the area-level metric
    threshold: float  # the value the area-level metric should reach
    community_column: str  # the raw community value shown on community rows
    community_threshold: float | None  # None: depends on the community type (social orgs)


STANDARDS: tuple[Standard, ...] = (
    Standard("cov_std_social_org", "communities_meeting_social_org_minimum_pct", 100.0, "social_orgs", None),
    Standard("cov_std_premises_500", "communities_premises_ge_500m2_pct", 100.0, "premises_area_m2", 500.0),
    Standard("cov_std_premises_600", "communities_premises_ge_600m2_pct", 100.0, "premises_area_m2", 600.0),
    Standard("cov_std_per_hh", PER_HH_METRIC, 100.0, "premises_m2_per_100hh", PER_HH_M2),
    Standard("cov_std_workers", "workers_per_10k_residents", 18.0, "workers_per_10k_residents", 18.0),
    Standard("cov_std_certified", "certified_share_pct", 50.0, "certified_share_pct", 50.0),
    Standard("cov_std_branch", "compound_branch_coverage_pct", 100.0, "compound_branch_coverage_pct", 100.0),
)

# The label key of a standard's community value where that is not the standard's metric
COMMUNITY_VALUE_LABELS = {
    "social_orgs": "cov_col_social_orgs",
    "premises_area_m2": "cov_col_premises",
    "premises_m2_per_100hh": "cov_col_per_hh",
}


def community_threshold(std: Standard, community_type: object) -> float:
    """What one community's own value must reach for ``std`` (the social-organisation minimum
    depends on the community's type)."""
    return float(std.community_threshold or social_org_minimum(community_type))  # type: ignore[arg-type]


def own_check(
    std: Standard, community: Mapping[str, object], metrics: Mapping[str, object]
) -> tuple[float | None, float] | None:
    """A share-of-communities standard judged on one community (its row: ``community_facts`` with
    its catalog values): (its own value, the threshold it must reach), as the by-community matrix
    judges it. None when the standard's metric is the community's own value already, or when the
    community set itself a target of that metric (``metrics``: its catalog values; the row then
    shows the metric against the target, as for any area)."""
    if std.community_column == std.metric or not is_missing(metrics.get(f"target:{std.metric}")):
        return None
    value = community.get(std.community_column)
    threshold = community_threshold(std, community.get("community_type"))
    return (None if is_missing(value) else float(value)), threshold  # type: ignore[arg-type]


# Facility coverage with a national standard (urban party-service centers: full coverage by 2025).
KIND_STANDARDS: dict[str, float] = {"coverage_pct:party_service_center:urban": 100.0}
