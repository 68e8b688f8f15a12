"""Reading a SQLite registry into numpy columns at national scale.

:func:`member_columns` returns the facts of every member in force on a date as numpy arrays,
for :func:`dayasos.population.population_from_registry`. SQLite computes the integer codes
itself and hands each chunk of rows over as one text of numbers (``group_concat``), which
numpy parses in one call: no Python object per row. Ordering and "the latest entry wins"
rules are applied with numpy sorts, with the tie rules of
:meth:`~dayasos.registry.SQLiteStore.rank_on` and
:meth:`~dayasos.registry.SQLiteStore.status_on`.

Examples:
    >>> from datetime import date
    >>> from dayasos.categories import Programme, Relationship, Sex
    >>> from dayasos.registry import Family, Membership, Nik, NoKK, Person, RegionCode, SQLiteStore
    >>> with SQLiteStore() as store:
    ...     nik, kk = Nik.parse("3171015503170001"), NoKK.parse("3171012009000001")
    ...     store.add_person(Person(nik, "Sari", date(2017, 3, 15), Sex.PEREMPUAN))
    ...     store.add_family(Family(kk, RegionCode.parse("31.71.01.1001")))
    ...     store.add_membership(Membership(kk, nik, Relationship.ANAK, date(2017, 3, 20)))
    ...     cols = member_columns(store, date(2021, 7, 1), Programme.PKH)
    >>> cols["birth"].tolist(), cols["province"].tolist(), cols["status"].tolist()
    ([17240], [31], [-1])
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from dayasos.categories import DisabilitySeverity, Programme, SchoolLevel, Sex
from dayasos.registry.model import EnrolmentStatus
from dayasos.registry.sqlite import SQLiteStore

__all__ = [
    "CHUNK_ROWS",
    "STATUS_CODES",
    "drop_membership_indexes",
    "insert_rows",
    "member_columns",
]

CHUNK_ROWS: Final = 1_000_000
"""Membership rows turned into one text of numbers at a time (bounds the text's size)."""

STATUS_CODES: Final[tuple[EnrolmentStatus, ...]] = tuple(EnrolmentStatus)
"""``status`` code -> :class:`~dayasos.registry.EnrolmentStatus` (``-1``: no status)."""

_OFFSET: Final = 1 << 20  # added to the day number so the packed value stays positive
_DAYS: Final = "CAST(julianday({}) - 2440587.5 AS INTEGER)"  # days since 1970-01-01


def _case(column: str, members: tuple[Any, ...]) -> str:
    """SQL mapping a stored code to its index in ``members``."""
    whens = " ".join(f"WHEN '{m.value}' THEN {i}" for i, m in enumerate(members))
    return f"(CASE {column} {whens} END)"


def _numbers(db: Any, sql: str, params: tuple[Any, ...], width: int) -> npt.NDArray[np.int64]:
    row = db.execute(sql, params).fetchone()
    text = row[0] if row is not None else None
    if not text:
        return np.zeros((0, width), dtype=np.int64)
    return np.fromstring(text, dtype=np.int64, sep=",").reshape(-1, width)


def _days(yyyymmdd: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Dates written as integers ``yyyymmdd`` to days since 1970-01-01 (numpy calendar
    arithmetic; cheaper for SQLite than ``julianday`` on every row)."""
    years = (yyyymmdd // 10000 - 1970).astype("timedelta64[Y]")
    months = (yyyymmdd // 100 % 100 - 1).astype("timedelta64[M]")
    first = np.datetime64("1970-01", "M") + months + years.astype("timedelta64[M]")
    days = first.astype("datetime64[D]") + (yyyymmdd % 100 - 1).astype("timedelta64[D]")
    out: npt.NDArray[np.int64] = days.astype(np.int64)
    return out


def _last_per_key(
    rows: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """For rows ``(key, value, order...)``: per key, the value of the row that sorts last by
    the order columns (the first one first); returns the sorted keys and their values."""
    if len(rows) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    keys = [rows[:, j] for j in range(rows.shape[1] - 1, 1, -1)]
    ordered = rows[np.lexsort((*keys, rows[:, 0]))]
    last = np.r_[ordered[1:, 0] != ordered[:-1, 0], True]
    return ordered[last, 0], ordered[last, 1]


def member_columns(
    store: SQLiteStore, on: date, programme: Programme
) -> dict[str, npt.NDArray[Any]]:
    """The members in force on ``on`` and their families, as numpy columns.

    Returns:
        Per member (ordered by No. KK, then NIK): ``family`` (row of the family), ``birth``
        (days since 1970-01-01), ``sex``, ``disability``, ``school`` (indexes into the
        population code tuples ``SEX_CODES``, ``DISABILITY_CODES``, ``SCHOOL_CODES``: the
        declaration order of the categories), ``pregnant`` (a pregnancy due on or after
        ``on``). Per family with a member, in No. KK order: ``no_kk`` (int64), ``province``
        (the region's first two digits), ``desil`` (in force, 0 if none) and ``status``
        (index into :data:`STATUS_CODES` of the ``programme`` status in force, -1 if none).
    """
    db = store._db
    day = on.isoformat()
    # || binds tighter than << and |: the packed value is bracketed where it is concatenated
    packed = (
        "((CAST(substr(birth_date, 1, 4) AS INTEGER) * 10000 "
        "+ CAST(substr(birth_date, 6, 2) AS INTEGER) * 100 "
        "+ CAST(substr(birth_date, 9, 2) AS INTEGER)) << 8) "
        f"| ({_case('sex', tuple(Sex))} << 7) "
        "| ((pregnancy_due IS NOT NULL AND pregnancy_due >= ?) << 6) "
        f"| ({_case('disability', tuple(DisabilitySeverity))} << 3) "
        f"| {_case('school_level', tuple(SchoolLevel))}"
    )
    # two sequential scans joined in numpy: cheaper than a B-tree search per member
    people: list[npt.NDArray[np.int64]] = []
    last = -1
    while True:
        part = _numbers(
            db,
            f"""SELECT group_concat(nik || ',' || ({packed}), ',')
                FROM (SELECT * FROM person WHERE nik > ? ORDER BY nik LIMIT ?)""",
            (day, last, CHUNK_ROWS),
            2,
        )
        if len(part) == 0:
            break
        people.append(part)
        last = int(part[-1, 0])
    persons = np.concatenate(people) if people else np.zeros((0, 2), dtype=np.int64)
    top = db.execute("SELECT ifnull(max(id), 0) FROM membership").fetchone()[0]
    parts: list[npt.NDArray[np.int64]] = []
    for lo in range(0, int(top) + 1, CHUNK_ROWS):
        parts.append(
            _numbers(
                db,
                """SELECT group_concat(no_kk || ',' || nik, ',') FROM membership
                   WHERE id > ? AND id <= ? AND start_date <= ?
                     AND (end_date IS NULL OR end_date > ?)""",
                (lo, lo + CHUNK_ROWS, day, day),
                2,
            )
        )
    members = np.concatenate(parts) if parts else np.zeros((0, 2), dtype=np.int64)
    # every member's person exists (a foreign key); persons come in NIK order
    at = np.searchsorted(persons[:, 0], members[:, 1]) if len(persons) else members[:, 1]
    rows = np.column_stack((members[:, 0], members[:, 1], persons[at, 1] if len(at) else at))
    rows = rows[np.lexsort((rows[:, 1], rows[:, 0]))]
    kk, bits = rows[:, 0], rows[:, 2]
    families = np.unique(kk)
    out: dict[str, npt.NDArray[Any]] = {
        "family": np.searchsorted(families, kk).astype(np.int64),
        "birth": _days(bits >> 8),
        "sex": ((bits >> 7) & 1).astype(np.uint8),
        "pregnant": ((bits >> 6) & 1).astype(np.bool_),
        "disability": ((bits >> 3) & 7).astype(np.uint8),
        "school": (bits & 7).astype(np.uint8),
        "no_kk": families,
    }
    regions = _numbers(
        db, "SELECT group_concat(no_kk || ',' || substr(region, 1, 2), ',') FROM family", (), 2
    )
    regions = regions[np.argsort(regions[:, 0])]
    at = np.searchsorted(regions[:, 0], families)
    out["province"] = regions[at, 1].astype(np.uint8) if len(families) else np.zeros(0, np.uint8)

    def per_family(keys: npt.NDArray[np.int64], values: npt.NDArray[np.int64], empty: int) -> Any:
        result = np.full(len(families), empty, dtype=np.int64)
        if len(keys):
            pos = np.searchsorted(keys, families)
            pos_c = np.minimum(pos, len(keys) - 1)
            hit = keys[pos_c] == families
            result[hit] = values[pos_c[hit]]
        return result

    ranks = _numbers(
        db,
        f"""SELECT group_concat(no_kk || ',' || desil || ',' || {_DAYS.format("recorded")}
                                || ',' || seq, ',')
            FROM welfare_rank WHERE recorded <= ?""",
        (day,),
        4,
    )
    out["desil"] = per_family(*_last_per_key(ranks), 0).astype(np.uint8)
    statuses = _numbers(
        db,
        f"""SELECT group_concat(subject || ',' || {_case("status", STATUS_CODES)} || ','
                                || {_DAYS.format("effective")} || ','
                                || {_DAYS.format("recorded")} || ',' || seq, ',')
            FROM status_change
            WHERE programme = ? AND subject_kind = 'family' AND effective <= ?""",
        (programme.value, day),
        5,
    )
    out["status"] = per_family(*_last_per_key(statuses), -1).astype(np.int8)
    return out


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
