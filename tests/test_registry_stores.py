"""The store contract: every test runs against the in-memory and the SQLite store."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dayasos.categories import Programme, Relationship, Sex
from dayasos.errors import (
    RecordNotFoundError,
    RegistryConflictError,
    RegistryFileError,
    ValidationError,
)
from dayasos.registry import (
    SCHEMA_VERSION,
    EnrolmentStatus,
    Family,
    Membership,
    MemoryStore,
    Nik,
    RegionCode,
    RegistryStore,
    SQLiteStore,
    StatusChange,
    WelfareRank,
    family_findings,
)
from registry_helpers import kk, person

R = Relationship
JAKARTA = RegionCode.parse("31.71.01.1001")
BANDUNG = RegionCode.parse("32.73.01.1001")


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RegistryStore]:
    if request.param == "memory":
        yield MemoryStore()
    else:
        s = SQLiteStore(tmp_path / "registry.db")
        yield s
        s.close()


BUDI = person("Budi Santoso", date(1980, 5, 2), Sex.LAKI_LAKI, 1)
SITI = person("Siti Aminah", date(1984, 11, 23), Sex.PEREMPUAN, 2)
ANI = person("Ani", date(2015, 3, 1), Sex.PEREMPUAN, 3)
KAKEK = person("Kakek Darmo", date(1940, 1, 9), Sex.LAKI_LAKI, 4)
KK1 = kk(1)
KK2 = kk(2, "327301")


def _family(store: RegistryStore) -> None:
    store.add_persons([BUDI, SITI, ANI, KAKEK])
    store.add_families([Family(KK1, JAKARTA), Family(KK2, BANDUNG)])
    store.add_memberships(
        [
            Membership(KK1, BUDI.nik, R.KEPALA_KELUARGA, date(2009, 1, 5)),
            Membership(KK1, SITI.nik, R.ISTRI, date(2009, 1, 5)),
            Membership(KK1, ANI.nik, R.ANAK, date(2015, 3, 1)),
            Membership(KK1, KAKEK.nik, R.ORANG_TUA, date(2010, 6, 1), date(2019, 5, 10)),
        ]
    )


def test_protocol(store: RegistryStore) -> None:
    assert isinstance(store, RegistryStore)


def test_person_roundtrip_and_unique_nik(store: RegistryStore) -> None:
    store.add_person(SITI)
    assert store.get_person(SITI.nik) == SITI
    with pytest.raises(RegistryConflictError) as info:
        store.add_person(SITI)
    assert SITI.nik.reveal() not in str(info.value)
    assert store.count_persons() == 1


def test_missing_records_raise_masked(store: RegistryStore) -> None:
    with pytest.raises(RecordNotFoundError) as info:
        store.get_person(BUDI.nik)
    assert BUDI.nik.reveal() not in str(info.value)
    assert store.find_person(BUDI.nik) is None
    with pytest.raises(KeyError):
        store.get_family(KK1)


def test_unique_no_kk(store: RegistryStore) -> None:
    store.add_family(Family(KK1, JAKARTA))
    assert store.get_family(KK1) == Family(KK1, JAKARTA)
    with pytest.raises(RegistryConflictError):
        store.add_family(Family(KK1, BANDUNG))


def test_bulk_add_is_all_or_nothing(store: RegistryStore) -> None:
    store.add_person(ANI)
    with pytest.raises(RegistryConflictError):
        store.add_persons([BUDI, SITI, ANI])
    assert store.count_persons() == 1
    with pytest.raises(RegistryConflictError):
        store.add_persons([BUDI, BUDI])
    assert store.count_persons() == 1


def test_who_was_in_the_family_on_a_date(store: RegistryStore) -> None:
    _family(store)
    on = date(2020, 7, 1)
    assert {m.nik for m in store.members_on(KK1, on)} == {BUDI.nik, SITI.nik, ANI.nik}
    assert {m.nik for m in store.members_on(KK1, date(2019, 5, 9))} == {
        BUDI.nik,
        SITI.nik,
        ANI.nik,
        KAKEK.nik,
    }
    # the end date is exclusive: the grandfather died on 2019-05-10
    assert KAKEK.nik not in {m.nik for m in store.members_on(KK1, date(2019, 5, 10))}
    assert store.members_on(KK1, date(2008, 12, 31)) == ()
    assert store.head_on(KK1, on) == BUDI.nik
    assert [m.nik for m in store.members_on(KK1, on)] == sorted(
        (m.nik for m in store.members_on(KK1, on)), key=Nik.reveal
    )


def test_move_out_of_a_family(store: RegistryStore) -> None:
    _family(store)
    ended = store.end_membership(KK1, ANI.nik, date(2021, 1, 1))
    assert ended.end == date(2021, 1, 1)
    store.add_membership(Membership(KK2, ANI.nik, R.CUCU, date(2021, 1, 1)))
    assert [m.no_kk for m in store.memberships_of(ANI.nik)] == [KK1, KK2]
    assert ANI.nik not in {m.nik for m in store.members_on(KK1, date(2021, 1, 1))}
    assert [m.nik for m in store.members_on(KK2, date(2021, 1, 1))] == [ANI.nik]
    with pytest.raises(RecordNotFoundError):
        store.end_membership(KK1, ANI.nik, date(2022, 1, 1))


def test_end_before_start_rejected(store: RegistryStore) -> None:
    _family(store)
    with pytest.raises(ValidationError):
        store.end_membership(KK1, ANI.nik, date(2015, 3, 1))
    assert store.members_on(KK1, date(2030, 1, 1))[0].end is None


def test_exactly_one_head(store: RegistryStore) -> None:
    _family(store)
    with pytest.raises(RegistryConflictError):
        store.add_membership(Membership(KK1, KAKEK.nik, R.KEPALA_KELUARGA, date(2001, 1, 1)))
    # succession: the head leaves, the wife becomes head
    store.end_membership(KK1, BUDI.nik, date(2022, 2, 1))
    store.end_membership(KK1, SITI.nik, date(2022, 2, 1))
    store.add_membership(Membership(KK1, SITI.nik, R.KEPALA_KELUARGA, date(2022, 2, 1)))
    assert store.head_on(KK1, date(2022, 1, 31)) == BUDI.nik
    assert store.head_on(KK1, date(2022, 2, 1)) == SITI.nik
    assert family_findings(store, KK1, date(2022, 2, 1)) == ()


def test_family_without_head_is_a_finding(store: RegistryStore) -> None:
    store.add_person(ANI)
    store.add_family(Family(KK1, JAKARTA))
    store.add_membership(Membership(KK1, ANI.nik, R.ANAK, date(2015, 3, 1)))
    findings = family_findings(store, KK1, date(2020, 1, 1))
    assert [f.field for f in findings] == ["relationship"]
    assert KK1.reveal() not in str(findings[0])


def test_membership_needs_person_and_family_and_no_overlap(store: RegistryStore) -> None:
    store.add_family(Family(KK1, JAKARTA))
    with pytest.raises(RecordNotFoundError):
        store.add_membership(Membership(KK1, BUDI.nik, R.ANAK, date(2000, 1, 1)))
    store.add_person(BUDI)
    with pytest.raises(RecordNotFoundError):
        store.add_membership(Membership(KK2, BUDI.nik, R.ANAK, date(2000, 1, 1)))
    store.add_membership(Membership(KK1, BUDI.nik, R.ANAK, date(2000, 1, 1), date(2005, 1, 1)))
    with pytest.raises(RegistryConflictError):
        store.add_membership(Membership(KK1, BUDI.nik, R.ANAK, date(2004, 12, 31)))
    store.add_membership(Membership(KK1, BUDI.nik, R.KEPALA_KELUARGA, date(2005, 1, 1)))
    with pytest.raises(RegistryConflictError):
        store.add_memberships(
            [
                Membership(KK1, BUDI.nik, R.ANAK, date(1990, 1, 1), date(1991, 1, 1)),
                Membership(KK1, BUDI.nik, R.ANAK, date(1990, 6, 1), date(1992, 1, 1)),
            ]
        )
    assert len(store.memberships_of(BUDI.nik)) == 2


def test_welfare_rank_in_force(store: RegistryStore) -> None:
    _family(store)
    store.record_rank(WelfareRank(KK1, 3, date(2021, 1, 15)))
    store.record_rank(WelfareRank(KK1, 5, date(2023, 6, 1)))
    assert store.rank_on(KK1, date(2021, 1, 14)) is None
    rank = store.rank_on(KK1, date(2022, 12, 31))
    assert rank is not None and rank.desil == 3
    rank = store.rank_on(KK1, date(2025, 1, 1))
    assert rank is not None and rank.desil == 5
    with pytest.raises(RecordNotFoundError):
        store.record_rank(WelfareRank(kk(9), 1, date(2021, 1, 1)))


def test_enrolment_history_and_queries(store: RegistryStore) -> None:
    _family(store)
    pkh = Programme.PKH

    def change(subject: object, status: EnrolmentStatus, eff: date, rec: date) -> StatusChange:
        return StatusChange(pkh, subject, status, eff, rec, "test")  # type: ignore[arg-type]

    store.record_status(change(KK1, EnrolmentStatus.CANDIDATE, date(2019, 1, 1), date(2019, 1, 1)))
    store.record_status(change(KK1, EnrolmentStatus.ACTIVE, date(2019, 3, 1), date(2019, 3, 5)))
    store.record_status(change(KK2, EnrolmentStatus.ACTIVE, date(2019, 1, 1), date(2019, 1, 1)))
    # a late correction: suspended from 2020-06-01, recorded only on 2020-09-01
    store.record_status(change(KK1, EnrolmentStatus.SUSPENDED, date(2020, 6, 1), date(2020, 9, 1)))
    assert store.status_on(pkh, KK1, date(2018, 12, 31)) is None
    assert store.status_on(pkh, KK1, date(2019, 2, 1)) is EnrolmentStatus.CANDIDATE
    assert store.status_on(pkh, KK1, date(2020, 7, 1)) is EnrolmentStatus.SUSPENDED
    assert store.status_on(pkh, KK1, date(2020, 7, 1), known_on=date(2020, 8, 1)) is (
        EnrolmentStatus.ACTIVE
    )
    assert store.status_on(Programme.SEMBAKO, KK1, date(2020, 7, 1)) is None
    assert len(store.history(pkh, KK1)) == 3
    assert [c.status for c in store.history(pkh, KK1)][-1] is EnrolmentStatus.SUSPENDED
    assert store.families_with_status(pkh, date(2020, 1, 1)) == (KK1, KK2)
    assert store.families_with_status(pkh, date(2020, 7, 1)) == (KK2,)
    assert store.families_with_status(pkh, date(2020, 1, 1), region=RegionCode.parse("31")) == (
        KK1,
    )
    assert store.families_with_status(
        pkh, date(2020, 7, 1), EnrolmentStatus.SUSPENDED, RegionCode.parse("31.71")
    ) == (KK1,)
    # a person's enrolment is kept apart from the family's
    store.record_status(change(ANI.nik, EnrolmentStatus.ACTIVE, date(2019, 1, 1), date(2019, 1, 1)))
    assert store.status_on(pkh, ANI.nik, date(2020, 1, 1)) is EnrolmentStatus.ACTIVE
    assert len(store.history(pkh, KK1)) == 3
    with pytest.raises(RecordNotFoundError):
        store.record_status(
            change(
                BUDI.nik.__class__("3171010101900009"),
                EnrolmentStatus.ACTIVE,
                date(2019, 1, 1),
                date(2019, 1, 1),
            )
        )


def _failing_batch(store: RegistryStore) -> None:
    with store.transaction():
        store.add_person(SITI)
        store.add_family(Family(KK1, JAKARTA))
        store.add_person(BUDI)


def _failing_inner(store: RegistryStore) -> None:
    with store.transaction():
        store.add_person(ANI)
        store.add_person(ANI)


def test_transaction_rolls_back_everything(store: RegistryStore) -> None:
    store.add_person(BUDI)
    with pytest.raises(RegistryConflictError):
        _failing_batch(store)
    assert store.count_persons() == 1
    with pytest.raises(RecordNotFoundError):
        store.get_family(KK1)
    with store.transaction():
        store.add_person(SITI)
        with pytest.raises(RegistryConflictError):
            _failing_inner(store)
    assert {p.nik for p in store.persons()} == {BUDI.nik, SITI.nik}


def test_a_sqlite_store_says_whether_a_transaction_is_open() -> None:
    with SQLiteStore() as s:
        assert not s.in_transaction
        with s.transaction():
            assert s.in_transaction
            with s.transaction():
                assert s.in_transaction
            assert s.in_transaction
        assert not s.in_transaction
        with pytest.raises(RegistryConflictError):
            _failing_inner(s)
        assert not s.in_transaction and s.count_persons() == 0


def test_an_unchecked_transaction_skips_foreign_keys_only_when_outermost() -> None:
    insert = "INSERT INTO membership (no_kk, nik, relationship, start_date) VALUES (?, ?, ?, ?)"
    row = (int(KK1.reveal()), int(BUDI.nik.reveal()), "kepala_keluarga", "2020-01-01")

    def foreign_keys(s: SQLiteStore) -> int:
        return int(s.connection.execute("PRAGMA foreign_keys").fetchone()[0])

    with SQLiteStore() as s:
        with s.unchecked_transaction():
            assert s.in_transaction and foreign_keys(s) == 0
            s.connection.execute(insert, row)  # no person, no family: not checked
        assert foreign_keys(s) == 1 and len(list(s.memberships())) == 1
        with pytest.raises(RegistryConflictError), s.unchecked_transaction():
            raise RegistryConflictError("test", "rolled back")
        assert foreign_keys(s) == 1 and not s.in_transaction
        with s.transaction(), s.unchecked_transaction():
            assert foreign_keys(s) == 1  # inside a caller's transaction the checks stay on
            with pytest.raises(sqlite3.IntegrityError):
                s.connection.execute(insert, (row[0] + 1, *row[1:]))


def test_iteration_order(store: RegistryStore) -> None:
    _family(store)
    assert [p.nik.reveal() for p in store.persons()] == sorted(
        p.nik.reveal() for p in [BUDI, SITI, ANI, KAKEK]
    )
    assert [f.no_kk for f in store.families()] == [KK1, KK2]
    assert len(list(store.memberships())) == 4


def test_sqlite_schema_pragmas_and_persistence(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    with SQLiteStore(path) as s:
        assert s.schema_version == SCHEMA_VERSION
        s.add_person(BUDI)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"membership_family", "membership_person", "status_change_subject"} <= indexes
    db.close()
    with SQLiteStore(path) as s:
        assert s.get_person(BUDI.nik) == BUDI
        fk = s.connection.execute("PRAGMA foreign_keys").fetchone()[0]
        assert fk == 1


def test_a_new_file_gets_large_pages_and_an_old_file_keeps_its_own(tmp_path: Path) -> None:
    from dayasos.registry.sqlite_connection import PAGE_SIZE, WAL_CHECKPOINT_KIB

    def pragmas(s: SQLiteStore) -> tuple[int, int]:
        db = s.connection
        size = db.execute("PRAGMA page_size").fetchone()[0]
        return size, db.execute("PRAGMA wal_autocheckpoint").fetchone()[0]

    with SQLiteStore(tmp_path / "new.db") as s:
        s.add_person(BUDI)
        assert pragmas(s) == (PAGE_SIZE, WAL_CHECKPOINT_KIB * 1024 // PAGE_SIZE)
    old = tmp_path / "old.db"
    db = sqlite3.connect(old)
    db.execute("PRAGMA page_size = 4096")
    db.execute("VACUUM")  # an empty file of 4 KiB pages, as registries were made before
    db.close()
    with SQLiteStore(old) as s:
        s.add_person(BUDI)
    with SQLiteStore(old) as s:  # opened again: the pages stay as the file has them
        assert s.get_person(BUDI.nik) == BUDI
        assert pragmas(s) == (4096, WAL_CHECKPOINT_KIB * 1024 // 4096)


def test_sqlite_refuses_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(RegistryFileError, match="schema version"):
        SQLiteStore(path)


def test_bulk_memberships_need_stored_person_and_family(store: RegistryStore) -> None:
    store.add_persons([BUDI])
    store.add_families([Family(KK1, JAKARTA)])
    with pytest.raises(RecordNotFoundError):
        store.add_memberships(
            [
                Membership(KK1, BUDI.nik, R.KEPALA_KELUARGA, date(2009, 1, 5)),
                Membership(KK1, SITI.nik, R.ISTRI, date(2009, 1, 5)),
            ]
        )
    assert list(store.memberships()) == []
    with pytest.raises(RecordNotFoundError):
        store.add_memberships([Membership(KK2, BUDI.nik, R.KEPALA_KELUARGA, date(2009, 1, 5))])


@given(
    st.lists(st.tuples(st.sampled_from([0, 1]), st.integers(1, 10), st.integers(0, 9)), max_size=5),
    st.lists(
        st.tuples(
            st.sampled_from([0, 1]),
            st.sampled_from(list(EnrolmentStatus)),
            st.integers(0, 9),
            st.integers(0, 9),
        ),
        max_size=5,
    ),
    st.integers(0, 9),
)
def test_the_plain_column_read_agrees_with_rank_on_and_status_on(
    ranks: list[tuple[int, int, int]],
    changes: list[tuple[int, EnrolmentStatus, int, int]],
    day: int,
) -> None:
    start = date(2021, 1, 1)
    on = start + timedelta(days=day)
    families = (KK1, KK2)
    with SQLiteStore() as s:
        _family(s)
        s.add_membership(Membership(KK2, KAKEK.nik, R.KEPALA_KELUARGA, start))
        for f, desil, d in ranks:
            s.record_rank(WelfareRank(families[f], desil, start + timedelta(days=d)))
        for f, status, eff, rec in changes:
            s.record_status(
                StatusChange(
                    Programme.PKH,
                    families[f],
                    status,
                    start + timedelta(days=eff),
                    start + timedelta(days=rec),
                )
            )
        cols = s.read_columns_revealed(on, Programme.PKH)
        assert cols["family"] == [int(k.reveal()) for k in families]
        assert cols["no_kk"] == [int(KK1.reveal())] * 3 + [int(KK2.reveal())]
        for i, k in enumerate(families):
            rank = s.rank_on(k, on)
            status = s.status_on(Programme.PKH, k, on)
            assert cols["desil"][i] == (0 if rank is None else rank.desil)
            assert cols["status"][i] == ("" if status is None else status.value)
        with pytest.raises(ValidationError, match="on"):
            s.read_columns_revealed(datetime(2021, 1, 1, 12), Programme.PKH)  # type: ignore[arg-type]
