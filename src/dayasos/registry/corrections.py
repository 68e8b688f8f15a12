"""Corrections with an audit trail: persons and families are corrected through explicit
operations that append to an audit log (who, when, why, the old and the new value) and
update the current record; nothing is rewritten silently.

* :func:`correct_person`: name (a typo), school level (a new school year), disability,
  pregnancy, birth date or sex;
* :func:`move_family`: the family's region after a move;
* :func:`audit_trail`: every entry about a person or family, in the order recorded;
* :func:`person_known_on` / :func:`family_known_on`: what the registry said about a person
  or family on a date: the values as first stored, with every correction recorded on or
  before that date applied in the order recorded. One date, one answer.

The log keeps full old and new values (the known-on answer needs them); every rendering
(``repr``, ``str``) masks names, and the key is a masked NIK or No. KK. A record added to the
store after the date is still answered (the registry does not record when rows were added:
the answer is "as first stored, with the corrections known then").

Examples:
    >>> from datetime import date, datetime, timezone
    >>> from dayasos.categories import SchoolLevel, Sex
    >>> from dayasos.registry import Nik, Person, SQLiteStore
    >>> with SQLiteStore() as store:
    ...     nik = Nik.parse("3171014103150003")
    ...     store.add_person(Person(nik, "Ani Lestary", date(2015, 3, 1), Sex.PEREMPUAN))
    ...     _ = correct_person(store, nik, who="petugas-1", why="ejaan nama di KK",
    ...                        effective=date(2021, 7, 1), name="Ani Lestari",
    ...                        school_level=SchoolLevel.SD,
    ...                        at=datetime(2021, 7, 5, tzinfo=timezone.utc))
    ...     print(audit_trail(store, nik)[0])
    ...     print(person_known_on(store, nik, date(2021, 7, 4)).name,
    ...           store.get_person(nik).name)
    2021-07-05 petugas-1: person 3171********0003 name A*** L*** -> A*** L*** from 2021-07-01 (ejaan nama di KK)
    Ani Lestary Ani Lestari
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, Final

import attrs
from attrs import define

from dayasos.categories import DisabilitySeverity, SchoolLevel, Sex
from dayasos.errors import ValidationError
from dayasos.registry.identity import Nik, NoKK, RegionCode, mask_name
from dayasos.registry.model import Family, Person
from dayasos.registry.sqlite import SQLiteStore

__all__ = [
    "PERSON_FIELDS",
    "AuditEntry",
    "audit_trail",
    "correct_person",
    "family_known_on",
    "move_family",
    "person_known_on",
]

PERSON_FIELDS: Final = ("name", "birth_date", "sex", "disability", "pregnancy_due", "school_level")
"""The person fields a correction can change (the NIK is the identity and never changes)."""

_PERSONAL: Final = frozenset({"name"})


def _masked(field_name: str, value: str | None) -> str:
    if value is None:
        return "-"
    return mask_name(value) if field_name in _PERSONAL else value


@define(frozen=True, slots=True)
class AuditEntry:
    """One correction of one field.

    Attributes:
        seq: the position in the log.
        subject: the person (NIK) or family (No. KK) corrected (masked when shown).
        field: the field.
        old, new: the stored values before and after (text; ``None`` for none); names are
            masked in ``repr`` and ``str``.
        who: who made the correction.
        recorded: when it was entered.
        effective: the date from which the new value holds.
        why: the reason given.
    """

    seq: int
    subject: Nik | NoKK
    field: str
    old: str | None = attrs.field(repr=False)
    new: str | None = attrs.field(repr=False)
    who: str
    recorded: datetime
    effective: date
    why: str

    def __str__(self) -> str:
        kind = "person" if isinstance(self.subject, Nik) else "family"
        return (
            f"{self.recorded.date().isoformat()} {self.who}: {kind} {self.subject} {self.field} "
            f"{_masked(self.field, self.old)} -> {_masked(self.field, self.new)} "
            f"from {self.effective.isoformat()} ({self.why})"
        )


def _stored(field_name: str, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, DisabilitySeverity | SchoolLevel | Sex):
        return str(value.code)
    return str(value)


def _check_who(who: str, why: str) -> None:
    if not isinstance(who, str) or not who.strip():
        raise ValidationError("who", "must name who makes the correction")
    if not isinstance(why, str) or not why.strip():
        raise ValidationError("why", "must give the reason for the correction")


def _log(
    store: SQLiteStore,
    entity: str,
    key: int,
    changes: list[tuple[str, str | None, str | None]],
    who: str,
    why: str,
    effective: date,
    at: datetime | None,
) -> list[int]:
    when = (at or datetime.now(UTC)).isoformat()
    seqs = []
    for name, old, new in changes:
        cur = store.connection.execute(
            "INSERT INTO audit_log (entity, key, field, old, new, who, recorded, effective, why) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (entity, key, name, old, new, who.strip(), when, effective.isoformat(), why.strip()),
        )
        seqs.append(int(cur.lastrowid or 0))
    return seqs


def correct_person(
    store: SQLiteStore,
    nik: Nik,
    *,
    who: str,
    why: str,
    effective: date,
    at: datetime | None = None,
    **changes: Any,
) -> tuple[AuditEntry, ...]:
    """Correct fields of a person (:data:`PERSON_FIELDS`), one audit entry per field that
    changes; a field given with its current value changes nothing (no entry).

    Args:
        store: the registry.
        nik: the person.
        who: who makes the correction (an officer's id).
        why: the reason (e.g. "ejaan nama di KK", "tahun ajaran 2021/2022").
        effective: the date from which the new values hold.
        at: when the correction is entered (default now, UTC).
        **changes: the new values (``name="..."``, ``school_level=SchoolLevel.SMP``...).

    Returns:
        The entries appended, in order.

    Raises:
        RecordNotFoundError: the person is not in the store.
        ValidationError: an unknown field, an empty who or why, or a value the person record
            rejects (e.g. a pregnancy for a man); nothing is changed.
    """
    _check_who(who, why)
    unknown = sorted(set(changes) - set(PERSON_FIELDS))
    if unknown:
        raise ValidationError("changes", f"cannot correct {unknown}; fields: {PERSON_FIELDS}")
    with store.transaction():
        current = store.get_person(nik)
        updated: Person = attrs.evolve(current, **changes)
        diffs: list[tuple[str, str | None, str | None]] = [
            (f, _stored(f, getattr(current, f)), _stored(f, getattr(updated, f)))
            for f in PERSON_FIELDS
            if f in changes and getattr(current, f) != getattr(updated, f)
        ]
        for f, _, new in diffs:  # f is one of PERSON_FIELDS: the column of the same name
            store.connection.execute(
                f"UPDATE person SET {f} = ? WHERE nik = ?", (new, int(nik.reveal()))
            )
        seqs = set(_log(store, "person", int(nik.reveal()), diffs, who, why, effective, at))
    return tuple(e for e in audit_trail(store, nik) if e.seq in seqs)


def move_family(
    store: SQLiteStore,
    no_kk: NoKK,
    region: RegionCode,
    *,
    who: str,
    why: str,
    effective: date,
    at: datetime | None = None,
) -> AuditEntry | None:
    """Record that a family moved to ``region`` (an audit entry; ``None`` when it is already
    there).

    Raises:
        RecordNotFoundError: the family is not in the store.
        ValidationError: an empty who or why.
    """
    _check_who(who, why)
    if not isinstance(region, RegionCode):
        raise ValidationError("region", "must be a RegionCode")
    with store.transaction():
        current = store.get_family(no_kk)
        if current.region == region:
            return None
        store.connection.execute(
            "UPDATE family SET region = ? WHERE no_kk = ?", (region.digits, int(no_kk.reveal()))
        )
        _log(
            store,
            "family",
            int(no_kk.reveal()),
            [("region", current.region.digits, region.digits)],
            who,
            why,
            effective,
            at,
        )
    return audit_trail(store, no_kk)[-1]


def audit_trail(store: SQLiteStore, subject: Nik | NoKK) -> tuple[AuditEntry, ...]:
    """Every audit entry about a person (NIK) or family (No. KK), in the order recorded."""
    entity = "person" if isinstance(subject, Nik) else "family"
    rows = store.connection.execute(
        "SELECT seq, field, old, new, who, recorded, effective, why FROM audit_log "
        "WHERE entity = ? AND key = ? ORDER BY seq",
        (entity, int(subject.reveal())),
    ).fetchall()
    return tuple(
        AuditEntry(
            r[0],
            subject,
            r[1],
            r[2],
            r[3],
            r[4],
            datetime.fromisoformat(r[5]),
            date.fromisoformat(r[6]),
            r[7],
        )
        for r in rows
    )


def _value(field_name: str, text: str | None) -> Any:
    if text is None:
        return None
    if field_name in ("birth_date", "pregnancy_due"):
        return date.fromisoformat(text)
    if field_name == "sex":
        return Sex.parse(text)
    if field_name == "disability":
        return DisabilitySeverity.parse(text)
    if field_name == "school_level":
        return SchoolLevel.parse(text)
    return text


def _known(entries: tuple[AuditEntry, ...], current: dict[str, Any], on: date) -> dict[str, Any]:
    values = dict(current)
    for e in reversed(entries):  # back to the values as first stored
        values[e.field] = _value(e.field, e.old)
    for e in entries:  # then every correction known on the date, in the order recorded
        if e.recorded.date() <= on:
            values[e.field] = _value(e.field, e.new)
    return values


def person_known_on(store: SQLiteStore, nik: Nik, on: date) -> Person:
    """The person as the registry knew them on ``on``: as first stored, with the corrections
    recorded on or before ``on`` applied in order.

    Raises:
        RecordNotFoundError: the person is not in the store.
    """
    current = store.get_person(nik)
    values = _known(audit_trail(store, nik), {f: getattr(current, f) for f in PERSON_FIELDS}, on)
    return Person(nik, **values)


def family_known_on(store: SQLiteStore, no_kk: NoKK, on: date) -> Family:
    """The family (its region) as the registry knew it on ``on``.

    Raises:
        RecordNotFoundError: the family is not in the store.
    """
    current = store.get_family(no_kk)
    values = _known(audit_trail(store, no_kk), {"region": current.region.digits}, on)
    return Family(no_kk, RegionCode(values["region"]))
