"""The bulk export: a store's persons, families and memberships as a registry CSV or Parquet
file (see :mod:`dayasos.registry.bulk`).

Each table is read in one ordered scan per chunk, on two read-only connections of a file store
inside one snapshot (:func:`~dayasos.registry.sqlite_scan.snapshot_readers`): SQLite aggregates
each column of a chunk into one text (fixed-width numbers and dates, names back to back with
their lengths) that becomes a pyarrow array without a Python object per row. numpy joins the
memberships to their persons and families and orders the rows; each batch of the output is a
pyarrow ``take`` of those arrays, written as Parquet or as CSV lines joined by pyarrow. The
columns of the persons, families and memberships are held in memory for the join (a few
hundred bytes a person); the output is built ``batch_rows`` rows at a time.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any, Final

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from dayasos.errors import ValidationError
from dayasos.registry.bulk.export_format import (
    SPELLINGS,
    Table,
    csv_lines,
    neutralise,
    output_batch,
    output_sources,
    pseudonym,
    pseudonymise,
    unreadable,
)
from dayasos.registry.bulk.load import BATCH_ROWS
from dayasos.registry.fixed_width import fixed_width_numbers, text_numbers
from dayasos.registry.io import CSV_COLUMNS
from dayasos.registry.sqlite import SQLiteStore
from dayasos.registry.sqlite_scan import id_ranges, key_ranges, run_readers, snapshot_readers

__all__ = ["bulk_export", "pseudonym"]

_NO_DATE: Final = " " * 10  # an absent date in a fixed-width date text


def _code_offset(column: str) -> int:
    """What the SQL of :func:`_code` adds to a code so that all have the same width."""
    offset: int = 10 ** len(str(len(SPELLINGS[column])))
    return offset


def _code(column: str) -> str:
    """SQL: the index of the stored code in its spelling table (one past the end if
    unknown), plus :func:`_code_offset` (every value the same number of digits)."""
    whens = " ".join(f"WHEN '{c}' THEN {i}" for i, c in enumerate(SPELLINGS[column]))
    return f"(CASE {column} {whens} ELSE {len(SPELLINGS[column])} END + {_code_offset(column)})"


def _texts(db: Any, sql: str, params: tuple[Any, ...]) -> tuple[str, ...]:
    """The one row of an aggregate query, ``""`` for an aggregate over no rows."""
    row = db.execute(sql, params).fetchone()
    return tuple("" if t is None else t for t in row)


def _fixed(text: str, width: int, n: int, table: str) -> npt.NDArray[np.uint8]:
    """``n`` ASCII values of ``width`` characters written back to back, as an ``(n, width)``
    byte grid."""
    raw = np.frombuffer(text.encode("ascii", "replace"), dtype=np.uint8)
    if len(raw) != n * width:
        raise unreadable(table)
    return raw.reshape(n, width)


def _numbers(grid: npt.NDArray[np.uint8], table: str) -> npt.NDArray[np.int64]:
    got = fixed_width_numbers(grid.reshape(-1), grid.shape[1])
    if got is None:
        raise unreadable(table)
    return got


def _codes(text: str, n: int, table: str, column: str) -> npt.NDArray[np.uint8]:
    """The codes of :func:`_code` for ``column``: indexes into its spellings."""
    offset = _code_offset(column)
    codes = text_numbers(text, len(str(offset))) if text else np.zeros(0, np.int64)
    if codes is None or len(codes) != n:
        raise unreadable(table)
    return (codes - offset).astype(np.uint8)  # fewer than 100 spellings


def _varying(text: str, lengths: str, n: int, table: str) -> tuple[bytes, npt.NDArray[np.int64]]:
    """Values written back to back and their lengths in bytes (comma-separated numbers):
    the UTF-8 bytes and the ``n + 1`` offsets of an arrow string array."""
    data = text.encode("utf-8")
    sizes = np.fromstring(lengths, dtype=np.int64, sep=",") if n else np.zeros(0, dtype=np.int64)
    offsets = np.zeros(n + 1, dtype=np.int64)
    if len(sizes) != n:
        raise unreadable(table)
    np.cumsum(sizes, out=offsets[1:])
    if int(offsets[-1]) != len(data):
        raise unreadable(table)
    return data, offsets


def _person_chunk(low: int, high: int) -> Callable[[Any], Table]:
    """The reader of the persons with ``low < nik <= high`` (NIK order)."""

    def read(db: Any) -> Table:
        nik, birth, due, sex, disability, school, sizes, names, n = _texts(
            db,
            f"""SELECT group_concat(nik, ''), group_concat(birth_date, ''),
                       group_concat(ifnull(pregnancy_due, '{_NO_DATE}'), ''),
                       group_concat({_code("sex")}, ''), group_concat({_code("disability")}, ''),
                       group_concat({_code("school_level")}, ''),
                       group_concat(length(CAST(name AS BLOB)), ','), group_concat(name, ''),
                       count(*)
                FROM person WHERE nik > ? AND nik <= ?""",
            (low, high),
        )
        rows = int(n)
        nik_grid = _fixed(nik, 16, rows, "person")
        return {
            "nik": nik_grid,
            "nik_number": _numbers(nik_grid, "person"),
            "birth_date": _fixed(birth, 10, rows, "person"),
            "pregnancy_due": _fixed(due, 10, rows, "person"),
            "sex": _codes(sex, rows, "person", "sex"),
            "disability": _codes(disability, rows, "person", "disability"),
            "school_level": _codes(school, rows, "person", "school_level"),
            "name": _varying(names, sizes, rows, "person"),
        }

    return read


def _member_chunk(low: int, high: int) -> Callable[[Any], Table]:
    """The reader of the memberships with ``low < id <= high`` (``id`` order)."""

    def read(db: Any) -> Table:
        kk, nik, relationship, start, end, n = _texts(
            db,
            f"""SELECT group_concat(no_kk, ''), group_concat(nik, ''),
                       group_concat({_code("relationship")}, ''), group_concat(start_date, ''),
                       group_concat(ifnull(end_date, '{_NO_DATE}'), ''), count(*)
                FROM membership WHERE id > ? AND id <= ?""",
            (low, high),
        )
        rows = int(n)
        start_grid = _fixed(start, 10, rows, "membership")
        return {
            "no_kk_number": _numbers(_fixed(kk, 16, rows, "membership"), "membership"),
            "nik_number": _numbers(_fixed(nik, 16, rows, "membership"), "membership"),
            "relationship": _codes(relationship, rows, "membership", "relationship"),
            "member_from": start_grid,
            "start_number": _numbers(start_grid, "membership"),
            "member_until": _fixed(end, 10, rows, "membership"),
        }

    return read


def _family_chunk(low: int, high: int) -> Callable[[Any], Table]:
    """The reader of the families with ``low < no_kk <= high`` (No. KK order)."""

    def read(db: Any) -> Table:
        kk, sizes, region, n = _texts(
            db,
            """SELECT group_concat(no_kk, ''), group_concat(length(CAST(region AS BLOB)), ','),
                      group_concat(region, ''), count(*)
               FROM family WHERE no_kk > ? AND no_kk <= ?""",
            (low, high),
        )
        rows = int(n)
        kk_grid = _fixed(kk, 16, rows, "family")
        return {
            "no_kk": kk_grid,
            "no_kk_number": _numbers(kk_grid, "family"),
            "region": _varying(region, sizes, rows, "family"),
        }

    return read


def _joined(parts: list[Table]) -> Table:
    """The chunks of one table as one: byte grids and numbers concatenated, variable-length
    values as one arrow string array."""
    out: Table = {}
    for name in parts[0]:
        values = [p[name] for p in parts]
        if isinstance(values[0], tuple):  # (UTF-8 bytes, offsets)
            data = b"".join(v[0] for v in values)
            ends = np.concatenate(
                [np.zeros(1, np.int64)]
                + [v[1][1:] + base for v, base in zip(values, _bases(values), strict=True)]
            )
            out[name] = pa.LargeStringArray.from_buffers(
                len(ends) - 1, pa.py_buffer(ends), pa.py_buffer(data)
            )
        else:
            out[name] = np.concatenate(values)
    return out


def _bases(values: list[tuple[bytes, npt.NDArray[np.int64]]]) -> list[int]:
    """Where each chunk's bytes start in the joined bytes."""
    bases, total = [], 0
    for data, _ in values:
        bases.append(total)
        total += len(data)
    return bases


def _read(store: SQLiteStore, workers: int) -> tuple[dict[str, Any], dict[str, Any], int]:
    """The output's source arrays and row indexes (:func:`_sources`) and its number of rows,
    read in one snapshot."""
    with snapshot_readers(store.connection, workers) as readers:
        parts = 2 * len(readers) if len(readers) > 1 else 1  # chunks to balance the threads
        db = readers[-1]
        person_jobs = [_person_chunk(*b) for b in key_ranges(db, "person", "nik", parts)]
        member_jobs = [_member_chunk(*b) for b in id_ranges(db, "membership", parts)]
        family_jobs = [_family_chunk(*b) for b in key_ranges(db, "family", "no_kk", parts)]
        done = run_readers(readers, [*person_jobs, *member_jobs, *family_jobs])
    # each table's chunks joined, then let go (the chunks and the table are never all held)
    persons = _joined(done[: len(person_jobs)])
    del done[: len(person_jobs)]
    members = _joined(done[: len(member_jobs)])
    del done[: len(member_jobs)]
    families = _joined(done)
    del done
    arrays, index = output_sources(persons, members, families)
    return arrays, index, len(index["person"])


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
        batch_rows: rows read and written at a time.
        neutralise_formulas: in CSV, prefix ``'`` to a name starting with ``=``, ``+``, ``-``
            or ``@`` so a spreadsheet shows it as text instead of running it as a formula (on
            by default; such a name does not import back unchanged). Parquet is never changed.
        pseudonymise_key: write :func:`pseudonym` s under this key instead of NIK and No. KK,
            and no names (a file for analysis that reveals no identity; it does not import
            back). ``None`` (the default) writes the full numbers and names.
        progress: called with the number of rows written after each batch.
        workers: read-only connections reading the tables in parallel, inside one snapshot
            of the file (default: 2, or 1 on a one-core machine; an in-memory store, or a
            store inside an open transaction, is read on its own connection).

    Raises:
        ValidationError: for an unknown ``file_format``, or a ``batch_rows`` or ``workers``
            that is not a positive integer.
        RegistryFileError: the store holds a row the export cannot read (a value of the wrong
            form, or a membership without its person or family).
    """
    import pyarrow.parquet as pq

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
    arrays, index, total_rows = _read(store, workers or min(2, os.cpu_count() or 1))
    schema = pa.schema([(n, pa.string()) for n in CSV_COLUMNS])
    total = 0
    parquet: Any = None
    fh: IO[bytes]
    if fmt == "parquet":
        # dictionaries for the category columns only (trying one on NIK or names is waste)
        parquet = pq.ParquetWriter(target, schema, use_dictionary=list(SPELLINGS))
    elif isinstance(target, str | os.PathLike):
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
        with ThreadPoolExecutor(1) as writer:
            pending: Future[None] | None = None
            for lo in range(0, total_rows, batch_rows):
                table = output_batch(arrays, index, lo, min(total_rows, lo + batch_rows))
                if pending is not None:
                    pending.result()
                    if progress is not None:
                        progress(total)
                pending = writer.submit(write, table)
                total = min(total_rows, lo + batch_rows)
            if pending is not None:
                pending.result()
                if progress is not None:
                    progress(total)
    finally:
        if parquet is not None:
            parquet.close()
        elif isinstance(target, str | os.PathLike):
            fh.close()
    return total
