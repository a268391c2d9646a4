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


def clean(raw: str, fold_width: bool = True) -> str:
    """Trimmed, half-width text or NULL when blank.

    Folding full-width characters is slow, so it is skipped for files that have none
    (``RawTable.fold_width``), and done only for the cells that need it otherwise.
    """
    if not fold_width:
        return f"nullif(trim({raw}), '')"
    text = f"replace({raw}, chr(160), ' ')"
    wide = f"CASE WHEN regexp_matches({text}, '[{FULL}]') THEN translate({text}, '{FULL}', '{HALF}') ELSE {text} END"
    return f"nullif(trim({wide}), '')"


# Formats tried first (fast); anything else goes through the regular-expression ladder below.
MONTH_FORMATS = ("%Y年%m月", "%Y-%m", "%Y/%m", "%Y%m", "%Y.%m", "%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y%m%d", "%Y.%m.%d")


def _fast_date(k: str, formats: tuple[str, ...]) -> str:
    listed = ", ".join(f"'{f}'" for f in formats)
    # only four-digit years 19xx/20xx: a five-digit Excel serial such as 45231 is not year 4523
    return (f"CASE WHEN length({k}) >= 6 AND left({k}, 2) IN ('19', '20') "
            f"THEN CAST(try_strptime({k}, [{listed}]) AS DATE) END")


def number_text(k: str) -> str:
    return f"regexp_replace(replace(replace({k}, ',', ''), ' ', ''), '{UNIT_SUFFIX}', '')"


def parse_number(k: str) -> str:
    t = number_text(k)
    num = r"-?[0-9]*\.?[0-9]+([eE][+-]?[0-9]+)?"
    fast = f"TRY_CAST({k} AS DOUBLE)"
    return (
        f"CASE WHEN isfinite({fast}) THEN {fast} "
        f"WHEN regexp_full_match({t}, '{num}') THEN TRY_CAST({t} AS DOUBLE) "
        f"WHEN regexp_full_match({t}, '{num}万') THEN TRY_CAST(rtrim({t}, '万') AS DOUBLE) * 10000 "
        f"WHEN regexp_full_match({t}, '{num}亿') THEN TRY_CAST(rtrim({t}, '亿') AS DOUBLE) * 100000000 END"
    )


def date_text(k: str) -> str:
    """``2024年5月1日 00:00:00`` → ``2024-5-1`` (from cleaned text)."""
    t = f"regexp_replace({k}, '[ T][0-9]{{1,2}}:[0-9]{{2}}(:[0-9]{{2}}(\\.[0-9]+)?)?$', '')"
    t = f"regexp_replace({t}, '[年月./]', '-', 'g')"
    return f"rtrim(regexp_replace({t}, '[日号度]', '', 'g'), '-')"


def _ymd(t: str, y: str, m: str, d: str) -> str:
    return (
        f"TRY_CAST(regexp_extract({t}, {y}) || '-' || lpad(regexp_extract({t}, {m}), 2, '0') || '-' || "
        f"lpad(regexp_extract({t}, {d}), 2, '0') AS DATE)"
    )


def parse_date(k: str, t: str, month: bool = False) -> str:
    """``k``: cleaned text; ``t``: its ``date_text``."""
    ymd = "'^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$'"
    compact = "'^([0-9]{4})([0-9]{2})([0-9]{2})$'"
    serial = f"TRY_CAST({k} AS DOUBLE)"
    parts = [
        f"WHEN regexp_full_match({t}, {ymd}) THEN "
        + _ymd(t, f"{ymd}, 1", f"{ymd}, 2", f"{ymd}, 3"),
        f"WHEN regexp_full_match({t}, {compact}) THEN "
        + _ymd(t, f"{compact}, 1", f"{compact}, 2", f"{compact}, 3"),
        f"WHEN regexp_full_match({k}, '[0-9]{{5}}(\\.0+)?') AND {serial} BETWEEN 10000 AND 80000 "
        f"THEN DATE '1899-12-30' + CAST({serial} AS INTEGER)",
    ]
    fast = _fast_date(k, MONTH_FORMATS if month else DATE_FORMATS)
    if month:
        ym = "'^([0-9]{4})-([0-9]{1,2})$'"
        ym_compact = "'^([0-9]{4})([0-9]{2})$'"
        parts += [
            f"WHEN regexp_full_match({t}, {ym}) THEN TRY_CAST(regexp_extract({t}, {ym}, 1) || '-' || "
            f"lpad(regexp_extract({t}, {ym}, 2), 2, '0') || '-01' AS DATE)",
            f"WHEN regexp_full_match({t}, {ym_compact}) THEN TRY_CAST(regexp_extract({t}, {ym_compact}, 1) "
            f"|| '-' || regexp_extract({t}, {ym_compact}, 2) || '-01' AS DATE)",
        ]
        return f"date_trunc('month', coalesce({fast}, CASE {' '.join(parts)} END))::DATE"
    return f"coalesce({fast}, CASE {' '.join(parts)} END)"


def parse_code(k: str) -> str:
    """Canonical division code text: digits only, trailing 000 groups folded (410311000000 → 410311)."""
    fast = f"length({k}) = 12 AND right({k}, 3) <> '000' AND regexp_full_match({k}, '[0-9]{{12}}')"
    return f"CASE WHEN {fast} THEN {k} ELSE {_parse_code_slow(k)} END"


def _parse_code_slow(k: str) -> str:
    t = f"replace({k}, ' ', '')"
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


def is_scientific(k: str) -> str:
    return f"regexp_full_match(replace({k}, ' ', ''), '[0-9](\\.[0-9]+)?[eE]\\+?[0-9]+')"


TRUE_WORDS = ("是", "y", "yes", "true", "1", "√", "✓", "对", "有")
FALSE_WORDS = ("否", "n", "no", "false", "0", "×", "✗", "不是", "无")


def parse_bool(k: str) -> str:
    t = f"lower({k})"
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


def enum_key(k: str) -> str:
    """The text an enum cell is looked up by (see ``enum_pairs``)."""
    return f"lower(replace({k}, ' ', ''))"


def parse_enum(k: str, col: Column, found: str) -> str:
    """``found`` is the lookup table's value for this cell (a LEFT JOIN on ``enum_key``)."""
    if col.open_values:
        return f"coalesce({found}, CASE WHEN regexp_full_match({enum_key(k)}, '[a-z][a-z0-9_]*') THEN {enum_key(k)} END)"
    return found


def parse(col: Column, k: str, found: str = "NULL") -> str:
    """SQL giving ``col``'s typed value from cleaned text ``k`` (NULL when invalid).

    ``found`` is the joined enum lookup value (enum columns only).
    """
    kind = col.kind
    if kind == "code":
        return parse_code(k)
    if kind == "text":
        return k
    if kind == "enum":
        return parse_enum(k, col, found)
    if kind in ("int", "float"):
        return parse_number(k)
    if kind == "year":
        return f"TRY_CAST(regexp_replace({k}, '(年度|年)$', '') AS DOUBLE)"
    if kind == "bool":
        return parse_bool(k)
    if kind in ("date", "month"):
        return parse_date(k, date_text(k), month=kind == "month")
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


def problem_expr(col: Column, k: str, value: str) -> str:
    """SQL giving the problem code of one cell (cleaned text ``k``, parsed ``value``), or NULL."""
    rules = []
    if col.required:
        rules.append(f"WHEN {k} IS NULL THEN 'required'")
    if col.kind == "code":
        sci = f"upper(replace({k}, ' ', ''))"
        rules.append(f"WHEN {is_scientific(k)} AND length(replace(split_part({sci}, 'E', 1), '.', '')) "
                     f"< TRY_CAST(replace(split_part({sci}, 'E', 2), '+', '') AS INTEGER) + 1 "
                     "THEN 'code_scientific'")
    rules.append(f"WHEN {k} IS NOT NULL AND {value} IS NULL THEN '{bad_format_code(col)}'")
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
