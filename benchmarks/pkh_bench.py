"""PKH entitlement throughput: families per second on one core, without rendering text.

Usage: ``python benchmarks/pkh_bench.py --families 100000 [--year 2021] [--repeat 3]``.
Builds N random families (1-7 members of every kind) first, then times
:func:`dayasos.eligibility.pkh.entitlement` over them ``--repeat`` times (warm tables: the
per-(parameter set, year) and per-date tables are built before timing). ``families_per_s`` is
the best run by wall clock (the least disturbed by other processes on a shared machine); the
median and the rate by process CPU time (``families_per_s_cpu``) are reported too. Last line: a JSON object of the figures.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from datetime import date, timedelta

from dayasos.categories import DisabilitySeverity, SchoolLevel, Sex
from dayasos.eligibility.pkh import PkhFamily, PkhMember, entitlement
from dayasos.parameters import load_parameters


def make_families(n: int, at: date, rnd: random.Random) -> list[PkhFamily]:
    """``n`` families of 1-7 members with ages 0-90 and random attributes."""
    levels = list(SchoolLevel)
    out = []
    for i in range(n):
        members = []
        for j in range(rnd.randint(1, 7)):
            sex = rnd.choice((Sex.LAKI_LAKI, Sex.PEREMPUAN))
            born = at - timedelta(days=rnd.randint(0, 90 * 365))
            members.append(
                PkhMember(
                    f"m{j}",
                    born,
                    sex,
                    pregnant_or_postpartum=sex is Sex.PEREMPUAN and rnd.random() < 0.1,
                    school_level=rnd.choice(levels),
                    disability=(
                        DisabilitySeverity.BERAT if rnd.random() < 0.03 else DisabilitySeverity.NONE
                    ),
                )
            )
        out.append(PkhFamily(f"f{i}", members, remote_area=rnd.random() < 0.1))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=100_000)
    parser.add_argument("--year", type=int, default=2021)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    at = date(args.year, 1, 4)
    params = load_parameters()
    families = make_families(args.families, at, random.Random(args.seed))
    entitlement(families[0], at, params)  # warm the derived tables
    times = []
    cpu_times = []
    total = 0
    for _ in range(max(1, args.repeat)):
        start, cpu_start = time.perf_counter(), time.process_time()
        total = 0
        for fam in families:
            total += entitlement(fam, at, params).total.amount
        times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu_start)
    best = min(times)
    median = statistics.median(times)
    rate = args.families / best
    print(
        f"{args.families} families, year {args.year}, {len(times)} runs: best {best:.3f} s "
        f"({rate:,.0f} families/s), median {median:.3f} s"
    )
    print(f"sum of entitlements: Rp{total:,}")
    print(
        json.dumps(
            {
                "families": args.families,
                "year": args.year,
                "runs": len(times),
                "seconds_best": round(best, 4),
                "seconds_median": round(median, 4),
                "families_per_s": round(rate),
                "families_per_s_median": round(args.families / median),
                "families_per_s_cpu": round(args.families / min(cpu_times)),
                "us_per_family": round(1e6 / rate, 2),
                "total_rupiah": total,
            }
        )
    )


if __name__ == "__main__":
    main()
