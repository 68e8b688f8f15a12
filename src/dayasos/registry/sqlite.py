"""The SQLite registry store: one file, Python's ``sqlite3``, the embedded default.

The library creates and migrates the schema itself: ``PRAGMA user_version`` holds the schema
version and :data:`MIGRATIONS` the scripts that lead to it, applied in order in one
transaction each. Connections run in WAL mode with foreign keys on; every write runs in a
transaction (nested groups use savepoints). NIK and No. KK are stored as 64-bit integers (16
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
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from types import TracebackType
from typing import Any, Final, Self

from dayasos.categories import DisabilitySeverity, Programme, Relationship, SchoolLevel, Sex
from dayasos.errors import (
    RecordNotFoundError,
    RegistryConflictError,
    ValidationError,
)
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
from dayasos.registry.store import check_new_membership

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "SQLiteStore"]

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


class SQLiteStore:
    """A registry store in one SQLite file (``":memory:"`` for a throw-away database).

    Args:
        path: the database file; created with the current schema if missing, migrated if older.
    """

    def __init__(self, path: str | os.PathLike[str] = ":memory:") -> None:
        self._path = os.fspath(path)
        self._db = sqlite3.connect(self._path, isolation_level=None)
        self._depth = 0
        self._db.execute("PRAGMA foreign_keys = ON")
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = NORMAL")
        self._db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        self._migrate()

    def __repr__(self) -> str:
        return f"SQLiteStore({self._path!r})"

    # -- lifecycle ---------------------------------------------------------------------------
    def _migrate(self) -> None:
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise ValidationError(
                "schema_version",
                f"the database has schema version {version}, newer than this library's {SCHEMA_VERSION}",
            )
        for target in range(version, SCHEMA_VERSION):
            with self.transaction():
                for statement in MIGRATIONS[target]:
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {target + 1}")

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
        nested)."""
        depth = self._depth
        if depth == 0:
            self._db.execute("BEGIN IMMEDIATE")
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
            self._db.execute("COMMIT")
        else:
            self._db.execute(f"RELEASE sp{depth}")

    def _exists(self, table: str, key: str, value: int) -> bool:
        row = self._db.execute(f"SELECT 1 FROM {table} WHERE {key} = ?", (value,)).fetchone()
        return row is not None

    # -- persons and families ----------------------------------------------------------------
    def add_person(self, person: Person) -> None:
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
                rows: list[tuple[Any, ...]] = sorted(map(_person_row, persons), key=_first)
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
        found = self.find_person(nik)
        if found is None:
            raise RecordNotFoundError("person", str(nik))
        return found

    def find_person(self, nik: Nik) -> Person | None:
        row = self._db.execute(
            f"SELECT {_PERSON_COLS} FROM person WHERE nik = ?", (int(nik.reveal()),)
        ).fetchone()
        return None if row is None else _person(row)

    def add_family(self, family: Family) -> None:
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
                rows: list[tuple[Any, ...]] = sorted(map(_family_row, families), key=_first)
                self._db.executemany("INSERT INTO family (no_kk, region) VALUES (?, ?)", rows)
                count = self._db.total_changes - before
        except sqlite3.IntegrityError:
            raise RegistryConflictError(
                "family", "a No. KK of the batch is already stored or repeated; nothing was added"
            ) from None
        return count

    def get_family(self, no_kk: NoKK) -> Family:
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
        batch = list(memberships)
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
        d = on.isoformat()
        rows = self._db.execute(
            f"SELECT {_MEMBER_COLS} FROM membership WHERE no_kk = ? AND start_date <= ? "
            "AND (end_date IS NULL OR end_date > ?) ORDER BY nik",
            (int(no_kk.reveal()), d, d),
        ).fetchall()
        return tuple(_membership(r) for r in rows)

    def memberships_of(self, nik: Nik) -> tuple[Membership, ...]:
        rows = self._db.execute(
            f"SELECT {_MEMBER_COLS} FROM membership WHERE nik = ? ORDER BY start_date, no_kk",
            (int(nik.reveal()),),
        ).fetchall()
        return tuple(_membership(r) for r in rows)

    def head_on(self, no_kk: NoKK, on: date) -> Nik | None:
        d = on.isoformat()
        row = self._db.execute(
            "SELECT nik FROM membership WHERE no_kk = ? AND relationship = ? "
            "AND start_date <= ? AND (end_date IS NULL OR end_date > ?)",
            (int(no_kk.reveal()), Relationship.KEPALA_KELUARGA.value, d, d),
        ).fetchone()
        return None if row is None else Nik(f"{row[0]:016d}")

    # -- ranks and enrolment -----------------------------------------------------------------
    def record_rank(self, rank: WelfareRank) -> None:
        kk = int(rank.no_kk.reveal())
        with self.transaction():
            if not self._exists("family", "no_kk", kk):
                raise RecordNotFoundError("family", str(rank.no_kk))
            self._db.execute(
                "INSERT INTO welfare_rank (no_kk, desil, recorded) VALUES (?, ?, ?)",
                (kk, rank.desil, rank.recorded.isoformat()),
            )

    def rank_on(self, no_kk: NoKK, on: date) -> WelfareRank | None:
        row = self._db.execute(
            "SELECT desil, recorded FROM welfare_rank WHERE no_kk = ? AND recorded <= ? "
            "ORDER BY recorded DESC, seq DESC LIMIT 1",
            (int(no_kk.reveal()), on.isoformat()),
        ).fetchone()
        return None if row is None else WelfareRank(no_kk, row[0], date.fromisoformat(row[1]))

    def record_status(self, change: StatusChange) -> None:
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
        kind, key = _subject_key(subject)
        known = date.max if known_on is None else known_on
        row = self._db.execute(
            "SELECT status FROM status_change WHERE programme = ? AND subject_kind = ? "
            "AND subject = ? AND effective <= ? AND recorded <= ? "
            "ORDER BY effective DESC, recorded DESC, seq DESC LIMIT 1",
            (programme.value, kind, key, on.isoformat(), known.isoformat()),
        ).fetchone()
        return None if row is None else EnrolmentStatus(row[0])

    def read_columns(self, on: date, programme: Programme) -> dict[str, list[Any]]:
        """The facts of every member in force on ``on``, in a few set-based queries, for
        column-wise evaluation (:func:`dayasos.population.population_from_registry`).

        Returns plain lists: per member row (ordered by No. KK, then NIK) ``no_kk`` (int),
        ``birth_date``, ``sex``, ``disability``, ``school_level`` (stored codes), ``pregnant``
        (a pregnancy due on or after ``on``); and per family of those rows, in the same order,
        ``family`` (int No. KK), ``region`` (digits), ``desil`` (in force, 0 if none) and
        ``status`` (the ``programme`` enrolment status code in force, ``""`` if none), with
        the same tie rules as :meth:`rank_on` and :meth:`status_on`.
        """
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
            "SELECT no_kk, desil FROM welfare_rank WHERE recorded <= ? ORDER BY recorded, seq",
            (day,),
        ):
            desil[kk] = d  # the latest recorded, then the last appended, wins
        status: dict[int, str] = {}
        for kk, st in self._db.execute(
            """SELECT subject, status FROM status_change
               WHERE programme = ? AND subject_kind = 'family' AND effective <= ?
               ORDER BY effective, recorded, seq""",
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
        prefix = "" if region is None else region.digits
        rows = self._db.execute(
            """SELECT c.subject FROM (
                   SELECT subject, status, ROW_NUMBER() OVER (
                       PARTITION BY subject ORDER BY effective DESC, recorded DESC, seq DESC) AS rn
                   FROM status_change
                   WHERE programme = ? AND subject_kind = 'family' AND effective <= ?) AS c
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
