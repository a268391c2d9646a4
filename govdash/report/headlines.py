"""Report slides for the headline figures of ``govdash.headline_data``: facility building and
investment with the compounds, social organizations with the points bank and App registrations, and
community staff. Values are the area's catalog metrics (stocks on the date, flows over the report's
12-month window) through the sections' model (``headline_data.of`` over ``Context.metrics``);
nothing is queried here.
"""

from __future__ import annotations

from govdash import headline_data as hd
from govdash.charts import PALETTE
from govdash.formatting import decimals_shown, fmt_clauses, fmt_date
from govdash.metric_labels import fmt_value, kind_label, metric_label, metric_unit
from govdash.report.context import Context
from govdash.report.model import BAR, Chart, Kpi, Series, Slide

MONEY_UNIT = "万元"  # in the label, not after the number: "1.2万万元" reads badly and "10,356万元" is cut


def _kpis(ctx: Context, metrics: tuple[str, ...]) -> tuple[Kpi, ...]:
    cards = []
    for metric in metrics:
        value, label = ctx.value(metric), metric_label(metric, ctx.lang)
        if metric_unit(metric) == MONEY_UNIT:
            unit = metric_unit(metric, ctx.lang)
            label += f"（{unit}）" if ctx.lang == "zh" else f" ({unit})"
            cards.append(Kpi(metric, label, value, fmt_value(metric, value, ctx.lang, unit=False)))
        else:
            cards.append(Kpi(metric, label, value, fmt_value(metric, value, ctx.lang)))
    return tuple(cards)


def build_slide(ctx: Context) -> Slide:
    """设施建设、小区治理与投资: rebuilt service centres, their investment, renovated and state-served
    compounds, and the investment of every facility kind that recorded one."""
    key = hd.KEY_FACILITY
    kpis = _kpis(
        ctx,
        (
            f"facilities_rebuilt:{key}",
            f"facility_investment_wan:{key}",
            "compounds_upgraded_old",
            "compounds_soe_property",
        ),
    )
    title, subtitle = ctx.t("pr_slide_build"), ctx.t("pr_build_subtitle", date=fmt_date(ctx.as_of, ctx.lang))
    m = hd.of(ctx.metrics)
    table, kinds = m.build, list(m.invested)
    if not kinds:
        return Slide("build", title, subtitle=subtitle, kpis=kpis, note=ctx.t("pr_build_none"))
    ctx.use(*(f"facility_investment_wan:{k}" for k in kinds))
    invested = tuple(table.at[k, "facility_investment_wan"] for k in kinds)
    chart = Chart(
        BAR,
        ctx.t("pr_build_chart"),
        tuple(kind_label(k, ctx.lang) for k in kinds),
        (
            Series(
                ctx.t("pr_build_series_investment"),
                invested,
                PALETTE[0],
            ),
        ),
        unit=ctx.t("pr_build_series_investment"),
        decimals=decimals_shown(invested),  # the card's 42.5 is not a bar's 42
    )
    note = hd.unreported_note(m.unreported, ctx.lang) if m.unreported else ""  # a partial sum, said
    return Slide("build", title, subtitle=subtitle, kpis=kpis, charts=(chart,), note=note)


def forces_slide(ctx: Context) -> Slide:
    """社会组织、积分银行与App报备: organizations and members on the date, their activities, the
    points bank's services and App registrations over the window."""
    # with the social-org standard: 8 cards with a points bank, 6 without (rows of 4 on every output)
    # the share of communities meeting the minimum; a community's own count against it is on the
    # coverage slide (its share of itself would read 0.0% or 100.0%)
    share = () if ctx.level == "community" else ("communities_meeting_social_org_minimum_pct",)
    shown = (*hd.ORGS_STOCK, *share, *hd.ORGS_FLOW)
    bank = hd.of(ctx.metrics).bank
    if not bank:
        shown = hd.without_bank(shown)
    # what reads "—" and why, said in the subtitle: a note would shrink the cards to a strip (two
    # rows of them do not fit)
    clauses = (
        ctx.t("pr_forces_subtitle", date=fmt_date(ctx.as_of, ctx.lang), **ctx.window())
        + ("" if bank else ctx.t("pr_forces_no_bank")),
        hd.bank_note(ctx.metrics, ctx.lang) if bank else "",
        hd.blank_note(ctx.metrics, tuple(m for m in shown if m in hd.ORGS_FLOW), ctx.lang),
    )
    subtitle = fmt_clauses(filter(None, clauses), ctx.lang)
    return Slide("forces", ctx.t("pr_slide_forces"), subtitle=subtitle, kpis=_kpis(ctx, shown))


def staff_slide(ctx: Context) -> Slide:
    """社区工作力量: the staff of the area's communities (latest report of each, summed)."""
    metrics = (*hd.STAFF, "certified_share_pct", "workers_per_10k_residents")
    subtitle = ctx.with_unpopulated(ctx.t("pr_staff_subtitle", date=fmt_date(ctx.as_of, ctx.lang)))
    return Slide("staff", ctx.t("pr_slide_staff"), subtitle=subtitle, kpis=_kpis(ctx, metrics))
