"""A rate per head over a population some community left blank (the catalog's ``unreported`` rule for
rates), on the pages of the demo warehouse after an areas file blanks two communities' population:
the rates read missing and say why, the comparisons name the street they leave out and draw the
compared streets' own average (real DuckDB, the app through AppTest)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from etl.warehouse import Warehouse
from tests.helpers import loaded_copy, new_app, open_section, use_warehouse

JIANXI, HUBEI_ROAD = "410305", "410305001"
BLANKED = (
    ("410305001001", "唐村社区", "village_to_urban", 1100),
    ("410305001002", "天四社区", "work_unit", 2322),
)


@pytest.fixture(scope="module")
def blanked(demo_warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory) -> Path:
    lines = ["area_code,area_name,level,parent_code,community_type,households,population"]
    lines += [
        f"{code},{name},community,{HUBEI_ROAD},{kind},{households},"
        for code, name, kind, households in BLANKED
    ]
    folder = tmp_path_factory.mktemp("rates")
    return loaded_copy(demo_warehouse, folder, "areas_population_blank.csv", "\n".join(lines) + "\n")


def _open(root: Path, monkeypatch, page: str | None, lang: str, **params: str):
    use_warehouse(root, monkeypatch)
    at = new_app(district=JIANXI, month="2024-12", lang=lang, **params).run()
    if page:
        at = at.switch_page(page).run()
    assert not at.exception and not at.error, at.exception
    return at


def _captions(at) -> list[str]:
    """The captions as the browser shows them (markdown escapes, ``\\(``, undone)."""
    return [re.sub(r"\\(.)", r"\1", c.value) for c in at.caption]


@pytest.mark.parametrize(
    ("lang", "why", "left_out"),
    [
        (
            "zh",
            "2 个社区未填报常住人口，按人口计算的比率无法得出",
            "未参与比较（常住人口未填报，或有社区未填报）：湖北路街道",
        ),
        (
            "en",
            "Communities without their population filled in: 2; no rate per head",
            "Not compared (population not filled in, or not for every community)",
        ),
    ],
)
def test_the_volunteer_page_says_why_its_rates_are_missing_and_whom_it_leaves_out(
    blanked, monkeypatch, lang, why, left_out
):
    at = _open(blanked, monkeypatch, "app_pages/volunteer.py", lang)
    rates = [m.value for m in at.metric][6:10]  # the four per-1,000 cards after the six totals
    assert rates == ["—"] * 4, [m.value for m in at.metric]
    assert any(why in c for c in _captions(at)), _captions(at)
    at = open_section(at, "compare")
    assert any(c.startswith(left_out) for c in _captions(at)), _captions(at)


def test_the_overview_compares_the_other_streets_against_their_own_average(blanked, monkeypatch):
    at = _open(blanked, monkeypatch, None, "zh")
    hint = next(c for c in _captions(at) if c.startswith("点击条形"))
    assert "虚线为参与比较的街道(镇)平均" in hint and "：湖北路街道" in hint


def test_the_coverage_standards_say_why_workers_per_10000_is_missing(blanked, monkeypatch):
    at = _open(blanked, monkeypatch, "app_pages/coverage.py", "zh", section="standards")
    row = next(r for r in at.table[0].value.itertuples(index=False) if r[0] == "每万人社区工作者")
    assert row[1] == "—"
    assert any("2 个社区未填报常住人口" in c for c in _captions(at)), _captions(at)


def test_the_report_says_why_its_rates_are_missing_and_whom_the_laggards_slide_leaves_out(
    blanked, monkeypatch
):
    from datetime import date

    from govdash import db
    from govdash.report.build import build_report

    use_warehouse(blanked, monkeypatch)
    slides = {s.key: s for s in build_report(db.version(), JIANXI, date(2024, 12, 31), "zh").slides}
    why = "2 个社区未填报常住人口，按人口计算的比率无法得出"
    assert why in slides["volunteer"].subtitle and why in slides["staff"].subtitle
    assert next(k for k in slides["staff"].kpis if k.metric == "workers_per_10k_residents").text == "—"
    laggards = slides["laggards"]
    assert laggards.subtitle.endswith("未参与比较（常住人口未填报，或有社区未填报）：湖北路街道")
    assert laggards.charts[0].reference_label.startswith("参与比较区域平均 ")
    assert "湖北路街道" not in laggards.charts[0].categories


def test_the_coverage_comparison_says_which_streets_read_missing_and_why(blanked, monkeypatch):
    at = _open(blanked, monkeypatch, "app_pages/coverage.py", "zh", section="compare")
    assert "按人口计算的比率为“—”（常住人口未填报，或有社区未填报）：湖北路街道" in _captions(at), _captions(
        at
    )
    at = _open(blanked, monkeypatch, "app_pages/coverage.py", "zh", section="compare", street=HUBEI_ROAD)
    assert any(c.endswith("：唐村社区、天四社区") for c in _captions(at)), _captions(at)
