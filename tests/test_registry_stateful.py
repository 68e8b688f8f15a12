"""Stateful tests: random sequences of membership and enrolment writes, checked against a
simple model, for both stores."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from dayasos.categories import Programme, Relationship, Sex
from dayasos.errors import RecordNotFoundError, RegistryConflictError, ValidationError
from dayasos.registry import (
    EnrolmentStatus,
    Family,
    Membership,
    MemoryStore,
    RegionCode,
    RegistryStore,
    SQLiteStore,
    StatusChange,
    status_in_force,
)
from registry_helpers import kk, person

PERSONS = [person(f"P{i}", date(1980, 1, 1 + i), Sex.LAKI_LAKI, i + 1) for i in range(5)]
REGIONS = [RegionCode.parse("31.71.01.1001"), RegionCode.parse("32.73.01.1001")]
FAMILIES = [
    Family(kk(i + 1, "317101" if i % 2 == 0 else "327301"), REGIONS[i % 2]) for i in range(3)
]
BASE = date(2020, 1, 1)
DAYS = 12
days = st.integers(0, DAYS).map(lambda n: BASE + timedelta(days=n))
persons_ = st.sampled_from(PERSONS)
families_ = st.sampled_from(FAMILIES)


class RegistryMachine(RuleBasedStateMachine):
    def make_store(self) -> RegistryStore:
        return MemoryStore()

    def __init__(self) -> None:
        super().__init__()
        self.store = self.make_store()
        self.store.add_persons(PERSONS)
        self.store.add_families(FAMILIES)
        self.members: list[Membership] = []
        self.changes: list[StatusChange] = []

    def _conflicts(self, new: Membership) -> bool:
        for m in self.members:
            if m.no_kk != new.no_kk or not m.overlaps(new):
                continue
            if m.nik == new.nik or (m.relationship.is_head and new.relationship.is_head):
                return True
        return False

    @rule(p=persons_, f=families_, head=st.booleans(), start=days)
    def add_membership(self, p: object, f: Family, head: bool, start: date) -> None:
        rel = Relationship.KEPALA_KELUARGA if head else Relationship.ANAK
        new = Membership(f.no_kk, p.nik, rel, start)  # type: ignore[attr-defined]
        if self._conflicts(new):
            try:
                self.store.add_membership(new)
            except RegistryConflictError:
                return
            raise AssertionError("the store accepted a conflicting membership")
        self.store.add_membership(new)
        self.members.append(new)

    def _open(self, f: Family, nik: object) -> Membership | None:
        for m in self.members:
            if m.no_kk == f.no_kk and m.nik == nik and m.end is None:
                return m
        return None

    @precondition(lambda self: any(m.end is None for m in self.members))
    @rule(i=st.integers(0, 50), end=days)
    def end_open_membership(self, i: int, end: date) -> None:
        open_ = [m for m in self.members if m.end is None]
        m = open_[i % len(open_)]
        family = next(f for f in FAMILIES if f.no_kk == m.no_kk)
        self.end_membership(next(p for p in PERSONS if p.nik == m.nik), family, end)

    @rule(p=persons_, f=families_, end=days)
    def end_membership(self, p: object, f: Family, end: date) -> None:
        nik = p.nik  # type: ignore[attr-defined]
        m = self._open(f, nik)
        if m is None:
            try:
                self.store.end_membership(f.no_kk, nik, end)
            except RecordNotFoundError:
                return
            raise AssertionError("ended a membership that is not open")
        if end <= m.start:
            try:
                self.store.end_membership(f.no_kk, nik, end)
            except ValidationError:
                return
            raise AssertionError("ended a membership before its start")
        self.store.end_membership(f.no_kk, nik, end)
        self.members[self.members.index(m)] = Membership(
            m.no_kk, m.nik, m.relationship, m.start, end
        )

    @rule(p=persons_, src=families_, dst=families_, on=days)
    def move(self, p: object, src: Family, dst: Family, on: date) -> None:
        nik = p.nik  # type: ignore[attr-defined]
        m = self._open(src, nik)
        new = Membership(dst.no_kk, nik, Relationship.FAMILI_LAIN, on)
        if src == dst or m is None or on <= m.start:
            return
        ended = Membership(m.no_kk, m.nik, m.relationship, m.start, on)
        rest = [x for x in self.members if x != m]
        if any(x.no_kk == new.no_kk and x.overlaps(new) and x.nik == nik for x in [*rest, ended]):
            return
        with self.store.transaction():
            self.store.end_membership(src.no_kk, nik, on)
            self.store.add_membership(new)
        self.members = [*rest, ended, new]

    @rule(
        f=families_, status=st.sampled_from(list(EnrolmentStatus)), eff=days, lag=st.integers(0, 30)
    )
    def record_status(self, f: Family, status: EnrolmentStatus, eff: date, lag: int) -> None:
        c = StatusChange(Programme.PKH, f.no_kk, status, eff, eff + timedelta(days=lag), "r")
        self.store.record_status(c)
        self.changes.append(c)

    @invariant()
    def members_agree(self) -> None:
        for f in FAMILIES:
            for n in range(DAYS + 1):
                on = BASE + timedelta(days=n)
                expected = sorted(
                    (m for m in self.members if m.no_kk == f.no_kk and m.active_on(on)),
                    key=lambda m: m.nik.reveal(),
                )
                assert list(self.store.members_on(f.no_kk, on)) == expected
                heads = [m.nik for m in expected if m.relationship.is_head]
                assert len(heads) <= 1
                assert self.store.head_on(f.no_kk, on) == (heads[0] if heads else None)

    @rule(f=families_, on=days, known=st.none() | days)
    def status_agrees(self, f: Family, on: date, known: date | None) -> None:
        mine = [c for c in self.changes if c.subject == f.no_kk]
        assert self.store.status_on(Programme.PKH, f.no_kk, on, known) == status_in_force(
            mine, on, known
        )
        assert list(self.store.history(Programme.PKH, f.no_kk)) == mine

    @rule(on=days, region=st.sampled_from([None, *REGIONS, RegionCode.parse("31")]))
    def active_families_agree(self, on: date, region: RegionCode | None) -> None:
        expected = [
            f.no_kk
            for f in FAMILIES
            if status_in_force([c for c in self.changes if c.subject == f.no_kk], on)
            is EnrolmentStatus.ACTIVE
            and (region is None or f.region.within(region))
        ]
        assert list(self.store.families_with_status(Programme.PKH, on, region=region)) == sorted(
            expected, key=lambda k: k.reveal()
        )


class SQLiteMachine(RegistryMachine):
    def make_store(self) -> RegistryStore:
        return SQLiteStore(":memory:")

    def teardown(self) -> None:
        store = self.store
        assert isinstance(store, SQLiteStore)
        store.close()


_settings = settings(settings(), max_examples=50, stateful_step_count=25)
TestMemoryStoreStateful = RegistryMachine.TestCase
TestMemoryStoreStateful.settings = _settings
TestSQLiteStoreStateful = SQLiteMachine.TestCase
TestSQLiteStoreStateful.settings = _settings
