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

from dayasos.categories import DisabilitySeverity, SchoolLevel
from dayasos.eligibility.decision import Decision, ParameterUse
from dayasos.eligibility.pkh.model import PkhFamily
from dayasos.eligibility.pkh.spec import PKH
from dayasos.eligibility.pkh.year import (
    COMPONENTS,
    NO_COMPONENT,
    UNBORN,
    YearTable,
    dedupe,
    use_of,
    year_table,
)
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
    Pregnant,
)
from dayasos.parameters import ParameterSet

__all__ = [
    "COMPONENTS",
    "NO_COMPONENT",
    "UNBORN",
    "DateTable",
    "YearTable",
    "age",
    "date_table",
    "earliest_birth",
    "year_table",
]

_LEVELS: tuple[SchoolLevel, ...] = tuple(SchoolLevel)


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
        "rank_of",
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
            date_uses.extend(use_of(params, n, at) for n in names)
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
        self.rank_of = _rank_function(self)
        decile = next((k for k in spec.criteria if isinstance(k, DecileAtMost)), None)
        self.decile_max = None if decile is None else decile.threshold(at, params)
        if decile is not None:
            date_uses.append(use_of(params, decile.parameter, at))
        self.uses = y.uses + dedupe(date_uses)
        self.decisions: dict[tuple[object, ...], Decision] = {}

    def decision(self, family: PkhFamily, ncomp: int) -> Decision:
        """The eligibility decision of ``family`` with ``ncomp`` members with a component
        (cached per distinct inputs)."""
        key = (family.registered, family.desil, family.status.code, ncomp)
        hit = self.decisions.get(key)
        if hit is None:
            flat = self.year.year if self.year.flat else None
            facts = FamilyFacts(family.registered, family.desil, family.status, ncomp, flat)
            crit = tuple(k.decide(facts, self.at, self.params) for k in PKH.criteria)
            hit = Decision(PKH.code, "eligibility", self.at, all(c.passed for c in crit), crit)
            if len(self.decisions) < 4096:
                self.decisions[key] = hit
        return hit

    def rank(self, m: MemberFacts) -> int:
        """The rank of the member's component in the year's priority order (0 = highest), or
        ``NO_COMPONENT`` / ``UNBORN`` (the compiled spec: band and level lookup, then the
        sparse components)."""
        return self.rank_of(m)

    def _band(self, b: date) -> int:
        """The age band of the birth date ``b`` (bit ``i``: the ``i``-th age predicate holds)."""
        return sum(1 << i for i, (lo, hi) in enumerate(self.bands) if lo <= b <= hi)


def _rank_function(t: DateTable) -> Callable[[MemberFacts], int]:
    """:meth:`DateTable.rank` as a closure over the date's tables (the per-family hot path)."""
    at, breaks, seg_dense, seg_sparse = t.at, t.breaks, t.seg_dense, t.seg_sparse
    no_disability, by_disability = t.no_disability, t.by_disability
    preg_rank, preg_most = t.preg

    def rank(m: MemberFacts) -> int:
        b = m.birth_date
        if b > at:
            return UNBORN
        i = bisect_right(breaks, b)
        level = m.school_level
        r = seg_dense[level.code][i]
        dis = m.disability
        if dis is not no_disability:
            d = by_disability[dis.code]
            if d < r:
                r = d
        if (
            m.pregnant_or_postpartum
            and preg_rank < r
            and (m.pregnancy_order is None or m.pregnancy_order <= preg_most)
        ):
            r = preg_rank
        if seg_sparse:
            for rk, ok, test in seg_sparse:  # by rank: the first that holds is the lowest
                if rk >= r:
                    break
                if (ok is None or ok[level.code][i]) and test(m):
                    return rk
        return r

    return rank


def _all(tests: list[Callable[[MemberFacts], bool]]) -> Callable[[MemberFacts], bool]:
    return lambda m: all(t(m) for t in tests)


@functools.lru_cache(maxsize=1024)
def date_table(params: ParameterSet, at: date) -> DateTable:
    """The (cached) :class:`DateTable` of ``at``."""
    return DateTable(params, at)
