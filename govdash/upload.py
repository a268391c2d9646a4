"""The upload page's library: the same pipeline as ``python -m etl`` (no second parser or checker).

An uploaded file is written to a private temporary folder under a name we choose (the browser's
file name is only a label), checked by content and size, staged and checked on a cursor of the
current snapshot (TEMP tables, nothing written), and previewed against the warehouse. Loading goes
through ``etl.loading.load`` like the CLI, from a second temporary folder (``sources``).

Both folders are deleted when the check or the load ends, error or not: between the two the bytes
live only in the session (as the uploader widget holds them anyway). Folders left by a killed
process are swept on the next check.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import tempfile
import time
from collections.abc import Iterator
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

SUFFIX = {"csv": ".csv", "xlsx": ".xlsx", "xls": ".xls", "geojson": ".geojson"}
PREFIX = "govdash-upload-"
STALE_AFTER_S = 3600.0


@dataclass
class Checked:
    """Everything the page shows about one uploaded file."""

    name: str  # as the browser sent it: shown (as text), never used as a path
    fmt: str | None  # csv | xlsx | xls once the content was recognized
    sha256: str
    size: int
    data: bytes = field(default=b"", repr=False)
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
        return not self.problems and self.fmt is not None

    def saved_name(self) -> str:
        """The file's name in our temporary folders: its hash, never the browser's name."""
        return f"{self.sha256[:16]}{SUFFIX[self.fmt or 'csv']}"


def recognize(data: bytes, name: str, limit_mb: float) -> tuple[str | None, list[Problem]]:
    """The file's format by content, or the problems (too large, not CSV/Excel)."""
    size_mb = len(data) / (1024 * 1024)
    if size_mb > limit_mb:
        return None, [
            Problem(name, "file_too_large", params={"size_mb": size_mb, "limit_mb": f"{limit_mb:g}"})
        ]
    try:
        return sniff_format(data[:65536], name), []
    except EtlError as err:
        return None, err.problems


def sweep_stale(max_age_s: float = STALE_AFTER_S) -> None:
    """Delete upload folders a killed process left behind (ours are removed when their work ends)."""
    cutoff = time.time() - max_age_s
    for folder in Path(tempfile.gettempdir()).glob(PREFIX + "*"):
        with contextlib.suppress(OSError):
            if folder.is_dir() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def workdir() -> Iterator[Path]:
    """A private temporary folder, deleted with everything in it when the block ends."""
    with tempfile.TemporaryDirectory(prefix=PREFIX) as folder:
        yield Path(folder)


@contextlib.contextmanager
def sources(files: list[tuple[Checked, dict[str, str] | None]]) -> Iterator[list[Source]]:
    """The checked files written to a temporary folder as load sources; deleted after the block."""
    with workdir() as folder:
        out = []
        for checked, overrides in files:
            path = folder / checked.saved_name()
            path.write_bytes(checked.data)
            out.append(Source(path, checked.name, dataset=checked.dataset, overrides=overrides or None))
        yield out


def check(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    name: str,
    limit_mb: float,
    dataset: str | None = None,
    overrides: dict[str, str] | None = None,
    scope: Scope = EVERYTHING,
) -> Checked:
    """Validate and preview one upload against the snapshot ``con`` reads (a cursor on every area;
    nothing is written). Rows outside ``scope`` are problems, so no preview of them is shown."""
    sweep_stale()
    fmt, problems = recognize(data, name, limit_mb)
    result = Checked(name, fmt, hashlib.sha256(data).hexdigest(), len(data), data=data, problems=problems)
    if fmt is None:
        return result
    try:
        with workdir() as folder:
            path = folder / result.saved_name()
            path.write_bytes(data)
            return _stage_and_preview(con, result, path, dataset, overrides, scope)
    except OSError as err:  # e.g. a full /tmp: a message, not a traceback
        detail = err.strerror or type(err).__name__
        result.problems = [
            Problem(name, "upload_os_error", params={"detail": detail, "path": tempfile.gettempdir()})
        ]
        return result


def _stage_and_preview(
    con: duckdb.DuckDBPyConnection,
    result: Checked,
    path: Path,
    dataset: str | None,
    overrides: dict[str, str] | None,
    scope: Scope,
) -> Checked:
    try:
        staged = stage_file(con, path, result.name, dataset, overrides, scope=scope)
    except EtlError as err:
        result.problems = err.problems
        return result
    result.dataset, result.rows = staged.dataset.name, staged.rows
    result.encoding, result.sheet = staged.raw.encoding, staged.raw.sheet
    result.columns = staged.column_map()
    result.unmapped = [staged.raw.headers[i] for i in staged.mapping.unmapped]
    staged.problems.extend(outside_rows(con, staged, scope))
    result.problems, result.warnings = staged.problems, staged.warnings
    result.identical_to = identical_batch(con, result.sha256)
    if staged.ok:
        result.preview = preview(con, staged)
    drop_stage(con, staged)
    return result


def problems_frame(problems: list[Problem], lang: str) -> pd.DataFrame:
    return pd.DataFrame([p.as_dict(lang) for p in problems])
