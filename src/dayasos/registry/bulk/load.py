"""The bulk load: a registry CSV or Parquet file into a SQLiteStore, ``batch_rows`` rows at a
time, with the validation and rejection report of the row import (see :mod:`dayasos.registry.bulk`)."""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import IO, Any, Final

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from attrs import define

from dayasos._textio import csv_records
from dayasos.categories import DisabilitySeverity, Relationship, SchoolLevel, Sex
from dayasos.errors import RegistryConflictError, SourceError, ValidationError
from dayasos.registry.columnar import drop_membership_indexes, insert_rows
from dayasos.registry.csv_io import parse_row
from dayasos.registry.identity import (
    Nik,
    NoKK,
    RegionCode,
    stdnum_accepts_region,
)
from dayasos.registry.io import CSV_COLUMNS, RejectedRow, RowFinding, read_csv
from dayasos.registry.model import Membership
from dayasos.registry.region_code import kemendagri_province_codes
from dayasos.registry.sqlite import SQLiteStore
from dayasos.registry.store import check_new_membership

__all__ = ["BATCH_ROWS", "BulkReport", "bulk_import"]

BATCH_ROWS: Final = 100_000
"""The default number of rows read, checked and written at a time."""

_NCOLS: Final = len(CSV_COLUMNS)
_OPEN_END: Final = "9999-12-31~"  # sorts after every ISO date: an open membership
_HEAD: Final = Relationship.KEPALA_KELUARGA.code
# white space Python's str.strip() removes beyond ASCII: rows holding it take the row parser
_PY_SPACE: Final = (
    r"[\x1c-\x1f\x85\xa0\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]"
)
_ISO_DATE: Final = r"^[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}$"


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
        what = "written" if self.written else "nothing written"
        return f"{self.rows} rows: {self.accepted} accepted, {len(self.rejected)} rejected; {what}"


@define(slots=True)
class _Batch:
    """Rows of the file: their line numbers and the trimmed text of every column."""

    lines: npt.NDArray[np.int64]
    cols: dict[str, pa.Array]
    rejected: list[RejectedRow]
    count: int
    plain: bool = False  # known to hold no white space beyond what ASCII trimming removes


# -- reading ----------------------------------------------------------------------------------


def _header(first: bytes) -> list[str]:
    try:
        text = first.decode("utf-8-sig").rstrip("\r\n")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            "file", f"is not UTF-8 text: {exc.reason} at line 1 (byte {exc.start})"
        ) from None
    # a header-only text yields no rows; a wrong header raises while it is read
    list(read_csv(io.StringIO(text + "\n")))
    if not text:
        raise ValidationError("header", "must hold the registry columns; the file is empty")
    return [h.strip() for h in next(csv.reader([text]))]


def _columns_from_rows(rows: list[list[str]], names: list[str]) -> dict[str, pa.Array]:
    if not rows:
        return {n: pa.array([], pa.string()) for n in names}
    cols = list(zip(*rows, strict=True))
    return {n: pa.array(cols[i], pa.string()) for i, n in enumerate(names)}


def _slow_chunk(text: str, first_line: int, names: list[str]) -> _Batch:
    """A chunk with quotes: read by :func:`dayasos._textio.csv_records`, exactly as the row
    import reads it (an unclosed quote rejects its own line only)."""
    rows: list[list[str]] = []
    lines: list[int] = []
    rejected: list[RejectedRow] = []
    count = 0
    for at, values in csv_records(text):
        line = first_line - 1 + at
        count += 1
        if isinstance(values, ValidationError):
            rejected.append(RejectedRow(line, values.field, values.problem))
            continue
        if len(values) != len(names):
            rejected.append(
                RejectedRow(line, "row", f"has {len(values)} columns, the header has {len(names)}")
            )
            continue
        rows.append(values)
        lines.append(line)
    return _Batch(np.array(lines, dtype=np.int64), _columns_from_rows(rows, names), rejected, count)


_ODD_BYTES: Final = re.compile(rb"[\x1c-\x1f]")


def _plain(data: bytes) -> bool:
    """Whether the bytes hold no white space that Python strips beyond ASCII trimming (no
    non-ASCII character, no control character 0x1c-0x1f): then no row needs the check."""
    return data.isascii() and _ODD_BYTES.search(data) is None


def _blank(joined: pa.Array, plain: bool = False) -> npt.NDArray[np.bool_]:
    """Which rows are blank as Python's ``str.strip()`` sees every value (``joined``: the
    values of each row run together)."""
    blank = np.asarray(pc.equal(pc.utf8_trim(joined, characters=" \t\r\n\x0b\x0c"), ""))
    if plain:
        return blank
    odd = np.flatnonzero(np.asarray(pc.match_substring_regex(joined, _PY_SPACE)))
    if len(odd):
        texts = joined.take(pa.array(odd)).to_pylist()
        blank[odd] = [not t.strip() for t in texts]
    return blank


def _fast_chunk(chunk: list[bytes], first_line: int, names: list[str], plain: bool) -> _Batch:
    """A chunk without quotes: one record per line, split column-wise by pyarrow."""
    try:
        arr = pc.cast(pa.array(chunk, pa.binary()), pa.string())
    except pa.ArrowInvalid:
        raise ValidationError(
            "file", f"is not UTF-8 text (in the lines from {first_line})"
        ) from None
    arr = pc.utf8_rtrim(arr, characters="\r\n")
    blank = _blank(arr, plain)  # a blank line; a line of commas is a record (of empty fields)
    parts = pc.split_pattern(arr, ",")
    widths = np.asarray(pc.list_value_length(parts))
    lines = np.arange(first_line, first_line + len(chunk), dtype=np.int64)
    good = (widths == len(names)) & ~blank
    bad = np.flatnonzero(~good & ~blank)
    rejected: list[RejectedRow] = []
    for i in bad.tolist():
        raw = chunk[i].decode("utf-8").rstrip("\r\n")
        values = next(csv.reader([raw]), [])
        if not values or (len(values) == 1 and not values[0].strip()):
            continue  # blank by Python's reckoning (unusual white space)
        rejected.append(
            RejectedRow(
                int(lines[i]), "row", f"has {len(values)} columns, the header has {len(names)}"
            )
        )
    kept = parts.filter(pa.array(good))
    cols = {n: pc.list_element(kept, i) for i, n in enumerate(names)}
    return _Batch(lines[good], cols, rejected, int(good.sum()) + len(rejected), plain)


def _csv_batches(fh: IO[bytes], batch_rows: int) -> Iterator[_Batch]:
    first = fh.readline()
    if b"\r" in first.rstrip(b"\r\n"):
        # bare CR line ends (old Mac, some exports): no line of the file ends in \n, so the
        # file is read whole and split as the row import splits it
        data = first + fh.read()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError("file", "is not UTF-8 text") from None
        head, _, body = text.partition("\r")
        names = _header(head.encode("utf-8"))
        yield _slow_chunk(body, 2, names)
        return
    names = _header(first)
    line = 2
    while True:
        chunk = list(islice(fh, batch_rows))
        if not chunk:
            return
        data = b"".join(chunk)
        if b'"' in data or b"\x00" in data or data.count(b"\r") != data.count(b"\r\n"):
            while data.count(b'"') % 2:  # a quoted value runs on: read to its end
                more = fh.readline()
                if not more:
                    break
                chunk.append(more)
                data += more
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                raise ValidationError(
                    "file", f"is not UTF-8 text (in the lines from {line})"
                ) from None
            yield _slow_chunk(text, line, names)
        else:
            yield _fast_chunk(chunk, line, names, _plain(data))
        # the lines Python's csv reader counts: \r\n, \n and a lone \r each end one
        ends = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")
        line += ends + (0 if data.endswith((b"\n", b"\r")) else 1)


def _parquet_batches(path: str | os.PathLike[str] | IO[bytes], batch_rows: int) -> Iterator[_Batch]:
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    names = list(pf.schema_arrow.names)
    if sorted(names) != sorted(CSV_COLUMNS):
        missing = sorted(set(CSV_COLUMNS) - set(names))
        extra = sorted(set(names) - set(CSV_COLUMNS))
        raise ValidationError(
            "header", f"must hold the registry columns; missing {missing}, unknown {extra}"
        )
    offset = 2
    for rb in pf.iter_batches(batch_size=batch_rows):
        cols: dict[str, pa.Array] = {}
        for n in names:
            col = rb.column(n)
            if not pa.types.is_string(col.type):
                col = pc.cast(col, pa.string())
            cols[n] = pc.fill_null(col, "")
        lines = np.arange(offset, offset + rb.num_rows, dtype=np.int64)
        offset += rb.num_rows
        joined = pc.binary_join_element_wise(*cols.values(), "")
        blank = _blank(joined)
        keep = pa.array(~blank)
        yield _Batch(
            lines[~blank], {n: c.filter(keep) for n, c in cols.items()}, [], int((~blank).sum())
        )


# -- column-wise validation -------------------------------------------------------------------


def _np(a: Any) -> npt.NDArray[Any]:
    return np.asarray(a.to_numpy(zero_copy_only=False))


def _lookup(col: pa.Array, parse: Callable[[str], str | None]) -> tuple[pa.Array, pa.Array]:
    """Map each distinct value once: returns the mapped column (null where ``parse`` gives
    ``None``) and whether each value mapped."""
    enc = pc.dictionary_encode(col)
    mapped = [parse(v) for v in enc.dictionary.to_pylist()]
    out = pc.take(pa.array(mapped, pa.string()), enc.indices)
    return out, pc.is_valid(out)


def _category(cls: Any, empty: str | None) -> Callable[[str], str | None]:
    def parse(text: str) -> str | None:
        if not text:
            return empty
        try:
            return str(cls.parse(text).code)
        except LookupError:
            return None

    return parse


def _nik_ok(text: str) -> str | None:
    return text if stdnum_accepts_region(text) or text[:2] in kemendagri_province_codes() else None


_MONTH_DAYS: Final = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


def _nik_birth_ok(nik: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """Whether python-stdnum reads a birth date from each NIK (day modulo 40, month, and the
    two year digits in 19yy or 20yy), computed column-wise with stdnum's rule."""
    day = (nik // 10**8) % 100 % 40
    month = (nik // 10**6) % 100
    yy = (nik // 10**4) % 100
    ok_month = (month >= 1) & (month <= 12)
    limit = _MONTH_DAYS[np.where(ok_month, month, 0)]
    # 29 February exists in 19yy or 20yy when either is a leap year: 2000 is, so yy % 4 == 0
    leap = yy % 4 == 0
    limit = np.where((month == 2) & leap, 29, limit)
    return np.asarray(ok_month & (day >= 1) & (day <= limit))


def _region_ok(text: str) -> str | None:
    digits = text.replace(".", "")
    try:
        return RegionCode(digits).digits
    except ValidationError:
        return None


def _dates(col: pa.Array, present: npt.NDArray[np.bool_]) -> tuple[Any, npt.NDArray[np.bool_]]:
    """The values as ``yyyymmdd`` integers (0 where empty or invalid; they order like the
    dates) and which present values are valid ISO dates (``date.fromisoformat`` accepts
    them): checked with integer arithmetic on the digits, no parsing per value."""
    iso = np.asarray(pc.match_substring_regex(col, _ISO_DATE))
    safe = pc.if_else(pa.array(iso), col, "2000-01-01")
    digits = _np(pc.cast(pc.replace_substring(safe, "-", ""), pa.int64()))
    year, month, day = digits // 10000, digits // 100 % 100, digits % 100
    ok_month = (month >= 1) & (month <= 12)
    limit = _MONTH_DAYS[np.where(ok_month, month, 0)]
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    limit = np.where((month == 2) & leap, 29, limit)
    valid = iso & ok_month & (day >= 1) & (day <= limit)
    return np.where(valid, digits, 0), valid | ~present


@define(slots=True)
class _Parsed:
    """The rows of a batch that parsed, as plain values in line order (stored encodings)."""

    lines: list[int]
    nik: npt.NDArray[np.int64]  # -1: no person
    kk: npt.NDArray[np.int64]  # -1: no family
    member: npt.NDArray[np.bool_]
    head: npt.NDArray[np.bool_]
    name: list[str | None]
    birth: list[str | None]
    sex: list[str | None]
    disability: list[str | None]
    due: list[str | None]
    school: list[str | None]
    region: list[str | None]
    relationship: list[str | None]
    start: list[str | None]
    end: list[str | None]

    def person(self, i: int) -> tuple[Any, ...]:
        return (
            int(self.nik[i]),
            self.name[i],
            self.birth[i],
            self.sex[i],
            self.disability[i],
            self.due[i],
            self.school[i],
        )

    def person_columns(self) -> tuple[list[Any], ...]:
        return (
            self.nik.tolist(),
            self.name,
            self.birth,
            self.sex,
            self.disability,
            self.due,
            self.school,
        )

    def membership_columns(self) -> tuple[list[Any], ...]:
        return (self.kk.tolist(), self.nik.tolist(), self.relationship, self.start, self.end)

    def membership(self, i: int) -> tuple[Any, ...]:
        return (int(self.kk[i]), int(self.nik[i]), self.relationship[i], self.start[i], self.end[i])


def _parse(batch: _Batch) -> tuple[_Parsed, list[RejectedRow]]:
    c = batch.cols
    n = len(batch.lines)
    trimmed: dict[str, pa.Array] = {}
    for name in CSV_COLUMNS:
        trimmed[name] = pc.utf8_trim(c[name], characters=" \t\r\n\x0b\x0c")
    # a value holding white space only Python strips (rare): the row parser decides
    odd = (
        np.zeros(n, dtype=np.bool_)
        if batch.plain
        else np.asarray(
            pc.match_substring_regex(pc.binary_join_element_wise(*c.values(), ""), _PY_SPACE)
        )
    )
    given = {k: np.asarray(pc.not_equal(v, "")) for k, v in trimmed.items()}
    person_all = given["nik"] & given["name"] & given["birth_date"] & given["sex"]
    person_none = ~(given["nik"] | given["name"] | given["birth_date"] | given["sex"])
    family_all = given["no_kk"] & given["region"]
    family_none = ~(given["no_kk"] | given["region"])
    member_all = given["relationship"] & given["member_from"]
    member_none = ~(given["relationship"] | given["member_from"] | given["member_until"])
    full = person_all & family_all & member_all
    person_only = person_all & family_none & member_none
    family_only = family_all & person_none & member_none
    has_person = full | person_only
    has_family = full | family_only
    fast = (full | person_only | family_only) & ~odd

    nik_t = trimmed["nik"]
    nik_digits = np.asarray(pc.match_substring_regex(nik_t, "^[0-9]{16}$"))
    well_formed = pc.if_else(pa.array(nik_digits), nik_t, "3171010101700001")
    _, pre_ok = _lookup(pc.utf8_slice_codeunits(well_formed, 0, 4), _nik_ok)
    nik_ok = nik_digits & np.asarray(pre_ok) & _nik_birth_ok(_np(pc.cast(well_formed, pa.int64())))
    kk_t = trimmed["no_kk"]
    provinces = pa.array(sorted(kemendagri_province_codes()), pa.string())
    kk_ok = np.asarray(pc.match_substring_regex(kk_t, "^[0-9]{16}$")) & np.asarray(
        pc.is_in(pc.utf8_slice_codeunits(kk_t, 0, 2), value_set=provinces)
    )
    region_t = trimmed["region"]
    region, region_ok = _lookup(
        pc.if_else(pc.match_substring_regex(region_t, "^[0-9.]+$"), region_t, ""), _region_ok
    )
    sex, sex_ok = _lookup(trimmed["sex"], _category(Sex, None))
    dis, dis_ok = _lookup(
        trimmed["disability"], _category(DisabilitySeverity, DisabilitySeverity.NONE.code)
    )
    school, school_ok = _lookup(
        trimmed["school_level"], _category(SchoolLevel, SchoolLevel.NONE.code)
    )
    rel, rel_ok = _lookup(trimmed["relationship"], _category(Relationship, None))
    _, birth_valid = _dates(trimmed["birth_date"], given["birth_date"])
    _, due_valid = _dates(trimmed["pregnancy_due"], given["pregnancy_due"])
    start_days, start_valid = _dates(trimmed["member_from"], given["member_from"])
    end_days, end_valid = _dates(trimmed["member_until"], given["member_until"])
    sex_codes = sex.to_pylist()
    female = np.array([s == Sex.PEREMPUAN.code for s in sex_codes], dtype=np.bool_)
    person_ok = (
        nik_ok
        & birth_valid
        & np.asarray(sex_ok)
        & np.asarray(dis_ok)
        & np.asarray(school_ok)
        & due_valid
        & (~given["pregnancy_due"] | female)
    )
    family_ok = kk_ok & np.asarray(region_ok)
    member_ok = (
        np.asarray(rel_ok)
        & start_valid
        & end_valid
        & (~given["member_until"] | (end_days > start_days))
    )
    fast &= ~has_person | person_ok
    fast &= ~has_family | family_ok
    fast &= ~full | member_ok

    nik = np.where(has_person & fast, _np(pc.cast(pc.if_else(nik_ok, nik_t, "0"), pa.int64())), -1)
    kk = np.where(has_family & fast, _np(pc.cast(pc.if_else(kk_ok, kk_t, "0"), pa.int64())), -1)

    def values(col: pa.Array, mask: npt.NDArray[np.bool_], empty: Any = None) -> list[Any]:
        out = pc.if_else(pa.array(mask), col, pa.scalar(None, pa.string()))
        if empty is not None:
            return pc.fill_null(out, empty).to_pylist()  # type: ignore[no-any-return]
        return out.to_pylist()  # type: ignore[no-any-return]

    def opt(col: pa.Array, mask: npt.NDArray[np.bool_]) -> list[Any]:
        return values(pc.if_else(pc.equal(col, ""), pa.scalar(None, pa.string()), col), mask)

    p = has_person & fast
    f = has_family & fast
    m = full & fast
    parsed = _Parsed(
        batch.lines.tolist(),
        nik.astype(np.int64),
        kk.astype(np.int64),
        m.copy(),
        m & np.asarray(pc.fill_null(pc.equal(rel, _HEAD), False)),
        values(trimmed["name"], p),
        values(trimmed["birth_date"], p),
        values(sex, p),
        values(dis, p),
        opt(trimmed["pregnancy_due"], p),
        values(school, p),
        values(region, f),
        values(rel, m),
        values(trimmed["member_from"], m),
        opt(trimmed["member_until"], m),
    )
    rejected: list[RejectedRow] = []
    slow = np.flatnonzero(~fast)
    if len(slow):
        dropped = np.zeros(n, dtype=np.bool_)
        raw_cols = {k: c[k].take(pa.array(slow)).to_pylist() for k in CSV_COLUMNS}
        for j, i in enumerate(slow.tolist()):
            raw = {k: raw_cols[k][j] for k in CSV_COLUMNS}
            line = parsed.lines[i]
            try:
                row = parse_row(line, raw)
            except ValidationError as exc:
                rejected.append(RejectedRow(line, exc.field, exc.problem))
                dropped[i] = True
                continue
            if row.person is not None:
                q = row.person
                parsed.nik[i] = int(q.nik.reveal())
                parsed.name[i] = q.name
                parsed.birth[i] = q.birth_date.isoformat()
                parsed.sex[i] = q.sex.code
                parsed.disability[i] = q.disability.code
                parsed.due[i] = None if q.pregnancy_due is None else q.pregnancy_due.isoformat()
                parsed.school[i] = q.school_level.code
            if row.family is not None:
                parsed.kk[i] = int(row.family.no_kk.reveal())
                parsed.region[i] = row.family.region.digits
            if row.membership is not None:
                ms = row.membership
                parsed.member[i] = True
                parsed.head[i] = ms.relationship.is_head
                parsed.relationship[i] = ms.relationship.code
                parsed.start[i] = ms.start.isoformat()
                parsed.end[i] = None if ms.end is None else ms.end.isoformat()
        if dropped.any():
            keep = np.flatnonzero(~dropped)
            parsed = _Parsed(
                [parsed.lines[i] for i in keep],
                parsed.nik[keep],
                parsed.kk[keep],
                parsed.member[keep],
                parsed.head[keep],
                *(
                    [getattr(parsed, a)[i] for i in keep]
                    for a in (
                        "name",
                        "birth",
                        "sex",
                        "disability",
                        "due",
                        "school",
                        "region",
                        "relationship",
                        "start",
                        "end",
                    )
                ),
            )
    return parsed, rejected


# -- cross-row checks against the store -------------------------------------------------------


def _fetch(db: Any, sql: str, keys: npt.NDArray[np.int64]) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` (with one ``?`` for a JSON array of keys) for the distinct keys."""
    if len(keys) == 0:
        return []
    text = "[" + ",".join(map(str, np.unique(keys).tolist())) + "]"
    return db.execute(sql, (text,)).fetchall()  # type: ignore[no-any-return]


def _take(columns: tuple[list[Any], ...], rows: npt.NDArray[np.intp]) -> list[tuple[Any, ...]]:
    """The rows ``rows`` of the columns, as tuples (for ``executemany``)."""
    if len(rows) == 0:
        return []
    if len(rows) == 1:
        return [tuple(col[int(rows[0])] for col in columns)]
    pick = itemgetter(*rows.tolist())
    return list(zip(*(pick(col) for col in columns), strict=True))


def _dup_mask(keys: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """Which entries share their key with another entry."""
    if len(keys) == 0:
        return np.zeros(0, dtype=np.bool_)
    _, inv, counts = np.unique(keys, return_inverse=True, return_counts=True)
    return np.asarray(counts[inv] > 1)


def _membership_object(t: tuple[Any, ...]) -> Membership:
    return Membership(
        NoKK(f"{t[0]:016d}"),
        Nik(f"{t[1]:016d}"),
        Relationship.parse(t[2]),
        date.fromisoformat(t[3]),
        None if t[4] is None else date.fromisoformat(t[4]),
    )


def _member_conflict(existing: list[tuple[Any, ...]], new: tuple[Any, ...]) -> str | None:
    """The reason the row import gives for a membership conflict, or ``None``."""
    end = new[4] or _OPEN_END
    head = new[2] == _HEAD
    for m in existing:
        if not (m[3] < end and new[3] < (m[4] or _OPEN_END)):
            continue
        if m[1] == new[1] or (head and m[2] == _HEAD):
            try:
                check_new_membership([_membership_object(m)], _membership_object(new))
            except RegistryConflictError as exc:
                return exc.problem
    return None


@define(slots=True)
class _Context:
    """What the cross-row checks need besides the batch."""

    store: SQLiteStore
    last_member_id: int  # memberships up to this id were stored before the import
    on_change: str
    who: str
    why: str
    effective: date
    unchanged: int = 0
    corrected: int = 0


@define(slots=True)
class _Outcome:
    accepted: list[int]
    rejected: list[RejectedRow]
    persons: list[tuple[Any, ...]]
    families: list[tuple[Any, ...]]
    memberships: list[tuple[Any, ...]]


def _imported(db: Any, kind: int, key: int) -> bool:
    row = db.execute("SELECT 1 FROM temp._dayasos_imported WHERE kind = ? AND key = ?", (kind, key))
    return row.fetchone() is not None


def _correct_person(ctx: _Context, known: tuple[Any, ...], new: tuple[Any, ...]) -> None:
    from dayasos.registry.corrections import PERSON_FIELDS, correct_person

    columns = ("nik", "name", "birth_date", "sex", "disability", "pregnancy_due", "school_level")
    changes: dict[str, Any] = {}
    for name, old, value in zip(columns, known, new, strict=True):
        if name in PERSON_FIELDS and old != value:
            if name in ("birth_date", "pregnancy_due"):
                changes[name] = None if value is None else date.fromisoformat(value)
            elif name == "sex":
                changes[name] = Sex.parse(value)
            elif name == "disability":
                changes[name] = DisabilitySeverity.parse(value)
            elif name == "school_level":
                changes[name] = SchoolLevel.parse(value)
            else:
                changes[name] = value
    correct_person(
        ctx.store,
        Nik(f"{new[0]:016d}"),
        who=ctx.who,
        why=ctx.why,
        effective=ctx.effective,
        **changes,
    )
    ctx.corrected += 1


def _check(parsed: _Parsed, db: Any, ctx: _Context) -> _Outcome:
    n = len(parsed.lines)
    idx = np.arange(n)
    has_p = parsed.nik >= 0
    has_f = parsed.kk >= 0
    stored_p = {
        r[0]: r
        for r in _fetch(
            db,
            "SELECT nik, name, birth_date, sex, disability, pregnancy_due, school_level "
            "FROM person WHERE nik IN (SELECT value FROM json_each(?))",
            parsed.nik[has_p],
        )
    }
    stored_f: dict[int, str] = dict(
        _fetch(
            db,
            "SELECT no_kk, region FROM family WHERE no_kk IN (SELECT value FROM json_each(?))",
            parsed.kk[has_f],
        )
    )
    stored_m: dict[int, list[tuple[Any, ...]]] = {}
    for r in _fetch(
        db,
        "SELECT no_kk, nik, relationship, start_date, end_date, id FROM membership "
        "WHERE no_kk IN (SELECT value FROM json_each(?))",
        parsed.kk[parsed.member],
    ):
        stored_m.setdefault(r[0], []).append(r)
    # memberships stored before this import: a row stating one of them again is unchanged
    before = {r[:5] for rows in stored_m.values() for r in rows if r[5] <= ctx.last_member_id}

    # rows that cannot conflict with any other: accepted as a set
    seq = np.zeros(n, dtype=np.bool_)
    p_rows = idx[has_p]
    seq[p_rows] |= _dup_mask(parsed.nik[p_rows])
    if stored_p:
        seq[p_rows] |= np.isin(parsed.nik[p_rows], np.fromiter(stored_p, np.int64))
    f_rows = idx[has_f]
    bad_kk: set[int] = set()
    if len(f_rows):
        kks = parsed.kk[f_rows]
        order = np.argsort(kks, kind="stable")
        regions = [parsed.region[i] for i in f_rows[order].tolist()]
        sk = kks[order].tolist()
        for a in range(1, len(sk)):
            if sk[a] == sk[a - 1] and regions[a] != regions[a - 1]:
                bad_kk.add(sk[a])
        for k, region in stored_f.items():
            if k not in bad_kk and any(
                parsed.region[i] != region for i in f_rows[parsed.kk[f_rows] == k].tolist()
            ):
                bad_kk.add(k)
    m_rows = idx[parsed.member]
    if len(m_rows):
        kk_all = [parsed.kk[m_rows]]
        nik_all = [parsed.nik[m_rows]]
        head_all = [parsed.head[m_rows]]
        for rows in stored_m.values():
            kk_all.append(np.array([r[0] for r in rows], dtype=np.int64))
            nik_all.append(np.array([r[1] for r in rows], dtype=np.int64))
            head_all.append(np.array([r[2] == _HEAD for r in rows], dtype=np.bool_))
        kk_c, nik_c, head_c = (
            np.concatenate(kk_all),
            np.concatenate(nik_all),
            np.concatenate(head_all),
        )
        order = np.lexsort((nik_c, kk_c))
        ks, ns = kk_c[order], nik_c[order]
        same = (ks[1:] == ks[:-1]) & (ns[1:] == ns[:-1])
        bad_kk.update(ks[1:][same].tolist())
        heads, counts = np.unique(kk_c[head_c], return_counts=True)
        bad_kk.update(heads[counts > 1].tolist())
    if bad_kk:
        seq[f_rows] |= np.isin(parsed.kk[f_rows], np.fromiter(bad_kk, np.int64))

    out = _Outcome([], [], [], [], [])
    simple = ~seq
    # simple rows: NIKs unique in the batch and new to the store; a family once, if new
    rows_p = idx[simple & has_p]
    out.persons = _take(parsed.person_columns(), rows_p[np.argsort(parsed.nik[rows_p])])
    rows_f = idx[simple & has_f]
    if len(rows_f):
        _, first = np.unique(parsed.kk[rows_f], return_index=True)
        rows_f = rows_f[first]
        if stored_f:
            rows_f = rows_f[~np.isin(parsed.kk[rows_f], np.fromiter(stored_f, np.int64))]
    out.families = _take((parsed.kk.tolist(), parsed.region), rows_f)
    rows_m = idx[simple & parsed.member]
    order = np.lexsort((parsed.nik[rows_m], parsed.kk[rows_m]))
    out.memberships = _take(parsed.membership_columns(), rows_m[order])
    accepted = np.zeros(n, dtype=np.bool_)
    accepted[~seq] = True
    sequential = idx[seq].tolist()
    if sequential:
        persons: dict[int, tuple[Any, ...]] = dict(stored_p)
        families: dict[int, str] = dict(stored_f)
        members: dict[int, list[tuple[Any, ...]]] = {k: list(v) for k, v in stored_m.items()}
        # a simple row never shares its NIK with a sequential one; it may share the family
        seq_kk = np.unique(parsed.kk[seq & has_f])
        for i in idx[simple & has_f & np.isin(parsed.kk, seq_kk)].tolist():
            families[int(parsed.kk[i])] = str(parsed.region[i])
            if parsed.member[i]:
                members.setdefault(int(parsed.kk[i]), []).append(parsed.membership(i))
        for i in sequential:
            line = parsed.lines[i]
            person = parsed.person(i) if has_p[i] else None
            correct_p = correct_f = False
            if person is not None:
                known = persons.get(person[0])
                if known is not None and tuple(known) != person:
                    if (
                        ctx.on_change == "correct"
                        and person[0] in stored_p
                        and not _imported(db, 0, person[0])
                    ):
                        correct_p = True
                    else:
                        out.rejected.append(
                            RejectedRow(line, "nik", "appears earlier with different person data")
                        )
                        continue
            k = int(parsed.kk[i])
            if has_f[i]:
                known_f = families.get(k)
                if known_f is not None and known_f != parsed.region[i]:
                    if ctx.on_change == "correct" and k in stored_f and not _imported(db, 1, k):
                        correct_f = True
                    else:
                        out.rejected.append(
                            RejectedRow(line, "region", "differs from the region of this No. KK")
                        )
                        continue
            if parsed.member[i] and parsed.membership(i) in before:
                ctx.unchanged += 1  # stated again as stored: nothing to write
            elif parsed.member[i]:
                new_m = parsed.membership(i)
                existing = members.setdefault(k, [])
                problem = _member_conflict(existing, new_m)
                if problem is not None:
                    out.rejected.append(RejectedRow(line, "relationship", problem))
                    continue
                existing.append(new_m)
                out.memberships.append(new_m)
            if correct_p and person is not None:
                _correct_person(ctx, persons[person[0]], person)
                persons[person[0]] = person
            if correct_f:
                from dayasos.registry.corrections import move_family

                move_family(
                    ctx.store,
                    NoKK(f"{k:016d}"),
                    RegionCode(str(parsed.region[i])),
                    who=ctx.who,
                    why=ctx.why,
                    effective=ctx.effective,
                )
                families[k] = str(parsed.region[i])
                ctx.corrected += 1
            if person is not None and person[0] not in persons:
                persons[person[0]] = person
                out.persons.append(person)
            if has_f[i] and k not in families:
                families[k] = str(parsed.region[i])
                out.families.append((k, parsed.region[i]))
            accepted[i] = True
    out.accepted = idx[accepted].tolist()
    return out


def _findings(parsed: _Parsed, accepted: list[int]) -> list[RowFinding]:
    rows = [i for i in accepted if parsed.nik[i] >= 0]
    if not rows:
        return []
    nik = parsed.nik[rows]
    dd = (nik // 10**8) % 100
    mm = (nik // 10**6) % 100
    yy = (nik // 10**4) % 100
    births = [parsed.birth[i] for i in rows]
    b = np.array(births, dtype="datetime64[D]")
    years = b.astype("datetime64[Y]").astype(np.int64) + 1970
    months = b.astype("datetime64[M]").astype(np.int64) % 12 + 1
    days = (b - b.astype("datetime64[M]")).astype(np.int64) + 1
    female = np.array([parsed.sex[i] == Sex.PEREMPUAN.code for i in rows], dtype=np.bool_)
    odd = (dd % 40 != days) | (mm != months) | (yy != years % 100) | ((dd > 40) != female)
    out: list[RowFinding] = []
    for j in np.flatnonzero(odd).tolist():
        i = rows[j]
        nik_obj = Nik(f"{int(parsed.nik[i]):016d}")
        for f in nik_obj.check(date.fromisoformat(str(births[j])), Sex.parse(str(parsed.sex[i]))):
            out.append(RowFinding(parsed.lines[i], f))
    return out


# -- the import -------------------------------------------------------------------------------


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
        batch_rows: rows read, checked and written at a time (bounds the memory).
        file_format: ``"csv"`` or ``"parquet"`` to override the choice by file suffix.
        progress: called with the number of rows read after each batch.
        on_change: ``"reject"`` or ``"correct"`` (see above).
        who: who the corrections are recorded for (with ``on_change="correct"``).
        why: their reason (default ``"re-import"``).
        effective: the date they hold from (default today).

    Returns:
        The report: counts, every rejected row with line, field and reason, findings and
        whether the rows were written.

    Raises:
        ValidationError: the header does not hold the registry columns, the file is not
            UTF-8, ``batch_rows`` is not positive or ``file_format`` is unknown.
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
    ctx = _Context(store, int(top), on_change, who, why or "re-import", effective or date.today())
    if isinstance(source, str | os.PathLike):
        fmt = file_format or ("parquet" if Path(source).suffix.lower() == ".parquet" else "csv")
        if fmt == "parquet":
            return _run(_parquet_batches(source, batch_rows), ctx, partial, progress)
        if fmt != "csv":
            raise ValidationError("file_format", "must be 'csv' or 'parquet'", shown=fmt)
        with open(source, "rb") as fh:
            return _run(_csv_batches(fh, batch_rows), ctx, partial, progress)
    if file_format == "parquet":
        return _run(_parquet_batches(source, batch_rows), ctx, partial, progress)
    if file_format not in (None, "csv"):
        raise ValidationError("file_format", "must be 'csv' or 'parquet'", shown=file_format)
    return _run(_csv_batches(source, batch_rows), ctx, partial, progress)


def _ahead(
    batches: Iterator[_Batch],
) -> Iterator[tuple[_Batch, tuple[_Parsed, list[RejectedRow]]]]:
    """Read and parse the next batch in a worker thread while the caller checks and writes
    the current one (pyarrow's kernels and SQLite release the GIL); at most two batches are
    in memory. The store is only touched by the caller's thread."""

    def read() -> tuple[_Batch, tuple[_Parsed, list[RejectedRow]]] | None:
        batch = next(batches, None)
        return None if batch is None else (batch, _parse(batch))

    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(read)
        while True:
            got = pending.result()
            if got is None:
                return
            pending = pool.submit(read)
            yield got


class _RollbackError(Exception):
    """Raised inside the import transaction to undo an all-or-nothing import."""


def _run(
    batches: Iterator[_Batch],
    ctx: _Context,
    partial: bool,
    progress: Callable[[int], None] | None,
) -> BulkReport:
    store = ctx.store
    db = store.connection
    rows = accepted = 0
    rejected: list[RejectedRow] = []
    findings: list[RowFinding] = []
    added = [0, 0, 0]
    # the import checks every reference itself: outside a caller's transaction the foreign
    # key checks are switched off for its duration (SQLite ignores the pragma inside one)
    own = store._depth == 0
    if own:
        db.execute("PRAGMA foreign_keys = OFF")
    try:
        with store.transaction():
            indexes = drop_membership_indexes(db)
            if ctx.on_change == "correct":
                db.execute(
                    "CREATE TEMP TABLE IF NOT EXISTS _dayasos_imported (kind INTEGER, key INTEGER, "
                    "PRIMARY KEY (kind, key)) WITHOUT ROWID"
                )
                db.execute("DELETE FROM temp._dayasos_imported")
            for batch, (parsed, more) in _ahead(batches):
                rows += batch.count
                rejected.extend(batch.rejected)
                rejected.extend(more)
                out = _check(parsed, db, ctx)
                rejected.extend(out.rejected)
                if ctx.on_change == "correct":  # what this import added is not corrected
                    db.executemany(
                        "INSERT OR IGNORE INTO temp._dayasos_imported VALUES (0, ?)",
                        [(p[0],) for p in out.persons],
                    )
                    db.executemany(
                        "INSERT OR IGNORE INTO temp._dayasos_imported VALUES (1, ?)",
                        [(f[0],) for f in out.families],
                    )
                accepted += len(out.accepted)
                findings.extend(_findings(parsed, out.accepted))
                insert_rows(db, out.persons, out.families, out.memberships)
                added[0] += len(out.persons)
                added[1] += len(out.families)
                added[2] += len(out.memberships)
                if progress is not None:
                    progress(rows)
            for sql in indexes:
                db.execute(sql)
            if rejected and not partial:
                raise _RollbackError
    except _RollbackError:
        added = [0, 0, 0]
        ctx.corrected = 0
    finally:
        if own:
            db.execute("PRAGMA foreign_keys = ON")
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
