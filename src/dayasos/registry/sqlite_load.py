"""Writing checked rows into the SQLite registry tables in key order, for the bulk loads
(:func:`~dayasos.registry.bulk.bulk_import` and
:func:`~dayasos.population.store_population`). Internal to the library: the callers hold the
transaction and have checked every row.

Rows given as columns are inserted :data:`ROWS_PER_STATEMENT` at a time by one
``INSERT ... VALUES (...), (...), ...`` statement: SQLite then runs its statement machinery
once per group instead of once per row (measured: 1.3 instead of 1.7 s for a million person
rows, 1.05 instead of 1.8 s for a million memberships), and the values are bound from one
flat list made by slice assignment, with no tuple per row.

A column that may be ``NULL`` (:attr:`TableInsert.nullable`: a pregnancy due date, the end of
a membership) is bound as ``''`` where the row has no value and stored as ``NULL`` by
``nullif(?, '')``: Python's :mod:`sqlite3` binds ``None`` through its adapter look-up
(measured 0.37 µs a value, against 0.03 µs for the ``nullif``), and most rows of a registry
have neither value. ``''`` is never a stored value of those columns (an ISO date or ``NULL``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Final

from attrs import define, field

if TYPE_CHECKING:  # numpy is an extra: only the bulk loads, which need it, pass arrays
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "FAMILY_INSERT",
    "INDEX_BUILD_CACHE_KIB",
    "LOAD_CACHE_KIB",
    "MEMBERSHIP_INSERT",
    "PERSON_INSERT",
    "ROWS_PER_STATEMENT",
    "STATUS_CHANGE_INSERT",
    "WELFARE_RANK_INSERT",
    "TableInsert",
    "build_indexes",
    "drop_membership_indexes",
    "flat_values",
    "insert_columns",
    "insert_flat",
    "insert_ordered",
    "insert_rows",
    "load_cache",
]

ROWS_PER_STATEMENT: Final = 4000
"""Rows inserted by one multi-row ``INSERT`` statement (28,000 bound values for a person row
of seven columns, under SQLite's limit of 32,766; fewer rows where a connection's limit is
lower). Each statement gives the interpreter to the reading thread while SQLite works, and
the writing thread must then take it back: fewer, larger statements made it wait less (ten
million persons imported in 54.9 s with 2,000 rows instead of 56.5 s with 500; later 46.2
and 47.6 s with 4,000 instead of 48.0 and 49.1 s with 2,000)."""


_BLANK: Final[dict[Any, Any]] = {None: ""}
"""``None`` to ``''``, anything else to itself (by ``_BLANK.get(v, v)``)."""


def _literal(value: str | int | None) -> str:
    """``value`` as an SQL literal."""
    if value is None:
        return "NULL"
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("an SQL literal cannot hold a NUL character")
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"no SQL literal for {type(value).__name__}")


def _placeholders(
    columns: tuple[str, ...], nullable: tuple[str, ...], literals: tuple[str, ...], rows: int
) -> str:
    values = ["nullif(?, '')" if c in nullable else "?" for c in columns]
    one = "(" + ", ".join([*values, *literals]) + ")"
    return ", ".join([one] * rows)


@define(frozen=True, slots=True)
class TableInsert:
    """An insert into one table: its name, the columns given, in order, and those of them
    that may be ``NULL``, whose ``''`` is stored as ``NULL`` (``None`` may be bound too)."""

    table: str
    columns: tuple[str, ...]
    nullable: tuple[str, ...] = ()
    constants: tuple[tuple[str, str | int | None], ...] = ()
    """Columns of the same value in every row, written in the statement as SQL literals
    instead of bound per row: ``(column, value)`` pairs (see :meth:`with_constants`)."""
    sql: str = field(init=False)
    """The one-row ``INSERT`` statement."""
    many_sql: str = field(init=False)
    """The statement inserting :data:`ROWS_PER_STATEMENT` rows."""

    def __attrs_post_init__(self) -> None:
        if not set(self.nullable) <= set(self.columns):
            raise ValueError(f"nullable columns {self.nullable} not all in {self.columns}")
        object.__setattr__(self, "sql", self._sql(1))
        object.__setattr__(self, "many_sql", self._sql(ROWS_PER_STATEMENT))

    def _sql(self, rows: int) -> str:
        names = [*self.columns, *(c for c, _ in self.constants)]
        literals = tuple(_literal(v) for _, v in self.constants)
        head = f"INSERT INTO {self.table} ({', '.join(names)}) VALUES "
        return head + _placeholders(self.columns, self.nullable, literals, rows)

    def with_constants(self, **values: str | int | None) -> TableInsert:
        """The same insert with the columns named in ``values`` given once, as SQL literals
        (``None`` is ``NULL``), for a load whose rows all hold the same value there: fewer
        values are bound per row. The rows then give the other columns, in order.

        Raises:
            ValueError: for a name that is not one of the columns given per row, or a text
                holding a NUL character.
            TypeError: for a value that is not a str, an int or ``None``.
        """
        unknown = set(values) - set(self.columns)
        if unknown:
            raise ValueError(f"{sorted(unknown)} not in the columns {self.columns}")
        return TableInsert(
            self.table,
            tuple(c for c in self.columns if c not in values),
            tuple(c for c in self.nullable if c not in values),
            (*self.constants, *values.items()),
        )

    def rows_sql(self, rows: int) -> str:
        """The statement inserting ``rows`` rows."""
        return self.many_sql if rows == ROWS_PER_STATEMENT else self._sql(rows)

    def blank_nulls(self, flat: list[Any]) -> list[Any]:
        """Put ``''`` in place of ``None`` in the nullable columns of ``flat`` (rows of values,
        as :func:`flat_values` makes them), in place; returns ``flat``."""
        width = len(self.columns)
        for j, name in enumerate(self.columns):
            if name in self.nullable:
                column = flat[j::width]
                if None in column:
                    flat[j::width] = list(map(_BLANK.get, column, column))
        return flat

    def as_stored(self, row: Sequence[Any]) -> tuple[Any, ...]:
        """One row of values (in the order of :attr:`columns`) as the table gives it back:
        ``None`` for a nullable column's ``''`` (the inverse of :meth:`blank_nulls`)."""
        return tuple(
            None if v == "" and c in self.nullable else v
            for c, v in zip(self.columns, row, strict=True)
        )


PERSON_INSERT: Final = TableInsert(
    "person",
    ("nik", "name", "birth_date", "sex", "disability", "pregnancy_due", "school_level"),
    ("pregnancy_due",),
)
"""Inserts person rows ``(nik, name, birth_date, sex, disability, pregnancy_due,
school_level)``."""

FAMILY_INSERT: Final = TableInsert("family", ("no_kk", "region"))
"""Inserts family rows ``(no_kk, region)``."""

MEMBERSHIP_INSERT: Final = TableInsert(
    "membership", ("no_kk", "nik", "relationship", "start_date", "end_date"), ("end_date",)
)
"""Inserts membership rows ``(no_kk, nik, relationship, start_date, end_date)``."""

WELFARE_RANK_INSERT: Final = TableInsert("welfare_rank", ("no_kk", "desil", "recorded"))
"""Inserts welfare rank rows ``(no_kk, desil, recorded)``."""

STATUS_CHANGE_INSERT: Final = TableInsert(
    "status_change",
    ("programme", "subject_kind", "subject", "status", "effective", "recorded", "reason"),
)
"""Inserts status change rows ``(programme, subject_kind, subject, status, effective,
recorded, reason)``."""

LOAD_CACHE_KIB: Final = 262_144
"""The page cache of a connection during a bulk load, in KiB (256 MiB, a bound whatever the
size of the file): the NIKs of a national file arrive in no order, so each batch inserts all
over the person table, and every page it touches is best kept in memory until the commit."""


@contextmanager
def load_cache(db: Any) -> Iterator[None]:
    """Enlarge the page cache to :data:`LOAD_CACHE_KIB` for the duration of a load, then set
    it back. (The journal is the store's: see
    :meth:`~dayasos.registry.SQLiteStore.load_journal`.)"""
    before = int(db.execute("PRAGMA cache_size").fetchone()[0])
    with _page_cache(db, LOAD_CACHE_KIB if before >= 0 or -before < LOAD_CACHE_KIB else None):
        yield


@contextmanager
def _page_cache(db: Any, kib: int | None) -> Iterator[None]:
    """The page cache set to ``kib`` KiB (``None``: left as it is) until the block ends, then
    set back."""
    before = int(db.execute("PRAGMA cache_size").fetchone()[0])
    if kib is not None:
        db.execute(f"PRAGMA cache_size = -{kib}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA cache_size = {before}")


def flat_values(columns: Sequence[Sequence[Any]]) -> list[Any]:
    """The values of the rows given as columns of equal length, row after row in one list
    (``[a0, b0, a1, b1, ...]``): what :func:`insert_flat` binds."""
    width = len(columns)
    n = len(columns[0]) if width else 0
    if any(len(c) != n for c in columns):
        raise ValueError("the columns differ in length")
    flat: list[Any] = [None] * (width * n)
    for j, column in enumerate(columns):
        flat[j::width] = column
    return flat


def insert_flat(
    db: Any, insert: TableInsert, flat: list[Any], rows_per_statement: int = ROWS_PER_STATEMENT
) -> None:
    """Insert the rows whose values are ``flat`` (as :func:`flat_values` makes them), in
    their order (the caller gives them in key order: appends to the B-trees),
    ``rows_per_statement`` rows per statement. ``flat`` is not changed (the ``None`` of a
    nullable column is bound as ``''`` in a copy of each statement's values)."""
    width = len(insert.columns)
    if len(flat) % width:
        raise ValueError(f"{len(flat)} values do not make rows of {width}")
    _run_statements(
        db,
        insert,
        len(flat) // width,
        rows_per_statement,
        lambda a, b: insert.blank_nulls(flat[a * width : b * width]),
    )


def insert_ordered(
    db: Any,
    insert: TableInsert,
    rows: npt.NDArray[np.object_],
    order: npt.NDArray[np.intp],
    rows_per_statement: int = ROWS_PER_STATEMENT,
) -> None:
    """Insert the rows ``rows[order]`` (``rows``: one row of values per row of a 2-D object
    array), ``rows_per_statement`` rows per statement, each statement's values taken from
    the array when it is bound (no reordered copy of them all); as :func:`insert_flat`
    otherwise."""
    if rows.ndim != 2 or rows.shape[1] != len(insert.columns):
        raise ValueError(f"rows of shape {rows.shape} are not rows of {len(insert.columns)}")
    _run_statements(
        db,
        insert,
        len(order),
        rows_per_statement,
        lambda a, b: insert.blank_nulls(rows[order[a:b]].ravel().tolist()),
    )


def _run_statements(
    db: Any,
    insert: TableInsert,
    n: int,
    wanted: int,
    values: Callable[[int, int], list[Any]],
) -> None:
    """Insert rows ``0 .. n``, ``wanted`` rows per statement (fewer where the connection
    allows fewer bound values), ``values(a, b)`` giving the flat values of rows ``a .. b``."""
    limit = int(db.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    per = max(1, min(wanted, limit // len(insert.columns)))
    full = n // per * per
    if full:
        db.executemany(insert.rows_sql(per), (values(a, a + per) for a in range(0, full, per)))
    if full < n:
        db.execute(insert.rows_sql(n - full), values(full, n))


def insert_columns(
    db: Any,
    insert: TableInsert,
    columns: Sequence[Sequence[Any]],
    rows_per_statement: int = ROWS_PER_STATEMENT,
) -> None:
    """Insert the rows given as columns of equal length (in the order of ``insert.columns``),
    in their order (the caller gives them in key order: appends to the B-trees)."""
    insert_flat(db, insert, flat_values(columns), rows_per_statement)


INDEX_BUILD_CACHE_KIB: Final = 16_384
"""The page cache, in KiB, while the indexes a load dropped are built again (16 MiB): SQLite
sorts an index's keys in runs of the cache's size and merges them, and short runs sort
faster than long ones (ten million memberships by NIK: 4.4 s with 16 MiB, 7.4 s with
256 MiB, 10.9 s with 1 GiB)."""


def build_indexes(db: Any, statements: Sequence[str]) -> None:
    """Run the ``CREATE INDEX`` statements (those :func:`drop_membership_indexes` returned)
    with a page cache of :data:`INDEX_BUILD_CACHE_KIB`, then set the cache back."""
    if not statements:
        return
    with _page_cache(db, INDEX_BUILD_CACHE_KIB):
        for sql in statements:
            db.execute(sql)


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
    db.executemany(PERSON_INSERT.sql, persons)
    db.executemany(FAMILY_INSERT.sql, families)
    db.executemany(MEMBERSHIP_INSERT.sql, memberships)
