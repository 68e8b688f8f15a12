"""Registry at national scale: bulk CSV import, reading into population columns, export,
NIK lookups; and the object path.

Default mode: writes a registry CSV of N synthetic persons (valid NIKs, families of four),
times :func:`dayasos.registry.bulk.bulk_import` into a fresh SQLite file (full validation,
persons + families + memberships), :func:`dayasos.population.population_from_registry`
(read into columns), :func:`dayasos.registry.bulk.bulk_export` to CSV and Parquet, random NIK
lookups, and :func:`dayasos.population.store_population` of a synthetic population.

Usage: ``python benchmarks/registry_bench.py --persons 1000000 --csv [--lookups 10000]``
(``--csv`` is the default mode and kept for the command line of the issue); ``--objects``
times the object path instead (``add_persons``/``add_families``/``add_memberships`` and the
row import ``import_csv``); ``--persons-only`` streams persons only (the 10-million mode of
the object path). The last line printed is a JSON object of the figures.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from dayasos.categories import Relationship, SchoolLevel, Sex
from dayasos.registry import (
    Family,
    Membership,
    Nik,
    NoKK,
    Person,
    RegionCode,
    SQLiteStore,
    export_csv,
    import_csv,
)

# kabupaten/kota prefixes in python-stdnum's region table
PREFIXES = ("1101", "1171", "3171", "3174", "3201", "3273", "3578", "5171", "7371", "1271", "3374")
BASE = date(1940, 1, 1)
RELS = (Relationship.KEPALA_KELUARGA, Relationship.ISTRI, Relationship.ANAK, Relationship.ANAK)


def lookup_times(store: SQLiteStore, n: int, lookups_n: int) -> list[float]:
    """Sorted seconds of ``lookups_n`` NIK lookups of random stored persons (seeded)."""
    rng = random.Random(42)
    out: list[float] = []
    for _ in range(lookups_n):
        nik = Nik(nik_digits(rng.randrange(n)))
        t = time.perf_counter()
        found = store.find_person(nik)
        out.append(time.perf_counter() - t)
        assert found is not None
    return sorted(out)


def nik_digits(i: int) -> str:
    """An injective map from i (< 10.7 million) to a valid NIK."""
    n = len(PREFIXES)
    prefix, kec, serial = PREFIXES[i % n], 1 + (i // n) % 99, 1 + i // (n * 99)
    born = BASE + timedelta(days=(i * 7919) % 30000)
    sex_f = i % 2 == 1
    day = born.day + (40 if sex_f else 0)
    return f"{prefix}{kec:02d}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"


def make_person(i: int) -> Person:
    digits = nik_digits(i)
    born = BASE + timedelta(days=(i * 7919) % 30000)
    sex = Sex.PEREMPUAN if i % 2 == 1 else Sex.LAKI_LAKI
    school = SchoolLevel.SD if i % 4 >= 2 else SchoolLevel.NONE
    return Person(Nik(digits), f"Warga {i}", born, sex, school_level=school)


def db_size(path: Path) -> int:
    """The database file plus its write-ahead log (not yet checkpointed)."""
    wal = Path(f"{path}-wal")
    return os.path.getsize(path) + (os.path.getsize(wal) if wal.exists() else 0)


def persons_only(n: int, lookups_n: int, db: Path | None) -> None:
    """Load ``n`` persons from a generator (never all in memory as objects), time lookups."""
    with tempfile.TemporaryDirectory() as tmp:
        path = db or Path(tmp) / "registry.db"
        store = SQLiteStore(path)
        t = time.perf_counter()
        store.add_persons(make_person(i) for i in range(n))
        load_s = time.perf_counter() - t
        print(f"built and loaded {n} persons in {load_s:.1f} s")
        lookups = lookup_times(store, n, lookups_n)
        size = db_size(path)
        store.close()
    figures = {
        "persons": n,
        "persons_per_s": round(n / load_s),
        "note": "persons_per_s includes building the Person objects (streamed)",
        "nik_lookup_p50_ms": round(lookups[len(lookups) // 2] * 1000, 4),
        "nik_lookup_p99_ms": round(lookups[int(0.99 * len(lookups))] * 1000, 4),
        "db_mb": round(size / 1e6, 1),
    }
    print(json.dumps(figures))


def reset_peak_rss() -> None:
    """Start a new peak resident set size (Linux: ``/proc/self/clear_refs``)."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass


def peak_rss_mb(field: str = "VmHWM") -> float | None:
    """The peak resident set size since the last reset (``"VmRSS"``: now), MB (or ``None``)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def write_csv(path: Path, n: int) -> None:
    """A registry CSV of ``n`` persons in families of four (the bulk import's input), built
    column-wise a million rows at a time (the same text as :func:`csv_line` row by row)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pa_csv

    prefixes = np.array([int(p) for p in PREFIXES], dtype=np.int64)
    regions = pa.array([f"{p[:2]}.{p[2:]}.01.1001" for p in PREFIXES])
    rels = pa.array(["Kepala Keluarga", "Istri", "Anak", "Anak"])
    options = pa_csv.WriteOptions(include_header=False, quoting_style="none")
    with open(path, "wb") as fh:
        fh.write(b"no_kk,region,nik,name,birth_date,sex,relationship,member_from,member_until,")
        fh.write(b"disability,pregnancy_due,school_level\n")
        step = 1_000_000
        for a in range(0, n, step):
            i = np.arange(a, min(n, a + step), dtype=np.int64)
            f = i // 4
            born = np.datetime64("1940-01-01") + (i * 7919) % 30000
            years = born.astype("M8[Y]")
            months = born.astype("M8[M]")
            year = years.astype(np.int64) + 1970
            month = (months - years).astype(np.int64) + 1
            day = (born - months).astype(np.int64) + 1 + 40 * (i % 2)
            k = len(PREFIXES)
            nik = (
                prefixes[i % k] * 10**12
                + (1 + (i // k) % 99) * 10**10
                + day * 10**8
                + month * 10**6
                + (year % 100) * 10**4
                + 1
                + i // (k * 99)
            )
            text = pc.cast(pa.array(i), pa.string())
            empty = pa.nulls(len(i), pa.string()).fill_null("")
            table = pa.table(
                {
                    "no_kk": pc.cast(pa.array(prefixes[f % k] * 10**12 + 10**10 + f), pa.string()),
                    "region": regions.take(pa.array(f % k)),
                    "nik": pc.cast(pa.array(nik), pa.string()),
                    "name": pc.binary_join_element_wise("Warga", text, " "),
                    "birth_date": pc.cast(pa.array(born.astype("M8[D]")), pa.string()),
                    "sex": pa.array(np.where(i % 2 == 1, "P", "L")),
                    "relationship": rels.take(pa.array(i % 4)),
                    "member_from": pa.array(np.full(len(i), "2010-01-01")),
                    "member_until": empty,
                    "disability": empty,
                    "pregnancy_due": empty,
                    "school_level": pa.array(np.where(i % 4 >= 2, "SD", "")),
                }
            )
            pa_csv.write_csv(table, fh, options)


def bulk_mode(n: int, lookups_n: int, db: Path | None, batch: int) -> None:
    from dayasos.population import population_from_registry, store_population
    from dayasos.population.synthetic import synthetic_population
    from dayasos.registry.bulk import bulk_export, bulk_import

    on = date(2020, 7, 1)
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "registry.csv"
        t = time.perf_counter()
        write_csv(csv_path, n)
        print(f"wrote a CSV of {n:,} persons in {time.perf_counter() - t:.1f} s")
        path = db or Path(tmp) / "registry.db"
        store = SQLiteStore(path)
        peaks: dict[str, float | None] = {}
        reset_peak_rss()
        t, c = time.perf_counter(), time.process_time()
        report = bulk_import(csv_path, store, batch_rows=batch)
        import_s, import_cpu = time.perf_counter() - t, time.process_time() - c
        peaks["import_peak_rss_mb"] = peak_rss_mb()
        assert report.ok and report.persons_added == n, report.summary()
        print(f"bulk import: {report.summary()} in {import_s:.2f} s")
        reset_peak_rss()
        t, c = time.perf_counter(), time.process_time()
        rp = population_from_registry(store, on, include_unenrolled=True)
        read_s, read_cpu = time.perf_counter() - t, time.process_time() - c
        peaks["read_peak_rss_mb"] = peak_rss_mb()
        assert rp.population.n_persons == n
        del rp
        gc.collect()
        # the import leaves its pages in the write-ahead log; a reader looks each page up
        # there. The same read once the log is copied into the database file:
        store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        t, c = time.perf_counter(), time.process_time()
        rp = population_from_registry(store, on, include_unenrolled=True)
        reread_s, reread_cpu = time.perf_counter() - t, time.process_time() - c
        del rp
        gc.collect()
        peaks["export_start_rss_mb"] = peak_rss_mb("VmRSS")  # held before the export
        reset_peak_rss()
        t, c = time.perf_counter(), time.process_time()
        rows = bulk_export(store, Path(tmp) / "out.csv", batch_rows=batch)
        export_s, export_cpu = time.perf_counter() - t, time.process_time() - c
        peaks["export_peak_rss_mb"] = peak_rss_mb()
        csv_mb = round(os.path.getsize(Path(tmp) / "out.csv") / 1e6, 1)
        os.remove(Path(tmp) / "out.csv")  # disk: at 10 million persons, a gigabyte
        reset_peak_rss()
        t, c = time.perf_counter(), time.process_time()
        parquet_rows = bulk_export(store, Path(tmp) / "out.parquet", batch_rows=batch)
        parquet_s, parquet_cpu = time.perf_counter() - t, time.process_time() - c
        peaks["export_parquet_peak_rss_mb"] = peak_rss_mb()
        parquet_mb = round(os.path.getsize(Path(tmp) / "out.parquet") / 1e6, 1)
        os.remove(Path(tmp) / "out.parquet")
        assert rows == n and parquet_rows == n
        lookups = lookup_times(store, n, lookups_n)
        size = db_size(path)
        store.close()
        pop = synthetic_population(max(1, n // 4), seed=1, at=on)
        with SQLiteStore(Path(tmp) / "synthetic.db") as target:
            reset_peak_rss()
            t, c = time.perf_counter(), time.process_time()
            store_population(pop, target, on)
            store_s, store_cpu = time.perf_counter() - t, time.process_time() - c
            peaks["store_population_peak_rss_mb"] = peak_rss_mb()
    figures = {
        "persons": n,
        "batch_rows": batch,
        "csv_import_rows_per_s": round(n / import_s),
        "read_persons_per_s": round(n / read_s),
        "export_rows_per_s": round(rows / export_s),
        "export_parquet_rows_per_s": round(rows / parquet_s),
        "store_population_persons_per_s": round(pop.n_persons / store_s),
        "csv_import_rows_per_cpu_s": round(n / import_cpu),
        "read_persons_per_cpu_s": round(n / read_cpu),
        "read_checkpointed_persons_per_s": round(n / reread_s),
        "read_checkpointed_persons_per_cpu_s": round(n / reread_cpu),
        "export_rows_per_cpu_s": round(rows / export_cpu),
        "export_parquet_rows_per_cpu_s": round(rows / parquet_cpu),
        "export_csv_mb": csv_mb,
        "export_parquet_mb": parquet_mb,
        "store_population_persons_per_cpu_s": round(pop.n_persons / store_cpu),
        "load_average_1min": round(os.getloadavg()[0], 1),
        "nik_lookup_p50_ms": round(lookups[len(lookups) // 2] * 1000, 4),
        "nik_lookup_p99_ms": round(lookups[int(0.99 * len(lookups))] * 1000, 4),
        "db_mb": round(size / 1e6, 1),
        **peaks,
        "rss_note": "peak RSS of the whole process in each step, from what it held before "
        "(export_start_rss_mb); the read and store_population hold all N persons as columns, "
        "the import and the export are bounded by batch_rows",
        "cpu_note": "2 cores shared with other jobs: *_per_s is wall time and varies with the "
        "load; *_per_cpu_s counts this process's CPU time only (all its threads: the read and "
        "the export use two)",
    }
    print(json.dumps(figures))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--lookups", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=100_000, help="rows per bulk batch")
    parser.add_argument("--db", type=Path, default=None, help="database file (default: temp)")
    parser.add_argument("--csv", action="store_true", help="the bulk CSV mode (the default)")
    parser.add_argument(
        "--objects", action="store_true", help="time the object path and the row import"
    )
    parser.add_argument(
        "--persons-only",
        action="store_true",
        help="stream the persons into the store (no families, memberships or CSV) and time "
        "the load and NIK lookups only: the mode for 10 million persons",
    )
    args = parser.parse_args()
    n = args.persons
    if args.persons_only:
        persons_only(n, args.lookups, args.db)
        return
    if not args.objects:
        bulk_mode(n, args.lookups, args.db, args.batch)
        return
    objects_mode(args)


def objects_mode(args: argparse.Namespace) -> None:
    n = args.persons

    t0 = time.perf_counter()
    persons = [make_person(i) for i in range(n)]
    n_fam = (n + 3) // 4
    families = [
        Family(
            NoKK(f"{PREFIXES[f % len(PREFIXES)]}01{f:010d}"),
            RegionCode(f"{PREFIXES[f % len(PREFIXES)]}011001"),
        )
        for f in range(n_fam)
    ]
    memberships = [
        Membership(families[i // 4].no_kk, persons[i].nik, RELS[i % 4], date(2010, 1, 1))
        for i in range(n)
    ]
    build_s = time.perf_counter() - t0
    # the benchmark's own millions of objects are long-lived: keep the cyclic GC from
    # rescanning them during the timed sections
    gc.collect()
    gc.freeze()
    print(f"built {n} persons, {n_fam} families in {build_s:.1f} s")

    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "registry.db"
        store = SQLiteStore(path)
        t = time.perf_counter()
        store.add_persons(persons)
        persons_s = time.perf_counter() - t
        t = time.perf_counter()
        store.add_families(families)
        families_s = time.perf_counter() - t
        t = time.perf_counter()
        store.add_memberships(memberships)
        memberships_s = time.perf_counter() - t
        print(
            f"loaded persons in {persons_s:.2f} s, families in {families_s:.2f} s, "
            f"memberships in {memberships_s:.2f} s"
        )

        rng = random.Random(42)
        lookups: list[float] = []
        for _ in range(args.lookups):
            nik = persons[rng.randrange(n)].nik
            t = time.perf_counter()
            found = store.find_person(nik)
            lookups.append(time.perf_counter() - t)
            assert found is not None
        lookups.sort()
        members: list[float] = []
        on = date(2020, 7, 1)
        for _ in range(min(args.lookups, n_fam)):
            kk = families[rng.randrange(n_fam)].no_kk
            t = time.perf_counter()
            store.members_on(kk, on)
            members.append(time.perf_counter() - t)
        members.sort()
        size = db_size(path)
        csv_rows_s = None
        if True:  # the row import, for comparison
            csv_path = Path(tmp) / "registry.csv"
            rows = export_csv(store, csv_path)
            with SQLiteStore(Path(tmp) / "from_csv.db") as target:
                t = time.perf_counter()
                report = import_csv(csv_path, target)
                csv_s = time.perf_counter() - t
                assert report.ok and target.count_persons() == n
            csv_rows_s = round(rows / csv_s)
            print(f"imported {rows} CSV rows into a fresh SQLite file in {csv_s:.2f} s")
        store.close()

    def pct(xs: list[float], q: float) -> float:
        return round(xs[min(len(xs) - 1, int(q * len(xs)))] * 1000, 4)

    figures = {
        "persons": n,
        "families": n_fam,
        "persons_per_s": round(n / persons_s),
        "families_per_s": round(n_fam / families_s),
        "memberships_per_s": round(n / memberships_s),
        "load_s": round(persons_s + families_s + memberships_s, 2),
        "build_objects_s": round(build_s, 2),
        "nik_lookup_p50_ms": pct(lookups, 0.50),
        "nik_lookup_p99_ms": pct(lookups, 0.99),
        "members_on_p99_ms": pct(members, 0.99),
        "db_mb": round(size / 1e6, 1),
    }
    if csv_rows_s is not None:
        figures["csv_import_rows_per_s"] = csv_rows_s
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
