"""The root of the hierarchy: :class:`DayasosError`, one base per area, and the warnings' root.

Every concrete error derives from exactly one area base (a parameter file, a malformed input of
the parameter store, from two); the concrete errors of each area are in the module of that
area, all re-exported from :mod:`dayasos.errors`.
"""

from __future__ import annotations

from typing import Any

from dayasos.redaction import redact

__all__ = [
    "AREA_BASES",
    "AllocationError",
    "DayasosError",
    "DayasosWarning",
    "InputError",
    "LifecycleError",
    "ParameterError",
    "RegistryError",
    "ServiceError",
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
