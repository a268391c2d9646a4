"""Native, editable PowerPoint charts (python-pptx chart objects) from the report's charts.

Bar, stacked column, line and pie charts carry their data in the deck's embedded workbook, so a
presenter can restyle or re-sort them in PowerPoint. The map is an XY-scatter chart: one series per
legend class (longitude, latitude) and the district outline as line-only series. Category and
series names pass ``etl.safe_text.neutralize_formula`` first: python-pptx writes the workbook with
xlsxwriter, which stores a string starting with ``=`` as a live formula.
"""

from __future__ import annotations

import math

from lxml import etree
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from etl.safe_text import neutralize_formula
from govdash.formatting import fmt_aside
from govdash.report.layout import count_step
from govdash.report.model import BAR, COLUMN_STACKED, LINE, PIE, Chart, MapChart

CHART_TYPES = {
    BAR: XL_CHART_TYPE.BAR_CLUSTERED,
    COLUMN_STACKED: XL_CHART_TYPE.COLUMN_STACKED,
    LINE: XL_CHART_TYPE.LINE_MARKERS,
    PIE: XL_CHART_TYPE.PIE,
}
OUTLINE_RGB = "555555"
GRID_RGB = "D9D9D9"
MAP_PLOT = (0.02, 0.12, 0.72, 0.85)  # x, y, w, h of the map's plot area in the chart frame


def rgb(color: str) -> RGBColor:
    return RGBColor.from_string(color.lstrip("#").upper())


def number_format(chart: Chart) -> str:
    """Excel number format of values and labels (zero hidden in stacked columns)."""
    base = "#,##0" + ("." + "0" * chart.decimals if chart.decimals else "")
    if chart.percent:
        return base + '"%"'
    return f"{base};-{base};;" if chart.kind == COLUMN_STACKED else base


def _fill(fmt, color: str) -> None:  # noqa: ANN001 - python-pptx FillFormat owner
    fmt.fill.solid()
    fmt.fill.fore_color.rgb = rgb(color)


def _title(chart_obj, text: str, size: int) -> None:  # noqa: ANN001
    chart_obj.has_title = True
    frame = chart_obj.chart_title.text_frame
    frame.text = text
    for run in frame.paragraphs[0].runs:
        run.font.size = Pt(size)
        run.font.bold = True
    # keep the title above the plot instead of over it
    overlay = chart_obj.chart_title._title.find(qn("c:overlay"))  # noqa: SLF001
    if overlay is not None:
        overlay.set("val", "0")


def _labels(plot, fmt: str, size: int, position: XL_LABEL_POSITION | None) -> None:  # noqa: ANN001
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = fmt
    labels.number_format_is_linked = False
    labels.show_value = True
    labels.font.size = Pt(size)
    if position is not None:
        labels.position = position


def category_chart(shapes, chart: Chart, box: tuple[int, int, int, int], lang: str, font_size: int = 14):  # noqa: ANN001, ANN201
    """Add a native bar/column/line/pie chart for ``chart`` in ``box`` (EMU) and return the chart."""
    data = CategoryChartData(number_format=number_format(chart))
    data.categories = [neutralize_formula(c) for c in chart.categories]
    for series in chart.series:
        data.add_series(neutralize_formula(series.name), list(series.values))
    frame = shapes.add_chart(CHART_TYPES[chart.kind], *(Emu(v) for v in box), data)
    obj = frame.chart
    obj.font.size = Pt(font_size)
    title = fmt_aside(chart.title, chart.reference_label, lang) if chart.reference_label else chart.title
    _title(obj, title, font_size + 4)
    plot = obj.plots[0]
    if chart.kind == PIE:
        _pie(obj, chart, font_size)
        return obj
    for series_obj, series in zip(plot.series, chart.series, strict=True):
        if chart.kind == LINE:
            series_obj.format.line.color.rgb = rgb(series.color)
            series_obj.format.line.width = Pt(3.5)
            series_obj.smooth = False
            series_obj.marker.style = XL_MARKER_STYLE.CIRCLE
            series_obj.marker.size = 9
            _fill(series_obj.marker.format, series.color)
        else:
            _fill(series_obj.format, series.color)
            for index, color in enumerate(series.point_colors):
                _fill(series_obj.points[index].format, color)
    position = {
        BAR: XL_LABEL_POSITION.OUTSIDE_END,
        LINE: XL_LABEL_POSITION.ABOVE,
        COLUMN_STACKED: XL_LABEL_POSITION.CENTER,
    }[chart.kind]
    _labels(plot, number_format(chart), font_size - (3 if chart.kind == LINE else 1), position)
    if chart.kind in (BAR, COLUMN_STACKED):
        plot.gap_width = 60
        if chart.kind == BAR:
            plot.overlap = -10 if len(chart.series) > 1 else 0
    _axes(obj, chart, font_size)
    obj.has_legend = len(chart.series) > 1
    if obj.has_legend:
        obj.legend.position = XL_LEGEND_POSITION.BOTTOM if chart.kind == BAR else XL_LEGEND_POSITION.RIGHT
        obj.legend.include_in_layout = False
        obj.legend.font.size = Pt(font_size)
    return obj


def _axes(obj, chart: Chart, font_size: int) -> None:  # noqa: ANN001
    category, value = obj.category_axis, obj.value_axis
    category.tick_labels.font.size = Pt(font_size - (2 if len(chart.categories) > 8 else 0))
    category.has_major_gridlines = False
    if chart.kind == BAR:
        category.reverse_order = True  # first category on top, as in the tables and the PDF
    value.has_major_gridlines = True
    value.major_gridlines.format.line.color.rgb = rgb(GRID_RGB)
    value.tick_labels.font.size = Pt(font_size - 2)
    value.tick_labels.number_format = '#,##0"%"' if chart.percent else number_format(chart).split(";")[0]
    value.tick_labels.number_format_is_linked = False
    value.minimum_scale = 0
    step = count_step(chart)
    if step:  # whole numbers (0, 1, 2 communities), as in the PDF
        value.major_unit = step
    values = [v for s in chart.series for v in s.values if v is not None]
    if chart.percent and values and max(values) <= 100:
        value.maximum_scale = 100


def _pie(obj, chart: Chart, font_size: int) -> None:  # noqa: ANN001
    plot = obj.plots[0]
    series = chart.series[0]
    for index, color in enumerate(series.point_colors):
        _fill(plot.series[0].points[index].format, color)
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.show_value = False
    labels.show_category_name = True
    labels.show_percentage = True
    labels.number_format = "0.0%"
    labels.number_format_is_linked = False
    labels.font.size = Pt(font_size - 1)
    labels.position = XL_LABEL_POSITION.BEST_FIT
    obj.has_legend = False


# --- the map --------------------------------------------------------------------------------------


def map_ranges(chart: MapChart, frame_w: float, frame_h: float) -> tuple[float, float, float, float]:
    """Axis ranges that keep the map's proportions in the plot area (equirectangular, cos(lat))."""
    min_lon, min_lat, max_lon, max_lat = chart.bbox
    kx = math.cos(math.radians((min_lat + max_lat) / 2))
    width, height = frame_w * MAP_PLOT[2], frame_h * MAP_PLOT[3]
    span_x, span_y = (max_lon - min_lon) * kx, max_lat - min_lat
    if span_x / span_y > width / height:
        grow = span_x * height / width - span_y
        min_lat, max_lat = min_lat - grow / 2, max_lat + grow / 2
    else:
        grow = (span_y * width / height - span_x) / kx
        min_lon, max_lon = min_lon - grow / 2, max_lon + grow / 2
    return min_lon, max_lon, min_lat, max_lat


def _manual_plot_area(obj) -> None:  # noqa: ANN001
    plot_area = obj._chartSpace.find(".//" + qn("c:plotArea"))  # noqa: SLF001
    layout = plot_area.find(qn("c:layout"))
    if layout is None:
        layout = etree.SubElement(plot_area, qn("c:layout"))
        plot_area.remove(layout)
        plot_area.insert(0, layout)
    for child in list(layout):
        layout.remove(child)
    manual = etree.SubElement(layout, qn("c:manualLayout"))
    for tag, value in (
        ("layoutTarget", "inner"),
        ("xMode", "edge"),
        ("yMode", "edge"),
        ("x", MAP_PLOT[0]),
        ("y", MAP_PLOT[1]),
        ("w", MAP_PLOT[2]),
        ("h", MAP_PLOT[3]),
    ):
        etree.SubElement(manual, qn(f"c:{tag}")).set("val", str(value))


def _hide_legend_entries(obj, indexes: range) -> None:  # noqa: ANN001
    legend = obj.legend._element  # noqa: SLF001
    position = legend.find(qn("c:legendPos"))
    for index in reversed(indexes):
        entry = etree.Element(qn("c:legendEntry"))
        etree.SubElement(entry, qn("c:idx")).set("val", str(index))
        etree.SubElement(entry, qn("c:delete")).set("val", "1")
        position.addnext(entry)


LABEL_PLACES = {
    "top": XL_LABEL_POSITION.ABOVE,
    "bottom": XL_LABEL_POSITION.BELOW,
    "right": XL_LABEL_POSITION.RIGHT,
    "left": XL_LABEL_POSITION.LEFT,
}


def _point_labels(series_obj, labels: tuple[str, ...], places: tuple[str, ...], size: int) -> None:  # noqa: ANN001
    """Write each point's name beside it (custom data-label text, where ``places`` says: above by
    default); none where it is left out ("")."""
    for index, label in enumerate(labels):
        if places and not places[index]:
            continue
        data_label = series_obj.points[index].data_label
        data_label.has_text_frame = True
        data_label.text_frame.text = label
        data_label.position = LABEL_PLACES[places[index] if places else "top"]
        data_label.font.size = Pt(size)


def map_chart(shapes, chart: MapChart, box: tuple[int, int, int, int], font_size: int = 14):  # noqa: ANN001, ANN201
    """Add the map as a native XY-scatter chart in ``box`` (EMU) and return the chart."""
    data = XyChartData(number_format="0.00000")
    for ring in chart.outlines:
        series = data.add_series("—")
        for lon, lat in ring:
            series.add_data_point(lon, lat)
    for group in chart.groups:
        series = data.add_series(neutralize_formula(group.name))
        for lon, lat in zip(group.lons, group.lats, strict=True):
            series.add_data_point(lon, lat)
    frame = shapes.add_chart(XL_CHART_TYPE.XY_SCATTER, *(Emu(v) for v in box), data)
    obj = frame.chart
    obj.font.size = Pt(font_size)
    _title(obj, chart.title, font_size + 4)
    all_series = list(obj.plots[0].series)
    n_rings = len(chart.outlines)
    for series_obj in all_series[:n_rings]:
        series_obj.marker.style = XL_MARKER_STYLE.NONE
        series_obj.format.line.color.rgb = rgb(OUTLINE_RGB)
        series_obj.format.line.width = Pt(1.75)
    for series_obj, group in zip(all_series[n_rings:], chart.groups, strict=True):
        series_obj.marker.style = XL_MARKER_STYLE.CIRCLE
        series_obj.marker.size = 7
        _fill(series_obj.marker.format, group.color)
        series_obj.marker.format.line.color.rgb = rgb("444444")
        series_obj.format.line.fill.background()
        if chart.labels:
            _point_labels(series_obj, group.labels, group.places, font_size - 3)
    min_lon, max_lon, min_lat, max_lat = map_ranges(chart, box[2], box[3])
    for axis, low, high in ((obj.category_axis, min_lon, max_lon), (obj.value_axis, min_lat, max_lat)):
        axis.minimum_scale, axis.maximum_scale = low, high
        axis.has_major_gridlines = False
        axis.visible = False
    _manual_plot_area(obj)
    obj.has_legend = True
    obj.legend.position = XL_LEGEND_POSITION.RIGHT
    obj.legend.include_in_layout = False
    obj.legend.font.size = Pt(font_size)
    _hide_legend_entries(obj, range(n_rings))
    return obj
