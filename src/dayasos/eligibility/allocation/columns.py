"""Ranked selection over columns (numpy arrays), for whole registries of millions of
households: the same rule and the same outcome as :func:`~dayasos.eligibility.allocation.
select_ranked`, candidate for candidate, in a few sorts and cumulative sums.

Needs numpy (the ``fast`` extra: ``pip install 'dayasos[fast]'``); importing
:mod:`dayasos.eligibility.allocation` does not import this module.

Examples:
    >>> import numpy as np
    >>> from dayasos.money import Rupiah
    >>> r = select_ranked_columns(
    ...     rank=np.array([3, 1, 2]),
    ...     amount=np.array([600_000, 900_000, 300_000]),
    ...     budget=Rupiah(1_000_000),
    ... )
    >>> r.admitted_indices().tolist(), r.spent
    ([1], Rupiah(900000))
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from attrs import define

from dayasos.eligibility.allocation.selection import FitRule, OverlapAction, Reason, Status
from dayasos.errors import ValidationError
from dayasos.money import Rupiah

__all__ = ["REASON_CODES", "STATUS_CODES", "ColumnSelection", "select_ranked_columns"]

STATUS_CODES: tuple[Status, ...] = (Status.ADMITTED, Status.WAITLISTED, Status.EXCLUDED)
"""``status`` array code -> :class:`Status` (0 admitted, 1 waitlisted, 2 excluded)."""
REASON_CODES: tuple[Reason, ...] = tuple(Reason)
"""``reason`` array code -> :class:`Reason`, in the enum's order."""

_ADM, _WAIT, _EXCL = 0, 1, 2
_R = {r: i for i, r in enumerate(REASON_CODES)}
IntArray = npt.NDArray[np.int64]


@define(frozen=True, slots=True, eq=False)
class ColumnSelection:
    """Outcome per candidate (arrays in input order) and the priority order."""

    order: IntArray
    """Candidate indices in final priority order (position -> input index)."""
    status: npt.NDArray[np.int8]
    """Per input candidate: a code of :data:`STATUS_CODES`."""
    reason: npt.NDArray[np.int8]
    """Per input candidate: a code of :data:`REASON_CODES`."""
    spent: Rupiah
    quota: int | None
    budget: Rupiah | None

    def admitted_indices(self) -> IntArray:
        """Input indices of the admitted candidates, in priority order."""
        out: IntArray = self.order[self.status[self.order] == _ADM]
        return out

    @property
    def unspent(self) -> Rupiah | None:
        return None if self.budget is None else self.budget - self.spent


def _column(name: str, values: npt.ArrayLike, n: int | None) -> IntArray:
    arr = np.asarray(values)
    if arr.ndim != 1 or not (np.issubdtype(arr.dtype, np.integer) or arr.dtype == np.bool_):
        raise ValidationError(name, "must be a one-dimensional integer array")
    if n is not None and len(arr) != n:
        raise ValidationError(name, f"must have {n} items like 'rank', not {len(arr)}")
    return arr.astype(np.int64, copy=False)


def select_ranked_columns(
    rank: npt.ArrayLike,
    amount: npt.ArrayLike | None = None,
    *,
    key: npt.ArrayLike | None = None,
    secondary: Sequence[tuple[npt.ArrayLike, bool]] = (),
    quota: int | None = None,
    budget: Rupiah | None = None,
    fit: FitRule = FitRule.SKIP,
    overlapping: npt.ArrayLike | None = None,
    overlap_action: OverlapAction = OverlapAction.EXCLUDE,
) -> ColumnSelection:
    """Column-wise :func:`~dayasos.eligibility.allocation.select_ranked`.

    Args:
        rank: integer welfare rank per candidate (lower first).
        amount: integer rupiah per candidate (default: all 0).
        key: unique integer key per candidate, the last tie-break (default: the index).
        secondary: further sort keys after ``rank``: ``(values, descending)`` pairs.
        quota: as in ``select_ranked``.
        budget: as in ``select_ranked``.
        fit: as in ``select_ranked``.
        overlapping: boolean per candidate: enrolled in an overlapping programme.
        overlap_action: what ``overlapping`` means: exclude or deprioritise.

    Returns the same statuses and reasons as ``select_ranked`` on the same candidates with
    ``Priority(["rank", *secondary])`` (property-tested).
    """
    r = _column("rank", rank, None)
    n = len(r)
    amt = np.zeros(n, np.int64) if amount is None else _column("amount", amount, n)
    if (amt < 0).any():
        raise ValidationError("amount", "must not be negative")
    keys = np.arange(n, dtype=np.int64) if key is None else _column("key", key, n)
    if quota is not None and (isinstance(quota, bool) or not isinstance(quota, int) or quota < 0):
        raise ValidationError("quota", "must be a non-negative int or None", shown=repr(quota))
    if budget is not None and (not isinstance(budget, Rupiah) or budget < Rupiah(0)):
        raise ValidationError("budget", "must be a non-negative Rupiah or None", shown=str(budget))
    over = np.zeros(n, bool) if overlapping is None else _column("overlapping", overlapping, n) != 0
    sort_keys: list[IntArray] = [keys]
    for i, (values, descending) in reversed(list(enumerate(secondary))):
        col = _column(f"secondary[{i}]", values, n)
        sort_keys.append(-col if descending else col)
    sort_keys.append(r)
    if overlap_action is OverlapAction.DEPRIORITISE:
        sort_keys.append(over.astype(np.int64))
    order = np.lexsort(tuple(sort_keys)).astype(np.int64)
    excluded = over[order] if overlap_action is OverlapAction.EXCLUDE else np.zeros(n, bool)
    a = np.where(excluded, 0, amt[order])
    live = ~excluded
    status = np.full(n, _WAIT, np.int8)
    reason = np.full(n, _R[Reason.QUOTA_EXHAUSTED], np.int8)
    status[excluded] = _EXCL
    reason[excluded] = _R[Reason.ALREADY_ENROLLED]
    # positions up to the quota (counting live candidates only)
    count = np.cumsum(live)
    within_quota = live & (count <= (n if quota is None else quota))
    cap = None if budget is None else budget.amount
    cum = np.cumsum(a)
    fits = within_quota if cap is None else within_quota & (cum <= cap)
    # the first live position within quota that the budget cannot cover
    fail = np.flatnonzero(within_quota & ~fits)
    first_fail = int(fail[0]) if len(fail) else n
    status[:first_fail][fits[:first_fail]] = _ADM
    reason[:first_fail][fits[:first_fail]] = _R[Reason.WITHIN_CEILING]
    spent = int(a[:first_fail][fits[:first_fail]].sum())
    if first_fail < n:
        assert cap is not None
        tail = np.arange(first_fail, n)
        tail = tail[live[tail]]
        admitted_before = int(count[first_fail - 1]) if first_fail > 0 else 0
        if fit is FitRule.STOP:
            reason[first_fail] = _R[Reason.BUDGET_EXHAUSTED]
            reason[tail[1:]] = _R[Reason.STOPPED_AT_HIGHER_PRIORITY]
        else:
            spent = _skip_tail(a, tail, status, reason, cap - spent, quota, admitted_before, cap)
    inverse_status = np.empty(n, np.int8)
    inverse_reason = np.empty(n, np.int8)
    inverse_status[order] = status
    inverse_reason[order] = reason
    return ColumnSelection(order, inverse_status, inverse_reason, Rupiah(spent), quota, budget)


def _skip_tail(
    a: IntArray,
    tail: IntArray,
    status: npt.NDArray[np.int8],
    reason: npt.NDArray[np.int8],
    remaining: int,
    quota: int | None,
    admitted: int,
    cap: int,
) -> int:
    """The SKIP rule after the first candidate the budget could not cover: admit, in order,
    every later candidate that still fits, until the quota is reached. Candidates that do
    not fit keep BUDGET_EXHAUSTED; after the quota is reached, QUOTA_EXHAUSTED."""
    reason[tail] = _R[Reason.BUDGET_EXHAUSTED]
    room = None if quota is None else quota - admitted
    pos = tail
    while len(pos) and (room is None or room > 0):
        pos = pos[a[pos] <= remaining]  # the remaining budget only shrinks
        if not len(pos):
            break
        cum = np.cumsum(a[pos])
        k = int(np.searchsorted(cum, remaining, side="right"))
        if room is not None:
            k = min(k, room)
            room -= k
        status[pos[:k]] = _ADM
        reason[pos[:k]] = _R[Reason.WITHIN_CEILING]
        if k:
            remaining -= int(cum[k - 1])
        pos = pos[k:]
        if len(pos) and (room is None or room > 0):
            pos = pos[1:]  # pos[0] does not fit what is left: it stays BUDGET_EXHAUSTED
    if room == 0:
        last = int(np.flatnonzero(status[tail] == _ADM)[-1]) if (status[tail] == _ADM).any() else -1
        after = tail[last + 1 :]
        reason[after[status[after] != _ADM]] = _R[Reason.QUOTA_EXHAUSTED]
    return cap - remaining
