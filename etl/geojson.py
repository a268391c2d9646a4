"""Reading a boundary GeoJSON file into the same text-cell table a CSV becomes (``etl.raw_table.RawTable``).

A GeoJSON ``FeatureCollection`` is one row per feature: its properties are the columns (mapped to the
registry's columns by their names, as spreadsheet headers are), plus ``crs`` (the file's top-level
``crs`` member, the same on every row) and ``geometry`` (the feature's geometry as compact JSON
text). Row numbers are feature numbers, counted from 1. From there the file goes through the usual
staging and checks (codes exist, scope, duplicates); what only Python can check about the geometry
(a polygon, valid, longitude/latitude in China) is found here and handed on as ``RawTable.problems``.

The file is bounded before any geometry is built: its size by ``max_upload_mb`` (as every upload) and
its coordinates by ``max_geojson_vertices``, counted in the parsed JSON.
"""

from __future__ import annotations

import codecs
import json
import math
from pathlib import Path

import duckdb
import pandas as pd
from shapely.geometry import shape
from shapely.validation import explain_validity

from etl import csv_records
from etl.messages import EtlError, Problem
from etl.raw_table import RawTable
from etl.settings import max_geojson_vertices

POLYGON_TYPES = ("Polygon", "MultiPolygon")
CHINA_BOUNDS = (73.0, 3.0, 136.0, 54.0)  # lon/lat box that every coordinate must lie in
CRS_HEADER, GEOMETRY_HEADER = "crs", "geometry"
# GEOS's reasons (``explain_validity``) in Chinese; the location in brackets is kept
VALIDITY_ZH = {
    "Ring Self-intersection": "边界环自相交",
    "Self-intersection": "边界自相交",
    "Too few points": "点数太少",
    "Hole lies outside shell": "内洞在外环之外",
    "Holes are nested": "内洞相互嵌套",
    "Interior is disconnected": "内部不连通",
    "Nested shells": "外环相互嵌套",
    "Duplicate Rings": "重复的环",
    "Invalid Coordinate": "无效坐标",
    "Ring is not closed": "边界环未闭合",
}


def looks_like_geojson(head: bytes) -> bool:
    """Whether a file's first bytes are a JSON object (CSV and Excel files never start with ``{``)."""
    return head.removeprefix(codecs.BOM_UTF8).lstrip()[:1] == b"{"


def _unreadable(file_name: str, zh: str, en: str) -> EtlError:
    return EtlError(Problem(file_name, "geojson_unreadable", params={"detail": en, "detail_zh": zh}))


def parse(path: Path, file_name: str) -> dict:
    """The file's JSON object, or EtlError naming why it is not one."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise _unreadable(
            file_name, f"不是UTF-8编码（第{err.start + 1}个字节）", f"not UTF-8 (byte {err.start + 1})"
        ) from err
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise _unreadable(
            file_name,
            f"第{err.lineno}行第{err.colno}列JSON语法错误（{err.msg}）",
            f"JSON syntax error at line {err.lineno} column {err.colno} ({err.msg})",
        ) from err
    except RecursionError as err:
        raise _unreadable(file_name, "嵌套层数过多", "nested too deeply") from err
    kind = doc.get("type") if isinstance(doc, dict) else type(doc).__name__
    if kind != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise EtlError(Problem(file_name, "geojson_not_collection", params={"kind": str(kind)[:40]}))
    if not doc["features"]:
        raise EtlError(Problem(file_name, "geojson_no_features"))
    return doc


def crs_name(doc: dict) -> str | None:
    """The name the file gives its coordinate system (``crs.properties.name``, or a plain string)."""
    crs = doc.get("crs")
    if isinstance(crs, str):
        return crs.strip() or None
    if isinstance(crs, dict):
        name = (crs.get("properties") or {}).get("name") if isinstance(crs.get("properties"), dict) else None
        return str(name).strip() if name else None
    return None


def count_vertices(coords: object, limit: int) -> int:
    """Numbers of positions in nested coordinate lists (stops counting once over ``limit``)."""
    total, stack = 0, [coords]
    while stack and total <= limit:
        item = stack.pop()
        if isinstance(item, list):
            if item and isinstance(item[0], (int, float)):
                total += 1
            else:
                stack.extend(item)
    return total


def _cell(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _outside_china(geom: dict) -> tuple[float, float] | None:
    min_lon, min_lat, max_lon, max_lat = CHINA_BOUNDS
    stack = [geom.get("coordinates")]
    while stack:
        item = stack.pop()
        if isinstance(item, list) and len(item) >= 2 and all(isinstance(c, (int, float)) for c in item[:2]):
            lon, lat = float(item[0]), float(item[1])
            if not (min_lon <= lon <= max_lon and min_lat <= lat <= max_lat) or math.isnan(lon + lat):
                return lon, lat
        elif isinstance(item, list):
            stack.extend(item)
    return None


def _validity_zh(reason: str) -> str:
    for en, zh in VALIDITY_ZH.items():
        if reason.startswith(en):
            return zh + reason[len(en) :]
    return reason


def geometry_problem(geom: object, file_name: str, row: int) -> Problem | None:
    """What is wrong with one feature's geometry (None when it is a valid lon/lat polygon in China)."""

    def problem(code: str, value: str | None, **params: str) -> Problem:
        return Problem(file_name, code, row=row, column=GEOMETRY_HEADER, value=value, params=params)

    if geom is None or (isinstance(geom, dict) and not geom.get("coordinates")):
        return problem("geometry_missing", None)
    kind = geom.get("type") if isinstance(geom, dict) else type(geom).__name__
    if kind not in POLYGON_TYPES:
        return problem("geometry_type", str(kind)[:40], kind=str(kind)[:40])
    try:
        polygon = shape(geom)
    except Exception as err:  # shapely's refusals of malformed coordinate lists vary by cause
        return problem("geometry_malformed", None, detail=f"{type(err).__name__}: {str(err)[:100]}")
    far = _outside_china(geom)
    if far is not None:
        point = f"{far[0]:g}, {far[1]:g}"
        return problem("geometry_not_lonlat", point, point=point)
    if polygon.is_empty:
        return problem("geometry_missing", None)
    if not polygon.is_valid:
        reason = explain_validity(polygon)
        return problem(
            "geometry_invalid", reason[:120], detail=_validity_zh(reason)[:120], detail_en=reason[:120]
        )
    return None


def _headers(features: list) -> list[str]:
    keys: dict[str, None] = {}
    for feature in features:
        props = feature.get("properties") if isinstance(feature, dict) else None
        for key in props or {}:
            if str(key) not in (CRS_HEADER, GEOMETRY_HEADER):
                keys.setdefault(str(key), None)
    return [*keys, CRS_HEADER, GEOMETRY_HEADER]


def read_geojson(con: duckdb.DuckDBPyConnection, path: Path, file_name: str, table: str) -> RawTable:
    """The features of ``path`` as TEMP table ``table`` (``_row`` = feature number, c0…cN = cells)."""
    doc = parse(path, file_name)
    crs = crs_name(doc)
    if crs is None:
        raise EtlError(Problem(file_name, "geojson_no_crs", column=CRS_HEADER))
    features = doc["features"]
    limit = max_geojson_vertices()
    coords = [
        f.get("geometry", {}).get("coordinates")
        if isinstance(f, dict) and isinstance(f.get("geometry"), dict)
        else None
        for f in features
    ]
    vertices = count_vertices(coords, limit)
    if vertices > limit:
        raise EtlError(
            Problem(
                file_name,
                "geojson_too_many_vertices",
                params={"vertices": f"{vertices:,}+", "limit": f"{limit:,}"},
            )
        )
    headers = _headers(features)
    records, problems = [], []
    for i, feature in enumerate(features):
        feature = feature if isinstance(feature, dict) else {}
        props = feature.get("properties") if isinstance(feature.get("properties"), dict) else {}
        geom = feature.get("geometry")
        found = geometry_problem(geom, file_name, i + 1)
        if found is not None:
            problems.append(found)
        cells = [_cell(props.get(h)) for h in headers[:-2]]
        cells += [crs, json.dumps(geom, separators=(",", ":"), ensure_ascii=False) if geom else "null"]
        records.append([i + 1, *cells, i])
    frame = pd.DataFrame(
        records, columns=["_row", *(f"c{j}" for j in range(len(headers))), "_idx"], dtype=object
    )
    csv_records.store(con, frame, table)
    return RawTable(table, headers, file_name, "geojson", encoding="utf-8", row_base=None, problems=problems)


def example_geojson() -> bytes:
    """A one-street example file: the shape the upload expects (crs member, code and name, polygon)."""
    doc = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "EPSG:4326"}},
        "features": [
            {
                "type": "Feature",
                "properties": {"街道代码": "410311002", "街道名称": "开元路街道"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [
                        [[112.44, 34.61], [112.47, 34.61], [112.47, 34.63], [112.44, 34.63], [112.44, 34.61]]
                    ],
                },
            }
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
