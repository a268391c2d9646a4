"""The map page's pydeck chart and legend: offline (no basemap), every layer with an id.

``build_deck`` takes the prepared rows from ``govdash.map_data`` and returns a ``pdk.Deck`` with
``map_provider=None`` (never ``map_style=None``/``""``, which would load a Carto basemap).
Tooltips are one template, ``<b>{name}</b>`` over the object's ``tip`` lines; Streamlit escapes
the interpolated values, so lines are plain text separated by newlines (``white-space: pre-line``).
pydeck turns every string argument into a JavaScript expression: literal strings such as units
must be quoted (``radius_units="'pixels'"``), or deck.gl gets ``undefined`` and fills the canvas.
"""

from __future__ import annotations

import math

import pandas as pd
import pydeck as pdk

from govdash.formatting import fmt_count, fmt_pct, is_missing
from govdash.i18n import lang, t
from govdash.map_colors import LegendItem, colour_of, hex_rgba
from govdash.map_data import METRICS, WALK_RADIUS_M
from govdash.metric_labels import fmt_number, kind_label, sentence_start

POINT_LAYERS = {"communities": "community", "streets": "street", "street_areas": "street"}
FACILITY_COLOR = "#1f3b73"
AREA_COLOR = "#3c4878"  # loaded street boundaries (AREA_LINE[False])
AREA_LINE = {False: [60, 72, 120, 210], True: [110, 110, 110, 170]}  # loaded / approximate
AREA_FILL = {False: [60, 72, 120, 20], True: [120, 120, 120, 12]}
SELECTED_LINE = [200, 16, 46, 230]
# Fonts the TextLayer asks the browser for: installed ones only (no web fonts, nothing downloaded);
# Noto Sans CJK SC comes with fonts-noto-cjk, the others with Windows, macOS and Kylin/UOS.
LABEL_FONT = (
    "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, WenQuanYi Micro Hei, sans-serif"
)
TOOLTIP = {
    "html": "<b>{name}</b><br/>{tip}",
    "style": {
        "backgroundColor": "#ffffff",
        "color": "#222222",
        "fontSize": "13px",
        "border": "1px solid #999999",
        "padding": "6px 8px",
        "whiteSpace": "pre-line",
        "fontFamily": "Microsoft YaHei, PingFang SC, Noto Sans CJK SC, sans-serif",
    },
}


def metric_label(metric: str, kind: str | None) -> str:
    return sentence_start(t(f"map_m_{metric}", kind=kind_label(kind, lang()) if kind else ""))


def metric_unit(metric: str) -> str:
    spec = METRICS[metric]
    if spec.pct:
        return t("map_unit_pct")
    return t(f"map_unit_{metric}")


def format_value(value: float | None, metric: str, level: str) -> str:
    """How a value reads in tooltips, the legend and the table (— for missing)."""
    if is_missing(value):
        return t("map_legend_no_data")
    if metric == "star_level":
        if level == "street":
            return t("map_star_mean", value=f"{value:.1f}")
        return kind_label(str(int(value)), lang())
    if metric == "coverage" and level == "community":
        return t("map_covered") if value >= 100 else t("map_not_covered")
    if METRICS[metric].pct:
        return fmt_pct(value)
    return _with_unit(fmt_number(METRICS[metric].source, value, lang()), metric)


def _with_unit(text: str, metric: str) -> str:
    """``12.8 人``: a number of the map metric ``metric`` (its catalog format) with its unit."""
    return f"{text} {metric_unit(metric)}"


def legend_label(item: LegendItem, metric: str, level: str, in_program: bool = True) -> str:
    if item.low is None or item.high is None:
        if metric == "star_level":
            return t("map_legend_not_assessed") if in_program else t("map_legend_not_in_program")
        return t("map_legend_no_data")
    if item.low == item.high:
        return format_value(item.low, metric, level)
    if METRICS[metric].pct:
        return f"{fmt_pct(item.low)} – {fmt_pct(item.high)}"
    source = METRICS[metric].source
    return _with_unit(
        f"{fmt_number(source, item.low, lang())} – {fmt_number(source, item.high, lang())}", metric
    )


def _tip(lines: list[str]) -> str:
    """The tooltip lines under the bold name (the first line is the name itself)."""
    return "\n".join(str(line) for line in lines[1:] if line)


def point_records(
    points: pd.DataFrame,
    values: pd.Series | None,
    items: list[LegendItem],
    metric: str,
    kind: str | None,
    level: str,
    selected: str | None = None,
    missing: str | None = None,
) -> list[dict]:
    """Deck rows of the community (or street) points: position, colour, radius and tooltip.

    ``missing`` replaces "no data" in tooltips (e.g. "not assessed" for star levels).
    """
    label = metric_label(metric, kind)
    # the texts every row shares, looked up once (``t`` reads the URL's language on each call)
    lang_now, sep = lang(), t("map_sep")
    street_label, communities_label = t("map_tip_street"), t("map_tip_communities")
    approx_text = t("map_tip_approx")
    click = t("map_tip_click_profile") if level == "community" else t("map_tip_click_street")
    rows = []
    for row in points.itertuples(index=False):
        if is_missing(row.lon) or is_missing(row.lat):
            continue
        value = None if values is None else values.get(row.code)
        value = None if is_missing(value) else float(value)
        lines = [row.name]
        if level == "community":
            lines.append(f"{street_label}{sep}{row.street_name}")
        else:
            lines.append(f"{communities_label}{sep}{fmt_count(row.communities, lang_now)}")
        shown = missing if value is None and missing else format_value(value, metric, level)
        lines.append(f"{label}{sep}{shown}")
        if level == "community" and bool(row.approx):
            lines.append(approx_text)
        lines.append(click)
        is_selected = row.code == selected
        rows.append(
            {
                "code": row.code,
                "name": row.name,
                "lon": round(float(row.lon), 6),
                "lat": round(float(row.lat), 6),
                "value": value,
                "color": hex_rgba(colour_of(value, items)),
                "line": [200, 16, 46, 255] if is_selected else [60, 60, 60, 220],
                "radius": _radius(row, level, is_selected),
                "tip": _tip(lines),
            }
        )
    return rows


def _radius(row: object, level: str, selected: bool) -> float:
    if level == "street":
        return round(6 + 2.5 * math.sqrt(float(row.communities)), 1)  # type: ignore[attr-defined]
    return 10 if selected else 5


def area_records(areas: list[dict], selected_street: str | None = None) -> list[dict]:
    """PolygonLayer rows of the street areas (one per polygon part; holes as further rings)."""
    rows = []
    for area in areas:
        approx, selected = bool(area["approx"]), area["code"] == selected_street
        lines = [area["name"], t("map_tip_area_approx") if approx else t("map_tip_area_loaded")]
        lines.append(t("map_tip_click_street"))
        for rings in area["polygons"]:
            rows.append(
                {
                    "code": area["code"],
                    "name": area["name"],
                    "polygon": rings,
                    "fill": AREA_FILL[approx],
                    "line": SELECTED_LINE if selected else AREA_LINE[approx],
                    "width": 3 if selected else (1 if approx else 1.5),
                    "dash": [4, 3] if approx and not selected else [0, 0],
                    "tip": _tip(lines),
                }
            )
    return rows


def label_records(areas: list[dict]) -> list[dict]:
    """TextLayer rows: each street's name at a point inside its area; where labels would overlap,
    the larger street's is drawn (``priority``, -1000…1000 as deck.gl's collision filter wants)."""
    rank = {a["code"]: i for i, a in enumerate(sorted(areas, key=lambda a: -a.get("size", 0)))}
    return [
        {
            "code": a["code"],
            "name": a["name"],
            "lon": a["label"][0],
            "lat": a["label"][1],
            "priority": 1000 - min(rank[a["code"]], 1999),
        }
        for a in areas
    ]


def _area_layers(areas: list[dict], labels: list[dict]) -> list[pdk.Layer]:
    if not areas:
        return []
    labels_layer = pdk.Layer(
        "TextLayer",
        data=labels,
        id="street_labels",
        get_position=["lon", "lat"],
        get_text="name",
        get_size=12,
        size_units="'pixels'",
        get_color=[45, 45, 45, 235],
        font_family=f"'{LABEL_FONT}'",
        font_weight=600,
        outline_width=3,  # a white halo (SDF glyphs) keeps names readable over lines and points
        outline_color=[255, 255, 255, 220],
        get_text_anchor="'middle'",
        get_alignment_baseline="'center'",
        pickable=False,
    )
    # overlapping labels: only the higher priority one is drawn (recomputed as the user zooms)
    labels_layer.extensions = [{"@@type": "CollisionFilterExtension"}]
    labels_layer.get_collision_priority = "@@=priority"
    labels_layer.collision_test_props = {"sizeScale": 1.15}  # a little room between labels
    # the labels' own characters (CJK glyphs are not in deck.gl's default ASCII set); set after
    # construction: pydeck would turn a list of strings passed as an argument into an expression
    labels_layer.font_settings = {"sdf": True, "fontSize": 48, "buffer": 6, "radius": 12}
    labels_layer.character_set = sorted({ch for row in labels for ch in row["name"]})
    polygons = pdk.Layer(
        "PolygonLayer",
        data=areas,
        id="street_areas",
        get_polygon="polygon",
        get_fill_color="fill",
        get_line_color="line",
        get_line_width="width",
        line_width_units="'pixels'",
        line_width_min_pixels=1,
        stroked=True,
        filled=True,
        pickable=True,
        get_dash_array="dash",  # approximate areas dashed (PathStyleExtension, below)
        dash_justified=True,
    )
    polygons.extensions = [{"@@type": "PathStyleExtension", "dash": True}]
    return [polygons, labels_layer]  # build_deck moves the labels above the points


def facility_records(facilities: pd.DataFrame, kind: str) -> list[dict]:
    lang_now, sep = lang(), t("map_sep")
    name = kind_label(kind, lang_now)
    served, area, approx_text = t("map_tip_served"), t("map_tip_area"), t("map_tip_approx")
    rows = []
    for row in facilities.itertuples(index=False):
        lines = [row.name, name, f"{served}{sep}{row.area_name or row.area_code}"]
        if not is_missing(row.area_m2):
            lines.append(f"{area}{sep}{fmt_count(row.area_m2, lang_now)} m²")
        if bool(row.approx):
            lines.append(approx_text)
        rows.append(
            {
                "code": "",
                "name": row.name,
                "lon": round(float(row.lon), 6),
                "lat": round(float(row.lat), 6),
                "tip": _tip(lines),
            }
        )
    return rows


def build_deck(
    districts: dict,
    city: dict,
    points: list[dict],
    facilities: list[dict],
    view: dict,
    level: str,
    height: int = 560,
    areas: list[dict] | None = None,
    labels: list[dict] | None = None,
    circles: bool = False,
    ledger: list[dict] | None = None,
) -> pdk.Deck:
    """Boundaries, street areas and names, facility circles (``circles``: outlines only, under the
    points), community/street points and facility markers, bottom to top; the open ledger items (``govdash.ledger_map``) when given."""
    layers = [
        pdk.Layer(
            "GeoJsonLayer",
            data=city,
            id="city",
            stroked=True,
            filled=False,
            pickable=False,
            get_line_color=[120, 120, 120, 140],
            line_width_min_pixels=1,
            line_width_units="'pixels'",
            get_line_width=1,
        ),
        pdk.Layer(
            "GeoJsonLayer",
            data=districts,
            id="districts",
            stroked=True,
            filled=True,
            pickable=False,
            get_fill_color="properties.fill",
            get_line_color="properties.line",
            get_line_width="properties.width",
            line_width_units="'pixels'",
            line_width_min_pixels=1,
        ),
    ]
    layers += _area_layers(areas or [], labels or [])
    if facilities and circles:
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                data=facilities,
                id="facility_circles",
                get_position=["lon", "lat"],
                get_radius=WALK_RADIUS_M,
                radius_units="'meters'",
                filled=False,
                stroked=True,
                pickable=False,
                get_line_color=hex_rgba(FACILITY_COLOR, 110),
                line_width_min_pixels=1,
            )
        )
    if facilities:
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                data=facilities,
                id="facilities",
                get_position=["lon", "lat"],
                get_radius=3,
                radius_units="'pixels'",
                get_fill_color=hex_rgba(FACILITY_COLOR, 255),
                get_line_color=[255, 255, 255, 255],
                stroked=True,
                line_width_min_pixels=1,
                pickable=True,
            )
        )
    layer_id = "communities" if level == "community" else "streets"
    layers.append(
        pdk.Layer(
            "ScatterplotLayer",
            data=points,
            id=layer_id,
            get_position=["lon", "lat"],
            get_radius="radius",
            radius_units="'pixels'",
            get_fill_color="color",
            get_line_color="line",
            stroked=True,
            filled=True,
            line_width_min_pixels=1,
            pickable=True,
            auto_highlight=True,
        )
    )
    if ledger:
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                data=ledger,
                id="ledger_items",
                get_position=["lon", "lat"],
                get_radius=4,
                radius_units="'pixels'",
                get_fill_color="color",
                get_line_color=[255, 255, 255, 255],
                stroked=True,
                line_width_min_pixels=1,
                pickable=True,
            )
        )
    layers.sort(key=lambda layer: layer.id == "street_labels")  # names on top (thin halo, no box)
    return pdk.Deck(
        layers=layers,
        initial_view_state=pdk.ViewState(**view, pitch=0, bearing=0),
        map_provider=None,
        tooltip=TOOLTIP,
        height=height,
    )
