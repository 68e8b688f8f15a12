"""Column-wise PKH: components, eligibility, capped yearly entitlement and stage payments for
a whole population, equal to :func:`dayasos.eligibility.pkh.entitlement` family by family.

The kernels read the per-(parameter set, year) and per-(parameter set, date) tables of the
per-family rules (amounts, priority ranks, age bounds as birth-date bounds, cap, stages), so
there is one source of truth. Money is int64 rupiah throughout; the stage payments come from
the per-family rounding (largest remainder) once per distinct combination of counted
components and fixed amount, then are looked up per family.

How it stays fast (no sort, no per-family Python):

* age: a lookup table indexed by birth day gives the age bands (anak usia dini, school age,
  lanjut usia, not yet born) for the reference date;
* one component per member: an 80-entry table indexed by (age bands, school level) gives the
  member's priority rank (0 = highest annual amount); disability and pregnancy, rare, are
  fixed up on their rows only;
* counting per amount tier: each member with a component adds ``1 + (2 ** (b * rank) << 8)``
  to its family (one ``np.add.reduceat`` in int32 for the shipped cap): the low 8 bits count
  the members with a component, the rest holds one ``b``-bit field per rank. A lookup table
  over the fields applies the early-childhood limit and the cap (highest amounts first)
  and numbers the counted
  combination; only families with more members than a field holds are recounted member by
  member.

Examples:
    >>> from datetime import date
    >>> from dayasos.population import evaluate, synthetic_population
    >>> pop = synthetic_population(1000, seed=1)
    >>> r = evaluate(pop, date(2021, 7, 1))
    >>> bool((r.stages.sum(axis=1) == r.total).all())
    True
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
from attrs import define

from dayasos.eligibility.pkh import PkhComponent
from dayasos.eligibility.pkh.tables import date_table
from dayasos.parameters import ParameterSet, load_parameters
from dayasos.population.columns import (
    EPOCH,
    Population,
    family_rows,
)
from dayasos.population.compiled import eligible_mask, member_ranks

__all__ = ["COMPONENT_CODES", "NO_COMPONENT", "PopulationResult", "evaluate"]

COMPONENT_CODES: tuple[PkhComponent, ...] = tuple(PkhComponent)
"""``component`` code -> :class:`~dayasos.eligibility.pkh.PkhComponent`."""
NO_COMPONENT = 255
"""``component`` code of a member without a component (or not yet born)."""

_NRANK = len(COMPONENT_CODES)
_NONE_R, _UNBORN_R = _NRANK, _NRANK + 1
_HIGH = 48
_LOW = (1 << _HIGH) - 1
_MAX_LUT = 1 << 21
I64 = npt.NDArray[np.int64]
U8 = npt.NDArray[np.uint8]
B = npt.NDArray[np.bool_]


def _digits(code: I64, radix: int) -> I64:
    """The per-rank fields of ``code`` (``radix`` a power of two)."""
    bits = radix.bit_length() - 1
    out: I64 = np.empty((code.shape[0], _NRANK), dtype=np.int64)
    for r in range(_NRANK):
        np.bitwise_and(code >> (bits * r), radix - 1, out=out[:, r])
    return out


@define(frozen=True, slots=True, eq=False)
class PopulationResult:
    """PKH for every family of a population on one date (arrays in input order).

    Per family: :attr:`eligible`, :attr:`n_components`, :attr:`fixed`, :attr:`total`,
    :attr:`stages`; per person: :attr:`rank`, and on demand :meth:`component`,
    :meth:`counted`; :meth:`component_counts` per family and component.
    """

    at: date
    year: int
    rank: U8
    """Per person: priority rank of its component in the year (0 = highest annual amount),
    ``7`` none, ``8`` not yet born; see :attr:`by_rank`."""
    by_rank: tuple[PkhComponent, ...]
    """The year's components by priority rank."""
    n_components: I64
    """Per family: members with a component (before the cap)."""
    eligible: B
    """Per family: the eligibility decision's outcome."""
    fixed: I64
    """Per family: bantuan tetap (reguler/akses) or the flat amount, rupiah."""
    total: I64
    """Per family: the capped yearly entitlement, rupiah (0 when not eligible)."""
    stages: I64
    """Per family and payment: the amount, rupiah (rows sum to :attr:`total`)."""
    stage_starts: tuple[date, ...]
    """First day of each payment (the columns of :attr:`stages`)."""
    combo: npt.NDArray[np.int32]
    """Per family: the row of :attr:`combos` it was paid for (0, none counted, when not
    eligible)."""
    combos: I64
    """Combinations of counted members: per row, the count per rank."""
    population: Population

    def component(self) -> U8:
        """Per person: a code of :data:`COMPONENT_CODES`, or :data:`NO_COMPONENT`."""
        lut = np.full(_NRANK + 2, NO_COMPONENT, dtype=np.uint8)
        for r, c in enumerate(self.by_rank):
            lut[r] = COMPONENT_CODES.index(c)
        out: U8 = lut[self.rank]
        return out

    def take(self) -> I64:
        """Per family and rank: the members counted (after the cap; 0 when not eligible)."""
        out: I64 = self.combos[self.combo]
        return out

    def counted(self) -> B:
        """Per person: counted in the entitlement (has a component, family eligible, within
        the early-childhood limit and the cap; ties between members of the same component by
        row order)."""
        pop = self.population
        rank = self.rank
        counted: B = rank < _NRANK
        if pop.n_persons == 0 or not self.by_rank:
            return counted & False
        counted &= np.repeat(self.eligible, pop.sizes)
        cand = np.flatnonzero(self.eligible & (self.n_components > 0))
        take = self.combos[self.combo[cand]]
        sel = take.sum(axis=1) < self.n_components[cand]
        over, take = cand[sel], take[sel]
        if over.size:
            rows = family_rows(pop, over)
            local = np.repeat(np.arange(over.size, dtype=np.int64), pop.sizes[over])
            r = rank[rows].astype(np.int64)
            order = np.lexsort((rows, r, local))
            lo, rs = local[order], r[order]
            key = lo * (_NRANK + 2) + rs
            first = np.concatenate(([True], key[1:] != key[:-1]))
            pos = np.arange(key.size, dtype=np.int64)
            occ = pos - np.maximum.accumulate(np.where(first, pos, 0))
            ok = rs < _NRANK
            lim = np.zeros(key.size, dtype=np.int64)
            lim[ok] = take[lo[ok], rs[ok]]
            counted[rows[order]] = ok & (occ < lim)
        return counted

    def component_counts(self) -> I64:
        """Per family and component (declaration order of :data:`COMPONENT_CODES`): the
        members with that component, before the cap."""
        pop = self.population
        width = _NRANK + 2
        key = pop.family * width + self.rank
        counts = np.bincount(key, minlength=pop.n_families * width).reshape(-1, width)
        out: I64 = np.zeros((pop.n_families, _NRANK), dtype=np.int64)
        for r, c in enumerate(self.by_rank):
            out[:, COMPONENT_CODES.index(c)] = counts[:, r]
        return out


def evaluate(pop: Population, at: date, params: ParameterSet | None = None) -> PopulationResult:
    """PKH for every family of ``pop``, assessed on ``at`` for the fiscal year of ``at``.

    Equal, family by family, to :func:`dayasos.eligibility.pkh.entitlement` with the same
    parameters (pass a reform as ``params``): the same components, eligibility, fixed amount,
    capped total and stage payments.
    """
    params = load_parameters() if params is None else params
    t = date_table(params, at)
    y = t.year
    n, nf = pop.n_persons, pop.n_families
    at_d = at.toordinal() - EPOCH
    flat = y.flat
    cap = 0 if flat else y.cap
    # each rank's count is a field of `bits` bits, exact while the family has at most
    # `2**bits - 1` members with a component; the member count sits in the low 8 bits
    bits = min(max(cap, 1).bit_length(), 7)
    radix = 1 << bits
    exact = radix - 1
    dtype = np.int32 if 8 + _NRANK * bits <= 31 else np.int64
    rank = np.full(n, _NONE_R, dtype=np.uint8) if flat else member_ranks(pop, t, at_d)
    limits = y.limits
    nonempty = pop.sizes > 0
    all_full = bool(nonempty.all())
    starts = pop.starts if all_full else pop.starts[nonempty]
    weights = np.array([radix**r for r in range(_NRANK)] + [0, 0], dtype=np.int64)
    per_person = np.take(
        np.where(weights > 0, (weights << 8) + 1, 0).astype(dtype), rank, mode="clip"
    )  # every rank indexes the table: no bounds pass
    packed: npt.NDArray[Any] = np.zeros(nf, dtype=dtype)
    if n:
        if all_full:
            packed = np.add.reduceat(per_person, starts)
        else:
            packed[nonempty] = np.add.reduceat(per_person, starts)
    del per_person
    ncomp = (packed & 255).astype(np.int64)
    code = packed >> 8
    del packed
    eligible = eligible_mask(pop, t, ncomp)
    # more members with a component than a field holds (rare): recount member by member
    big = np.flatnonzero(ncomp > exact) if not flat else np.zeros(0, dtype=np.int64)
    big_code = np.zeros(0, dtype=np.int64)
    if big.size:
        rows = family_rows(pop, big)
        local = np.repeat(np.arange(big.size, dtype=np.int64), pop.sizes[big])
        width = _NRANK + 2
        counts = np.bincount(local * width + rank[rows], minlength=big.size * width)
        big_code = _capped(counts.reshape(-1, width)[:, :_NRANK], cap, limits) @ weights[:_NRANK]
    if radix**_NRANK <= _MAX_LUT:
        # every field exact below `radix`: one lookup caps and numbers the combination
        lut, combo_codes = _cap_table(radix, cap, limits)
        code &= radix**_NRANK - 1
        combo = np.take(lut, code, mode="clip")  # code < radix**_NRANK == lut.size
        del code
        if big.size:
            combo[big] = np.searchsorted(combo_codes, big_code)
    else:
        recount = ncomp > cap
        for r, lim in enumerate(limits):  # more members of a limited component than counted
            if lim < exact:
                recount |= ((code >> (bits * r)) & exact) > lim
        mid = np.flatnonzero(recount & (ncomp <= exact))
        del recount
        if mid.size:
            code[mid] = _capped(_digits(code[mid], radix), cap, limits) @ weights[:_NRANK]
        if big.size:
            code[big] = big_code
        code *= eligible
        combo_codes, inv = np.unique(code, return_inverse=True)
        combo = inv.reshape(-1).astype(np.int32)
    combos = _digits(combo_codes, radix)
    choice = pop.remote.astype(np.int32)
    choice += 1
    choice *= eligible
    combo *= eligible  # combination 0 is the empty one
    key = combo * 3
    key += choice
    nst = len(y.periods)
    size = combos.shape[0] * 3
    present = np.flatnonzero(np.bincount(key, minlength=size))
    tot_tab = np.zeros(size, dtype=np.int64)
    st_tab = np.zeros((size, nst), dtype=np.int64)
    for k in present.tolist():
        digits = combos[k // 3]
        counted = tuple(r for r in range(_NRANK) for _ in range(int(digits[r])))
        total, lines = y.stages(counted, k % 3)
        tot_tab[k] = total.amount
        st_tab[k] = [line.amount.amount for line in lines]
    fixed_tab = np.array([c[1].amount for c in y.choices], dtype=np.int64)
    return PopulationResult(
        at,
        y.year,
        rank,
        y.by_rank,
        ncomp,
        eligible,
        np.take(fixed_tab, choice),
        np.take(tot_tab, key),
        np.take(st_tab, key, axis=0),
        tuple(p.start for p in y.periods),
        combo,
        combos,
        pop,
    )


@functools.lru_cache(maxsize=16)
def _cap_table(radix: int, cap: int, limits: tuple[int, ...]) -> tuple[npt.NDArray[np.int32], I64]:
    """For every packed code below ``radix ** 7`` (exact fields): the number of its capped
    combination (each rank's count limited by ``limits``, then the cap, highest ranks
    first), and the capped combinations' codes in increasing order (0, the empty one,
    first)."""
    bits = radix.bit_length() - 1
    raw = np.arange(radix**_NRANK, dtype=np.int32)
    counts = np.empty((raw.shape[0], _NRANK), dtype=np.int16)
    for r in range(_NRANK):
        counts[:, r] = np.minimum((raw >> (bits * r)) & (radix - 1), min(limits[r], 1 << 14))
    del raw
    left = np.cumsum(counts, axis=1, dtype=np.int16)
    left -= counts
    np.subtract(np.int16(min(cap, 1 << 14)), left, out=left)
    np.maximum(left, 0, out=left)
    np.minimum(left, counts, out=left)
    del counts
    capped = np.zeros(left.shape[0], dtype=np.int32)
    for r in range(_NRANK):
        capped += left[:, r].astype(np.int32) << (bits * r)
    del left
    codes = np.flatnonzero(np.bincount(capped, minlength=radix**_NRANK))
    number = np.zeros(radix**_NRANK, dtype=np.int32)
    number[codes] = np.arange(codes.shape[0], dtype=np.int32)
    lut: npt.NDArray[np.int32] = number[capped]
    return lut, codes.astype(np.int64)


def _capped(counts: I64, cap: int, limits: tuple[int, ...]) -> I64:
    """Members counted per rank: each rank's count limited by ``limits``, then the cap, the
    highest ranks first."""
    counts = np.minimum(counts, np.array(limits, dtype=np.int64))
    left = cap - (np.cumsum(counts, axis=1) - counts)
    np.maximum(left, 0, out=left)
    out: I64 = np.minimum(left, counts)
    return out
