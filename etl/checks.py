"""Checks across cells and rows: keys, references, periods and the registry's cross-column rules.

Each check is a SQL query returning the failing rows (pass = zero rows). Rows whose cells already
failed to parse are skipped here, so one bad cell is reported once.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from etl.messages import Problem
from etl.sqlutil import q

if TYPE_CHECKING:
    from etl.staging import Staged

LEVEL_ZH = {"country": "全国", "province": "省级", "city": "地级市", "district": "区县", "street": "街道/镇",
            "community": "社区/村"}
LEVEL_EN = {"country": "country", "province": "province", "city": "city", "district": "district",
            "street": "street/town", "community": "community/village"}
# Levels above the district use the 6-digit form of the code (410000, 410300; 100000 for the country).
CODE_LENGTH = {"country": 6, "province": 6, "city": 6, "district": 6, "street": 9, "community": 12}
EXTRA_AREAS = "_extra_areas"
MAX_ROWS = 100_000  # problems reported per check


def _problems(staged: Staged, df: pd.DataFrame, code: str, column: str, **params) -> list[Problem]:
    header = staged.mapping.header_of(column) if column in staged.mapping.positions else column
    out = []
    for r in df.itertuples(index=False):
        extra = {k: getattr(r, k) for k in params.get("from_row", ())}
        fixed = {k: v for k, v in params.items() if k != "from_row"}
        value = None if pd.isna(r.raw) else str(r.raw)
        out.append(Problem(staged.raw.file_name, code, row=int(r.file_row), column=header, value=value,
                           params={**fixed, **extra}))
    return out


def _valid(staged: Staged, columns: list[str]) -> str:
    conds = [f"{q('p_' + c)} IS NULL" for c in columns if c in staged.mapping.positions]
    return " AND ".join(conds) or "true"


def _raw(staged: Staged, column: str) -> str:
    return q("r_" + column) if column in staged.mapping.positions else q(column)


def registry_checks(con: duckdb.DuckDBPyConnection, staged: Staged) -> list[Problem]:
    out = []
    for check in staged.dataset.checks:
        used = [c for c in staged.dataset.column_names if c in check.failing_sql]
        if not all(c in staged.mapping.positions for c in used):
            continue
        df = con.execute(f"SELECT _row AS file_row, {_raw(staged, check.column)} AS raw FROM {staged.table} "
                         f"WHERE {_valid(staged, used)} AND ({check.failing_sql}) ORDER BY _row").df()
        params = {"reason": check.reason_zh, "fix": check.fix_zh,
                  "reason_en": check.reason_en, "fix_en": check.fix_en}
        out += [Problem(staged.raw.file_name, "check_failed", row=int(r.file_row),
                        column=staged.mapping.header_of(check.column),
                        value=None if pd.isna(r.raw) else str(r.raw), params=params)
                for r in df.itertuples(index=False)]
    return out


def duplicate_keys(con: duckdb.DuckDBPyConnection, staged: Staged) -> list[Problem]:
    key = list(staged.dataset.key)
    keys = ", ".join(q(k) for k in key)
    first = key[0]
    any_duplicate = con.execute(f"SELECT 1 FROM {staged.table} WHERE {_valid(staged, key)} GROUP BY {keys} "
                                "HAVING count(*) > 1 LIMIT 1").fetchall()
    if not any_duplicate:  # the common case, answered by one hash aggregate
        return []
    df = con.execute(
        f"SELECT file_row, raw, first_row FROM ("
        f"SELECT _row AS file_row, {_raw(staged, first)} AS raw, min(_row) OVER (PARTITION BY {keys}) AS first_row "
        f"FROM {staged.table} WHERE {_valid(staged, key)}) WHERE file_row <> first_row ORDER BY file_row"
    ).df()
    label = "+".join(staged.dataset.column(k).label_zh for k in key)
    return _problems(staged, df, "duplicate_key", first, key=label, from_row=("first_row",))


def future_periods(con: duckdb.DuckDBPyConnection, staged: Staged, today: date) -> list[Problem]:
    column = staged.dataset.period_column
    if not column or column not in staged.mapping.positions:
        return []
    kind = staged.dataset.column(column).kind
    limit = {"month": "date_trunc('month', ?::DATE)", "year": "year(?::DATE)"}.get(kind, "?::DATE")
    df = con.execute(f"SELECT _row AS file_row, {_raw(staged, column)} AS raw FROM {staged.table} "
                     f"WHERE {_valid(staged, [column])} AND {q(column)} > {limit} ORDER BY _row",
                     [today]).df()
    return _problems(staged, df, "future_period", column, today=today.isoformat())


def ensure_extra_areas(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"CREATE TEMP TABLE IF NOT EXISTS {EXTRA_AREAS} (area_code VARCHAR, level VARCHAR)")


def known_areas_sql() -> str:
    return f"(SELECT area_code, level FROM areas UNION ALL SELECT area_code, level FROM {EXTRA_AREAS})"


def area_references(con: duckdb.DuckDBPyConnection, staged: Staged) -> list[Problem]:
    column = staged.dataset.area_column
    if not column:
        return []
    ensure_extra_areas(con)
    community_only = staged.dataset.area_levels == ("community",)
    wrong = "OR a.level <> 'community'" if community_only else ""
    df = con.execute(
        f"SELECT s._row AS file_row, {_raw(staged, column)} AS raw, a.level FROM {staged.table} s "
        f"LEFT JOIN (SELECT area_code, any_value(level) AS level FROM {known_areas_sql()} GROUP BY area_code) a "
        f"ON a.area_code = s.{q(column)} WHERE {_valid(staged, [column])} AND (a.level IS NULL {wrong}) "
        f"ORDER BY file_row LIMIT {MAX_ROWS}"
    ).df()
    unknown = df[df["level"].isna()]
    out = _problems(staged, unknown, "unknown_area", column)
    if community_only:
        wrong = df[df["level"].notna() & (df["level"] != "community")]
        for p, lvl in zip(_problems(staged, wrong, "wrong_level", column), wrong["level"], strict=True):
            p.params.update(level=LEVEL_ZH.get(lvl, lvl), level_en=LEVEL_EN.get(lvl, lvl))
            out.append(p)
    return out


def area_rows(con: duckdb.DuckDBPyConnection, staged: Staged) -> list[Problem]:
    """Rules of the areas dataset: code length matches level; streets and communities have a known parent."""
    if staged.dataset.name != "areas":
        return []
    ensure_extra_areas(con)
    t = staged.table
    lengths = " OR ".join(f"(level = '{lvl}' AND length(area_code) <> {n})" for lvl, n in CODE_LENGTH.items())
    df = con.execute(f"SELECT _row AS file_row, r_level AS raw, level FROM {t} WHERE {_valid(staged, ['area_code', 'level'])} "
                     f"AND ({lengths}) ORDER BY _row").df()
    out = _problems(staged, df, "level_code_mismatch", "level")
    for p, lvl in zip(out, df["level"], strict=True):
        p.params.update(level=LEVEL_ZH.get(lvl, lvl), level_en=LEVEL_EN.get(lvl, lvl))
    has_parent = "parent_code" in staged.mapping.positions
    missing = con.execute(
        f"SELECT _row AS file_row, {_raw(staged, 'parent_code')} AS raw FROM {t} WHERE level IN ('street', 'community') "
        f"AND parent_code IS NULL AND {_valid(staged, ['level', 'parent_code'])} ORDER BY _row").df()
    out += _problems(staged, missing, "missing_parent", "parent_code" if has_parent else "level")
    if has_parent:
        unknown = con.execute(
            f"SELECT _row AS file_row, r_parent_code AS raw FROM {t} WHERE parent_code IS NOT NULL "
            f"AND {_valid(staged, ['parent_code'])} AND parent_code NOT IN "
            f"(SELECT area_code FROM {known_areas_sql()} UNION ALL SELECT area_code FROM {t} "
            f"WHERE area_code IS NOT NULL) ORDER BY _row").df()
        out += _problems(staged, unknown, "unknown_parent", "parent_code")
    return out


def row_problems(con: duckdb.DuckDBPyConnection, staged: Staged, today: date) -> list[Problem]:
    return (registry_checks(con, staged) + duplicate_keys(con, staged) + future_periods(con, staged, today)
            + area_references(con, staged) + area_rows(con, staged))


def remember_areas(con: duckdb.DuckDBPyConnection, staged: Staged) -> None:
    """Let later files in the same run refer to the areas this (valid) file declares."""
    if staged.dataset.name == "areas":
        ensure_extra_areas(con)
        con.execute(f"INSERT INTO {EXTRA_AREAS} SELECT area_code, level FROM {staged.table}")
