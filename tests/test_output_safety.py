"""Hostile names and file names (``tests/files/hostile``, see ``make_hostile.py``) in every output.

Each corpus file loads with its names stored exactly; then no output runs or renders them: CSV and
XLSX exports and the PPTX charts' embedded workbooks hold no formula, pages get them escaped, the
pages' charts (ECharts) draw them as text and escape them in tooltips, the PDF's Chromium fetches nothing (the load path: ``test_load_safety.py``; a
viewer's browser: ``e2e/test_hostile_names.py``).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest
from openpyxl.utils.escape import unescape
from pptx import Presentation

from etl.loading import Source, load
from etl.safe_text import md_text, neutralize_formula
from etl.warehouse import Warehouse
from govdash.exports import to_csv_bytes, to_xlsx_bytes
from tests.helpers import AREAS_FILE, FILES, app_on, load_files, read_rows

sys.path.insert(0, str(FILES))
from make_hostile import COMPOUNDS, CORPUS, HERE, NAMES, STREET  # noqa: E402

FORMULA_NAMES = [n for n in [*NAMES.values(), *COMPOUNDS] if n.startswith(("=", "+", "-", "@", "\t", "\r"))]
MARKUP = ("<img", "<span", "<a ", "<b>", "![", "](")
AS_OF = date(2024, 5, 31)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Warehouse:
    """The areas of 洛龙区 plus every corpus file, each loaded under its upload name."""
    warehouse = Warehouse(tmp_path_factory.mktemp("hostile") / "wh")
    assert load_files(warehouse, AREAS_FILE).committed
    report = load(warehouse, [Source(HERE / c.file, c.upload_name) for c in CORPUS], user="tester")
    assert report.committed and report.ok, [p.render() for p in report.problems]
    outcome = [(f.file_name, f.dataset, f.rows_in_file, bool(f.batch_id)) for f in report.files]
    assert outcome == [(c.upload_name, c.dataset, c.rows, True) for c in CORPUS]  # one batch per file
    return warehouse


@pytest.fixture(scope="module")
def hostile_version(hostile):
    import streamlit as st

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVDASH_DB", str(hostile.root))
        st.cache_data.clear()
        st.cache_resource.clear()
        from govdash import db

        yield db.version()
    st.cache_data.clear()
    st.cache_resource.clear()


def test_the_corpus_is_what_the_generator_writes(tmp_path, monkeypatch):
    import make_hostile

    monkeypatch.setattr(make_hostile, "HERE", tmp_path)
    make_hostile.main()
    for case in CORPUS:
        if case.file.endswith(".csv"):
            assert (tmp_path / case.file).read_bytes() == (HERE / case.file).read_bytes(), case.file
    assert len(CORPUS) >= 15 and {p.name for p in HERE.iterdir()} == {c.file for c in CORPUS}


def test_every_hostile_name_and_file_name_is_stored_exactly(hostile):
    stored = dict(
        read_rows(hostile, "SELECT area_code, area_name FROM areas WHERE area_code LIKE '4103110029%'")
    )
    assert stored == NAMES
    compounds = [
        r[0] for r in read_rows(hostile, "SELECT compound_name FROM compounds ORDER BY compound_name")
    ]
    assert compounds == sorted(COMPOUNDS)
    files = [r[0] for r in read_rows(hostile, "SELECT file_name FROM _batches ORDER BY batch_id")]
    assert files == ["areas_luolong.csv", *(c.upload_name for c in CORPUS)]


# --- spreadsheets -----------------------------------------------------------------------------------


def _names_frame(hostile: Warehouse) -> pd.DataFrame:
    rows = read_rows(
        hostile,
        "SELECT area_name FROM areas WHERE area_code LIKE '4103110029%' "
        "UNION ALL SELECT compound_name FROM compounds ORDER BY 1",
    )
    return pd.DataFrame({"名称": [r[0] for r in rows], "户数": range(len(rows))})


def test_xlsx_and_csv_exports_hold_every_name_as_text(hostile):
    frame = _names_frame(hostile)
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(frame, "名称"))).active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    # a control character is written as its OOXML escape (``_x000D_``), which Excel and LibreOffice
    # read as the character; openpyxl leaves escapes as they are, so they are decoded here
    names = [unescape(sheet.cell(r, 1).value) for r in range(3, sheet.max_row + 1)]  # under the header
    assert names == [neutralize_formula(n) for n in frame["名称"]]
    back = list(csv.reader(io.StringIO(to_csv_bytes(frame).decode("utf-8-sig"), newline="")))
    assert [r[0] for r in back[1:]] == [neutralize_formula(n) for n in frame["名称"]]
    assert all(not r[0].startswith(("=", "+", "-", "@", "\t", "\r")) for r in back[1:])


# --- the report ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def street_report(hostile_version):
    from govdash.report.build import build_report

    return build_report(hostile_version, STREET, AS_OF, "zh")


def test_pptx_chart_workbooks_and_tables_hold_no_formula(street_report):
    from govdash.report.pptx_builder import pptx_bytes

    deck = Presentation(io.BytesIO(pptx_bytes(street_report)))
    workbook_strings, formulas = [], []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_chart:
                blob = shape.chart.part.chart_workbook.xlsx_part.blob
                for row in openpyxl.load_workbook(io.BytesIO(blob)).active.iter_rows():
                    formulas += [c.value for c in row if c.data_type == "f"]
                    # xlsxwriter stores CR as Excel's escape _x000D_, which openpyxl leaves as is
                    workbook_strings += [
                        c.value.replace("_x000D_", "\r") for c in row if isinstance(c.value, str)
                    ]
            if shape.has_table:
                cells = [c.text for r in shape.table.rows for c in r.cells]
                assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert formulas == []
    for name in (n for n in FORMULA_NAMES if n in NAMES.values()):
        assert "'" + name in workbook_strings, name  # on the laggards chart, as text
    assert "x<img src=http://127.0.0.1:9/a>" in workbook_strings  # markup is just text in a workbook


def test_report_figures_show_names_escaped(street_report):
    from govdash.report.figures import figure
    from govdash.report.png import text_safe

    laggards = next(s for s in street_report.slides if s.key == "laggards").charts[0]
    fig = text_safe(figure(laggards))
    labels = list(fig.data[0].y)
    assert "x&lt;img src=http://127.0.0.1:9/a&gt;" in labels
    assert '&lt;a href="http://127.0.0.1:9/d"&gt;链接社区&lt;/a&gt;' in labels
    assert not [label for label in labels if "<" in label.replace("<br>", "")]


# --- Chromium without network -----------------------------------------------------------------------


class _Recorder(BaseHTTPRequestHandler):
    hits: list[str]

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def loopback_server():
    """An HTTP server on 127.0.0.1 that records every request path it receives."""
    handler = type("Recorder", (_Recorder,), {"hits": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler.hits
    server.shutdown()
    server.server_close()


def _fetching_figure(url: str) -> go.Figure:
    """A figure whose rendering fetches ``url`` (a layout image) unless the browser has no network."""
    fig = go.Figure(go.Bar(x=[f'<span style="background-image:url({url}/css)">样式</span>'], y=[1]))
    fig.add_layout_image(source=f"{url}/image.png", x=0, y=1, sizex=1, sizey=1, xref="paper", yref="paper")
    return fig


def test_server_side_chromium_gets_no_network(loopback_server):
    import asyncio
    import concurrent.futures

    import kaleido

    from govdash.report.png import chart_png

    url, hits = loopback_server

    async def plain_kaleido() -> bytes:
        async with kaleido.Kaleido(n=1, mathjax=False, timeout=60) as k:
            return await k.calc_fig(
                _fetching_figure(url), opts={"format": "png", "width": 300, "height": 200}
            )

    # a thread of its own: a browser test earlier in the session may leave an event loop in this one
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, plain_kaleido()).result()
    assert "/image.png" in hits  # the check can fail: a browser with network fetches the image
    hits.clear()
    png = chart_png(_fetching_figure(url), width=300, height=200, scale=1)
    assert png.startswith(b"\x89PNG")
    assert hits == []


def test_pdf_of_a_hostile_street_fetches_nothing(hostile, hostile_version, loopback_server, tmp_path):
    from govdash.report.build import build_report
    from govdash.report.pdf_builder import pdf_bytes

    url, hits = loopback_server
    names = {"410311002914": f'<span style="background-image:url({url}/css)">样式</span><img src={url}/img>'}
    areas = tmp_path / "areas_live_url.csv"
    areas.write_text(
        "区划代码,名称,层级,上级代码,社区类型,户数,人口\n"
        + "".join(
            f'{code},"{name.replace(chr(34), chr(34) * 2)}",社区,{STREET},商品房,1200,3600\n'
            for code, name in names.items()
        ),
        encoding="utf-8",
    )
    act = tmp_path / "act_live_url.csv"
    act.write_text(
        "社区代码,月份,活动类型,活动场次,参与人次\n410311002914,2024年5月,为民服务,1,3\n", encoding="utf-8"
    )
    copy = Warehouse(tmp_path / "wh")
    shutil.copytree(hostile.root, copy.root)
    assert load_files(copy, areas, act).committed
    import streamlit as st

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVDASH_DB", str(copy.root))
        st.cache_data.clear()
        from govdash import db

        report = build_report(db.version(), STREET, AS_OF, "zh")
        data = pdf_bytes(report)
    st.cache_data.clear()
    assert data.startswith(b"%PDF") and hits == []
    assert any(
        names["410311002914"] in c.categories
        for s in report.slides
        for c in s.charts
        if hasattr(c, "categories")
    )
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert "开元路街道社区治理工作汇报" in text


# --- pages ---------------------------------------------------------------------------------------------


def _markdown_bodies(at) -> list[str]:
    kinds = ("markdown", "caption", "info", "warning", "error", "success", "title", "subheader", "header")
    bodies = [e.value for kind in kinds for e in getattr(at, kind)]
    bodies += [e.label for e in at.expander] + [e.label for e in at.checkbox] + [e.label for e in at.metric]
    return [str(b) for b in bodies]


def _chart_strings(at) -> tuple[list[str], list[str]]:
    """Every string of the page's charts as the browser receives them (ECharts options): the text
    ECharts draws on the canvas (plain text, any characters), and the tooltips and formatters, which
    ECharts reads as HTML and as templates."""
    canvas: list[str] = []
    templates: list[str] = []

    def walk(node: object, key: str = "") -> None:
        if isinstance(node, str):
            (templates if key == "formatter" else canvas).append(node)
        elif isinstance(node, dict):
            for k, value in node.items():
                walk(value, k)
        elif isinstance(node, list):
            for value in node:
                walk(value, key)

    for element in at.get("echarts_chart"):
        walk(json.loads(element.proto.spec))
    return canvas, templates


def _assert_safe_templates(templates: list[str]) -> None:
    """No live markup in a tooltip, and no template field but the ones the product writes
    (``{b}``: an item's name, shown as it is; axis label formats such as ``{value}%``, ``{yyyy}``)."""
    for text in templates:
        assert not any(m in text for m in ("<img", "<span", "<a ", "<script")), text
        fields = set(re.findall(r"\{[^}]*\}", text))
        assert fields <= {"{b}", "{value}", "{yyyy}", "{M}", "{MM}", "{MMM}"}, text


def _assert_no_raw_markup(bodies: list[str]) -> None:
    for body in bodies:
        if 'class="pr-' in body:  # the presentation page's own HTML, names inside escaped by html_text
            assert not any(m in body.split(">", 1)[1] for m in ("<img", "<span", "<a "))
            continue
        unescaped = re.sub(r"\\.", "", body)  # drop markdown escapes (\< \[ …): what is left is live
        assert not any(m in unescaped for m in MARKUP), body


def test_overview_of_the_hostile_street_escapes_names(hostile, hostile_version, monkeypatch):
    at = app_on(hostile.root, monkeypatch, district="410311", street=STREET, month="2024-05").run()
    assert not at.exception
    _assert_no_raw_markup(_markdown_bodies(at))
    canvas, templates = _chart_strings(at)
    assert "x<img src=http://127.0.0.1:9/a>" in canvas  # the comparison chart's bars: drawn as text
    tooltips = [t for t in templates if "x&lt;img src=http://127.0.0.1:9/a&gt;" in t]
    assert tooltips  # the same name in the bar's tooltip (HTML): escaped
    _assert_safe_templates(templates)


PAGE_SECTIONS = {  # the pages in sections, each section's ?section= id
    "coverage": ("standards", "compare", "kind", "branch", "building"),
    "volunteer": ("monthly", "compare", "forces"),
    "five_star": ("targets", "levels", "movers", "board", "card"),
}


@pytest.mark.parametrize(
    "page", ["coverage", "volunteer", "five_star", "profile", "present", "tables", "map"]
)
def test_other_pages_of_the_hostile_street_escape_names(hostile, hostile_version, monkeypatch, page):
    params = {"district": "410311", "street": STREET, "month": "2024-05"}
    if page == "profile":
        params["code"] = "410311002908"
    at = app_on(hostile.root, monkeypatch, **params)
    at.run()
    at = at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, page
    _assert_no_raw_markup(_markdown_bodies(at))
    _assert_safe_templates(_chart_strings(at)[1])
    for section in PAGE_SECTIONS.get(page, ()):  # the sections a view does not draw (lazy tabs)
        at.query_params["section"] = section
        at.run()
        assert not at.exception, (page, section)
        _assert_no_raw_markup(_markdown_bodies(at))
        _assert_safe_templates(_chart_strings(at)[1])


MARKUP_NAMED = ("410311002908", "410311002909", "410311002910", "410311002911", "410311002912")


@pytest.fixture(scope="module")
def unpopulated(hostile: Warehouse, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the hostile warehouse whose markup-named communities left their population blank:
    the notes that name the areas a comparison leaves out then name them."""
    root = tmp_path_factory.mktemp("unpopulated") / "wh"
    shutil.copytree(hostile.root, root)
    path = root.parent / "areas_population_blank.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["area_code", "area_name", "level", "parent_code", "population"])
        writer.writerows([code, NAMES[code], "community", STREET, ""] for code in MARKUP_NAMED)
    assert load_files(Warehouse(root), path).committed
    return root


@pytest.mark.parametrize(
    ("page", "section", "note"),
    [
        ("overview", None, "未参与比较"),
        ("volunteer", "compare", "未参与比较"),
        ("coverage", "compare", "按人口计算的比率为"),
    ],
)
def test_notes_naming_the_areas_a_figure_leaves_out_escape_names(
    unpopulated, monkeypatch, page, section, note
):
    params = {"district": "410311", "street": STREET, "month": "2024-05"}
    if section:
        params["section"] = section
    at = app_on(unpopulated, monkeypatch, **params).run()
    if page != "overview":
        at = at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, page
    bodies = _markdown_bodies(at)
    assert any(note in body and "样式社区" in body for body in bodies), bodies  # the note names them
    _assert_no_raw_markup(bodies)


STREET_NAME = "[开元路](http://127.0.0.1:9/s)<img src=http://127.0.0.1:9/t>街道"


@pytest.fixture(scope="module")
def markup_street(hostile: Warehouse, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile warehouse whose street itself is named with markdown and HTML: the pages name the
    selected street (and their parent area) in titles, captions and notes."""
    root = tmp_path_factory.mktemp("street") / "wh"
    shutil.copytree(hostile.root, root)
    path = root.parent / "areas_street.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(
            [["区划代码", "名称", "层级", "上级代码"], [STREET, STREET_NAME, "街道", "410311"]]
        )
    assert load_files(Warehouse(root), path).committed
    return root


@pytest.mark.parametrize(
    "page",
    [
        "overview",
        "coverage",
        "volunteer",
        "five_star",
        "map",
        "ledger",
        "tables",
        "all_metrics",
        "present",
        "submissions",
    ],
)
def test_a_street_named_with_markup_is_shown_as_text_on_every_page(markup_street, monkeypatch, page):
    at = app_on(markup_street, monkeypatch, district="410311", street=STREET, month="2024-05").run()
    if page != "overview":
        at = at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, page
    bodies = _markdown_bodies(at)
    for section in PAGE_SECTIONS.get(page, ()):
        at.query_params["section"] = section
        at.run()
        assert not at.exception, (page, section)
        bodies += _markdown_bodies(at)
    assert any("开元路" in body for body in bodies), page  # the page names the street somewhere
    _assert_no_raw_markup(bodies)


def _as_admin(root: Path, monkeypatch):
    """The app signed in (OIDC in AppTest) as an admin of every area: undo and upload are shown."""
    from etl.access import AccessStore
    from tests.access_fixtures import signed_in_app

    store = AccessStore(root)
    if "admin" not in {u.name for u in store.users()}:
        store.add("admin", "admin", [], by="test")
    return signed_in_app(root, monkeypatch, "admin")


def test_history_undo_confirmation_shows_the_file_name_as_text(hostile, hostile_version, monkeypatch):
    at = _as_admin(hostile.root, monkeypatch).run()
    at = at.switch_page("app_pages/history.py").run()
    assert not at.exception
    for case in CORPUS[-4:]:
        batch = read_rows(hostile, "SELECT batch_id FROM _batches WHERE file_name = ?", [case.upload_name])[
            0
        ][0]
        at.selectbox(key="hi_batch").set_value(batch).run()
        label = at.checkbox(key=f"hi_confirm_{batch}").label
        assert md_text(case.upload_name) in label
        _assert_no_raw_markup(_markdown_bodies(at))


def test_upload_page_shows_a_hostile_file_name_as_text_and_keeps_no_temp_folder(
    hostile, monkeypatch, tmp_path
):
    case = next(c for c in CORPUS if c.file == "name_html.csv")
    copy = Warehouse(tmp_path / "wh")
    shutil.copytree(hostile.root, copy.root)
    private_tmp = tmp_path / "tmp"  # other processes on the machine use the shared /tmp too
    private_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    at = _as_admin(copy.root, monkeypatch).run()
    at = at.switch_page("app_pages/upload.py").run()
    at.file_uploader(key="up_files_0").set_value(
        (
            case.upload_name,
            (HERE / case.file).read_text("utf-8").replace("2024年8月", "2024年10月").encode(),
            "text/csv",
        )
    ).run()
    assert not at.exception
    assert md_text(case.upload_name) in at.expander[1].label
    _assert_no_raw_markup(_markdown_bodies(at))
    assert not list(private_tmp.glob("govdash-upload-*"))  # the check's folder is gone
    at.button(key="up_load").click().run()
    assert not at.exception
    assert md_text(case.upload_name) in at.success[0].value
    _assert_no_raw_markup(_markdown_bodies(at))
    assert not list(private_tmp.glob("govdash-upload-*"))  # and the load's
    assert read_rows(copy, "SELECT count(*) FROM _batches WHERE file_name = ?", [case.upload_name]) == [(2,)]


def test_cli_history_csv_neutralizes_hostile_file_names(hostile):
    out = subprocess.run(
        [sys.executable, "-m", "etl", "history", "--format", "csv", "--db", str(hostile.root)],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    names = [r["file_name"] for r in rows]
    assert "'" + '=HYPERLINK("http://127.0.0.1:9/i","y").csv' in names
    assert not [n for n in names if n.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_every_chart_and_raw_html_goes_through_the_escaping_helpers(repo_root):
    """New code keeps to the one path: charts via ``charts.show`` (``govdash.echarts``), raw HTML only
    where every interpolated value passes ``html_text``/``html.escape``."""
    sources = {
        p: p.read_text(encoding="utf-8")
        for d in ("app_pages", "govdash")
        for p in (repo_root / d).rglob("*.py")
    }
    sources[repo_root / "dashboard.py"] = (repo_root / "dashboard.py").read_text(encoding="utf-8")
    chart_calls = sorted(
        str(p.relative_to(repo_root))
        for p, text in sources.items()
        if "st.plotly_chart(" in text or "st.echarts_chart(" in text
    )
    assert chart_calls == ["govdash/charts.py"]
    raw_html = sorted(
        str(p.relative_to(repo_root))
        for p, text in sources.items()
        if "unsafe_allow_html=True" in text or "st.html(" in text
    )
    assert raw_html == [
        "app_pages/map.py",
        "app_pages/present.py",
        "app_pages/upload.py",  # the file picker's words in Chinese (CSS; our own texts only)
        "dashboard.py",
        "govdash/charts.py",
        "govdash/present_views.py",
    ]


def test_a_community_report_prints_a_markdown_name_literally(hostile_version, tmp_path):
    from govdash.report.build import build_report
    from govdash.report.pdf_builder import pdf_bytes
    from govdash.report.pptx_builder import pptx_bytes

    name = NAMES["410311002910"]  # ![a](http://127.0.0.1:9/c.png)社区
    report = build_report(hostile_version, "410311002910", AS_OF, "zh")
    deck = Presentation(io.BytesIO(pptx_bytes(report)))
    assert deck.slides[0].shapes.title.text == f"{name}社区治理工作汇报"
    pdf = tmp_path / "community.pdf"
    pdf.write_bytes(pdf_bytes(report))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert f"洛龙区 / 开元路街道 / {name} · 数据截至 2024年5月31日" in text  # every page's footer
    assert text.count(name) >= len(report.slides)
