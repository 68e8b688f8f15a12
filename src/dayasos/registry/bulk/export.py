"""The bulk export: a store's persons, families and memberships as a registry CSV or Parquet
file (see :mod:`dayasos.registry.bulk`).

Each table is read in one ordered scan per chunk, on two read-only connections of a file store
inside one snapshot (:func:`~dayasos.registry.columnar.snapshot_readers`): SQLite aggregates
each column of a chunk into one text (fixed-width numbers and dates, names back to back with
their lengths) that becomes a pyarrow array without a Python object per row. numpy joins the
memberships to their persons and families and orders the rows; each batch of the output is a
pyarrow ``take`` of those arrays, written as Parquet or as CSV lines joined by pyarrow. The
columns of the persons, families and memberships are held in memory for the join (a few
hundred bytes a person); the output is built ``batch_rows`` rows at a time.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any, Final

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from dayasos.errors import RegistryFileError, ValidationError
from dayasos.registry.bulk.load import BATCH_ROWS
from dayasos.registry.columnar import (
    CHUNK_ROWS,
    fixed_width_numbers,
    run_readers,
    snapshot_readers,
)
from dayasos.registry.io import CSV_COLUMNS
from dayasos.registry.spelling import (
    DISABILITY_SPELLING,
    RELATIONSHIP_SPELLING,
    SCHOOL_SPELLING,
    SEX_SPELLING,
)
from dayasos.registry.sqlite import SQLiteStore

__all__ = ["bulk_export", "pseudonym"]

_TOP_KEY: Final = 2**63 - 1
_NO_DATE: Final = " " * 10  # an absent date in a fixed-width date text
_SPECIAL: Final = (",", '"', "\r", "\n")  # a CSV value holding one is quoted

# stored code -> file spelling, per category column (an unknown code is written empty)
_SPELL: Final[dict[str, dict[str, str]]] = {
    "sex": SEX_SPELLING,
    "relationship": RELATIONSHIP_SPELLING,
    "disability": DISABILITY_SPELLING,
    "school_level": SCHOOL_SPELLING,
}

Table = dict[str, Any]  # one table's columns: byte grids, numbers, (bytes, offsets)


def _code_offset(column: str) -> int:
    """What the SQL of :func:`_code` adds to a code so that all have the same width."""
    offset: int = 10 ** len(str(len(_SPELL[column])))
    return offset


def _code(column: str) -> str:
    """SQL: the index of the stored code in its spelling table (one past the end if
    unknown), plus :func:`_code_offset` (every value the same number of digits)."""
    whens = " ".join(f"WHEN '{c}' THEN {i}" for i, c in enumerate(_SPELL[column]))
    return f"(CASE {column} {whens} ELSE {len(_SPELL[column])} END + {_code_offset(column)})"


def _texts(db: Any, sql: str, params: tuple[Any, ...]) -> tuple[str, ...]:
    """The one row of an aggregate query, ``""`` for an aggregate over no rows."""
    row = db.execute(sql, params).fetchone()
    return tuple("" if t is None else t for t in row)


def _bad(table: str) -> RegistryFileError:
    return RegistryFileError(
        "registry", f"holds a {table} row the export cannot read (a value of the wrong form)"
    )


def _fixed(text: str, width: int, n: int, table: str) -> npt.NDArray[np.uint8]:
    """``n`` ASCII values of ``width`` characters written back to back, as an ``(n, width)``
    byte grid."""
    raw = np.frombuffer(text.encode("ascii", "replace"), dtype=np.uint8)
    if len(raw) != n * width:
        raise _bad(table)
    return raw.reshape(n, width)


def _numbers(grid: npt.NDArray[np.uint8], table: str) -> npt.NDArray[np.int64]:
    got = fixed_width_numbers(grid.reshape(-1), grid.shape[1])
    if got is None:
        raise _bad(table)
    return got


def _codes(text: str, n: int, table: str, column: str) -> npt.NDArray[np.uint8]:
    """The codes of :func:`_code` for ``column``: indexes into its spellings."""
    offset = _code_offset(column)
    raw = np.frombuffer(text.encode("ascii", "replace"), dtype=np.uint8)
    codes = fixed_width_numbers(raw, len(str(offset))) if len(raw) else np.zeros(0, np.int64)
    if codes is None or len(codes) != n:
        raise _bad(table)
    return (codes - offset).astype(np.uint8)  # fewer than 100 spellings


def _varying(text: str, lengths: str, n: int, table: str) -> tuple[bytes, npt.NDArray[np.int64]]:
    """Values written back to back and their lengths in bytes (comma-separated numbers):
    the UTF-8 bytes and the ``n + 1`` offsets of an arrow string array."""
    data = text.encode("utf-8")
    sizes = np.fromstring(lengths, dtype=np.int64, sep=",") if n else np.zeros(0, dtype=np.int64)
    offsets = np.zeros(n + 1, dtype=np.int64)
    if len(sizes) != n:
        raise _bad(table)
    np.cumsum(sizes, out=offsets[1:])
    if int(offsets[-1]) != len(data):
        raise _bad(table)
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


def _bounds(db: Any, table: str, key: str, parts: int) -> list[tuple[int, int]]:
    """Key ranges ``(low, high]`` covering ``table`` in chunks of at most
    :data:`~dayasos.registry.columnar.CHUNK_ROWS` rows, at least ``parts`` of them."""
    count = int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    size = max(1, min(CHUNK_ROWS, -(-count // parts)))
    bounds: list[tuple[int, int]] = []
    last = -1
    while last < _TOP_KEY:
        row = db.execute(
            f"SELECT {key} FROM {table} WHERE {key} > ? ORDER BY {key} LIMIT 1 OFFSET ?",
            (last, size - 1),
        ).fetchone()
        upper = _TOP_KEY if row is None else int(row[0])
        bounds.append((last, upper))
        last = upper
    return bounds


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


def _grid_array(grid: npt.NDArray[np.uint8]) -> pa.Array:
    """An ``(n, width)`` byte grid as an arrow string array; an all-blank value (an absent
    date) as null."""
    n, width = grid.shape
    valid = grid[:, 0] != ord(" ") if width else np.ones(n, dtype=np.bool_)
    offsets = np.arange(n + 1, dtype=np.int64) * width
    mask = pa.py_buffer(np.packbits(valid, bitorder="little")) if not valid.all() else None
    return pa.LargeStringArray.from_buffers(
        n, pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(grid)), mask
    )


def _spelled(codes: npt.NDArray[np.uint8], column: str) -> pa.Array:
    """The spellings of ``codes`` (32-bit offsets: a spelling is a few bytes)."""
    values = pa.array([*_SPELL[column].values(), ""], pa.string())
    return values.take(pa.array(codes))


def _dotted(region: pa.Array) -> pa.Array:
    """Region digits as the dotted form (``31.71.01.1001``)."""
    parts = [pc.utf8_slice_codeunits(region, a, b) for a, b in ((0, 2), (2, 4), (4, 6), (6, 10))]
    out, dot = parts[0], pa.scalar(".", region.type)
    for p in parts[1:]:
        out = pc.if_else(pc.equal(p, ""), out, pc.binary_join_element_wise(out, p, dot))
    return out


def _sources(
    persons: Table, members: Table, families: Table
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The arrow arrays of each output column's source table, and the row indexes of the
    output into them (``-1``: the column is empty in that row): memberships ordered by No. KK,
    NIK and start, then persons without a membership (NIK order), then families without one
    (No. KK order)."""
    kk, nik, start = members["no_kk_number"], members["nik_number"], members["start_number"]
    step = kk[1:] - kk[:-1]
    same = step == 0
    if np.all(step >= 0) and np.all(nik[1:][same] > nik[:-1][same]):
        order = np.arange(len(kk))
    else:
        order = np.lexsort((start, nik, kk))
    # persons and families come in key order: find each membership's rows, keys in order
    person_keys, family_keys = persons["nik_number"], families["no_kk_number"]
    member_nik, member_kk = nik[order], kk[order]
    by_nik = np.argsort(member_nik)
    person_at = np.empty(len(order), dtype=np.int64)
    person_at[by_nik] = np.searchsorted(person_keys, member_nik[by_nik])
    family_at = np.searchsorted(family_keys, member_kk)
    if len(order) and (
        int(person_at.max()) >= len(person_keys)
        or not np.array_equal(person_keys[person_at], member_nik)
        or int(family_at.max()) >= len(family_keys)
        or not np.array_equal(family_keys[family_at], member_kk)
    ):
        raise _bad("membership")  # the foreign keys hold for a registry the library wrote
    lone_persons = np.ones(len(person_keys), dtype=np.bool_)
    lone_persons[person_at] = False
    lone_families = np.ones(len(family_keys), dtype=np.bool_)
    lone_families[family_at] = False
    persons_only = np.flatnonzero(lone_persons)
    families_only = np.flatnonzero(lone_families)

    def rows(*parts: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        return np.concatenate(parts).astype(np.int64)

    none_p = np.full(len(persons_only), -1, dtype=np.int64)
    none_f = np.full(len(families_only), -1, dtype=np.int64)
    index = {
        "person": rows(person_at, persons_only, none_f),
        "family": rows(family_at, none_p, families_only),
        "membership": rows(order, none_p, none_f),
    }
    arrays: dict[str, Any] = {
        "no_kk": ("family", _grid_array(families["no_kk"])),
        "region": ("family", _dotted(families["region"])),
        "nik": ("person", _grid_array(persons["nik"])),
        "name": ("person", persons["name"]),
        "birth_date": ("person", _grid_array(persons["birth_date"])),
        "sex": ("person", _spelled(persons["sex"], "sex")),
        "relationship": ("membership", _spelled(members["relationship"], "relationship")),
        "member_from": ("membership", _grid_array(members["member_from"])),
        "member_until": ("membership", _grid_array(members["member_until"])),
        "disability": ("person", _spelled(persons["disability"], "disability")),
        "pregnancy_due": ("person", _grid_array(persons["pregnancy_due"])),
        "school_level": ("person", _spelled(persons["school_level"], "school_level")),
    }
    return arrays, index


def _batch(arrays: dict[str, Any], index: dict[str, Any], lo: int, hi: int) -> pa.Table:
    """Rows ``lo:hi`` of the output as a table of (non-null) strings."""
    taken: dict[str, pa.Array] = {}
    picks: dict[str, Any] = {}
    for source, rows in index.items():
        part = rows[lo:hi]
        first = int(part[0]) if len(part) else 0
        run = len(part) and first >= 0 and int(part[-1]) - first == len(part) - 1
        if run and np.array_equal(part, np.arange(first, first + len(part))):
            picks[source] = (first, len(part))  # a run of rows: a slice, no copy
            continue
        picks[source] = pa.array(part, mask=part < 0)
    for name in CSV_COLUMNS:
        source, values = arrays[name]
        pick = picks[source]
        col = values.slice(*pick) if isinstance(pick, tuple) else values.take(pick)
        taken[name] = pc.fill_null(col, "").cast(pa.string())
    return pa.table(taken)


def _neutralise(table: pa.Table) -> pa.Table:
    """Prefix ``'`` to a text cell starting with ``=``, ``+``, ``-`` or ``@`` (spreadsheet
    formula injection); only the free-text column ``name`` can hold one."""
    name = table.column("name")
    risky = pc.match_substring_regex(name, r"^[=+\-@]")
    fixed = pc.if_else(risky, pc.binary_join_element_wise("'", name, ""), name)
    return table.set_column(CSV_COLUMNS.index("name"), "name", fixed)


def _free_text(column: str) -> bool:
    """Whether a column can hold a value that needs CSV quoting: the names (free text), and
    a category whose spellings hold a special character (none today)."""
    if column == "name":
        return True
    spelling = _SPELL.get(column)
    return spelling is not None and any(c in v for v in spelling.values() for c in _SPECIAL)


def _csv_lines(table: pa.Table) -> pa.Buffer:
    """The rows of ``table`` as CSV lines; a value holding a comma, quote or line break is
    quoted (quotes doubled), like Python's csv writer does. Only the columns that can hold
    such a value are searched (numbers, dates, regions and spellings never do)."""
    cols = []
    for name, col in zip(table.column_names, table.columns, strict=True):
        if _free_text(name):
            needs = pc.match_substring_regex(col, '[,"\\r\\n]')
            quoted = pc.binary_join_element_wise('"', pc.replace_substring(col, '"', '""'), '"', "")
            col = pc.if_else(needs, quoted, col)
        cols.append(col)
    lines = pc.binary_join_element_wise(*cols, ",")
    lines = pc.binary_join_element_wise(lines, "", "\n")  # line + "\n" + ""
    if isinstance(lines, pa.ChunkedArray):
        lines = lines.combine_chunks()
    if len(lines) == 0:
        return pa.py_buffer(b"")
    # the lines, each ending in a line break, lie back to back in the array's data buffer
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32)
    first, last = int(offsets[lines.offset]), int(offsets[lines.offset + len(lines)])
    data: pa.Buffer = lines.buffers()[2].slice(first, last - first)
    return data


def pseudonym(key: bytes, digits: str) -> str:
    """A stable keyed pseudonym of an identifier: HMAC-SHA256 of the digits under ``key``,
    the first 20 hex digits (80 bits) after ``p``. The same key gives the same pseudonym in
    every export, so files can be joined; without the key the number cannot be recovered
    (a plain hash of a 16-digit number could be reversed by trying them all).

    Examples:
        >>> pseudonym(b"secret", "3171010205800001") == pseudonym(b"secret", "3171010205800001")
        True
        >>> len(pseudonym(b"secret", "3171010205800001"))
        21
    """
    return "p" + hmac.new(key, digits.encode("ascii"), hashlib.sha256).hexdigest()[:20]


def _pseudonymise(table: pa.Table, key: bytes) -> pa.Table:
    for name in ("nik", "no_kk"):
        col = table.column(name).combine_chunks()
        enc = pc.dictionary_encode(col)
        values = [pseudonym(key, v) if v else "" for v in enc.dictionary.to_pylist()]
        table = table.set_column(
            CSV_COLUMNS.index(name), name, pc.take(pa.array(values, pa.string()), enc.indices)
        )
    empty = pa.array([""] * table.num_rows, pa.string())
    return table.set_column(CSV_COLUMNS.index("name"), "name", empty)


def _read(store: SQLiteStore, workers: int) -> tuple[dict[str, Any], dict[str, Any], int]:
    """The output's source arrays and row indexes (:func:`_sources`) and its number of rows,
    read in one snapshot."""
    with snapshot_readers(store.connection, workers) as readers:
        parts = 2 * len(readers) if len(readers) > 1 else 1  # chunks to balance the threads
        db = readers[-1]
        top = int(db.execute("SELECT ifnull(max(id), 0) FROM membership").fetchone()[0])
        size = max(1, min(CHUNK_ROWS, -(-top // parts)))
        person_jobs = [_person_chunk(*b) for b in _bounds(db, "person", "nik", parts)]
        member_jobs = [_member_chunk(lo, lo + size) for lo in range(0, top + 1, size)]
        family_jobs = [_family_chunk(*b) for b in _bounds(db, "family", "no_kk", parts)]
        done = run_readers(readers, [*person_jobs, *member_jobs, *family_jobs])
    # each table's chunks joined, then let go (the chunks and the table are never all held)
    persons = _joined(done[: len(person_jobs)])
    del done[: len(person_jobs)]
    members = _joined(done[: len(member_jobs)])
    del done[: len(member_jobs)]
    families = _joined(done)
    del done
    arrays, index = _sources(persons, members, families)
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
        parquet = pq.ParquetWriter(target, schema, use_dictionary=list(_SPELL))
    elif isinstance(target, str | os.PathLike):
        fh = open(target, "wb")  # noqa: SIM115 - closed below
    else:
        fh = target
    try:
        if parquet is None:
            fh.write((",".join(CSV_COLUMNS) + "\n").encode())

        def write(table: pa.Table) -> None:
            if pseudonymise_key is not None:
                table = _pseudonymise(table, pseudonymise_key)
            if parquet is not None:
                parquet.write_table(table)
            else:
                if neutralise_formulas:
                    table = _neutralise(table)
                fh.write(_csv_lines(table))

        # a writer thread formats and writes batch i while this one takes batch i + 1
        with ThreadPoolExecutor(1) as writer:
            pending: Future[None] | None = None
            for lo in range(0, total_rows, batch_rows):
                table = _batch(arrays, index, lo, min(total_rows, lo + batch_rows))
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
