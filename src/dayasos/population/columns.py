"""The column layout of a population: one row per person, one row per family.

Persons (arrays of equal length, grouped by family: the ``family`` column never decreases):

============== ===================== =====================================================
column         dtype                 meaning
============== ===================== =====================================================
``family``     any integer           row of the person's family in the family columns
``birth``      datetime64[D] or int  birth date (integers: days since 1970-01-01)
``sex``        uint8                 index in :data:`SEX_CODES` (0 laki-laki, 1 perempuan)
``pregnant``   bool                  pregnant or postpartum (women only)
``disability`` uint8                 index in :data:`DISABILITY_CODES` (0 none ... 3 berat)
``school``     uint8                 index in :data:`SCHOOL_CODES` (0 none, 1 SD, 2 SMP, ...)
``pregnancy_order`` uint8, optional  1, 2, ... or 0 when not given
============== ===================== =====================================================

Families:

============== ===================== =====================================================
``desil``      uint8                 welfare decile 1-10, 0 when not ranked
``remote``     bool                  lives in a PKH akses area
``excluded``   bool                  status not active (graduated, suspended, cancelled)
``registered`` bool, optional        registered in DTKS/DTSEN (default: all true)
``province``   uint8, optional       Kemendagri province code, for aggregates only
``weight``     float64, optional     families this row stands for (default 1: a census)
============== ===================== =====================================================

Within a family, persons are in row order: the person cap breaks ties between members of the
same component by row order, as the per-family API breaks them by ``member_id``.

Needs numpy (the ``fast`` extra); importing :mod:`dayasos` does not import this module.

Examples:
    >>> import numpy as np
    >>> pop = Population.from_columns(
    ...     {"family": np.array([0, 0, 1]),
    ...      "birth": np.array(["2016-05-01", "1950-01-01", "1990-01-01"], dtype="datetime64[D]")},
    ...     {"desil": np.array([1, 2])},
    ... )
    >>> pop.n_persons, pop.n_families, pop.sizes.tolist()
    (3, 2, [2, 1])
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from attrs import Factory, define, evolve, field

from dayasos.categories import DisabilitySeverity, SchoolLevel, Sex
from dayasos.eligibility.pkh import PkhFamily, PkhMember, PkhStatus
from dayasos.errors import ValidationError
from dayasos.population.column_checks import (
    F64,
    I32,
    U8,
    B,
    birth_days,
    checked_weights,
    code_column,
    column,
    first_bad,
    flag_column,
)

__all__ = [
    "DISABILITY_CODES",
    "EPOCH",
    "MAX_FAMILY_SIZE",
    "NO_DESIL",
    "SCHOOL_CODES",
    "SEX_CODES",
    "Population",
    "read_parquet",
]

SEX_CODES: tuple[Sex, ...] = tuple(Sex)
"""``sex`` code -> :class:`~dayasos.categories.Sex`."""
SCHOOL_CODES: tuple[SchoolLevel, ...] = tuple(SchoolLevel)
"""``school`` code -> :class:`~dayasos.categories.SchoolLevel`."""
DISABILITY_CODES: tuple[DisabilitySeverity, ...] = tuple(DisabilitySeverity)
"""``disability`` code -> :class:`~dayasos.categories.DisabilitySeverity`."""
NO_DESIL = 0
"""``desil`` of a family without a welfare-decile rank."""
MAX_FAMILY_SIZE = 255
"""Most persons in one family (per-family counts are packed in 8 bits)."""

EPOCH = date(1970, 1, 1).toordinal()
I64 = npt.NDArray[np.int64]

UNWEIGHTED = "unweighted: every row is one family"
"""The :attr:`Population.weight_basis` of a population without weights."""


def _ones(self: Population) -> F64:
    return np.ones(self.n_families, dtype=np.float64)


@define(frozen=True, slots=True, eq=False)
class Population:
    """A validated population in columns (see the module docstring for the layout).

    Build it with :meth:`from_columns` (dicts of arrays, pandas DataFrames, pyarrow Tables)
    or :meth:`from_families` (per-family objects); the arrays are not copied when their dtype
    already fits.
    """

    family: I64
    """Per person: the family row."""
    birth: I32
    """Per person: birth date as days since 1970-01-01."""
    sex: U8
    pregnant: B
    pregnancy_order: U8
    disability: U8
    school: U8
    desil: U8
    remote: B
    excluded: B
    registered: B
    province: U8
    starts: I64
    """Per family: the first person row (``n_persons`` for an empty family at the end)."""
    sizes: I64
    """Per family: its number of persons."""
    weight: F64 = field(default=Factory(_ones, takes_self=True))
    """Per family: how many families of the population it stands for (1.0 when unweighted).
    Every aggregate of :mod:`dayasos.population.groups` and :class:`ReformComparison
    <dayasos.population.ReformComparison>` is weighted by it."""
    weight_basis: str = UNWEIGHTED
    """What the weights were calibrated to, in words (:data:`UNWEIGHTED` without weights)."""
    source: str = ""
    """Where the rows come from, in words (said in chart captions); empty when not told."""

    def described(self, source: str) -> Population:
        """The same population, saying where its rows come from (e.g. a file and its date)."""
        return evolve(self, source=source)

    @property
    def weighted(self) -> bool:
        """True when the weights are not all 1 (a sample standing for a larger population)."""
        return self.weight_basis != UNWEIGHTED

    def with_weights(self, weight: npt.ArrayLike, basis: str) -> Population:
        """The same population with ``weight`` per family, calibrated to ``basis`` (said in
        every table and chart caption).

        Raises:
            ValidationError: when ``weight`` is not one finite number >= 0 per family, or
                ``basis`` is empty.

        Examples:
            >>> import numpy as np
            >>> pop = Population.from_columns(
            ...     {"family": np.array([0, 1]), "birth": np.array([0, 0])},
            ...     {"desil": np.array([1, 2])},
            ... )
            >>> pop.with_weights([10.0, 30.0], "a census of 40").weight.sum()
            np.float64(40.0)
        """
        if not basis.strip():
            raise ValidationError("basis", "must say what the weights were calibrated to")
        w = checked_weights(np.asarray(weight), self.n_families)
        return evolve(self, weight=w, weight_basis=basis)

    @property
    def n_persons(self) -> int:
        return int(self.family.shape[0])

    @property
    def n_families(self) -> int:
        return int(self.desil.shape[0])

    @classmethod
    def from_columns(
        cls, persons: Mapping[str, Any] | Any, families: Mapping[str, Any] | Any
    ) -> Population:
        """Validate columns: anything indexable by column name giving array-likes (a dict of
        numpy arrays, a pandas DataFrame, a pyarrow Table).

        Raises:
            ValidationError: naming the column and the first bad row.
        """
        fam_raw = column(persons, "family")
        if fam_raw is None:
            raise ValidationError("family", "required column is missing")
        if fam_raw.ndim != 1 or fam_raw.dtype.kind not in "iu":
            raise ValidationError("family", f"must be a 1-d integer column, not {fam_raw.dtype}")
        n = int(fam_raw.shape[0])
        draw = column(families, "desil")
        if draw is None:
            raise ValidationError("desil", "required column is missing")
        nf = int(draw.shape[0])
        desil = code_column(families, "desil", nf, 11, None, "a welfare decile, 0 unranked")
        family = fam_raw.astype(np.int64, copy=False)
        if n:
            if int(family[0]) < 0:
                raise ValidationError("family", "must be a family row >= 0", index=0)
            if n > 1:
                step = np.diff(family)
                if int(step.min()) < 0:
                    first_bad(
                        "family",
                        np.concatenate(([False], step < 0)),
                        "persons must be grouped by family (the column never decreases)",
                    )
            if int(family[-1]) >= nf:
                first_bad("family", family >= nf, f"must be a family row below {nf}")
        sizes = np.bincount(family, minlength=nf).astype(np.int64, copy=False)
        if nf and int(sizes.max()) > MAX_FAMILY_SIZE:
            big = int(np.flatnonzero(sizes > MAX_FAMILY_SIZE)[0])
            raise ValidationError(
                "family",
                f"a family has more than {MAX_FAMILY_SIZE} persons",
                index=int(np.searchsorted(family, big)),
            )
        starts = np.zeros(nf, dtype=np.int64)
        if nf > 1:
            np.cumsum(sizes[:-1], out=starts[1:])
        sex = code_column(persons, "sex", n, len(SEX_CODES), 0, "Sex")
        pregnant = flag_column(persons, "pregnant", n, False)
        if n and pregnant.any():
            female = SEX_CODES.index(Sex.PEREMPUAN)
            first_bad("pregnant", pregnant & (sex != female), "can only be true for a woman")
        order = code_column(persons, "pregnancy_order", n, 256, 0, "a pregnancy order")
        if n and order.any():
            first_bad(
                "pregnancy_order",
                (order > 0) & ~pregnant,
                "is only meaningful for a pregnant person",
            )
        return cls(
            family,
            birth_days(persons, n),
            sex,
            pregnant,
            order,
            code_column(persons, "disability", n, len(DISABILITY_CODES), 0, "DisabilitySeverity"),
            code_column(persons, "school", n, len(SCHOOL_CODES), 0, "SchoolLevel"),
            desil,
            flag_column(families, "remote", nf, False),
            flag_column(families, "excluded", nf, False),
            flag_column(families, "registered", nf, True),
            code_column(families, "province", nf, 256, 0, "a province"),
            starts,
            sizes,
            checked_weights(column(families, "weight"), nf),
            UNWEIGHTED if column(families, "weight") is None else "the data's weight column",
        )

    def to_family(self, row: int) -> PkhFamily:
        """Family ``row`` as a :class:`~dayasos.eligibility.pkh.PkhFamily` (to explain it with
        the per-family API). Members get ids ``m000``, ``m001``, ... in row order, so the
        per-family tie-break by ``member_id`` is the row order used by the columns.

        Examples:
            >>> from datetime import date
            >>> from dayasos.categories import Sex
            >>> from dayasos.eligibility.pkh import PkhFamily, PkhMember
            >>> f = PkhFamily("f", [PkhMember("a", date(2018, 1, 1), Sex.PEREMPUAN)])
            >>> g = Population.from_families([f]).to_family(0)
            >>> g.members[0].member_id, g.members[0].birth_date
            ('m000', datetime.date(2018, 1, 1))
        """
        if not 0 <= row < self.n_families:
            raise ValidationError(
                "row", f"must be a family row below {self.n_families}", shown=str(row)
            )
        first = int(self.starts[row])
        members = []
        for j in range(int(self.sizes[row])):
            i = first + j
            order = int(self.pregnancy_order[i])
            members.append(
                PkhMember(
                    f"m{j:03d}",
                    date.fromordinal(int(self.birth[i]) + EPOCH),
                    SEX_CODES[int(self.sex[i])],
                    pregnant_or_postpartum=bool(self.pregnant[i]),
                    pregnancy_order=order or None,
                    school_level=SCHOOL_CODES[int(self.school[i])],
                    disability=DISABILITY_CODES[int(self.disability[i])],
                )
            )
        desil = int(self.desil[row])
        return PkhFamily(
            f"row{row}",
            tuple(members),
            registered=bool(self.registered[row]),
            desil=desil or None,
            remote_area=bool(self.remote[row]),
            status=PkhStatus.GRADUASI if self.excluded[row] else PkhStatus.AKTIF,
        )

    @classmethod
    def from_families(cls, families: Iterable[PkhFamily]) -> Population:
        """Columns from per-family objects (members in their given order).

        Examples:
            >>> from datetime import date
            >>> from dayasos.categories import Sex
            >>> from dayasos.eligibility.pkh import PkhFamily, PkhMember
            >>> f = PkhFamily("f", [PkhMember("a", date(2018, 1, 1), Sex.PEREMPUAN)])
            >>> Population.from_families([f]).birth.tolist() == [date(2018, 1, 1).toordinal() - 719163]
            True
        """
        fam: list[int] = []
        cols: dict[str, list[int]] = {
            k: [] for k in ("birth", "sex", "pregnant", "pregnancy_order", "disability", "school")
        }
        fcols: dict[str, list[int]] = {k: [] for k in ("desil", "remote", "excluded", "registered")}
        for i, f in enumerate(families):
            for m in f.members:
                fam.append(i)
                cols["birth"].append(m.birth_date.toordinal() - EPOCH)
                cols["sex"].append(SEX_CODES.index(m.sex))
                cols["pregnant"].append(int(m.pregnant_or_postpartum))
                cols["pregnancy_order"].append(m.pregnancy_order or 0)
                cols["disability"].append(DISABILITY_CODES.index(m.disability))
                cols["school"].append(SCHOOL_CODES.index(m.school_level))
            fcols["desil"].append(f.desil or 0)
            fcols["remote"].append(int(f.remote_area))
            fcols["excluded"].append(int(f.status is not PkhStatus.AKTIF))
            fcols["registered"].append(int(f.registered))
        persons: dict[str, npt.NDArray[Any]] = {"family": np.array(fam, dtype=np.int64)}
        for k, v in cols.items():
            persons[k] = np.array(v, dtype=np.int64)
        persons["pregnant"] = persons["pregnant"].astype(np.bool_)
        fams = {k: np.array(v, dtype=np.int64) for k, v in fcols.items()}
        return cls.from_columns(persons, fams)


def read_parquet(persons: str | Path, families: str | Path) -> Population:
    """A population from two Parquet files (the persons and the families, columns as in the
    layout above; ``birth`` may be a Parquet ``date32``). Needs pyarrow (the ``population``
    extra).

    Raises:
        ValidationError: naming the column and the first bad row.
    """
    pq = importlib.import_module("pyarrow.parquet")
    return Population.from_columns(pq.read_table(str(persons)), pq.read_table(str(families)))


def family_rows(pop: Population, rows: Sequence[int] | I64) -> I64:
    """Person rows of the given families, family after family."""
    r = np.asarray(rows, dtype=np.int64)
    sizes = pop.sizes[r]
    total = int(sizes.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offs = np.repeat(pop.starts[r] - np.concatenate(([0], np.cumsum(sizes)[:-1])), sizes)
    out: I64 = np.arange(total, dtype=np.int64) + offs
    return out
