"""One file → a typed staging table plus every problem found in it (nothing is written)."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from etl import absent_columns, checks, header_hints, limits, normalize, reading
from etl.datasets import DATASETS
from etl.headers import Mapping, detect_dataset, map_headers, normalize_header
from etl.messages import EtlError, Problem
from etl.raw_table import RawTable
from etl.reading import read_any
from etl.registry import Dataset
from etl.scope import EVERYTHING, Scope
from etl.settings import max_check_seconds
from etl.sqlutil import q
from etl.staged import Staged

MAX_PROBLEMS = 100_000
_counter = itertools.count(1)


def choose_dataset(raw: RawTable, dataset_name: str | None) -> Dataset:
    chosen = DATASETS[dataset_name] if dataset_name else None
    if raw.file_format == "geojson":
        if chosen is not None and chosen.file_format != "geojson":
            raise EtlError(
                Problem(
                    raw.file_name,
                    "geojson_wrong_dataset",
                    params={"dataset": chosen.label_zh, "dataset_en": chosen.label_en},
                )
            )
        return chosen or next(d for d in DATASETS.values() if d.file_format == "geojson")
    if chosen is not None:
        if chosen.file_format == "geojson":
            raise EtlError(Problem(raw.file_name, "geojson_needed"))
        return chosen
    dataset = detect_dataset(raw.headers)
    if dataset is None:
        guessed = header_hints.guess(raw.file_name, raw.headers)
        if guessed:
            raise EtlError(guessed)
        raise EtlError(
            Problem(
                raw.file_name,
                "dataset_unknown",
                params={
                    "headers": "、".join(h for h in raw.headers if h)[:200],
                    "choices": ", ".join(DATASETS),
                },
            )
        )
    return dataset


def structural_problems(raw: RawTable, mapping: Mapping) -> list[Problem]:
    problems = []
    typos = header_hints.typos(mapping.dataset, raw.headers, mapping.unmapped, set(mapping.positions))
    for name in mapping.dataset.required_columns:
        if name not in mapping.positions:
            col = mapping.dataset.column(name)
            params = {"label": col.label_zh, "aliases": "、".join(col.aliases[:6])}
            if name in typos:
                problems.append(
                    Problem(
                        raw.file_name,
                        "missing_column_typo",
                        column=typos[name],
                        params={**params, "header": typos[name]},
                    )
                )
                continue
            problems.append(Problem(raw.file_name, "missing_column", column=col.label_zh, params=params))
    for name, positions in mapping.duplicates.items():
        col = mapping.dataset.column(name)
        problems.append(
            Problem(
                raw.file_name,
                "duplicate_column",
                column=col.label_zh,
                params={"label": col.label_zh, "headers": "、".join(mapping.headers[i] for i in positions)},
            )
        )
    return problems


def dropped_rows_sql(raw: RawTable, mapping: Mapping) -> tuple[str, dict[str, object]]:
    """SQL on the raw cells, true for total rows (合计…) and repeated header rows, and its parameters.

    Blank rows are dropped too, but found from the cleaned cells (see ``stage_sql``).
    """
    mapped = [f"c{i}" for i in mapping.positions.values()]
    total = " OR ".join(normalize.total_row(f"c{i}") for i in range(min(3, len(raw.headers))))
    names = list(mapping.positions)[:2]
    repeat = " AND ".join(f"{c} = $hdr{j}" for j, c in enumerate(mapped[:2]))
    params = {f"hdr{j}": raw.headers[mapping.positions[n]] for j, n in enumerate(names)}
    return f"(coalesce({total}, false) OR coalesce({repeat}, false))", params


def _problem(expr: str, column: str) -> str:
    return f"CAST({expr} AS {normalize.PROBLEM_TYPE}) AS {q('p_' + column)}"


def stage_sql(raw: RawTable, mapping: Mapping, table: str) -> tuple[str, dict[str, object]]:
    """CTAS of TEMP ``table``: the typed columns and, for each mapped column, its problem (p_).

    Layers, so each step runs once per cell and the costly ones (cleaning, regular expressions)
    only on unusual cells: (1) parse the common formats from the raw cell (f_; enum values looked
    up exactly in a map of the labels; text and yes/no columns are cleaned here, k_); (2) clean
    the cells that (1) did not take (t_); (3) parse those slowly (enums: looked up by their
    normalized key) and give the value (v_); (4) type it and name its problem.

    No join and no window: the rows keep the file order and DuckDB reads and parses on every core
    (``_row`` is copied only from a source that has it; else see ``prepare_detail``). ``_dropped``
    marks blank, total and repeated header rows, deleted by ``build_stage`` (a WHERE here would be
    pushed down into the layers and parse every cell twice). The raw text is not copied.
    """
    dropped, params = dropped_rows_sql(raw, mapping)
    row = ["_row"] if raw.row_base is None else []
    fast, unusual, values = [*row, f"{dropped} AS _dropped"], [*row, "_dropped"], list(row)
    outer = ["CAST(_row AS INTEGER) AS _row"] if row else []
    outer.append("_dropped")
    blanks: list[str] = []
    for col in mapping.dataset.columns:
        if col.name not in mapping.positions:
            outer.append(f"CAST(NULL AS {col.duckdb_type}) AS {q(col.name)}")
            continue
        cell = f"c{mapping.positions[col.name]}"
        k, f, t, v = (q(p + col.name) for p in ("k_", "f_", "t_", "v_"))
        if col.kind not in normalize.SPLIT_KINDS and col.kind != "enum":  # text, bool: clean every cell
            fast.append(f"{normalize.clean(cell, raw.fold_width)} AS {k}")
            unusual.append(k)
            values += [k, f"{normalize.parse(col, k)} AS {v}"]
            blank = f"{k} IS NULL"
            outer += [normalize.typed(col, v), _problem(normalize.problem_expr(col, blank, v, k), col.name)]
            blanks.append(blank)
            continue
        if col.kind == "enum":
            pairs = normalize.enum_pairs(col)
            params[f"enum_{col.name}_text"] = [text for text, _ in pairs]
            params[f"enum_{col.name}_value"] = [value for _, value in pairs]
            labels = f"map($enum_{col.name}_text, $enum_{col.name}_value)"
            fast += [cell, f"{labels}[{cell}] AS {f}"]
            value = normalize.parse_enum(t, col, f"coalesce({f}, {labels}[{normalize.enum_key(t)}])")
        else:
            fast += [cell, f"{normalize.fast(col, cell)} AS {f}"]
            value = f"coalesce({f}, {normalize.slow(col, t)})"
            value = normalize.month_start(value) if col.kind == "month" else value
        unusual += [f, f"CASE WHEN {f} IS NULL THEN {normalize.clean(cell, raw.fold_width)} END AS {t}"]
        values += [t, f"{f} IS NULL AND {t} IS NULL AS {q('b_' + col.name)}", f"{value} AS {v}"]
        blank = q("b_" + col.name)
        outer += [normalize.typed(col, v), _problem(normalize.problem_expr(col, blank, v, t), col.name)]
        blanks.append(blank)
    values.append(f"_dropped OR ({' AND '.join(blanks)}) AS _dropped")
    sql = (
        f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {', '.join(outer)} FROM ("
        f"SELECT {', '.join(values)} FROM ("
        f"SELECT {', '.join(unusual)} FROM ("
        f"SELECT {', '.join(fast)} FROM {raw.source}"  # the raw cells
        ")"  # the unusual layer's input: fast values
        ")"  # the values layer's input: cleaned unusual text
        ")"
    )
    return sql, {**raw.params, **params}


def build_stage(con: duckdb.DuckDBPyConnection, raw: RawTable, mapping: Mapping, table: str) -> None:
    sql, params = stage_sql(raw, mapping, table)
    con.execute(sql, params)
    con.execute(f"DELETE FROM {table} WHERE _dropped")


def prepare_detail(con: duckdb.DuckDBPyConnection, staged: Staged) -> None:
    """Before listing problems: the raw text table of the file, and exact line numbers in both tables."""
    if staged.numbered:
        return
    base = staged.raw.row_base
    blanks = reading.materialize(con, staged.raw)
    con.execute(f"ALTER TABLE {staged.table} ADD COLUMN _row INTEGER")
    if staged.raw.indexed:  # cells with line breaks: rows are records, not lines
        con.execute(
            f"UPDATE {staged.table} s SET _row = CAST(r._row AS INTEGER) FROM {staged.raw.name} r "
            "WHERE r._idx = s.rowid"
        )
    else:
        con.execute(f"UPDATE {staged.table} SET _row = CAST(rowid AS INTEGER) + ?", [base])
        reading.renumber_rows(con, staged.table, blanks)
    staged.numbered = True


def cell_problems(con: duckdb.DuckDBPyConnection, staged: Staged) -> list[Problem]:
    mapped = [
        (c.name, staged.mapping.positions[c.name])
        for c in staged.dataset.columns
        if c.name in staged.mapping.positions
    ]
    if not mapped:
        return []
    bad = " OR ".join(f"s.{q('p_' + name)} IS NOT NULL" for name, _ in mapped)
    cells = ", ".join(f"s.{q('p_' + name)}, r.c{pos}" for name, pos in mapped)
    parts = [
        f"SELECT _row AS file_row, {pos} AS pos, '{name}' AS col, c{pos} AS raw, "
        f"CAST({q('p_' + name)} AS VARCHAR) AS code FROM _bad WHERE {q('p_' + name)} IS NOT NULL"
        for name, pos in mapped
    ]
    df = con.execute(
        f"WITH _bad AS MATERIALIZED (SELECT s._row, {cells} FROM {staged.table} s "
        f"JOIN {staged.raw.name} r ON r._row = s._row WHERE {bad}) "
        + " UNION ALL ".join(parts)
        + f" ORDER BY file_row, pos LIMIT {MAX_PROBLEMS}"
    ).df()
    return [_cell_problem(staged, r) for r in df.itertuples(index=False)]


def _cell_problem(staged: Staged, r) -> Problem:
    col = staged.dataset.column(r.col)
    params = {}
    if r.code == "bad_value":
        params["allowed"] = "、".join(labels[0] for labels in col.values.values())
    if r.code == "too_small":
        params["minimum"] = f"{col.lower:,.0f}" if abs(col.lower) >= 1e6 else f"{col.lower:g}"
    if r.code == "too_large":
        params["maximum"] = f"{col.upper:,.0f}" if col.upper >= 1e6 else f"{col.upper:g}"
    if r.code == "too_early":
        params["earliest"] = col.lower_date
    return Problem(
        staged.raw.file_name,
        r.code,
        row=int(r.file_row),
        column=staged.mapping.header_of(r.col),
        value=None if pd.isna(r.raw) else str(r.raw),
        params=params,
    )


def find_problems(con: duckdb.DuckDBPyConnection, staged: Staged, today: date) -> list[Problem]:
    """Every problem of the staged rows; the raw text is read only when a check failed."""
    failed = checks.failing(con, staged, today)
    if not failed:
        return []
    prepare_detail(con, staged)
    problems = cell_problems(con, staged) if "cells" in failed else []
    problems += checks.row_problems(con, staged, today, failed)
    problems.sort(key=lambda p: p.row or 0)
    return problems


def stage_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    file_name: str | None = None,
    dataset_name: str | None = None,
    overrides: dict[str, str] | None = None,
    today: date | None = None,
    scope: Scope = EVERYTHING,
) -> Staged:
    """Read, map, type and check one file on ``con``. Raises EtlError when it cannot be read at all.
    ``scope``: the loading user's areas (the columns a file lacks are kept from those only).

    Never raises anything else for a bad file: DuckDB's refusals lead to the slower, exact readers,
    a file that takes longer than ``max_check_seconds`` is stopped, and any other failure of the
    readers becomes ``read_failed`` (I/O errors of this machine propagate).
    """
    file_name = file_name or Path(path).name
    try:
        with limits.deadline(con, max_check_seconds()):
            return _stage_with_fallbacks(con, Path(path), file_name, dataset_name, overrides, today, scope)
    except limits.TimedOut as exc:
        raise EtlError(
            Problem(file_name, "check_timeout", params={"seconds": f"{max_check_seconds():g}"})
        ) from exc
    except (EtlError, OSError, KeyboardInterrupt):
        raise
    except Exception as exc:  # a reader failed on this file: a message with a fix, never a traceback
        detail = f"{type(exc).__name__}: {str(exc).splitlines()[0][:150] if str(exc) else ''}"
        raise EtlError(Problem(file_name, "read_failed", params={"detail": detail})) from exc


def _stage_with_fallbacks(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    file_name: str,
    dataset_name: str | None,
    overrides: dict[str, str] | None,
    today: date | None,
    scope: Scope,
) -> Staged:
    modes: list[dict[str, bool]] = [{}]
    while True:
        mode = modes[-1]
        try:
            return _stage_file(con, path, file_name, dataset_name, overrides, today, scope, **mode)
        except duckdb.InterruptException:
            raise
        except duckdb.Error as exc:
            if "unicode" in str(exc).lower() and not mode:
                # DuckDB found bytes that are not UTF-8: decode in Python (GB18030) and read the text again
                modes.append({"check_encoding": True})
            elif not mode.get("careful"):
                # DuckDB's strict reader refused the CSV (ragged row, stray quote, long line): read it
                # record by record, which names the row of each problem
                modes.append({"check_encoding": True, "careful": True})
            else:
                raise


def _stage_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    file_name: str,
    dataset_name: str | None,
    overrides: dict[str, str] | None,
    today: date | None,
    scope: Scope,
    check_encoding: bool = False,
    careful: bool = False,
) -> Staged:
    n = next(_counter)
    raw = read_any(con, path, file_name, f"_raw_{n}", check_encoding=check_encoding, careful=careful)
    dataset = choose_dataset(raw, dataset_name)
    mapping = map_headers(dataset, raw.headers, overrides)
    problems = structural_problems(raw, mapping)
    if problems:
        raise EtlError(problems)
    staged = Staged(raw, dataset, mapping, f"_stage_{n}", 0, numbered=raw.row_base is None)
    try:
        build_stage(con, raw, mapping, staged.table)
        staged.rows = con.execute(f"SELECT count(*) FROM {staged.table}").fetchone()[0]
        if staged.rows == 0:
            raise EtlError(Problem(file_name, "header_only"))
        kept = absent_columns.keep_stored(
            con, staged, scope
        )  # before the checks: they see the rows as loaded
        staged.problems = find_problems(con, staged, today or date.today())
    except BaseException:  # a failure or the check deadline (an interrupt) anywhere: no stage left behind
        drop_stage(con, staged)
        raise
    if raw.problems:  # found while reading (GeoJSON geometry): listed with the others, in row order
        staged.problems = sorted(staged.problems + raw.problems, key=lambda p: p.row or 0)
    staged.warnings = raw.warnings + [
        Problem(
            file_name, "extra_column", column=raw.headers[i], warning=True, params={"header": raw.headers[i]}
        )
        for i in mapping.unmapped
        if normalize_header(raw.headers[i])
    ]
    if kept is not None:
        staged.warnings.append(kept)
    return staged


def drop_stage(con: duckdb.DuckDBPyConnection, staged: Staged) -> None:
    for name in (staged.raw.name, staged.table):
        con.execute(f"DROP TABLE IF EXISTS {name}")
