"""Which dataset a file with unrecognized headers most resembles, and which header is a misspelling.

``headers.detect_dataset`` needs two required columns spelled as the registry knows them; when it
finds none, the analyst should still learn which dataset the file looks like and which column is
missing or misspelled (``月分`` for ``月份``, ``社区编号`` for ``社区编码``) instead of "unknown".
"""

from __future__ import annotations

import difflib

from etl.datasets import DATASETS
from etl.headers import ALIAS_INDEX, normalize_header
from etl.messages import Problem
from etl.registry import Column, Dataset

CUTOFF = 0.5  # difflib ratio from which a header counts as a misspelling (月分 ~ 月份: 0.5)


def close_column(dataset: Dataset, header: str, taken: set[str]) -> str | None:
    """The column of ``dataset`` (not in ``taken``) whose alias ``header`` most resembles, if any."""
    key = normalize_header(header)
    if not key:
        return None
    index = {alias: col for alias, col in ALIAS_INDEX[dataset.name].items() if col not in taken}
    match = difflib.get_close_matches(key, list(index), n=1, cutoff=CUTOFF)
    return index[match[0]] if match else None


def typos(dataset: Dataset, headers: list[str], unmapped: list[int], taken: set[str]) -> dict[str, str]:
    """Column name -> the unrecognized header that is probably a misspelling of it."""
    out: dict[str, str] = {}
    for i in unmapped:
        col = close_column(dataset, headers[i], taken | set(out))
        if col:
            out[col] = headers[i]
    return out


def _score(dataset: Dataset, headers: list[str]) -> tuple[int, int, int, dict[str, str], set[str]]:
    """(columns recognized, exactly, -required columns absent, misspellings, exact columns)."""
    index = ALIAS_INDEX[dataset.name]
    exact = {index[normalize_header(h)] for h in headers if normalize_header(h) in index}
    unmapped = [i for i, h in enumerate(headers) if normalize_header(h) not in index]
    fuzzy = typos(dataset, headers, unmapped, exact)
    absent = len(set(dataset.required_columns) - exact - set(fuzzy))
    return len(exact) + len(fuzzy), len(exact), -absent, fuzzy, exact


def _label(col: Column, lang: str) -> str:
    return col.label_en if lang == "en" else col.label_zh


def guess(file_name: str, headers: list[str]) -> Problem | None:
    """``dataset_guess`` for the dataset the headers most resemble (None when none is close)."""
    best = max(DATASETS.values(), key=lambda ds: _score(ds, headers)[:3])
    total, _exact, _absent, fuzzy, exact = _score(best, headers)
    if total < 2:
        return None
    missing = [best.column(c) for c in best.required_columns if c not in exact]
    if not missing:
        return None
    hints_zh = [f"把“{fuzzy[c.name]}”改为“{c.label_zh}”" for c in missing if c.name in fuzzy]
    hints_en = [f"“{fuzzy[c.name]}” should be “{c.label_zh}” ({c.name})" for c in missing if c.name in fuzzy]
    absent = [c for c in missing if c.name not in fuzzy]
    if absent:
        hints_zh.append("增加列" + "、".join(f"“{c.label_zh}”" for c in absent))
        hints_en.append("add " + ", ".join(f"“{c.label_zh}” ({c.name})" for c in absent))
    return Problem(
        file_name,
        "dataset_guess",
        params={
            "dataset": best.label_zh,
            "dataset_en": best.label_en,
            "missing": "、".join(f"“{c.label_zh}”" for c in missing),
            "hint": "请" + "，".join(hints_zh) + f"；或用 --dataset {best.name} 指定数据类别",
            "hint_en": "; ".join(hints_en) + f"; or name the dataset with --dataset {best.name}",
        },
    )
