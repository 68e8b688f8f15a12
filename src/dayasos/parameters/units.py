"""The units of parameter values (:class:`BaseUnit`, :class:`Unit`): what a value may be
and how a value read from a data file is checked."""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import TypeAlias

from attrs import define

from dayasos.errors import ValidationError
from dayasos.money import Rupiah

__all__ = ["DENOMINATORS", "BaseUnit", "Unit", "Value"]

Value: TypeAlias = int | Decimal | bool | str | tuple[int, ...]
"""What a parameter value can be, decided by its unit (see :class:`BaseUnit`)."""


class BaseUnit(enum.Enum):
    """The base unit of a parameter, which also fixes the Python type of its values."""

    RUPIAH = "rupiah"
    """Whole rupiah (``int`` in the file, :class:`~dayasos.money.Rupiah` from ``rupiah()``)."""
    PERCENT = "percent"
    """Percent points, written as a decimal string (``"2.5"``), read as ``Decimal``."""
    RATIO = "ratio"
    """A plain ratio, written as a decimal string, read as ``Decimal``."""
    YEARS = "years"
    MONTHS = "months"
    DAYS = "days"
    PERSONS = "persons"
    COUNT = "count"
    PACKAGES = "packages"
    KG = "kg"
    BOOLEAN = "boolean"
    CODE = "code"
    """A short text code (``str``)."""
    MONTH_NUMBERS = "month_numbers"
    """A list of month numbers 1-12 (``tuple[int, ...]``)."""

    @property
    def python_type(self) -> type:
        """The Python type of values in this unit."""
        if self in (BaseUnit.PERCENT, BaseUnit.RATIO):
            return Decimal
        if self is BaseUnit.BOOLEAN:
            return bool
        if self is BaseUnit.CODE:
            return str
        if self is BaseUnit.MONTH_NUMBERS:
            return tuple
        return int


DENOMINATORS: frozenset[str] = frozenset(
    {"person", "family", "kpm", "group", "household", "month", "year", "package", "unit", "stage"}
)
"""The words allowed after ``/`` in a unit (``rupiah/person/year``)."""


@define(frozen=True, slots=True)
class Unit:
    """A unit such as ``rupiah/person/year``: a base unit and zero or more denominators."""

    base: BaseUnit
    per: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> Unit:
        """Parse ``"rupiah/person/year"``; raises ValidationError naming the unknown part."""
        if not isinstance(text, str) or not text.strip():
            raise ValidationError(
                "unit", "must be a text like 'rupiah/person/year'", shown=repr(text)
            )
        head, *rest = [p.strip() for p in text.split("/")]
        try:
            base = BaseUnit(head)
        except ValueError:
            known = ", ".join(u.value for u in BaseUnit)
            raise ValidationError(
                "unit", f"unknown base unit {head!r}; known: {known}", shown=repr(text)
            ) from None
        for p in rest:
            if p not in DENOMINATORS:
                known = ", ".join(sorted(DENOMINATORS))
                raise ValidationError(
                    "unit", f"unknown denominator {p!r}; known: {known}", shown=repr(text)
                )
        return cls(base, tuple(rest))

    def __str__(self) -> str:
        return "/".join((self.base.value, *self.per))

    def check(self, value: object, where: str = "value") -> Value:
        """Return ``value`` converted to this unit's Python type, or raise ValidationError.

        Floats are always rejected: amounts are exact.
        """
        base = self.base
        if isinstance(value, float):
            raise ValidationError(
                where, f"must not be a float in unit {self}; write a decimal string like '2.5'"
            )
        if base is BaseUnit.RUPIAH and isinstance(value, Rupiah):
            return value.amount
        if base in (BaseUnit.PERCENT, BaseUnit.RATIO):
            if isinstance(value, Decimal) and value.is_finite():
                return value
            if isinstance(value, int) and not isinstance(value, bool):
                return Decimal(value)
            if isinstance(value, str):
                try:
                    d = Decimal(value)
                except ArithmeticError:
                    d = Decimal("NaN")
                if d.is_finite():
                    return d
            raise ValidationError(
                where, f"must be a decimal number in unit {self}", shown=repr(value)
            )
        if base is BaseUnit.BOOLEAN:
            if isinstance(value, bool):
                return value
            raise ValidationError(where, "must be true or false", shown=repr(value))
        if base is BaseUnit.CODE:
            if isinstance(value, str) and value.strip():
                return value
            raise ValidationError(where, "must be a non-empty text code", shown=repr(value))
        if base is BaseUnit.MONTH_NUMBERS:
            if isinstance(value, list | tuple) and all(
                isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 12 for v in value
            ):
                return tuple(value)
            raise ValidationError(where, "must be a list of month numbers 1-12", shown=repr(value))
        if isinstance(value, int) and not isinstance(value, bool):
            if value < 0 and base is not BaseUnit.RUPIAH:
                raise ValidationError(
                    where, f"must not be negative in unit {self}", shown=repr(value)
                )
            return value
        raise ValidationError(where, f"must be an integer in unit {self}", shown=repr(value))
