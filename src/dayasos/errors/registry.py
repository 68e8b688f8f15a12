"""Errors of the registry area: a missing record, a conflicting write, a file that is no
registry, a busy or foreign-thread store. Keys are always shown masked."""

from __future__ import annotations

from dayasos.errors.base import RegistryError
from dayasos.redaction import redact

__all__ = [
    "RecordNotFoundError",
    "RegistryConflictError",
    "RegistryFileError",
    "StoreBusyError",
    "StoreThreadError",
]


class RecordNotFoundError(RegistryError, KeyError):
    """A registry record (person, family) does not exist; the key is shown masked."""

    def __init__(self, kind: str, shown: str) -> None:
        self.kind = kind
        self.shown = redact(shown)
        self.message = f"no {kind} with key {self.shown} in the registry"
        super().__init__(self.message)

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return self.message


class RegistryConflictError(RegistryError, ValueError):
    """A registry write contradicts what is stored (a duplicate NIK or No. KK, a second head
    of family on the same dates, a membership for an unknown person); keys are shown masked."""

    def __init__(self, what: str, problem: str) -> None:
        self.what = what
        self.problem = redact(problem)
        super().__init__(f"{what}: {problem}")


class RegistryFileError(RegistryError, ValueError):
    """A file is not a dayasos registry (not SQLite, other tables, a newer schema), or it
    cannot be created because it already exists; nothing in it was changed."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class StoreBusyError(RegistryError, RuntimeError):
    """Another connection held the registry's write lock for longer than the busy timeout.
    Nothing of the failed write was stored: retry, or open the store with a longer
    ``timeout``."""

    def __init__(self, path: str, timeout: float, operation: str) -> None:
        self.path = path
        self.timeout = timeout
        self.operation = operation
        super().__init__(
            f"registry {path} is locked by another writer ({operation} waited {timeout:g} s); "
            "nothing was written: retry later, or open the store with a longer timeout "
            "(SQLiteStore(path, timeout=...))"
        )


class StoreThreadError(RegistryError, RuntimeError):
    """A store was used from a thread other than the one that opened it; open one store per
    thread instead (see the docs page "Errors and guarantees")."""

    def __init__(self, store: str) -> None:
        self.store = store
        super().__init__(
            f"{store} was opened in another thread; a SQLiteStore belongs to the thread that "
            "opened it: open one store per thread (SQLiteStore(path) in each thread)"
        )
