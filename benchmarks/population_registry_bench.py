"""A synthetic population through a SQLite registry file: store it, read it back as columns
(:func:`dayasos.population.population_from_registry`), evaluate PKH, and the Dask path over
Parquet partitions of the same population.

Figures: ``store_s`` (``store_population`` into a new file), ``read_s`` (registry to columns),
``read_families_per_s``, ``evaluate_s``, ``dask_s`` (``evaluate_dask`` on an in-process local
cluster, partitions of ``--part`` families, compute included) and ``dask_equal`` (the Dask
totals equal ``evaluate``'s). Last line: a JSON object.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from datetime import date
from pathlib import Path

from dayasos.population import (
    evaluate,
    evaluate_dask,
    population_from_registry,
    store_population,
    synthetic_population,
    write_partitions,
)
from dayasos.registry import SQLiteStore

AT = date(2021, 7, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=20_000)
    parser.add_argument("--part", type=int, default=5_000, help="families per partition")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    pop = synthetic_population(args.families, seed=args.seed, at=AT)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "registry.db"
        t = time.perf_counter()
        with SQLiteStore(db) as store:
            store_population(pop, store, AT)
        store_s = time.perf_counter() - t
        t = time.perf_counter()
        with SQLiteStore(db) as store:
            rp = population_from_registry(store, AT)
        read_s = time.perf_counter() - t
        t = time.perf_counter()
        r = evaluate(rp.population, AT)
        evaluate_s = time.perf_counter() - t
        print(f"{pop.n_families:,} families, {pop.n_persons:,} persons")
        print(f"store {store_s:.2f} s, read {read_s:.2f} s, evaluate {evaluate_s:.4f} s")

        import dask.dataframe as dd
        from distributed import Client, LocalCluster

        write_partitions(pop, Path(tmp) / "parts", args.part)
        cluster = LocalCluster(
            processes=False, n_workers=1, threads_per_worker=2, dashboard_address=":0"
        )
        with cluster, Client(cluster):
            t = time.perf_counter()
            out = evaluate_dask(dd.read_parquet(str(Path(tmp) / "parts" / "*.parquet")), AT)
            got = out.compute()
            dask_s = time.perf_counter() - t
        equal = int(got["total"].sum()) == int(evaluate(pop, AT).total.sum())
        print(f"dask {dask_s:.2f} s, equal to evaluate: {equal}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "families": pop.n_families,
                "persons": pop.n_persons,
                "store_s": round(store_s, 3),
                "read_s": round(read_s, 3),
                "read_families_per_s": round(pop.n_families / read_s),
                "evaluate_s": round(evaluate_s, 4),
                "dask_s": round(dask_s, 3),
                "dask_equal": equal,
                "peak_rss_mib": round(peak, 1),
                "registry_total": int(r.total.sum()),
            }
        )
    )


if __name__ == "__main__":
    main()
