"""Data behind the map page: boundaries, community (or street) points coloured by a metric, facilities.

Every value comes from the metric engine (``queries.metrics_table``, ``etl.metric_lookups.star_levels``);
this module only picks the areas to draw and derives per-1,000-resident rates (colours and the
legend are in ``govdash.map_colors``). When the selection holds more than ``MAX_POINTS`` communities the map draws one point per
street (at the centroid of its communities) instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import pandas as pd

from etl import periods
from etl.area_names import shown_name
from etl.metric_lookups import star_levels
from etl.metric_sql import WALK_RADIUS_M
from etl.settings import star_threshold
from govdash import cache, db, geo, ledger_data, map_areas, queries
from govdash.db import connection

MAX_POINTS = 5000  # more communities than this: draw street aggregates
COORD_DECIMALS = 5


@dataclass(frozen=True)
class MapMetric:
    key: str
    source: str  # catalog metric (``{kind}`` filled with the facility kind), or "star_level"
    pct: bool = False


METRICS: dict[str, MapMetric] = {
    m.key: m
    for m in (
        MapMetric("activities_per_1k", "activities_per_1k"),
        MapMetric("participants_per_1k", "participants_per_1k"),
        MapMetric("volunteer_hours_per_1k", "volunteer_hours_per_1k"),
        MapMetric("coverage", "coverage_pct:{kind}", pct=True),
        MapMetric("walk_coverage", "walk_coverage_pct:{kind}", pct=True),
        MapMetric("branch_coverage", "compound_branch_coverage_pct", pct=True),
        MapMetric("workers_per_10k", "workers_per_10k_residents"),
        MapMetric("star_level", "star_level"),
    )
}
DEFAULT_METRIC = "activities_per_1k"
DEFAULT_KIND = "party_service_center"


# --- geometry --------------------------------------------------------------------------------


@lru_cache(maxsize=2)
def _drawn(name: str) -> dict[str, list]:
    """Code → the boundary's coordinates as the map draws them (rounded once per process, shared
    read-only by every view; the geometry code reads ``geo.reference_geojson``'s own)."""
    return {
        f["properties"]["code"]: _round_coords(f["geometry"]["coordinates"])
        for f in geo.reference_geojson(name)["features"]
    }


def _round_coords(coords: list) -> list:
    if coords and isinstance(coords[0], (int, float)):
        return [round(c, COORD_DECIMALS) for c in coords]
    return [_round_coords(c) for c in coords]


def _feature(feature: dict, drawn: dict[str, list], selected: bool) -> dict:
    props = feature["properties"]
    return {
        "type": "Feature",
        "geometry": {"type": feature["geometry"]["type"], "coordinates": drawn[props["code"]]},
        "properties": {
            "code": props["code"],
            "name": props["name"],
            "fill": [200, 16, 46, 18] if selected else [0, 0, 0, 0],
            "line": [200, 16, 46, 230] if selected else [90, 90, 90, 160],
            "width": 3 if selected else 1,
        },
    }


def boundaries(district_code: str, only: frozenset[str] | None = None) -> tuple[dict, dict]:
    """(districts of the district's city, the city outline) as GeoJSON; empty when not shipped.
    ``only``: the districts a scoped user may see (neighbours outside it are not drawn)."""
    districts = [
        f
        for f in geo.reference_geojson("districts")["features"]
        if only is None or f["properties"]["code"] in only
    ]
    own = [f for f in districts if f["properties"]["code"] == district_code]
    city = own[0]["properties"].get("city_code") if own else None
    same_city = [f for f in districts if city and f["properties"].get("city_code") == city] or own
    cities = [
        f for f in geo.reference_geojson("cities")["features"] if city and f["properties"]["code"] == city
    ]
    return (
        {
            "type": "FeatureCollection",
            "features": [
                _feature(f, _drawn("districts"), f["properties"]["code"] == district_code) for f in same_city
            ],
        },
        {"type": "FeatureCollection", "features": [_feature(f, _drawn("cities"), False) for f in cities]},
    )


# --- areas -----------------------------------------------------------------------------------


@cache.model(max_entries=256)
def communities(version: str, district: str, as_of: date) -> pd.DataFrame:
    """Communities of a district existing on ``as_of``: code, name, street, type, population, lon, lat."""
    return queries.query_df(
        f"SELECT c.area_code AS code, {shown_name('c')} AS name, c.parent_code AS street_code, "
        f"{shown_name('s')} AS street_name, c.community_type, c.population, c.lon, c.lat, "
        "coalesce(c.is_location_approx, false) AS approx, s.lon AS street_lon, s.lat AS street_lat "
        "FROM areas c JOIN areas s ON s.area_code = c.parent_code "
        "WHERE c.level = 'community' AND s.parent_code = ? "
        "AND (c.established_date IS NULL OR c.established_date <= ?) "
        "AND (c.abolished_date IS NULL OR c.abolished_date > ?) ORDER BY c.area_code",
        [district, as_of, as_of],
    )


def select_communities(
    comms: pd.DataFrame, street: str | None, community: str | None, community_type: str | None
) -> pd.DataFrame:
    """The communities to draw: the street's (a community selection shows its street for context)."""
    out = comms
    if street:
        out = out[out["street_code"] == street]
    if community_type:
        out = out[(out["community_type"] == community_type) | (out["code"] == community)]
    return out.reset_index(drop=True)


def street_points(comms: pd.DataFrame) -> pd.DataFrame:
    """One point per street at the centroid of its located communities (else the street's own point)."""
    located = comms.dropna(subset=["lon", "lat"])
    grouped = comms.groupby(["street_code", "street_name"], as_index=False).agg(
        communities=("code", "size"),
        street_lon=("street_lon", "first"),
        street_lat=("street_lat", "first"),
    )
    centre = located.groupby("street_code", as_index=False).agg(lon=("lon", "mean"), lat=("lat", "mean"))
    out = grouped.merge(centre, on="street_code", how="left")
    out["lon"] = out["lon"].fillna(out["street_lon"])
    out["lat"] = out["lat"].fillna(out["street_lat"])
    out["approx"] = True
    return out.rename(columns={"street_code": "code", "street_name": "name"}).drop(
        columns=["street_lon", "street_lat"]
    )


# --- values ----------------------------------------------------------------------------------


def window(as_of: date) -> date:
    """Start of the 12-month flow window ending at ``as_of`` (exclusive), as the overview uses."""
    return periods.year_window(as_of)[0]


@cache.model(max_entries=256)
def _star_levels(version: str, district: str) -> pd.DataFrame:
    with connection().cursor() as cur:
        return star_levels(cur, district, None, star_threshold(), per_star=False)


def star_values(version: str, district: str, as_of: date) -> pd.Series | None:
    """Level (0–5) per community in the district's latest assessment year <= as_of (the engine's rule).

    None when the district is not in the five-star program; communities not assessed that year
    are missing (drawn as "not assessed").
    """
    levels = _star_levels(version, district)
    if levels.empty:
        return None
    levels = levels[levels["year"] <= as_of.year]
    if levels.empty:
        return pd.Series(dtype=float)
    latest = levels[levels["year"] == levels["year"].max()]
    return latest.set_index("community_code")["level"].astype(float)


def star_year(version: str, district: str, as_of: date) -> int | None:
    """The assessment year ``star_values`` draws (the latest up to ``as_of``'s year), None before the
    first or outside the program."""
    levels = _star_levels(version, district)
    known = levels.loc[levels["year"] <= as_of.year, "year"] if not levels.empty else levels
    return int(known.max()) if len(known) else None


def metric_values(
    version: str,
    codes: tuple[str, ...],
    as_of: date,
    metric: str,
    kind: str | None,
    district: str,
    street_of: dict[str, str] | None = None,
) -> pd.Series | None:
    """The metric per code (communities, or streets when ``street_of`` maps community → street).

    None when the metric does not apply (star level in a district outside the five-star program).
    """
    spec = METRICS[metric]
    if spec.source == "star_level":
        levels = star_values(version, district, as_of)
        if levels is None:
            return None
        if street_of is None:
            return levels.reindex(list(codes))
        by_street = levels.groupby(levels.index.map(street_of)).mean().round(1)
        return by_street.reindex(list(codes))
    column = spec.source.format(kind=kind or DEFAULT_KIND)
    try:
        table = queries.metrics_table(version, codes, as_of, window(as_of), (column,))
    except ValueError:  # a kind the catalog cannot name
        table = pd.DataFrame(index=list(codes))
    if column not in table:
        return pd.Series([None] * len(codes), index=list(codes), dtype=object)
    return pd.to_numeric(table[column], errors="coerce").reindex(list(codes))


# --- facilities ------------------------------------------------------------------------------


@cache.model(max_entries=64)
def facility_kinds(version: str) -> list[str]:
    """Facility kinds present in the data (canonical codes), in registry order first."""
    from etl.registry import FACILITY_KINDS

    present = set(queries.query_df("SELECT DISTINCT facility_kind FROM facilities")["facility_kind"].dropna())
    return [k for k in FACILITY_KINDS if k in present] + sorted(present - set(FACILITY_KINDS))


@cache.model(max_entries=256)
def facilities(version: str, area_codes: tuple[str, ...], kind: str, as_of: date) -> pd.DataFrame:
    """Open facilities of a kind on ``as_of`` registered to one of ``area_codes``, with coordinates."""
    return queries.query_df(
        "SELECT f.facility_name AS name, f.area_code, a.area_name, f.status, f.area_m2, f.lon, f.lat, "
        "coalesce(f.is_location_approx, false) AS approx FROM facilities f "
        "LEFT JOIN areas a ON a.area_code = f.area_code "
        "WHERE f.facility_kind = ? AND f.area_code IN (SELECT unnest(?::VARCHAR[])) "
        "AND f.opened_date <= ? AND (f.closed_date IS NULL OR f.closed_date > ?) "
        "AND f.lon IS NOT NULL AND f.lat IS NOT NULL ORDER BY f.area_code, f.facility_name",
        [kind, list(area_codes), as_of, as_of],
    )


def fallback_table(points: pd.DataFrame, values: pd.Series | None, level: str) -> pd.DataFrame:
    """The map's points as a plain table (for PCs without WebGL): name, street or count, value, location."""
    value = [None] * len(points) if values is None else values.reindex(points["code"]).to_numpy(dtype=object)
    table = pd.DataFrame({"name": points["name"]})
    if level == "community":
        table["street"] = points["street_name"]
    else:
        table["communities"] = points["communities"]
    table["value"] = pd.to_numeric(pd.Series(value, index=points.index, dtype=object), errors="coerce")
    table["approx"] = points["approx"].astype(bool)
    table["lon"] = points["lon"].round(6)
    table["lat"] = points["lat"].round(6)
    return table.reset_index(drop=True)


def selection_target(event: object, layer_ids: dict[str, str]) -> tuple[str, str] | None:
    """(``community``|``street``, code) of the object clicked on the map, from ``st.pydeck_chart``'s state.

    ``layer_ids`` maps a layer id to what its objects are.
    """
    try:
        objects = event["selection"]["objects"]  # type: ignore[index]
    except (KeyError, TypeError):
        return None
    for layer_id, level in layer_ids.items():
        picked = objects.get(layer_id) or []
        if picked and picked[0].get("code"):
            return level, str(picked[0]["code"])
    return None


# --- the page's model ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MapModel:
    """What the map page shows for the filters, a metric and a facility kind: the points (communities,
    or one per street above ``MAX_POINTS``) with the metric's values, the facilities, the outlines and
    street areas, the fallback table and, when asked for, the open ledger items."""

    communities: pd.DataFrame  # the communities of the selection (``select_communities``)
    aggregated: bool  # drawn per street
    level: str  # "street" or "community": what a point is
    points: pd.DataFrame
    values: pd.Series | None  # the metric per point; None: star level outside the five-star program
    in_program: bool  # False: star level asked for in a district outside the program
    star_year: int | None  # the assessment year of the star levels drawn (None for other metrics)
    facilities: pd.DataFrame  # open facilities of the kind (empty without a kind)
    districts: dict  # GeoJSON of the city's districts the reader may see (the district marked)
    city: dict  # GeoJSON of the city outline
    street_areas: list[dict]  # drawable street areas (``map_areas.street_areas``; empty when not asked)
    table: pd.DataFrame  # the points as a plain table (``fallback_table``)
    ledger: pd.DataFrame  # open and overdue ledger items with coordinates (empty when not asked)


def _ledger_items(version: str, area_code: str, as_of: date, lang: str) -> pd.DataFrame:
    items = ledger_data.items(version, area_code, as_of, lang)
    return items[(items["status"] != "done") & items["lon"].notna() & items["lat"].notna()]


def model(
    version: str,
    district: str,
    street: str | None,
    community: str | None,
    community_type: str | None,
    as_of: date,
    metric: str = DEFAULT_METRIC,
    metric_kind: str | None = DEFAULT_KIND,
    facility_kind: str | None = None,
    ledger_lang: str | None = None,
    outlines: bool = True,
) -> MapModel:
    """The map of the selection on ``as_of``: ``metric`` (of ``metric_kind`` for the facility metrics),
    the open facilities of ``facility_kind`` (None: none drawn), the ledger layer in ``ledger_lang``
    (None: off) and, with ``outlines``, the district outlines and street areas."""
    comms = select_communities(communities(version, district, as_of), street, community, community_type)
    aggregated = len(comms) > MAX_POINTS
    points = street_points(comms) if aggregated else comms
    codes = tuple(points["code"])
    street_of = dict(zip(comms["code"], comms["street_code"], strict=True)) if aggregated else None
    values = metric_values(version, codes, as_of, metric, metric_kind, district, street_of) if codes else None
    level = "street" if aggregated else "community"
    fac = pd.DataFrame()
    if facility_kind:
        scope = (*comms["code"], *comms["street_code"].unique(), district)
        fac = facilities(version, tuple(scope), facility_kind, as_of)
    districts, city = {}, {}
    if outlines:
        visible = None if db.current_scope().everything else frozenset(queries.area_tree(version).districts)
        districts, city = boundaries(district, visible)
    area_code = queries.selected_area(district, street, community)[0]
    return MapModel(
        communities=comms,
        aggregated=aggregated,
        level=level,
        points=points,
        values=values,
        in_program=not (metric == "star_level" and values is None),
        star_year=star_year(version, district, as_of) if metric == "star_level" else None,
        facilities=fac,
        districts=districts,
        city=city,
        street_areas=map_areas.street_areas(version, district) if outlines else [],
        table=fallback_table(points, values, level),
        ledger=_ledger_items(version, area_code, as_of, ledger_lang) if ledger_lang else pd.DataFrame(),
    )


__all__ = ["MAX_POINTS", "METRICS", "WALK_RADIUS_M", "MapModel", "model", "selection_target"]
