"""A stand-in SSO gateway for header mode in a real browser: nginx on loopback in front of one app
server, passing every request (the websocket included) with ``X-Remote-User`` set from the browser's
``govdash_sso_user`` cookie, as a deployment's gateway sets it from its own session
(``deploy/nginx/govdash.conf.template``). Whatever a client sends under that header is replaced.

A gateway is needed because Chromium (150 and later) no longer sends a context's extra HTTP headers
on the WebSocket handshake, which is where Streamlit reads ``st.context.headers``; cookies it does send.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from deploy import nginx_conf
from tests.e2e import driver

COOKIE = "govdash_sso_user"
HEADER = "X-Remote-User"

SITE = """map $http_upgrade $gateway_connection {{
    default upgrade;
    ""      "";
}}
log_format gateway '"$request" $status user="$cookie_{cookie}"';  # who each request was passed on as
server {{
    listen 127.0.0.1:{port};
    access_log {log} gateway;
    location / {{
        proxy_pass http://127.0.0.1:{app_port};
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $gateway_connection;
        proxy_set_header Host $http_host;
        proxy_set_header {header} $cookie_{cookie};
        proxy_read_timeout 1d;
        proxy_buffering off;
        proxy_request_buffering off;
        client_max_body_size 64m;
    }}
}}
"""


class Gateway:
    """``with Gateway(app_server, run_dir) as gw:`` - the app behind nginx on ``gw.url``; sign a
    browser context in with ``gw.sign_in(context, name)``."""

    def __init__(self, app: driver.StreamlitServer, run_dir: Path):
        self.app = app
        self.run_dir = run_dir
        self.port = driver.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.access_log = run_dir / "gateway-access.log"
        self._proc: subprocess.Popen | None = None

    @property
    def env(self) -> dict[str, str]:
        return self.app.env

    def start(self, timeout: float = 30) -> Gateway:
        if shutil.which("nginx") is None:
            raise RuntimeError("nginx not found: install Debian's nginx (apt-get install nginx)")
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.run_dir / "tmp" / sub).mkdir(parents=True, exist_ok=True)
        site = self.run_dir / "gateway.conf"
        site.write_text(
            SITE.format(
                port=self.port, app_port=self.app.port, log=self.access_log, cookie=COOKIE, header=HEADER
            ),
            encoding="utf-8",
        )
        main = self.run_dir / "nginx.conf"
        main.write_text(nginx_conf.render_main(self.run_dir, site), encoding="utf-8")
        cmd = ["nginx", "-p", str(self.run_dir), "-c", str(main), "-e", str(self.run_dir / "nginx-error.log")]
        self._proc = subprocess.Popen([*cmd, "-g", "daemon off;"], stderr=subprocess.DEVNULL)
        try:
            driver.wait_healthy(self.url, self._proc, timeout, f"the gateway's nginx (see {self.run_dir})")
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        driver.stop_process(self._proc)
        self._proc = None

    def sign_in(self, context, name: str | None) -> None:
        """Sign a browser context in as ``name`` (None: no session, so no header)."""
        if name:
            context.add_cookies([{"name": COOKIE, "value": name, "url": self.url}])

    def __enter__(self) -> Gateway:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
