"""Record linkage on a synthetic registry with planted duplicates of every kind.

Draws ``--persons`` persons with :func:`dayasos.registry.planted.planted_registry` (5 %
planted duplicates, 1 % twins), links them with :func:`dayasos.registry.linkage.link` and
measures recall and precision against the planted pairs and the time.

Usage: ``python benchmarks/linkage_bench.py --persons 1000000 [--seed 1]``. The last line
printed is a JSON object of the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import time

from dayasos.registry.linkage import DEFAULT_THRESHOLD, link
from dayasos.registry.planted import planted_registry


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    args = parser.parse_args()
    t = time.perf_counter()
    records, planted = planted_registry(args.persons, seed=args.seed)
    build_s = time.perf_counter() - t
    print(f"{len(records):,} records, {len(planted):,} planted duplicates ({build_s:.1f} s)")
    t, c = time.perf_counter(), time.process_time()
    result = link(records, threshold=args.threshold)
    link_s, link_cpu = time.perf_counter() - t, time.process_time() - c
    found = {(x.first.reveal(), x.second.reveal()) for x in result.candidates}
    true = len(found & planted)
    figures = {
        "persons": args.persons,
        "records": len(records),
        "planted": len(planted),
        "candidates": len(found),
        "pairs_compared": result.pairs_compared,
        "skipped_blocks": result.skipped_blocks,
        "recall": round(true / max(1, len(planted)), 4),
        "precision": round(true / max(1, len(found)), 4),
        "link_s": round(link_s, 1),
        "link_cpu_s": round(link_cpu, 1),
        "load_average_1min": round(os.getloadavg()[0], 1),
        "cpu_note": "2 cores shared with other jobs: link_s is wall time",
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
