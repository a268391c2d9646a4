"""The shared per-scope caches (``govdash.cache.newest_per_scope``): one entry per scope, the newest
snapshot's, built once however many sessions of that scope ask at the same moment."""

from __future__ import annotations

import threading
import time

import pytest
import streamlit as st

from etl.scope import EVERYTHING, Scope
from govdash import cache, db, queries
from tests.access_fixtures import OTHER_STREET, STREET, warehouse_with_users
from tests.helpers import use_warehouse

pytestmark = pytest.mark.usefixtures("caches_cleared_once")


def _counting():
    """A cached function that records its builds. Its slots are keyed, as Streamlit keys caches, on
    its module, name and source, which every call of this helper shares: start empty."""
    st.cache_resource.clear()
    built: list[str] = []

    @cache.newest_per_scope(max_scopes=8)
    def index(version: str, extra: int = 0) -> dict:
        built.append(version)
        return {"version": version, "extra": extra}

    return index, built


def test_other_scopes_do_not_push_out_a_scope_and_each_is_built_once():
    index, built = _counting()
    whole = index("snap-1@all")
    for scope in ("s1", "s2", "s3", "s4", "s5"):  # the street users of a review meeting
        assert index(f"snap-1@{scope}")["version"] == f"snap-1@{scope}"
    assert index("snap-1@all") is whole
    for scope in ("s1", "s2", "s3", "s4", "s5"):
        index(f"snap-1@{scope}")
    assert len(built) == 6
    assert index("snap-1@all", 1) is not whole  # other arguments: their own entry
    assert len(built) == 7


def test_a_new_snapshot_replaces_the_scopes_entry():
    index, built = _counting()
    old = index("snap-1@all")
    new = index("snap-2@all")
    assert new is not old and new["version"] == "snap-2@all"
    assert index("snap-2@all") is new
    assert built == ["snap-1@all", "snap-2@all"]


def test_at_most_max_scopes_are_kept():
    index, built = _counting()
    for i in range(9):  # one more than max_scopes: the first one goes
        index(f"snap-1@s{i}")
    index("snap-1@s8")
    assert len(built) == 9
    index("snap-1@s0")
    assert len(built) == 10


def test_sessions_of_one_scope_arriving_together_build_it_once():
    built: list[str] = []

    @cache.newest_per_scope()
    def slow(version: str) -> object:
        built.append(version)
        time.sleep(0.2)
        return object()

    results: list[object] = []
    threads = [threading.Thread(target=lambda: results.append(slow("snap-1@s1"))) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(built) == 1 and len(results) == 8 and all(r is results[0] for r in results)


def test_clearing_streamlits_resource_cache_empties_it():
    index, built = _counting()
    first = index("snap-1@all")
    st.cache_resource.clear()
    assert index("snap-1@all") is not first
    assert len(built) == 2


def test_the_area_index_and_tree_of_each_scope_survive_other_scopes(demo_warehouse, tmp_path, monkeypatch):
    """On a real warehouse: the whole area's index and tree stay the same objects while street users
    read theirs, and each holds only its scope's communities."""
    wh = warehouse_with_users(demo_warehouse, tmp_path / "wh")
    use_warehouse(wh.root, monkeypatch)
    scopes = (EVERYTHING, Scope.of([STREET]), Scope.of([OTHER_STREET]))
    first = {}
    for _ in range(3):
        for scope in scopes:
            with db.use_scope(scope):
                version = db.version()
                got = (queries.area_index(version), queries.area_tree(version))
            first.setdefault(scope, got)
            assert got[0] is first[scope][0] and got[1] is first[scope][1], scope
    whole, street = first[EVERYTHING][0], first[Scope.of([STREET])][0]
    street_communities = set(street.loc[street["level"] == "community", "area_code"])
    assert street_communities and set(whole["area_code"]) > street_communities
    assert set(street.loc[street["level"] == "community", "parent_code"]) == {STREET}
