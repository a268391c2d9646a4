"""The upload page's library: the same pipeline as ``python -m etl`` (no second parser or checker).

An uploaded file is written to a private temporary file whose name we choose (the browser's file
name is only a label), checked by content and size, staged and checked on a cursor of the current
snapshot (TEMP tables, nothing written), and previewed against the warehouse. Loading goes through
``etl.loading.load`` like the CLI.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from etl.loading import Source, identical_batch
from etl.messages import EtlError, Problem
from etl.preview import Preview, preview
from etl.reading import sniff_format
from etl.scope import EVERYTHING, Scope
from etl.scope_checks import outside_rows
from etl.staging import drop_stage, stage_file

SUFFIX = {"csv": ".csv", "xlsx": ".xlsx", "xls": ".xls"}


@dataclass
class Checked:
    """Everything the page shows about one uploaded file."""

    name: str  # as the browser sent it: shown, never used as a path
    path: Path | None
    sha256: str
    size: int
    dataset: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    rows: int = 0
    columns: list[tuple[str, str]] = field(default_factory=list)  # (file header, canonical column)
    unmapped: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    preview: Preview | None = None
    identical_to: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and self.path is not None

    def source(self, overrides: dict[str, str] | None = None) -> Source:
        return Source(self.path, self.name, dataset=self.dataset, overrides=overrides)


def save_upload(data: bytes, name: str, workdir: Path, limit_mb: float) -> tuple[Path | None, list[Problem]]:
    """Write the bytes to ``workdir`` under a name of our own; check size and type by content."""
    size_mb = len(data) / (1024 * 1024)
    if size_mb > limit_mb:
        return None, [Problem(name, "file_too_large", params={"size_mb": size_mb, "limit_mb": f"{limit_mb:g}"})]
    try:
        fmt = sniff_format(data[:65536], name)
    except EtlError as err:
        return None, err.problems
    digest = hashlib.sha256(data).hexdigest()
    path = workdir / f"{digest[:16]}{SUFFIX[fmt]}"
    path.write_bytes(data)
    return path, []


def new_workdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="govdash-upload-"))


def check(con: duckdb.DuckDBPyConnection, data: bytes, name: str, workdir: Path, limit_mb: float,
          dataset: str | None = None, overrides: dict[str, str] | None = None,
          scope: Scope = EVERYTHING) -> Checked:
    """Validate and preview one upload against the snapshot ``con`` reads (a cursor on every area;
    nothing is written). Rows outside ``scope`` are problems, so no preview of them is shown."""
    digest = hashlib.sha256(data).hexdigest()
    path, problems = save_upload(data, name, workdir, limit_mb)
    result = Checked(name, path, digest, len(data), problems=problems)
    if path is None:
        return result
    try:
        staged = stage_file(con, path, name, dataset, overrides)
    except EtlError as err:
        result.problems = err.problems
        return result
    result.dataset, result.rows = staged.dataset.name, staged.rows
    result.encoding, result.sheet = staged.raw.encoding, staged.raw.sheet
    result.columns = staged.column_map()
    result.unmapped = [staged.raw.headers[i] for i in staged.mapping.unmapped]
    staged.problems.extend(outside_rows(con, staged, scope))
    result.problems, result.warnings = staged.problems, staged.warnings
    result.identical_to = identical_batch(con, digest)
    if staged.ok:
        result.preview = preview(con, staged)
    drop_stage(con, staged)
    return result


def problems_frame(problems: list[Problem], lang: str) -> pd.DataFrame:
    return pd.DataFrame([p.as_dict(lang) for p in problems])
