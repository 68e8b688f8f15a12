"""KPM PKH lifecycle throughput: status queries and batch graduation proposals.

Usage: ``python benchmarks/lifecycle_bench.py --families 20000 [--repeat 3]``.
Builds N random families (1-5 members) with valid histories of 1-4 transitions, then times
(a) ``KpmHistory.status_on`` at 12 month-end dates per family, (b) ``propose_graduations`` over
all families at one quarter end, and (c) ``KpmHistory`` replay (construction from the
transitions). Best of ``--repeat`` runs by wall clock. Last line: a JSON object of the figures.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable
from datetime import date, timedelta

from dayasos.categories import SchoolLevel, Sex
from dayasos.eligibility.lifecycle import (
    TRANSITIONS,
    KpmHistory,
    KpmTransition,
    propose_graduations,
)
from dayasos.eligibility.pkh import PkhFamily, PkhMember, PkhStatus

AT = date(2021, 9, 30)


def make(n: int, rnd: random.Random) -> list[tuple[PkhFamily, KpmHistory]]:
    """``n`` (family, history) pairs."""
    levels = list(SchoolLevel)
    out = []
    for i in range(n):
        fid = f"kpm-{i}"
        members = [
            PkhMember(
                f"m{j}",
                AT - timedelta(days=rnd.randint(0, 80 * 365)),
                rnd.choice((Sex.LAKI_LAKI, Sex.PEREMPUAN)),
                school_level=rnd.choice(levels),
            )
            for j in range(rnd.randint(1, 5))
        ]
        day = date(2019, 1, 1) + timedelta(days=rnd.randint(0, 300))
        current: PkhStatus | None = None
        ts = []
        for _ in range(rnd.randint(1, 4)):
            options = sorted(
                ((d, r) for (s, d), rs in TRANSITIONS.items() if s is current for r in rs),
                key=lambda o: (o[0].code, o[1].code),
            )
            if not options:
                break
            # mostly stay in the programme, so that the batch has work to do
            if current is PkhStatus.AKTIF and rnd.random() < 0.7:
                break
            target, reason = rnd.choice(options)
            ts.append(KpmTransition(current, target, day, day, reason))
            current = target
            day += timedelta(days=rnd.randint(1, 200))
        out.append((PkhFamily(fid, members), KpmHistory(fid, tuple(ts))))
    return out


def best(fn: Callable[[], None], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--families", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    rnd = random.Random(5)
    pairs = make(args.families, rnd)
    dates = [date(2021, m, 28) for m in range(1, 13)]

    def queries() -> None:
        for _, h in pairs:
            for d in dates:
                h.status_on(d)

    def batch() -> None:
        propose_graduations(pairs, AT)

    def replay() -> None:
        for _, h in pairs:
            KpmHistory(h.family_id, h.transitions)

    batch()  # warm the parameter and PKH tables
    tq, tb, tr = best(queries, args.repeat), best(batch, args.repeat), best(replay, args.repeat)
    proposals = len(propose_graduations(pairs, AT))
    n = args.families
    figures = {
        "families": n,
        "status_queries_per_s": round(n * len(dates) / tq),
        "batch_families_per_s": round(n / tb),
        "replays_per_s": round(n / tr),
        "proposals": proposals,
    }
    print(
        f"status_on: {figures['status_queries_per_s']:,}/s; "
        f"propose_graduations: {figures['batch_families_per_s']:,} families/s "
        f"({proposals} proposals); replay: {figures['replays_per_s']:,}/s"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
