"""The column-wise SQLite paths equal the object paths: reading members into columns (the tie
rules of rank_on and status_on) and storing a synthetic population."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
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


@settings(max_examples=5)
@given(st.integers(1, 300), st.integers(0, 2**16))
def test_store_population_numbers_ten_thousand_persons_of_one_birth_day_as_the_object_path(
    others: int, seed: int
) -> None:
    """More than 9,999 persons of one province, birth date and sex: the later ones get the next
    kecamatan digits of the NIK, and the NIK order is no longer the order of the key."""
    from dayasos.population import Population

    rng = np.random.default_rng(seed)
    n = 10_000 + others
    family = np.sort(rng.integers(0, n // 4, n))
    birth = np.full(n, 7_000)
    sex = np.ones(n, dtype=np.uint8)
    # the others, around the same day and of any sex, among the last rows: in the families of
    # the persons numbered in the second kecamatan
    moved = n - 1 - rng.choice(3 * others, others, replace=False)
    birth[moved] = rng.integers(6_990, 7_010, others)
    sex[moved] = rng.integers(0, 2, others)
    nf = int(family[-1]) + 1
    pop = Population.from_columns(
        {"family": family, "birth": birth, "sex": sex},
        {"desil": rng.integers(0, 11, nf), "province": np.full(nf, 31)},
    )
    memory = MemoryStore()
    keys_memory = store_population(pop, memory, ON)
    with SQLiteStore() as store:
        assert store_population(pop, store, ON) == keys_memory
        assert RegistryDocument.of(store) == RegistryDocument.of(memory)
        db = store.connection
        niks = [r[0] for r in db.execute("SELECT nik FROM person ORDER BY rowid")]
        members = db.execute("SELECT no_kk, nik FROM membership ORDER BY id").fetchall()
    assert members == sorted(members)  # numbered in key order, as the object path's store
    assert any(str(k)[4:6] == "02" for k in niks)  # a second kecamatan of one key


@given(st.lists(st.integers(0, 2**62), max_size=40), st.booleans())
def test_sorting_with_rows_is_a_stable_argsort(keys: list[int], small: bool) -> None:
    """store_population's packed sort gives the order of a stable argsort and sorts the keys,
    whether ``key << bits | row`` fits 64 bits (small keys) or not (the argsort fallback)."""
    from dayasos.population.store import _sort_with_rows

    key = np.array([k % 50 if small else k for k in keys], dtype=np.int64)
    expected = np.argsort(key, kind="stable")
    got = key.copy()
    order = _sort_with_rows(got)
    assert order.tolist() == expected.tolist()
    assert got.tolist() == key[expected].tolist()


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


@given(st.lists(st.integers(0, 10**16 - 1), max_size=20), st.integers(1, 5))
def test_fixed_width_columns_decode_numbers_of_any_width(numbers: list[int], chunk: int) -> None:
    import sqlite3

    from dayasos.registry.fixed_width import fixed_columns

    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, d TEXT)")
    db.executemany(
        "INSERT INTO t (a, d) VALUES (?, ?)",
        [(x, (date(1900, 1, 1) + timedelta(days=x % 70000)).isoformat()) for x in numbers],
    )
    got_a: list[int] = []
    got_d: list[int] = []
    for lo in range(0, len(numbers), chunk):
        a, d = fixed_columns(
            db,
            "SELECT {} FROM t WHERE id > ? AND id <= ?",
            (("a", 16), ("d", 10)),
            (lo, lo + chunk),
        )
        got_a += a.tolist()
        got_d += d.tolist()
    assert got_a == numbers
    days = [date(1900, 1, 1) + timedelta(days=x % 70000) for x in numbers]
    assert got_d == [x.year * 10000 + x.month * 100 + x.day for x in days]


def test_a_null_in_a_column_read_is_an_error_not_a_shifted_column() -> None:
    import sqlite3

    import pytest

    from dayasos.errors import RegistryFileError
    from dayasos.registry.fixed_width import fixed_columns

    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (a INTEGER, b INTEGER)")
    db.executemany("INSERT INTO t VALUES (?, ?)", [(1, 2), (3, None)])
    with pytest.raises(RegistryFileError, match="cannot decode"):
        fixed_columns(db, "SELECT {} FROM t", (("a", 1), ("b", 1)), ())


@given(st.integers(1, 12), st.integers(0, 2**16), st.integers(1, 7))
def test_reading_in_small_chunks_equals_one_chunk(families: int, seed: int, chunk: int) -> None:
    import dayasos.registry.sqlite_scan as sqlite_scan

    pop = synthetic_population(families, seed=seed, at=ON)
    with SQLiteStore() as store:
        store_population(pop, store, ON)
        whole = member_columns(store, ON, Programme.PKH)
        with mock.patch.object(sqlite_scan, "CHUNK_ROWS", chunk):
            parts = member_columns(store, ON, Programme.PKH)
    assert whole.keys() == parts.keys()
    for name, col in whole.items():
        assert col.tolist() == parts[name].tolist(), name


@given(st.integers(1, 12), st.integers(0, 2**16), st.integers(1, 7))
def test_storing_in_small_chunks_equals_the_object_path(
    families: int, seed: int, chunk: int
) -> None:
    import dayasos.population.store as registry

    pop = synthetic_population(families, seed=seed, at=ON)
    memory = MemoryStore()
    store_population(pop, memory, ON)
    saved = registry._STORE_CHUNK
    registry._STORE_CHUNK = chunk  # type: ignore[misc]
    try:
        with SQLiteStore() as store:
            store_population(pop, store, ON)
            assert RegistryDocument.of(store) == RegistryDocument.of(memory)
            assert store.connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        registry._STORE_CHUNK = saved  # type: ignore[misc]


def _same_columns(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> None:
    assert a.keys() == b.keys()
    for name, col in a.items():
        assert col.dtype == b[name].dtype, name
        assert col.tolist() == b[name].tolist(), name


@given(st.integers(0, 12), st.integers(0, 2**16), st.integers(1, 7), st.integers(2, 3))
def test_a_parallel_read_equals_the_one_connection_read(
    families: int, seed: int, chunk: int, workers: int
) -> None:
    import dayasos.registry.sqlite_scan as sqlite_scan

    pop = synthetic_population(families, seed=seed, at=ON)
    with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "r.db") as store:
        store_population(pop, store, ON)
        one = member_columns(store, ON, Programme.PKH, workers=1)
        with mock.patch.object(sqlite_scan, "CHUNK_ROWS", chunk):
            with sqlite_scan.snapshot_readers(store.connection, workers) as readers:
                assert len(readers) == workers  # a file store: its own read connections
            many = member_columns(store, ON, Programme.PKH, workers=workers)
    _same_columns(one, many)


def _add_family(store: SQLiteStore, n: int) -> None:
    p = person(f"Warga {n}", date(1980, 1, 1 + n % 28), Sex.LAKI_LAKI, serial=n)
    store.add_person(p)
    store.add_family(Family(kk(n), _region()))
    store.add_membership(Membership(kk(n), p.nik, Relationship.KEPALA_KELUARGA, ON))


def test_a_read_inside_an_open_transaction_sees_its_writes(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "r.db") as store:
        _add_family(store, 1)
        with store.transaction():
            _add_family(store, 2)
            cols = member_columns(store, ON, Programme.PKH, workers=2)
            assert len(cols["no_kk"]) == 2 and len(cols["birth"]) == 2
        assert len(member_columns(store, ON, Programme.PKH)["no_kk"]) == 2


@pytest.mark.parametrize("commits", [1, 99])
def test_a_commit_while_the_readers_begin_is_never_half_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, commits: int
) -> None:
    """Another process commits while the read connections begin: the read retries, and after
    :data:`SNAPSHOT_ATTEMPTS` failures uses the store's connection; never a mix."""
    import sqlite3

    import dayasos.registry.sqlite_scan as sqlite_scan

    path = tmp_path / "r.db"
    writer = SQLiteStore(path)
    _add_family(writer, 1)
    added = [1]
    real_connect = sqlite3.connect

    class Racing(sqlite3.Connection):
        def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
            cur = super().execute(sql, *args)
            if sql == "BEGIN" and len(added) <= commits:  # a commit right after a snapshot
                added.append(len(added) + 1)
                _add_family(writer, added[-1])
            return cur

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        return real_connect(*args, factory=Racing, **kwargs)

    monkeypatch.setattr(sqlite_scan.sqlite3, "connect", connect)
    with SQLiteStore(path) as store:
        cols = member_columns(store, ON, Programme.PKH, workers=2)
        monkeypatch.undo()
        families = len(cols["no_kk"])
        assert len(cols["birth"]) == families  # persons and memberships of one state
        assert families == len(added) or commits > sqlite_scan.SNAPSHOT_ATTEMPTS
        _same_columns(cols, member_columns(store, ON, Programme.PKH, workers=1))
    writer.close()


def test_workers_must_be_a_positive_integer() -> None:
    from dayasos.errors import ValidationError

    with SQLiteStore() as store:
        for bad in (0, -1, True, 1.5):
            with pytest.raises(ValidationError, match="workers"):
                member_columns(store, ON, Programme.PKH, workers=bad)  # type: ignore[arg-type]


@given(st.integers(1, 12), st.integers(0, 2**16), st.integers(1, 7), st.data())
def test_the_read_does_not_depend_on_the_order_rows_were_stored_in(
    families: int, seed: int, chunk: int, data: st.DataObject
) -> None:
    """Memberships stored in any order (chunks out of order, a family's rows in two chunks)
    and persons without a membership in force read as the same columns as the same rows
    stored in key order."""
    import dayasos.registry.sqlite_scan as sqlite_scan

    pop = synthetic_population(families, seed=seed, at=ON)
    with SQLiteStore() as ordered, SQLiteStore() as shuffled:
        store_population(pop, ordered, ON)
        db = ordered.connection
        ids = [r[0] for r in db.execute("SELECT id FROM membership ORDER BY id")]
        dropped = data.draw(st.sets(st.sampled_from(ids)) if ids else st.just(set()))
        db.executemany("DELETE FROM membership WHERE id = ?", [(i,) for i in dropped])
        kept = [i for i in ids if i not in dropped]
        order = data.draw(st.permutations(kept))
        columns = "no_kk, nik, relationship, start_date, end_date"
        with shuffled.unchecked_transaction():
            for table in ("person", "family", "welfare_rank", "status_change"):
                rows = db.execute(f"SELECT * FROM {table}").fetchall()
                if rows:
                    marks = ", ".join("?" * len(rows[0]))
                    shuffled.connection.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
            for i in order:
                row = db.execute(f"SELECT {columns} FROM membership WHERE id = ?", (i,))
                shuffled.connection.execute(
                    f"INSERT INTO membership ({columns}) VALUES (?, ?, ?, ?, ?)", row.fetchone()
                )
        expected = member_columns(ordered, ON, Programme.PKH)
        with mock.patch.object(sqlite_scan, "CHUNK_ROWS", chunk):
            got = member_columns(shuffled, ON, Programme.PKH)
    _same_columns(expected, got)
