"""Registry CSV import and export: persons, families and memberships, one row per membership.

The column layout (:data:`CSV_COLUMNS`), the spellings and the import rules are described at
:mod:`dayasos.registry.io`.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from datetime import date
from typing import IO, Any, Final

from attrs import define

from dayasos._textio import Source, csv_records, iso_date, read_source
from dayasos.categories import (
    DisabilitySeverity,
    Relationship,
    SchoolLevel,
    Sex,
)
from dayasos.errors import (
    CategoryNotFoundError,
    RecordNotFoundError,
    RegistryConflictError,
    ValidationError,
)
from dayasos.registry.identity import Nik, NoKK, RegionCode
from dayasos.registry.io_common import (
    ImportReport,
    RejectedRow,
    RowFinding,
    atomic_write,
    check_store,
)
from dayasos.registry.model import Family, Membership, Person
from dayasos.registry.spelling import (
    DISABILITY_SPELLING,
    RELATIONSHIP_SPELLING,
    SCHOOL_SPELLING,
    SEX_SPELLING,
)
from dayasos.registry.store import RegistryStore, check_new_membership

__all__ = [
    "CSV_COLUMNS",
    "CsvRow",
    "export_csv",
    "import_csv",
    "parse_row",
    "read_csv",
    "to_csv_text",
]

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
_MEMBER_FIELDS: Final = ("relationship", "member_from")


@define(frozen=True, slots=True)
class CsvRow:
    """A validated CSV row: its line and the person, family and membership it states."""

    line: int
    person: Person | None
    family: Family | None
    membership: Membership | None


def _text(raw: dict[str, str], name: str) -> str:
    return (raw.get(name) or "").strip()


def _date(raw: dict[str, str], name: str, required: bool) -> date | None:
    text = _text(raw, name)
    if not text:
        if required:
            raise ValidationError(name, "is required")
        return None
    return iso_date(text, name)


def _category(raw: dict[str, str], name: str, cls: Any, default: Any) -> Any:
    text = _text(raw, name)
    if not text:
        if default is None:
            raise ValidationError(name, "is required")
        return default
    try:
        return cls.parse(text)
    except CategoryNotFoundError:
        known = ", ".join(m.code for m in cls)
        raise ValidationError(name, f"is not one of {known}") from None


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
        nik_text = _text(raw, "nik")
        if not nik_text:
            raise ValidationError("nik", "is required")
        nik = Nik.parse(nik_text)
        name = _text(raw, "name")
        if not name:
            raise ValidationError("name", "is required")
        born = _date(raw, "birth_date", True)
        assert born is not None
        person = Person(
            nik,
            name,
            born,
            _category(raw, "sex", Sex, None),
            _category(raw, "disability", DisabilitySeverity, DisabilitySeverity.NONE),
            _date(raw, "pregnancy_due", False),
            _category(raw, "school_level", SchoolLevel, SchoolLevel.NONE),
        )
    if has_family:
        kk_text = _text(raw, "no_kk")
        if not kk_text:
            raise ValidationError("no_kk", "is required when a region is given")
        region_text = _text(raw, "region")
        if not region_text:
            raise ValidationError("region", "is required when a No. KK is given")
        family = Family(NoKK.parse(kk_text), RegionCode.parse(region_text))
    member_given = any(_text(raw, f) for f in (*_MEMBER_FIELDS, "member_until"))
    if person is not None and family is not None:
        start = _date(raw, "member_from", True)
        assert start is not None
        membership = Membership(
            family.no_kk,
            person.nik,
            _category(raw, "relationship", Relationship, None),
            start,
            _date(raw, "member_until", False),
        )
    elif member_given:
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
        source: a file path (``str`` or path-like), ``bytes`` or an open file (see the module
            docstring for the rules).

    Raises:
        ValidationError: the header is wrong (names the missing, unknown and repeated columns).
        SourceError: the file cannot be read.
        TextDecodeError: the file is not UTF-8.
    """
    _, text = read_source(source)
    records = csv_records(text)
    first = next(records, None)
    if first is None:
        return
    header = first[1]
    if isinstance(header, ValidationError):
        raise ValidationError("header", header.problem, index=first[0])
    names = [h.strip() for h in header]
    if sorted(names) != sorted(CSV_COLUMNS):
        missing = sorted(set(CSV_COLUMNS) - set(names))
        extra = sorted(set(names) - set(CSV_COLUMNS))
        repeated = sorted({n for n in names if names.count(n) > 1})
        raise ValidationError(
            "header",
            f"must hold each registry column once; missing {missing}, unknown {extra}, "
            f"repeated {repeated}",
        )
    for line, values in records:
        if isinstance(values, ValidationError):
            yield line, values
            continue
        if len(values) != len(names):
            yield (
                line,
                ValidationError("row", f"has {len(values)} columns, the header has {len(names)}"),
            )
            continue
        yield line, dict(zip(names, values, strict=True))


def _check_rows(rows: list[CsvRow], store: RegistryStore) -> tuple[list[CsvRow], list[RejectedRow]]:
    """Cross-row and store checks; returns the rows kept and the rejections."""
    kept: list[CsvRow] = []
    rejected: list[RejectedRow] = []
    persons: dict[Nik, Person] = {}
    families: dict[NoKK, Family] = {}
    members: dict[NoKK, list[Membership]] = {}
    empty = store.count_persons() == 0 and next(iter(store.families()), None) is None
    loaded = False
    stored_members: set[Membership] = set()
    for row in rows:
        try:
            p, f, m = row.person, row.family, row.membership
            if p is not None:
                known = persons.get(p.nik) or (None if empty else store.find_person(p.nik))
                if known is not None and known != p:
                    raise ValidationError("nik", "appears earlier with different person data")
            if f is not None:
                known_f = families.get(f.no_kk)
                if known_f is None and not empty:
                    try:
                        known_f = store.get_family(f.no_kk)
                    except RecordNotFoundError:
                        known_f = None
                if known_f is not None and known_f != f:
                    raise ValidationError("region", "differs from the region of this No. KK")
            if m is not None:
                if not loaded and not empty:
                    for other in store.memberships():
                        members.setdefault(other.no_kk, []).append(other)
                        stored_members.add(other)
                    loaded = True
                if m in stored_members:  # stated again exactly as stored: nothing to write
                    row = CsvRow(row.line, p, f, None)
                else:
                    existing = members.setdefault(m.no_kk, [])
                    try:
                        check_new_membership(existing, m)
                    except RegistryConflictError as exc:
                        raise ValidationError("relationship", exc.problem) from None
                    existing.append(m)
            if p is not None:
                persons[p.nik] = p
            if f is not None:
                families[f.no_kk] = f
            kept.append(row)
        except ValidationError as exc:
            rejected.append(RejectedRow(row.line, exc.field, exc.problem))
    return kept, rejected


def _missing_family(store: RegistryStore, no_kk: NoKK) -> bool:
    try:
        store.get_family(no_kk)
    except RecordNotFoundError:
        return True
    return False


def _write(rows: list[CsvRow], store: RegistryStore) -> None:
    new_persons: dict[Nik, Person] = {}
    new_families: dict[NoKK, Family] = {}
    memberships: list[Membership] = []
    empty = store.count_persons() == 0 and next(iter(store.families()), None) is None
    for r in rows:
        p, f = r.person, r.family
        if (
            p is not None
            and p.nik not in new_persons
            and (empty or store.find_person(p.nik) is None)
        ):
            new_persons[p.nik] = p
        if (
            f is not None
            and f.no_kk not in new_families
            and (empty or _missing_family(store, f.no_kk))
        ):
            new_families[f.no_kk] = f
        if r.membership is not None:
            memberships.append(r.membership)
    with store.transaction():
        store.add_persons(new_persons.values())
        store.add_families(new_families.values())
        store.add_memberships(memberships)


def import_csv(source: Source, store: RegistryStore, *, partial: bool = False) -> ImportReport:
    """Validate every row of a registry CSV and write the accepted ones to ``store``.

    Args:
        source: a file path (``str`` or path-like), ``bytes`` or an open file
            (``io.StringIO(text)``).
        store: the store to write to.
        partial: write the accepted rows even when some are rejected (default: all or
            nothing, so one rejected row means nothing is written).

    Returns:
        The report: accepted lines, every rejected line with its field and reason, findings
        (a NIK that disagrees with the stated birth date or sex) and whether it was written.
        ``rows == len(accepted) + len(rejected)``.

    Raises:
        ValidationError: the header is wrong.
        SourceError: the source cannot be read.
        TextDecodeError: the file is not UTF-8 (names the line).
        RegistryConflictError: a write conflicted with the store; nothing was written.
    """
    if not isinstance(partial, bool):
        raise ValidationError("partial", "must be True or False", shown=repr(partial))
    check_store(store)
    parsed: list[CsvRow] = []
    rejected: list[RejectedRow] = []
    count = 0
    for line, raw in read_csv(source):
        count += 1
        if isinstance(raw, ValidationError):
            rejected.append(RejectedRow(line, raw.field, raw.problem))
            continue
        try:
            parsed.append(parse_row(line, raw))
        except ValidationError as exc:
            rejected.append(RejectedRow(line, exc.field, exc.problem))
    written = False
    # checked against the store inside the transaction that writes (under the write lock
    # of a SQLite store), so a concurrent writer cannot slip a conflict in between
    with store.transaction():
        kept, more = _check_rows(parsed, store)
        rejected.extend(more)
        if kept and (partial or not rejected):
            _write(kept, store)
            written = True
    rejected.sort(key=lambda r: r.line)
    findings = tuple(
        RowFinding(r.line, f) for r in kept if r.person is not None for f in r.person.findings()
    )
    return ImportReport(
        count, tuple(r.line for r in kept), tuple(rejected), findings, written or count == 0
    )


def _csv_row(p: Person | None, f: Family | None, m: Membership | None) -> list[str]:
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


def export_csv(store: RegistryStore, target: str | os.PathLike[str] | IO[str]) -> int:
    """Write the store's persons, families and memberships as a registry CSV (full numbers:
    an explicit reveal), categories in the spellings of :mod:`dayasos.registry.spelling`
    (``L``, ``Kepala Keluarga``, ``SD``). Returns the number of data rows.

    A path target is written to a temporary file renamed over it when complete, so a failure
    leaves the previous file (or none), never a truncated one."""
    check_store(store)
    if isinstance(target, str | os.PathLike):
        return int(atomic_write(target, lambda fh: export_csv(store, fh)))
    writer = csv.writer(target, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    families = {f.no_kk: f for f in store.families()}
    with_members: set[NoKK] = set()
    persons_seen: set[Nik] = set()
    n = 0
    for m in store.memberships():
        writer.writerow(_csv_row(store.get_person(m.nik), families[m.no_kk], m))
        with_members.add(m.no_kk)
        persons_seen.add(m.nik)
        n += 1
    for p in store.persons():
        if p.nik not in persons_seen:
            writer.writerow(_csv_row(p, None, None))
            n += 1
    for kk, f in families.items():
        if kk not in with_members:
            writer.writerow(_csv_row(None, f, None))
            n += 1
    return n


def to_csv_text(store: RegistryStore) -> str:
    """The registry CSV of a store as a text (see :func:`export_csv`)."""
    buf = io.StringIO()
    export_csv(store, buf)
    return buf.getvalue()
