"""Column-wise PKH: components, eligibility, capped yearly entitlement and stage payments for
a whole population, equal to :func:`dayasos.eligibility.pkh.entitlement` family by family.

The kernels read the per-(parameter set, year) and per-(parameter set, date) tables of the
per-family rules (amounts, priority ranks, age bounds as birth-date bounds, cap, stages), so
there is one source of truth. Money is int64 rupiah throughout; the stage payments come from
the per-family rounding (largest remainder) once per distinct combination of counted
components and fixed amount, then are looked up per family.

How it stays fast (no sort, no per-family Python): the members are counted by component
once per date and priority order (:mod:`dayasos.population.counting`, a cache-sized block at
a time), then paid: the eligibility criteria as masks over the family columns, one lookup of
the total and the fixed amount per family by (counted combination, fixed amount), and the
stage payments looked up on first use of :attr:`PopulationResult.stages`.

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
from dayasos.eligibility.pkh.tables import DateTable, date_table
from dayasos.parameters import ParameterSet, load_parameters
from dayasos.population.columns import Population, family_rows
from dayasos.population.compiled import eligible_mask
from dayasos.population.counting import Counts, count_members

__all__ = ["COMPONENT_CODES", "NO_COMPONENT", "PopulationResult", "evaluate", "pay"]

COMPONENT_CODES: tuple[PkhComponent, ...] = tuple(PkhComponent)
"""``component`` code -> :class:`~dayasos.eligibility.pkh.PkhComponent`."""
NO_COMPONENT = 255
"""``component`` code of a member without a component (or not yet born)."""

_NRANK = len(COMPONENT_CODES)
_BLOCK = 1 << 16
I64 = npt.NDArray[np.int64]
U8 = npt.NDArray[np.uint8]
B = npt.NDArray[np.bool_]
Codes = npt.NDArray[np.integer[Any]]


@define(frozen=True, slots=True, eq=False)
class PopulationResult:
    """PKH for every family of a population on one date (arrays in input order).

    Per family: :attr:`eligible`, :attr:`n_components`, :attr:`fixed`, :attr:`total`,
    :attr:`stages`; per person: :attr:`rank`, and on demand :meth:`component`,
    :meth:`counted`; :meth:`component_counts` per family and component. The per-family
    amounts are looked up from the (few) tables by :attr:`key` on first use, so a result
    holds 4 bytes a family and 1 a person until they are read.
    """

    at: date
    year: int
    rank: U8
    """Per person: priority rank of its component in the year (0 = highest annual amount),
    ``7`` none, ``8`` not yet born; see :attr:`by_rank`."""
    by_rank: tuple[PkhComponent, ...]
    """The year's components by priority rank."""
    with_component: U8
    """Per family: members with a component (before the cap), 8-bit."""
    eligible: B
    """Per family: the eligibility decision's outcome."""
    stage_starts: tuple[date, ...]
    """First day of each payment (the columns of :attr:`stages`)."""
    combos: I64
    """Combinations of counted members: per row, the count per rank."""
    population: Population
    key: Codes
    """Per family: ``3 * combination + choice`` (choice 0 not eligible, 1 reguler, 2 akses),
    the row of :attr:`fixed_table` and :attr:`stage_table` it is paid by."""
    total_table: I64
    """Per key present: the capped yearly entitlement, rupiah."""
    fixed_table: I64
    """Per key: the fixed amount, rupiah."""
    stage_table: I64
    """Per key present: the amount of each payment, rupiah."""

    @functools.cached_property
    def total(self) -> I64:
        """Per family: the capped yearly entitlement, rupiah (0 when not eligible); built on
        first use (:meth:`total_of` reads a slice without building it)."""
        return self.total_of(slice(None))

    def total_of(self, rows: slice) -> I64:
        """:attr:`total` of the families ``rows`` (a new array)."""
        out: I64 = np.take(self.total_table, self.key[rows])
        return out

    @functools.cached_property
    def n_components(self) -> I64:
        """Per family: members with a component (before the cap); built on first use."""
        out: I64 = self.with_component.astype(np.int64)
        return out

    @functools.cached_property
    def fixed(self) -> I64:
        """Per family: bantuan tetap (reguler/akses) or the flat amount, rupiah (0 when not
        eligible); built on first use."""
        out: I64 = np.take(self.fixed_table, self.key)
        return out

    @functools.cached_property
    def stages(self) -> I64:
        """Per family and payment: the amount, rupiah (rows sum to :attr:`total`); built on
        first use (four payments a year of ten million families are 320 MB)."""
        out: I64 = np.take(self.stage_table, self.key, axis=0)
        return out

    @functools.cached_property
    def combo(self) -> npt.NDArray[np.int32]:
        """Per family: the row of :attr:`combos` it was paid for (0, none counted, when not
        eligible); built on first use."""
        out: npt.NDArray[np.int32] = (self.key // 3).astype(np.int32)
        return out

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


def evaluate(
    pop: Population, at: date, params: ParameterSet | None = None, *, threads: int | None = None
) -> PopulationResult:
    """PKH for every family of ``pop``, assessed on ``at`` for the fiscal year of ``at``.

    Equal, family by family, to :func:`dayasos.eligibility.pkh.entitlement` with the same
    parameters (pass a reform as ``params``): the same components, eligibility, fixed amount,
    capped total and stage payments. ``threads``: see
    :func:`~dayasos.population.counting.count_members`.
    """
    params = load_parameters() if params is None else params
    t = date_table(params, at)
    return pay(pop, t, count_members(pop, t, threads=threads))


def pay(pop: Population, t: DateTable, counts: Counts) -> PopulationResult:
    """The result of the parameter set and date of ``t`` from the members counted on that
    date (:func:`~dayasos.population.counting.count_members` with a date table of the same
    :func:`~dayasos.population.counting.counts_key`)."""
    y = t.year
    nf = pop.n_families
    eligible = eligible_mask(pop, t, counts.n_components)
    combos = counts.combos
    # per family: key = 3 * combination + fixed-amount choice (0 none, 1 reguler, 2 akses)
    size = combos.shape[0] * 3
    key: Codes = np.empty(nf, dtype=np.uint16 if size <= 1 << 16 else np.int32)
    seen = np.zeros(size, dtype=np.bool_)
    k = np.empty(min(nf, _BLOCK), dtype=np.intp)
    for f0 in range(0, nf, _BLOCK):
        f1 = min(f0 + _BLOCK, nf)
        kb = k[: f1 - f0]
        np.multiply(counts.combo[f0:f1], 3, out=kb, dtype=np.intp)
        kb += pop.remote[f0:f1]
        kb += 1
        kb *= eligible[f0:f1]  # not eligible: 0, the empty combination and no fixed amount
        key[f0:f1] = kb
        seen |= np.bincount(kb, minlength=size) > 0
    tot_tab = np.zeros(size, dtype=np.int64)
    st_tab = np.zeros((size, len(y.periods)), dtype=np.int64)
    for row in np.flatnonzero(seen).tolist():
        digits = combos[row // 3]
        counted = tuple(r for r in range(_NRANK) for _ in range(int(digits[r])))
        amount, lines = y.stages(counted, row % 3)
        tot_tab[row] = amount.amount
        st_tab[row] = [line.amount.amount for line in lines]
    fixed_tab = np.array([c[1].amount for c in y.choices], dtype=np.int64)[np.arange(size) % 3]
    return PopulationResult(
        t.at,
        y.year,
        counts.rank,
        y.by_rank,
        counts.n_components,
        eligible,
        tuple(p.start for p in y.periods),
        combos,
        pop,
        key,
        tot_tab,
        fixed_tab,
        st_tab,
    )
