"""Tables of the coverage page: the scorecard of the selected area and the street/community matrix.

Each table is a DataFrame of values (so it sorts by number) plus a Styler that formats the numbers
the Chinese way and tints the cells by traffic light.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
from pandas.io.formats.style import Styler

from govdash import coverage_data as cd
from govdash import coverage_standards as standards
from govdash import status
from govdash.formatting import MISSING, cut_to_tenths, fmt_aside, fmt_count, fmt_date, fmt_pct, is_missing
from govdash.i18n import lang, t
from govdash.metric_labels import fmt_number, kind_label, metric_label, sentence_start
from govdash.table_style import right_aligned, unbroken
from govdash.value_units import why_missing

# --- lights --------------------------------------------------------------------------------------


def light(value: object, goal: float | None, due: date | None = None, as_of: date | None = None) -> str:
    """The status (``govdash.status``) of a value against its goal; overdue once ``due`` has passed."""
    if goal is None:
        return status.NONE
    return status.judge(None if is_missing(value) else float(value), goal, due, as_of)  # type: ignore[arg-type]


def status_text(state: str) -> str:
    return status.label(state, lang())


def tint(state: str) -> str:
    colour = status.tint(state)
    return f"background-color: {colour}" if colour else ""


def styled(
    values: pd.DataFrame,
    colours: pd.DataFrame,
    formats: dict[str, Callable[[object], str]],
    highlight: str | None = None,
) -> Styler:
    """Format the columns, tint each cell by its colour, and set the ``highlight`` row in bold."""
    css = colours.reindex(index=values.index, columns=values.columns).map(
        lambda c: tint(c) if isinstance(c, str) else ""
    )
    if highlight in css.index:
        css.loc[highlight] = [f"{c}; font-weight: bold".lstrip("; ") for c in css.loc[highlight]]
    return values.style.format(formats).apply(lambda _: css, axis=None)


def label(metric: str) -> str:
    return sentence_start(
        t("cov_metric_per_hh") if metric == standards.PER_HH_METRIC else metric_label(metric, lang())
    )


def short_label(metric: str) -> str:
    """A facility metric named by its column in the kind table (the kind is the row)."""
    base = metric.split(":")[0]
    if metric.endswith(":urban"):
        return t("cov_col_coverage_urban")
    return t(
        {
            "coverage_pct": "cov_col_coverage",
            "facilities_open": "cov_col_open",
            "walk_coverage_pct": "cov_col_walk",
        }.get(base, "cov_col_value")
    )


# --- goals ---------------------------------------------------------------------------------------


def goal(metrics: pd.Series, metric: str, standard: float | None = None) -> float | None:
    """The target the area set for a metric, else the standard (None when neither exists)."""
    target = metrics.get(f"target:{metric}")
    return float(target) if not is_missing(target) else standard


def due(metrics: pd.Series, metric: str | None, targets: pd.DataFrame, as_of: date) -> date | None:
    """Due date of the area's target of ``metric`` (None when the goal is a standard, not a target)."""
    if metric is None or is_missing(metrics.get(f"target:{metric}")) or targets.empty:
        return None
    return cd.target_due(targets, metric, as_of)


def target_text(metrics: pd.Series, metric: str, targets: pd.DataFrame, as_of: date) -> str:
    target = metrics.get(f"target:{metric}")
    if is_missing(target):
        return MISSING
    due = cd.target_due(targets, metric, as_of)
    text = fmt_number(metric, target, lang())
    return fmt_aside(text, fmt_date(due, lang()), lang()) if due else text


def kind_goal_metric(metrics: pd.Series, kind: str) -> str | None:
    """The metric of a facility kind that has a target (or a national standard), if any."""
    for metric in (
        f"coverage_pct:{kind}",
        f"coverage_pct:{kind}:urban",
        f"facilities_open:{kind}",
        f"walk_coverage_pct:{kind}",
    ):
        if not is_missing(metrics.get(f"target:{metric}")):
            return metric
    for metric in standards.KIND_STANDARDS:
        if metric.split(":")[1] == kind:
            return metric
    return None


def kind_chart_goal(
    metrics: pd.Series, kind: str, level: str, targets: pd.DataFrame, as_of: date
) -> tuple[float, str] | None:
    """The dashed line of the kind's by-area chart: the area's target of a metric the chart draws
    (walk coverage; community coverage too where it compares streets), named by that metric with
    its due date, else None. The urban-coverage standard is not one of its bars: no line for it."""
    drawn = {f"walk_coverage_pct:{kind}": t("cov_series_walk")}
    if level == "street":
        drawn = {f"coverage_pct:{kind}": t("cov_series_coverage"), **drawn}
    for metric, series in drawn.items():
        target = metrics.get(f"target:{metric}")
        if is_missing(target):
            continue
        text = t("cov_goal_of", series=series, value=fmt_pct(float(target)))
        when = due(metrics, metric, targets, as_of)
        if when:
            text = fmt_aside(text, t("cov_goal_due", due=fmt_date(when, lang())), lang())
        return float(target), text
    return None


# --- scorecards of the selected area -------------------------------------------------------------


def _status_frame(rows: list[dict], colours: list[str], after: int) -> Styler:
    """The rows with a tinted status column inserted at position ``after``; the columns between the
    first and the status hold the numbers, right-aligned."""
    frame = pd.DataFrame(rows)
    numbers = list(frame.columns[1:after])
    column = t("cov_col_status")
    frame.insert(after, column, [status_text(c) for c in colours])
    css = pd.DataFrame("", index=frame.index, columns=frame.columns)
    css[column] = [tint(c) for c in colours]
    styler = right_aligned(frame.style.apply(lambda _: css, axis=None), numbers)
    return unbroken(styler, [c for c in (t("cov_col_target"),) if c in frame.columns])


def _community_row(
    std: standards.Standard, community: pd.Series, metrics: pd.Series
) -> tuple[dict, str] | None:
    """A standard's row for one community (``coverage_data.own_check``): its own value (社会组织
    1个, not "communities meeting it: 0.0%") and its status; None where ``own_check`` says so."""
    check = standards.own_check(std, community, metrics)
    if check is None:
        return None
    value, threshold = check
    row = {
        t("cov_col_indicator"): t(standards.COMMUNITY_VALUE_LABELS[std.community_column]),
        t("cov_col_value"): fmt_count(cut_to_tenths(value), lang()),
        t("cov_col_target"): MISSING,
        t("cov_col_rule"): t(std.key),
    }
    return row, light(value, threshold)


def standards_legend(metrics: pd.Series) -> str:
    """The statuses' legend, and why a rate per head or a premises share is missing when a community
    left its population, premises area or households blank."""
    return "  \n".join((t("cov_legend"), *(why for why, _ in why_missing(metrics, lang()))))


def standards_scorecard(
    metrics: pd.Series, targets: pd.DataFrame, as_of: date, community: pd.Series | None = None
) -> Styler:
    """The area against each standard (its target when it set one). ``community``: the selected
    community's row of the compared table; a share-of-communities standard it has no target for
    then shows the community's own value (``_community_row``)."""
    rows, colours = [], []
    by_metric = {s.metric: s for s in standards.STANDARDS}
    checks = [(s.metric, s.threshold, s.key) for s in standards.STANDARDS]
    checks += [(metric, value, "cov_std_psc") for metric, value in standards.KIND_STANDARDS.items()]
    for metric, threshold, rule in checks:
        std = by_metric.get(metric)
        if std and community is not None:
            own = _community_row(std, community, metrics)
            if own is not None:
                rows.append(own[0])
                colours.append(own[1])
                continue
        value = metrics.get(metric)
        colours.append(
            light(value, goal(metrics, metric, threshold), due(metrics, metric, targets, as_of), as_of)
        )
        rows.append(
            {
                t("cov_col_indicator"): label(metric),
                t("cov_col_value"): fmt_number(metric, value, lang()),
                t("cov_col_target"): target_text(metrics, metric, targets, as_of),
                t("cov_col_rule"): t(rule),
            }
        )
    return _status_frame(rows, colours, 2)


def facilities_scorecard(
    metrics: pd.Series, facility_kinds: list[str], targets: pd.DataFrame, as_of: date
) -> Styler:
    rows, colours = [], []
    for kind in facility_kinds:
        goal_metric = kind_goal_metric(metrics, kind)
        colours.append(
            light(
                metrics.get(goal_metric),
                goal(metrics, goal_metric, standards.KIND_STANDARDS.get(goal_metric)),
                due(metrics, goal_metric, targets, as_of),
                as_of,
            )
            if goal_metric
            else status.NONE
        )
        target = MISSING
        if goal_metric and not is_missing(metrics.get(f"target:{goal_metric}")):
            target = f"{short_label(goal_metric)} {target_text(metrics, goal_metric, targets, as_of)}"
        rows.append(
            {
                t("cov_col_kind"): sentence_start(kind_label(kind, lang())),
                t("cov_col_open"): fmt_count(metrics.get(f"facilities_open:{kind}"), lang()),
                t("cov_col_planned"): fmt_count(metrics.get(f"facilities_planned:{kind}"), lang()),
                t("cov_col_coverage"): fmt_pct(metrics.get(f"coverage_pct:{kind}")),
                t("cov_col_coverage_urban"): fmt_pct(metrics.get(f"coverage_pct:{kind}:urban")),
                t("cov_col_walk"): fmt_pct(metrics.get(f"walk_coverage_pct:{kind}")),
                t("cov_col_target"): target,
            }
        )
    return _status_frame(rows, colours, 6)


def programs_scorecard(
    metrics: pd.Series, program_kinds: list[str], targets: pd.DataFrame, as_of: date
) -> Styler:
    rows, colours = [], []
    for kind in program_kinds:
        metric = f"program_coverage_pct:{kind}"
        colours.append(
            light(metrics.get(metric), goal(metrics, metric), due(metrics, metric, targets, as_of), as_of)
        )
        rows.append(
            {
                t("cov_col_program"): kind_label(kind, lang()),
                t("cov_col_joined"): fmt_count(metrics.get(f"program_communities:{kind}"), lang()),
                t("cov_col_program_coverage"): fmt_number(metric, metrics.get(metric), lang()),
                t("cov_col_target"): target_text(metrics, metric, targets, as_of),
            }
        )
    return _status_frame(rows, colours, 3)


# --- the street / community matrix ---------------------------------------------------------------


def name_column(level: str) -> str:
    return t("cov_col_street") if level == "street" else t("cov_col_community")


def _frame(table: pd.DataFrame, names: dict[str, str], level: str) -> pd.DataFrame:
    name_col = name_column(level)
    frame = pd.DataFrame({name_col: [names.get(c, c) for c in table.index]}, index=table.index)
    if level == "community":
        lang_now = lang()  # once, not per community
        frame[t("cov_col_type")] = [
            kind_label(k, lang_now) if isinstance(k, str) else MISSING for k in table["community_type"]
        ]
    else:
        frame[t("cov_col_communities")] = pd.to_numeric(table["communities"])
    return frame


def _number(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series, errors="coerce")


def _due(
    area: pd.Series, metric: str | None, targets: pd.DataFrame | None, as_of: date | None
) -> date | None:
    return due(area, metric, targets, as_of) if targets is not None and as_of is not None else None


def standards_matrix(
    table: pd.DataFrame,
    level: str,
    area: pd.Series,
    names: dict[str, str],
    highlight: str | None = None,
    targets: pd.DataFrame | None = None,
    as_of: date | None = None,
) -> Styler:
    """Sub-areas against the standards (the area's target when it set one; overdue once it is due)."""
    frame = _frame(table, names, level)
    language = lang()  # once, not per cell
    colours = pd.DataFrame(index=table.index)
    formats: dict[str, Callable] = {}
    for std in standards.STANDARDS:
        if level == "street" or std.community_column == std.metric:
            col, metric = label(std.metric), std.metric
            values = _number(table[metric])
            target, by = goal(area, metric, std.threshold), _due(area, metric, targets, as_of)
            colours[col] = [light(v, target, by, as_of) for v in values]
            formats[col] = lambda v, m=metric: fmt_number(m, v, language)
        else:
            col = t(standards.COMMUNITY_VALUE_LABELS[std.community_column])
            if col in frame:  # premises shown once, against the 500 m² standard
                continue
            values = _number(table[std.community_column])
            thresholds = [standards.community_threshold(std, k) for k in table["community_type"]]
            colours[col] = [light(v, g) for v, g in zip(values, thresholds, strict=True)]
            formats[col] = lambda v: fmt_count(cut_to_tenths(v), language)
        frame[col] = values
    return styled(frame, colours, formats, highlight)


def facilities_matrix(
    table: pd.DataFrame,
    level: str,
    area: pd.Series,
    names: dict[str, str],
    facility_kinds: list[str],
    highlight: str | None = None,
    targets: pd.DataFrame | None = None,
    as_of: date | None = None,
) -> Styler:
    frame = _frame(table, names, level)
    language = lang()  # once, not per cell
    colours = pd.DataFrame(index=table.index)
    formats: dict[str, Callable] = {}
    for kind in facility_kinds:
        goal_metric = kind_goal_metric(area, kind)
        urban_goal = bool(goal_metric and goal_metric.endswith(":urban"))
        target = goal(area, goal_metric, standards.KIND_STANDARDS.get(goal_metric)) if goal_metric else None
        if level == "street":
            metric = f"coverage_pct:{kind}:urban" if urban_goal else f"coverage_pct:{kind}"
            col = label(metric)
            frame[col] = _number(table[metric])
            covers = goal_metric is not None and goal_metric.startswith("coverage_pct")
            by = _due(area, goal_metric, targets, as_of)
            colours[col] = [light(v, target if covers else None, by, as_of) for v in frame[col]]
            formats[col] = fmt_pct
        else:
            col = label(f"facilities_open:{kind}")
            frame[col] = _number(table[f"facilities_open:{kind}"])
            wanted = [
                goal_metric is not None and (not urban_goal or k in cd.URBAN_TYPES)
                for k in table["community_type"]
            ]
            colours[col] = [light(v, 1.0 if w else None) for v, w in zip(frame[col], wanted, strict=True)]
            formats[col] = lambda v: fmt_count(v, language)
    return styled(frame, colours, formats, highlight)


def programs_matrix(
    table: pd.DataFrame,
    level: str,
    area: pd.Series,
    names: dict[str, str],
    program_kinds: list[str],
    highlight: str | None = None,
    targets: pd.DataFrame | None = None,
    as_of: date | None = None,
) -> Styler:
    frame = _frame(table, names, level)
    colours = pd.DataFrame(index=table.index)
    formats: dict[str, Callable] = {}
    for kind in program_kinds:
        metric = f"program_coverage_pct:{kind}"
        target, by = goal(area, metric), _due(area, metric, targets, as_of)
        col = label(metric) if level == "street" else kind_label(kind, lang())
        frame[col] = _number(table[metric])
        colours[col] = [light(v, target, by, as_of) for v in frame[col]]
        if level == "street":
            formats[col] = fmt_pct
        else:
            formats[col] = lambda v: MISSING if is_missing(v) else t("cov_yes") if v >= 100 else t("cov_no")
    return styled(frame, colours, formats, highlight)
