"""Shared by the access-control tests: a demo warehouse with users, signing in through AppTest, and
what a street user must never see (codes and names of every area outside their street)."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import duckdb
import pandas as pd

from etl.access import AccessStore
from etl.scope import Scope, open_scoped
from etl.warehouse import Warehouse
from tests.helpers import new_app, use_warehouse

DISTRICT = "410311"  # 洛龙区
STREET = "410311002"  # 开元路街道 (5 communities)
OTHER_STREET = "410311003"  # 龙门石窟街道
TIANYUAN = "410311002004"  # 天元社区, in STREET
OTHER_COMMUNITY_SQL = "SELECT min(area_code) FROM areas WHERE parent_code = ? AND level = 'community'"
USERS = {  # name -> (role, areas)
    "boss": ("viewer", [DISTRICT]),
    "street": ("analyst", [STREET]),
    "other": ("analyst", [OTHER_STREET]),
    "admin": ("admin", []),
}
AUTH_SECRETS = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-secret",
    "client_id": "govdash",
    "client_secret": "x",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


def warehouse_with_users(demo: Warehouse, root: Path) -> Warehouse:
    shutil.copytree(demo.root, root)
    store = AccessStore(root)
    for name, (role, areas) in USERS.items():
        store.add(name, role, areas, by="test")
    return Warehouse(root)


def signed_in_app(root: Path, monkeypatch, user: str | None, **query_params: str):
    """The whole app in AppTest with ``GOVDASH_AUTH=oidc`` and ``user`` signed in (None: signed out)."""
    use_warehouse(root, monkeypatch, clear_caches=False)
    monkeypatch.setenv("GOVDASH_AUTH", "oidc")
    at = new_app(**query_params)
    at.secrets["auth"] = dict(AUTH_SECRETS)
    at.user = {"is_logged_in": False} if user is None else {"is_logged_in": True, "preferred_username": user}
    return at


def forbidden_terms(wh: Warehouse, street: str) -> tuple[set[str], set[str]]:
    """(codes, names) of every area that is neither inside ``street`` nor above it. A name that is
    also the name of an allowed area, or part of one, is left out (it proves nothing)."""
    con = wh.connect_reader()
    try:
        df = con.execute(
            "WITH RECURSIVE inside(code) AS (SELECT ? UNION SELECT a.area_code FROM inside "
            "JOIN areas a ON a.parent_code = inside.code), "
            "up(code) AS (SELECT parent_code FROM areas WHERE area_code = ? UNION "
            "SELECT a.parent_code FROM up JOIN areas a ON a.area_code = up.code WHERE a.parent_code IS NOT NULL) "
            "SELECT area_code, area_name, area_code IN (SELECT code FROM inside) "
            "OR area_code IN (SELECT code FROM up) AS allowed FROM areas",
            [street, street],
        ).df()
    finally:
        con.close()
    product = _product_texts()
    allowed = df.loc[df["allowed"], "area_name"].tolist() + _own_texts(wh, street) + product
    outside = df[~df["allowed"]]
    names = {n for n in outside["area_name"] if len(n) >= 3 and not any(n in a for a in allowed)}
    return set(outside["area_code"]) - set(product), names


def _own_texts(wh: Warehouse, street: str) -> list[str]:
    """Names in the street's own rows (a facility of the street may be named after another community:
    ``宝龙社区体育公园`` in 开元路街道): showing them is no leak."""
    con = open_scoped(wh.current_path(), Scope.of([street]))
    try:
        out = []
        for table, column in (
            ("facilities", "facility_name"),
            ("compounds", "compound_name"),
            ("organizations", "org_name"),
            ("targets", "note"),
        ):
            out += [
                r[0]
                for r in con.execute(
                    f'SELECT DISTINCT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL'
                ).fetchall()
            ]
        return out
    finally:
        con.close()


def _product_texts() -> list[str]:
    """The product's own words (UI labels, e.g. 芝罘区标准 for a national standard's source; template
    examples): the same for everyone, not data."""
    from etl.datasets import DATASETS
    from govdash.i18n import TEXT

    out = [text for pair in TEXT.values() for text in pair]
    for ds in DATASETS.values():
        out += [str(c.example) for c in ds.columns if c.example is not None]
    return out


def leaks(text: str, codes: set[str], names: set[str]) -> list[str]:
    """The forbidden codes (as whole numbers) and names found in ``text``."""
    found = [n for n in names if n in text]
    numbers = set(re.findall(r"(?<!\d)\d{6,12}(?!\d)", text))
    return sorted(found + [c for c in codes if c in numbers])


def document_text(data: bytes, file_name: str) -> str:
    """Every string in a downloaded file: CSV, XLSX, PPTX (shapes, tables, charts and their embedded
    workbooks) or PDF (pdftotext)."""
    suffix = Path(file_name).suffix.lower()
    if suffix == ".csv":
        return data.decode("utf-8-sig")
    if suffix in (".geojson", ".json"):  # escaped CJK (\uXXXX) would hide names from the scan
        return json.dumps(json.loads(data.decode("utf-8-sig")), ensure_ascii=False)
    if suffix == ".xlsx":
        return _xlsx_text(data)
    if suffix == ".pptx":
        return _pptx_text(data)
    if suffix == ".pdf":
        return subprocess.run(
            ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
        ).stdout.decode()
    raise ValueError(f"no text extraction for {file_name}")


def _xlsx_text(data: bytes) -> str:
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, header=None, dtype=str, engine="openpyxl")
    return "\n".join(name + "\n" + df.to_csv(index=False) for name, df in sheets.items())


def _pptx_text(data: bytes) -> str:
    """All text of the deck, including the XML of every part (chart caches, embedded workbooks)."""
    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as deck:
        for info in deck.infolist():
            blob = deck.read(info)
            if info.filename.endswith(".xml") or info.filename.endswith(".rels"):
                parts.append(blob.decode("utf-8", errors="replace"))
            elif info.filename.endswith(".xlsx"):
                parts.append(_xlsx_text(blob))
    return "\n".join(parts)


def table_codes(con: duckdb.DuckDBPyConnection, table: str, column: str) -> set[str]:
    return {r[0] for r in con.execute(f'SELECT DISTINCT "{column}" FROM "{table}"').fetchall()}
