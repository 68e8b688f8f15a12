"""The SQLite registry store: one file, Python's ``sqlite3``, the embedded default.

The library creates and migrates the schema itself (the tables are in
:mod:`dayasos.registry.sqlite_schema`, the connection and locking in
:mod:`dayasos.registry.sqlite_connection`, the rank and enrolment logs in
:mod:`dayasos.registry.sqlite_enrolment`, the column reads in
:mod:`dayasos.registry.sqlite_columns`, the row conversions in
:mod:`dayasos.registry.sqlite_rows`): ``PRAGMA user_version`` holds the schema
version and :data:`MIGRATIONS` the scripts that lead to it, applied in order in one
transaction each, under the write lock with the version re-read inside it (two processes
opening a new file at the same moment both succeed, the schema is created once). A file that
is not a dayasos registry (not SQLite, or SQLite holding other tables) is refused with
:class:`~dayasos.errors.RegistryFileError` and left unchanged.

A new file is made with 64 KiB pages (``PAGE_SIZE``; a file keeps the page size it was made
with). Connections run in WAL mode with foreign keys on; every write runs in a transaction (nested
groups use savepoints) that takes the write lock when it starts (``BEGIN IMMEDIATE``), so the
checks made inside it see what is stored. A writer waits up to ``timeout`` seconds for the
lock, then raises :class:`~dayasos.errors.StoreBusyError` (nothing written).

**Threads**: a store belongs to the thread that opened it; using it from another thread raises
:class:`~dayasos.errors.StoreThreadError`. Open one store per thread on the same file (WAL
lets readers work while one writer writes). NIK and No. KK are stored as 64-bit integers (16
digits never start with 0, province codes start at 11) and are the primary keys of their
tables, so they are unique and a NIK lookup is one B-tree search.

Examples:
    >>> from datetime import date
    >>> from dayasos.categories import Sex
    >>> with SQLiteStore(":memory:") as store:
    ...     store.add_person(Person(Nik.parse("3171011708450001"), "Budi", date(1945, 8, 17),
    ...                             Sex.LAKI_LAKI))
    ...     store.get_person(Nik.parse("3171011708450001")).birth_date
    datetime.date(1945, 8, 17)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from dayasos.categories import Programme, Relationship
from dayasos.errors import RecordNotFoundError, RegistryConflictError, ValidationError
from dayasos.registry.identity import Nik, NoKK
from dayasos.registry.model import Family, Membership, Person, expect, expect_each
from dayasos.registry.sqlite_columns import SQLiteColumnReads
from dayasos.registry.sqlite_connection import CACHE_KIB, DEFAULT_TIMEOUT, OpenMode
from dayasos.registry.sqlite_enrolment import SQLiteEnrolment
from dayasos.registry.sqlite_rows import (
    FAMILY_COLUMNS,
    MEMBER_COLUMNS,
    PERSON_COLUMNS,
    family_of_row,
    family_row,
    first_value,
    member_row,
    membership_of_row,
    nik_of,
    person_of_row,
    person_row,
    placeholders,
)
from dayasos.registry.sqlite_schema import MIGRATIONS, REGISTRY_TABLES, SCHEMA_VERSION
from dayasos.registry.store import check_new_membership

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = [
    "CACHE_KIB",
    "DEFAULT_TIMEOUT",
    "MIGRATIONS",
    "REGISTRY_TABLES",
    "SCHEMA_VERSION",
    "OpenMode",
    "SQLiteStore",
]

_INSERT_PERSON = f"INSERT INTO person ({PERSON_COLUMNS}) VALUES ({placeholders(PERSON_COLUMNS)})"
_INSERT_FAMILY = f"INSERT INTO family ({FAMILY_COLUMNS}) VALUES ({placeholders(FAMILY_COLUMNS)})"
_INSERT_MEMBER = (
    f"INSERT INTO membership ({MEMBER_COLUMNS}) VALUES ({placeholders(MEMBER_COLUMNS)})"
)

_BATCH_CONFLICT = "a {} of the batch is already stored or repeated; nothing was added"


class SQLiteStore(SQLiteEnrolment, SQLiteColumnReads):
    """A registry store in one SQLite file (``":memory:"`` for a throw-away database).

    Args:
        path: the database file; created with the current schema if missing, migrated if older.
        mode: how to open it (:data:`OpenMode`): ``"rwc"`` (default) read and write, creating
            the file if missing; ``"rw"`` an existing registry only; ``"ro"`` read-only;
            ``"new"`` a new file only (an existing one is refused, untouched).
        timeout: seconds a write waits for another connection's lock before
            :class:`~dayasos.errors.StoreBusyError` (default :data:`DEFAULT_TIMEOUT`).

    Raises:
        RegistryFileError: the file is missing (``"rw"``, ``"ro"``), exists (``"new"``), is
            not SQLite, holds tables of something else, or has a newer schema. The file is
            left unchanged.
        StoreBusyError: creating or migrating the schema waited longer than ``timeout``.
        ValidationError: an argument has the wrong type.
    """

    def _insert_new(self, insert: str, rows: list[tuple[Any, ...]], kind: str, problem: str) -> int:
        """Insert rows with new keys, all or none, in key order (appends to the primary-key
        B-tree instead of random inserts); a key already stored or repeated is a
        :class:`RegistryConflictError` of ``kind`` saying ``problem`` (keys masked)."""
        ordered: list[tuple[Any, ...]] = sorted(rows, key=first_value)
        before = self._db.total_changes
        try:
            with self.transaction():
                self._db.executemany(insert, ordered)
                return self._db.total_changes - before
        except sqlite3.IntegrityError:
            raise RegistryConflictError(kind, problem) from None

    # -- persons and families ----------------------------------------------------------------
    def add_person(self, person: Person) -> None:
        expect(person, Person, "person")
        problem = f"NIK {person.nik} is already stored"
        self._insert_new(_INSERT_PERSON, [person_row(person)], "person", problem)

    def add_persons(self, persons: Iterable[Person]) -> int:
        rows = [person_row(p) for p in expect_each(persons, Person, "persons")]
        return self._insert_new(_INSERT_PERSON, rows, "person", _BATCH_CONFLICT.format("NIK"))

    def get_person(self, nik: Nik) -> Person:
        found = self.find_person(nik)
        if found is None:
            raise RecordNotFoundError("person", str(nik))
        return found

    def find_person(self, nik: Nik) -> Person | None:
        expect(nik, Nik, "nik")
        row = self._db.execute(
            f"SELECT {PERSON_COLUMNS} FROM person WHERE nik = ?", (int(nik.reveal()),)
        ).fetchone()
        return None if row is None else person_of_row(row)

    def add_family(self, family: Family) -> None:
        expect(family, Family, "family")
        problem = f"No. KK {family.no_kk} is already stored"
        self._insert_new(_INSERT_FAMILY, [family_row(family)], "family", problem)

    def add_families(self, families: Iterable[Family]) -> int:
        rows = [family_row(f) for f in expect_each(families, Family, "families")]
        return self._insert_new(_INSERT_FAMILY, rows, "family", _BATCH_CONFLICT.format("No. KK"))

    def get_family(self, no_kk: NoKK) -> Family:
        expect(no_kk, NoKK, "no_kk")
        row = self._db.execute(
            f"SELECT {FAMILY_COLUMNS} FROM family WHERE no_kk = ?", (int(no_kk.reveal()),)
        ).fetchone()
        if row is None:
            raise RecordNotFoundError("family", str(no_kk))
        return family_of_row(row)

    # -- memberships -------------------------------------------------------------------------
    def _family_memberships(self, kk: int) -> list[Membership]:
        rows = self._db.execute(
            f"SELECT {MEMBER_COLUMNS} FROM membership WHERE no_kk = ?", (kk,)
        ).fetchall()
        return [membership_of_row(r) for r in rows]

    def add_membership(self, membership: Membership) -> None:
        expect(membership, Membership, "membership")
        m = membership
        with self.transaction():
            if not self._exists("person", "nik", int(m.nik.reveal())):
                raise RecordNotFoundError("person", str(m.nik))
            if not self._exists("family", "no_kk", int(m.no_kk.reveal())):
                raise RecordNotFoundError("family", str(m.no_kk))
            check_new_membership(self._family_memberships(int(m.no_kk.reveal())), m)
            self._db.execute(_INSERT_MEMBER, member_row(m))

    def add_memberships(self, memberships: Iterable[Membership]) -> int:
        """Store many memberships in one transaction. The overlap and one-head rules are checked
        in Python per family (one query per family, none on an empty table); a person or family
        that does not exist is caught by the foreign keys."""
        batch = list(expect_each(memberships, Membership, "memberships"))
        by_family: dict[NoKK, list[Membership]] = {}
        try:
            with self.transaction():
                stored = self._db.execute("SELECT 1 FROM membership LIMIT 1").fetchone()
                for m in batch:
                    pending = by_family.get(m.no_kk)
                    if pending is None:
                        pending = (
                            []
                            if stored is None
                            else self._family_memberships(int(m.no_kk.reveal()))
                        )
                        by_family[m.no_kk] = pending
                    check_new_membership(pending, m)
                    pending.append(m)
                rows: list[tuple[Any, ...]] = sorted(map(member_row, batch), key=first_value)
                self._db.executemany(_INSERT_MEMBER, rows)
        except sqlite3.IntegrityError:
            raise RecordNotFoundError(
                "person or family", "referenced by a membership of the batch"
            ) from None
        return len(batch)

    def end_membership(self, no_kk: NoKK, nik: Nik, end: date) -> Membership:
        expect(no_kk, NoKK, "no_kk")
        expect(nik, Nik, "nik")
        expect(end, date, "end")
        with self.transaction():
            row = self._db.execute(
                f"SELECT id, {MEMBER_COLUMNS} FROM membership "
                "WHERE no_kk = ? AND nik = ? AND end_date IS NULL",
                (int(no_kk.reveal()), int(nik.reveal())),
            ).fetchone()
            if row is None:
                raise RecordNotFoundError("open membership", f"{nik} in {no_kk}")
            m = membership_of_row(row[1:])
            if end <= m.start:
                raise ValidationError("end", "must be after the membership's start")
            self._db.execute(
                "UPDATE membership SET end_date = ? WHERE id = ?", (end.isoformat(), row[0])
            )
        return Membership(m.no_kk, m.nik, m.relationship, m.start, end)

    def members_on(self, no_kk: NoKK, on: date) -> tuple[Membership, ...]:
        expect(no_kk, NoKK, "no_kk")
        expect(on, date, "on")
        d = on.isoformat()
        rows = self._db.execute(
            f"SELECT {MEMBER_COLUMNS} FROM membership WHERE no_kk = ? AND start_date <= ? "
            "AND (end_date IS NULL OR end_date > ?) ORDER BY nik",
            (int(no_kk.reveal()), d, d),
        ).fetchall()
        return tuple(membership_of_row(r) for r in rows)

    def memberships_of(self, nik: Nik) -> tuple[Membership, ...]:
        expect(nik, Nik, "nik")
        rows = self._db.execute(
            f"SELECT {MEMBER_COLUMNS} FROM membership WHERE nik = ? ORDER BY start_date, no_kk",
            (int(nik.reveal()),),
        ).fetchall()
        return tuple(membership_of_row(r) for r in rows)

    def head_on(self, no_kk: NoKK, on: date) -> Nik | None:
        expect(no_kk, NoKK, "no_kk")
        expect(on, date, "on")
        d = on.isoformat()
        row = self._db.execute(
            "SELECT nik FROM membership WHERE no_kk = ? AND relationship = ? "
            "AND start_date <= ? AND (end_date IS NULL OR end_date > ?)",
            (int(no_kk.reveal()), Relationship.KEPALA_KELUARGA.value, d, d),
        ).fetchone()
        return None if row is None else nik_of(row[0])

    def member_columns(self, on: date, programme: Programme) -> dict[str, npt.NDArray[Any]]:
        """The members in force on ``on`` and their families, as numpy columns: the
        set-based read of :func:`dayasos.registry.columnar.member_columns` (see
        :meth:`~dayasos.registry.RegistryStore.member_columns`)."""
        expect(on, date, "on")
        expect(programme, Programme, "programme")
        from dayasos.registry.columnar import member_columns

        return member_columns(self, on, programme)

    # -- iteration ---------------------------------------------------------------------------
    def persons(self) -> Iterator[Person]:
        cur = self._db.execute(f"SELECT {PERSON_COLUMNS} FROM person ORDER BY nik")
        return (person_of_row(r) for r in cur)

    def families(self) -> Iterator[Family]:
        cur = self._db.execute(f"SELECT {FAMILY_COLUMNS} FROM family ORDER BY no_kk")
        return (family_of_row(r) for r in cur)

    def memberships(self) -> Iterator[Membership]:
        cur = self._db.execute(
            f"SELECT {MEMBER_COLUMNS} FROM membership ORDER BY no_kk, nik, start_date"
        )
        return (membership_of_row(r) for r in cur)

    def count_persons(self) -> int:
        row = self._db.execute("SELECT count(*) FROM person").fetchone()
        return int(row[0])
