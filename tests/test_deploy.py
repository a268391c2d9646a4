"""The web tier for real: nginx (TLS with the internal CA, sticky sessions) over two Streamlit processes,
started by the same code as ``make serve`` (``deploy.stack.Stack``), on a copy of the demo warehouse.

Skipped when nginx or openssl is missing (``.ci/run`` installs them).
"""

from __future__ import annotations

import asyncio
import re
import shutil
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bench.viewers import View, Viewer, open_page, run_sync
from deploy import nginx_conf, tls
from deploy.stack import Stack, free_port
from etl.warehouse import Warehouse
from tests.helpers import REPO_ROOT, load_files

pytestmark = pytest.mark.skipif(
    not (shutil.which("nginx") and shutil.which("openssl")),
    reason="needs Debian's nginx and openssl (apt-get install nginx openssl)",
)

# 天元社区, December 2024, as tests/e2e/test_upload_flow.py: the overview shows its activities card.
OVERVIEW = View("", "district=410311&street=410311002&community=410311002004&month=2024-12")
ACTIVITY_FILE = "社区代码,月份,活动类型,活动场次,参与人次\n410311002004,2024年12月,为民服务,777,12000\n"
BROWSERS = 16  # all on one of two processes by chance: about 1 in 30,000
PROBE = REPO_ROOT / "tests" / "fixtures" / "echo_user_header.py"


@pytest.fixture(scope="module")
def warehouse_root(tmp_path_factory: pytest.TempPathFactory, demo_warehouse: Warehouse) -> Path:
    root = tmp_path_factory.mktemp("deploy") / "wh"
    shutil.copytree(demo_warehouse.root, root)
    return root


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory, warehouse_root: Path):
    run_dir = tmp_path_factory.mktemp("serve")
    with Stack(run_dir, replicas=2, https_port=free_port(), env={"GOVDASH_DB": str(warehouse_root)}) as s:
        yield s


def _activities(metrics: dict[str, str]) -> str:
    (value,) = [v for label, v in metrics.items() if "活动场次" in label][:1]
    return value


def test_dashboard_answers_over_https_verified_by_the_internal_ca(stack: Stack):
    with urllib.request.urlopen(f"{stack.url}/", context=stack.ssl_context(), timeout=30) as resp:
        html = resp.read().decode()
        cookie = resp.headers["Set-Cookie"]
    assert resp.status == 200 and '<div id="root">' in html
    assert cookie.startswith("govdash_route=") and "Secure" in cookie
    with urllib.request.urlopen(
        f"{stack.url}/_stcore/health", context=stack.ssl_context(), timeout=30
    ) as resp:
        assert resp.read() == b"ok"
    # The internal CA is what makes it trusted: the system's CAs alone reject the certificate.
    with pytest.raises(urllib.error.URLError) as caught:
        urllib.request.urlopen(f"{stack.url}/", context=ssl.create_default_context(), timeout=30)
    assert isinstance(caught.value.reason, ssl.SSLCertVerificationError)


def test_a_websocket_session_survives_reruns_and_a_reconnect_through_nginx(stack: Stack):
    async def scenario() -> tuple[list, str]:
        cookie = {"Cookie": "govdash_route=viewer-1"}
        async with Viewer(stack.url, stack.ssl_context(), cookie) as viewer:
            runs = [await viewer.rerun(OVERVIEW), await viewer.rerun(OVERVIEW)]
        # A browser whose connection dropped comes back with its session id and its route cookie
        # (once the dropped socket is closed: ``_closed_through_nginx``).
        await _closed_through_nginx(stack, "viewer-1")
        async with Viewer(stack.url, stack.ssl_context(), cookie, resume=runs[0].session_id) as viewer:
            runs.append(await viewer.rerun(OVERVIEW))
        return runs, viewer.session_id

    runs, resumed = run_sync(scenario())
    assert [r.status for r in runs] == ["ok", "ok", "ok"]
    assert runs[0].session_id and runs[0].session_id == runs[1].session_id == resumed
    assert all(not r.errors for r in runs), [r.errors for r in runs]
    assert _activities(runs[0].metrics) == _activities(runs[1].metrics) != ""


def test_the_route_cookie_keeps_each_browser_on_its_process(stack: Stack):
    """Reconnecting to a session works only on the process that holds it: with its route cookie every
    browser finds its session again, and the browsers are spread over both processes."""

    async def sessions(n: int) -> tuple[str, str]:
        cookie = {"Cookie": f"govdash_route=browser-{n}"}
        async with Viewer(stack.url, stack.ssl_context(), cookie) as viewer:
            first = (await viewer.rerun(View("", "lang=en"))).session_id
        # As a browser reconnects after its socket has closed. A resume that overtakes the first
        # socket's close (through nginx) takes Streamlit's "already connected" path, which first
        # disconnects the session and asks its script to stop; CI once saw the resumed run never
        # finish (a 120 s timeout) in many runs of this test.
        await _closed_through_nginx(stack, f"browser-{n}")
        async with Viewer(stack.url, stack.ssl_context(), cookie, resume=first) as viewer:
            return first, (await viewer.rerun(View("", "lang=en"))).session_id

    async def all_sessions() -> list[tuple[str, str]]:
        return list(await asyncio.gather(*(sessions(n) for n in range(BROWSERS))))

    pairs = run_sync(all_sessions())
    lost = {f"browser-{n}": pair for n, pair in enumerate(pairs) if not pair[0] or pair[0] != pair[1]}
    assert not lost, _lost_sessions_report(stack, lost)
    upstreams: dict[str, set[str]] = {}
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and len(upstreams) < BROWSERS:  # a websocket is logged when it closes
        upstreams = {}
        for line in (stack.run_dir / "nginx-access.log").read_text(encoding="utf-8").splitlines():
            route = re.search(r"route=(browser-\d+)", line)
            if route and "GET /_stcore/stream" in line:
                upstreams.setdefault(route[1], set()).add(re.search(r"upstream=(\S+)", line)[1])
        time.sleep(0.2)
    assert len(upstreams) == BROWSERS and all(len(u) == 1 for u in upstreams.values()), upstreams
    assert set().union(*upstreams.values()) == {f"127.0.0.1:{a.port}" for a in stack.apps}


async def _closed_through_nginx(stack: Stack, route: str, grace: float = 0.5) -> None:
    """Wait until nginx has logged the route's websocket (it logs one when it closes, after closing
    the upstream socket), then ``grace`` seconds for Streamlit to handle that close."""
    log = stack.run_dir / "nginx-access.log"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        text = log.read_text(encoding="utf-8") if log.exists() else ""
        if any(
            re.search(rf"route={re.escape(route)}\b", line) and "GET /_stcore/stream" in line
            for line in text.splitlines()
        ):
            break
        await asyncio.sleep(0.1)
    await asyncio.sleep(grace)


def _lost_sessions_report(stack: Stack, lost: dict[str, tuple[str, str]]) -> str:
    """What a failed resume leaves to read: the browsers' session ids (first, after reconnecting), their
    websockets in nginx's log and what the Streamlit processes logged about sessions."""
    routes = "|".join(re.escape(r) for r in lost)
    access = (stack.run_dir / "nginx-access.log").read_text(encoding="utf-8").splitlines()
    websockets = [
        line for line in access if "/_stcore/stream" in line and re.search(rf"route=({routes})\b", line)
    ]
    logged = [
        f"{app.name}: {line}"
        for app in stack.apps
        for line in app.log.read_text(encoding="utf-8", errors="replace").splitlines()
        if re.search(r"session|warning|error", line, re.IGNORECASE)
    ]
    return "\n".join(
        [f"sessions not resumed (first, after reconnecting): {lost}", *websockets, *logged[-60:]]
    )


def test_a_load_through_one_process_appears_in_the_other_without_restart(
    stack: Stack, warehouse_root: Path, tmp_path: Path
):
    first, second = stack.apps

    async def before_and_after() -> tuple:
        async with Viewer(second.url) as viewer:  # a viewer of process 2, open all along
            before = await viewer.rerun(OVERVIEW)
            file = tmp_path / "天元12月.csv"
            file.write_text(ACTIVITY_FILE, encoding="utf-8")
            # What the upload page of process 1 runs when the analyst presses 导入 (etl.loading.load).
            report = load_files(Warehouse(warehouse_root), file, allow_removal=True)
            assert report.committed and report.ok, [p.render("en") for p in report.problems]
            after = await viewer.rerun(OVERVIEW)
        on_first = await open_page(first.url, OVERVIEW)
        through_nginx = await open_page(stack.url, OVERVIEW, stack.ssl_context())
        return before, after, on_first, through_nginx

    before, after, on_first, through_nginx = run_sync(before_and_after())
    assert _activities(before.metrics) != "777"
    assert after.session_id == before.session_id  # the same session of the same, never restarted, process
    assert _activities(after.metrics) == "777"
    assert _activities(on_first.metrics) == _activities(through_nginx.metrics) == "777"
    assert all(p.check_alive() is None for p in stack.apps)


def test_a_client_cannot_send_the_user_header_through_nginx(tmp_path: Path):
    """GOVDASH_AUTH=header trusts X-Remote-User: nginx must drop a client's own copy. The probe app shows
    what its websocket handshake carried (st.context.headers)."""
    forged = {"X-Remote-User": "mallory", "x-remote-user": "mallory2"}
    with Stack(tmp_path / "run", replicas=1, https_port=free_port(), script=PROBE) as probe:
        direct = run_sync(open_page(probe.apps[0].url, View(), headers=forged))
        proxied = run_sync(open_page(probe.url, View(), probe.ssl_context(), headers=forged))
    assert direct.metrics["X-Remote-User"].startswith("mallory")  # the probe does see the header
    assert proxied.metrics["X-Remote-User"] == "(none)"


def test_the_production_site_and_its_sso_block_pass_nginx_t(tmp_path: Path):
    """The site as ``python -m deploy nginx`` renders it for /etc/nginx, and with the commented SSO
    gateway block switched on, are accepted by ``nginx -t``."""
    certs = tls.ensure(tmp_path / "tls", ["dashboard.example"])
    site = nginx_conf.render_site(
        nginx_conf.Site(
            app_ports=[8501, "10.0.0.2:8501"],
            cert=certs.cert,
            key=certs.key,
            server_name="dashboard.example",
            access_log=tmp_path / "access.log",
        )
    )
    start = site.index("    # auth_request ")
    end = site.index("    # ---", start)
    sso = site[:start] + re.sub(r"(?m)^    # ", "    ", site[start:end]) + site[end:]
    assert "\n    auth_request /_sso/auth;" in sso
    for name, text in (("site.conf", site), ("sso.conf", sso)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        main = tmp_path / f"nginx-{name}"
        main.write_text(
            f"pid {tmp_path / 'nginx.pid'};\nevents {{}}\nhttp {{ include {tmp_path / name}; }}\n"
        )
        done = subprocess.run(
            ["nginx", "-t", "-q", "-c", str(main), "-e", str(tmp_path / "error.log")],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, f"{name}: {done.stderr}"


def test_an_explicit_warehouse_path_without_a_warehouse_is_refused_not_filled(tmp_path):
    """Like the dashboard: a mistyped GOVDASH_DB must not fill up with demo data."""
    missing = tmp_path / "warehous"
    stack = Stack(tmp_path / "run", replicas=1, https_port=free_port(), env={"GOVDASH_DB": str(missing)})
    with pytest.raises(RuntimeError, match="no warehouse at GOVDASH_DB"), stack:
        pass
    assert not missing.exists() or not any(missing.iterdir())
