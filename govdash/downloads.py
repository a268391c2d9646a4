"""Every download the dashboard offers goes through ``download_button``: its data is produced when
the person asks for it, with the area scope and the snapshot of the page that offered it (a deferred
download runs on another thread, outside the script run), and each download is written to the audit
log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from govdash import auth, db

Data = bytes | str | Callable[[], bytes | str]


def download_button(
    label: str,
    data: Data,
    file_name: str,
    what: str,
    rows: int | None = None,
    container: Any = None,
    **kwargs: Any,
) -> None:
    """``st.download_button`` (or on ``container``) for ``data`` (bytes or a callable making them),
    audited as an export of ``what`` with ``rows`` rows."""
    principal = auth.current()
    client = auth.client_address()
    access = auth.store()
    produce = db.bind_reads(data if callable(data) else (lambda: data))

    def deliver() -> bytes | str:
        payload = produce()
        access.record("export", principal.name, principal.role, client, what=what, file=file_name, rows=rows)
        return payload

    (container or st).download_button(label, data=deliver, file_name=file_name, on_click="ignore", **kwargs)
