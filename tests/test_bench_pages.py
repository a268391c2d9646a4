"""``bench/pages.py`` signs in as a deployment does: header mode on loopback, an administrator in a copy
of the warehouse. Checked with the benchmark's websocket client (no browser): every page, upload and
audit included, is served as to a user with every right, and the measured warehouse stays untouched."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from bench.pages import BENCH_USER, HEADERS, servers, signed_in_copy
from bench.viewers import View, burst, run_sync
from etl.access import AccessStore
from govdash.i18n import TEXT


def _digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def signed_in(demo_warehouse, tmp_path_factory):
    """The benchmark's two servers on a signed-in copy of the demo warehouse; (app, hello, copy, digest
    of the original before)."""
    before = _digest(demo_warehouse.root)
    tmp = tmp_path_factory.mktemp("bench-pages")
    copy = signed_in_copy(demo_warehouse.root, tmp / "wh")
    app, hello = servers(copy, tmp)
    with app, hello:
        yield app, hello, copy, before


def test_every_page_is_served_to_the_signed_in_administrator(signed_in, demo_warehouse):
    app, hello, copy, before = signed_in
    upload, audit, history, overview = run_sync(
        burst(app.url, [View("upload"), View("audit"), View("history"), View("")], headers=HEADERS)
    )
    assert (upload.status, upload.errors) == ("ok", [])  # not the read-only warehouse's refusal
    assert TEXT["up_title"][0] in upload.headings
    assert (audit.status, audit.errors) == ("ok", [])  # not 无权限: the audit page needs an admin
    assert TEXT["au_title"][0] in audit.headings
    assert history.status == "ok" and not history.errors  # the load history and archived files are there
    assert overview.metrics and not overview.errors
    # Without the proxy's header the same server refuses: the header is what signs the benchmark in.
    (anonymous,) = run_sync(burst(app.url, [View("upload")]))
    assert any("X-Remote-User" in e for e in anonymous.errors), anonymous.errors
    # The hello-world page runs with the same settings and answers the same requests.
    assert {
        k: hello.env.get(k) for k in ("GOVDASH_AUTH", "GOVDASH_AUTH_HEADER", "GOVDASH_TRUSTED_PROXY")
    } == {k: app.env.get(k) for k in ("GOVDASH_AUTH", "GOVDASH_AUTH_HEADER", "GOVDASH_TRUSTED_PROXY")}
    (hi,) = run_sync(burst(hello.url, [View("")], headers=HEADERS))
    assert hi.status == "ok" and not hi.errors
    # The visits were audited in the copy; the warehouse given to the benchmark is byte for byte the same.
    original = demo_warehouse.root
    assert sorted(p.name for p in copy.glob("snap-*.duckdb")) == [demo_warehouse.current_name()]
    assert sorted(p.name for p in (copy / "files").iterdir()) == sorted(
        p.name for p in (original / "files").iterdir()
    )
    store = AccessStore(copy)
    assert store.get(BENCH_USER).role == "admin"
    assert {"login", "view"} <= set(store.audit(user=BENCH_USER)["action"])
    assert _digest(demo_warehouse.root) == before
