"""The one UI dictionary: every label a page shows, in Chinese (default) and English.

Shared labels live here; each page keeps its own labels in ``govdash/text/<page>.py`` (a ``TEXT``
dict of the same shape), merged into ``TEXT`` at import. A key defined twice is an error.
"""

from __future__ import annotations

import importlib
import pkgutil

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

import govdash.text

TEXT: dict[str, tuple[str, str]] = {
    "app_title": ("社区治理数据看板", "Community Governance Dashboard"),
    "home": ("首页", "Home"),
    "language": ("语言", "Language"),
    "data_cutoff": ("数据截至 {date}", "Data as of {date}"),
    "summary": (
        "{districts} 个区 · {streets} 个街道(镇) · {communities} 个社区(村)",
        "{districts} districts · {streets} streets/towns · {communities} communities",
    ),
    "booting": (
        "首次启动：正在从演示数据建立数据库……",
        "First start: building the warehouse from the demo data…",
    ),
    "no_data": (
        "暂无数据。请先导入数据（python -m etl load 文件）。",
        "No data yet. Load files first (python -m etl load FILE).",
    ),
    "communities": ("社区(村)", "Communities"),
    "population": ("常住人口", "Population"),
    "social_orgs": ("社会组织", "Social organizations"),
    "compound_branch_coverage_pct": ("小区党支部覆盖率", "Compound party-branch coverage"),
    "activities_12m": ("近12个月活动场次", "Activities, last 12 months"),
    "participants_12m": ("近12个月参与人次", "Participants, last 12 months"),
    "volunteer_hours_12m": ("近12个月志愿服务时长(小时)", "Volunteer hours, last 12 months"),
    "five_star": ("五星支部", "Five-star branches"),
    "four_plus_star": ("四星及以上", "Four stars or more"),
    "not_in_program": ("未参与", "N/A"),
    "not_in_program_help": (
        "该区未参与五星支部创建（河南省自2022年开展）",
        "This district is not in Henan's five-star branch program (since 2022)",
    ),
    "vs_last_year": ("较上年同期", "YoY"),
    "home_intro": (
        "各区社区建设关键指标一览：社区覆盖、组织建设、活动与志愿服务、五星支部创建。",
        "Key community-building figures by district: coverage, organizations, activity, "
        "volunteering and five-star creation.",
    ),
    "footer_sources": (
        "区划代码：国家统计局2023年统计用区划代码；边界：Vonng/adcode (CC BY 4.0)。演示数据为依据公开报道生成的模拟数据。",
        "Division codes: NBS 2023; boundaries: Vonng/adcode (CC BY 4.0). Demo data is "
        "simulated from published reports.",
    ),
}


def _merge_page_texts() -> None:
    for info in pkgutil.iter_modules(govdash.text.__path__):
        module = importlib.import_module(f"govdash.text.{info.name}")
        clash = set(module.TEXT) & set(TEXT)
        if clash:
            raise KeyError(f"UI text keys defined twice: {sorted(clash)}")
        TEXT.update(module.TEXT)


_merge_page_texts()


def lang() -> str:
    """The UI language: ``?lang=en`` in the URL switches to English; Chinese otherwise.

    Read once per script run and query string (a page asks ~1,300 times, ``t`` included, and each
    read of ``st.query_params`` takes ~11 µs: ~14 ms of a run). Streamlit gives the run's context a
    new ``query_string`` at every run and whenever the script writes a query parameter, so the
    memo never outlives the URL it was read from."""
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:
        return _read_lang()
    memo = ctx.__dict__.get(_MEMO)
    if memo is not None and memo[0] is ctx.query_string:
        return memo[1]
    found = _read_lang()
    ctx.__dict__[_MEMO] = (ctx.query_string, found)
    return found


_MEMO = "_govdash_lang"


def _read_lang() -> str:
    return "en" if st.query_params.get("lang") == "en" else "zh"


def t(key: str, **params: object) -> str:
    """A UI text in the page's language (``lang``)."""
    return tr(key, lang(), **params)


def tr(key: str, lang: str, **params: object) -> str:
    """A UI text in a given language: the report, the ledger's export and figures built outside a
    page run (or shared between languages) name theirs."""
    zh, en = TEXT[key]
    return (en if lang == "en" else zh).format(**params)
