"""The map slide: communities as points coloured by star level (or activity rate), the district outline.

Drawn without tiles: PowerPoint gets a native XY-scatter chart, the PDF and the presentation page
a plain plotly scatter. Points, classes and colours come from ``govdash.map_data`` (the map page's
module), so the slide shows what the map page shows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from govdash import map_colors, map_data
from govdash.formatting import text_width
from govdash.i18n import tr
from govdash.metric_labels import fmt_number, kind_label
from govdash.report.context import Context
from govdash.report.model import MapChart, PointGroup, Slide

MAX_RING_POINTS = 400  # outline vertices kept per ring (the deck and the PDF stay small)
NO_DATA_COLOR = "#c8c8c8"  # the map page's hollow "no data" point, visible on white paper
SELECTED_COLOR = "#1a1a1a"
PAD = 0.04  # share of the extent added around the points of a district
PAD_CLOSE = 0.25  # around a street's points (room for the names)
MAX_LABELS = 40  # name the points when there are at most this many
# A name above its point, in shares of the plot's width, as the presentation page writes it (20 px on
# a plot ~840 px wide at 1366 px: the densest of the three outputs; the PPTX writes 11 pt on a plot
# 8.9 in wide, 1/58, the PDF 14 px on ~950 px, 1/68); the plots are about half as high as wide
LABEL_EM = 1 / 42  # one CJK character
PLOT_HEIGHT = 0.5
PLACES = ("top", "bottom", "right", "left")  # where a name may go, in this order of preference


def simplify(ring: list, limit: int = MAX_RING_POINTS) -> tuple[tuple[float, float], ...]:
    """Every k-th vertex of a ring (closed again), at most ``limit`` of them."""
    step = max(1, len(ring) // limit)
    kept = [(round(p[0], 5), round(p[1], 5)) for p in ring[::step]]
    if kept and kept[0] != kept[-1]:
        kept.append(kept[0])
    return tuple(kept)


def outline_rings(district: str) -> list[tuple[tuple[float, float], ...]]:
    """The outer rings of the district's boundary polygons (empty when no boundary is shipped)."""
    districts, _city = map_data.boundaries(district)
    rings = []
    for feature in districts["features"]:
        if feature["properties"]["code"] != district:
            continue
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        rings += [simplify(polygon[0]) for polygon in polygons if polygon and len(polygon[0]) > 2]
    return rings


def _bbox(lons: list[float], lats: list[float], rings: list, whole_district: bool) -> tuple[float, ...]:
    if whole_district and rings:
        lons = [p[0] for r in rings for p in r]
        lats = [p[1] for r in rings for p in r]
    if not lons:
        return 73.5, 18.0, 135.0, 53.5
    pad = PAD if whole_district else PAD_CLOSE
    pad_x = max((max(lons) - min(lons)) * pad, 0.005)
    pad_y = max((max(lats) - min(lats)) * pad, 0.005)
    return min(lons) - pad_x, min(lats) - pad_y, max(lons) + pad_x, max(lats) + pad_y


def name_places(
    lons: Sequence[float],
    lats: Sequence[float],
    names: Sequence[str],
    bbox: tuple[float, ...],
    first: int | None,
) -> list[str | None]:
    """Where each point's name is written (``PLACES``: above, below, right or left of it), or None
    where every place would cover a name written before or another point. Points are taken in
    turn, ``first`` (the selected community) before the others. Names that crowd (a street's seats
    a few hundred metres apart) were written over each other, unreadable."""
    min_lon, min_lat, max_lon, max_lat = bbox
    kx = math.cos(math.radians((min_lat + max_lat) / 2))
    scale = min(1 / max((max_lon - min_lon) * kx, 1e-9), PLOT_HEIGHT / max(max_lat - min_lat, 1e-9))
    xy = [
        ((lon - min_lon) * kx * scale, (lat - min_lat) * scale) for lon, lat in zip(lons, lats, strict=True)
    ]
    dot = LABEL_EM * 0.35  # a marker's half width
    taken = [(x - dot, y - dot, x + dot, y + dot) for x, y in xy]  # the markers, then the names
    places: list[str | None] = [None] * len(names)
    for i in sorted(range(len(names)), key=lambda i: i != first):
        (x, y), width, high = xy[i], text_width(names[i], 1000) / 1000 * LABEL_EM, LABEL_EM * 1.2
        boxes = {
            "top": (x - width / 2, y + dot, x + width / 2, y + dot + high),
            "bottom": (x - width / 2, y - dot - high, x + width / 2, y - dot),
            "right": (x + dot, y - high / 2, x + dot + width, y + high / 2),
            "left": (x - dot - width, y - high / 2, x - dot, y + high / 2),
        }
        for place in PLACES:
            box = boxes[place]
            clear = (b for k, b in enumerate(taken) if k != i)
            if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in clear):
                places[i] = place
                taken.append(box)
                break
    return places


def legend_name(item: map_colors.LegendItem, metric: str, lang: str) -> str:
    """A legend class as the map page writes it: a star level, or the bounds in the catalog's format
    of the metric (a per-1,000 rate with one decimal: 8.0–12.5, never 8–12.5)."""
    star = metric == "star_level"
    if item.low is None or item.high is None:
        return tr("pr_map_not_assessed" if star else "pr_map_no_data", lang)
    if star:
        return kind_label(str(int(item.low)), lang)
    source = map_data.METRICS[metric].source
    low, high = fmt_number(source, item.low, lang), fmt_number(source, item.high, lang)
    return low if item.low == item.high else f"{low}–{high}"


def _model(ctx: Context, metric: str) -> map_data.MapModel:
    """The map page's model of the report's area (every community type, no facilities or outlines)."""
    return map_data.model(
        ctx.version, ctx.district, ctx.street, ctx.community, None, ctx.as_of, metric, None, outlines=False
    )


def map_slide(ctx: Context) -> Slide:
    title = ctx.t("pr_slide_map")
    m = _model(ctx, "star_level")  # star levels where the district takes part, else the activity rate
    star, year = m.in_program, m.star_year or ctx.as_of.year
    if not star:
        m = _model(ctx, "activities_per_1k")
    metric, level = ("star_level" if star else "activities_per_1k"), m.level
    points = m.points.dropna(subset=["lon", "lat"])
    if points.empty:
        return Slide("map", title, note=ctx.t("pr_map_none"))
    rings = outline_rings(ctx.district)
    lons, lats = points["lon"].astype(float).tolist(), points["lat"].astype(float).tolist()
    bbox = _bbox(lons, lats, rings, ctx.level == "district")
    codes, names = list(points["code"]), points["name"].astype(str).tolist()
    named = len(points) <= MAX_LABELS
    first = codes.index(ctx.community) if ctx.community in codes else None
    places = name_places(lons, lats, names, bbox, first) if named else [None] * len(codes)
    place = dict(zip(codes, places, strict=True))
    values = None if m.values is None else m.values.reindex(codes)  # the points drawn
    items = map_colors.legend(values, metric, level)
    colours = [map_colors.colour_of(None if values is None else values.get(c), items) for c in points["code"]]
    groups = []
    for item in items:
        mask = [c == item.color for c in colours]
        if item.low is not None and ctx.community:
            mask = [m and code != ctx.community for m, code in zip(mask, points["code"], strict=True)]
        rows = points[mask]
        if rows.empty:
            continue
        colour = NO_DATA_COLOR if item.low is None else item.color
        groups.append(
            PointGroup(
                legend_name(item, metric, ctx.lang),
                colour,
                tuple(rows["lon"].astype(float)),
                tuple(rows["lat"].astype(float)),
                tuple(rows["name"].astype(str)),
                tuple(place[c] or "" for c in rows["code"]),
            )
        )
    if ctx.community and ctx.community in set(points["code"]):
        row = points[points["code"] == ctx.community].iloc[0]
        groups.append(
            PointGroup(
                ctx.t("pr_map_selected"),
                SELECTED_COLOR,
                (float(row["lon"]),),
                (float(row["lat"]),),
                (str(row["name"]),),
                (place[ctx.community] or "",),
            )
        )
    if star:
        chart_title = ctx.t("pr_map_title_star", year=year)
        ctx.use(*(f"star_level_communities:{n}" for n in range(6)))
    else:
        chart_title = ctx.t("pr_map_title_rate", **ctx.window())
        ctx.use("activities_per_1k")
    chart = MapChart(chart_title, tuple(groups), tuple(rings), bbox, labels=named)
    # the outline is said only where one is drawn (no boundary shipped: points alone)
    notes = [ctx.t("pr_map_note" if ctx.level == "district" and rings else "pr_map_note_close")]
    if map_colors.has_ranges(items):
        notes.append(ctx.t("map_legend_bins"))
    written = sum(p is not None for p in places)
    if named and written < len(places):
        notes.append(ctx.t("pr_map_names_left_out", written=written, total=len(places)))
    return Slide("map", title, charts=(chart,), bullets=tuple(notes))
