"""``python -m deploy serve|nginx|bundle``: the local stack, the nginx site, the offline bundle.

    python -m deploy serve --replicas 2            # make serve REPLICAS=2: https://localhost:8443
    python -m deploy nginx --app-ports 8501,8502 --cert /etc/govdash/tls/server.pem \\
        --key /etc/govdash/tls/server.key > /etc/nginx/sites-available/govdash
    python -m deploy bundle                        # make bundle: dist/govdash-offline-*.tar.gz
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

from deploy import nginx_conf
from deploy.stack import REPO_ROOT, Stack


def _serve(args: argparse.Namespace) -> int:
    stack = Stack(
        args.run_dir.resolve(),
        replicas=args.replicas,
        https_port=args.port,
        first_app_port=args.first_app_port,
        hostnames=args.hostnames.split(","),
    )
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with stack:
        ports = ", ".join(str(a.port) for a in stack.apps)
        print(
            f"govdash: {stack.url}  ({args.replicas} app processes on 127.0.0.1: {ports}; nginx → TLS)\n"
            f"  trust the internal CA: {stack.ca}   e.g. curl --cacert {stack.ca} {stack.url}/_stcore/health\n"
            f"  logs: {stack.run_dir}/   stop: Ctrl-C",
            flush=True,
        )
        try:
            while True:
                for process in [stack.nginx, *stack.apps]:
                    process.check_alive()
                time.sleep(1)
        except KeyboardInterrupt:
            print("\ngovdash: stopping", flush=True)
    return 0


def _nginx(args: argparse.Namespace) -> int:
    site = nginx_conf.Site(
        app_ports=args.app_ports.split(","),
        cert=args.cert,
        key=args.key,
        listen=args.listen.split(","),
        server_name=args.server_name,
        max_body=args.max_body,
        auth_header=args.auth_header,
    )
    sys.stdout.write(nginx_conf.render_site(site))
    return 0


def _bundle(args: argparse.Namespace) -> int:
    from deploy import bundle

    path = bundle.build(args.out, args.wheels)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.0f} MB)")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m deploy", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="verb", required=True)
    serve = sub.add_parser("serve", help="nginx (TLS, internal CA) over N app processes, in the foreground")
    serve.add_argument("--replicas", type=int, default=2, help="app processes (default 2)")
    serve.add_argument("--port", type=int, default=8443, help="HTTPS port of nginx (default 8443)")
    serve.add_argument(
        "--first-app-port",
        type=int,
        default=None,
        help="app processes listen on 127.0.0.1 from this port up (default: free ports, printed)",
    )
    serve.add_argument(
        "--hostnames",
        default="localhost,127.0.0.1",
        help="names in the server certificate (default localhost,127.0.0.1)",
    )
    serve.add_argument(
        "--run-dir",
        type=Path,
        default=REPO_ROOT / ".serve",
        help="generated config, certificates, logs (default .serve/)",
    )
    serve.set_defaults(func=_serve)
    nginx = sub.add_parser("nginx", help="print the nginx site for /etc/nginx/sites-available/govdash")
    nginx.add_argument(
        "--app-ports",
        default="8501,8502",
        help="ports of govdash@PORT.service on this machine, or host:port of processes on others (default 8501,8502)",
    )
    nginx.add_argument("--cert", type=Path, default=Path("/etc/govdash/tls/server.pem"))
    nginx.add_argument("--key", type=Path, default=Path("/etc/govdash/tls/server.key"))
    nginx.add_argument("--listen", default="443 ssl,[::]:443 ssl", help="comma-separated listen specs")
    nginx.add_argument("--server-name", default="_")
    nginx.add_argument("--max-body", default="64m", help="client_max_body_size (≥ server.maxUploadSize)")
    nginx.add_argument(
        "--auth-header",
        default=nginx_conf.DEFAULT_AUTH_HEADER,
        help="the header an SSO gateway sets and clients may not (GOVDASH_AUTH_HEADER)",
    )
    nginx.set_defaults(func=_nginx)
    bundle = sub.add_parser(
        "bundle", help="the offline install archive (wheels + app + lock + install script)"
    )
    bundle.add_argument("--out", type=Path, default=REPO_ROOT / "dist")
    bundle.add_argument(
        "--wheels",
        type=Path,
        default=REPO_ROOT / "deploy" / ".wheels",
        help="cache of downloaded wheels (default deploy/.wheels)",
    )
    bundle.set_defaults(func=_bundle)
    args = ap.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
