"""The column-wise SQLite paths equal the object paths: reading members into columns (the tie
rules of rank_on and status_on) and storing a synthetic population."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from dayasos.categories import Programme, Relationship, Sex
from dayasos.population import store_population, synthetic_population
from dayasos.registry import (
    EnrolmentStatus,
    Family,
    Membership,
    MemoryStore,
    RegionCode,
    RegistryDocument,
    SQLiteStore,
    StatusChange,
    WelfareRank,
)
from dayasos.registry.columnar import STATUS_CODES, member_columns
from registry_helpers import kk, person

ON = date(2021, 7, 1)
DAYS = st.integers(-3, 3)


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[tuple[int, int]], list[tuple[int, int, int]]]:
    ranks = draw(st.lists(st.tuples(st.integers(1, 10), DAYS), max_size=4))
    changes = draw(
        st.lists(st.tuples(st.integers(0, len(STATUS_CODES) - 1), DAYS, DAYS), max_size=5)
    )
    return ranks, changes


@given(st.lists(histories(), min_size=1, max_size=4))
def test_member_columns_follow_the_tie_rules_of_rank_on_and_status_on(
    families: list[tuple[list[tuple[int, int]], list[tuple[int, int, int]]]],
) -> None:
    with SQLiteStore() as store:
        keys = []
        for i, (ranks, changes) in enumerate(families):
            no_kk = kk(i + 1)
            keys.append(no_kk)
            p = person(f"Warga {i}", date(1980, 1, 1 + i), Sex.LAKI_LAKI, serial=i + 1)
            store.add_person(p)
            store.add_family(Family(no_kk, _region()))
            store.add_membership(
                Membership(no_kk, p.nik, Relationship.KEPALA_KELUARGA, date(2000, 1, 1))
            )
            for desil, d in ranks:
                store.record_rank(WelfareRank(no_kk, desil, ON + timedelta(days=d)))
            for code, eff, rec in changes:
                store.record_status(
                    StatusChange(
                        Programme.PKH,
                        no_kk,
                        STATUS_CODES[code],
                        ON + timedelta(days=eff),
                        ON + timedelta(days=rec),
                    )
                )
        cols = member_columns(store, ON, Programme.PKH)
        for row, no_kk in enumerate(keys):
            rank = store.rank_on(no_kk, ON)
            assert cols["desil"][row] == (0 if rank is None else rank.desil)
            status = store.status_on(Programme.PKH, no_kk, ON)
            want = -1 if status is None else STATUS_CODES.index(status)
            assert cols["status"][row] == want


def _region() -> RegionCode:
    return RegionCode.parse("31.71.01.1001")


@given(st.integers(0, 40), st.integers(0, 5))
def test_store_population_into_sqlite_equals_the_object_path(families: int, seed: int) -> None:
    pop = synthetic_population(families, seed=seed, at=ON)
    memory = MemoryStore()
    keys_memory = store_population(pop, memory, ON)
    with SQLiteStore() as store:
        keys_sqlite = store_population(pop, store, ON)
        assert keys_sqlite == keys_memory
        assert RegistryDocument.of(store) == RegistryDocument.of(memory)


def test_an_empty_registry_reads_as_empty_columns() -> None:
    with SQLiteStore() as store:
        cols = member_columns(store, ON, Programme.PKH)
    assert all(len(v) == 0 for v in cols.values())
    assert cols["birth"].dtype == np.int64


def test_status_without_a_family_row_is_ignored_for_other_programmes() -> None:
    with SQLiteStore() as store:
        p = person("Budi", date(1980, 5, 2), Sex.LAKI_LAKI)
        store.add_person(p)
        store.add_family(Family(kk(1), _region()))
        store.add_membership(Membership(kk(1), p.nik, Relationship.KEPALA_KELUARGA, ON))
        store.record_status(
            StatusChange(Programme.PKH, kk(1), EnrolmentStatus.ACTIVE, ON, ON, "test")
        )
        other = next(p for p in Programme if p is not Programme.PKH)
        assert member_columns(store, ON, other)["status"].tolist() == [-1]
        assert member_columns(store, ON, Programme.PKH)["status"].tolist() == [
            STATUS_CODES.index(EnrolmentStatus.ACTIVE)
        ]
