"""The :class:`RegistryStore` protocol and the in-memory reference store.

Every store keeps the same rules (the contract test suite holds both implementations to them):

* a NIK and a No. KK are unique; adding one twice raises
  :class:`~dayasos.errors.RegistryConflictError`;
* a membership needs a stored person and family; a person's memberships of one family never
  overlap, and a family never has two heads on the same day;
* welfare ranks and status changes are append-only; the one in force at a date is the latest
  on or before it, by the one rule of :mod:`dayasos.registry.in_force`;
* a write either happens whole or not at all; :meth:`RegistryStore.transaction` groups writes
  into one all-or-nothing unit;
* a store is used by one thread: :class:`MemoryStore` is not locked (share it between
  threads only with your own lock), :class:`~dayasos.registry.SQLiteStore` raises
  :class:`~dayasos.errors.StoreThreadError` when used from a thread other than the one that
  opened it (open one per thread on the same file).

Examples:
    >>> from datetime import date
    >>> from dayasos.categories import Relationship, Sex
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
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

from dayasos.categories import Programme
from dayasos.errors import RecordNotFoundError, RegistryConflictError, ValidationError
from dayasos.registry.identity import Finding, Nik, NoKK, RegionCode
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

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["MemoryStore", "RegistryStore", "family_findings"]


@runtime_checkable
class RegistryStore(Protocol):
    """What every registry store offers. Domain code depends on this protocol only."""

    def transaction(self) -> AbstractContextManager[None]:
        """A context in which all writes happen together or, on an exception, not at all."""
        ...

    def add_person(self, person: Person) -> None:
        """Store a new person; a stored NIK raises RegistryConflictError."""
        ...

    def add_persons(self, persons: Iterable[Person]) -> int:
        """Store many new persons at once (all or none); returns how many."""
        ...

    def get_person(self, nik: Nik) -> Person:
        """The person with this NIK; RecordNotFoundError if none."""
        ...

    def find_person(self, nik: Nik) -> Person | None:
        """The person with this NIK, or ``None``."""
        ...

    def add_family(self, family: Family) -> None:
        """Store a new family; a stored No. KK raises RegistryConflictError."""
        ...

    def add_families(self, families: Iterable[Family]) -> int:
        """Store many new families at once (all or none); returns how many."""
        ...

    def get_family(self, no_kk: NoKK) -> Family:
        """The family with this No. KK; RecordNotFoundError if none."""
        ...

    def add_membership(self, membership: Membership) -> None:
        """Store a membership (person and family must exist; no overlap, one head a day)."""
        ...

    def add_memberships(self, memberships: Iterable[Membership]) -> int:
        """Store many memberships at once (all or none); returns how many."""
        ...

    def end_membership(self, no_kk: NoKK, nik: Nik, end: date) -> Membership:
        """End the open membership of ``nik`` in ``no_kk`` on ``end`` (exclusive); returns it."""
        ...

    def members_on(self, no_kk: NoKK, on: date) -> tuple[Membership, ...]:
        """The memberships of the family in force on ``on``, ordered by NIK."""
        ...

    def memberships_of(self, nik: Nik) -> tuple[Membership, ...]:
        """Every membership of the person, ordered by start date and No. KK."""
        ...

    def head_on(self, no_kk: NoKK, on: date) -> Nik | None:
        """The head of the family on ``on``, or ``None`` when no head is recorded."""
        ...

    def record_rank(self, rank: WelfareRank) -> None:
        """Append a welfare rank of a stored family."""
        ...

    def rank_on(self, no_kk: NoKK, on: date) -> WelfareRank | None:
        """The rank in force on ``on``: the latest recorded on or before it."""
        ...

    def record_status(self, change: StatusChange) -> None:
        """Append a status change for a stored family or person."""
        ...

    def status_on(
        self, programme: Programme, subject: Subject, on: date, known_on: date | None = None
    ) -> EnrolmentStatus | None:
        """The enrolment status in force on ``on`` (as recorded by ``known_on`` if given)."""
        ...

    def history(self, programme: Programme, subject: Subject) -> tuple[StatusChange, ...]:
        """The status changes of one enrolment, in the order they were appended."""
        ...

    def families_with_status(
        self,
        programme: Programme,
        on: date,
        status: EnrolmentStatus = EnrolmentStatus.ACTIVE,
        region: RegionCode | None = None,
    ) -> tuple[NoKK, ...]:
        """The families (KPM) whose status in the programme on ``on`` is ``status``, living in
        ``region`` (any level) if given, ordered by No. KK."""
        ...

    def persons(self) -> Iterator[Person]:
        """Every person, ordered by NIK."""
        ...

    def families(self) -> Iterator[Family]:
        """Every family, ordered by No. KK."""
        ...

    def memberships(self) -> Iterator[Membership]:
        """Every membership, ordered by No. KK, NIK and start."""
        ...

    def ranks(self) -> Iterator[WelfareRank]:
        """Every welfare rank, in the order appended."""
        ...

    def status_changes(self) -> Iterator[StatusChange]:
        """Every status change, in the order appended."""
        ...

    def member_columns(self, on: date, programme: Programme) -> dict[str, npt.NDArray[Any]]:
        """The members in force on ``on`` and their families, as numpy columns (needs numpy).

        The read behind :func:`dayasos.population.population_from_registry`. The ``no_kk``
        column holds the **unmasked** No. KK numbers: keep them inside the process.

        Returns:
            Per member (ordered by No. KK, then NIK): ``family`` (row of the family),
            ``birth`` (days since 1970-01-01), ``sex``, ``disability``, ``school`` (indexes
            in the declaration order of :class:`~dayasos.categories.Sex`,
            :class:`~dayasos.categories.DisabilitySeverity`,
            :class:`~dayasos.categories.SchoolLevel`), ``pregnant`` (a pregnancy due on or
            after ``on``). Per family with a member, in No. KK order: ``no_kk`` (int64),
            ``province`` (the region's first two digits), ``desil`` (the rank in force, 0 if
            none) and ``status`` (index in :class:`EnrolmentStatus` declaration order of the
            ``programme`` status in force, -1 if none).
        """
        ...

    def count_persons(self) -> int:
        """How many persons are stored."""
        ...


def family_findings(store: RegistryStore, no_kk: NoKK, on: date) -> tuple[Finding, ...]:
    """Findings about a family on a date: members but no head (the store already refuses two)."""
    members = store.members_on(no_kk, on)
    if members and not any(m.relationship.is_head for m in members):
        return (Finding("relationship", f"family {no_kk} has members but no head on {on}"),)
    return ()


def check_new_membership(existing: Iterable[Membership], new: Membership) -> None:
    """Raise RegistryConflictError if ``new`` overlaps a membership of the same person in the
    family, or makes a second head on some day. ``existing`` are the family's memberships."""
    for m in existing:
        if not m.overlaps(new):
            continue
        if m.nik == new.nik:
            raise RegistryConflictError(
                "membership", f"{new.nik} already has an overlapping membership in {new.no_kk}"
            )
        if m.relationship.is_head and new.relationship.is_head:
            raise RegistryConflictError(
                "membership", f"family {new.no_kk} already has a head on some of these dates"
            )


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
        if m.nik not in self._persons:
            raise RecordNotFoundError("person", str(m.nik))
        if m.no_kk not in self._families:
            raise RecordNotFoundError("family", str(m.no_kk))
        existing = [*self._by_family.get(m.no_kk, ()), *(p for p in pending if p.no_kk == m.no_kk)]
        check_new_membership(existing, m)

    def _insert_membership(self, m: Membership) -> None:
        self._by_family.setdefault(m.no_kk, []).append(m)
        self._by_person.setdefault(m.nik, []).append(m)

    def add_membership(self, membership: Membership) -> None:
        expect(membership, Membership, "membership")
        self._check_membership(membership)
        self._insert_membership(membership)

    def add_memberships(self, memberships: Iterable[Membership]) -> int:
        batch = list(expect_each(memberships, Membership, "memberships"))
        for i, m in enumerate(batch):
            self._check_membership(m, batch[:i])
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
        expect(programme, Programme, "programme")
        expect(subject, (NoKK, Nik), "subject")
        expect(on, date, "on")
        if known_on is not None:
            expect(known_on, date, "known_on")
        return status_in_force(list(self.history(programme, subject)), on, known_on)

    def families_with_status(
        self,
        programme: Programme,
        on: date,
        status: EnrolmentStatus = EnrolmentStatus.ACTIVE,
        region: RegionCode | None = None,
    ) -> tuple[NoKK, ...]:
        expect(programme, Programme, "programme")
        expect(on, date, "on")
        expect(status, EnrolmentStatus, "status")
        if region is not None:
            expect(region, RegionCode, "region")
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
