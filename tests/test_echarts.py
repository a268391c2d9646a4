"""The plotly figures drawn by ECharts (``govdash.echarts``): the option holds the same data, names
and reference lines as the figure, tooltips are filled in and escaped, clicks map back to points.

The report's charts are checked against the report model they are built from (model → plotly →
ECharts); the pages' charts against the engine in their page tests (``drawn_charts``)."""

from __future__ import annotations

from datetime import date

import pytest

from govdash import charts, echarts, echarts_labels, filters
from govdash import echarts_axes as axes
from govdash.echarts_values import GROUP, hover_text
from govdash.report.build import build_report
from govdash.report.figures import figure
from govdash.report.model import MAP

AS_OF = date(2024, 12, 31)


@pytest.fixture(scope="module")
def report_charts(demo_warehouse):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVDASH_DB", str(demo_warehouse.root))
        from govdash import db

        report = build_report(db.version(), "410311", AS_OF, "zh")
    return [c for s in report.slides for c in s.charts if c.kind != MAP]


def test_hover_templates_are_filled_in_and_escaped():
    point = {"x": "a<img src=x>", "y": 1234.5, "customdata": ["{a}", 0.256, None], "text": "t"}
    template = (
        "%{x}<br>值：%{y:,.1f} · %{customdata[0]} · %{customdata[1]:.1%} · %{customdata[2]}<extra></extra>"
    )
    assert hover_text(template, point) == "a&lt;img src=x&gt;<br>值：1,234.5 · &#123;a&#125; · 25.6% · —"
    assert hover_text("%{y:,d}|%{y:.0f}|%{y:,}|%{y}", {"y": 12345.0}) == "12,345|12345|12,345|12,345"
    assert hover_text("%{x|%Y-%m-%d}", {"x": "2024-06-30T00:00:00"}) == "2024-06-30"
    # a whole customdata list (the five-star levels chart carries one per bar); a missing value is
    # shown as missing, not as nothing
    assert hover_text("%{x}: %{y:,.1f} 场", {"x": "甲", "y": None}) == "甲: — 场"
    assert (
        hover_text("%{customdata}|%{text}", {"customdata": ["410311002", 3], "text": None})
        == "410311002, 3|—"
    )


def test_every_report_chart_draws_the_values_and_names_of_its_model(report_charts):
    assert len(report_charts) >= 6
    for chart in report_charts:
        option = echarts.option(figure(chart))
        assert option["title"]["text"] == chart.title
        if chart.kind == "pie":
            items = option["series"][0]["data"]
            assert [i["name"] for i in items] == list(chart.categories)
            assert [i["value"] for i in items] == list(chart.series[0].values)
            continue
        drawn = option["series"]
        assert [s["name"] for s in drawn] == [s.name for s in chart.series], chart.title
        for series, model in zip(drawn, chart.series, strict=True):
            horizontal = chart.kind == "bar"
            values = [i["value"][0 if horizontal else 1] for i in series["data"]]
            names = [i["value"][1 if horizontal else 0] for i in series["data"]]
            assert values == list(model.values), chart.title
            assert names == list(chart.categories), chart.title
            assert all("formatter" in i["tooltip"] for i in series["data"])
        axis = option["yAxis" if chart.kind == "bar" else "xAxis"]
        assert axis["data"] == list(chart.categories) and axis["axisLabel"]["interval"] == 0  # all named
        if chart.reference is not None:
            (line,) = drawn[0]["markLine"]["data"]
            assert line["xAxis"] == chart.reference and line["name"] == chart.reference_label
        shares = [v for s in chart.series for v in s.values if v is not None]
        if chart.kind == "bar" and chart.percent and max(shares, default=0) <= 100:
            # a share's axis ticks 0-100% (slide 3 had a 120% tick in the labels' headroom)
            value_axis = option["xAxis"]
            ticks = range(0, int(value_axis["max"]) + 1, value_axis["interval"])
            assert max(ticks) == 100 and value_axis["axisLabel"]["showMaxLabel"] is False, chart.title


def test_a_reference_line_and_its_label_mark_the_plot():
    shapes, notes = charts.reference_line(8.4, axis="x", text="平均 8.4", position="top right")
    layout = charts.styled_layout("t", shapes=shapes, annotations=notes)
    bar = {"type": "bar", "orientation": "h", "y": ["甲", "乙"], "x": [3, 9]}
    (line,) = echarts.option(charts.figure([bar], layout))["series"][0]["markLine"]["data"]
    assert line["xAxis"] == 8.4 and line["name"] == "平均 8.4" and line["label"]["formatter"] == "{b}"


def test_multi_category_bars_name_each_group_once_under_distinct_keys():
    x = [["开元路<br>街道"] * 3 + ["关林<br>街道"] * 3, ["22", "23", "24"] * 2]
    fig = charts.figure([{"type": "bar", "x": x, "y": [1, 2, 3, 4, 5, 6]}], charts.styled_layout("t"))
    option = echarts.option(fig)
    inner, groups = option["xAxis"]
    assert len(set(inner["data"])) == 6
    assert [k.split(GROUP)[0] for k in inner["data"]] == ["22", "23", "24"] * 2  # what is drawn
    shown = [label.strip(GROUP) for label in groups["data"]]
    assert shown == ["", "开元路\n街道", "", "", "关林\n街道", ""]
    assert [i["value"][0] for i in option["series"][0]["data"]] == inner["data"]


def test_a_click_maps_back_to_the_points_customdata():
    bar = {"type": "bar", "x": ["甲", "乙"], "y": [1, 2], "customdata": ["410311001", "410311002"]}
    fig = charts.figure([bar], charts.styled_layout("t"))
    points = echarts.drawing(fig).points
    assert [p["customdata"] for p in points[0]] == ["410311001", "410311002"]
    state = {"selection": {"selected": [{"series_index": 0, "data_indices": [1, 7]}]}}  # 7: stale
    assert [p["customdata"] for p in echarts.selected_points(state, points)] == ["410311002"]
    assert echarts.selected_points({"selection": {"selected": []}}, points) == []
    assert echarts.selected_points(None, points) == []
    spec = echarts.selectable(echarts.option(fig))
    assert spec["series"][0]["selectedMode"] == "single"
    assert "selectedMode" not in echarts.option(fig)["series"][0]  # the shared option is not changed


def test_a_click_drills_down_only_to_an_area_the_chart_compares():
    allowed = {"410311001", "410311002"}
    assert filters.clicked_code([{"customdata": "410311002"}], allowed) == "410311002"
    assert filters.clicked_code([{"customdata": ["410311001", 5, "x"]}], allowed) == "410311001"
    assert filters.clicked_code([{"customdata": "410305001"}], allowed) is None  # not on the chart
    assert filters.clicked_code([{"customdata": None}], allowed) is None
    assert filters.clicked_code([], allowed) is None


def test_missing_values_are_gaps_not_zeros():
    line = {"type": "scatter", "mode": "lines", "x": ["1月", "2月", "3月"], "y": [1.0, float("nan"), 3.0]}
    option = echarts.option(charts.figure([line], charts.styled_layout("t")))
    assert [i["value"][1] for i in option["series"][0]["data"]] == [1.0, None, 3.0]
    assert option["series"][0]["connectNulls"] is False


def test_bar_text_goes_inside_only_a_bar_long_enough_for_it():
    """plotly's ``textposition="auto"``: the profile's rank bars (axis to 118) name their place
    inside a long bar, after the end of a short one (where it is not cut by the axis labels)."""
    text = ["第 1 / 5 名", "第 4 / 5 名", "并列第 2 / 5 名（2 个）"]
    bar = {"type": "bar", "orientation": "h", "y": ["甲", "乙", "丙"], "x": [100, 25, 62.5]}
    bar |= {"text": text, "textposition": "auto"}
    layout = charts.styled_layout("t", xaxis={"range": [0, 118]})
    items = echarts.option(charts.figure([bar], layout))["series"][0]["data"]
    assert [i.get("label", {}).get("position") for i in items] == ["insideRight", None, None]
    assert [i["name"] for i in items] == text


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        ("Award rate (% of communities assessed)", 2),  # longer than the plot is high: wrapped at spaces
        ("摘星率（%，占参评社区）" * 2, 2),  # no spaces: between characters
        ("Communities", 1),
        ("Per 1,000<br>residents", 2),  # its own line break kept
        ("社区数（个）", 1),
    ],
)
def test_a_vertical_axis_title_longer_than_the_plot_wraps_and_keeps_its_words(title, lines):
    """ECharts draws an axis name on one line however long it is (past the top of the plot in
    English); the translator breaks it into lines that fit the plot's height, and makes room."""
    from govdash.echarts_axes import text_width

    bar = {"type": "bar", "x": ["甲", "乙"], "y": [1, 2]}
    option = echarts.option(charts.figure([bar], charts.styled_layout("t", y_title=title, height=300)))
    name = option["yAxis"]["name"]
    assert name.replace("\n", " " if " " in title else "") == title.replace("<br>", " ")
    assert name.count("\n") + 1 == lines
    room = 300 - option["grid"]["top"] - option["grid"]["bottom"]
    assert all(text_width(line, 14) <= room for line in name.split("\n"))
    one_line = echarts.option(charts.figure([bar], charts.styled_layout("t", y_title="x", height=300)))
    assert option["grid"]["left"] - one_line["grid"]["left"] == (lines - 1) * 18


@pytest.mark.parametrize(("dtick", "months"), [("M3", 3), ("M6", 6), ("M1", 1), (None, None)])
def test_a_date_axis_ticks_every_n_months_as_plotly_asked(dtick, months):
    """``dtick="M3"`` pins ECharts' tick level to quarters: without both bounds it ticks every month
    and hides the colliding labels, which leaves an uneven few (Jan, Feb, Apr, Jun...)."""
    months_x = [date(2024, m, 1) for m in range(1, 13)]
    bars = {"type": "bar", "x": months_x, "y": list(range(12))}
    xaxis = {"dtick": dtick, "tickformat": "%b %Y"} if dtick else {"tickformat": "%b %Y"}
    axis = echarts.option(charts.figure([bars], {"xaxis": xaxis}))["xAxis"]
    assert axis["type"] == "time"
    if months is None:
        assert "minInterval" not in axis and "maxInterval" not in axis
        return
    # ECharts picks the level whose interval is the first at least this long: month 31 d, quarter 95 d,
    # half-year 182.5 d; within a level it steps by whole months (3 when above 3 months' worth)
    day = 24 * 3600 * 1000
    assert axis["minInterval"] == axis["maxInterval"]
    level = {1: 31, 3: 95, 6: 182.5}[months] * day
    below = {1: 7, 3: 31, 6: 95}[months] * day
    assert below < axis["minInterval"] <= level
    if months > 1:
        assert axis["minInterval"] / (30 * day) > months


@pytest.mark.parametrize(
    ("labels", "rotated"),
    [
        ([f"Area {c}{c}{c}" for c in "ABCDEFGHIJ"], False),  # 10 × 8 Latin characters: room enough
        ([f"片区{c}{c}{c}{c}{c}{c}" for c in "一二三四五六七八九十"], True),  # as many Chinese: twice as wide
        ([f"Co-building area {c}" for c in "ABCDEFGH"], True),
    ],
)
def test_crowded_category_labels_are_turned_by_their_width_not_their_length(labels, rotated):
    bars = {"type": "bar", "x": labels, "y": list(range(len(labels)))}
    axis = echarts.option(charts.figure([bars], charts.styled_layout("t")))["xAxis"]
    assert ("rotate" in axis["axisLabel"]) is rotated


def test_axis_labels_and_names_are_kept_inside_the_chart_and_above_a_bottom_legend():
    """The plot shrinks until its axis labels and names fit (ECharts 6 ``outerBoundsContain``:
    ``containLabel`` kept only the labels in, and a name below long rotated labels fell off), and
    a legend under the plot keeps them above its rows."""
    names = ["Public service", "Charity", "Mutual aid", "Culture and sports", "Production skills"]
    names += ["Training", "Elderly care", "The old and the young"]
    bars = [{"type": "bar", "x": ["a", "b"], "y": [1, 2], "name": n} for n in names]
    legend = {"orientation": "h", "y": -0.22, "x": 0, "font": {"size": 12}}
    option = echarts.option(charts.figure(bars, charts.styled_layout("t", "x", "y") | {"legend": legend}))
    grid = option["grid"]
    assert grid["outerBoundsContain"] == "all" and "containLabel" not in grid
    assert axes.legend_rows(names, 12) == 2  # 8 entries do not fit one row of a page-wide chart
    assert grid["outerBounds"]["bottom"] >= 2 * (12 + 12)
    one_row = echarts.option(
        charts.figure(bars[:2], charts.styled_layout("t", "x", "y") | {"legend": legend})
    )["grid"]
    assert one_row["outerBounds"]["bottom"] < grid["outerBounds"]["bottom"]
    top_right = echarts.option(charts.figure(bars[:2], charts.styled_layout("t", "x", "y")))["grid"]
    assert top_right["outerBounds"]["bottom"] == 4


def test_a_pie_label_too_long_for_its_side_wraps_instead_of_ending_in_dots():
    """ECharts cuts a pie label at the chart's edge ("Public serv..." on the English slide at
    1366 px) unless told to break it onto lines."""
    pie = {"type": "pie", "labels": ["Public service", "Charity"], "values": [3, 1], "hole": 0.35}
    series = echarts.option(charts.figure([pie], charts.styled_layout("t")))["series"][0]
    assert series["label"]["overflow"] == "break"


def test_a_stacked_segment_too_thin_for_its_number_drops_it_instead_of_overprinting():
    """The five-star slide's 2022 column: 2 five-star on top of 5 four-star communities, both
    labelled inside; ECharts hides the overlapping one (its tooltip keeps it). Grouped and single
    bars keep every label (their labels sit apart)."""
    years = ["2022年度", "2023年度"]
    stacked = [
        {"type": "bar", "name": n, "x": years, "y": y, "text": [str(v) for v in y], "textposition": "inside"}
        for n, y in (("四星", [5, 19]), ("五星", [2, 9]))
    ]
    option = echarts.option(charts.figure(stacked, charts.styled_layout("t", barmode="stack")))
    assert [s["labelLayout"]["hideOverlap"] for s in option["series"]] == [True, True]
    grouped = echarts.option(charts.figure(stacked, charts.styled_layout("t", barmode="group")))
    assert [s["labelLayout"]["hideOverlap"] for s in grouped["series"]] == [False, False]


def test_a_reference_line_passes_under_the_bars_and_behind_their_numbers():
    """Slide 10's average at 8.4 ran through the "8.0" after a bar ending at 8.0: the line is drawn
    under the series (ECharts draws a series at z 2) and a number after its bar sits on a white box;
    a number inside its bar keeps no box (it would hide the bar)."""
    shapes, notes = charts.reference_line(8.4, axis="x", text="平均 8.4", position="top right")
    layout = charts.styled_layout("t", shapes=shapes, annotations=notes, xaxis={"range": [0, 12]})
    bar = {"type": "bar", "orientation": "h", "y": ["甲", "乙"], "x": [11.5, 8.0], "text": ["11.5", "8.0"]}
    (after,) = echarts.option(charts.figure([bar | {"textposition": "outside"}], layout))["series"]
    assert after["markLine"]["z"] < after.get("z", 2)
    assert after["label"]["position"] == "right" and after["label"]["backgroundColor"] == "#ffffff"
    assert all("label" not in item for item in after["data"])  # each number: the series' boxed label
    (inside,) = echarts.option(charts.figure([bar | {"textposition": "auto"}], layout))["series"]
    assert [item["label"]["position"] for item in inside["data"]] == ["insideRight", "insideRight"]
    assert {item["label"]["backgroundColor"] for item in inside["data"]} == {"transparent"}


def test_a_number_on_a_line_goes_under_its_point_in_a_valley_and_never_hides_the_line():
    """Slide 5's monthly activities: "593" above February's dip sat on the line rising to March.
    A point lower than its neighbours has its number below it; numbers have a halo, not a box
    (a box would cut the line)."""
    months = [f"{m}月" for m in range(1, 13)]
    y = [799, 593, 1250, 1114, 1069, 1060, 1151, 1112, 1146, 1256, 1130, 1097]
    line = {"type": "scatter", "mode": "lines+markers+text", "x": months, "y": y, "text": [str(v) for v in y]}
    (series,) = echarts.option(
        charts.figure([line | {"textposition": "top center"}], charts.styled_layout("t"))
    )["series"]
    below = [i for i, item in enumerate(series["data"]) if item.get("label", {}).get("position") == "bottom"]
    assert below == [1, 5, 7, 11]
    assert series["label"]["position"] == "top" and series["label"]["textBorderColor"] == "#ffffff"
    assert "backgroundColor" not in series["label"]


@pytest.mark.parametrize(
    ("heights", "valleys"),
    [
        ([3, 1, 2], [1]),
        ([1, 2, 3], [0]),  # rising from its start
        ([3, 2, 1], [2]),  # ending falling
        ([2, 2, 2], []),  # flat: no side to move to
        ([3, None, 1, 2], [2]),  # a gap is not a neighbour
        ([5, 4, float("nan")], [1]),  # NaN: a gap
        ([None, 4, None], []),  # alone between gaps
    ],
)
def test_valleys_are_points_lower_than_each_neighbour_with_a_value(heights, valleys):
    assert echarts_labels.dips(heights) == valleys


def test_the_reports_line_writes_each_valleys_number_below_on_screen_and_in_the_pdf(report_charts):
    """Slide 5's monthly activities: the plotly figure (the PDF's PNG) places each number per point,
    and ECharts (the presentation page) follows it."""
    (line,) = [c for c in report_charts if c.kind == "line"]
    values = list(line.series[0].values)
    valleys = echarts_labels.dips(values)
    assert valleys  # the demo's February dip at least
    fig = figure(line)
    assert [i for i, w in enumerate(fig.data[0].textposition) if w == "bottom center"] == valleys
    assert fig.data[0].textfont.shadow  # a glow: no line cuts a number in the PNG either
    (series,) = echarts.option(fig)["series"]
    below = [i for i, item in enumerate(series["data"]) if item.get("label", {}).get("position") == "bottom"]
    assert below == valleys and series["label"]["position"] == "top"


def test_the_reports_reference_lines_run_under_the_bars_in_the_pdf_too(report_charts):
    for chart in [c for c in report_charts if c.reference is not None]:
        fig = figure(chart)
        assert [shape.layer for shape in fig.layout.shapes] == ["below"], chart.title
        assert all(trace.textfont.shadow for trace in fig.data), chart.title


def test_stacked_bars_on_a_date_axis_stack_by_date_not_by_position():
    """ECharts stacks a time axis's bars by item index: a community whose activity types each fall
    in a few months had its bars drawn floating on other months' bars. Each stacked series gets an
    item at every date (empty where it has no bar), and a click still maps to the right point."""
    fig = charts.figure(
        [
            {
                "type": "bar",
                "name": "养老",
                "x": ["2024-01-01", "2024-02-01"],
                "y": [1, 2],
                "customdata": ["a", "b"],
            },
            {
                "type": "bar",
                "name": "培训",
                "x": ["2024-02-01", "2024-03-01"],
                "y": [3, 4],
                "customdata": ["c", "d"],
            },
        ],
        {"barmode": "stack"},
    )
    drawn = echarts.drawing(fig)
    series = drawn.option["series"]
    assert [[i["value"] for i in s["data"]] for s in series] == [
        [["2024-01-01", 1], ["2024-02-01", 2], ["2024-03-01", None]],
        [["2024-01-01", None], ["2024-02-01", 3], ["2024-03-01", 4]],
    ]
    assert [[p["customdata"] for p in points] for points in drawn.points] == [
        ["a", "b", None],
        [None, "c", "d"],
    ]


def test_bars_side_by_side_on_a_date_axis_are_left_as_they_are():
    fig = charts.figure(
        [
            {"type": "bar", "name": "养老", "x": ["2024-01-01"], "y": [1]},
            {"type": "bar", "name": "培训", "x": ["2024-02-01"], "y": [3]},
        ],
        {"barmode": "group"},
    )
    assert [len(s["data"]) for s in echarts.option(fig)["series"]] == [1, 1]


def test_a_stacked_series_with_two_bars_at_one_date_keeps_both():
    fig = charts.figure(
        [
            {"type": "bar", "name": "养老", "x": ["2024-01-01", "2024-01-01"], "y": [1, 2]},
            {"type": "bar", "name": "培训", "x": ["2024-02-01"], "y": [3]},
        ],
        {"barmode": "stack"},
    )
    assert [len(s["data"]) for s in echarts.option(fig)["series"]] == [2, 1]  # nothing dropped


def test_a_map_keeps_its_proportions_when_its_width_is_known():
    """ECharts stretches each axis to the plot: a street's seats were drawn twice as wide as they lie.
    With the chart's width (the presentation's canvas) one axis is widened, as plotly's scaleanchor
    does, so a kilometre east is as long on screen as a kilometre north; the points stay in view."""
    import math

    from govdash.report.model import MapChart, PointGroup

    group = PointGroup("三星", "#f4a300", (112.02, 112.08), (34.01, 34.09), ("甲社区", "乙社区"))
    bbox = (112.0, 34.0, 112.1, 34.1)
    fig = figure(MapChart("t", (group,), (), bbox, labels=True), height=500)
    fig.update_layout(width=1540)
    option = echarts.option(fig)
    grid, x_axis, y_axis = option["grid"], option["xAxis"], option["yAxis"]
    plot_w, plot_h = 1540 - grid["left"] - grid["right"], 500 - grid["top"] - grid["bottom"]
    km_x = (x_axis["max"] - x_axis["min"]) * 111.2 * math.cos(math.radians(34.05))
    km_y = (y_axis["max"] - y_axis["min"]) * 111.2
    assert plot_w / km_x == pytest.approx(plot_h / km_y, rel=1e-3)  # pixels per km, east and north
    assert x_axis["min"] <= bbox[0] and x_axis["max"] >= bbox[2]  # nothing of the map is cut off
    assert y_axis["min"] == pytest.approx(bbox[1]) and y_axis["max"] == pytest.approx(bbox[3])
    # without a width (a page's chart, drawn to whatever width it gets) the ranges are as given
    plain = echarts.option(figure(MapChart("t", (group,), (), bbox, labels=True), height=500))
    assert (plain["xAxis"]["min"], plain["xAxis"]["max"]) == (bbox[0], bbox[2])


def test_a_long_bars_text_that_fits_on_neither_side_goes_inside():
    """The profile's rank bars: "1 of 24, tied (7)" after a bar at 87 of 118 was cut by the plot's
    edge ("1 of 24, tied"); inside the bar it is whole. A middling bar keeps a long text after it,
    a short one always."""

    def inside(x: float, text: str) -> bool:
        return echarts_labels.fits({"x": x, "y": "m", "text": text}, True, 118)

    assert inside(87, "1 of 24, tied (7)")
    assert not inside(62.5, "2 of 5, tied (2)")
    assert not inside(10, "23 of 24")
    assert inside(96, "2 of 24")
