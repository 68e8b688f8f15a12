"""The JSON contract of dayasos: one converter for every public value type.

One :class:`cattrs.Converter` knows the foundation types and the value types of the rules and
the registry, so every surface (registry import/export, the CLI, ``dayasos serve``, your own
service) reads and writes them the same way:

==============================  ==============================================
type                            JSON form
==============================  ==============================================
:class:`~dayasos.money.Rupiah`  integer number of rupiah (``"Rp1.625.000"`` also read)
:class:`~dayasos.money.Percentage`  exact fraction as text, ``"6031/100"``
``Decimal``                     text, ``"60.31"`` (never a float)
``Fraction``                    text, ``"1/3"``
``date``                        ISO text, ``"2020-07-01"``
periods                         their written form: ``"2020-T2"``, ``"2020-07"``
category enums                  their code (``"f"``); read from the code, the Indonesian
                                name (``"Perempuan"``), the CSV letter (``"P"``) or an
                                abbreviation, in any case
other enums                     their value (``"counted"``); the member name is also read
``int``                         an integer: ``true`` and ``2.7`` are rejected, not coerced
NIK, No. KK                     masked (``"3171********0001"``) unless revealed
person names                    masked (``"S*** A***"``) unless revealed
attrs classes                   objects, recursively; unknown keys are rejected
==============================  ==============================================

Examples:
    >>> from dayasos.money import Rupiah
    >>> from dayasos.periods import Triwulan
    >>> to_json({"paid": Rupiah(1_625_000), "period": Triwulan(2021, 2)})
    '{"paid": 1625000, "period": "2021-T2"}'
    >>> from_json('"Rp1.625.000"', Rupiah)
    Rupiah(1625000)

Structuring reports **every** problem of a document in one pass: the wrong types, the values
out of range and the rules between fields of each object (a man cannot be pregnant), each with
its JSON path (``$.members[2].birth_date``), as one :class:`~dayasos.errors.BulkValidationError`.
The rejected values are never echoed, so personal data in an input cannot reach a message.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

import attrs
import cattrs

from dayasos.errors import BulkValidationError, DayasosError, ValidationError
from dayasos.money import Percentage, Rupiah
from dayasos.parameters.model import Parameter, Unit, Value
from dayasos.periods import FiscalYear, Month, Period, Semester, Triwulan
from dayasos.serialization._containers import (
    enum_hook,
    enum_spellings,
    is_enum,
    is_homogeneous_sequence,
    is_literal,
    is_str_mapping,
    literal_hook,
    mapping_factory,
    sequence_factory,
)
from dayasos.serialization._leaves import (
    is_identity,
    is_monthly_plan,
    is_region,
    join_path,
    monthly_plan_hook,
    pairs,
    problem_of,
    structure_bool,
    structure_date,
    structure_decimal,
    structure_float,
    structure_fraction,
    structure_int,
    structure_period,
    structure_rupiah,
    structure_str,
    structure_value,
    text_hook,
)
from dayasos.serialization._records import attrs_factory, structure_parameter

__all__ = [
    "converter",
    "enum_spellings",
    "from_json",
    "make_converter",
    "revealing_converter",
    "structure",
    "to_json",
    "unstructure",
]

T = TypeVar("T")


# ---------------------------------------------------------------------------- unstructure


def _masking_factory(c: cattrs.Converter) -> Callable[[type], Any]:
    """attrs classes whose fields have a masking ``repr`` (person names) write that masked form."""

    def factory(cls: type) -> Any:
        masked = {a.name: a.repr for a in attrs.fields(cls) if callable(a.repr)}
        names = [(a.name, a.alias or a.name) for a in attrs.fields(cls) if a.init]

        def hook(obj: Any) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for name, key in names:
                v = getattr(obj, name)
                mask = masked.get(name)
                out[key] = mask(v) if mask is not None else c.unstructure(v)
            return out

        return hook

    return factory


def _has_masked_field(t: Any) -> bool:
    return attrs.has(t) and any(callable(a.repr) for a in attrs.fields(t))


def make_converter(*, reveal: bool = False) -> cattrs.Converter:
    """A new converter with the dayasos hooks; extend it for your own types.

    Args:
        reveal: write NIK, No. KK and person names in full. Only for real exports to a
            place allowed to hold personal data; the default masks them.
    """
    c = cattrs.Converter(forbid_extra_keys=True)
    c.register_structure_hook(str, structure_str)
    c.register_structure_hook(int, structure_int)
    c.register_structure_hook(bool, structure_bool)
    c.register_structure_hook(float, structure_float)
    # predicates registered later are tried first: the generic attrs hook goes first
    attrs_hook = attrs_factory(c)
    c.register_structure_hook_factory(attrs.has, attrs_hook)
    c.register_unstructure_hook(Rupiah, lambda r: r.amount)
    c.register_structure_hook(Rupiah, structure_rupiah)
    c.register_unstructure_hook(Percentage, lambda p: f"{p.value.numerator}/{p.value.denominator}")
    c.register_structure_hook(Percentage, lambda v, _: Percentage(structure_fraction(v, Fraction)))
    c.register_unstructure_hook(Decimal, str)
    c.register_structure_hook(Decimal, structure_decimal)
    c.register_unstructure_hook(Fraction, str)
    c.register_structure_hook(Fraction, structure_fraction)
    c.register_unstructure_hook(date, date.isoformat)
    c.register_structure_hook(date, structure_date)
    for cls in (Period, Month, Triwulan, Semester, FiscalYear):
        c.register_unstructure_hook(cls, str)
        c.register_structure_hook(cls, structure_period)
    c.register_unstructure_hook(Unit, str)
    c.register_structure_hook(Unit, lambda v, _: Unit.parse(v))
    c.register_structure_hook(Value | None, structure_value)
    c.register_unstructure_hook_func(is_identity, (lambda v: v.reveal()) if reveal else str)
    c.register_structure_hook_factory(is_identity, text_hook)
    c.register_unstructure_hook_func(
        is_monthly_plan, lambda plan: {str(m): r.amount for m, r in plan.items()}
    )
    c.register_structure_hook_factory(is_monthly_plan, monthly_plan_hook)
    c.register_unstructure_hook_func(is_region, str)
    c.register_structure_hook_factory(is_region, text_hook)
    c.register_unstructure_hook_func(is_enum, lambda e: e.value)
    c.register_structure_hook_factory(is_enum, enum_hook)
    c.register_structure_hook_factory(is_literal, literal_hook)
    c.register_structure_hook_factory(is_homogeneous_sequence, sequence_factory(c))
    c.register_structure_hook_factory(is_str_mapping, mapping_factory(c))
    c.register_structure_hook(Parameter, structure_parameter(attrs_hook(Parameter)))
    if not reveal:
        c.register_unstructure_hook_factory(_has_masked_field, _masking_factory(c))
    return c


converter = make_converter()
"""The shared converter: personal identifiers and names are written masked."""

revealing_converter = make_converter(reveal=True)
"""The converter of real exports: NIK, No. KK and names written in full."""


def unstructure(obj: Any, *, reveal: bool = False) -> Any:
    """``obj`` as plain JSON-ready data (dicts, lists, str, int, bool, None).

    Args:
        obj: any value the converter knows.
        reveal: write NIK, No. KK and names in full (default: masked).
    """
    return (revealing_converter if reveal else converter).unstructure(obj)


def structure(data: Any, cls: type[T], *, using: cattrs.Converter | None = None) -> T:
    """Build a ``cls`` from plain data, reporting every problem of the document at once.

    Args:
        data: parsed JSON (dicts, lists, texts, numbers, booleans, null).
        cls: the type to build.
        using: a converter made with :func:`make_converter` and extended (default: the
            shared one).

    Raises:
        BulkValidationError: one :class:`~dayasos.errors.ValidationError` per problem, its
            ``field`` the JSON path (``$.members[2].birth_date``) and ``problem`` what is
            wrong (for an enum, the valid values).
    """
    try:
        return (using or converter).structure(data, cls)
    except BulkValidationError as p:
        errors = [ValidationError(join_path("$", path), problem) for path, problem in pairs(p)]
    except ValidationError as exc:
        errors = [ValidationError("$", exc.problem)]
    except (DayasosError, ValueError, TypeError, LookupError, cattrs.BaseValidationError) as exc:
        errors = [ValidationError("$", problem_of(exc))]
    raise BulkValidationError(_type_name(cls), errors)


def _type_name(cls: Any) -> str:
    return getattr(cls, "__name__", None) or str(cls)


def to_json(obj: Any, *, indent: int | None = None, reveal: bool = False) -> str:
    """``obj`` as JSON text (UTF-8 characters kept).

    Args:
        obj: any value the converter knows.
        indent: pretty-print with this indent.
        reveal: write NIK, No. KK and names in full (an explicit choice for real exports).
    """
    return json.dumps(unstructure(obj, reveal=reveal), ensure_ascii=False, indent=indent)


def from_json(text: str | bytes, cls: type[T]) -> T:
    """Parse JSON text into a ``cls`` (see :func:`structure`); text that is not JSON is
    reported as one problem at ``$``."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        where = f" at line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else ""
        msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "not UTF-8"
        raise BulkValidationError(
            _type_name(cls), [ValidationError("$", f"is not JSON ({msg}{where})")]
        ) from None
    except RecursionError:
        raise BulkValidationError(
            _type_name(cls), [ValidationError("$", "is nested too deeply")]
        ) from None
    return structure(data, cls)
