"""Counting the members of every family by component: the part of the PKH kernel that does
not depend on the amounts, so a reform comparison whose reform changes amounts only counts
once (:func:`counts_key`).

Per person, a birth-day table gives the age bands and an 80-entry table indexed by (age
bands, school level) the priority rank of the member's component (0 = highest annual
amount); disability and pregnancy, rare, are fixed up on their rows only. Each member with a
component adds ``1 + (2 ** (b * rank) << 8)`` to its family: the low 8 bits count the
members with a component, the rest holds one ``b``-bit field per rank. A lookup table over
the fields applies the early-childhood limit and the cap (highest amounts first) and numbers
the counted combination; only families with more members than a field holds are recounted
member by member.

The pass runs over blocks of families whose person rows fit in the processor's cache, with
buffers reused from block to block: the per-person work writes the ranks and nothing else
of the population's length (a block's sums are differences of a running sum), and large
populations are split between two threads (numpy releases the GIL in the loops).

Examples:
    >>> from datetime import date
    >>> from dayasos.eligibility.pkh.tables import date_table
    >>> from dayasos.parameters import load_parameters
    >>> from dayasos.population import synthetic_population
    >>> pop = synthetic_population(1000, seed=1, calibrate_weights=False)
    >>> c = count_members(pop, date_table(load_parameters(), date(2021, 7, 1)))
    >>> c.rank.shape == (pop.n_persons,), c.combo.shape == (pop.n_families,)
    (True, True)
"""

from __future__ import annotations

import functools
import itertools
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import numpy.typing as npt
from attrs import define

from dayasos.eligibility.pkh import PkhComponent
from dayasos.eligibility.pkh.tables import DateTable
from dayasos.population.columns import EPOCH, Population, family_rows
from dayasos.population.compiled import day_table, lower_rank, rank_table, sparse_rows

__all__ = ["Counts", "count_members", "counts_key"]

_NRANK = len(PkhComponent)
_NONE_R = _NRANK
_MAX_LUT = 1 << 21
_BLOCK = 1 << 15
"""Families per block: about 150,000 person rows, a few MiB of buffers."""
_PARALLEL_PERSONS = 1_000_000
"""From this many persons, the blocks are split between two threads."""
I64 = npt.NDArray[np.int64]
U8 = npt.NDArray[np.uint8]


@define(frozen=True, slots=True, eq=False)
class Counts:
    """The members of every family by component on one date, before eligibility.

    Equal for two parameter sets with the same :func:`counts_key` on the date.
    """

    key: tuple[object, ...]
    """:func:`counts_key` of the date table counted with."""
    rank: U8
    """Per person: priority rank of its component, ``7`` none, ``8`` not yet born."""
    n_components: U8
    """Per family: members with a component (before the cap; a family holds at most 255
    persons)."""
    combo: npt.NDArray[np.integer[Any]]
    """Per family: the row of :attr:`combos` counted (any eligibility); 16-bit when there
    are 65,536 rows or fewer."""
    combos: I64
    """Combinations of counted members: per row, the count per rank (row 0: none)."""
    present: npt.NDArray[np.bool_]
    """Per row of :attr:`combos`: some family has it."""


def counts_key(t: DateTable) -> tuple[object, ...]:
    """What :func:`count_members` reads of a date table: the date, the flat-amount year, the
    priority order, the cap and the per-component limits, and the member parameters (age
    bounds, the pregnancies counted). Two parameter sets with the same key count every
    population alike; the amounts, the fixed amounts, the stages and the eligibility
    criteria are not in it."""
    y = t.year
    return (
        t.at,
        y.flat,
        y.by_rank,
        0 if y.flat else y.cap,
        y.limits,
        tuple(sorted(t.values.items())),
    )


def _digits(code: I64, radix: int) -> I64:
    """The per-rank fields of ``code`` (``radix`` a power of two)."""
    bits = radix.bit_length() - 1
    out: I64 = np.empty((code.shape[0], _NRANK), dtype=np.int64)
    for r in range(_NRANK):
        np.bitwise_and(code >> (bits * r), radix - 1, out=out[:, r])
    return out


class _Pass:
    """One counting pass: its tables, outputs and per-thread buffers."""

    def __init__(self, pop: Population, t: DateTable) -> None:
        y = t.year
        self.pop = pop
        self.cap = 0 if y.flat else y.cap
        self.limits = y.limits
        bits = min(max(self.cap, 1).bit_length(), 7)
        self.bits, self.radix = bits, 1 << bits
        wide = 8 + _NRANK * bits > 31
        self.dtype: type[np.integer[Any]] = np.int64 if wide else np.int32
        self.udtype: type[np.integer[Any]] = np.uint64 if wide else np.uint32
        self.weights = np.array([self.radix**r for r in range(_NRANK)] + [0, 0], dtype=np.int64)
        per_rank = np.where(self.weights > 0, (self.weights << 8) + 1, 0)
        self.per_rank = per_rank.astype(self.udtype)
        self.lo, self.band = day_table(t, t.at.toordinal() - EPOCH)
        self.ranks = rank_table(t)
        self.per_index = self.per_rank[self.ranks]
        self.sparse = sparse_rows(pop, t)
        self.use_lut = self.radix**_NRANK <= _MAX_LUT
        n, nf = pop.n_persons, pop.n_families
        self.rank = np.empty(n, dtype=np.uint8)
        self.ncomp = np.empty(nf, dtype=np.uint8)
        if self.use_lut:
            self.lut, self.combo_codes = _cap_table(self.radix, self.cap, self.limits)
            self.combo = np.empty(nf, dtype=self.lut.dtype)
        self.code = np.empty(0 if self.use_lut else nf, dtype=self.dtype)

    def run(self, f0: int, f1: int) -> npt.NDArray[np.bool_]:
        """Count families ``f0`` to ``f1``, block by block; with the lookup table, return
        which of its combinations the families have."""
        pop = self.pop
        starts, sizes = pop.starts, pop.sizes
        idx = gi = np.empty(0, dtype=np.intp)
        pp = np.empty(0, dtype=self.udtype)
        cs = np.empty(1, dtype=self.udtype)
        seen = np.zeros(self.combo_codes.shape[0] if self.use_lut else 0, dtype=np.bool_)
        for b0 in range(f0, f1, _BLOCK):
            b1 = min(b0 + _BLOCK, f1)
            p0 = int(starts[b0])
            p1 = int(starts[b1 - 1] + sizes[b1 - 1])
            m = p1 - p0
            if m > idx.shape[0]:
                idx, gi = np.empty(m, dtype=np.intp), np.empty(m, dtype=np.intp)
                pp, cs = np.empty(m, dtype=self.udtype), np.empty(m + 1, dtype=self.udtype)
            self._block(b0, b1, p0, p1, idx[:m], gi[:m], pp[:m], cs[: m + 1])
            if self.use_lut:
                seen |= np.bincount(self.combo[b0:b1], minlength=seen.shape[0]) > 0
        return seen

    def _block(
        self,
        b0: int,
        b1: int,
        p0: int,
        p1: int,
        idx: npt.NDArray[np.intp],
        gi: npt.NDArray[np.intp],
        pp: npt.NDArray[Any],
        cs: npt.NDArray[Any],
    ) -> None:
        pop = self.pop
        np.subtract(pop.birth[p0:p1], self.lo, out=idx, dtype=np.intp)
        np.take(self.band, idx, mode="clip", out=gi)  # births outside share the end rows
        gi += pop.school[p0:p1]
        rank = self.rank[p0:p1]
        np.take(self.ranks, gi, mode="clip", out=rank)  # gi is in range: no bounds pass
        np.take(self.per_index, gi, mode="clip", out=pp)
        fixed = []
        for r, rows, ok in self.sparse:
            a, b = np.searchsorted(rows, (p0, p1))
            if a < b:
                local = rows[a:b] - p0
                if ok is not None:
                    local = local[ok[gi[local]]]
                lower_rank(rank, local, r)
                fixed.append(local)
        if fixed:
            local = np.concatenate(fixed)
            pp[local] = self.per_rank[rank[local]]
        # per family: the difference of a running sum (wrapping, exact per family)
        cs[0] = 0
        np.cumsum(pp, dtype=self.udtype, out=cs[1:])
        first = pop.starts[b0:b1] - p0
        packed = (cs[first + pop.sizes[b0:b1]] - cs[first]).view(self.dtype)
        np.bitwise_and(packed, 255, out=self.ncomp[b0:b1], casting="unsafe")
        packed >>= 8
        if self.use_lut:
            packed &= self.radix**_NRANK - 1
            np.take(self.lut, packed, mode="clip", out=self.combo[b0:b1])  # below lut.size
        else:
            self.code[b0:b1] = packed


def count_members(pop: Population, t: DateTable, *, threads: int | None = None) -> Counts:
    """Every family's members by component on the date of ``t``, capped and limited
    (not yet gated by eligibility).

    Args:
        pop: the population.
        t: the date table of the parameter set and date.
        threads: how many threads share the blocks (default: two for populations of a
            million persons or more on a machine with two cores or more, else one).
    """
    y = t.year
    n, nf = pop.n_persons, pop.n_families
    key = counts_key(t)
    if y.flat or n == 0:
        rank = np.full(n, _NONE_R, dtype=np.uint8)
        combos = np.zeros((1, _NRANK), dtype=np.int64)
        present = np.ones(1, dtype=np.bool_)
        zero = np.zeros(nf, dtype=np.uint8)
        return Counts(key, rank, zero, np.zeros(nf, dtype=np.uint16), combos, present)
    run = _Pass(pop, t)
    if threads is None:
        threads = 2 if n >= _PARALLEL_PERSONS and (os.cpu_count() or 1) > 1 else 1
    if threads > 1 and nf > _BLOCK:
        cut = [nf * i // threads // _BLOCK * _BLOCK for i in range(threads)] + [nf]
        with ThreadPoolExecutor(max_workers=threads) as pool:
            jobs = [pool.submit(run.run, a, b) for a, b in itertools.pairwise(cut)]
            present = np.logical_or.reduce([job.result() for job in jobs])
    else:
        present = run.run(0, nf)
    rank, ncomp, radix = run.rank, run.ncomp, run.radix
    exact = radix - 1
    cap, limits, weights = run.cap, run.limits, run.weights
    # more members with a component than a field holds (rare): recount member by member
    big = np.flatnonzero(ncomp > exact)
    big_code = np.zeros(0, dtype=np.int64)
    if big.size:
        rows = family_rows(pop, big)
        local = np.repeat(np.arange(big.size, dtype=np.int64), pop.sizes[big])
        width = _NRANK + 2
        counts = np.bincount(local * width + rank[rows], minlength=big.size * width)
        big_code = _capped(counts.reshape(-1, width)[:, :_NRANK], cap, limits) @ weights[:_NRANK]
    if run.use_lut:
        combo, combo_codes = run.combo, run.combo_codes
        if big.size:
            combo[big] = np.searchsorted(combo_codes, big_code)
            present[combo[big]] = True
    else:
        code = run.code.astype(np.int64)
        recount = ncomp > cap
        for r, lim in enumerate(limits):  # more members of a limited component than counted
            if lim < exact:
                recount |= ((code >> (run.bits * r)) & exact) > lim
        mid = np.flatnonzero(recount & (ncomp <= exact))
        del recount
        if mid.size:
            code[mid] = _capped(_digits(code[mid], radix), cap, limits) @ weights[:_NRANK]
        if big.size:
            code[big] = big_code
        combo_codes, inv = np.unique(code, return_inverse=True)
        if combo_codes[0] != 0:  # row 0 is the empty combination, present or not
            combo_codes = np.concatenate(([0], combo_codes))
            inv += 1
        combo = inv.reshape(-1).astype(np.int32)
        present = np.bincount(combo, minlength=combo_codes.shape[0]) > 0
    return Counts(key, rank, ncomp, combo, _digits(combo_codes, radix), present)


@functools.lru_cache(maxsize=16)
def _cap_table(
    radix: int, cap: int, limits: tuple[int, ...]
) -> tuple[npt.NDArray[np.integer[Any]], I64]:
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
    lut: npt.NDArray[np.integer[Any]] = number[capped]
    if codes.shape[0] <= 1 << 16:
        lut = lut.astype(np.uint16)
    return lut, codes.astype(np.int64)


def _capped(counts: I64, cap: int, limits: tuple[int, ...]) -> I64:
    """Members counted per rank: each rank's count limited by ``limits``, then the cap, the
    highest ranks first."""
    counts = np.minimum(counts, np.array(limits, dtype=np.int64))
    left = cap - (np.cumsum(counts, axis=1) - counts)
    np.maximum(left, 0, out=left)
    out: I64 = np.minimum(left, counts)
    return out
