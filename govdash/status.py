"""One status vocabulary for standards and targets: 达标 / 接近 / 未达标 / 逾期, with one colour each.

Pages (coverage, five-star, overview), the presentation page, the PPTX and the PDF all judge and
name a status here, so a target overdue since 2022 reads 逾期 everywhere, never a yellow 接近.
No Streamlit import: the report CLI uses it too.

- 达标 met: the value reached the goal (a target, else the national or local standard).
- 接近 near: not reached, at least ``WARN_RATIO`` of the goal, and the due date (if any) not passed.
- 未达标 below: not reached, under ``WARN_RATIO`` of the goal, due date (if any) not passed.
- 逾期 overdue: a target whose due date has passed without being reached.
"""

from __future__ import annotations

from datetime import date

from govdash.formatting import MISSING, is_missing

MET, NEAR, BELOW, OVERDUE = "met", "near", "below", "overdue"
NONE = ""  # no goal, or no value to judge
STATUSES = (MET, NEAR, BELOW, OVERDUE)
WARN_RATIO = 0.8

GOOD, WARN, BAD, NEUTRAL = "#2e7d32", "#f9a825", "#c62828", "#9e9e9e"
OVERDUE_COLOR = "#6a1b9a"  # purple: worse than red and told apart from it without reading the word
COLORS = {MET: GOOD, NEAR: WARN, BELOW: BAD, OVERDUE: OVERDUE_COLOR}
TINTS = {MET: "#c8e6c9", NEAR: "#ffecb3", BELOW: "#ffcdd2", OVERDUE: "#e1bee7"}
LABELS = {
    MET: ("达标", "Met"),
    NEAR: ("接近", "Close"),
    BELOW: ("未达标", "Below"),
    OVERDUE: ("逾期", "Overdue"),
    NONE: (MISSING, MISSING),
}
LEGEND = (
    "绿 = 达标；黄 = 接近（达到八成以上）；红 = 未达标（不足八成）；紫 = 逾期（完成时限已过仍未达到目标）",
    "Green = met; amber = close (80% or more); red = below (under 80%); purple = overdue (due date passed, not met)",
)


def judge(
    value: float | None,
    goal: float | None,
    due: date | None = None,
    as_of: date | None = None,
    warn_ratio: float = WARN_RATIO,
) -> str:
    """The status of ``value`` against ``goal`` (higher is better) on ``as_of``.

    Without a goal: NONE. A due date before ``as_of`` and the goal not reached: OVERDUE (also
    when no value is known). Without a value and nothing overdue: NONE.
    """
    if is_missing(goal):
        return NONE
    reached = not is_missing(value) and float(value) >= float(goal)  # type: ignore[arg-type]
    if reached:
        return MET
    if due is not None and as_of is not None and due < as_of:
        return OVERDUE
    if is_missing(value):
        return NONE
    return NEAR if float(value) >= float(goal) * warn_ratio else BELOW  # type: ignore[arg-type]


def label(status: str, lang: str) -> str:
    """达标 / 接近 / 未达标 / 逾期 (Met / Close / Below / Overdue); — without a status."""
    zh, en = LABELS.get(status, LABELS[NONE])
    return en if lang == "en" else zh


def color(status: str) -> str:
    """The status colour (grey without a status)."""
    return COLORS.get(status, NEUTRAL)


def tint(status: str) -> str:
    """A light background of the status colour for table cells ('' without a status)."""
    return TINTS.get(status, "")


def legend(lang: str) -> str:
    return LEGEND[1] if lang == "en" else LEGEND[0]
