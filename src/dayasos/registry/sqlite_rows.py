"""How the SQLite registry stores its values: the column lists of the tables and the
conversions between a row and a registry value. NIK and No. KK are 64-bit integers (the full
numbers: these functions are the store's own reveal), dates ISO text, categories their codes.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from dayasos.categories import DisabilitySeverity, Programme, Relationship, SchoolLevel, Sex
from dayasos.registry.identity import Nik, NoKK, RegionCode
from dayasos.registry.model import (
    EnrolmentStatus,
    Family,
    Membership,
    Person,
    StatusChange,
    Subject,
    SubjectKind,
    WelfareRank,
)

__all__ = [
    "CHANGE_COLUMNS",
    "FAMILY_COLUMNS",
    "MEMBER_COLUMNS",
    "PERSON_COLUMNS",
    "RANK_COLUMNS",
    "change_of_row",
    "change_row",
    "family_of_row",
    "family_row",
    "first_value",
    "member_row",
    "membership_of_row",
    "nik_of",
    "no_kk_of",
    "person_of_row",
    "person_row",
    "placeholders",
    "rank_of_row",
    "rank_row",
    "subject_key",
]

PERSON_COLUMNS: Final = "nik, name, birth_date, sex, disability, pregnancy_due, school_level"
FAMILY_COLUMNS: Final = "no_kk, region"
RANK_COLUMNS: Final = "no_kk, desil, recorded"
MEMBER_COLUMNS: Final = "no_kk, nik, relationship, start_date, end_date"
CHANGE_COLUMNS: Final = (
    "programme, subject_kind, subject, status, effective, recorded, reason, basis, note"
)


def placeholders(columns: str) -> str:
    """The ``?, ?, ...`` of an INSERT into ``columns`` (a comma-separated list)."""
    return ", ".join("?" for _ in columns.split(","))


def first_value(row: tuple[Any, ...]) -> Any:
    """The first value of a row (its key: inserting in key order appends to the B-tree)."""
    return row[0]


def nik_of(key: int) -> Nik:
    """The NIK stored as the integer ``key``."""
    return Nik(f"{key:016d}")


def no_kk_of(key: int) -> NoKK:
    """The No. KK stored as the integer ``key``."""
    return NoKK(f"{key:016d}")


def family_row(f: Family) -> tuple[Any, ...]:
    return (int(f.no_kk.reveal()), f.region.digits)


def family_of_row(row: tuple[Any, ...]) -> Family:
    return Family(no_kk_of(row[0]), RegionCode(row[1]))


def rank_row(r: WelfareRank) -> tuple[Any, ...]:
    return (int(r.no_kk.reveal()), r.desil, r.recorded.isoformat())


def rank_of_row(row: tuple[Any, ...]) -> WelfareRank:
    return WelfareRank(no_kk_of(row[0]), row[1], date.fromisoformat(row[2]))


def person_row(p: Person) -> tuple[Any, ...]:
    return (
        int(p.nik.reveal()),
        p.name,
        p.birth_date.isoformat(),
        p.sex.value,
        p.disability.value,
        None if p.pregnancy_due is None else p.pregnancy_due.isoformat(),
        p.school_level.value,
    )


def person_of_row(row: tuple[Any, ...]) -> Person:
    return Person(
        nik_of(row[0]),
        row[1],
        date.fromisoformat(row[2]),
        Sex.parse(row[3]),
        DisabilitySeverity.parse(row[4]),
        None if row[5] is None else date.fromisoformat(row[5]),
        SchoolLevel.parse(row[6]),
    )


def member_row(m: Membership) -> tuple[Any, ...]:
    return (
        int(m.no_kk.reveal()),
        int(m.nik.reveal()),
        m.relationship.value,
        m.start.isoformat(),
        None if m.end is None else m.end.isoformat(),
    )


def membership_of_row(row: tuple[Any, ...]) -> Membership:
    return Membership(
        no_kk_of(row[0]),
        nik_of(row[1]),
        Relationship.parse(row[2]),
        date.fromisoformat(row[3]),
        None if row[4] is None else date.fromisoformat(row[4]),
    )


def subject_key(subject: Subject) -> tuple[str, int]:
    kind = SubjectKind.FAMILY if isinstance(subject, NoKK) else SubjectKind.PERSON
    return kind.value, int(subject.reveal())


def change_row(c: StatusChange) -> tuple[Any, ...]:
    kind, key = subject_key(c.subject)
    return (
        c.programme.value,
        kind,
        key,
        c.status.value,
        c.effective.isoformat(),
        c.recorded.isoformat(),
        c.reason,
        c.basis,
        c.note,
    )


def change_of_row(row: tuple[Any, ...]) -> StatusChange:
    subject: Subject = no_kk_of(row[2]) if row[1] == SubjectKind.FAMILY.value else nik_of(row[2])
    return StatusChange(
        Programme.parse(row[0]),
        subject,
        EnrolmentStatus(row[3]),
        date.fromisoformat(row[4]),
        date.fromisoformat(row[5]),
        row[6],
        row[7],
        row[8],
    )
