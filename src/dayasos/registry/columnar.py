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
import queue
import sqlite3
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date
from typing import Any, Final, TypeVar
from urllib.parse import quote

import numpy as np
import numpy.typing as npt

from dayasos.categories import DisabilitySeverity, Programme, SchoolLevel, Sex
from dayasos.errors import RegistryFileError, ValidationError
from dayasos.registry.model import EnrolmentStatus
from dayasos.registry.sqlite import SQLiteStore

__all__ = [
    "CHUNK_ROWS",
    "STATUS_CODES",
    "fixed_width_numbers",
    "member_columns",
    "run_readers",
    "snapshot_readers",
]

CHUNK_ROWS: Final = 1_000_000
"""Rows turned into one text of numbers at a time (bounds the text's size)."""

STATUS_CODES: Final[tuple[EnrolmentStatus, ...]] = tuple(EnrolmentStatus)
"""``status`` code -> :class:`~dayasos.registry.EnrolmentStatus` (``-1``: no status)."""

SNAPSHOT_ATTEMPTS: Final = 3
"""Tries at beginning the read connections of a parallel read in one snapshot (a commit by
another process while they begin makes a try fail); then the read uses the store's
connection alone."""

_T = TypeVar("_T")
_MMAP_BYTES: Final = 2**31 - 2**16  # SQLite's default limit of memory-mapped I/O
_TOP_KEY: Final = 2**63 - 1  # the largest SQLite integer: above every NIK
_DAYS: Final = "CAST(julianday({}) - 2440587.5 AS INTEGER)"  # days since 1970-01-01
_ISO_DIGITS: Final = (0, 1, 2, 3, 5, 6, 8, 9)  # the digits of yyyy-mm-dd
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


def _words(words: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
    """64-bit words each holding 8 ASCII digits (the first digit in the lowest byte) as the
    numbers they write: the digits are combined in pairs, fours and eights inside the word."""
    w = words - np.uint64(0x3030303030303030)
    t = np.empty_like(w)
    for shift, scale, mask in (
        (8, 10, 0x00FF00FF00FF00FF),
        (16, 100, 0x0000FFFF0000FFFF),
        (32, 10000, 0xFFFFFFFF),
    ):  # in place: no temporary arrays
        np.right_shift(w, np.uint64(shift), out=t)
        np.multiply(w, np.uint64(scale), out=w)
        np.add(w, t, out=w)
        np.bitwise_and(w, np.uint64(mask), out=w)
    return w.astype(np.int64)


def _digits(text: str, width: int) -> npt.NDArray[np.int64] | None:
    """Numbers written back to back in ``width`` digits each (``None`` when the text is not
    such: a number of another width, or a code SQLite gave as NULL). Width 10 is an ISO date
    ``yyyy-mm-dd``, decoded as the number ``yyyymmdd``."""
    try:
        raw = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    except UnicodeEncodeError:
        return None
    return fixed_width_numbers(raw, width)


def fixed_width_numbers(raw: npt.NDArray[np.uint8], width: int) -> npt.NDArray[np.int64] | None:
    """ASCII numbers written back to back in ``width`` digits each, as int64 (``None`` when
    ``raw`` is not such: its length is not a multiple of ``width`` or it holds a byte that is
    not a digit). Width 10 is an ISO date ``yyyy-mm-dd``, decoded as the number ``yyyymmdd``.

    Examples:
        >>> import numpy as np
        >>> raw = np.frombuffer(b"31710120090000012020-07-01", dtype=np.uint8)
        >>> fixed_width_numbers(raw[:16], 16).tolist(), fixed_width_numbers(raw[16:], 10).tolist()
        ([3171012009000001], [20200701])
    """
    if width < 1 or len(raw) % width:
        return None
    grid = raw.reshape(-1, width)
    if width == 10:  # an ISO date: its eight digits, as one word
        grid = np.ascontiguousarray(grid[:, _ISO_DIGITS])
        width = 8
    if len(grid) and not (int(grid.min()) >= 48 and int(grid.max()) <= 57):
        return None
    head = width - width % 8
    out = np.zeros(len(grid), dtype=np.int64)
    if head:
        words = np.ascontiguousarray(grid[:, :head]).view("<u8")  # no copy when width is 8k
        for j in range(head // 8):
            out = out * 10**8 + _words(words[:, j])
    for j in range(head, width):
        out = out * 10 + (grid[:, j] - np.uint8(48))
    return out


def _fixed_columns(
    db: Any, sql: str, exprs: tuple[tuple[str, int], ...], params: tuple[Any, ...]
) -> list[npt.NDArray[np.int64]]:
    """The columns ``exprs`` (SQL expression, digits per value) of the rows of ``sql`` (whose
    ``{}`` takes the select list), in one scan: each column is aggregated into one text of
    fixed-width values and decoded with numpy. A width-10 column is an ISO date, decoded as
    ``yyyymmdd``. Falls back to zero-padded values (``printf``) when a column does not have
    the width (a number with fewer digits) and fails loudly when a value is NULL."""

    def run(padded: bool) -> list[npt.NDArray[np.int64]] | None:
        select = ", ".join(
            "group_concat("
            + (
                f"CASE WHEN ({e}) IS NULL THEN 'x' ELSE printf('%0{w}d', {e}) END"
                if padded and w != 10
                else f"ifnull({e}, 'x')"
            )
            + ", '')"
            for e, w in exprs
        )
        row = db.execute(sql.format(select), params).fetchone()
        cols: list[npt.NDArray[np.int64]] = []
        for text, (_, width) in zip(row, exprs, strict=True):
            got = np.zeros(0, dtype=np.int64) if not text else _digits(text, width)
            if got is None:
                return None
            cols.append(got)
        if len({len(c) for c in cols}) != 1:
            return None
        return cols

    cols = run(False) or run(True)
    if cols is None:
        raise RegistryFileError(
            "registry", "holds a value the column read cannot decode (a NULL or unknown code)"
        )
    return cols


@functools.cache
def _month_starts() -> npt.NDArray[np.int32]:
    """Days since 1970-01-01 of the first of each month of the years 0-9999 (index
    ``year * 12 + month - 1``), from the civil calendar (March-based years, 400-year eras)."""
    index = np.arange(10000 * 12, dtype=np.int64)
    y, m = index // 12, index % 12 + 1
    y = y - (m <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    doy = (153 * (m + np.where(m > 2, -3, 9)) + 2) // 5
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    starts: npt.NDArray[np.int32] = (era * 146097 + doe - 719468).astype(np.int32)
    return starts


def _days(yyyymmdd: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Dates written as integers ``yyyymmdd`` to days since 1970-01-01 (a table of month
    starts: cheaper for SQLite than ``julianday`` on every row, and for numpy than the
    calendar arithmetic on every date)."""
    v = yyyymmdd.astype(np.int32)
    ym = v // 100
    y = ym // 100
    at = y * 12 + (ym - y * 100) - 1
    starts = _month_starts()
    out: npt.NDArray[np.int64] = (starts.take(at, mode="clip") + (v - ym * 100 - 1)).astype(
        np.int64
    )
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
        nik, birth, codes = _fixed_columns(
            db, _PERSON_SQL, (("nik", 16), ("birth_date", 10), (code, width)), (day, low, high)
        )
        top = 2 * math.prod(len(members) for _, _, members in _PERSON_CATEGORIES) - 1
        return nik, _days(birth), (codes - offset).astype(np.min_scalar_type(top))

    return read


def _member_chunk(day: str, low: int, high: int) -> Reader:
    """The memberships in force with ``low < id <= high``: No. KK and NIK, in ``id`` order."""

    def read(db: Any) -> tuple[npt.NDArray[np.int64], ...]:
        kk, nik = _fixed_columns(db, _MEMBER_SQL, (("no_kk", 16), ("nik", 16)), (day, low, high))
        return kk, nik

    return read


def _families(db: Any) -> tuple[npt.NDArray[np.int64], ...]:
    """Every family's No. KK and province (the region's first two digits), in No. KK order
    (the family table's key)."""
    kk, province = _fixed_columns(
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


def _chunk_bounds(db: Any, parts: int) -> list[tuple[int, int]]:
    """NIK ranges ``(low, high]`` covering the person table, each of at most
    :data:`CHUNK_ROWS` persons and at least ``parts`` of them when there are that many
    persons (walks over the keys only)."""
    count = int(db.execute("SELECT count(*) FROM person").fetchone()[0])
    size = max(1, min(CHUNK_ROWS, -(-count // parts)))
    bounds: list[tuple[int, int]] = []
    last = -1
    while last < _TOP_KEY:
        row = db.execute(
            "SELECT nik FROM person WHERE nik > ? ORDER BY nik LIMIT 1 OFFSET ?",
            (last, size - 1),
        ).fetchone()
        upper = _TOP_KEY if row is None else int(row[0])
        bounds.append((last, upper))
        last = upper
    return bounds


def _member_bounds(db: Any, parts: int) -> list[tuple[int, int]]:
    """``id`` ranges ``(low, high]`` covering the membership table, as :func:`_chunk_bounds`
    (by the ids' values: a table whose rows were deleted gives smaller chunks)."""
    top = int(db.execute("SELECT ifnull(max(id), 0) FROM membership").fetchone()[0])
    size = max(1, min(CHUNK_ROWS, -(-top // parts)))
    return [(lo, lo + size) for lo in range(0, top + 1, size)]


@contextmanager
def snapshot_readers(db: sqlite3.Connection, workers: int) -> Iterator[list[Any]]:
    """Connections that see one committed state of the store's file (a context manager):
    ``workers`` read-only
    connections, each in a read transaction; the last one's ``PRAGMA data_version`` (which
    changes when another connection commits) is the same before the first began as after
    it began itself, so no commit fell between them (else retried, up to
    :data:`SNAPSHOT_ATTEMPTS`). The store's connection alone for an in-memory database,
    inside an open transaction (another connection would not see its writes), with one
    worker, or when the file cannot be opened again."""
    path = next((row[2] for row in db.execute("PRAGMA database_list") if row[1] == "main"), "")
    if workers < 2 or not path or db.in_transaction:
        yield [db]
        return
    opened: list[sqlite3.Connection] = []
    readers: list[Any] = [db]
    try:
        for _ in range(workers):
            conn = sqlite3.connect(
                f"file:{quote(path)}?mode=ro",
                uri=True,
                isolation_level=None,
                check_same_thread=False,  # used by one pool thread at a time
            )
            opened.append(conn)
            conn.execute(f"PRAGMA mmap_size = {_MMAP_BYTES}")  # pages read without copies
        last = opened[-1]
        for _ in range(SNAPSHOT_ATTEMPTS):
            before = last.execute("PRAGMA data_version").fetchone()[0]
            for conn in opened:
                conn.execute("BEGIN")
                conn.execute("PRAGMA data_version")  # a read: the snapshot starts here
            if last.execute("PRAGMA data_version").fetchone()[0] == before:
                readers = list(opened)
                break
            for conn in opened:
                conn.execute("COMMIT")
    except sqlite3.Error:
        readers = [db]
    try:
        yield readers
    finally:
        for conn in opened:
            conn.close()  # ends its read transaction


def run_readers(readers: list[Any], jobs: list[Callable[[Any], _T]]) -> list[_T]:
    """The results of ``jobs`` (each given a connection of ``readers``), in order: on the one
    connection, or spread over a pool of threads, one per connection (SQLite and most numpy
    work release the GIL). Use it with :func:`snapshot_readers`."""
    if len(readers) == 1:
        return [job(readers[0]) for job in jobs]
    free: queue.SimpleQueue[Any] = queue.SimpleQueue()
    for conn in readers:
        free.put(conn)

    def run(job: Callable[[Any], _T]) -> _T:
        conn = free.get()
        try:
            return job(conn)
        finally:
            free.put(conn)

    with ThreadPoolExecutor(len(readers)) as pool:
        futures = [pool.submit(run, job) for job in jobs]
        return [f.result() for f in futures]


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
        person_jobs = [_person_chunk(day, *b) for b in _chunk_bounds(readers[-1], parts)]
        member_jobs = [_member_chunk(day, *b) for b in _member_bounds(readers[-1], parts)]
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
    # members by No. KK, then NIK (a bulk-loaded registry stores them so: no sort then)
    later, earlier = member_kk[1:], member_kk[:-1]
    in_order = (later > earlier) | ((later == earlier) & (member_nik[1:] > member_nik[:-1]))
    if not np.all(in_order):
        order = np.lexsort((member_nik, member_kk))
        member_kk, member_nik = member_kk[order], member_nik[order]
    # every member's person exists (a foreign key); persons come in NIK order: the positions
    # of the members' NIK, looked up in NIK order (a merge rather than random searches)
    by_nik = np.argsort(member_nik)
    at = np.empty(len(member_nik), dtype=np.int64)
    at[by_nik] = np.searchsorted(nik_col, member_nik[by_nik])
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
        "family": (np.cumsum(starts) - 1).astype(np.int64),
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
