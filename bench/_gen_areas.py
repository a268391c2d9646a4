"""The area tree of a generated scale: country → provinces → cities → districts → streets → communities.

Every tier is one DuckDB ``CREATE TABLE … AS SELECT`` over its parent tier, so the national tree
(~660,000 areas) takes about a second. Codes follow the NBS statistical-code conventions: real
province codes (11..65); a city is the province and 2 digits; a district the city and 2 digits
(02..20 urban districts 区, 21.. counties 县); a street the district and 3 digits (001..099 街道,
101..199 镇, 201.. 乡); a community the street and 3 digits (001..199 社区, 201.. 村).

Two kinds of pseudo-random numbers, both pure functions of DuckDB's ``hash``:
``s*`` macros ignore the seed and decide the *shape* (how many children, which rows exist), so row
counts depend only on the scale; ``r*`` macros mix in the seed and decide the *values*.
Names and coordinates of codes that exist in ``data/reference/divisions.csv`` are the real ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from etl.registry import COMMUNITY_TYPES

REFERENCE = Path(__file__).resolve().parent.parent / "data" / "reference" / "divisions.csv"

# (code, name, level label, capital lon, capital lat): the 31 provincial-level divisions.
PROVINCES: tuple[tuple[str, str, str, float, float], ...] = (
    ("11", "北京市", "直辖市", 116.407, 39.904),
    ("12", "天津市", "直辖市", 117.200, 39.084),
    ("13", "河北省", "省", 114.515, 38.042),
    ("14", "山西省", "省", 112.549, 37.857),
    ("15", "内蒙古自治区", "自治区", 111.670, 40.818),
    ("21", "辽宁省", "省", 123.429, 41.796),
    ("22", "吉林省", "省", 125.324, 43.817),
    ("23", "黑龙江省", "省", 126.642, 45.757),
    ("31", "上海市", "直辖市", 121.473, 31.230),
    ("32", "江苏省", "省", 118.763, 32.061),
    ("33", "浙江省", "省", 120.153, 30.287),
    ("34", "安徽省", "省", 117.283, 31.861),
    ("35", "福建省", "省", 119.306, 26.075),
    ("36", "江西省", "省", 115.892, 28.676),
    ("37", "山东省", "省", 117.000, 36.675),
    ("41", "河南省", "省", 113.665, 34.757),
    ("42", "湖北省", "省", 114.298, 30.584),
    ("43", "湖南省", "省", 112.982, 28.194),
    ("44", "广东省", "省", 113.280, 23.125),
    ("45", "广西壮族自治区", "自治区", 108.320, 22.824),
    ("46", "海南省", "省", 110.331, 20.031),
    ("50", "重庆市", "直辖市", 106.504, 29.533),
    ("51", "四川省", "省", 104.065, 30.659),
    ("52", "贵州省", "省", 106.713, 26.578),
    ("53", "云南省", "省", 102.712, 25.040),
    ("54", "西藏自治区", "自治区", 91.132, 29.660),
    ("61", "陕西省", "省", 108.948, 34.263),
    ("62", "甘肃省", "省", 103.823, 36.058),
    ("63", "青海省", "省", 101.778, 36.623),
    ("64", "宁夏回族自治区", "自治区", 106.278, 38.466),
    ("65", "新疆维吾尔自治区", "自治区", 87.617, 43.792),
)
COUNTRY = ("100000", "全国")

# Characters of synthetic place names: one of FIRST then one of SECOND (3,000+ combinations).
FIRST = "东西南北中新兴安平和永长金银红青白黄龙凤华光明建民胜利丰庆福康宁泰昌盛德仁义礼文武双三五七九"
SECOND = "山河湖海林松柏桃李杏桥岭峰川溪源阳城关庄集店堡营坊台湾洲岗坪沟峪门园塘坡田岩泉池坝"


@dataclass(frozen=True)
class Shape:
    """How a scale's tree is shaped: a (min, max) number of children per parent, or fixed codes."""

    provinces: tuple[str, ...]
    cities: tuple[int, int] | tuple[str, ...]
    districts: tuple[int, int] | tuple[str, ...]
    streets: tuple[int, int]
    communities: tuple[int, int]


def create_macros(con: duckdb.DuckDBPyConnection, seed: int) -> None:
    """The hash-based pseudo-random macros (the seed is an int, inlined into the macro bodies)."""
    seed = int(seed)
    con.execute("CREATE MACRO su(k, salt) AS (hash(k, salt) % 1000003) / 1000003.0")
    # (the modulus is cast to UBIGINT like hash(): mixed types would make DuckDB compute in HUGEINT, 15x slower)
    con.execute("CREATE MACRO sn(k, salt, lo, hi) AS lo + (hash(k, salt) % (hi - lo + 1)::UBIGINT)::BIGINT")
    con.execute(f"CREATE MACRO ru(k, salt) AS (hash(k, salt, {seed}) % 1000003) / 1000003.0")
    con.execute(
        f"CREATE MACRO rn(k, salt, lo, hi) AS lo + (hash(k, salt, {seed}) % (hi - lo + 1)::UBIGINT)::BIGINT"
    )
    con.execute(
        f"CREATE MACRO nm(k, salt) AS substr('{FIRST}', (1 + hash(k, salt, {seed}, 1) % {len(FIRST)})::BIGINT, 1)"
        f" || substr('{SECOND}', (1 + hash(k, salt, {seed}, 2) % {len(SECOND)})::BIGINT, 1)"
    )
    # A day between two dates (inclusive of the first, exclusive of the second).
    con.execute(
        f"CREATE MACRO rday(k, salt, d0, d1) AS d0::DATE + (hash(k, salt, {seed}) % "
        "greatest(1, d1::DATE - d0::DATE)::UBIGINT)::INTEGER"
    )


def _offset(parent: str, salt: str, dlon: str, dlat: str) -> str:
    return (
        f"least(135.0, greatest(73.5, {parent}.lon + (ru(x.prefix, '{salt}o') - 0.5) * 2 * {dlon})) AS lon, "
        f"least(53.5, greatest(18.0, {parent}.lat + (ru(x.prefix, '{salt}a') - 0.5) * 2 * {dlat})) AS lat"
    )


def _expand(
    parent: str,
    spec: tuple[int, int] | tuple[str, ...],
    salt: str,
    width: int,
    code_sql: str,
    extra: str = "",
) -> tuple[str, list]:
    """SQL of rows (parent columns but ``prefix``, k, the child's ``prefix``): every child of every parent
    row, by fan-out (``code_sql`` numbers the k-th child) or by a list of fixed codes (bound parameter)."""
    if spec and isinstance(spec[0], str):
        return (
            f"SELECT p.* EXCLUDE (prefix), 0 AS k, f.prefix FROM {parent} p "
            f"JOIN (SELECT unnest(?::VARCHAR[]) AS prefix) f ON f.prefix[1:length(p.prefix)] = p.prefix",
            [list(spec)],
        )
    lo, hi = spec
    fan = f"SELECT p.*, {extra} unnest(range(sn(p.prefix, '{salt}', {int(lo)}, {int(hi)}))) AS k FROM {parent} p"
    return (
        f"SELECT e.* EXCLUDE (prefix), e.prefix || lpad(({code_sql})::VARCHAR, {width}, '0') AS prefix "
        f"FROM ({fan}) e",
        [],
    )


def _real(table: str) -> str:
    """Replace synthetic names and coordinates by the real ones where the code is in the reference list."""
    return (
        f"CREATE OR REPLACE TABLE {table} AS SELECT t.* REPLACE (coalesce(r.name, t.name) AS name, "
        f"coalesce(r.lon, t.lon) AS lon, coalesce(r.lat, t.lat) AS lat), r.name IS NULL AS approx "
        f"FROM {table} t LEFT JOIN ref r ON r.code = t.code AND r.level = t.level"
    )


def build_areas(con: duckdb.DuckDBPyConnection, shape: Shape) -> None:
    """Create tables ``area`` (every level, registry column names) and ``comm`` (communities, with an
    ordinal ``ci`` and the attributes the fact datasets derive from)."""
    con.execute(
        "CREATE TABLE ref AS SELECT code, name, level, lon::DOUBLE AS lon, lat::DOUBLE AS lat "
        "FROM read_csv(?, all_varchar = true)",
        [str(REFERENCE)],
    )
    con.execute(
        "CREATE TABLE prov (prefix VARCHAR, code VARCHAR, name VARCHAR, level_zh VARCHAR, lon DOUBLE, "
        "lat DOUBLE, muni BOOLEAN, level VARCHAR DEFAULT 'province')"
    )
    rows = [
        (c, c + "0000", n, lvl, lon, lat, lvl == "直辖市")
        for c, n, lvl, lon, lat in PROVINCES
        if c in shape.provinces
    ]
    con.executemany("INSERT INTO prov VALUES (?, ?, ?, ?, ?, ?, ?, 'province')", rows)

    # Cities: a municipality has one (xx01 市辖区).
    sql, params = _expand("prov", shape.cities, "nc", 2, "k + 1")
    if not params:
        sql = f"SELECT * FROM ({sql}) WHERE NOT muni OR k = 0"
    con.execute(
        f"""CREATE TABLE city AS SELECT x.prefix, x.prefix || '00' AS code, x.code AS parent, 'city' AS level,
        '地级市' AS level_zh, CASE WHEN x.muni THEN '市辖区' ELSE nm(x.prefix, 'c') || '市' END AS name,
        {_offset("x", "c", "CASE WHEN x.muni THEN 0.15 ELSE 1.6 END", "CASE WHEN x.muni THEN 0.1 ELSE 1.2 END")},
        x.muni FROM ({sql}) x""",
        params,
    )
    con.execute(_real("city"))

    # Districts: 02.. urban districts (all of them in a municipality), then 21.. counties.
    code = "CASE WHEN k < nu THEN k + 2 ELSE 21 + k - nu END"
    sql, params = _expand(
        "city",
        shape.districts,
        "nd",
        2,
        code,
        "CASE WHEN p.muni THEN 99 ELSE sn(p.prefix, 'nu', 1, 4) END AS nu,",
    )
    con.execute(
        f"""CREATE TABLE district AS SELECT x.prefix, x.prefix AS code, x.code AS parent, 'district' AS level,
        '区县' AS level_zh, x.urban, nm(x.prefix, 'd') || CASE WHEN x.urban THEN '区' ELSE '县' END AS name,
        {_offset("x", "d", "CASE WHEN x.urban THEN 0.15 ELSE 0.5 END", "CASE WHEN x.urban THEN 0.12 ELSE 0.4 END")}
        FROM (SELECT *, prefix[5:6] < '21' AS urban FROM ({sql})) x""",
        params,
    )
    con.execute(_real("district"))

    # Streets: urban districts have 街道 and a few 镇; counties a few 街道, mostly 镇, some 乡.
    lo, hi = shape.streets
    con.execute(f"""CREATE TABLE street AS WITH n AS (
          SELECT p.* EXCLUDE (prefix), p.prefix AS pp, sn(p.prefix, 'ns', {int(lo)}, {int(hi)}) AS n FROM district p),
        c AS (SELECT n.*, unnest(range(n)) AS k,
            CASE WHEN urban THEN n - sn(pp, 'nt', 0, 2) ELSE sn(pp, 'nj', 1, 3) END AS nj,
            CASE WHEN urban THEN 99 ELSE n - sn(pp, 'nx', 0, 3) - sn(pp, 'nj', 1, 3) END AS nt FROM n),
        x AS (SELECT c.*, pp || lpad((CASE WHEN k < nj THEN k + 1 WHEN k < nj + nt THEN 101 + k - nj
                                          ELSE 201 + k - nj - nt END)::VARCHAR, 3, '0') AS prefix FROM c)
        SELECT x.prefix, x.prefix AS code, x.code AS parent, 'street' AS level,
          ['街道', '镇', '乡'][1 + x.prefix[7:7]::INT] AS level_zh,
          nm(x.prefix, 's') || ['街道', '镇', '乡'][1 + x.prefix[7:7]::INT] AS name, x.prefix[7:7]::INT AS kind,
          {_offset("x", "s", "CASE WHEN x.urban THEN 0.04 ELSE 0.12 END", "CASE WHEN x.urban THEN 0.03 ELSE 0.09 END")}
        FROM x""")
    con.execute(_real("street"))

    # Communities: 社区 (001..) then 村 (201..); a 街道 has mostly 社区, a 镇 a few, a 乡 at most one.
    lo, hi = shape.communities
    con.execute(f"""CREATE TABLE community0 AS WITH n AS (
          SELECT p.* EXCLUDE (prefix), p.prefix AS pp, sn(p.prefix, 'nc', {int(lo)}, {int(hi)}) AS n FROM street p),
        c AS (SELECT n.*, unnest(range(n)) AS k, CASE kind WHEN 0 THEN n - sn(pp, 'nv', 0, 3)
                                    WHEN 1 THEN sn(pp, 'nq', 1, 3) ELSE sn(pp, 'nq', 0, 1) END AS nq FROM n),
        x AS (SELECT c.*, pp || lpad((CASE WHEN k < nq THEN k + 1 ELSE 201 + k - nq END)::VARCHAR, 3, '0') AS prefix
              FROM c)
        SELECT x.prefix, x.prefix AS code, x.code AS parent, 'community' AS level, x.urban,
          nm(x.prefix, 'q') || CASE WHEN x.urban THEN '社区' ELSE '村' END AS name,
          CASE WHEN x.urban THEN '社区' ELSE '村' END AS level_zh,
          {_offset("x", "q", "CASE WHEN x.urban THEN 0.012 ELSE 0.03 END", "CASE WHEN x.urban THEN 0.009 ELSE 0.022 END")}
        FROM (SELECT *, prefix[10:12] < '200' AS urban FROM x) x""")
    con.execute(_real("community0"))
    _communities(con)
    _area_table(con)


def _communities(con: duckdb.DuckDBPyConnection) -> None:
    types = [
        COMMUNITY_TYPES[t][0]
        for t in ("old", "commercial", "work_unit", "mixed", "village_to_urban", "village")
    ]
    con.execute(
        """CREATE TABLE comm AS SELECT (row_number() OVER (ORDER BY c.code) - 1)::BIGINT AS ci, c.*,
        c.parent AS street, c.code[1:6] AS district,
        ($1::VARCHAR[])[CASE WHEN NOT c.urban THEN 6 WHEN u < 0.3 THEN 1 WHEN u < 0.55 THEN 2 WHEN u < 0.65 THEN 3
                             WHEN u < 0.8 THEN 4 ELSE 5 END] AS community_type,
        CASE WHEN c.urban THEN sn(c.code, 'nk', 3, 9) ELSE sn(c.code, 'nk', 1, 4) END AS n_comp,
        su(c.parent, 'bank') < 0.4 AS has_bank,
        CASE WHEN c.urban THEN rn(c.code, 'hh', 800, 4500) ELSE rn(c.code, 'hh', 150, 900) END AS households
        FROM (SELECT *, ru(code, 'ty') AS u FROM community0) c""",
        [types],
    )


def _area_table(con: duckdb.DuckDBPyConnection) -> None:
    """All levels in the registry's columns (labels as in a file); communities carry the attributes."""
    upper = (
        "SELECT code AS area_code, name AS area_name, level_zh AS level, parent AS parent_code, "
        "NULL::VARCHAR AS community_type, NULL::BIGINT AS households, NULL::BIGINT AS population, "
        "NULL::BIGINT AS premises_area_m2, round(lon, 6) AS lon, round(lat, 6) AS lat, "
        "CASE WHEN approx THEN '是' ELSE '否' END AS is_location_approx, NULL::DATE AS established_date, "
        "NULL::DATE AS abolished_date FROM "
    )
    con.execute(
        f"""CREATE TABLE area AS
        SELECT ? AS area_code, ? AS area_name, '全国' AS level, NULL::VARCHAR AS parent_code,
          NULL::VARCHAR AS community_type, NULL::BIGINT AS households, NULL::BIGINT AS population,
          NULL::BIGINT AS premises_area_m2, 104.195397 AS lon, 35.86166 AS lat, '是' AS is_location_approx,
          NULL::DATE AS established_date, NULL::DATE AS abolished_date
        UNION ALL SELECT code, name, level_zh, '100000', NULL, NULL, NULL, NULL, lon, lat, '否', NULL, NULL FROM prov
        UNION ALL {upper} city UNION ALL {upper} district UNION ALL {upper} street
        UNION ALL SELECT code, name, level_zh, parent, community_type, households,
          round(households * (2.3 + ru(code, 'pop') * 0.9))::BIGINT,
          CASE WHEN urban THEN rn(code, 'pm', 300, 1600) ELSE rn(code, 'pm', 150, 900) END,
          round(lon, 6), round(lat, 6), CASE WHEN approx THEN '是' ELSE '否' END,
          CASE WHEN urban THEN rday(code, 'est', '1985-01-01', '2021-01-01')
               ELSE rday(code, 'est', '1953-01-01', '1990-01-01') END, NULL
        FROM comm""",
        list(COUNTRY),
    )
