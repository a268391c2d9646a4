"""``docs/metric-rules.md``, generated from the catalog: ``python -m etl.docs`` rewrites it and
``tests/test_docs.py`` fails when it is stale."""

from __future__ import annotations

from etl.metric_catalog import blank_rule
from etl.metric_catalog.entries import SECTIONS
from etl.metric_catalog.model import Metric

HEADER = """<!-- generated from etl/metric_catalog by `python -m etl.docs`; edit the catalog, not this file -->
# How each metric is computed from the warehouse

Every metric is declared once in the catalog (`etl/metric_catalog/`): name, Chinese and English
label and unit, meaning (口径), the rule below, how it aggregates over areas and periods, its number
format and the datasets it reads (`etl/datasets.py`). Labels, the report's definitions slide and
this page are generated from it. The demo generator (`data/demo/generate.py`) produces data that
reproduces the published figures under these rules.
"""

AREAS_AND_TIME = '## Areas and time\n- An **area** is a district (6-digit code), a street/town (9 digits) or a community (12 digits).\n  Its **communities** are the rows of `areas` with `level = \'community\'` below it (or itself).\n  "Below" follows `parent_code` links, never code prefixes: the areas above the community level\n  (streets, districts, and any city/province rows) are walked downwards, then the communities whose\n  `parent_code` is one of them are added. Communities are leaves.\n- A community **exists on `as_of`** when `established_date` is null or `<= as_of`, and\n  `abolished_date` is null or `> as_of`. Same for streets (`streets` metric).\n- **Stock** metrics read the state on `as_of`. **Flow** metrics sum the monthly rows of the window\n  `since < day <= as_of`: a month counts when at least one of its days is in the window, i.e.\n  `month <= as_of AND last_day(month) > since`. `since` defaults to "from the start of the data".\n  So `--since 2024-01-01 --as-of 2024-10-29` covers 2024-01 … 2024-10 and `--since 2021-07-01\n  --as-of 2021-12-31` covers the second half of 2021.\n- Only communities that exist on `as_of` count in stock metrics; flow metrics count every row of a\n  community in the area whatever its dates. Organizations and facilities likewise count only when\n  the area they are registered at (community, street or district) exists on `as_of`.\n- A `:KIND` metric appears for every kind present anywhere in the warehouse (not only in the\n  area), so every area prints the same kinds; an area without that kind gets 0 (or 0.0 %).\n- Counts and sums of integer columns are integers, 0 when there is nothing to count; sums of\n  decimal columns (area, investment, hours) are rounded to two decimals. Percentages and rates are\n  rounded half away from zero to one decimal and are empty (`null`) when their denominator is 0.\n- A **flow** of a dataset (activity, volunteers) that no community of the area reported in the\n  window is **missing**: empty (CSV) or `null` (JSON), never 0.\n- `python -m etl metrics` and every page compute these metrics with one engine\n  (`etl.metrics.compute`); a community-type filter keeps only the communities of that type\n  (organizations and facilities registered above the community level then drop out).'

FAST = '## How the warehouse computes them fast (results unchanged)\nEach load, undo and demo build ends with `etl.derived.refresh` (inside `Warehouse.writer()`, before\nthe checkpoint), which rebuilds the derived tables whose inputs changed (fingerprint of each input\ntable in `_derived_state`: row count, sum and max of `_batch_id`, plus the star threshold):\n- `area_closure(ancestor_code, area_code, depth)`: every area with itself (depth 0) and each area\n  above it, following the rule of "below" above (the walk upwards continues past a community only\n  from the community itself). It replaces the recursive walk.\n- `walk_cover(community_code, built_year, facility_kind, from_date, until_date)`: per located compound\n  and facility kind, the periods in which an open facility of the kind lies within 1,000 m (same\n  grid join and exact chord test as before, done once per load instead of per query).\n- For every area with communities (`rollup_areas`: communities, streets, districts, cities,\n  provinces, the country) every stock fact is stored as dated deltas (`ev_*` tables): an item that\n  counts on the days `[s, e)` (e.g. a facility open from `opened_date` to `closed_date`, while its\n  area exists) adds `+v` on `s` and `-v` on `e`, so the value on `as_of` is the sum of the deltas\n  dated `<= as_of` (the values on several days come from one query). Rules that are not a plain sum (a community meeting the social-org minimum,\n  facility coverage, walking coverage) are turned into the periods during which they hold before\n  that. Five-star levels are stored per assessment year (`ev_stars`, `star_years`); flows per\n  calendar month (`roll_activity`, `roll_volunteers`), which is exact because the window always\n  covers whole months.\nMetrics for any other area (a street without communities), with a community-type filter, and for\na star threshold other than the one the tables were built with use the direct query with `area_closure` and `walk_cover`; a warehouse without derived tables\nuses the recursive walk. `tests/test_derived.py` checks that all paths give identical results.'


def _entry(m: Metric) -> str:
    zh, en = m.label
    unit = f" ({m.unit[0]})" if m.unit[0] else ""
    rule = " ".join(filter(None, (m.rule, blank_rule(m))))
    return (
        f"- `{m.name}` — {zh}{unit} / {en}: {rule}\n"
        f"  口径：{m.meaning[0]}. Over areas: {m.over_areas}; over periods: {m.over_periods}; "
        f"format: {m.number_format}; reads: {', '.join(f'`{d}`' for d in m.inputs)}."
    )


def render() -> str:
    parts = [HEADER.strip(), AREAS_AND_TIME]
    for title, intro, entries in SECTIONS:
        body = "\n".join(_entry(m) for m in entries)
        parts.append(f"## {title}\n" + (f"{intro}\n\n" if intro else "") + body)
    parts.append(FAST)
    return "\n\n".join(parts) + "\n"
