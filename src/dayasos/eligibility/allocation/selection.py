"""Ranked selection: admit candidate households in priority order under a quota (number of
KPM) and/or a budget ceiling (pagu), with a rule against double aid across programmes.

**Priority order.** Candidates are sorted by the :class:`SortKey` sequence of a
:class:`Priority` (default: welfare rank ascending, i.e. lowest desil first), and finally by
their ``key`` ascending, so the order never depends on input order, dict order or chance.

**Ceilings.** A quota admits at most that many candidates; a budget admits candidates while
the sum of their amounts stays within it. When the next candidate in order does not fit the
budget, :class:`FitRule` decides: ``STOP`` waitlists it and everyone after it (strict priority:
no waitlisted candidate ranks above an admitted one); ``SKIP`` (the default) waitlists it with
the reason ``budget_exhausted`` and goes on to admit later candidates whose smaller amounts
still fit, so less of the pagu stays unspent. Either way the result says which ceiling stopped
whom.

**Double aid.** A :class:`OverlapRule` names programmes the household already receives; a
candidate enrolled in one of them is either ``EXCLUDE``-d (never admitted, reason
``already_enrolled``) or ``DEPRIORITISE``-d (placed after every candidate without such an
enrolment, keeping the priority order within each group).

Examples:
    >>> from dayasos.money import Rupiah
    >>> cands = [
    ...     Candidate("kk-1", rank=3, amount=Rupiah(600_000)),
    ...     Candidate("kk-2", rank=1, amount=Rupiah(900_000)),
    ...     Candidate("kk-3", rank=2, amount=Rupiah(300_000)),
    ... ]
    >>> result = select_ranked(cands, budget=Rupiah(1_000_000))
    >>> [line.key for line in result.admitted], str(result.unspent)
    (['kk-2'], 'Rp100.000')
    >>> [(line.key, line.reason.value) for line in result.waitlisted]
    [('kk-3', 'budget_exhausted'), ('kk-1', 'budget_exhausted')]
"""

from __future__ import annotations

import enum
from collections.abc import Hashable, Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from attrs import define, field

from dayasos.categories import Programme
from dayasos.eligibility.decision import check_lang, in_lang
from dayasos.errors import ValidationError
from dayasos.money import Rupiah

__all__ = [
    "LOWEST_RANK_FIRST",
    "Candidate",
    "FitRule",
    "OverlapAction",
    "OverlapRule",
    "Priority",
    "Reason",
    "Selection",
    "SelectionLine",
    "SortKey",
    "Status",
    "select_ranked",
]

Number = int | Fraction | Decimal


def _number(field_name: str) -> Any:
    def check(_: Any, __: Any, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int | Fraction | Decimal):
            raise ValidationError(
                field_name, f"must be an int, Fraction or Decimal, not {type(value).__name__}"
            )
        if isinstance(value, Decimal) and not value.is_finite():
            raise ValidationError(field_name, "must be finite", shown=str(value))

    return check


def _attributes(value: Mapping[str, Number]) -> Mapping[str, Number]:
    out = dict(value)
    for name, v in out.items():
        if not isinstance(name, str) or not name:
            raise ValidationError("attributes", "names must be non-empty strings")
        _number(f"attributes[{name!r}]")(None, None, v)
    return out


def _programme_set(value: Iterable[Programme]) -> frozenset[Programme]:
    out = frozenset(value)
    for p in out:
        if not isinstance(p, Programme):
            raise ValidationError("enrolled", "must hold Programme values", shown=repr(p))
    return out


def _amount(_: Any, __: Any, value: Any) -> None:
    if not isinstance(value, Rupiah):
        raise ValidationError("amount", f"must be a Rupiah, not {type(value).__name__}")
    if value < Rupiah(0):
        raise ValidationError("amount", "must not be negative", shown=str(value))


@define(frozen=True, slots=True)
class Candidate:
    """A household (or person, group, region) competing for a place.

    ``key`` is an opaque, sortable identifier chosen by the caller (a registry id, a masked
    number): it appears in results and explanations, so do not use an unmasked NIK or No. KK.
    """

    key: Hashable
    """Opaque identifier; also the last tie-break (ascending)."""
    rank: Number = field(validator=_number("rank"))
    """Welfare rank: a DTKS/DTSEN desil (1-10) or a score; lower is poorer by default."""
    amount: Rupiah = field(default=Rupiah(0), validator=_amount)
    """What admitting the candidate costs (its entitlement); Rp0 when only a quota applies."""
    attributes: Mapping[str, Number] = field(factory=dict, converter=_attributes)
    """Named secondary keys for the priority order, e.g. ``{"components": 3}``."""
    enrolled: frozenset[Programme] = field(factory=frozenset, converter=_programme_set)
    """Programmes the candidate already receives (for the :class:`OverlapRule`)."""

    def value_of(self, name: str) -> Number:
        """The value of a sort key: ``"rank"``, ``"amount"`` (in rupiah) or an attribute."""
        if name == "rank":
            return self.rank
        if name == "amount":
            return self.amount.amount
        try:
            return self.attributes[name]
        except KeyError:
            raise ValidationError(
                f"attributes[{name!r}]",
                "is used by the priority order but missing on a candidate",
                shown=repr(self.key),
            ) from None


@define(frozen=True, slots=True)
class SortKey:
    """One key of the priority order: a candidate value and its direction."""

    name: str
    """``"rank"``, ``"amount"`` or the name of an attribute."""
    descending: bool = False
    """False: smaller values first (e.g. lowest desil); True: larger first."""

    @classmethod
    def parse(cls, text: str) -> SortKey:
        """``"rank"`` is ascending, ``"-components"`` descending."""
        text = text.strip()
        if not text or text == "-":
            raise ValidationError("priority", "a sort key needs a name", shown=repr(text))
        return cls(text[1:], True) if text.startswith("-") else cls(text)


def _keys(value: Iterable[SortKey | str]) -> tuple[SortKey, ...]:
    return tuple(k if isinstance(k, SortKey) else SortKey.parse(k) for k in value)


@define(frozen=True, slots=True)
class Priority:
    """The priority order: sort keys applied in turn, then the candidate key ascending.

    The default, lowest welfare rank first, follows the targeting of social assistance at the
    lowest deciles of DTKS/DTSEN (Inpres No. 4 Tahun 2025 for DTSEN; which deciles and any
    secondary key are programme parameters, unverified).
    """

    keys: tuple[SortKey, ...] = field(default=(SortKey("rank"),), converter=_keys)

    def sort_key(self, candidate: Candidate) -> tuple[Any, ...]:
        """The tuple candidates are sorted by."""
        parts: list[Any] = []
        for k in self.keys:
            v = candidate.value_of(k.name)
            parts.append(-v if k.descending else v)
        parts.append(candidate.key)
        return tuple(parts)


LOWEST_RANK_FIRST = Priority()
"""The default priority order: lowest welfare rank first, then the candidate key."""


class FitRule(enum.Enum):
    """What happens when the next candidate's amount does not fit the remaining budget."""

    STOP = "stop"
    """Waitlist it and every candidate after it (strict priority)."""
    SKIP = "skip"
    """Waitlist it and keep admitting later candidates whose amounts still fit."""


class OverlapAction(enum.Enum):
    """How a candidate already enrolled in an overlapping programme is treated."""

    EXCLUDE = "exclude"
    DEPRIORITISE = "deprioritise"


@define(frozen=True, slots=True)
class OverlapRule:
    """Avoid double aid: candidates enrolled in any of ``programmes`` are excluded or moved
    to the back of the queue."""

    programmes: frozenset[Programme] = field(converter=frozenset)
    action: OverlapAction = OverlapAction.EXCLUDE


class Status(enum.Enum):
    """The outcome for one candidate."""

    ADMITTED = "admitted"
    WAITLISTED = "waitlisted"
    EXCLUDED = "excluded"


class Reason(enum.Enum):
    """Why a candidate has its status (value: a stable code)."""

    WITHIN_CEILING = "within_ceiling"
    QUOTA_EXHAUSTED = "quota_exhausted"
    BUDGET_EXHAUSTED = "budget_exhausted"
    STOPPED_AT_HIGHER_PRIORITY = "stopped_at_higher_priority"
    ALREADY_ENROLLED = "already_enrolled"

    def message(self, lang: str = "id") -> str:
        """The reason in Bahasa Indonesia (``"id"``) or English (``"en"``)."""
        return in_lang(_MESSAGES[self], lang)


_MESSAGES: dict[Reason, tuple[str, str]] = {
    Reason.WITHIN_CEILING: ("diterima dalam kuota dan pagu", "admitted within quota and budget"),
    Reason.QUOTA_EXHAUSTED: ("kuota sudah habis", "the quota is exhausted"),
    Reason.BUDGET_EXHAUSTED: (
        "sisa pagu tidak cukup untuk nilai bantuannya",
        "the remaining budget does not cover its amount",
    ),
    Reason.STOPPED_AT_HIGHER_PRIORITY: (
        "penetapan berhenti pada calon berprioritas lebih tinggi yang tidak tertampung pagu",
        "selection stopped at a higher-priority candidate the budget could not cover",
    ),
    Reason.ALREADY_ENROLLED: (
        "sudah menerima program lain yang tumpang tindih",
        "already receives an overlapping programme",
    ),
}


@define(frozen=True, slots=True)
class SelectionLine:
    """One candidate's outcome."""

    key: Hashable
    position: int
    """Place in the final priority order (0 = first), after any deprioritising."""
    status: Status
    reason: Reason
    amount: Rupiah
    overlapping: frozenset[Programme] = frozenset()
    """The overlapping programmes the candidate is enrolled in (empty if none)."""


@define(frozen=True, slots=True)
class Selection:
    """The result of :func:`select_ranked`: every candidate once, in priority order."""

    lines: tuple[SelectionLine, ...]
    quota: int | None
    budget: Rupiah | None
    fit: FitRule
    spent: Rupiah
    """Sum of the admitted amounts."""

    @property
    def admitted(self) -> tuple[SelectionLine, ...]:
        return tuple(ln for ln in self.lines if ln.status is Status.ADMITTED)

    @property
    def waitlisted(self) -> tuple[SelectionLine, ...]:
        return tuple(ln for ln in self.lines if ln.status is Status.WAITLISTED)

    @property
    def excluded(self) -> tuple[SelectionLine, ...]:
        return tuple(ln for ln in self.lines if ln.status is Status.EXCLUDED)

    @property
    def unspent(self) -> Rupiah | None:
        """The budget left over (None when no budget was given)."""
        return None if self.budget is None else self.budget - self.spent

    def explain(self, lang: str = "id") -> str:
        """One line per candidate: position, key, status, amount and reason."""
        id_ = check_lang(lang) == "id"
        status = (
            {"admitted": "diterima", "waitlisted": "daftar tunggu", "excluded": "dikecualikan"}
            if id_
            else {s.value: s.value for s in Status}
        )
        n = len(self.admitted)
        head = (
            f"{n} diterima, terpakai {self.spent}" if id_ else f"{n} admitted, spent {self.spent}"
        )
        if self.budget is not None:
            head += f" dari pagu {self.budget}" if id_ else f" of a budget of {self.budget}"
        rows = [head]
        for ln in self.lines:
            rows.append(
                f"{ln.position:>6}  {ln.key!s:<20} {status[ln.status.value]:<14} "
                f"{ln.amount!s:>16}  {ln.reason.message(lang)}"
            )
        return "\n".join(rows)


def select_ranked(
    candidates: Iterable[Candidate],
    *,
    quota: int | None = None,
    budget: Rupiah | None = None,
    priority: Priority | Sequence[SortKey | str] = LOWEST_RANK_FIRST,
    fit: FitRule | str = FitRule.SKIP,
    overlap: OverlapRule | None = None,
) -> Selection:
    """Admit candidates in priority order until the quota or the budget is exhausted.

    Args:
        candidates: the households; their keys must be unique and mutually orderable.
        quota: the most candidates admitted (None: no quota).
        budget: the pagu the admitted amounts must fit in (None: no budget).
        priority: a :class:`Priority` or its sort keys (``["rank", "-components"]``).
        fit: :class:`FitRule` when a candidate's amount exceeds the remaining budget.
        overlap: the double-aid rule (None: none).

    Raises:
        ValidationError: negative quota or budget, duplicate or unorderable keys, a sort key
            missing on a candidate, an unknown fit rule.
    """
    check_ceilings(quota, budget)
    if not isinstance(priority, Priority):
        priority = Priority(priority)
    fit_rule = fit if isinstance(fit, FitRule) else _parse_fit(fit)
    pool = list(candidates)
    seen: set[Hashable] = set()
    for i, c in enumerate(pool):
        if not isinstance(c, Candidate):
            raise ValidationError("candidates", "must be Candidate values", index=i)
        if c.key in seen:
            raise ValidationError("candidates", "duplicate key", index=i, shown=repr(c.key))
        seen.add(c.key)
    try:
        pool.sort(key=priority.sort_key)
    except TypeError:
        raise ValidationError(
            "candidates", "keys and sort values must be mutually orderable"
        ) from None
    overlapping = [
        frozenset() if overlap is None else c.enrolled & overlap.programmes for c in pool
    ]
    if overlap is not None and overlap.action is OverlapAction.DEPRIORITISE:
        order = sorted(range(len(pool)), key=lambda i: (bool(overlapping[i]), i))
        pool = [pool[i] for i in order]
        overlapping = [overlapping[i] for i in order]
    exclude = overlap is not None and overlap.action is OverlapAction.EXCLUDE
    lines: list[SelectionLine] = []
    count = 0
    spent = Rupiah(0)
    stopped = False
    for pos, (c, over) in enumerate(zip(pool, overlapping, strict=True)):
        if exclude and over:
            status, reason = Status.EXCLUDED, Reason.ALREADY_ENROLLED
        elif stopped:
            status, reason = Status.WAITLISTED, Reason.STOPPED_AT_HIGHER_PRIORITY
        elif quota is not None and count >= quota:
            status, reason = Status.WAITLISTED, Reason.QUOTA_EXHAUSTED
        elif budget is not None and spent + c.amount > budget:
            status, reason = Status.WAITLISTED, Reason.BUDGET_EXHAUSTED
            stopped = fit_rule is FitRule.STOP
        else:
            status, reason = Status.ADMITTED, Reason.WITHIN_CEILING
            count += 1
            spent += c.amount
        lines.append(SelectionLine(c.key, pos, status, reason, c.amount, over))
    return Selection(tuple(lines), quota, budget, fit_rule, spent)


def check_ceilings(quota: int | None, budget: Rupiah | None) -> None:
    """Validate a quota and a budget (shared by the per-candidate and column-wise paths)."""
    if quota is not None and (isinstance(quota, bool) or not isinstance(quota, int) or quota < 0):
        raise ValidationError("quota", "must be a non-negative int or None", shown=repr(quota))
    if budget is not None and (not isinstance(budget, Rupiah) or budget < Rupiah(0)):
        raise ValidationError("budget", "must be a non-negative Rupiah or None", shown=str(budget))


def _parse_fit(text: object) -> FitRule:
    for rule in FitRule:
        if isinstance(text, str) and text.strip().casefold() == rule.value:
            return rule
    raise ValidationError("fit", "must be 'stop' or 'skip'", shown=repr(text))
