"""Matching the headers analysts write to the registry's canonical columns."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from etl.datasets import DATASETS
from etl.registry import Column, Dataset

_UNIT_SUFFIX = re.compile(r"[(\[（【].*?[)\]）】]$")
_DROP = re.compile(r"[\s_\-:：*＊/、.。·]+")


def normalize_header(text: str) -> str:
    """Fold width, case, spaces, punctuation and a trailing unit in brackets: ``户数（户）`` → ``户数``."""
    text = unicodedata.normalize("NFKC", str(text)).strip().lower()
    text = _UNIT_SUFFIX.sub("", text) or text
    return _DROP.sub("", text)


def _aliases(col: Column) -> set[str]:
    names = {col.name, col.label_zh, col.label_en, *col.aliases}
    return {normalize_header(n) for n in names if n}


ALIAS_INDEX: dict[str, dict[str, str]] = {
    name: {alias: col.name for col in ds.columns for alias in sorted(_aliases(col))}
    for name, ds in DATASETS.items()
}
ALL_ALIASES: set[str] = {a for index in ALIAS_INDEX.values() for a in index}


def best_header_row(rows: list[list[str]]) -> int | None:
    """Index of the first row where at least two cells are known column names."""
    best, best_hits = None, 1
    for i, row in enumerate(rows):
        hits = sum(1 for cell in row if cell and normalize_header(cell) in ALL_ALIASES)
        if hits > best_hits:
            best, best_hits = i, hits
            if hits >= 3 or hits >= len([c for c in row if c]):
                return i
    return best


@dataclass
class Mapping:
    """Which file column (by position) feeds which canonical column."""

    dataset: Dataset
    positions: dict[str, int]  # canonical column -> index in the file's headers
    headers: list[str]
    unmapped: list[int]  # header positions not recognized
    duplicates: dict[str, list[int]]  # canonical column -> several header positions

    def header_of(self, column: str) -> str:
        return self.headers[self.positions[column]]


def map_headers(dataset: Dataset, headers: list[str], overrides: dict[str, str] | None = None) -> Mapping:
    """Map file headers to the dataset's columns; ``overrides`` maps a file header to a column."""
    index = ALIAS_INDEX[dataset.name]
    overrides = {normalize_header(k): v for k, v in (overrides or {}).items()}
    positions: dict[str, int] = {}
    duplicates: dict[str, list[int]] = {}
    unmapped: list[int] = []
    for i, header in enumerate(headers):
        key = normalize_header(header)
        target = overrides.get(key) or index.get(key)
        if target is None:
            if key:
                unmapped.append(i)
            continue
        if target in positions:
            duplicates.setdefault(target, [positions[target]]).append(i)
            continue
        positions[target] = i
    return Mapping(dataset, positions, headers, unmapped, duplicates)


def detect_dataset(headers: list[str]) -> Dataset | None:
    """The dataset whose columns match best, preferring one whose required columns are all present.

    A dataset that explains more headers wins even when a required column is missing (the caller
    then reports that column): an activity file without 参与人次 must not load as volunteers just
    because its 社区代码 and 月份 satisfy the volunteers dataset.
    """
    keys = [normalize_header(h) for h in headers]
    best: tuple[tuple[int, bool, float], Dataset] | None = None
    for name, dataset in DATASETS.items():
        if dataset.file_format != "table":
            continue  # chosen by the file's format (``staging.choose_dataset``)
        index = ALIAS_INDEX[name]
        matched = {index[k] for k in keys if k in index}
        required = set(dataset.required_columns)
        complete = required <= matched
        if not complete and len(required & matched) < 2:
            continue  # too little evidence that the file was meant for this dataset
        # prefer the dataset that explains the most headers, then a complete one, then the most specific
        score = (len(matched), complete, len(required) / 100)
        if best is None or score > best[0]:
            best = (score, dataset)
    return best[1] if best else None
