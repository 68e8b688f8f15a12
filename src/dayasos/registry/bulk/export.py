"""The bulk export: a store's persons, families and memberships as a registry CSV or Parquet
file (see :mod:`dayasos.registry.bulk`), in memory bounded by ``batch_rows``, not by the store.

The store is read in key ranges of about ``batch_rows`` rows
(:mod:`dayasos.registry.bulk.export_read`): No. KK ranges of memberships with their persons
and families, then NIK ranges of the persons without a membership, then No. KK ranges of the
families without one. Each range is read column-wise by SQLite and joined and ordered with
numpy into its output rows; the ranges are read on two read-only connections of a file store
inside one snapshot (:func:`~dayasos.registry.sqlite_scan.snapshot_readers`; not
memory-mapped, whose pages would stay resident), at most one range ahead per connection. The
rows are cut into batches of exactly ``batch_rows`` rows (a Parquet row group each), which a
writer thread formats and writes while the next ranges are read. What is held at a time is a
few ranges and batches, whatever the store's size: with the default 100,000 rows the process
peaked at about 250 MB above the interpreter's own at one and at ten million persons alike.
The CSV output is byte for byte the same for every ``batch_rows``; a Parquet file differs
only in its row groups.
"""

from __future__ import annotations

import functools
import os
from collections import deque
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from pathlib import Path
from typing import IO, Any

import pyarrow as pa

from dayasos.errors import ValidationError
from dayasos.registry.bulk.export_format import (
    SPELLINGS,
    csv_lines,
    neutralise,
    pseudonym,
    pseudonymise,
)
from dayasos.registry.bulk.export_read import PASSES, export_ranges, range_reader
from dayasos.registry.bulk.load import BATCH_ROWS
from dayasos.registry.io import CSV_COLUMNS
from dayasos.registry.io_common import atomic_replace
from dayasos.registry.sqlite import SQLiteStore
from dayasos.registry.sqlite_scan import run_readers, snapshot_readers

__all__ = ["bulk_export", "pseudonym"]

_Reader = Callable[[Any], pa.Table | None]


def _read_ahead(readers: list[Any], jobs: list[_Reader]) -> Iterator[pa.Table | None]:
    """The results of ``jobs`` in order, each run on a free connection of ``readers`` (one
    thread per connection), at most one more job started than there are connections: the
    results not yet taken stay few whatever the number of jobs."""
    if len(readers) == 1:
        for job in jobs:
            yield job(readers[0])
        return
    free: list[Any] = list(readers)

    def run(job: _Reader, conn: Any) -> tuple[pa.Table | None, Any]:
        return job(conn), conn

    with ThreadPoolExecutor(len(readers)) as pool:
        pending: deque[Future[tuple[pa.Table | None, Any]]] = deque()
        next_job = 0
        try:
            while next_job < len(jobs) or pending:
                while free and next_job < len(jobs):
                    pending.append(pool.submit(run, jobs[next_job], free.pop()))
                    next_job += 1
                result, conn = pending.popleft().result()
                free.append(conn)
                yield result
        finally:
            for future in pending:
                future.cancel()
            for future in pending:
                if not future.cancelled():
                    future.exception()  # wait: a connection is not closed under a job


def _batches(tables: Iterator[pa.Table | None], batch_rows: int) -> Iterator[pa.Table]:
    """The rows of ``tables`` cut into tables of exactly ``batch_rows`` rows (the last one
    fewer), each column one contiguous array."""
    held: list[pa.Table] = []
    count = 0
    for table in tables:
        if table is None or table.num_rows == 0:
            continue
        held.append(table)
        count += table.num_rows
        while count >= batch_rows:
            joined = pa.concat_tables(held)
            yield joined.slice(0, batch_rows).combine_chunks()
            rest = joined.slice(batch_rows)
            held = [rest] if rest.num_rows else []
            count -= batch_rows
    if count:
        yield pa.concat_tables(held).combine_chunks()


def _output(store: SQLiteStore, workers: int, batch_rows: int) -> Generator[pa.Table, None, None]:
    """The output's batches, read in one snapshot (on the store's own connection: in one
    read transaction, unless the caller has one open)."""
    db = store.connection
    with snapshot_readers(db, workers, mapped=False) as readers:
        own = readers == [db] and not db.in_transaction
        if own:
            db.execute("BEGIN")  # later commits by other connections are not seen
        try:
            found = run_readers(
                readers,
                [functools.partial(export_ranges, kind=k, batch_rows=batch_rows) for k in PASSES],
            )
            jobs = [
                range_reader(kind, low, high)
                for kind, ranges in zip(PASSES, found, strict=True)
                for low, high in ranges
            ]
            yield from _batches(_read_ahead(readers, jobs), batch_rows)
        finally:
            if own and db.in_transaction:
                db.execute("COMMIT")  # a read: nothing to write


def bulk_export(
    store: SQLiteStore,
    target: str | os.PathLike[str] | IO[bytes],
    *,
    file_format: str | None = None,
    batch_rows: int = BATCH_ROWS,
    neutralise_formulas: bool = True,
    pseudonymise_key: bytes | None = None,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> int:
    """Write the store's persons, families and memberships as a registry CSV or Parquet file
    (full numbers: an explicit reveal); returns the number of data rows.

    One row per membership (ordered by No. KK, NIK, start), then persons without a family,
    then families without members: the layout :func:`bulk_import` and
    :func:`~dayasos.registry.import_csv` read back to the same records. Categories are written
    in the spellings of :mod:`dayasos.registry.spelling` and regions dotted.

    Args:
        store: the store to read.
        target: a path (``.parquet`` writes Parquet, anything else CSV) or a binary file (CSV).
        file_format: ``"csv"`` or ``"parquet"`` to override the choice by suffix.
        batch_rows: rows read and written at a time (a Parquet row group each): the memory
            the export holds is bounded by it, not by the store.
        neutralise_formulas: in CSV, prefix ``'`` to a name starting with ``=``, ``+``, ``-``
            or ``@`` so a spreadsheet shows it as text instead of running it as a formula (on
            by default; such a name does not import back unchanged). Parquet is never changed.
        pseudonymise_key: write :func:`pseudonym` s under this key instead of NIK and No. KK,
            and no names (a file for analysis that reveals no identity; it does not import
            back). ``None`` (the default) writes the full numbers and names.
        progress: called with the number of rows written after each batch.
        workers: read-only connections reading the ranges in parallel, inside one snapshot
            of the file (default: 2, or 1 on a one-core machine; with 1, an in-memory store,
            or a store inside an open transaction, the store is read on its own connection,
            in one read transaction unless the caller's is open).

    Raises:
        ValidationError: for an unknown ``file_format``, or a ``batch_rows`` or ``workers``
            that is not a positive integer.
        RegistryFileError: the store holds a row the export cannot read (a value of the wrong
            form, or a membership without its person or family). A failed export to a path
            leaves the file that was there (if any) and no partial one.
        SourceError: a temporary file cannot be made beside a target path.
    """
    if isinstance(target, str | os.PathLike):
        fmt = file_format or ("parquet" if Path(target).suffix.lower() == ".parquet" else "csv")
    else:
        fmt = file_format or "csv"
    if fmt not in ("csv", "parquet"):
        raise ValidationError("file_format", "must be 'csv' or 'parquet'", shown=fmt)
    for name, value in (("batch_rows", batch_rows), ("workers", workers)):
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < 1
        ):
            raise ValidationError(name, "must be a positive integer", shown=repr(value)[:40])
    if not isinstance(target, str | os.PathLike):
        return _write(
            store, target, fmt, batch_rows, neutralise_formulas, pseudonymise_key, progress, workers
        )
    # through a temporary file renamed over the target once complete: a failed export leaves
    # the previous file (if any) and no partial one
    return atomic_replace(
        target,
        lambda tmp: _write(
            store, tmp, fmt, batch_rows, neutralise_formulas, pseudonymise_key, progress, workers
        ),
    )


def _write(
    store: SQLiteStore,
    target: str | IO[bytes],
    fmt: str,
    batch_rows: int,
    neutralise_formulas: bool,
    pseudonymise_key: bytes | None,
    progress: Callable[[int], None] | None,
    workers: int | None,
) -> int:
    """The export into a file path or a binary file (see :func:`bulk_export`)."""
    import pyarrow.parquet as pq

    schema = pa.schema([(n, pa.string()) for n in CSV_COLUMNS])
    total = 0
    parquet: Any = None
    fh: IO[bytes]
    if fmt == "parquet":
        # dictionaries for the category columns only (trying one on NIK or names is waste)
        parquet = pq.ParquetWriter(target, schema, use_dictionary=list(SPELLINGS))
    elif isinstance(target, str):
        fh = open(target, "wb")  # noqa: SIM115 - closed below
    else:
        fh = target
    try:
        if parquet is None:
            fh.write((",".join(CSV_COLUMNS) + "\n").encode())

        def write(table: pa.Table) -> None:
            if pseudonymise_key is not None:
                table = pseudonymise(table, pseudonymise_key)
            if parquet is not None:
                parquet.write_table(table)
            else:
                if neutralise_formulas:
                    table = neutralise(table)
                fh.write(csv_lines(table))

        # a writer thread formats and writes batch i while this one takes batch i + 1
        batches = _output(store, workers or min(2, os.cpu_count() or 1), batch_rows)
        with ThreadPoolExecutor(1) as writer, closing(batches):
            pending: Future[None] | None = None
            for table in batches:
                if pending is not None:
                    pending.result()
                    if progress is not None:
                        progress(total)
                pending = writer.submit(write, table)
                total += table.num_rows
            if pending is not None:
                pending.result()
                if progress is not None:
                    progress(total)
    finally:
        if parquet is not None:
            parquet.close()
        elif isinstance(target, str):
            fh.close()
    return total
