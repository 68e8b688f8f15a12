"""The summary behind ``dayasos simulate``: KPM and cost by province and by component.

Examples:
    >>> from datetime import date
    >>> from dayasos.parameters import load_parameters
    >>> text = simulate_text(500, 1, date(2021, 7, 1), load_parameters())
    >>> "by province" in text and "by component" in text
    True
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import numpy.typing as npt

from dayasos.eligibility.pkh.rules import _date_table
from dayasos.money import Rupiah
from dayasos.parameters import ParameterSet
from dayasos.population.columns import Population
from dayasos.population.kernel import COMPONENT_CODES, PopulationResult, evaluate
from dayasos.population.reform import compare
from dayasos.population.registry import population_from_registry, store_population
from dayasos.population.synthetic import synthetic_population
from dayasos.registry.regions import CodeSystem, provinces

__all__ = ["cost_by_component", "registry_population", "simulate_text"]

I64 = npt.NDArray[np.int64]


def cost_by_component(r: PopulationResult, params: ParameterSet) -> dict[str, tuple[int, int]]:
    """Counted members and their yearly amount per component, and the fixed amounts
    (``"bantuan tetap"``); the amounts add up to ``r.total.sum()``."""
    y = _date_table(params, r.at).year
    per_combo = np.bincount(r.combo, minlength=r.combos.shape[0])
    members = per_combo @ r.combos
    out: dict[str, tuple[int, int]] = {}
    for rank, comp in enumerate(r.by_rank):
        n = int(members[rank])
        out[comp.code] = (n, n * y.amount[comp].amount)
    for comp in COMPONENT_CODES:
        out.setdefault(comp.code, (0, 0))
    out["bantuan tetap"] = (int(r.eligible.sum()), int(r.fixed[r.eligible].sum()))
    return out


def _by_province(codes: npt.NDArray[np.uint8], values: npt.NDArray[np.int64]) -> I64:
    out: I64 = np.zeros(256, dtype=np.int64)
    np.add.at(out, codes, values)
    return out


def _province_names(at: date) -> dict[int, str]:
    """Names of the Kemendagri province codes on ``at``: the ``province`` column of a
    population (synthetic or read from a registry) holds codes of the registry's system."""
    return {int(p.code): p.name for p in provinces(at, CodeSystem.KEMENDAGRI)}


def registry_population(
    path: str | os.PathLike[str],
    at: date,
    *,
    include_unenrolled: bool = False,
    synthetic: tuple[int, int] | None = None,
    progress: Callable[[str], None] | None = None,
) -> Population:
    """The population of a SQLite registry file on ``at``. With ``synthetic=(families,
    seed)``, first write a synthetic population into the file (which must not hold it yet).

    The file to read is opened read-only and must be a dayasos registry: nothing in it is
    changed. The file to write synthetic data into must not exist (synthetic persons are never
    mixed into an existing registry); if writing fails, the new file is removed.

    Raises:
        RegistryFileError: the file to read is missing or not a dayasos registry, or the file
            to write exists.
    """
    from dayasos.registry import SQLiteStore

    say = progress or (lambda _: None)
    if synthetic is None:
        with SQLiteStore(path, mode="ro") as store:
            say(f"reading the registry {os.fspath(path)} on {at}")
            return population_from_registry(
                store, at, include_unenrolled=include_unenrolled
            ).population
    families, seed = synthetic
    store = SQLiteStore(path, mode="new")
    try:
        say(f"generating {families:,} synthetic families (seed {seed})")
        pop = synthetic_population(families, seed=seed, at=at)
        say(f"storing them in the registry {os.fspath(path)}")
        store_population(pop, store, at)
        say(f"reading the registry {os.fspath(path)} on {at}")
        return population_from_registry(store, at, include_unenrolled=include_unenrolled).population
    except BaseException:
        store.close()
        for suffix in ("", "-wal", "-shm"):
            Path(os.fspath(path) + suffix).unlink(missing_ok=True)
        raise
    finally:
        store.close()


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
    """Generate a synthetic population (or take ``population``, described by ``source``),
    evaluate PKH on ``at`` (and a reform) and render the summary tables as text."""
    say = progress or (lambda _: None)
    if population is None:
        say(f"generating {families:,} synthetic families (seed {seed})")
        pop = synthetic_population(families, seed=seed, at=at)
        source = f"synthetic population (seed {seed}; not real data)"
    else:
        pop = population
    prov_label = f"Kemendagri province code, names on {at}"
    names = _province_names(at)
    say(f"evaluating PKH {at.year} for {pop.n_persons:,} persons")
    base = evaluate(pop, at, params)
    new = None
    if reform is not None:
        say("evaluating the reform")
        new = compare(pop, at, params, reform).reform
    lines = [
        f"PKH {at.year} on {at}: {pop.n_families:,} families, {pop.n_persons:,} persons, {source}",
        f"KPM (eligible families): {int(base.eligible.sum()):,}",
        f"total cost: {Rupiah(int(base.total.sum()))}",
    ]
    if new is not None:
        change = int(new.total.sum() - base.total.sum())
        lines += [
            f"reform: KPM {int(new.eligible.sum()):,}, total cost {Rupiah(int(new.total.sum()))}, "
            f"change {Rupiah(change)}",
            f"winners {int((new.total > base.total).sum()):,}, "
            f"losers {int((new.total < base.total).sum()):,}",
        ]
    lines += ["", f"by province ({prov_label})"]
    head = f"  {'prov':>4} {'':<26} {'families':>10} {'KPM':>10} {'cost':>22}"
    if new is not None:
        head += f" {'reform cost':>22} {'change':>20}"
    lines.append(head)
    fam = np.bincount(pop.province, minlength=256)
    kpm = _by_province(pop.province, base.eligible.astype(np.int64))
    cost = _by_province(pop.province, base.total)
    cost_new = _by_province(pop.province, new.total) if new is not None else cost
    for p in np.flatnonzero(fam).tolist():
        row = (
            f"  {p:>4} {names.get(p, ''):<26} {int(fam[p]):>10,} {int(kpm[p]):>10,} "
            f"{Rupiah(int(cost[p])).format():>22}"
        )
        if new is not None:
            row += (
                f" {Rupiah(int(cost_new[p])).format():>22}"
                f" {Rupiah(int(cost_new[p] - cost[p])).format():>20}"
            )
        lines.append(row)
    lines += ["", "by component (counted members, yearly amount)"]
    rows = cost_by_component(base, params)
    rows_new = cost_by_component(new, reform) if new is not None and reform is not None else None
    for name, (n, amount) in rows.items():
        row = f"  {name:<18} {n:>10,} {Rupiah(amount).format():>22}"
        if rows_new is not None:
            n2, a2 = rows_new[name]
            row += f"  reform {n2:>10,} {Rupiah(a2).format():>22}"
        lines.append(row)
    return "\n".join(lines)
