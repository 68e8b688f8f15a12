"""Reading a SQLite registry file in parallel: key ranges of a table in chunks, read-only
connections that see one snapshot of the file, and a pool running one scan per connection.
Used by the column read (:mod:`dayasos.registry.columnar`) and the bulk export
(:mod:`dayasos.registry.bulk`)."""

from __future__ import annotations

import queue
import sqlite3
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, Final, TypeVar
from urllib.parse import quote

__all__ = [
    "CHUNK_ROWS",
    "SNAPSHOT_ATTEMPTS",
    "TOP_KEY",
    "id_ranges",
    "key_ranges",
    "run_readers",
    "sized_ranges",
    "snapshot_readers",
]

CHUNK_ROWS: Final = 1_000_000
"""Rows turned into one text of numbers at a time (bounds the text's size)."""

SNAPSHOT_ATTEMPTS: Final = 3
"""Tries at beginning the read connections of a parallel read in one snapshot (a commit by
another process while they begin makes a try fail); then the read uses the store's
connection alone."""

TOP_KEY: Final = 2**63 - 1
"""The largest SQLite integer: above every NIK and No. KK."""

_T = TypeVar("_T")
_MMAP_BYTES: Final = 2**31 - 2**16  # SQLite's default limit of memory-mapped I/O


def key_ranges(db: Any, table: str, key: str, parts: int) -> list[tuple[int, int]]:
    """Key ranges ``(low, high]`` covering ``table`` in chunks of at most
    :data:`CHUNK_ROWS` rows, at least ``parts`` of them."""
    count = int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    return sized_ranges(db, table, key, max(1, min(CHUNK_ROWS, -(-count // parts))))


def sized_ranges(db: Any, table: str, key: str, size: int) -> list[tuple[int, int]]:
    """Key ranges ``(low, high]`` covering ``table`` in key order, each but the last ending
    at the key of the ``size``-th row after its start (at most ``size`` rows each when the
    key is unique); the last ends at :data:`TOP_KEY`."""
    bounds: list[tuple[int, int]] = []
    last = -1
    while last < TOP_KEY:
        row = db.execute(
            f"SELECT {key} FROM {table} WHERE {key} > ? ORDER BY {key} LIMIT 1 OFFSET ?",
            (last, size - 1),
        ).fetchone()
        upper = TOP_KEY if row is None else int(row[0])
        bounds.append((last, upper))
        last = upper
    return bounds


def id_ranges(db: Any, table: str, parts: int) -> list[tuple[int, int]]:
    """``id`` ranges ``(low, high]`` covering ``table``, as :func:`key_ranges`
    (by the ids' values: a table whose rows were deleted gives smaller chunks)."""
    top = int(db.execute(f"SELECT ifnull(max(id), 0) FROM {table}").fetchone()[0])
    size = max(1, min(CHUNK_ROWS, -(-top // parts)))
    return [(lo, lo + size) for lo in range(0, top + 1, size)]


@contextmanager
def snapshot_readers(
    db: sqlite3.Connection, workers: int, *, mapped: bool = True
) -> Iterator[list[Any]]:
    """Connections that see one committed state of the store's file (a context manager):
    ``workers`` read-only
    connections, each in a read transaction; the last one's ``PRAGMA data_version`` (which
    changes when another connection commits) is the same before the first began as after
    it began itself, so no commit fell between them (else retried, up to
    :data:`SNAPSHOT_ATTEMPTS`). The store's connection alone for an in-memory database,
    inside an open transaction (another connection would not see its writes), with one
    worker, or when the file cannot be opened again. With ``mapped`` (the default) the
    read-only connections read the file memory-mapped (pages read without copies, but every
    page read stays in the process's resident memory while the connection is open); without
    it, through SQLite's page cache (a few megabytes)."""
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
            if mapped:
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
