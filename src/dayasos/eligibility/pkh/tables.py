"""The PKH spec compiled for a year and a date: the tables both evaluators read.

:class:`YearTable` holds everything about a fiscal year that does not depend on the family
(payments, annual amounts per component, their priority ranks, the cap and limits, the stage
split); :class:`DateTable` everything about a reference date (the member predicates' values,
age bounds as birth-date intervals, the dense rank table by age band and school level, the
sparse component tests, the eligibility decisions). Both are built from
:data:`dayasos.eligibility.pkh.spec.PKH` and cached per (parameter set, year) and
(parameter set, date); parameter sets hash by identity, so a reform gets its own tables.

Examples:
    >>> from datetime import date
    >>> from dayasos.parameters import load_parameters
    >>> t = date_table(load_parameters(), date(2021, 7, 1))
    >>> [c.code for c in t.year.by_rank][:2]
    ['ibu_hamil', 'anak_usia_dini']
"""

from __future__ import annotations

import calendar
import functools
from bisect import bisect_right
from collections.abc import Callable
from datetime import date, timedelta
from fractions import Fraction
from typing import cast

from dayasos.categories import DisabilitySeverity, SchoolLevel
from dayasos.eligibility.decision import Decision, ParameterUse
from dayasos.eligibility.pkh.model import PkhComponent, PkhFamily
from dayasos.eligibility.pkh.result import FixedKind, StageLine
from dayasos.eligibility.pkh.spec import PKH
from dayasos.eligibility.spec import (
    AgeAtLeast,
    AgeAtMost,
    AgePredicate,
    Component,
    DecileAtMost,
    Disabled,
    Enrolled,
    FamilyFacts,
    MemberFacts,
    MemberPredicate,
    PersonCap,
    Pregnant,
    Schedule,
)
from dayasos.errors import ParameterDateError, ValidationError
from dayasos.money import HALF_UP_RP1, Rupiah
from dayasos.parameters import ParameterSet

__all__ = [
    "NO_COMPONENT",
    "NO_LIMIT",
    "UNBORN",
    "DateTable",
    "Payment",
    "YearTable",
    "age",
    "date_table",
    "earliest_birth",
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
_LEVELS: tuple[SchoolLevel, ...] = tuple(SchoolLevel)


def _use(params: ParameterSet, name: str, at: date) -> ParameterUse:
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


def _dedupe(uses: list[ParameterUse]) -> tuple[ParameterUse, ...]:
    seen: dict[tuple[str, date], ParameterUse] = {}
    for u in uses:
        seen.setdefault((u.name, u.start), u)
    return tuple(seen.values())


def _rule(params: ParameterSet, name: str, at: date, implemented: str) -> None:
    rule = params.code(name, at)
    if rule != implemented:
        raise ValidationError(name, f"unknown rule {rule!r}; dayasos implements {implemented!r}")


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
            [_use(params, n, p.start) for n in sched] for p in periods
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
            w = tuple(Fraction(params.rupiah(name, p.start).amount * p.months, 12) for p in periods)
            for p, su in zip(periods, stage_uses, strict=True):
                su.append(_use(params, name, p.start))
            total = HALF_UP_RP1.apply(sum(w, Fraction(0)))
            if total:
                self.fixed[kind] = (Rupiah(total), w)
            year_uses.extend(_use(params, name, p.start) for p in periods)
        _rule(params, sch.rounding, jan1, Schedule.ROUNDING)
        year_uses.append(_use(params, sch.rounding, jan1))
        self.cap = 0
        # per rank: most members counted for that component (the early-childhood limit)
        self.limits: tuple[int, ...] = (NO_LIMIT,) * len(COMPONENTS)
        self.limit_rank = -1
        self.limit = NO_LIMIT
        if not self.flat:
            limit_of: dict[PkhComponent, int] = {}
            for comp, c in zip(spec.components, COMPONENTS, strict=True):
                name = comp.amount
                w = tuple(
                    Fraction(params.rupiah(name, p.start).amount * p.months, 12) for p in periods
                )
                self.weights[c] = w
                self.amount[c] = Rupiah(HALF_UP_RP1.apply(sum(w, Fraction(0))))
                for p, su in zip(periods, stage_uses, strict=True):
                    su.append(_use(params, name, p.start))
                comp_uses[c] = _dedupe([_use(params, name, p.start) for p in periods])
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
            year_uses.append(_use(params, cap.persons, jan1))
            year_uses.extend(
                _use(params, c.limit, jan1) for c in spec.components if c.limit is not None
            )
            year_uses.extend(_use(params, n, jan1) for n in (cap.selection, cap.priority))
        for p in periods:
            year_uses.extend(_use(params, n, p.start) for n in sched)
        self.uses = _dedupe(year_uses)
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


def age(birth: date, at: date) -> int:
    """Age in completed years on ``at`` (29 February birthdays kept on 28 February)."""
    years = at.year - birth.year
    bm, bd = birth.month, birth.day
    if bm == 2 and bd == 29 and not calendar.isleap(at.year):
        bd = 28
    if (at.month, at.day) < (bm, bd):
        years -= 1
    return years


def earliest_birth(at: date, max_age: int) -> date:
    """The earliest birth date whose age on ``at`` is at most ``max_age`` (binary search over
    :func:`age`, which never increases as the birth date moves later)."""
    # hi = the day after ``at``: returned when no birth date qualifies (max_age < 0)
    lo, hi = date(max(1, at.year - max_age - 2), 1, 1).toordinal(), at.toordinal() + 1
    while lo < hi:
        mid = (lo + hi) // 2
        if mid > at.toordinal() or age(date.fromordinal(mid), at) <= max_age:
            hi = mid
        else:
            lo = mid + 1
    return date.fromordinal(lo)


def _interval(p: AgePredicate, at: date, v: int) -> tuple[date, date]:
    """The birth dates (first, last) of members of whom ``p`` holds on ``at``."""
    if isinstance(p, AgeAtLeast):  # age >= v  <=>  birth <= latest
        return date.min, earliest_birth(at, v - 1) - timedelta(days=1)
    return earliest_birth(at, v), at


class DateTable:
    """Everything about a reference date that does not depend on the family.

    Attributes:
        bands: per age predicate of the spec (bit ``1 << i``): the birth-date interval
            ``(first, last)`` of the members it holds for.
        dense: per school level, per age band: the lowest rank among the components with only
            age and enrolment predicates that hold (``NO_COMPONENT`` if none).
        sparse: per other component: ``(rank, ok, test)``, ``ok[level][band]`` its age and
            enrolment predicates, ``test`` the rest as a function of the member.
    """

    __slots__ = (
        "at",
        "bands",
        "breaks",
        "by_disability",
        "decile_max",
        "decisions",
        "dense",
        "no_disability",
        "params",
        "preg",
        "seg_dense",
        "seg_sparse",
        "sparse",
        "uses",
        "values",
        "year",
    )

    def __init__(self, params: ParameterSet, at: date) -> None:
        spec = PKH
        self.at = at
        self.params = params
        self.year = y = year_table(params, at.year)
        date_uses: list[ParameterUse] = []
        self.values: dict[str, int] = {}
        self.bands: tuple[tuple[date, date], ...] = ()
        self.dense: dict[SchoolLevel, tuple[int, ...]] = dict.fromkeys(_LEVELS, (NO_COMPONENT,))
        self.sparse: tuple[
            tuple[
                int,
                dict[SchoolLevel, tuple[bool, ...]],
                Callable[[MemberFacts], bool],
                Component,
            ],
            ...,
        ] = ()
        if not y.flat:
            names = spec.member_parameters()
            self.values = {n: params.integer(n, at) for n in names}
            date_uses.extend(_use(params, n, at) for n in names)
            ages = spec.age_predicates()
            self.bands = tuple(_interval(p, at, self.values[p.parameter]) for p in ages)
            nb = 1 << len(ages)

            def ok(preds: tuple[MemberPredicate, ...], band: int, level: SchoolLevel) -> bool:
                for p in preds:
                    if isinstance(p, Enrolled):
                        if p.level is not level:
                            return False
                    elif isinstance(p, AgeAtMost | AgeAtLeast) and not band >> ages.index(p) & 1:
                        return False
                return True

            dense = {lv: [NO_COMPONENT] * nb for lv in _LEVELS}
            sparse = []
            for comp, c in zip(spec.components, COMPONENTS, strict=True):
                r = y.rank[c]
                rest = [p for p in comp.when if isinstance(p, Disabled | Pregnant)]
                table = {lv: tuple(ok(comp.when, b, lv) for b in range(nb)) for lv in _LEVELS}
                if not rest:
                    for lv in _LEVELS:
                        row = dense[lv]
                        for b in range(nb):
                            if table[lv][b] and r < row[b]:
                                row[b] = r
                else:
                    tests = [p.test(self.values) for p in rest]
                    test = tests[0] if len(tests) == 1 else _all(tests)
                    sparse.append((r, table, test, comp))
            self.dense = {lv: tuple(v) for lv, v in dense.items()}
            self.sparse = tuple(sorted(sparse, key=lambda s: s[0]))
        # the per-family fast path: birth-date segments between the band edges (bisect)
        edges = {hi + timedelta(days=1) for _, hi in self.bands}
        edges |= {lo for lo, _ in self.bands if lo > date.min}
        self.breaks = sorted(edges)
        seg_band = [self._band(d) for d in [date.min, *self.breaks]]
        # keyed by code (a str hashes faster than an enum member)
        self.seg_dense = {lv.code: tuple(self.dense[lv][b] for b in seg_band) for lv in _LEVELS}
        # a component with one disability or pregnancy predicate alone: a lookup
        self.by_disability = {d.code: NO_COMPONENT for d in DisabilitySeverity}
        self.preg: tuple[int, int] = (NO_COMPONENT, 0)  # (rank, most pregnancies)
        others: list[
            tuple[int, dict[str, tuple[bool, ...]] | None, Callable[[MemberFacts], bool]]
        ] = []
        for r, okt, test, comp in self.sparse:
            p = comp.when[0] if len(comp.when) == 1 else None
            if isinstance(p, Disabled) and self.by_disability[p.severity.code] == NO_COMPONENT:
                self.by_disability[p.severity.code] = r
            elif isinstance(p, Pregnant) and self.preg[0] == NO_COMPONENT:
                self.preg = (r, self.values[p.max_order])
            else:
                every = all(all(v) for v in okt.values())
                seg = (
                    None
                    if every
                    else {lv.code: tuple(okt[lv][b] for b in seg_band) for lv in _LEVELS}
                )
                others.append((r, seg, test))
        self.seg_sparse = tuple(others)
        # members without a disability skip the lookup (unless a component asks for none)
        none = DisabilitySeverity.NONE
        self.no_disability = none if self.by_disability[none.code] == NO_COMPONENT else None
        decile = next((k for k in spec.criteria if isinstance(k, DecileAtMost)), None)
        self.decile_max = None if decile is None else decile.threshold(at, params)
        if decile is not None:
            date_uses.append(_use(params, decile.parameter, at))
        self.uses = y.uses + _dedupe(date_uses)
        self.decisions: dict[tuple[object, ...], Decision] = {}

    def decision(self, family: PkhFamily, ncomp: int) -> Decision:
        """The eligibility decision of ``family`` with ``ncomp`` members with a component
        (cached per distinct inputs)."""
        key = (family.registered, family.welfare_decile, family.status.code, ncomp)
        hit = self.decisions.get(key)
        if hit is None:
            flat = self.year.year if self.year.flat else None
            facts = FamilyFacts(
                family.registered, family.welfare_decile, family.status, ncomp, flat
            )
            crit = tuple(k.decide(facts, self.at, self.params) for k in PKH.criteria)
            hit = Decision(PKH.code, "eligibility", self.at, all(c.passed for c in crit), crit)
            if len(self.decisions) < 4096:
                self.decisions[key] = hit
        return hit

    def rank(self, m: MemberFacts) -> int:
        """The rank of the member's component in the year's priority order (0 = highest), or
        ``NO_COMPONENT`` / ``UNBORN`` (the compiled spec: band and level lookup, then the
        sparse components)."""
        b = m.birth_date
        if b > self.at:
            return UNBORN
        i = bisect_right(self.breaks, b)
        level = m.school_level
        r = self.seg_dense[level.code][i]
        dis = m.disability
        if dis is not self.no_disability:
            d = self.by_disability[dis.code]
            if d < r:
                r = d
        if m.pregnant_or_postpartum:
            pr, most = self.preg
            if pr < r and (m.pregnancy_order is None or m.pregnancy_order <= most):
                r = pr
        if self.seg_sparse:
            for rank, ok, test in self.seg_sparse:  # by rank: the first that holds is the lowest
                if rank >= r:
                    break
                if (ok is None or ok[level.code][i]) and test(m):
                    return rank
        return r

    def _band(self, b: date) -> int:
        """The age band of the birth date ``b`` (bit ``i``: the ``i``-th age predicate holds)."""
        return sum(1 << i for i, (lo, hi) in enumerate(self.bands) if lo <= b <= hi)


def _all(tests: list[Callable[[MemberFacts], bool]]) -> Callable[[MemberFacts], bool]:
    return lambda m: all(t(m) for t in tests)


@functools.lru_cache(maxsize=1024)
def date_table(params: ParameterSet, at: date) -> DateTable:
    """The (cached) :class:`DateTable` of ``at``."""
    return DateTable(params, at)
