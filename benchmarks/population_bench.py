"""Column-wise PKH over a synthetic population: seconds, peak memory, and ratios against a
plain numpy reference of the core rule and the per-family API on a sample.

Usage: ``python benchmarks/population_bench.py --families 1000000 [--year 2021] [--repeat 3]``.
Builds a seeded synthetic population first (not timed), then times
:func:`dayasos.population.evaluate` (components, eligibility, capped yearly entitlement and
stage payments per family) ``--repeat`` times after one warm-up; ``seconds`` is the best run
by wall clock (the machine is shared). The reference kernel is a hand-written numpy version
of the core rule (age lookup, one component per member, counting per amount tier, the
early-childhood limit, the cap;
no stages, no eligibility) and must give the same totals for eligible families.
``peak_rss_mib`` is the process's peak resident memory (population included);
``kernel_peak_mib`` is the most memory the timed call allocated (tracemalloc).

``weighted_compare_seconds``: the analyst's question on the same families, weighted to
10,000,000 KPM (:func:`dayasos.population.weights.calibrate`, not timed): a reform of the SD
index (Rp1,200,000 from 2021) compared with the baseline (the members counted once, as the
reform changes an amount only, then both paid, and the cause of each change) and broken down
by province x desil, best of ``--repeat``; ``weighted_by_seconds`` is the breakdown alone.
The earlier steps' results are freed first. ``weighted_cost``, ``weighted_winners`` and
``weighted_table_sum`` (the sum of the table's ``change`` column) let two runs check that
they computed the same figures. Last line: a JSON object of the figures.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
import tracemalloc
from datetime import date, timedelta

import numpy as np

from dayasos.eligibility.pkh import PkhComponent, entitlement
from dayasos.eligibility.pkh.tables import date_table, earliest_birth
from dayasos.parameters import ParameterSet, load_parameters
from dayasos.population import Population, compare, evaluate, synthetic_population
from dayasos.population.weights import calibrate

EPOCH = date(1970, 1, 1).toordinal()


def reference_totals(pop: Population, at: date, params: ParameterSet) -> np.ndarray:
    """The core rule in plain numpy: per-member component by nested conditions on the age
    (from a birth-day lookup table), counting per amount tier with bincount, the
    early-childhood limit and the cap by tier.
    Returns the capped component sum plus the fixed amount for every family, as if eligible."""
    t = date_table(params, at)
    y = t.year
    ro = [y.rank[c] for c in PkhComponent]
    amounts = np.array([a.amount for a in y.amount_by_rank], dtype=np.int64)
    at_d = at.toordinal() - EPOCH
    # the birth-day bounds of the ages (anak usia dini, school age, lanjut usia)
    early_born = earliest_birth(at, t.values["pkh.age.anak_usia_dini.max"])
    school_born = earliest_birth(at, t.values["pkh.age.sekolah.max"])
    elderly_born = earliest_birth(at, t.values["pkh.age.lanjut_usia.min"] - 1) - timedelta(1)
    lo = elderly_born.toordinal() - EPOCH - 1
    days = np.arange(lo, at_d + 2)
    b = np.clip(pop.birth, lo, at_d + 1) - lo
    early = (days >= early_born.toordinal() - EPOCH)[b]
    school = (days >= school_born.toordinal() - EPOCH)[b]
    elderly = (days <= elderly_born.toordinal() - EPOCH)[b]
    born = (days <= at_d)[b]
    r = np.full(pop.n_persons, 99, dtype=np.int64)
    level = pop.school
    cands = [
        (pop.pregnant, ro[0]),
        (early & (level == 0), ro[1]),
        (school & (level == 1), ro[2]),
        (school & (level == 2), ro[3]),
        (school & (level == 3), ro[4]),
        (pop.disability == 3, ro[5]),
        (elderly, ro[6]),
    ]
    for cond, rank in cands:
        np.minimum(r, np.where(cond & born, rank, 99), out=r)
    total = np.zeros(pop.n_families, dtype=np.int64)
    left = np.full(pop.n_families, y.cap, dtype=np.int64)
    for rank in range(len(amounts)):
        count = np.bincount(pop.family[r == rank], minlength=pop.n_families)
        if rank == y.limit_rank:  # at most two early-childhood children counted
            count = np.minimum(count, y.limit)
        take = np.minimum(count, left)
        left -= take
        total += take * amounts[rank]
    fixed = np.where(pop.remote, y.choices[2][1].amount, y.choices[1][1].amount)
    out: np.ndarray = total + fixed
    return out


def best(fn, repeat: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return min(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=100_000)
    parser.add_argument("--year", type=int, default=2021)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sample", type=int, default=2000)
    args = parser.parse_args()
    at = date(args.year, 7, 1)
    params = load_parameters()
    t0 = time.perf_counter()
    pop = synthetic_population(args.families, seed=args.seed, at=at)
    build_s = time.perf_counter() - t0
    print(f"population: {pop.n_families:,} families, {pop.n_persons:,} persons ({build_s:.1f} s)")
    evaluate(pop, at, params)  # warm the parameter tables and the stage cache
    seconds, result = best(lambda: evaluate(pop, at, params), args.repeat)
    tracemalloc.start()
    evaluate(pop, at, params)
    kernel_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    ref_s, ref = best(lambda: reference_totals(pop, at, params), args.repeat)
    r = result  # type: ignore[assignment]
    eligible = r.eligible  # type: ignore[attr-defined]
    same = bool(np.array_equal(ref[eligible], r.total[eligible]))  # type: ignore[attr-defined]
    rows = np.random.default_rng(args.seed).choice(
        pop.n_families, size=min(args.sample, pop.n_families), replace=False
    )
    fams = [pop.to_family(int(i)) for i in rows]
    start = time.perf_counter()
    sample_totals = [entitlement(f, at, params).total.amount for f in fams]
    per_family_s = (time.perf_counter() - start) / max(len(fams), 1)
    sample_equal = sample_totals == r.total[rows].tolist()  # type: ignore[attr-defined]
    del r, result, ref, eligible, fams  # the comparison runs without the earlier results
    weighted = calibrate(pop, at, params, kpm_target=10_000_000)
    reform = params.with_value(
        "pkh.index.sd", 1_200_000, start=date(args.year, 1, 1), reform="SD Rp1,2 juta"
    )

    def weighted_compare() -> tuple[object, dict[str, np.ndarray]]:
        c = compare(weighted, at, params, reform, warn=False)
        return c, c.by("province", "desil")

    compare_s, (c, table) = best(weighted_compare, args.repeat)  # type: ignore[misc]
    by_s, _ = best(lambda: c.by("province", "desil"), args.repeat)  # type: ignore[attr-defined]
    rows = table["province"].shape[0]  # rupiah rounding per group: at most 1 each
    cost = c.cost()  # type: ignore[attr-defined]
    groups_equal = abs(float(table["change"].sum()) - cost) <= rows
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = {
        "families": pop.n_families,
        "persons": pop.n_persons,
        "year": args.year,
        "seconds": round(seconds, 4),
        "families_per_s": round(pop.n_families / seconds),
        "peak_rss_mib": round(peak_rss, 1),
        "kernel_peak_mib": round(kernel_peak, 1),
        "numpy_reference_seconds": round(ref_s, 4),
        "ratio_vs_numpy_reference": round(seconds / ref_s, 3),
        "reference_totals_equal": same,
        "per_family_api_s_per_family": per_family_s,
        "per_family_api_estimated_seconds": round(per_family_s * pop.n_families, 2),
        "ratio_vs_per_family_api": round(seconds / (per_family_s * pop.n_families), 5),
        "per_family_sample_equal": sample_equal,
        "build_seconds": round(build_s, 2),
        "weighted_compare_seconds": round(compare_s, 4),
        "weighted_by_seconds": round(by_s, 4),
        "weighted_groups": int(table["province"].shape[0]),
        "weighted_groups_add_up": groups_equal,
        "weighted_cost": cost,
        "weighted_winners": round(c.winners(), 3),  # type: ignore[attr-defined]
        "weighted_table_sum": int(table["change"].sum()),
    }
    print(
        f"evaluate: {seconds:.3f} s; numpy reference {ref_s:.3f} s; per-family API "
        f"{per_family_s * 1e6:.1f} us/family; peak RSS {peak_rss:.0f} MiB; weighted reform "
        f"comparison by province x desil {compare_s:.3f} s (breakdown {by_s:.3f} s)"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
