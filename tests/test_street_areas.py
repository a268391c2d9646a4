"""Street areas: the boundary GeoJSON through the checked load, and the map's approximation without one.

Real files, real warehouses (a copy of the demo), the real map page in AppTest: a GeoJSON load adds
rows that the map then draws instead of its Voronoi approximation; a bad file changes nothing and
lists every problem with file, feature (row), property (column) and value; a street analyst cannot
load another street's boundary; the approximation covers each district once.
"""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import shapely
from shapely.geometry import mapping

from etl.history import undo
from etl.loading import Source, load
from etl.scope import EVERYTHING, Scope, open_scoped
from etl.warehouse import Warehouse
from govdash import db, geo, map_areas, upload
from tests.helpers import app_on, new_app, read_rows, snapshot, use_warehouse

DISTRICT, STREET, OTHER_STREET = "410311", "410311002", "410311003"  # 洛龙区 / 开元路街道 / 龙门石窟街道
DISTRICTS = ("410311", "410305", "411002", "370602", "530802")
WGS84 = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
GCJ02 = {"type": "name", "properties": {"name": "GCJ-02"}}
SQUARE = [[[112.44, 34.61], [112.47, 34.61], [112.47, 34.63], [112.44, 34.63], [112.44, 34.61]]]
BOWTIE = [[[112.44, 34.61], [112.47, 34.63], [112.47, 34.61], [112.44, 34.63], [112.44, 34.61]]]


def feature(code: str, geometry: dict | None, **props: str) -> dict:
    return {"type": "Feature", "properties": {"街道代码": code, **props}, "geometry": geometry}


def write(path: Path, features: list[dict], crs: dict | None = WGS84) -> Path:
    doc = {"type": "FeatureCollection", "features": features} | ({"crs": crs} if crs else {})
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def load_file(wh: Warehouse, path: Path, **kwargs):
    return load(wh, [Source(path, path.name, dataset=kwargs.pop("dataset", None))], user="tester", **kwargs)


@pytest.fixture
def demo_copy(demo_warehouse, tmp_path) -> Warehouse:
    shutil.copytree(demo_warehouse.root, tmp_path / "wh")
    return Warehouse(tmp_path / "wh")


def test_a_boundary_file_loads_and_replaces_the_approximation(demo_copy, tmp_path, monkeypatch):
    use_warehouse(demo_copy.root, monkeypatch)
    before = {a.code: a for a in map_areas.compute(DISTRICT)}
    assert before[STREET].approx and len(before) == 18
    # the approximate area, stated in GCJ-02 as an Amap export would be: loaded, drawn back in WGS-84
    real = before[STREET].geometry.simplify(0.0001)
    gcj = shapely.transform(real, geo.wgs84_to_gcj02_coords)
    path = write(
        tmp_path / "开元路街道.geojson",
        [feature(STREET, mapping(gcj), 名称="开元路街道", 备注="测试")],
        crs=GCJ02,
    )
    report = load_file(demo_copy, path)
    assert report.committed and report.ok, [p.render("en") for p in report.problems]
    assert report.files[0].dataset == "street_areas" and report.files[0].added == 1
    rows = read_rows(demo_copy, "SELECT area_code, area_name, crs, geometry FROM street_areas")
    assert [(r[0], r[1], r[2]) for r in rows] == [(STREET, "开元路街道", "gcj02")]
    assert shapely.from_geojson(rows[0][3]).equals_exact(gcj, 1e-9)

    use_warehouse(demo_copy.root, monkeypatch)
    after = {a.code: a for a in map_areas.compute(DISTRICT)}
    assert not after[STREET].approx and all(a.approx for c, a in after.items() if c != STREET)
    assert shapely.hausdorff_distance(after[STREET].geometry, real) < 1e-6  # GCJ-02 converted back
    others = shapely.union_all([a.geometry for c, a in after.items() if c != STREET])
    assert others.intersection(after[STREET].geometry).area < 1e-9  # approximations stay outside it

    # the map page draws it as loaded, with its name as a label
    at = app_on(demo_copy.root, monkeypatch, district=DISTRICT).switch_page("app_pages/map.py").run()
    assert not at.exception
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    areas = next(layer["data"] for layer in spec["layers"] if layer["id"] == "street_areas")
    own = [a for a in areas if a["code"] == STREET]
    assert own and all("已上传" in a["tip"] for a in own)
    assert all("近似" in a["tip"] for a in areas if a["code"] != STREET)

    batch = report.files[0].batch_id
    undo(demo_copy, batch, "tester")
    assert read_rows(demo_copy, "SELECT count(*) FROM street_areas") == [(0,)]


def test_the_upload_page_check_previews_a_boundary_file(demo_warehouse, tmp_path):
    data = write(
        tmp_path / "b.geojson", [feature(STREET, {"type": "Polygon", "coordinates": SQUARE})]
    ).read_bytes()
    con = open_scoped(demo_warehouse.current_path(), EVERYTHING)  # as db.upload_checker() opens it
    with con.cursor() as cur:
        checked = upload.check(cur, data, "边界.geojson", 50)
    con.close()
    assert checked.ok, [p.render("en") for p in checked.problems]
    assert (checked.fmt, checked.dataset, checked.rows) == ("geojson", "street_areas", 1)
    assert checked.preview is not None and checked.preview.added == 1
    assert dict(checked.columns) == {"街道代码": "area_code", "crs": "crs", "geometry": "geometry"}


def test_a_bad_boundary_file_is_refused_whole_with_every_problem(demo_copy, tmp_path):
    before = snapshot(demo_copy)
    path = write(
        tmp_path / "bad.geojson",
        [
            feature(STREET, {"type": "Polygon", "coordinates": SQUARE}),  # fine, but the file is refused
            feature("410311999", {"type": "Polygon", "coordinates": SQUARE}),  # unknown code
            feature(OTHER_STREET, {"type": "Polygon", "coordinates": BOWTIE}),  # self-intersecting
            feature("410311004", {"type": "Point", "coordinates": [112.45, 34.62]}),  # not a polygon
            feature("410311002004", {"type": "Polygon", "coordinates": SQUARE}),  # a community
            feature(
                "410311005",
                {
                    "type": "Polygon",
                    "coordinates": [
                        [[500000, 3800000], [500100, 3800000], [500100, 3800100], [500000, 3800000]]
                    ],
                },
            ),
        ],
    )
    report = load_file(demo_copy, path)
    assert not report.committed
    found = {(p.row, p.column, p.value, p.code) for p in report.problems}
    assert found == {
        (2, "街道代码", "410311999", "unknown_area"),
        (3, "geometry", "Self-intersection[112.455 34.62]", "geometry_invalid"),
        (4, "geometry", "Point", "geometry_type"),
        (5, "街道代码", "410311002004", "wrong_level_street"),
        (6, "geometry", "500000, 3.8e+06", "geometry_not_lonlat"),
    }
    assert all(p.file == "bad.geojson" for p in report.problems)
    by_code = {p.code: p for p in report.problems}
    assert "边界自相交[112.455 34.62]" in by_code["geometry_invalid"].render("zh")
    assert "修复几何图形" in by_code["geometry_invalid"].render("zh")
    assert "Fix geometries" in by_code["geometry_invalid"].render("en")
    assert "9位" in by_code["wrong_level_street"].render("zh")
    assert snapshot(demo_copy) == before  # nothing changed


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        (
            "nocrs.geojson",
            {
                "type": "FeatureCollection",
                "features": [feature(STREET, {"type": "Polygon", "coordinates": SQUARE})],
            },
            "geojson_no_crs",
        ),
        (
            "single.geojson",
            feature(STREET, {"type": "Polygon", "coordinates": SQUARE}),
            "geojson_not_collection",
        ),
        ("empty.geojson", {"type": "FeatureCollection", "crs": WGS84, "features": []}, "geojson_no_features"),
        ("broken.json", '{"type": "FeatureCollection", "features": [', "geojson_unreadable"),
    ],
)
def test_file_level_problems(demo_copy, tmp_path, name, content, code):
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    report = load_file(demo_copy, path)
    assert not report.committed
    assert [p.code for p in report.problems] == [code]
    assert report.problems[0].render("zh") and report.problems[0].render("en")


def test_size_limits_and_format_mismatches(demo_copy, tmp_path, monkeypatch):
    path = write(tmp_path / "b.geojson", [feature(STREET, {"type": "Polygon", "coordinates": SQUARE})])
    monkeypatch.setenv("GOVDASH_MAX_GEOJSON_VERTICES", "4")
    assert [p.code for p in load_file(demo_copy, path).problems] == ["geojson_too_many_vertices"]
    monkeypatch.delenv("GOVDASH_MAX_GEOJSON_VERTICES")
    assert [p.code for p in load_file(demo_copy, path, dataset="activity").problems] == [
        "geojson_wrong_dataset"
    ]
    table = tmp_path / "t.csv"
    table.write_text("街道代码,坐标系,边界\n410311002,WGS84,x\n", encoding="utf-8")
    assert [p.code for p in load_file(demo_copy, table, dataset="street_areas").problems] == [
        "geojson_needed"
    ]
    too_big = upload.recognize(b"{" + b" " * (2 * 1024 * 1024), "big.geojson", limit_mb=1)
    assert too_big[0] is None and [p.code for p in too_big[1]] == ["file_too_large"]


def test_a_street_analyst_may_only_load_boundaries_of_the_own_street(demo_copy, tmp_path):
    path = write(
        tmp_path / "other.geojson", [feature(OTHER_STREET, {"type": "Polygon", "coordinates": SQUARE})]
    )
    report = load_file(demo_copy, path, scope=Scope.of([STREET]))
    assert not report.committed
    assert [(p.code, p.row, p.value) for p in report.problems] == [("outside_scope", 1, OTHER_STREET)]
    own = write(tmp_path / "own.geojson", [feature(STREET, {"type": "Polygon", "coordinates": SQUARE})])
    assert load_file(demo_copy, own, scope=Scope.of([STREET])).committed


def test_approximate_areas_cover_each_district_once(demo_warehouse, monkeypatch):
    use_warehouse(demo_warehouse.root, monkeypatch)
    for district in DISTRICTS:
        outline = map_areas.district_outline(district)
        areas = map_areas.compute(district)
        streets = read_rows(
            demo_warehouse,
            "SELECT DISTINCT c.parent_code FROM areas c JOIN areas s ON s.area_code = c.parent_code "
            "WHERE s.parent_code = ? AND c.level = 'community' AND c.lon IS NOT NULL",
            [district],
        )
        assert {a.code for a in areas} == {s for (s,) in streets} and all(a.approx for a in areas)
        total = sum(a.geometry.area for a in areas)
        assert total == pytest.approx(outline.area, rel=1e-6), district  # covered ...
        for a, b in itertools.combinations(areas, 2):
            assert a.geometry.intersection(b.geometry).area < 1e-12, (a.name, b.name)  # ... once
        located = read_rows(
            demo_warehouse,
            "SELECT c.parent_code, c.lon, c.lat FROM areas c JOIN areas s ON s.area_code = c.parent_code "
            "WHERE s.parent_code = ? AND c.level = 'community' AND c.lon IS NOT NULL",
            [district],
        )
        by_code = {a.code: a.geometry for a in areas}
        inside = [(s, x, y) for s, x, y in located if outline.contains(shapely.Point(x, y))]
        assert inside and all(by_code[s].buffer(1e-9).contains(shapely.Point(x, y)) for s, x, y in inside)


def test_a_street_reader_gets_only_its_street_near_its_communities(demo_warehouse, monkeypatch):
    use_warehouse(demo_warehouse.root, monkeypatch)
    whole = {a.code: a for a in map_areas.compute(DISTRICT)}
    with db.use_scope(Scope.of([STREET])):
        areas = map_areas.compute(DISTRICT)
    assert [a.code for a in areas] == [STREET]
    # it cannot know the neighbours' communities: kept within reach of its own (lon scaled: 0.8 km ≈ 0.01°)
    points = read_rows(
        demo_warehouse, "SELECT lon, lat FROM areas WHERE parent_code = ? AND lon IS NOT NULL", [STREET]
    )
    near = shapely.MultiPoint(points).convex_hull.buffer(map_areas.REACH_DEG / 0.8)
    assert areas[0].geometry.difference(near).area < 1e-12
    assert whole[STREET].geometry.intersection(areas[0].geometry).area > 0.5 * whole[STREET].geometry.area
    assert areas[0].geometry.area < map_areas.district_outline(DISTRICT).area / 4


def test_street_names_are_labels_with_their_glyphs_and_no_web_font(demo_warehouse, monkeypatch):
    for lang, approx_word in (("zh", "近似"), ("en", "Approximate")):
        at = app_on(demo_warehouse.root, monkeypatch, district=DISTRICT, lang=lang)
        at = at.switch_page("app_pages/map.py").run()
        assert not at.exception
        raw = at.get("deck_gl_json_chart")[0].proto.json
        spec = json.loads(raw)
        labels = next(layer for layer in spec["layers"] if layer["id"] == "street_labels")
        names = {row["name"] for row in labels["data"]}
        streets = read_rows(
            demo_warehouse,
            "SELECT area_name FROM areas WHERE parent_code = ? AND level = 'street'",
            [DISTRICT],
        )
        assert names == {s for (s,) in streets} and "开元路街道" in names
        assert labels["characterSet"] == sorted(set("".join(names)))  # an array, not a pydeck expression
        assert "Noto Sans CJK SC" in labels["fontFamily"] and "http" not in raw
        assert labels["fontSettings"]["sdf"] and labels["outlineWidth"] > 0  # a halo, not a box over points
        assert labels["extensions"] == [{"@@type": "CollisionFilterExtension"}]
        assert [layer["id"] for layer in spec["layers"]][-1] == "street_labels"
        areas = next(layer for layer in spec["layers"] if layer["id"] == "street_areas")
        assert all(approx_word in row["tip"] for row in areas["data"])
        legend = "".join(str(h.proto) for h in at.get("html"))
        assert ("街道范围（近似）" if lang == "zh" else "Street areas (approximate)") in legend


def test_gcj02_conversion_round_trips():
    wgs = np.array([[112.45, 34.62], [121.39, 37.54], [100.97, 22.79]])
    gcj = geo.wgs84_to_gcj02_coords(wgs)
    shift_m = np.hypot(
        (gcj - wgs)[:, 0] * 111_000 * np.cos(np.radians(wgs[:, 1])), (gcj - wgs)[:, 1] * 111_000
    )
    assert ((shift_m > 100) & (shift_m < 800)).all()
    assert np.abs(geo.gcj02_to_wgs84_coords(gcj) - wgs).max() < 1e-9


def test_the_upload_page_loads_a_boundary_file_and_lists_a_bad_ones_problems(
    demo_copy, tmp_path, monkeypatch
):
    use_warehouse(demo_copy.root, monkeypatch)
    app = new_app()
    app.run()
    app = app.switch_page("app_pages/upload.py").run()
    good = write(tmp_path / "g.geojson", [feature(STREET, {"type": "Polygon", "coordinates": SQUARE})])
    app.text_input(key="up_user").set_value("张三")
    app.file_uploader(key="up_files_0").set_value(
        ("街道边界.geojson", good.read_bytes(), "application/geo+json")
    )
    app.run()
    assert not app.exception
    assert "街道边界" in app.expander[1].label and "1 行" in app.expander[1].label
    app.button(key="up_load").click().run()
    assert not app.exception and "导入完成" in app.success[0].value
    assert read_rows(demo_copy, "SELECT area_code, crs FROM street_areas") == [(STREET, "wgs84")]

    bad = write(tmp_path / "b.geojson", [feature(OTHER_STREET, {"type": "Polygon", "coordinates": BOWTIE})])
    app.file_uploader(key="up_files_1").set_value(
        ("坏边界.geojson", bad.read_bytes(), "application/geo+json")
    )
    app.run()
    assert not app.exception and app.button(key="up_load").disabled
    problems = app.dataframe[-1].value
    assert list(problems.iloc[0][["行", "列", "值"]]) == [1, "geometry", "Self-intersection[112.455 34.62]"]
    assert "边界自相交" in problems.iloc[0]["问题"]
