"""The report model: what every slide of a review-meeting report says, already in one language.

``govdash.report.build.build_report`` fills it from the metric engine and the pages' data modules;
the PPTX and PDF builders and the presentation page only lay it out, so the three always show the
same numbers. Everything here is plain data (picklable, so Streamlit can cache it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from govdash import status

# Chart kinds (each maps to a native PowerPoint chart type and a plotly trace)
BAR = "bar"  # horizontal bars, one group per category
COLUMN_STACKED = "column_stacked"
LINE = "line"
PIE = "pie"
MAP = "map"  # points on lon/lat (XY scatter in PowerPoint), with outlines


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    color: str = "#1f77b4"
    point_colors: tuple[str, ...] = ()  # per-category colours (pie slices, highlighted bars)


@dataclass(frozen=True)
class Chart:
    """A category chart: ``categories`` × ``series``; values in ``unit``."""

    kind: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""
    percent: bool = False  # values are percentages (0–100): one decimal, "%" on labels
    decimals: int = 0
    reference: float | None = None  # a target or average line (bar charts)
    reference_label: str = ""


@dataclass(frozen=True)
class PointGroup:
    """One legend class of a map: the points drawn in one colour."""

    name: str
    color: str
    lons: tuple[float, ...]
    lats: tuple[float, ...]
    labels: tuple[str, ...]  # the points' names (their tooltips; written beside them when the map names them)
    places: tuple[
        str, ...
    ] = ()  # where each name goes: top, bottom, right, left, "" left out (crowded); () = top


@dataclass(frozen=True)
class MapChart:
    title: str
    groups: tuple[PointGroup, ...]
    outlines: tuple[tuple[tuple[float, float], ...], ...]  # rings of (lon, lat)
    bbox: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat
    labels: bool = False  # write each point's name beside it (few points)
    kind: str = MAP


@dataclass(frozen=True)
class Kpi:
    metric: str
    label: str
    value: float | None
    text: str  # formatted value with unit
    delta: str = ""  # e.g. "+3.2% 同比"
    good: bool | None = None  # colour of the delta: True green, False red, None neutral


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    status: tuple[str, ...] = ()  # per row: a govdash.status status (met, near, below, overdue) or ""
    widths: tuple[float, ...] = ()  # relative column widths

    def __post_init__(self) -> None:
        # one status vocabulary: a word outside it ("behind") coloured nothing, silently
        unknown = set(self.status) - {*status.COLORS, status.NONE}
        if unknown:
            raise ValueError(f"table status not in govdash.status: {sorted(unknown)}")


@dataclass(frozen=True)
class Slide:
    key: str  # title | kpis | coverage | volunteer | five_star | map | laggards | next_steps | definitions
    title: str
    subtitle: str = ""
    kpis: tuple[Kpi, ...] = ()
    charts: tuple[Chart | MapChart, ...] = ()
    table: Table | None = None
    bullets: tuple[str, ...] = ()
    note: str = ""  # an empty or partial state, said in words ("未参与五星创建")


@dataclass(frozen=True)
class Report:
    area_code: str
    area_name: str
    area_path: str  # 洛龙区 / 开元路街道
    level: str  # district | street | community
    as_of: date
    cutoff: date  # data cut-off shown on every slide
    lang: str
    title: str
    scope: str  # the filters in force, one line
    footer: str  # "洛龙区 · 数据截至 2024年12月31日 · …" (page number added by the builders)
    page_label: str  # "第 {n} / {total} 页"
    slides: tuple[Slide, ...] = field(default_factory=tuple)
    metrics: tuple[str, ...] = ()  # catalog metrics the report shows (for the definitions slide)

    def page_text(self, index: int) -> str:
        """Footer of slide ``index`` (0-based): area, cut-off, filters and page number."""
        return f"{self.footer} · {self.page_label.format(n=index + 1, total=len(self.slides))}"

    def file_stem(self) -> str:
        """``汇报_洛龙区_2024-12-31`` (no extension)."""
        prefix = "report" if self.lang == "en" else "汇报"
        return f"{prefix}_{self.area_name}_{self.as_of.isoformat()}".replace("/", "_").replace(" ", "_")
