"""Writing checked rows into the SQLite registry tables in key order, for the bulk loads
(:func:`~dayasos.registry.bulk.bulk_import` and
:func:`~dayasos.population.store_population`). Internal to the library: the callers hold the
transaction and have checked every row.
"""

from __future__ import annotations

from typing import Any

__all__ = ["drop_membership_indexes", "insert_rows"]


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
    db.executemany(
        "INSERT INTO person (nik, name, birth_date, sex, disability, pregnancy_due, "
        "school_level) VALUES (?, ?, ?, ?, ?, ?, ?)",
        persons,
    )
    db.executemany("INSERT INTO family (no_kk, region) VALUES (?, ?)", families)
    db.executemany(
        "INSERT INTO membership (no_kk, nik, relationship, start_date, end_date) "
        "VALUES (?, ?, ?, ?, ?)",
        memberships,
    )
