"""Data of the 台账 page, the map's ledger layer and the since-the-last-meeting slide, read through
the session's scoped connection (``govdash.db.connection``) and cached per snapshot and scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from etl.ledger import STATUSES, ledger_items
from etl.ledger_pace import pace
from etl.ledger_rules import LEDGER_RULES
from etl.meetings import MeetingStore
from govdash import cache, db, exports, queries, status
from govdash.formatting import fmt_date, is_missing, one_value
from govdash.i18n import tr
from govdash.xlsx_layout import Layout


@cache.model(max_entries=32)
def items(version: str, area_code: str, as_of: date, lang: str) -> pd.DataFrame:
    """The ledger items below the area (``etl.ledger.ledger_items``), overdue first."""
    return ledger_items(db.connection(), area_code, as_of, lang)


NOT_SPLIT = "not_split"  # a count target set above the area: no share of it is known here
# the order the pace table lists targets in: what needs action first, a target already met last
URGENCY = (status.OVERDUE, "behind", "on_pace", NOT_SPLIT, status.MET)


def pace_state(row: pd.Series, as_of: date) -> str:
    """met / overdue in the status vocabulary (``govdash.status``); else on pace or behind; not
    judged where the target is not split to the area (``etl.ledger.judged_here``)."""
    if is_missing(row["required"]):
        return NOT_SPLIT
    if row["remaining"] == 0:
        return status.MET
    if row["due_date"] < as_of:
        return status.OVERDUE
    return "on_pace" if row["on_pace"] else "behind"


@cache.model(max_entries=32)
def pace_table(version: str, area_code: str, as_of: date, lang: str) -> pd.DataFrame:
    """The pace per target and street of the area's items with each row's ``state``
    (``pace_state``), targets that need action first (the most urgent state of any of their rows,
    ``URGENCY``), then by due date; a target's own row stays above its streets', which follow in
    the same order of urgency (then by name). A community's rows count its items alone, so they are
    named by the community, not by its street (whose figures they are not)."""
    found = items(version, area_code, as_of, lang)
    table = pace(found, as_of, root=area_code)
    if not found.empty and (found["community_code"] == area_code).all():
        table = table.assign(street_code=area_code, street_name=found["community_name"].iloc[0])
    if table.empty:
        return table
    table["state"] = [pace_state(r, as_of) for _, r in table.iterrows()]
    rank = table["state"].map(URGENCY.index)
    target = [table["target_area"], table["metric"]]
    order = pd.DataFrame(
        {
            "urgency": rank.groupby(target).transform("min"),
            "due": table["due_date"],
            "target": table.groupby(target, sort=False).ngroup(),
            "street": (table["street_code"] != "").astype(int),  # the target's own row first
            "rank": rank,
            "row": range(len(table)),
        }
    )
    by = ["urgency", "due", "target", "street", "rank", "row"]
    return table.loc[order.sort_values(by, kind="stable").index].reset_index(drop=True)


def chain(area_code: str, areas: pd.DataFrame) -> list[str]:
    """The area and the areas above it (``areas``: ``queries.area_index``)."""
    out: list[str] = []
    code: str | None = area_code
    while code and code not in out:
        out.append(code)
        row = queries.area_row(areas, code)
        code = None if row is None or pd.isna(row["parent_code"]) else str(row["parent_code"])
    return out


def store() -> MeetingStore:
    return MeetingStore(db.warehouse().root)


@cache.model(max_entries=64)  # a filter of every area (670,000 at national scale): once per area
def owners(version: str, area_code: str) -> dict[str, str]:
    """Districts, streets and communities at or below the area (code → name) this session may see:
    who a 推进会 task can be given to."""
    areas = queries.area_index(version)
    below = set(queries.codes_below(version, area_code))
    rows = areas[areas["area_code"].isin(below) & areas["level"].isin(["street", "community", "district"])]
    return dict(zip(rows["area_code"], rows["area_name"], strict=True))


@dataclass(frozen=True)
class LedgerModel:
    """What the 台账 page shows for an area on a day: the items, their count per status, the pace per
    target and street, the streets and kinds offered as filters, and the 推进会 tasks of the areas
    below (read fresh: they change outside the snapshots)."""

    items: pd.DataFrame
    counts: dict[str, int]  # per status (``etl.ledger.STATUSES``)
    pace: pd.DataFrame  # empty without items
    streets: list[str]
    kinds: list[str]  # in ``LEDGER_RULES`` order
    owners: dict[str, str]
    tasks: pd.DataFrame

    @property
    def one_street(self) -> bool:
        """Whether every item lies in one street (a street's ledger): a street filter or column
        would offer, or repeat, that one name."""
        return one_value(self.items["street_name"]) if not self.items.empty else True

    def filtered(self, streets: list[str], kinds: list[str], statuses: list[str]) -> pd.DataFrame:
        """The items of the chosen streets, kinds and statuses (all when a choice is empty)."""
        shown = self.items
        if streets:
            shown = shown[shown["street_name"].isin(streets)]
        if kinds:
            shown = shown[shown["kind"].isin(kinds)]
        if statuses:
            shown = shown[shown["status"].isin(statuses)]
        return shown


def model(version: str, area_code: str, as_of: date, lang: str) -> LedgerModel:
    found = items(version, area_code, as_of, lang)
    who = owners(version, area_code)
    present = set(found["kind"]) if not found.empty else set()
    return LedgerModel(
        items=found,
        counts={s: int((found["status"] == s).sum()) for s in STATUSES} if not found.empty else {},
        pace=pace_table(version, area_code, as_of, lang) if not found.empty else pd.DataFrame(),
        streets=sorted(set(found["street_name"].dropna())) if not found.empty else [],
        kinds=[k for k in LEDGER_RULES if k in present],
        owners=who,
        tasks=store().tasks(list(who)),
    )


ITEM_COLUMNS = {  # column → label key (the table and the XLSX)
    "status_label": "lg_col_status",
    "kind_label": "lg_col_kind",
    "street_name": "lg_col_street",
    "community_name": "lg_col_community",
    "item_name": "lg_col_item",
    "missing": "lg_col_missing",
    "due_date": "lg_col_due",
    "opened_batch": "lg_col_opened",
    "closed_on": "lg_col_closed_on",
    "closed_batch": "lg_col_closed_batch",
}


def display(frame: pd.DataFrame, lang: str, street: bool = True) -> pd.DataFrame:
    """Items with labelled columns for the table and the XLSX; ``street``: with the street column."""
    out = frame.assign(status_label=[tr(f"lg_{s}", lang) for s in frame["status"]])
    columns = {c: k for c, k in ITEM_COLUMNS.items() if street or c != "street_name"}
    out = out[list(columns)].copy()
    out.columns = [tr(k, lang) for k in columns.values()]
    return out


def xlsx_by_street(frame: pd.DataFrame, area_name: str, as_of: date, lang: str) -> bytes:
    """One sheet per street, laid out as every export is (``govdash.xlsx_layout``): the title, the
    date and the units, the items under a repeated header, printable on A4 with page numbers."""
    groups = list(frame.groupby("street_name", sort=True)) or [(area_name, frame)]
    unit = tr("lg_xlsx_unit", lang)
    return exports.to_xlsx_book(
        [
            (
                display(part, lang),
                str(street),
                Layout(
                    tr("lg_xlsx_title", lang, area=area_name, street=street),
                    fmt_date(as_of, lang),
                    unit,
                    lang=lang,
                ),
            )
            for street, part in groups
        ]
    )
