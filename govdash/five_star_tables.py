"""Tables and KPI values of the five-star page (五星创建): labelled, formatted, styled for display."""

from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler

from govdash.charts import BAD, GOOD
from govdash.five_star_figures import status_color
from govdash.five_star_levels import level_label, star_name, stars_text
from govdash.five_star_moves import Moves
from govdash.formatting import MISSING, fmt_count, fmt_date, fmt_pct, one_value
from govdash.i18n import t
from govdash.metric_labels import metric_label

HIGHLIGHT = "#fff3cd"


def targets_table(progress: pd.DataFrame, names: dict[str, str], lang: str, labels: dict[str, str]) -> Styler:
    """Every target row with actual, progress and a coloured status (traffic light)."""
    table = pd.DataFrame(
        {
            t("fs_col_area"): [names.get(c, c) for c in progress["area_code"]],
            t("fs_col_metric"): [metric_label(m, lang) for m in progress["metric"]],
            t("fs_col_due"): [fmt_date(d, lang) for d in progress["due_date"]],
            t("fs_col_target"): [fmt_count(v, lang) for v in progress["target_value"]],
            t("fs_col_actual"): [fmt_count(v, lang) for v in progress["actual"]],
            t("fs_col_progress"): [fmt_pct(v) for v in progress["progress"]],
            t("fs_col_status"): ["● " + labels[s] for s in progress["status"]],
            t("fs_col_note"): progress["note"].fillna(""),
        }
    )
    colours = [
        status_color(s, a, v)
        for s, a, v in zip(progress["status"], progress["actual"], progress["target_value"], strict=True)
    ]
    return table.style.apply(
        lambda _: [f"color: {c}; font-weight: 600" for c in colours], subset=[t("fs_col_status")]
    )


def movers_table(moves: Moves, lang: str) -> pd.DataFrame:
    sep = t("fs_sep")  # once, not per row: ``t`` reads the URL's language on each call

    def names(stars: list[str]) -> str:
        return sep.join(star_name(s, lang) for s in stars) or MISSING

    rows = moves.table
    frame = pd.DataFrame(
        {
            t("fs_col_community"): rows["community_name"],
            t("fs_col_street"): rows["street_name"].fillna(MISSING),
            t("fs_col_prev_level", year=moves.prev_year): [level_label(v, lang) for v in rows["prev_level"]],
            t("fs_col_level"): [level_label(v, lang) for v in rows["level"]],
            t("fs_col_change"): [f"{v:+d}" for v in rows["change"]],
            t("fs_col_gained"): [names(v) for v in rows["gained"]],
            t("fs_col_lost"): [names(v) for v in rows["lost"]],
        }
    )
    return frame.drop(columns=t("fs_col_street")) if one_value(rows["street_name"]) else frame


def rank_change(value: float | None) -> str:
    """+3 → ▲3, -2 → ▼2, 0 → —, None (newly assessed) → 新."""
    if value is None or value != value:
        return t("fs_new")
    return MISSING if value == 0 else (f"▲{int(value)}" if value > 0 else f"▼{int(-value)}")


def leaderboard_table(board: pd.DataFrame, selected: str | None, lang: str) -> Styler:
    """The 擂台 ranking; rank changes in green/red, the selected community highlighted."""
    shown = pd.DataFrame(
        {
            t("fs_col_rank"): board["rank"],
            t("fs_col_community"): board["community_name"],
            t("fs_col_street"): board["street_name"].fillna(MISSING),
            t("fs_col_stars"): [f"{stars_text(v)} {level_label(v, lang)}" for v in board["level"]],
            t("fs_col_total"): board["total_score"].round(1),
            t("fs_col_rank_change"): [rank_change(v) for v in board["rank_change"]],
        }
    )
    if one_value(board["street_name"]):
        shown = shown.drop(columns=t("fs_col_street"))
    highlight = list(board["community_code"] == selected)

    def change_colour(column: pd.Series) -> list[str]:
        return [
            f"color: {GOOD}" if str(v).startswith("▲") else f"color: {BAD}" if str(v).startswith("▼") else ""
            for v in column
        ]

    def highlighted(frame: pd.DataFrame) -> pd.DataFrame:  # whole rows at once (row by row: ~20 ms)
        css = [f"background-color: {HIGHLIGHT}" if h else "" for h in highlight]
        return pd.DataFrame({column: css for column in frame.columns}, index=frame.index)

    return (
        shown.style.apply(change_colour, subset=[t("fs_col_rank_change")])
        .apply(highlighted, axis=None)
        .format({t("fs_col_total"): "{:.1f}"})
    )
