"""Family weights: calibrating a sample to national totals.

A weighted population stands for a larger one: each family row has a weight, the number of
families it represents (:attr:`dayasos.population.Population.weight`), and every aggregate of
:mod:`dayasos.population.groups` is a weighted sum with the unweighted count beside it.

:func:`calibrate` post-stratifies by province: it evaluates PKH on the baseline and gives all
families of a province one weight, chosen so that the weighted KPM (eligible families) add
up to the KPM target and are spread over the provinces in proportion to the poor population
of March 2020 (BPS, :func:`dayasos.statistics.poor_population_2020`). Both margins hold
exactly; within a province, every family counts the same.

The KPM target comes from an explicit ``kpm_target``, otherwise from the parameter
:data:`KPM_TARGET_PARAMETER` when the parameter set has a value for the date (shipped: about
10 million KPM a year in 2020-2023, the figure Kemensos published, for example "Ministry of
Social Affairs Budget Realization for 2021 almost reached 98%", Kemensos, 1 January 2022,
https://kemensos.go.id/index.php/en/ministry-of-social-affairs-budget-realization-for-2021-almost-reached-98:
PKH for 10 million KPM).

Examples:
    >>> from datetime import date
    >>> from dayasos.population import evaluate, synthetic_population
    >>> pop = synthetic_population(2000, seed=1, calibrate_weights=False)
    >>> w = calibrate(pop, date(2021, 7, 1), kpm_target=10_000_000)
    >>> r = evaluate(w, date(2021, 7, 1))
    >>> round(float(w.weight[r.eligible].sum()))
    10000000
"""

from __future__ import annotations

from datetime import date

import numpy as np

from dayasos.errors import DayasosError, ValidationError
from dayasos.parameters import ParameterSet, load_parameters
from dayasos.population.columns import Population
from dayasos.population.kernel import evaluate
from dayasos.statistics import poor_population_2020, poor_population_2020_source

__all__ = ["KPM_TARGET_PARAMETER", "calibrate", "kpm_target_of"]

KPM_TARGET_PARAMETER = "pkh.target_kpm"
"""The parameter holding the PKH KPM target of a year, read when it exists."""


def kpm_target_of(params: ParameterSet, at: date) -> tuple[int | None, str]:
    """The KPM target in force on ``at`` and where it came from (``"parameter NAME (cite)"``),
    or ``(None, why)`` when the parameter set has no known value."""
    try:
        pv = params.value(KPM_TARGET_PARAMETER, at)
    except (DayasosError, LookupError):
        return None, f"no {KPM_TARGET_PARAMETER} on {at}"
    if isinstance(pv.value, bool) or not isinstance(pv.value, int) or pv.value <= 0:
        return None, f"{KPM_TARGET_PARAMETER} has no known value on {at}"
    return pv.value, f"parameter {KPM_TARGET_PARAMETER}, {pv.source.cite()} [{pv.confidence.value}]"


def calibrate(
    pop: Population,
    at: date,
    params: ParameterSet | None = None,
    *,
    kpm_target: int,
    target_origin: str = "given",
) -> Population:
    """``pop`` with weights: the weighted KPM of PKH (``params`` on ``at``) equal
    ``kpm_target``, spread over the provinces as the poor population of March 2020.

    Provinces absent from the sample, or without an eligible family, cannot carry their share;
    the shares of the others are scaled up so the national total still holds, and
    :attr:`~dayasos.population.Population.weight_basis` names how many were missing.

    Args:
        pop: the sample (its ``province`` codes are Kemendagri codes of 2020; the figures'
            BPS codes are mapped to them, so Papua's share goes to 91 and Papua Barat's to 92).
        at: the assessment date of the calibration's PKH evaluation.
        params: the baseline parameters (default: shipped).
        kpm_target: the national KPM total the weights add up to.
        target_origin: where the target comes from, for the basis text.

    Raises:
        ValidationError: when ``kpm_target`` is not positive, or no family is eligible.
    """
    if isinstance(kpm_target, bool) or not isinstance(kpm_target, int) or kpm_target <= 0:
        raise ValidationError("kpm_target", "must be a positive int", shown=repr(kpm_target))
    params = load_parameters() if params is None else params
    eligible = evaluate(pop, at, params).eligible
    kpm = np.bincount(pop.province[eligible], minlength=256).astype(np.float64)
    share = np.zeros(256, dtype=np.float64)
    for p in poor_population_2020():  # the statistics' BPS codes -> the column's Kemendagri codes
        share[int(p.kemendagri_code)] = float(p.thousands)
    usable = (kpm > 0) & (share > 0)
    if not usable.any():
        raise ValidationError(
            "pop", "no eligible family in a province of the 2020 table: nothing to calibrate"
        )
    missing = int(((share > 0) & ~usable).sum())
    share = np.where(usable, share, 0.0)
    share /= share.sum()
    factor = np.zeros(256, dtype=np.float64)
    factor[usable] = kpm_target * share[usable] / kpm[usable]
    weight = factor[pop.province]
    source, confidence = poor_population_2020_source()
    basis = (
        f"weights calibrated to {kpm_target:,} KPM in {at.year} ({target_origin}), spread over "
        f"the provinces as the poor population of March 2020 ({source.cite()} "
        f"[{confidence.value}])"
    )
    if missing:
        basis += f"; {missing} province(s) without an eligible family in the sample"
    return pop.with_weights(weight, basis)
