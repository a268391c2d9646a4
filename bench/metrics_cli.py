"""Section 2b: ``python -m etl metrics --area CODE`` wall time (process start to exit) per area level."""

from __future__ import annotations

from pathlib import Path

from bench.proc import measure, python

LEVELS = ("district", "city", "province", "country")


def areas_to_time(warehouse: Path) -> tuple[list[tuple[str, str]], str]:
    """[(level, code)]: the district with most communities and each area above it; and the as-of date."""
    from etl.warehouse import Warehouse

    con = Warehouse(warehouse).connect_reader()
    try:
        district = con.execute("""
            SELECT s.parent_code FROM areas c JOIN areas s ON s.area_code = c.parent_code
            WHERE c.level = 'community' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1""").fetchone()[0]
        chain = con.execute(
            """
            WITH RECURSIVE up(code, level, depth) AS (
                SELECT area_code, level, 0 FROM areas WHERE area_code = ?
                UNION ALL SELECT a.area_code, a.level, u.depth + 1 FROM up u
                JOIN areas p ON p.area_code = u.code JOIN areas a ON a.area_code = p.parent_code)
            SELECT level, code FROM up ORDER BY depth""",
            [district],
        ).fetchall()
        as_of = con.execute(
            "SELECT last_day(greatest((SELECT max(month) FROM activity), (SELECT max(month) FROM volunteers)))"
        ).fetchone()[0]
    finally:
        con.close()
    return [(level, code) for level, code in chain if level in LEVELS], as_of.isoformat()


def run(scale: str, warehouse: Path, runs: int, log=print) -> list[dict]:
    targets, as_of = areas_to_time(warehouse)
    results = []
    for level, code in targets:
        log(f"  [{scale}] etl metrics {level} {code}")
        cmd = python("-m", "etl", "metrics", "--area", code, "--as-of", as_of, "--db", warehouse)
        seconds = [measure(cmd).seconds for _ in range(runs)]
        results.append({"scale": scale, "level": level, "code": code, "as_of": as_of, "seconds": seconds})
    return results
