"""Shared helpers for the demo generator: stable random streams, dates and exact apportioning.

Every random stream is seeded from a string (sha256 of its parts), never from Python's ``hash``, so the
output depends neither on PYTHONHASHSEED nor on the order in which streams are created: changing one
dataset's code does not reshuffle the others.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
from collections.abc import Iterable, Sequence

import numpy as np

FIRST_MONTH = dt.date(2018, 1, 1)
LAST_MONTH = dt.date(2024, 12, 1)
FIRST_YEAR, LAST_YEAR = 2018, 2024

# Spring Festival (lunar new year) by year: activity dips in the month that holds it.
SPRING_FESTIVAL = {
    2018: dt.date(2018, 2, 16),
    2019: dt.date(2019, 2, 5),
    2020: dt.date(2020, 1, 25),
    2021: dt.date(2021, 2, 12),
    2022: dt.date(2022, 2, 1),
    2023: dt.date(2023, 1, 22),
    2024: dt.date(2024, 2, 10),
}
# 重阳节 (9th day of the 9th lunar month) falls in October in every year of the data:
# 2018-10-17, 2019-10-07, 2020-10-25, 2021-10-14, 2022-10-04, 2023-10-23, 2024-10-11.
CHONGYANG_MONTH = 10


def seed_of(*parts: object) -> int:
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def rng(*parts: object) -> random.Random:
    """A ``random.Random`` stream named by its parts (e.g. ``rng('orgs', code)``)."""
    return random.Random(seed_of(*parts))


def nprng(*parts: object) -> np.random.Generator:
    return np.random.default_rng(seed_of(*parts))


def hash_order(keys: Iterable[str], *salt: object) -> list[str]:
    """A deterministic shuffle: keys sorted by a salted hash of themselves."""
    return sorted(keys, key=lambda k: (seed_of(*salt, k), k))


def months(first: dt.date = FIRST_MONTH, last: dt.date = LAST_MONTH) -> list[dt.date]:
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(dt.date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def month_end(month: dt.date) -> dt.date:
    nxt = dt.date(month.year + 1, 1, 1) if month.month == 12 else dt.date(month.year, month.month + 1, 1)
    return nxt - dt.timedelta(days=1)


def first_month_on_or_after(day: dt.date) -> dt.date:
    """The first month whose first day is on or after ``day`` (a community set up mid-month starts
    reporting the next month)."""
    if day.day == 1:
        return day
    return dt.date(day.year + 1, 1, 1) if day.month == 12 else dt.date(day.year, day.month + 1, 1)


def random_date(r: random.Random, start: dt.date, end: dt.date) -> dt.date:
    """A uniform date in [start, end]."""
    span = (end - start).days
    return start + dt.timedelta(days=r.randint(0, max(span, 0)))


def snapshot_dates() -> list[dt.date]:
    """Half-yearly staff snapshots, 2018-06-30 … 2024-12-31."""
    return [d for y in range(FIRST_YEAR, LAST_YEAR + 1) for d in (dt.date(y, 6, 30), dt.date(y, 12, 31))]


def clamp(x: float, lo: float, hi: float) -> float:
    return lo if x < lo else hi if x > hi else x


def apportion(
    total: int,
    weights: Sequence[float],
    floors: Sequence[int] | None = None,
    caps: Sequence[int] | None = None,
) -> list[int]:
    """Split ``total`` into integers proportional to ``weights`` (largest remainder), each at least its
    floor and at most its cap. Ties break by position, so the result is deterministic."""
    n = len(weights)
    lo = list(floors) if floors is not None else [0] * n
    hi = list(caps) if caps is not None else [math.inf] * n
    if sum(lo) > total or sum(min(h, total) for h in hi) < total:
        raise ValueError(f"cannot apportion {total} within floors {sum(lo)} / caps")
    out = list(lo)
    free = [i for i in range(n) if out[i] < hi[i]]
    remaining = total - sum(out)
    while remaining > 0 and free:
        wsum = sum(max(weights[i], 0.0) for i in free) or float(len(free))
        shares = {i: remaining * ((max(weights[i], 0.0) / wsum) if wsum else 1 / len(free)) for i in free}
        grant = {i: int(min(math.floor(shares[i]), hi[i] - out[i])) for i in free}
        given = sum(grant.values())
        by_frac = sorted(free, key=lambda i: (-(shares[i] - math.floor(shares[i])), i))
        extra = remaining - given
        for i in by_frac:
            if extra <= 0:
                break
            if out[i] + grant[i] < hi[i]:
                grant[i] += 1
                extra -= 1
        for i in free:
            out[i] += grant[i]
        remaining = total - sum(out)
        free = [i for i in free if out[i] < hi[i]]
    if remaining != 0:
        raise ValueError(f"cannot apportion {total}: {remaining} left over")
    return out


def poisson(r: random.Random, lam: float) -> int:
    """A Poisson draw from a ``random.Random`` (Knuth for small means, normal approximation above 30)."""
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, int(round(r.gauss(lam, math.sqrt(lam)))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= r.random()
        if p <= limit:
            return k
        k += 1
