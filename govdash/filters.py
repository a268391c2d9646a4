"""The sidebar filters (district → street → community, month, community type), kept in the URL.

Every filter is read from ``st.query_params`` (validated against the warehouse, so a hand-edited
link cannot inject anything) and written back when it changes, so a copied link opens the same
view. Pages read the result with ``current()``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import streamlit as st

from govdash import charts, db, queries
from govdash.formatting import fmt_count, fmt_month
from govdash.i18n import lang, t
from govdash.metric_labels import kind_label, sentence_start

STATE_KEY = "govdash_filters"
DENIED_KEY = "govdash_area_denied"  # this run: the URL named an area outside the options
AREA_KEYS = ("district", "street", "community")


@dataclass(frozen=True)
class Filters:
    district: str
    street: str | None
    community: str | None
    month: date  # first day of the selected month
    community_type: str | None
    names: dict[str, str]  # code -> name of the selected areas

    @property
    def choices(self) -> queries.Choices:
        """What a page's view depends on (without ``names``)."""
        return queries.Choices(self.district, self.street, self.community, self.community_type, self.month)

    @property
    def area_code(self) -> str:
        """The most specific area selected."""
        return queries.selected_area(self.district, self.street, self.community)[0]

    @property
    def area_name(self) -> str:
        return self.names.get(self.area_code, self.area_code)

    @property
    def level(self) -> str:
        return queries.selected_area(self.district, self.street, self.community)[1]

    @property
    def as_of(self) -> date:
        return queries.month_end(self.month)

    def describe(self, with_type: bool = True) -> str:
        """``洛龙区 / 开元路街道 · 2024年12月 · 老旧`` for captions and exports; ``with_type=False`` on
        a page whose figures cover every community (``say_type_not_applied`` says so instead)."""
        path = " / ".join(self.names[c] for c in (self.district, self.street, self.community) if c)
        text = f"{path} · {fmt_month(self.month, lang())}"
        if self.community_type and with_type:
            text += f" · {kind_label(self.community_type, lang())}"
        return text


def _sync(key: str, value: str | None) -> None:
    if value is None:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != value:
        st.query_params[key] = value


def _choose(label: str, options: list[str | None], names: dict, qp_key: str, widget_key: str) -> str | None:
    wanted = st.query_params.get(qp_key)
    if wanted is not None and wanted not in options and qp_key in AREA_KEYS:
        st.session_state[DENIED_KEY] = True
    index = options.index(wanted) if wanted in options else 0
    # labels computed now: AppTest formats options outside the script run (no URL, no language)
    labels = {c: names.get(c, c) if c else t("all") for c in options}
    value = st.selectbox(label, options, index=index, key=widget_key, format_func=labels.__getitem__)
    _sync(qp_key, value)
    return value


def _pick(label: str, options: list[str], names: dict, default: str, widget_key: str) -> str:
    """A picker of an area level above the district (not in the URL: the district implies it)."""
    return st.selectbox(
        label,
        options,
        index=options.index(default),
        key=widget_key,
        format_func={c: names.get(c, c) for c in options}.__getitem__,
    )


def _district_options(tree: queries.AreaTree, wanted: str | None) -> tuple[list[str], str | None]:
    """Districts offered and the area they are under: all of them, or (when the warehouse has
    provinces/cities) those of the province and city picked in cascading pickers, which start at the
    wanted district's. A picker with a single option is not shown."""
    start = tree.upper.get(wanted or tree.default_district(), {})
    scope, scope_level = None, None
    for level in tree.levels_above():
        by_parent = tree.children[level]
        options = by_parent.all() if scope is None else by_parent.get(scope, [])
        if not options:  # e.g. a province without cities: its districts directly
            continue
        default = start.get(level) if start.get(level) in options else options[0]
        key = f"f_{level}" if scope is None else f"f_{level}_{scope}"
        scope = (
            _pick(t(f"filter_{level}"), options, tree.names, default, key) if len(options) > 1 else default
        )
        scope_level = level
    districts = tree.children.get(f"district@{scope_level}", {}).get(scope) if scope else None
    return (districts, scope) if districts else (tree.districts, None)


def render_sidebar() -> Filters | None:
    """Draw the filters in the sidebar; None when the warehouse has no areas yet."""
    version = db.version()
    tree = queries.area_tree(version)
    if not tree.districts:
        return None
    names = tree.names
    st.session_state[DENIED_KEY] = False
    st.sidebar.subheader(t("filters"))
    with st.sidebar:
        wanted = st.query_params.get("district")
        districts, scope = _district_options(tree, wanted if wanted in tree.upper else None)
        if wanted not in districts:
            st.session_state[DENIED_KEY] = wanted is not None
            st.query_params["district"] = tree.default_district(districts)
        district = _choose(
            t("filter_district"),
            districts,
            names,
            "district",
            f"f_district_{scope}" if scope else "f_district",
        )
        street_codes = tree.children.get("street", {}).get(district, [])
        street = _choose(
            t("filter_street"),
            _with_all(district, street_codes, tree),
            names,
            "street",
            f"f_street_{district}",
        )
        community = None
        if street:
            comms = tree.children.get("community", {}).get(street, [])
            community = _choose(
                t("filter_community"), _with_all(street, comms, tree), names, "community", f"f_comm_{street}"
            )
        else:
            _sync("community", None)
        area = queries.selected_area(district, street, community)[0]
        month = _month_filter(version, area)
        # the district's and its streets' counts in one read: a street change then reads nothing
        companions = (*([] if district in tree.partial else [district]), *street_codes)
        ctype = _type_filter(version, tree.community_types, area, month, companions)
    filters = Filters(district, street, community, month, ctype, names)
    st.session_state[STATE_KEY] = filters
    if st.session_state[DENIED_KEY] and not db.current_scope().everything:
        st.warning(t("auth_denied_area", area=filters.area_name), icon=":material/block:")
    return filters


def _with_all(parent: str | None, children: list[str], tree: queries.AreaTree) -> list[str | None]:
    """Child options, led by "all" (None) unless the parent is visible only in part."""
    return list(children) if parent in tree.partial else [None, *children]


def _month_filter(version: str, area_code: str) -> date:
    months = queries.months(version)
    if not months:
        today = date.today()
        return today.replace(day=1)
    keys = [m.strftime("%Y-%m") for m in months]
    wanted = st.query_params.get("month")
    if wanted in keys:  # the URL's month (kept when the area changes): no default to look up
        index = keys.index(wanted)
    else:
        default = queries.default_month(version, area_code)  # the latest month reported well enough
        latest = default.strftime("%Y-%m") if default else keys[-1]
        index = keys.index(latest) if latest in keys else len(keys) - 1
    key = st.select_slider(
        t("filter_month"),
        options=keys,
        value=keys[index],
        key="f_month",
        format_func={k: fmt_month(date.fromisoformat(k + "-01"), lang()) for k in keys}.__getitem__,
    )
    _sync("month", key)
    return date.fromisoformat(key + "-01")


TYPE_COUNT = "communities_type:{kind}"  # the catalog's communities of each type existing on a day


def _type_filter(
    version: str, types: list[str], area_code: str, month: date, companions: tuple[str, ...]
) -> str | None:
    """The community-type picker; each type with its number of communities in the area at the
    month's end (the catalog metric, from the engine: a type absent from the data has none).
    ``companions``: areas read in the same engine call when the area is one of them."""
    codes = companions if area_code in companions else (area_code,)
    as_of = queries.month_end(month)
    row = queries.metrics_table(version, codes, as_of, None, (TYPE_COUNT,)).loc[area_code]
    labels = {
        k: t(
            "filter_type_option",
            type=sentence_start(kind_label(k, lang())),
            n=fmt_count(row.get(TYPE_COUNT.format(kind=k)), lang()),
        )
        for k in types
    }
    return _choose(t("filter_type"), [None, *types], labels, "type", "f_type")


def say_type_not_applied(f: Filters) -> None:
    """On a page whose figures cover every community of the area: say so when a type is picked
    (a page that applies the filter says which type it filtered to instead)."""
    if f.community_type:
        st.info(t("type_not_applied"), icon=":material/filter_alt_off:")


def current() -> Filters:
    """The filters drawn by the frame for this run (pages call this)."""
    return st.session_state[STATE_KEY]


def select_area(code: str) -> None:
    """Select a street or community as the sidebar would (for drill-down clicks).

    Call it from a widget callback (``on_select``/``on_click``): callbacks run before the script,
    so the sidebar's selectbox state and the URL both change before the sidebar is drawn. Setting
    only the URL would not do: the selectbox keeps its state and writes it back.
    """
    level, parent, grand = queries.parents_of(code)
    if level == "street":
        st.session_state[f"f_street_{parent}"] = code
        st.query_params["street"] = code
        if "community" in st.query_params:
            del st.query_params["community"]
    elif level == "community" and parent is not None:
        street = parent
        st.session_state[f"f_street_{grand}"] = street
        st.session_state[f"f_comm_{street}"] = code
        st.query_params["street"] = street
        st.query_params["community"] = code


def clicked_code(points: Sequence[dict], allowed: set[str]) -> str | None:
    """The area code of the first clicked point (its ``customdata``, or the first item of it), if
    it is one of ``allowed``."""
    data = points[0].get("customdata") if points else None
    code = data[0] if isinstance(data, list) and data else data
    return str(code) if code is not None and str(code) in allowed else None


def drill_down(chart_key: str, codes: Sequence[str]) -> Callable[[], None]:
    """The ``on_select`` callback of a chart whose points carry an area code as ``customdata`` (the
    code itself, or first in a list): a click on a bar selects that street or community, as the
    sidebar would, if it is one of ``codes`` (the areas the chart compares).

    It runs before the rerun, while the sidebar selectbox still holds its own state, which would
    win over the URL: ``select_area`` sets both.
    """
    allowed = {str(c) for c in codes}

    def select() -> None:
        code = clicked_code(charts.clicked_points(chart_key), allowed)
        if code is not None:
            select_area(code)

    return select
