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

import functools
import math
import os
from collections.abc import Callable
from datetime import date
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from dayasos.categories import DisabilitySeverity, Programme, SchoolLevel, Sex
from dayasos.errors import ValidationError
from dayasos.registry.fixed_width import days_since_epoch, fixed_columns
from dayasos.registry.model import EnrolmentStatus
from dayasos.registry.sqlite import SQLiteStore
from dayasos.registry.sqlite_scan import (
    id_ranges,
    key_ranges,
    run_readers,
    snapshot_readers,
)

__all__ = ["STATUS_CODES", "member_columns"]


STATUS_CODES: Final[tuple[EnrolmentStatus, ...]] = tuple(EnrolmentStatus)
"""``status`` code -> :class:`~dayasos.registry.EnrolmentStatus` (``-1``: no status)."""


_DAYS: Final = "CAST(julianday({}) - 2440587.5 AS INTEGER)"  # days since 1970-01-01
# the person categories in the mixed-radix code the person scan computes (then "pregnant")
_PERSON_CATEGORIES: Final[tuple[tuple[str, str, tuple[Any, ...]], ...]] = (
    ("sex", "sex", tuple(Sex)),
    ("disability", "disability", tuple(DisabilitySeverity)),
    ("school", "school_level", tuple(SchoolLevel)),
)


def _case(column: str, members: tuple[Any, ...]) -> str:
    """SQL mapping a stored code to its index in ``members`` (NULL for an unknown code)."""
    whens = " ".join(f"WHEN '{m.value}' THEN {i}" for i, m in enumerate(members))
    return f"(CASE {column} {whens} END)"


@functools.cache
def _person_code() -> tuple[str, int, int]:
    """The SQL of one number per person holding its category codes and pregnancy (mixed
    radix, plus an offset that gives every value the same number of digits), that offset and
    the number of digits. Arithmetic on small integers is cheaper for SQLite than one
    aggregate per category; an unknown code makes the number NULL."""
    expr = "0"
    total = 1
    for _, column, members in _PERSON_CATEGORIES:
        expr = f"({expr}) * {len(members)} + {_case(column, members)}"
        total *= len(members)
    offset = 10 ** len(str(2 * total - 1))
    return f"(({expr}) * 2 + ifnull(pregnancy_due >= ?1, 0) + {offset})", offset, len(str(offset))


def _numbers(db: Any, sql: str, params: tuple[Any, ...], width: int) -> npt.NDArray[np.int64]:
    row = db.execute(sql, params).fetchone()
    text = row[0] if row is not None else None
    if not text:
        return np.zeros((0, width), dtype=np.int64)
    return np.fromstring(text, dtype=np.int64, sep=",").reshape(-1, width)


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


_PERSON_SQL: Final = "SELECT {} FROM person WHERE nik > ?2 AND nik <= ?3"
_MEMBER_SQL: Final = """SELECT {} FROM membership WHERE id > ?2 AND id <= ?3
                        AND start_date <= ?1 AND (end_date IS NULL OR end_date > ?1)"""

Reader = Callable[[Any], tuple[npt.NDArray[Any], ...]]
"""One scan of a read: given a connection, its columns."""


def _person_chunk(day: str, low: int, high: int) -> Reader:
    """The persons with ``low < nik <= high``: NIK, birth (days since 1970-01-01) and code
    (:func:`_person_code`, without its offset), in NIK order."""

    def read(db: Any) -> tuple[npt.NDArray[np.int64], ...]:
        code, offset, width = _person_code()
        nik, birth, codes = fixed_columns(
            db, _PERSON_SQL, (("nik", 16), ("birth_date", 10), (code, width)), (day, low, high)
        )
        top = 2 * math.prod(len(members) for _, _, members in _PERSON_CATEGORIES) - 1
        return nik, days_since_epoch(birth), (codes - offset).astype(np.min_scalar_type(top))

    return read


def _in_order(kk: npt.NDArray[np.int64], nik: npt.NDArray[np.int64]) -> bool:
    """Whether the members are ordered by No. KK, then NIK."""
    later, earlier = kk[1:], kk[:-1]
    return bool(np.all((later > earlier) | ((later == earlier) & (nik[1:] > nik[:-1]))))


def _member_chunk(day: str, low: int, high: int) -> Reader:
    """The memberships in force with ``low < id <= high``: No. KK and NIK, ordered by No. KK,
    then NIK (sorted here, in the reading thread: numpy sorts without the interpreter)."""

    def read(db: Any) -> tuple[npt.NDArray[np.int64], ...]:
        kk, nik = fixed_columns(db, _MEMBER_SQL, (("no_kk", 16), ("nik", 16)), (day, low, high))
        if not _in_order(kk, nik):
            order = np.lexsort((nik, kk))
            kk, nik = kk[order], nik[order]
        return kk, nik

    return read


def _families(db: Any) -> tuple[npt.NDArray[np.int64], ...]:
    """Every family's No. KK and province (the region's first two digits), in No. KK order
    (the family table's key)."""
    kk, province = fixed_columns(
        db, "SELECT {} FROM family", (("no_kk", 16), ("substr(region, 1, 2)", 2)), ()
    )
    return kk, province


def _ranks(day: str) -> Reader:
    """The welfare ranks recorded by ``day``: rows ``(no_kk, desil, recorded, seq)``."""

    def read(db: Any) -> tuple[npt.NDArray[np.int64], ...]:
        rows = _numbers(
            db,
            f"""SELECT group_concat(no_kk || ',' || desil || ',' || {_DAYS.format("recorded")}
                                    || ',' || seq, ',')
                FROM welfare_rank WHERE recorded <= ?""",
            (day,),
            4,
        )
        return (rows,)

    return read


def _statuses(day: str, programme: Programme) -> Reader:
    """The ``programme`` family status changes effective by ``day``: rows ``(subject,
    status code, effective, recorded, seq)``."""

    def read(db: Any) -> tuple[npt.NDArray[np.int64], ...]:
        rows = _numbers(
            db,
            f"""SELECT group_concat(subject || ',' || {_case("status", STATUS_CODES)} || ','
                                    || {_DAYS.format("effective")} || ','
                                    || {_DAYS.format("recorded")} || ',' || seq, ',')
                FROM status_change
                WHERE programme = ? AND subject_kind = 'family' AND effective <= ?""",
            (programme.value, day),
            5,
        )
        return (rows,)

    return read


def member_columns(
    store: SQLiteStore, on: date, programme: Programme, *, workers: int | None = None
) -> dict[str, npt.NDArray[Any]]:
    """The members in force on ``on`` and their families, as numpy columns.

    The scans (persons and memberships in chunks, families, ranks, statuses) run at the same
    time on ``workers`` read-only connections of a file store, all inside one snapshot of the
    file (SQLite releases the GIL while it computes an aggregate). An in-memory store, a read
    inside an open transaction of the store, or ``workers=1`` use the store's connection
    alone. The columns are the same either way.

    Args:
        store: the store to read.
        on: the date of the memberships, ranks, statuses and pregnancies.
        programme: the programme whose enrolment status is read.
        workers: connections read in parallel (default: 2, or 1 on a one-core machine).

    Returns:
        Per member (ordered by No. KK, then NIK): ``family`` (row of the family), ``birth``
        (days since 1970-01-01), ``sex``, ``disability``, ``school`` (indexes into the
        population code tuples ``SEX_CODES``, ``DISABILITY_CODES``, ``SCHOOL_CODES``: the
        declaration order of the categories), ``pregnant`` (a pregnancy due on or after
        ``on``). Per family with a member, in No. KK order: ``no_kk`` (int64), ``province``
        (the region's first two digits), ``desil`` (in force, 0 if none) and ``status``
        (index into :data:`STATUS_CODES` of the ``programme`` status in force, -1 if none).

    Raises:
        ValidationError: ``workers`` is not a positive integer.
        RegistryFileError: a stored value the read cannot decode (a NULL or unknown code).
    """
    if workers is None:
        workers = min(2, os.cpu_count() or 1)
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValidationError("workers", "must be a positive integer", shown=repr(workers)[:40])
    day = on.isoformat()
    with snapshot_readers(store.connection, workers) as readers:
        parts = 2 * len(readers) if len(readers) > 1 else 1  # chunks to balance the threads
        person_jobs = [
            _person_chunk(day, *b) for b in key_ranges(readers[-1], "person", "nik", parts)
        ]
        member_jobs = [_member_chunk(day, *b) for b in id_ranges(readers[-1], "membership", parts)]
        done = run_readers(
            readers,
            [
                *person_jobs,
                *member_jobs,
                _families,
                _ranks(day),
                _statuses(day, programme),
            ],
        )
    people, members = done[: len(person_jobs)], done[len(person_jobs) : -3]
    (region_kk, province), (ranks,), (statuses,) = done[-3:]
    nik_col, birth_col, code_col = (np.concatenate([p[j] for p in people]) for j in range(3))
    member_kk = np.concatenate([np.zeros(0, np.int64), *(m[0] for m in members)])
    member_nik = np.concatenate([np.zeros(0, np.int64), *(m[1] for m in members)])
    # members by No. KK, then NIK: each chunk comes so ordered; the chunks are merged by a
    # stable sort on the No. KK (a merge of sorted runs), which keeps the NIK order of a
    # family read in one chunk (a family whose rows lie in two chunks: a sort on both keys)
    if not _in_order(member_kk, member_nik):
        order = np.argsort(member_kk, kind="stable")
        member_kk, member_nik = member_kk[order], member_nik[order]
        if not _in_order(member_kk, member_nik):
            order = np.lexsort((member_nik, member_kk))
            member_kk, member_nik = member_kk[order], member_nik[order]
    # every member's person exists (a foreign key); persons come in NIK order: the positions
    # of the members' NIK, looked up in NIK order (a merge rather than random searches); when
    # the members are the persons, each one once, the positions are the NIK order itself
    by_nik = np.argsort(member_nik)
    at = np.empty(len(member_nik), dtype=np.int64)
    nik_sorted = member_nik[by_nik]
    if np.array_equal(nik_sorted, nik_col):
        at[by_nik] = np.arange(len(nik_col))
    else:
        at[by_nik] = np.searchsorted(nik_col, nik_sorted)
    # kk is sorted: a family starts where the key changes
    starts = np.r_[True, member_kk[1:] != member_kk[:-1]] if len(member_kk) else np.zeros(0, bool)
    families = member_kk[starts]
    code = code_col[at]  # the smallest integer type that holds it: fast to split
    pregnant = (code & 1).astype(np.bool_)
    code >>= 1
    category: dict[str, npt.NDArray[np.uint8]] = {}
    for name, _, members in reversed(_PERSON_CATEGORIES):
        size = code.dtype.type(len(members))
        category[name] = (code % size).astype(np.uint8)
        code //= size
    out: dict[str, npt.NDArray[Any]] = {
        "family": np.cumsum(starts, dtype=np.int64) - 1,
        "birth": birth_col[at],
        "sex": category["sex"],
        "pregnant": pregnant,
        "disability": category["disability"],
        "school": category["school"],
        "no_kk": families,
    }
    at_family = np.searchsorted(region_kk, families)
    out["province"] = (
        province[at_family].astype(np.uint8) if len(families) else np.zeros(0, np.uint8)
    )

    def per_family(keys: npt.NDArray[np.int64], values: npt.NDArray[np.int64], empty: int) -> Any:
        result = np.full(len(families), empty, dtype=np.int64)
        if len(keys):
            pos = np.searchsorted(keys, families)
            pos_c = np.minimum(pos, len(keys) - 1)
            hit = keys[pos_c] == families
            result[hit] = values[pos_c[hit]]
        return result

    out["desil"] = per_family(*_last_per_key(ranks), 0).astype(np.uint8)
    out["status"] = per_family(*_last_per_key(statuses), -1).astype(np.int8)
    return out
