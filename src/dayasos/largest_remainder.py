"""The largest-remainder rounding, written once: exact shares of an integer total rounded to
integers that still add up to the total.

Used by :meth:`dayasos.money.Rupiah.allocate` (rupiah across payments) and by
:func:`dayasos.eligibility.allocation.apportion` (Hamilton, with bounds).

**The rule.** Each unit gets the floor of its exact share; the units left over go one each to
the units with the largest remainders. **Ties** (equal remainders) go to the unit with the
larger weight, then to the earlier unit (the first in the order given: for ``apportion`` the
unit whose key sorts first, for ``Rupiah.allocate`` the earlier weight). The result never
depends on anything but the shares, the weights and that order.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["largest_remainder"]


def largest_remainder(
    total: int, numerators: Sequence[int], denominator: int, weights: Sequence[int]
) -> list[int]:
    """Round the exact shares ``numerators[i] / denominator`` (adding up to ``total``) to
    integers adding up to ``total``, by the largest remainder (ties: larger weight, then
    earlier unit).

    Args:
        total: the integer the shares add up to.
        numerators: each unit's share times ``denominator`` (not negative).
        denominator: the common denominator of the shares (positive).
        weights: each unit's weight, on any common integer scale (the first tie-break).

    Examples:
        >>> largest_remainder(2, [1, 3], 2, [1, 3])   # shares 0.5 and 1.5: a tie
        [0, 2]
        >>> largest_remainder(7, [7, 7, 7], 3, [1, 1, 1])
        [3, 2, 2]
    """
    n = len(numerators)
    floors = [x // denominator for x in numerators]
    remainders = [numerators[i] - floors[i] * denominator for i in range(n)]
    left = total - sum(floors)
    order = sorted(range(n), key=lambda i: (-remainders[i], -weights[i], i))
    for i in order[:left]:
        floors[i] += 1
    return floors
