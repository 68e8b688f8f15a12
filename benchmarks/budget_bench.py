"""Roll up N realization transactions (SP2D rows) by satker x akun x month.

Usage: python benchmarks/budget_bench.py --transactions 1000000

Generates synthetic transactions (deterministic seed; 200 satkers, 40 akun, a year of SP2D
dates, some refunds), then times :func:`dayasos.budget.realization_cube`. Prints what it
measures and, as the last line, a JSON object with ``seconds`` (the roll-up alone).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from datetime import date, timedelta

from dayasos.budget import realization_cube


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transactions", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    satkers = [f"{600000 + i:06d}" for i in range(200)]
    akuns = [f"{j}{k:04d}" for j in (51, 52, 53, 57) for k in range(1111, 1121)]
    days = [date(2024, 1, 1) + timedelta(days=d) for d in range(366)]
    t0 = time.perf_counter()
    rows = [
        (
            rnd.choice(satkers),
            rnd.choice(akuns),
            rnd.choice(days),
            rnd.randint(-1_000_000, 500_000_000),
        )
        for _ in range(args.transactions)
    ]
    generated = time.perf_counter() - t0
    t1 = time.perf_counter()
    cube = realization_cube(rows)
    seconds = time.perf_counter() - t1
    total = sum(v.amount for v in cube.values())
    assert total == sum(r[3] for r in rows)
    print(f"generated {args.transactions:,} transactions in {generated:.2f} s")
    print(f"rolled up into {len(cube):,} satker x akun x month cells in {seconds:.2f} s")
    print(
        json.dumps(
            {
                "transactions": args.transactions,
                "cells": len(cube),
                "seconds": round(seconds, 3),
                "transactions_per_second": round(args.transactions / seconds) if seconds else None,
                "generate_seconds": round(generated, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
