"""Pace of a target (时间过半、任务过半): time elapsed vs items done, the monthly rate needed to finish
by the due date vs the rate of the last three months, and the projected finish date.

For one target (area, metric) and, below it, each street:

- ``required``: done items the target asks for. A percentage target asks for that share of the
  items (``ceil(target × items / 100)``); a count target for that number of items. A street's part
  of a district's count target is in proportion to its items.
- ``time_share`` = (as_of − start) / (due − start), start = the previous due date of the same area
  and metric, else 1 January of the due year (``etl.ledger.current_targets``);
  ``done_share`` = done / required (at most 1).
- A count target set above the ledger's area (``etl.ledger.judged_here``) is not split: its rows
  have the done items and the time share, and no ``required``, ``remaining`` (``pd.NA``),
  ``done_share``, ``needed_per_month``, ``projected_finish`` or ``on_pace`` (None).
- ``needed_per_month`` = (required − done) / months left (days / 30.4375);
  ``recent_per_month`` = items closed in the three months up to ``as_of`` / 3;
  ``projected_finish`` = as_of + remaining / recent rate (None when nothing was closed recently).
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import pandas as pd

from etl.ledger import DONE, judged_here
from etl.ledger_rules import LEDGER_RULES

DAYS_PER_MONTH = 30.4375
RECENT_MONTHS = 3
PACE_COLUMNS = [
    "target_area",
    "metric",
    "kind",
    "street_code",
    "street_name",
    "target_value",
    "target_start",
    "due_date",
    "items",
    "required",
    "done",
    "remaining",
    "time_share",
    "done_share",
    "needed_per_month",
    "recent_per_month",
    "projected_finish",
    "on_pace",
]


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (clamped to the month's last day)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    stamp = pd.Timestamp(year=year, month=month + 1, day=1) + pd.offsets.MonthEnd(0)
    return date(year, month + 1, min(day.day, stamp.day))


def _share(num: float, den: float) -> float:
    return 1.0 if den <= 0 else max(0.0, min(1.0, num / den))


def pace_row(items: pd.DataFrame, as_of: date, required: float | None) -> dict[str, object]:
    """The pace figures of a set of items of one target (see the module docstring); ``required``
    None: the target is not split to these items."""
    first = items.iloc[0]
    start, due = first["target_start"], first["due_date"]
    done_rows = items[items["status"] == DONE]
    done = len(done_rows)
    since = months_before(as_of, RECENT_MONTHS)
    recent = sum(1 for d in done_rows["closed_on"] if d is not None and since < d <= as_of) / RECENT_MONTHS
    row = {
        "target_value": float(first["target_value"]),
        "target_start": start,
        "due_date": due,
        "items": len(items),
        "required": None,
        "done": done,
        "remaining": None,
        "time_share": _share((as_of - start).days, (due - start).days),
        "done_share": None,
        "needed_per_month": None,
        "recent_per_month": recent,
        "projected_finish": None,
        "on_pace": None,
    }
    if required is None:
        return row
    remaining = max(0, math.ceil(required) - done)
    days_left = (due - as_of).days
    if remaining == 0:
        needed, finish = 0.0, None
    else:
        needed = remaining / (days_left / DAYS_PER_MONTH) if days_left > 0 else None
        finish = as_of + timedelta(days=round(remaining / recent * DAYS_PER_MONTH)) if recent > 0 else None
    done_share = _share(done, required)
    return row | {
        "required": math.ceil(required),
        "remaining": remaining,
        "done_share": done_share,
        "needed_per_month": needed,
        "projected_finish": finish,
        "on_pace": remaining == 0 or done_share >= row["time_share"],
    }


def pace(items: pd.DataFrame, as_of: date, by_street: bool = True, root: str | None = None) -> pd.DataFrame:
    """One row per target (street_code empty) and, with ``by_street``, one per street below it; a
    target whose items all lie in one street has that street's row alone. It counts the same items
    and says where they are: seen from a street, a district's target counts only that street's
    items, and the target's own row read as the whole district's. ``root``: the ledger's area (a
    count target set above it is not split, ``etl.ledger.judged_here``)."""
    rows = []
    for (area, metric), group in items.groupby(["target_area", "metric"], sort=True):
        kind = group["kind"].iloc[0]
        value = float(group["target_value"].iloc[0])
        split = judged_here(kind, area, root, group)
        head = {"target_area": area, "metric": metric, "kind": kind, "street_code": "", "street_name": ""}
        streets = group.groupby(["street_code", "street_name"], sort=True)
        one_street = streets.ngroups == 1 and int(streets.size().iloc[0]) == len(group)  # every item in it
        if not by_street or not one_street:
            required = LEDGER_RULES[kind].required(value, len(group)) if split else None
            rows.append({**head, **pace_row(group, as_of, required)})
        if not by_street:
            continue
        for (street, name), part in streets:
            required = LEDGER_RULES[kind].required(value, len(part), len(group)) if split else None
            rows.append(
                {**head, "street_code": street, "street_name": name, **pace_row(part, as_of, required)}
            )
    out = pd.DataFrame(rows, columns=PACE_COLUMNS)
    return out.astype({"required": "Int64", "remaining": "Int64", "on_pace": "object"})
