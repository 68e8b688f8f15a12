"""The bulk load's driver: reads, parses, checks and writes a registry CSV or Parquet file
into a SQLiteStore ``batch_rows`` rows at a time in one transaction, and reports what it did
(:class:`BulkReport`; see :mod:`dayasos.registry.bulk`)."""

from __future__ import annotations

import os
import sqlite3
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from datetime import date, datetime
from itertools import chain
from pathlib import Path
from typing import IO, Any, Final

import numpy as np
from attrs import define

from dayasos.errors import SourceError, ValidationError
from dayasos.registry.bulk.check import Context, Outcome, check_batch
from dayasos.registry.bulk.parse import nik_findings, parse_batch
from dayasos.registry.bulk.parsed import Parsed, prepare
from dayasos.registry.bulk.pending import PENDING_BATCHES, PendingPersons
from dayasos.registry.bulk.read import Batch, csv_batches, parquet_batches
from dayasos.registry.bulk.seen import KeySeen
from dayasos.registry.io import RejectedRow, RowFinding
from dayasos.registry.io_common import import_summary
from dayasos.registry.sqlite import SQLiteStore
from dayasos.registry.sqlite_load import (
    FAMILY_INSERT,
    MEMBERSHIP_INSERT,
    build_indexes,
    drop_membership_indexes,
    insert_flat,
    insert_rows,
    load_cache,
)

__all__ = ["BATCH_ROWS", "BulkReport", "bulk_import"]

BATCH_ROWS: Final = 100_000
"""The default number of rows read, checked and written at a time."""

READ_AHEAD: Final = 4
"""Batches read and parsed ahead of the one being written (four: the reading goes on while
held rows are inserted; at ten million persons the writing thread waited 1.4 s for batches
instead of 6.1 s with two)."""


@define(frozen=True, slots=True)
class BulkReport:
    """What a bulk import did.

    Attributes:
        rows: data rows read (blank rows are not counted).
        accepted: rows that passed validation.
        rejected: every rejected row with its line, field and reason (none dropped).
        findings: disagreements in accepted rows (a NIK that disagrees with the stated birth
            date or sex), reported and never corrected.
        written: whether the accepted rows were kept in the store; ``False`` when an
            all-or-nothing import had a rejected row.
        persons_added, families_added, memberships_added: the records the import added.
        unchanged: rows that stated a stored membership exactly as stored (nothing written).
        corrected: rows applied as corrections (``on_change="correct"``).
    """

    rows: int
    accepted: int
    rejected: tuple[RejectedRow, ...]
    findings: tuple[RowFinding, ...]
    written: bool
    persons_added: int = 0
    families_added: int = 0
    memberships_added: int = 0
    unchanged: int = 0
    corrected: int = 0

    @property
    def ok(self) -> bool:
        """Whether every row was accepted and written."""
        return not self.rejected and self.written

    def summary(self) -> str:
        """One line: rows read, accepted, rejected and whether anything was written."""
        return import_summary(self.rows, self.accepted, len(self.rejected), self.written)


def bulk_import(
    source: str | os.PathLike[str] | IO[bytes],
    store: SQLiteStore,
    *,
    partial: bool = False,
    batch_rows: int = BATCH_ROWS,
    file_format: str | None = None,
    progress: Callable[[int], None] | None = None,
    on_change: str = "reject",
    who: str = "import",
    why: str | None = None,
    effective: date | None = None,
) -> BulkReport:
    """Validate a registry CSV or Parquet file and load the accepted rows into ``store``.

    Importing a file again is idempotent: a row that states a person, family and membership
    exactly as stored is recognised (counted in ``unchanged``) and writes nothing. A row that
    states a stored person or family differently is, by ``on_change``:

    * ``"reject"`` (the default, as :func:`~dayasos.registry.import_csv`): rejected with the
      field and reason, so nothing changes silently;
    * ``"correct"``: applied as a correction (:mod:`dayasos.registry.corrections`: one audit
      entry per changed field, by ``who`` for ``why``, effective ``effective``) and counted
      in ``corrected``. Only records stored before this import are corrected; two rows of
      the same file that disagree are still rejected.

    Args:
        source: a path (``.parquet`` files are read as Parquet, anything else as CSV) or a
            binary file open for reading (CSV unless ``file_format="parquet"``).
        store: the SQLite store to load into.
        partial: keep the accepted rows even when some are rejected (default: all or
            nothing).
        batch_rows: rows read, checked and written at a time (the first batch is an eighth
            of it, so that writing starts early). It bounds the memory: four batches read
            ahead and one being written, and, once the database outgrows the load's page
            cache, the accepted persons of up to 8 batches, held to be inserted in NIK
            order.
        file_format: ``"csv"`` or ``"parquet"`` to override the choice by file suffix.
        progress: called with the number of rows read after each batch.
        on_change: ``"reject"`` or ``"correct"`` (see above).
        who: who the corrections are recorded for (with ``on_change="correct"``).
        why: their reason (default ``"re-import"``).
        effective: the date they hold from (default today).

    Returns:
        The report: counts, every rejected row with line, field and reason, findings and
        whether the rows were written.

    The import is one transaction. Into a registry that holds no person and no family, and
    while its connection is the file's only one, it runs with a rollback journal instead of
    WAL (:meth:`~dayasos.registry.SQLiteStore.load_journal`: each page written once; another
    connection opening the file meanwhile waits for the import).

    Raises:
        ValidationError: the header does not hold the registry columns, ``batch_rows`` is
            not positive or ``file_format`` is unknown.
        TextDecodeError: a CSV file is not UTF-8 (names the line and the byte, as
            :func:`~dayasos.registry.import_csv` does); nothing of the import was stored.
        StoreBusyError: another connection held the registry's lock longer than the
            store's timeout; nothing of the import was stored.
        RegistryFileError: SQLite could not write the file (a full disk); nothing of the
            import was stored.
    """
    if not isinstance(store, SQLiteStore):
        raise ValidationError("store", f"must be a SQLiteStore, not {type(store).__name__}")
    if isinstance(batch_rows, bool) or not isinstance(batch_rows, int) or batch_rows < 1:
        raise ValidationError("batch_rows", "must be an int of at least 1", shown=repr(batch_rows))
    if not isinstance(partial, bool):
        raise ValidationError("partial", "must be True or False", shown=repr(partial))
    if on_change not in ("reject", "correct"):
        raise ValidationError("on_change", "must be 'reject' or 'correct'", shown=repr(on_change))
    if effective is not None and (
        not isinstance(effective, date) or isinstance(effective, datetime)
    ):
        raise ValidationError("effective", "must be a date (not a datetime)", shown=repr(effective))
    if isinstance(source, str) and ("\n" in source or "\r" in source):
        raise SourceError("source", "a str is a path; pass content as bytes or an open binary file")
    if isinstance(source, str | os.PathLike) and not Path(source).is_file():
        raise SourceError("source", f"cannot read {os.fspath(source)}: not a file")
    top = store.connection.execute("SELECT ifnull(max(id), 0) FROM membership").fetchone()[0]
    ctx = Context(store, int(top), on_change, who, why or "re-import", effective or date.today())
    ctx.pending = PendingPersons(PENDING_BATCHES * batch_rows)
    first = _first(batch_rows)
    if isinstance(source, str | os.PathLike):
        fmt = file_format or ("parquet" if Path(source).suffix.lower() == ".parquet" else "csv")
        if fmt == "parquet":
            return _run(parquet_batches(source, batch_rows, first), ctx, partial, progress)
        if fmt != "csv":
            raise ValidationError("file_format", "must be 'csv' or 'parquet'", shown=fmt)
        with open(source, "rb") as fh:
            return _run(csv_batches(fh, batch_rows, first), ctx, partial, progress)
    if file_format == "parquet":
        return _run(parquet_batches(source, batch_rows, first), ctx, partial, progress)
    if file_format not in (None, "csv"):
        raise ValidationError("file_format", "must be 'csv' or 'parquet'", shown=file_format)
    return _run(csv_batches(source, batch_rows, first), ctx, partial, progress)


def _first(batch_rows: int) -> int:
    """The rows of the first batch: an eighth of the others, so that writing starts after a
    short read."""
    return max(1, batch_rows // 8)


_Ready = tuple[Batch, Parsed, list[RejectedRow], list[tuple[int, RowFinding]]]


def _ahead(batches: Iterator[Batch]) -> Iterator[_Ready]:
    """Read, parse and find the NIK findings of the next batches in a worker thread while the
    caller checks and writes the current one (pyarrow's kernels and SQLite release the GIL);
    at most :data:`READ_AHEAD` batches besides the current one are in memory (the reading
    goes on while the caller inserts the persons held). The store is only touched by the
    caller's thread."""

    def read() -> _Ready | None:
        batch = next(batches, None)
        if batch is None:
            return None
        parsed, rejected = parse_batch(batch)
        found = nik_findings(parsed)
        prepare(parsed)  # the rows to write if none needs a row-by-row check
        return batch, parsed, rejected, found

    with ThreadPoolExecutor(max_workers=1) as pool:  # one worker: the reads run in order
        queue = deque(pool.submit(read) for _ in range(READ_AHEAD))
        while True:
            got = queue.popleft().result()
            if got is None:
                return
            queue.append(pool.submit(read))
            yield got


def _holds_records(db: Any) -> bool:
    """Whether the store holds a person or a family."""
    person = db.execute("SELECT 1 FROM person LIMIT 1").fetchone()
    return person is not None or db.execute("SELECT 1 FROM family LIMIT 1").fetchone() is not None


def _write(db: Any, parsed: Parsed, out: Outcome, pending: PendingPersons) -> None:
    """Write what :func:`check_batch` accepted: families and memberships now (the rows
    accepted as a set column-wise in key order, then the records accepted one by one), the
    persons through ``pending`` (written together with those of later batches)."""
    pending.add(parsed.person_values(out.person_rows), parsed.nik[out.person_rows])
    pending.add(list(chain.from_iterable(sorted(out.persons))))
    if pending.due(db):
        pending.flush(db)
    insert_flat(db, FAMILY_INSERT, parsed.family_values(out.family_rows))
    insert_flat(db, MEMBERSHIP_INSERT, parsed.member_values(out.member_rows))
    insert_rows(db, [], out.families, out.memberships)


class _RollbackError(Exception):
    """Raised inside the import transaction to undo an all-or-nothing import."""


def _run(
    batches: Iterator[Batch],
    ctx: Context,
    partial: bool,
    progress: Callable[[int], None] | None,
) -> BulkReport:
    store = ctx.store
    db = store.connection
    rows = accepted = 0
    rejected: list[RejectedRow] = []
    findings: list[RowFinding] = []
    added = [0, 0, 0]
    # the import checks every reference itself: the store's foreign-key checks are off for
    # its own transaction (unchecked_transaction); a first load into an empty registry writes
    # its pages once, with a rollback journal, when nothing else has the file open
    journal = nullcontext(False) if _holds_records(db) else store.load_journal()
    try:
        with journal, load_cache(db), store.unchecked_transaction():
            if not _holds_records(db):
                # only what this import writes can be stored: look up only those keys
                ctx.persons_seen, ctx.families_seen = KeySeen(), KeySeen()
            indexes = drop_membership_indexes(db)
            if ctx.on_change == "correct":
                db.execute(
                    "CREATE TEMP TABLE IF NOT EXISTS _dayasos_imported (kind INTEGER, key INTEGER, "
                    "PRIMARY KEY (kind, key)) WITHOUT ROWID"
                )
                db.execute("DELETE FROM temp._dayasos_imported")
            for batch, parsed, more, found in _ahead(batches):
                rows += batch.count
                rejected.extend(batch.rejected)
                rejected.extend(more)
                out = check_batch(parsed, db, ctx)
                rejected.extend(out.rejected)
                niks, kks = out.keys_written(parsed)
                ctx.written(niks, kks)
                if ctx.on_change == "correct":  # what this import added is not corrected
                    db.executemany(
                        "INSERT OR IGNORE INTO temp._dayasos_imported VALUES (0, ?)",
                        zip(niks.tolist()),
                    )
                    db.executemany(
                        "INSERT OR IGNORE INTO temp._dayasos_imported VALUES (1, ?)",
                        zip(kks.tolist()),
                    )
                accepted += len(out.accepted)
                if found:  # reported for accepted rows only
                    kept = np.zeros(len(parsed.lines), dtype=np.bool_)
                    kept[out.accepted] = True
                    findings.extend(f for i, f in found if kept[i])
                _write(db, parsed, out, ctx.pending)
                added[0] += len(niks)
                added[1] += len(kks)
                added[2] += len(out.member_rows) + len(out.memberships)
                if progress is not None:
                    progress(rows)
            ctx.pending.flush(db)
            build_indexes(db, indexes)
            if rejected and not partial:
                raise _RollbackError
    except _RollbackError:
        added = [0, 0, 0]
        ctx.corrected = 0
    except sqlite3.OperationalError as exc:  # rolled back: nothing of the import is stored
        raise store.operation_error(exc, "bulk import") from None
    rejected.sort(key=lambda r: r.line)
    findings.sort(key=lambda f: f.line)
    written = accepted > 0 and (partial or not rejected)
    return BulkReport(
        rows,
        accepted,
        tuple(rejected),
        tuple(findings),
        written or rows == 0,
        added[0],
        added[1],
        added[2],
        ctx.unchanged,
        ctx.corrected,
    )
