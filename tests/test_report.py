"""The review-meeting report: PPTX with native charts, PDF with CJK text, the CLI — values equal the metrics.

Set ``GOVDASH_REPORT_ARTIFACTS=DIR`` to keep the sample deck, PDF and rendered pages of 洛龙区 there.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
import streamlit as st
from PIL import Image
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE

from etl.metric_catalog import percentage
from etl.metrics import compute_metrics, compute_metrics_many
from etl.registry import ACTIVITY_TYPES, FACILITY_KINDS
from govdash.formatting import fmt_count, fmt_pct
from govdash.metric_labels import split
from govdash.report.build import build_report
from govdash.report.definitions import MEANINGS

AREA, AS_OF, SINCE = "410311", date(2024, 12, 31), date(2023, 12, 31)
TITLES = [
    "洛龙区社区治理工作汇报",
    "核心指标",
    "服务设施覆盖与标准达标",
    "设施建设、小区治理与投资",
    "社区活动与志愿服务",
    "社会组织、积分银行与App报备",
    "社区工作力量",
    "五星支部创建进展",
    "社区分布图",
    "短板：活动偏少的街道(镇)",
    "下一步：目标与完成时限",
    "指标说明（1/3）",
    "指标说明（2/3）",
    "指标说明（3/3）",
]
CHART_TYPES = {
    "服务设施覆盖与标准达标": [XL_CHART_TYPE.BAR_CLUSTERED],
    "设施建设、小区治理与投资": [XL_CHART_TYPE.BAR_CLUSTERED],
    "社区活动与志愿服务": [XL_CHART_TYPE.LINE_MARKERS, XL_CHART_TYPE.PIE],
    "五星支部创建进展": [XL_CHART_TYPE.COLUMN_STACKED],
    "社区分布图": [XL_CHART_TYPE.XY_SCATTER],
    "短板：活动偏少的街道(镇)": [XL_CHART_TYPE.BAR_CLUSTERED],
    "下一步：目标与完成时限": [XL_CHART_TYPE.BAR_CLUSTERED],
}


@pytest.fixture(scope="module")
def env(demo_warehouse):
    """GOVDASH_DB pointing at the demo warehouse, with fresh Streamlit caches, for the module."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVDASH_DB", str(demo_warehouse.root))
        st.cache_data.clear()
        st.cache_resource.clear()
        yield demo_warehouse
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(scope="module")
def version(env) -> str:
    from govdash import db

    return db.version()


@pytest.fixture(scope="module")
def report(version):
    return build_report(version, AREA, AS_OF, "zh")


@pytest.fixture(scope="module")
def metrics(env) -> dict:
    con = env.connect_reader()
    try:
        return dict(compute_metrics(con, AREA, AS_OF, SINCE))
    finally:
        con.close()


@pytest.fixture(scope="module")
def deck(report):
    from govdash.report.pptx_builder import pptx_bytes

    return Presentation(io.BytesIO(pptx_bytes(report)))


@pytest.fixture(scope="module")
def pdf_data(report) -> bytes:
    from govdash.report.pdf_builder import pdf_bytes

    return pdf_bytes(report)


def artifacts(tmp_path: Path) -> Path:
    wanted = os.environ.get("GOVDASH_REPORT_ARTIFACTS")
    out = Path(wanted) if wanted else tmp_path
    out.mkdir(parents=True, exist_ok=True)
    return out


def charts_of(slide) -> list:
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def slide_titled(deck, title: str):
    return next(s for s in deck.slides if s.shapes.title.text == title)


def slide_text(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


# --- the model ------------------------------------------------------------------------------------


def test_every_metric_shown_is_defined_on_the_last_slides(report):
    assert [s.key for s in report.slides][-2:] == ["definitions", "definitions"]
    assert {split(m)[0] for m in report.metrics} <= set(MEANINGS)
    defined = [row[0] for s in report.slides if s.key == "definitions" for row in s.table.rows]
    assert "小区党支部覆盖率" in defined and "各类设施覆盖率" in defined and len(defined) == len(set(defined))


def test_every_slide_states_area_cutoff_and_filters(report):
    for i in range(len(report.slides)):
        text = report.page_text(i)
        assert text.startswith(
            "洛龙区 · 数据截至 2024年12月31日 · 全部社区类型 · 活动与志愿服务：2024年1月—2024年12月"
        )
        assert text.endswith(f"第 {i + 1}/{len(report.slides)} 页")


def test_a_district_outside_the_program_says_so_and_still_exports(version):
    from govdash.report.pptx_builder import pptx_bytes

    report = build_report(version, "370602", AS_OF, "zh")
    five_star = next(s for s in report.slides if s.key == "five_star")
    assert "未参与五星支部创建" in five_star.note and not five_star.charts
    kpi = next(k for s in report.slides for k in s.kpis if k.metric == "five_star_communities")
    assert kpi.text == "未参与"
    deck = Presentation(io.BytesIO(pptx_bytes(report)))
    assert len(deck.slides) == len(report.slides)
    # its map is coloured by activity rate in ranges, and says how to read their shared bounds
    rate_map = next(s for s in report.slides if s.key == "map")
    assert any("各档含下限、不含上限" in line for line in rate_map.bullets)


def test_street_and_community_reports_in_english(version):
    street = build_report(version, "410311002", AS_OF, "en")
    assert street.slides[0].title == "开元路街道: community governance review"
    assert street.footer.startswith("洛龙区 / 开元路街道 · Data as of 2024-12-31")
    community = build_report(version, "410311002002", AS_OF, "zh")
    laggards = next(s for s in community.slides if s.key == "laggards")
    assert "龙泰社区" in laggards.charts[0].categories  # siblings in its street, itself included
    assert next(s for s in community.slides if s.key == "next_steps").note.startswith("本区域未设定目标")


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("zh", "每千人活动场次最少的20个社区（2024年1月—2024年12月）"),
        ("en", "The 20 communities with the fewest activities per 1,000 residents"),
    ],
)
def test_a_streets_laggard_chart_says_what_its_bars_are(version, lang, title):
    """A street of 29 communities shows its 20 lowest: the chart says they are communities (it said
    "units", 单位, whatever the level)."""
    report = build_report(version, "410311021", AS_OF, lang)
    laggards = next(s for s in report.slides if s.key == "laggards")
    assert len(laggards.charts[0].categories) == 20
    assert laggards.charts[0].title == title


def test_the_laggards_last_cell_is_coloured_by_its_own_target_only(version, env):
    """The last column, four stars or more (target), is coloured as a status column is: by whether
    the row's own target is met; a community without a target is not coloured (every row was red,
    a four-star community's too)."""
    from govdash import status

    district = next(s for s in build_report(version, "410311", AS_OF, "zh").slides if s.key == "laggards")
    con = env.connect_reader()
    try:
        query = "SELECT area_name, area_code FROM areas WHERE parent_code = '410311'"
        codes = dict(con.execute(query).fetchall())
        for row, judged in zip(district.table.rows, district.table.status, strict=True):
            own = dict(compute_metrics(con, codes[row[0]], AS_OF))
            goal = own["target:four_plus_star_communities"]
            assert judged == status.judge(own["four_plus_star_communities"], goal), row
    finally:
        con.close()
    assert set(district.table.status) - {status.NONE}  # the streets have targets
    street = next(s for s in build_report(version, "410311021", AS_OF, "zh").slides if s.key == "laggards")
    assert street.table.rows and set(street.table.status) == {status.NONE}  # no community has one


CHINESE_PUNCTUATION = "（）：，、；。"


def _words(report) -> list[str]:
    """Every text a report shows besides area names: titles, notes, cards, tables, chart words."""
    out = [report.footer]
    for s in report.slides:
        out += [s.title, s.subtitle, s.note or "", *s.bullets]
        out += [w for k in s.kpis for w in (k.label, k.text, k.delta)]
        out += [cell for row in (s.table.rows if s.table else ()) for cell in row]
        out += list(s.table.columns) if s.table else []
        for c in s.charts:
            out += [c.title, getattr(c, "reference_label", "") or ""]
            out += [series.name for series in getattr(c, "series", ())]
    return out


def test_an_english_report_has_no_chinese_punctuation(version):
    """18.0（Dec 2025） and 5（7） were written with full-width brackets in English too."""
    from govdash.report.pptx_builder import pptx_bytes

    report = build_report(version, AREA, AS_OF, "en")
    found = [w for w in _words(report) if any(p in w for p in CHINESE_PUNCTUATION)]
    assert not found
    assert any("(Dec 2025)" in w for w in _words(report))  # the due dates are there, bracketed
    deck = Presentation(io.BytesIO(pptx_bytes(report)))
    titles = [c.chart_title.text_frame.text for slide in deck.slides for c in charts_of(slide) if c.has_title]
    assert titles and not [t for t in titles if any(p in t for p in CHINESE_PUNCTUATION)]
    assert any(t.endswith(" (Area average 8.4)") for t in titles), titles  # the reference line, in the title


# --- PPTX -----------------------------------------------------------------------------------------


def test_pptx_slides_titles_and_native_charts(deck):
    assert [s.shapes.title.text for s in deck.slides] == TITLES
    assert deck.slide_width * 9 == deck.slide_height * 16
    for slide in deck.slides:
        title = slide.shapes.title.text
        assert [c.chart_type for c in charts_of(slide)] == CHART_TYPES.get(title, []), title
        assert not [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE], title
        assert "第 " in slide_text(slide) and "数据截至 2024年12月31日" in slide_text(slide)


def test_pptx_sets_chinese_fonts(deck):
    slide = slide_titled(deck, "核心指标")
    assert b'<a:ea typeface="Microsoft YaHei"/>' in slide.part.blob
    chart = charts_of(slide_titled(deck, "五星支部创建进展"))[0]
    assert b'<a:ea typeface="Microsoft YaHei"/>' in chart.part.blob


def test_pptx_kpi_cards_show_the_metric_values(deck, metrics):
    text = slide_text(slide_titled(deck, "核心指标"))
    for shown in (
        f"{fmt_count(metrics['communities'])}个",
        f"{fmt_count(metrics['population'])}人",
        fmt_pct(metrics["compound_branch_coverage_pct"]),
        f"{fmt_count(metrics['activities'])}场",
        f"{fmt_count(metrics['volunteer_hours'])}小时",
        f"{fmt_count(metrics['five_star_communities'])}个",
    ):
        assert shown in text


def test_pptx_chart_values_equal_the_metrics(deck, metrics):
    coverage = charts_of(slide_titled(deck, "服务设施覆盖与标准达标"))[0].plots[0]
    kinds = [k for k in FACILITY_KINDS if f"coverage_pct:{k}" in metrics]
    assert list(coverage.series[0].values) == [metrics[f"coverage_pct:{k}"] for k in kinds]
    assert list(coverage.series[1].values) == [metrics[f"walk_coverage_pct:{k}"] for k in kinds]

    line, pie = charts_of(slide_titled(deck, "社区活动与志愿服务"))
    assert sum(line.plots[0].series[0].values) == metrics["activities"]
    types = [k for k in ACTIVITY_TYPES if metrics.get(f"activities:{k}")]
    assert list(pie.plots[0].series[0].values) == [metrics[f"activities:{k}"] for k in types]

    levels = charts_of(slide_titled(deck, "五星支部创建进展"))[0].plots[0]
    assert list(levels.categories)[-1] == "2024年度"
    assert [s.values[-1] for s in levels.series] == [metrics[f"star_level_communities:{n}"] for n in range(6)]
    levels_2024 = [metrics[f"star_level_communities:{n}"] for n in range(6)]
    headline = (  # the communities assessed are every level's, 0 included
        f"2024年度：五星支部 {metrics['five_star_communities']} 个，四星及以上 "
        f"{metrics['four_plus_star_communities']} 个（共评定 {fmt_count(sum(levels_2024))} 个社区）"
    )
    assert headline in slide_text(slide_titled(deck, "五星支部创建进展"))

    targets = charts_of(slide_titled(deck, "下一步：目标与完成时限"))[0].plots[0]
    progress = dict(zip(targets.categories, targets.series[0].values, strict=True))
    assert progress["五星支部"] == percentage(
        metrics["five_star_communities"], metrics["target:five_star_communities"]
    )
    assert progress["持证社工占比"] == percentage(
        metrics["certified_share_pct"], metrics["target:certified_share_pct"]
    )


def test_pptx_laggards_are_streets_ranked_by_activity_per_1000(deck, env):
    chart = charts_of(slide_titled(deck, "短板：活动偏少的街道(镇)"))[0].plots[0]
    con = env.connect_reader()
    try:
        streets = [
            r[0]
            for r in con.execute(
                "SELECT area_code FROM areas WHERE parent_code = ? AND level = 'street'", [AREA]
            ).fetchall()
        ]
        names = dict(con.execute("SELECT area_code, area_name FROM areas").fetchall())
        table = compute_metrics_many(con, streets, AS_OF, SINCE).pivot(
            index="area_code", columns="metric", values="value"
        )
    finally:
        con.close()
    expected = {
        names[c]: percentage(table.at[c, "activities"], table.at[c, "population"], 1000)
        for c in streets
        if table.at[c, "population"]
    }
    shown = dict(zip(chart.categories, chart.series[0].values, strict=True))
    assert shown == expected
    assert list(shown.values()) == sorted(shown.values(), reverse=True)


def test_pptx_map_is_an_xy_chart_of_the_communities(deck, metrics):
    chart = charts_of(slide_titled(deck, "社区分布图"))[0]
    groups = [s for s in chart.plots[0].series if s.name != "—"]
    assert [s.name for s in groups] == ["未达星", "一星", "二星", "三星", "四星", "五星"]
    assert [len(s.values) for s in groups] == [metrics[f"star_level_communities:{n}"] for n in range(6)]


# --- PDF ------------------------------------------------------------------------------------------


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    assert path, f"{tool} missing: apt-get install poppler-utils"
    return path


def pdf_pages_text(pdf: Path) -> list[str]:
    """Text of every page, as poppler's pdftotext extracts it (form feed between pages)."""
    out = subprocess.run(
        [poppler("pdftotext"), "-layout", str(pdf), "-"], check=True, capture_output=True, timeout=60
    ).stdout.decode("utf-8")
    return out.split("\f")[:-1]


@pytest.fixture(scope="module")
def pdf_file(pdf_data, tmp_path_factory) -> Path:
    wanted = os.environ.get("GOVDASH_REPORT_ARTIFACTS")
    out = Path(wanted) if wanted else tmp_path_factory.mktemp("report")
    out.mkdir(parents=True, exist_ok=True)
    path = out / "洛龙区_2024-12-31.pdf"
    path.write_bytes(pdf_data)
    return path


def test_pdf_has_the_chinese_text_and_key_numbers(pdf_file, report, metrics):
    info = subprocess.run(
        [poppler("pdfinfo"), str(pdf_file)], check=True, capture_output=True, timeout=60
    ).stdout.decode("utf-8")
    assert f"Pages: {len(report.slides)}" in " ".join(info.split())
    assert "841.89 x 595.28 pts (A4)" in info  # landscape
    pages = pdf_pages_text(pdf_file)
    assert len(pages) == len(report.slides)
    assert "洛龙区社区治理工作汇报" in pages[0]
    assert f"{fmt_count(metrics['population'])}人" in pages[1]
    assert fmt_pct(metrics["compound_branch_coverage_pct"]) in pages[1]
    assert fmt_pct(metrics["certified_share_pct"]) in next(p for p in pages if p.startswith("下一步"))
    staff = next(p for p in pages if p.startswith("社区工作力量"))
    assert "社区工作者" in staff and f"{fmt_count(metrics['community_workers'])}人" in staff
    assert all("数据截至 2024年12月31日" in p for p in pages)
    fonts = subprocess.run(
        [poppler("pdffonts"), str(pdf_file)], check=True, capture_output=True, timeout=60
    ).stdout.decode("utf-8")
    font = next(line for line in fonts.splitlines() if "NotoSansCJKSC" in line)
    assert font.split()[-5:-2] == ["yes", "yes", "yes"]  # embedded, subset, with a Unicode map


def test_pdf_pages_render_with_charts(pdf_file, report):
    prefix = pdf_file.parent / "pdf-page"
    subprocess.run(
        [poppler("pdftoppm"), "-r", "40", "-png", str(pdf_file), str(prefix)], check=True, timeout=60
    )
    pages = sorted(pdf_file.parent.glob("pdf-page-*.png"))
    assert len(pages) == len(report.slides)
    coverage = Image.open(pages[2]).convert("RGB")
    red = sum(1 for r, g, b in coverage.get_flattened_data() if r > 180 and g < 60 and b < 80)
    assert red > 200  # the coverage bars are drawn (not an empty chart)


def test_the_cli_writes_a_deck_and_rejects_bad_input(env, tmp_path, monkeypatch, capsys):
    from govdash.report.__main__ import main

    monkeypatch.setenv("GOVDASH_DB", str(env.root))
    out = artifacts(tmp_path) / "洛龙区_2024-12-31.pptx"
    assert main(["--area", AREA, "--as-of", "2024-12-31", "--out", str(out), "--db", str(env.root)]) == 0
    assert [s.shapes.title.text for s in Presentation(str(out)).slides] == TITLES
    assert main(["--area", "999999", "--as-of", "2024-12-31", "--out", str(tmp_path / "x.pptx")]) == 2
    assert main(["--area", AREA, "--as-of", "2024-13-01", "--out", str(tmp_path / "x.pdf")]) == 2
    assert main(["--area", AREA, "--as-of", "2024-12-31", "--out", str(tmp_path / "x.doc")]) == 2
    assert "未知区划代码 999999" in capsys.readouterr().err
    # with --lang en the messages are English too, as the etl commands' (etl.cli_output.t)
    english = ["--lang", "en", "--as-of", "2024-12-31"]
    assert main(["--area", "999999", *english, "--out", str(tmp_path / "x.pptx")]) == 2
    assert main(["--area", AREA, *english, "--out", str(tmp_path / "x.doc")]) == 2
    assert main(["--area", AREA, *english, "--out", str(tmp_path / "en.pptx")]) == 0
    said = capsys.readouterr().err
    assert "Unknown area code 999999" in said and "use --format pptx|pdf" in said and "Wrote " in said
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in said)


def test_the_map_slides_legend_writes_rates_as_the_map_page_does():
    from govdash import map_deck
    from govdash.map_colors import LegendItem
    from govdash.report.mapslide import legend_name

    item = LegendItem("#1a9850", 8.0, 12.5)
    assert legend_name(item, "activities_per_1k", "zh") == "8.0–12.5"  # the catalog's one decimal
    assert map_deck.legend_label(item, "activities_per_1k", "community").startswith("8.0 – 12.5")
    assert legend_name(LegendItem("#1a9850", 3.0, 3.0), "star_level", "zh") == "三星"
    assert legend_name(LegendItem("#cccccc", None, None), "activities_per_1k", "en") == "No data"


def test_a_tables_short_columns_get_the_width_their_words_need_at_the_smallest_size():
    """The English standards table split "Overdue" into "Overdu / e" at 9 pt (its column had 43 pt):
    a short column takes what its longest cell needs from the columns that wrap."""
    from govdash.report.layout import fitted_widths, table_size, text_em

    rows = [
        ("Enough social organizations", "98.0%", "100% (Dec 2022)", "Overdue"),
        ("A party branch in every compound", "77.4%", "100%", "Below"),
    ]
    widths = [150.0, 56.0, 94.0, 43.0]
    fitted = fitted_widths(rows, widths, 9)
    assert sum(fitted) == pytest.approx(sum(widths))
    assert fitted[3] >= text_em("Overdue", latin=0.58) * 9 / 0.95 + 8 > widths[3]
    assert widths[0] / 2 <= fitted[0] < widths[0] and fitted[1:3] == widths[1:3]
    assert table_size(rows, fitted, 12.5, smallest=9) >= 9
    assert fitted_widths(rows, [150.0, 80.0, 120.0, 80.0], 9) == [150.0, 80.0, 120.0, 80.0]  # room enough
    squeezed = fitted_widths(rows, [20.0, 20.0, 20.0, 20.0], 9)  # too little room: never below half
    assert squeezed[0] == pytest.approx(10.0) and sum(squeezed) == pytest.approx(80.0)


def test_a_deck_reads_its_areas_whole_catalog_once_for_both_years(version, monkeypatch):
    """The area's catalog now and a year before (the KPI slide's year-on-year) come from one engine
    call; the laggards' table asks only for the metrics it shows, not the whole catalog."""
    from govdash import cache, queries
    from govdash.report.followup import LAGGARD_DETAILS

    cache.clear_models()
    calls = []
    engine = queries.compute
    monkeypatch.setattr(queries, "compute", lambda *a, **k: calls.append(a[1:4]) or engine(*a, **k))
    street = "410311002"
    report = build_report(version, street, AS_OF, "en")
    whole = [(areas, periods) for metrics, areas, periods in calls if metrics is None]
    year = (date(2023, 12, 31), AS_OF)
    assert whole == [([street], [year, (date(2022, 12, 31), year[0])])]
    laggards = next(s for s in report.slides if s.key == "laggards")
    assert laggards.table.rows  # the details were read ...
    assert (LAGGARD_DETAILS, len(laggards.table.rows)) in [(tuple(m or ()), len(a)) for m, a, _ in calls]


def test_map_names_that_would_overlap_are_left_out_or_moved_aside():
    from govdash.report.mapslide import name_places

    bbox = (112.0, 34.0, 112.2, 34.1)  # about 18 × 11 km: a street's extent
    # three seats at one spot: the selected one (index 2) named above, one more below, one left out
    same = name_places([112.1] * 3, [34.05] * 3, ["甲社区", "乙社区", "丙社区"], bbox, 2)
    assert same == ["bottom", None, "top"]
    # seats far apart: every name above its point
    far = name_places(
        [112.01, 112.1, 112.19], [34.01, 34.05, 34.09], ["甲社区", "乙社区", "丙社区"], bbox, None
    )
    assert far == ["top", "top", "top"]
    # two seats one just above the other: the lower one's name below it, the upper one's above
    close = name_places([112.1, 112.1], [34.05, 34.0515], ["甲社区", "乙社区"], bbox, None)
    assert close == ["bottom", "top"]
    # six seats in a row, closer than a name is long: one name above, one below, the last one's to
    # its right, the others left out (never one over another)
    row = name_places([112.1 + 0.004 * k for k in range(6)], [34.05] * 6, ["社区名称长"] * 6, bbox, None)
    assert row == ["top", "bottom", None, None, None, "right"]


def test_the_pdf_map_writes_each_name_where_the_slide_places_it():
    from govdash.report.figures import figure
    from govdash.report.model import MapChart, PointGroup

    group = PointGroup("三星", "#f4a300", (112.1, 112.2), (34.0, 34.1), ("甲社区", "乙社区"), ("left", ""))
    trace = figure(MapChart("t", (group,), (), (112.0, 33.9, 112.3, 34.2), labels=True)).data[0]
    assert list(trace.text) == ["甲社区", ""]  # the left-out name is not written
    assert list(trace.textposition) == ["middle left", "top center"]
    assert list(trace.customdata) == ["甲社区", "乙社区"]  # every point keeps its name in the tooltip


def test_a_chart_of_few_communities_counts_them_in_whole_numbers(tmp_path):
    """One community's five-star column (1 community a year) read 0, 0.2, 0.4 … on its axis."""
    from pptx import Presentation
    from pptx.util import Inches

    from govdash.report.figures import figure
    from govdash.report.layout import count_step
    from govdash.report.model import COLUMN_STACKED, Chart, Series
    from govdash.report.pptx_charts import category_chart

    levels = (Series("三星", (1, 1), "#f4a300"), Series("四星", (0, 0), "#e07b00"))
    one = Chart(COLUMN_STACKED, "t", ("2023年度", "2024年度"), levels, unit="个")
    many = Chart(COLUMN_STACKED, "t", ("2023年度", "2024年度"), (Series("三星", (9, 12), "#f4a300"),))
    share = Chart(COLUMN_STACKED, "t", ("a",), (Series("s", (0.5,), "#000"),), percent=True)
    assert (count_step(one), count_step(many), count_step(share)) == (1, None, None)
    layout = figure(one).layout
    assert (layout.yaxis.dtick, layout.yaxis.tickformat) == (1, ",d")
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    obj = category_chart(slide.shapes, one, (0, 0, Inches(6), Inches(4)), "zh")
    assert obj.value_axis.major_unit == 1


def test_a_standards_due_date_has_a_line_of_its_own_and_the_target_its_decimal(report, deck):
    """The PDF's narrow 要求 column broke "100%（2022年12月）" inside the month ("2022年1 / 2月"),
    and wrote the target without the decimal the value beside it has (98.0% against 100%)."""
    from govdash.report.layout import fitted_widths, text_em

    table = next(s.table for s in report.slides if s.table and "要求" in s.table.columns)
    required = {row[0]: row[table.columns.index("要求")] for row in table.rows}
    assert required["社会组织数量达标"] == "100.0%\n（2022年12月）"
    assert required["小区党支部全覆盖"] == "100.0%"
    # the layout measures a cell by its longest line: the column widens to hold each line whole
    widths = fitted_widths([("社会组织数量达标", "100.0%\n（2022年12月）")], [150.0, 40.0], 9)
    assert widths[1] >= text_em("（2022年12月）", latin=0.58) * 9 / 0.95 + 8 > 40.0
    cell = next(
        c
        for shape in slide_titled(deck, "服务设施覆盖与标准达标").shapes
        if shape.has_table
        for row in shape.table.rows
        for c in row.cells
        if c.text.startswith("100.0%\v")
    )
    runs = cell.text_frame.paragraphs[0].runs
    assert cell.text == "100.0%\v（2022年12月）" and all(r.font.size == runs[0].font.size for r in runs)


def test_a_rate_charts_axis_writes_whole_ticks_without_a_decimal():
    """The PDF's laggards axis read 0.0, 10.0, 20.0 under bars of one decimal: d3's ``~`` drops the
    trailing zero (10) and keeps a needed one (2.5)."""
    from govdash.report.figures import figure
    from govdash.report.model import BAR, Chart, Series

    rates = Chart(BAR, "t", ("a", "b"), (Series("每千人活动场次", (11.0, 37.0), "#1f77b4"),), decimals=1)
    assert figure(rates).layout.xaxis.tickformat == ",.1~f"
    shares = Chart(BAR, "t", ("a",), (Series("s", (55.0,), "#000"),), percent=True, decimals=1)
    assert figure(shares).layout.xaxis.tickformat == ",d"


def test_the_investment_bars_write_the_decimal_their_card_writes(version):
    """A street's service-centre investment read 42.5 on its card and 42 on its bar: the chart wrote
    every bar as a whole number. A chart of amounts has the decimal when any of them needs it."""
    from dataclasses import replace

    from govdash.report.context import make_context
    from govdash.report.figures import value_text
    from govdash.report.headlines import build_slide

    ctx = make_context(version, AREA, AS_OF, "zh")
    key = "facility_investment_wan:party_service_center"
    whole = build_slide(ctx)
    assert whole.charts[0].decimals == 0  # the demo's amounts are whole: 10,356, not 10,356.0
    metrics = ctx.metrics.copy()
    metrics[key] = 42.5
    slide = build_slide(replace(ctx, metrics=metrics, used=[]))
    card = next(k for k in slide.kpis if k.metric == key)
    chart = slide.charts[0]
    bar = chart.series[0].values[chart.categories.index("党群服务中心")]
    assert value_text(chart, bar) == card.text == "42.5"
    assert value_text(chart, chart.series[0].values[1]).endswith(".0")  # one format for every bar


def test_a_streets_next_steps_count_the_open_items_its_district_set(version):
    """A street's 下一步 slide listed its own target only (met), while the ledger had open items in
    the street for its district's targets: it now counts them and points to the ledger."""
    from govdash import ledger_data

    street = "410311002"
    items = ledger_data.items(version, street, AS_OF, "zh")
    above = items[(items["target_area"] != street) & (items["status"] != "done")]
    assert len(above) > 0 and (items["target_area"] == street).any()  # both kinds in the demo
    slide = next(s for s in build_report(version, street, AS_OF, "zh").slides if s.key == "next_steps")
    assert slide.bullets == (f"洛龙区的目标在本区域尚有{len(above)}项未完成（见挂图作战台账）",)
    english = next(s for s in build_report(version, street, AS_OF, "en").slides if s.key == "next_steps")
    assert english.bullets == (f"洛龙区's targets: {len(above)} open items here (see the target ledger)",)
    district = next(s for s in build_report(version, AREA, AS_OF, "zh").slides if s.key == "next_steps")
    assert not district.bullets  # a district's own targets are all its items


def test_a_narrow_columns_header_word_is_not_split():
    """The English 下一步 table split its headers inside a word ("Targe / t", "Stat / us"): a short
    column also holds its header's longest word, the room taken from a first column that wraps,
    which keeps a short name whole (李村街道 was not split to make room)."""
    from govdash.report.layout import header_word_em, table_columns

    headers = ("Metric", "Target", "Due", "Now", "Next step", "Status")
    rows = [("Four-star or better", "2", "Dec 2024", "2", "—", "Met")]
    weights = (2.1, 0.8, 1.35, 0.9, 1.45, 0.7)
    widths, size = table_columns(rows, weights, 300.0, 12.5, 9, headers)
    for c in (1, 5):  # Target, Status
        assert widths[c] >= header_word_em(headers[c]) * size / 0.95 + 8
    assert sum(widths) == pytest.approx(300.0)
    assert header_word_em("完成时限") == 0  # Chinese wraps between any two characters
    names = [("李村街道", "7.8", "87.0%", "7 (9)"), ("诸葛镇", "7.4", "65.8%", "5 (7)")]
    laggards = ("Name", "Activities /1k", "Compound branches", "4+ stars (target)")
    weights = (1.4, 1.1, 1.9, 1.7)
    for total in (246.0, 300.0):
        widths, size = table_columns(names, weights, total, 12.5, 9, laggards)
        assert widths[0] >= min(total * 1.4 / sum(weights), 4 * size / 0.95 + 8)  # 李村街道 kept
