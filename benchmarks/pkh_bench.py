"""PKH entitlement throughput: families per second on one core, without rendering text.

Usage: ``python benchmarks/pkh_bench.py --families 100000 [--year 2021] [--seed 1]``.
Builds N random families (1-7 members of every kind) first, then times
:func:`dayasos.eligibility.pkh.entitlement` over them (warm tables: the per-(parameter set,
year) and per-date tables are built before timing). Last line: a JSON object of the figures.
"""

from __future__ import annotations

import argparse
import json
import random
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
    args = parser.parse_args()
    at = date(args.year, 1, 4)
    params = load_parameters()
    families = make_families(args.families, at, random.Random(args.seed))
    entitlement(families[0], at, params)  # warm the derived tables
    start = time.perf_counter()
    total = 0
    for fam in families:
        total += entitlement(fam, at, params).total.amount
    elapsed = time.perf_counter() - start
    rate = args.families / elapsed
    print(f"{args.families} families, year {args.year}: {elapsed:.3f} s, {rate:,.0f} families/s")
    print(f"sum of entitlements: Rp{total:,}")
    print(
        json.dumps(
            {
                "families": args.families,
                "year": args.year,
                "seconds": round(elapsed, 4),
                "families_per_s": round(rate),
                "us_per_family": round(1e6 / rate, 2),
                "total_rupiah": total,
            }
        )
    )


if __name__ == "__main__":
    main()
