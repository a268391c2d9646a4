"""The catalog declares each metric completely, and the engine computes exactly what is asked."""

from __future__ import annotations

import random
from datetime import date
from fractions import Fraction

import pytest

from etl.datasets import DATASETS
from etl.metric_catalog import CATALOG, lookup, percentage, select
from etl.metrics import compute, compute_metrics
from govdash.metric_labels import metric_label, metric_unit

PERIOD = (date(2024, 11, 30), date(2024, 12, 31))


def test_every_entry_declares_labels_meaning_rule_and_inputs():
    names = [m.name for m in CATALOG]
    assert len(names) == len(set(names))
    for m in CATALOG:
        assert all(m.label) and all(m.meaning) and m.rule, m.name
        assert m.inputs and set(m.inputs) <= set(DATASETS), m.name
        assert m.groups and m.over_areas and m.over_periods and m.number_format, m.name
        assert ("{kind}" in m.name) == (m.family is not None), m.name
        if m.is_flow and m.dataset:
            assert m.dataset in m.inputs, m.name


def test_labels_and_units_come_from_the_catalog():
    assert metric_label("coverage_pct:party_service_center:urban") == "党群服务中心覆盖率（城市社区）"
    assert metric_label("activities_per_1k", "en") == "Activities per 1,000 residents"
    assert metric_unit("volunteer_hours") == "小时" and metric_unit("target:volunteer_hours") == "小时"
    assert lookup("coverage_pct:park:urban")[0].name == "coverage_pct:{kind}:urban"
    with pytest.raises(ValueError, match="unknown metric"):
        select(["no_such_metric"])


def test_a_selection_computes_only_its_groups_and_equals_the_full_catalog(demo_warehouse):
    assert select(["activities_per_1k"]).groups() == {"flow", "area"}
    assert select(["five_star_communities"]).groups() == {"star"}
    wanted = [
        "communities",
        "coverage_pct:{kind}",
        "activities:youth",
        "five_star_communities",
        "target:{kind}",
    ]
    with demo_warehouse.connect_reader() as con:
        full = dict(compute_metrics(con, "410311", PERIOD[1], PERIOD[0]))
        got = compute(con, wanted, ["410311"], [PERIOD])[("410311", PERIOD)]
    names = [n for n, _ in got]
    assert names[0] == "communities" and "activities:youth" in names and "activities" not in names
    assert [n for n in names if n.startswith("coverage_pct:")] == [
        n for n in full if n.startswith("coverage_pct:") and n.count(":") == 1
    ]
    assert all(full[n] == v for n, v in got)
    # what the engine returned is split again by selection (coverage reads two selections in one call)
    chosen = select(wanted)
    assert [n for n in full if chosen.covers(n)] == names
    assert any(n.startswith("target:") and n.count(":") > 1 for n in names)  # target:coverage_pct:park


def test_lookup_finds_a_target_of_a_kinded_metric():
    metric, kind = lookup("target:coverage_pct:park")
    assert metric.name == "target:{kind}" and kind == "coverage_pct:park"
    assert lookup("coverage_pct:park:urban")[1] == "park"
    assert lookup("coverage_pct:park:nope") is None
    assert not select(["coverage_pct:{kind}"]).covers("coverage_pct:park:urban")


def test_community_type_filter_counts_only_that_type(demo_warehouse):
    with demo_warehouse.connect_reader() as con:
        total = dict(compute_metrics(con, "410311", PERIOD[1], PERIOD[0]))
        parts = [
            dict(
                compute(con, ["communities", "population", "activities"], ["410311"], [PERIOD], t)[
                    ("410311", PERIOD)
                ]
            )
            for t in ("old", "commercial", "work_unit", "mixed", "village_to_urban", "village")
        ]
    assert sum(p["communities"] for p in parts) == total["communities"]
    assert sum(p["population"] for p in parts) == total["population"]
    assert sum(p["activities"] or 0 for p in parts) == total["activities"]


def test_a_rate_does_not_depend_on_the_order_of_a_float_sum():
    # the same volunteer hours added in two orders differ in the last bit; the rate per 1,000
    # residents (2,000 of them) must read 25.3 both ways, not 25.3 on one run and 25.2 on the next
    hours = [5.0, 1.9, 7.0, 25.4, 11.2]
    forward, backward = sum(hours), sum(reversed(hours))
    assert forward != backward  # 50.5 and 50.49999999999999
    assert percentage(forward, 2000, 1000) == percentage(backward, 2000, 1000) == 25.3
    assert percentage(backward, 2000.0, 1000) == 25.3


def _exact_percentage(num, den, scale):
    """The rule by exact fractions: facts read to 6 decimals, ratio rounded half away from zero."""
    if den is None or den == 0:
        return None
    exact = [Fraction(v) if isinstance(v, int) else Fraction(f"{float(v):.6f}") for v in (num or 0, den)]
    tenths = abs(exact[0] * scale * 10 / exact[1])
    rounded = int(tenths + Fraction(1, 2))
    return float(Fraction(rounded if exact[0] * exact[1] >= 0 else -rounded, 10))


def test_percentage_equals_the_exact_rule_on_ints_floats_negatives_and_ties():
    rng = random.Random(7)

    def value():
        pick = rng.random()
        if pick < 0.3:
            return rng.randint(-50, 5000)
        if pick < 0.6:
            return round(rng.uniform(-100, 10_000), rng.randint(0, 3))
        if pick < 0.8:
            return rng.randint(0, 200) / 8  # halves, quarters, eighths: rounding ties
        return sum(rng.choice([0.1, 0.2, 0.7, 978.4, 0.05]) for _ in range(rng.randint(1, 30)))

    cases = [(value(), value(), rng.choice([100, 1000, 10_000])) for _ in range(20_000)]
    cases += [(1, 16, 100), (-1, 16, 100), (1, -16, 100), (0, -3, 100), (None, 4, 100), (3, 0, 100)]
    for num, den, scale in cases:
        assert percentage(num, den, scale) == _exact_percentage(num, den, scale), (num, den, scale)
    assert percentage(1, 16, 100) == 6.3 and percentage(-1, 16, 100) == -6.3  # ties: away from zero
