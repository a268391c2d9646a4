"""The area tree a scoped reader is built from (``etl.scope_tree``): the areas inside a scope and
above it, compared with a recursive query on the same snapshot, and read again for a new snapshot."""

from __future__ import annotations

import random
from pathlib import Path

import duckdb

from etl.scope import Scope, open_scoped
from etl.scope_tree import hierarchy
from tests.helpers import load_files

BELOW = """WITH RECURSIVE t(code) AS (SELECT unnest(?::VARCHAR[]) UNION
           SELECT a.area_code FROM t JOIN areas a ON a.parent_code = t.code) SELECT DISTINCT code FROM t"""
ABOVE = """WITH RECURSIVE up(code) AS (SELECT a.parent_code FROM areas a WHERE a.area_code IN
           (SELECT unnest(?::VARCHAR[])) AND a.parent_code IS NOT NULL UNION
           SELECT a.parent_code FROM up JOIN areas a ON a.area_code = up.code WHERE a.parent_code IS NOT NULL)
           SELECT DISTINCT code FROM up"""


def _tree_of(con: duckdb.DuckDBPyConnection, pairs: list[tuple[str, str | None]], path: Path):
    con.execute("CREATE TABLE areas (area_code VARCHAR, parent_code VARCHAR)")
    con.executemany("INSERT INTO areas VALUES (?, ?)", pairs)
    con.execute("CHECKPOINT")
    return hierarchy(con, path, "main")


def test_below_and_above_match_a_recursive_query_on_the_demo(demo_warehouse):
    con = demo_warehouse.connect_reader()
    try:
        tree = hierarchy(con, demo_warehouse.current_path(), "main")
        codes = [c for (c,) in con.execute("SELECT area_code FROM areas ORDER BY 1").fetchall()]
        rnd = random.Random(7)
        for size in (1, 1, 1, 2, 3, 5):
            roots = rnd.sample(codes, size)
            expected = sorted(c for (c,) in con.execute(BELOW, [roots]).fetchall())
            assert tree.below(roots) == expected, roots
            expected = sorted(c for (c,) in con.execute(ABOVE, [roots]).fetchall())
            assert tree.above(roots) == expected, roots
    finally:
        con.close()


def test_unknown_roots_a_cycle_and_non_ascii_codes(tmp_path):
    path = tmp_path / "t.duckdb"
    with duckdb.connect(str(path)) as con:
        pairs = [("1", None), ("11", "1"), ("12", "1"), ("111", "11"), ("a", "b"), ("b", "a"), ("社区", "12")]
        tree = _tree_of(con, pairs, path)
    assert tree.below(["1"]) == ["1", "11", "111", "12", "社区"]
    assert tree.below(["a"]) == ["a", "b"]  # a cycle ends
    assert tree.below(["nope"]) == ["nope"]  # a root is in its scope even when unknown
    assert tree.above(["111"]) == ["1", "11"] and tree.above(["社区"]) == ["1", "12"]
    assert tree.above(["a"]) == ["a", "b"] and tree.above(["1", "nope"]) == []


def test_a_new_snapshot_is_read_again(tmp_path):
    path = tmp_path / "t.duckdb"
    with duckdb.connect(str(path)) as con:
        first = _tree_of(con, [("1", None), ("11", "1")], path)
    assert hierarchy(duckdb.connect(":memory:"), path, "main") is first  # kept: not read again
    path.unlink()
    with duckdb.connect(str(path)) as con:
        second = _tree_of(con, [("1", None), ("12", "1")], path)
    assert second.below(["1"]) == ["1", "12"]


def test_a_street_scope_on_a_new_snapshot_sees_a_community_added_by_a_load(warehouse, tmp_path):
    """The reader of the new snapshot sees a community an areas load added to the street (the tree
    is read again, not the previous snapshot's)."""
    street, new = "410311002", "410311002999"
    before = open_scoped(warehouse.current_path(), Scope.of([street]))
    assert before.execute("SELECT count(*) FROM areas WHERE area_code = ?", [new]).fetchone()[0] == 0
    before.close()
    csv = tmp_path / "areas.csv"
    csv.write_text(f"区划代码,名称,层级,上级代码\n{new},新建社区,社区,{street}\n", encoding="utf-8")
    report = load_files(warehouse, csv)
    assert report.committed and report.ok
    after = open_scoped(warehouse.current_path(), Scope.of([street]))
    try:
        assert after.execute("SELECT count(*) FROM areas WHERE area_code = ?", [new]).fetchone()[0] == 1
        assert (
            after.execute("SELECT count(*) FROM _scope_areas WHERE area_code = ?", [new]).fetchone()[0] == 1
        )
    finally:
        after.close()
