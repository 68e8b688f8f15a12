"""CSV and JSON import and export of a registry.

**CSV** carries persons, families and memberships, one row per membership (the column layout
is :data:`CSV_COLUMNS`, documented with an example file in ``docs/registry-example.csv``):

=================  ========================================================================
column             content
=================  ========================================================================
``no_kk``          No. KK, 16 digits (empty for a person without a family)
``region``         region code of the family, dotted or not (``31.71.01.1001``)
``nik``            NIK, 16 digits (empty for a family without members)
``name``           full name
``birth_date``     ISO date, ``1980-05-02``
``sex``            ``L``/``P``, ``m``/``f`` or the name (``Laki-laki``, ``Perempuan``)
``relationship``   relationship to the head (``Kepala Keluarga``, ``Istri``, ``Anak``, ...)
``member_from``    first day of the membership, ISO date
``member_until``   day the membership ended (exclusive), empty while it lasts
``disability``     ``ringan``/``sedang``/``berat``, empty for none
``pregnancy_due``  expected delivery date, empty when not pregnant
``school_level``   ``SD``/``SMP``/``SMA``/``PT``, empty when not enrolled
=================  ========================================================================

A person in several families over time has one row per membership with the same person
columns. Importing a file again is idempotent: a row stating a stored membership (and its
person and family) exactly as stored is accepted and writes nothing. Every row is validated; :class:`ImportReport` lists the accepted lines and, for every
rejected one, its line number, the field and the reason. By default an import is
all-or-nothing: one rejected row and nothing is written (the report says so). With
``partial=True`` the accepted rows are written and the rejected ones reported.

**JSON** carries everything (also welfare ranks and the enrolment history) as one document
built with the shared cattrs converter. Nothing is coerced: a text field must be a JSON
string (``null`` is refused, not stored as ``"None"``), an integer field a JSON integer (a
desil of ``5.9`` or ``"5"`` is refused, not truncated), a date a ``YYYY-MM-DD`` string.

**Sources** follow one rule in every dayasos reader: a ``str`` or path-like is a file path;
content is passed as ``bytes`` or an open file (``io.StringIO(text)``). Files are UTF-8, with
or without a byte-order mark, with CRLF, LF or CR line ends; a file that is not UTF-8 raises
:class:`~dayasos.errors.TextDecodeError` naming the line. Every CSV record is counted: in the
report ``rows == len(accepted) + len(rejected)``; a record with an unbalanced quote is
rejected at its line and the lines after it are read on their own.

Exports write full NIK and No. KK numbers (a file is useless otherwise): calling an export is
the explicit request to reveal them. Reports and errors only ever show them masked.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any, Final

import cattrs
from attrs import define, field

from dayasos._textio import Source, csv_records, iso_date, read_source
from dayasos.categories import (
    DisabilitySeverity,
    Programme,
    Relationship,
    SchoolLevel,
    Sex,
)
from dayasos.errors import (
    CategoryNotFoundError,
    RecordNotFoundError,
    RegistryConflictError,
    SourceError,
    ValidationError,
)
from dayasos.registry.identity import Finding, Nik, NoKK, RegionCode
from dayasos.registry.model import (
    EnrolmentStatus,
    Family,
    Membership,
    Person,
    StatusChange,
    Subject,
    WelfareRank,
)
from dayasos.registry.spelling import (
    DISABILITY_SPELLING,
    RELATIONSHIP_SPELLING,
    SCHOOL_SPELLING,
    SEX_SPELLING,
)
from dayasos.registry.store import RegistryStore, check_new_membership
from dayasos.serialization import make_converter, structure

__all__ = [
    "CSV_COLUMNS",
    "ImportReport",
    "RegistryDocument",
    "RejectedRow",
    "RowFinding",
    "export_csv",
    "export_json",
    "import_csv",
    "import_json",
    "read_csv",
    "registry_converter",
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
class RejectedRow:
    """A rejected CSV row: its line number (the header is line 1), the field and the reason."""

    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.reason}"


@define(frozen=True, slots=True)
class RowFinding:
    """An accepted row whose data disagrees with itself (e.g. the NIK and the birth date)."""

    line: int
    finding: Finding

    def __str__(self) -> str:
        return f"line {self.line}: {self.finding}"


@define(frozen=True, slots=True)
class ImportReport:
    """What an import did.

    Attributes:
        rows: how many data rows were read.
        accepted: line numbers of the rows that passed validation.
        rejected: every rejected row with its line, field and reason (none dropped).
        findings: disagreements in accepted rows (reported, never corrected).
        written: whether the accepted rows were written to the store; ``False`` when an
            all-or-nothing import had a rejected row.
    """

    rows: int
    accepted: tuple[int, ...]
    rejected: tuple[RejectedRow, ...]
    findings: tuple[RowFinding, ...] = field(default=())
    written: bool = False

    @property
    def ok(self) -> bool:
        """Whether every row was accepted and written."""
        return not self.rejected and self.written

    def summary(self) -> str:
        """One line: rows read, accepted, rejected and whether anything was written."""
        what = "written" if self.written else "nothing written"
        return f"{self.rows} rows: {len(self.accepted)} accepted, {len(self.rejected)} rejected; {what}"


@define(frozen=True, slots=True)
class _Row:
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


def _parse_row(line: int, raw: dict[str, str]) -> _Row:
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
    return _Row(line, person, family, membership)


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


def _check_rows(rows: list[_Row], store: RegistryStore) -> tuple[list[_Row], list[RejectedRow]]:
    """Cross-row and store checks; returns the rows kept and the rejections."""
    kept: list[_Row] = []
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
                    row = _Row(row.line, p, f, None)
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


def _write(rows: list[_Row], store: RegistryStore) -> None:
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
    _check_store(store)
    parsed: list[_Row] = []
    rejected: list[RejectedRow] = []
    count = 0
    for line, raw in read_csv(source):
        count += 1
        if isinstance(raw, ValidationError):
            rejected.append(RejectedRow(line, raw.field, raw.problem))
            continue
        try:
            parsed.append(_parse_row(line, raw))
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


def _check_store(store: object) -> None:
    if not isinstance(store, RegistryStore):
        raise ValidationError(
            "store", f"must be a registry store, not {type(store).__name__}", shown=None
        )


def _atomic_write(target: str | os.PathLike[str], write: Callable[[IO[str]], Any]) -> Any:
    """Write a file through a temporary file in the same directory, renamed over ``target``
    only once complete: a failure never leaves a truncated file."""
    path = Path(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise SourceError("target", f"cannot write in {path.parent}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
            result = write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return result


def export_csv(store: RegistryStore, target: str | os.PathLike[str] | IO[str]) -> int:
    """Write the store's persons, families and memberships as a registry CSV (full numbers:
    an explicit reveal), categories in the spellings of :mod:`dayasos.registry.spelling`
    (``L``, ``Kepala Keluarga``, ``SD``). Returns the number of data rows.

    A path target is written to a temporary file renamed over it when complete, so a failure
    leaves the previous file (or none), never a truncated one."""
    _check_store(store)
    if isinstance(target, str | os.PathLike):
        return int(_atomic_write(target, lambda fh: export_csv(store, fh)))
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


# -- JSON -------------------------------------------------------------------------------------


@define(frozen=True, slots=True)
class RegistryDocument:
    """Everything in a store, as one value (the JSON form of a registry)."""

    persons: tuple[Person, ...] = ()
    families: tuple[Family, ...] = ()
    memberships: tuple[Membership, ...] = ()
    ranks: tuple[WelfareRank, ...] = ()
    status_changes: tuple[StatusChange, ...] = ()

    @classmethod
    def of(cls, store: RegistryStore) -> RegistryDocument:
        """A snapshot of the store's records, in the store's iteration order."""
        return cls(
            tuple(store.persons()),
            tuple(store.families()),
            tuple(store.memberships()),
            tuple(store.ranks()),
            tuple(store.status_changes()),
        )


def _strict_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise ValidationError("text", f"must be a JSON string, not {_json_type(value)}")
    return value


def _strict_int(value: Any, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError("integer", f"must be a JSON integer, not {_json_type(value)}")
    return value


def _strict_date(value: Any, _: type) -> date:
    if not isinstance(value, str):
        raise ValidationError("date", f"must be a YYYY-MM-DD string, not {_json_type(value)}")
    return iso_date(value, "date")


def _json_type(value: Any) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string"}
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return names.get(type(value), type(value).__name__)


def _digits_hook(cls: type[Nik] | type[NoKK]) -> Any:
    def structure(value: Any, _: type) -> Any:
        if not isinstance(value, str):
            raise ValidationError(cls.__name__.lower(), "must be a text of 16 digits")
        return cls.parse(value)

    return structure


def _category_hook(value: Any, cls: type) -> Any:
    if not isinstance(value, str):
        raise ValidationError(cls.__name__, "must be a text code")
    try:
        return cls.parse(value)  # type: ignore[attr-defined]
    except CategoryNotFoundError:
        known = ", ".join(m.code for m in cls)  # type: ignore[attr-defined]
        raise ValidationError(cls.__name__, f"is not one of {known}") from None


def _region_hook(value: Any, _: type) -> RegionCode:
    if not isinstance(value, str):
        raise ValidationError("region", f"must be a JSON string, not {_json_type(value)}")
    return RegionCode.parse(value)


def _subject_unstructure(c: StatusChange) -> dict[str, Any]:
    return {
        "programme": c.programme.code,
        "subject_kind": c.subject_kind.value,
        "subject": c.subject.reveal(),
        "status": c.status.value,
        "effective": c.effective.isoformat(),
        "recorded": c.recorded.isoformat(),
        "reason": c.reason,
        "basis": c.basis,
        "note": c.note,
    }


def _change_structure(value: Any, _: type) -> StatusChange:
    if not isinstance(value, dict):
        raise ValidationError("status_change", "must be an object")
    extra = set(value) - {
        "programme",
        "subject_kind",
        "subject",
        "status",
        "effective",
        "recorded",
        "reason",
        "basis",
        "note",
    }
    if extra:
        raise ValidationError("status_change", f"has unknown keys {sorted(extra)}")
    for key in ("programme", "subject_kind", "subject", "status", "effective", "recorded"):
        if not isinstance(value.get(key), str):
            raise ValidationError(
                key, f"is required: a JSON string, not {_json_type(value.get(key))}"
            )
    for key in ("reason", "basis", "note"):
        if not isinstance(value.get(key, ""), str):
            raise ValidationError(key, f"must be a JSON string, not {_json_type(value[key])}")
    kind = value["subject_kind"]
    subject: Subject
    if kind == "family":
        subject = NoKK.parse(value["subject"])
    elif kind == "person":
        subject = Nik.parse(value["subject"])
    else:
        raise ValidationError("subject_kind", "must be 'family' or 'person'")
    try:
        status = EnrolmentStatus(value["status"])
    except ValueError:
        known = ", ".join(s.value for s in EnrolmentStatus)
        raise ValidationError("status", f"must be one of {known}") from None
    try:
        return StatusChange(
            Programme.parse(value["programme"]),
            subject,
            status,
            iso_date(value["effective"], "effective"),
            iso_date(value["recorded"], "recorded"),
            value.get("reason", ""),
            value.get("basis", ""),
            value.get("note", ""),
        )
    except CategoryNotFoundError:
        raise ValidationError("programme", "is not a programme code of the catalogue") from None


def registry_converter() -> cattrs.Converter:
    """The shared dayasos converter extended with the registry's identities and records."""
    c = make_converter(reveal=True)  # export_json is a real export: names in full
    c.register_structure_hook(str, _strict_str)
    c.register_structure_hook(int, _strict_int)
    c.register_structure_hook(date, _strict_date)
    for cls in (Nik, NoKK):
        c.register_unstructure_hook(cls, lambda v: v.reveal())
        c.register_structure_hook(cls, _digits_hook(cls))
    c.register_unstructure_hook(RegionCode, str)
    c.register_structure_hook(RegionCode, _region_hook)
    for cat in (Sex, DisabilitySeverity, SchoolLevel, Relationship, Programme):
        c.register_unstructure_hook(cat, lambda v: v.code)
        c.register_structure_hook(cat, _category_hook)
    c.register_unstructure_hook(StatusChange, _subject_unstructure)
    c.register_structure_hook(StatusChange, _change_structure)
    return c


_converter: Final = registry_converter()


def export_json(
    store: RegistryStore, target: str | os.PathLike[str] | IO[str] | None = None
) -> str:
    """The store as a JSON document (full numbers: an explicit reveal); also written to
    ``target`` if given (a path is written through a temporary file renamed over it, so a
    failure never leaves a truncated file)."""
    _check_store(store)
    text = json.dumps(_converter.unstructure(RegistryDocument.of(store)), ensure_ascii=False)
    if isinstance(target, str | os.PathLike):
        _atomic_write(target, lambda fh: fh.write(text))
    elif target is not None:
        target.write(text)
    return text


def import_json(source: Source, store: RegistryStore) -> RegistryDocument:
    """Read a registry JSON document into ``store``, all or nothing.

    Args:
        source: a file path (``str`` or path-like), ``bytes`` or an open file
            (``io.StringIO(text)`` for a text in memory).
        store: the store to write to.

    Raises:
        ValidationError: the text is not JSON, is nested too deeply, or is not an object.
        BulkValidationError: listing every malformed field with its path
            (``$.persons[2].birth_date``); nothing is written.
        RegistryConflictError: a record contradicts the store; nothing is written.
        SourceError, TextDecodeError: the source cannot be read or is not UTF-8.
    """
    _check_store(store)
    _, text = read_source(source)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError("$", f"is not JSON ({exc.msg} at line {exc.lineno})") from None
    except RecursionError:
        raise ValidationError("$", "is nested too deeply to be a registry document") from None
    if not isinstance(data, dict):
        raise ValidationError("$", f"must be a JSON object, not {_json_type(data)}")
    doc = structure(data, RegistryDocument, using=_converter)
    with store.transaction():
        store.add_persons(doc.persons)
        store.add_families(doc.families)
        store.add_memberships(doc.memberships)
        for r in doc.ranks:
            store.record_rank(r)
        for c in doc.status_changes:
            store.record_status(c)
    return doc


def to_csv_text(store: RegistryStore) -> str:
    """The registry CSV of a store as a text (see :func:`export_csv`)."""
    buf = io.StringIO()
    export_csv(store, buf)
    return buf.getvalue()
