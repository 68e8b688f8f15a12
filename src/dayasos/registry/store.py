"""The :class:`RegistryStore` protocol and the rules every store keeps (the in-memory
reference store is :mod:`dayasos.registry.memory`).

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
    >>> from dayasos.registry import MemoryStore, SQLiteStore
    >>> isinstance(MemoryStore(), RegistryStore)
    True
    >>> with SQLiteStore() as db:
    ...     isinstance(db, RegistryStore)
    True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from dayasos.categories import Programme
from dayasos.errors import RegistryConflictError
from dayasos.registry.identity import Finding, Nik, NoKK, RegionCode
from dayasos.registry.model import (
    EnrolmentStatus,
    Family,
    Membership,
    Person,
    StatusChange,
    Subject,
    WelfareRank,
    expect,
)

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = [
    "RegistryStore",
    "check_families_query",
    "check_new_membership",
    "check_status_query",
    "family_findings",
]


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
    family, or makes a second head on some day. ``existing`` are the family's memberships, in
    any order: when both hold, the person's overlap is the reason given."""
    overlapping = [m for m in existing if m.overlaps(new)]
    if any(m.nik == new.nik for m in overlapping):
        raise RegistryConflictError(
            "membership", f"{new.nik} already has an overlapping membership in {new.no_kk}"
        )
    if new.relationship.is_head and any(m.relationship.is_head for m in overlapping):
        raise RegistryConflictError(
            "membership", f"family {new.no_kk} already has a head on some of these dates"
        )


def __getattr__(name: str) -> Any:
    # MemoryStore lives in dayasos.registry.memory (which imports this module): its old
    # import path, ``from dayasos.registry.store import MemoryStore``, keeps working
    if name == "MemoryStore":
        from dayasos.registry.memory import MemoryStore

        return MemoryStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def check_status_query(
    programme: Programme, subject: Nik | NoKK, on: date, known_on: date | None
) -> None:
    """The argument checks of ``status_on``, shared by every store: a
    :class:`~dayasos.errors.ValidationError` naming the wrong argument."""
    expect(programme, Programme, "programme")
    expect(subject, (NoKK, Nik), "subject")
    expect(on, date, "on")
    if known_on is not None:
        expect(known_on, date, "known_on")


def check_families_query(
    programme: Programme, on: date, status: EnrolmentStatus, region: RegionCode | None
) -> None:
    """The argument checks of ``families_with_status``, shared by every store."""
    expect(programme, Programme, "programme")
    expect(on, date, "on")
    expect(status, EnrolmentStatus, "status")
    if region is not None:
        expect(region, RegionCode, "region")
