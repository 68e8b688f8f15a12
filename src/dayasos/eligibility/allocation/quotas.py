"""Exact bounded quotas: each unit's share ``clamp(λ·weight, minimum, maximum)`` with the one
λ for which the shares sum to the total, as integers over one common denominator (see
:mod:`dayasos.eligibility.allocation.apportion`)."""

from __future__ import annotations

import math
from fractions import Fraction

__all__ = ["Ratio", "bounded_quotas", "lambda_bisection", "lambda_sweep", "weight_scale"]

Ratio = tuple[int, int]


# Weights are scaled to integers W (one common denominator), so that the shares, floors and
# remainders below are integer arithmetic; Fractions are made once per result line.
def bounded_quotas(
    total: int, iw: list[int], lo: list[int], hi: list[int | None]
) -> tuple[list[int], int, list[str | None], Ratio]:
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
    p, q = lambda_sweep(total, iw, lo, hi)
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


def lambda_sweep(total: int, iw: list[int], lo: list[int], hi: list[int | None]) -> tuple[int, int]:
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
    return lambda_bisection(total, iw, lo, hi)


def lambda_bisection(
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


def weight_scale(w: list[Fraction]) -> int:
    """The common denominator of the weights (their lcm): weights times it are integers."""
    return math.lcm(*(x.denominator for x in w))
