"""The summary behind ``dayasos simulate``: weighted KPM and cost by any breakdown and by
component, as text, CSV or JSON, and its chart.

Examples:
    >>> from datetime import date
    >>> from dayasos.parameters import load_parameters
    >>> text = simulate_text(500, 1, date(2021, 7, 1), load_parameters())
    >>> "by province" in text and "by component" in text
    True
    >>> every_desil = load_parameters().with_value(  # an explicit assumption: no warning
    ...     "pkh.eligibility.max_desil", 10, start=date(2021, 1, 1), reform="every desil")
    >>> sim = simulate(500, 1, date(2021, 7, 1), every_desil, kpm_target=10_000_000)
    >>> render(sim, ("desil",), "csv").splitlines()[0].startswith("desil,families,kpm,cost")
    True
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import numpy.typing as npt
from attrs import define

from dayasos.errors import UnknownParameterWarning
from dayasos.parameters import ParameterSet
from dayasos.population.columns import Population
from dayasos.population.groups import (
    warn_unknown_parameters,
)
from dayasos.population.kernel import PopulationResult, evaluate
from dayasos.population.progress import Progress
from dayasos.population.reform import ReformComparison, compare
from dayasos.population.registry import population_from_registry
from dayasos.population.report import (
    FORMATS,
    check_columns,
    cost_by_component,
    render,
    weighted_cost_by_component,
)
from dayasos.population.store import store_population
from dayasos.population.synthetic import synthetic_population

__all__ = [
    "FORMATS",
    "Simulation",
    "check_columns",
    "cost_by_component",
    "registry_population",
    "render",
    "simulate",
    "simulate_text",
    "weighted_cost_by_component",
    "write_chart",
]


I64 = npt.NDArray[np.int64]


def registry_population(
    path: str | os.PathLike[str],
    at: date,
    *,
    include_unenrolled: bool = False,
    synthetic: tuple[int, int] | None = None,
    progress: Callable[[str], None] | None = None,
    read_progress: Progress | None = None,
) -> Population:
    """The population of a SQLite registry file on ``at``, opened read-only: a file that is
    not a dayasos registry is refused and left unchanged. With ``synthetic=(families, seed)``,
    first write a synthetic population into a *new* file (an existing file is refused; the new
    file is removed again when writing fails).

    Raises:
        RegistryFileError: when the file is missing or not a dayasos registry, or (with
            ``synthetic``) already exists.
    """
    from dayasos.registry import SQLiteStore

    say = progress or (lambda _: None)
    if synthetic is None:
        with SQLiteStore(path, mode="ro") as store:
            say(f"reading the registry {os.fspath(path)} on {at}")
            return population_from_registry(
                store, at, include_unenrolled=include_unenrolled, progress=read_progress
            ).population
    families, seed = synthetic
    store = SQLiteStore(path, mode="new")
    try:
        say(f"generating {families:,} synthetic families (seed {seed})")
        pop = synthetic_population(families, seed=seed, at=at, progress=read_progress)
        say(f"storing them in the registry {os.fspath(path)}")
        store_population(pop, store, at)
        say(f"reading the registry {os.fspath(path)} on {at}")
        return population_from_registry(
            store, at, include_unenrolled=include_unenrolled, progress=read_progress
        ).population
    except BaseException:
        store.close()
        for suffix in ("", "-wal", "-shm"):
            Path(os.fspath(path) + suffix).unlink(missing_ok=True)
        raise
    finally:
        store.close()


@define(frozen=True, slots=True, eq=False)
class Simulation:
    """What ``dayasos simulate`` computed: the population and where it comes from, the
    baseline result, and the comparison when a reform was given."""

    population: Population
    source: str
    params: ParameterSet
    result: PopulationResult
    comparison: ReformComparison | None
    unknown_parameters: tuple[str, ...]
    """Parameters without a known value the figures depend on (warned about)."""


def simulate(
    families: int,
    seed: int,
    at: date,
    params: ParameterSet,
    reform: ParameterSet | None = None,
    progress: Callable[[str], None] | None = None,
    *,
    population: Population | None = None,
    source: str = "",
    kpm_target: int | None = None,
    step_progress: Progress | None = None,
) -> Simulation:
    """Generate a synthetic population (``families``, ``seed``, weights calibrated to
    ``kpm_target`` or the parameter) or take ``population`` (described by ``source``),
    evaluate PKH on ``at`` and, with ``reform``, compare.

    ``progress`` receives one line per step; ``step_progress(done, total, step)`` the
    progress within the steps (for a bar). Unknown parameters warn
    (:class:`~dayasos.errors.UnknownParameterWarning`) once.
    """
    say = progress or (lambda _: None)
    if population is None:
        say(f"generating {families:,} synthetic families (seed {seed})")
        pop = synthetic_population(
            families, seed=seed, at=at, kpm_target=kpm_target, params=params, progress=step_progress
        )
        source = f"synthetic population (seed {seed}; not real data)"
    else:
        pop = population
    extra = (reform,) if reform is not None else ()
    unknown = warn_unknown_parameters(pop, at, params, *extra)
    say(f"evaluating PKH {at.year} for {pop.n_persons:,} persons")
    comparison = None
    if reform is not None:
        say("evaluating the reform")
        comparison = compare(pop, at, params, reform, warn=False, progress=step_progress)
        base = comparison.baseline
    else:
        base = evaluate(pop, at, params)
    return Simulation(pop, source, params, base, comparison, unknown)


def write_chart(sim: Simulation, path: str | os.PathLike[str]) -> str:
    """Write the chart of ``sim`` as a PNG: the change by welfare decile with a reform,
    otherwise the cost by province; returns what was drawn. Needs matplotlib (``plot``)."""
    from dayasos.population import plot

    if sim.comparison is not None:
        fig = plot.change_by_decile(sim.comparison, source=sim.source)
        what = "the reform's change by welfare decile"
    else:
        fig = plot.cost_by_province(sim.result, source=sim.source)
        what = "the cost by province"
    fig.savefig(os.fspath(path), dpi=100)
    return what


def simulate_text(
    families: int,
    seed: int,
    at: date,
    params: ParameterSet,
    reform: ParameterSet | None = None,
    progress: Callable[[str], None] | None = None,
    *,
    population: Population | None = None,
    source: str = "",
) -> str:
    """:func:`simulate` then :func:`render` as text by province (unknown parameters are said
    in the text, not warned)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnknownParameterWarning)
        sim = simulate(
            families, seed, at, params, reform, progress, population=population, source=source
        )
    return render(sim)
