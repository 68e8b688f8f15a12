"""A status change as named text fields: the one field list and the one conversion in each
direction, shared by the enrolment CSV (:mod:`dayasos.registry.history_csv`) and the registry
JSON (:mod:`dayasos.registry.json_io`). Each format adds only its own rules (a JSON value must
be a JSON string; a CSV file may leave ``subject_kind`` out for families).

Examples:
    >>> from datetime import date
    >>> from dayasos.categories import Programme
    >>> from dayasos.registry import EnrolmentStatus, NoKK, StatusChange
    >>> change = StatusChange(Programme.PKH, NoKK.parse("3171012009000001"),
    ...                       EnrolmentStatus.ACTIVE, date(2019, 1, 1), date(2019, 1, 5))
    >>> fields = change_fields(change)
    >>> fields["subject_kind"], fields["status"], fields["effective"]
    ('family', 'active', '2019-01-01')
    >>> change_of_fields(fields) == change
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from dayasos._textio import iso_date
from dayasos.categories import Programme
from dayasos.errors import CategoryNotFoundError, ValidationError
from dayasos.registry.identity import Nik, NoKK
from dayasos.registry.model import EnrolmentStatus, StatusChange, Subject, SubjectKind

__all__ = [
    "STATUS_CHANGE_FIELDS",
    "STATUS_CHANGE_OPTIONAL",
    "change_fields",
    "change_of_fields",
]

STATUS_CHANGE_FIELDS: Final = (
    "programme",
    "subject_kind",
    "subject",
    "status",
    "effective",
    "recorded",
    "reason",
    "basis",
    "note",
)
"""The fields of a status change, in order (the enrolment CSV's columns, the JSON keys)."""

STATUS_CHANGE_OPTIONAL: Final = ("reason", "basis", "note")
"""The fields that may be left out (``""``: no reason, no basis of its own, no note)."""


def change_fields(change: StatusChange) -> dict[str, str]:
    """The fields of a status change as texts, in :data:`STATUS_CHANGE_FIELDS` order (the
    subject in full: an explicit reveal, for an export)."""
    return {
        "programme": change.programme.code,
        "subject_kind": change.subject_kind.value,
        "subject": change.subject.reveal(),
        "status": change.status.value,
        "effective": change.effective.isoformat(),
        "recorded": change.recorded.isoformat(),
        "reason": change.reason,
        "basis": change.basis,
        "note": change.note,
    }


def change_of_fields(fields: Mapping[str, str]) -> StatusChange:
    """The status change stated by text fields (the inverse of :func:`change_fields`).

    Raises:
        ValidationError: naming the first field that is missing or does not validate (an
            unknown programme, subject kind or status lists what is valid).
    """
    try:
        programme = Programme.parse(fields.get("programme", ""))
    except CategoryNotFoundError:
        raise ValidationError("programme", "is not a programme of the catalogue") from None
    kind = fields.get("subject_kind", "")
    subject: Subject
    if kind == SubjectKind.FAMILY.value:
        subject = NoKK.parse(fields.get("subject", ""))
    elif kind == SubjectKind.PERSON.value:
        subject = Nik.parse(fields.get("subject", ""))
    else:
        raise ValidationError("subject_kind", "must be 'family' or 'person'")
    try:
        status = EnrolmentStatus(fields.get("status", ""))
    except ValueError:
        known = ", ".join(s.value for s in EnrolmentStatus)
        raise ValidationError("status", f"is not one of {known}") from None
    return StatusChange(
        programme,
        subject,
        status,
        iso_date(fields.get("effective", ""), "effective"),
        iso_date(fields.get("recorded", ""), "recorded"),
        reason=fields.get("reason", ""),
        basis=fields.get("basis", ""),
        note=fields.get("note", ""),
    )
