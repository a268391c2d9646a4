"""``bench/pages.py`` signs in as a deployment does: header mode on loopback, an administrator in a copy
of the warehouse. Checked with the benchmark's websocket client (no browser): every page, upload and
audit included, is served as to a user with every right, and the measured warehouse stays untouched."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from bench.pages import servers
from bench.signin import BENCH_USER, HEADERS, signed_in_copy
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


def test_street_users_each_see_their_own_street(signed_in, demo_warehouse, tmp_path):
    """``bench.capacity``'s street-users setup: each viewer, signed in by the header as another
    street's user, gets the overview of their own street and nothing outside it."""
    from bench.capacity import street_user_views

    app, _hello, copy, _before = signed_in
    fresh, views = street_user_views(demo_warehouse.root, 3, tmp_path / "streets")
    store, source = AccessStore(copy), AccessStore(fresh)  # the running server reads ``copy``
    for view in views:
        name = dict(view.headers)["X-Remote-User"]
        user = source.get(name)
        assert user is not None and user.role == "viewer" and len(user.areas) == 1
        assert user.areas[0] in view.query  # the view opens the user's own street
        store.add(name, user.role, list(user.areas), by="test")
    con = demo_warehouse.connect_reader()
    names = dict(con.execute("SELECT area_code, area_name FROM areas").fetchall())
    con.close()
    runs = run_sync(burst(app.url, views))
    for view, run in zip(views, runs, strict=True):
        street = dict(kv.split("=") for kv in view.query.split("&"))["street"]
        assert run.status == "ok" and not run.errors and run.metrics, (view, run.errors)
        others = [
            names[dict(v.headers)["X-Remote-User"].removeprefix("bench-street-")] for v in views if v != view
        ]
        page = " ".join([*run.headings, *run.metrics])
        assert names[street] in page and not any(o in page for o in others), (street, page)
