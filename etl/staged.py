"""``Staged``: a file read, mapped, typed and checked (what ``etl.staging.stage_file`` returns and
``etl.checks``, ``etl.plausibility`` and ``etl.loading`` work on). A module of its own so that the
checks need not import the staging that runs them."""

from __future__ import annotations

from dataclasses import dataclass, field

from etl.headers import Mapping
from etl.messages import Problem
from etl.raw_table import RawTable
from etl.registry import Dataset


@dataclass
class Staged:
    """A file read, mapped, typed and checked; ``table`` is a TEMP table on the connection used.

    ``table`` holds every column typed, ``p_<column>`` (the problem code of each mapped cell, NULL
    when fine) and, once ``numbered``, ``_row`` (the line in the file). Its rows are in file order.
    """

    raw: RawTable
    dataset: Dataset
    mapping: Mapping
    table: str
    rows: int
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # ``table`` has ``_row`` (else its rowid + ``raw.row_base`` is the line, see ``prepare_detail``)
    numbered: bool = True

    @property
    def ok(self) -> bool:
        return not self.problems

    def column_map(self) -> list[tuple[str, str]]:
        """(header in the file, canonical column) for every recognized column."""
        return [
            (self.mapping.headers[i], name)
            for name, i in sorted(self.mapping.positions.items(), key=lambda kv: kv[1])
        ]
