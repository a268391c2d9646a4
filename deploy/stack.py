"""The whole stack on one machine: N Streamlit processes on loopback behind nginx with TLS.

``Stack`` is what ``make serve`` runs (``python -m deploy serve``), what the deployment test starts
and what the concurrent-viewer benchmark measures through. Every process reads the same warehouse
(``GOVDASH_DB``); loads from any process or the CLI go through the warehouse's file lock.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from deploy import nginx_conf, tls

REPO_ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = REPO_ROOT / "dashboard.py"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def app_command(script: Path, port: int) -> list[str]:
    """One app process, as ``govdash@.service`` runs it."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
    ]


@dataclass
class Process:
    name: str
    proc: subprocess.Popen
    log: Path

    @property
    def pid(self) -> int:
        return self.proc.pid

    def check_alive(self) -> None:
        if self.proc.poll() is not None:
            tail = self.log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-15:]
            raise RuntimeError(
                f"{self.name} exited with {self.proc.returncode}; end of {self.log}:\n" + "\n".join(tail)
            )


@dataclass
class App(Process):
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def _wait(url: str, process: Process, timeout: float, context: ssl.SSLContext | None = None) -> None:
    deadline = time.monotonic() + timeout
    while True:
        process.check_alive()
        try:
            with urllib.request.urlopen(url, timeout=2, context=context) as resp:
                if resp.status == 200 and resp.read().strip() == b"ok":
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"{process.name} did not answer {url} within {timeout:.0f} s (log: {process.log})"
            )
        time.sleep(0.2)


@dataclass
class Stack:
    """``with Stack(run_dir, replicas=2) as stack:`` - nginx on ``stack.url`` (HTTPS, ``stack.ca``)."""

    run_dir: Path
    replicas: int = 2
    https_port: int = 8443
    first_app_port: int | None = None  # default: free ports
    script: Path = DASHBOARD
    env: dict[str, str] = field(default_factory=dict)
    hostnames: list[str] = field(default_factory=lambda: ["localhost", "127.0.0.1"])
    apps: list[App] = field(default_factory=list)
    nginx: Process | None = None
    certs: tls.Certificates | None = None

    @property
    def url(self) -> str:
        return f"https://{self.hostnames[0]}:{self.https_port}"

    @property
    def ca(self) -> Path:
        assert self.certs is not None
        return self.certs.ca

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.ca))

    def _ports(self) -> list[int]:
        if self.first_app_port:
            ports = [self.first_app_port + i for i in range(self.replicas)]
            for port in ports:
                with socket.socket() as s:
                    if s.connect_ex(("127.0.0.1", port)) == 0:
                        raise RuntimeError(
                            f"port {port} is in use on 127.0.0.1: choose another first app port"
                        )
            return ports
        return [free_port() for _ in range(self.replicas)]

    def _cookie_secret(self) -> str:
        """One secret for every process: a signed cookie (st.login's identity, its OIDC state) that one
        process wrote must read the same in the others after a failover or a scale-out."""
        path = self.run_dir / "cookie-secret"
        if not path.exists():
            path.write_text(secrets.token_hex(32), encoding="utf-8")
            path.chmod(0o600)
        return path.read_text(encoding="utf-8").strip()

    def start(self, timeout: float = 90) -> Stack:
        if shutil.which("nginx") is None:
            raise RuntimeError("nginx not found: install Debian's nginx (apt-get install nginx)")
        self.run_dir.mkdir(parents=True, exist_ok=True)
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.run_dir / "tmp" / sub).mkdir(parents=True, exist_ok=True)
        self.certs = tls.ensure(self.run_dir / "tls", self.hostnames)
        env = {"STREAMLIT_SERVER_COOKIE_SECRET": self._cookie_secret(), **os.environ, **self.env}
        if self.script == DASHBOARD:
            from etl.demo import ensure_demo  # first start on a fresh clone: build the demo once, not N times
            from etl.settings import is_default_warehouse, warehouse_path
            from etl.warehouse import Warehouse

            root = Path(env.get("GOVDASH_DB") or warehouse_path()).resolve()
            env["GOVDASH_DB"] = str(root)
            if is_default_warehouse(root):  # as the dashboard itself: demo data only at the default path
                ensure_demo(root)
            elif not Warehouse(root).exists():
                raise RuntimeError(
                    f"no warehouse at GOVDASH_DB={root}: check the path, or build one there "
                    f"(python -m etl demo --db {root}, or python -m etl load FILE --db {root})"
                )
        for i, port in enumerate(self._ports(), start=1):
            log = self.run_dir / f"app-{port}.log"
            with open(log, "w", encoding="utf-8") as fh:
                proc = subprocess.Popen(
                    app_command(self.script, port),
                    cwd=REPO_ROOT,
                    env=env,
                    stdout=fh,
                    stderr=subprocess.STDOUT,
                )
            self.apps.append(App(f"app {i} (port {port})", proc, log, port))
        for app in self.apps:
            _wait(f"{app.url}/_stcore/health", app, timeout)
        self._start_nginx(timeout)
        return self

    def _start_nginx(self, timeout: float) -> None:
        assert self.certs is not None
        site = self.run_dir / "govdash.conf"
        site.write_text(
            nginx_conf.render_site(
                nginx_conf.Site(
                    app_ports=[a.port for a in self.apps],
                    cert=self.certs.cert,
                    key=self.certs.key,
                    listen=[f"127.0.0.1:{self.https_port} ssl"],
                    server_name=" ".join(self.hostnames),
                    access_log=self.run_dir / "nginx-access.log",
                )
            ),
            encoding="utf-8",
        )
        main = self.run_dir / "nginx.conf"
        main.write_text(nginx_conf.render_main(self.run_dir, site), encoding="utf-8")
        cmd = ["nginx", "-p", str(self.run_dir), "-c", str(main), "-e", str(self.run_dir / "nginx-error.log")]
        check = subprocess.run([*cmd, "-t", "-q"], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"nginx -t rejected {main}:\n{check.stderr.strip()}")
        log = self.run_dir / "nginx.log"
        with open(log, "w", encoding="utf-8") as fh:
            proc = subprocess.Popen([*cmd, "-g", "daemon off;"], stdout=fh, stderr=subprocess.STDOUT)
        self.nginx = Process("nginx", proc, log)
        _wait(f"{self.url}/_stcore/health", self.nginx, timeout, self.ssl_context())

    def stop(self) -> None:
        for process in [p for p in (self.nginx, *self.apps) if p is not None]:
            if process.proc.poll() is None:
                process.proc.terminate()
        for process in [p for p in (self.nginx, *self.apps) if p is not None]:
            try:
                process.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.proc.kill()
                process.proc.wait()
        self.apps, self.nginx = [], None

    def __enter__(self) -> Stack:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.stop()
