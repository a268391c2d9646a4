"""The audit page's model: audit rows and users with labels in the UI language (no Streamlit)."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd

from etl.access import ACTIONS, ROLE_LABELS, AccessStore
from etl.datasets import DATASETS
from govdash.formatting import MISSING, fmt_aside, fmt_list
from govdash.i18n import TEXT
from govdash.pages import title_key

AUDIT_COLUMNS = ["id", "at", "user", "role", "client", "action", "detail"]


def _label(table: dict[str, tuple[str, str]], key: object, lang: str) -> object:
    pair = table.get(key) if isinstance(key, str) else None
    return pair[1 if lang == "en" else 0] if pair else key


# Words for the keys of an audit row's detail (``etl.access.AccessStore.record`` keywords).
DETAIL_LABELS = {
    "area": ("区域", "area"),
    "areas": ("范围", "areas"),
    "page": ("页面", "page"),
    "month": ("月份", "month"),
    "mode": ("登录方式", "sign-in"),
    "name": ("用户", "user"),
    "role": ("角色", "role"),
    "file": ("文件", "file"),
    "files": ("文件", "files"),
    "what": ("内容", "what"),
    "rows": ("行数", "rows"),
    "dataset": ("数据类别", "dataset"),
    "problems": ("问题数", "problems"),
    "committed": ("已导入", "loaded"),
    "batch": ("批次", "batch"),
    "batches": ("批次", "batches"),
    "cascade": ("连带撤销", "cascade"),
    "undone": ("已撤销", "undone"),
    "restored": ("恢复行", "restored"),
    "removed": ("删除行", "removed"),
    "refused": ("拒绝原因", "refused"),
    "sha256": ("SHA256", "SHA256"),
    "exit": ("退出码", "exit code"),
    "meeting": ("推进会", "meeting"),
    "task": ("交办事项", "task"),
    "tasks": ("交办事项数", "tasks"),
    "owner": ("责任人", "owner"),
}

# What an export was (``downloads.download_button(what=...)``: ``kind[:argument...]``), in words;
# its arguments are named by ``_argument_text`` (a dataset, an area, a metric, a file format). An
# export named after its page reads as the page's title.
WHAT_LABELS = {
    "table": TEXT["nav_tables"],
    "template": ("上传模板", "upload template"),
    "report": ("汇报材料", "report"),
    "ledger": TEXT["nav_ledger"],
    "map_table": ("地图数据表", "map table"),
    "submissions": TEXT["nav_submissions"],
    "original": ("原始文件", "original file"),
    "all_metrics": TEXT["nav_all_metrics"],
    "audit": TEXT["nav_audit"],
    "history": TEXT["nav_history"],
    "upload_problems": ("上传问题清单", "upload problems"),
}
# The sign-in modes (``etl.settings.AUTH_MODES``) and the lists of the submissions page.
MODE_LABELS = {
    "none": ("未启用登录", "no sign-in"),
    "header": ("网关登录", "gateway sign-in"),
    "oidc": ("单点登录（OIDC）", "single sign-on (OIDC)"),
}
LIST_LABELS = {"missing": TEXT["sub_missing"], "late": TEXT["sub_late"]}
FORMATS = ("pptx", "pdf", "xlsx", "csv", "geojson")


def _page_text(url_path: object, lang: str) -> str:
    """A viewed page by its title (``five-star`` → 五星创建); an unknown path as recorded."""
    key = title_key(str(url_path))
    return str(_label(TEXT, key, lang)) if key else str(url_path)


def _argument_text(kind: str, value: str, names: dict[str, str], lang: str) -> str:
    if value in DATASETS:
        dataset = DATASETS[value]
        return dataset.label_en if lang == "en" else dataset.label_zh
    if value in names:
        return fmt_aside(names[value], value, lang)
    if value in FORMATS:
        return value.upper()
    if value in LIST_LABELS:
        return str(_label(LIST_LABELS, value, lang))
    if kind == "original" and value.isdigit():
        return f"批次 {value}" if lang != "en" else f"batch {value}"
    if kind == "map_table" and f"map_m_{value}" in TEXT:  # the map's own metric names
        return str(_label(TEXT, f"map_m_{value}", lang)).format(kind="").strip()
    return value


def what_text(what: object, names: dict[str, str], lang: str) -> str:
    """``table:activity`` → 数据表：社区活动; ``report:pptx:410311`` → 汇报材料：PPTX · 洛龙区（410311）.
    A kind no export has (an older release's) is shown as recorded."""
    kind, *arguments = str(what).split(":")
    if kind not in WHAT_LABELS:
        return str(what)
    label = str(_label(WHAT_LABELS, kind, lang))
    if not arguments:
        return label
    parts = " · ".join(_argument_text(kind, a, names, lang) for a in arguments)
    return f"{label}：{parts}" if lang != "en" else f"{label}: {parts}"


def _value_text(key: str, value: object, names: dict[str, str], lang: str) -> str:
    if key == "role" and isinstance(value, str):
        return str(_label(ROLE_LABELS, value, lang))
    if key in ("area", "areas"):
        codes = value if isinstance(value, list) else [value]
        return fmt_list((fmt_aside(names.get(str(c), c), c, lang) for c in codes), lang)
    if key == "page":
        return _page_text(value, lang)
    if key == "what":
        return what_text(value, names, lang)
    if key == "dataset" and isinstance(value, str) and value in DATASETS:
        return _argument_text(key, value, names, lang)
    if key == "mode" and isinstance(value, str):
        return str(_label(MODE_LABELS, value, lang))
    if isinstance(value, dict) and set(value) == {"zh", "en"}:  # a message recorded in both languages
        return str(value["en" if lang == "en" else "zh"])
    if isinstance(value, bool):
        return ("是" if value else "否") if lang != "en" else ("yes" if value else "no")
    if isinstance(value, list):
        return fmt_list(value, lang)
    if key == "sha256":
        return str(value)[:12]
    return str(value)


def _detail_text(detail: str, names: dict[str, str], lang: str) -> str:
    """``{"area": "410311", "page": "overview"}`` as ``区域=洛龙区（410311） · 页面=总览``: keys and
    coded values (page, export, dataset, role, sign-in mode) in the UI language."""
    try:
        values = json.loads(detail)
    except (TypeError, ValueError):
        return str(detail)
    return " · ".join(
        f"{_label(DETAIL_LABELS, k, lang)}={_value_text(k, v, names, lang)}"
        for k, v in values.items()
        if v not in (None, "", [])
    )


def audit_rows(
    store: AccessStore,
    lang: str,
    names: dict[str, str],
    since: date | None = None,
    user: str | None = None,
    action: str | None = None,
) -> pd.DataFrame:
    """Audit rows, newest first, with role and action in words and the detail as ``key=value`` text."""
    df = store.audit(since=since, user=user or None, action=action or None)
    df["role"] = [_label(ROLE_LABELS, r, lang) if isinstance(r, str) else MISSING for r in df["role"]]
    df["action"] = [_label(ACTIONS, a, lang) for a in df["action"]]
    df["detail"] = [_detail_text(d, names, lang) for d in df["detail"]]
    df["client"] = [c if isinstance(c, str) else MISSING for c in df["client"]]
    df["at"] = [str(a).replace("T", " ") for a in df["at"]]
    return df[AUDIT_COLUMNS]


def users_table(store: AccessStore, names: dict[str, str], lang: str, everything: str) -> pd.DataFrame:
    """Every user with role and areas (names beside codes)."""
    rows = [
        {
            "name": u.name,
            "role": _label(ROLE_LABELS, u.role, lang),
            "areas": fmt_list((fmt_aside(names.get(a, a), a, lang) for a in u.areas), lang) or everything,
        }
        for u in store.users()
    ]
    return pd.DataFrame(rows, columns=["name", "role", "areas"])


def actions(lang: str) -> dict[str, str]:
    """Action code -> label, for the filter."""
    return {code: _label(ACTIONS, code, lang) for code in ACTIONS}
