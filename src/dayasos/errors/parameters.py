"""Errors and the warning of the parameter area: a missing name, no value in force, an
unknown value, a malformed parameter file."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from dayasos.errors.base import DayasosWarning, ParameterError
from dayasos.errors.input import ValidationError
from dayasos.redaction import redact

__all__ = [
    "ParameterDateError",
    "ParameterFileError",
    "ParameterNotFoundError",
    "ParameterValueUnknownError",
    "UnknownParameterWarning",
]


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
