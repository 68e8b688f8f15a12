"""Baseline against reform over one population: per-family change and its cause, and the
cost, winners and losers by province or desil.

Examples:
    >>> from datetime import date
    >>> from dayasos.parameters import load_parameters
    >>> from dayasos.population import compare, synthetic_population
    >>> base = load_parameters()
    >>> reform = base.with_value("pkh.cap.persons", 3, start=date(2021, 1, 1), reform="cap3")
    >>> c = compare(synthetic_population(2000, seed=3), date(2021, 7, 1), base, reform)
    >>> c.changed_parameters
    ('pkh.cap.persons',)
    >>> bool((c.change <= 0).all()), int(c.winners()), int(c.losers()) > 0
    (True, 0, True)
"""

from __future__ import annotations

import importlib
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
from attrs import define

from dayasos.errors import DayasosError, ValidationError
from dayasos.parameters import ParameterSet
from dayasos.population.columns import Population
from dayasos.population.kernel import COMPONENT_CODES, PopulationResult, evaluate

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


def _take_by_component(r: PopulationResult) -> U8:
    take = r.take()
    out: U8 = np.zeros((take.shape[0], len(COMPONENT_CODES)), dtype=np.uint8)
    for rank, comp in enumerate(r.by_rank):
        out[:, COMPONENT_CODES.index(comp)] = take[:, rank]
    return out


def _same(a: ParameterSet, b: ParameterSet, name: str, days: tuple[date, ...]) -> bool:
    for d in days:
        try:
            va: object = a.value(name, d).value
        except DayasosError:
            va = None
        try:
            vb: object = b.value(name, d).value
        except DayasosError:
            vb = None
        if va != vb:
            return False
    return True


@define(frozen=True, slots=True, eq=False)
class ReformComparison:
    """Per family (input order): :attr:`change` = reform total - baseline total, rupiah, and
    :attr:`cause`, a bit set of :data:`CAUSE_ELIGIBILITY`, :data:`CAUSE_COMPONENTS`,
    :data:`CAUSE_AMOUNTS`."""

    baseline: PopulationResult
    reform: PopulationResult
    change: I64
    cause: U8
    changed_parameters: tuple[str, ...]
    """PKH parameters whose value differs on the assessment date or a payment's first day."""

    def component_change(self) -> npt.NDArray[np.int16]:
        """Per family and component (declaration order): counted members, reform - baseline."""
        a = _take_by_component(self.reform).astype(np.int16)
        a -= _take_by_component(self.baseline)
        return a

    def winners(self) -> int:
        return int(np.count_nonzero(self.change > 0))

    def losers(self) -> int:
        return int(np.count_nonzero(self.change < 0))

    def cost(self) -> int:
        """Total change in entitlements, rupiah (positive: the reform costs more)."""
        return int(self.change.sum())

    def by(self, group: str) -> dict[str, Any]:
        """Aggregates by ``"province"`` or ``"desil"``: families, KPM (eligible) before and
        after, baseline and reform cost, change, winners and losers (numpy columns, one row
        per group value present)."""
        pop = self.baseline.population
        if group not in ("province", "desil"):
            raise ValidationError("group", "must be 'province' or 'desil'", shown=repr(group))
        codes = (pop.province if group == "province" else pop.desil).astype(np.int64)
        keys = np.flatnonzero(np.bincount(codes, minlength=256))

        def total(values: npt.NDArray[Any]) -> I64:
            out: I64 = np.zeros(256, dtype=np.int64)
            np.add.at(out, codes, values.astype(np.int64))
            return out[keys]

        return {
            group: keys,
            "families": total(np.ones(codes.shape[0], dtype=np.int64)),
            "kpm_baseline": total(self.baseline.eligible),
            "kpm_reform": total(self.reform.eligible),
            "cost_baseline": total(self.baseline.total),
            "cost_reform": total(self.reform.total),
            "change": total(self.change),
            "winners": total(self.change > 0),
            "losers": total(self.change < 0),
        }

    def to_pandas(self, group: str) -> Any:
        """:meth:`by` as a pandas DataFrame (needs pandas: the ``pandas`` extra)."""
        pd = importlib.import_module("pandas")
        return pd.DataFrame(self.by(group))


def compare(
    pop: Population, at: date, baseline: ParameterSet, reform: ParameterSet
) -> ReformComparison:
    """Evaluate ``baseline`` and ``reform`` over ``pop`` on ``at`` and explain each change."""
    base = evaluate(pop, at, baseline)
    new = evaluate(pop, at, reform)
    change = new.total - base.total
    cause = np.zeros(pop.n_families, dtype=np.uint8)
    cause[base.eligible != new.eligible] |= CAUSE_ELIGIBILITY
    both = np.flatnonzero(base.eligible & new.eligible)
    if both.size:
        tb = _take_by_component(base)[both]
        tn = _take_by_component(new)[both]
        differ = (tb != tn).any(axis=1)
        cause[both[differ]] |= CAUSE_COMPONENTS
        cause[both[~differ & (change[both] != 0)]] |= CAUSE_AMOUNTS
    days = (at, *base.stage_starts, *new.stage_starts)
    names = sorted(set(baseline.names("pkh.")) | set(reform.names("pkh.")))
    changed = tuple(n for n in names if not _same(baseline, reform, n, days))
    return ReformComparison(base, new, change, cause, changed)
