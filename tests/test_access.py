"""Access control: users and the audit log, the scope-checked reads, scoped uploads and undo, the CLI,
and each role in the dashboard (AppTest, signed in through the ``oidc`` mode's ``st.user``)."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import sys
import types
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from etl.__main__ import main as etl_main
from etl.access import AccessError, AccessStore
from etl.history import UndoError, batches, undo
from etl.loading import Source, load
from etl.metrics import compute_metrics, compute_metrics_many
from etl.scope import EVERYTHING, Scope, open_scoped
from etl.warehouse import Warehouse
from tests.access_fixtures import (
    DISTRICT,
    OTHER_COMMUNITY_SQL,
    OTHER_STREET,
    STREET,
    TIANYUAN,
    forbidden_terms,
    signed_in_app,
    warehouse_with_users,
)
from tests.helpers import new_app, snapshot, use_warehouse

pytestmark = pytest.mark.usefixtures("caches_cleared_once")
AS_OF = date(2024, 12, 31)


@pytest.fixture(scope="module")
def wh(demo_warehouse, tmp_path_factory) -> Warehouse:
    """A copy of the demo warehouse with the users of ``USERS`` (read it, don't load into it)."""
    return warehouse_with_users(demo_warehouse, tmp_path_factory.mktemp("access") / "wh")


@pytest.fixture
def wh_rw(demo_warehouse, tmp_path) -> Warehouse:
    """A copy to load into."""
    return warehouse_with_users(demo_warehouse, tmp_path / "wh")


def _other_community(wh: Warehouse) -> str:
    con = wh.connect_reader()
    try:
        return con.execute(OTHER_COMMUNITY_SQL, [OTHER_STREET]).fetchone()[0]
    finally:
        con.close()


def _activity_file(tmp_path: Path, *codes: str, name: str = "act.csv") -> Path:
    lines = ["社区代码,月份,活动类型,活动场次,参与人次"] + [f"{c},2024年12月,为民服务,77,700" for c in codes]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# -- users and audit store ----------------------------------------------------------------------
def test_users_add_set_remove_and_list_through_the_cli(tmp_path, demo_warehouse, capsys):
    root = tmp_path / "wh"
    warehouse_with_users(demo_warehouse, root)
    assert etl_main(["users", "add", "zhang", "--role", "viewer", "--area", STREET, "--db", str(root)]) == 0
    assert (
        etl_main(
            [
                "users",
                "set",
                "zhang",
                "--role",
                "analyst",
                "--area",
                STREET,
                "--area",
                OTHER_STREET,
                "--db",
                str(root),
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert etl_main(["users", "list", "--format", "json", "--db", str(root)]) == 0
    listed = {u["name"]: u for u in json.loads(capsys.readouterr().out)}
    assert listed["zhang"] == {"name": "zhang", "role": "analyst", "areas": sorted([STREET, OTHER_STREET])}
    assert etl_main(["users", "add", "x", "--role", "viewer", "--area", "999999", "--db", str(root)]) == 2
    assert "999999" in capsys.readouterr().err
    assert etl_main(["users", "add", "y", "--role", "viewer", "--db", str(root)]) == 2  # a viewer needs areas
    assert etl_main(["users", "remove", "zhang", "--db", str(root)]) == 0
    assert AccessStore(root).get("zhang") is None
    actions = AccessStore(root).audit()["action"].tolist()
    assert actions[:3] == ["user_remove", "user_set", "user_add"]


def test_granting_a_user_publishes_no_snapshot(wh_rw):
    before = wh_rw.version()
    AccessStore(wh_rw.root).add("new", "viewer", [STREET], by="test")
    assert wh_rw.version() == before


def test_the_audit_log_refuses_updates_and_deletes(tmp_path):
    store = AccessStore(tmp_path)
    store.record("login", "someone", "viewer", "10.0.0.1", mode="oidc")
    con = sqlite3.connect(store.path)
    for sql in ("UPDATE audit SET user = 'x'", "DELETE FROM audit"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            con.execute(sql)
    con.close()
    assert store.audit()["user"].tolist() == ["someone"]
    with pytest.raises(AccessError):
        store.add("someone", "superuser", [], by="test")


def _append_many(root: str, who: str, n: int) -> None:
    store = AccessStore(root)
    for i in range(n):
        store.record("view", who, "viewer", None, page="overview", i=i)


def test_the_cli_and_several_server_processes_write_the_log_at_once(tmp_path, monkeypatch):
    # Streamlit's script runner leaves the last AppTest script installed as ``__main__``, and a
    # spawned child runs ``__main__``'s file first (a function script then fails on ``__args``): the
    # children start from a bare main module, as the server's and the CLI's processes do
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_append_many, args=(str(tmp_path), f"p{i}", 150)) for i in range(3)]
    for p in procs:
        p.start()
    AccessStore(tmp_path).add("during", "admin", [], by="cli")
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    log = AccessStore(tmp_path).audit()
    assert log["user"].value_counts().to_dict() == {"p0": 150, "p1": 150, "p2": 150, "cli": 1}
    assert log["id"].is_unique


# -- the read side: one scope-checked connection ---------------------------------------------------
def test_a_scoped_connection_holds_no_row_outside_the_scope(wh):
    codes, _ = forbidden_terms(wh, STREET)
    con = open_scoped(wh.current_path(), Scope.of([STREET]))
    try:
        tables = con.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal UNION SELECT table_name "
            "FROM duckdb_tables() WHERE NOT internal AND table_name NOT IN ('_scope_areas', '_scope_ancestors')"
        ).fetchall()
        assert {"areas", "area_closure", "activity"} <= {t for (t,) in tables}  # copies and views alike
        checked = 0
        for (table,) in tables:
            columns = [
                c
                for (c,) in con.execute(
                    "SELECT column_name FROM duckdb_columns() WHERE table_name = ?", [table]
                ).fetchall()
            ]
            for column in ("area_code", "community_code", "ancestor_code", "parent_code"):
                if column in columns:
                    seen = {
                        r[0] for r in con.execute(f'SELECT DISTINCT "{column}" FROM "{table}"').fetchall()
                    }
                    bad = seen & codes
                    if table == "areas" and column == "parent_code":
                        bad -= {DISTRICT}
                    assert not bad, (table, column, sorted(bad)[:5])
                    checked += 1
        assert checked >= 30
        assert con.execute("SELECT count(*) FROM areas WHERE level = 'community'").fetchone()[0] == 5
        # ancestors name the path but carry no figures
        district = con.execute(
            "SELECT area_name, population FROM areas WHERE area_code = ?", [DISTRICT]
        ).fetchone()
        assert district == ("洛龙区", None)
    finally:
        con.close()


def test_scoped_metrics_equal_the_unscoped_ones_for_every_area_inside(wh):
    full, scoped = (
        open_scoped(wh.current_path(), EVERYTHING),
        open_scoped(wh.current_path(), Scope.of([STREET])),
    )
    try:
        inside = [STREET] + [
            r[0]
            for r in full.execute("SELECT area_code FROM areas WHERE parent_code = ?", [STREET]).fetchall()
        ]
        for since in (None, date(2024, 1, 1)):
            a = compute_metrics_many(full, inside, AS_OF, since)
            b = compute_metrics_many(scoped, inside, AS_OF, since)
            pd.testing.assert_frame_equal(a, b)
        raw = wh.connect_reader()
        assert compute_metrics(raw, DISTRICT, AS_OF) == compute_metrics(full, DISTRICT, AS_OF)
        raw.close()
    finally:
        full.close()
        scoped.close()


def test_a_table_nobody_classified_is_empty_for_a_scoped_user(wh_rw):
    with wh_rw.writer() as con:
        con.execute("CREATE TABLE new_feature AS SELECT 'anything' AS what")
    assert (
        open_scoped(wh_rw.current_path(), Scope.of([STREET]))
        .execute("SELECT count(*) FROM new_feature")
        .fetchone()[0]
        == 0
    )
    assert (
        open_scoped(wh_rw.current_path(), EVERYTHING)
        .execute("SELECT count(*) FROM new_feature")
        .fetchone()[0]
        == 1
    )


def test_etl_metrics_as_a_user_refuses_areas_outside_and_matches_inside(wh, capsys):
    args = ["metrics", "--as-of", "2024-12-31", "--format", "json", "--db", str(wh.root)]
    assert etl_main([*args, "--area", TIANYUAN, "--user", "street"]) == 0
    as_street = json.loads(capsys.readouterr().out)
    assert etl_main([*args, "--area", TIANYUAN]) == 0
    assert json.loads(capsys.readouterr().out) == as_street
    for area in (DISTRICT, OTHER_STREET, "410305"):
        assert etl_main([*args, "--area", area, "--user", "street"]) == 2
        assert "无权查看该区域" in capsys.readouterr().err
    assert etl_main([*args, "--area", DISTRICT, "--user", "nobody"]) == 2


# -- the write side: uploads and undo inside the scope only ------------------------------------------
def test_a_file_with_a_row_outside_the_scope_is_rejected_whole(wh_rw, tmp_path):
    other = _other_community(wh_rw)
    path = _activity_file(tmp_path, TIANYUAN, other)
    before = snapshot(wh_rw)
    report = load(wh_rw, [Source(path, "十二月.csv")], user="street", scope=Scope.of([STREET]))
    assert not report.committed
    [problem] = report.problems
    assert (problem.file, problem.row, problem.column, problem.value, problem.code) == (
        "十二月.csv",
        3,
        "社区代码",
        other,
        "outside_scope",
    )
    assert "不在您的权限范围" in problem.reason("zh") and "删除这些行" in problem.fix("zh")
    assert snapshot(wh_rw) == before
    ok = load(
        wh_rw,
        [Source(_activity_file(tmp_path, TIANYUAN, name="own.csv"), "own.csv")],
        user="street",
        scope=Scope.of([STREET]),
        allow_removal=True,
    )
    assert ok.committed and ok.ok, (ok.problems, ok.files)


def test_an_areas_file_may_add_communities_below_the_scope_but_not_move_them_out(wh_rw, tmp_path):
    scope = Scope.of([STREET])
    new = tmp_path / "areas.csv"
    new.write_text("区划代码,名称,层级,上级代码\n410311002999,新建社区,社区,410311002\n", encoding="utf-8")
    assert load(wh_rw, [Source(new, "areas.csv")], user="street", scope=scope).committed
    moved = tmp_path / "moved.csv"
    moved.write_text(
        f"区划代码,名称,层级,上级代码\n{TIANYUAN},天元社区,社区,{OTHER_STREET}\n", encoding="utf-8"
    )
    report = load(wh_rw, [Source(moved, "moved.csv")], user="street", scope=scope)
    assert {p.code for p in report.problems} == {"parent_mismatch", "outside_scope"}  # the tree check too


def test_another_streets_batch_cannot_be_undone(wh_rw, tmp_path):
    other = _other_community(wh_rw)
    report = load(
        wh_rw,
        [Source(_activity_file(tmp_path, other), "other.csv")],
        user="other",
        scope=Scope.of([OTHER_STREET]),
        allow_removal=True,
    )
    batch = report.files[0].batch_id
    before = snapshot(wh_rw)
    with pytest.raises(UndoError, match="outside your areas"):
        undo(wh_rw, batch, "street", scope=Scope.of([STREET]))
    assert snapshot(wh_rw) == before
    undo(wh_rw, batch, "other", scope=Scope.of([OTHER_STREET]))
    assert batches(wh_rw.connect_reader()).set_index("batch_id").at[batch, "status"] == "undone"


def test_cli_loads_and_undos_are_audited(wh_rw, tmp_path):
    path = _activity_file(tmp_path, TIANYUAN)
    assert (
        etl_main(["load", str(path), "--user", "cli-user", "--allow-removal", "--db", str(wh_rw.root)]) == 0
    )
    batch = int(batches(wh_rw.connect_reader())["batch_id"].max())
    assert etl_main(["undo", str(batch), "--user", "cli-user", "--db", str(wh_rw.root)]) == 0
    log = AccessStore(wh_rw.root).audit(user="cli-user")
    assert log["action"].tolist() == ["undo", "load"]
    assert set(log["client"]) == {"cli"}
    assert json.loads(log["detail"].iloc[1])["batches"] == [batch]


# -- the dashboard, per role ------------------------------------------------------------------------
def _page_titles(at) -> list[str]:
    return [t.value for t in at.title]


def test_a_name_without_an_entry_sees_only_no_access(wh, monkeypatch):
    at = signed_in_app(wh.root, monkeypatch, "stranger").run()
    assert [e.value for e in at.error] == ["无权限，请联系管理员"]
    assert not at.selectbox and not at.metric and not at.title and not at.dataframe
    denied = AccessStore(wh.root).audit(user="stranger")
    assert denied["action"].tolist()[:1] == ["denied"]


def test_signed_out_users_see_the_login_screen_only(wh, monkeypatch):
    at = signed_in_app(wh.root, monkeypatch, None).run()
    assert _page_titles(at) == ["请登录"]
    assert at.button(key="auth_login").label == "登录"
    assert not at.selectbox and not at.metric


@pytest.mark.parametrize(
    ("user", "allowed", "refused"),
    [
        (
            "boss",
            ["app_pages/overview.py", "app_pages/tables.py"],
            ["app_pages/upload.py", "app_pages/audit.py"],
        ),
        ("street", ["app_pages/upload.py", "app_pages/history.py"], ["app_pages/audit.py"]),
        ("admin", ["app_pages/audit.py", "app_pages/upload.py"], []),
    ],
)
def test_navigation_lists_only_the_pages_of_the_role(wh, monkeypatch, user, allowed, refused):
    at = signed_in_app(wh.root, monkeypatch, user).run()
    assert not at.exception
    for page in allowed:
        at.switch_page(page).run()
        assert not at.exception, (user, page)
        assert not any("无权限" in e.value for e in at.error), (user, page)
    for page in refused:
        with pytest.raises(ValueError):  # not registered by its script: a hidden stand-in (browser test)
            at.switch_page(page).run()


def test_a_street_user_sees_their_street_and_a_tampered_url_falls_back(wh, monkeypatch):
    at = signed_in_app(wh.root, monkeypatch, "street", district="410305", street="410305001").run()
    assert not at.exception
    assert any("无权查看该区域" in w.value and "开元路街道" in w.value for w in at.warning)
    street_box = at.selectbox(key=f"f_street_{DISTRICT}")
    assert street_box.value == STREET and street_box.options == ["开元路街道"]
    assert at.query_params["district"] == DISTRICT and at.query_params["street"] == STREET
    at2 = signed_in_app(wh.root, monkeypatch, "street", district=DISTRICT, street=OTHER_STREET).run()
    assert any("无权查看该区域" in w.value for w in at2.warning)
    assert at2.selectbox(key=f"f_street_{DISTRICT}").value == STREET
    ok = signed_in_app(wh.root, monkeypatch, "street", district=DISTRICT, street=STREET).run()
    assert not any("无权查看" in w.value for w in ok.warning)


def test_the_district_viewer_may_choose_all_streets(wh, monkeypatch):
    at = signed_in_app(wh.root, monkeypatch, "boss").run()
    box = at.selectbox(key=f"f_street_{DISTRICT}")
    assert box.value is None and len(box.options) == 19  # 全部 + 18 streets
    assert at.selectbox(key="f_district").options == ["洛龙区"]


def test_page_views_and_logins_are_audited(wh, monkeypatch):
    at = signed_in_app(wh.root, monkeypatch, "boss").run()
    at.switch_page("app_pages/coverage.py").run()
    at.run()  # the same view again: not a new row
    log = AccessStore(wh.root).audit(user="boss")
    views = [json.loads(d) for d, a in zip(log["detail"], log["action"], strict=True) if a == "view"]
    assert [v["page"] for v in views[:2]] == ["coverage", "overview"]
    assert views[0] == {"area": DISTRICT, "month": "2024-12", "page": "coverage"}
    assert "login" in log["action"].tolist()


def test_without_login_a_real_warehouse_is_read_only(tmp_path, monkeypatch, warehouse):
    use_warehouse(warehouse.root, monkeypatch)
    monkeypatch.setenv("GOVDASH_AUTH", "none")
    at = new_app().run()
    assert not at.exception
    assert any("网页为只读" in w.value for w in at.warning)
    with pytest.raises(ValueError):  # the upload page's script is not registered
        at.switch_page("app_pages/upload.py").run()
    at.switch_page("app_pages/history.py").run()
    assert not [b for b in at.button if b.key == "hi_undo"]


def test_the_demo_is_open_without_login_under_a_badge(demo_warehouse, monkeypatch):
    use_warehouse(demo_warehouse.root, monkeypatch, clear_caches=False)
    monkeypatch.setenv("GOVDASH_AUTH", "none")
    at = new_app().run()
    assert any("演示数据 · 未启用登录" in m.value for m in at.markdown)
    assert not at.warning
    at.switch_page("app_pages/upload.py").run()
    assert not at.exception


def test_a_mistyped_warehouse_path_is_an_error_not_a_new_demo(tmp_path, monkeypatch):
    missing = tmp_path / "warehous"
    use_warehouse(missing, monkeypatch)
    at = new_app().run()
    assert "找不到数据仓库" in at.error[0].value and str(missing) in at.error[0].value
    assert not missing.exists() or not any(missing.iterdir())


def test_the_report_cli_as_a_user_holds_only_their_areas(wh, tmp_path, monkeypatch, capsys):
    from govdash.report.__main__ import main as report_main
    from tests.access_fixtures import document_text, leaks

    monkeypatch.setenv("GOVDASH_DB", str(wh.root))
    out = tmp_path / "street.pptx"
    args = ["--as-of", "2024-12-31", "--out", str(out), "--db", str(wh.root), "--user", "street"]
    assert report_main(["--area", DISTRICT, *args]) == 2
    assert "无权查看该区域" in capsys.readouterr().err
    assert report_main(["--area", STREET, *args]) == 0
    codes, names = forbidden_terms(wh, STREET)
    text = document_text(out.read_bytes(), out.name)
    assert "开元路街道" in text and not leaks(text, codes, names)


def test_readers_of_one_shared_snapshot_each_see_only_their_scope(wh):
    """The dashboard's readers (``etl.scope.Shared``: one database per snapshot, a schema per scope):
    a street's reader, its cursors and their cursors hold no row outside the street, another
    street's reader on the same database its own rows, and the whole area's every row."""
    from etl.scope import Shared

    shared = Shared(wh.current_path())
    codes, _ = forbidden_terms(wh, STREET)
    street, other = (shared.reader(Scope.of([c])) for c in (STREET, OTHER_STREET))
    whole = shared.reader(EVERYTHING)
    assert shared.reader(Scope.of([STREET])) is street  # one per scope
    count = "SELECT count(*) FROM areas WHERE level = 'community'"
    with street.cursor() as cur, cur.cursor() as inner:
        for con in (street, cur, inner):
            seen = {r[0] for r in con.execute("SELECT DISTINCT community_code FROM activity").fetchall()}
            assert seen and not seen & codes
            assert con.execute(count).fetchone()[0] == 5
    import copy

    assert copy.copy(street).execute(count).fetchone()[0] == 5  # a copy reads the same scope
    other_seen = {r[0] for r in other.execute("SELECT DISTINCT community_code FROM activity").fetchall()}
    assert other_seen and all(c.startswith(OTHER_STREET) for c in other_seen)
    assert whole.execute(count).fetchone()[0] > 200
    raw = wh.connect_reader()
    try:
        assert (
            whole.execute("SELECT count(*) FROM activity").fetchone()
            == raw.execute("SELECT count(*) FROM activity").fetchone()
        )
    finally:
        raw.close()


def test_sessions_of_many_scopes_arriving_together_share_one_snapshot_database(wh):
    import threading

    from etl.scope import Shared

    shared = Shared(wh.current_path())
    scopes = [Scope.of([c]) for c in (STREET, OTHER_STREET, DISTRICT)] + [EVERYTHING]
    got: list[tuple[Scope, object, int]] = []
    errors: list[BaseException] = []

    def open_and_read(scope: Scope) -> None:
        try:
            reader = shared.reader(scope)
            got.append((scope, reader, reader.execute("SELECT count(*) FROM areas").fetchone()[0]))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_and_read, args=(s,)) for s in scopes * 3]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors, errors
    for scope in scopes:
        mine = [(r, n) for s, r, n in got if s == scope]
        assert len(mine) == 3 and len({id(r) for r, _ in mine}) == 1 and len({n for _, n in mine}) == 1
