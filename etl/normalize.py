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


def total_row(cell: str) -> str:
    """SQL true when a raw cell starts a total row (合计…); the regular expression only on cells with 计."""
    return f"CASE WHEN contains({cell}, '计') THEN regexp_matches({cell}, '{TOTAL_ROW}') END"


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


# The format each separator after the year suggests: (separator, short form, form with a day).
# No text parses under two of the formats (checked), so the suggested one, when it parses, gives
# the same date as trying the whole list; a failed try_strptime costs ten times a successful one.
_GUESS = (
    ("-", "%Y-%m", "%Y-%m-%d"),
    ("/", "%Y/%m", "%Y/%m/%d"),
    (".", "%Y.%m", "%Y.%m.%d"),
    ("年", "%Y年%m月", "%Y年%m月%d日"),
)


def _guess_date(k: str, formats: tuple[str, ...]) -> str:
    """try_strptime with the one format of ``formats`` that the text's separators suggest (or NULL)."""

    def parse(fmt: str | None) -> str:
        return f"try_strptime({k}, '{fmt}')" if fmt in formats else "NULL"

    branches = []
    for sep, short, full in reversed(_GUESS):  # 年 first: 2024年5月1日 has no other separator
        has_day = f"ends_with({k}, '日')" if sep == "年" else f"length({k}) > 7"
        branches.append(
            f"WHEN contains({k}, '{sep}') THEN CASE WHEN {has_day} THEN {parse(full)} ELSE {parse(short)} END"
        )
    digits = "%Y%m" if "%Y%m" in formats else "%Y%m%d"
    return f"CASE {' '.join(branches)} ELSE {parse(digits)} END"


def _fast_date(k: str, formats: tuple[str, ...]) -> str:
    listed = ", ".join(f"'{f}'" for f in formats)
    guess = _guess_date(k, formats)
    # only four-digit years 19xx/20xx: a five-digit Excel serial such as 45231 is not year 4523
    return (
        f"CASE WHEN length({k}) >= 6 AND left({k}, 2) IN ('19', '20') "
        f"THEN CAST(coalesce({guess}, try_strptime({k}, [{listed}])) AS DATE) END"
    )


def number_text(k: str) -> str:
    return f"regexp_replace(replace(replace({k}, ',', ''), ' ', ''), '{UNIT_SUFFIX}', '')"


def number_fast(k: str) -> str:
    fast = f"TRY_CAST({k} AS DOUBLE)"
    return f"CASE WHEN isfinite({fast}) THEN {fast} END"


def number_slow(k: str) -> str:
    t = number_text(k)
    num = r"-?[0-9]*\.?[0-9]+([eE][+-]?[0-9]+)?"
    return (
        f"CASE WHEN regexp_full_match({t}, '{num}') THEN TRY_CAST({t} AS DOUBLE) "
        f"WHEN regexp_full_match({t}, '{num}万') THEN TRY_CAST(rtrim({t}, '万') AS DOUBLE) * 10000 "
        f"WHEN regexp_full_match({t}, '{num}亿') THEN TRY_CAST(rtrim({t}, '亿') AS DOUBLE) * 100000000 END"
    )


def parse_number(k: str) -> str:
    return f"coalesce({number_fast(k)}, {number_slow(k)})"


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


def date_fast(k: str, month: bool = False) -> str:
    return _fast_date(k, MONTH_FORMATS if month else DATE_FORMATS)


def date_slow(k: str, month: bool = False) -> str:
    """The regular-expression ladder for cleaned text ``k`` that ``date_fast`` did not parse."""
    t = date_text(k)
    ymd = "'^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$'"
    compact = "'^([0-9]{4})([0-9]{2})([0-9]{2})$'"
    serial = f"TRY_CAST({k} AS DOUBLE)"
    parts = [
        f"WHEN regexp_full_match({t}, {ymd}) THEN " + _ymd(t, f"{ymd}, 1", f"{ymd}, 2", f"{ymd}, 3"),
        f"WHEN regexp_full_match({t}, {compact}) THEN "
        + _ymd(t, f"{compact}, 1", f"{compact}, 2", f"{compact}, 3"),
        f"WHEN regexp_full_match({k}, '[0-9]{{5}}(\\.0+)?') AND {serial} BETWEEN 10000 AND 80000 "
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
    return f"CASE {' '.join(parts)} END"


def month_start(value: str) -> str:
    return f"date_trunc('month', {value})::DATE"


def parse_date(k: str, month: bool = False) -> str:
    """``k``: cleaned text."""
    value = f"coalesce({date_fast(k, month)}, {date_slow(k, month)})"
    return month_start(value) if month else value


def code_fast(k: str) -> str:
    """The common case of a code, the text itself (else NULL): 12 or 9 digits not ending in 000, or 6
    digits (exactly the digit-only texts that ``_parse_code_slow`` returns unchanged)."""
    return (
        f"CASE WHEN length({k}) IN (6, 9, 12) AND (length({k}) = 6 OR right({k}, 3) <> '000') "
        f"AND regexp_full_match({k}, '[0-9]+') THEN {k} END"
    )


def parse_code(k: str) -> str:
    """Canonical division code text: digits only, trailing 000 groups folded (410311000000 → 410311)."""
    return f"coalesce({code_fast(k)}, {_parse_code_slow(k)})"


def _parse_code_slow(k: str) -> str:
    t = f"replace({k}, ' ', '')"
    t = (
        f"CASE WHEN regexp_full_match({t}, '[0-9]+\\.0+') THEN split_part({t}, '.', 1) "
        f"WHEN regexp_full_match({t}, '[0-9](\\.[0-9]+)?[eE]\\+?[0-9]+') "
        f"THEN CAST(TRY_CAST(TRY_CAST({t} AS DOUBLE) AS HUGEINT) AS VARCHAR) ELSE {t} END"
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


def open_value(t: str) -> str:
    """An unlisted lower_snake_case value of an open enum (``t``: cleaned text that matched no label)."""
    return f"CASE WHEN regexp_full_match({enum_key(t)}, '[a-z][a-z0-9_]*') THEN {enum_key(t)} END"


def parse_enum(k: str, col: Column, found: str) -> str:
    """``found`` is the lookup table's value for this cell (a LEFT JOIN on ``enum_key``)."""
    if col.open_values:
        return f"coalesce({found}, {open_value(k)})"
    return found


# kinds parsed in two steps: a cheap ``fast`` expression on the raw cell for the common text, and
# the ``slow`` one only on the cells it left NULL (the caller cleans and passes their text, NULL
# elsewhere, so cleaning and the regular expressions of the slow path run on few cells)
SPLIT_KINDS = ("code", "int", "float", "year", "date", "month")


def fast(col: Column, k: str) -> str:
    """SQL giving the value of text ``k`` in the common formats (NULL otherwise).

    Whenever it is not NULL, it is also the value of the cleaned text, so it may be given the raw cell.
    """
    kind = col.kind
    if kind == "code":
        return code_fast(k)
    if kind in ("int", "float"):
        return number_fast(k)
    if kind == "year":
        return f"TRY_CAST({k} AS DOUBLE)"
    if kind == "month":
        return f"CASE WHEN NOT {ambiguous_month(k)} THEN {date_fast(k, month=True)} END"
    if kind == "date":
        return date_fast(k)
    raise ValueError(kind)


def slow(col: Column, t: str) -> str:
    """SQL giving the value of cleaned text ``t`` that ``fast`` did not parse (NULL when invalid)."""
    kind = col.kind
    if kind == "code":
        return _parse_code_slow(t)
    if kind in ("int", "float"):
        return number_slow(t)
    if kind == "year":
        return f"TRY_CAST(regexp_replace({t}, '(年度|年)$', '') AS DOUBLE)"
    if kind in ("date", "month"):
        return date_slow(t, month=kind == "month")
    raise ValueError(kind)


def parse(col: Column, k: str, found: str = "NULL") -> str:
    """SQL giving ``col``'s typed value from cleaned text ``k`` (NULL when invalid), in one expression.

    ``found`` is the joined enum lookup value (enum columns only). Staging uses ``fast``/``slow``.
    """
    kind = col.kind
    if kind in SPLIT_KINDS:
        value = f"coalesce({fast(col, k)}, {slow(col, k)})"
        return month_start(value) if kind == "month" else value
    if kind == "text":
        return k
    if kind == "enum":
        return parse_enum(k, col, found)
    if kind == "bool":
        return parse_bool(k)
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


PROBLEM_CODES = (
    "required",
    "code_scientific",
    "bad_code",
    "bad_value",
    "not_a_number",
    "bad_year",
    "bad_bool",
    "bad_date",
    "bad_month",
    "not_integer",
    "negative",
    "too_small",
    "too_large",
    "too_long",
    "ambiguous_month",
    "too_early",
)
TEXT_LIMIT = 32767  # characters in one Excel cell


def ambiguous_month(t: str) -> str:
    """SQL true for ``2024.1``: January, or Excel's number for 2024.10 (October)?"""
    return f"(length({t}) = 6 AND ends_with({t}, '.1') AND left({t}, 2) IN ('19', '20'))"


PROBLEM_TYPE = "ENUM(" + ", ".join(f"'{c}'" for c in PROBLEM_CODES) + ")"  # one byte a cell


def problem_expr(col: Column, blank: str, value: str, text: str) -> str:
    """SQL giving the problem code of one cell, or NULL.

    ``blank``: SQL true when the cleaned cell is empty; ``value``: its parsed value; ``text``: its
    cleaned text, or only where the fast parse did not take it (NULL elsewhere): a code that the
    fast path took is 12 plain digits, never in scientific notation.
    """
    rules = []
    if col.required:
        rules.append(f"WHEN {blank} THEN 'required'")
    if col.kind == "code":
        t = text
        sci = f"upper(replace({t}, ' ', ''))"
        rules.append(
            f"WHEN {is_scientific(t)} AND length(replace(split_part({sci}, 'E', 1), '.', '')) "
            f"< TRY_CAST(replace(split_part({sci}, 'E', 2), '+', '') AS INTEGER) + 1 "
            "THEN 'code_scientific'"
        )
    if col.kind == "month":
        rules.append(f"WHEN coalesce({ambiguous_month(text)}, false) THEN 'ambiguous_month'")
    rules.append(f"WHEN NOT ({blank}) AND {value} IS NULL THEN '{bad_format_code(col)}'")
    if col.kind == "text":
        rules.append(f"WHEN length({value}) > {TEXT_LIMIT} THEN 'too_long'")
    if col.kind in ("int", "year"):
        rules.append(f"WHEN {value} <> round({value}) THEN 'not_integer'")
    if col.is_numeric and col.lower is not None:
        code = "negative" if col.lower == 0 else "too_small"
        rules.append(f"WHEN {value} < {float(col.lower)} THEN '{code}'")
    if col.is_numeric and col.upper is not None:
        rules.append(f"WHEN {value} > {float(col.upper)} THEN 'too_large'")
    if col.lower_date:
        rules.append(f"WHEN {value} < DATE '{col.lower_date}' THEN 'too_early'")
    # one test passes the common valid cell (each WHEN costs a pass over the cells left)
    return f"CASE WHEN {_fine(col, value, text)} THEN NULL {' '.join(rules)} END"


def _fine(col: Column, value: str, text: str) -> str:
    """SQL true only for a cell that none of ``problem_expr``'s rules flags."""
    conds = []
    if col.kind in ("int", "year"):
        conds.append(f"{value} = round({value})")
    if col.is_numeric and col.lower is not None:
        conds.append(f"{value} >= {float(col.lower)}")
    if col.is_numeric and col.upper is not None:
        conds.append(f"{value} <= {float(col.upper)}")
    if col.lower_date:
        conds.append(f"{value} >= DATE '{col.lower_date}'")
    if col.kind == "text":
        conds.append(f"length({value}) <= {TEXT_LIMIT}")
    if col.kind == "month":  # and the fast path took it (it leaves ambiguous months to the slow one)
        conds.append(f"{text} IS NULL")
    if col.kind == "code":  # and the fast path took it
        conds = [f"{value} IS NOT NULL", f"{text} IS NULL"]
    return " AND ".join(conds or [f"{value} IS NOT NULL"])  # a NULL value fails every comparison


def typed(col: Column, value: str) -> str:
    return f"TRY_CAST({value} AS {col.duckdb_type}) AS {q(col.name)}"
