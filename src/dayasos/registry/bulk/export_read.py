"""The bulk export's reading (:mod:`dayasos.registry.bulk.export`): the store cut into key
ranges of about ``batch_rows`` rows each, and each range read column-wise and joined into the
output rows it gives.

The output is the memberships ordered by No. KK, NIK and start, then the persons without a
membership (NIK order), then the families without one (No. KK order); so the reading goes in
three passes of ranges:

* ``member``: No. KK ranges of about ``batch_rows`` memberships (found on the
  ``membership_family`` index). A range reads its memberships, the persons they name (by NIK,
  inside SQLite) and their families, and joins them with numpy;
* ``person``: NIK ranges of ``batch_rows`` persons, of which those without a membership (the
  ``membership_person`` index) are read;
* ``family``: No. KK ranges of ``batch_rows`` families, of which those without a membership.

A range is read with one aggregate query per table: SQLite writes each column of the range
as one text (fixed-width numbers and dates, names back to back with their lengths) that
becomes a pyarrow array without a Python object per row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from dayasos.registry.bulk.export_format import (
    SPELLINGS,
    Table,
    output_batch,
    output_sources,
    unreadable,
)
from dayasos.registry.fixed_width import fixed_width_numbers, text_numbers
from dayasos.registry.sqlite_scan import sized_ranges

__all__ = ["PASSES", "export_ranges", "range_reader"]

PASSES: Final = ("member", "person", "family")
"""The passes of the export, in the order of the output's rows."""

_NO_DATE: Final = " " * 10  # an absent date in a fixed-width date text

# per pass: the ordered key whose ranges cut the pass (table, column)
_KEYS: Final = {
    "member": ("membership", "no_kk"),
    "person": ("person", "nik"),
    "family": ("family", "no_kk"),
}

# the rows of each pass's tables in a range (low, high]: two parameters per range
_MEMBERS_IN: Final = "no_kk > ? AND no_kk <= ?"
# the keys named by a range's memberships, given as a JSON list (sorted, unique)
_PERSONS_OF_MEMBERS: Final = "nik IN (SELECT value FROM json_each(?))"
_FAMILIES_OF_MEMBERS: Final = "no_kk IN (SELECT value FROM json_each(?))"
_LONE_PERSONS: Final = (
    "nik > ? AND nik <= ? AND NOT EXISTS (SELECT 1 FROM membership m WHERE m.nik = person.nik)"
)
_LONE_FAMILIES: Final = (
    "no_kk > ? AND no_kk <= ? "
    "AND NOT EXISTS (SELECT 1 FROM membership m WHERE m.no_kk = family.no_kk)"
)


def export_ranges(db: Any, kind: str, batch_rows: int) -> list[tuple[int, int]]:
    """The key ranges ``(low, high]`` of one pass (``kind``: one of :data:`PASSES`), in key
    order, covering every key: each but the last ends at the key of the ``batch_rows``-th row
    after its start, so a range of persons or families holds at most ``batch_rows`` rows and
    one of memberships at most ``batch_rows - 1`` plus those of its last family."""
    table, key = _KEYS[kind]
    return sized_ranges(db, table, key, batch_rows)


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


def _varying(text: str, lengths: str, n: int, table: str) -> pa.Array:
    """Values written back to back and their lengths in bytes (comma-separated numbers), as
    an arrow string array."""
    data = text.encode("utf-8")
    sizes = np.fromstring(lengths, dtype=np.int64, sep=",") if n else np.zeros(0, dtype=np.int64)
    offsets = np.zeros(n + 1, dtype=np.int64)
    if len(sizes) != n:
        raise unreadable(table)
    np.cumsum(sizes, out=offsets[1:])
    if int(offsets[-1]) != len(data):
        raise unreadable(table)
    return pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data))


def _json_keys(grid: npt.NDArray[np.uint8], keys: npt.NDArray[np.int64]) -> str:
    """The sorted unique keys of a column read (its byte grid and its numbers) as a JSON
    list."""
    _, first = np.unique(keys, return_index=True)
    text = np.empty((len(first), grid.shape[1] + 1), dtype=np.uint8)
    text[:, :-1] = grid[first]
    text[:, -1] = ord(",")
    return "[" + text.tobytes()[:-1].decode("ascii") + "]"


def _take(table: Table, at: npt.NDArray[np.int64]) -> Table:
    """The rows ``at`` of a table read."""
    return {k: v.take(pa.array(at)) if isinstance(v, pa.Array) else v[at] for k, v in table.items()}


def _in_order(table: Table, key: str) -> Table:
    """The table ordered by ``key`` (as read when it already is: a range or a list of keys
    is read in key order)."""
    keys = table[key]
    if len(keys) < 2 or bool(np.all(keys[1:] > keys[:-1])):
        return table
    return _take(table, np.argsort(keys, kind="stable"))


def read_persons(db: Any, where: str, params: tuple[Any, ...]) -> Table:
    """The persons matching ``where`` (SQL on ``person``), in NIK order."""
    nik, birth, due, sex, disability, school, sizes, names, n = _texts(
        db,
        f"""SELECT group_concat(nik, ''), group_concat(birth_date, ''),
                   group_concat(ifnull(pregnancy_due, '{_NO_DATE}'), ''),
                   group_concat({_code("sex")}, ''), group_concat({_code("disability")}, ''),
                   group_concat({_code("school_level")}, ''),
                   group_concat(length(CAST(name AS BLOB)), ','), group_concat(name, ''),
                   count(*)
            FROM person WHERE {where}""",
        params,
    )
    rows = int(n)
    nik_grid = _fixed(nik, 16, rows, "person")
    table = {
        "nik": nik_grid,
        "nik_number": _numbers(nik_grid, "person"),
        "birth_date": _fixed(birth, 10, rows, "person"),
        "pregnancy_due": _fixed(due, 10, rows, "person"),
        "sex": _codes(sex, rows, "person", "sex"),
        "disability": _codes(disability, rows, "person", "disability"),
        "school_level": _codes(school, rows, "person", "school_level"),
        "name": _varying(names, sizes, rows, "person"),
    }
    return _in_order(table, "nik_number")


def read_members(db: Any, low: int, high: int) -> Table:
    """The memberships with ``low < no_kk <= high``, in the order of the ``membership_family``
    index (No. KK, start, then ``id``: equal keys keep the ``id`` order)."""
    kk, nik, relationship, start, end, n = _texts(
        db,
        f"""SELECT group_concat(no_kk, ''), group_concat(nik, ''),
                   group_concat({_code("relationship")}, ''), group_concat(start_date, ''),
                   group_concat(ifnull(end_date, '{_NO_DATE}'), ''), count(*)
            FROM membership WHERE {_MEMBERS_IN}""",
        (low, high),
    )
    rows = int(n)
    start_grid = _fixed(start, 10, rows, "membership")
    kk_grid, nik_grid = _fixed(kk, 16, rows, "membership"), _fixed(nik, 16, rows, "membership")
    return {
        "no_kk": kk_grid,
        "nik": nik_grid,
        "no_kk_number": _numbers(kk_grid, "membership"),
        "nik_number": _numbers(nik_grid, "membership"),
        "relationship": _codes(relationship, rows, "membership", "relationship"),
        "member_from": start_grid,
        "start_number": _numbers(start_grid, "membership"),
        "member_until": _fixed(end, 10, rows, "membership"),
    }


def read_families(db: Any, where: str, params: tuple[Any, ...]) -> Table:
    """The families matching ``where`` (SQL on ``family``), in No. KK order."""
    kk, sizes, region, n = _texts(
        db,
        f"""SELECT group_concat(no_kk, ''), group_concat(length(CAST(region AS BLOB)), ','),
                   group_concat(region, ''), count(*)
            FROM family WHERE {where}""",
        params,
    )
    rows = int(n)
    kk_grid = _fixed(kk, 16, rows, "family")
    table = {
        "no_kk": kk_grid,
        "no_kk_number": _numbers(kk_grid, "family"),
        "region": _varying(region, sizes, rows, "family"),
    }
    return _in_order(table, "no_kk_number")


def _no_members() -> Table:
    empty = np.zeros(0, dtype=np.int64)
    grid = np.zeros((0, 10), dtype=np.uint8)
    return {
        "no_kk": np.zeros((0, 16), dtype=np.uint8),
        "nik": np.zeros((0, 16), dtype=np.uint8),
        "no_kk_number": empty,
        "nik_number": empty,
        "relationship": np.zeros(0, dtype=np.uint8),
        "member_from": grid,
        "start_number": empty,
        "member_until": grid,
    }


def _no_persons() -> Table:
    grid = np.zeros((0, 10), dtype=np.uint8)
    codes = np.zeros(0, dtype=np.uint8)
    return {
        "nik": np.zeros((0, 16), dtype=np.uint8),
        "nik_number": np.zeros(0, dtype=np.int64),
        "birth_date": grid,
        "pregnancy_due": grid,
        "sex": codes,
        "disability": codes,
        "school_level": codes,
        "name": pa.array([], pa.large_string()),
    }


def _no_families() -> Table:
    return {
        "no_kk": np.zeros((0, 16), dtype=np.uint8),
        "no_kk_number": np.zeros(0, dtype=np.int64),
        "region": pa.array([], pa.large_string()),
    }


def _all_members(db: Any, table: str, key: str, low: int, high: int) -> bool:
    """Whether every person (or family) of the range has a membership: as many keys in the
    range as distinct ones on the membership index (two cheap counts instead of a look-up
    per row; a membership without its person or family fails the export in its own pass)."""
    same = db.execute(
        f"""SELECT (SELECT count(*) FROM {table} WHERE {key} > ?1 AND {key} <= ?2)
                 = (SELECT count(DISTINCT {key}) FROM membership WHERE {key} > ?1 AND {key} <= ?2)""",
        (low, high),
    ).fetchone()[0]
    return bool(same)


def _rows(persons: Table, members: Table, families: Table) -> pa.Table | None:
    """The output rows of one range's tables (``None``: none)."""
    arrays, index = output_sources(persons, members, families)
    total = len(index["person"])
    return output_batch(arrays, index, 0, total) if total else None


def range_reader(kind: str, low: int, high: int) -> Callable[[Any], pa.Table | None]:
    """The reader of the output rows of the range ``(low, high]`` of the pass ``kind``
    (given a connection; ``None`` when the range gives no row)."""

    def read(db: Any) -> pa.Table | None:
        if kind == "member":
            members = read_members(db, low, high)
            if not len(members["nik_number"]):
                return None
            persons = read_persons(
                db, _PERSONS_OF_MEMBERS, (_json_keys(members["nik"], members["nik_number"]),)
            )
            families = read_families(
                db, _FAMILIES_OF_MEMBERS, (_json_keys(members["no_kk"], members["no_kk_number"]),)
            )
            return _rows(persons, members, families)
        if kind == "person":
            if _all_members(db, "person", "nik", low, high):
                return None
            return _rows(
                read_persons(db, _LONE_PERSONS, (low, high)), _no_members(), _no_families()
            )
        if _all_members(db, "family", "no_kk", low, high):
            return None
        return _rows(_no_persons(), _no_members(), read_families(db, _LONE_FAMILIES, (low, high)))

    return read
