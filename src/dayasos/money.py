"""Exact money: the :class:`Rupiah` value type, named rounding policies and exact percentages.

Rupiah amounts are whole integers, never floats. Any rule that divides money must say how
it rounds, by passing a :class:`RoundingPolicy`; the common ones have names:

Examples:
    >>> from dayasos.money import Rupiah, HALF_UP_RP1
    >>> Rupiah(3_000_000).divide(12, HALF_UP_RP1)
    Rupiah(250000)
    >>> str(Rupiah(3_000_000))
    'Rp3.000.000'
    >>> Rupiah.parse("Rp3.000.000")
    Rupiah(3000000)
    >>> Rupiah(1_000).allocate([1, 1, 1])
    (Rupiah(334), Rupiah(333), Rupiah(333))

Percentages (absorption rates, shares) are :class:`Percentage` values holding an exact
fraction; they are rounded only when shown, with a declared number of places and mode.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, SupportsIndex

from attrs import define, field

from dayasos.errors import ValidationError
from dayasos.largest_remainder import largest_remainder
from dayasos.rounding import (
    DOWN_RP1,
    DOWN_RP1000,
    HALF_EVEN_RP1,
    HALF_UP_RP1,
    HALF_UP_RP1000,
    Exact,
    Rounding,
    RoundingPolicy,
    round_exact,
    to_fraction,
)

__all__ = [
    "DOWN_RP1",
    "DOWN_RP1000",
    "HALF_EVEN_RP1",
    "HALF_UP_RP1",
    "HALF_UP_RP1000",
    "Exact",
    "Percentage",
    "Rounding",
    "RoundingPolicy",
    "Rupiah",
    "round_exact",
]


def _int_amount(_: Any, attribute: Any, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(
            "amount",
            f"a Rupiah amount must be an int number of rupiah, not {type(value).__name__}; "
            "use Rupiah.parse() for text or a RoundingPolicy for fractions",
            shown=repr(value),
        )


_PARSE_RE = re.compile(
    r"""^\s*(?P<sign>[-\u2212+])?\s*
    (?:(?:rp|idr)\.?\s*)?
    (?P<sign2>[-\u2212])?\s*
    (?P<digits>\d{1,3}(?:\.\d{3})+|\d+)
    (?:,(?P<cents>\d+|-))?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


@define(frozen=True, slots=True, order=True, repr=False)
class Rupiah:
    """An exact amount of Indonesian rupiah (whole rupiah, may be negative, e.g. a refund).

    Arithmetic between amounts is exact; multiplying by an int is exact; anything that
    divides (:meth:`divide`, :meth:`scale`) needs a :class:`RoundingPolicy`, and splitting
    (:meth:`split`, :meth:`allocate`) never loses or creates a rupiah.
    """

    amount: int = field(validator=_int_amount)

    # ----------------------------------------------------------------- construction
    @classmethod
    def zero(cls) -> Rupiah:
        """Rp0."""
        return cls(0)

    @classmethod
    def from_thousands(cls, thousands: int) -> Rupiah:
        """An amount given in ribu rupiah (thousands), as many budget tables state them."""
        if isinstance(thousands, bool) or not isinstance(thousands, int):
            raise ValidationError("thousands", "must be an int", shown=repr(thousands))
        return cls(thousands * 1000)

    @classmethod
    def parse(cls, text: str) -> Rupiah:
        """Parse the Indonesian notation back into an amount.

        Accepts ``"Rp3.000.000"``, ``"Rp 3.000.000"``, ``"Rp3.000.000,00"``, ``"Rp3.000.000,-"``,
        ``"-Rp250.000"``, ``"IDR 1.500"`` and plain digits ``"3000000"``. Thousands must be grouped
        by dots in threes. A non-zero fraction of a rupiah (``",50"``) is rejected, not rounded.
        """
        if not isinstance(text, str):
            raise ValidationError("text", "must be a string", shown=repr(text))
        m = _PARSE_RE.match(text)
        if m is None:
            raise ValidationError(
                "text",
                "is not a rupiah amount like 'Rp3.000.000' or '3000000'",
                shown=repr(text[:40]),
            )
        cents = m.group("cents")
        if cents is not None and cents != "-" and int(cents) != 0:
            raise ValidationError(
                "text",
                "has a fraction of a rupiah; amounts are whole rupiah",
                shown=repr(text[:40]),
            )
        if m.group("sign") and m.group("sign2"):
            raise ValidationError("text", "has two signs", shown=repr(text[:40]))
        value = int(m.group("digits").replace(".", ""))
        sign = m.group("sign") or m.group("sign2") or "+"
        return cls(-value if sign in "-\u2212" else value)

    # ----------------------------------------------------------------- formatting
    def format(self, *, symbol: str = "Rp", space: bool = False) -> str:
        """Indonesian notation: ``Rp3.000.000``, ``-Rp250.000`` (dots group thousands)."""
        grouped = f"{abs(self.amount):,}".replace(",", ".")
        sign = "-" if self.amount < 0 else ""
        return f"{sign}{symbol}{' ' if space else ''}{grouped}"

    def __str__(self) -> str:
        return self.format()

    def __repr__(self) -> str:
        return f"Rupiah({self.amount})"

    def __format__(self, spec: str) -> str:
        if not spec:
            return self.format()
        return format(self.amount, spec)

    # ----------------------------------------------------------------- arithmetic
    def __add__(self, other: Rupiah) -> Rupiah:
        if not isinstance(other, Rupiah):
            return NotImplemented
        return Rupiah(self.amount + other.amount)

    def __radd__(self, other: object) -> Rupiah:
        # lets the builtin sum() start from 0
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return NotImplemented

    def __sub__(self, other: Rupiah) -> Rupiah:
        if not isinstance(other, Rupiah):
            return NotImplemented
        return Rupiah(self.amount - other.amount)

    def __neg__(self) -> Rupiah:
        return Rupiah(-self.amount)

    def __pos__(self) -> Rupiah:
        return self

    def __abs__(self) -> Rupiah:
        return Rupiah(abs(self.amount))

    def __mul__(self, factor: SupportsIndex) -> Rupiah:
        if isinstance(factor, bool) or not isinstance(factor, int):
            return NotImplemented
        return Rupiah(self.amount * factor)

    __rmul__ = __mul__

    def __bool__(self) -> bool:
        return self.amount != 0

    @property
    def is_zero(self) -> bool:
        """True for Rp0."""
        return self.amount == 0

    def divide(self, divisor: Exact, policy: RoundingPolicy) -> Rupiah:
        """``self / divisor`` rounded by ``policy`` (e.g. a yearly amount paid monthly)."""
        d = to_fraction(divisor, "divisor")
        if d == 0:
            raise ValidationError("divisor", "must not be zero", shown="0")
        return Rupiah(policy.apply(Fraction(self.amount) / d))

    def scale(self, factor: Exact, policy: RoundingPolicy) -> Rupiah:
        """``self * factor`` rounded by ``policy`` (e.g. +25 %: ``scale(Fraction(5, 4), ...)``)."""
        return Rupiah(policy.apply(Fraction(self.amount) * to_fraction(factor, "factor")))

    def ratio(self, whole: Rupiah) -> Fraction:
        """The exact ratio ``self / whole`` as a fraction."""
        if whole.amount == 0:
            raise ValidationError("whole", "must not be Rp0 for a ratio", shown="Rp0")
        return Fraction(self.amount, whole.amount)

    def split(self, parts: int) -> tuple[Rupiah, ...]:
        """Split into ``parts`` near-equal amounts; the first ones get the extra rupiah."""
        if isinstance(parts, bool) or not isinstance(parts, int) or parts < 1:
            raise ValidationError("parts", "must be a positive int", shown=repr(parts))
        return self.allocate([1] * parts)

    def allocate(self, weights: Sequence[Exact]) -> tuple[Rupiah, ...]:
        """Split in proportion to ``weights`` without losing or creating a rupiah.

        Largest-remainder method (:func:`dayasos.largest_remainder.largest_remainder`): each
        part gets the floor of its exact share, then the rupiah left over go one each to the
        largest remainders; equal remainders go to the larger weight, then to the earlier
        one. The parts always sum to ``self``. Negative amounts are split symmetrically.
        """
        fr = [to_fraction(w, f"weights[{i}]") for i, w in enumerate(weights)]
        if not fr:
            raise ValidationError("weights", "must not be empty")
        for i, w in enumerate(fr):
            if w < 0:
                raise ValidationError("weights", "must not be negative", index=i, shown=str(w))
        total = sum(fr, Fraction(0))
        if total == 0:
            raise ValidationError("weights", "must not all be zero")
        if self.amount < 0:
            return tuple(-p for p in Rupiah(-self.amount).allocate(weights))
        scale = math.lcm(*(w.denominator for w in fr))
        iw = [w.numerator * (scale // w.denominator) for w in fr]
        parts = largest_remainder(self.amount, [self.amount * w for w in iw], sum(iw), iw)
        return tuple(Rupiah(p) for p in parts)

    @staticmethod
    def total(amounts: Iterable[Rupiah]) -> Rupiah:
        """Sum of ``amounts`` (Rp0 for none)."""
        return Rupiah(sum(a.amount for a in amounts))


def _fraction_value(_: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, Fraction):
        raise ValidationError(
            "value", f"must be a Fraction, not {type(value).__name__}", shown=repr(value)
        )


_PCT_RE = re.compile(r"^\s*(?P<num>[-+]?\d+(?:[.,]\d+)?)\s*%?\s*$")


@define(frozen=True, slots=True, order=True, repr=False)
class Percentage:
    """An exact percentage (``value`` is in percent points, as a fraction).

    Computed exactly, rounded only when shown:

    Examples:
        >>> p = Percentage.of(Rupiah(603_100), Rupiah(1_000_000))
        >>> p.rounded(2)
        Decimal('60.31')
        >>> p.format()
        '60,31%'
    """

    value: Fraction = field(validator=_fraction_value)

    @classmethod
    def of(cls, part: Rupiah, whole: Rupiah) -> Percentage:
        """``part`` as a percentage of ``whole`` (exact)."""
        return cls(part.ratio(whole) * 100)

    @classmethod
    def from_exact(cls, value: Exact) -> Percentage:
        """A percentage from an exact number of percent points (``Decimal("60.31")``)."""
        return cls(to_fraction(value))

    @classmethod
    def parse(cls, text: str) -> Percentage:
        """Parse ``"60,31 %"``, ``"60.31%"`` or ``"60"``; a comma or a dot marks decimals."""
        m = _PCT_RE.match(text) if isinstance(text, str) else None
        if m is None:
            raise ValidationError("text", "is not a percentage like '60,31 %'", shown=repr(text))
        return cls(Fraction(Decimal(m.group("num").replace(",", "."))))

    @property
    def fraction(self) -> Fraction:
        """The share as a fraction of one (60 % -> 3/5)."""
        return self.value / 100

    def rounded(self, places: int = 2, mode: Rounding = Rounding.HALF_UP) -> Decimal:
        """The percentage as a Decimal with ``places`` decimals, rounded by ``mode``."""
        if places < 0:
            raise ValidationError("places", "must not be negative", shown=str(places))
        scale = 10**places
        n = round_exact(self.value * scale, mode)
        return Decimal(n).scaleb(-places)

    def format(self, places: int = 2, mode: Rounding = Rounding.HALF_UP) -> str:
        """Indonesian notation with a decimal comma: ``'60,31%'``."""
        text = f"{self.rounded(places, mode):f}".replace(".", ",")
        return f"{text}%"

    def of_amount(self, amount: Rupiah, policy: RoundingPolicy) -> Rupiah:
        """This percentage of ``amount``, rounded by ``policy``."""
        return amount.scale(self.fraction, policy)

    def __str__(self) -> str:
        return self.format()

    def __repr__(self) -> str:
        return f"Percentage({self.value})"
