"""What the map page opens on: the centre and zoom that show a community, a street with its
outline, or a district (deck.gl's initial view)."""

from __future__ import annotations

import math

from govdash import geo

FOCUS_PAD_DEG = 0.015  # about 1.5 km around a selected community
MIN_SPAN_DEG = 0.02  # never zoom in closer than about 2 km across
PAD = 0.12  # margin around the fitted area, as a share of its size


def district_bbox(district_code: str) -> tuple[float, float, float, float] | None:
    for feature in geo.reference_geojson("districts")["features"]:
        if feature["properties"]["code"] == district_code:
            return _bbox(feature["geometry"]["coordinates"])
    return None


def _bbox(coords: list) -> tuple[float, float, float, float]:
    flat: list[tuple[float, float]] = []

    def walk(c: list) -> None:
        if c and isinstance(c[0], (int, float)):
            flat.append((c[0], c[1]))
        else:
            for part in c:
                walk(part)

    walk(coords)
    lons, lats = [p[0] for p in flat], [p[1] for p in flat]
    return min(lons), min(lats), max(lons), max(lats)


def fit_view(bbox: tuple[float, float, float, float], width_px: int = 800, height_px: int = 560) -> dict:
    """Centre and zoom that show ``bbox`` in a ``width_px`` × ``height_px`` map.

    deck.gl's web-mercator world is 512 px wide at zoom 0.
    """
    min_lon, min_lat, max_lon, max_lat = bbox
    lon_span = max(max_lon - min_lon, MIN_SPAN_DEG) * (1 + 2 * PAD)
    lat_span = max(max_lat - min_lat, MIN_SPAN_DEG) * (1 + 2 * PAD)
    mid_lat = (min_lat + max_lat) / 2
    zoom_x = math.log2(width_px * 360 / (512 * lon_span))
    zoom_y = math.log2(height_px * 360 / (512 * lat_span / max(math.cos(math.radians(mid_lat)), 0.1)))
    return {
        "longitude": (min_lon + max_lon) / 2,
        "latitude": mid_lat,
        "zoom": round(max(min(zoom_x, zoom_y), 3), 2),
    }


def view_bbox(
    points: list[dict],
    district: str,
    focus: str | None = None,
    street: str | None = None,
    areas: list[dict] | tuple = (),
) -> tuple[float, float, float, float]:
    """What the map opens on: the focused community; else the selected ``street``'s points with its
    area (``areas``, as ``street_areas`` gives them), whose outline is drawn; else the district (or
    the points drawn)."""
    located = [(p["lon"], p["lat"]) for p in points]
    focused = [(p["lon"], p["lat"]) for p in points if focus and p["code"] == focus]
    if focused:
        lon, lat = focused[0]
        return lon - FOCUS_PAD_DEG, lat - FOCUS_PAD_DEG, lon + FOCUS_PAD_DEG, lat + FOCUS_PAD_DEG
    district_box = district_bbox(district) if street is None or not located else None
    if district_box is not None:
        return district_box
    if located:
        lons, lats = [p[0] for p in located], [p[1] for p in located]
        outline = [a["polygons"] for a in areas if a["code"] == street and a["polygons"]]
        boxes = [(min(lons), min(lats), max(lons), max(lats)), *(_bbox(o) for o in outline)]
        return (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
    return 73.5, 18.0, 135.0, 53.5  # China
