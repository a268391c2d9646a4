"""挂图作战台账 Target ledger: every item a target still needs, who owns it, whether the pace is enough,
and the 推进会 that follow it up (data: ``govdash.ledger_data``; meetings: ``govdash.meeting_views``)."""

from __future__ import annotations

import streamlit as st

from etl.ledger import STATUSES
from etl.ledger_rules import LEDGER_RULES
from etl.safe_text import md_text
from govdash import db, filters, meeting_views
from govdash import ledger_data as ld
from govdash.downloads import download_button
from govdash.exports import export_name
from govdash.formatting import fmt_date
from govdash.i18n import lang, t
from govdash.table_style import data_grid, date_columns, fitted_height

f = filters.current()
L = lang()
version = db.version()
st.title(t("lg_title") + f" · {md_text(f.area_name)}")
st.caption(t("lg_intro", date=fmt_date(f.as_of, L)))
filters.say_type_not_applied(f)

m = ld.model(version, f.area_code, f.as_of, L)
items = m.items
if items.empty:
    st.info(t("lg_none"))
else:
    cards = st.columns(3)
    for col, status in zip(cards, STATUSES, strict=True):
        col.metric(t(f"lg_{status}"), f"{m.counts[status]:,}")
    st.subheader(t("lg_pace_title"))
    shown = meeting_views.pace_display(m.pace, L, f.names)
    data_grid(shown, hide_index=True, column_config=meeting_views.pace_columns(shown))
    if meeting_views.any_not_split(m.pace):
        st.caption(t("lg_not_split_note"))

    st.subheader(t("lg_items_title"))
    pick = st.columns(2 if m.one_street else 3)  # a street's ledger: no street to choose
    chosen_streets = (
        []
        if m.one_street
        else pick[-3].multiselect(t("lg_filter_street"), m.streets, key="lg_street", placeholder=t("lg_all"))
    )
    chosen_kinds = pick[-2].multiselect(
        t("lg_filter_kind"),
        m.kinds,
        format_func=lambda k: LEDGER_RULES[k].label(L),
        key="lg_kind",
        placeholder=t("lg_all"),
    )
    chosen_status = pick[-1].multiselect(
        t("lg_filter_status"),
        list(STATUSES),
        format_func=lambda s: t(f"lg_{s}"),
        key="lg_status",
        placeholder=t("lg_all"),
    )
    shown = m.filtered(chosen_streets, chosen_kinds, chosen_status)
    dates = date_columns([t(ld.ITEM_COLUMNS[c]) for c in ("due_date", "closed_on")], L)
    data_grid(
        ld.display(shown, L, street=not m.one_street),
        hide_index=True,
        height=fitted_height(len(shown)),  # a community's few items: no empty rows under them
        column_config=dates,
    )
    download_button(
        t("lg_download"),
        data=lambda: ld.xlsx_by_street(shown, f.area_name, f.as_of, L),
        file_name=export_name(t("lg_title"), f.area_name, day=f.as_of) + ".xlsx",
        what=f"ledger:xlsx:{f.area_code}",
        rows=len(shown),
        key="lg_dl_xlsx",
        container=st.container(),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
    )

meeting_views.render(f, m.owners, m.tasks, L)
