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

import enum
import heapq
import math
import unicodedata
from collections.abc import Hashable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from attrs import define, field

from dayasos.errors import AllocationInfeasibleError, ValidationError
from dayasos.largest_remainder import largest_remainder

__all__ = [
    "AllocationInfeasibleError",
    "Apportionment",
    "ApportionmentLine",
    "Method",
    "apportion",
]


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
    scale = _scale(w)
    iw = [x.numerator * (scale // x.denominator) for x in w]
    if m is Method.HAMILTON:
        return _hamilton(total, keys, w, iw, lo, hi)
    return _divisor(m, total, keys, w, iw, lo, hi)


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


# ---------------------------------------------------------------------------- exact shares
_Ratio = tuple[int, int]


# Weights are scaled to integers W (one common denominator), so that the shares, floors and
# remainders below are integer arithmetic; Fractions are made once per result line.
def _quotas(
    total: int, iw: list[int], lo: list[int], hi: list[int | None]
) -> tuple[list[int], int, list[str | None], _Ratio]:
    """Each unit's exact (bounded) quota as a numerator over one common denominator, the
    bound that changed it, and λ (quotas per unit of weight) as a ratio.

    Unbounded: ``total × W_i / ΣW``. Bounded: ``clamp(λ W_i, lo_i, hi_i)`` with the λ whose
    clamped quotas sum to ``total``.
    """
    n = len(iw)
    if not any(lo) and all(h is None for h in hi):
        s = sum(iw)
        if s == 0:
            return [0] * n, 1, [None] * n, (0, 1)
        return [total * x for x in iw], s, [None] * n, (total, s)
    p, q = _lambda(total, iw, lo, hi)
    nums: list[int] = []
    bound: list[str | None] = []
    for i in range(n):
        raw = p * iw[i]
        hi_i = hi[i]
        if raw < lo[i] * q:
            nums.append(lo[i] * q)
            bound.append("minimum" if lo[i] > 0 else None)
        elif hi_i is not None and raw > hi_i * q:
            nums.append(hi_i * q)
            bound.append("maximum")
        else:
            nums.append(raw)
            bound.append(None)
    return nums, q, bound, (p, q)


def _clamped_sum(p: int, q: int, iw: list[int], lo: list[int], hi: list[int | None]) -> Fraction:
    out = Fraction(0)
    for i, x in enumerate(iw):
        v = Fraction(p * x, q)
        if v < lo[i]:
            v = Fraction(lo[i])
        hi_i = hi[i]
        if hi_i is not None and v > hi_i:
            v = Fraction(hi_i)
        out += v
    return out


def _lambda(total: int, iw: list[int], lo: list[int], hi: list[int | None]) -> tuple[int, int]:
    """The λ = p/q of the bounded quotas: a float sweep over the breakpoints proposes which
    units are free, at their minimum or at their maximum; exact integer checks confirm it
    (an exact bisection over the breakpoints decides when they do not)."""
    n = len(iw)
    fixed = sum(lo[i] for i in range(n) if iw[i] == 0)
    events: list[tuple[float, int, int]] = []  # (λ, slope change, unit)
    for i in range(n):
        if iw[i] == 0:
            continue
        events.append((lo[i] / iw[i], iw[i], i))
        hi_i = hi[i]
        if hi_i is not None:
            events.append((hi_i / iw[i], -iw[i], i))
    events.sort()
    g = float(fixed + sum(lo[i] for i in range(n) if iw[i]))
    slope, at = 0.0, 0.0
    lam = events[-1][0] if events else 0.0
    for x, d, _ in events:
        nxt = g + slope * (x - at)
        if nxt >= total and slope > 0:
            lam = at + (total - g) / slope
            break
        g, at = nxt, x
        slope += d
    else:
        if slope > 0:
            lam = at + (total - g) / slope
    # classify at the float λ, solve exactly, verify exactly
    low, high, free = [], [], []
    for i in range(n):
        if iw[i] == 0:
            continue
        hi_i = hi[i]
        if lam * iw[i] <= lo[i]:
            low.append(i)
        elif hi_i is not None and lam * iw[i] >= hi_i:
            high.append(i)
        else:
            free.append(i)
    weight_free = sum(iw[i] for i in free)
    rest = total - fixed - sum(lo[i] for i in low) - sum(hi[i] or 0 for i in high)
    if weight_free > 0 and rest >= 0:
        p, q = rest, weight_free
        if (
            all(p * iw[i] <= lo[i] * q for i in low)
            and all(p * iw[i] >= (hi[i] or 0) * q for i in high)
            and all(
                lo[i] * q <= p * iw[i] and (hi[i] is None or p * iw[i] <= (hi[i] or 0) * q)
                for i in free
            )
        ):
            return p, q
    return _lambda_exact(total, iw, lo, hi)


def _lambda_exact(
    total: int, iw: list[int], lo: list[int], hi: list[int | None]
) -> tuple[int, int]:
    """Exact bisection over the breakpoints of the clamped sum (the slow, sure path)."""
    n = len(iw)
    points = sorted(
        {Fraction(lo[i], iw[i]) for i in range(n) if iw[i]}
        | {Fraction(h, iw[i]) for i in range(n) if iw[i] and (h := hi[i]) is not None}
        | {Fraction(0)}
    )

    def g(lam: Fraction) -> Fraction:
        return _clamped_sum(lam.numerator, lam.denominator, iw, lo, hi)

    a_i, b_i = 0, len(points)
    while a_i < b_i:
        mid = (a_i + b_i) // 2
        if g(points[mid]) >= total:
            b_i = mid
        else:
            a_i = mid + 1
    if a_i < len(points):
        b = points[a_i]
        a = points[a_i - 1] if a_i > 0 else b
        ga, gb = g(a), g(b)
        lam = b if gb == ga else a + (b - a) * (total - ga) / (gb - ga)
    else:
        last = points[-1]
        slope = sum(iw[i] for i in range(n) if iw[i] and hi[i] is None)
        lam = last + (total - g(last)) / slope
    return lam.numerator, lam.denominator


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
    nums, den, bound, _ = _quotas(total, iw, lo, hi)
    alloc = largest_remainder(total, nums, den, iw)
    return Apportionment(Method.HAMILTON, total, _lines(keys, w, nums, den, alloc, lo, hi, bound))


# ---------------------------------------------------------------------------- divisor methods
# The k-th seat (k = 0, 1, ...) of a unit has a priority, written as a ratio (n, d) of ints
# (d = 0: infinite):
#   D'Hondt W / (k + 1);  Webster 2W / (2k + 1);  Huntington-Hill W² / (k (k + 1)),
# the last being the square of W / sqrt(k (k + 1)) (same order), infinite for k = 0.
# A unit's seats are clamp(#{k : priority > t}, minimum, maximum) for a threshold t. The
# bounded quotas give an estimate of t; the exact integer seat counts at it are then
# corrected seat by seat (award or withdraw in priority order; ties: larger weight, then
# first key), in about as many steps as there are units, whatever the total.
def _priority(m: Method, weight: int, k: int) -> _Ratio:
    """Priority of a unit's seat ``k`` (0-based) as a ratio; ``(1, 0)`` is infinite."""
    if m is Method.DHONDT:
        return (weight, k + 1)
    if m is Method.WEBSTER:
        return (2 * weight, 2 * k + 1)
    if k == 0:
        return (1, 0)
    return (weight * weight, k * (k + 1))


def _above(a: _Ratio, b: _Ratio) -> int:
    """Sign of ``a - b`` for two priorities (infinite ones are equal to each other)."""
    x, y = a[0] * b[1], b[0] * a[1]
    return (x > y) - (x < y)


class _Award:
    """Heap item: the best next seat pops first (priority, then larger weight, then key)."""

    __slots__ = ("i", "prio", "weight")

    def __init__(self, prio: _Ratio, weight: int, i: int) -> None:
        self.prio, self.weight, self.i = prio, weight, i

    def __lt__(self, other: _Award) -> bool:
        c = _above(self.prio, other.prio)
        if c:
            return c > 0
        if self.weight != other.weight:
            return self.weight > other.weight
        return self.i < other.i


class _Withdraw(_Award):
    """Heap item: the worst held seat pops first (the exact reverse of :class:`_Award`)."""

    __slots__ = ()

    def __lt__(self, other: _Award) -> bool:
        return _Award.__lt__(other, self)


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


def _divisor(
    m: Method,
    total: int,
    keys: list[Any],
    w: list[Fraction],
    iw: list[int],
    lo: list[int],
    hi: list[int | None],
) -> Apportionment:
    n = len(keys)
    nums, den, _, (lam_p, lam_q) = _quotas(total, iw, lo, hi)

    def clamp(i: int, s: int) -> int:
        s = max(s, lo[i])
        hi_i = hi[i]
        return s if hi_i is None else min(s, hi_i)

    seats = list(lo)
    if lam_p > 0:
        # the quotas are λ W: the threshold (weight per seat) is about 1/λ; any threshold
        # gives a valid start (the seats above it), a close one a short correction
        t = Fraction(lam_q, lam_p)
        if m is Method.HUNTINGTON_HILL:
            t *= t
        seats = [clamp(i, _count(m, iw[i], t)) if iw[i] else lo[i] for i in range(n)]
    gap = total - sum(seats)
    if gap > 0:  # award the next seats, highest priority first

        def push_award(i: int) -> None:
            hi_i = hi[i]
            if iw[i] and (hi_i is None or seats[i] < hi_i):
                heapq.heappush(award, _Award(_priority(m, iw[i], seats[i]), iw[i], i))

        award = [
            _Award(_priority(m, iw[i], seats[i]), iw[i], i)
            for i in range(n)
            if iw[i] and (hi[i] is None or seats[i] < (hi[i] or 0))
        ]
        heapq.heapify(award)
        for _ in range(gap):
            i = heapq.heappop(award).i
            seats[i] += 1
            push_award(i)
    elif gap < 0:  # withdraw the last seats, lowest priority first

        def push_withdraw(i: int) -> None:
            if iw[i] and seats[i] > lo[i]:
                heapq.heappush(withdraw, _Withdraw(_priority(m, iw[i], seats[i] - 1), iw[i], i))

        withdraw = [
            _Withdraw(_priority(m, iw[i], seats[i] - 1), iw[i], i)
            for i in range(n)
            if iw[i] and seats[i] > lo[i]
        ]
        heapq.heapify(withdraw)
        for _ in range(-gap):
            i = heapq.heappop(withdraw).i
            seats[i] -= 1
            push_withdraw(i)
    # the lowest-priority seat held above the minimums: what the bounds are judged against
    last: _Ratio | None = None
    for i in range(n):
        if iw[i] and seats[i] > lo[i]:
            p = _priority(m, iw[i], seats[i] - 1)
            if last is None or _above(p, last) < 0:
                last = p
    binding: list[str | None] = []
    for i in range(n):
        b: str | None = None
        hi_i = hi[i]
        # the minimum binds when the unit's own priority would not have earned it
        if (
            lo[i] > 0
            and seats[i] == lo[i]
            and (not iw[i] or last is None or _above(_priority(m, iw[i], lo[i] - 1), last) < 0)
        ):
            b = "minimum"
        # the maximum binds when the unit's next seat would have been awarded
        if (
            hi_i is not None
            and seats[i] == hi_i > lo[i]
            and iw[i]
            and (last is None or _above(_priority(m, iw[i], hi_i), last) > 0)
        ):
            b = "maximum"
        binding.append(b)
    divisor = None
    if last is not None and last[1] != 0 and m is not Method.HUNTINGTON_HILL:
        divisor = Fraction(last[0], last[1]) / _scale(w)
    return Apportionment(m, total, _lines(keys, w, nums, den, seats, lo, hi, binding), divisor)


def _scale(w: list[Fraction]) -> int:
    return math.lcm(*(x.denominator for x in w))
