"""The 挂图作战 ledger: items derived from the targets and the rules of ``etl.ledger_rules``.

An item is one thing that must change for a target to be met (a compound without a party branch, a
community below its star target, …). Nothing is ticked by hand: an item's status comes from the
warehouse, and its evidence from the load history.

**States.** Every committed batch ``B`` of a dataset defines the dataset's rows as they stood after
``B``: the live rows and the kept history rows (``_hist_<dataset>``) with ``_batch_id <= B`` that
were not yet replaced (``_removed_by`` NULL or later than ``B``). A rule is evaluated on each state
of its datasets; an item is *closed by* the first batch of the last run of states in which its
condition holds (a load that founds a branch closes the item; undo deletes that batch's rows and
restores the history, so the item is open again on the next read). ``opened`` is the first batch
whose rows hold the item.

**Targets.** A target row on a rule's metric (``etl.ledger_rules``) turns the rule on for every
community below the target's area; the nearest target governs. Of an area's targets on one metric,
the current one is the earliest due on or after ``as_of`` (else the latest), as ``target:METRIC``.
A target already met on ``as_of`` (its done items at least what it asks, ``LedgerRule.required``)
lists its done items only: the rest are not needed for it, so they are neither 未完成 nor 逾期. A
target is judged on the items of the ledger's area, as its pace row is (``etl.ledger_pace``), where
it can be (``judged_here``): a percentage target applies to any part of its area, a count target
only to its own area. Seen from a street, a district's count target is not split: the street's share
is not known, since the street's scope holds none of the other streets' items; its items are never
逾期 there (whether the district met it by the due date is known only in the district's ledger).

Reads go through the connection given (``etl.scope.open_scoped``): a scoped user sees its items only.
"""

from __future__ import annotations

import math
from datetime import date

import duckdb
import pandas as pd

from etl.area_names import shown_name
from etl.ledger_rules import LEDGER_RULES, PCT, RULES, LedgerRule, rule_for_metric
from etl.metric_lookups import ancestors_sql
from etl.registry import CAPSTONE_STAR
from etl.sqlutil import q

OPEN, DONE, OVERDUE = "open", "done", "overdue"
STATUSES = (OVERDUE, OPEN, DONE)  # display order: overdue first
MAX_BID = 9_223_372_036_854_775_807
RURAL_TYPES = ("village_to_urban", "village")
COLUMNS = [
    "kind",
    "metric",
    "item_key",
    "item_name",
    "community_code",
    "community_name",
    "street_code",
    "street_name",
    "have",
    "need",
    "target_area",
    "target_value",
    "target_start",
    "due_date",
    "status",
    "opened_batch",
    "opened_at",
    "closed_on",
    "closed_batch",
    "closed_at",
    "lon",
    "lat",
]
_CODE = {"areas": "area_code", "organizations": "area_code", "facilities": "area_code"}

_COMMUNITIES = f"""
SELECT a.area_code AS community_code, {shown_name("a")} AS community_name, a.parent_code AS street_code,
       {shown_name("s")} AS street_name, a.lon AS c_lon, a.lat AS c_lat
FROM area_closure c JOIN areas a ON a.area_code = c.area_code AND a.level = 'community'
LEFT JOIN areas s ON s.area_code = a.parent_code
WHERE c.ancestor_code = ?
  AND (a.established_date IS NULL OR a.established_date <= ?)
  AND (a.abolished_date IS NULL OR a.abolished_date > ?)
ORDER BY 1"""
# Each community with the areas above it and their targets (``ancestors_sql``: closure or walk)
_TARGETS = """WITH RECURSIVE {ancestors}
SELECT u.area_code AS community_code, t.area_code AS target_area, t.metric, t.target_value, t.due_date, u.depth
FROM up u JOIN targets t ON t.area_code = u.code"""


class LedgerAreaError(ValueError):
    def __init__(self, code: str) -> None:
        super().__init__(f"未知区划代码 {code} / unknown area {code}")
        self.code = code


def current_targets(targets: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Per (target_area, metric): the earliest due on or after ``as_of``, else the latest; with
    ``start``: the previous due date of the same area and metric, else 1 January of the due year."""
    rows = []
    for (area, metric), group in targets.groupby(["target_area", "metric"], sort=True):
        dues = sorted(set(group["due_date"]))
        ahead = [d for d in dues if d >= as_of]
        due = ahead[0] if ahead else dues[-1]
        before = [d for d in dues if d < due]
        start = before[-1] if before else date(due.year, 1, 1)
        value = float(group.loc[group["due_date"] == due, "target_value"].iloc[0])
        rows.append(
            {"target_area": area, "metric": metric, "due_date": due, "start": start, "target_value": value}
        )
    return pd.DataFrame(rows, columns=["target_area", "metric", "due_date", "start", "target_value"])


def _governing(con: duckdb.DuckDBPyConnection, codes: list[str], as_of: date) -> pd.DataFrame:
    """Per community and rule metric: the nearest target area's current target."""
    with con.cursor() as cur:
        links = cur.execute(ancestors_sql(cur, _TARGETS, codes), {"codes": codes}).df()
    served = [m for m in links["metric"].unique() if rule_for_metric(m) is not None]  # once per metric
    links = links[links["metric"].isin(served)]
    if links.empty:
        return pd.DataFrame(columns=["community_code", "metric", "target_area", "due_date", "target_value"])
    links["due_date"] = [pd.Timestamp(d).date() for d in links["due_date"]]
    current = current_targets(links, as_of)
    nearest = links.sort_values("depth").drop_duplicates(["community_code", "metric"])
    return nearest[["community_code", "metric", "target_area"]].merge(current, on=["target_area", "metric"])


def _state_sql(dataset: str) -> str:
    code = q(_CODE.get(dataset, "community_code"))
    live, hist = q(dataset), q("_hist_" + dataset)
    return (
        f"s_{dataset} AS (SELECT b.bid, v.* FROM bids b JOIN ("
        f"SELECT *, NULL::BIGINT AS _removed_by FROM {live} WHERE {code} IN (SELECT unnest($codes)) "
        f"UNION ALL BY NAME SELECT * FROM {hist} WHERE {code} IN (SELECT unnest($codes))) v "
        f"ON v._batch_id <= b.bid AND coalesce(v._removed_by, {MAX_BID}) > b.bid)"
    )


def rule_sql(rule: LedgerRule) -> str:
    """The rule over every state of its datasets, one row per (bid, item)."""
    states = ",\n".join(_state_sql(d) for d in rule.datasets)
    return (
        "WITH bids AS (SELECT batch_id AS bid FROM _batches WHERE status = 'committed' "
        "AND dataset IN (SELECT unnest($datasets))),\n"
        f"{states},\nitems AS ({rule.sql}\n)\n"
        "SELECT i.*, b.loaded_at FROM items i JOIN _batches b ON b.batch_id = i.bid"
    )


def _evaluate(
    con: duckdb.DuckDBPyConnection, rule: LedgerRule, found: dict[str, str], codes: list[str], as_of: date
) -> pd.DataFrame:
    from etl.settings import star_threshold

    values = {
        "as_of": as_of,
        "codes": codes,
        "datasets": list(rule.datasets),
        "kind": found.get("kind"),
        "m2": float(found["m2"]) if "m2" in found else None,
        "threshold": float(star_threshold()),
        "capstone": CAPSTONE_STAR,
        "rural": list(RURAL_TYPES),
    }
    sql = rule_sql(rule)
    used = {k: v for k, v in values.items() if f"${k}" in sql}
    with con.cursor() as cur:
        return cur.execute(sql, used).df()


def _history(states: pd.DataFrame) -> pd.DataFrame:
    """One row per item: its last state, the batch that opened it and the batch that closed it."""
    states = states.sort_values(["item_key", "bid"])
    last_bid = int(states["bid"].max())
    grouped = states.groupby("item_key", sort=False)
    first = grouped.first()[["bid", "loaded_at"]].rename(
        columns={"bid": "opened_batch", "loaded_at": "opened_at"}
    )
    last = grouped.last()
    last = last[last["bid"] == last_bid]  # items still in the current data
    not_done = states[~states["done"].astype(bool)].groupby("item_key")["bid"].max()
    done = states[states["done"].astype(bool)].copy()
    last_open = {k: int(v) for k, v in not_done.items()}
    done["after"] = [last_open.get(k, -1) for k in done["item_key"]]
    run = done[done["bid"] > done["after"]].groupby("item_key").first()[["bid", "loaded_at"]]
    out = (
        last.drop(columns=["bid", "loaded_at"])
        .join(first)
        .join(run.rename(columns={"bid": "closed_batch", "loaded_at": "closed_at"}))
    )
    out.loc[~out["done"].astype(bool), ["closed_batch", "closed_at"]] = None
    return out.reset_index()


def ledger_items(con: duckdb.DuckDBPyConnection, root: str, as_of: date, lang: str = "zh") -> pd.DataFrame:
    """Every ledger item below ``root`` on ``as_of`` (``COLUMNS`` plus ``kind_label`` and ``missing``),
    overdue first. Raises ``LedgerAreaError`` for an area the connection does not hold."""
    with con.cursor() as cur:
        if (
            cur.execute("SELECT 1 FROM areas WHERE area_code = ? AND level IS NOT NULL", [root]).fetchone()
            is None
        ):
            raise LedgerAreaError(root)
        communities = cur.execute(_COMMUNITIES, [root, as_of, as_of]).df()
    codes = communities["community_code"].tolist()
    governing = _governing(con, codes, as_of) if codes else pd.DataFrame()
    frames = []
    for metric, group in governing.groupby("metric") if not governing.empty else []:
        rule, found = rule_for_metric(metric)  # type: ignore[misc]
        states = _evaluate(con, rule, found, sorted(group["community_code"]), as_of)
        if states.empty:
            continue
        items = _history(states)
        items["kind"], items["metric"] = rule.kind, metric
        frames.append(items.merge(group.drop(columns="metric"), on="community_code"))
    if not frames:
        return pd.DataFrame(columns=[*COLUMNS, "kind_label", "missing"])
    items = pd.concat(frames, ignore_index=True).merge(communities, on="community_code", how="left")
    items, judged = _judge(items, root)
    return _finish(items, as_of, lang, judged)


def judged_here(kind: str, target_area: str, root: str | None, items: pd.DataFrame) -> bool:
    """Whether ``items`` (a ledger's items of one target, below ``root``) can be judged against
    their target: a percentage target applies to any part of its area; a count target only when
    it is set for ``root`` or an area below it (see the module docstring). ``root`` None: the items
    are the target's own."""
    if LEDGER_RULES[kind].target_type == PCT or root is None:
        return True
    communities = set(items["community_code"])
    # the items' streets lie below a district or street ledger, above a community's
    streets = set(items["street_code"].dropna()) if root not in communities else set()
    return target_area in {root, *communities, *streets}


def _judge(items: pd.DataFrame, root: str) -> tuple[pd.DataFrame, pd.Series]:
    """The items without those not done of a target already met, and per item whether its target
    is judged here (``judged_here``; see the module docstring). An item of a target that is not (a
    district's count target seen from a street) is never 逾期: whether the target was met by its
    due date is known only above; past the date it stays 未完成."""
    done = items["done"].astype(bool)
    keep = pd.Series(True, index=items.index)
    judged = pd.Series(True, index=items.index)
    for (area, _metric), group in items.groupby(["target_area", "metric"], sort=False):
        rule = LEDGER_RULES[group["kind"].iloc[0]]
        if not judged_here(rule.kind, area, root, group):
            judged[group.index] = False
            continue
        required = rule.required(float(group["target_value"].iloc[0]), len(group))
        if done[group.index].sum() >= math.ceil(required):
            keep[group.index] = done[group.index]
    return items[keep], judged[keep]


def _finish(items: pd.DataFrame, as_of: date, lang: str, judged: pd.Series) -> pd.DataFrame:
    items["item_name"] = items["item_name"].fillna(items["community_name"])
    items["target_start"] = items["start"]
    items["lon"] = items["lon"].fillna(items["c_lon"])
    items["lat"] = items["lat"].fillna(items["c_lat"])
    done = items["done"].astype(bool)
    items["status"] = [
        DONE if d else OVERDUE if j and due < as_of else OPEN
        for d, due, j in zip(done, items["due_date"], judged, strict=True)
    ]
    fallback = pd.to_datetime(items["closed_at"]).dt.date
    items["closed_on"] = [
        (pd.Timestamp(on).date() if pd.notna(on) else fb) if d else None
        for d, on, fb in zip(done, items["done_on"], fallback, strict=True)
    ]
    items["kind_label"] = [LEDGER_RULES[k].label(lang) for k in items["kind"]]
    items["missing"] = [
        LEDGER_RULES[k].missing(lang, have=h if pd.notna(h) else None, need=n if pd.notna(n) else None)
        for k, h, n in zip(items["kind"], items["have"], items["need"], strict=True)
    ]
    order = {s: i for i, s in enumerate(STATUSES)}
    items["_order"] = items["status"].map(order)
    items = items.sort_values(["_order", "due_date", "street_code", "community_code", "kind", "item_name"])
    for col in ("opened_batch", "closed_batch"):
        items[col] = items[col].astype("Int64")
    return items[[*COLUMNS, "kind_label", "missing"]].reset_index(drop=True)


def counts(items: pd.DataFrame) -> list[tuple[str, int]]:
    """``ledger_open:KIND`` (open and overdue) and ``ledger_done:KIND`` for every rule, in rule order."""
    out: list[tuple[str, int]] = []
    for rule in RULES:
        mine = items[items["kind"] == rule.kind]
        out.append((f"ledger_open:{rule.kind}", int((mine["status"] != DONE).sum())))
        out.append((f"ledger_done:{rule.kind}", int((mine["status"] == DONE).sum())))
    return out
