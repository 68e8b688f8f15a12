"""The exception hierarchy of dayasos.

Every exception the library raises on purpose derives from :class:`DayasosError`.
Each concrete error also subclasses the matching builtin (``ValueError``, ``KeyError``,
``LookupError``) so callers that already catch the builtin keep working::

    try:
        Rupiah.parse("Rp1.000,50")
    except ValueError as exc:           # or: except dayasos.errors.DayasosError
        print(exc)

Messages name the field, the problem and, for collections, the index of the bad item.
They never contain personal data (NIK, No. KK, names) unmasked: callers pass a masked
rendering as ``shown`` when they want the value in the message, and as a second line of
defence every message (and the ``problem``, ``shown`` and ``text`` attributes) goes through
:func:`redact`, which masks any long run of digits that could be a NIK or No. KK even when it
was put in the wrong field.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from dayasos.redaction import REDACT_MIN_DIGITS, redact

__all__ = [
    "AREA_BASES",
    "REDACT_MIN_DIGITS",
    "AllocationError",
    "AllocationInfeasibleError",
    "BulkValidationError",
    "CaseFileError",
    "CategoryNotFoundError",
    "DayasosError",
    "DayasosWarning",
    "InputError",
    "InvalidTransitionError",
    "LifecycleError",
    "ParameterDateError",
    "ParameterError",
    "ParameterFileError",
    "ParameterNotFoundError",
    "ParameterValueUnknownError",
    "RecordNotFoundError",
    "RegistryConflictError",
    "RegistryError",
    "RegistryFileError",
    "RequestError",
    "ServiceError",
    "SourceError",
    "StoreBusyError",
    "StoreThreadError",
    "TextDecodeError",
    "UnknownParameterWarning",
    "ValidationError",
    "redact",
]


def _safe(value: Any) -> Any:
    return redact(value) if isinstance(value, str) else value


class DayasosError(Exception):
    """Base class of every error raised by dayasos. Its message is always :func:`redact`-ed."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*(_safe(a) for a in args))


class InputError(DayasosError):
    """Area base: data given to dayasos was rejected at the boundary (a value, a file, a text
    that names no category, a source that cannot be read)."""


class ParameterError(DayasosError):
    """Area base: errors about the dated parameter store (a missing name, no value in force,
    an unknown value, a malformed parameter file)."""


class RegistryError(DayasosError):
    """Area base: errors of the beneficiary registry and its stores (a missing record, a
    conflicting write, a file that is no registry, a busy or foreign-thread store)."""


class LifecycleError(DayasosError):
    """Area base: a status change that a programme's lifecycle does not allow."""


class AllocationError(DayasosError):
    """Area base: a quota or budget cannot be split as asked (apportionment, selection)."""


class ServiceError(DayasosError):
    """Area base: errors of the ``dayasos serve`` HTTP service (a refused request)."""


class ValidationError(InputError, ValueError):
    """A value was rejected at the boundary.

    Attributes:
        field: dotted path of the rejected field, e.g. ``"members[2].birth_date"`` or ``"amount"``.
        problem: what is wrong with the value, in plain words.
        index: for an item of a collection (a CSV row, a list element), its position.
        shown: a safe rendering of the rejected value (masked for personal data), or ``None``.
    """

    def __init__(
        self,
        field: str,
        problem: str,
        *,
        index: int | None = None,
        shown: str | None = None,
    ) -> None:
        self.field = redact(field)
        self.problem = redact(problem)
        self.index = index
        self.shown = None if shown is None else redact(shown)
        super().__init__(self._message())

    def _message(self) -> str:
        where = self.field if self.index is None else f"{self.field} (item {self.index})"
        value = "" if self.shown is None else f" (got {self.shown})"
        return f"{where}: {self.problem}{value}"

    def at(self, index: int) -> ValidationError:
        """Return a copy of this error located at ``index`` of a collection."""
        return type(self)(self.field, self.problem, index=index, shown=self.shown)


class BulkValidationError(InputError, ValueError):
    """Several values were rejected at once; ``errors`` lists every one, nothing is dropped."""

    def __init__(self, what: str, errors: Sequence[ValidationError]) -> None:
        self.what = what
        self.errors: tuple[ValidationError, ...] = tuple(errors)
        lines = "\n".join(f"  - {e}" for e in self.errors)
        super().__init__(f"{what}: {len(self.errors)} problem(s)\n{lines}")


class CategoryNotFoundError(InputError, LookupError):
    """A text did not match any member of a category (PPKS, PSKS, programme, ...)."""

    def __init__(self, category: str, text: str, known: Sequence[str]) -> None:
        self.category = category
        self.text = redact(text) if isinstance(text, str) else text
        self.known = tuple(known)
        sample = ", ".join(self.known[:8]) + (", ..." if len(self.known) > 8 else "")
        super().__init__(f"{category}: no member matches {text!r}; known codes include {sample}")


class ParameterNotFoundError(ParameterError, KeyError):
    """No parameter of that name exists in the parameter set."""

    def __init__(self, name: str, suggestions: Sequence[str] = ()) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        self.message = redact(f"no parameter named {name!r}{hint}")
        super().__init__(self.message)

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return self.message


class ParameterDateError(ParameterError, LookupError):
    """A parameter has no value in force at the requested date."""

    def __init__(
        self,
        name: str,
        at: date,
        covered: Sequence[tuple[date, date | None]],
    ) -> None:
        self.name = name
        self.at = at
        self.covered = tuple(covered)
        spans = (
            "; ".join(
                f"{s.isoformat()} to {e.isoformat() if e else 'open end'}" for s, e in covered
            )
            or "none"
        )
        super().__init__(
            f"parameter {name!r} has no value at {at.isoformat()}; it has values for: {spans}"
        )


class ParameterValueUnknownError(ParameterError, LookupError):
    """The parameter is known to exist at that date but its value was not found in any source.

    Supply it with a reform (``ParameterSet.with_value``) to compute with an assumption.
    """

    def __init__(self, name: str, at: date, note: str) -> None:
        self.name = name
        self.at = at
        self.note = note
        super().__init__(
            f"parameter {name!r} has no known value at {at.isoformat()} ({note}); "
            "supply one with ParameterSet.with_value(...) to compute with an assumption"
        )


class ParameterFileError(ParameterError, ValidationError):
    """A parameter data file is malformed; the message names the file, the parameter and the field."""

    def __init__(self, file: str, where: str, problem: str) -> None:
        self.file = file
        self.where = where
        ValidationError.__init__(self, f"{file}: {where}", problem)

    def at(self, index: int) -> ValidationError:
        return ValidationError(self.field, self.problem, index=index, shown=self.shown)


class InvalidTransitionError(LifecycleError, ValueError):
    """A status change that the lifecycle does not allow, e.g. graduated -> active."""

    def __init__(self, machine: str, source: str, target: str, reason: str = "") -> None:
        self.machine = machine
        self.source = source
        self.target = target
        extra = f": {reason}" if reason else ""
        super().__init__(
            f"{machine}: transition from {source!r} to {target!r} is not allowed{extra}"
        )


class CaseFileError(ValidationError):
    """A data-driven test-case file is malformed; the message names the file and the field."""

    def __init__(self, file: str, where: str, problem: str, *, shown: str | None = None) -> None:
        self.file = file
        self.where = where
        ValidationError.__init__(self, f"{file}: {where}", problem, shown=shown)

    def at(self, index: int) -> ValidationError:
        return ValidationError(self.field, self.problem, index=index, shown=self.shown)


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


class TextDecodeError(ValidationError):
    """A file is not valid UTF-8 text; names the file, the line and the byte offset.

    Attributes:
        file: the file (its path, or ``<text>`` for content passed in memory).
        line: the 1-based line of the first undecodable byte (0 when unknown: a file opened
            as text fails inside its own decoder).
        offset: its 0-based byte offset in the file.
    """

    def __init__(self, file: str, line: int, offset: int, reason: str) -> None:
        self.file = file
        self.line = line
        self.offset = offset
        where = (
            f"at line {line} (byte {offset})"
            if line > 0
            else f"at character {offset} of a file opened as text (pass its path or bytes to "
            "learn the line)"
        )
        ValidationError.__init__(
            self,
            f"{file}: encoding",
            f"is not UTF-8 text: {reason} {where}; save the file as UTF-8 (Excel: "
            "'CSV UTF-8') and read it again",
        )

    def at(self, index: int) -> ValidationError:
        return ValidationError(self.field, self.problem, index=index, shown=self.shown)


class SourceError(InputError, OSError):
    """A source could not be read (missing file, a directory, no permission) or was given in a
    form the reader does not take; the message names the argument and the path."""

    def __init__(self, argument: str, problem: str) -> None:
        self.argument = argument
        self.problem = redact(problem)
        self.message = f"{argument}: {self.problem}"
        DayasosError.__init__(self, self.message)

    def __str__(self) -> str:  # OSError would otherwise format (errno, strerror)
        return self.message


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


class RequestError(ServiceError, ValueError):
    """A request to ``dayasos serve`` was refused: the HTTP status, a title and every problem
    (each a :class:`ValidationError` whose ``field`` is the JSON path, ``$.members[0].sex``)."""

    def __init__(self, status: int, title: str, errors: Sequence[ValidationError] = ()) -> None:
        self.status = status
        self.title = title
        self.errors: tuple[ValidationError, ...] = tuple(errors)
        lines = "".join(f"\n  - {e}" for e in self.errors)
        super().__init__(f"{status} {title}{lines}")


class AllocationInfeasibleError(AllocationError, ValueError):
    """The bounds cannot all be met for this total (the message names the constraint)."""


AREA_BASES: tuple[type[DayasosError], ...] = (
    InputError,
    ParameterError,
    RegistryError,
    LifecycleError,
    AllocationError,
    ServiceError,
)
"""The base class of each area; every concrete dayasos error derives from exactly one or, for
a parameter file (a malformed input of the parameter store), from two."""


class DayasosWarning(UserWarning):
    """Base class of every warning issued by dayasos."""


class UnknownParameterWarning(DayasosWarning):
    """A result depends on a parameter whose value is unknown on the date used (confidence U,
    no value in any source read): the rule that reads it is not applied, so the figures hold
    only under that reading. The message names the parameter and how to set it with a reform.

    Attributes:
        name: the parameter, e.g. ``"pkh.eligibility.max_desil"``.
        at: the date on which it has no known value.
        effect: what the computation did instead, in plain words.
    """

    def __init__(self, name: str, at: date, effect: str) -> None:
        self.name = name
        self.at = at
        self.effect = effect
        super().__init__(
            f"parameter {name!r} has no known value on {at.isoformat()}: {effect}; set one "
            f"with a reform, e.g. params.with_value({name!r}, VALUE, start=date({at.year}, 1, 1), "
            f"reform='assumption')"
        )
