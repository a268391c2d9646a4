"""One file → a typed staging table plus every problem found in it (nothing is written)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from etl import checks, normalize
from etl.datasets import DATASETS
from etl.headers import Mapping, detect_dataset, map_headers, normalize_header
from etl.messages import EtlError, Problem
from etl.reading import RawTable, read_any
from etl.registry import Dataset
from etl.sqlutil import q

MAX_PROBLEMS = 100_000
_counter = itertools.count(1)


@dataclass
class Staged:
    """A file read, mapped, typed and checked; ``table`` is a TEMP table on the connection used."""

    raw: RawTable
    dataset: Dataset
    mapping: Mapping
    table: str
    rows: int
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def column_map(self) -> list[tuple[str, str]]:
        """(header in the file, canonical column) for every recognized column."""
        return [(self.mapping.headers[i], name) for name, i in sorted(self.mapping.positions.items(),
                                                                       key=lambda kv: kv[1])]


def choose_dataset(raw: RawTable, dataset_name: str | None) -> Dataset:
    if dataset_name:
        return DATASETS[dataset_name]
    dataset = detect_dataset(raw.headers)
    if dataset is None:
        raise EtlError(Problem(raw.file_name, "dataset_unknown", params={
            "headers": "、".join(h for h in raw.headers if h)[:200],
            "choices": ", ".join(DATASETS),
        }))
    return dataset


def structural_problems(raw: RawTable, mapping: Mapping) -> list[Problem]:
    problems = []
    for name in mapping.dataset.required_columns:
        if name not in mapping.positions:
            col = mapping.dataset.column(name)
            problems.append(Problem(raw.file_name, "missing_column", column=col.label_zh, params={
                "label": col.label_zh, "aliases": "、".join(col.aliases[:6])}))
    for name, positions in mapping.duplicates.items():
        col = mapping.dataset.column(name)
        problems.append(Problem(raw.file_name, "duplicate_column", column=col.label_zh, params={
            "label": col.label_zh, "headers": "、".join(mapping.headers[i] for i in positions)}))
    return problems


def drop_blank_and_total_rows(con: duckdb.DuckDBPyConnection, raw: RawTable, mapping: Mapping) -> None:
    cells = [f"c{i}" for i in range(len(raw.headers))]
    mapped = [f"c{i}" for i in mapping.positions.values()]
    blank = " AND ".join(f"{normalize.clean(c, raw.fold_width)} IS NULL" for c in mapped)
    total = " OR ".join(f"(contains({c}, '计') AND regexp_matches({c}, '{normalize.TOTAL_ROW}'))"
                        for c in cells[:3])
    repeat = " AND ".join(
        f"{c} = ?" for c in mapped[:2]
    )
    params = [raw.headers[mapping.positions[n]] for n in list(mapping.positions)[:2]]
    con.execute(f"DELETE FROM {raw.name} WHERE ({blank}) OR ({total}) OR ({repeat})", params)


def create_enum_lookup(con: duckdb.DuckDBPyConnection, dataset: Dataset, name: str) -> None:
    rows = [(c.name, t, v) for c in dataset.columns if c.kind == "enum" for t, v in normalize.enum_pairs(c)]
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} (col VARCHAR, text VARCHAR, value VARCHAR)")
    if rows:
        con.executemany(f"INSERT INTO {name} VALUES (?, ?, ?)", rows)


def build_stage(con: duckdb.DuckDBPyConnection, raw: RawTable, mapping: Mapping, table: str,
                lookup: str) -> None:
    """TEMP ``table``: _row, typed columns, and for each mapped column its raw text (r_) and problem (p_).

    Three layers so each expensive step runs once per cell: clean the text (k_), parse it (v_, with
    enum values joined from ``lookup``), then type it and name its problem.
    """
    cleaned, parsed, outer, joins = ["_row"], ["_row"], ["_row"], []
    for col in mapping.dataset.columns:
        if col.name not in mapping.positions:
            outer.append(f"CAST(NULL AS {col.duckdb_type}) AS {q(col.name)}")
            continue
        raw_cell, k, v = f"c{mapping.positions[col.name]}", q("k_" + col.name), q("v_" + col.name)
        cleaned += [f"{raw_cell} AS {q('r_' + col.name)}", f"{normalize.clean(raw_cell, raw.fold_width)} AS {k}"]
        found = "NULL"
        if col.kind == "enum":
            alias = q("e_" + col.name)
            joins.append(f"LEFT JOIN {lookup} {alias} ON {alias}.col = '{col.name}' "
                         f"AND {alias}.text = {normalize.enum_key(k)}")
            found = f"{alias}.value"
        parsed += [q("r_" + col.name), k, f"{normalize.parse(col, k, found)} AS {v}"]
        outer += [normalize.typed(col, v), q("r_" + col.name),
                  f"{normalize.problem_expr(col, k, v)} AS {q('p_' + col.name)}"]
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {', '.join(outer)} FROM ("
        f"SELECT {', '.join(parsed)} FROM (SELECT {', '.join(cleaned)} FROM {raw.name}) {' '.join(joins)}"
        ") ORDER BY _row"
    )


def cell_problems(con: duckdb.DuckDBPyConnection, staged: Staged) -> list[Problem]:
    parts = []
    for col in staged.dataset.columns:
        if col.name in staged.mapping.positions:
            parts.append(f"SELECT _row AS file_row, {staged.mapping.positions[col.name]} AS pos, "
                         f"'{col.name}' AS col, {q('r_' + col.name)} AS raw, "
                         f"{q('p_' + col.name)} AS code FROM {staged.table} "
                         f"WHERE {q('p_' + col.name)} IS NOT NULL")
    if not parts:
        return []
    df = con.execute(" UNION ALL ".join(parts) + f" ORDER BY file_row, pos LIMIT {MAX_PROBLEMS}").df()
    return [_cell_problem(staged, r) for r in df.itertuples(index=False)]


def _cell_problem(staged: Staged, r) -> Problem:
    col = staged.dataset.column(r.col)
    params = {}
    if r.code == "bad_value":
        params["allowed"] = "、".join(labels[0] for labels in col.values.values())
    if r.code == "too_small":
        params["minimum"] = f"{col.minimum:g}"
    if r.code == "too_large":
        params["maximum"] = f"{col.maximum:g}"
    return Problem(staged.raw.file_name, r.code, row=int(r.file_row), column=staged.mapping.header_of(r.col),
                   value=None if pd.isna(r.raw) else str(r.raw), params=params)


def stage_file(con: duckdb.DuckDBPyConnection, path: Path, file_name: str | None = None,
               dataset_name: str | None = None, overrides: dict[str, str] | None = None,
               today: date | None = None) -> Staged:
    """Read, map, type and check one file on ``con``. Raises EtlError when it cannot be read at all."""
    file_name = file_name or Path(path).name
    n = next(_counter)
    raw = read_any(con, Path(path), file_name, f"_raw_{n}")
    dataset = choose_dataset(raw, dataset_name)
    mapping = map_headers(dataset, raw.headers, overrides)
    problems = structural_problems(raw, mapping)
    if problems:
        raise EtlError(problems)
    drop_blank_and_total_rows(con, raw, mapping)
    rows = con.execute(f"SELECT count(*) FROM {raw.name}").fetchone()[0]
    if rows == 0:
        raise EtlError(Problem(file_name, "header_only"))
    lookup = f"_enum_{n}"
    create_enum_lookup(con, dataset, lookup)
    staged = Staged(raw, dataset, mapping, f"_stage_{n}", rows)
    build_stage(con, raw, mapping, staged.table, lookup)
    staged.problems = cell_problems(con, staged)
    staged.problems += checks.row_problems(con, staged, today or date.today())
    staged.problems.sort(key=lambda p: (p.row or 0))
    staged.warnings = [Problem(file_name, "extra_column", column=raw.headers[i], warning=True,
                               params={"header": raw.headers[i]}) for i in mapping.unmapped
                       if normalize_header(raw.headers[i])]
    return staged


def drop_stage(con: duckdb.DuckDBPyConnection, staged: Staged) -> None:
    for name in (staged.raw.name, staged.table):
        con.execute(f"DROP TABLE IF EXISTS {name}")
