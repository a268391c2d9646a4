"""The map page: an offline pydeck chart whose points carry the metric engine's values.

The deck JSON (``at.get("deck_gl_json_chart")``) must have no basemap and an id on every layer;
point values must equal ``etl.metrics`` for known areas; large selections switch to street points.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from etl.metrics import compute_metrics
from govdash import map_colors, map_data, map_view
from tests.helpers import app_on

DISTRICT, STREET, COMMUNITY = "410311", "410311002", "410311002004"  # 洛龙区 / 开元路街道 / 天元社区
AS_OF, SINCE = date(2024, 12, 31), date(2023, 12, 31)


@pytest.fixture(scope="module")
def con(demo_warehouse):
    connection = demo_warehouse.connect_reader()
    yield connection
    connection.close()


pytestmark = pytest.mark.usefixtures("caches_cleared_once")


def open_map(demo_warehouse, monkeypatch, **params: str) -> AppTest:
    at = app_on(demo_warehouse.root, monkeypatch, **params)
    at = at.switch_page("app_pages/map.py").run()
    assert not at.exception
    assert not at.error
    return at


def deck(at: AppTest) -> dict:
    charts = at.get("deck_gl_json_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.json)


def layer(spec: dict, layer_id: str) -> list[dict]:
    return next(item["data"] for item in spec["layers"] if item["id"] == layer_id)


def per_1k(metrics: dict, name: str) -> float:
    return round(metrics[name] / metrics["population"] * 1000, 1)


def test_deck_is_offline_and_points_equal_the_engine(demo_warehouse, monkeypatch, con):
    at = open_map(demo_warehouse, monkeypatch, district=DISTRICT)
    raw = at.get("deck_gl_json_chart")[0].proto.json
    spec = json.loads(raw)
    assert spec.get("mapStyle", "__MAP_STYLE__") == "__MAP_STYLE__"
    assert "http" not in raw and "mapbox" not in raw.lower() and "carto" not in raw.lower()
    ids = [item["id"] for item in spec["layers"]]
    # circles are off by default: 243 of them buried the points
    assert ids == ["city", "districts", "street_areas", "facilities", "communities", "street_labels"]
    district = dict(compute_metrics(con, DISTRICT, AS_OF, SINCE))
    points = {p["code"]: p for p in layer(spec, "communities")}
    assert len(points) == district["communities"]
    own = dict(compute_metrics(con, COMMUNITY, AS_OF, SINCE))
    point = points[COMMUNITY]
    assert point["value"] == per_1k(own, "activities")
    assert point["name"] == "天元社区"
    assert f"每千人活动场次（近12个月）：{point['value']} 场/千人" in point["tip"]
    assert "（位置为近似坐标）" in point["tip"]
    table = at.dataframe[0].value.set_index("名称")
    assert table.loc["天元社区", "指标值"] == per_1k(own, "activities")
    assert f"{district['communities']} 个社区" in [c.value for c in at.caption]

    at.toggle(key="map_circles").set_value(True).run()
    spec = deck(at)
    ids = [item["id"] for item in spec["layers"]]
    assert ids.index("facility_circles") < ids.index("facilities") < ids.index("communities")
    circles = next(i for i in spec["layers"] if i["id"] == "facility_circles")
    assert len(circles["data"]) == len(layer(spec, "facilities")) > 0
    assert circles["getRadius"] == 1000.0 and circles["filled"] is False  # outlines only


def test_large_selection_draws_street_aggregates(demo_warehouse, monkeypatch, con):
    monkeypatch.setattr(map_data, "MAX_POINTS", 20)
    at = open_map(demo_warehouse, monkeypatch, district=DISTRICT, metric="participants_per_1k")
    spec = deck(at)
    assert "communities" not in [i["id"] for i in spec["layers"]]
    streets = {p["code"]: p for p in layer(spec, "streets")}
    district = dict(compute_metrics(con, DISTRICT, AS_OF, SINCE))
    assert len(streets) == district["streets"]
    street = dict(compute_metrics(con, STREET, AS_OF, SINCE))
    assert streets[STREET]["value"] == per_1k(street, "participants")
    comms = con.execute(
        "SELECT avg(lon), avg(lat) FROM areas WHERE parent_code = ? AND level = 'community'", [STREET]
    ).fetchone()
    assert streets[STREET]["lon"] == pytest.approx(comms[0], abs=1e-5)
    assert streets[STREET]["lat"] == pytest.approx(comms[1], abs=1e-5)
    assert any("地图按街道汇总显示" in c.value for c in at.caption)


def test_star_levels_match_the_engine_and_program_outsiders(demo_warehouse, monkeypatch, con):
    at = open_map(demo_warehouse, monkeypatch, district=DISTRICT, metric="star_level", kind="none")
    spec = deck(at)
    assert [i["id"] for i in spec["layers"]] == [
        "city",
        "districts",
        "street_areas",
        "communities",
        "street_labels",
    ]
    levels = Counter(int(p["value"]) for p in layer(spec, "communities") if p["value"] is not None)
    engine = dict(compute_metrics(con, DISTRICT, AS_OF))
    assert levels == Counter(
        {n: engine[f"star_level_communities:{n}"] for n in range(6) if engine[f"star_level_communities:{n}"]}
    )

    at = open_map(demo_warehouse, monkeypatch, district="370602", metric="star_level", lang="en")
    assert at.title[0].value == "Map"
    assert "芝罘区 is not in the five-star program" in at.info[0].value
    assert all(p["value"] is None for p in layer(deck(at), "communities"))


def test_community_selection_coverage_and_type_filter(demo_warehouse, monkeypatch, con):
    at = open_map(
        demo_warehouse,
        monkeypatch,
        district=DISTRICT,
        street=STREET,
        community=COMMUNITY,
        metric="coverage",
        kind="party_service_center",
    )
    spec = deck(at)
    points = {p["code"]: p for p in layer(spec, "communities")}
    assert set(points) == set(_street_codes(con))  # a community is shown among its street's
    own = dict(compute_metrics(con, COMMUNITY, AS_OF))
    assert points[COMMUNITY]["value"] == own["coverage_pct:party_service_center"]
    assert points[COMMUNITY]["radius"] > points[next(c for c in points if c != COMMUNITY)]["radius"]
    assert spec["initialViewState"]["longitude"] == pytest.approx(points[COMMUNITY]["lon"])
    assert at.get("page_link")[0].proto.page.endswith("profile")

    at = open_map(demo_warehouse, monkeypatch, district=DISTRICT, type="old")
    codes = {p["code"] for p in layer(deck(at), "communities")}
    old = {
        r[0]
        for r in con.execute(
            "SELECT area_code FROM areas WHERE area_code LIKE '410311%' AND community_type = 'old'"
        ).fetchall()
    }
    assert codes and codes <= old


def _street_codes(con) -> list[str]:
    rows = con.execute(
        "SELECT area_code FROM areas WHERE parent_code = ? AND level = 'community' "
        "AND (abolished_date IS NULL OR abolished_date > ?)",
        [STREET, AS_OF],
    ).fetchall()
    return [r[0] for r in rows]


def test_pure_helpers():
    event = {
        "selection": {"indices": {"communities": [3]}, "objects": {"communities": [{"code": COMMUNITY}]}}
    }
    assert map_data.selection_target(event, {"communities": "community", "streets": "street"}) == (
        "community",
        COMMUNITY,
    )
    assert (
        map_data.selection_target({"selection": {"indices": {}, "objects": {}}}, {"streets": "street"})
        is None
    )
    assert map_data.selection_target(None, {"streets": "street"}) is None
    items = map_colors.legend(None, "star_level")
    assert [(i.low, i.color) for i in items] == [(None, map_colors.NO_DATA)]
    pct = map_colors.legend(pd.Series([0.0, 55.0, 100.0]), "branch_coverage")
    assert [(i.low, i.high) for i in pct] == [(0, 20), (20, 40), (40, 60), (60, 80), (80, 100)]
    assert map_colors.colour_of(55.0, pct) == map_colors.RAMP[2]
    assert map_colors.colour_of(None, pct) == map_colors.NO_DATA
    view = map_view.fit_view((112.0, 34.0, 112.4, 34.3))
    assert view["longitude"] == pytest.approx(112.2) and 9 < view["zoom"] < 12
    districts, city = map_data.boundaries("410311")
    assert {f["properties"]["code"] for f in districts["features"]} == {"410311", "410305"}
    assert [f["properties"]["code"] for f in city["features"]] == ["410300"]
    assert map_data.boundaries("999999") == (
        {"type": "FeatureCollection", "features": []},
        {"type": "FeatureCollection", "features": []},
    )


def test_a_value_on_a_class_edge_is_coloured_as_the_legend_says(demo_warehouse, monkeypatch):
    """The classes 20 – 40 % and 40 – 60 % share 40: a community at 40 % was drawn in the lower one,
    and nothing said which. A range holds its lower bound and not its upper one, the highest holds
    both, and the legend says so wherever it lists ranges."""
    ramp = map_colors.RAMP
    pct = map_colors.legend(pd.Series([0.0, 55.0, 100.0]), "branch_coverage")
    shades = [map_colors.colour_of(v, pct) for v in (0.0, 19.9, 20.0, 40.0, 79.9, 80.0, 100.0)]
    assert shades == [ramp[0], ramp[0], ramp[1], ramp[2], ramp[3], ramp[4], ramp[4]]
    rates = map_colors.legend(pd.Series([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]), "activities_per_1k")
    assert len(rates) == 5 and map_colors.has_ranges(rates)
    assert [map_colors.colour_of(i.low, rates) for i in rates] == [i.color for i in rates]
    assert map_colors.colour_of(rates[-1].high, rates) == rates[-1].color
    assert not map_colors.has_ranges(map_colors.legend(pd.Series([3.0, 4.0]), "star_level"))
    note = "各档含下限、不含上限"

    def legend(**params: str) -> str:
        at = open_map(demo_warehouse, monkeypatch, district=DISTRICT, **params)
        return " ".join(element.proto.body for element in at.get("html"))

    assert note in legend(metric="activities_per_1k")
    assert note not in legend(metric="star_level")


def test_english_labels_start_with_a_capital(demo_warehouse, monkeypatch):
    """English kinds have names (``etl.registry.ENGLISH``), never codes in words; a label or legend
    entry they start is capitalised."""
    at = open_map(
        demo_warehouse,
        monkeypatch,
        district=DISTRICT,
        metric="coverage",
        kind="party_service_center",
        lang="en",
    )
    legend = " ".join(element.proto.body for element in at.get("html"))
    assert "Party-mass service center (open)" in legend
    assert "party" not in legend.replace("Party-mass", "")
    metric = next(box for box in at.selectbox if box.label == "Colour by")
    assert "Party-mass service center coverage" in metric.options


def test_the_point_count_reads_as_a_label_in_english(demo_warehouse, monkeypatch):
    """ "Communities: 5" (a count after a label reads right for one as well: not "1 communities"),
    a community selected shows its street's five."""
    at = open_map(
        demo_warehouse, monkeypatch, district=DISTRICT, street=STREET, community=COMMUNITY, lang="en"
    )
    assert "Communities: 5" in [c.value for c in at.caption], [c.value for c in at.caption]


def test_the_legend_names_each_red_line_it_draws(demo_warehouse, monkeypatch):
    """A selected street's area is drawn red, like the district's boundary: the legend said only
    "区界（红色为所选区县）", so the street's red line read as a district boundary."""

    def legend(**params: str) -> str:
        at = open_map(demo_warehouse, monkeypatch, district=DISTRICT, **params)
        return " ".join(element.proto.body for element in at.get("html"))

    street = legend(street=STREET)
    assert "所选街道(镇)范围" in street and "区界（红色为所选区县）" in street
    whole = legend()
    assert "所选街道(镇)范围" not in whole and "区界（红色为所选区县）" in whole


def test_without_a_shipped_district_boundary_the_map_says_so(demo_warehouse, monkeypatch, tmp_path):
    """A district whose boundary is not shipped: no 区界 line is drawn, so the legend does not list
    one, and the approximate street areas are said to lie around the communities, not clipped to a
    district outline that is not there."""
    from govdash import geo
    from tests.helpers import new_app, use_warehouse

    def captions(**params: str) -> tuple[str, str]:
        use_warehouse(demo_warehouse.root, monkeypatch)  # the map's cached geometry dropped
        at = new_app(district=DISTRICT, street=STREET, **params).run().switch_page("app_pages/map.py").run()
        assert not at.exception
        legend = " ".join(element.proto.body for element in at.get("html"))
        return legend, " ".join(c.value for c in at.caption)

    legend, notes = captions()
    assert "区界（红色为所选区县）" in legend and "并裁剪到区界内" in notes
    try:
        monkeypatch.setattr(geo, "REFERENCE", tmp_path)  # the shipped boundaries, not there
        geo.reference_geojson.cache_clear()
        map_data._drawn.cache_clear()
        legend, notes = captions()
        assert "区界（红色为所选区县）" not in legend and "所选街道(镇)范围" in legend
        assert "社区分布向外约1公里（没有本区的区界）" in notes and "并裁剪到区界内" not in notes
    finally:
        monkeypatch.undo()
        geo.reference_geojson.cache_clear()
        map_data._drawn.cache_clear()
        use_warehouse(demo_warehouse.root, monkeypatch)


def test_a_selected_streets_view_holds_its_whole_outline(demo_warehouse, monkeypatch):
    """A street's red outline is drawn around its communities (about 1 km out where the area is
    approximate): the view a selected street opens on holds all of it, not only its points."""
    street = "410311014"  # its area reaches well past its communities (开元路's does not)
    spec = deck(open_map(demo_warehouse, monkeypatch, district=DISTRICT, street=street))
    outline = [
        vertex
        for row in layer(spec, "street_areas")
        if row["code"] == street
        for ring in row["polygon"]
        for vertex in ring
    ]
    assert outline
    view = spec["initialViewState"]
    # what fit_view's 800 x 560 px map shows around the centre (512 px per 360 degrees at zoom 0)
    half_lon = 800 * 360 / (512 * 2 ** view["zoom"]) / 2
    half_lat = half_lon * 560 / 800 * math.cos(math.radians(view["latitude"]))
    assert all(abs(lon - view["longitude"]) <= half_lon for lon, _ in outline)
    assert all(abs(lat - view["latitude"]) <= half_lat for _, lat in outline)
    points = layer(spec, "communities")
    assert all(abs(p["lon"] - view["longitude"]) <= half_lon for p in points)
