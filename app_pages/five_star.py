"""五星创建 Five-star progress: levels by street and year, award rates, targets, leaderboard, movers, star cards.

Scope: the selected district or street; with a community selected, its street (and the community's
star card first). A district with no five-star rows is "not in the program" (never zeros).
Below the cards, the page's sections are lazy tabs (``govdash.sections``): only the open one is
computed and drawn.
"""

from __future__ import annotations

import streamlit as st

from etl.safe_text import md_text
from etl.settings import star_threshold
from govdash import charts, db, deltas, filters, sections, status
from govdash import five_star_data as fsd
from govdash import five_star_figures as fsf
from govdash import five_star_tables as fstab
from govdash.five_star_card import render_star_card
from govdash.formatting import MISSING, fmt_aside, fmt_count, fmt_month, one_value
from govdash.i18n import lang, t
from govdash.metric_labels import kind_label, metric_label
from govdash.table_style import data_grid, fitted_height
from govdash.url_state import set_url_choice, url_choice

f = filters.current()
L = lang()
version = db.version()
threshold = star_threshold()
st.title(t("fs_title"))

scope = f.street or f.district  # a community is shown within its street
scope_name = f.names.get(scope, scope)
model_args = (f.district, scope, f.as_of, threshold, f.community_type)
m = fsd.model(version, *model_args)

if not m.in_program:
    st.info(t("fs_not_in_program", area=md_text(scope_name)))
    st.caption(t("fs_assumption", threshold=fmt_count(threshold, L)))
    st.stop()

year = m.year
if year is None:
    st.info(t("fs_no_year", month=fmt_month(f.month, L), first=m.first_year))
    st.stop()

st.caption(
    t("fs_caption", where=md_text(f.describe()), year=year, threshold=fmt_count(threshold, L))
    + " · "
    + t("fs_assumption_short")
)
listed = m.listed
if f.community_type:
    st.caption(t("fs_type_note", kind=kind_label(f.community_type, L)))


# --- star card (first when a community is selected) -----------------------------------------------


if f.community:
    st.subheader(t("fs_card_header"))
    render_star_card(m.district_frame, m.scores, f.community, f.as_of, threshold)
    st.caption(t("fs_scope_street", street=md_text(scope_name)))

# --- KPI cards (whole area; the deltas compare with the previous assessment year) ------------------

cards, prev_year, moves = m.cards, m.cards_prev_year, m.area_moves
columns = st.columns(len(cards) + 1)
for col, kpi in zip(columns, cards, strict=False):
    col.metric(
        t(kpi.label_key),
        fmt_count(kpi.value, L),
        delta=deltas.said(
            kpi.delta, kpi.unchanged, t("fs_vs_year", year=prev_year), t("fs_flat_vs_year", year=prev_year)
        ),
        **deltas.look(kpi.unchanged, kpi.colour),
        chart_data=kpi.history if len(kpi.history) > 1 else None,
        chart_type="bar",
        border=True,
        height="stretch",
    )
columns[-1].metric(
    t("fs_kpi_up"),
    fmt_count(moves.up, L) if moves.prev_year else MISSING,
    border=True,
    height="stretch",
    delta=t("fs_kpi_down", n=fmt_count(moves.down, L)) if moves.prev_year else None,
    delta_color="off",  # the communities that moved down, said in words: not a change of the moved-up count
    delta_arrow="off",
    help=t("fs_movers_header", prev=moves.prev_year or MISSING, year=moves.year),
)

# --- the sections below the cards ------------------------------------------------------------------


def type_none() -> bool:
    """The community-type filter leaves no assessed community: said instead of empty charts."""
    if listed.empty:
        st.info(t("fs_type_none", kind=kind_label(f.community_type, L)))
    return listed.empty


def targets() -> None:
    """保三冲四争五: the area's targets against its actual counts, and the district's by street."""
    st.subheader(t("fs_targets_header"))
    progress = m.progress
    status_labels = {s: status.label(s, L) for s in (*status.STATUSES, status.NONE)}
    status_labels |= {"actual": t("fs_actual"), "target": t("fs_target")}
    own = progress[progress["area_code"] == scope]
    if progress.empty:
        st.caption(t("fs_no_targets", area=md_text(scope_name)))
        return
    if not own.empty:
        charts.show(
            fsf.targets_figure(
                own,
                L,
                t("fs_targets_title", area=scope_name),
                t("fs_targets_x"),
                t("fs_targets_y"),
                status_labels,
            ),
            key="fs_targets",
        )
    for metric, current in m.street_targets:
        title = t("fs_street_targets_title", year=int(current["due_date"].max().year))
        if metric != "four_plus_star_communities":
            title = f"{metric_label(metric, L)} · {title}"
        charts.show(
            fsf.street_targets_figure(current, f.names, L, title, t("fs_targets_y"), status_labels),
            key=f"fs_street_targets_{metric}",
        )
    with st.expander(t("fs_col_target") + " · " + t("fs_col_actual")):
        data_grid(fstab.targets_table(progress, f.names, L, status_labels), hide_index=True, width="stretch")


def levels() -> None:
    """Levels by street and year, and the award rate per star."""
    st.subheader(t("fs_levels_header"))
    if type_none():
        return
    by_street, counts, yrs = m.by_street, m.counts, m.years
    if counts.empty:
        st.info(t("no_period_data"))
        return
    hover = {n: t("fs_hover_level", level=fsd.level_label(n, L)) for n in range(6)}
    title = (
        t("fs_levels_title_streets", first=yrs[0], last=yrs[-1])
        if by_street
        else t("fs_levels_title_area", area=scope_name, first=yrs[0], last=yrs[-1])
    )
    x_title = t("fs_levels_x_streets") if by_street else t("fs_levels_x_area")
    fig = fsf.levels_chart(version, model_args, L, title, x_title, t("fs_levels_y"), tuple(hover.items()))
    if by_street:
        key = f"fs_levels_{f.district}"
        charts.show(fig, key=key, on_select=filters.drill_down(key, m.streets))
        st.caption(t("fs_levels_click"))
    else:
        charts.show(fig, key="fs_levels_area")
    if not m.rates.empty:
        charts.show(
            fsf.rates_chart(
                version,
                model_args,
                L,
                t("fs_rates_title", first=yrs[0], last=yrs[-1]),
                "",  # the bars are named by their star; a title 星 under them read as part of a name
                t("fs_rates_y"),
                t("fs_rates_hover"),
            ),
            key="fs_rates",
        )


def movers() -> None:
    """The communities that moved up or down since the previous assessment year."""
    moves = m.moves
    if moves is None or moves.prev_year is None:
        st.subheader(t("fs_movers_header", prev=MISSING, year=year))
        if not type_none():
            st.info(t("fs_movers_none_prev", year=year))
        return
    st.subheader(t("fs_movers_header", prev=moves.prev_year, year=moves.year))
    if type_none():
        return
    st.caption(t("fs_movers_summary", up=moves.up, down=moves.down, same=moves.same, new=moves.new))
    if moves.table.empty:
        st.info(t("fs_movers_none"))
        return
    data_grid(
        fstab.movers_table(moves, L),
        hide_index=True,
        width="stretch",
        height=fitted_height(len(moves.table), most=360),
    )


def leaderboard() -> None:
    """擂台: every assessed community ranked, with its change of rank."""
    st.subheader(t("fs_board_header", year=year))
    if type_none():
        return
    board, prev_year = m.board, m.board_prev_year
    st.caption(t("fs_board_caption", prev=prev_year) if prev_year else t("fs_board_caption_first"))
    data_grid(
        fstab.leaderboard_table(board, f.community, L),
        hide_index=True,
        width="stretch",
        height=fitted_height(len(board)),
    )


def star_card() -> None:
    """One community's star card, picked from the leaderboard's communities."""
    st.subheader(t("fs_card_header"))
    if type_none():
        return
    board = m.board
    options = list(board["community_code"])
    streets = board["street_name"].fillna(MISSING)
    alone = one_value(board["street_name"])  # a street's board: its name would follow every community's
    labels = {
        code: name if alone else fmt_aside(name, street, L)
        for code, name, street in zip(board["community_code"], board["community_name"], streets, strict=True)
    }
    pick = st.selectbox(
        t("fs_card_pick"),
        options,
        index=options.index(url_choice("card", options, options[0])) if options else 0,
        format_func=lambda c: labels.get(c, c),
        key=f"fs_card_{scope}",
    )
    if pick:
        set_url_choice("card", pick)
        render_star_card(m.district_frame, m.scores, pick, f.as_of, threshold)


SECTIONS = {
    "targets": (t("fs_tab_targets"), targets),
    "levels": (t("fs_tab_levels"), levels),
    "movers": (t("fs_tab_movers"), movers),
    "board": (t("fs_tab_board"), leaderboard),
}
if not f.community:  # a selected community's card is the page's first element
    SECTIONS["card"] = (t("fs_card_header"), star_card)
sections.show(
    SECTIONS, default="targets" if not m.progress.empty else "levels"
)  # no targets: not a bare note

st.divider()
st.caption(t("fs_assumption", threshold=fmt_count(threshold, L)))
