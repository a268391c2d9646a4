"""Access control in the real browser: header mode (the user name in ``X-Remote-User``, as a proxy
would set it) and OIDC mode (``st.login`` against a real OpenID provider on loopback).

One server per mode for the module, on a copy of the demo warehouse with the users of
``access_helpers.USERS`` and three batches loaded by an administrator: one in another street, one
in both streets, one in the street user's own street.

Header mode runs as deployed: behind nginx standing in for the SSO gateway (``tests/e2e/gateway.py``),
which sets ``X-Remote-User`` on every request, the WebSocket handshake included, from the browser's
session cookie (Streamlit 1.67 reads ``st.context.headers`` from that handshake). Chromium 150 and
later no longer put a context's extra HTTP headers on a WebSocket handshake, so a browser alone
cannot sign in by header; ``test_each_role_sees_exactly_its_pages`` checks on the wire that the
handshake carried the session cookie.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass

import openpyxl
import pytest
from playwright.sync_api import expect

from etl.access import AccessStore
from tests.e2e import driver
from tests.e2e.access_helpers import (
    OTHER_COMMUNITY,
    OTHER_STREET,
    OWN_COMMUNITY,
    STREET,
    OidcProvider,
    OutOfScope,
    activity_csv,
    auth_secrets,
    download,
    file_text,
    load_as_admin,
    nav_labels,
    warehouse_with_users,
    ws_handshakes,
    xlsx_rows,
)
from tests.e2e.conftest import ARTIFACTS, CONTEXT_ARGS, App
from tests.e2e.gateway import COOKIE, Gateway
from tests.helpers import snapshot

pytestmark = pytest.mark.e2e

VIEWER_PAGES = {
    "总览",
    "覆盖",
    "志愿服务",
    "五星创建",
    "地图",
    "社区档案",
    "全部指标",
    "汇报模式",
    "挂图作战台账",
    "数据表",
    "上传记录",
    "报送情况",
}
PAGES = {
    "viewer": VIEWER_PAGES,
    "analyst": VIEWER_PAGES | {"数据上传"},
    "admin": VIEWER_PAGES | {"数据上传", "审计日志"},
}
DENIED = "无权查看该区域，已回到您的权限范围：开元路街道"
MIXED_FILE = activity_csv((OWN_COMMUNITY, "2024-12", 3), (OTHER_COMMUNITY, "2024-12", 4))


@pytest.fixture(scope="module")
def wh(demo_warehouse, tmp_path_factory):
    """The module's warehouse: users, and batches 11 (another street), 12 (both), 13 (own street)."""
    folder = tmp_path_factory.mktemp("access")
    warehouse = warehouse_with_users(demo_warehouse.root, folder / "wh")
    batches = [
        load_as_admin(warehouse, folder, "龙门石窟10月.csv", activity_csv((OTHER_COMMUNITY, "2024-10", 5))),
        load_as_admin(
            warehouse,
            folder,
            "两街道10月.csv",
            activity_csv((OWN_COMMUNITY, "2024-10", 6), ("410311003002", "2024-10", 7)),
        ),
        load_as_admin(warehouse, folder, "天元11月.csv", activity_csv((OWN_COMMUNITY, "2024-11", 8))),
    ]
    assert batches == [11, 12, 13]
    return warehouse


def _server(wh, log: str, mode: str, **kwargs) -> driver.StreamlitServer:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    env = {"GOVDASH_DB": str(wh.root), "GOVDASH_AUTH": mode, "GOVDASH_TRUSTED_PROXY": ""}
    return driver.StreamlitServer(driver.REPO_ROOT / "dashboard.py", env=env, log=ARTIFACTS / log, **kwargs)


@pytest.fixture(scope="module")
def header_server(wh, tmp_path_factory):
    """The header-mode app behind the stand-in SSO gateway (its ``url`` is the gateway's)."""
    with (
        _server(wh, "e2e-access-header.log", "header") as server,
        Gateway(server, tmp_path_factory.mktemp("gateway")) as gateway,
    ):
        yield gateway


@pytest.fixture
def contexts(browser):
    """``new(**options)``: a fresh browser context (own cookies), closed after the test."""
    made = []

    def new(**options):
        context = browser.new_context(**CONTEXT_ARGS, accept_downloads=True, **options)
        made.append(context)
        return context

    yield new
    for context in made:
        context.close()


@pytest.fixture
def as_user(contexts, header_server, browser_requests):
    """``as_user(name)``: an ``App`` signed in at the gateway as ``name``: every request it passes on
    (WebSocket too) carries ``X-Remote-User``."""

    def make(name: str | None) -> App:
        context = contexts()
        header_server.sign_in(context, name)
        page = context.new_page()
        page.set_default_timeout(30_000)
        return App(page, header_server, browser_requests)

    return make


# -- header mode -------------------------------------------------------------------------------
def test_a_request_without_the_header_is_refused(as_user):
    anonymous = as_user(None)
    anonymous.open("")
    expect(anonymous.page.get_by_text("未收到登录信息（请求头 X-Remote-User）")).to_be_visible()
    assert not nav_labels(anonymous)
    assert not anonymous.external()


@pytest.mark.parametrize(("name", "role"), [("boss", "viewer"), ("street", "analyst"), ("admin", "admin")])
def test_each_role_sees_exactly_its_pages(as_user, name, role):
    app = as_user(name)
    handshakes = ws_handshakes(app)
    if role == "viewer":  # the district's viewer may open any of its streets: no warning
        app.open(f"?district=410311&street={OTHER_STREET}")
        assert app.title() == "总览 · 龙门石窟街道"
        assert app.page.get_by_text("无权查看该区域").count() == 0
    else:
        app.open("")
    label = {"viewer": "查看者", "analyst": "分析员", "admin": "管理员"}[role]
    expect(app.page.get_by_test_id("stSidebar")).to_contain_text(f"当前用户：{name} · {label}")
    assert nav_labels(app) == PAGES[role]
    # Streamlit takes st.context.headers from this handshake; the browser sent its gateway session on
    # it, and the gateway the header (the sidebar above names the user)
    stream = [h for h in handshakes if h.startswith("GET ws://") and "/_stcore/stream " in h]
    assert stream and all(f"{COOKIE}={name}" in h for h in stream), stream
    # a typed URL of a page the role may not use shows no part of it
    if role == "analyst":
        app.open("audit")
        expect(app.page.get_by_text("无权限使用此页面，请联系管理员")).to_be_visible()
        assert "审计日志" not in app.main_text()
        assert app.page.get_by_role("button", name="下载 Excel").count() == 0
    if role == "viewer":
        app.open("upload")
        expect(app.page.get_by_text("无权限使用此页面，请联系管理员")).to_be_visible()
        assert app.page.get_by_test_id("stFileUploader").count() == 0
        assert "数据上传" not in app.title()
    assert not app.external()


def test_a_name_without_an_entry_sees_only_no_access(as_user, wh):
    app = as_user("nobody")
    app.open("?district=410311")
    expect(app.page.get_by_text("无权限，请联系管理员")).to_be_visible()
    assert app.main_text().split() == [
        "无权限，请联系管理员",
        "已登录为“nobody”，但该账号未被授权使用本看板。",
    ]
    assert app.page.get_by_test_id("stSidebar").count() == 0
    for widget in ("stMetric", "stEChartsChart", "stSelectbox", "stDataFrame", "stTable"):
        assert app.page.get_by_test_id(widget).count() == 0, widget
    app.screenshot("access_denied_header")
    denied = AccessStore(wh.root).audit(user="nobody", action="denied")
    assert len(denied) >= 1 and json.loads(denied.iloc[0]["detail"]) == {"mode": "header"}


@pytest.mark.parametrize(
    "query",
    [
        "?district=410305",
        f"?district=410311&street={OTHER_STREET}",
        f"?district=410311&street={STREET}&community={OTHER_COMMUNITY}",
    ],
    ids=["other-district", "other-street", "other-community"],
)
def test_a_url_outside_the_scope_falls_back_to_the_own_street(as_user, wh, query):
    app = as_user("street")
    app.open(query)
    expect(app.page.get_by_text(DENIED)).to_be_visible()
    assert app.title() == "总览 · 开元路街道"
    assert OutOfScope.of(wh, [STREET]).leaks(app.page.get_by_test_id("stApp").inner_text()) == []
    assert not app.errors()
    if query == "?district=410305":
        app.screenshot("access_street_overview")


def test_the_street_users_downloads_hold_no_other_area(as_user, wh):
    app = as_user("street")
    out = OutOfScope.of(wh, [STREET])
    files: dict[str, str] = {}
    app.open("tables?dataset=areas")
    for dataset, label in (("areas", None), ("organizations", "组织"), ("activity", "社区活动")):
        if label:
            app.page.get_by_role("combobox", name="数据集").click()
            app.rerun_after(
                lambda label=label: app.page.get_by_role("option", name=label, exact=True).click()
            )
        for button in ("下载 CSV", "下载 Excel") if dataset == "activity" else ("下载 CSV",):
            name, data = download(app, button)
            files[f"{dataset}:{name}"] = file_text(name, data)
    app.open("present")
    name, data = download(app, "下载 PPT")
    files[f"present:{name}"] = file_text(name, data)

    leaks = {name: out.leaks(text) for name, text in files.items()}
    summary = {
        "files": sorted(files),
        "strings_checked": out.strings,
        "codes": len(out.codes),
        "names": len(out.names),
        "chars": {n: len(t) for n, t in files.items()},
        "leaks": leaks,
    }
    (ARTIFACTS / "access-download-scan.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1))
    print(json.dumps(summary, ensure_ascii=False))
    assert all(not found for found in leaks.values()), leaks
    # the files do hold the street's own data (so the scan had something to look at)
    assert all("开元路街道" in text or "天元社区" in text for text in files.values()), summary["chars"]
    assert sum(OWN_COMMUNITY in text for text in files.values()) >= 3
    assert not app.errors()


@dataclass
class Upload:
    """What the street analyst's rejected upload showed and left behind."""

    before: dict
    after: dict
    versions: tuple[str, str]
    typed_name_box: int
    problems: list[dict]


@pytest.fixture(scope="module")
def street_upload(wh, header_server, browser, browser_requests) -> Upload:
    """The street analyst uploads, in the browser, a file with a row of its own street and one of
    another street; once per module (the upload and audit tests both look at it)."""
    before, version = snapshot(wh), wh.version()
    context = browser.new_context(**CONTEXT_ARGS, accept_downloads=True)
    header_server.sign_in(context, "street")
    try:
        app = App(context.new_page(), header_server, browser_requests)
        app.page.set_default_timeout(30_000)
        app.open("upload")
        typed_name_box = app.page.get_by_role("textbox", name="上传人").count()
        app.rerun_after(
            lambda: app.page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
                files=[{"name": "两个街道12月.csv", "mimeType": "text/csv", "buffer": MIXED_FILE}]
            )
        )
        expect(app.page.get_by_text("两个街道12月.csv：发现 1 个问题")).to_be_visible()
        expect(app.page.get_by_role("button", name="确认导入")).to_be_disabled()
        _, data = download(app, "下载问题清单")
        assert not app.errors()
    finally:
        context.close()
    return Upload(before, snapshot(wh), (version, wh.version()), typed_name_box, xlsx_rows(data))


def test_an_upload_with_a_row_of_another_street_is_rejected_whole(street_upload):
    upload = street_upload
    assert upload.typed_name_box == 0  # no free-text uploader name: the signed-in user uploads
    (problem,) = upload.problems
    assert (problem["文件"], problem["行"], problem["值"]) == ("两个街道12月.csv", 3, OTHER_COMMUNITY)
    assert problem["列"] in ("社区代码", "community_code")
    assert "不在您的权限范围（开元路街道（410311002））" in problem["问题"]
    assert problem["修改建议"]
    assert upload.versions[0] == upload.versions[1]  # no new snapshot
    assert upload.after == upload.before


def _batch_options(app: App) -> list[str]:
    app.page.get_by_role("combobox", name="选择批次").click()
    options = [o.strip() for o in app.page.get_by_role("option").all_inner_texts()]
    app.page.keyboard.press("Escape")
    return options


def test_a_batch_of_another_street_cannot_be_undone(as_user):
    app = as_user("street")
    app.open("history")
    options = _batch_options(app)
    ids = [int(o.split("·")[0]) for o in options]
    assert 11 not in ids  # only the other street's rows: not listed at all
    assert ids[:2] == [13, 12]
    # the own street's batch (selected first): the undo confirmation is offered
    expect(app.page.get_by_text("确认撤销批次 13（天元11月.csv）", exact=False)).to_be_visible()
    # the batch of both streets: listed without its file name, no undo
    assert "12 · —" in options
    app.page.get_by_role("combobox", name="选择批次").click()
    app.rerun_after(lambda: app.page.get_by_role("option", name="12 · —").click())
    expect(app.page.get_by_text("该批次还包含您权限范围以外的数据")).to_be_visible()
    assert app.page.get_by_text("确认撤销批次", exact=False).count() == 0
    assert app.page.get_by_role("button", name="撤销此批次").count() == 0
    assert "两街道10月.csv" not in app.page.get_by_test_id("stMain").inner_text()
    assert not app.errors()


def test_the_audit_page_lists_what_the_users_did(as_user, wh, street_upload):
    as_user("boss").open("coverage")
    as_user("nobody").open("")
    admin = as_user("admin")
    admin.open("audit")
    expect(admin.page.get_by_role("heading", name="审计日志")).to_be_visible()
    name, data = download(admin, "下载 Excel")
    shown = {(r["用户"], r["操作"]) for r in xlsx_rows(data)}
    expected = {
        ("street", "登录"),
        ("street", "查看页面"),
        ("street", "上传检查"),
        ("street", "导出/下载"),
        ("boss", "登录"),
        ("boss", "查看页面"),
        ("nobody", "拒绝访问"),
        ("admin", "登录"),
    }
    assert expected <= shown, expected - shown
    rows = AccessStore(wh.root).audit()
    stored = {(r.user, r.action) for r in rows.itertuples()}
    assert {("street", "upload"), ("street", "export"), ("boss", "view"), ("admin", "view")} <= stored
    upload = json.loads(rows[(rows.user == "street") & (rows.action == "upload")].iloc[0]["detail"])
    assert upload["file"] == "两个街道12月.csv" and upload["problems"] == 1
    coverage = [json.loads(d) for d in rows[(rows.user == "boss") & (rows.action == "view")]["detail"]]
    assert {"page": "coverage", "area": "410311"}.items() <= coverage[0].items()
    assert set(rows[rows.user.isin(["street", "boss", "admin"])]["client"]) == {"127.0.0.1"}
    # the page's own table, filtered to one user (the grid's accessible table holds the visible rows)
    admin.page.get_by_role("combobox", name="用户").click()
    admin.rerun_after(lambda: admin.page.get_by_role("option", name="street", exact=True).click())
    grid = admin.page.get_by_test_id("stDataFrame").first.locator("table")
    for label in ("登录", "查看页面", "上传检查", "导出/下载", "两个街道12月.csv"):
        expect(grid).to_contain_text(label)
    expect(grid).not_to_contain_text("boss")
    assert not admin.errors()
    # in English, the download made on another thread after the run is English too
    admin.open("audit?lang=en")
    _, data = download(admin, "Download Excel")
    assert openpyxl.load_workbook(io.BytesIO(data)).active.title == "Audit log"
    assert ("street", "Upload check") in {(r["User"], r["Action"]) for r in xlsx_rows(data)}
    exports = AccessStore(wh.root).audit(user="admin", action="export")
    assert [json.loads(d)["what"] for d in exports["detail"]] == ["audit", "audit"]


def test_header_mode_refuses_to_serve_on_all_interfaces(wh, contexts, browser_requests):
    with _server(wh, "e2e-access-unsafe.log", "header", address="0.0.0.0") as server:
        app = App(contexts().new_page(), server, browser_requests)  # refused before any sign-in
        app.open("")
        expect(app.page.get_by_text("本服务监听在 0.0.0.0", exact=False)).to_be_visible()
        assert "GOVDASH_TRUSTED_PROXY" in app.main_text() and "--server.address 127.0.0.1" in app.main_text()
        assert not nav_labels(app)
        assert app.page.get_by_test_id("stMetric").count() == 0


# -- OIDC mode ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def oidc(wh, tmp_path_factory):
    """(app server, provider): ``st.login`` against oidc-provider-mock; sub ``u-1001`` carries
    ``preferred_username=street``, any other sub typed in its form gets ``email=<sub>``."""
    folder = tmp_path_factory.mktemp("oidc")
    with OidcProvider(
        {"u-1001": {"preferred_username": "street"}}, ARTIFACTS / "e2e-oidc-provider.log"
    ) as provider:
        server = _server(
            wh, "e2e-access-oidc.log", "oidc", args=["--secrets.files", str(folder / "secrets.toml")]
        )
        auth_secrets(folder / "secrets.toml", server.url, provider.metadata_url)
        with server:
            yield server, provider


@pytest.fixture
def oidc_app(oidc, contexts):
    """A browser on the OIDC app; requests may go to the app and the provider only (the provider's
    form asks a CDN for a style sheet: refused)."""
    server, provider = oidc
    context = contexts()
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), lambda route: route.abort())
    page = context.new_page()
    page.set_default_timeout(30_000)
    app = App(page, server, [])
    yield app
    others = [
        u for u in app.requests if not (driver.is_local(u, server.url) or driver.is_local(u, provider.url))
    ]
    assert not [u for u in others if not u.startswith("https://cdn.jsdelivr.net/")], others


def _oidc_login(app: App, provider: OidcProvider, sub: str, screenshot: str | None = None) -> None:
    app.open("")
    expect(app.page.get_by_role("heading", name="请登录")).to_be_visible()
    if screenshot:
        app.screenshot(screenshot)
    app.page.get_by_role("button", name="登录", exact=True).click()
    app.page.wait_for_url(f"{provider.url}/oauth2/authorize**")
    app.page.get_by_placeholder("sub").fill(sub)
    app.page.get_by_role("button", name="Authorize", exact=True).click()
    app.page.wait_for_url(lambda url: url.startswith(app.server.url) and "oauth2callback" not in url)
    driver.wait_ready(app.page)


@pytest.mark.parametrize(
    ("sub", "name", "role"),
    [("u-1001", "street", "analyst"), ("admin", "admin", "admin"), ("boss", "boss", "viewer")],
)
def test_oidc_login_per_role(oidc, oidc_app, wh, sub, name, role):
    server, provider = oidc
    app = oidc_app
    _oidc_login(app, provider, sub, screenshot="access_oidc_login" if role == "analyst" else None)
    sidebar = app.page.get_by_test_id("stSidebar")
    expect(sidebar).to_contain_text(
        f"当前用户：{name} · {dict(viewer='查看者', analyst='分析员', admin='管理员')[role]}"
    )
    assert nav_labels(app) == PAGES[role]
    if role != "admin":  # signed in through the provider, the scope is the user's
        assert app.title() == {"analyst": "总览 · 开元路街道", "viewer": "总览 · 洛龙区"}[role]
    assert not app.errors()
    logins = AccessStore(wh.root).audit(user=name, action="login")
    assert {"mode": "oidc"} in [json.loads(d) for d in logins["detail"]]
    if role != "analyst":  # one sign-out is enough
        return
    sidebar.get_by_role("button", name="退出登录").click()
    # st.logout sends the browser to the provider's end-session page (its metadata names one)
    app.page.wait_for_url("**/oauth2/end_session**", timeout=30_000)
    app.page.get_by_role("button", name="End session").click()
    login = app.page.get_by_role("heading", name="请登录")
    expect(login).to_be_visible(timeout=30_000)
    assert app.page.url.startswith(server.url)
    assert len(AccessStore(wh.root).audit(user=name, action="logout")) == 1


def test_oidc_subject_without_an_entry_sees_only_no_access(oidc, oidc_app, wh):
    _, provider = oidc
    app = oidc_app
    _oidc_login(app, provider, "stranger")
    expect(app.page.get_by_text("无权限，请联系管理员")).to_be_visible()
    assert "已登录为“stranger”" in app.main_text()
    assert not nav_labels(app)
    assert app.page.get_by_test_id("stMetric").count() == 0
    expect(app.page.get_by_role("button", name="退出登录")).to_be_visible()
    app.screenshot("access_denied_oidc")
    denied = AccessStore(wh.root).audit(user="stranger", action="denied")
    assert [json.loads(d) for d in denied["detail"]] == [{"mode": "oidc"}]
