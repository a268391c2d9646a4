"""How a value compares with an earlier one, as the cards say it: one rule for the overview's and
the report's year-on-year cards, the volunteer page's previous-window cards and the five-star
page's year cards.

A percentage changes by points (``+7.3个百分点``), anything else by per cent of the earlier value
(``+20.6%``); nothing to compare (either side missing, or an earlier 0) is None, and a change that
reads 0.0, or the same value twice (0 and 0 too), is "flat": said in words (``同比持平``), with no
arrow and no colour (``said``). Some now where there was none (``from_zero``: a first five-star
branch) has no per cent of 0: it is said in words too (``同比新增（去年同期为0）``), never left blank.
"""

from __future__ import annotations

from govdash.metric_labels import is_pct


def change(metric: str, now: float | None, before: float | None) -> float | None:
    """Points for percentages, else % of ``before``; None when either side is missing (or 0)."""
    if now is None or before is None or before != before or now != now:
        return None
    if is_pct(metric):
        return now - before
    return (now - before) / before * 100 if before else None


def flat(metric: str, now: float | None, before: float | None) -> bool:
    """Whether the change is nothing as shown (0.0% or 0.0 points), or none at all: the same value
    both times, 0 included (no five-star branch then or now is no change, not "nothing to compare")."""
    if now is not None and before is not None and now == before:  # NaN never equals itself
        return True
    found = change(metric, now, before)
    return found is not None and round(found, 1) == 0


def from_zero(metric: str, now: float | None, before: float | None) -> bool:
    """Some now where there was none before: a change no per cent can say (``change`` is None)."""
    return not is_pct(metric) and before == 0 and now is not None and now == now and now != 0


def delta(metric: str, now: float | None, before: float | None, lang: str) -> str | None:
    """The signed change as shown: ``+7.3个百分点`` / ``+7.3 pt``, ``-2.1%``; None when not comparable."""
    found = change(metric, now, before)
    if found is None:
        return None
    if is_pct(metric):
        return f"{found:+.1f}" + ("个百分点" if lang == "zh" else " pt")
    return f"{found:+.1f}%"


def look(flat: bool, colour: str = "normal") -> dict[str, str]:
    """How a card draws its change (``st.metric``'s ``delta_color`` and ``delta_arrow``): no change
    with no colour and no arrow (a green 0 reads as progress), else ``colour`` and an arrow."""
    return {"delta_color": "off" if flat else colour, "delta_arrow": "off" if flat else "auto"}


def said(
    shown: str | None, flat: bool, basis: str, flat_words: str, new_words: str | None = None
) -> str | None:
    """What a card says of a change: ``flat_words`` for no change (``同比持平``), else the signed
    change and what it is compared with (``+7.3% 同比``), else ``new_words`` (given where the change
    is ``from_zero``), else nothing (None: not comparable)."""
    if flat:
        return flat_words
    return f"{shown} {basis}" if shown else new_words
