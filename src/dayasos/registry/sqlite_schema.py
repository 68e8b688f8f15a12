"""The SQLite registry schema: the tables, as the migrations that create them.

``PRAGMA user_version`` holds a file's schema version; :data:`MIGRATIONS` item ``i`` takes it
from version ``i`` to ``i + 1`` (applied by :class:`~dayasos.registry.SQLiteStore`, in order,
one transaction each). A migration is never edited once released: a change of the schema is a
new item.
"""

from __future__ import annotations

from typing import Final

__all__ = ["MIGRATIONS", "REGISTRY_TABLES", "SCHEMA_VERSION"]

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
