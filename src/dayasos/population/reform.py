"""Baseline against reform over one population: per-family change and its cause, and the
weighted cost, winners and losers by any breakdown (:mod:`dayasos.population.groups`).

A comparison whose result depends on a parameter without a known value on the date (the PKH
welfare-decile threshold before 2025, for one) warns once with
:class:`~dayasos.errors.UnknownParameterWarning`, naming the parameter and how to set it.

Examples:
    >>> from datetime import date
    >>> from dayasos.parameters import load_parameters
    >>> from dayasos.population import compare, synthetic_population
    >>> base = load_parameters()
    >>> reform = base.with_value("pkh.cap.persons", 3, start=date(2021, 1, 1), reform="cap3")
    >>> pop = synthetic_population(2000, seed=3, calibrate_weights=False)
    >>> c = compare(pop, date(2021, 7, 1), base, reform, warn=False)
    >>> c.changed_parameters
    ('pkh.cap.persons',)
    >>> bool((c.change <= 0).all()), int(c.winners()), int(c.losers()) > 0
    (True, 0, True)
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
from attrs import define

from dayasos.eligibility.pkh.tables import date_table
from dayasos.parameters import ParameterSet, differs_on
from dayasos.population.columns import Population
from dayasos.population.counting import count_members, counts_key
from dayasos.population.formatting import format_number, format_rupiah
from dayasos.population.groups import (
    CAUSE_LABELS,
    Table,
    cause_code,
    compare_table,
    table_to_dataframe,
    warn_unknown_parameters,
    with_province_names,
)
from dayasos.population.kernel import COMPONENT_CODES, PopulationResult, pay
from dayasos.population.progress import Progress

__all__ = [
    "CAUSE_AMOUNTS",
    "CAUSE_COMPONENTS",
    "CAUSE_ELIGIBILITY",
    "ReformComparison",
    "compare",
]

CAUSE_ELIGIBILITY = 1
"""``cause`` bit: the family's eligibility changed."""
CAUSE_COMPONENTS = 2
"""``cause`` bit: eligible in both, the counted members per component changed (age bounds,
the early-childhood limit, the cap, the priority)."""
CAUSE_AMOUNTS = 4
"""``cause`` bit: eligible in both with the same counted components, the amount changed
(benefit indices, the fixed amount, the stage schedule)."""

I64 = npt.NDArray[np.int64]
U8 = npt.NDArray[np.uint8]
_BLOCK = 1 << 16


def _component_combos(r: PopulationResult) -> U8:
    """Per combination of :attr:`PopulationResult.combos`: counted members per component
    (declaration order)."""
    out: U8 = np.zeros((r.combos.shape[0], len(COMPONENT_CODES)), dtype=np.uint8)
    for rank, comp in enumerate(r.by_rank):
        out[:, COMPONENT_CODES.index(comp)] = r.combos[:, rank]
    return out


def _take_by_component(r: PopulationResult) -> U8:
    out: U8 = _component_combos(r)[r.combo]
    return out


@define(frozen=True, slots=True, eq=False)
class ReformComparison:
    """Per family (input order): :attr:`change` = reform total - baseline total, rupiah, and
    :attr:`cause`, a bit set of :data:`CAUSE_ELIGIBILITY`, :data:`CAUSE_COMPONENTS`,
    :data:`CAUSE_AMOUNTS`. Aggregates are weighted by the population's
    :attr:`~dayasos.population.Population.weight` (pass ``weighted=False`` for sample
    counts)."""

    baseline: PopulationResult
    reform: PopulationResult
    change: I64
    cause: U8
    changed_parameters: tuple[str, ...]
    """PKH parameters whose value differs on the assessment date or a payment's first day."""
    baseline_params: ParameterSet | None = None
    reform_params: ParameterSet | None = None

    @property
    def population(self) -> Population:
        """The population compared (weights and their basis included)."""
        return self.baseline.population

    def component_change(self) -> npt.NDArray[np.int16]:
        """Per family and component (declaration order): counted members, reform - baseline."""
        a = _take_by_component(self.reform).astype(np.int16)
        a -= _take_by_component(self.baseline)
        return a

    def _count(self, mask: npt.NDArray[np.bool_], weighted: bool) -> float:
        if not weighted:
            return float(np.count_nonzero(mask))
        return float(self.population.weight[mask].sum())

    def winners(self, *, weighted: bool = True) -> float:
        """Families whose entitlement rises (weighted; ``weighted=False``: sample rows)."""
        return self._count(self.change > 0, weighted)

    def losers(self, *, weighted: bool = True) -> float:
        """Families whose entitlement falls (weighted; ``weighted=False``: sample rows)."""
        return self._count(self.change < 0, weighted)

    def kpm(self, *, weighted: bool = True) -> tuple[float, float]:
        """Eligible families (KPM) in the baseline and under the reform."""
        return (
            self._count(self.baseline.eligible, weighted),
            self._count(self.reform.eligible, weighted),
        )

    def cost(self, *, weighted: bool = True) -> int:
        """Total change in entitlements, rupiah (positive: the reform costs more), weighted
        and rounded to the rupiah (``weighted=False``: the sample's exact sum)."""
        if not weighted:
            return int(self.change.sum())
        return round(float(np.dot(self.change.astype(np.float64), self.population.weight)))

    def totals(self, *, weighted: bool = True) -> tuple[int, int]:
        """Total yearly entitlements, rupiah: baseline and reform."""
        if not weighted:
            return int(self.baseline.total.sum()), int(self.reform.total.sum())
        w = self.population.weight
        return (
            round(float(np.dot(self.baseline.total.astype(np.float64), w))),
            round(float(np.dot(self.reform.total.astype(np.float64), w))),
        )

    def by(self, *keys: str) -> Table:
        """Weighted aggregates by one or more keys (:mod:`dayasos.population.groups`): e.g.
        ``by("province", "desil")``, ``by("size_band")``, ``by("component")``.

        Family keys give, per group present: ``families``, ``kpm_baseline``, ``kpm_reform``,
        ``cost_baseline``, ``cost_reform``, ``change``, ``winners``, ``losers`` (weighted)
        and ``sample_families``, ``sample_winners``, ``sample_losers`` (unweighted); a
        ``province`` key adds ``province_name``. A person key gives persons, counted
        members and component amounts (without the fixed amounts) before and after.

        Raises:
            ValidationError: for no key, a repeated or unknown key.
        """
        params = None
        if self.baseline_params is not None and self.reform_params is not None:
            params = (self.baseline_params, self.reform_params)
        return compare_table(self.baseline, self.reform, self.change, self.cause, keys, params)

    def family_table(self) -> Table:
        """One row per family: ``family`` (row), ``weight``, ``province``, ``province_name``,
        ``desil``, ``remote``, ``size``, ``eligible_baseline``, ``eligible_reform``,
        ``baseline``, ``reform``, ``change`` (rupiah a year) and ``cause`` (``"none"``,
        ``"eligibility"``, ``"components"``, ``"amounts"``)."""
        pop = self.population
        return with_province_names(
            {
                "family": np.arange(pop.n_families, dtype=np.int64),
                "weight": pop.weight,
                "province": pop.province,
                "desil": pop.desil,
                "remote": pop.remote,
                "size": pop.sizes,
                "eligible_baseline": self.baseline.eligible,
                "eligible_reform": self.reform.eligible,
                "baseline": self.baseline.total,
                "reform": self.reform.total,
                "change": self.change,
                "cause": np.array(CAUSE_LABELS, dtype=object)[cause_code(self.cause)],
            },
            self.baseline.at,
        )

    def summary(self) -> str:
        """One line: the yearly cost of the reform and the families who gain and lose
        (weighted, in Indonesian notation).

        Examples:
            >>> from datetime import date
            >>> from dayasos.parameters import load_parameters
            >>> from dayasos.population import synthetic_population
            >>> base = load_parameters()
            >>> sd = base.with_value("pkh.index.sd", 1_200_000, start=date(2021, 1, 1))
            >>> pop = synthetic_population(2000, seed=3, calibrate_weights=False)
            >>> compare(pop, date(2021, 7, 1), base, sd, warn=False).summary()
            'Reform costs Rp281 juta a year more; 741 KPM gain, 0 lose (unweighted rows).'
        """
        cost = self.cost()
        verb = "more" if cost >= 0 else "less"
        weighting = "weighted" if self.population.weighted else "unweighted rows"
        return (
            f"Reform costs {format_rupiah(abs(cost))} a year {verb}; "
            f"{format_number(round(self.winners()))} KPM gain, "
            f"{format_number(round(self.losers()))} lose ({weighting})."
        )

    def to_dataframe(self, *keys: str) -> Any:
        """A pandas DataFrame (needs pandas: the ``population`` extra): one row per family
        (:meth:`family_table`) without ``keys``, else :meth:`by` ``(*keys)``."""
        return table_to_dataframe(self.by(*keys) if keys else self.family_table())


def compare(
    pop: Population,
    at: date,
    baseline: ParameterSet,
    reform: ParameterSet,
    *,
    warn: bool = True,
    progress: Progress | None = None,
) -> ReformComparison:
    """Evaluate ``baseline`` and ``reform`` over ``pop`` on ``at`` and explain each change.

    The members are counted by component once when the two parameter sets count alike on
    ``at`` (the same age bounds, priority order, cap and limits: a reform of amounts, stages
    or eligibility; :func:`~dayasos.population.counting.counts_key`), else once for each.

    Warns (:class:`~dayasos.errors.UnknownParameterWarning`, once per parameter) when either
    result depends on a parameter with no known value on ``at``; ``warn=False`` when the
    caller has said so already. ``progress(done, total, step)`` is called before each of the
    three steps and at the end.
    """
    if warn:
        warn_unknown_parameters(pop, at, baseline, reform)
    say = progress or (lambda done, total, step: None)
    say(0, 3, "evaluating the baseline and the reform")
    tb, tr = date_table(baseline, at), date_table(reform, at)
    counted = count_members(pop, tb)
    shared = counts_key(tr) == counted.key
    base = pay(pop, tb, counted)
    new = pay(pop, tr, counted if shared else count_members(pop, tr))
    say(1, 3, "evaluated the baseline and the reform")
    say(2, 3, "explaining the changes")
    change = np.empty(pop.n_families, dtype=np.int64)
    for f0 in range(0, pop.n_families, _BLOCK):  # without building the two totals
        rows = slice(f0, f0 + _BLOCK)
        np.subtract(new.total_of(rows), base.total_of(rows), out=change[rows])
    cause = (base.eligible != new.eligible).view(np.uint8)  # CAUSE_ELIGIBILITY
    both = base.eligible & new.eligible
    if shared:  # counted alike: eligible in both, the same combination
        differ = np.zeros(1, dtype=np.bool_)
    else:
        # compare the counted components on the (few) combinations, then look up per family
        cb, cn = _component_combos(base), _component_combos(new)
        nb, nn = cb.shape[0], cn.shape[0]
        if nb * nn <= 1 << 22:
            pair_differs = (cb[:, None, :] != cn[None, :, :]).any(axis=2).reshape(-1)
            pair = base.combo * np.int32(nn)  # below 2**22: int32 holds it
            pair += new.combo
            differ = pair_differs[pair]
            del pair
        else:
            differ = (cb[base.combo] != cn[new.combo]).any(axis=1)
        cause |= (both & differ).view(np.uint8) * np.uint8(CAUSE_COMPONENTS)
    amounts = change != 0
    amounts &= both
    amounts &= ~differ
    cause |= amounts.view(np.uint8) * np.uint8(CAUSE_AMOUNTS)
    days = (at, *base.stage_starts, *new.stage_starts)
    names = sorted(set(baseline.names("pkh.")) | set(reform.names("pkh.")))
    changed = tuple(n for n in names if differs_on(baseline, reform, n, days))
    say(3, 3, "done")
    return ReformComparison(base, new, change, cause, changed, baseline, reform)
