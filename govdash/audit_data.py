"""The audit page's model: audit rows and users with labels in the UI language (no Streamlit)."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd

from etl.access import ACTIONS, ROLE_LABELS, AccessStore

AUDIT_COLUMNS = ["id", "at", "user", "role", "client", "action", "detail"]


def _label(table: dict[str, tuple[str, str]], key: object, lang: str) -> object:
    pair = table.get(key) if isinstance(key, str) else None
    return pair[1 if lang == "en" else 0] if pair else key


def _detail_text(detail: str) -> str:
    """``{"area": "410311", "page": "overview"}`` as ``area=410311 · page=overview``."""
    try:
        values = json.loads(detail)
    except (TypeError, ValueError):
        return str(detail)
    return " · ".join(f"{k}={v}" for k, v in values.items() if v not in (None, "", []))


def audit_rows(
    store: AccessStore,
    lang: str,
    since: date | None = None,
    user: str | None = None,
    action: str | None = None,
) -> pd.DataFrame:
    """Audit rows, newest first, with role and action in words and the detail as ``key=value`` text."""
    df = store.audit(since=since, user=user or None, action=action or None)
    df["role"] = df["role"].map(lambda r: _label(ROLE_LABELS, r, lang) if r else "—")
    df["action"] = df["action"].map(lambda a: _label(ACTIONS, a, lang))
    df["detail"] = df["detail"].map(_detail_text)
    df["client"] = df["client"].fillna("—")
    return df[AUDIT_COLUMNS]


def users_table(store: AccessStore, names: dict[str, str], lang: str, everything: str) -> pd.DataFrame:
    """Every user with role and areas (names beside codes)."""
    rows = [
        {
            "name": u.name,
            "role": _label(ROLE_LABELS, u.role, lang),
            "areas": "、".join(f"{names.get(a, a)}（{a}）" for a in u.areas) or everything,
        }
        for u in store.users()
    ]
    return pd.DataFrame(rows, columns=["name", "role", "areas"])


def actions(lang: str) -> dict[str, str]:
    """Action code -> label, for the filter."""
    return {code: _label(ACTIONS, code, lang) for code in ACTIONS}
