"""One row of the registry CSV, both ways: the columns (:data:`CSV_COLUMNS`), reading a file's
records, a record as the person, family and membership it states (:func:`parse_row`), and
those records as a row (:func:`csv_row`). The import and export over a store are
:mod:`dayasos.registry.csv_io`; the column layout and spellings are described at
:mod:`dayasos.registry.io`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, Final

from attrs import define

from dayasos._textio import Source, iso_date
from dayasos.categories import DisabilitySeverity, Relationship, SchoolLevel, Sex
from dayasos.errors import ValidationError
from dayasos.registry.identity import Nik, NoKK, RegionCode
from dayasos.registry.io_common import parse_code, read_records
from dayasos.registry.model import Family, Membership, Person
from dayasos.registry.spelling import (
    DISABILITY_SPELLING,
    RELATIONSHIP_SPELLING,
    SCHOOL_SPELLING,
    SEX_SPELLING,
)

__all__ = ["CSV_COLUMNS", "CsvRow", "csv_row", "parse_row", "read_csv"]

CSV_COLUMNS: Final = (
    "no_kk",
    "region",
    "nik",
    "name",
    "birth_date",
    "sex",
    "relationship",
    "member_from",
    "member_until",
    "disability",
    "pregnancy_due",
    "school_level",
)
"""The CSV columns, in order (a header row is required; extra columns are rejected)."""

_PERSON_FIELDS: Final = ("nik", "name", "birth_date", "sex")
_FAMILY_FIELDS: Final = ("no_kk", "region")
_MEMBER_FIELDS: Final = ("relationship", "member_from", "member_until")


@define(frozen=True, slots=True)
class CsvRow:
    """A validated CSV row: its line and the person, family and membership it states."""

    line: int
    person: Person | None
    family: Family | None
    membership: Membership | None


def _text(raw: dict[str, str], name: str, required: str = "") -> str:
    """The stripped text of a column; ``required`` (the reason) makes an empty one an error."""
    text = (raw.get(name) or "").strip()
    if required and not text:
        raise ValidationError(name, required)
    return text


def _date(raw: dict[str, str], name: str) -> date | None:
    text = _text(raw, name)
    return iso_date(text, name) if text else None


def _required_date(raw: dict[str, str], name: str) -> date:
    return iso_date(_text(raw, name, "is required"), name)


def _category(raw: dict[str, str], name: str, cls: Any, default: Any = None) -> Any:
    text = _text(raw, name, "" if default is not None else "is required")
    return parse_code(cls, text, name) if text else default


def parse_row(line: int, raw: dict[str, str]) -> CsvRow:
    """One CSV record (column name -> text) as the person, family and membership it states.

    Raises:
        ValidationError: naming the first field that does not validate.
    """
    has_person = any(_text(raw, f) for f in _PERSON_FIELDS)
    has_family = any(_text(raw, f) for f in _FAMILY_FIELDS)
    if not has_person and not has_family:
        raise ValidationError("nik", "a row needs a person (nik ...) or a family (no_kk, region)")
    person = family = membership = None
    if has_person:
        nik = Nik.parse(_text(raw, "nik", "is required"))
        person = Person(
            nik,
            _text(raw, "name", "is required"),
            _required_date(raw, "birth_date"),
            _category(raw, "sex", Sex),
            _category(raw, "disability", DisabilitySeverity, DisabilitySeverity.NONE),
            _date(raw, "pregnancy_due"),
            _category(raw, "school_level", SchoolLevel, SchoolLevel.NONE),
        )
    if has_family:
        no_kk = _text(raw, "no_kk", "is required when a region is given")
        region = _text(raw, "region", "is required when a No. KK is given")
        family = Family(NoKK.parse(no_kk), RegionCode.parse(region))
    if person is not None and family is not None:
        start = _required_date(raw, "member_from")
        membership = Membership(
            family.no_kk,
            person.nik,
            _category(raw, "relationship", Relationship),
            start,
            _date(raw, "member_until"),
        )
    elif any(_text(raw, f) for f in _MEMBER_FIELDS):
        raise ValidationError(
            "relationship", "membership columns need both a person and a family in the row"
        )
    return CsvRow(line, person, family, membership)


def read_csv(source: Source) -> Iterator[tuple[int, dict[str, str] | ValidationError]]:
    """The data records of a registry CSV as ``(line, columns)``, or ``(line, error)`` for a
    record that cannot be read (wrong number of columns, an unbalanced quote). ``line`` is the
    record's first line (the header is line 1). The header must hold exactly
    :data:`CSV_COLUMNS`, each once, in any order. Blank lines are not records.

    Args:
        source: a file path (``str`` or path-like), ``bytes`` or an open file (see
            :mod:`dayasos.registry.io` for the rules).

    Raises:
        ValidationError: the header is wrong (names the missing, unknown and repeated columns).
        SourceError: the file cannot be read.
        TextDecodeError: the file is not UTF-8.
    """
    return read_records(source, CSV_COLUMNS)


def csv_row(
    person: Person | None, family: Family | None, membership: Membership | None
) -> list[str]:
    """The CSV row (in :data:`CSV_COLUMNS` order) stating a person, a family and the
    membership between them, any of them ``None``; full numbers (an explicit reveal),
    categories in the spellings of :mod:`dayasos.registry.spelling`."""
    p, f, m = person, family, membership

    def d(x: date | None) -> str:
        return "" if x is None else x.isoformat()

    return [
        "" if f is None else f.no_kk.reveal(),
        "" if f is None else str(f.region),
        "" if p is None else p.nik.reveal(),
        "" if p is None else p.name,
        "" if p is None else p.birth_date.isoformat(),
        "" if p is None else SEX_SPELLING[p.sex.code],
        "" if m is None else RELATIONSHIP_SPELLING[m.relationship.code],
        "" if m is None else m.start.isoformat(),
        "" if m is None else d(m.end),
        "" if p is None else DISABILITY_SPELLING[p.disability.code],
        "" if p is None else d(p.pregnancy_due),
        "" if p is None else SCHOOL_SPELLING[p.school_level.code],
    ]
