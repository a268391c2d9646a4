"""The shipped demo data (data/demo/*.csv): deterministic, in the upload format, valid under the
registry's rules, reproducing every published figure through the real pipeline, and shaped like real
data (seasonality, growth, laggards and stars)."""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
import statistics
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from data.demo import generate
from data.demo._five_star import level
from etl.datasets import DATASETS
from etl.registry import URBAN_TYPES

ROOT = Path(__file__).resolve().parents[1]
DEMO_DIR = ROOT / "data" / "demo"
FIGURES = ROOT / "tests" / "fixtures" / "published_figures.csv"
HENAN = ("410311", "411002", "410305")


def _published() -> list[dict[str, str]]:
    with FIGURES.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _read(name: str) -> list[list[str]]:
    with (DEMO_DIR / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


@pytest.fixture(scope="session")
def demo_rows() -> dict[str, pd.DataFrame]:
    """Canonical rows (enum codes, bools, dates) as the generator builds them."""
    return {
        name: pd.DataFrame(rows, columns=DATASETS[name].column_names)
        for name, rows in generate.build_all().items()
    }


# ---------------------------------------------------------------------------------------------
# Determinism and format
# ---------------------------------------------------------------------------------------------


DEMO_TABLES = [n for n, ds in DATASETS.items() if ds.file_format == "table"]  # boundaries: approximated


def test_regeneration_is_byte_identical(tmp_path: Path) -> None:
    generate.main(tmp_path)
    assert sorted(p.name for p in DEMO_DIR.glob("*.csv")) == sorted(f"{n}.csv" for n in DEMO_TABLES)
    for name in DEMO_TABLES:
        fresh, committed = (tmp_path / f"{name}.csv").read_bytes(), (DEMO_DIR / f"{name}.csv").read_bytes()
        assert fresh == committed, f"{name}.csv differs from a fresh run of data/demo/generate.py"


@pytest.mark.parametrize("name", DEMO_TABLES)
def test_header_is_the_registry_labels(name: str) -> None:
    assert _read(name)[0] == [c.label_zh for c in DATASETS[name].columns]


@pytest.mark.parametrize("name", DEMO_TABLES)
def test_cells_are_in_upload_format(name: str) -> None:
    rows = _read(name)[1:]
    assert rows, name
    patterns = {
        "date": r"\d{4}-\d{2}-\d{2}",
        "month": r"\d{4}-\d{2}",
        "bool": "是|否",
        "code": r"\d{6}(\d{3})?(\d{3})?",
        "int": r"\d+",
        "year": r"\d{4}",
        "float": r"-?\d+(\.\d+)?",
    }
    for i, col in enumerate(DATASETS[name].columns):
        cells = {row[i] for row in rows} - {""}
        if col.kind == "enum":
            assert cells <= {labels[0] for labels in col.values.values()}, col.name
        elif col.kind in patterns:
            bad = [c for c in cells if not re.fullmatch(patterns[col.kind], c)]
            assert not bad, f"{name}.{col.name}: {bad[:5]}"


def test_total_size_is_small() -> None:
    assert sum(p.stat().st_size for p in DEMO_DIR.glob("*.csv")) < 30 * 1024 * 1024


# ---------------------------------------------------------------------------------------------
# The registry's rules
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", DEMO_TABLES)
def test_rows_pass_the_registry_rules(name: str, demo_rows: dict[str, pd.DataFrame]) -> None:
    ds, df = DATASETS[name], demo_rows[name]
    for col in ds.required_columns:
        assert df[col].notna().all(), f"{name}.{col} has blanks"
    assert not df.duplicated(list(ds.key)).any(), f"{name}: duplicate keys"
    for col in ds.columns:
        values = pd.to_numeric(df[col.name], errors="coerce").dropna() if col.is_numeric else None
        if values is not None and col.minimum is not None:
            assert (values >= col.minimum).all(), f"{name}.{col.name} below {col.minimum}"
        if values is not None and col.maximum is not None:
            assert (values <= col.maximum).all(), f"{name}.{col.name} above {col.maximum}"
    con = duckdb.connect()
    con.register("t", df)
    for check in ds.checks:
        failing = con.execute(f"SELECT count(*) FROM t WHERE {check.failing_sql}").fetchone()[0]
        assert failing == 0, f"{name}: {check.name} fails on {failing} rows"
    if ds.period_column:
        last = df[ds.period_column].dropna().map(lambda v: v if isinstance(v, int) else v.year).max()
        assert last <= 2024, f"{name}: {ds.period_column} in the future"


def test_area_references_exist(demo_rows: dict[str, pd.DataFrame]) -> None:
    areas = demo_rows["areas"].set_index("area_code")["level"]
    assert (
        demo_rows["areas"].loc[demo_rows["areas"].level != "district", "parent_code"].isin(areas.index).all()
    )
    for name, ds in DATASETS.items():
        if ds.area_column and name in demo_rows:  # no demo street boundaries: the map approximates them
            levels = demo_rows[name][ds.area_column].map(areas)
            assert levels.notna().all(), f"{name}: unknown area codes"
            assert levels.isin(ds.area_levels).all(), f"{name}: area of the wrong level"


def test_active_volunteers_and_social_orgs_within_totals(demo_rows: dict[str, pd.DataFrame]) -> None:
    v, a = demo_rows["volunteers"], demo_rows["activity"]
    assert (v.active_volunteers <= v.registered_volunteers).all()
    assert (a.activities >= 1).all(), "an activity row exists only for a type held that month"
    assert (a.social_org_activities.fillna(0) <= a.activities).all()


# ---------------------------------------------------------------------------------------------
# Published figures, through the real pipeline (loader -> warehouse -> metric engine)
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def demo_reader(demo_warehouse) -> Iterator[duckdb.DuckDBPyConnection]:  # type: ignore[no-untyped-def]
    """A read-only connection to the warehouse built from the committed demo files by the real loader."""
    con = demo_warehouse.connect_reader()
    yield con
    con.close()


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@pytest.mark.parametrize("fig", _published(), ids=[f"{r['area_code']}-{r['metric']}" for r in _published()])
def test_published_figure(fig: dict[str, str], demo_reader: duckdb.DuckDBPyConnection) -> None:
    from etl.metrics import compute_metrics

    metrics = dict(compute_metrics(demo_reader, fig["area_code"], _date(fig["as_of"]), _date(fig["since"])))
    value = metrics.get(fig["metric"])
    assert value is not None, f"{fig['metric']} missing for {fig['area_code']} on {fig['as_of']}"
    lo = float(fig["value"])
    if fig["op"] == "eq":
        assert math.isclose(float(value), lo, abs_tol=1e-9), fig["note"]
    elif fig["op"] == "ge":
        assert float(value) >= lo, fig["note"]
    else:
        assert lo <= float(value) <= float(fig["value_hi"]), fig["note"]


# ---------------------------------------------------------------------------------------------
# Distribution properties the generator builds in
# ---------------------------------------------------------------------------------------------


def _monthly(demo_rows: dict[str, pd.DataFrame], kind: str | None = None) -> pd.Series:
    a = demo_rows["activity"]
    if kind:
        a = a[a.activity_type == kind]
    return a.groupby("month").activities.sum()


def test_spring_festival_dip(demo_rows: dict[str, pd.DataFrame]) -> None:
    by_month = _monthly(demo_rows)
    dips = [
        statistics.mean([by_month[dt.date(y, 1, 1)], by_month[dt.date(y, 2, 1)]]) < by_month[dt.date(y, 3, 1)]
        for y in range(2018, 2025)
    ]
    assert sum(dips) >= 6, dips


def test_summer_youth_and_chongyang_elderly(demo_rows: dict[str, pd.DataFrame]) -> None:
    for kind, peak in (("youth", (7, 8)), ("elderly", (10,))):
        s = _monthly(demo_rows, kind)
        for year in range(2018, 2025):
            months = s[[m.year == year for m in s.index]]
            inside = [v for m, v in months.items() if m.month in peak]
            outside = [v for m, v in months.items() if m.month not in peak]
            assert min(inside) > 1.5 * statistics.mean(outside), (kind, year)


def test_covid_dip_and_growth(demo_rows: dict[str, pd.DataFrame]) -> None:
    s = _monthly(demo_rows)
    spring = lambda y: sum(s[dt.date(y, m, 1)] for m in (2, 3, 4))  # noqa: E731
    assert spring(2020) < 0.5 * spring(2019)
    by_year = s.groupby([m.year for m in s.index]).sum()
    assert by_year[2024] > 1.5 * by_year[2018]


def test_village_to_urban_communities_have_fewer_social_orgs(demo_rows: dict[str, pd.DataFrame]) -> None:
    orgs = demo_rows["organizations"]
    per = orgs[orgs.org_kind == "social_org"].groupby("area_code").size()
    c = demo_rows["areas"][demo_rows["areas"].level == "community"].copy()
    c["orgs"] = c.area_code.map(per).fillna(0)
    c["urban"] = c.community_type.isin(URBAN_TYPES)
    for district, g in c.groupby(c.area_code.str[:6]):
        urban, v2u = g[g.urban].orgs.mean(), g[g.community_type == "village_to_urban"].orgs.mean()
        assert v2u < urban, district


def _levels(demo_rows: dict[str, pd.DataFrame]) -> pd.DataFrame:
    rows = defaultdict(dict)
    for r in demo_rows["five_star"].itertuples():
        awarded = r.score >= 80 if r.awarded is None else bool(r.awarded)  # blank: the default threshold
        rows[(r.community_code, r.year)][r.star] = awarded
    return pd.DataFrame(
        [{"community_code": c, "year": y, "level": level(stars)} for (c, y), stars in rows.items()]
    )


def test_five_star_only_henan_and_improving(demo_rows: dict[str, pd.DataFrame]) -> None:
    fs = demo_rows["five_star"]
    assert set(fs.community_code.str[:6]) == set(HENAN)
    assert set(fs.year) == {2022, 2023, 2024}
    lv = _levels(demo_rows)
    by_street = lv.groupby([lv.community_code.str[:9], "year"])["level"].mean().unstack()
    improving = (by_street[2024] > by_street[2022]).mean()
    assert improving >= 0.75, improving
    five = lambda y: int((lv[lv.year == y]["level"] == 5).sum())  # noqa: E731
    assert 0 < five(2022) < five(2024)


def test_named_communities_stand_out(demo_rows: dict[str, pd.DataFrame]) -> None:
    named = {
        "410311002004": "天元社区",
        "410311005004": "光合城社区",
        "410311004006": "石油社区",
        "410305011004": "中泰花城社区",
        "411002003001": "建安社区",
        "411002004002": "七一社区",
        "370602003006": "大海阳社区",
        "530802102002": "兰花社区",
    }
    areas = demo_rows["areas"].set_index("area_code")
    assert {code: areas.area_name[code] for code in named} == named
    a = demo_rows["activity"]
    held = a[[m.year == 2024 for m in a.month]].groupby("community_code").activities.sum()
    for code in named:
        district = held[held.index.str[:6] == code[:6]]
        assert held[code] >= district.quantile(0.75), code
    with_laggards = [d for d, g in held.groupby(held.index.str[:6]) if (g < 0.4 * g.median()).sum() >= 2]
    assert len(with_laggards) >= 4, "a few laggard communities in most districts"


def test_communities_without_coordinates_are_flagged_approximate(demo_rows: dict[str, pd.DataFrame]) -> None:
    ref = pd.read_csv(ROOT / "data" / "reference" / "divisions.csv", dtype=str)
    with_point = set(ref[(ref.level == "community") & ref.lon.notna()].code)
    c = demo_rows["areas"][demo_rows["areas"].level == "community"]
    assert (c.is_location_approx == ~c.area_code.isin(with_point)).all()
    assert c.lon.notna().all() and c.lat.notna().all()
