"""Geometry for the demo: district polygons, point-in-polygon, sampling points near an anchor.

Coordinates are WGS-84 degrees; distances are metres on a local flat approximation, which is plenty
for placing communities a few kilometres from their street.
"""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import numpy as np

EARTH_RADIUS_M = 6_371_008.8
M_PER_DEG_LAT = 111_320.0


class Shape:
    """A (multi)polygon with holes, tested with the even-odd rule over all rings."""

    def __init__(self, rings: list[np.ndarray]):
        self.rings = rings
        allpts = np.concatenate(rings)
        self.min_lon, self.min_lat = allpts.min(axis=0)
        self.max_lon, self.max_lat = allpts.max(axis=0)

    def contains(self, lon: float, lat: float) -> bool:
        if not (self.min_lon <= lon <= self.max_lon and self.min_lat <= lat <= self.max_lat):
            return False
        crossings = 0
        for ring in self.rings:
            xs, ys = ring[:, 0], ring[:, 1]
            xj, yj = np.roll(xs, 1), np.roll(ys, 1)
            straddles = (ys > lat) != (yj > lat)
            if not straddles.any():
                continue
            xs, ys, xj, yj = xs[straddles], ys[straddles], xj[straddles], yj[straddles]
            x_cross = (xj - xs) * (lat - ys) / (yj - ys) + xs
            crossings += int(np.count_nonzero(lon < x_cross))
        return crossings % 2 == 1


def load_shapes(path: Path) -> dict[str, Shape]:
    """District code -> shape, from the committed WGS-84 GeoJSON."""
    data = json.loads(path.read_text(encoding="utf-8"))
    shapes: dict[str, Shape] = {}
    for feature in data["features"]:
        geom = feature["geometry"]
        polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        rings = [np.asarray(ring, dtype=float) for poly in polys for ring in poly]
        shapes[feature["properties"]["code"]] = Shape(rings)
    return shapes


def offset(lon: float, lat: float, dx_m: float, dy_m: float) -> tuple[float, float]:
    """Move a point ``dx_m`` metres east and ``dy_m`` metres north."""
    dlat = dy_m / M_PER_DEG_LAT
    dlon = dx_m / (M_PER_DEG_LAT * math.cos(math.radians(lat)))
    return lon + dlon, lat + dlat


def sample_near(
    shape: Shape,
    r: random.Random,
    lon: float,
    lat: float,
    radius_m: float,
    min_m: float = 0.0,
    tries: int = 400,
) -> tuple[float, float]:
    """A point uniformly spread in the annulus [min_m, radius_m] around (lon, lat), inside the shape.
    Widens the search when the anchor sits near the border; falls back to the anchor itself."""
    for attempt in range(tries):
        grow = 1.0 + attempt // 100
        dist = math.sqrt(r.uniform((min_m / radius_m) ** 2, 1.0)) * radius_m * grow
        angle = r.uniform(0.0, 2.0 * math.pi)
        x, y = offset(lon, lat, dist * math.cos(angle), dist * math.sin(angle))
        if shape.contains(x, y):
            return round(x, 6), round(y, 6)
    return round(lon, 6), round(lat, 6)


def sample_inside(shape: Shape, r: random.Random, tries: int = 2000) -> tuple[float, float]:
    """A point uniformly inside the shape's bounding box that lies inside the shape."""
    for _ in range(tries):
        x = r.uniform(shape.min_lon, shape.max_lon)
        y = r.uniform(shape.min_lat, shape.max_lat)
        if shape.contains(x, y):
            return round(x, 6), round(y, 6)
    raise RuntimeError("no point found inside the shape")


def haversine_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))
