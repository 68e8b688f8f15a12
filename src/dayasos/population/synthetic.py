"""A seeded synthetic population for benchmarks, demos and tests.

Calibration: the planning figure of about 4.5 persons per family (10,000,000 families, about
45,000,000 persons; BPS counted 4.66 members per poor household in March 2020, as reported by
DDTCNews on 15 July 2020), and the
distribution of the poor population over the 34 provinces of 2020 (BPS, March 2020, see
:mod:`dayasos.statistics`: provinces are real Kemendagri codes of 2020). Every other rate is
an **assumption** of the generator, a field of :class:`SyntheticAssumptions` that a caller
can change; the data are not a sample of any real registry.

Examples:
    >>> pop = synthetic_population(1000, seed=7)
    >>> pop.n_families, 3.5 < pop.n_persons / pop.n_families < 5.5
    (1000, True)
    >>> synthetic_population(50, seed=7).birth.tolist() == synthetic_population(50, seed=7).birth.tolist()
    True
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
from attrs import define, field

from dayasos.categories import DisabilitySeverity, SchoolLevel, Sex
from dayasos.errors import ValidationError
from dayasos.population.columns import (
    DISABILITY_CODES,
    SCHOOL_CODES,
    SEX_CODES,
    Population,
)
from dayasos.statistics import poor_population_2020

__all__ = ["PROVINCES", "SyntheticAssumptions", "synthetic_population"]

PROVINCES = 34
"""Provinces drawn by the generator: the 34 of 2020, by Kemendagri code."""


def _probabilities(_: Any, attribute: Any, value: tuple[float, ...]) -> None:
    if not value or any(p < 0 for p in value) or abs(sum(value) - 1.0) > 1e-9:
        raise ValidationError("family_size_weights", "must be non-negative and sum to 1")


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
    """Members after the first two: share aged 0-22 (the rest aged 60-90)."""
    pregnancy_rate: float = field(default=0.04, validator=_rate("pregnancy_rate"))
    """Women aged 18-45: share pregnant or postpartum."""
    severe_disability_rate: float = field(default=0.01, validator=_rate("severe_disability_rate"))
    other_disability_rate: float = field(default=0.02, validator=_rate("other_disability_rate"))
    enrolment_sd: float = field(default=0.97, validator=_rate("enrolment_sd"))
    """Ages 7-12 enrolled in SD."""
    enrolment_smp: float = field(default=0.85, validator=_rate("enrolment_smp"))
    """Ages 13-15 enrolled in SMP."""
    enrolment_sma: float = field(default=0.65, validator=_rate("enrolment_sma"))
    """Ages 16-18 enrolled in SMA."""
    remote_rate: float = field(default=0.05, validator=_rate("remote_rate"))
    excluded_rate: float = field(default=0.05, validator=_rate("excluded_rate"))


def _provinces(rng: np.random.Generator, families: int) -> npt.NDArray[np.uint8]:
    table = poor_population_2020()
    codes = np.array([int(p.code) for p in table], dtype=np.uint8)
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
) -> Population:
    """``families`` synthetic families, reproducible from ``seed``; ages are drawn on ``at``.

    Desil is uniform on 1-10 (assumption). Provinces are the 34 Kemendagri codes of 2020,
    drawn in proportion to the poor population of March 2020
    (:func:`dayasos.statistics.poor_population_2020`).
    """
    if isinstance(families, bool) or not isinstance(families, int) or families < 0:
        raise ValidationError("families", "must be a non-negative int", shown=repr(families))
    a = SyntheticAssumptions() if assumptions is None else assumptions
    rng = np.random.default_rng(seed)
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
    years = np.where(later & ~child, 60 + 30 * u, years)
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
    pregnant = (
        female & (age >= 18) & (age <= 45) & (rng.random(n, dtype=np.float32) < a.pregnancy_rate)
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
    for lo, hi, rate, level in (
        (7, 12, a.enrolment_sd, SchoolLevel.SD),
        (13, 15, a.enrolment_smp, SchoolLevel.SMP),
        (16, 18, a.enrolment_sma, SchoolLevel.SMA),
    ):
        school[(age >= lo) & (age <= hi) & (e < rate)] = SCHOOL_CODES.index(level)
    del e, d, age
    persons = {
        "family": family,
        "birth": birth,
        "sex": sex.astype(np.uint8),
        "pregnant": pregnant,
        "disability": disability,
        "school": school,
    }
    fams = {
        "desil": rng.integers(1, 11, size=families, dtype=np.uint8),
        "remote": rng.random(families) < a.remote_rate,
        "excluded": rng.random(families) < a.excluded_rate,
        "province": _provinces(rng, families),
    }
    return Population.from_columns(persons, fams)
