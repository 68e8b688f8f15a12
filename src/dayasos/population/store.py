"""Writing a population into a registry store (:func:`store_population`): the inverse of
:func:`~dayasos.population.population_from_registry`, used to put a synthetic population into a
SQLite registry (``dayasos simulate --store-synthetic``) and by the registry benchmarks."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
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
    drop_membership_indexes,
    insert_columns,
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


def _store_sqlite(pop: Population, store: SQLiteStore, on: date) -> tuple[NoKK, ...]:
    """:func:`store_population` column-wise into SQLite: the same numbers and rows as the
    object path, computed with numpy and inserted in key order."""
    n = pop.n_persons
    family = pop.family.astype(np.int64)
    prov = pop.province.astype(np.int64)[family]
    born = pop.birth.astype("datetime64[D]")
    year = born.astype("datetime64[Y]").astype(np.int64) + 1970
    month = born.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day = (born - born.astype("datetime64[M]")).astype(np.int64) + 1
    female = np.array([c is Sex.PEREMPUAN for c in SEX_CODES], dtype=np.bool_)[pop.sex]
    day2 = day + 40 * female
    yy = year % 100
    stem = prov * 10**8 + day2 * 10**4 + month * 100 + yy
    order = np.argsort(stem, kind="stable")
    sorted_stem = stem[order]
    starts = np.r_[0, np.flatnonzero(sorted_stem[1:] != sorted_stem[:-1]) + 1]
    lengths = np.diff(np.r_[starts, n])
    serial = np.empty(n, dtype=np.int64)
    serial[order] = np.arange(n) - np.repeat(starts, lengths)
    if n and int(serial.max()) >= 99 * 9999:
        raise ValidationError("birth", "too many persons share a province, birth date and sex")
    kec, num = np.divmod(serial, 9999)
    nik = (
        prov * 10**14
        + 10**12
        + (kec + 1) * 10**10
        + day2 * 10**8
        + month * 10**6
        + yy * 10**4
        + num
        + 1
    )
    kk = pop.province.astype(np.int64) * 10**14 + 101 * 10**10 + np.arange(pop.n_families)
    # every table is inserted in its key order (appends to the B-trees), sorted with numpy
    po = np.argsort(nik, kind="stable")
    member_kk = kk[family]
    mo = np.lexsort((nik, member_kk))
    fo = np.argsort(kk, kind="stable")
    # the text columns as object arrays of shared str objects (one per distinct value): a
    # chunk's column is a take and a tolist of references, no str made per person
    days, day_of = np.unique(pop.birth, return_inverse=True)
    born_text = np.array(np.datetime_as_string(days.astype("datetime64[D]")), dtype=object)[
        day_of.reshape(-1)
    ]
    # no due date and an open membership as '' (stored as NULL: TableInsert.nullable)
    due = np.array(["", date.fromordinal(on.toordinal() + 90).isoformat()], dtype=object)
    dis_codes = np.array([c.value for c in DISABILITY_CODES], dtype=object)
    school_codes = np.array([c.value for c in SCHOOL_CODES], dtype=object)
    sex_codes = np.array([c.value for c in SEX_CODES], dtype=object)
    head = pop.starts[family] == np.arange(n)  # the first member of each family
    rel_codes = np.array(
        [Relationship.FAMILI_LAIN.value, Relationship.KEPALA_KELUARGA.value], dtype=object
    )

    def person_columns(idx: npt.NDArray[np.intp]) -> list[list[Any]]:
        return [
            nik[idx].tolist(),
            [f"Sintetis {i}" for i in idx.tolist()],
            born_text[idx].tolist(),
            sex_codes[pop.sex[idx]].tolist(),
            dis_codes[pop.disability[idx]].tolist(),
            due[pop.pregnant[idx].astype(np.intp)].tolist(),
            school_codes[pop.school[idx]].tolist(),
        ]

    def member_columns(idx: npt.NDArray[np.intp]) -> list[Any]:
        return [
            member_kk[idx].tolist(),
            nik[idx].tolist(),
            rel_codes[head[idx].astype(np.intp)].tolist(),
            born_text[idx].tolist(),
            [""] * len(idx),  # open from birth
        ]

    kk_list = kk.tolist()
    regions = np.array([f"{p:02d}01011001" for p in range(100)], dtype=object)
    day_on = on.isoformat()
    # ranks and statuses in family row order: their sequence numbers are the object path's
    ranked = np.flatnonzero(pop.desil)
    ranks = [kk[ranked].tolist(), pop.desil[ranked].tolist(), [day_on] * len(ranked)]
    codes = np.array([EnrolmentStatus.ACTIVE.value, EnrolmentStatus.TERMINATED.value], dtype=object)
    nf = pop.n_families
    statuses = [
        [Programme.PKH.value] * nf,
        ["family"] * nf,
        kk_list,
        codes[pop.excluded.astype(np.intp)].tolist(),
        [day_on] * nf,
        [day_on] * nf,
        [""] * nf,
    ]
    db = store.connection
    # every reference is made here, to rows inserted in the same transaction: the foreign
    # key checks (two searches per membership) are off for its own transaction
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        # the store holds nothing (checked above): its pages are written once, with a
        # rollback journal, when nothing else has the file open
        with store.load_journal(), load_cache(db), store.unchecked_transaction():
            indexes = drop_membership_indexes(db)
            # in chunks (the Python values of one chunk at a time), each table in key order
            for lo in range(0, n, _STORE_CHUNK):
                insert_columns(db, PERSON_INSERT, person_columns(po[lo : lo + _STORE_CHUNK]))
            family_columns = [kk[fo].tolist(), regions[pop.province[fo]].tolist()]
            insert_columns(db, FAMILY_INSERT, family_columns)
            for lo in range(0, n, _STORE_CHUNK):
                insert_columns(db, MEMBERSHIP_INSERT, member_columns(mo[lo : lo + _STORE_CHUNK]))
            # the returned numbers are made in a worker thread while SQLite builds the index,
            # inserts the ranks and statuses and commits (it releases the interpreter)
            keys = pool.submit(lambda: tuple(map(NoKK.from_stored, kk_list)))
            for sql in indexes:
                db.execute(sql)
            insert_columns(db, WELFARE_RANK_INSERT, ranks)
            insert_columns(db, STATUS_CHANGE_INSERT, statuses)
        return keys.result()
    except sqlite3.IntegrityError:
        raise RegistryConflictError(
            "population", "the store already holds one of the numbers; nothing was added"
        ) from None
    except sqlite3.OperationalError as exc:  # rolled back: nothing was added
        raise store.operation_error(exc, "storing a population") from None
    finally:
        pool.shutdown()
