"""The registry's records: persons, families, dated memberships, welfare ranks and programme
enrolment status changes.

All records are frozen values. Dates follow one convention: a membership (and any span) is
in force from its ``start`` **inclusive** to its ``end`` **exclusive**; ``end=None`` is open.
A death on 2021-03-10 ends the membership with ``end=date(2021, 3, 10)``: the person is no
longer a member on that day.

Names are personal data: ``repr`` shows them masked (``S*** A***``).

Examples:
    >>> from datetime import date
    >>> from dayasos.categories import Relationship
    >>> m = Membership(NoKK.parse("3171012009000001"), Nik.parse("3171011708450001"),
    ...                Relationship.KEPALA_KELUARGA, date(2009, 1, 5))
    >>> m.active_on(date(2020, 7, 1))
    True
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from attrs import define, field
from attrs.validators import optional

from dayasos._validators import int_in_range, non_empty_text
from dayasos.categories import DisabilitySeverity, Programme, Relationship, SchoolLevel, Sex
from dayasos.errors import ValidationError
from dayasos.registry.identity import Finding, Nik, NoKK, RegionCode, mask_name
from dayasos.registry.in_force import STATUS_IN_FORCE

__all__ = [
    "EnrolmentStatus",
    "Family",
    "Membership",
    "Person",
    "StatusChange",
    "Subject",
    "SubjectKind",
    "WelfareRank",
    "status_in_force",
]


def expect(value: Any, cls: type | tuple[type, ...], name: str) -> None:
    """Raise :class:`~dayasos.errors.ValidationError` naming ``name`` unless ``value`` is a
    ``cls``. A ``datetime`` is not a ``date`` here (its time would be dropped silently), and a
    ``bool`` is not an ``int``. Used by the stores to check their arguments."""
    classes = cls if isinstance(cls, tuple) else (cls,)
    ok = isinstance(value, classes)
    if ok and date in classes and isinstance(value, datetime):
        ok = False
    if ok and int in classes and isinstance(value, bool):
        ok = False
    if not ok:
        want = " or ".join(c.__name__ for c in classes)
        raise ValidationError(name, f"must be a {want}, not {type(value).__name__}")


def _instance_of(name: str, cls: type | tuple[type, ...]) -> Any:
    def check(_: Any, __: Any, value: Any) -> None:
        expect(value, cls, name)

    return check


def _optional_date(name: str) -> Any:
    return optional(_instance_of(name, date))


@define(frozen=True, slots=True)
class Person:
    """A person of the registry.

    Attributes:
        nik: the identity number (unique in a store).
        name: full name (shown masked in ``repr``).
        birth_date: the stated birth date.
        sex: the stated sex.
        disability: disability severity (``NONE`` when there is none).
        pregnancy_due: expected delivery date when pregnant, else ``None``.
        school_level: the school level the person is enrolled at (``NONE`` when not enrolled).
    """

    nik: Nik = field(validator=_instance_of("nik", Nik))
    name: str = field(validator=non_empty_text("name"), repr=mask_name)
    birth_date: date = field(validator=_instance_of("birth_date", date))
    sex: Sex = field(validator=_instance_of("sex", Sex))
    disability: DisabilitySeverity = field(
        default=DisabilitySeverity.NONE, validator=_instance_of("disability", DisabilitySeverity)
    )
    pregnancy_due: date | None = field(default=None, validator=_optional_date("pregnancy_due"))
    school_level: SchoolLevel = field(
        default=SchoolLevel.NONE, validator=_instance_of("school_level", SchoolLevel)
    )

    def __attrs_post_init__(self) -> None:
        if self.pregnancy_due is not None and self.sex is not Sex.PEREMPUAN:
            raise ValidationError("pregnancy_due", "only a woman can be recorded as pregnant")

    @property
    def is_disabled(self) -> bool:
        """Whether a disability of any severity is recorded."""
        return self.disability is not DisabilitySeverity.NONE

    def pregnant_on(self, on: date) -> bool:
        """Whether a pregnancy is recorded with its expected date on or after ``on``."""
        return self.pregnancy_due is not None and on <= self.pregnancy_due

    def findings(self) -> tuple[Finding, ...]:
        """Where the NIK disagrees with the stated birth date and sex (see :meth:`Nik.check`)."""
        return self.nik.check(self.birth_date, self.sex)


@define(frozen=True, slots=True)
class Family:
    """A family (Kartu Keluarga): its number and the region where it lives."""

    no_kk: NoKK = field(validator=_instance_of("no_kk", NoKK))
    region: RegionCode = field(validator=_instance_of("region", RegionCode))


@define(frozen=True, slots=True)
class Membership:
    """A person's membership of a family, with the relationship to the head, from ``start``
    (inclusive) to ``end`` (exclusive; ``None`` while it lasts)."""

    no_kk: NoKK = field(validator=_instance_of("no_kk", NoKK))
    nik: Nik = field(validator=_instance_of("nik", Nik))
    relationship: Relationship = field(validator=_instance_of("relationship", Relationship))
    start: date = field(validator=_instance_of("start", date))
    end: date | None = field(default=None, validator=_optional_date("end"))

    def __attrs_post_init__(self) -> None:
        if self.end is not None and self.end <= self.start:
            raise ValidationError("end", "must be after start (the end date is exclusive)")

    def active_on(self, on: date) -> bool:
        """Whether the membership is in force on ``on``."""
        return self.start <= on and (self.end is None or on < self.end)

    def overlaps(self, other: Membership) -> bool:
        """Whether the two spans share at least one day."""
        a_end = self.end or date.max
        b_end = other.end or date.max
        return self.start < b_end and other.start < a_end


@define(frozen=True, slots=True)
class WelfareRank:
    """A family's DTKS/DTSEN welfare decile (1 poorest .. 10) recorded on a date.

    The rank in force at a date is the one with the latest ``recorded`` date on or before it.
    """

    no_kk: NoKK = field(validator=_instance_of("no_kk", NoKK))
    desil: int = field(validator=int_in_range("desil", 1, 10))
    recorded: date = field(validator=_instance_of("recorded", date))


class EnrolmentStatus(enum.Enum):
    """The status of an enrolment in a programme.

    A deliberately small, general set of values: the registry only stores and queries them.
    Which transitions are allowed is the business of a programme's lifecycle (the PKH state
    machine comes in a later module and uses these values as its states); the registry accepts
    any sequence of changes, appended in order.
    """

    CANDIDATE = "candidate"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    GRADUATED_ALAMIAH = "graduated_alamiah"
    """Left because no member meets a component any more (graduasi alamiah)."""
    GRADUATED_SEJAHTERA_MANDIRI = "graduated_sejahtera_mandiri"
    """Left because the family became self-reliant (graduasi sejahtera mandiri)."""
    TERMINATED = "terminated"
    """Left for another reason (death, moving out, false data; PKH: dihentikan)."""
    CANCELLED = "cancelled"
    """Cancelled after a suspension whose commitments stayed unmet (PKH: dibatalkan)."""


class SubjectKind(enum.Enum):
    """Who an enrolment is for: a family (KPM) or a person."""

    FAMILY = "family"
    PERSON = "person"


Subject = NoKK | Nik
"""An enrolment is for a family (by its No. KK) or for a person (by NIK)."""


@define(frozen=True, slots=True)
class StatusChange:
    """One entry of the append-only enrolment history.

    Attributes:
        programme: the programme from the catalogue.
        subject: the family (No. KK) or person (NIK) enrolled.
        status: the new status.
        effective: the date from which the status holds.
        recorded: the date the change was entered (a late correction has ``recorded`` after
            ``effective``).
        reason: why the status changed (a reason code or a text).
        basis: the legal basis cited for the change, when it has one of its own (``""``:
            none given).
        note: a free-text note (``""``: none).
    """

    programme: Programme = field(validator=_instance_of("programme", Programme))
    subject: Subject = field(validator=_instance_of("subject", (NoKK, Nik)))
    status: EnrolmentStatus = field(validator=_instance_of("status", EnrolmentStatus))
    effective: date = field(validator=_instance_of("effective", date))
    recorded: date = field(validator=_instance_of("recorded", date))
    reason: str = field(default="", validator=_instance_of("reason", str))
    basis: str = field(default="", validator=_instance_of("basis", str))
    note: str = field(default="", validator=_instance_of("note", str))

    @property
    def subject_kind(self) -> SubjectKind:
        """Whether the subject is a family or a person."""
        return SubjectKind.FAMILY if isinstance(self.subject, NoKK) else SubjectKind.PERSON


def status_in_force(
    changes: list[StatusChange], on: date, known_on: date | None = None
) -> EnrolmentStatus | None:
    """The status in force on ``on`` from a history in append order: the change with the latest
    ``effective`` date on or before ``on``; ties go to the later ``recorded`` date, then to the
    later entry. With ``known_on``, only changes recorded on or before that date count (what the
    registry said then). The rule is :data:`~dayasos.registry.in_force.STATUS_IN_FORCE`."""
    change = STATUS_IN_FORCE.pick(changes, on, known_on)
    return None if change is None else change.status


def expect_each(values: Iterable[Any], cls: type, name: str) -> Iterator[Any]:
    """The items of ``values``, each checked with :func:`expect` (the error names the item's
    index); a ``values`` that is not iterable is an error naming ``name``."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise ValidationError(name, f"must be an iterable of {cls.__name__}")
    for i, v in enumerate(values):
        try:
            expect(v, cls, name)
        except ValidationError as exc:
            raise exc.at(i) from None
        yield v
