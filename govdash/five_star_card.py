"""The star card of the five-star page (五星创建): one community's stars, scores, level and what is missing.

The level follows the capstone rule (``etl.metric_lookups.star_levels``): stars other than 支部过硬 count
one each (at most four); all four plus 支部过硬 make five.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from etl.registry import CAPSTONE_STAR, STARS
from etl.safe_text import md_text
from govdash.five_star_levels import STAR_ORDER, assessment_year, level_label, star_name, stars_text
from govdash.formatting import MISSING
from govdash.i18n import lang, t
from govdash.table_style import data_grid

# --- data ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StarCell:
    star: str
    score: float | None
    won: bool
    flagged: bool  # True when the result was given in the data (not derived from the score)


def star_cells(scores: pd.DataFrame, community_code: str, year: int) -> list[StarCell]:
    """The community's stars of the year in registry order (capstone first)."""
    rows = scores[(scores["community_code"] == community_code) & (scores["year"] == year)]
    by_star = {r.star: r for r in rows.itertuples(index=False)}
    order = [s for s in STAR_ORDER if s in by_star] + sorted(set(by_star) - set(STARS))
    return [
        StarCell(s, float(by_star[s].score), bool(by_star[s].aw), not pd.isna(by_star[s].awarded))
        for s in order
    ]


def missing_stars(cells: list[StarCell]) -> tuple[list[str], bool]:
    """(stars other than the capstone not won, capstone won?) for the next-level hint."""
    others = [c.star for c in cells if c.star != CAPSTONE_STAR and not c.won]
    capstone = any(c.star == CAPSTONE_STAR and c.won for c in cells)
    return others, capstone


def history(
    scores: pd.DataFrame, frame: pd.DataFrame, community_code: str, as_of: date, lang: str, level_row: str
) -> pd.DataFrame:
    """One community's scores by star (rows, registry order) and year (columns) up to ``as_of``:
    ``86.0 ✓`` when won, ``—`` when the star was not assessed that year; a last row with the level
    of each year (``—``: no level that year)."""
    # plain Python over the community's few rows: a pivot table cost ~13 ms on every run of the page
    mask = (scores["community_code"] == community_code) & (scores["year"] <= as_of.year)
    rows = scores.loc[mask, ["star", "year", "score", "aw"]]
    if rows.empty:
        return pd.DataFrame()
    cells: dict[str, dict[int, str]] = {}
    for star, year, score, won in rows.itertuples(index=False, name=None):
        text = f"{score:.1f}" + (" ✓" if not pd.isna(won) and bool(won) else "")
        cells.setdefault(star, {}).setdefault(int(year), text)
    years = sorted({y for by_year in cells.values() for y in by_year})
    order = [s for s in STAR_ORDER if s in cells] + sorted(set(cells) - set(STARS))
    own = frame[frame["community_code"] == community_code]
    levels = {int(y): level for y, level in zip(own["year"], own["level"], strict=True)}
    body = [[cells[star].get(y, MISSING) for y in years] for star in order]
    body.append([level_label(levels[y], lang) if y in levels else MISSING for y in years])
    return pd.DataFrame(
        body,
        index=[*(star_name(s, lang) for s in order), level_row],
        columns=[str(y) for y in years],
        dtype=object,
    )


# --- rendering ---


def render_star_card(
    frame: pd.DataFrame, scores: pd.DataFrame, code: str, as_of: date, threshold: float
) -> None:
    """The star card of one community: each star's score and result, the level, what is missing, history."""
    lang_ = lang()
    rows = frame[(frame["community_code"] == code)]
    card_year = assessment_year(rows, as_of)
    if card_year is None:
        st.info(t("fs_card_none"))
        return
    row = rows[rows["year"] == card_year].iloc[0]
    level = int(row["level"])
    st.markdown(
        "#### "
        + t(
            "fs_card_title",
            name=md_text(row["community_name"]),
            street=md_text(row["street_name"] or MISSING),
            year=card_year,
            level=f"{stars_text(level)} {level_label(level, lang_)}",
        )
    )
    cells = star_cells(scores, code, card_year)
    for col, cell in zip(st.columns(len(cells)), cells, strict=True):
        with col.container(border=True):
            st.metric(
                star_name(cell.star, lang_),
                f"{cell.score:.1f}",
                delta=f"{cell.score - threshold:+.1f}",
                delta_color="green" if cell.won else "red",
                delta_arrow="off",
                delta_description=t("fs_card_vs_threshold"),
            )
            key = ("fs_card_won" if cell.won else "fs_card_missed") + ("_flag" if cell.flagged else "")
            st.markdown(f":{'green' if cell.won else 'red'}[{t(key)}]")
    others, capstone = missing_stars(cells)
    capstone_name = star_name(CAPSTONE_STAR, lang_)
    if level == 5:
        hint = t("fs_is_five")
    elif others:
        hint = t(
            "fs_next_four",
            stars=t("fs_sep").join(star_name(s, lang_) for s in others),
            n=len(others),
            capstone=capstone_name,
        )
        if capstone:
            hint += " " + t("fs_capstone_waiting", capstone=capstone_name)
    else:
        hint = t("fs_next_five", stars=capstone_name)
    st.markdown(hint)
    st.caption(t("fs_rule"))
    table = history(scores, frame, code, as_of, lang_, t("fs_row_level"))
    if not table.empty:
        st.markdown("**" + t("fs_history_title") + "**")
        data_grid(table.rename_axis(t("fs_col_star")), width="stretch")
