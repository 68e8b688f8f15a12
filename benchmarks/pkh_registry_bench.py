"""PKH from the registry: adapter + entitlement per family, and the batch graduation proposal.

Usage: ``python benchmarks/pkh_registry_bench.py --families 2000 [--store sqlite|memory]``.
Builds a registry of N active KPM (2-6 members each, valid NIKs), then times
:func:`dayasos.eligibility.pkh.entitlement_from_registry` over every family and
:func:`dayasos.eligibility.lifecycle.registry.propose_graduations_in_registry` over the whole
registry. Last line: a JSON object with ``families_per_s`` (adapter + entitlement) and
``batch_families_per_s`` (proposal).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from datetime import date, timedelta

from dayasos.categories import Programme, Relationship, SchoolLevel, Sex
from dayasos.eligibility.lifecycle.registry import propose_graduations_in_registry
from dayasos.eligibility.pkh import entitlement_from_registry
from dayasos.registry import (
    EnrolmentStatus,
    Family,
    Membership,
    MemoryStore,
    Nik,
    NoKK,
    Person,
    RegionCode,
    RegistryStore,
    SQLiteStore,
    StatusChange,
    WelfareRank,
)

ON = date(2021, 7, 1)
REGION = RegionCode.parse("31.71.01.1001")


def _nik(born: date, sex: Sex, serial: int) -> Nik:
    day = born.day + (40 if sex is Sex.PEREMPUAN else 0)
    return Nik(f"317101{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}")


def build(store: RegistryStore, n: int, rnd: random.Random) -> list[NoKK]:
    """``n`` active families with random members (serials make NIKs unique up to ~9,999
    persons per birth date and sex)."""
    families, persons, memberships = [], [], []
    serial: dict[tuple[date, Sex], int] = {}
    kks = []
    for i in range(n):
        kk = NoKK(f"317101{i + 1:010d}")
        kks.append(kk)
        families.append(Family(kk, REGION))
        for j in range(rnd.randint(2, 6)):
            sex = rnd.choice((Sex.LAKI_LAKI, Sex.PEREMPUAN))
            born = ON - timedelta(days=rnd.randint(0, 80 * 365))
            k = serial[(born, sex)] = serial.get((born, sex), 0) + 1
            nik = _nik(born, sex, k)
            persons.append(
                Person(nik, f"Orang {i} {j}", born, sex, school_level=rnd.choice(list(SchoolLevel)))
            )
            rel = Relationship.KEPALA_KELUARGA if j == 0 else Relationship.ANAK
            memberships.append(Membership(kk, nik, rel, date(2000, 1, 1)))
    with store.transaction():
        store.add_families(families)
        store.add_persons(persons)
        store.add_memberships(memberships)
        for kk in kks:
            store.record_rank(WelfareRank(kk, rnd.randint(1, 4), date(2019, 1, 1)))
            store.record_status(
                StatusChange(
                    Programme.PKH,
                    kk,
                    EnrolmentStatus.ACTIVE,
                    date(2019, 1, 1),
                    date(2019, 1, 1),
                    "penetapan",
                )
            )
    return kks


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--families", type=int, default=2000)
    ap.add_argument("--store", choices=("sqlite", "memory"), default="sqlite")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    store: RegistryStore = SQLiteStore() if args.store == "sqlite" else MemoryStore()
    kks = build(store, args.families, random.Random(args.seed))
    entitlement_from_registry(store, kks[0], ON)  # warm the parameter tables
    t0 = time.perf_counter()
    total = sum(entitlement_from_registry(store, kk, ON).total.amount for kk in kks)
    t1 = time.perf_counter()
    proposals = propose_graduations_in_registry(store, ON)
    t2 = time.perf_counter()
    figures = {
        "families": args.families,
        "store": args.store,
        "families_per_s": round(args.families / (t1 - t0)),
        "batch_families_per_s": round(args.families / (t2 - t1)),
        "proposals": len(proposals),
        "total_rupiah": total,
    }
    print(f"adapter + entitlement: {figures['families_per_s']} families/s")
    print(f"batch proposal: {figures['batch_families_per_s']} families/s")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
