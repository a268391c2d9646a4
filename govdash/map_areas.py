"""Street areas on the map: the loaded boundaries (dataset ``street_areas``), else an approximation.

Where no boundary is loaded for a street, its area is approximated from its communities' locations:
the Voronoi cells of every located community of the district (nearest community, in metres), merged
per street, clipped to the district outline and to what loaded boundaries already cover. Such areas
are marked approximate (legend, tooltip). When the reader may not see the whole district (a scoped
user), the cells of its streets are also kept within ``REACH_DEG`` of their communities, so that an
approximation never claims the rest of the district for the streets it can see.

Computed once per data version and district (``govdash.cache.model`` on ``db.version()``), not per rerun.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from govdash import cache, db, geo, queries
from govdash.db import connection

REACH_DEG = 0.008  # about 800 m around a street's communities (scoped readers only, see module doc)
SIMPLIFY_DEG = 0.00002  # about 2 m: drawn outlines lose nothing visible
COORD_DECIMALS = 5


@dataclass(frozen=True)
class StreetArea:
    code: str
    name: str
    geometry: BaseGeometry  # WGS-84
    approx: bool


@lru_cache(maxsize=64)
def district_outline(district: str) -> BaseGeometry | None:
    """The district's shipped outline (WGS-84), None when the reference files do not have it
    (parsed once per process: the reference files ship with the code)."""

    for feature in geo.reference_geojson("districts")["features"]:
        if feature["properties"]["code"] == district:
            return shape(feature["geometry"]).buffer(0)
    return None


def _array(geometries: list[BaseGeometry]) -> np.ndarray:
    """A 1-D object array of geometries (shapely's vectorised functions take these)."""
    out = np.empty(len(geometries), dtype=object)
    out[:] = geometries
    return out


def _coords(points: pd.DataFrame, scale: float = 1.0) -> np.ndarray:
    """(N, 2) array of ``points``' lon × ``scale`` and lat (``scale``: into the local plane)."""
    return np.column_stack((points["lon"].to_numpy() * scale, points["lat"].to_numpy()))


def _voronoi_cells(points: pd.DataFrame, frame: BaseGeometry, scale: float) -> dict[str, BaseGeometry]:
    """Street code → union of the Voronoi cells of its communities (in the local plane)."""
    unique = points.drop_duplicates(subset=["lon", "lat"])  # the first community at a spot owns it
    streets = unique["street_code"].to_numpy()
    if len(unique) == 1:
        return {streets[0]: frame}
    sites = shapely.multipoints(_coords(unique, scale))
    # shapely.voronoi_polygons is ops.voronoi_diagram with ``ordered``: cell i belongs to point i
    cells = shapely.get_parts(shapely.voronoi_polygons(sites, extend_to=frame, ordered=True))
    if len(cells) != len(streets):
        raise ValueError(f"{len(cells)} Voronoi cells for {len(streets)} sites")
    return {street: shapely.union_all(cells[streets == street]) for street in dict.fromkeys(streets)}


def approximate(
    points: pd.DataFrame, outline: BaseGeometry, taken: BaseGeometry | None = None, reach: float | None = None
) -> dict[str, BaseGeometry]:
    """Street code → approximate area (WGS-84) from community points (columns street_code, lon, lat).

    Cells are clipped to ``outline`` and exclude ``taken`` (loaded boundaries); with ``reach`` (degrees)
    each street keeps only what lies that close to its communities.
    """
    located = points.dropna(subset=["lon", "lat"])
    if located.empty:
        return {}
    scale = geo.lon_scale(outline.centroid.y)
    frame = geo.to_plane(outline, scale)
    coords = _coords(located, scale)
    envelope = frame.union(shapely.multipoints(coords))
    cells = _voronoi_cells(located, envelope.envelope.buffer(0.05), scale)
    rest = frame.difference(geo.to_plane(taken, scale)) if taken is not None and not taken.is_empty else frame
    streets = list(cells)
    areas = shapely.intersection(_array(list(cells.values())), rest)
    if reach is not None:
        of_street = located["street_code"].to_numpy()
        near = [
            shapely.multipoints(coords[of_street == street]).convex_hull.buffer(reach) for street in streets
        ]
        areas = shapely.intersection(areas, _array(near))
    out = {}
    for street, area in zip(streets, areas, strict=True):
        parts = geo.polygons_of(area)
        if parts:
            out[street] = shapely.MultiPolygon(parts) if len(parts) > 1 else parts[0]
    return dict(zip(out, geo.from_plane(_array(list(out.values())), scale), strict=True))


def _loaded(district: str) -> list[StreetArea]:
    with connection().cursor() as cur:
        if cur.execute("SELECT 1 FROM street_areas LIMIT 1").fetchone() is None:
            return []  # none loaded (the usual case): no join that reads every area of the country
        frame = cur.execute(
            "SELECT b.area_code AS code, coalesce(s.area_name, b.area_name) AS name, b.crs, b.geometry "
            "FROM street_areas b JOIN areas s ON s.area_code = b.area_code "
            "WHERE s.parent_code = ? AND s.level = 'street' ORDER BY b.area_code",
            [district],
        ).df()
    out = []
    for row in frame.itertuples(index=False):
        geom = geo.to_wgs84(shape(json.loads(row.geometry)), row.crs)
        out.append(StreetArea(row.code, row.name, geom, approx=False))
    return out


def _sees_whole_district(district: str) -> bool:
    """Whether the reader's scope holds the district itself (not just some of its streets)."""
    if db.current_scope().everything:  # every area (loads check that a street's district exists)
        return True
    with connection().cursor() as cur:
        row = cur.execute("SELECT count(*) FROM _scope_areas WHERE area_code = ?", [district]).fetchone()
    return bool(row and row[0])


def _street_points(district: str) -> pd.DataFrame:
    return queries.query_df(
        "SELECT c.parent_code AS street_code, s.area_name AS street_name, c.lon, c.lat "
        "FROM areas c JOIN areas s ON s.area_code = c.parent_code "
        "WHERE c.level = 'community' AND s.parent_code = ? AND c.abolished_date IS NULL "
        "AND c.lon IS NOT NULL AND c.lat IS NOT NULL ORDER BY c.area_code",
        [district],
    )


def compute(district: str) -> list[StreetArea]:
    """The street areas of ``district`` the reader may see: loaded first, then approximations."""
    loaded = _loaded(district)
    points = _street_points(district)
    outline = district_outline(district)
    if outline is None and not points.empty:  # no shipped outline: the communities' hull, 1 km around
        outline = shapely.multipoints(_coords(points)).convex_hull.buffer(0.01)
    have = {a.code for a in loaded}
    missing = points[~points["street_code"].isin(have)]
    approx: dict[str, BaseGeometry] = {}
    if outline is not None and not missing.empty:
        taken = unary_union([a.geometry for a in loaded]) if loaded else None
        reach = None if _sees_whole_district(district) else REACH_DEG
        approx = approximate(points, outline, taken, reach)
    names = dict(zip(points["street_code"], points["street_name"], strict=False))
    guessed = [StreetArea(code, names[code], geom, True) for code, geom in approx.items() if code not in have]
    return sorted(loaded + guessed, key=lambda a: a.code)


def _rings(polygon: shapely.Polygon) -> list[list[list[float]]]:
    rings = [shapely.get_coordinates(ring).tolist() for ring in (polygon.exterior, *polygon.interiors)]
    return [[[round(x, COORD_DECIMALS), round(y, COORD_DECIMALS)] for x, y in ring] for ring in rings]


@cache.model(max_entries=64)
def street_areas(version: str, district: str) -> list[dict]:
    """Drawable street areas of ``district`` (one entry per street: code, name, approx, polygons
    as rings of rounded lon/lat, label position); cached per data version (snapshot and scope)."""
    out = []
    for area in compute(district):
        simple = area.geometry.simplify(SIMPLIFY_DEG, preserve_topology=True)
        lon, lat = geo.label_point(simple)
        out.append(
            {
                "code": area.code,
                "name": area.name,
                "approx": area.approx,
                "polygons": [_rings(p) for p in geo.polygons_of(simple)],
                "label": [round(lon, COORD_DECIMALS), round(lat, COORD_DECIMALS)],
                "size": area.geometry.area,  # square degrees: ranks the labels (larger first)
            }
        )
    return out
