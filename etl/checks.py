"""Checks across cells and rows: keys, references, periods and the registry's cross-column rules.

Each check is a SQL query returning the failing rows (pass = zero rows). Rows whose cells already
failed to parse are skipped here, so one bad cell is reported once. ``failing`` first counts the
failures of every check cheaply (one scan of the staging table for the per-row rules, one aggregate
for duplicate keys, one join for area codes); only the checks that failed then list their rows,
with the raw text of the file (``staging.prepare_detail``).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from etl import plausibility
from etl.messages import Problem
from etl.registry import Check
from etl.sqlutil import q

if TYPE_CHECKING:
    from etl.staged import Staged

LEVEL_ZH = {
    "country": "全国",
    "province": "省级",
    "city": "地级市",
    "district": "区县",
    "street": "街道/镇",
    "community": "社区/村",
}
LEVEL_EN = {
    "country": "country",
    "province": "province",
    "city": "city",
    "district": "district",
    "street": "street/town",
    "community": "community/village",
}
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
        out.append(
            Problem(
                staged.raw.file_name,
                code,
                row=int(r.file_row),
                column=header,
                value=value,
                params={**fixed, **extra},
            )
        )
    return out


def _valid(staged: Staged, columns: list[str]) -> str:
    conds = [f"s.{q('p_' + c)} IS NULL" for c in columns if c in staged.mapping.positions]
    return " AND ".join(conds) or "true"


def _raw(staged: Staged, column: str) -> str:
    """The file's text of ``column`` (``r``: the raw table joined by ``_from``), else its typed value."""
    return (
        f"r.c{staged.mapping.positions[column]}" if column in staged.mapping.positions else f"s.{q(column)}"
    )


def _from(staged: Staged) -> str:
    """The staging table ``s`` with the raw text ``r`` of each row (``staging.prepare_detail`` first)."""
    return f"{staged.table} s LEFT JOIN {staged.raw.name} r ON r._row = s._row"


def _checks(staged: Staged) -> list[tuple[Check, list[str]]]:
    """The registry's cross-column checks whose columns are all in the file, with those columns."""
    out = []
    for check in staged.dataset.checks:
        used = [c for c in staged.dataset.column_names if c in check.failing_sql]
        if all(c in staged.mapping.positions for c in used):
            out.append((check, used))
    return out


def _future_sql(staged: Staged) -> str | None:
    """WHERE clause (one ``$today`` parameter) of rows whose period lies in the future, if any applies."""
    column = staged.dataset.period_column
    if not column or column not in staged.mapping.positions:
        return None
    kind = staged.dataset.column(column).kind
    limit = {"month": "date_trunc('month', $today::DATE)", "year": "year($today::DATE)"}.get(
        kind, "$today::DATE"
    )
    return f"{_valid(staged, [column])} AND s.{q(column)} > {limit}"


def registry_checks(
    con: duckdb.DuckDBPyConnection, staged: Staged, only: set[str] | None = None
) -> list[Problem]:
    out = []
    for check, used in _checks(staged):
        if only is not None and f"check:{check.name}" not in only:
            continue
        df = con.execute(
            f"SELECT s._row AS file_row, {_raw(staged, check.column)} AS raw FROM {_from(staged)} "
            f"WHERE {_valid(staged, used)} AND ({check.failing_sql}) ORDER BY s._row"
        ).df()
        params = {
            "reason": check.reason_zh,
            "fix": check.fix_zh,
            "reason_en": check.reason_en,
            "fix_en": check.fix_en,
        }
        out += [
            Problem(
                staged.raw.file_name,
                "check_failed",
                row=int(r.file_row),
                column=staged.mapping.header_of(check.column),
                value=None if pd.isna(r.raw) else str(r.raw),
                params=params,
            )
            for r in df.itertuples(index=False)
        ]
    return out


def any_duplicate_key(con: duckdb.DuckDBPyConnection, staged: Staged) -> bool:
    key = list(staged.dataset.key)
    keys = ", ".join(f"s.{q(k)}" for k in key)
    # distinct 64-bit hashes, one per row, prove the keys distinct (the common case); else check exactly
    hashes = con.execute(
        f"SELECT count(*) - count(DISTINCT hash({keys})) FROM {staged.table} s WHERE {_valid(staged, key)}"
    ).fetchone()[0]
    return bool(hashes) and bool(
        con.execute(
            f"SELECT 1 FROM {staged.table} s WHERE {_valid(staged, key)} GROUP BY {keys} HAVING count(*) > 1 LIMIT 1"
        ).fetchall()
    )


def duplicate_keys(con: duckdb.DuckDBPyConnection, staged: Staged, checked: bool = False) -> list[Problem]:
    """``checked``: ``any_duplicate_key`` already said yes."""
    key = list(staged.dataset.key)
    keys = ", ".join(f"s.{q(k)}" for k in key)
    first = key[0]
    if not checked and not any_duplicate_key(con, staged):  # the common case, answered by one hash aggregate
        return []
    df = con.execute(
        f"SELECT file_row, raw, first_row FROM ("
        f"SELECT s._row AS file_row, {_raw(staged, first)} AS raw, "
        f"min(s._row) OVER (PARTITION BY {keys}) AS first_row "
        f"FROM {_from(staged)} WHERE {_valid(staged, key)}) WHERE file_row <> first_row ORDER BY file_row"
    ).df()
    label = "+".join(staged.dataset.column(k).label_zh for k in key)
    return _problems(staged, df, "duplicate_key", first, key=label, from_row=("first_row",))


def future_periods(con: duckdb.DuckDBPyConnection, staged: Staged, today: date) -> list[Problem]:
    where = _future_sql(staged)
    if where is None:
        return []
    column = staged.dataset.period_column
    df = con.execute(
        f"SELECT s._row AS file_row, {_raw(staged, column)} AS raw FROM {_from(staged)} "
        f"WHERE {where} ORDER BY s._row",
        {"today": today},
    ).df()
    return _problems(staged, df, "future_period", column, today=today.isoformat())


def ensure_extra_areas(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"CREATE TEMP TABLE IF NOT EXISTS {EXTRA_AREAS} (area_code VARCHAR, level VARCHAR)")


def known_areas_sql() -> str:
    return f"(SELECT area_code, level FROM areas UNION ALL SELECT area_code, level FROM {EXTRA_AREAS})"


def _area_join_sql(staged: Staged) -> str:
    """FROM … WHERE of the rows whose area code is unknown (or not a community where one is needed)."""
    column = staged.dataset.area_column
    levels = staged.dataset.area_levels
    wrong = f"OR a.level <> '{levels[0]}'" if len(levels) == 1 else ""  # a registry constant
    return (
        f"LEFT JOIN (SELECT area_code, any_value(level) AS level FROM {known_areas_sql()} GROUP BY area_code) a "
        f"ON a.area_code = s.{q(column)} WHERE {_valid(staged, [column])} AND (a.level IS NULL {wrong})"
    )


def area_references(con: duckdb.DuckDBPyConnection, staged: Staged) -> list[Problem]:
    column = staged.dataset.area_column
    if not column:
        return []
    ensure_extra_areas(con)
    levels = staged.dataset.area_levels
    df = con.execute(
        f"SELECT s._row AS file_row, {_raw(staged, column)} AS raw, a.level FROM {_from(staged)} "
        f"{_area_join_sql(staged)} ORDER BY file_row LIMIT {MAX_ROWS}"
    ).df()
    unknown = df[df["level"].isna()]
    out = _problems(staged, unknown, "unknown_area", column)
    if len(levels) == 1:
        code = "wrong_level" if levels[0] == "community" else f"wrong_level_{levels[0]}"
        wrong = df[df["level"].notna() & (df["level"] != levels[0])]
        for p, lvl in zip(_problems(staged, wrong, code, column), wrong["level"], strict=True):
            p.params.update(level=LEVEL_ZH.get(lvl, lvl), level_en=LEVEL_EN.get(lvl, lvl))
            out.append(p)
    return out


def _area_rules(staged: Staged) -> dict[str, str]:
    """WHERE clauses of the areas dataset's rules: code length matches level; streets and communities
    have a parent, and a known one."""
    t = staged.table
    lengths = " OR ".join(
        f"(s.level = '{lvl}' AND length(s.area_code) <> {n})" for lvl, n in CODE_LENGTH.items()
    )
    rules = {
        "level_code_mismatch": f"{_valid(staged, ['area_code', 'level'])} AND ({lengths})",
        "missing_parent": "s.level IN ('street', 'community') AND s.parent_code IS NULL AND "
        f"{_valid(staged, ['level', 'parent_code'])}",
    }
    if "parent_code" in staged.mapping.positions:
        rules["unknown_parent"] = (
            f"s.parent_code IS NOT NULL AND {_valid(staged, ['parent_code'])} AND s.parent_code NOT IN "
            f"(SELECT area_code FROM {known_areas_sql()} UNION ALL SELECT area_code FROM {t} "
            "WHERE area_code IS NOT NULL)"
        )
    return rules


def area_rows(con: duckdb.DuckDBPyConnection, staged: Staged, only: set[str] | None = None) -> list[Problem]:
    """Rules of the areas dataset: code length matches level; streets and communities have a known parent."""
    if staged.dataset.name != "areas":
        return []
    ensure_extra_areas(con)
    rules = {k: v for k, v in _area_rules(staged).items() if only is None or k in only}
    out: list[Problem] = []
    if "level_code_mismatch" in rules:
        df = con.execute(
            f"SELECT s._row AS file_row, {_raw(staged, 'level')} AS raw, s.level FROM {_from(staged)} "
            f"WHERE {rules['level_code_mismatch']} ORDER BY s._row"
        ).df()
        mismatch = _problems(staged, df, "level_code_mismatch", "level")
        for p, lvl in zip(mismatch, df["level"], strict=True):
            p.params.update(level=LEVEL_ZH.get(lvl, lvl), level_en=LEVEL_EN.get(lvl, lvl))
        out += mismatch
    has_parent = "parent_code" in staged.mapping.positions
    if "missing_parent" in rules:
        missing = con.execute(
            f"SELECT s._row AS file_row, {_raw(staged, 'parent_code')} AS raw FROM {_from(staged)} "
            f"WHERE {rules['missing_parent']} ORDER BY s._row"
        ).df()
        out += _problems(staged, missing, "missing_parent", "parent_code" if has_parent else "level")
    if "unknown_parent" in rules:
        unknown = con.execute(
            f"SELECT s._row AS file_row, {_raw(staged, 'parent_code')} AS raw FROM {_from(staged)} "
            f"WHERE {rules['unknown_parent']} ORDER BY s._row"
        ).df()
        out += _problems(staged, unknown, "unknown_parent", "parent_code")
    return out


def failing(con: duckdb.DuckDBPyConnection, staged: Staged, today: date) -> set[str]:
    """Names of the checks that fail (``cells``, ``check:<name>``, ``future_period``, ``duplicate_key``,
    ``unknown_area`` and the areas rules), each found without reading the raw text."""
    counts = {}
    cells = [
        f"s.{q('p_' + c)} IS NOT NULL" for c in staged.dataset.column_names if c in staged.mapping.positions
    ]
    if cells:
        counts["cells"] = " OR ".join(cells)
    for check, used in _checks(staged):
        counts[f"check:{check.name}"] = f"{_valid(staged, used)} AND ({check.failing_sql})"
    future = _future_sql(staged)
    if future:
        counts["future_period"] = future
    params: dict[str, object] = {"today": today} if future else {}
    ensure_extra_areas(con)
    rules = plausibility.rules(staged, today, known_areas_sql())
    for rule in rules:
        if not rule.joins:  # in the one scan
            counts[rule.name] = rule.where
            params |= rule.bind
    failed: set[str] = set()
    if counts:  # one scan for every per-row rule
        sql = ", ".join(f"count(*) FILTER (WHERE {where})" for where in counts.values())
        found = con.execute(f"SELECT {sql} FROM {staged.table} s", params).fetchone()
        failed |= {name for name, n in zip(counts, found, strict=True) if n}
    if any_duplicate_key(con, staged):
        failed.add("duplicate_key")
    ensure_extra_areas(con)
    joins = {"unknown_area": _area_join_sql(staged)} if staged.dataset.area_column else {}
    joins |= (
        {k: f"WHERE {v}" for k, v in _area_rules(staged).items()} if staged.dataset.name == "areas" else {}
    )
    for name, sql in joins.items():
        if con.execute(f"SELECT count(*) FROM (SELECT 1 FROM {staged.table} s {sql} LIMIT 1)").fetchone()[0]:
            failed.add(name)
    for rule in rules:
        if (
            rule.joins
            and con.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {staged.table} s {rule.joins} "
                f"WHERE {rule.where} LIMIT 1)",
                rule.bind,
            ).fetchone()[0]
        ):
            failed.add(rule.name)
    return failed


def plausibility_problems(
    con: duckdb.DuckDBPyConnection, staged: Staged, today: date, failed: set[str] | None = None
) -> list[Problem]:
    """The rows of the failed ``etl.plausibility`` rules (None: every rule)."""
    ensure_extra_areas(con)
    out: list[Problem] = []
    for rule in plausibility.rules(staged, today, known_areas_sql()):
        if failed is not None and rule.name not in failed:
            continue
        extra = "".join(f", {sql} AS {q('x_' + name)}" for name, sql in rule.extra.items())
        df = con.execute(
            f"SELECT s._row AS file_row, {_raw(staged, rule.column)} AS raw{extra} FROM {_from(staged)} "
            f"{rule.joins} WHERE {rule.where} ORDER BY s._row LIMIT {MAX_ROWS}",
            rule.bind,
        ).df()
        for p, r in zip(
            _problems(staged, df, rule.code, rule.column, **rule.params),
            df.itertuples(index=False),
            strict=True,
        ):
            p.params.update({name: getattr(r, "x_" + name) for name in rule.extra})
            if rule.code == "parent_level":
                _level_names(p.params)
            out.append(p)
    return out


def _level_names(params: dict) -> None:
    """Level names of a ``parent_level`` problem in both languages."""
    level, parent = params["level"], params["parent_level"]
    expected = plausibility.PARENT_LEVELS.get(level, ())
    params.update(
        level=LEVEL_ZH.get(level, level),
        level_en=LEVEL_EN.get(level, level),
        parent_level=LEVEL_ZH.get(parent, parent),
        parent_level_en=LEVEL_EN.get(parent, parent),
        expected="或".join(LEVEL_ZH[x] for x in expected) or "无",
        expected_en=" or ".join(LEVEL_EN[x] for x in expected) or "none",
    )


def row_problems(
    con: duckdb.DuckDBPyConnection, staged: Staged, today: date, failed: set[str] | None = None
) -> list[Problem]:
    """The problems of the checks in ``failed`` (from ``failing``; None: run every check)."""

    def wanted(name: str) -> bool:
        return failed is None or name in failed

    return (
        registry_checks(con, staged, failed)
        + (duplicate_keys(con, staged, checked=failed is not None) if wanted("duplicate_key") else [])
        + (future_periods(con, staged, today) if wanted("future_period") else [])
        + (area_references(con, staged) if wanted("unknown_area") else [])
        + area_rows(con, staged, failed)
        + plausibility_problems(con, staged, today, failed)
    )


def remember_areas(con: duckdb.DuckDBPyConnection, staged: Staged) -> None:
    """Let later files in the same run refer to the areas this (valid) file declares."""
    if staged.dataset.name == "areas":
        ensure_extra_areas(con)
        con.execute(f"INSERT INTO {EXTRA_AREAS} SELECT area_code, level FROM {staged.table}")
