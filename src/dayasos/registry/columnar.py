"""Reading a SQLite registry into numpy columns at national scale.

:func:`member_columns` returns the facts of every member in force on a date as numpy arrays,
for :func:`dayasos.population.population_from_registry`. SQLite computes the integer codes
itself and hands each chunk of rows over as one text of numbers (``group_concat``), which
numpy parses in one call: no Python object per row. Ordering and "the latest entry wins"
rules are applied with numpy sorts, with the tie rules of
:meth:`~dayasos.registry.SQLiteStore.rank_on` and
:meth:`~dayasos.registry.SQLiteStore.status_on`.

Examples:
    >>> from datetime import date
    >>> from dayasos.categories import Programme, Relationship, Sex
    >>> from dayasos.registry import Family, Membership, Nik, NoKK, Person, RegionCode, SQLiteStore
    >>> with SQLiteStore() as store:
    ...     nik, kk = Nik.parse("3171015503170001"), NoKK.parse("3171012009000001")
    ...     store.add_person(Person(nik, "Sari", date(2017, 3, 15), Sex.PEREMPUAN))
    ...     store.add_family(Family(kk, RegionCode.parse("31.71.01.1001")))
    ...     store.add_membership(Membership(kk, nik, Relationship.ANAK, date(2017, 3, 20)))
    ...     cols = member_columns(store, date(2021, 7, 1), Programme.PKH)
    >>> cols["birth"].tolist(), cols["province"].tolist(), cols["status"].tolist()
    ([17240], [31], [-1])
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from dayasos.categories import DisabilitySeverity, Programme, SchoolLevel, Sex
from dayasos.errors import RegistryFileError
from dayasos.registry.model import EnrolmentStatus
from dayasos.registry.sqlite import SQLiteStore

__all__ = [
    "CHUNK_ROWS",
    "STATUS_CODES",
    "member_columns",
]

CHUNK_ROWS: Final = 1_000_000
"""Membership rows turned into one text of numbers at a time (bounds the text's size)."""

STATUS_CODES: Final[tuple[EnrolmentStatus, ...]] = tuple(EnrolmentStatus)
"""``status`` code -> :class:`~dayasos.registry.EnrolmentStatus` (``-1``: no status)."""

_TOP_KEY: Final = 2**63 - 1  # the largest SQLite integer: above every NIK
_DAYS: Final = "CAST(julianday({}) - 2440587.5 AS INTEGER)"  # days since 1970-01-01


def _case(column: str, members: tuple[Any, ...]) -> str:
    """SQL mapping a stored code to its index in ``members``."""
    whens = " ".join(f"WHEN '{m.value}' THEN {i}" for i, m in enumerate(members))
    return f"(CASE {column} {whens} END)"


def _numbers(db: Any, sql: str, params: tuple[Any, ...], width: int) -> npt.NDArray[np.int64]:
    row = db.execute(sql, params).fetchone()
    text = row[0] if row is not None else None
    if not text:
        return np.zeros((0, width), dtype=np.int64)
    return np.fromstring(text, dtype=np.int64, sep=",").reshape(-1, width)


def _digits(text: str, width: int) -> npt.NDArray[np.int64] | None:
    """Numbers written back to back in ``width`` digits each (``None`` when the text is not
    such: a number of another width, or a code SQLite gave as NULL and skipped)."""
    raw = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    if len(raw) % width:
        return None
    grid = raw.reshape(-1, width)
    places = [j for j in range(width) if not (width == 10 and j in (4, 7))]  # ISO dashes
    digits = grid[:, places] if len(places) < width else grid
    if len(digits) and not (int(digits.min()) >= 48 and int(digits.max()) <= 57):
        return None
    # pairs of digits combined in small integer types (few wide passes): 16 digits are
    # 8 numbers < 100, then 4 < 10**4, then 2 < 10**8, then one int64
    values: npt.NDArray[Any] = digits - np.uint8(48)
    pad = 1
    while pad < values.shape[1]:
        pad *= 2
    if pad > values.shape[1]:  # leading zeros up to a power of two
        values = np.pad(values, ((0, 0), (pad - values.shape[1], 0)))
    scale, wider = 10, ("u2", "u4", "i8", "i8")
    step = 0
    while values.shape[1] > 1:
        kind = np.dtype(wider[step])
        high: npt.NDArray[Any] = values[:, 0::2].astype(kind)
        values = high * np.asarray(scale, dtype=kind) + values[:, 1::2].astype(kind)
        scale, step = scale * scale, step + 1
    out: npt.NDArray[np.int64] = values[:, 0].astype(np.int64)
    return out


def _fixed_columns(
    db: Any, sql: str, exprs: tuple[tuple[str, int], ...], params: tuple[Any, ...]
) -> list[npt.NDArray[np.int64]]:
    """The columns ``exprs`` (SQL expression, digits per value) of the rows of ``sql`` (whose
    ``{}`` takes the select list), in one scan: each column is aggregated into one text of
    fixed-width values and decoded with numpy. A width-10 column is an ISO date, decoded as
    ``yyyymmdd``. Falls back to zero-padded values (``printf``) when a column does not have
    the width (a number with fewer digits) and fails loudly when a value is NULL."""

    def run(padded: bool) -> list[npt.NDArray[np.int64]] | None:
        select = ", ".join(
            "group_concat("
            + (
                f"CASE WHEN ({e}) IS NULL THEN 'x' ELSE printf('%0{w}d', {e}) END"
                if padded and w != 10
                else f"ifnull({e}, 'x')"
            )
            + ", '')"
            for e, w in exprs
        )
        row = db.execute(sql.format(select), params).fetchone()
        cols: list[npt.NDArray[np.int64]] = []
        for text, (_, width) in zip(row, exprs, strict=True):
            got = np.zeros(0, dtype=np.int64) if not text else _digits(text, width)
            if got is None:
                return None
            cols.append(got)
        if len({len(c) for c in cols}) != 1:
            return None
        return cols

    cols = run(False) or run(True)
    if cols is None:
        raise RegistryFileError(
            "registry", "holds a value the column read cannot decode (a NULL or unknown code)"
        )
    return cols


def _days(yyyymmdd: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Dates written as integers ``yyyymmdd`` to days since 1970-01-01 (numpy calendar
    arithmetic; cheaper for SQLite than ``julianday`` on every row)."""
    # days from the civil date in integer arithmetic (March-based years, 400-year eras)
    y = yyyymmdd // 10000
    m = yyyymmdd // 100 % 100
    d = yyyymmdd % 100
    y = y - (m <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    doy = (153 * (m + np.where(m > 2, -3, 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    out: npt.NDArray[np.int64] = (era * 146097 + doe - 719468).astype(np.int64)
    return out


def _last_per_key(
    rows: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """For rows ``(key, value, order...)``: per key, the value of the row that sorts last by
    the order columns (the first one first); returns the sorted keys and their values."""
    if len(rows) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    keys = [rows[:, j] for j in range(rows.shape[1] - 1, 1, -1)]
    ordered = rows[np.lexsort((*keys, rows[:, 0]))]
    last = np.r_[ordered[1:, 0] != ordered[:-1, 0], True]
    return ordered[last, 0], ordered[last, 1]


def member_columns(
    store: SQLiteStore, on: date, programme: Programme
) -> dict[str, npt.NDArray[Any]]:
    """The members in force on ``on`` and their families, as numpy columns.

    Returns:
        Per member (ordered by No. KK, then NIK): ``family`` (row of the family), ``birth``
        (days since 1970-01-01), ``sex``, ``disability``, ``school`` (indexes into the
        population code tuples ``SEX_CODES``, ``DISABILITY_CODES``, ``SCHOOL_CODES``: the
        declaration order of the categories), ``pregnant`` (a pregnancy due on or after
        ``on``). Per family with a member, in No. KK order: ``no_kk`` (int64), ``province``
        (the region's first two digits), ``desil`` (in force, 0 if none) and ``status``
        (index into :data:`STATUS_CODES` of the ``programme`` status in force, -1 if none).
    """
    db = store.connection
    day = on.isoformat()
    # one sequential scan per table, each column aggregated into one text of fixed-width
    # digits (no separators, no per-row concatenation) and decoded with numpy: the person
    # and membership reads are most of the time at national scale
    person_sql = "SELECT {} FROM person WHERE nik > ?2 AND nik <= ?3"
    person_exprs = (
        ("nik", 16),
        ("birth_date", 10),
        (f"{_case('sex', tuple(Sex))}", 1),
        (f"{_case('disability', tuple(DisabilitySeverity))}", 1),
        (f"{_case('school_level', tuple(SchoolLevel))}", 1),
        ("ifnull(pregnancy_due >= ?1, 0)", 1),
    )
    people: list[list[npt.NDArray[np.int64]]] = []
    last = -1
    while last < _TOP_KEY:
        # the NIK ending the next chunk: a walk over the keys only, then a range scan
        bound = db.execute(
            "SELECT nik FROM person WHERE nik > ? ORDER BY nik LIMIT 1 OFFSET ?",
            (last, CHUNK_ROWS - 1),
        ).fetchone()
        upper = _TOP_KEY if bound is None else int(bound[0])
        people.append(_fixed_columns(db, person_sql, person_exprs, (day, last, upper)))
        last = upper
    nik_col, birth_col, sex_col, dis_col, school_col, preg_col = (
        np.concatenate([p[j] for p in people]) if people else np.zeros(0, dtype=np.int64)
        for j in range(len(person_exprs))
    )
    top = db.execute("SELECT ifnull(max(id), 0) FROM membership").fetchone()[0]
    member_sql = """SELECT {} FROM membership WHERE id > ?2 AND id <= ?3 AND start_date <= ?1
                    AND (end_date IS NULL OR end_date > ?1)"""
    kk_parts: list[npt.NDArray[np.int64]] = []
    nik_parts: list[npt.NDArray[np.int64]] = []
    for lo in range(0, int(top) + 1, CHUNK_ROWS):
        got = _fixed_columns(
            db, member_sql, (("no_kk", 16), ("nik", 16)), (day, lo, lo + CHUNK_ROWS)
        )
        kk_parts.append(got[0])
        nik_parts.append(got[1])
    member_kk = np.concatenate(kk_parts) if kk_parts else np.zeros(0, dtype=np.int64)
    member_nik = np.concatenate(nik_parts) if nik_parts else np.zeros(0, dtype=np.int64)
    # every member's person exists (a foreign key); persons come in NIK order
    at = np.searchsorted(nik_col, member_nik) if len(nik_col) else member_nik
    order = np.lexsort((member_nik, member_kk))
    kk, at = member_kk[order], at[order]
    # kk is sorted: a family starts where the key changes
    starts = np.r_[True, kk[1:] != kk[:-1]] if len(kk) else np.zeros(0, dtype=np.bool_)
    families = kk[starts]
    out: dict[str, npt.NDArray[Any]] = {
        "family": (np.cumsum(starts) - 1).astype(np.int64),
        "birth": _days(birth_col[at]) if len(at) else np.zeros(0, dtype=np.int64),
        "sex": sex_col[at].astype(np.uint8) if len(at) else np.zeros(0, np.uint8),
        "pregnant": preg_col[at].astype(np.bool_) if len(at) else np.zeros(0, np.bool_),
        "disability": dis_col[at].astype(np.uint8) if len(at) else np.zeros(0, np.uint8),
        "school": school_col[at].astype(np.uint8) if len(at) else np.zeros(0, np.uint8),
        "no_kk": families,
    }
    regions = _numbers(
        db, "SELECT group_concat(no_kk || ',' || substr(region, 1, 2), ',') FROM family", (), 2
    )
    regions = regions[np.argsort(regions[:, 0])]
    at = np.searchsorted(regions[:, 0], families)
    out["province"] = regions[at, 1].astype(np.uint8) if len(families) else np.zeros(0, np.uint8)

    def per_family(keys: npt.NDArray[np.int64], values: npt.NDArray[np.int64], empty: int) -> Any:
        result = np.full(len(families), empty, dtype=np.int64)
        if len(keys):
            pos = np.searchsorted(keys, families)
            pos_c = np.minimum(pos, len(keys) - 1)
            hit = keys[pos_c] == families
            result[hit] = values[pos_c[hit]]
        return result

    ranks = _numbers(
        db,
        f"""SELECT group_concat(no_kk || ',' || desil || ',' || {_DAYS.format("recorded")}
                                || ',' || seq, ',')
            FROM welfare_rank WHERE recorded <= ?""",
        (day,),
        4,
    )
    out["desil"] = per_family(*_last_per_key(ranks), 0).astype(np.uint8)
    statuses = _numbers(
        db,
        f"""SELECT group_concat(subject || ',' || {_case("status", STATUS_CODES)} || ','
                                || {_DAYS.format("effective")} || ','
                                || {_DAYS.format("recorded")} || ',' || seq, ',')
            FROM status_change
            WHERE programme = ? AND subject_kind = 'family' AND effective <= ?""",
        (programme.value, day),
        5,
    )
    out["status"] = per_family(*_last_per_key(statuses), -1).astype(np.int8)
    return out
