"""The PKH spec compiled for a fiscal year: payments, annual amounts per component, their
priority ranks, the cap and limits, the stage split (cached per parameter set and year).

Examples:
    >>> from dayasos.parameters import load_parameters
    >>> y = year_table(load_parameters(), 2021)
    >>> [p.months for p in y.periods], y.cap
    ([3, 3, 3, 3], 4)
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Sequence
from datetime import date
from fractions import Fraction
from typing import cast

from dayasos.eligibility.decision import ParameterUse
from dayasos.eligibility.pkh.model import PkhComponent
from dayasos.eligibility.pkh.result import FixedKind, StageLine
from dayasos.eligibility.pkh.spec import PKH
from dayasos.eligibility.spec import (
    PersonCap,
    Schedule,
)
from dayasos.errors import ParameterDateError, ValidationError
from dayasos.money import HALF_UP_RP1, Rupiah
from dayasos.parameters import ParameterSet

__all__ = [
    "COMPONENTS",
    "NO_COMPONENT",
    "NO_LIMIT",
    "UNBORN",
    "Payment",
    "YearTable",
    "dedupe",
    "use_of",
    "year_table",
]

COMPONENTS: tuple[PkhComponent, ...] = tuple(cast(PkhComponent, c.kind) for c in PKH.components)
NO_COMPONENT = 99
"""Rank of a member without a component."""
UNBORN = 100
"""Rank of a member not yet born on the reference date."""
NO_LIMIT = 1 << 30
"""The limit of a component without one."""
_ZERO = Rupiah(0)


def use_of(params: ParameterSet, name: str, at: date) -> ParameterUse:
    """The use of parameter ``name`` on ``at``, with its dates and source."""
    return ParameterUse.of(name, params.value(name, at))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


class Payment:
    """One payment of the year: its number, first day, months and whether paid monthly."""

    __slots__ = ("end", "monthly", "months", "number", "start")

    def __init__(self, number: int, start: date, months: int, monthly: bool) -> None:
        self.number = number
        self.start = start
        self.months = months
        self.monthly = monthly
        self.end = _month_end(start.year, start.month + months - 1)


def _periods(params: ParameterSet, year: int, s: Schedule) -> list[Payment]:
    spans: list[tuple[int, int, bool]] = []  # (first month, months, monthly)
    for m in range(1, 13):
        d = date(year, m, 1)
        if params.boolean(s.monthly, d):
            spans.append((m, 1, True))
        elif m in params.months(s.stages, d) or not spans or spans[-1][2]:
            spans.append((m, 1, False))
        else:
            first, n, _ = spans[-1]
            spans[-1] = (first, n + 1, False)
    return [Payment(i + 1, date(year, f, 1), n, mo) for i, (f, n, mo) in enumerate(spans)]


def dedupe(uses: list[ParameterUse]) -> tuple[ParameterUse, ...]:
    """``uses`` without repeats of one (parameter, start), first kept."""
    seen: dict[tuple[str, date], ParameterUse] = {}
    for u in uses:
        seen.setdefault((u.name, u.start), u)
    return tuple(seen.values())


def _rule(params: ParameterSet, name: str, at: date, implemented: str) -> None:
    rule = params.code(name, at)
    if rule != implemented:
        raise ValidationError(name, f"unknown rule {rule!r}; dayasos implements {implemented!r}")


def _weights(
    params: ParameterSet,
    name: str,
    periods: Sequence[Payment],
    stage_uses: list[list[ParameterUse]],
) -> tuple[Fraction, ...]:
    """Each payment period's part of the annual rupiah parameter ``name``: its value at the
    period's start times the period's months, over 12; the value used is cited in the
    period's ``stage_uses``."""
    out = []
    for p, su in zip(periods, stage_uses, strict=True):
        su.append(use_of(params, name, p.start))
        out.append(Fraction(params.rupiah(name, p.start).amount * p.months, 12))
    return tuple(out)


class YearTable:
    """Everything about a year that does not depend on the family."""

    __slots__ = (
        "amount",
        "amount_by_rank",
        "by_rank",
        "cap",
        "choices",
        "fixed",
        "flat",
        "limit",
        "limit_rank",
        "limits",
        "params",
        "periods",
        "rank",
        "stage_cache",
        "stage_uses",
        "uses",
        "uses_by_rank",
        "weights",
        "year",
    )

    def __init__(self, params: ParameterSet, year: int) -> None:
        spec = PKH
        spec.check(params)
        sch: Schedule = spec.schedule
        cap: PersonCap = spec.cap
        self.params = params
        self.year = year
        periods = _periods(params, year, sch)
        self.periods = periods
        jan1 = date(year, 1, 1)
        try:
            params.value(spec.flat, jan1)
            self.flat = True
        except ParameterDateError:
            self.flat = False
        sched = [sch.monthly, sch.stages]
        stage_uses: list[list[ParameterUse]] = [
            [use_of(params, n, p.start) for n in sched] for p in periods
        ]
        self.amount: dict[PkhComponent, Rupiah] = {}
        self.weights: dict[PkhComponent, tuple[Fraction, ...]] = {}
        self.rank: dict[PkhComponent, int] = {}
        self.by_rank: tuple[PkhComponent, ...] = ()
        self.amount_by_rank: tuple[Rupiah, ...] = ()
        self.uses_by_rank: tuple[tuple[ParameterUse, ...], ...] = ()
        comp_uses: dict[PkhComponent, tuple[ParameterUse, ...]] = {}
        self.fixed: dict[FixedKind, tuple[Rupiah, tuple[Fraction, ...]]] = {}
        year_uses: list[ParameterUse] = []
        kinds = (
            [(FixedKind.FLAT, spec.flat)]
            if self.flat
            else [(FixedKind.REGULER, spec.fixed), (FixedKind.AKSES, spec.remote_fixed)]
        )
        for kind, name in kinds:
            w = _weights(params, name, periods, stage_uses)
            total = HALF_UP_RP1.apply(sum(w, Fraction(0)))
            if total:
                self.fixed[kind] = (Rupiah(total), w)
            year_uses.extend(use_of(params, name, p.start) for p in periods)
        _rule(params, sch.rounding, jan1, Schedule.ROUNDING)
        year_uses.append(use_of(params, sch.rounding, jan1))
        self.cap = 0
        # per rank: most members counted for that component (the early-childhood limit)
        self.limits: tuple[int, ...] = (NO_LIMIT,) * len(COMPONENTS)
        self.limit_rank = -1
        self.limit = NO_LIMIT
        if not self.flat:
            limit_of: dict[PkhComponent, int] = {}
            for comp, c in zip(spec.components, COMPONENTS, strict=True):
                name = comp.amount
                w = _weights(params, name, periods, stage_uses)
                self.weights[c] = w
                self.amount[c] = Rupiah(HALF_UP_RP1.apply(sum(w, Fraction(0))))
                comp_uses[c] = dedupe([use_of(params, name, p.start) for p in periods])
                year_uses.extend(comp_uses[c])
                if comp.limit is not None:
                    lim = params.integer(comp.limit, jan1)
                    if lim < 0:
                        raise ValidationError(comp.limit, "must not be negative", shown=str(lim))
                    limit_of[c] = lim
            order = sorted(COMPONENTS, key=lambda c: (-self.amount[c].amount, COMPONENTS.index(c)))
            self.rank = {c: i for i, c in enumerate(order)}
            self.by_rank = tuple(order)
            self.amount_by_rank = tuple(self.amount[c] for c in order)
            self.uses_by_rank = tuple(comp_uses[c] for c in order)
            self.cap = params.integer(cap.persons, jan1)
            self.limits = tuple(limit_of.get(c, NO_LIMIT) for c in order)
            limited = [self.rank[c] for c in limit_of]
            if len(limited) == 1:  # a fast path of the per-family cap
                self.limit_rank = limited[0]
                self.limit = self.limits[self.limit_rank]
            elif limited:  # several limits: no fast path
                self.limit = -1
            for name in (cap.selection, cap.priority):
                _rule(params, name, jan1, PersonCap.RULE)
            year_uses.append(use_of(params, cap.persons, jan1))
            year_uses.extend(
                use_of(params, c.limit, jan1) for c in spec.components if c.limit is not None
            )
            year_uses.extend(use_of(params, n, jan1) for n in (cap.selection, cap.priority))
        for p in periods:
            year_uses.extend(use_of(params, n, p.start) for n in sched)
        self.uses = dedupe(year_uses)
        self.stage_uses = tuple(tuple(su) for su in stage_uses)
        self.stage_cache: dict[tuple[int, ...], tuple[Rupiah, tuple[StageLine, ...]]] = {}
        # the fixed amount of an eligible family: 0 none (not eligible), 1 regular, 2 remote
        self.choices: tuple[tuple[FixedKind | None, Rupiah], ...] = (
            (None, _ZERO),
            self._choice(FixedKind.FLAT if self.flat else FixedKind.REGULER),
            self._choice(FixedKind.FLAT if self.flat else FixedKind.AKSES),
        )

    def _choice(self, kind: FixedKind) -> tuple[FixedKind | None, Rupiah]:
        entry = self.fixed.get(kind)
        return (None, _ZERO) if entry is None else (kind, entry[0])

    def stages(self, counted: tuple[int, ...], choice: int) -> tuple[Rupiah, tuple[StageLine, ...]]:
        """The total and the stage lines for the counted components (by rank) and the fixed
        amount ``self.choices[choice]``; cached per combination."""
        key = (*counted, choice)
        hit = self.stage_cache.get(key)
        if hit is not None:
            return hit
        kind = self.choices[choice][0]
        n = len(self.periods)
        weights = [Fraction(0)] * n
        total = 0
        for r in counted:
            c = self.by_rank[r]
            total += self.amount[c].amount
            for i, w in enumerate(self.weights[c]):
                weights[i] += w
        if kind is not None:
            total += self.fixed[kind][0].amount
            for i, w in enumerate(self.fixed[kind][1]):
                weights[i] += w
        amounts = Rupiah(total).allocate(weights) if total else (_ZERO,) * n
        lines = tuple(
            StageLine(p.number, p.start, p.end, p.months, p.monthly, a, u)
            for p, a, u in zip(self.periods, amounts, self.stage_uses, strict=True)
        )
        out = (Rupiah(total), lines)
        if len(self.stage_cache) < 4096:
            self.stage_cache[key] = out
        return out


@functools.lru_cache(maxsize=256)
def year_table(params: ParameterSet, year: int) -> YearTable:
    """The (cached) :class:`YearTable` of ``year``."""
    return YearTable(params, year)
