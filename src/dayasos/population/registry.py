"""A population in columns read from a registry store (:mod:`dayasos.registry`).

:func:`population_from_registry` builds the :class:`~dayasos.population.Population` columns
of every family with at least one member on a date, in No. KK order, members in NIK order
(the order of :meth:`~dayasos.registry.RegistryStore.members_on`). It reads the store through
the protocol's columnar read, :meth:`~dayasos.registry.RegistryStore.member_columns`: for
:class:`~dayasos.registry.SQLiteStore` a few set-based scans, never one query per family; for
:class:`~dayasos.registry.MemoryStore` its records.

Mapping of the registry to the columns:

============== ===============================================================================
column         from
============== ===============================================================================
``birth``      ``Person.birth_date``
``sex``        ``Person.sex``
``pregnant``   ``Person.pregnant_on(on)`` (a recorded pregnancy due on or after ``on``)
``disability`` ``Person.disability``
``school``     ``Person.school_level``
``desil``      the welfare rank in force on ``on`` (``rank_on``), 0 when the family is unranked
``excluded``   the family's PKH enrolment status on ``on`` (``status_on``): ``active`` is not
               excluded; ``suspended``, ``graduated_*``, ``cancelled`` and ``terminated`` are excluded (the
               ``ENROLMENT_TO_PKH`` table);
               ``candidate`` and no enrolment at all follow ``include_unenrolled``
``registered`` true: a family of the registry is in DTKS/DTSEN
``remote``     false: the registry does not record PKH akses areas
``province``   the first two digits of the family's region code (a Kemendagri code, 11-96)
============== ===============================================================================

A family without a PKH enrolment (or only a candidate) is **excluded by default**: PKH pays
KPM, families whose enrolment is active, so the default gives the cost of the current
caseload. Pass ``include_unenrolled=True`` to evaluate them as if enrolled (the cost of full
take-up among the registry's families), for example when the registry holds DTKS without
enrolment records.

Examples:
    >>> from datetime import date, datetime
    >>> from dayasos.categories import Relationship, Sex
    >>> from dayasos.registry import Family, Membership, MemoryStore, Nik, NoKK, Person, RegionCode
    >>> store = MemoryStore()
    >>> nik, kk = Nik.parse("3171015503170001"), NoKK.parse("3171012009000001")
    >>> store.add_person(Person(nik, "Sari", date(2017, 3, 15), Sex.PEREMPUAN))
    >>> store.add_family(Family(kk, RegionCode.parse("31.71.01.1001")))
    >>> store.add_membership(Membership(kk, nik, Relationship.ANAK, date(2017, 3, 20)))
    >>> rp = population_from_registry(store, date(2021, 7, 1), include_unenrolled=True)
    >>> rp.keys, rp.population.province.tolist(), rp.population.excluded.tolist()
    ((NoKK('3171********0001'),), [31], [False])
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from datetime import date, datetime
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from attrs import define

from dayasos.categories import Programme, Relationship, Sex
from dayasos.eligibility.pkh import ENROLMENT_TO_PKH, PkhStatus
from dayasos.errors import RegistryConflictError, ValidationError
from dayasos.population.columns import (
    DISABILITY_CODES,
    EPOCH,
    SCHOOL_CODES,
    SEX_CODES,
    Population,
)
from dayasos.population.progress import Progress
from dayasos.registry.columnar import (
    STATUS_CODES,
    drop_membership_indexes,
    insert_rows,
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
from dayasos.registry.store import RegistryStore

__all__ = ["RegistryPopulation", "population_from_registry", "store_population"]

# excluded unless active: every status that PKH does not pay, by the one registry <-> PKH
# status table (candidates and families without an enrolment depend on include_unenrolled)
_EXCLUDED = frozenset(
    status
    for status, pkh in ENROLMENT_TO_PKH.items()
    if pkh not in (PkhStatus.AKTIF, PkhStatus.KANDIDAT)
)


@define(frozen=True, slots=True, eq=False)
class RegistryPopulation:
    """The columns of a registry's families on a date and their No. KK, row by row.

    Attributes:
        population: the validated columns (family row ``i`` is ``keys[i]``).
        keys: the No. KK of each family row (masked in ``repr``).
        on: the date the registry was read at.
    """

    population: Population
    keys: tuple[NoKK, ...]
    on: date


def _excluded(status: EnrolmentStatus | None, include_unenrolled: bool) -> bool:
    if status is EnrolmentStatus.ACTIVE:
        return False
    if status in _EXCLUDED:
        return True
    return not include_unenrolled  # candidate or no enrolment


def _codes(values: list[str], members: tuple[Any, ...]) -> npt.NDArray[np.uint8]:
    """Stored category codes to the column codes (index in ``members``)."""
    index = {m.value: i for i, m in enumerate(members)}
    return np.array([index[v] for v in values], dtype=np.uint8)


def _from_columns(
    cols: dict[str, npt.NDArray[Any]], on: date, include_unenrolled: bool
) -> RegistryPopulation:
    """The population of the columns of :meth:`~dayasos.registry.RegistryStore.member_columns`
    (numpy parses and orders them, no Python object per person)."""
    person_cols: dict[str, npt.NDArray[Any]] = {
        k: cols[k] for k in ("family", "birth", "sex", "pregnant", "disability", "school")
    }
    excluded = np.array(
        [_excluded(st, include_unenrolled) for st in (*STATUS_CODES, None)], dtype=np.bool_
    )
    family_cols: dict[str, npt.NDArray[Any]] = {
        "desil": cols["desil"],
        "excluded": excluded[cols["status"]],  # -1 (no status) is the last entry
        "province": cols["province"],
    }
    keys = tuple(map(_stored_kk, cols["no_kk"].tolist()))
    return RegistryPopulation(Population.from_columns(person_cols, family_cols), keys, on)


def _stored_kk(number: int) -> NoKK:
    """A No. KK read back from the store, which validated it when it was written: built
    without validating it again (a quarter of the read time at national scale otherwise)."""
    kk: NoKK = object.__new__(NoKK)
    object.__setattr__(kk, "_digits", f"{number:016d}")
    return kk


def population_from_registry(
    store: RegistryStore,
    on: date,
    *,
    include_unenrolled: bool = False,
    programme: Programme = Programme.PKH,
    progress: Progress | None = None,
) -> RegistryPopulation:
    """The columns of every family with members on ``on`` (see the module docstring).

    Args:
        store: any registry store.
        on: the date of the memberships, ranks, statuses and pregnancies.
        include_unenrolled: evaluate families without an enrolment (or only a candidate) as
            if enrolled; by default they are excluded.
        programme: the programme whose enrolment status sets ``excluded``.
        progress: called as ``progress(done, total, step)`` before and after the read.

    Raises:
        ValidationError: when a column does not validate (for example a family of more than
            :data:`~dayasos.population.MAX_FAMILY_SIZE` members).
    """
    if not isinstance(store, RegistryStore):
        raise ValidationError("store", f"must be a registry store, not {type(store).__name__}")
    if not isinstance(on, date) or isinstance(on, datetime):
        raise ValidationError("on", "must be a date (not a datetime)", shown=repr(on)[:40])
    if not isinstance(include_unenrolled, bool):
        raise ValidationError("include_unenrolled", "must be True or False")
    if not isinstance(programme, Programme):
        raise ValidationError("programme", "must be a Programme", shown=repr(programme)[:40])
    say = progress or (lambda done, total, step: None)
    say(0, 1, "reading the registry")
    out = _from_columns(store.member_columns(on, programme), on, include_unenrolled)
    say(1, 1, "done")
    return out


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
"""Persons and memberships turned into Python rows and inserted at a time."""


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
    # every table is built in its key order with numpy, so that the sorts of insert_rows
    # find sorted lists (one linear pass instead of comparing millions of tuples)
    po = np.argsort(nik, kind="stable")
    member_kk = kk[family]
    mo = np.lexsort((nik, member_kk))
    fo = np.argsort(kk, kind="stable")
    born_text = np.datetime_as_string(born)
    due = date.fromordinal(on.toordinal() + 90).isoformat()
    dis_codes = np.array([c.value for c in DISABILITY_CODES], dtype=object)
    school_codes = np.array([c.value for c in SCHOOL_CODES], dtype=object)
    sex_codes = np.array([c.value for c in SEX_CODES], dtype=object)
    head = pop.starts[family] == np.arange(n)  # the first member of each family
    rels = np.where(head, Relationship.KEPALA_KELUARGA.value, Relationship.FAMILI_LAIN.value)

    def person_rows(idx: npt.NDArray[np.intp]) -> list[tuple[Any, ...]]:
        return list(
            zip(
                nik[idx].tolist(),
                [f"Sintetis {i}" for i in idx.tolist()],
                born_text[idx].tolist(),
                sex_codes[pop.sex[idx]].tolist(),
                dis_codes[pop.disability[idx]].tolist(),
                [due if p else None for p in pop.pregnant[idx].tolist()],
                school_codes[pop.school[idx]].tolist(),
                strict=True,
            )
        )

    def member_rows(idx: npt.NDArray[np.intp]) -> list[tuple[Any, ...]]:
        return list(
            zip(
                member_kk[idx].tolist(),
                nik[idx].tolist(),
                rels[idx].tolist(),
                born_text[idx].tolist(),
                [None] * len(idx),  # open from birth
                strict=True,
            )
        )

    kk_list = kk.tolist()
    kk_sorted = kk[fo].tolist()
    regions = [f"{p:02d}01011001" for p in pop.province[fo].tolist()]
    day_on = on.isoformat()
    # ranks and statuses in family row order: their sequence numbers are the object path's
    ranks = [(k, int(d), day_on) for k, d in zip(kk_list, pop.desil.tolist(), strict=True) if d]
    pkh = Programme.PKH.value
    codes = (EnrolmentStatus.ACTIVE.value, EnrolmentStatus.TERMINATED.value)
    statuses = [
        (pkh, "family", k, codes[x], day_on, day_on, "")
        for k, x in zip(kk_list, pop.excluded.astype(np.int64).tolist(), strict=True)
    ]
    db = store._db
    # every reference is made here, to rows inserted in the same transaction: outside a
    # caller's transaction the foreign key checks (two searches per membership) are off for
    # its duration (SQLite ignores the pragma inside one)
    own = store._depth == 0
    if own:
        db.execute("PRAGMA foreign_keys = OFF")
    try:
        with store.transaction():
            indexes = drop_membership_indexes(db)
            # in chunks (the Python rows of one chunk at a time), each table in key order
            for lo in range(0, n, _STORE_CHUNK):
                insert_rows(db, person_rows(po[lo : lo + _STORE_CHUNK]), [], [])
            insert_rows(db, [], list(zip(kk_sorted, regions, strict=True)), [])
            for lo in range(0, n, _STORE_CHUNK):
                insert_rows(db, [], [], member_rows(mo[lo : lo + _STORE_CHUNK]))
            for sql in indexes:
                db.execute(sql)
            db.executemany(
                "INSERT INTO welfare_rank (no_kk, desil, recorded) VALUES (?, ?, ?)", ranks
            )
            db.executemany(
                "INSERT INTO status_change (programme, subject_kind, subject, status, effective, "
                "recorded, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
                statuses,
            )
    except sqlite3.IntegrityError:
        raise RegistryConflictError(
            "population", "the store already holds one of the numbers; nothing was added"
        ) from None
    finally:
        if own:
            db.execute("PRAGMA foreign_keys = ON")
    return tuple(map(_stored_kk, kk_list))
