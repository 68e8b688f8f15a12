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

from datetime import date, datetime
from typing import Any

import numpy as np
import numpy.typing as npt
from attrs import define

from dayasos.categories import Programme
from dayasos.eligibility.pkh import ENROLMENT_TO_PKH, PkhStatus
from dayasos.errors import ValidationError
from dayasos.population.columns import (
    Population,
)
from dayasos.population.progress import Progress
from dayasos.registry.columnar import (
    STATUS_CODES,
)
from dayasos.registry.identity import NoKK
from dayasos.registry.model import (
    EnrolmentStatus,
)
from dayasos.registry.store import RegistryStore

__all__ = ["RegistryPopulation", "population_from_registry"]

# excluded unless active: every status that PKH does not pay, by the one registry <-> PKH
# status table (candidates and families without an enrolment depend on include_unenrolled)
_EXCLUDED = frozenset(
    status
    for status, pkh in ENROLMENT_TO_PKH.items()
    if pkh not in (PkhStatus.AKTIF, PkhStatus.KANDIDAT)
)


@define(frozen=True, slots=True, eq=False, init=False, repr=False)
class RegistryPopulation:
    """The columns of a registry's families on a date and their No. KK, row by row.

    ``keys`` may be given as the :class:`~dayasos.registry.NoKK` values or as their stored
    integer form (an int64 array, as a registry read has them); in the second case the
    :class:`~dayasos.registry.NoKK` objects are built on the first access to ``keys`` (at
    national scale, millions of objects a population read does not need).

    Attributes:
        population: the validated columns (family row ``i`` is ``keys[i]``).
        keys: the No. KK of each family row (masked in ``repr``).
        on: the date the registry was read at.

    Examples:
        >>> import numpy as np
        >>> from dayasos.population import Population
        >>> from dayasos.registry import NoKK
        >>> pop = Population.from_columns(
        ...     {"family": np.array([0]), "birth": np.array([17240]), "sex": np.array([1]),
        ...      "pregnant": np.array([False]), "disability": np.array([0]),
        ...      "school": np.array([0])},
        ...     {"desil": np.array([1]), "excluded": np.array([False]),
        ...      "province": np.array([31])})
        >>> rp = RegistryPopulation(pop, np.array([3171012009000001]), date(2021, 7, 1))
        >>> rp.keys == (NoKK.parse("3171012009000001"),)
        True
        >>> rp
        RegistryPopulation(families=1, persons=1, on=datetime.date(2021, 7, 1))
    """

    population: Population
    on: date
    _numbers: npt.NDArray[np.int64] | None
    _keys: tuple[NoKK, ...] | None

    def __init__(
        self,
        population: Population,
        keys: tuple[NoKK, ...] | npt.NDArray[np.int64],
        on: date,
    ) -> None:
        if isinstance(keys, np.ndarray):
            if keys.dtype != np.int64 or keys.ndim != 1:
                raise ValidationError("keys", "must be a one-dimensional int64 array")
            numbers = keys.copy()
            numbers.setflags(write=False)
            self.__attrs_init__(population, on, numbers, None)
        else:
            self.__attrs_init__(population, on, None, tuple(keys))

    @property
    def keys(self) -> tuple[NoKK, ...]:
        """The No. KK of each family row (built once, on the first access)."""
        keys = self._keys
        if keys is None:
            numbers = self._numbers.tolist() if self._numbers is not None else []
            keys = tuple(map(NoKK.from_stored, numbers))
            object.__setattr__(self, "_keys", keys)
        return keys

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(families={self.population.n_families}, "
            f"persons={self.population.n_persons}, on={self.on!r})"
        )


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
    keys = np.asarray(cols["no_kk"], dtype=np.int64)  # NoKK objects only when asked for
    return RegistryPopulation(Population.from_columns(person_cols, family_cols), keys, on)


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
