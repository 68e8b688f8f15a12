"""The in-memory registry store: :class:`MemoryStore`, the reference implementation of the
:class:`~dayasos.registry.RegistryStore` protocol (the rules every store keeps are listed at
:mod:`dayasos.registry.store`).

Examples:
    >>> from datetime import date
    >>> from dayasos.categories import Relationship, Sex
    >>> from dayasos.registry import Family, Membership, Nik, NoKK, Person, RegionCode
    >>> store = MemoryStore()
    >>> nik = Nik.parse("3171011708450001")
    >>> kk = NoKK.parse("3171012009000001")
    >>> store.add_person(Person(nik, "Budi Santoso", date(1945, 8, 17), Sex.LAKI_LAKI))
    >>> store.add_family(Family(kk, RegionCode.parse("31.71.01.1001")))
    >>> store.add_membership(Membership(kk, nik, Relationship.KEPALA_KELUARGA, date(2009, 1, 5)))
    >>> store.head_on(kk, date(2020, 7, 1))
    Nik('3171********0001')
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from dayasos.categories import Programme
from dayasos.errors import RecordNotFoundError, RegistryConflictError, ValidationError
from dayasos.registry.identity import Nik, NoKK, RegionCode
from dayasos.registry.in_force import RANK_IN_FORCE
from dayasos.registry.model import (
    EnrolmentStatus,
    Family,
    Membership,
    Person,
    StatusChange,
    Subject,
    WelfareRank,
    expect,
    expect_each,
    status_in_force,
)
from dayasos.registry.store import check_families_query, check_new_membership, check_status_query

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["MemoryStore"]


def _sort_key_membership(m: Membership) -> tuple[str, str, date]:
    return (m.no_kk.reveal(), m.nik.reveal(), m.start)


_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")


def _add_unique(
    table: dict[_K, _V], records: Iterable[_V], key: Callable[[_V], _K], kind: str, label: str
) -> int:
    """Add all ``records`` to ``table`` or none: a key already stored or repeated in the batch
    is a :class:`RegistryConflictError` (the key shown masked)."""
    batch = list(records)
    seen: set[_K] = set()
    for r in batch:
        k = key(r)
        if k in table or k in seen:
            raise RegistryConflictError(kind, f"{label} {k} is already stored")
        seen.add(k)
    for r in batch:
        table[key(r)] = r
    return len(batch)


class MemoryStore:
    """The in-memory reference store, for notebooks and tests (nothing is persisted)."""

    def __init__(self) -> None:
        self._persons: dict[Nik, Person] = {}
        self._families: dict[NoKK, Family] = {}
        self._by_family: dict[NoKK, list[Membership]] = {}
        self._by_person: dict[Nik, list[Membership]] = {}
        self._ranks: list[WelfareRank] = []
        self._changes: list[StatusChange] = []
        # indexes of the two append-only logs (kept in append order)
        self._ranks_of: dict[NoKK, list[WelfareRank]] = {}
        self._changes_of: dict[tuple[Programme, Subject], list[StatusChange]] = {}

    def __repr__(self) -> str:
        return f"MemoryStore({len(self._persons)} persons, {len(self._families)} families)"

    # -- transactions ------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside happen together; on an exception the store is restored."""
        saved = (
            dict(self._persons),
            dict(self._families),
            {k: list(v) for k, v in self._by_family.items()},
            {k: list(v) for k, v in self._by_person.items()},
            list(self._ranks),
            list(self._changes),
            {k: list(v) for k, v in self._ranks_of.items()},
            {k: list(v) for k, v in self._changes_of.items()},
        )
        try:
            yield
        except BaseException:
            (
                self._persons,
                self._families,
                self._by_family,
                self._by_person,
                self._ranks,
                self._changes,
                self._ranks_of,
                self._changes_of,
            ) = saved
            raise

    # -- persons and families ----------------------------------------------------------------
    def add_person(self, person: Person) -> None:
        expect(person, Person, "person")
        self.add_persons([person])

    def add_persons(self, persons: Iterable[Person]) -> int:
        checked = expect_each(persons, Person, "persons")
        return _add_unique(self._persons, checked, lambda p: p.nik, "person", "NIK")

    def get_person(self, nik: Nik) -> Person:
        expect(nik, Nik, "nik")
        found = self._persons.get(nik)
        if found is None:
            raise RecordNotFoundError("person", str(nik))
        return found

    def find_person(self, nik: Nik) -> Person | None:
        expect(nik, Nik, "nik")
        return self._persons.get(nik)

    def add_family(self, family: Family) -> None:
        expect(family, Family, "family")
        self.add_families([family])

    def add_families(self, families: Iterable[Family]) -> int:
        checked = expect_each(families, Family, "families")
        return _add_unique(self._families, checked, lambda f: f.no_kk, "family", "No. KK")

    def get_family(self, no_kk: NoKK) -> Family:
        expect(no_kk, NoKK, "no_kk")
        found = self._families.get(no_kk)
        if found is None:
            raise RecordNotFoundError("family", str(no_kk))
        return found

    # -- memberships -------------------------------------------------------------------------
    def _check_membership(self, m: Membership, pending: Iterable[Membership] = ()) -> None:
        """Check ``m`` against the stored memberships of its family and ``pending`` (the
        family's memberships earlier in the same batch)."""
        if m.nik not in self._persons:
            raise RecordNotFoundError("person", str(m.nik))
        if m.no_kk not in self._families:
            raise RecordNotFoundError("family", str(m.no_kk))
        check_new_membership([*self._by_family.get(m.no_kk, ()), *pending], m)

    def _insert_membership(self, m: Membership) -> None:
        self._by_family.setdefault(m.no_kk, []).append(m)
        self._by_person.setdefault(m.nik, []).append(m)

    def add_membership(self, membership: Membership) -> None:
        expect(membership, Membership, "membership")
        self._check_membership(membership)
        self._insert_membership(membership)

    def add_memberships(self, memberships: Iterable[Membership]) -> int:
        batch = list(expect_each(memberships, Membership, "memberships"))
        pending: dict[NoKK, list[Membership]] = {}
        for m in batch:  # per family, so a batch is checked in linear time
            self._check_membership(m, pending.get(m.no_kk, ()))
            pending.setdefault(m.no_kk, []).append(m)
        for m in batch:
            self._insert_membership(m)
        return len(batch)

    def end_membership(self, no_kk: NoKK, nik: Nik, end: date) -> Membership:
        expect(no_kk, NoKK, "no_kk")
        expect(nik, Nik, "nik")
        expect(end, date, "end")
        for m in self._by_family.get(no_kk, ()):
            if m.nik == nik and m.end is None:
                if end <= m.start:
                    raise ValidationError("end", "must be after the membership's start")
                ended = Membership(m.no_kk, m.nik, m.relationship, m.start, end)
                for lst in (self._by_family[no_kk], self._by_person[nik]):
                    lst[lst.index(m)] = ended
                return ended
        raise RecordNotFoundError("open membership", f"{nik} in {no_kk}")

    def members_on(self, no_kk: NoKK, on: date) -> tuple[Membership, ...]:
        expect(no_kk, NoKK, "no_kk")
        expect(on, date, "on")
        found = [m for m in self._by_family.get(no_kk, ()) if m.active_on(on)]
        return tuple(sorted(found, key=lambda m: m.nik.reveal()))

    def memberships_of(self, nik: Nik) -> tuple[Membership, ...]:
        expect(nik, Nik, "nik")
        return tuple(
            sorted(self._by_person.get(nik, ()), key=lambda m: (m.start, m.no_kk.reveal()))
        )

    def head_on(self, no_kk: NoKK, on: date) -> Nik | None:
        expect(no_kk, NoKK, "no_kk")
        expect(on, date, "on")
        for m in self._by_family.get(no_kk, ()):
            if m.relationship.is_head and m.active_on(on):
                return m.nik
        return None

    # -- ranks and enrolment -----------------------------------------------------------------
    def record_rank(self, rank: WelfareRank) -> None:
        expect(rank, WelfareRank, "rank")
        if rank.no_kk not in self._families:
            raise RecordNotFoundError("family", str(rank.no_kk))
        self._ranks.append(rank)
        self._ranks_of.setdefault(rank.no_kk, []).append(rank)

    def rank_on(self, no_kk: NoKK, on: date) -> WelfareRank | None:
        expect(no_kk, NoKK, "no_kk")
        expect(on, date, "on")
        return RANK_IN_FORCE.pick(self._ranks_of.get(no_kk, ()), on)

    def record_status(self, change: StatusChange) -> None:
        expect(change, StatusChange, "change")
        s = change.subject
        if isinstance(s, NoKK) and s not in self._families:
            raise RecordNotFoundError("family", str(s))
        if isinstance(s, Nik) and s not in self._persons:
            raise RecordNotFoundError("person", str(s))
        self._changes.append(change)
        self._changes_of.setdefault((change.programme, change.subject), []).append(change)

    def history(self, programme: Programme, subject: Subject) -> tuple[StatusChange, ...]:
        expect(programme, Programme, "programme")
        expect(subject, (NoKK, Nik), "subject")
        return tuple(
            c
            for c in self._changes_of.get((programme, subject), ())
            if type(c.subject) is type(subject)
        )

    def status_on(
        self, programme: Programme, subject: Subject, on: date, known_on: date | None = None
    ) -> EnrolmentStatus | None:
        check_status_query(programme, subject, on, known_on)
        return status_in_force(list(self.history(programme, subject)), on, known_on)

    def families_with_status(
        self,
        programme: Programme,
        on: date,
        status: EnrolmentStatus = EnrolmentStatus.ACTIVE,
        region: RegionCode | None = None,
    ) -> tuple[NoKK, ...]:
        check_families_query(programme, on, status, region)
        by_family = {
            s: changes
            for (p, s), changes in self._changes_of.items()
            if p is programme and isinstance(s, NoKK)
        }
        out = [
            kk
            for kk, changes in by_family.items()
            if status_in_force(changes, on) is status
            and (region is None or self._families[kk].region.within(region))
        ]
        return tuple(sorted(out, key=lambda k: k.reveal()))

    # -- iteration ---------------------------------------------------------------------------
    def persons(self) -> Iterator[Person]:
        return iter(sorted(self._persons.values(), key=lambda p: p.nik.reveal()))

    def families(self) -> Iterator[Family]:
        return iter(sorted(self._families.values(), key=lambda f: f.no_kk.reveal()))

    def memberships(self) -> Iterator[Membership]:
        every = [m for ms in self._by_family.values() for m in ms]
        return iter(sorted(every, key=_sort_key_membership))

    def ranks(self) -> Iterator[WelfareRank]:
        return iter(list(self._ranks))

    def status_changes(self) -> Iterator[StatusChange]:
        return iter(list(self._changes))

    def member_columns(self, on: date, programme: Programme) -> dict[str, npt.NDArray[Any]]:
        expect(on, date, "on")
        expect(programme, Programme, "programme")
        from dayasos.registry.record_columns import columns_from_records

        return columns_from_records(self, on, programme)

    def count_persons(self) -> int:
        return len(self._persons)
