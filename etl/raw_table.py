"""The text cells of one uploaded file as read (``RawTable``): what ``etl.reading``,
``etl.reading_excel`` and ``etl.geojson`` produce and ``etl.staging`` types and checks. A module of
its own so that the readers and the dispatcher (``etl.reading``) do not import each other."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from etl.messages import Problem


@dataclass
class RawTable:
    """Text cells of one file in a TEMP table ``name``: ``_row`` (row number in the file) + c0…cN."""

    name: str  # the TEMP table of text cells (for a direct CSV source: only once materialize() ran)
    headers: list[str]
    file_name: str
    file_format: str  # csv | xlsx | xls
    encoding: str | None = None
    sheet: str | None = None
    delimiter: str | None = None
    header_row: int = 1
    notes: list[str] = field(default_factory=list)
    # full-width digits/punctuation or no-break spaces somewhere in the file (slower cleaning)
    fold_width: bool = True
    # a relation of the text cells (``_row``, c0…cN) and its named parameters: the table ``name``,
    # or the cells read straight from a UTF-8 CSV (c0…cN only, see ``csv_source`` and ``materialize``)
    source: str = ""
    params: dict[str, object] = field(default_factory=dict)
    path: Path | None = None  # the CSV read by a direct ``source``
    # direct source: the line of the first data row (its index 0), were there no blank lines
    row_base: int | None = None
    warnings: list[Problem] = field(default_factory=list)  # e.g. a UTF-8 BOM in front of a GBK body
    # materialized by the careful reader because a cell holds a line break: data row i of the source
    # is the table's row with ``_idx`` i (lines and rows differ; see ``staging.prepare_detail``)
    indexed: bool = False
    # problems of single rows found while reading (a GeoJSON feature's geometry, ``etl.geojson``)
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.source = self.source or self.name

    @property
    def materialized(self) -> bool:
        return self.source == self.name
