"""Concurrent viewers without browsers: a websocket client that speaks Streamlit's protocol.

A viewer does what a browser tab does after it has loaded the page's static files: it opens
``/_stcore/stream`` (subprotocol ``streamlit``, an ``Origin`` of the server's own address, as the
server's cross-site check requires), sends ``BackMsg(rerun_script=ClientState(query_string, page_name))``
and reads ``ForwardMsg``s until ``script_finished``. Many viewers at once (``burst``) is how a review
meeting opens a shared link.

    python -m bench.viewers https://localhost:8443 --ca .serve/tls/ca.pem -n 10 --query district=410311
    python -m bench.viewers http://127.0.0.1:8501 -n 2 --page coverage

Used by ``bench.capacity`` (the concurrent-viewer section of ``python -m bench``) and the deployment
test. No browser work is included: what a viewer waits for beyond this is drawing the page.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import ssl
import statistics
import time
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect

T = TypeVar("T")
FINISHED = {
    ForwardMsg.FINISHED_SUCCESSFULLY: "ok",
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR: "compile error",
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY: "ok",
}  # FINISHED_EARLY_FOR_RERUN is not the end: the script asked for another run (st.rerun)


@dataclass(frozen=True)
class View:
    """What a viewer opens: a page (its url path; "" = the default page) and a query string, with
    handshake headers of its own (e.g. the proxy's user header of a signed-in viewer)."""

    page: str = ""
    query: str = ""
    headers: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        return f"/{self.page}" + (f"?{self.query}" if self.query else "")


@dataclass
class Run:
    """One script run as the client saw it."""

    seconds: float  # from the request (or, for ``open_page``, from opening the socket) to script_finished
    status: str  # "ok", "compile error"
    session_id: str
    messages: int = 0
    bytes: int = 0
    metrics: dict[str, str] = field(default_factory=dict)  # st.metric label -> value shown
    headings: list[str] = field(default_factory=list)  # st.title / st.header / st.subheader texts
    errors: list[str] = field(default_factory=list)  # exceptions and st.error texts on the page


def _origin(base_url: str) -> str:
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.netloc}"


def _stream_url(base_url: str) -> str:
    parts = urlsplit(base_url)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"


def _rerun_message(base_url: str, view: View) -> bytes:
    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = view.query
    state.page_name = view.page
    state.context_info.timezone = "Asia/Shanghai"
    state.context_info.locale = "zh-CN"
    state.context_info.url = f"{base_url.rstrip('/')}{view}"
    return msg.SerializeToString()


def _read_element(run: Run, fwd: ForwardMsg) -> None:
    if not (fwd.HasField("delta") and fwd.delta.HasField("new_element")):
        return
    element = fwd.delta.new_element
    kind = element.WhichOneof("type")
    if kind == "metric":
        run.metrics[element.metric.label] = element.metric.body
    elif kind == "heading":
        run.headings.append(element.heading.body)
    elif kind == "exception":
        run.errors.append(f"{element.exception.type}: {element.exception.message}")
    elif kind == "alert" and element.alert.format == element.alert.ERROR:
        run.errors.append(element.alert.body)


class Viewer:
    """One browser tab's websocket session: ``async with Viewer(url) as v: await v.rerun(View(...))``."""

    def __init__(
        self,
        base_url: str,
        ssl_context: ssl.SSLContext | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 120,
        resume: str = "",
    ):
        self.base_url = base_url.rstrip("/")
        self.resume = resume  # a session id to reconnect to, as a browser does after a network blip
        self.ssl_context = ssl_context
        self.headers = headers or {}
        self.timeout = timeout
        self.session_id = ""
        self._ws: ClientConnection | None = None

    async def open(self) -> Viewer:
        # Streamlit reads the offered subprotocols by position: name, XSRF token, session to resume.
        offered = ["streamlit", "noxsrf", self.resume] if self.resume else ["streamlit"]
        self._ws = await connect(
            _stream_url(self.base_url),
            subprotocols=offered,
            origin=_origin(self.base_url),
            additional_headers=self.headers,
            ssl=self.ssl_context if self.base_url.startswith("https") else None,
            max_size=None,
            open_timeout=self.timeout,
            ping_interval=None,
            compression=None,
        )
        return self

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    async def __aenter__(self) -> Viewer:
        return await self.open()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def rerun(self, view: View, started: float | None = None) -> Run:
        """Ask for a script run of ``view`` and wait until it has finished."""
        assert self._ws is not None, "open() first"
        started = time.perf_counter() if started is None else started
        await self._ws.send(_rerun_message(self.base_url, view))
        run = Run(0.0, "", self.session_id)
        async with asyncio.timeout(self.timeout):
            while True:
                data = await self._ws.recv()
                run.messages += 1
                run.bytes += len(data)
                fwd = ForwardMsg.FromString(data)
                kind = fwd.WhichOneof("type")
                if kind == "new_session":
                    self.session_id = run.session_id = (
                        fwd.new_session.initialize.session_id or self.session_id
                    )
                elif kind == "page_not_found":
                    run.errors.append(f"page not found: {fwd.page_not_found.page_name}")
                elif kind == "script_finished" and fwd.script_finished in FINISHED:
                    run.status = FINISHED[fwd.script_finished]
                    run.seconds = time.perf_counter() - started
                    run.session_id = self.session_id
                    return run
                _read_element(run, fwd)


async def open_page(
    base_url: str,
    view: View,
    ssl_context: ssl.SSLContext | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 120,
) -> Run:
    """A new viewer opens ``view``: timed from opening the websocket to the end of the first run."""
    started = time.perf_counter()
    async with Viewer(base_url, ssl_context, {**(headers or {}), **dict(view.headers)}, timeout) as viewer:
        return await viewer.rerun(view, started)


async def burst(
    base_url: str,
    views: list[View],
    ssl_context: ssl.SSLContext | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 120,
) -> list[Run | BaseException]:
    """``len(views)`` new viewers at the same moment, each opening its view."""
    return await asyncio.gather(
        *(open_page(base_url, v, ssl_context, headers, timeout) for v in views), return_exceptions=True
    )


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(coro)`` in a worker thread: works where the calling thread already runs an event
    loop (e.g. next to Playwright's sync API in one pytest session)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100) of a non-empty list: p95 of 20 values is the 19th."""
    ranked = sorted(values)
    rank = max(1, -(-len(ranked) * q // 100))  # ceil
    return ranked[int(rank) - 1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("url", help="the app's address, e.g. https://localhost:8443 or http://127.0.0.1:8501")
    ap.add_argument("-n", type=int, default=1, help="simultaneous viewers (default 1)")
    ap.add_argument("--page", default="", help="url path of the page (default: the default page)")
    ap.add_argument("--query", default="", help="query string, e.g. district=410311&month=2024-12")
    ap.add_argument("--ca", help="CA certificate to verify the server with (HTTPS)")
    ap.add_argument("--header", action="append", default=[], help="extra handshake header 'Name: value'")
    args = ap.parse_args()
    context = ssl.create_default_context(cafile=args.ca) if args.ca else None
    headers = dict(h.split(":", 1) for h in args.header)
    results = run_sync(
        burst(
            args.url,
            [View(args.page, args.query)] * args.n,
            context,
            {k.strip(): v.strip() for k, v in headers.items()},
        )
    )
    runs = [r for r in results if isinstance(r, Run)]
    for r in results:
        if not isinstance(r, Run):
            print(f"failed: {type(r).__name__}: {r}")
    if runs:
        seconds = [r.seconds for r in runs]
        print(
            f"{len(runs)} viewers: p50 {statistics.median(seconds):.2f} s, p95 {percentile(seconds, 95):.2f} s, "
            f"max {max(seconds):.2f} s; {sum(r.messages for r in runs) / len(runs):.0f} messages each"
        )
    for r in runs:
        for error in r.errors[:3]:
            print(f"error on the page: {error}")
    return 0 if len(runs) == len(results) and all(r.status == "ok" and not r.errors for r in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
