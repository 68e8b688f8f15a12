"""Exact rounding: the modes, :func:`round_exact` and the named :class:`RoundingPolicy`
values every rule that divides money must pass (see :mod:`dayasos.money`)."""

from __future__ import annotations

import enum
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

from attrs import define, field

from dayasos.errors import ValidationError

__all__ = [
    "DOWN_RP1",
    "DOWN_RP1000",
    "HALF_EVEN_RP1",
    "HALF_UP_RP1",
    "HALF_UP_RP1000",
    "Exact",
    "Rounding",
    "RoundingPolicy",
    "round_exact",
    "to_fraction",
]

Exact = int | Fraction | Decimal
"""Numbers that can be handled without loss: integers, fractions and decimals (never float)."""


class Rounding(enum.Enum):
    """How a non-integral quantity becomes a multiple of the rounding unit."""

    HALF_UP = "half_up"
    """Nearest; halves away from zero (the usual school rule, ``ROUND_HALF_UP``)."""
    HALF_EVEN = "half_even"
    """Nearest; halves to the even multiple (banker's rounding)."""
    DOWN = "down"
    """Toward zero (truncate)."""
    UP = "up"
    """Away from zero."""
    FLOOR = "floor"
    """Toward negative infinity."""
    CEILING = "ceiling"
    """Toward positive infinity."""


def to_fraction(value: Exact, what: str = "value") -> Fraction:
    """``value`` as an exact fraction; a ValidationError naming ``what`` for a float, a bool
    or anything that is not an int, Fraction or Decimal."""
    if isinstance(value, bool) or not isinstance(value, int | Fraction | Decimal):
        raise ValidationError(
            what, f"must be an int, Fraction or Decimal, not {type(value).__name__}"
        )
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValidationError(what, "must be a finite number", shown=str(value))
    return Fraction(value)


def round_exact(value: Exact, mode: Rounding, unit: int = 1) -> int:
    """Round ``value`` to an integer multiple of ``unit`` using ``mode``; exact, no float.

    Examples:
        >>> round_exact(Fraction(5, 2), Rounding.HALF_UP)
        3
        >>> round_exact(Fraction(-5, 2), Rounding.HALF_UP)
        -3
        >>> round_exact(Decimal("1499.5"), Rounding.HALF_UP, unit=1000)
        1000
    """
    if unit < 1:
        raise ValidationError("unit", "must be a positive integer", shown=str(unit))
    q = to_fraction(value) / unit
    floor = q.numerator // q.denominator
    rest = q - floor  # in [0, 1)
    if rest == 0:
        return floor * unit
    negative = q < 0
    if mode is Rounding.FLOOR:
        n = floor
    elif mode is Rounding.CEILING:
        n = floor + 1
    elif mode is Rounding.DOWN:
        n = floor + 1 if negative else floor
    elif mode is Rounding.UP:
        n = floor if negative else floor + 1
    else:
        half = Fraction(1, 2)
        if rest > half:
            n = floor + 1
        elif rest < half:
            n = floor
        elif mode is Rounding.HALF_UP:
            n = floor if negative else floor + 1
        else:  # HALF_EVEN
            n = floor if floor % 2 == 0 else floor + 1
    return n * unit


def _positive_unit(_: Any, attribute: Any, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(
            "unit", "must be a positive integer number of rupiah", shown=repr(value)
        )


@define(frozen=True, slots=True)
class RoundingPolicy:
    """A named way to turn an exact amount into whole rupiah: a unit (Rp1, Rp1.000, ...) and a mode."""

    unit: int = field(validator=_positive_unit)
    mode: Rounding
    name: str = field(default="", eq=False)

    def apply(self, value: Exact) -> int:
        """Round ``value`` (in rupiah) under this policy; returns an integer number of rupiah."""
        return round_exact(value, self.mode, self.unit)

    def __str__(self) -> str:
        return self.name or f"{self.mode.value} to Rp{self.unit}"


HALF_UP_RP1: Final = RoundingPolicy(1, Rounding.HALF_UP, "half-up to Rp1")
"""Nearest rupiah, halves up."""
HALF_UP_RP1000: Final = RoundingPolicy(1000, Rounding.HALF_UP, "half-up to Rp1.000")
"""Nearest thousand rupiah, halves up."""
DOWN_RP1: Final = RoundingPolicy(1, Rounding.DOWN, "down to Rp1")
"""Whole rupiah, remainder dropped (toward zero)."""
DOWN_RP1000: Final = RoundingPolicy(1000, Rounding.DOWN, "down to Rp1.000")
"""Whole thousands of rupiah, remainder dropped (toward zero)."""
HALF_EVEN_RP1: Final = RoundingPolicy(1, Rounding.HALF_EVEN, "half-even to Rp1")
"""Nearest rupiah, halves to even (banker's rounding)."""
