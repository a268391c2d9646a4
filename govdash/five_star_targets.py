"""Five-star targets (保三冲四争五): target rows, the current target of an area, progress and status.

The current target follows the rule of the catalog's ``target:METRIC``; the actual value on a due
date is the catalog metric's, from the engine (``govdash.five_star_series``).
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from govdash import cache, queries, status
from govdash.five_star_levels import LEVEL_METRIC
from govdash.five_star_series import Tables, value

# Metrics a five-star target can be set on (the others of the targets table belong to other pages)
TARGET_METRICS = ("five_star_communities", "four_plus_star_communities")
_TARGETS_SQL = (
    "SELECT area_code, metric, target_value, due_date, note FROM targets "
    "WHERE area_code IN (SELECT unnest(?::VARCHAR[])) "
    "AND (metric IN (SELECT unnest(?::VARCHAR[])) OR starts_with(metric, ?)) ORDER BY area_code, metric, due_date"
)


@cache.model(max_entries=256)
def five_star_targets(version: str, area_codes: tuple[str, ...]) -> pd.DataFrame:
    """Target rows of five-star metrics for these areas: area_code, metric, target_value, due_date, note."""
    frame = queries.query_df(_TARGETS_SQL, [list(area_codes), list(TARGET_METRICS), LEVEL_METRIC])
    frame["due_date"] = [pd.Timestamp(d).date() for d in frame["due_date"]]
    return frame


# --- current target and progress ------------------------------------------------------------------------------------


def current_targets(targets: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """One row per (area, metric) by the rule of ``target:METRIC``: the earliest due on or after
    ``as_of``; when every due date is before ``as_of``, the latest."""
    if targets.empty:
        return targets
    ahead = [d >= as_of for d in targets["due_date"]]
    ranked = targets.assign(
        _ahead=ahead,
        _key=[
            (d - as_of).days if a else (as_of - d).days + 100_000
            for d, a in zip(targets["due_date"], ahead, strict=True)
        ],
    )
    picked = ranked.sort_values("_key").drop_duplicates(["area_code", "metric"], keep="first")
    return picked.drop(columns=["_ahead", "_key"]).sort_values(["area_code", "metric"])


def current_target(targets: pd.DataFrame, area_code: str, metric: str, as_of: date) -> float | None:
    """The value of ``target:METRIC`` for an area (None without a target row)."""
    rows = current_targets(
        targets[(targets["area_code"] == area_code) & (targets["metric"] == metric)], as_of
    )
    return None if rows.empty else float(rows["target_value"].iloc[0])


def target_status(
    actual: float | None, target: float, due: date, as_of: date, warn_ratio: float = status.WARN_RATIO
) -> str:
    """The target's status in the one vocabulary (``govdash.status``): met, near, below, or
    overdue once ``due`` has passed without the target reached."""
    return status.judge(actual, target, due, as_of, warn_ratio)


def measured_on(targets: pd.DataFrame, as_of: date) -> list[date]:
    """The day each target row is measured on: its due date, or ``as_of`` while the date is ahead."""
    return [min(d, as_of) for d in targets["due_date"]]


def target_progress(targets: pd.DataFrame, days: Tables, as_of: date) -> pd.DataFrame:
    """Each target row with its actual value on the day it is measured on (``measured_on``; ``days``:
    the engine's tables of those days).

    Adds: actual, measured_on, progress (% of target), status (see ``target_status``).
    """
    rows = []
    for t, day in zip(targets.itertuples(index=False), measured_on(targets, as_of), strict=True):
        actual = value(days[day], t.area_code, t.metric)
        target = float(t.target_value)
        rows.append(
            {
                **t._asdict(),
                "actual": actual,
                "measured_on": day,
                "progress": actual / target * 100 if actual is not None and target else None,
                "status": target_status(actual, target, t.due_date, as_of),
            }
        )
    columns = [*targets.columns, "actual", "measured_on", "progress", "status"]
    return pd.DataFrame(rows, columns=columns)
