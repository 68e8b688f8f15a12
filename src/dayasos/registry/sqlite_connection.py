"""The SQLite connection of a registry store: opening a file, refusing one that is not a
registry, migrating the schema (:mod:`dayasos.registry.sqlite_schema`), the write lock and
transactions. :class:`~dayasos.registry.SQLiteStore` adds the records on top.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import TracebackType
from typing import Final, Literal, Self, get_args
from urllib.parse import quote

from dayasos.errors import (
    RegistryFileError,
    StoreBusyError,
    StoreThreadError,
    ValidationError,
)
from dayasos.registry.sqlite_schema import MIGRATIONS, REGISTRY_TABLES, SCHEMA_VERSION

__all__ = [
    "CACHE_KIB",
    "DEFAULT_TIMEOUT",
    "PAGE_SIZE",
    "WAL_CHECKPOINT_KIB",
    "OpenMode",
    "SQLiteConnection",
]

OpenMode = Literal["rwc", "rw", "ro", "new"]
"""How :class:`SQLiteStore` opens a file: ``"rwc"`` read and write, creating the file if
missing (the default); ``"rw"`` an existing registry only; ``"ro"`` an existing registry,
read-only (nothing can be written, the file is never migrated); ``"new"`` create a new file,
refusing one that exists."""

DEFAULT_TIMEOUT: Final = 5.0
"""Seconds a writer waits for another connection's write lock before StoreBusyError."""

CACHE_KIB: Final = 65536
"""The page cache of a connection, in KiB (64 MiB: bulk loads insert into several indexes)."""

PAGE_SIZE: Final = 65536
"""The page size of a new registry file, in bytes (SQLite's largest; its default is 4,096).
Bulk loads and reads of a national registry move fewer, larger pages: ten million persons
imported in 41.2-43.7 s with 65,536 against 46.0 s with 4,096, in traced runs (the figures
per size are in the registry operations guide). A file keeps the page size it was made
with."""

WAL_CHECKPOINT_KIB: Final = 4096
"""The write-ahead log is copied back into the file once it holds this many KiB (4 MiB, SQLite's
default of 1,000 pages of 4 KiB, whatever the page size)."""


def _is_lock_error(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class SQLiteConnection:
    """The connection of a :class:`~dayasos.registry.SQLiteStore` (its arguments, errors,
    thread rule and transactions are documented there)."""

    def __init__(
        self,
        path: str | os.PathLike[str] = ":memory:",
        *,
        mode: OpenMode = "rwc",
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        if not isinstance(path, str | os.PathLike):
            raise ValidationError("path", f"must be a file path, not {type(path).__name__}")
        if mode not in get_args(OpenMode):
            raise ValidationError("mode", "must be 'rwc', 'rw', 'ro' or 'new'", shown=repr(mode))
        if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not timeout >= 0:
            raise ValidationError(
                "timeout", "must be a number of seconds >= 0", shown=repr(timeout)
            )
        self._path = os.fspath(path)
        self._mode = mode
        self._timeout = float(timeout)
        self._owner = threading.get_ident()
        self._depth = 0
        memory = self._path in (":memory:", "")
        if memory and mode != "rwc":
            raise ValidationError("mode", f"{mode!r} needs a file, not an in-memory database")
        if mode == "new":
            try:
                os.close(os.open(self._path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            except FileExistsError:
                raise RegistryFileError(
                    self._path, "already exists; a new registry is only written to a new file"
                ) from None
            except OSError as exc:
                raise RegistryFileError(self._path, f"cannot be created: {exc.strerror}") from None
        elif mode in ("rw", "ro") and not Path(self._path).is_file():
            raise RegistryFileError(self._path, "registry file not found")
        ro = mode == "ro"
        target = f"file:{quote(os.path.abspath(self._path))}?mode=ro" if ro else self._path
        try:
            self._conn = sqlite3.connect(
                target,
                isolation_level=None,
                timeout=self._timeout,
                uri=ro,
                check_same_thread=False,  # the owner check of _db gives the clear error
            )
        except sqlite3.Error as exc:
            raise RegistryFileError(self._path, f"cannot be opened: {exc}") from None
        try:
            self._setup()
        except BaseException:
            self._conn.close()
            raise

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._path!r})"

    @property
    def _db(self) -> sqlite3.Connection:
        """The connection, for the thread that opened the store only."""
        if threading.get_ident() != self._owner:
            raise StoreThreadError(repr(self))
        return self._conn

    @property
    def connection(self) -> sqlite3.Connection:
        """The underlying :class:`sqlite3.Connection`, for set-based work the store's methods
        do not cover (the bulk load, the columnar read, linkage, review and corrections use it).

        Only the thread that opened the store may use it; a write through it bypasses the
        store's checks, so keep to the schema's rules (see ``sqlite_schema``).

        Raises:
            StoreThreadError: when called from another thread.
        """
        return self._db

    @property
    def in_transaction(self) -> bool:
        """Whether a :meth:`transaction` of this store is open (a write made now is part of
        it and is undone with it). Set-based work through :attr:`connection` uses it to know
        whether it may change connection settings that SQLite ignores inside a transaction
        (``PRAGMA foreign_keys``)."""
        return self._depth > 0

    @property
    def read_only(self) -> bool:
        """Whether the store was opened read-only (``mode="ro"``)."""
        return self._mode == "ro"

    # -- lifecycle ---------------------------------------------------------------------------
    def _setup(self) -> None:
        def prepare() -> None:
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            version, tables = self._state()
            self._check_registry(version, tables)
            if self._mode != "ro":
                if version == 0:  # a new file: nothing written yet
                    self._db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
                # switching to WAL needs an exclusive lock, for which SQLite does not always
                # call the busy handler: _locked retries until the timeout
                self._db.execute("PRAGMA journal_mode = WAL")
                self._db.execute("PRAGMA synchronous = NORMAL")
                page = int(self._db.execute("PRAGMA page_size").fetchone()[0])
                pages = max(1, WAL_CHECKPOINT_KIB * 1024 // page)
                self._db.execute(f"PRAGMA wal_autocheckpoint = {pages}")

        try:
            self._locked(prepare, "opening")
        except sqlite3.DatabaseError as exc:
            raise RegistryFileError(self._path, f"is not a SQLite registry ({exc})") from None
        if self._mode != "ro":
            self._migrate()

    def _locked(self, action: Callable[[], None], operation: str) -> None:
        """Run ``action``, retrying while the database is locked, up to the timeout; then
        :class:`StoreBusyError`. Other operational errors become RegistryFileError."""
        deadline = time.monotonic() + self._timeout
        pause = 0.005
        while True:
            try:
                action()
                return
            except sqlite3.OperationalError as exc:
                if not _is_lock_error(exc):
                    raise RegistryFileError(self._path, f"{operation} failed: {exc}") from None
                if time.monotonic() >= deadline:
                    raise StoreBusyError(self._path, self._timeout, operation) from None
            time.sleep(pause)
            pause = min(pause * 2, 0.1)

    def _state(self) -> tuple[int, set[str]]:
        """The schema version and the table names, read in one statement (one snapshot: a
        process creating the schema at the same moment is seen before or after, not half)."""
        rows = self._db.execute(
            "SELECT (SELECT user_version FROM pragma_user_version), name FROM sqlite_master "
            "WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "UNION ALL SELECT (SELECT user_version FROM pragma_user_version), NULL"
        ).fetchall()
        return int(rows[0][0]), {r[1] for r in rows if r[1] is not None}

    def _check_registry(self, version: int, tables: set[str]) -> None:
        """Refuse a file that is not a dayasos registry, before anything is written."""
        if version > SCHEMA_VERSION:
            raise RegistryFileError(
                self._path,
                f"has schema version {version}, newer than this library's {SCHEMA_VERSION}; "
                "upgrade dayasos",
            )
        if version == 0:
            if tables:
                shown = ", ".join(sorted(tables)[:5])
                raise RegistryFileError(
                    self._path, f"is not a dayasos registry (it holds other tables: {shown})"
                )
            if self._mode in ("rw", "ro"):
                raise RegistryFileError(self._path, "is empty, not a dayasos registry")
        elif not tables >= REGISTRY_TABLES:
            missing = ", ".join(sorted(REGISTRY_TABLES - tables))
            raise RegistryFileError(
                self._path, f"is not a dayasos registry (it lacks the tables {missing})"
            )

    def _migrate(self) -> None:
        if self.schema_version == SCHEMA_VERSION:
            return
        while True:
            with self.transaction():  # the write lock: one process migrates, the others wait
                version, tables = self._state()  # re-read under the lock
                self._check_registry(version, tables)
                if version >= SCHEMA_VERSION:
                    return
                for statement in MIGRATIONS[version]:
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {version + 1}")

    @property
    def schema_version(self) -> int:
        """The schema version recorded in the database file."""
        row = self._db.execute("PRAGMA user_version").fetchone()
        return int(row[0])

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together or, on an exception, roll back (savepoints when
        nested). The outermost transaction takes the write lock when it starts, so reads
        inside it see the state the writes will apply to.

        Raises:
            StoreBusyError: another connection held the lock longer than the timeout.
            RegistryFileError: the store was opened read-only.
        """
        if self._mode == "ro":
            raise RegistryFileError(self._path, "is opened read-only; nothing was written")
        depth = self._depth
        if depth == 0:
            self._execute_locking("BEGIN IMMEDIATE", "starting a write")
        else:
            self._db.execute(f"SAVEPOINT sp{depth}")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            if depth == 0:
                self._db.execute("ROLLBACK")
            else:
                self._db.execute(f"ROLLBACK TO sp{depth}")
                self._db.execute(f"RELEASE sp{depth}")
            raise
        self._depth -= 1
        if depth == 0:
            try:
                self._execute_locking("COMMIT", "committing")
            except StoreBusyError:
                self._db.execute("ROLLBACK")
                raise
        else:
            self._db.execute(f"RELEASE sp{depth}")

    def operation_error(
        self, exc: sqlite3.OperationalError, operation: str
    ) -> StoreBusyError | RegistryFileError:
        """The library error for SQLite's ``exc`` during ``operation`` through
        :attr:`connection`: :class:`StoreBusyError` for a lock held longer than the timeout,
        else :class:`RegistryFileError` (a full disk, an I/O error)."""
        if _is_lock_error(exc):
            return StoreBusyError(self._path, self._timeout, operation)
        return RegistryFileError(self._path, f"{operation} failed: {exc}")

    @contextmanager
    def load_journal(self) -> Iterator[bool]:
        """For a bulk load into an empty registry, entered before its transaction: while this
        is the only connection to the file, switch from the write-ahead log to a rollback
        journal (``DELETE``, with ``synchronous = FULL``) until the block ends, then back to
        WAL. Yields whether it switched.

        In WAL mode every page a load writes is written twice: to the log, then copied into
        the database at the checkpoint (measured at ten million persons: 5 to 10 s of the
        commit). With a rollback journal a new page is written once and only the pages that
        held data before the load are saved to the journal; the load stays atomic (a killed
        process leaves a journal that rolls it back at the next open). The price: another
        connection opening the file during the load waits for it (up to its timeout), as it
        would for any rollback-journal writer, so a store with other connections open keeps
        WAL (the switch is tried without waiting). Should a connection that opened meanwhile
        hold a read lock past the timeout at the end, this connection keeps the rollback
        journal (as safe, less concurrent) until the file is opened again."""
        db = self._db
        if self._depth or self._mode == "ro":
            yield False
            return
        if str(db.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
            yield False
            return
        db.execute("PRAGMA busy_timeout = 0")
        try:
            mode = str(db.execute("PRAGMA journal_mode = DELETE").fetchone()[0]).lower()
        except sqlite3.OperationalError as exc:
            if not _is_lock_error(exc):
                raise RegistryFileError(self._path, f"changing the journal failed: {exc}") from None
            mode = "wal"  # another connection has the file open
        finally:
            db.execute(f"PRAGMA busy_timeout = {round(self._timeout * 1000)}")
        if mode != "delete":
            yield False
            return
        db.execute("PRAGMA synchronous = FULL")  # NORMAL is not power-safe with this journal
        try:
            yield True
        finally:
            # a reader that kept the lock past the timeout: the journal stays until the next open
            with suppress(StoreBusyError):
                self._execute_locking("PRAGMA journal_mode = WAL", "returning to WAL")
                db.execute("PRAGMA synchronous = NORMAL")

    @contextmanager
    def unchecked_transaction(self) -> Iterator[None]:
        """A :meth:`transaction` whose writes through :attr:`connection` are not checked
        against the foreign keys, for a set-based load that checks every reference itself
        (the bulk import, storing a population): two index searches per membership saved.

        SQLite ignores the foreign-key switch inside a transaction, so the checks are off only
        when this is the outermost transaction; inside a caller's transaction they stay on.
        They are switched on again when it ends, committed or rolled back.
        """
        outermost = not self.in_transaction
        if outermost:
            self._db.execute("PRAGMA foreign_keys = OFF")
        try:
            with self.transaction():
                yield
        finally:
            if outermost:
                self._db.execute("PRAGMA foreign_keys = ON")

    def _execute_locking(self, statement: str, operation: str) -> None:
        def run() -> None:
            self._db.execute(statement)

        self._locked(run, operation)

    def _exists(self, table: str, key: str, value: int) -> bool:
        row = self._db.execute(f"SELECT 1 FROM {table} WHERE {key} = ?", (value,)).fetchone()
        return row is not None
