"""Helpers of the access-control browser tests: a warehouse copy with users and batches, a real OIDC
provider on loopback, the text of downloaded CSV/XLSX/PPTX files, and the codes and names of the areas
a user must not see."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from pptx import Presentation
from pptx.shapes.group import GroupShape

from etl.access import AccessStore
from etl.loading import Source, load
from etl.warehouse import Warehouse
from tests.e2e import driver

DISTRICT = "410311"  # 洛龙区
STREET = "410311002"  # 开元路街道
OWN_COMMUNITY = "410311002004"  # 天元社区
OTHER_STREET = "410311003"  # 龙门石窟街道
OTHER_COMMUNITY = "410311003001"  # 河东社区
# name -> (role, areas); "nobody" has no entry on purpose
USERS: dict[str, tuple[str, list[str]]] = {
    "boss": ("viewer", [DISTRICT]),
    "street": ("analyst", [STREET]),
    "admin": ("admin", []),
}
ACTIVITY_HEADER = "社区代码,月份,活动类型,活动场次,参与人次\n"


def activity_csv(*rows: tuple[str, str, int]) -> bytes:
    """An activity file: one 为民服务 row per (community, month, activities)."""
    lines = [f"{code},{month},为民服务,{n},{n * 10}\n" for code, month, n in rows]
    return (ACTIVITY_HEADER + "".join(lines)).encode("utf-8")


def warehouse_with_users(demo_root: Path, dest: Path) -> Warehouse:
    """A copy of the demo warehouse (the session's stays untouched) with the ``USERS``."""
    shutil.copytree(demo_root, dest)
    store = AccessStore(dest)
    for name, (role, areas) in USERS.items():
        store.add(name, role, areas, by="e2e-setup")
    return Warehouse(dest)


def load_as_admin(warehouse: Warehouse, folder: Path, name: str, data: bytes) -> int:
    """Load one file with no scope (as the CLI would for an administrator); returns its batch id."""
    path = folder / name
    path.write_bytes(data)
    report = load(warehouse, [Source(path, name)], user="admin", allow_removal=True)
    assert report.committed and report.ok, [p.render("en") for p in report.problems]
    (batch,) = [f.batch_id for f in report.files if f.batch_id]
    return int(batch)


# -- the page in the browser (an ``App`` of tests/e2e/conftest.py) --------------------------
def nav_labels(app) -> set[str]:
    """The page titles the sidebar navigation lists."""
    links = app.page.get_by_test_id("stSidebarNav").get_by_test_id("stSidebarNavLink")
    return {text.strip().splitlines()[-1].strip() for text in links.all_inner_texts()}


def ws_handshakes(app) -> list[str]:
    """From now on, the raw request text of each WebSocket handshake the page makes (Chrome DevTools
    Protocol: what went over the wire, extra headers included)."""
    sent: list[str] = []
    cdp = app.page.context.new_cdp_session(app.page)
    cdp.send("Network.enable")
    cdp.on(
        "Network.webSocketHandshakeResponseReceived",
        lambda event: sent.append(event["response"].get("requestHeadersText", "")),
    )
    return sent


def download(app, button: str) -> tuple[str, bytes]:
    """Click the download button labelled ``button``; (file name, bytes) of what the browser saved."""
    with app.page.expect_download(timeout=90_000) as info:
        app.page.get_by_role("button", name=button).first.click()
    saved = info.value
    return saved.suggested_filename, saved.path().read_bytes()


def xlsx_rows(data: bytes) -> list[dict]:
    """The first sheet's rows as dicts keyed by the header row (the row above the frozen panes:
    title, 数据截至 and 单位 rows come first)."""
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    head = int(sheet.freeze_panes[1:]) - 1
    rows = list(sheet.iter_rows(min_row=head, values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


# -- downloaded files as text ------------------------------------------------------------------
def csv_text(data: bytes) -> str:
    return data.decode("utf-8-sig")


def xlsx_text(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    parts = []
    for sheet in book.worksheets:
        parts.append(sheet.title)
        parts.extend(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None)
    return "\n".join(parts)


def _shape_texts(shape) -> Iterator[str]:
    if isinstance(shape, GroupShape):
        for inner in shape.shapes:
            yield from _shape_texts(inner)
        return
    if shape.has_text_frame:
        yield shape.text_frame.text
    if getattr(shape, "has_table", False) and shape.has_table:
        yield from (cell.text for row in shape.table.rows for cell in row.cells)
    if getattr(shape, "has_chart", False) and shape.has_chart:
        chart = shape.chart
        if chart.has_title and chart.chart_title.has_text_frame:
            yield chart.chart_title.text_frame.text
        for plot in chart.plots:
            yield from (str(c) for c in plot.categories)
            for series in plot.series:
                yield str(series.name)


def pptx_text(data: bytes) -> str:
    """Every text of the deck: shapes (grouped too), tables, chart titles, categories and series, notes."""
    deck = Presentation(io.BytesIO(data))
    parts = []
    for slide in deck.slides:
        for shape in slide.shapes:
            parts.extend(_shape_texts(shape))
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(parts)


def file_text(name: str, data: bytes) -> str:
    suffix = Path(name).suffix.lower()
    readers = {".csv": csv_text, ".xlsx": xlsx_text, ".pptx": pptx_text}
    return readers[suffix](data)


# -- what a scoped user must not see -----------------------------------------------------------
@dataclass(frozen=True)
class OutOfScope:
    """Codes and names of the areas outside a scope (and not above it: a street user may see the
    name of its district). Names that also occur inside an allowed name are left out (no false alarm
    for a short name that is part of a longer one)."""

    codes: frozenset[str]
    names: frozenset[str]

    @classmethod
    def of(cls, warehouse: Warehouse, roots: list[str]) -> OutOfScope:
        con = warehouse.connect_reader()
        try:
            rows = con.execute("SELECT area_code, area_name, parent_code FROM areas").fetchall()
        finally:
            con.close()
        parent = {code: up for code, _, up in rows}
        allowed = set()
        for code, _, _ in rows:
            chain, node = [code], parent.get(code)
            while node:
                chain.append(node)
                node = parent.get(node)
            if any(r in chain for r in roots):
                allowed.update(chain)  # the area, its part of the scope and everything above it
        allowed_names = {name for code, name, _ in rows if code in allowed}
        codes = frozenset(code for code, _, _ in rows if code not in allowed)
        names = frozenset(
            name
            for code, name, _ in rows
            if code not in allowed and not any(name in ok for ok in allowed_names)
        )
        return cls(codes, names)

    @property
    def strings(self) -> int:
        return len(self.codes) + len(self.names)

    def leaks(self, text: str) -> list[str]:
        """The out-of-scope codes (as whole numbers) and names that occur in ``text``."""
        found = set(re.findall(r"(?<!\d)\d{6,12}(?!\d)", text)) & self.codes
        found |= {name for name in self.names if name in text}
        return sorted(found)


# -- a real OpenID Connect provider on loopback ------------------------------------------------
class OidcProvider:
    """``python -m oidc_provider_mock`` on a free loopback port (any client id and secret are
    accepted; ``claims`` are predefined users: sub -> extra claims)."""

    def __init__(self, claims: dict[str, dict[str, str]], log: Path):
        self.port = driver.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.metadata_url = f"{self.url}/.well-known/openid-configuration"
        self.claims = claims
        self.log = log
        self._proc: subprocess.Popen | None = None

    def __enter__(self) -> OidcProvider:
        cmd = [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(self.port)]
        for sub, claims in self.claims.items():
            cmd += ["--user-claims", json.dumps({"sub": sub, **claims})]
        self._log_file = open(self.log, "w", encoding="utf-8")  # noqa: SIM115
        self._proc = subprocess.Popen(cmd, stdout=self._log_file, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"oidc_provider_mock exited with {self._proc.returncode}; see {self.log}")
            try:
                with urllib.request.urlopen(self.metadata_url, timeout=2) as resp:
                    if json.load(resp).get("issuer"):
                        return self
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise TimeoutError(f"the OIDC provider did not answer within 30 s; see {self.log}")

    def __exit__(self, *exc: object) -> None:
        driver.stop_process(self._proc)
        self._log_file.close()


def auth_secrets(path: Path, app_url: str, metadata_url: str) -> Path:
    """A secrets.toml with the ``[auth]`` block the README shows, for ``--secrets.files``."""
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "{app_url}/oauth2callback"\n'
        'cookie_secret = "e2e-cookie-secret-0123456789abcdef"\n'
        'client_id = "govdash"\n'
        'client_secret = "e2e-client-secret"\n'
        f'server_metadata_url = "{metadata_url}"\n',
        encoding="utf-8",
    )
    return path
