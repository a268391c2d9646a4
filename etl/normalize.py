"""SQL that turns the text cells of a staging table into typed values, and names each bad cell.

Everything here is set-based DuckDB SQL (no per-row Python): it accepts what Chinese spreadsheets
really contain — full-width digits, thousands separators, ``1.2万``, ``2024年5月``, ``2024/5/1``,
Excel serial dates, codes that Excel turned into numbers (``4.10311002004E+11``, ``410311002004.0``).
"""

from __future__ import annotations

from etl.registry import Column
from etl.sqlutil import q

FULL = "０１２３４５６７８９．，－／：＋　"
HALF = "0123456789.,-/:+ "
UNIT_SUFFIX = "(平方米|㎡|m2|m²|人次|场次|小时|万元|元|人|户|场|个|次|分|年度|年)$"
TOTAL_ROW = r"^\s*(合\s*计|总\s*计|小\s*计|合计：|总计：)"


def clean(raw: str) -> str:
    """Trimmed, half-width text or NULL when blank."""
    return f"nullif(trim(translate(replace({raw}, chr(160), ' '), '{FULL}', '{HALF}')), '')"


def number_text(raw: str) -> str:
    return f"regexp_replace(replace(replace({clean(raw)}, ',', ''), ' ', ''), '{UNIT_SUFFIX}', '')"


def parse_number(raw: str) -> str:
    t = number_text(raw)
    num = r"-?[0-9]*\.?[0-9]+([eE][+-]?[0-9]+)?"
    return (
        f"CASE WHEN regexp_full_match({t}, '{num}') THEN TRY_CAST({t} AS DOUBLE) "
        f"WHEN regexp_full_match({t}, '{num}万') THEN TRY_CAST(rtrim({t}, '万') AS DOUBLE) * 10000 "
        f"WHEN regexp_full_match({t}, '{num}亿') THEN TRY_CAST(rtrim({t}, '亿') AS DOUBLE) * 100000000 END"
    )


def _date_text(raw: str) -> str:
    """``2024年5月1日 00:00:00`` → ``2024-5-1``."""
    t = clean(raw)
    t = f"regexp_replace({t}, '[ T][0-9]{{1,2}}:[0-9]{{2}}(:[0-9]{{2}}(\\.[0-9]+)?)?$', '')"
    t = f"regexp_replace({t}, '[年月./]', '-', 'g')"
    return f"rtrim(regexp_replace({t}, '[日号度]', '', 'g'), '-')"


def _ymd(t: str, y: str, m: str, d: str) -> str:
    return (
        f"TRY_CAST(regexp_extract({t}, {y}) || '-' || lpad(regexp_extract({t}, {m}), 2, '0') || '-' || "
        f"lpad(regexp_extract({t}, {d}), 2, '0') AS DATE)"
    )


def parse_date(raw: str, month: bool = False) -> str:
    t = _date_text(raw)
    ymd = "'^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$'"
    compact = "'^([0-9]{4})([0-9]{2})([0-9]{2})$'"
    serial = f"TRY_CAST({clean(raw)} AS DOUBLE)"
    parts = [
        f"WHEN regexp_full_match({t}, {ymd}) THEN "
        + _ymd(t, f"{ymd}, 1", f"{ymd}, 2", f"{ymd}, 3"),
        f"WHEN regexp_full_match({t}, {compact}) THEN "
        + _ymd(t, f"{compact}, 1", f"{compact}, 2", f"{compact}, 3"),
        f"WHEN regexp_full_match({clean(raw)}, '[0-9]{{5}}(\\.0+)?') AND {serial} BETWEEN 10000 AND 80000 "
        f"THEN DATE '1899-12-30' + CAST({serial} AS INTEGER)",
    ]
    if month:
        ym = "'^([0-9]{4})-([0-9]{1,2})$'"
        ym_compact = "'^([0-9]{4})([0-9]{2})$'"
        parts += [
            f"WHEN regexp_full_match({t}, {ym}) THEN TRY_CAST(regexp_extract({t}, {ym}, 1) || '-' || "
            f"lpad(regexp_extract({t}, {ym}, 2), 2, '0') || '-01' AS DATE)",
            f"WHEN regexp_full_match({t}, {ym_compact}) THEN TRY_CAST(regexp_extract({t}, {ym_compact}, 1) "
            f"|| '-' || regexp_extract({t}, {ym_compact}, 2) || '-01' AS DATE)",
        ]
        return f"date_trunc('month', CASE {' '.join(parts)} END)::DATE"
    return f"CASE {' '.join(parts)} END"


def parse_code(raw: str) -> str:
    """Canonical division code text: digits only, trailing 000 groups folded (410311000000 → 410311)."""
    t = f"replace({clean(raw)}, ' ', '')"
    t = (
        f"CASE WHEN regexp_full_match({t}, '[0-9]+\\.0+') THEN split_part({t}, '.', 1) "
        f"WHEN regexp_full_match({t}, '[0-9](\\.[0-9]+)?[eE]\\+?[0-9]+') "
        f"THEN CAST(CAST(TRY_CAST({t} AS DOUBLE) AS HUGEINT) AS VARCHAR) ELSE {t} END"
    )
    return (
        f"CASE WHEN NOT regexp_full_match({t}, '[0-9]{{6}}|[0-9]{{9}}|[0-9]{{12}}') THEN NULL "
        f"WHEN length({t}) = 12 AND {t} LIKE '%000000' THEN left({t}, 6) "
        f"WHEN length({t}) = 12 AND {t} LIKE '%000' THEN left({t}, 9) "
        f"WHEN length({t}) = 9 AND {t} LIKE '%000' THEN left({t}, 6) ELSE {t} END"
    )


def is_scientific(raw: str) -> str:
    return f"regexp_full_match(replace({clean(raw)}, ' ', ''), '[0-9](\\.[0-9]+)?[eE]\\+?[0-9]+')"


TRUE_WORDS = ("是", "y", "yes", "true", "1", "√", "✓", "对", "有")
FALSE_WORDS = ("否", "n", "no", "false", "0", "×", "✗", "不是", "无")


def parse_bool(raw: str) -> str:
    t = f"lower({clean(raw)})"
    yes = ", ".join(f"'{w}'" for w in TRUE_WORDS)
    no = ", ".join(f"'{w}'" for w in FALSE_WORDS)
    return f"CASE WHEN {t} IN ({yes}) THEN true WHEN {t} IN ({no}) THEN false END"


def enum_pairs(col: Column) -> list[tuple[str, str]]:
    """(accepted text, canonical value) pairs, lower-cased: the value itself and each label."""
    pairs: dict[str, str] = {}
    for value, labels in col.values.items():
        for text in (value, *labels):
            pairs.setdefault(text.lower().replace(" ", ""), value)
    return list(pairs.items())


def parse_enum(raw: str, col: Column, lookup: str) -> str:
    """``lookup`` is a TEMP table (col, text, value) holding every column's ``enum_pairs``."""
    t = f"lower(replace({clean(raw)}, ' ', ''))"
    found = f"(SELECT value FROM {lookup} WHERE col = '{col.name}' AND text = {t})"
    if col.open_values:
        return f"coalesce({found}, CASE WHEN regexp_full_match({t}, '[a-z][a-z0-9_]*') THEN {t} END)"
    return found


def parse(col: Column, raw: str, lookup: str) -> str:
    """The SQL expression giving ``col``'s typed value from raw text ``raw`` (NULL when invalid)."""
    kind = col.kind
    if kind == "code":
        return parse_code(raw)
    if kind == "text":
        return clean(raw)
    if kind == "enum":
        return parse_enum(raw, col, lookup)
    if kind in ("int", "float"):
        return parse_number(raw)
    if kind == "year":
        return f"TRY_CAST(regexp_replace({clean(raw)}, '(年度|年)$', '') AS DOUBLE)"
    if kind == "bool":
        return parse_bool(raw)
    if kind == "date":
        return parse_date(raw)
    if kind == "month":
        return parse_date(raw, month=True)
    raise ValueError(kind)


def bad_format_code(col: Column) -> str:
    return {
        "code": "bad_code",
        "enum": "bad_value",
        "int": "not_a_number",
        "float": "not_a_number",
        "year": "bad_year",
        "bool": "bad_bool",
        "date": "bad_date",
        "month": "bad_month",
    }.get(col.kind, "bad_value")


def problem_expr(col: Column, raw: str, value: str) -> str:
    """SQL giving the problem code of one cell, or NULL when it is fine."""
    rules = []
    if col.required:
        rules.append(f"WHEN {clean(raw)} IS NULL THEN 'required'")
    if col.kind == "code":
        sci = f"upper(replace({clean(raw)}, ' ', ''))"
        rules.append(f"WHEN {is_scientific(raw)} AND length(replace(split_part({sci}, 'E', 1), '.', '')) "
                     f"< TRY_CAST(replace(split_part({sci}, 'E', 2), '+', '') AS INTEGER) + 1 "
                     "THEN 'code_scientific'")
    rules.append(f"WHEN {clean(raw)} IS NOT NULL AND {value} IS NULL THEN '{bad_format_code(col)}'")
    if col.kind in ("int", "year"):
        rules.append(f"WHEN {value} <> round({value}) THEN 'not_integer'")
    if col.is_numeric and col.minimum is not None:
        code = "negative" if col.minimum == 0 else "too_small"
        rules.append(f"WHEN {value} < {float(col.minimum)} THEN '{code}'")
    if col.is_numeric and col.maximum is not None:
        rules.append(f"WHEN {value} > {float(col.maximum)} THEN 'too_large'")
    return f"CASE {' '.join(rules)} END"


def typed(col: Column, value: str) -> str:
    return f"TRY_CAST({value} AS {col.duckdb_type}) AS {q(col.name)}"
