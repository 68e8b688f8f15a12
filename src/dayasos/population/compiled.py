"""The PKH spec compiled to numpy: per-person component ranks from a birth-day lookup table
and the spec's rank table, the rows of the sparse fix-ups for disability and pregnancy, and
the eligibility criteria as masks over the family columns.
:mod:`dayasos.population.counting` counts and caps from there, :mod:`dayasos.population.kernel`
pays.

Examples:
    >>> from datetime import date
    >>> from dayasos.eligibility.pkh.tables import date_table
    >>> from dayasos.parameters import load_parameters
    >>> rank_table(date_table(load_parameters(), date(2021, 7, 1))).shape
    (80,)
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from dayasos.categories import SchoolLevel
from dayasos.eligibility.pkh.spec import PKH
from dayasos.eligibility.pkh.tables import COMPONENTS, DateTable
from dayasos.eligibility.pkh.tables import NO_COMPONENT as _NO_COMP
from dayasos.eligibility.spec import (
    DecileAtMost,
    Disabled,
    HasComponent,
    MemberPredicate,
    Pregnant,
    Registered,
    StatusIs,
)
from dayasos.errors import ValidationError
from dayasos.population.columns import (
    DISABILITY_CODES,
    EPOCH,
    NO_DESIL,
    SCHOOL_CODES,
    Population,
)

__all__ = [
    "NONE_RANK",
    "UNBORN_RANK",
    "day_table",
    "eligible_mask",
    "lower_rank",
    "member_rows",
    "ok_table",
    "rank_table",
    "sparse_rows",
]

NONE_RANK = len(COMPONENTS)
"""Per-person rank of a member without a component."""
UNBORN_RANK = len(COMPONENTS) + 1
"""Per-person rank of a member not yet born."""
_NONE_R, _UNBORN_R = NONE_RANK, UNBORN_RANK
I64 = npt.NDArray[np.int64]
U8 = npt.NDArray[np.uint8]
B = npt.NDArray[np.bool_]


def rank_table(t: DateTable) -> U8:
    """Rank by (age bands, school level) before the sparse components, from the spec's dense
    components (:attr:`DateTable.dense`): indexed ``band * len(SCHOOL_CODES) + school``, the
    highest band bit meaning not yet born."""
    ns = len(SCHOOL_CODES)
    nb = 1 << len(t.bands)
    out = np.full(2 * nb * ns, _UNBORN_R, dtype=np.uint8)
    for s, level in enumerate(SCHOOL_CODES):
        for band, r in enumerate(t.dense[level]):
            out[band * ns + s] = _NONE_R if r == _NO_COMP else r
    return out


def ok_table(ok: dict[SchoolLevel, tuple[bool, ...]]) -> B:
    """A sparse component's age and enrolment predicates, indexed like :func:`rank_table`."""
    ns = len(SCHOOL_CODES)
    nb = len(ok[SCHOOL_CODES[0]])
    out: B = np.zeros(2 * nb * ns, dtype=np.bool_)
    for s, level in enumerate(SCHOOL_CODES):
        out[s : nb * ns : ns] = ok[level]
    return out


def member_rows(p: MemberPredicate, pop: Population, values: dict[str, int]) -> I64:
    """The person rows (increasing) where a sparse member predicate holds (the compiled form
    of ``p``)."""
    if isinstance(p, Disabled):
        out: I64 = np.flatnonzero(pop.disability == DISABILITY_CODES.index(p.severity))
        return out
    if isinstance(p, Pregnant):
        rows: I64 = np.flatnonzero(pop.pregnant)
        order = pop.pregnancy_order[rows]
        kept: I64 = rows[(order == 0) | (order <= values[p.max_order])]
        return kept
    raise ValidationError("spec", f"{type(p).__name__} is not a sparse member predicate")


def lower_rank(rank: U8, rows: I64, to: int) -> None:
    """``rank[rows] = min(rank[rows], to)`` for born members (a sparse fix-up)."""
    if rows.size:
        cur = rank[rows]
        rank[rows] = np.where(cur == _UNBORN_R, cur, np.minimum(cur, to))


def day_table(t: DateTable, at_d: int) -> tuple[int, npt.NDArray[np.intp]]:
    """``(lo, band)``: for a birth day ``d`` (days since 1970-01-01), ``band[clip(d - lo)]``
    is its age bands on the date of ``t`` (``at_d``) times ``len(SCHOOL_CODES)``, the first
    index of its row of :func:`rank_table`. Births before ``lo`` share ``band[0]``, births
    after the date (not yet born) ``band[-1]``."""
    ns = len(SCHOOL_CODES)
    bounds = [(lo.toordinal() - EPOCH, hi.toordinal() - EPOCH) for lo, hi in t.bands]
    edges = [hi + 1 for _, hi in bounds]
    edges += [lo for (lo, _), (first, _) in zip(bounds, t.bands, strict=True) if first > date.min]
    lo = min([*edges, at_d + 1]) - 1
    days = np.arange(lo, at_d + 2, dtype=np.int64)
    band: npt.NDArray[np.intp] = (days > at_d).astype(np.intp) << len(bounds)
    for i, (first, last) in enumerate(bounds):
        band |= ((days >= first) & (days <= last)).astype(np.intp) << i
    band *= ns
    return lo, band


def sparse_rows(pop: Population, t: DateTable) -> list[tuple[int, I64, B | None]]:
    """Per sparse component of the date (disability, pregnancy): ``(rank, rows, ok)``, the
    person rows its other predicates hold for and its age and enrolment table (indexed like
    :func:`rank_table`; ``None`` when it holds for every born member)."""
    out: list[tuple[int, I64, B | None]] = []
    for r, ok, _, comp in t.sparse:
        rows: I64 | None = None
        for p in comp.when:
            if isinstance(p, Disabled | Pregnant):
                got = member_rows(p, pop, t.values)
                rows = got if rows is None else np.intersect1d(rows, got, assume_unique=True)
        if rows is None:  # pragma: no cover - a sparse component has such a predicate
            rows = np.arange(pop.n_persons, dtype=np.int64)
        okt = ok_table(ok)
        out.append((r, rows, None if okt[: okt.size // 2].all() else okt))
    return out


def eligible_mask(pop: Population, t: DateTable, ncomp: npt.NDArray[np.integer[Any]]) -> B:
    """The spec's criteria as masks over the family columns."""
    out: B = np.ones(pop.n_families, dtype=np.bool_)
    for k in PKH.criteria:
        if isinstance(k, Registered):
            out &= pop.registered
        elif isinstance(k, StatusIs):
            out &= ~pop.excluded
        elif isinstance(k, DecileAtMost):
            most = k.threshold(t.at, t.params)
            if most is not None:
                out &= (pop.desil != NO_DESIL) & (pop.desil <= most)
        elif isinstance(k, HasComponent) and not t.year.flat:
            out &= ncomp > 0
    return out
