"""One SQL query per fact dataset, over the tables of ``bench._gen_areas`` (``area``, ``comm`` …).

Each query returns the dataset's canonical columns (values already as a file writes them: Chinese
labels, 是/否, ``YYYY-MM`` months) plus the key it is sorted by. ``k`` is the one-row table of
label lists (bound parameters) that the queries index with ``k.<list>[i]``. Which rows exist is
decided by the seedless ``s*`` macros, the values by the seeded ``r*`` macros (see ``_gen_areas``).
"""

from __future__ import annotations

import duckdb

from etl.registry import ACTIVITY_TYPES, FACILITY_KINDS, ORG_KINDS, PROGRAM_KINDS, STARS

URBAN_STARS = ("strong_branch", "co_build_share", "safety_rule_of_law", "jobs_business", "happiness_harmony")
VILLAGE_STARS = ("strong_branch", "industry", "safety_rule_of_law", "eco_livable", "civility_happiness")
# Optional facilities of a community: (kind, name suffix, probability).
EXTRA_FACILITIES = (
    ("elderly_care_center", "养老服务中心", 0.18),
    ("day_care_center", "日间照料中心", 0.2),
    ("elderly_canteen", "幸福食堂", 0.2),
    ("neighborhood_center", "邻里中心", 0.16),
    ("sports_park", "体育公园", 0.1),
    ("study_room", "城市书屋", 0.14),
)
# Optional organizations of a community: (kind, name suffix, probability, social-org category).
EXTRA_ORGS = (
    ("social_org", "乒乓球协会", 0.12, "文体娱乐"),
    ("social_org", "助老服务队", 0.1, "为民服务"),
    ("social_org", "邻里互助会", 0.08, "公益慈善"),
    ("volunteer_team", "志愿服务队", 0.15, None),
    ("culture_troupe", "秧歌队", 0.1, None),
)
PROGRAMS = (
    ("smart_community_platform", 0.45),
    ("culture_partnership", 0.08),
    ("night_school", 0.08),
    ("happiness_market", 0.18),
    ("red_property", 0.16),
    ("elderly_meal_service", 0.08),
)
DISTRICT_ORGS = ("乐群社区发展服务中心", "仁爱心理咨询服务中心", "众合为老服务社", "阳光社会工作服务中心")
COMPOUND_SUFFIXES = ("苑", "花园", "家园", "小区", "公寓", "新村", "嘉园", "雅居", "华庭", "名邸")
MONTHS = 36  # 2022-01 .. 2024-12


def _zh(values: dict[str, tuple[str, ...]], key: str) -> str:
    return values[key][0]


def create_labels(con: duckdb.DuckDBPyConnection) -> None:
    """The one-row table ``k`` of label lists, from the registry (bound parameters)."""
    lists = {
        "act": [v[0] for v in ACTIVITY_TYPES.values()],
        "ustar": [_zh(STARS, s) for s in URBAN_STARS],
        "vstar": [_zh(STARS, s) for s in VILLAGE_STARS],
        "xfk": [_zh(FACILITY_KINDS, f[0]) for f in EXTRA_FACILITIES],
        "xfn": [f[1] for f in EXTRA_FACILITIES],
        "xok": [_zh(ORG_KINDS, o[0]) for o in EXTRA_ORGS],
        "xon": [o[1] for o in EXTRA_ORGS],
        "xoc": [o[3] for o in EXTRA_ORGS],
        "prog": [_zh(PROGRAM_KINDS, p[0]) for p in PROGRAMS],
        "dorg": list(DISTRICT_ORGS),
        "csuf": list(COMPOUND_SUFFIXES),
        "prop": ["市场化物业", "国企兜底", "自治管理", "无物业"],
    }
    cols = ", ".join(f"?::VARCHAR[] AS {name}" for name in lists)
    con.execute(f"CREATE TABLE k AS SELECT {cols}", list(lists.values()))
    probs = {
        "xfp": [f[2] for f in EXTRA_FACILITIES],
        "xop": [o[2] for o in EXTRA_ORGS],
        "pp": [p[1] for p in PROGRAMS],
    }
    for name, values in probs.items():
        con.execute(f"ALTER TABLE k ADD COLUMN {name} DOUBLE[]")
        con.execute(f"UPDATE k SET {name} = ?", [values])
    con.execute("""CREATE TEMP VIEW compound AS SELECT c.*, c.code || '#' || j AS ck,
        nm(c.code || '#' || j, 'cn') || k.csuf[j + 1] AS compound_name
        FROM (SELECT *, unnest(range(n_comp)) AS j FROM comm) c, k""")


_CENTER = _zh(FACILITY_KINDS, "party_service_center")
_STATION = _zh(FACILITY_KINDS, "compound_service_station")
_ELDERLY = _zh(FACILITY_KINDS, "elderly_care_center")
_PARTY = _zh(ORG_KINDS, "community_party_org")
_PRO = _zh(ORG_KINDS, "professional_social_org")
_BANK = _zh(ORG_KINDS, "volunteer_points_bank")

# A facility's dates, status and sizes from its key ``fk`` (status: 85% open, rest planned/building/rebuilt).
_FACILITY_VALUES = """
    SELECT f.area_code, f.facility_name, f.facility_kind,
      ['已建成', '规划', '在建', '重建'][st + 1] AS status,
      CASE WHEN st = 1 THEN rday(fk, 'pd', '2023-06-01', '2024-12-01') ELSE opened - rn(fk, 'pl', 150, 500)::INT
        END AS planned_date,
      CASE WHEN st IN (1, 2) THEN rday(fk, 'du', '2025-01-01', '2026-12-31') END AS due_date,
      CASE WHEN st IN (0, 3) THEN opened END AS opened_date,
      CASE WHEN st = 3 THEN opened + rn(fk, 'rb', 400, 1500)::INT END AS rebuilt_date,
      NULL::DATE AS closed_date, round(f.size * (0.6 + ru(fk, 'sz') * 0.8))::BIGINT AS area_m2,
      round(f.size * (0.2 + ru(fk, 'cp') * 0.5))::BIGINT AS capacity_persons,
      round(f.size * (0.02 + ru(fk, 'iv') * 0.08), 1) AS investment_wan,
      round(f.lon + (ru(fk, 'lo') - 0.5) * f.spread, 6) AS lon, round(f.lat + (ru(fk, 'la') - 0.5) * f.spread, 6)
        AS lat, f.approx AS is_location_approx
    FROM (SELECT *, CASE WHEN su(fk, 'st') < 0.85 THEN 0 WHEN su(fk, 'st') < 0.9 THEN 1
                         WHEN su(fk, 'st') < 0.95 THEN 2 ELSE 3 END AS st,
                 rday(fk, 'op', '2010-01-01', '2019-12-31') AS opened FROM fac) f"""


def _facilities() -> str:
    return f"""WITH fac AS (
        SELECT code AS area_code, name || '党群服务中心' AS facility_name, '{_CENTER}' AS facility_kind,
          code || '#c' AS fk, 650 AS size, lon, lat, 0.002 AS spread, '是' AS approx FROM comm
        UNION ALL SELECT code, compound_name || '党群服务站', '{_STATION}', ck || '#s', 150, lon, lat, 0.006, '是'
          FROM compound WHERE j < CASE WHEN urban THEN sn(code, 'nst', 1, 4) ELSE sn(code, 'nst', 0, 1) END
        UNION ALL SELECT code, name || k.xfn[x + 1], k.xfk[x + 1], code || '#x' || x, 500, lon, lat, 0.006, '是'
          FROM (SELECT *, unnest(range(6)) AS x FROM comm), k WHERE su(code || '#x' || x, 'xf') < k.xfp[x + 1]
        UNION ALL SELECT area_code, area_name || '党群服务中心', '{_CENTER}', area_code || '#c', 1500, lon, lat, 0.0,
          '否' FROM area WHERE level IN ('街道', '镇', '乡')
        UNION ALL SELECT area_code, area_name || u.n, u.k, area_code || u.n, u.s, lon, lat, 0.0, '否'
          FROM area, (VALUES ('党群服务中心', '{_CENTER}', 5000), ('综合养老服务中心', '{_ELDERLY}', 3000)) u(n, k, s)
          WHERE level = '区县')
    {_FACILITY_VALUES}"""


def _organizations() -> str:
    return f"""
    SELECT code AS area_code, name || CASE WHEN urban THEN '党委' ELSE '党支部' END AS org_name,
      '{_PARTY}' AS org_kind, NULL AS social_org_category,
      rday(code, 'est', '1985-01-01', '2021-01-01') AS founded_date, NULL::DATE AS closed_date,
      rn(code, 'pm', 20, 300) AS members FROM comm
    UNION ALL SELECT code, name || k.xon[x + 1], k.xok[x + 1], k.xoc[x + 1],
      rday(code || x, 'fd', '2012-01-01', '2024-12-01'), NULL, rn(code || x, 'mb', 8, 60)
      FROM (SELECT *, unnest(range(5)) AS x FROM comm), k WHERE su(code || '#o' || x, 'xo') < k.xop[x + 1]
    UNION ALL SELECT code, name || '志愿积分银行', '{_BANK}', NULL, rday(code, 'bk', '2019-01-01', '2023-12-01'),
      NULL, rn(code, 'bm', 200, 3000) FROM street s WHERE su(code, 'bank') < 0.4
    UNION ALL SELECT area_code, area_name || k.dorg[x + 1], '{_PRO}', NULL,
      rday(area_code || x, 'pf', '2012-01-01', '2024-06-01'), NULL, rn(area_code || x, 'pmb', 8, 40)
      FROM (SELECT *, unnest(range(sn(area_code, 'npo', 1, 4))) AS x FROM area WHERE level = '区县'), k"""


def _compounds() -> str:
    return """SELECT code AS community_code, compound_name,
      (CASE WHEN urban THEN rn(ck, 'hh', 120, 1400) ELSE rn(ck, 'hh', 40, 300) END)::BIGINT AS households,
      byr AS built_year, CASE WHEN byr < 2000 THEN '是' ELSE '否' END AS is_old_compound,
      CASE WHEN byr < 2000 AND ru(ck, 'rv') < 0.5 THEN rn(ck, 'ry', 2019, 2024) END AS renovated_year,
      k.prop[CASE WHEN NOT urban THEN 3 + (ru(ck, 'pv') < 0.4)::INT WHEN byr < 2000 THEN 2 + (ru(ck, 'pv') < 0.5)::INT
                  ELSE 1 END] AS property_service,
      CASE WHEN ru(ck, 'pb') < 0.7 THEN rday(ck, 'pbd', '2018-01-01', '2024-11-30') END AS party_branch_founded_date,
      round(lon + (ru(ck, 'lo') - 0.5) * 0.008, 6) AS lon, round(lat + (ru(ck, 'la') - 0.5) * 0.006, 6) AS lat
    FROM (SELECT *, rn(ck, 'by', 1975, 2022) AS byr FROM compound), k"""


def _programs() -> str:
    return """SELECT code AS community_code, k.prog[x + 1] AS program_kind,
      rday(code || x, 'jd', '2019-01-01', '2024-12-31') AS joined_date,
      CASE WHEN ru(code || x, 'lf') < 0.05 THEN DATE '2024-12-31' END AS left_date
    FROM (SELECT *, unnest(range(6)) AS x FROM comm), k WHERE su(code || '#p' || x, 'pg') < k.pp[x + 1]"""


def _staff() -> str:
    return """SELECT code AS community_code, make_date(2022 + s // 2, 6 + 6 * (s % 2), 30 + s % 2) AS snapshot_date,
      w AS community_workers, floor(w * (0.2 + 0.04 * s + ru(sk, 'cs') * 0.2))::BIGINT AS certified_social_workers,
      rn(sk, 'tc', 5, 9) AS two_committee_members, rn(sk, 'gw', 2, 10) AS grid_workers,
      rn(sk, 'rc', 1, 4) AS reserve_cadres
    FROM (SELECT *, ci * 6 + s AS sk, CASE WHEN urban THEN rn(ci * 6 + s, 'w', 6, 16) ELSE rn(ci * 6 + s, 'w', 3, 9)
                 END AS w FROM (SELECT *, unnest(range(6)) AS s FROM comm))"""


def _activity() -> str:
    return f"""SELECT code AS community_code, strftime(make_date(2022 + m // 12, m % 12 + 1, 1), '%Y-%m') AS month,
      k.act[1 + (m + ci) % 8] AS activity_type, n AS activities, p AS participants,
      (n * ru(ak, 'sa') * 0.5)::BIGINT AS social_org_activities,
      (p * ru(ak, 'sa') * 0.4)::BIGINT AS social_org_participants,
      CASE WHEN urban AND m >= 24 THEN rn(ak, 'ap', 0, 40) END AS app_registrations, ak AS _o
    FROM (SELECT *, n * rn(ak, 'pp', 12, 45) AS p FROM (
      SELECT *, ci * {MONTHS} + m AS ak, rn(ci * {MONTHS} + m, 'n', 1, 8) + urban::INT * rn(ci * {MONTHS} + m, 'u', 0, 6)
        AS n FROM (SELECT ci, code, urban, unnest(range({MONTHS})) AS m FROM comm))), k"""


def _volunteers() -> str:
    return f"""SELECT code AS community_code, strftime(make_date(2022 + m // 12, m % 12 + 1, 1), '%Y-%m') AS month,
      r AS registered_volunteers, a AS active_volunteers, round(a * (1.5 + ru(vk, 'hr') * 3), 1) AS volunteer_hours,
      CASE WHEN has_bank THEN a * rn(vk, 'pe', 5, 20) END AS points_earned,
      CASE WHEN has_bank THEN a * rn(vk, 'pr', 0, 5) END AS points_redeemed,
      CASE WHEN has_bank THEN rn(vk, 'bs', 0, 80) END AS bank_services, vk AS _o
    FROM (SELECT *, (r * (0.2 + ru(vk, 'ac') * 0.4))::BIGINT AS a FROM (
      SELECT *, ci * {MONTHS} + m AS vk,
        (households * (0.03 + ru(code, 'rv') * 0.05) * (1 + 0.012 * m) + rn(ci * {MONTHS} + m, 'rn', 0, 5))::BIGINT AS r
      FROM (SELECT ci, code, households, has_bank, unnest(range({MONTHS})) AS m FROM comm)))"""


def _five_star() -> str:
    return """SELECT code AS community_code, 2023 + y AS year, CASE WHEN urban THEN k.ustar[s + 1] ELSE k.vstar[s + 1]
        END AS star, round(sc, 1) AS score, CASE WHEN sc >= 80 THEN '是' ELSE '否' END AS awarded
    FROM (SELECT *, least(100.0, 52 + ru(ci * 10 + y * 5 + s, 'sc') * 40 + ru(code, 'q') * 10 + 3 * y) AS sc
          FROM (SELECT *, unnest(range(2)) AS y FROM comm), range(5) t(s)), k"""


def _targets() -> str:
    return """SELECT area_code, t.metric, t.v + (rn(area_code || t.metric, 'tv', 0, 4) * t.step) AS target_value,
      t.due AS due_date, t.note
    FROM (SELECT area_code FROM area WHERE level = '区县') d, (VALUES ('certified_share_pct', 40, 5, DATE '2025-12-31', '持证社工占比不低于目标'),
                    ('workers_per_10k_residents', 16, 1, DATE '2025-12-31', '每万城镇常住人口社区工作者'),
                    ('coverage_pct:party_service_center', 100, 0, DATE '2025-12-31', '城市社区综合服务设施全覆盖'),
                    ('program_coverage_pct:happiness_market', 60, 10, DATE '2024-12-31', '幸福集市覆盖'),
                    ('compound_branch_coverage_pct', 80, 5, DATE '2024-12-31', '小区党支部覆盖')
            ) t(metric, v, step, due, note)"""


# dataset -> (query, sort key). Keys are unique, so the sort fixes the bytes of the file.
QUERIES: dict[str, tuple[str, str]] = {
    "areas": ("SELECT * FROM area", "area_code"),
    "compounds": (_compounds(), "community_code, compound_name"),
    "organizations": (_organizations(), "area_code, org_kind, org_name"),
    "facilities": (_facilities(), "area_code, facility_kind, facility_name"),
    "programs": (_programs(), "community_code, program_kind"),
    "staff": (_staff(), "community_code, snapshot_date"),
    "activity": (_activity(), "_o"),
    "volunteers": (_volunteers(), "_o"),
    "five_star": (_five_star(), "community_code, year, star"),
    "targets": (_targets(), "area_code, metric, due_date"),
}
