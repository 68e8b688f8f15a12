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
maximum)`` seats for a common divisor ``D`` (the bounded divisor method). ``D`` is estimated
in floating point, then the exact integer seat counts at it are corrected seat by seat in
order of priority, so the work grows with the number of units, not with the total (rupiah
amounts of 10^13 and more are as fast as small totals).

**Ties** (equal remainders, or equal priorities for the next seat) go to the unit with the
larger weight, then to the unit whose key sorts first. Neither input order nor dict order
matters.

**Zero weights** receive their minimum only. **Huntington-Hill** gives each unit with a
positive weight its first seat before any unit its second (the divisor of the first seat is
0); if the total is smaller than the number of such units, the first seats go by the tie
rule above (larger weight first).
"""

from __future__ import annotations

import enum
import heapq
import math
import unicodedata
from collections.abc import Callable, Hashable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from attrs import define, field

from dayasos.errors import DayasosError, ValidationError

__all__ = [
    "AllocationInfeasibleError",
    "Apportionment",
    "ApportionmentLine",
    "Method",
    "apportion",
]


class AllocationInfeasibleError(DayasosError, ValueError):
    """The bounds cannot all be met for this total (the message names the constraint)."""


class Method(enum.Enum):
    """Apportionment methods, selectable by name (see :meth:`parse`)."""

    HAMILTON = "hamilton"
    """Largest remainder (Hamilton, Hare quota)."""
    DHONDT = "dhondt"
    """D'Hondt (Jefferson): divisors 1, 2, 3, ..."""
    WEBSTER = "webster"
    """Sainte-Laguë (Webster): divisors 1, 3, 5, ... (rounding at n + 1/2)."""
    HUNTINGTON_HILL = "huntington_hill"
    """Huntington-Hill (equal proportions): rounding at the geometric mean sqrt(n(n+1))."""

    @classmethod
    def parse(cls, text: str | Method) -> Method:
        """Accepts the value or a usual name: ``"largest remainder"``, ``"jefferson"``,
        ``"d'hondt"``, ``"sainte-lague"``, ``"webster"``, ``"hill"``, ..."""
        if isinstance(text, Method):
            return text
        plain = unicodedata.normalize("NFKD", str(text).casefold())
        key = "".join(ch for ch in plain if ch.isascii() and ch.isalnum())
        for method, names in _ALIASES.items():
            if key in names:
                return method
        known = ", ".join(m.value for m in cls)
        raise ValidationError(
            "method", f"unknown apportionment method; known: {known}", shown=repr(text)
        )

    @property
    def is_divisor(self) -> bool:
        """True for D'Hondt, Webster and Huntington-Hill."""
        return self is not Method.HAMILTON


_ALIASES: dict[Method, frozenset[str]] = {
    Method.HAMILTON: frozenset({"hamilton", "largestremainder", "lrm", "hare", "hamiltonhare"}),
    Method.DHONDT: frozenset({"dhondt", "jefferson", "dhondtjefferson"}),
    Method.WEBSTER: frozenset(
        {"webster", "saintelague", "sainteague", "saintlague", "websterwillcox"}
    ),
    Method.HUNTINGTON_HILL: frozenset({"huntingtonhill", "hill", "equalproportions"}),
}


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
        if lang not in ("id", "en"):
            raise ValidationError("lang", "must be 'id' or 'en'", shown=repr(lang))
        id_ = lang == "id"
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
    if m is Method.HAMILTON:
        return _hamilton(total, keys, w, lo, hi)
    return _divisor(m, total, keys, w, lo, hi)


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


def _standard_quotas(total: int, w: list[Fraction]) -> list[Fraction]:
    s = sum(w, Fraction(0))
    return [Fraction(0)] * len(w) if s == 0 else [total * x / s for x in w]


# ---------------------------------------------------------------------------- Hamilton
def _bounded_quotas(
    total: int, w: list[Fraction], lo: list[int], hi: list[int | None]
) -> tuple[list[Fraction], list[str | None]]:
    """clamp(λ w_i, lo_i, hi_i) summing to total, by walking λ's breakpoints."""
    n = len(w)

    def at(lam: Fraction) -> list[Fraction]:
        out = []
        for i in range(n):
            q = lam * w[i]
            if q < lo[i]:
                q = Fraction(lo[i])
            hi_i = hi[i]
            if hi_i is not None and q > hi_i:
                q = Fraction(hi_i)
            out.append(q)
        return out

    points = sorted(
        {Fraction(lo[i]) / w[i] for i in range(n) if w[i] > 0}
        | {Fraction(hi_i) / w[i] for i in range(n) if w[i] > 0 and (hi_i := hi[i]) is not None}
        | {Fraction(0)}
    )
    # the sum of at(λ) is non-decreasing and linear between breakpoints: bisect for the
    # first breakpoint where it reaches the total, then solve on the segment before it
    lo_i, hi_idx = 0, len(points)
    while lo_i < hi_idx:
        mid = (lo_i + hi_idx) // 2
        if sum(at(points[mid])) >= total:
            hi_idx = mid
        else:
            lo_i = mid + 1
    if lo_i < len(points):
        b = points[lo_i]
        a = points[lo_i - 1] if lo_i > 0 else b
        lam = _solve(at, a, b, total)
    else:  # beyond the last breakpoint: only unbounded positive weights grow
        last = points[-1]
        s0 = sum(at(last), Fraction(0))
        slope = sum((w[i] for i in range(n) if w[i] > 0 and hi[i] is None), Fraction(0))
        lam = last + (total - s0) / slope
    quotas = at(lam)
    bound: list[str | None] = []
    for i in range(n):
        raw = lam * w[i]
        hi_i = hi[i]
        if raw < lo[i] and lo[i] > 0:
            bound.append("minimum")
        elif hi_i is not None and raw > hi_i:
            bound.append("maximum")
        else:
            bound.append(None)
    return quotas, bound


def _solve(
    at: Callable[[Fraction], list[Fraction]], a: Fraction, b: Fraction, total: int
) -> Fraction:
    sa, sb = sum(at(a), Fraction(0)), sum(at(b), Fraction(0))
    if sb == sa:
        return b
    return a + (b - a) * (total - sa) / (sb - sa)


def _hamilton(
    total: int, keys: list[Any], w: list[Fraction], lo: list[int], hi: list[int | None]
) -> Apportionment:
    n = len(keys)
    bounded = any(lo) or any(h is not None for h in hi)
    if bounded:
        quotas, binding = _bounded_quotas(total, w, lo, hi)
    else:
        quotas, binding = _standard_quotas(total, w), [None] * n
    alloc = [q.numerator // q.denominator for q in quotas]
    left = total - sum(alloc)
    order = sorted(range(n), key=lambda i: (-(quotas[i] - alloc[i]), -w[i], i))
    for i in order[:left]:
        alloc[i] += 1
    lines = tuple(
        ApportionmentLine(keys[i], w[i], quotas[i], alloc[i], lo[i], hi[i], binding[i])
        for i in range(n)
    )
    return Apportionment(Method.HAMILTON, total, lines)


# ---------------------------------------------------------------------------- divisor methods
# Weights are scaled to integers W (common denominator), so every comparison below is exact
# integer or Fraction arithmetic. The k-th seat (k = 0, 1, ...) of a unit has a priority:
#   D'Hondt W / (k + 1);  Webster W / (k + 1/2);  Huntington-Hill W / sqrt(k (k + 1)),
# compared through its square W² / (k (k + 1)), infinite for k = 0.
# A unit's seats are clamp(#{k : priority > t}, minimum, maximum) for a threshold t. A float
# estimate of t comes first; the exact integer count at that t is then corrected seat by
# seat (award or withdraw in priority order, ties: larger weight, then first key), which
# takes about as many steps as there are units, whatever the total.
_Key = tuple[int, Fraction]


def _priority(m: Method, weight: int, k: int) -> _Key:
    """Priority of a unit's seat ``k`` (0-based) as ``(infinite?, value)``; larger first."""
    if m is Method.DHONDT:
        return (0, Fraction(weight, k + 1))
    if m is Method.WEBSTER:
        return (0, Fraction(2 * weight, 2 * k + 1))
    if k == 0:
        return (1, Fraction(weight))
    return (0, Fraction(weight * weight, k * (k + 1)))


def _count(m: Method, weight: int, t: Fraction) -> int:
    """Seats of priority strictly above ``t`` (> 0) for a unit of weight ``weight`` (> 0)."""
    p, q = t.numerator, t.denominator
    if m is Method.DHONDT:  # k + 1 < W/t
        return (weight * q - 1) // p
    if m is Method.WEBSTER:  # 2k + 1 < 2W/t
        return (2 * weight * q + p - 1) // (2 * p)
    a = weight * weight * q  # Huntington-Hill: k (k + 1) p < W² q, k = 0 always
    k = math.isqrt(a // p)
    while k > 0 and k * (k + 1) * p >= a:
        k -= 1
    while (k + 1) * (k + 2) * p < a:
        k += 1
    return k + 1


def _estimate(m: Method, total: int, w: list[int], lo: list[int], hi: list[int | None]) -> Fraction:
    """A threshold whose seat count is near ``total`` (float search; corrected exactly)."""
    fw = [float(x) for x in w]

    def seats(t: float) -> float:
        out = 0.0
        for i, x in enumerate(fw):
            if x == 0:
                out += lo[i]
                continue
            # t is a weight per seat; for Huntington-Hill its square (see _priority)
            c = x / t if m is not Method.HUNTINGTON_HILL else max(1.0, x / math.sqrt(t))
            c = max(c, lo[i])
            hi_i = hi[i]
            out += c if hi_i is None else min(c, hi_i)
        return out

    # bracket then bisect in log space; seats() is non-increasing in t
    squared = m is Method.HUNTINGTON_HILL
    a, b = 1e-300, (max(fw) * 4 + 1) ** (2 if squared else 1)
    t = (sum(fw) / max(total, 1)) ** (2 if squared else 1)
    for _ in range(200):
        if b / a < 1 + 1e-12:
            break
        got = seats(t)
        if abs(got - total) < 0.5:
            break
        if got > total:
            a = t
        else:
            b = t
        t = math.sqrt(a * b) if a > 1e-290 else b / 2
    return Fraction(t) if t > 0 else Fraction(1, 10**30)


def _divisor(
    m: Method, total: int, keys: list[Any], w: list[Fraction], lo: list[int], hi: list[int | None]
) -> Apportionment:
    n = len(keys)
    scale = math.lcm(*(x.denominator for x in w))
    iw = [int(x * scale) for x in w]

    def clamp(i: int, s: int) -> int:
        s = max(s, lo[i])
        hi_i = hi[i]
        return s if hi_i is None else min(s, hi_i)

    if any(iw):
        t = _estimate(m, total, iw, lo, hi)
        seats = [clamp(i, _count(m, iw[i], t)) if iw[i] else lo[i] for i in range(n)]
    else:
        seats = list(lo)
    gap = total - sum(seats)
    if gap > 0:  # award the next seats, highest priority first
        award: list[tuple[int, Fraction, int, int]] = []

        def push_award(i: int) -> None:
            hi_i = hi[i]
            if iw[i] and (hi_i is None or seats[i] < hi_i):
                flag, value = _priority(m, iw[i], seats[i])
                heapq.heappush(award, (-flag, -value, -iw[i], i))

        for i in range(n):
            push_award(i)
        for _ in range(gap):
            i = heapq.heappop(award)[3]
            seats[i] += 1
            push_award(i)
    elif gap < 0:  # withdraw the last seats, lowest priority first
        withdraw: list[tuple[int, Fraction, int, int]] = []

        def push_withdraw(i: int) -> None:
            if iw[i] and seats[i] > lo[i]:
                flag, value = _priority(m, iw[i], seats[i] - 1)
                heapq.heappush(withdraw, (flag, value, iw[i], -i))

        for i in range(n):
            push_withdraw(i)
        for _ in range(-gap):
            i = -heapq.heappop(withdraw)[3]
            seats[i] -= 1
            push_withdraw(i)
    # the lowest-priority seat held above the minimums: what the bounds are judged against
    held = [_priority(m, iw[i], seats[i] - 1) for i in range(n) if iw[i] and seats[i] > lo[i]]
    last: _Key | None = min(held) if held else None
    bounded = any(lo) or any(h is not None for h in hi)
    quotas = _bounded_quotas(total, w, lo, hi)[0] if bounded else _standard_quotas(total, w)
    binding: list[str | None] = []
    for i in range(n):
        b: str | None = None
        hi_i = hi[i]
        # the minimum binds when the unit's own priority would not have earned it
        if (
            lo[i] > 0
            and seats[i] == lo[i]
            and (not iw[i] or last is None or _priority(m, iw[i], lo[i] - 1) < last)
        ):
            b = "minimum"
        # the maximum binds when the unit's next seat would have been awarded
        if (
            hi_i is not None
            and seats[i] == hi_i > lo[i]
            and iw[i]
            and (last is None or _priority(m, iw[i], hi_i) > last)
        ):
            b = "maximum"
        binding.append(b)
    divisor = None
    if last is not None and last[0] == 0 and m is not Method.HUNTINGTON_HILL:
        divisor = last[1] / scale
    lines = tuple(
        ApportionmentLine(keys[i], w[i], quotas[i], seats[i], lo[i], hi[i], binding[i])
        for i in range(n)
    )
    return Apportionment(m, total, lines, divisor)
