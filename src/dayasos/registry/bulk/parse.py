"""Column-wise parsing and validation of a batch of registry rows (pyarrow and numpy).

:func:`parse_batch` checks well-formed rows column by column (python-stdnum asked once per
NIK region prefix, the birth date in the NIK checked with stdnum's rule on integers, ISO
dates on their digits) and sends any other row through the row parser of
:func:`~dayasos.registry.import_csv`, so its rejection names the same field and reason.
Internal to :mod:`dayasos.registry.bulk`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from dayasos.categories import DisabilitySeverity, Relationship, SchoolLevel, Sex
from dayasos.errors import ValidationError
from dayasos.registry.bulk.parsed import MEMBER_TEXTS, PERSON_TEXTS, Parsed
from dayasos.registry.bulk.read import PY_SPACE, Batch
from dayasos.registry.csv_io import parse_row
from dayasos.registry.identity import Nik, RegionCode, stdnum_accepts_region
from dayasos.registry.io import CSV_COLUMNS, RejectedRow, RowFinding
from dayasos.registry.region_code import kemendagri_province_codes
from dayasos.registry.sqlite_rows import family_row, member_row, person_row

__all__ = ["HEAD_CODE", "nik_birth_ok", "nik_findings", "parse_batch"]

HEAD_CODE: Final = Relationship.KEPALA_KELUARGA.code
"""The stored code of the head of the family."""


def _np(a: Any) -> npt.NDArray[Any]:
    return np.asarray(a.to_numpy(zero_copy_only=False))


def _sixteen_digits(col: pa.Array) -> npt.NDArray[np.bool_]:
    """Whether each value is 16 ASCII digits."""
    sixteen: npt.NDArray[np.bool_] = _np(pc.binary_length(col)) == 16
    digits: npt.NDArray[np.bool_] = np.asarray(pc.fill_null(pc.ascii_is_decimal(col), False))
    return sixteen & digits


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


def nik_birth_ok(nik: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
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


_DIGITS: Final = (0, 1, 2, 3, 5, 6, 8, 9)
"""Where an ISO date (``yyyy-mm-dd``) has its digits."""


def _dates(col: pa.Array, present: npt.NDArray[np.bool_]) -> tuple[Any, npt.NDArray[np.bool_]]:
    """The values as ``yyyymmdd`` integers (0 where empty or invalid; they order like the
    dates) and which present values are valid ISO dates (``date.fromisoformat`` accepts
    them, written ``yyyy-mm-dd`` from year 1000): checked on the bytes of the values, all
    ten long once the others are replaced, as a table of digits; no parsing per value."""
    if len(col) == 0:
        return np.zeros(0, dtype=np.int64), present.copy()
    ten = _np(pc.binary_length(col)) == 10
    safe = pc.if_else(pa.array(ten), col, "2000-01-01")
    start = int(np.frombuffer(safe.buffers()[1], np.int32)[safe.offset])
    raw = np.frombuffer(safe.buffers()[2], np.uint8)[start : start + 10 * len(safe)]
    text = raw.reshape(len(safe), 10)
    digit = text[:, _DIGITS] - np.uint8(48)  # a byte that is no digit wraps to 10 or more
    iso = (
        ten
        & np.all(digit < 10, axis=1)
        & (digit[:, 0] > 0)
        & (text[:, 4] == 45)  # '-'
        & (text[:, 7] == 45)
    )
    d = digit.astype(np.int64)
    year = d[:, 0] * 1000 + d[:, 1] * 100 + d[:, 2] * 10 + d[:, 3]
    month = d[:, 4] * 10 + d[:, 5]
    day = d[:, 6] * 10 + d[:, 7]
    ok_month = (month >= 1) & (month <= 12)
    limit = _MONTH_DAYS[np.where(ok_month, month, 0)]
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    limit = np.where((month == 2) & leap, 29, limit)
    valid = iso & ok_month & (day >= 1) & (day <= limit)
    return np.where(valid, year * 10000 + month * 100 + day, 0), valid | ~present


def parse_batch(batch: Batch) -> tuple[Parsed, list[RejectedRow]]:
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
            pc.match_substring_regex(pc.binary_join_element_wise(*c.values(), ""), PY_SPACE)
        )
    )
    given = {k: _np(pc.binary_length(v)) > 0 for k, v in trimmed.items()}
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
    nik_digits = _sixteen_digits(nik_t)
    well_formed = pc.if_else(pa.array(nik_digits), nik_t, "3171010101700001")
    _, pre_ok = _lookup(pc.utf8_slice_codeunits(well_formed, 0, 4), _nik_ok)
    nik_ok = nik_digits & np.asarray(pre_ok) & nik_birth_ok(_np(pc.cast(well_formed, pa.int64())))
    kk_t = trimmed["no_kk"]
    provinces = pa.array(sorted(kemendagri_province_codes()), pa.string())
    kk_ok = _sixteen_digits(kk_t) & np.asarray(
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
    birth_ymd, birth_valid = _dates(trimmed["birth_date"], given["birth_date"])
    _, due_valid = _dates(trimmed["pregnancy_due"], given["pregnancy_due"])
    start_days, start_valid = _dates(trimmed["member_from"], given["member_from"])
    end_days, end_valid = _dates(trimmed["member_until"], given["member_until"])
    female = np.asarray(pc.fill_null(pc.equal(sex, Sex.PEREMPUAN.code), False))
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

    def values(col: pa.Array, mask: npt.NDArray[np.bool_], empty: Any = None) -> pa.Array:
        out = pc.if_else(pa.array(mask), col, pa.scalar(None, pa.string()))
        return out if empty is None else pc.fill_null(out, empty)

    def opt(col: pa.Array, mask: npt.NDArray[np.bool_]) -> pa.Array:
        return values(pc.if_else(pc.equal(col, ""), pa.scalar(None, pa.string()), col), mask)

    p = has_person & fast
    f = has_family & fast
    m = full & fast
    parsed = Parsed(
        batch.lines.tolist(),
        nik.astype(np.int64),
        kk.astype(np.int64),
        m.copy(),
        m & np.asarray(pc.fill_null(pc.equal(rel, HEAD_CODE), False)),
        np.where(p, birth_ymd, 0).astype(np.int64),
        female & p,
        {
            "name": values(trimmed["name"], p),
            "birth": values(trimmed["birth_date"], p),
            "sex": values(sex, p),
            "disability": values(dis, p),
            "due": opt(trimmed["pregnancy_due"], p),
            "school": values(school, p),
            "region": values(region, f),
            "relationship": values(rel, m),
            "start": values(trimmed["member_from"], m),
            "end": opt(trimmed["member_until"], m),
        },
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
            # the row parser's records in the stored encodings (as the store writes them)
            if row.person is not None:
                q = row.person
                nik, *texts = person_row(q)
                parsed.nik[i] = nik
                for name, value in zip(PERSON_TEXTS, texts, strict=True):
                    parsed.text(name)[i] = value
                b = q.birth_date
                parsed.birth_ymd[i] = b.year * 10000 + b.month * 100 + b.day
                parsed.female[i] = q.sex is Sex.PEREMPUAN
            if row.family is not None:
                parsed.kk[i], parsed.text("region")[i] = family_row(row.family)
            if row.membership is not None:
                _, _, *texts = member_row(row.membership)
                parsed.member[i] = True
                parsed.head[i] = row.membership.relationship.is_head
                for name, value in zip(MEMBER_TEXTS, texts, strict=True):
                    parsed.text(name)[i] = value
        if dropped.any():
            parsed = parsed.keep(np.flatnonzero(~dropped))
    return parsed, rejected


def nik_findings(parsed: Parsed) -> list[tuple[int, RowFinding]]:
    """The rows whose NIK disagrees with their stated birth date or sex (position in the batch
    and finding), as the row import reports them for accepted rows."""
    rows = np.flatnonzero(parsed.nik >= 0).tolist()
    if not rows:
        return []
    nik = parsed.nik[rows]
    dd = (nik // 10**8) % 100
    mm = (nik // 10**6) % 100
    yy = (nik // 10**4) % 100
    ymd = parsed.birth_ymd[rows]
    years, months, days = ymd // 10000, ymd // 100 % 100, ymd % 100
    female = parsed.female[rows]
    odd = (dd % 40 != days) | (mm != months) | (yy != years % 100) | ((dd > 40) != female)
    out: list[tuple[int, RowFinding]] = []
    for j in np.flatnonzero(odd).tolist():
        i = rows[j]
        nik_obj = Nik(f"{int(parsed.nik[i]):016d}")
        born = date(int(years[j]), int(months[j]), int(days[j]))
        for f in nik_obj.check(born, Sex.PEREMPUAN if female[j] else Sex.LAKI_LAKI):
            out.append((i, RowFinding(parsed.lines[i], f)))
    return out
