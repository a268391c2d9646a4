"""Upgrades: a warehouse written by the previous release (tests/fixtures/warehouse_v1, schema version 1)
is read, migrated, loaded, undone and queried by this code; a registry column added later, a failing
migration step and a warehouse of a newer release."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import json
import shutil
from pathlib import Path

import duckdb
import pytest

from etl import headers, migrations, schema
from etl.__main__ import main
from etl.datasets import DATASETS
from etl.history import undo
from etl.metrics import compute_metrics
from etl.migrations import Migration, MigrationFailedError, SchemaOutdatedError, SchemaTooNewError
from etl.registry import Column
from etl.scope import EVERYTHING, Scope, open_scoped
from etl.upgrade import upgrade
from etl.warehouse import Warehouse
from tests.helpers import AREAS_FILE, FILES, REPO_ROOT, app_on, load_files, read_rows, snapshot, table_rows

V1 = REPO_ROOT / "tests" / "fixtures" / "warehouse_v1"
ADDED_SINCE_V1 = ("street_areas",)  # datasets the previous release did not have
DATA_TABLES = tuple(n for ds in DATASETS if ds not in ADDED_SINCE_V1 for n in (ds, f"_hist_{ds}")) + (
    "_batches",
)


def unpack_v1(dest: Path) -> Warehouse:
    """A copy of the previous release's warehouse (the snapshot is stored gzipped)."""
    dest.mkdir(parents=True)
    shutil.copyfile(V1 / "CURRENT", dest / "CURRENT")
    shutil.copytree(V1 / "files", dest / "files")
    for packed in V1.glob("snap-*.duckdb.gz"):
        with gzip.open(packed, "rb") as src, open(dest / packed.name.removesuffix(".gz"), "wb") as out:
            shutil.copyfileobj(src, out)
    return Warehouse(dest)


def raw_tables(path: Path, tables: tuple[str, ...] = DATA_TABLES) -> dict[str, list[tuple]]:
    """Rows of the given tables read straight from a snapshot file (no schema check)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall() for t in tables}
    finally:
        con.close()


def columns_of(warehouse: Warehouse) -> set[tuple]:
    return set(
        read_rows(
            warehouse,
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'main'",
        )
    )


@pytest.fixture
def v1(tmp_path: Path) -> Warehouse:
    return unpack_v1(tmp_path / "v1")


# this release's schema version and its steps (a new step changes no assertion below)
V = schema.SCHEMA_VERSION
# datasets added to the registry after v1: their tables are created by the migration (no step needed)
NEW_TABLES = [f"table {t}" for ds in ADDED_SINCE_V1 for t in (ds, f"_hist_{ds}")]
STEPS = NEW_TABLES + [f"v{m.version}: {m.description}" for m in migrations.MIGRATIONS]


def test_fixture_was_written_by_the_previous_release(v1: Warehouse) -> None:
    con = duckdb.connect(str(v1.current_path()), read_only=True)
    try:
        assert migrations.stored_version(con) == 1
        assert con.execute("SELECT count(*) FROM _batches").fetchone()[0] == 5
        assert migrations.pending(con) == STEPS
    finally:
        con.close()


def test_reading_an_old_warehouse_says_to_run_migrate(v1: Warehouse, capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SchemaOutdatedError) as err:
        v1.connect_reader()
    for scope in (EVERYTHING, Scope.of(["410311002"])):  # the dashboard's reader, whole area or a street
        with pytest.raises(SchemaOutdatedError):
            open_scoped(v1.current_path(), scope)
    assert "python -m etl migrate" in err.value.message("zh") and "旧版本" in err.value.message("zh")
    assert "older schema (version 1" in err.value.message("en")
    assert main(["history", "--db", str(v1.root), "--lang", "en"]) == 2
    assert "run python -m etl migrate" in capsys.readouterr().err


def test_migrate_verb_upgrades_once_and_keeps_every_row_and_meta_key(
    v1: Warehouse, capsys: pytest.CaptureFixture
) -> None:
    with duckdb.connect(str(v1.current_path())) as con:  # a key another feature keeps in _meta
        con.execute("INSERT INTO _meta VALUES ('origin', 'demo')")
    before = raw_tables(v1.current_path())
    old_name = v1.current_name()
    assert main(["migrate", "--db", str(v1.root), "--lang", "en"]) == 0
    assert f"schema version 1 -> {V}" in capsys.readouterr().out
    assert v1.current_name() != old_name
    after = snapshot(v1)
    assert {t: after[t] for t in DATA_TABLES} == before
    assert sorted(after["_meta"]) == [
        ("origin", "demo"),
        ("registry_fingerprint", migrations.registry_fingerprint()),
        ("schema_version", str(V)),
    ]
    log = read_rows(v1, "SELECT from_version, to_version, changes FROM _migrations ORDER BY applied_at")
    assert log == [
        (None, 1, "built by a release without an upgrade log"),
        (1, V, "; ".join(STEPS)),
    ]
    # a second run changes nothing and publishes nothing
    assert main(["migrate", "--db", str(v1.root), "--lang", "en"]) == 0
    assert f"already at schema version {V}" in capsys.readouterr().out
    assert snapshot(v1) == after


def test_migrated_warehouse_has_the_schema_of_a_new_one(v1: Warehouse, tmp_path: Path) -> None:
    fresh = Warehouse(tmp_path / "fresh")
    load_files(fresh, AREAS_FILE)
    upgrade(v1)
    assert columns_of(v1) == columns_of(fresh)


def metric(warehouse: Warehouse, name: str, capsys: pytest.CaptureFixture) -> str:
    """One metric of 洛龙区 at the end of 2024, through ``python -m etl metrics``."""
    capsys.readouterr()
    assert main(["metrics", "--db", str(warehouse.root), "--area", "410311", "--as-of", "2024-12-31"]) == 0
    return dict(line.split(",", 1) for line in capsys.readouterr().out.splitlines())[name]


def test_old_warehouse_loads_undoes_and_queries_with_this_code(
    v1: Warehouse, capsys: pytest.CaptureFixture
) -> None:
    before = raw_tables(v1.current_path())
    # loading migrates on the way: the file of batch 2 again replaces batch 4's rows of its communities
    report = load_files(v1, FILES / "act_utf8.csv", allow_removal=True)
    assert report.committed and [f.batch_id for f in report.files] == [6]
    assert (report.files[0].added, report.files[0].changed, report.files[0].removed) == (2, 1, 2)
    activity = ["community_code", "activity_type", "participants", "_batch_id"]
    assert table_rows(v1, "activity", activity) == [
        ("410311002001", "culture_sports", 90, 6),
        ("410311002002", "public_service", 2500, 4),
        ("410311002004", "public_service", 360, 6),
        ("410311003001", "mutual_aid", 150, 6),
        ("410311003220", "public_service", 3500, 4),
    ]
    assert read_rows(v1, "SELECT value FROM _meta WHERE key = 'schema_version'") == [(str(V),)]
    assert metric(v1, "participants", capsys) == "6600"
    # undo the new batch, then batch 4 of the old release: the rows it displaced come back exactly
    undo(v1, 6, "tester")
    assert {t: rows for t, rows in snapshot(v1).items() if t in DATA_TABLES and t != "_batches"} == {
        t: rows for t, rows in before.items() if t != "_batches"
    }
    undo(v1, 4, "tester")
    assert table_rows(v1, "activity", activity) == [
        ("410311002001", "culture_sports", 90, 2),
        ("410311002004", "public_service", 360, 2),
        ("410311003001", "mutual_aid", 150, 2),
    ]
    assert read_rows(v1, "SELECT batch_id, status FROM _batches ORDER BY 1") == [
        (1, "committed"),
        (2, "committed"),
        (3, "committed"),
        (4, "undone"),
        (5, "undone"),
        (6, "undone"),
    ]
    assert metric(v1, "participants", capsys) == "600"
    assert metric(v1, "compounds", capsys) == "2"


def test_a_registry_column_added_later_is_added_to_an_old_warehouse(
    warehouse: Warehouse, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The warehouse was built before the column existed; a load adds it (live and history tables)."""
    activity = DATASETS["activity"]
    online = Column("online_activities", "int", "线上活动场次", "Online activities", ("线上活动场次",))
    grown = dataclasses.replace(activity, columns=(*activity.columns, online))
    monkeypatch.setitem(DATASETS, "activity", grown)
    index = {alias: c.name for c in grown.columns for alias in headers._aliases(c)}  # built at import
    monkeypatch.setitem(headers.ALIAS_INDEX, "activity", index)
    monkeypatch.setattr(headers, "ALL_ALIASES", headers.ALL_ALIASES | set(index))
    with pytest.raises(SchemaOutdatedError) as err:
        warehouse.connect_reader()
    assert "column activity.online_activities" in err.value.message("en")
    assert load_files(warehouse, FILES / "act_utf8.csv").committed  # a file without the new column
    newer = tmp_path / "act_online.csv"
    newer.write_text(
        "社区代码,月份,活动类型,活动场次,参与人次,线上活动场次\n410311002004,2024年5月,为民服务,12,360,4\n",
        encoding="utf-8",
    )
    report = load_files(warehouse, newer)
    assert report.committed, [p.render("en") for p in report.problems]
    assert table_rows(warehouse, "activity", ["community_code", "activity_type", "online_activities"]) == [
        ("410311002001", "culture_sports", None),
        ("410311002004", "public_service", 4),
        ("410311003001", "mutual_aid", None),
    ]
    assert ("_hist_activity", "online_activities", "BIGINT") in columns_of(warehouse)
    undo(warehouse, report.files[0].batch_id, "tester")
    assert table_rows(warehouse, "activity", ["community_code", "online_activities"]) == [
        ("410311002001", None),
        ("410311002004", None),
        ("410311003001", None),
    ]
    log = read_rows(
        warehouse, f"SELECT from_version, to_version, changes FROM _migrations WHERE from_version = {V}"
    )
    assert log == [(V, V, "column activity.online_activities; column _hist_activity.online_activities")]


def test_migration_steps_run_in_order_and_a_failing_one_publishes_nothing(
    v1: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    def backfill(con: duckdb.DuckDBPyConnection) -> None:
        con.execute(
            "CREATE TABLE _community_count AS SELECT count(*) AS n FROM areas WHERE level = 'community'"
        )

    def broken(con: duckdb.DuckDBPyConnection) -> None:
        con.execute("UPDATE areas SET area_name = 'x'")
        raise RuntimeError(f"step {V + 2} failed")

    monkeypatch.setattr(schema, "SCHEMA_VERSION", V + 2)
    monkeypatch.setattr(
        migrations,
        "MIGRATIONS",
        (
            *migrations.MIGRATIONS,
            Migration(V + 1, "count communities", backfill),
            Migration(V + 2, "broken", broken),
        ),
    )
    before, name = raw_tables(v1.current_path()), v1.current_name()
    with pytest.raises(MigrationFailedError) as err:
        load_files(v1, FILES / "act_utf8.csv")
    assert (
        f"failed at step {V + 2} (broken): step {V + 2} failed. Nothing was changed; the warehouse stays at schema "
        "version 1" in err.value.message("en")
    )
    assert v1.current_name() == name and raw_tables(v1.current_path()) == before
    assert {p.name for p in v1.root.iterdir()} == {".lock", "CURRENT", name, "files"}

    monkeypatch.setattr(schema, "SCHEMA_VERSION", V + 1)
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:-1])
    assert upgrade(v1) == (1, [*STEPS, f"v{V + 1}: count communities"])
    assert read_rows(v1, "SELECT n FROM _community_count") == [(5,)]
    assert read_rows(v1, "SELECT value FROM _meta WHERE key = 'schema_version'") == [(str(V + 1),)]


def test_a_warehouse_of_a_newer_release_is_refused(
    warehouse: Warehouse, capsys: pytest.CaptureFixture
) -> None:
    with warehouse.writer(migrate=False) as con:
        con.execute("UPDATE _meta SET value = '99' WHERE key = 'schema_version'")
    name, before = warehouse.current_name(), snapshot_raw(warehouse)
    with pytest.raises(SchemaTooNewError) as err:
        warehouse.connect_reader()
    assert "newer release (schema version 99" in err.value.message("en")
    for scope in (EVERYTHING, Scope.of(["410311002"])):
        with pytest.raises(SchemaTooNewError):
            open_scoped(warehouse.current_path(), scope)
    with pytest.raises(SchemaTooNewError):
        load_files(warehouse, FILES / "act_utf8.csv")
    for verb in (["migrate"], ["load", str(FILES / "act_utf8.csv")]):
        assert main([*verb, "--db", str(warehouse.root)]) == 2
        assert "更新版本的程序" in capsys.readouterr().err
    assert warehouse.current_name() == name and snapshot_raw(warehouse) == before


def snapshot_raw(warehouse: Warehouse) -> dict[str, list[tuple]]:
    return raw_tables(warehouse.current_path(), ("_meta", "_batches", "areas", "activity"))


def test_the_last_migration_step_is_the_schema_version() -> None:
    assert migrations.MIGRATIONS[-1].version == schema.SCHEMA_VERSION
    assert [m.version for m in migrations.MIGRATIONS] == sorted({m.version for m in migrations.MIGRATIONS})


def test_dashboard_on_an_old_warehouse_says_to_run_migrate_then_works(
    v1: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = app_on(v1.root, monkeypatch, lang="en")
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] and "run python -m etl migrate" in at.error[0].value
    assert main(["migrate", "--db", str(v1.root)]) == 0
    at = app_on(v1.root, monkeypatch, lang="en")
    at.run()
    assert not at.exception and not at.error
    assert at.metric  # the overview's KPI cards


def test_a_demo_warehouse_of_the_previous_release_stays_the_open_demo(v1: Warehouse) -> None:
    """v3: every batch loaded by ``demo`` (as ``etl demo`` of the previous release did) marks it the demo."""
    with duckdb.connect(str(v1.current_path())) as con:
        con.execute("UPDATE _batches SET loaded_by = 'demo'")
    upgrade(v1)
    assert read_rows(v1, "SELECT value FROM _meta WHERE key = 'origin'") == [("demo",)]


def test_a_warehouse_with_loads_of_people_is_not_taken_for_the_demo(v1: Warehouse) -> None:
    upgrade(v1)
    assert read_rows(v1, "SELECT value FROM _meta WHERE key = 'origin'") == []


def test_outdated_at_the_same_version_names_the_missing_tables_not_two_equal_versions():
    """A previous release's warehouse lacks a table the registry added since (no version step)."""
    err = migrations.SchemaOutdatedError("/wh", schema.SCHEMA_VERSION, ["table street_areas"])
    text = err.message("zh")
    assert "缺少本程序新增的数据表或列" in text and "table street_areas" in text
    assert f"本程序为版本 {schema.SCHEMA_VERSION}" not in text
    assert "tables or columns added by this code are missing" in err.message("en")


def test_migrate_rebuilds_derived_tables_a_previous_release_built(
    v1: Warehouse, capsys: pytest.CaptureFixture
) -> None:
    """At the current schema version, derived tables of an earlier ``derived.VERSION`` are rebuilt (the
    pages read the slow direct path until then); the data tables stay as they were."""
    from etl import derived

    assert main(["migrate", "--db", str(v1.root), "--lang", "en"]) == 0
    capsys.readouterr()
    age_derived_tables(v1)
    reader = v1.connect_reader()
    try:
        assert derived.ready(reader, 80.0) is None
        district = reader.execute("SELECT min(area_code) FROM areas WHERE level = 'district'").fetchone()[0]
        slow = compute_metrics(reader, district, dt.date(2024, 12, 31))  # the direct path meanwhile
    finally:
        reader.close()
    before = {t: rows for t, rows in snapshot(v1).items() if t in DATA_TABLES}
    assert main(["migrate", "--db", str(v1.root), "--lang", "en"]) == 0
    assert "rebuilt the derived tables" in capsys.readouterr().out
    reader = v1.connect_reader()
    try:
        assert derived.ready(reader, 80.0) is True
        assert compute_metrics(reader, district, dt.date(2024, 12, 31)) == slow
    finally:
        reader.close()
    assert {t: rows for t, rows in snapshot(v1).items() if t in DATA_TABLES} == before
    assert main(["migrate", "--db", str(v1.root), "--lang", "en"]) == 0
    assert f"already at schema version {V}" in capsys.readouterr().out


def age_derived_tables(warehouse: Warehouse) -> None:
    """Make the current snapshot's derived tables look built by the previous release (another
    ``derived.VERSION``, another shape)."""
    from etl import derived

    with duckdb.connect(str(warehouse.current_path())) as con:
        state = json.loads(
            con.execute("SELECT fingerprint FROM _derived_state WHERE name = 'params'").fetchone()[0]
        )
        state["version"] = derived.VERSION - 1
        con.execute("UPDATE _derived_state SET fingerprint = ? WHERE name = 'params'", [json.dumps(state)])
        con.execute("DELETE FROM _derived_state WHERE name <> 'params'")
        con.execute("ALTER TABLE rollup_areas DROP COLUMN communities")  # an earlier release's shape


def test_the_default_warehouse_follows_the_code_when_the_dashboard_starts(
    v1: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The try-out warehouse at the default path is migrated and its derived tables rebuilt when the
    dashboard starts (``make run`` after an upgrade reads the fast path at once); any other
    warehouse waits for ``etl migrate``."""
    from etl import derived
    from govdash import db

    other = unpack_v1(v1.root.parent / "other")
    for warehouse in (v1, other):  # at this schema version, with a previous release's derived tables
        assert main(["migrate", "--db", str(warehouse.root)]) == 0
        age_derived_tables(warehouse)
    monkeypatch.setattr(db, "is_default_warehouse", lambda path: Path(path) == v1.root)
    db.boot.clear()
    try:
        assert db.boot(str(v1.root)) and db.boot(str(other.root))
    finally:
        db.boot.clear()
    for warehouse, rebuilt in ((v1, True), (other, None)):
        reader = warehouse.connect_reader()
        try:
            assert derived.ready(reader, 80.0) is rebuilt
        finally:
            reader.close()
