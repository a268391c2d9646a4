"""地图: communities coloured by a metric, facilities with their 1,000 m circles, district boundaries.

No basemap and no network (``map_provider=None``). Clicking a community opens its profile; clicking
a street point (large selections are drawn per street) drills into that street. A table below the
map shows the same values for PCs without WebGL.
"""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from etl.safe_text import md_text
from govdash import db, ledger_map, map_colors, map_data, map_view
from govdash.downloads import download_button
from govdash.exports import export_name, to_csv_bytes
from govdash.filters import current, select_area
from govdash.i18n import lang, t
from govdash.map_deck import (
    AREA_COLOR,
    FACILITY_COLOR,
    POINT_LAYERS,
    area_records,
    build_deck,
    facility_records,
    format_value,
    label_records,
    legend_label,
    metric_label,
    point_records,
)
from govdash.metric_labels import kind_label, sentence_start
from govdash.table_style import data_grid
from govdash.url_state import set_url_choice, url_choice

PROFILE_PAGE = "app_pages/profile.py"
PAGE_PARAMS = ("metric", "kind")  # this page's own URL parameters (not passed on to the profile)
OPEN_PROFILE = "map_open_profile"  # set by the click callback: switch to the profile page
PICKS = "map_picks"  # clicks on the map so far: part of the chart's key


def choice(container, label: str, labels: dict[str, str], qp_key: str, default: str) -> str:
    """A selectbox over ``labels`` (value → shown text) kept in the URL under ``qp_key`` (validated)."""
    options = list(labels)
    wanted = url_choice(qp_key, options, default)
    value = container.selectbox(
        label, options, index=options.index(wanted), format_func=labels.__getitem__, key=f"map_{qp_key}"
    )
    set_url_choice(qp_key, value)
    return value


def on_pick(chart_key: str, current_street: str | None) -> None:
    """Click callback (runs before the rerun): select the clicked street/community as the sidebar would.
    Every click gives the chart a new key (``PICKS``), so the next click on the same object is a new
    selection again; filter changes keep the key, and the browser keeps its map (no new WebGL
    context, shaders and label atlas on every filter change)."""
    st.session_state[PICKS] = st.session_state.get(PICKS, 0) + 1
    target = map_data.selection_target(st.session_state.get(chart_key), POINT_LAYERS)
    if target is None:
        return
    target_level, code = target
    if target_level == "street" and code != current_street:
        select_area(code)
    elif target_level == "community":
        select_area(code)
        st.session_state[OPEN_PROFILE] = True


filters = current()
if st.session_state.pop(OPEN_PROFILE, False) and filters.community:
    st.switch_page(
        PROFILE_PAGE,
        query_params={k: v for k, v in st.query_params.to_dict().items() if k not in PAGE_PARAMS},
    )
version = db.version()
st.title(t("map_title"))
st.caption(t("map_caption", scope=md_text(filters.describe())))
st.markdown(t("map_intro"))

kinds = map_data.facility_kinds(version)
default_kind = map_data.DEFAULT_KIND if map_data.DEFAULT_KIND in kinds else (kinds[0] if kinds else "none")
col_metric, col_kind = st.columns(2)
kind_labels = {k: sentence_start(kind_label(k, lang())) for k in kinds} | {"none": t("map_kind_none")}
kind = choice(col_kind, t("map_kind"), kind_labels, "kind", default_kind)
circles = kind != "none" and col_kind.toggle(t("map_show_circles"), value=False, key="map_circles")
metric_kind = kind if kind != "none" else default_kind
metric_labels = {m: metric_label(m, metric_kind) for m in map_data.METRICS}
metric = choice(col_metric, t("map_metric"), metric_labels, "metric", map_data.DEFAULT_METRIC)

notes = st.container()  # what the data says about the map, above the ledger toggle
ledger_on = st.toggle(t("map_ledger_toggle"), key="map_ledger")
m = map_data.model(
    version,
    filters.district,
    filters.street,
    filters.community,
    filters.community_type,
    filters.as_of,
    metric,
    metric_kind,
    kind if kind != "none" else None,
    lang() if ledger_on else None,
)
comms, aggregated, level, points, values = m.communities, m.aggregated, m.level, m.points, m.values
in_program = m.in_program
items = map_colors.legend(values, metric, level)

with notes:
    if comms.empty:
        st.info(t("map_no_communities"))
    elif not in_program:
        st.info(
            t("map_not_in_program", district=md_text(filters.names.get(filters.district, filters.district)))
        )
    elif values is None or pd.to_numeric(values, errors="coerce").isna().all():
        st.info(t("map_no_period_data", metric=metric_label(metric, metric_kind)))
    if aggregated:
        st.caption(
            t("map_aggregated", n=f"{len(comms):,}", max=f"{map_data.MAX_POINTS:,}")
            + (" " + t("map_aggregated_type") if filters.community_type else "")
        )
    facility_rows = facility_records(m.facilities, kind) if kind != "none" else []
    if kind != "none" and not facility_rows and not comms.empty:
        st.caption(t("map_no_facilities", kind=kind_label(kind, lang())))
    star_missing = None
    if metric == "star_level":
        star_missing = t("map_legend_not_assessed") if in_program else t("map_legend_not_in_program")
    point_rows = point_records(
        points, values, items, metric, metric_kind, level, filters.community, star_missing
    )
    if not comms.empty and not point_rows:
        st.warning(t("map_no_coordinates"))
areas = m.street_areas
view = map_view.fit_view(
    map_view.view_bbox(point_rows, filters.district, filters.community, filters.street, areas)
)
ledger_rows = ledger_map.records(m.ledger, lang()) if ledger_on else []  # the 挂图作战 layer
deck = build_deck(
    m.districts,
    m.city,
    point_rows,
    facility_rows,
    view,
    level,
    areas=area_records(areas, filters.street),
    labels=label_records(areas),
    circles=circles,
    ledger=ledger_rows,
)

if filters.community:
    st.page_link(
        PROFILE_PAGE,
        label=t("map_open_profile", name=md_text(filters.area_name)),
        query_params=st.query_params.to_dict(),
    )
col_map, col_legend = st.columns([5, 1])
with col_map:
    chart_key = f"map_chart_{st.session_state.get(PICKS, 0)}"
    st.pydeck_chart(
        deck,
        on_select=partial(on_pick, chart_key, filters.street),
        selection_mode="single-object",
        height=560,
        key=chart_key,
    )
outlined = any(feature["properties"]["code"] == filters.district for feature in m.districts["features"])
with col_legend:
    label = metric_label(metric, metric_kind)
    swatches = [(i.color, legend_label(i, metric, level, in_program)) for i in items]
    extras = []
    if facility_rows:
        name = kind_label(kind, lang())
        extras.append(("dot", FACILITY_COLOR, sentence_start(t("map_legend_facility", kind=name))))
        if circles:
            extras.append(("circle", FACILITY_COLOR, sentence_start(t("map_legend_circle", kind=name))))
    if any(not a["approx"] for a in areas):
        extras.append(("area", AREA_COLOR, t("map_legend_area")))
    if any(a["approx"] for a in areas):
        extras.append(("approx", "#6e6e6e", t("map_legend_area_approx")))
    if filters.street and any(a["code"] == filters.street for a in areas):
        extras.append(("line", "#c8102e", t("map_legend_selected_street")))  # drawn red
    extras += ledger_map.legend(ledger_rows)
    if outlined:  # said only where the district's boundary is drawn
        extras.append(("line", "#c8102e", t("map_legend_boundary")))
    bins = t("map_legend_bins") if map_colors.has_ranges(items) else ""
    st.html(map_colors.legend_html(swatches, extras, label, bins))
    st.caption(
        (t("map_streets_count", n=len(point_rows)) + " · " + t("map_legend_streets"))
        if aggregated
        else t("map_points_count", n=len(point_rows))
    )
    if facility_rows:
        st.caption(
            t("map_facility_count", n=len(facility_rows), kind=sentence_start(kind_label(kind, lang())))
        )
    if any(a["approx"] for a in areas):  # clipped to the district outline, else around the communities
        st.caption(t("map_areas_approx_note" if outlined else "map_areas_approx_note_hull"))

table = m.table
with st.expander(t("map_table")):
    shown = table.rename(columns={c: t(f"map_col_{c}") for c in table.columns})
    shown[t("map_col_display")] = [format_value(v, metric, level) for v in table["value"]]
    shown[t("map_col_approx")] = [t("map_yes") if a else t("map_no") for a in table["approx"]]
    data_grid(shown, hide_index=True, key="map_table")
    download_button(
        t("download_csv"),
        data=to_csv_bytes(shown),
        mime="text/csv",
        file_name=export_name(t("map_title"), filters.area_name, label, day=filters.month) + ".csv",
        what=f"map_table:{metric}",
        rows=len(shown),
        key="map_table_csv",
    )
