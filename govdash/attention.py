"""需关注 (needs attention) on the overview: overdue targets, the sub-areas that lag per resident, and
communities that have not reported the month's data — each with the page (and URL) that shows it.

The targets are judged as the report's next-steps slide judges them (``target_statuses``: the
catalog's ``target:METRIC`` and its due date, ``govdash.status``); the laggards are those of the
overview's comparison (``govdash.ranking``); missing reports are the submissions page's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from etl.metric_catalog import percentage
from govdash import coverage_data, ranking, status
from govdash.five_star_data import LEVEL_METRIC
from govdash.five_star_targets import TARGET_METRICS
from govdash.formatting import number

MAX_ITEMS = 5  # per group
REPORTED_DATASETS = ("activity", "volunteers")
COVERAGE_PAGE, FIVE_STAR_PAGE = "app_pages/coverage.py", "app_pages/five_star.py"
VOLUNTEER_PAGE, SUBMISSIONS_PAGE = "app_pages/volunteer.py", "app_pages/submissions.py"


def target_statuses(metrics: pd.Series, targets: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """One row per metric with a target for the area: metric, target, due, actual, progress (%), status.

    ``metrics``: the area's catalog metrics on ``as_of`` (``target:METRIC`` among them);
    ``targets``: the area's rows of the targets table (``coverage_data.target_rows``).
    """
    rows = []
    for metric in dict.fromkeys(targets["metric"]):
        target = number(metrics.get(f"target:{metric}"))
        due = coverage_data.target_due(targets, metric, as_of)
        if target is None or due is None:
            continue
        actual = number(metrics.get(metric))
        rows.append(
            {
                "metric": metric,
                "target": target,
                "due": due,
                "actual": actual,
                "progress": percentage(actual, target) if actual is not None else None,
                "status": status.judge(actual, target, due, as_of),
            }
        )
    frame = pd.DataFrame(rows, columns=["metric", "target", "due", "actual", "progress", "status"])
    return frame.sort_values(["due", "metric"]).reset_index(drop=True)


@dataclass(frozen=True)
class Item:
    """One line of 需关注: what (``kind`` and its values) and where it is shown (page and URL)."""

    kind: str  # overdue | laggard | missing
    page: str
    params: dict[str, str] = field(default_factory=dict)
    metric: str = ""
    code: str = ""  # the sub-area of a laggard
    value: float | None = None  # actual (overdue), per 1,000 (laggard), missing communities
    target: float | None = None  # target (overdue), average (laggard), communities (missing)
    due: date | None = None
    dataset: str = ""


def target_page(metric: str) -> tuple[str, dict[str, str]]:
    """The page that shows a target of ``metric`` (five-star targets on 五星创建, the rest on 覆盖)."""
    if metric in TARGET_METRICS or metric.startswith(LEVEL_METRIC):
        return FIVE_STAR_PAGE, {}
    parts = metric.split(":")
    if len(parts) >= 2 and parts[0] in ("coverage_pct", "facilities_open", "walk_coverage_pct"):
        return COVERAGE_PAGE, {"kind": parts[1]}
    return COVERAGE_PAGE, {}


def overdue(metrics: pd.Series, targets: pd.DataFrame, as_of: date, base: dict[str, str]) -> list[Item]:
    """Targets whose due date has passed without being reached, the earliest due first."""
    table = target_statuses(metrics, targets, as_of)
    items = []
    for row in table[table["status"] == status.OVERDUE].itertuples(index=False):
        page, params = target_page(row.metric)
        items.append(
            Item(
                "overdue",
                page,
                {**base, **params},
                metric=row.metric,
                value=row.actual,
                target=row.target,
                due=row.due,
            )
        )
    return items


def laggards(result: ranking.Ranking, base: dict[str, str]) -> list[Item]:
    """The marked laggards of a comparison, worst first, linked to the volunteer page's ranking."""
    params = {**base, "rank": result.metric, "window": "12", "section": "compare"}
    return [
        Item(
            "laggard",
            VOLUNTEER_PAGE,
            params,
            metric=result.metric,
            code=code,
            value=result.rows.at[code, "shown"],
            target=result.average_shown,
        )
        for code in result.laggards
    ]


def missing_reports(counts: dict[str, tuple[int, int]], base: dict[str, str]) -> list[Item]:
    """For each monthly dataset of the overview (activity, volunteers): how many communities of the
    area have not reported the month (the submissions page's 缺报). ``counts``: dataset ->
    (communities that reported, communities of the area), the engine's ``reporting_communities``
    and ``communities`` of the month (the figures the overview's cards show)."""
    items = []
    for dataset in REPORTED_DATASETS:
        reported, total = counts.get(dataset, (0, 0))
        missing = max(total - reported, 0)
        if missing:
            items.append(
                Item(
                    "missing",
                    SUBMISSIONS_PAGE,
                    {**base, "dataset": dataset},
                    value=float(missing),
                    target=float(total),
                    dataset=dataset,
                )
            )
    return items
