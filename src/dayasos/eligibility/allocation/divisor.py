"""The bounded divisor methods (D'Hondt, Webster, Huntington-Hill): seats from a common
divisor, corrected seat by seat in order of priority (see
:mod:`dayasos.eligibility.allocation.apportion`)."""

from __future__ import annotations

import heapq
import math
from fractions import Fraction

from attrs import define

from dayasos.eligibility.allocation.method import Method
from dayasos.eligibility.allocation.quotas import Ratio, bounded_quotas

__all__ = ["DivisorSeats", "divisor_seats"]


@define(frozen=True, slots=True)
class DivisorSeats:
    """The result of :func:`divisor_seats`."""

    numerators: list[int]
    """Each unit's exact bounded quota times ``denominator``."""
    denominator: int
    seats: list[int]
    binding: list[str | None]
    """``"minimum"``, ``"maximum"`` or None for each unit."""
    divisor: Fraction | None
    """The common divisor on the scale of the integer weights (None for Huntington-Hill or
    when no seat is above the minimums)."""


# ---------------------------------------------------------------------------- divisor methods
# The k-th seat (k = 0, 1, ...) of a unit has a priority, written as a ratio (n, d) of ints
# (d = 0: infinite):
#   D'Hondt W / (k + 1);  Webster 2W / (2k + 1);  Huntington-Hill W² / (k (k + 1)),
# the last being the square of W / sqrt(k (k + 1)) (same order), infinite for k = 0.
# A unit's seats are clamp(#{k : priority > t}, minimum, maximum) for a threshold t. The
# bounded quotas give an estimate of t; the exact integer seat counts at it are then
# corrected seat by seat (award or withdraw in priority order; ties: larger weight, then
# first key), in about as many steps as there are units, whatever the total.
def _priority(m: Method, weight: int, k: int) -> Ratio:
    """Priority of a unit's seat ``k`` (0-based) as a ratio; ``(1, 0)`` is infinite."""
    if m is Method.DHONDT:
        return (weight, k + 1)
    if m is Method.WEBSTER:
        return (2 * weight, 2 * k + 1)
    if k == 0:
        return (1, 0)
    return (weight * weight, k * (k + 1))


def _above(a: Ratio, b: Ratio) -> int:
    """Sign of ``a - b`` for two priorities (infinite ones are equal to each other)."""
    x, y = a[0] * b[1], b[0] * a[1]
    return (x > y) - (x < y)


class _Award:
    """Heap item: the best next seat pops first (priority, then larger weight, then key)."""

    __slots__ = ("i", "prio", "weight")

    def __init__(self, prio: Ratio, weight: int, i: int) -> None:
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


def divisor_seats(
    m: Method,
    total: int,
    iw: list[int],
    lo: list[int],
    hi: list[int | None],
) -> DivisorSeats:
    """The seats of each unit by the divisor method ``m`` (bounded), the bound that binds for
    each, and the common divisor (in units of the integer weights ``iw``)."""
    n = len(iw)
    nums, den, _, (lam_p, lam_q) = bounded_quotas(total, iw, lo, hi)

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
    last: Ratio | None = None
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
        divisor = Fraction(last[0], last[1])
    return DivisorSeats(nums, den, seats, binding, divisor)
