"""The SQLite store under concurrency and crashes: processes creating one file at once, racing
lifecycle writers, the busy timeout, the thread contract, read-only and new-file modes, and a
bulk import killed with SIGKILL at random moments."""

from __future__ import annotations

import hashlib
import io
import multiprocessing as mp
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from dayasos.categories import Programme, Sex
from dayasos.eligibility.lifecycle import KpmHistory, KpmTransition, TransitionReason
from dayasos.eligibility.lifecycle import registry as lifecycle_registry
from dayasos.eligibility.lifecycle.registry import history_from_registry, record_transitions
from dayasos.eligibility.pkh import PkhStatus
from dayasos.errors import (
    InvalidTransitionError,
    RegistryFileError,
    StoreBusyError,
    StoreThreadError,
)
from dayasos.registry import (
    Family,
    Membership,
    MemoryStore,
    RegionCode,
    SQLiteStore,
    export_csv,
    export_json,
    import_csv,
)
from dayasos.registry.bulk import bulk_import
from dayasos.registry.sqlite import REGISTRY_TABLES, SCHEMA_VERSION
from registry_helpers import kk, person

CTX = mp.get_context("fork")
ROOT = Path(__file__).resolve().parent.parent
REGION = RegionCode.parse("31.71.01.1001")
S, R = PkhStatus, TransitionReason


def _open_at_once(path: str, barrier: Any, out: Any) -> None:
    barrier.wait()
    try:
        with SQLiteStore(path) as store:
            out.put(("ok", store.schema_version))
    except Exception as exc:  # reported to the parent, which fails the test
        out.put(("error", repr(exc)))


def test_two_processes_create_a_new_database_at_once(tmp_path: Path) -> None:
    for trial in range(8):
        path = str(tmp_path / f"new{trial}.db")
        barrier, out = CTX.Barrier(2), CTX.Queue()
        procs = [CTX.Process(target=_open_at_once, args=(path, barrier, out)) for _ in range(2)]
        for p in procs:
            p.start()
        results = [out.get(timeout=60) for _ in procs]
        for p in procs:
            p.join(timeout=60)
        assert results == [("ok", SCHEMA_VERSION)] * 2, results
        db = sqlite3.connect(path)
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        db.close()
        assert tables >= REGISTRY_TABLES


def _slow_history(real: Any) -> Any:
    def slow(*args: Any, **kwargs: Any) -> Any:
        found = real(*args, **kwargs)
        time.sleep(0.3)  # widen the window between reading the history and writing
        return found

    return slow


def _race_writer(path: str, target: str, barrier: Any, out: Any) -> None:
    lifecycle_registry.history_from_registry = _slow_history(  # type: ignore[assignment]
        lifecycle_registry.history_from_registry
    )
    on = date(2020, 6, 1)
    if target == "graduate":
        t = KpmTransition(S.AKTIF, S.GRADUASI_ALAMIAH, on, on, R.TIDAK_ADA_KOMPONEN)
    else:
        t = KpmTransition(S.AKTIF, S.DITANGGUHKAN, on, on, R.KOMITMEN_TIDAK_DIPENUHI)
    with SQLiteStore(path, timeout=30) as store:
        barrier.wait()
        try:
            record_transitions(store, kk(1), [t])
            out.put((target, "written"))
        except InvalidTransitionError:
            out.put((target, "refused"))
        except Exception as exc:
            out.put((target, repr(exc)))


def test_racing_lifecycle_writers_never_store_an_invalid_history(tmp_path: Path) -> None:
    for trial in range(3):
        path = str(tmp_path / f"race{trial}.db")
        with SQLiteStore(path) as store:
            store.add_family(Family(kk(1), REGION))
            h = KpmHistory.start("x", S.AKTIF, date(2019, 1, 1))
            record_transitions(store, kk(1), h.transitions)
        barrier, out = CTX.Barrier(2), CTX.Queue()
        procs = [
            CTX.Process(target=_race_writer, args=(path, target, barrier, out))
            for target in ("graduate", "suspend")
        ]
        for p in procs:
            p.start()
        results = dict(out.get(timeout=60) for _ in procs)
        for p in procs:
            p.join(timeout=60)
        assert sorted(results.values()) == ["refused", "written"], results
        with SQLiteStore(path, mode="ro") as store:
            replayed = history_from_registry(store, kk(1))  # replays and checks every step
            assert len(store.history(Programme.PKH, kk(1))) == 2
        winner = next(t for t, r in results.items() if r == "written")
        assert replayed.current is (S.GRADUASI_ALAMIAH if winner == "graduate" else S.DITANGGUHKAN)


def _hold_lock(path: str, ready: Any, release: Any) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN IMMEDIATE")
    ready.set()
    release.wait(30)
    db.execute("ROLLBACK")
    db.close()


def test_a_locked_database_is_a_library_error_that_says_what_to_do(tmp_path: Path) -> None:
    path = str(tmp_path / "busy.db")
    SQLiteStore(path).close()
    ready, release = CTX.Event(), CTX.Event()
    holder = CTX.Process(target=_hold_lock, args=(path, ready, release))
    holder.start()
    try:
        assert ready.wait(30)
        with SQLiteStore(path, timeout=0.2) as store:
            started = time.monotonic()
            with pytest.raises(StoreBusyError, match="timeout") as caught:
                store.add_person(person("Budi", date(1980, 1, 1), Sex.LAKI_LAKI))
            assert time.monotonic() - started >= 0.15
            assert caught.value.timeout == 0.2
            assert store.count_persons() == 0
    finally:
        release.set()
        holder.join(30)
    with SQLiteStore(path) as store:  # once released, the same write succeeds
        store.add_person(person("Budi", date(1980, 1, 1), Sex.LAKI_LAKI))
        assert store.count_persons() == 1


def test_a_store_belongs_to_its_thread_and_one_store_per_thread_works(tmp_path: Path) -> None:
    path = str(tmp_path / "threads.db")
    shared = SQLiteStore(path)
    errors: list[BaseException] = []

    def misuse() -> None:
        try:
            shared.count_persons()
        except BaseException as exc:
            errors.append(exc)

    t = threading.Thread(target=misuse)
    t.start()
    t.join()
    assert len(errors) == 1 and isinstance(errors[0], StoreThreadError)
    assert "one store per thread" in str(errors[0])
    shared.close()

    def own_store(i: int) -> None:
        try:
            with SQLiteStore(path, timeout=30) as store:
                store.add_person(
                    person(f"P {i}", date(1980, 1, 1 + i), Sex.LAKI_LAKI, serial=i + 1)
                )
        except BaseException as exc:
            errors.append(exc)

    workers = [threading.Thread(target=own_store, args=(i,)) for i in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert errors == [errors[0]]
    with SQLiteStore(path, mode="ro") as store:
        assert store.count_persons() == 4


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_read_only_and_new_file_modes_change_nothing(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE accounts (id INTEGER)")
    db.commit()
    db.close()
    before = _digest(other)
    for mode in ("rwc", "rw", "ro"):
        with pytest.raises(RegistryFileError, match="not a dayasos registry"):
            SQLiteStore(other, mode=mode)  # type: ignore[arg-type]
    with pytest.raises(RegistryFileError, match="already exists"):
        SQLiteStore(other, mode="new")
    assert _digest(other) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]
    text = tmp_path / "notes.txt"
    text.write_text("not a database, just text\n" * 10)
    with pytest.raises(RegistryFileError, match="not a SQLite registry"):
        SQLiteStore(text, mode="ro")
    assert text.read_text() == "not a database, just text\n" * 10
    with pytest.raises(RegistryFileError, match="not found"):
        SQLiteStore(tmp_path / "missing.db", mode="ro")
    registry = tmp_path / "r.db"
    with SQLiteStore(registry, mode="new") as store:
        store.add_family(Family(kk(1), REGION))
    with SQLiteStore(registry, mode="ro") as store:
        assert store.read_only
        with pytest.raises(RegistryFileError, match="read-only"):
            store.add_family(Family(kk(2), REGION))
        assert [f.no_kk for f in store.families()] == [kk(1)]


CRASH_CHILD = textwrap.dedent(
    """
    import io, sys
    from dayasos.registry import SQLiteStore, import_csv
    path, batches, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    header = "no_kk,region,nik,name,birth_date,sex,relationship,member_from,member_until,"
    header += "disability,pregnancy_due,school_level\\n"
    with SQLiteStore(path) as store:
        for b in range(batches):
            rows = []
            for i in range(size):
                n = b * size + i
                day, month = n % 28 + 1, n // 28 % 12 + 1
                serial = n // 336 + 1
                nik = f"317101{day:02d}{month:02d}80{serial:04d}"
                no_kk = f"3171{n:012d}"
                rows.append(
                    f"{no_kk},3171011001,{nik},P {n},1980-{month:02d}-{day:02d},L,"
                    f"Kepala Keluarga,2000-01-01,,,,"
                )
            report = import_csv(io.StringIO(header + "\\n".join(rows) + "\\n"), store)
            assert report.ok, report.summary()
            print(f"committed {b + 1}", flush=True)
    """
)


def test_a_bulk_import_killed_with_sigkill_keeps_whole_transactions(tmp_path: Path) -> None:
    batches, size = 20, 300
    script = tmp_path / "child.py"
    script.write_text(CRASH_CHILD)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    outcomes = []
    # kill after the child announced commit number `after`, plus a little: mid-transaction
    for trial, (after, delay) in enumerate(((1, 0.0), (3, 0.01), (6, 0.03), (10, 0.002))):
        path = tmp_path / f"crash{trial}.db"
        child = subprocess.Popen(
            [sys.executable, str(script), str(path), str(batches), str(size)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert child.stdout is not None
        announced = 0
        while announced < after:
            line = child.stdout.readline()
            assert line, "the child stopped before the kill"
            announced += line.startswith("committed")
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate(timeout=60)
        announced += out.count("committed")
        db = sqlite3.connect(path)
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        persons = db.execute("SELECT count(*) FROM person").fetchone()[0]
        families = db.execute("SELECT count(*) FROM family").fetchone()[0]
        members = db.execute("SELECT count(*) FROM membership").fetchone()[0]
        db.close()
        # before or after each committed transaction: whole batches, at least those announced
        assert persons == families == members, (persons, families, members)
        assert persons % size == 0, persons
        assert announced <= persons // size <= announced + 1
        outcomes.append((trial, announced, persons // size))
    print("sigkill outcomes (trial, announced, committed):", outcomes)
    assert all(committed < batches for _, _, committed in outcomes), outcomes


BULK_CRASH_CHILD = textwrap.dedent(
    """
    import sys
    import dayasos.registry.sqlite_load as sqlite_load
    from dayasos.registry import SQLiteStore
    from dayasos.registry.bulk import bulk_import
    path, source, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
    lines = ["no_kk,region,nik,name,birth_date,sex,relationship,member_from,member_until,"
             "disability,pregnancy_due,school_level"]
    for n in range(rows):
        day, month, serial = n % 28 + 1, n // 28 % 12 + 1, n // 336 + 1
        lines.append(f"3171{n:012d},3171011001,317101{day:02d}{month:02d}80{serial:04d},"
                     f"P {n},1980-{month:02d}-{day:02d},L,Kepala Keluarga,2000-01-01,,,,")
    with open(source, "w") as fh:
        fh.write("\\n".join(lines) + "\\n")
    sqlite_load.LOAD_CACHE_KIB = 64  # a small page cache: pages reach the file mid-load
    store = SQLiteStore(path)
    store.connection.execute("PRAGMA cache_size = -64")
    def progress(done):
        mode = store.connection.execute("PRAGMA journal_mode").fetchone()[0]
        print(f"read {done} {mode}", flush=True)
    report = bulk_import(source, store, batch_rows=500, progress=progress)
    print("done", report.summary(), flush=True)
    """
)


def test_a_first_bulk_load_killed_with_sigkill_leaves_nothing(tmp_path: Path) -> None:
    """A bulk import into an empty registry runs with a rollback journal (its pages written
    once); killed at any point before its commit, it leaves the registry as it was."""
    rows = 12_000
    script = tmp_path / "bulk_child.py"
    script.write_text(BULK_CRASH_CHILD)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    for trial, (after, delay) in enumerate(((2, 0.0), (6, 0.01), (12, 0.005), (20, 0.02))):
        path = tmp_path / f"bulk{trial}.db"
        child = subprocess.Popen(
            [sys.executable, str(script), str(path), str(tmp_path / "in.csv"), str(rows)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert child.stdout is not None
        modes = []
        while len(modes) < after:
            line = child.stdout.readline()
            assert line.startswith("read"), f"the child stopped before the kill: {line!r}"
            modes.append(line.split()[2])
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate(timeout=60)
        assert "done" not in out  # killed inside the import's transaction
        assert set(modes) == {"delete"}  # the load ran with the rollback journal
        assert Path(f"{path}-journal").exists()  # a hot journal: the load reached the file
        with SQLiteStore(path) as store:
            db = store.connection
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
            assert store.count_persons() == 0
            assert db.execute("SELECT count(*) FROM membership").fetchone() == (0,)
            assert next(iter(store.families()), None) is None
            report = bulk_import(tmp_path / "in.csv", store)  # and a new load works
            assert report.ok and store.count_persons() == rows


def test_a_bulk_load_keeps_wal_while_another_connection_is_open(tmp_path: Path) -> None:
    """The rollback journal is used only when the load's connection is the file's only one:
    with a reader open, the load keeps WAL and the reader goes on reading."""
    path = tmp_path / "r.db"
    header = "no_kk,region,nik,name,birth_date,sex,relationship,member_from,member_until,"
    header += "disability,pregnancy_due,school_level\n"
    row = "3171000000000001,3171011001,3171010101800001,P,1980-01-01,L,Kepala Keluarga,"
    row += "2000-01-01,,,,\n"
    with SQLiteStore(path) as store, SQLiteStore(path, mode="ro") as reader:
        modes: list[str] = []

        def progress(_: int) -> None:
            modes.append(store.connection.execute("PRAGMA journal_mode").fetchone()[0])
            assert reader.count_persons() == 0  # the reader reads the state before

        report = bulk_import(io.BytesIO((header + row).encode()), store, progress=progress)
        assert report.ok and modes == ["wal"]
        assert reader.count_persons() == 1
    with SQLiteStore(path) as store:
        assert store.connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_load_into_a_registry_that_holds_records_keeps_wal(tmp_path: Path) -> None:
    """Only a first load (an empty registry) takes the rollback journal."""
    header = "no_kk,region,nik,name,birth_date,sex,relationship,member_from,member_until,"
    header += "disability,pregnancy_due,school_level\n"
    rows = [
        f"317100000000000{i},3171011001,317101010180000{i},P,1980-01-01,L,Kepala Keluarga,"
        "2000-01-01,,,,\n"
        for i in (1, 2)
    ]
    with SQLiteStore(tmp_path / "r.db") as store:
        modes: list[str] = []

        def progress(_: int) -> None:
            modes.append(store.connection.execute("PRAGMA journal_mode").fetchone()[0])

        for row in rows:
            assert bulk_import(io.BytesIO((header + row).encode()), store, progress=progress).ok
        assert modes == ["delete", "wal"]
        assert store.connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_reader_that_blocks_a_first_bulk_load_gives_store_busy_and_nothing_stored(
    tmp_path: Path,
) -> None:
    """A connection that opens during a first load (rollback journal) and holds a read
    transaction keeps the load from committing: after the timeout the import raises
    StoreBusyError and nothing of it is stored."""
    path = tmp_path / "r.db"
    header = "no_kk,region,nik,name,birth_date,sex,relationship,member_from,member_until,"
    header += "disability,pregnancy_due,school_level\n"
    row = "3171000000000001,3171011001,3171010101800001,P,1980-01-01,L,Kepala Keluarga,"
    row += "2000-01-01,,,,\n"
    readers: list[sqlite3.Connection] = []

    def progress(_: int) -> None:
        raw = sqlite3.connect(path, isolation_level=None)
        raw.execute("BEGIN")
        raw.execute("SELECT count(*) FROM person").fetchone()  # holds a shared lock
        readers.append(raw)

    with SQLiteStore(path, timeout=0.2) as store:
        with pytest.raises(StoreBusyError, match="committing"):
            bulk_import(io.BytesIO((header + row).encode()), store, progress=progress)
        readers[0].execute("COMMIT")
        readers[0].close()
        assert store.count_persons() == 0
        assert bulk_import(io.BytesIO((header + row).encode()), store).ok


def test_a_failing_export_leaves_the_previous_file_and_no_temporary(tmp_path: Path) -> None:
    store = MemoryStore()
    assert import_csv(ROOT / "docs" / "registry-example.csv", store).ok
    real = store.memberships

    def failing() -> Iterator[Membership]:
        it = real()
        yield next(it)
        raise RuntimeError("disk gone")

    for name, export in (("out.csv", export_csv), ("out.json", export_json)):
        target = tmp_path / name
        target.write_text("previous\n")
        store.memberships = failing  # type: ignore[method-assign]
        with pytest.raises(RuntimeError, match="disk gone"):
            export(store, target)
        store.memberships = real  # type: ignore[method-assign]
        assert target.read_text() == "previous\n"
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        export(store, target)
        assert target.read_text() != "previous\n"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
