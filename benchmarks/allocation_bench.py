"""Benchmark of allocation: ranked selection of N households (column-wise, and per object on a
sample) under a budget and a quota, and apportionment across 514 kabupaten/kota.

Synthetic data (seeded): desil 1-10, amounts in whole thousands of rupiah up to Rp10 million,
a secondary key (0-7 components), 10 % enrolled in an overlapping programme.

    python benchmarks/allocation_bench.py --households 10000000

The last line is one JSON object of the figures.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from dayasos.categories import Programme
from dayasos.eligibility.allocation import (
    Candidate,
    Method,
    OverlapAction,
    OverlapRule,
    apportion,
    select_ranked,
)
from dayasos.eligibility.allocation.columns import select_ranked_columns
from dayasos.money import Rupiah


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=100_000, help="per-object sample size")
    parser.add_argument("--seed", type=int, default=20200721)
    args = parser.parse_args()
    n = args.households
    rng = np.random.default_rng(args.seed)
    rank = rng.integers(1, 11, n, dtype=np.int64)
    amount = rng.integers(0, 10_001, n, dtype=np.int64) * 1_000
    components = rng.integers(0, 8, n, dtype=np.int64)
    overlapping = rng.random(n) < 0.10
    budget = Rupiah(int(amount.sum() * 6 // 10))
    quota = n * 7 // 10

    t0 = time.perf_counter()
    result = select_ranked_columns(
        rank,
        amount,
        secondary=[(components, True)],
        quota=quota,
        budget=budget,
        overlapping=overlapping,
        overlap_action=OverlapAction.EXCLUDE,
    )
    seconds = time.perf_counter() - t0
    admitted = len(result.admitted_indices())
    print(f"columns: {n:,} households in {seconds:.3f} s; admitted {admitted:,}")

    m = min(args.sample, n)
    cands = [
        Candidate(
            i,
            int(rank[i]),
            Rupiah(int(amount[i])),
            {"components": int(components[i])},
            {Programme.PKH} if overlapping[i] else frozenset(),
        )
        for i in range(m)
    ]
    t0 = time.perf_counter()
    select_ranked(
        cands,
        quota=m * 7 // 10,
        budget=Rupiah(int(amount[:m].sum() * 6 // 10)),
        priority=["rank", "-components"],
        overlap=OverlapRule({Programme.PKH}),
    )
    per_object = time.perf_counter() - t0
    print(f"objects: {m:,} households in {per_object:.3f} s")

    weights = {f"{i:04d}": int(w) for i, w in enumerate(rng.integers(1_000, 2_000_000, 514))}
    apportion_ms: dict[str, float] = {}
    for method in Method:
        reps = 20
        t0 = time.perf_counter()
        for _ in range(reps):
            apportion(100_000, weights, method=method, minimum=50)
        apportion_ms[method.value] = round((time.perf_counter() - t0) / reps * 1000, 3)
    print(f"apportion 100,000 across 514 units (min 50 each), ms: {apportion_ms}")
    print(
        json.dumps(
            {
                "households": n,
                "seconds": round(seconds, 4),
                "households_per_s": round(n / seconds),
                "admitted": admitted,
                "per_object_sample": m,
                "per_object_seconds": round(per_object, 4),
                "per_object_households_per_s": round(m / per_object),
                "apportion_514_ms": apportion_ms,
            }
        )
    )


if __name__ == "__main__":
    main()
