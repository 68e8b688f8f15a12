"""The SQLite registry store: one file, Python's ``sqlite3``, the embedded default.

The library creates and migrates the schema itself: ``PRAGMA user_version`` holds the schema
version and :data:`MIGRATIONS` the scripts that lead to it, applied in order in one
transaction each, under the write lock with the version re-read inside it (two processes
opening a new file at the same moment both succeed, the schema is created once). A file that
is not a dayasos registry (not SQLite, or SQLite holding other tables) is refused with
:class:`~dayasos.errors.RegistryFileError` and left unchanged.

Connections run in WAL mode with foreign keys on; every write runs in a transaction (nested
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

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final, Literal, Self, get_args
from urllib.parse import quote

from dayasos.categories import DisabilitySeverity, Programme, Relationship, SchoolLevel, Sex
from dayasos.errors import (
    RecordNotFoundError,
    RegistryConflictError,
    RegistryFileError,
    StoreBusyError,
    StoreThreadError,
    ValidationError,
)
from dayasos.registry.identity import Nik, NoKK, RegionCode
from dayasos.registry.in_force import RANK_IN_FORCE, STATUS_IN_FORCE
from dayasos.registry.model import (
    EnrolmentStatus,
    Family,
    Membership,
    Person,
    StatusChange,
    Subject,
    SubjectKind,
    WelfareRank,
    expect,
    expect_each,
)
from dayasos.registry.store import check_new_membership

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = [
    "DEFAULT_TIMEOUT",
    "MIGRATIONS",
    "REGISTRY_TABLES",
    "SCHEMA_VERSION",
    "OpenMode",
    "SQLiteStore",
]

MIGRATIONS: Final[tuple[tuple[str, ...], ...]] = (
    (
        """CREATE TABLE person (
            nik INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            birth_date TEXT NOT NULL,
            sex TEXT NOT NULL,
            disability TEXT NOT NULL,
            pregnancy_due TEXT,
            school_level TEXT NOT NULL)""",
        """CREATE TABLE family (
            no_kk INTEGER PRIMARY KEY,
            region TEXT NOT NULL)""",
        "CREATE INDEX family_region ON family(region)",
        """CREATE TABLE membership (
            id INTEGER PRIMARY KEY,
            no_kk INTEGER NOT NULL REFERENCES family(no_kk),
            nik INTEGER NOT NULL REFERENCES person(nik),
            relationship TEXT NOT NULL,
            start_date TEXT NOT NULL,
            end_date TEXT,
            CHECK (end_date IS NULL OR end_date > start_date))""",
        "CREATE INDEX membership_family ON membership(no_kk, start_date)",
        "CREATE INDEX membership_person ON membership(nik)",
        """CREATE TABLE welfare_rank (
            seq INTEGER PRIMARY KEY,
            no_kk INTEGER NOT NULL REFERENCES family(no_kk),
            desil INTEGER NOT NULL CHECK (desil BETWEEN 1 AND 10),
            recorded TEXT NOT NULL)""",
        "CREATE INDEX welfare_rank_family ON welfare_rank(no_kk, recorded)",
        """CREATE TABLE status_change (
            seq INTEGER PRIMARY KEY,
            programme TEXT NOT NULL,
            subject_kind TEXT NOT NULL CHECK (subject_kind IN ('family', 'person')),
            subject INTEGER NOT NULL,
            status TEXT NOT NULL,
            effective TEXT NOT NULL,
            recorded TEXT NOT NULL,
            reason TEXT NOT NULL)""",
        "CREATE INDEX status_change_subject ON status_change(programme, subject_kind, subject, effective)",
    ),
    # 2: duplicate review (dayasos.registry.review): proposed pairs and reviewers' decisions
    (
        """CREATE TABLE review_pair (
            id INTEGER PRIMARY KEY,
            first_nik INTEGER NOT NULL,
            second_nik INTEGER NOT NULL,
            score REAL NOT NULL,
            proposed TEXT NOT NULL,
            UNIQUE (first_nik, second_nik),
            CHECK (first_nik < second_nik))""",
        """CREATE TABLE review_decision (
            seq INTEGER PRIMARY KEY,
            pair INTEGER NOT NULL REFERENCES review_pair(id),
            decision TEXT NOT NULL CHECK (decision IN ('same', 'different', 'unsure')),
            reviewer TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            note TEXT NOT NULL)""",
        "CREATE INDEX review_decision_pair ON review_decision(pair, seq)",
    ),
    # 3: corrections (dayasos.registry.corrections): the append-only audit log
    (
        """CREATE TABLE audit_log (
            seq INTEGER PRIMARY KEY,
            entity TEXT NOT NULL CHECK (entity IN ('person', 'family')),
            key INTEGER NOT NULL,
            field TEXT NOT NULL,
            old TEXT,
            new TEXT,
            who TEXT NOT NULL,
            recorded TEXT NOT NULL,
            effective TEXT NOT NULL,
            why TEXT NOT NULL)""",
        "CREATE INDEX audit_log_entity ON audit_log(entity, key, seq)",
    ),
    # 4: an enrolment change's legal basis and note in columns of their own
    (
        "ALTER TABLE status_change ADD COLUMN basis TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE status_change ADD COLUMN note TEXT NOT NULL DEFAULT ''",
    ),
)
"""The schema migrations: item ``i`` takes a database from version ``i`` to ``i + 1``."""

SCHEMA_VERSION: Final = len(MIGRATIONS)
"""The schema version this library writes."""

REGISTRY_TABLES: Final = frozenset(
    {"person", "family", "membership", "welfare_rank", "status_change"}
)
"""The tables every dayasos registry holds (from schema version 1); a file without them is
not a registry."""

OpenMode = Literal["rwc", "rw", "ro", "new"]
"""How :class:`SQLiteStore` opens a file: ``"rwc"`` read and write, creating the file if
missing (the default); ``"rw"`` an existing registry only; ``"ro"`` an existing registry,
read-only (nothing can be written, the file is never migrated); ``"new"`` create a new file,
refusing one that exists."""

DEFAULT_TIMEOUT: Final = 5.0
"""Seconds a writer waits for another connection's write lock before StoreBusyError."""

CACHE_KIB: Final = 65536
"""The page cache of a connection, in KiB (64 MiB: bulk loads insert into several indexes)."""

_PERSON_COLS: Final = "nik, name, birth_date, sex, disability, pregnancy_due, school_level"
_MEMBER_COLS: Final = "no_kk, nik, relationship, start_date, end_date"
_CHANGE_COLS: Final = (
    "programme, subject_kind, subject, status, effective, recorded, reason, basis, note"
)


def _first(row: tuple[Any, ...]) -> Any:
    return row[0]


def _family_row(f: Family) -> tuple[Any, ...]:
    return (int(f.no_kk.reveal()), f.region.digits)


def _person_row(p: Person) -> tuple[Any, ...]:
    return (
        int(p.nik.reveal()),
        p.name,
        p.birth_date.isoformat(),
        p.sex.value,
        p.disability.value,
        None if p.pregnancy_due is None else p.pregnancy_due.isoformat(),
        p.school_level.value,
    )


def _person(row: tuple[Any, ...]) -> Person:
    return Person(
        Nik(f"{row[0]:016d}"),
        row[1],
        date.fromisoformat(row[2]),
        Sex.parse(row[3]),
        DisabilitySeverity.parse(row[4]),
        None if row[5] is None else date.fromisoformat(row[5]),
        SchoolLevel.parse(row[6]),
    )


def _member_row(m: Membership) -> tuple[Any, ...]:
    return (
        int(m.no_kk.reveal()),
        int(m.nik.reveal()),
        m.relationship.value,
        m.start.isoformat(),
        None if m.end is None else m.end.isoformat(),
    )


def _membership(row: tuple[Any, ...]) -> Membership:
    return Membership(
        NoKK(f"{row[0]:016d}"),
        Nik(f"{row[1]:016d}"),
        Relationship.parse(row[2]),
        date.fromisoformat(row[3]),
        None if row[4] is None else date.fromisoformat(row[4]),
    )


def _subject_key(subject: Subject) -> tuple[str, int]:
    kind = SubjectKind.FAMILY if isinstance(subject, NoKK) else SubjectKind.PERSON
    return kind.value, int(subject.reveal())


def _change(row: tuple[Any, ...]) -> StatusChange:
    digits = f"{row[2]:016d}"
    subject: Subject = NoKK(digits) if row[1] == SubjectKind.FAMILY.value else Nik(digits)
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


def _is_lock_error(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class SQLiteStore:
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

    def __init__(
        self,
        path: str | os.PathLike[str] = ":memory:",
        *,
        mode: OpenMode = "rwc",
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        if not isinstance(path, str | os.PathLike):
            raise ValidationError("path", f"must be a file path, not {type(path).__name__}")
        if mode not in get_args(OpenMode):
            raise ValidationError("mode", "must be 'rwc', 'rw', 'ro' or 'new'", shown=repr(mode))
        if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not timeout >= 0:
            raise ValidationError(
                "timeout", "must be a number of seconds >= 0", shown=repr(timeout)
            )
        self._path = os.fspath(path)
        self._mode = mode
        self._timeout = float(timeout)
        self._owner = threading.get_ident()
        self._depth = 0
        memory = self._path in (":memory:", "")
        if memory and mode != "rwc":
            raise ValidationError("mode", f"{mode!r} needs a file, not an in-memory database")
        if mode == "new":
            try:
                os.close(os.open(self._path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            except FileExistsError:
                raise RegistryFileError(
                    self._path, "already exists; a new registry is only written to a new file"
                ) from None
            except OSError as exc:
                raise RegistryFileError(self._path, f"cannot be created: {exc.strerror}") from None
        elif mode in ("rw", "ro") and not Path(self._path).is_file():
            raise RegistryFileError(self._path, "registry file not found")
        ro = mode == "ro"
        target = f"file:{quote(os.path.abspath(self._path))}?mode=ro" if ro else self._path
        try:
            self._conn = sqlite3.connect(
                target,
                isolation_level=None,
                timeout=self._timeout,
                uri=ro,
                check_same_thread=False,  # the owner check of _db gives the clear error
            )
        except sqlite3.Error as exc:
            raise RegistryFileError(self._path, f"cannot be opened: {exc}") from None
        try:
            self._setup()
        except BaseException:
            self._conn.close()
            raise

    def __repr__(self) -> str:
        return f"SQLiteStore({self._path!r})"

    @property
    def _db(self) -> sqlite3.Connection:
        """The connection, for the thread that opened the store only."""
        if threading.get_ident() != self._owner:
            raise StoreThreadError(repr(self))
        return self._conn

    @property
    def read_only(self) -> bool:
        """Whether the store was opened read-only (``mode="ro"``)."""
        return self._mode == "ro"

    # -- lifecycle ---------------------------------------------------------------------------
    def _setup(self) -> None:
        def prepare() -> None:
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            self._check_registry(*self._state())
            if self._mode != "ro":
                # switching to WAL needs an exclusive lock, for which SQLite does not always
                # call the busy handler: _locked retries until the timeout
                self._db.execute("PRAGMA journal_mode = WAL")
                self._db.execute("PRAGMA synchronous = NORMAL")

        try:
            self._locked(prepare, "opening")
        except sqlite3.DatabaseError as exc:
            raise RegistryFileError(self._path, f"is not a SQLite registry ({exc})") from None
        if self._mode != "ro":
            self._migrate()

    def _locked(self, action: Callable[[], None], operation: str) -> None:
        """Run ``action``, retrying while the database is locked, up to the timeout; then
        :class:`StoreBusyError`. Other operational errors become RegistryFileError."""
        deadline = time.monotonic() + self._timeout
        pause = 0.005
        while True:
            try:
                action()
                return
            except sqlite3.OperationalError as exc:
                if not _is_lock_error(exc):
                    raise RegistryFileError(self._path, f"{operation} failed: {exc}") from None
                if time.monotonic() >= deadline:
                    raise StoreBusyError(self._path, self._timeout, operation) from None
            time.sleep(pause)
            pause = min(pause * 2, 0.1)

    def _state(self) -> tuple[int, set[str]]:
        """The schema version and the table names, read in one statement (one snapshot: a
        process creating the schema at the same moment is seen before or after, not half)."""
        rows = self._db.execute(
            "SELECT (SELECT user_version FROM pragma_user_version), name FROM sqlite_master "
            "WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "UNION ALL SELECT (SELECT user_version FROM pragma_user_version), NULL"
        ).fetchall()
        return int(rows[0][0]), {r[1] for r in rows if r[1] is not None}

    def _check_registry(self, version: int, tables: set[str]) -> None:
        """Refuse a file that is not a dayasos registry, before anything is written."""
        if version > SCHEMA_VERSION:
            raise RegistryFileError(
                self._path,
                f"has schema version {version}, newer than this library's {SCHEMA_VERSION}; "
                "upgrade dayasos",
            )
        if version == 0:
            if tables:
                shown = ", ".join(sorted(tables)[:5])
                raise RegistryFileError(
                    self._path, f"is not a dayasos registry (it holds other tables: {shown})"
                )
            if self._mode in ("rw", "ro"):
                raise RegistryFileError(self._path, "is empty, not a dayasos registry")
        elif not tables >= REGISTRY_TABLES:
            missing = ", ".join(sorted(REGISTRY_TABLES - tables))
            raise RegistryFileError(
                self._path, f"is not a dayasos registry (it lacks the tables {missing})"
            )

    def _migrate(self) -> None:
        if self.schema_version == SCHEMA_VERSION:
            return
        while True:
            with self.transaction():  # the write lock: one process migrates, the others wait
                version, tables = self._state()  # re-read under the lock
                self._check_registry(version, tables)
                if version >= SCHEMA_VERSION:
                    return
                for statement in MIGRATIONS[version]:
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {version + 1}")

    @property
    def schema_version(self) -> int:
        """The schema version recorded in the database file."""
        row = self._db.execute("PRAGMA user_version").fetchone()
        return int(row[0])

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together or, on an exception, roll back (savepoints when
        nested). The outermost transaction takes the write lock when it starts, so reads
        inside it see the state the writes will apply to.

        Raises:
            StoreBusyError: another connection held the lock longer than the timeout.
            RegistryFileError: the store was opened read-only.
        """
        if self._mode == "ro":
            raise RegistryFileError(self._path, "is opened read-only; nothing was written")
        depth = self._depth
        if depth == 0:
            self._execute_locking("BEGIN IMMEDIATE", "starting a write")
        else:
            self._db.execute(f"SAVEPOINT sp{depth}")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            if depth == 0:
                self._db.execute("ROLLBACK")
            else:
                self._db.execute(f"ROLLBACK TO sp{depth}")
                self._db.execute(f"RELEASE sp{depth}")
            raise
        self._depth -= 1
        if depth == 0:
            try:
                self._execute_locking("COMMIT", "committing")
            except StoreBusyError:
                self._db.execute("ROLLBACK")
                raise
        else:
            self._db.execute(f"RELEASE sp{depth}")

    def _execute_locking(self, statement: str, operation: str) -> None:
        def run() -> None:
            self._db.execute(statement)

        self._locked(run, operation)

    def _exists(self, table: str, key: str, value: int) -> bool:
        row = self._db.execute(f"SELECT 1 FROM {table} WHERE {key} = ?", (value,)).fetchone()
        return row is not None

    # -- persons and families ----------------------------------------------------------------
    def add_person(self, person: Person) -> None:
        expect(person, Person, "person")
        try:
            with self.transaction():
                self._db.execute(
                    f"INSERT INTO person ({_PERSON_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    _person_row(person),
                )
        except sqlite3.IntegrityError:
            raise RegistryConflictError("person", f"NIK {person.nik} is already stored") from None

    def add_persons(self, persons: Iterable[Person]) -> int:
        before = self._db.total_changes
        try:
            with self.transaction():
                # in key order: appends to the primary-key B-tree instead of random inserts
                rows: list[tuple[Any, ...]] = sorted(
                    map(_person_row, expect_each(persons, Person, "persons")), key=_first
                )
                self._db.executemany(
                    f"INSERT INTO person ({_PERSON_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?)", rows
                )
                count = self._db.total_changes - before
        except sqlite3.IntegrityError:
            raise RegistryConflictError(
                "person", "a NIK of the batch is already stored or repeated; nothing was added"
            ) from None
        return count

    def get_person(self, nik: Nik) -> Person:
        expect(nik, Nik, "nik")
        found = self.find_person(nik)
        if found is None:
            raise RecordNotFoundError("person", str(nik))
        return found

    def find_person(self, nik: Nik) -> Person | None:
        expect(nik, Nik, "nik")
        row = self._db.execute(
            f"SELECT {_PERSON_COLS} FROM person WHERE nik = ?", (int(nik.reveal()),)
        ).fetchone()
        return None if row is None else _person(row)

    def add_family(self, family: Family) -> None:
        expect(family, Family, "family")
        try:
            with self.transaction():
                self._db.execute(
                    "INSERT INTO family (no_kk, region) VALUES (?, ?)",
                    (int(family.no_kk.reveal()), family.region.digits),
                )
        except sqlite3.IntegrityError:
            raise RegistryConflictError(
                "family", f"No. KK {family.no_kk} is already stored"
            ) from None

    def add_families(self, families: Iterable[Family]) -> int:
        before = self._db.total_changes
        try:
            with self.transaction():
                rows: list[tuple[Any, ...]] = sorted(
                    map(_family_row, expect_each(families, Family, "families")), key=_first
                )
                self._db.executemany("INSERT INTO family (no_kk, region) VALUES (?, ?)", rows)
                count = self._db.total_changes - before
        except sqlite3.IntegrityError:
            raise RegistryConflictError(
                "family", "a No. KK of the batch is already stored or repeated; nothing was added"
            ) from None
        return count

    def get_family(self, no_kk: NoKK) -> Family:
        expect(no_kk, NoKK, "no_kk")
        row = self._db.execute(
            "SELECT region FROM family WHERE no_kk = ?", (int(no_kk.reveal()),)
        ).fetchone()
        if row is None:
            raise RecordNotFoundError("family", str(no_kk))
        return Family(no_kk, RegionCode(row[0]))

    # -- memberships -------------------------------------------------------------------------
    def _family_memberships(self, kk: int) -> list[Membership]:
        rows = self._db.execute(
            f"SELECT {_MEMBER_COLS} FROM membership WHERE no_kk = ?", (kk,)
        ).fetchall()
        return [_membership(r) for r in rows]

    def _check_membership(self, m: Membership, pending: list[Membership]) -> None:
        if not self._exists("person", "nik", int(m.nik.reveal())):
            raise RecordNotFoundError("person", str(m.nik))
        if not self._exists("family", "no_kk", int(m.no_kk.reveal())):
            raise RecordNotFoundError("family", str(m.no_kk))
        check_new_membership([*self._family_memberships(int(m.no_kk.reveal())), *pending], m)

    def add_membership(self, membership: Membership) -> None:
        expect(membership, Membership, "membership")
        with self.transaction():
            self._check_membership(membership, [])
            self._db.execute(
                f"INSERT INTO membership ({_MEMBER_COLS}) VALUES (?, ?, ?, ?, ?)",
                _member_row(membership),
            )

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
                rows: list[tuple[Any, ...]] = sorted(map(_member_row, batch), key=_first)
                self._db.executemany(
                    f"INSERT INTO membership ({_MEMBER_COLS}) VALUES (?, ?, ?, ?, ?)", rows
                )
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
                f"SELECT id, {_MEMBER_COLS} FROM membership "
                "WHERE no_kk = ? AND nik = ? AND end_date IS NULL",
                (int(no_kk.reveal()), int(nik.reveal())),
            ).fetchone()
            if row is None:
                raise RecordNotFoundError("open membership", f"{nik} in {no_kk}")
            m = _membership(row[1:])
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
            f"SELECT {_MEMBER_COLS} FROM membership WHERE no_kk = ? AND start_date <= ? "
            "AND (end_date IS NULL OR end_date > ?) ORDER BY nik",
            (int(no_kk.reveal()), d, d),
        ).fetchall()
        return tuple(_membership(r) for r in rows)

    def memberships_of(self, nik: Nik) -> tuple[Membership, ...]:
        expect(nik, Nik, "nik")
        rows = self._db.execute(
            f"SELECT {_MEMBER_COLS} FROM membership WHERE nik = ? ORDER BY start_date, no_kk",
            (int(nik.reveal()),),
        ).fetchall()
        return tuple(_membership(r) for r in rows)

    def head_on(self, no_kk: NoKK, on: date) -> Nik | None:
        expect(no_kk, NoKK, "no_kk")
        expect(on, date, "on")
        d = on.isoformat()
        row = self._db.execute(
            "SELECT nik FROM membership WHERE no_kk = ? AND relationship = ? "
            "AND start_date <= ? AND (end_date IS NULL OR end_date > ?)",
            (int(no_kk.reveal()), Relationship.KEPALA_KELUARGA.value, d, d),
        ).fetchone()
        return None if row is None else Nik(f"{row[0]:016d}")

    # -- ranks and enrolment -----------------------------------------------------------------
    def record_rank(self, rank: WelfareRank) -> None:
        expect(rank, WelfareRank, "rank")
        kk = int(rank.no_kk.reveal())
        with self.transaction():
            if not self._exists("family", "no_kk", kk):
                raise RecordNotFoundError("family", str(rank.no_kk))
            self._db.execute(
                "INSERT INTO welfare_rank (no_kk, desil, recorded) VALUES (?, ?, ?)",
                (kk, rank.desil, rank.recorded.isoformat()),
            )

    def rank_on(self, no_kk: NoKK, on: date) -> WelfareRank | None:
        expect(no_kk, NoKK, "no_kk")
        expect(on, date, "on")
        row = self._db.execute(
            "SELECT desil, recorded FROM welfare_rank "
            f"WHERE no_kk = ? AND {RANK_IN_FORCE.sql_where()} "
            f"ORDER BY {RANK_IN_FORCE.sql_latest_first()} LIMIT 1",
            (int(no_kk.reveal()), on.isoformat()),
        ).fetchone()
        return None if row is None else WelfareRank(no_kk, row[0], date.fromisoformat(row[1]))

    def record_status(self, change: StatusChange) -> None:
        expect(change, StatusChange, "change")
        kind, key = _subject_key(change.subject)
        with self.transaction():
            table, col = ("family", "no_kk") if kind == "family" else ("person", "nik")
            if not self._exists(table, col, key):
                raise RecordNotFoundError(table, str(change.subject))
            self._db.execute(
                f"INSERT INTO status_change ({_CHANGE_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    change.programme.value,
                    kind,
                    key,
                    change.status.value,
                    change.effective.isoformat(),
                    change.recorded.isoformat(),
                    change.reason,
                    change.basis,
                    change.note,
                ),
            )

    def history(self, programme: Programme, subject: Subject) -> tuple[StatusChange, ...]:
        expect(programme, Programme, "programme")
        expect(subject, (NoKK, Nik), "subject")
        kind, key = _subject_key(subject)
        rows = self._db.execute(
            f"SELECT {_CHANGE_COLS} FROM status_change "
            "WHERE programme = ? AND subject_kind = ? AND subject = ? ORDER BY seq",
            (programme.value, kind, key),
        ).fetchall()
        return tuple(_change(r) for r in rows)

    def status_on(
        self, programme: Programme, subject: Subject, on: date, known_on: date | None = None
    ) -> EnrolmentStatus | None:
        expect(programme, Programme, "programme")
        expect(subject, (NoKK, Nik), "subject")
        expect(on, date, "on")
        if known_on is not None:
            expect(known_on, date, "known_on")
        kind, key = _subject_key(subject)
        known = date.max if known_on is None else known_on
        row = self._db.execute(
            "SELECT status FROM status_change WHERE programme = ? AND subject_kind = ? "
            f"AND subject = ? AND {STATUS_IN_FORCE.sql_where(known=True)} "
            f"ORDER BY {STATUS_IN_FORCE.sql_latest_first()} LIMIT 1",
            (programme.value, kind, key, on.isoformat(), known.isoformat()),
        ).fetchone()
        return None if row is None else EnrolmentStatus(row[0])

    def member_columns(self, on: date, programme: Programme) -> dict[str, npt.NDArray[Any]]:
        """The members in force on ``on`` and their families, as numpy columns: the
        set-based read of :func:`dayasos.registry.columnar.member_columns` (see
        :meth:`~dayasos.registry.RegistryStore.member_columns`)."""
        expect(on, date, "on")
        expect(programme, Programme, "programme")
        from dayasos.registry.columnar import member_columns

        return member_columns(self, on, programme)

    def read_columns_revealed(self, on: date, programme: Programme) -> dict[str, list[Any]]:
        """The facts of every member in force on ``on``, in a few set-based queries, for
        column-wise evaluation (:func:`dayasos.population.population_from_registry`).

        The name says it: the ``no_kk`` and ``family`` columns are the **unmasked** No. KK
        numbers (as integers). Keep them inside the process; never log or export them.

        Returns plain lists: per member row (ordered by No. KK, then NIK) ``no_kk`` (int),
        ``birth_date``, ``sex``, ``disability``, ``school_level`` (stored codes), ``pregnant``
        (a pregnancy due on or after ``on``); and per family of those rows, in the same order,
        ``family`` (int No. KK), ``region`` (digits), ``desil`` (in force, 0 if none) and
        ``status`` (the ``programme`` enrolment status code in force, ``""`` if none), with
        the same tie rules as :meth:`rank_on` and :meth:`status_on`.
        """
        if not isinstance(on, date) or isinstance(on, datetime):
            raise ValidationError("on", "must be a date (not a datetime)", shown=repr(on)[:40])
        if not isinstance(programme, Programme):
            raise ValidationError("programme", "must be a Programme", shown=repr(programme)[:40])
        day = on.isoformat()
        rows = self._db.execute(
            """SELECT m.no_kk, p.birth_date, p.sex, p.disability, p.school_level,
                      p.pregnancy_due IS NOT NULL AND p.pregnancy_due >= ?
               FROM membership m JOIN person p ON p.nik = m.nik
               WHERE m.start_date <= ? AND (m.end_date IS NULL OR m.end_date > ?)
               ORDER BY m.no_kk, m.nik""",
            (day, day, day),
        ).fetchall()
        out: dict[str, list[Any]] = {
            k: [r[i] for r in rows]
            for i, k in enumerate(
                ("no_kk", "birth_date", "sex", "disability", "school_level", "pregnant")
            )
        }
        families = sorted(set(out["no_kk"]))
        regions = dict(self._db.execute("SELECT no_kk, region FROM family").fetchall())
        desil: dict[int, int] = {}
        for kk, d in self._db.execute(
            f"SELECT no_kk, desil FROM welfare_rank WHERE {RANK_IN_FORCE.sql_where()} "
            f"ORDER BY {RANK_IN_FORCE.sql_oldest_first()}",
            (day,),
        ):
            desil[kk] = d  # the last one in the order is in force
        status: dict[int, str] = {}
        for kk, st in self._db.execute(
            f"""SELECT subject, status FROM status_change
               WHERE programme = ? AND subject_kind = 'family' AND {STATUS_IN_FORCE.sql_where()}
               ORDER BY {STATUS_IN_FORCE.sql_oldest_first()}""",
            (programme.value, day),
        ):
            status[kk] = st
        out["family"] = families
        out["region"] = [regions[k] for k in families]
        out["desil"] = [desil.get(k, 0) for k in families]
        out["status"] = [status.get(k, "") for k in families]
        return out

    def families_with_status(
        self,
        programme: Programme,
        on: date,
        status: EnrolmentStatus = EnrolmentStatus.ACTIVE,
        region: RegionCode | None = None,
    ) -> tuple[NoKK, ...]:
        expect(programme, Programme, "programme")
        expect(on, date, "on")
        expect(status, EnrolmentStatus, "status")
        if region is not None:
            expect(region, RegionCode, "region")
        prefix = "" if region is None else region.digits
        rows = self._db.execute(
            f"""SELECT c.subject FROM (
                   SELECT subject, status, ROW_NUMBER() OVER (
                       PARTITION BY subject ORDER BY {STATUS_IN_FORCE.sql_latest_first()}) AS rn
                   FROM status_change
                   WHERE programme = ? AND subject_kind = 'family'
                     AND {STATUS_IN_FORCE.sql_where()}) AS c
               JOIN family AS f ON f.no_kk = c.subject
               WHERE c.rn = 1 AND c.status = ? AND f.region >= ? AND f.region < ?
               ORDER BY c.subject""",
            (programme.value, on.isoformat(), status.value, prefix, prefix + ":"),
        ).fetchall()
        return tuple(NoKK(f"{r[0]:016d}") for r in rows)

    # -- iteration ---------------------------------------------------------------------------
    def persons(self) -> Iterator[Person]:
        cur = self._db.execute(f"SELECT {_PERSON_COLS} FROM person ORDER BY nik")
        return (_person(r) for r in cur)

    def families(self) -> Iterator[Family]:
        cur = self._db.execute("SELECT no_kk, region FROM family ORDER BY no_kk")
        return (Family(NoKK(f"{r[0]:016d}"), RegionCode(r[1])) for r in cur)

    def memberships(self) -> Iterator[Membership]:
        cur = self._db.execute(
            f"SELECT {_MEMBER_COLS} FROM membership ORDER BY no_kk, nik, start_date"
        )
        return (_membership(r) for r in cur)

    def ranks(self) -> Iterator[WelfareRank]:
        cur = self._db.execute("SELECT no_kk, desil, recorded FROM welfare_rank ORDER BY seq")
        return (WelfareRank(NoKK(f"{r[0]:016d}"), r[1], date.fromisoformat(r[2])) for r in cur)

    def status_changes(self) -> Iterator[StatusChange]:
        cur = self._db.execute(f"SELECT {_CHANGE_COLS} FROM status_change ORDER BY seq")
        return (_change(r) for r in cur)

    def count_persons(self) -> int:
        row = self._db.execute("SELECT count(*) FROM person").fetchone()
        return int(row[0])
