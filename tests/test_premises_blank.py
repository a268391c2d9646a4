"""A premises share over communities some of which left their premises area blank (the catalog's
``unreported`` rule for the shares): on the demo warehouse after an areas file blanks two
communities' premises area, the shares read missing where those communities count, say why, and the
comparison names the street (real DuckDB, the app through AppTest, the report's model)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from etl.warehouse import Warehouse
from govdash.value_units import shares_blank
from tests.helpers import loaded_copy, new_app, use_warehouse

JIANXI, HUBEI_ROAD = "410305", "410305001"
BLANKED = (("410305001001", "唐村社区", "village_to_urban"), ("410305001002", "天四社区", "work_unit"))
SHARES = ("用房≥500㎡社区占比", "用房≥600㎡社区占比", "用房每百户≥30㎡社区占比")


@pytest.fixture(scope="module")
def blanked(demo_warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory) -> Path:
    lines = ["area_code,area_name,level,parent_code,community_type,premises_area_m2"]
    lines += [f"{code},{name},community,{HUBEI_ROAD},{kind}," for code, name, kind in BLANKED]
    folder = tmp_path_factory.mktemp("premises")
    return loaded_copy(demo_warehouse, folder, "areas_premises_blank.csv", "\n".join(lines) + "\n")


def _standards(root: Path, monkeypatch, lang: str, **params: str) -> tuple[dict, list[str]]:
    use_warehouse(root, monkeypatch)
    at = new_app(district=JIANXI, month="2024-12", lang=lang, section="standards", **params).run()
    at = at.switch_page("app_pages/coverage.py").run()
    assert not at.exception and not at.error, at.exception
    rows = {r[0]: r[1] for r in at.table[0].value.itertuples(index=False)}
    return rows, [c.value for c in at.caption]


def test_the_standards_read_missing_where_a_premises_area_is_blank_and_say_why(blanked, monkeypatch):
    rows, captions = _standards(blanked, monkeypatch, "zh")
    assert [rows[s] for s in SHARES] == ["—", "—", "—"], rows
    assert rows["每万人社区工作者"] != "—"  # the population is still whole
    assert any(
        "2 个社区未填报办公服务用房面积，用房面积的达标占比无法得出，补报后显示" in c for c in captions
    )
    rows, captions = _standards(blanked, monkeypatch, "en")
    assert any(
        "Communities without their premises area filled in: 2; no premises shares" in c for c in captions
    )
    # another street of the district, every premises area known: its shares as before, nothing to explain
    rows, captions = _standards(blanked, monkeypatch, "zh", street="410305002")
    assert all(rows[s].endswith("%") for s in SHARES), rows
    assert not any("未填报办公服务用房面积" in c for c in captions), captions


def test_the_comparison_names_the_street_whose_premises_shares_are_missing(blanked, monkeypatch):
    use_warehouse(blanked, monkeypatch)
    at = new_app(district=JIANXI, month="2024-12", lang="zh", section="compare").run()
    at = at.switch_page("app_pages/coverage.py").run()
    assert not at.exception and not at.error, at.exception
    captions = [c.value for c in at.caption]
    assert "用房面积的达标占比为“—”（有社区未填报办公服务用房面积或户数）：湖北路街道" in captions, captions


def test_the_report_says_why_its_standards_table_shows_missing(blanked, monkeypatch):
    from govdash import db
    from govdash.report.build import build_report

    use_warehouse(blanked, monkeypatch)
    report = build_report(db.version(), JIANXI, date(2024, 12, 31), "zh")
    slide = next(s for s in report.slides if s.key == "coverage")
    rows = {r[0]: r[1] for r in slide.table.rows}
    assert rows["办公服务用房≥500㎡"] == "—", rows
    assert any(b.startswith("2 个社区未填报办公服务用房面积") for b in slide.bullets), slide.bullets
    defined = [row[0] for s in report.slides if s.key == "definitions" for row in s.table.rows]
    assert "未填报用房面积的社区" in defined, "the count the note gives is defined"


def test_the_pdf_breaks_the_note_as_chinese_text_not_after_its_first_number(blanked, monkeypatch, tmp_path):
    """fpdf2 broke "2 个社区未填报…" at its only space: "• 2" on a line, the sentence below. Chinese
    text now breaks between characters; an English line still breaks at its spaces."""
    import dataclasses
    import subprocess

    from govdash import db
    from govdash.report.build import build_report
    from govdash.report.pdf_builder import _wrap, pdf_bytes

    use_warehouse(blanked, monkeypatch)
    report = build_report(db.version(), HUBEI_ROAD, date(2024, 12, 31), "zh")
    coverage = next(s for s in report.slides if s.key == "coverage")
    pdf = tmp_path / "coverage.pdf"
    pdf.write_bytes(pdf_bytes(dataclasses.replace(report, slides=(coverage,))))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    lines = text.decode("utf-8").splitlines()
    assert any("2 个社区未填报办公服务用房面积" in line for line in lines), lines
    assert _wrap("Not compared (population not filled in): 湖北路街道、天津路街道").name == "WORD"


def test_households_left_blank_explain_only_the_share_per_100_households() -> None:
    per_hh_only = {"premises_unreported": 0, "premises_per_100hh_unreported": 3}
    assert shares_blank(per_hh_only, "zh") == (
        "3 个社区未填报用房面积或户数，每百户用房面积的达标占比无法得出，补报后显示"
    )
    same = {"premises_unreported": 2, "premises_per_100hh_unreported": 2}  # the same two communities
    assert (
        shares_blank(same, "zh") == "2 个社区未填报办公服务用房面积，用房面积的达标占比无法得出，补报后显示"
    )
    assert shares_blank({"premises_unreported": 0, "premises_per_100hh_unreported": 0}, "en") is None


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh", "本批次清空了已导入的值：办公服务用房面积(平方米) 2 行。"),
        ("en", "This batch emptied values already loaded: Premises area (m²) in 2 rows."),
    ],
)
def test_the_upload_history_says_which_stored_values_the_batch_emptied(blanked, monkeypatch, lang, said):
    use_warehouse(blanked, monkeypatch)
    at = new_app(district=JIANXI, lang=lang).run().switch_page("app_pages/history.py").run()
    assert not at.exception
    shown = [re.sub(r"\\(.)", r"\1", i.value) for i in at.info]  # as the browser shows the markdown
    assert any(s.startswith(said) for s in shown), shown  # the newest batch: the blanking areas file
    at.selectbox(key="hi_batch").set_value(1).run()  # the demo's first file: it replaced nothing
    assert at.selectbox(key="hi_batch").value == 1
    assert not at.exception and not [i for i in at.info if "清空" in i.value or "emptied" in i.value]


def test_a_street_user_counts_the_values_emptied_in_its_own_street_only(blanked):
    """``etl.history.emptied`` through a scoped reader (as the history page reads it): the street
    whose two communities were blanked sees the two rows, another street of the district none."""
    from etl.history import emptied
    from etl.scope import Scope, open_scoped

    warehouse = Warehouse(blanked)
    with open_scoped(warehouse.current_path(), Scope((HUBEI_ROAD,))) as con:
        own = emptied(con)
    with open_scoped(warehouse.current_path(), Scope(("410305002",))) as con:
        other = emptied(con)
    assert own[["column", "rows"]].values.tolist() == [["premises_area_m2", 2]]
    assert other.empty
