"""Writing a population into a registry store (:func:`store_population`): the inverse of
:func:`~dayasos.population.population_from_registry`, used to put a synthetic population into a
SQLite registry (``dayasos simulate --store-synthetic``) and by the registry benchmarks."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date, datetime
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from dayasos.categories import Programme, Relationship, Sex
from dayasos.errors import RegistryConflictError, ValidationError
from dayasos.population.columns import (
    DISABILITY_CODES,
    EPOCH,
    SCHOOL_CODES,
    SEX_CODES,
    Population,
)
from dayasos.registry.identity import Nik, NoKK, RegionCode, provinces
from dayasos.registry.model import (
    EnrolmentStatus,
    Family,
    Membership,
    Person,
    StatusChange,
    WelfareRank,
)
from dayasos.registry.sqlite import SQLiteStore
from dayasos.registry.sqlite_load import (
    FAMILY_INSERT,
    MEMBERSHIP_INSERT,
    PERSON_INSERT,
    STATUS_CHANGE_INSERT,
    WELFARE_RANK_INSERT,
    build_indexes,
    drop_membership_indexes,
    flat_values,
    insert_columns,
    insert_flat,
    load_cache,
)
from dayasos.registry.store import RegistryStore

__all__ = ["store_population"]


def store_population(pop: Population, store: RegistryStore, on: date) -> tuple[NoKK, ...]:
    """Write a population (typically :func:`~dayasos.population.synthetic_population`) into a
    registry store as on ``on``; returns the No. KK given to each family row.

    ``province`` is a Kemendagri province code of :func:`~dayasos.registry.provinces` (the
    synthetic population draws the codes of 2020, all of which that table holds). Each family gets a No. KK ``PP0101`` + its row (10 digits) and the
    region ``PP.01.01.1001``; each person a NIK encoding the birth date and sex; the first
    member is the head, the others ``famili lain``, all members from their birth date. A
    pregnant person gets a pregnancy due 90 days after ``on``; a ranked family its desil
    recorded on ``on``; every family a PKH status on ``on``: ``active``, or ``terminated`` when
    excluded. What the registry does not record is dropped: ``remote`` (akses areas),
    ``pregnancy_order`` and ``registered`` (a family of the registry is registered).

    Raises:
        ValidationError: for a province code the table does not hold, or more families than the
            No. KK holds.
        RegistryConflictError: when the store already holds a person or a family: synthetic
            persons are never mixed into an existing (possibly real) registry.
    """
    if not isinstance(store, RegistryStore):
        raise ValidationError("store", f"must be a registry store, not {type(store).__name__}")
    if not isinstance(on, date) or isinstance(on, datetime):
        raise ValidationError("on", "must be a date (not a datetime)", shown=repr(on)[:40])
    if store.count_persons() or next(iter(store.families()), None) is not None:
        raise RegistryConflictError(
            "store",
            "already holds persons or families; synthetic data is only written to an empty "
            "registry, never mixed with existing records",
        )
    known = {int(p.code) for p in provinces()}
    unknown = sorted(set(np.unique(pop.province).tolist()) - known)
    if pop.n_families and unknown:
        raise ValidationError("province", "is not a Kemendagri province code", shown=str(unknown))
    if pop.n_families >= 10**10:
        raise ValidationError("families", "at most 9,999,999,999 families fit the No. KK serial")
    if isinstance(store, SQLiteStore):
        return _store_sqlite(pop, store, on)
    keys = tuple(NoKK(f"{int(p):02d}0101{row:010d}") for row, p in enumerate(pop.province.tolist()))
    serials: dict[str, int] = defaultdict(int)
    persons: list[Person] = []
    members: list[Membership] = []
    due = date.fromordinal(on.toordinal() + 90)
    family = pop.family.tolist()
    starts = pop.starts.tolist()
    for i, born_days in enumerate(pop.birth.tolist()):
        f = family[i]
        born = date.fromordinal(born_days + EPOCH)
        sex = SEX_CODES[int(pop.sex[i])]
        day = born.day + (40 if sex.code == "f" else 0)
        stem = f"{int(pop.province[f]):02d}01{day:02d}{born.month:02d}{born.year % 100:02d}"
        serial = serials[stem]
        serials[stem] += 1
        if serial >= 99 * 9999:
            raise ValidationError("birth", "too many persons share a province, birth date and sex")
        kec, num = divmod(serial, 9999)
        digits = f"{stem[:4]}{kec + 1:02d}{stem[4:]}{num + 1:04d}"
        nik = Nik(digits)
        persons.append(
            Person(
                nik,
                f"Sintetis {i}",
                born,
                sex,
                DISABILITY_CODES[int(pop.disability[i])],
                due if pop.pregnant[i] else None,
                SCHOOL_CODES[int(pop.school[i])],
            )
        )
        head = starts[f] == i
        rel = Relationship.KEPALA_KELUARGA if head else Relationship.FAMILI_LAIN
        members.append(Membership(keys[f], nik, rel, born))
    with store.transaction():
        store.add_families(Family(k, RegionCode(f"{k.reveal()[:2]}01011001")) for k in keys)
        store.add_persons(persons)
        store.add_memberships(members)
        for row, k in enumerate(keys):
            desil = int(pop.desil[row])
            if desil:
                store.record_rank(WelfareRank(k, desil, on))
            status = EnrolmentStatus.TERMINATED if pop.excluded[row] else EnrolmentStatus.ACTIVE
            store.record_status(StatusChange(Programme.PKH, k, status, on, on))
    return keys


_STORE_CHUNK: Final = 100_000
"""Persons and memberships whose Python values are made and inserted at a time."""

_DMY: Final = 720_000
"""The NIK's birth digits ``DDMMYY`` (day + 40 for a woman) as a number are below this: the
sort key of a person is ``province * _DMY + DDMMYY``."""


def _birth_days(birth: npt.NDArray[np.int32]) -> tuple[int, npt.NDArray[np.int64], Any]:
    """The first birth day (days since 1970) and, for each day from it to the last birth day,
    its NIK digits ``DDMMYY`` as a number and its ISO text (an object array: one shared str
    per day, ``None`` for a day nobody was born on)."""
    if not len(birth):
        return 0, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object)
    first = int(birth.min())
    days = np.arange(first, int(birth.max()) + 1, dtype=np.int64).astype("datetime64[D]")
    month_start = days.astype("datetime64[M]")
    year = month_start.astype("datetime64[Y]").astype(np.int64) + 1970
    month = month_start.astype(np.int64) % 12 + 1
    day = (days - month_start).astype(np.int64) + 1
    born = np.zeros(len(days), dtype=np.bool_)
    born[birth - first] = True
    text = np.full(len(days), None, dtype=object)
    text[born] = np.datetime_as_string(days[born])
    return first, day * 10**4 + month * 100 + year % 100, text


def _sort_with_rows(key: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The rows of ``key`` (non-negative) in the order of a stable sort of it; ``key`` is
    sorted in place. One sort of the 64-bit numbers ``key << bits | row`` (no index sort)
    when they fit, else a stable argsort."""
    n = len(key)
    bits = max(n - 1, 1).bit_length()
    if n and int(key.max()) >= 1 << (63 - bits):  # key << bits would overflow
        order = np.argsort(key, kind="stable")
        key[:] = key[order]
        return order
    key <<= bits
    key |= np.arange(n, dtype=np.int64)
    key.sort()
    order = key & ((1 << bits) - 1)
    key >>= bits
    return order


def _nik_order(
    pop: Population, offset: npt.NDArray[np.int64], dmy: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The person rows in NIK order and their NIKs (as the object path numbers them: the
    serial of a person among those of the same province, birth digits and sex in row order:
    a stable sort of the key)."""
    n = pop.n_persons
    sex_days = np.array([40 * 10**4 if c is Sex.PEREMPUAN else 0 for c in SEX_CODES], np.int64)
    key = dmy[offset]
    key += sex_days[pop.sex]
    key += (pop.province.astype(np.int64) * _DMY)[pop.family]
    order = _sort_with_rows(key)  # key: now in sorted order
    first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if n else key
    lengths = np.diff(np.r_[first, n])
    if n and int(lengths.max()) > 99 * 9999:
        raise ValidationError("birth", "too many persons share a province, birth date and sex")
    prov = key[first] // _DMY
    base = prov * 10**14 + 10**12 + (key[first] - prov * _DMY) * 10**4 + 10**10 + 1
    del key
    kec, num = np.divmod(np.arange(n, dtype=np.int64) - np.repeat(first, lengths), 9999)
    nik = np.repeat(base, lengths)
    kec *= 10**10
    nik += kec
    nik += num
    del kec, num
    if n > 1 and not bool((nik[1:] > nik[:-1]).all()):
        # more than 9,999 persons of one key: the later ones are in the next kecamatan digits
        by_nik = np.argsort(nik)
        return order[by_nik], nik[by_nik]
    return order, nik


def _made_ahead(
    pool: ThreadPoolExecutor, columns: Callable[[int, int], list[list[Any]]], n: int
) -> Iterator[list[Any]]:
    """The rows ``0 .. n`` in chunks of :data:`_STORE_CHUNK`, as the flat values of
    ``columns(lo, hi)`` (:func:`~dayasos.registry.sqlite_load.flat_values`), each made in
    ``pool`` while the previous one is used (two chunks are held at a time)."""

    def made(lo: int) -> Future[list[Any]]:
        return pool.submit(lambda: flat_values(columns(lo, lo + _STORE_CHUNK)))

    if not n:
        return
    ahead = made(0)
    for lo in range(_STORE_CHUNK, n, _STORE_CHUNK):
        flat = ahead.result()
        ahead = made(lo)
        yield flat
    yield ahead.result()


def _store_sqlite(pop: Population, store: SQLiteStore, on: date) -> tuple[NoKK, ...]:
    """:func:`store_population` column-wise into SQLite: the same numbers and rows as the
    object path, computed with numpy and inserted in key order."""
    n = pop.n_persons
    nf = pop.n_families
    first_day, dmy, born_text = _birth_days(pop.birth)
    offset = pop.birth.astype(np.int64)
    offset -= first_day
    # every table is inserted in its key order (appends to the B-trees)
    po, nik = _nik_order(pop, offset, dmy)
    kk = pop.province.astype(np.int64) * 10**14 + 101 * 10**10 + np.arange(nf)
    # the No. KK order is (province, row): the family rows by province, stably
    fo = np.argsort(pop.province, kind="stable")
    rank = np.empty(nf, dtype=np.int64)
    rank[fo] = np.arange(nf)
    # the memberships in (No. KK, NIK) order, as positions in the NIK order: by family rank,
    # then by position (a stable sort of the rank)
    mo = _sort_with_rows(rank[pop.family[po]])
    del rank
    # the text columns as object arrays of shared str objects (one per distinct value): a
    # chunk's column is a take and a tolist of references, no str made per person
    # no due date as '' (stored as NULL: TableInsert.nullable)
    due = np.array(["", date.fromordinal(on.toordinal() + 90).isoformat()], dtype=object)
    dis_codes = np.array([c.value for c in DISABILITY_CODES], dtype=object)
    school_codes = np.array([c.value for c in SCHOOL_CODES], dtype=object)
    sex_codes = np.array([c.value for c in SEX_CODES], dtype=object)
    rel_codes = np.array(
        [Relationship.FAMILI_LAIN.value, Relationship.KEPALA_KELUARGA.value], dtype=object
    )

    def person_columns(lo: int, hi: int) -> list[list[Any]]:
        idx = po[lo:hi]
        return [
            nik[lo:hi].tolist(),
            [f"Sintetis {i}" for i in idx.tolist()],
            born_text[offset[idx]].tolist(),
            sex_codes[pop.sex[idx]].tolist(),
            dis_codes[pop.disability[idx]].tolist(),
            due[pop.pregnant[idx].view(np.uint8)].tolist(),
            school_codes[pop.school[idx]].tolist(),
        ]

    def member_columns(lo: int, hi: int) -> list[list[Any]]:
        at = mo[lo:hi]
        idx = po[at]
        fam = pop.family[idx]
        return [
            kk[fam].tolist(),
            nik[at].tolist(),
            rel_codes[(pop.starts[fam] == idx).view(np.uint8)].tolist(),
            born_text[offset[idx]].tolist(),
        ]

    # every membership open from birth: no end date, written once in the statement
    member_insert = MEMBERSHIP_INSERT.with_constants(end_date=None)
    kk_list = kk.tolist()
    regions = np.array([f"{p:02d}01011001" for p in range(100)], dtype=object)
    day_on = on.isoformat()
    # ranks and statuses in family row order: their sequence numbers are the object path's;
    # the values shared by every row are written once in the statement
    ranked = np.flatnonzero(pop.desil)
    rank_insert = WELFARE_RANK_INSERT.with_constants(recorded=day_on)
    ranks = [kk[ranked].tolist(), pop.desil[ranked].tolist()]
    codes = np.array([EnrolmentStatus.ACTIVE.value, EnrolmentStatus.TERMINATED.value], dtype=object)
    status_insert = STATUS_CHANGE_INSERT.with_constants(
        programme=Programme.PKH.value,
        subject_kind="family",
        effective=day_on,
        recorded=day_on,
        reason="",
    )
    statuses = [kk_list, codes[pop.excluded.view(np.uint8)].tolist()]
    db = store.connection
    # every reference is made here, to rows inserted in the same transaction: the foreign
    # key checks (two searches per membership) are off for its own transaction
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        # the store holds nothing (checked above): its pages are written once, with a
        # rollback journal, when nothing else has the file open
        with store.load_journal(), load_cache(db), store.unchecked_transaction():
            indexes = drop_membership_indexes(db)
            # in chunks, each table in key order; the Python values of the next chunk are made
            # in the worker thread while SQLite inserts a chunk (it releases the interpreter)
            for flat in _made_ahead(pool, person_columns, n):
                insert_flat(db, PERSON_INSERT, flat)
            family_columns = [kk[fo].tolist(), regions[pop.province[fo]].tolist()]
            insert_columns(db, FAMILY_INSERT, family_columns)
            for flat in _made_ahead(pool, member_columns, n):
                insert_flat(db, member_insert, flat)
            # the returned numbers are made in a worker thread while SQLite builds the index,
            # inserts the ranks and statuses and commits (it releases the interpreter)
            keys = pool.submit(lambda: tuple(map(NoKK.from_stored, kk_list)))
            build_indexes(db, indexes)
            insert_columns(db, rank_insert, ranks)
            insert_columns(db, status_insert, statuses)
        return keys.result()
    except sqlite3.IntegrityError:
        raise RegistryConflictError(
            "population", "the store already holds one of the numbers; nothing was added"
        ) from None
    except sqlite3.OperationalError as exc:  # rolled back: nothing was added
        raise store.operation_error(exc, "storing a population") from None
    finally:
        pool.shutdown()
