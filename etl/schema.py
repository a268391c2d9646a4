"""Warehouse tables, generated from the registry.

Every dataset has a live table named after it (its columns plus ``_batch_id``, the batch that wrote
the row) and a history table ``_hist_<dataset>`` holding the rows a batch removed or replaced
(``_removed_by``), which is what makes ``undo`` exact. ``_meta`` holds the schema version (and other
keys written elsewhere); ``_migrations`` logs when the warehouse was created and upgraded.

``SCHEMA_VERSION`` is the version of the tables this code writes: bump it together with a new step in
``etl.migrations.MIGRATIONS`` (a new registry column alone needs neither: loads add it).
"""

from __future__ import annotations

import duckdb

from etl.datasets import DATASETS
from etl.registry import Dataset
from etl.sqlutil import q

SCHEMA_VERSION = 3

BATCHES_DDL = """
CREATE TABLE IF NOT EXISTS _batches (
    batch_id BIGINT PRIMARY KEY,
    loaded_at TIMESTAMP NOT NULL,
    loaded_by VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    file_sha256 VARCHAR NOT NULL,
    file_bytes BIGINT NOT NULL,
    dataset VARCHAR NOT NULL,
    encoding VARCHAR,
    sheet VARCHAR,
    rows_in_file BIGINT NOT NULL,
    rows_added BIGINT NOT NULL,
    rows_changed BIGINT NOT NULL,
    rows_removed BIGINT NOT NULL,
    rows_unchanged BIGINT NOT NULL,
    status VARCHAR NOT NULL,          -- committed | undone
    undone_at TIMESTAMP,
    undone_by VARCHAR,
    note VARCHAR
)
"""

META_DDL = "CREATE TABLE IF NOT EXISTS _meta (key VARCHAR PRIMARY KEY, value VARCHAR)"
# ``_meta`` key marking a warehouse built by ``etl.demo.build_demo``: the web app stays open without
# login on it (simulated data only), and is read-only without login on any other warehouse.
ORIGIN_KEY, DEMO_ORIGIN = "origin", "demo"

MIGRATIONS_DDL = """
CREATE TABLE IF NOT EXISTS _migrations (
    applied_at TIMESTAMP NOT NULL,
    from_version INTEGER,             -- NULL: the warehouse was created (or is older than this log)
    to_version INTEGER NOT NULL,
    changes VARCHAR NOT NULL
)
"""


def column_defs(dataset: Dataset) -> str:
    return ", ".join(f"{q(c.name)} {c.duckdb_type}" for c in dataset.columns)


def live_table_ddl(dataset: Dataset) -> str:
    return f"CREATE TABLE IF NOT EXISTS {q(dataset.name)} ({column_defs(dataset)}, _batch_id BIGINT)"


def hist_table_ddl(dataset: Dataset) -> str:
    return (
        f"CREATE TABLE IF NOT EXISTS {q('_hist_' + dataset.name)} "
        f"({column_defs(dataset)}, _batch_id BIGINT, _removed_by BIGINT NOT NULL)"
    )


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table of this schema version that is missing and record the version.

    On a warehouse of an earlier version use ``etl.migrations.migrate`` (it calls this too).
    """
    con.execute(BATCHES_DDL)
    con.execute(META_DDL)
    con.execute(MIGRATIONS_DDL)
    for dataset in DATASETS.values():
        con.execute(live_table_ddl(dataset))
        con.execute(hist_table_ddl(dataset))
    con.execute("INSERT OR REPLACE INTO _meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
