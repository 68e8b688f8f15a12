"""The bulk export: a store's persons, families and memberships as a registry CSV or Parquet
file, read with set-based queries in batches (see :mod:`dayasos.registry.bulk`)."""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dayasos.errors import ValidationError
from dayasos.registry.bulk.load import BATCH_ROWS
from dayasos.registry.io import CSV_COLUMNS
from dayasos.registry.spelling import (
    DISABILITY_SPELLING,
    RELATIONSHIP_SPELLING,
    SCHOOL_SPELLING,
    SEX_SPELLING,
)
from dayasos.registry.sqlite import SQLiteStore

__all__ = ["bulk_export", "pseudonym"]

_EXPORT_SQL: Final = """
SELECT printf('%016d', m.no_kk), f.region, printf('%016d', p.nik), p.name, p.birth_date,
       p.sex, m.relationship, m.start_date, ifnull(m.end_date, ''), p.disability,
       ifnull(p.pregnancy_due, ''), p.school_level
FROM membership m JOIN person p ON p.nik = m.nik JOIN family f ON f.no_kk = m.no_kk
ORDER BY m.no_kk, m.nik, m.start_date"""
_LONE_PERSONS_SQL: Final = """
SELECT '', '', printf('%016d', p.nik), p.name, p.birth_date, p.sex, '', '', '',
       p.disability, ifnull(p.pregnancy_due, ''), p.school_level
FROM person p WHERE NOT EXISTS (SELECT 1 FROM membership m WHERE m.nik = p.nik)
ORDER BY p.nik"""
_LONE_FAMILIES_SQL: Final = """
SELECT printf('%016d', f.no_kk), f.region, '', '', '', '', '', '', '', '', '', ''
FROM family f WHERE NOT EXISTS (SELECT 1 FROM membership m WHERE m.no_kk = f.no_kk)
ORDER BY f.no_kk"""

_SPELL: Final[dict[str, dict[str, str]]] = {
    "sex": SEX_SPELLING,
    "relationship": RELATIONSHIP_SPELLING,
    "disability": DISABILITY_SPELLING,
    "school_level": SCHOOL_SPELLING,
}


def _dotted(region: pa.Array) -> pa.Array:
    """Region digits as the dotted form (``31.71.01.1001``)."""
    parts = [pc.utf8_slice_codeunits(region, a, b) for a, b in ((0, 2), (2, 4), (4, 6), (6, 10))]
    out = parts[0]
    for p in parts[1:]:
        out = pc.if_else(pc.equal(p, ""), out, pc.binary_join_element_wise(out, p, "."))
    return out


def _export_table(rows: list[tuple[Any, ...]]) -> pa.Table:
    cols = list(zip(*rows, strict=True)) if rows else [() for _ in CSV_COLUMNS]
    arrays: list[pa.Array] = []
    for name, values in zip(CSV_COLUMNS, cols, strict=True):
        arr = pa.array(values, pa.string())
        spelling = _SPELL.get(name)
        if spelling is not None:
            keys = pa.array(list(spelling), pa.string())
            arr = pc.fill_null(
                pc.take(pa.array(list(spelling.values()), pa.string()), pc.index_in(arr, keys)),
                "",
            )
        elif name == "region":
            arr = _dotted(arr)
        arrays.append(arr)
    return pa.Table.from_arrays(arrays, names=list(CSV_COLUMNS))


def _neutralise(table: pa.Table) -> pa.Table:
    """Prefix ``'`` to a text cell starting with ``=``, ``+``, ``-`` or ``@`` (spreadsheet
    formula injection); only the free-text column ``name`` can hold one."""
    name = table.column("name")
    risky = pc.match_substring_regex(name, r"^[=+\-@]")
    fixed = pc.if_else(risky, pc.binary_join_element_wise("'", name, ""), name)
    return table.set_column(CSV_COLUMNS.index("name"), "name", fixed)


def _csv_lines(table: pa.Table) -> bytes:
    """The rows of ``table`` as CSV lines; a value holding a comma, quote or line break is
    quoted (quotes doubled), like Python's csv writer does."""
    cols = []
    for col in table.columns:
        needs = pc.match_substring_regex(col, '[,"\\r\\n]')
        quoted = pc.binary_join_element_wise('"', pc.replace_substring(col, '"', '""'), '"', "")
        cols.append(pc.if_else(needs, quoted, col))
    lines = pc.binary_join_element_wise(*cols, ",")
    lines = pc.binary_join_element_wise(lines, "", "\n")  # line + "\n" + ""
    if isinstance(lines, pa.ChunkedArray):
        lines = lines.combine_chunks()
    if len(lines) == 0:
        return b""
    if lines.null_count:
        return ("\n".join(lines.to_pylist()) + "\n").encode()
    # the lines, each ending in a line break, lie back to back in the array's data buffer
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32)
    first, last = int(offsets[lines.offset]), int(offsets[lines.offset + len(lines)])
    data: bytes = lines.buffers()[2].to_pybytes()[first:last]
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


def bulk_export(
    store: SQLiteStore,
    target: str | os.PathLike[str] | IO[bytes],
    *,
    file_format: str | None = None,
    batch_rows: int = BATCH_ROWS,
    neutralise_formulas: bool = True,
    pseudonymise_key: bytes | None = None,
    progress: Callable[[int], None] | None = None,
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

    Raises:
        ValidationError: for an unknown ``file_format``.
    """
    import pyarrow.parquet as pq

    if isinstance(target, str | os.PathLike):
        fmt = file_format or ("parquet" if Path(target).suffix.lower() == ".parquet" else "csv")
    else:
        fmt = file_format or "csv"
    if fmt not in ("csv", "parquet"):
        raise ValidationError("file_format", "must be 'csv' or 'parquet'", shown=fmt)
    schema = pa.schema([(n, pa.string()) for n in CSV_COLUMNS])
    total = 0
    parquet: Any = None
    fh: IO[bytes]
    if fmt == "parquet":
        parquet = pq.ParquetWriter(target, schema)
    elif isinstance(target, str | os.PathLike):
        fh = open(target, "wb")  # noqa: SIM115 - closed below
    else:
        fh = target
    try:
        if parquet is None:
            fh.write((",".join(CSV_COLUMNS) + "\n").encode())
        for sql in (_EXPORT_SQL, _LONE_PERSONS_SQL, _LONE_FAMILIES_SQL):
            cur = store.connection.execute(sql)
            while True:
                rows = cur.fetchmany(batch_rows)
                if not rows:
                    break
                table = _export_table(rows)
                if pseudonymise_key is not None:
                    table = _pseudonymise(table, pseudonymise_key)
                if parquet is not None:
                    parquet.write_table(table)
                else:
                    if neutralise_formulas:
                        table = _neutralise(table)
                    fh.write(_csv_lines(table))
                total += len(rows)
                if progress is not None:
                    progress(total)
    finally:
        if parquet is not None:
            parquet.close()
        elif isinstance(target, str | os.PathLike):
            fh.close()
    return total
