"""Tables of the community profile page (社区档案): lists with their state on the date, and street ranks."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from govdash.formatting import MISSING, fmt_date
from govdash.i18n import t
from govdash.metric_labels import fmt_number, metric_label
from govdash.profile_data import kind_text, org_kind_label, property_label
from govdash.table_style import date_columns, right_aligned

DATE_KEYS = ("prof_col_opened", "prof_col_founded", "prof_col_joined", "prof_col_left", "prof_col_branch")
NUMBER_KEYS = ("prof_col_area", "prof_col_capacity", "prof_col_members", "prof_col_households")


def shown(metric: str, value: float | None, lang: str) -> str:
    """A catalog metric as the catalog formats it (a rate keeps its decimal: 13.0 beside 14.3)."""
    return fmt_number(metric, value, lang)


def rank_text(rank: float | None, n: int, ties: float | None = 1) -> str:
    """``第 3 / 15 名``; ``并列第 2 / 15 名（14 个）`` when other communities have the same value."""
    if rank is None or rank != rank:
        return MISSING
    if ties is not None and ties == ties and ties > 1:
        return t("prof_rank_tied", rank=int(rank), n=int(n), ties=int(ties))
    return t("prof_rank_value", rank=int(rank), n=int(n))


def list_columns(lang: str) -> dict[str, object]:
    """Column config of the lists: dates as 2024年5月1日 (sortable as dates), counts and areas with
    the thousands separator (1,047 as on the cards, not 1047)."""
    dates = date_columns([t(key) for key in DATE_KEYS], lang)
    return dates | {t(key): st.column_config.NumberColumn(t(key), format="localized") for key in NUMBER_KEYS}


def _days(series: pd.Series) -> list[date | None]:
    return [None if pd.isna(v) else pd.Timestamp(v).date() for v in series]


def _state_column(as_of: date, lang: str) -> str:
    return t("prof_col_state", date=fmt_date(as_of, lang))


def ranks_styled(ranks: pd.DataFrame, lang: str) -> Styler:
    """``ranks_table`` for ``st.table``: no index, the three number columns right-aligned."""
    numbers = [t("prof_col_value"), t("prof_col_median"), t("prof_col_best")]
    return right_aligned(ranks_table(ranks, lang).style.hide(axis="index"), numbers)


def ranks_table(ranks: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("prof_col_metric"): [metric_label(m, lang) for m in ranks["metric"]],
            t("prof_col_value"): [
                shown(m, v, lang) for m, v in zip(ranks["metric"], ranks["value"], strict=True)
            ],
            t("prof_col_median"): [
                shown(m, v, lang) for m, v in zip(ranks["metric"], ranks["median"], strict=True)
            ],
            t("prof_col_best"): [
                shown(m, v, lang) for m, v in zip(ranks["metric"], ranks["best"], strict=True)
            ],
            t("prof_col_rank"): [
                rank_text(r, n, k) for r, n, k in zip(ranks["rank"], ranks["n"], ranks["ties"], strict=True)
            ],
        }
    )


def facilities_table(rows: pd.DataFrame, as_of: date, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("prof_col_name"): rows["facility_name"],
            t("prof_col_kind"): [kind_text(k, lang) for k in rows["facility_kind"]],
            _state_column(as_of, lang): [t(f"prof_state_{s}") for s in rows["state"]],
            t("prof_col_opened"): _days(rows["opened_date"]),
            t("prof_col_area"): rows["area_m2"],
            t("prof_col_capacity"): rows["capacity_persons"],
        }
    )


def organizations_table(rows: pd.DataFrame, as_of: date, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("prof_col_name"): rows["org_name"],
            t("prof_col_kind"): [org_kind_label(k, lang) for k in rows["org_kind"]],
            t("prof_col_category"): rows["social_org_category"].fillna(MISSING),
            _state_column(as_of, lang): [t(f"prof_state_{s}") for s in rows["state"]],
            t("prof_col_founded"): _days(rows["founded_date"]),
            t("prof_col_members"): rows["members"],
        }
    )


def programs_table(rows: pd.DataFrame, as_of: date, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("prof_col_name"): [kind_text(k, lang) for k in rows["program_kind"]],
            _state_column(as_of, lang): [t(f"prof_state_{s}") for s in rows["state"]],
            t("prof_col_joined"): _days(rows["joined_date"]),
            t("prof_col_left"): _days(rows["left_date"]),
        }
    )


def compounds_table(rows: pd.DataFrame, as_of: date, lang: str) -> pd.DataFrame:
    """Compounds built by the date; a party branch founded later shows as blank."""
    branch = [d if d is not None and d <= as_of else None for d in _days(rows["party_branch_founded_date"])]
    old = [
        t("prof_yes") if v is True else t("prof_no") if v is False else MISSING
        for v in rows["is_old_compound"].astype(object)
    ]
    return pd.DataFrame(
        {
            t("prof_col_name"): rows["compound_name"],
            t("prof_col_households"): rows["households"],
            t("prof_col_built"): rows["built_year"].astype("string").fillna(MISSING),
            t("prof_col_old"): old,
            t("prof_col_renovated"): rows["renovated_year"].astype("string").fillna(MISSING),
            t("prof_col_property"): [property_label(v, lang) for v in rows["property_service"]],
            t("prof_col_branch"): branch,
        }
    )
