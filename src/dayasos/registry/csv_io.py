"""Registry CSV import and export over a store: persons, families and memberships, one row per
membership. The row format (:data:`CSV_COLUMNS`, :func:`parse_row`, :func:`read_csv`) is
:mod:`dayasos.registry.csv_rows`, re-exported here; the layout, spellings and import rules are
described at :mod:`dayasos.registry.io`.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from typing import IO

from dayasos._textio import Source
from dayasos.errors import RecordNotFoundError, RegistryConflictError, ValidationError
from dayasos.registry.csv_rows import CSV_COLUMNS, CsvRow, csv_row, parse_row, read_csv
from dayasos.registry.identity import Nik, NoKK
from dayasos.registry.io_common import (
    ImportReport,
    RejectedRow,
    RowFinding,
    check_import,
    check_store,
    parse_records,
    write_csv,
)
from dayasos.registry.model import Family, Membership, Person
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


def _stored_family(store: RegistryStore, no_kk: NoKK) -> Family | None:
    try:
        return store.get_family(no_kk)
    except RecordNotFoundError:
        return None


def _check_rows(
    rows: list[CsvRow], store: RegistryStore, empty: bool
) -> tuple[list[CsvRow], list[RejectedRow]]:
    """Cross-row and store checks; returns the rows kept and the rejections."""
    kept: list[CsvRow] = []
    rejected: list[RejectedRow] = []
    persons: dict[Nik, Person] = {}
    families: dict[NoKK, Family] = {}
    members: dict[NoKK, list[Membership]] = {}
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
                known_f = families.get(f.no_kk) or (
                    None if empty else _stored_family(store, f.no_kk)
                )
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


def _write(rows: list[CsvRow], store: RegistryStore, empty: bool) -> None:
    new_persons: dict[Nik, Person] = {}
    new_families: dict[NoKK, Family] = {}
    memberships: list[Membership] = []
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
            and (empty or _stored_family(store, f.no_kk) is None)
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
    check_import(store, partial)
    count, lines, rejected = parse_records(read_csv(source), parse_row)
    parsed = [row for _, row in lines]
    written = False
    # checked against the store inside the transaction that writes (under the write lock
    # of a SQLite store), so a concurrent writer cannot slip a conflict in between
    with store.transaction():
        # an empty store needs no lookups (the first import of a registry)
        empty = store.count_persons() == 0 and next(iter(store.families()), None) is None
        kept, more = _check_rows(parsed, store, empty)
        rejected.extend(more)
        if kept and (partial or not rejected):
            _write(kept, store, empty)
            written = True
    rejected.sort(key=lambda r: r.line)
    findings = tuple(
        RowFinding(r.line, f) for r in kept if r.person is not None for f in r.person.findings()
    )
    return ImportReport(
        count, tuple(r.line for r in kept), tuple(rejected), findings, written or count == 0
    )


def _rows(store: RegistryStore) -> Iterator[list[str]]:
    families = {f.no_kk: f for f in store.families()}
    with_members: set[NoKK] = set()
    persons_seen: set[Nik] = set()
    for m in store.memberships():
        yield csv_row(store.get_person(m.nik), families[m.no_kk], m)
        with_members.add(m.no_kk)
        persons_seen.add(m.nik)
    for p in store.persons():
        if p.nik not in persons_seen:
            yield csv_row(p, None, None)
    for kk, f in families.items():
        if kk not in with_members:
            yield csv_row(None, f, None)


def export_csv(store: RegistryStore, target: str | os.PathLike[str] | IO[str]) -> int:
    """Write the store's persons, families and memberships as a registry CSV (full numbers:
    an explicit reveal), categories in the spellings of :mod:`dayasos.registry.spelling`
    (``L``, ``Kepala Keluarga``, ``SD``). Returns the number of data rows.

    A path target is written to a temporary file renamed over it when complete, so a failure
    leaves the previous file (or none), never a truncated one."""
    check_store(store)
    return write_csv(target, CSV_COLUMNS, _rows(store))


def to_csv_text(store: RegistryStore) -> str:
    """The registry CSV of a store as a text (see :func:`export_csv`)."""
    buf = io.StringIO()
    export_csv(store, buf)
    return buf.getvalue()
