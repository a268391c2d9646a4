"""Tables and KPI cards of the volunteer-activity page (values formatted the Chinese way)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from etl import periods
from govdash import deltas, ranking
from govdash.formatting import (
    MISSING,
    fmt_clauses,
    fmt_count,
    fmt_decimal,
    fmt_month,
    fmt_pct,
    is_missing,
    one_value,
)
from govdash.i18n import lang, t
from govdash.metric_labels import fmt_number, kind_label
from govdash.value_units import rate_unpopulated, unpopulated_note

METRIC_KEYS = {
    "activities": "vol_activities",
    "participants": "vol_participants",
    "volunteer_hours": "vol_hours",
    "points_earned": "vol_points_earned",
    "points_redeemed": "vol_points_redeemed",
}
TOTAL_CARDS = (
    ("activities", "vol_activities", None),
    ("participants", "vol_participants", None),
    ("volunteer_hours", "vol_hours", None),
    ("active_volunteers", "vol_active", "vol_active_help"),
    ("points_earned", "vol_points_earned", None),
    ("points_redeemed", "vol_points_redeemed", None),
)
RATE_CARDS = (
    ("activities_per_1k", "vol_rate_activities"),
    ("participants_per_1k", "vol_rate_participants"),
    ("volunteer_hours_per_1k", "vol_rate_hours"),
    ("points_earned_per_1k", "vol_rate_points"),
)


def metric_name(metric: str) -> str:
    return t(METRIC_KEYS[metric])


def count(value: object) -> str:
    return MISSING if is_missing(value) else fmt_count(value, lang())  # type: ignore[arg-type]


def _number(value: object) -> float | None:
    return None if is_missing(value) else float(value)  # type: ignore[arg-type]


def total_cards(totals: pd.Series, previous: pd.Series) -> None:
    """Six cards in one row (Chinese numbers are short with 万), two rows of three in English; each
    compared with the window before (``deltas``: no change is said in words, without an arrow)."""
    per_row = len(TOTAL_CARDS) if lang() == "zh" else 3
    cols = [c for _ in range(len(TOTAL_CARDS) // per_row) for c in st.columns(per_row)]
    for col, (metric, key, help_key) in zip(cols, TOTAL_CARDS, strict=True):
        now, before = _number(totals.get(metric)), _number(previous.get(metric))
        flat = deltas.flat(metric, now, before)
        shown = deltas.delta(metric, now, before, lang())
        col.metric(
            t(key),
            count(totals.get(metric)),
            delta=deltas.said(
                shown,
                flat,
                t("vol_vs_previous"),
                t("vol_flat_vs_previous"),
                t("vol_new_vs_previous") if deltas.from_zero(metric, now, before) else None,
            ),
            **deltas.look(flat),
            help=t(help_key) if help_key else None,
        )


def rate_cards(totals: pd.Series) -> None:
    cols = st.columns(len(RATE_CARDS) + 1)
    for col, (column, key) in zip(cols, RATE_CARDS, strict=False):
        col.metric(t(key), fmt_number(column, totals.get(column), lang()))  # a rate: 8.0, not 8
    redeem = totals.get("redeem_rate_pct")
    cols[-1].metric(t("vol_redeem_rate"), MISSING if is_missing(redeem) else fmt_pct(redeem))


def population_caption(totals: pd.Series, month: date) -> str:
    """The population the rates divide by, and why they are missing when a community left it blank."""
    text = t(
        "vol_population_caption",
        population=fmt_count(totals.get("population"), lang()),
        month=fmt_month(month, lang()),
    )
    return fmt_clauses(filter(None, (text, rate_unpopulated(totals, lang()))), lang())


def unpopulated(table: pd.DataFrame, parent: pd.Series, metric: str, names: dict[str, str]) -> str | None:
    """The streets or communities the rates chart leaves out for want of a whole population."""
    return unpopulated_note(ranking.rank(table, parent, metric, ranking.PER_1K), names, lang())


def type_table(types: pd.DataFrame) -> Styler:
    frame = pd.DataFrame(
        {
            t("vol_col_type"): [kind_label(k, lang()) for k in types.index],
            t("vol_activities"): types["activities"].to_numpy(),
            t("vol_participants"): types["participants"].to_numpy(),
            t("vol_col_share"): types["share_pct"].to_numpy(),
            t("vol_col_per_activity"): types["per_activity"].to_numpy(),
        }
    )
    return frame.style.format(
        {
            t("vol_activities"): count,
            t("vol_participants"): count,
            t("vol_col_share"): lambda v: MISSING if is_missing(v) else fmt_pct(v),
            t("vol_col_per_activity"): fmt_decimal,  # a ratio: 39.0, not 39 beside 25.1
        }
    )


def rank_table(
    rows: pd.DataFrame, names: dict[str, str], info: pd.DataFrame, metric: str, highlight: str | None = None
) -> Styler:
    """Ranked communities: rank, name, street, type, population, flows and the chosen rate (``info``:
    each community's street and type, the model's ``community_info``). The street is left out when
    every community of ``info`` is in one (a street's view: the same name on every row)."""
    one_street = one_value(info["parent_code"])
    info = info.reindex(rows.index)
    lang_now = lang()  # once, not per community
    rate_col = t("vol_col_rate", metric=metric_name(metric))
    frame = pd.DataFrame(
        {
            t("vol_col_rank"): rows["rank"].to_numpy(),
            t("vol_col_community"): [names.get(c, c) for c in rows.index],
            t("vol_col_street"): [names.get(p, p) for p in info["parent_code"]],
            t("vol_col_ctype"): [
                kind_label(k, lang_now) if isinstance(k, str) else MISSING for k in info["community_type"]
            ],
            rate_col: rows[f"{metric}_per_1k"].to_numpy(),
            metric_name(metric): rows[metric].to_numpy(),
            t("vol_col_population"): rows["population"].to_numpy(),
        },
        index=rows.index,
    )
    if one_street:
        frame = frame.drop(columns=t("vol_col_street"))
    formats = {
        c: count
        for c in frame.columns
        if c not in (t("vol_col_community"), t("vol_col_street"), t("vol_col_ctype"))
    }
    formats[rate_col] = fmt_decimal
    styler = frame.style.format(formats)
    if highlight in frame.index:
        styler = styler.apply(
            lambda row: ["background-color: #fff3c4" if row.name == highlight else "" for _ in row], axis=1
        )
    return styler


def window_span(first: date, last: date) -> str:
    return t("vol_window_span", start=fmt_month(first, lang()), end=fmt_month(last, lang()))


def window_caption(first: date, last: date, months: int, before: tuple[date, date]) -> str:
    """The window's months, and those of the window before (``before``: the model's ``(since,
    as_of)`` of it) that the cards compare with (较上一时段)."""
    L = lang()
    return t(
        "vol_window_caption",
        start=fmt_month(first, L),
        end=fmt_month(last, L),
        n=months,
        prev_start=fmt_month(periods.first_month(before[0]), L),
        prev_end=fmt_month(before[1], L),
    )
