"""Queries of the upload-history and submission pages (SQL values bound, identifiers quoted)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from etl.area_names import shown_name
from etl.datasets import DATASETS
from etl.history import EMPTIED_WHY, batch_changes, batches, dependents, emptied, emptied_columns
from etl.scope_checks import batch_outside
from etl.sqlutil import q
from govdash import cache, data_labels, db, queries
from govdash.formatting import MISSING
from govdash.i18n import TEXT, tr

MONTHLY = tuple(name for name, ds in DATASETS.items() if ds.period_column == "month")
DEADLINE_DAY = 10  # data for month M is due by this day of month M+1


COUNT_COLUMNS = ["rows_in_file", "rows_added", "rows_changed", "rows_removed", "rows_unchanged"]


@cache.model(max_entries=64)
def batch_table(version: str) -> pd.DataFrame:
    """The batches this session may see, newest first. ``partial`` marks a batch that also changed rows
    outside the user's areas: its file name, counts and original file stay hidden (they describe rows
    the user may not see), its change list shows the rows inside, and it cannot be undone here."""
    table = batches(db.connection())
    scope = db.current_scope()
    table["partial"] = False
    if scope.everything or table.empty:
        return table
    with db.unrestricted().cursor() as cur:
        table["partial"] = [batch_outside(cur, int(b), scope) > 0 for b in table["batch_id"]]
    table[COUNT_COLUMNS] = table[COUNT_COLUMNS].astype("Int64").mask(table["partial"])
    table["file_name"] = table["file_name"].mask(table["partial"], MISSING)
    return table


@cache.model(max_entries=256)
def changes_of(version: str, batch_id: int, dataset: str, lang: str) -> pd.DataFrame:
    """The rows the batch wrote and displaced, for people: labels, names beside codes, 2024年5月,
    "—" for blanks; rows it rewrote unchanged are left out."""
    df = batch_changes(db.connection(), batch_id)
    return data_labels.batch_rows(df, DATASETS[dataset], lang, queries.area_tree(version).names)


def time_text(value: object) -> str:
    """A load time to the minute (``2024-05-03 10:22``); "—" when unknown."""
    if data_labels.missing(value):
        return data_labels.BLANK
    return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")


def dependents_of(batch_id: int) -> list[int]:
    with db.connection().cursor() as cur:
        return dependents(cur, batch_id)


# --- the upload-history page's model -------------------------------------------------------------

SHOWN_COLUMNS = [
    "batch_id",
    "loaded_at",
    "loaded_by",
    "file_name",
    "dataset",
    "rows_in_file",
    "rows_added",
    "rows_changed",
    "rows_removed",
    "status",
]


def _text(key: str, lang: str) -> str:
    return TEXT[key][1 if lang == "en" else 0]


def dataset_label(name: str | None, lang: str) -> str:
    if not name:
        return MISSING
    return DATASETS[name].label_en if lang == "en" else DATASETS[name].label_zh


def shown_table(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The batches as listed and downloaded: load time to the minute, labels and headers in ``lang``."""
    shown = table[SHOWN_COLUMNS].copy()
    shown["loaded_at"] = shown["loaded_at"].map(time_text)
    shown["dataset"] = shown["dataset"].map(lambda d: dataset_label(d, lang))
    shown["status"] = shown["status"].map(lambda s: _text(f"hi_status_{s}", lang))
    shown.columns = _text("hi_cols", lang).split(",")
    return shown


@dataclass(frozen=True)
class HistoryModel:
    """The batches this session may see (``batch_table``) and the table the page lists."""

    batches: pd.DataFrame
    shown: pd.DataFrame

    @property
    def ids(self) -> list[int]:
        return self.batches["batch_id"].tolist()

    def file_name(self, batch_id: int) -> str:
        return str(self.batches.set_index("batch_id").at[batch_id, "file_name"])


@dataclass(frozen=True)
class BatchDetail:
    """One batch as the page shows it once picked: its row, the original file (None when hidden
    from this session or not archived), its changes, and the later batches an undo would take along."""

    row: pd.Series
    archived: Path | None
    changes: pd.DataFrame
    dependents: list[int]
    emptied: str | None  # which stored values it emptied (columns and rows), None when none


def model(version: str, lang: str) -> HistoryModel:
    table = batch_table(version)
    return HistoryModel(table, shown_table(table, lang) if not table.empty else pd.DataFrame())


def detail(version: str, m: HistoryModel, batch_id: int, lang: str, undoable: bool) -> BatchDetail:
    """The picked batch of ``m``; ``undoable``: the viewer may undo (the dependents are read only then)."""
    row = m.batches.set_index("batch_id").loc[batch_id]
    archived = None if row["partial"] else db.warehouse().archived_file(row["file_sha256"])
    changes = changes_of(version, int(batch_id), row["dataset"], lang)
    live = undoable and row["status"] == "committed" and not row["partial"]
    later = dependents_of(int(batch_id)) if live else []
    return BatchDetail(row, archived, changes, later, emptied_of(version, int(batch_id), lang))


@cache.model(max_entries=256)
def emptied_of(version: str, batch_id: int, lang: str) -> str | None:
    """The stored values the batch emptied (``etl.history.emptied``, read through the session's
    scoped connection: only rows of its areas), as one sentence; None when it emptied none."""
    found = emptied(db.connection(), batch_id)
    if found.empty:
        return None
    why = EMPTIED_WHY[1] if lang == "en" else EMPTIED_WHY[0]
    return tr("hi_emptied", lang, columns=emptied_columns(found, lang), why=why)


def deadline(month: date) -> date:
    nxt = queries.month_end(month).toordinal() + 1
    return date.fromordinal(nxt).replace(day=DEADLINE_DAY)


@cache.model(max_entries=256)
def submissions(version: str, area_code: str, dataset: str, month: date) -> pd.DataFrame:
    """One row per community existing in the month: street, reported?, first loaded at, late?

    Late: first loaded after the deadline by a monthly file (a batch covering one month only).
    """
    ds = DATASETS[dataset]
    table, hist, col = q(ds.name), q("_hist_" + ds.name), q(ds.area_column)
    end = queries.month_end(month)
    df = queries.subtree_df(
        f"WITH RECURSIVE {queries.EXISTING_COMMUNITIES}, "
        f"written AS (SELECT {col} AS code, _batch_id FROM {table} WHERE month = $month "
        f"UNION ALL SELECT {col}, _batch_id FROM {hist} WHERE month = $month), "
        "mine AS (SELECT w.code, w._batch_id FROM written w SEMI JOIN comms c ON c.area_code = w.code), "
        # the months of the batches that wrote the area's month only (not of every batch ever loaded)
        f"spans AS (SELECT _batch_id, count(DISTINCT month) AS months FROM (SELECT _batch_id, month FROM {table} "
        f"UNION ALL SELECT _batch_id, month FROM {hist}) WHERE _batch_id IN (SELECT _batch_id FROM mine) "
        "GROUP BY _batch_id), "
        "first_load AS (SELECT w.code, min(b.loaded_at) AS first_loaded_at, "
        "arg_min(s.months, b.loaded_at) AS first_batch_months FROM mine w "
        "JOIN _batches b ON b.batch_id = w._batch_id JOIN spans s ON s._batch_id = w._batch_id GROUP BY w.code), "
        f"live AS (SELECT DISTINCT {col} AS code FROM {table} WHERE month = $month "
        f"AND {col} IN (SELECT area_code FROM comms)) "
        f"SELECT c.area_code, {shown_name('c')} AS area_name, c.parent_code AS street_code, "
        f"{shown_name('s')} AS street_name, "
        "l.code IS NOT NULL AS reported, f.first_loaded_at, f.first_batch_months FROM comms c "
        "LEFT JOIN areas s ON s.area_code = c.parent_code LEFT JOIN live l ON l.code = c.area_code "
        "LEFT JOIN first_load f ON f.code = c.area_code ORDER BY c.area_code",
        {"root": area_code, "day": end, "month": month},
    )
    due = pd.Timestamp(deadline(month)) + pd.Timedelta(days=1)
    # a file covering several months is a back-fill of history, not a late monthly report
    monthly = df["first_batch_months"].fillna(0) == 1
    df["late"] = df["reported"] & monthly & df["first_loaded_at"].notna() & (df["first_loaded_at"] >= due)
    return df


def by_street(df: pd.DataFrame) -> pd.DataFrame:
    grouped = df.groupby(["street_code", "street_name"], dropna=False)
    out = grouped.agg(communities=("area_code", "size"), reported=("reported", "sum"), late=("late", "sum"))
    out["missing"] = out["communities"] - out["reported"]
    return out.reset_index()
