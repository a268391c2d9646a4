"""The month window rule, written once: a period is ``(since, as_of)`` and its flows cover the whole
months with a day in ``since < day <= as_of`` (``etl.metric_sql``); these helpers build such periods."""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def month_end(day: date) -> date:
    """The last day of the month holding ``day``."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(month: date, n: int) -> date:
    """The first day of the month ``n`` months after the month holding ``month``."""
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def shift_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def year_window(as_of: date) -> tuple[date, date]:
    """(since, as_of) of the 12 months up to ``as_of``: stocks on ``as_of``, flows after ``since``
    (the dashboard's "近12个月")."""
    return shift_years(as_of, -1), as_of


def month_window(month: date) -> tuple[date, date]:
    """(since, as_of) covering exactly the calendar month holding ``month``."""
    first = month.replace(day=1)
    return first - timedelta(days=1), month_end(first)


def months_window(month: date, months: int) -> tuple[date, date, date]:
    """(since, first month, as_of) of the ``months`` whole months ending with the month of ``month``."""
    first = add_months(month, 1 - months)
    return first - timedelta(days=1), first, month_end(month)


def first_month(since: date | None) -> date | None:
    """The first month a window starting after ``since`` covers."""
    return None if since is None else (since + timedelta(days=1)).replace(day=1)
