"""Apportionment: splitting an integer total (packages, KPM slots, rupiah) across units in
proportion to weights, exactly, with per-unit bounds.

Methods (:class:`Method`): largest remainder (Hamilton) and the divisor methods D'Hondt
(Jefferson), Sainte-Laguë (Webster) and Huntington-Hill. Everything is exact: weights are
ints, Fractions or Decimals (never floats) and shares are Fractions; Huntington-Hill's
geometric means are compared by their squares, never through a float square root.

**Bounds.** Each unit may have a minimum and a maximum. For Hamilton the exact share of a unit
is its *bounded quota*: ``clamp(λ·weight, minimum, maximum)`` with the single λ for which the
bounded quotas sum to the total; the rounding then gives every unit the floor or the ceiling
of its bounded quota. For a divisor method a unit receives ``clamp(count(weight / D), minimum,
maximum)`` seats for a common divisor ``D`` (the bounded divisor method).

**Computation.** Weights are scaled to integers, so shares, floors and remainders are exact
integer arithmetic. λ is found by a floating-point sweep over the breakpoints of the clamped
sum and then confirmed with exact integer checks (an exact bisection decides when the check
fails). A divisor method starts from the seats above the threshold ``1/λ`` and corrects them
seat by seat in order of priority, so the work grows with the number of units, never with
the total (rupiah amounts of 10^13 and more are as fast as small totals).

**Ties** (equal remainders, or equal priorities for the next seat) go to the unit with the
larger weight, then to the unit whose key sorts first. Neither input order nor dict order
matters. Hamilton's rounding is :func:`dayasos.largest_remainder.largest_remainder`, the one
also used by :meth:`dayasos.money.Rupiah.allocate`.

**Zero weights** receive their minimum only. **Huntington-Hill** gives each unit with a
positive weight its first seat before any unit its second (the divisor of the first seat is
0); if the total is smaller than the number of such units, the first seats go by the tie
rule above (larger weight first).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from attrs import define, field

from dayasos.eligibility.allocation.divisor import divisor_seats
from dayasos.eligibility.allocation.method import Method
from dayasos.eligibility.allocation.quotas import bounded_quotas, weight_scale
from dayasos.eligibility.decision import check_lang
from dayasos.errors import AllocationInfeasibleError, ValidationError
from dayasos.largest_remainder import largest_remainder

__all__ = [
    "AllocationInfeasibleError",
    "Apportionment",
    "ApportionmentLine",
    "Method",
    "apportion",
]


def _exact(value: object, where: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | Fraction | Decimal):
        raise ValidationError(
            where, f"must be an int, Fraction or Decimal, not {type(value).__name__}"
        )
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValidationError(where, "must be finite")
    f = Fraction(value)
    if f < 0:
        raise ValidationError(where, "must not be negative", shown=str(value))
    return f


@define(frozen=True, slots=True)
class ApportionmentLine:
    """One unit's part of an apportionment."""

    key: Any
    """The unit (e.g. a province code)."""
    weight: Fraction
    quota: Fraction
    """The exact share: ``total × weight / Σ weights``; when bounds apply, the bounded quota
    ``clamp(λ × weight, minimum, maximum)`` whose sum is the total (see the module text)."""
    allocated: int
    minimum: int
    maximum: int | None
    bound: str | None
    """``"minimum"`` or ``"maximum"`` if that bound changed the unit's allocation, else None."""

    @property
    def rounding(self) -> Fraction:
        """What rounding gave or took: ``allocated - quota`` (exact)."""
        return self.allocated - self.quota


@define(frozen=True, slots=True)
class Apportionment:
    """The result of :func:`apportion`: one line per unit, in the order of the sorted keys."""

    method: Method
    total: int
    lines: tuple[ApportionmentLine, ...]
    divisor: Fraction | None = field(default=None)
    """For D'Hondt and Webster, the weight per seat of the last seat awarded above the
    minimums (the method's divisor at which that seat was won); None when no seat was free
    or for Huntington-Hill (whose divisors are irrational)."""

    def as_dict(self) -> dict[Any, int]:
        """``{key: allocated}``."""
        return {line.key: line.allocated for line in self.lines}

    def __getitem__(self, key: Any) -> int:
        for line in self.lines:
            if line.key == key:
                return line.allocated
        raise KeyError(key)

    def explain(self, lang: str = "id") -> str:
        """A table of every unit: weight, exact share, allocation, rounding and binding bound."""
        id_ = check_lang(lang) == "id"
        head = (
            f"Pembagian {self.total:,} dengan metode {self.method.value}".replace(",", ".")
            if id_
            else f"Apportionment of {self.total:,} by the {self.method.value} method"
        )
        cols = (
            ("unit", "bobot", "kuota", "alokasi", "pembulatan", "batas")
            if id_
            else ("unit", "weight", "quota", "allocated", "rounding", "bound")
        )
        rows = [head, "  ".join(f"{c:>12}" for c in cols)]
        for ln in self.lines:
            bound = ln.bound or ""
            if id_ and bound:
                bound = {"minimum": "minimum", "maximum": "maksimum"}[bound]
            rows.append(
                "  ".join(
                    f"{v:>12}"
                    for v in (
                        str(ln.key),
                        _short(ln.weight),
                        f"{float(ln.quota):.4f}",
                        str(ln.allocated),
                        f"{float(ln.rounding):+.4f}",
                        bound,
                    )
                )
            )
        return "\n".join(rows)


def _short(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{float(x):.6g}"


# ---------------------------------------------------------------------------- public entry
def apportion(
    total: int,
    weights: Mapping[Hashable, int | Fraction | Decimal],
    *,
    method: Method | str = Method.HAMILTON,
    minimum: int | Mapping[Hashable, int] = 0,
    maximum: int | Mapping[Hashable, int] | None = None,
) -> Apportionment:
    """Split ``total`` across the units of ``weights`` in proportion to their weights.

    Args:
        total: the integer to split (packages, KPM slots, rupiah); not negative.
        weights: unit key -> weight (int, Fraction or Decimal; not negative). Keys must be
            mutually orderable (e.g. all region-code strings): they fix the tie rule.
        method: a :class:`Method` or its name.
        minimum: the least each unit gets (one int for all, or a mapping; missing keys: 0).
        maximum: the most each unit gets (one int, a mapping, or None for no maximum;
            missing keys in a mapping: no maximum).

    Raises:
        ValidationError: bad total, weights, bounds or method.
        AllocationInfeasibleError: the bounds cannot all be met for this total.

    Examples:
        >>> r = apportion(10, {"31": 5, "32": 3, "33": 2}, method="dhondt")
        >>> r.as_dict()
        {'31': 5, '32': 3, '33': 2}
        >>> apportion(7, {"a": 1, "b": 1, "c": 1}).as_dict()
        {'a': 3, 'b': 2, 'c': 2}
    """
    m = Method.parse(method)
    if isinstance(total, bool) or not isinstance(total, int) or total < 0:
        raise ValidationError("total", "must be a non-negative int", shown=repr(total))
    if not weights:
        raise ValidationError("weights", "must name at least one unit")
    try:
        keys = sorted(weights)  # type: ignore[type-var]
    except TypeError:
        raise ValidationError("weights", "keys must be mutually orderable (e.g. all str)") from None
    w = [_exact(weights[k], f"weights[{k!r}]") for k in keys]
    lo = [_bound(minimum, k, "minimum", 0) for k in keys]
    hi = [_bound(maximum, k, "maximum", None) for k in keys]
    for i, k in enumerate(keys):
        hi_i = hi[i]
        if hi_i is not None and hi_i < lo[i]:
            raise AllocationInfeasibleError(
                f"unit {k!r}: minimum {lo[i]} is above its maximum {hi_i}"
            )
    if sum(lo) > total:
        raise AllocationInfeasibleError(
            f"the minimums add up to {sum(lo)}, more than the total {total}"
        )
    capacity: int | None = 0
    for i in range(len(keys)):
        if w[i] == 0:
            capacity = None if capacity is None else capacity + lo[i]
        elif hi[i] is None:
            capacity = None
        elif capacity is not None:
            capacity += hi[i] or 0
    if capacity is not None and capacity < total:
        raise AllocationInfeasibleError(
            f"the units can take at most {capacity} (their maximums; units of weight 0 take "
            f"only their minimum), less than the total {total}"
        )
    scale = weight_scale(w)
    iw = [x.numerator * (scale // x.denominator) for x in w]
    if m is Method.HAMILTON:
        return _hamilton(total, keys, w, iw, lo, hi)
    d = divisor_seats(m, total, iw, lo, hi)
    lines = _lines(keys, w, d.numerators, d.denominator, d.seats, lo, hi, d.binding)
    divisor = None if d.divisor is None else d.divisor / scale
    return Apportionment(m, total, lines, divisor)


def _bound(
    spec: int | Mapping[Hashable, int] | None, key: Hashable, name: str, default: int | None
) -> Any:
    if spec is None:
        return default
    value = spec.get(key, default) if isinstance(spec, Mapping) else spec
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(
            name, f"must be a non-negative int for unit {key!r}", shown=repr(value)
        )
    return value


def _lines(
    keys: list[Any],
    w: list[Fraction],
    nums: list[int],
    den: int,
    alloc: list[int],
    lo: list[int],
    hi: list[int | None],
    bound: list[str | None],
) -> tuple[ApportionmentLine, ...]:
    return tuple(
        ApportionmentLine(keys[i], w[i], Fraction(nums[i], den), alloc[i], lo[i], hi[i], bound[i])
        for i in range(len(keys))
    )


# ---------------------------------------------------------------------------- Hamilton
def _hamilton(
    total: int,
    keys: list[Any],
    w: list[Fraction],
    iw: list[int],
    lo: list[int],
    hi: list[int | None],
) -> Apportionment:
    nums, den, bound, _ = bounded_quotas(total, iw, lo, hi)
    alloc = largest_remainder(total, nums, den, iw)
    return Apportionment(Method.HAMILTON, total, _lines(keys, w, nums, den, alloc, lo, hi, bound))
