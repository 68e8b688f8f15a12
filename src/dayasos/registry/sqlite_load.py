"""Writing checked rows into the SQLite registry tables in key order, for the bulk loads
(:func:`~dayasos.registry.bulk.bulk_import` and
:func:`~dayasos.population.store_population`). Internal to the library: the callers hold the
transaction and have checked every row.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Final

__all__ = [
    "FAMILY_INSERT",
    "LOAD_CACHE_KIB",
    "MEMBERSHIP_INSERT",
    "PERSON_INSERT",
    "drop_membership_indexes",
    "insert_columns",
    "insert_rows",
    "load_cache",
]

PERSON_INSERT: Final = (
    "INSERT INTO person (nik, name, birth_date, sex, disability, pregnancy_due, school_level) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)
"""Inserts a person row ``(nik, name, birth_date, sex, disability, pregnancy_due,
school_level)``."""

FAMILY_INSERT: Final = "INSERT INTO family (no_kk, region) VALUES (?, ?)"
"""Inserts a family row ``(no_kk, region)``."""

MEMBERSHIP_INSERT: Final = (
    "INSERT INTO membership (no_kk, nik, relationship, start_date, end_date) VALUES (?, ?, ?, ?, ?)"
)
"""Inserts a membership row ``(no_kk, nik, relationship, start_date, end_date)``."""

LOAD_CACHE_KIB: Final = 262_144
"""The page cache of a connection during a bulk load, in KiB (256 MiB, a bound whatever the
size of the file): the NIKs of a national file arrive in no order, so each batch inserts all
over the person table, and every page it touches is best kept in memory until the commit."""


@contextmanager
def load_cache(db: Any) -> Iterator[None]:
    """Enlarge the page cache to :data:`LOAD_CACHE_KIB` for the duration of a load, then set
    it back. Nothing else changes: the journal stays WAL and every commit as durable."""
    before = int(db.execute("PRAGMA cache_size").fetchone()[0])
    if before >= 0 or -before < LOAD_CACHE_KIB:
        db.execute(f"PRAGMA cache_size = -{LOAD_CACHE_KIB}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA cache_size = {before}")


def insert_columns(db: Any, sql: str, columns: Sequence[Iterable[Any]]) -> None:
    """Run the insert ``sql`` (one of :data:`PERSON_INSERT`, :data:`FAMILY_INSERT`,
    :data:`MEMBERSHIP_INSERT`) for the rows given as columns of equal length (lists, or
    iterators such as ``itertools.repeat(value, n)``), in their order
    (the caller gives them in key order: appends to the B-trees). The rows are made one at a
    time while SQLite inserts them: no list of row tuples is built."""
    db.executemany(sql, zip(*columns, strict=True))


def drop_membership_indexes(db: Any) -> list[str]:
    """On an empty membership table, drop its indexes that do not start with ``no_kk`` and
    return their definitions, to be built once at the end of a bulk load (one sort instead
    of millions of random index inserts; the loads insert in No. KK order, and the import's
    checks look memberships up by No. KK); on a non-empty table, drop nothing."""
    if db.execute("SELECT 1 FROM membership LIMIT 1").fetchone() is not None:
        return []
    rows = [
        (name, sql)
        for name, sql in db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
            "AND tbl_name = 'membership' AND sql IS NOT NULL"
        ).fetchall()
        if not sql.replace(" ", "").split("(", 1)[1].startswith("no_kk")
    ]
    for name, _ in rows:
        db.execute(f'DROP INDEX "{name}"')
    return [sql for _, sql in rows]


def insert_rows(
    db: Any,
    persons: list[tuple[Any, ...]],
    families: list[tuple[Any, ...]],
    memberships: list[tuple[Any, ...]],
) -> None:
    """Insert checked rows in the stored encodings, each table in key order (appends to the
    B-trees): persons ``(nik, name, birth_date, sex, disability, pregnancy_due,
    school_level)``, families ``(no_kk, region)``, memberships ``(no_kk, nik, relationship,
    start_date, end_date)``. The caller holds the transaction and has checked the rows."""
    persons.sort()
    families.sort()
    memberships.sort()
    db.executemany(PERSON_INSERT, persons)
    db.executemany(FAMILY_INSERT, families)
    db.executemany(MEMBERSHIP_INSERT, memberships)
