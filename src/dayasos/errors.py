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
rendering as ``shown`` when they want the value in the message.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

__all__ = [
    "BulkValidationError",
    "CaseFileError",
    "CategoryNotFoundError",
    "DayasosError",
    "DayasosWarning",
    "InvalidTransitionError",
    "ParameterDateError",
    "ParameterError",
    "ParameterFileError",
    "ParameterNotFoundError",
    "ParameterValueUnknownError",
    "RecordNotFoundError",
    "RegistryConflictError",
    "UnknownParameterWarning",
    "ValidationError",
]


class DayasosError(Exception):
    """Base class of every error raised by dayasos."""


class ValidationError(DayasosError, ValueError):
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
        self.field = field
        self.problem = problem
        self.index = index
        self.shown = shown
        super().__init__(self._message())

    def _message(self) -> str:
        where = self.field if self.index is None else f"{self.field} (item {self.index})"
        value = "" if self.shown is None else f" (got {self.shown})"
        return f"{where}: {self.problem}{value}"

    def at(self, index: int) -> ValidationError:
        """Return a copy of this error located at ``index`` of a collection."""
        return type(self)(self.field, self.problem, index=index, shown=self.shown)


class BulkValidationError(DayasosError, ValueError):
    """Several values were rejected at once; ``errors`` lists every one, nothing is dropped."""

    def __init__(self, what: str, errors: Sequence[ValidationError]) -> None:
        self.what = what
        self.errors: tuple[ValidationError, ...] = tuple(errors)
        lines = "\n".join(f"  - {e}" for e in self.errors)
        super().__init__(f"{what}: {len(self.errors)} problem(s)\n{lines}")


class CategoryNotFoundError(DayasosError, LookupError):
    """A text did not match any member of a category (PPKS, PSKS, programme, ...)."""

    def __init__(self, category: str, text: str, known: Sequence[str]) -> None:
        self.category = category
        self.text = text
        self.known = tuple(known)
        sample = ", ".join(self.known[:8]) + (", ..." if len(self.known) > 8 else "")
        super().__init__(f"{category}: no member matches {text!r}; known codes include {sample}")


class ParameterError(DayasosError):
    """Base class of errors about the dated parameter store."""


class ParameterNotFoundError(ParameterError, KeyError):
    """No parameter of that name exists in the parameter set."""

    def __init__(self, name: str, suggestions: Sequence[str] = ()) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        self.message = f"no parameter named {name!r}{hint}"
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


class InvalidTransitionError(DayasosError, ValueError):
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


class RecordNotFoundError(DayasosError, KeyError):
    """A registry record (person, family) does not exist; the key is shown masked."""

    def __init__(self, kind: str, shown: str) -> None:
        self.kind = kind
        self.shown = shown
        self.message = f"no {kind} with key {shown} in the registry"
        super().__init__(self.message)

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return self.message


class RegistryConflictError(DayasosError, ValueError):
    """A registry write contradicts what is stored (a duplicate NIK or No. KK, a second head
    of family on the same dates, a membership for an unknown person); keys are shown masked."""

    def __init__(self, what: str, problem: str) -> None:
        self.what = what
        self.problem = problem
        super().__init__(f"{what}: {problem}")


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
