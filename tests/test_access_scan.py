"""The proof of the one enforcement point: every page and every export, opened as a street analyst,
holds no code or name of another street or district.

Each page runs in AppTest (signed in as ``street``); every element's protobuf is read whole — texts,
options, table data (Arrow), chart and map specs — and every download the page offers is produced
through the page's own deferred callable (as the browser's click would) and read back: CSV, XLSX,
PPTX (slides, chart caches, embedded workbooks) and PDF.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pyarrow as pa
import pytest
from streamlit.delta_generator import DeltaGenerator

from etl.access import PERMISSIONS, AccessStore
from etl.datasets import DATASETS
from etl.loading import Source, load
from tests.access_fixtures import (
    STREET,
    document_text,
    forbidden_terms,
    leaks,
    signed_in_app,
    warehouse_with_users,
)
from tests.e2e.driver import dashboard_pages

pytestmark = [pytest.mark.usefixtures("caches_cleared_once"), pytest.mark.slow]
ANALYST_PAGES = [p for p in dashboard_pages() if p.permission in PERMISSIONS["analyst"]]


@dataclass
class Scan:
    pages: int = 0
    exports: list[str] = field(default_factory=list)
    strings: int = 0
    found: dict[str, list[str]] = field(default_factory=dict)


def _strings(message) -> list[str]:
    """Every string in a protobuf message, JSON specs unpacked and Arrow tables as CSV."""
    out: list[str] = []
    for descriptor, value in message.ListFields():
        values = value if descriptor.is_repeated else [value]
        for v in values:
            if descriptor.type == descriptor.TYPE_MESSAGE:
                out += _strings(v)
            elif descriptor.type == descriptor.TYPE_STRING:
                out.append(_unjson(v))
            elif descriptor.type == descriptor.TYPE_BYTES:
                out.append(_arrow_text(v))
    return out


def _unjson(text: str) -> str:
    if text[:1] in "{[":
        try:
            return json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            pass
    return text


def _arrow_text(data: bytes) -> str:
    try:
        table = pa.ipc.open_stream(data).read_all()
    except (pa.ArrowInvalid, OSError):
        return data.decode("utf-8", errors="replace")
    return table.to_pandas().to_csv()


def _tree_strings(node) -> list[str]:
    out = _strings(node.proto) if getattr(node, "proto", None) is not None else []
    for child in getattr(node, "children", {}).values():
        out += _tree_strings(child)
    return out


@pytest.fixture(scope="module")
def wh(demo_warehouse, tmp_path_factory):
    root = tmp_path_factory.mktemp("scan")
    warehouse = warehouse_with_users(demo_warehouse, root / "wh")
    _load_street_boundaries(warehouse, root / "streets.geojson")
    return warehouse


def _load_street_boundaries(warehouse, path) -> None:
    """A boundary for every street of 洛龙区 (a box around its communities), so that the map and the
    street_areas table have other streets' names and geometry to leak."""
    con = warehouse.connect_reader()
    try:
        boxes = con.execute(
            "SELECT c.parent_code, min(c.lon), min(c.lat), max(c.lon), max(c.lat) FROM areas c "
            "JOIN areas s ON s.area_code = c.parent_code WHERE s.parent_code = '410311' "
            "AND c.level = 'community' AND c.lon IS NOT NULL GROUP BY c.parent_code"
        ).fetchall()
    finally:
        con.close()
    features = [
        {
            "type": "Feature",
            "properties": {"code": code},
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [[x0, y0], [x1 + 1e-3, y0], [x1 + 1e-3, y1 + 1e-3], [x0, y1 + 1e-3], [x0, y0]]
                ],
            },
        }
        for code, x0, y0, x1, y1 in boxes
    ]
    doc = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:4326"}}}
    path.write_text(json.dumps(doc | {"features": features}), encoding="utf-8")
    report = load(warehouse, [Source(path, path.name)], user="test")
    assert report.committed and len(features) == 18, [p.render("en") for p in report.problems]


@pytest.fixture
def downloads(monkeypatch) -> list[tuple[str, object]]:
    """(file name, data callable) of every download button drawn during the test."""
    seen: list[tuple[str, object]] = []
    original = DeltaGenerator.download_button

    def recording(self, label, data, file_name=None, *args, **kwargs):
        seen.append((file_name, data))
        return original(self, label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", recording)
    return seen


def _check(scan: Scan, where: str, texts: list[str], codes: set[str], names: set[str]) -> None:
    scan.strings += len(texts)
    found = leaks("\n".join(texts), codes, names)
    if found:
        scan.found[where] = found


def test_no_page_and_no_export_shows_another_street(wh, monkeypatch, downloads, capsys):
    codes, names = forbidden_terms(wh, STREET)
    assert len(codes) > 600 and len(names) > 500  # the other 17 streets of 洛龙区 and the other districts
    scan = Scan()
    runs = [(p.path, None) for p in ANALYST_PAGES if p.path != "app_pages/tables.py"]
    runs += [("app_pages/tables.py", name) for name in DATASETS]  # every dataset's table and downloads
    for path, dataset in runs:
        downloads.clear()
        at = signed_in_app(wh.root, monkeypatch, "street").run()
        at.switch_page(path).run()
        if dataset:
            at.selectbox(key="tbl_dataset").set_value(dataset).run()
        assert not at.exception, (path, dataset, at.exception)
        where = path + (f"?{dataset}" if dataset else "")
        scan.pages += 1
        _check(scan, where, _tree_strings(at._tree), codes, names)
        for file_name, data in downloads:
            payload = data() if callable(data) else data
            payload = payload.encode() if isinstance(payload, str) else payload
            scan.exports.append(file_name)
            _check(scan, f"{where} → {file_name}", [document_text(payload, file_name)], codes, names)
    with capsys.disabled():
        print(
            f"\nscope scan as a street analyst: {scan.pages} page views, {len(scan.exports)} exports, "
            f"{scan.strings:,} strings checked against {len(codes)} codes and {len(names)} names, "
            f"leaks: {sum(map(len, scan.found.values()))}"
        )
    assert not scan.found, scan.found
    assert "app_pages/all_metrics.py" in [path for path, _ in runs]
    assert {"全部指标_开元路街道_2024-12.csv", "全部指标_开元路街道_2024-12.xlsx"} <= set(scan.exports)
    assert any("挂图作战台账" in name and name.endswith(".xlsx") for name in scan.exports)  # 台账 page
    kinds = {name.rsplit(".", 1)[-1] for name in scan.exports}
    assert {"csv", "xlsx", "pptx", "pdf"} <= kinds, kinds
    exported = AccessStore(wh.root).audit(user="street", action="export")
    assert len(exported) == len(scan.exports)  # every download produced is in the audit log


def test_the_scan_finds_other_streets_when_the_scope_allows_them(wh, monkeypatch):
    """Control: the same reading of a page as the district viewer does find the other streets."""
    codes, names = forbidden_terms(wh, STREET)
    at = signed_in_app(wh.root, monkeypatch, "boss").run()
    at.switch_page("app_pages/tables.py").run()
    assert len(leaks("\n".join(_tree_strings(at._tree)), codes, names)) > 50


def test_the_scan_finds_other_streets_on_the_map_when_the_scope_allows_them(wh, monkeypatch):
    """Control for the map: the district viewer's deck holds other streets' names (labels, areas)."""
    codes, names = forbidden_terms(wh, STREET)
    at = signed_in_app(wh.root, monkeypatch, "boss").run()
    at.switch_page("app_pages/map.py").run()
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    labels = next(layer["data"] for layer in deck["layers"] if layer["id"] == "street_labels")
    assert len(leaks("\n".join(row["name"] for row in labels), codes, names)) >= 17
