"""The audit page's model: audit rows and users with labels in the UI language (no Streamlit)."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd

from etl.access import ACTIONS, ROLE_LABELS, AccessStore
from govdash.formatting import fmt_aside, fmt_list

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
}


def _value_text(key: str, value: object, names: dict[str, str], lang: str) -> str:
    if key == "role" and isinstance(value, str):
        return str(_label(ROLE_LABELS, value, lang))
    if key in ("area", "areas"):
        codes = value if isinstance(value, list) else [value]
        return fmt_list((fmt_aside(names.get(str(c), c), c, lang) for c in codes), lang)
    if isinstance(value, bool):
        return ("是" if value else "否") if lang != "en" else ("yes" if value else "no")
    if isinstance(value, list):
        return fmt_list(value, lang)
    if key == "sha256":
        return str(value)[:12]
    return str(value)


def _detail_text(detail: str, names: dict[str, str], lang: str) -> str:
    """``{"area": "410311", "page": "overview"}`` as ``区域=洛龙区（410311） · 页面=overview``."""
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
    df["role"] = [_label(ROLE_LABELS, r, lang) if isinstance(r, str) else "—" for r in df["role"]]
    df["action"] = [_label(ACTIONS, a, lang) for a in df["action"]]
    df["detail"] = [_detail_text(d, names, lang) for d in df["detail"]]
    df["client"] = [c if isinstance(c, str) else "—" for c in df["client"]]
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
