"""The headline figures the catalog computes that the topic pages did not show: facility building
and investment, renovated and state-served compounds, community staff, social organizations, the
volunteer points bank and App registrations. Shared by the coverage and volunteer pages and the
report's slides (pure: values are the engine's catalog values).

``model(version, area_code, as_of, since)`` reads the area's catalog values and returns a frozen
``HeadlineModel`` with what the sections show; ``of(stock, window)`` builds the same from values a
caller already holds (the coverage and volunteer models read them with their own figures).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from etl.metric_catalog import unreported_of
from etl.registry import FACILITY_KINDS
from govdash import queries
from govdash.formatting import fmt_clauses, fmt_count, fmt_list, number
from govdash.i18n import tr
from govdash.metric_labels import in_sentence, kind_label, metric_label

# (metric, flow?) per group; flows are summed over the page's window by the engine
COMPOUNDS: tuple[str, ...] = ("compounds", "compounds_upgraded_old", "compounds_soe_property")
STAFF: tuple[str, ...] = (
    "community_workers",
    "certified_social_workers",
    "two_committee_members",
    "grid_workers",
    "reserve_cadres",
)
ORGS_STOCK: tuple[str, ...] = ("social_orgs", "social_org_members", "volunteer_bank_members")
ORGS_FLOW: tuple[str, ...] = (
    "social_org_activities",
    "social_org_participants",
    "volunteer_bank_services",
    "returnee_registrations",
)
BANK: tuple[str, ...] = ("volunteer_bank_members", "volunteer_bank_services")
BANKS = "volunteer_banks"  # read, not shown: why the members read missing (``bank_note``)
KEY_FACILITY = "party_service_center"  # 党群服务中心: the rebuilt centres and their investment
BUILD_COLUMNS = (
    "facilities_open",
    "facilities_planned",
    "facilities_rebuilt",
    "facility_investment_wan",
    "facility_area_m2_open",
    "facility_capacity_open",
)

# A build column whose sum leaves out the facilities that left it blank -> its header key (the count
# of those facilities is the catalog's ``unreported_of``)
UNREPORTED = {
    "facility_investment_wan": "hl_col_investment",
    "facility_area_m2_open": "hl_col_area",
    "facility_capacity_open": "hl_col_capacity",
}
STAFF_SHOWN: tuple[str, ...] = (*STAFF, "certified_share_pct", "workers_per_10k_residents")
# What the coverage page's building and staff sections ask the engine for (every facility kind)
BUILDING_AND_STAFF: tuple[str, ...] = (
    *(f"{c}:{{kind}}" for c in BUILD_COLUMNS),
    *(str(unreported_of(f"{c}:{{kind}}")) for c in UNREPORTED),
    *COMPOUNDS,
    *STAFF_SHOWN,
)


def value(metrics: pd.Series, metric: str) -> float | None:
    """A catalog value as a float; None when missing (never 0 for missing)."""
    return number(metrics.get(metric))


def facility_kinds(metrics: pd.Series) -> list[str]:
    """Facility kinds of the catalog values, in registry order (uploaded kinds after them)."""
    kinds = [m.split(":", 1)[1] for m in metrics.index if m.startswith("facilities_open:")]
    return [k for k in FACILITY_KINDS if k in kinds] + sorted(set(kinds) - set(FACILITY_KINDS))


def build_table(metrics: pd.Series) -> pd.DataFrame:
    """One row per facility kind (index): open, planned, rebuilt, investment (万元), area, capacity."""
    kinds = facility_kinds(metrics)
    rows = {kind: [value(metrics, f"{column}:{kind}") for column in BUILD_COLUMNS] for kind in kinds}
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(BUILD_COLUMNS))


Unreported = tuple[tuple[str, tuple[tuple[str, int], ...]], ...]


def unreported(metrics: pd.Series) -> Unreported:
    """Per build column whose sum leaves facilities out (its header key): the kinds with facilities
    that left it blank and how many, in registry order. The sum covers the others; with none filled
    in it is missing."""
    out = []
    for column, header in UNREPORTED.items():
        found = ((k, value(metrics, str(unreported_of(f"{column}:{k}")))) for k in facility_kinds(metrics))
        kinds = tuple((k, int(n)) for k, n in found if n)
        if kinds:
            out.append((header, kinds))
    return tuple(out)


def unreported_note(blank: Unreported, language: str) -> str:
    """合计只含已填报的设施；未填报的：投资(万元)——党群服务中心 122 处、…: the sums are not the whole."""
    parts = [
        tr(
            "hl_unreported_part",
            language,
            column=tr(header, language) if language == "zh" else in_sentence(tr(header, language)),
            kinds=fmt_list(
                [
                    tr(
                        "hl_unreported_item",
                        language,
                        kind=in_sentence(kind_label(k, language)),
                        n=fmt_count(n, language),
                    )
                    for k, n in kinds
                ],
                language,
            ),
        )
        for header, kinds in blank
    ]
    return tr("hl_unreported_note", language, parts=fmt_clauses(parts, language))


def invested_kinds(table: pd.DataFrame) -> list[str]:
    """Kinds with any investment or rebuilding recorded (what a slide's chart shows)."""
    keep = (table["facility_investment_wan"].fillna(0) > 0) | (table["facilities_rebuilt"].fillna(0) > 0)
    return list(table.index[keep])


def has_points_bank(stock: pd.Series, window: pd.Series) -> bool:
    """Whether the area reports a volunteer points bank: members on the date or services in the
    window. Without either, its two figures are not shown as 0 (no bank, or nothing reported)."""
    return bool(value(stock, BANK[0]) or value(window, BANK[1]))


def blank_note(values: pd.Series, metrics: tuple[str, ...], language: str) -> str:
    """The clause naming the ``metrics`` that read missing in ``values`` (flows: a column no row of
    the window has filled in, ``etl.metric_catalog._filled``), or "" when none does."""
    blank = [metric_label(m, language) for m in metrics if value(values, m) is None]
    if not blank:
        return ""
    return tr("hl_blank", language, names=fmt_list(blank, language))


def bank_note(stock: pd.Series, language: str) -> str:
    """The clause saying why the points bank's members read missing where no bank is registered in
    the area (the catalog's ``needs``: one registered above serves it), or ""."""
    if value(stock, BANK[0]) is None and value(stock, BANKS) == 0:
        return tr("hl_bank_above", language)
    return ""


def without_bank(metrics: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(m for m in metrics if m not in BANK)


# --- the sections' model ------------------------------------------------------------------------


@dataclass(frozen=True)
class HeadlineModel:
    """The headline figures of an area: the catalog values (stocks on the date, flows over the
    window) and what the sections derive from them."""

    stock: pd.Series  # catalog values on the date
    window: pd.Series  # catalog values over the window (flows); the same Series without a window
    build: pd.DataFrame  # one row per facility kind (``build_table``)
    invested: tuple[str, ...]  # kinds with investment or rebuilding (``invested_kinds``)
    unreported: Unreported  # the build columns whose sums leave blank facilities out (``unreported``)
    bank: bool  # the area reports a volunteer points bank (``has_points_bank``)
    staff: bool  # any community staff figure is recorded

    def value(self, metric: str) -> float | None:
        return value(self.stock, metric)


def of(stock: pd.Series, window: pd.Series | None = None) -> HeadlineModel:
    """The headline model of catalog values already read (``window``: the flows, when they differ)."""
    flows = stock if window is None else window
    build = build_table(stock)
    return HeadlineModel(
        stock=stock,
        window=flows,
        build=build,
        invested=tuple(invested_kinds(build)),
        unreported=unreported(stock),
        bank=has_points_bank(stock, flows),
        staff=any(value(stock, m) for m in STAFF),
    )


def model(version: str, area_code: str, as_of: date, since: date | None = None) -> HeadlineModel:
    """The area's headline figures on ``as_of`` (flows over ``since`` < day <= ``as_of``: the engine's
    window, the report's 12 months)."""
    table = queries.metrics_table(version, (area_code,), as_of, since)
    values = table.loc[area_code] if area_code in table.index else pd.Series(dtype=object)
    return of(values)
