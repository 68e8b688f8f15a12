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

The classes live in a module per area (:mod:`dayasos.errors.base` the root and the area
bases, :mod:`~dayasos.errors.input`, :mod:`~dayasos.errors.parameters`,
:mod:`~dayasos.errors.registry`, :mod:`~dayasos.errors.rules` for the lifecycle and
allocation, :mod:`~dayasos.errors.service`); import them from here, where every one is
re-exported and reports itself (in ``repr`` and tracebacks) as ``dayasos.errors.X``.
"""

from __future__ import annotations

from dayasos.errors.base import (
    AREA_BASES,
    AllocationError,
    DayasosError,
    DayasosWarning,
    InputError,
    LifecycleError,
    ParameterError,
    RegistryError,
    ServiceError,
)
from dayasos.errors.input import (
    BulkValidationError,
    CaseFileError,
    CategoryNotFoundError,
    SourceError,
    TextDecodeError,
    ValidationError,
)
from dayasos.errors.parameters import (
    ParameterDateError,
    ParameterFileError,
    ParameterNotFoundError,
    ParameterValueUnknownError,
    UnknownParameterWarning,
)
from dayasos.errors.registry import (
    RecordNotFoundError,
    RegistryConflictError,
    RegistryFileError,
    StoreBusyError,
    StoreThreadError,
)
from dayasos.errors.rules import AllocationInfeasibleError, InvalidTransitionError
from dayasos.errors.service import RequestError
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


for _name in __all__:
    _value = globals()[_name]
    if isinstance(_value, type):
        # one public path for every class: dayasos.errors.ValidationError, whichever module
        _value.__module__ = __name__
del _name, _value
