"""The bulk export's output: the rows of the file built from the tables read
(:mod:`dayasos.registry.bulk.export`) as pyarrow tables of strings, spelled as the registry CSV
spells them, and written as CSV lines (quoted as Python's csv writer quotes), with formula
neutralising and keyed pseudonyms."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from dayasos.errors import RegistryFileError
from dayasos.registry.io import CSV_COLUMNS
from dayasos.registry.spelling import (
    DISABILITY_SPELLING,
    RELATIONSHIP_SPELLING,
    SCHOOL_SPELLING,
    SEX_SPELLING,
)

__all__ = [
    "SPELLINGS",
    "Table",
    "csv_lines",
    "neutralise",
    "output_batch",
    "output_sources",
    "pseudonym",
    "pseudonymise",
    "unreadable",
]

# stored code -> file spelling, per category column (an unknown code is written empty)
SPELLINGS: Final[dict[str, dict[str, str]]] = {
    "sex": SEX_SPELLING,
    "relationship": RELATIONSHIP_SPELLING,
    "disability": DISABILITY_SPELLING,
    "school_level": SCHOOL_SPELLING,
}

_SPECIAL: Final = (",", '"', "\r", "\n")  # a CSV value holding one is quoted


Table = dict[str, Any]  # one table's columns: byte grids, numbers, (bytes, offsets)


def unreadable(table: str) -> RegistryFileError:
    """The error of a stored row the export cannot read."""
    return RegistryFileError(
        "registry", f"holds a {table} row the export cannot read (a value of the wrong form)"
    )


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
    values = pa.array([*SPELLINGS[column].values(), ""], pa.string())
    return values.take(pa.array(codes))


def _dotted(region: pa.Array) -> pa.Array:
    """Region digits as the dotted form (``31.71.01.1001``)."""
    parts = [pc.utf8_slice_codeunits(region, a, b) for a, b in ((0, 2), (2, 4), (4, 6), (6, 10))]
    out, dot = parts[0], pa.scalar(".", region.type)
    for p in parts[1:]:
        out = pc.if_else(pc.equal(p, ""), out, pc.binary_join_element_wise(out, p, dot))
    return out


def output_sources(
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
        raise unreadable("membership")  # the foreign keys hold for a registry the library wrote
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


def output_batch(arrays: dict[str, Any], index: dict[str, Any], lo: int, hi: int) -> pa.Table:
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


def neutralise(table: pa.Table) -> pa.Table:
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
    spelling = SPELLINGS.get(column)
    return spelling is not None and any(c in v for v in spelling.values() for c in _SPECIAL)


def csv_lines(table: pa.Table) -> pa.Buffer:
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


def pseudonymise(table: pa.Table, key: bytes) -> pa.Table:
    for name in ("nik", "no_kk"):
        col = table.column(name).combine_chunks()
        enc = pc.dictionary_encode(col)
        values = [pseudonym(key, v) if v else "" for v in enc.dictionary.to_pylist()]
        table = table.set_column(
            CSV_COLUMNS.index(name), name, pc.take(pa.array(values, pa.string()), enc.indices)
        )
    empty = pa.array([""] * table.num_rows, pa.string())
    return table.set_column(CSV_COLUMNS.index("name"), "name", empty)
