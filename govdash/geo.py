"""Coordinate systems and plane geometry for the map (shapely; no network, no projection library).

GCJ-02 (Amap/Tencent) to WGS-84 uses the standard published GCJ-02 formula (Krasovsky ellipsoid),
inverted by fixed-point iteration — the conversion ``data/reference`` was made with. Voronoi cells
are computed in a local equirectangular plane (longitude scaled by cos(latitude)) so that "nearest
community" means nearest in metres, not in degrees.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

G = TypeVar("G", BaseGeometry, np.ndarray)

REFERENCE = Path(__file__).resolve().parent.parent / "data" / "reference"


@lru_cache(maxsize=2)
def reference_geojson(name: str) -> dict:
    """The shipped boundaries ``data/reference/<name>_wgs84.geojson`` (``districts``, ``cities``),
    read once per process and shared read-only; an empty collection when the file is not there."""
    path = REFERENCE / f"{name}_wgs84.geojson"
    if not path.exists():
        return {"type": "FeatureCollection", "features": []}
    return json.loads(path.read_text(encoding="utf-8"))


_A = 6378245.0
_EE = 0.00669342162296594323


def _offset(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """GCJ-02 minus WGS-84 at WGS-84 positions (degrees)."""
    x, y = lon - 105.0, lat - 35.0
    d_lat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    d_lat += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    d_lat += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    d_lat += (160.0 * np.sin(y / 12.0 * np.pi) + 320 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    d_lon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    d_lon += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    d_lon += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    d_lon += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    rad = lat / 180.0 * np.pi
    magic = 1 - _EE * np.sin(rad) ** 2
    sqrt_magic = np.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * np.pi)
    d_lon = (d_lon * 180.0) / (_A / sqrt_magic * np.cos(rad) * np.pi)
    return d_lon, d_lat


def gcj02_to_wgs84_coords(coords: np.ndarray) -> np.ndarray:
    """(N, 2) GCJ-02 lon/lat → WGS-84 (fixed-point inversion; round trip below 1e-9°)."""
    gcj = np.asarray(coords, dtype=float)
    wgs = gcj.copy()
    for _ in range(30):
        d_lon, d_lat = _offset(wgs[:, 0], wgs[:, 1])
        new = np.column_stack((gcj[:, 0] - d_lon, gcj[:, 1] - d_lat))
        if np.max(np.abs(new - wgs), initial=0.0) < 1e-10:
            return new
        wgs = new
    return wgs


def wgs84_to_gcj02_coords(coords: np.ndarray) -> np.ndarray:
    wgs = np.asarray(coords, dtype=float)
    d_lon, d_lat = _offset(wgs[:, 0], wgs[:, 1])
    return np.column_stack((wgs[:, 0] + d_lon, wgs[:, 1] + d_lat))


def to_wgs84(geom: BaseGeometry, crs: str) -> BaseGeometry:
    """A geometry stated in ``crs`` (``wgs84`` | ``gcj02``, the registry's values) in WGS-84."""
    return shapely.transform(geom, gcj02_to_wgs84_coords) if crs == "gcj02" else geom


def lon_scale(lat: float) -> float:
    """How much shorter a degree of longitude is than one of latitude at ``lat``."""
    return max(math.cos(math.radians(lat)), 0.1)


def to_plane(geom: BaseGeometry, scale: float) -> BaseGeometry:
    return shapely.transform(geom, lambda c: c * np.array([scale, 1.0]))


def from_plane(geom: G, scale: float) -> G:
    """``geom`` (a geometry or an array of them) from the local plane back to lon/lat."""
    return shapely.transform(geom, lambda c: c / np.array([scale, 1.0]))


def polygons_of(geom: BaseGeometry) -> list[shapely.Polygon]:
    """The polygon parts of any geometry (collections from clipping hold lines and points too)."""
    if geom.is_empty:
        return []
    if isinstance(geom, shapely.Polygon):
        return [geom]
    if hasattr(geom, "geoms"):
        return [p for part in geom.geoms for p in polygons_of(part)]
    return []


def label_point(geom: BaseGeometry) -> tuple[float, float]:
    """Where a label sits: the pole of inaccessibility of the largest part (inside, away from edges)."""
    parts = polygons_of(geom)
    largest = max(parts, key=lambda p: p.area)
    span = max(largest.bounds[2] - largest.bounds[0], largest.bounds[3] - largest.bounds[1])
    point = polylabel(largest, tolerance=max(span / 200, 1e-6))
    return point.x, point.y
