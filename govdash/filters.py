"""The sidebar filters (district → street → community, month, community type), kept in the URL.

Every filter is read from ``st.query_params`` (validated against the warehouse, so a hand-edited
link cannot inject anything) and written back when it changes, so a copied link opens the same
view. Pages read the result with ``current()``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from govdash import db, queries
from govdash.formatting import fmt_month
from govdash.i18n import lang, t
from govdash.metric_labels import kind_label

STATE_KEY = "govdash_filters"


@dataclass(frozen=True)
class Filters:
    district: str
    street: str | None
    community: str | None
    month: date  # first day of the selected month
    community_type: str | None
    names: dict[str, str]  # code -> name of the selected areas

    @property
    def area_code(self) -> str:
        """The most specific area selected."""
        return self.community or self.street or self.district

    @property
    def area_name(self) -> str:
        return self.names.get(self.area_code, self.area_code)

    @property
    def level(self) -> str:
        return "community" if self.community else "street" if self.street else "district"

    @property
    def as_of(self) -> date:
        return queries.month_end(self.month)

    def describe(self) -> str:
        """``洛龙区 / 开元路街道 · 2024年12月`` for captions and exports."""
        path = " / ".join(self.names[c] for c in (self.district, self.street, self.community) if c)
        text = f"{path} · {fmt_month(self.month, lang())}"
        if self.community_type:
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
    index = options.index(wanted) if wanted in options else 0
    # labels computed now: AppTest formats options outside the script run (no URL, no language)
    labels = {c: names.get(c, c) if c else t("all") for c in options}
    value = st.selectbox(label, options, index=index, key=widget_key, format_func=labels.__getitem__)
    _sync(qp_key, value)
    return value


def _default_district(areas: pd.DataFrame) -> str:
    counts = areas[areas["level"] == "community"].groupby("district_code").size()
    return str(counts.idxmax()) if not counts.empty else str(areas[areas["level"] == "district"].iloc[0]["area_code"])


def render_sidebar() -> Filters | None:
    """Draw the filters in the sidebar; None when the warehouse has no areas yet."""
    version = db.version()
    areas = queries.area_index(version)
    if areas.empty:
        return None
    names = dict(zip(areas["area_code"], areas["area_name"], strict=True))
    st.sidebar.subheader(t("filters"))
    with st.sidebar:
        districts = areas.loc[areas["level"] == "district", "area_code"].tolist()
        if st.query_params.get("district") not in districts:
            st.query_params["district"] = _default_district(areas)
        district = _choose(t("filter_district"), districts, names, "district", "f_district")
        streets = areas.loc[(areas["level"] == "street") & (areas["parent_code"] == district), "area_code"]
        street = _choose(t("filter_street"), [None, *streets], names, "street", f"f_street_{district}")
        community = None
        if street:
            comms = areas.loc[(areas["level"] == "community") & (areas["parent_code"] == street), "area_code"]
            community = _choose(t("filter_community"), [None, *comms], names, "community", f"f_comm_{street}")
        else:
            _sync("community", None)
        month = _month_filter(version)
        types = sorted(areas["community_type"].dropna().unique().tolist())
        ctype = _choose(t("filter_type"), [None, *types], {k: kind_label(k, lang()) for k in types}, "type",
                        "f_type")
    filters = Filters(district, street, community, month, ctype, names)
    st.session_state[STATE_KEY] = filters
    return filters


def _month_filter(version: str) -> date:
    months = queries.months(version)
    if not months:
        today = date.today()
        return today.replace(day=1)
    keys = [m.strftime("%Y-%m") for m in months]
    wanted = st.query_params.get("month")
    index = keys.index(wanted) if wanted in keys else len(keys) - 1
    key = st.select_slider(t("filter_month"), options=keys, value=keys[index], key="f_month",
                           format_func={k: fmt_month(date.fromisoformat(k + "-01"), lang()) for k in keys}.__getitem__)
    _sync("month", key)
    return date.fromisoformat(key + "-01")


def current() -> Filters:
    """The filters drawn by the frame for this run (pages call this)."""
    return st.session_state[STATE_KEY]


def select_area(code: str) -> None:
    """Select a street or community as the sidebar would (for drill-down clicks).

    Call it from a widget callback (``on_select``/``on_click``): callbacks run before the script,
    so the sidebar's selectbox state and the URL both change before the sidebar is drawn. Setting
    only the URL would not do: the selectbox keeps its state and writes it back.
    """
    areas = queries.area_index(db.version()).set_index("area_code")
    if code not in areas.index:
        return
    row = areas.loc[code]
    if row["level"] == "street":
        st.session_state[f"f_street_{row['parent_code']}"] = code
        st.query_params["street"] = code
        if "community" in st.query_params:
            del st.query_params["community"]
    elif row["level"] == "community":
        street = row["parent_code"]
        st.session_state[f"f_street_{areas.loc[street, 'parent_code']}"] = street
        st.session_state[f"f_comm_{street}"] = code
        st.query_params["street"] = street
        st.query_params["community"] = code
