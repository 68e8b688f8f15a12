"""JSON-ready structure and unstructure of dayasos values, with cattrs.

One shared :class:`cattrs.Converter` knows the foundation types, so every module (registry
import/export, decisions, budget reports) writes them the same way:

==============================  ==============================================
type                            JSON form
==============================  ==============================================
:class:`~dayasos.money.Rupiah`  integer number of rupiah
:class:`~dayasos.money.Percentage`  exact fraction as text, ``"6031/100"``
``Decimal``                     text, ``"60.31"`` (never a float)
``Fraction``                    text, ``"1/3"``
``date``                        ISO text, ``"2020-07-01"``
periods                         their written form: ``"2020-T2"``, ``"2020-07"``
enums                           their value
attrs classes                   objects, recursively
==============================  ==============================================

Examples:
    >>> from dayasos.money import Rupiah
    >>> from dayasos.periods import Triwulan
    >>> to_json({"paid": Rupiah(1_625_000), "period": Triwulan(2021, 2)})
    '{"paid": 1625000, "period": "2021-T2"}'
    >>> from_json('"Rp1.625.000"', Rupiah)
    Rupiah(1625000)

Structuring collects every problem cattrs-style; :func:`structure` turns them into one
:class:`~dayasos.errors.BulkValidationError` whose items name the path of each bad field
(``$.members[2].birth_date``).
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, TypeVar

import cattrs
from cattrs.errors import ClassValidationError, IterableValidationError
from cattrs.v import format_exception, transform_error

from dayasos.errors import BulkValidationError, ValidationError
from dayasos.money import Percentage, Rupiah
from dayasos.periods import FiscalYear, Month, Period, Semester, Triwulan, parse_period

__all__ = ["converter", "from_json", "make_converter", "structure", "to_json", "unstructure"]

T = TypeVar("T")


def _structure_rupiah(value: Any, _: type) -> Rupiah:
    if isinstance(value, Rupiah):
        return value
    if isinstance(value, str):
        return Rupiah.parse(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return Rupiah(value)
    raise ValidationError(
        "amount", "must be an integer number of rupiah or a text like 'Rp1.000'", shown=repr(value)
    )


def _structure_decimal(value: Any, _: type) -> Decimal:
    if isinstance(value, float | bool):
        raise ValidationError("value", "must be a decimal written as text, not a float or bool")
    try:
        d = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError("value", "is not a decimal number", shown=repr(value)) from None
    if not d.is_finite():
        raise ValidationError("value", "must be finite", shown=repr(value))
    return d


def _structure_fraction(value: Any, _: type) -> Fraction:
    if isinstance(value, float | bool):
        raise ValidationError("value", "must be a fraction written as text, not a float or bool")
    try:
        return Fraction(value)
    except (TypeError, ValueError, ZeroDivisionError):
        raise ValidationError("value", "is not a fraction like '1/3'", shown=repr(value)) from None


def _structure_date(value: Any, _: type) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValidationError("date", "must be an ISO date like 2020-07-01", shown=repr(value))


def _structure_period(value: Any, cls: type) -> Period:
    p = value if isinstance(value, Period) else parse_period(str(value))
    if cls is not Period and not isinstance(p, cls):
        raise ValidationError("period", f"must be a {cls.__name__}", shown=repr(value))
    return p


def make_converter() -> cattrs.Converter:
    """A new converter with the dayasos hooks; extend it for your own types."""
    c = cattrs.Converter(forbid_extra_keys=True)
    c.register_unstructure_hook(Rupiah, lambda r: r.amount)
    c.register_structure_hook(Rupiah, _structure_rupiah)
    c.register_unstructure_hook(Percentage, lambda p: f"{p.value.numerator}/{p.value.denominator}")
    c.register_structure_hook(Percentage, lambda v, _: Percentage(_structure_fraction(v, Fraction)))
    c.register_unstructure_hook(Decimal, str)
    c.register_structure_hook(Decimal, _structure_decimal)
    c.register_unstructure_hook(Fraction, str)
    c.register_structure_hook(Fraction, _structure_fraction)
    c.register_unstructure_hook(date, date.isoformat)
    c.register_structure_hook(date, _structure_date)
    for cls in (Period, Month, Triwulan, Semester, FiscalYear):
        c.register_unstructure_hook(cls, str)
        c.register_structure_hook(cls, _structure_period)
    return c


converter = make_converter()
"""The shared converter used by dayasos modules."""


def unstructure(obj: Any) -> Any:
    """``obj`` as plain JSON-ready data (dicts, lists, str, int, bool, None)."""
    return converter.unstructure(obj)


def structure(data: Any, cls: type[T], *, using: cattrs.Converter | None = None) -> T:
    """Build a ``cls`` from plain data, raising one BulkValidationError listing every problem
    with its path (``$.members[2].birth_date: ...``). ``using`` is a converter made with
    :func:`make_converter` and extended (default: the shared one)."""
    try:
        return (using or converter).structure(data, cls)
    except (ClassValidationError, IterableValidationError) as exc:
        messages = transform_error(exc, format_exception=_format)
        problems = [ValidationError(_path(m), _problem(m)) for m in messages]
        raise BulkValidationError(cls.__name__, problems) from None
    except ValidationError:
        raise
    except (TypeError, ValueError, KeyError) as exc:
        raise BulkValidationError(cls.__name__, [ValidationError("$", str(exc))]) from None


def _format(exc: BaseException, type_: type | None) -> str:
    if isinstance(exc, ValidationError):
        return f"{exc.field}: {exc.problem}"
    return format_exception(exc, type_)


def _path(message: str) -> str:
    at = message.rfind(" @ ")
    return message[at + 3 :] if at >= 0 else "$"


def _problem(message: str) -> str:
    at = message.rfind(" @ ")
    return message[:at] if at >= 0 else message


def to_json(obj: Any, *, indent: int | None = None) -> str:
    """``obj`` as JSON text (UTF-8 characters kept)."""
    return json.dumps(unstructure(obj), ensure_ascii=False, indent=indent)


def from_json(text: str, cls: type[T]) -> T:
    """Parse JSON text into a ``cls`` (see :func:`structure`)."""
    return structure(json.loads(text), cls)
