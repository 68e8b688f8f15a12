"""A seeded synthetic population for benchmarks, demos and tests, with weights calibrated to
national totals.

Calibration: the planning figure of about 4.5 persons per family (10,000,000 families, about
45,000,000 persons; BPS counted 4.66 members per poor household in March 2020, as reported by
DDTCNews on 15 July 2020), and the
distribution of the poor population over the 34 provinces of 2020 (BPS, March 2020, see
:mod:`dayasos.statistics`). The ``province`` column holds **Kemendagri** codes, the registry's
system (Papua 91, Papua Barat 92), mapped from the BPS codes of the statistics (Papua 94,
Papua Barat 91) by :mod:`dayasos.registry.regions`. The family weights are calibrated by
:func:`dayasos.population.weights.calibrate` (the KPM target of the year and the same province
distribution). Every other rate is an **assumption** of the generator, a field of
:class:`SyntheticAssumptions` that a caller can change, including how the welfare decile
depends on the family; the data are not a sample of any real registry.

Examples:
    >>> pop = synthetic_population(1000, seed=7)
    >>> pop.n_families, 3.5 < pop.n_persons / pop.n_families < 5.5
    (1000, True)
    >>> synthetic_population(50, seed=7).birth.tolist() == synthetic_population(50, seed=7).birth.tolist()
    True
    >>> w = synthetic_population(1000, seed=7, kpm_target=10_000_000)
    >>> w.weighted, "10,000,000 KPM" in w.weight_basis
    (True, True)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
from attrs import define, field

from dayasos.categories import DisabilitySeverity, SchoolLevel, Sex
from dayasos.errors import ValidationError
from dayasos.parameters import ParameterSet, load_parameters
from dayasos.population.columns import (
    DISABILITY_CODES,
    SCHOOL_CODES,
    SEX_CODES,
    Population,
)
from dayasos.population.progress import Progress
from dayasos.population.weights import calibrate, kpm_target_of
from dayasos.statistics import poor_population_2020

__all__ = ["PROVINCES", "SyntheticAssumptions", "synthetic_population"]

PROVINCES = 34
"""Provinces drawn by the generator: the 34 of March 2020, by Kemendagri code."""


def _probabilities(_: Any, attribute: Any, value: tuple[float, ...]) -> None:
    if not value or any(p < 0 for p in value) or abs(sum(value) - 1.0) > 1e-9:
        raise ValidationError("family_size_weights", "must be non-negative and sum to 1")


def _ages(name: str) -> Callable[[Any, Any, tuple[int, int]], None]:
    def check(_: Any, attribute: Any, value: tuple[int, int]) -> None:
        lo, hi = value
        if not 0 <= lo <= hi <= 120:
            raise ValidationError(
                name, "must be ages (lowest, highest) in 0-120", shown=repr(value)
            )

    return check


def _bands(_: Any, attribute: Any, value: tuple[tuple[int, int], ...]) -> None:
    if len(value) != 3 or any(not 0 <= lo <= hi <= 120 for lo, hi in value):
        raise ValidationError(
            "school_ages", "must be three age bands (SD, SMP, SMA) in 0-120", shown=repr(value)
        )


def _province_rates(_: Any, attribute: Any, value: tuple[tuple[str, float], ...]) -> None:
    for code, rate in value:
        if not (len(code) == 2 and code.isdigit() and 0.0 < rate < 1.0):
            raise ValidationError(
                "province_poverty_rates",
                "must be (2-digit province code, rate between 0 and 1) pairs",
                shown=repr((code, rate)),
            )


def _finite(name: str) -> Callable[[Any, Any, float], None]:
    def check(_: Any, attribute: Any, value: float) -> None:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise ValidationError(name, "must be a finite number", shown=repr(value))

    return check


def _rate(name: str) -> Callable[[Any, Any, float], None]:
    def check(_: Any, attribute: Any, value: float) -> None:
        if not 0.0 <= value <= 1.0:
            raise ValidationError(name, "must be a rate between 0 and 1", shown=repr(value))

    return check


@define(frozen=True, slots=True)
class SyntheticAssumptions:
    """The generator's rates: all are assumptions (no public statistic is built in)."""

    family_size_weights: tuple[float, ...] = field(
        default=(0.03, 0.08, 0.16, 0.24, 0.21, 0.13, 0.08, 0.07), validator=_probabilities
    )
    """P(size = 1, 2, ...): mean 4.58, near the issue's 4.5 persons per family."""
    child_share: float = field(default=0.85, validator=_rate("child_share"))
    """Members after the first two: share aged 0-22 (the rest of :attr:`elderly_ages`)."""
    pregnancy_rate: float = field(default=0.04, validator=_rate("pregnancy_rate"))
    """Women of :attr:`pregnancy_ages`: share pregnant or postpartum."""
    pregnancy_ages: tuple[int, int] = field(default=(18, 45), validator=_ages("pregnancy_ages"))
    """Ages (completed years, inclusive) at which a woman may be drawn pregnant."""
    elderly_ages: tuple[int, int] = field(default=(60, 90), validator=_ages("elderly_ages"))
    """Members after the first two who are not children: ages drawn uniformly in this span."""
    severe_disability_rate: float = field(default=0.01, validator=_rate("severe_disability_rate"))
    other_disability_rate: float = field(default=0.02, validator=_rate("other_disability_rate"))
    school_ages: tuple[tuple[int, int], ...] = field(
        default=((7, 12), (13, 15), (16, 18)), validator=_bands
    )
    """Age bands (inclusive) of SD, SMP and SMA pupils."""
    enrolment_sd: float = field(default=0.97, validator=_rate("enrolment_sd"))
    """Share of the SD age band enrolled in SD."""
    enrolment_smp: float = field(default=0.85, validator=_rate("enrolment_smp"))
    """Share of the SMP age band enrolled in SMP."""
    enrolment_sma: float = field(default=0.65, validator=_rate("enrolment_sma"))
    """Share of the SMA age band enrolled in SMA."""
    remote_rate: float = field(default=0.05, validator=_rate("remote_rate"))
    excluded_rate: float = field(default=0.05, validator=_rate("excluded_rate"))
    desil_size_effect: float = field(default=0.25, validator=_finite("desil_size_effect"))
    """**Assumed desil model.** Each family has a latent welfare score, a standard normal
    draw lowered by this much per member above the population's mean family size, by
    :attr:`desil_dependants_effect` times its share of dependants (children under 18 and
    members of 60 or more) and, when :attr:`province_poverty_rates` are given, by
    :attr:`desil_province_effect` times its province's rate over the mean rate minus 1.
    Desil 1-10 are the tenths of that score (desil 1 the poorest), so each desil still holds
    a tenth of the families, but larger families, families with more dependants and poorer
    provinces sit in lower deciles. The coefficients are assumptions, not estimates."""
    desil_dependants_effect: float = field(
        default=1.0, validator=_finite("desil_dependants_effect")
    )
    """See :attr:`desil_size_effect`."""
    desil_province_effect: float = field(default=0.5, validator=_finite("desil_province_effect"))
    """See :attr:`desil_size_effect` (no effect while :attr:`province_poverty_rates` is empty)."""
    province_poverty_rates: tuple[tuple[str, float], ...] = field(
        default=(), validator=_province_rates
    )
    """(Kemendagri code, share of the population below the poverty line) per province, for the
    desil model. Empty by default: :mod:`dayasos.statistics` holds poor *counts* by province,
    not rates, so the shipped model has no province effect beyond the province draw."""


def _provinces(rng: np.random.Generator, families: int) -> npt.NDArray[np.uint8]:
    table = poor_population_2020()
    # the registry's system: Kemendagri codes, not the BPS codes of the statistics
    codes = np.array([int(p.kemendagri_code) for p in table], dtype=np.uint8)
    weights = np.array([float(p.thousands) for p in table], dtype=np.float64)
    picked: npt.NDArray[np.uint8] = codes[
        rng.choice(codes.size, size=families, p=weights / weights.sum())
    ]
    return picked


def synthetic_population(
    families: int,
    *,
    seed: int = 0,
    at: date = date(2021, 7, 1),
    assumptions: SyntheticAssumptions | None = None,
    kpm_target: int | None = None,
    params: ParameterSet | None = None,
    calibrate_weights: bool = True,
    progress: Progress | None = None,
) -> Population:
    """``families`` synthetic families, reproducible from ``seed``; ages are drawn on ``at``.

    Provinces are the Kemendagri codes (the registry's system) of the 34 provinces of March
    2020, drawn in proportion to their poor population
    (:func:`dayasos.statistics.poor_population_2020`, whose own codes are BPS's). The desil depends on the
    family by the assumed model of :attr:`SyntheticAssumptions.desil_size_effect`.

    Weights: the families are weighted so that the weighted KPM (families eligible for PKH
    under ``params`` on ``at``) equal the year's KPM target and are spread over the provinces
    as the poor population (:func:`dayasos.population.weights.calibrate`;
    :attr:`Population.weight_basis` says what was used). The target is ``kpm_target`` when
    given, else the parameter :data:`~dayasos.population.weights.KPM_TARGET_PARAMETER` in
    force on ``at`` when the parameter set has one; with neither (or
    ``calibrate_weights=False``) the population is unweighted (every weight 1).

    Args:
        families: how many families to draw.
        seed: the random seed (same seed, same population).
        at: the date the ages are drawn on, and of the calibration.
        assumptions: the generator's rates (:class:`SyntheticAssumptions`).
        kpm_target: KPM the weights add up to (overrides the parameter).
        params: the parameters of the calibration's PKH evaluation (default: shipped).
        calibrate_weights: False for an unweighted population.
        progress: called with ``(done, total, step)`` as the generation advances.

    Raises:
        ValidationError: when ``families`` is not a non-negative int or ``kpm_target`` is
            not positive.
    """
    if isinstance(families, bool) or not isinstance(families, int) or families < 0:
        raise ValidationError("families", "must be a non-negative int", shown=repr(families))
    a = SyntheticAssumptions() if assumptions is None else assumptions
    if kpm_target is not None and (
        isinstance(kpm_target, bool) or not isinstance(kpm_target, int) or kpm_target <= 0
    ):
        raise ValidationError("kpm_target", "must be a positive int", shown=repr(kpm_target))
    steps = 3 if calibrate_weights else 2
    done = 0

    def say(step: str) -> None:  # `step` starts now; `done` steps are finished
        nonlocal done
        if progress is not None:
            progress(done, steps, step)
        done += 1

    rng = np.random.default_rng(seed)
    say("drawing families")
    w = np.asarray(a.family_size_weights, dtype=np.float64)
    sizes = (rng.choice(w.size, size=families, p=w) + 1).astype(np.int64)
    n = int(sizes.sum())
    family = np.repeat(np.arange(families, dtype=np.int64), sizes)
    starts = np.zeros(families, dtype=np.int64)
    if families > 1:
        np.cumsum(sizes[:-1], out=starts[1:])
    pos = np.arange(n, dtype=np.int64) - np.repeat(starts, sizes)
    u = rng.random(n, dtype=np.float32)
    # ages in days: head 25-75, second member 20-70, others children 0-22 or elderly 60-90
    years = np.where(
        pos == 0,
        25 + 50 * u,
        np.where(pos == 1, 20 + 50 * u, 0),
    )
    later = pos >= 2
    v = rng.random(n, dtype=np.float32)
    child = later & (v < a.child_share)
    years = np.where(child, 22.99 * u, years)
    e_lo, e_hi = a.elderly_ages
    years = np.where(later & ~child, e_lo + (e_hi - e_lo) * u, years)
    del u, v
    at_d = at.toordinal() - date(1970, 1, 1).toordinal()
    age_days = (years * 365.25).astype(np.int64)
    birth = at_d - age_days
    age = age_days // 365
    del years
    female_p = np.where(pos == 0, 0.15, np.where(pos == 1, 0.9, 0.5))
    female = rng.random(n, dtype=np.float32) < female_p
    del female_p
    sex = np.where(female, SEX_CODES.index(Sex.PEREMPUAN), SEX_CODES.index(Sex.LAKI_LAKI))
    p_lo, p_hi = a.pregnancy_ages
    pregnant = (
        female
        & (age >= p_lo)
        & (age <= p_hi)
        & (rng.random(n, dtype=np.float32) < a.pregnancy_rate)
    )
    d = rng.random(n, dtype=np.float32)
    disability = np.where(
        d < a.severe_disability_rate,
        DISABILITY_CODES.index(DisabilitySeverity.BERAT),
        np.where(
            d < a.severe_disability_rate + a.other_disability_rate,
            DISABILITY_CODES.index(DisabilitySeverity.SEDANG),
            0,
        ),
    ).astype(np.uint8)
    e = rng.random(n, dtype=np.float32)
    school = np.zeros(n, dtype=np.uint8)
    for (lo, hi), rate, level in zip(
        a.school_ages,
        (a.enrolment_sd, a.enrolment_smp, a.enrolment_sma),
        (SchoolLevel.SD, SchoolLevel.SMP, SchoolLevel.SMA),
        strict=True,
    ):
        school[(age >= lo) & (age <= hi) & (e < rate)] = SCHOOL_CODES.index(level)
    dependants = np.bincount(family, weights=(age < 18) | (age >= 60), minlength=families)
    del e, d, age
    persons = {
        "family": family,
        "birth": birth,
        "sex": sex.astype(np.uint8),
        "pregnant": pregnant,
        "disability": disability,
        "school": school,
    }
    noise = rng.standard_normal(families)
    remote = rng.random(families) < a.remote_rate
    excluded = rng.random(families) < a.excluded_rate
    province = _provinces(rng, families)
    fams = {
        "remote": remote,
        "excluded": excluded,
        "province": province,
        "desil": _desil(noise, sizes, dependants.astype(np.float64), province, a),
    }
    del noise, dependants
    say(f"validating {families:,} families, {n:,} persons")
    pop = Population.from_columns(persons, fams).described(
        f"synthetic population (seed {seed}; not real data)"
    )
    if not calibrate_weights:
        if progress is not None:
            progress(steps, steps, "done")
        return pop
    target = kpm_target
    origin = "given"
    if target is None:
        params = load_parameters() if params is None else params
        target, origin = kpm_target_of(params, at)
    if target is None:
        if progress is not None:
            progress(steps, steps, "done (no KPM target: unweighted)")
        return pop
    say(f"calibrating weights to {target:,} KPM")
    try:
        out = calibrate(pop, at, params, kpm_target=target, target_origin=origin)
    except ValidationError as exc:
        if exc.field != "pop":
            raise
        # a small sample without an eligible family cannot stand for the KPM: a census
        if progress is not None:
            progress(steps, steps, "done (no eligible family to calibrate: unweighted)")
        return pop
    if progress is not None:
        progress(steps, steps, "done")
    return out


def _desil(
    noise: npt.NDArray[np.float64],
    sizes: npt.NDArray[np.int64],
    dependants: npt.NDArray[np.float64],
    province: npt.NDArray[np.uint8],
    a: SyntheticAssumptions,
) -> npt.NDArray[np.uint8]:
    """Desil 1-10 as the tenths of the latent welfare score (see
    :attr:`SyntheticAssumptions.desil_size_effect`)."""
    families = noise.shape[0]
    if families == 0:
        return np.zeros(0, dtype=np.uint8)
    score = noise
    score -= a.desil_size_effect * (sizes - sizes.mean())
    score -= a.desil_dependants_effect * (dependants / np.maximum(sizes, 1))
    if a.province_poverty_rates:
        rates = np.zeros(256, dtype=np.float64)
        for code, rate in a.province_poverty_rates:
            rates[int(code)] = rate
        mean = float(np.mean([r for _, r in a.province_poverty_rates]))
        given = rates[province]
        score -= np.where(given > 0, a.desil_province_effect * (given / mean - 1.0), 0.0)
    cuts = np.quantile(score, np.linspace(0.1, 0.9, 9))
    desil: npt.NDArray[np.uint8] = (np.searchsorted(cuts, score, side="right") + 1).astype(np.uint8)
    return desil
