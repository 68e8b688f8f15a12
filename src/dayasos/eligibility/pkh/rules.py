"""PKH rules: member components, family eligibility and the yearly entitlement.

Rules (each parameter named here lives in ``parameters/data/pkh.toml`` with its source):

* **Components on a date.** A member may count as: ibu hamil/nifas (pregnant or postpartum;
  if a ``pregnancy_order`` is given, at most ``pkh.ibu_hamil.max_pregnancies``); anak usia
  dini (age at most ``pkh.age.anak_usia_dini.max`` and not enrolled in school); anak SD, SMP
  or SMA (enrolled at that level, age at most ``pkh.age.sekolah.max``); penyandang
  disabilitas berat; lanjut usia (age at least ``pkh.age.lanjut_usia.min``: 60 in 2019, 70
  from 1 January 2020). Ages are in completed years on the reference date
  (:func:`dayasos.periods.age`, 29 February birthdays kept on 28 February).
* **One component per member** (``pkh.component.priority``, U): the component with the
  highest annual amount of the year; ties in declaration order of
  :class:`~dayasos.eligibility.pkh.PkhComponent`.
* **Early-childhood limit** (``pkh.anak_usia_dini.max_children``, M): at most that many
  members count for the anak usia dini component, the first by ``member_id``; the others are
  not counted (``LineReason.EXCLUDED_BY_LIMIT``) and take no place under the cap.
* **Cap** (``pkh.cap.persons``, M; ``pkh.cap.selection``, U): at most that many members count;
  the highest annual amounts first, ties by component declaration order, then by
  ``member_id``, so the result does not depend on the order of members.
* **Year and stages.** The year is cut into payments from ``pkh.stages.months`` (a stage runs
  until the next stage month) and ``pkh.disbursement.monthly`` (a month paid alone). Each
  payment pays the annual indices in force on its first day times its months / 12. For 2020
  this gives stage I (January-March, a quarter of the 2020 index) and nine monthly payments
  of the same index / 12, so the 2020 total is the 2020 annual index (there was no COVID-19
  index). A member line's amount is the sum over the payments, rounded half-up to the rupiah
  (exact with the shipped indices); the family total is split over the payments in
  proportion to their exact amounts by the largest-remainder method
  (:meth:`dayasos.money.Rupiah.allocate`, ``pkh.disbursement.rounding``, U): whole rupiah,
  equal remainders to the earlier payment, and the payments always sum to the total.
* **Fixed amount**: bantuan tetap reguler or PKH akses (``remote_area``) in the years it is
  non-zero; in 2017-2018 the flat amount ``pkh.flat_amount`` per family, no components.
* **Eligibility** on the reference date: registered in DTKS/DTSEN; welfare decile at most
  ``pkh.eligibility.max_desil`` (desil 1-4 under Kepmensos 79/HUK/2025; unknown before it
  applies, and the day in 2025 it applies from was not found: while unknown the criterion is
  *not applicable* and says so; supply a value with a reform); status active (not graduated,
  suspended or cancelled); at least one member with a component (from 2019). An ineligible
  family is entitled to Rp0.

The components, criteria, cap and schedule are written once in the spec
(:data:`dayasos.eligibility.pkh.spec.PKH`); :mod:`dayasos.eligibility.pkh.tables` compiles it
per (parameter set, year) and (parameter set, date), and the column-wise kernel
(:mod:`dayasos.population.kernel`) compiles the same spec to numpy.
"""

from __future__ import annotations

import operator
from datetime import date

from dayasos.eligibility.decision import Decision
from dayasos.eligibility.pkh.model import PkhComponent, PkhFamily, PkhMember
from dayasos.eligibility.pkh.result import LineReason, MemberLine, PkhEntitlement
from dayasos.eligibility.pkh.spec import PKH
from dayasos.eligibility.pkh.tables import (
    COMPONENTS,
    NO_COMPONENT,
    UNBORN,
    age,
    date_table,
)
from dayasos.money import Rupiah
from dayasos.parameters import ParameterSet, load_parameters

__all__ = [
    "candidate_components",
    "component_of",
    "eligibility",
    "entitlement",
]

_NO_COMPONENT = NO_COMPONENT
_UNBORN = UNBORN
_ZERO = Rupiah(0)
_COUNTED = LineReason.COUNTED
_LINE_KEY = operator.attrgetter("member_id")


def _params(params: ParameterSet | None) -> ParameterSet:
    return load_parameters() if params is None else params


def candidate_components(
    member: PkhMember, at: date, params: ParameterSet | None = None
) -> tuple[PkhComponent, ...]:
    """Every component ``member`` qualifies for on ``at``, before the one-component rule
    (empty in the flat years 2017-2018 and for a member not yet born).

    Examples:
        >>> from datetime import date
        >>> from dayasos.categories import Sex, DisabilitySeverity
        >>> grandma = PkhMember("g", date(1950, 1, 1), Sex.PEREMPUAN,
        ...                     disability=DisabilitySeverity.BERAT)
        >>> candidate_components(grandma, date(2021, 7, 1))
        (PkhComponent.DISABILITAS_BERAT, PkhComponent.LANJUT_USIA)
    """
    t = date_table(_params(params), at)
    if t.year.flat or member.birth_date > at:
        return ()
    a = age(member.birth_date, at)
    return tuple(
        c
        for c, spec in zip(COMPONENTS, PKH.components, strict=True)
        if spec.holds(member, a, t.values)
    )


def component_of(
    member: PkhMember, at: date, params: ParameterSet | None = None
) -> PkhComponent | None:
    """The one component ``member`` counts for on ``at``, or None.

    Several components: the highest annual amount of the year first, ties in the declaration
    order of :class:`PkhComponent` (``pkh.component.priority``, unverified).

    Examples:
        >>> from datetime import date
        >>> from dayasos.categories import Sex, SchoolLevel
        >>> child = PkhMember("c", date(2013, 5, 1), Sex.LAKI_LAKI, school_level=SchoolLevel.SD)
        >>> component_of(child, date(2021, 7, 1))
        PkhComponent.SD
    """
    t = date_table(_params(params), at)
    if t.year.flat:
        return None
    r = t.rank(member)
    return t.year.by_rank[r] if r < _NO_COMPONENT else None


def eligibility(family: PkhFamily, at: date, params: ParameterSet | None = None) -> Decision:
    """Whether ``family`` is eligible for PKH on ``at``, with every criterion.

    Examples:
        >>> from datetime import date
        >>> from dayasos.categories import Sex
        >>> f = PkhFamily("f", [PkhMember("a", date(2018, 1, 1), Sex.PEREMPUAN)])
        >>> d = eligibility(f, date(2021, 7, 1))
        >>> d.outcome, d.criterion("welfare_decile").status.value
        (True, 'not_applicable')
    """
    t = date_table(_params(params), at)
    n = 0
    if not t.year.flat:
        for m in family.members:
            if t.rank(m) < _NO_COMPONENT:
                n += 1
    return t.decision(family, n)


def entitlement(family: PkhFamily, at: date, params: ParameterSet | None = None) -> PkhEntitlement:
    """The PKH entitlement of ``family`` for the fiscal year of ``at``, assessed on ``at``.

    Pass a reform (:meth:`dayasos.parameters.ParameterSet.with_value`) as ``params`` for the
    reform's entitlement.

    Examples:
        >>> from datetime import date
        >>> from dayasos.categories import Sex, SchoolLevel
        >>> f = PkhFamily("f", [
        ...     PkhMember("a", date(2017, 3, 1), Sex.PEREMPUAN),
        ...     PkhMember("b", date(2008, 3, 1), Sex.LAKI_LAKI, school_level=SchoolLevel.SMP),
        ...     PkhMember("c", date(2005, 3, 1), Sex.PEREMPUAN, school_level=SchoolLevel.SMA),
        ... ])
        >>> e = entitlement(f, date(2021, 7, 1))
        >>> e.total, [s.amount for s in e.stages]
        (Rupiah(6500000), [Rupiah(1625000), Rupiah(1625000), Rupiah(1625000), Rupiah(1625000)])
    """
    t = date_table(_params(params), at)
    y = t.year
    members = family.members
    if y.flat:
        ranks = [_NO_COMPONENT] * len(members)
        ncomp = 0
    else:
        rank = t.rank_of
        ranks = [rank(m) for m in members]
        ncomp = len(ranks) - ranks.count(_NO_COMPONENT) - ranks.count(_UNBORN)
    decision = t.decision(family, ncomp)
    eligible = decision.outcome
    counted_ids: set[str] | None = set()  # None: every member with a component counts
    limited: set[str] = set()  # over the early-childhood limit
    counted: tuple[int, ...] = ()
    if eligible and ncomp:
        if ncomp <= y.cap and (ncomp <= y.limit or ranks.count(y.limit_rank) <= y.limit):
            counted = tuple(sorted([r for r in ranks if r < _NO_COMPONENT]))
            counted_ids = None
        else:
            cands = sorted(
                [(r, m.member_id) for m, r in zip(members, ranks, strict=True) if r < _NO_COMPONENT]
            )
            taken = [0] * len(y.limits)
            chosen: list[int] = []
            ids: set[str] = set()
            for r, mid in cands:
                if taken[r] >= y.limits[r]:
                    limited.add(mid)
                elif len(chosen) < y.cap:
                    taken[r] += 1
                    chosen.append(r)
                    ids.add(mid)
            counted_ids = ids
            counted = tuple(chosen)
    by_rank, amounts, uses = y.by_rank, y.amount_by_rank, y.uses_by_rank
    lines: list[MemberLine] = []
    other = LineReason.FLAT_YEAR if y.flat else LineReason.NO_COMPONENT
    not_counted = LineReason.EXCLUDED_BY_CAP if eligible else LineReason.FAMILY_NOT_ELIGIBLE
    for m, r in zip(members, ranks, strict=True):
        mid = m.member_id
        if r < _NO_COMPONENT:
            if counted_ids is None or mid in counted_ids:
                reason = _COUNTED
            elif mid in limited:
                reason = LineReason.EXCLUDED_BY_LIMIT
            else:
                reason = not_counted
            lines.append(MemberLine(mid, by_rank[r], amounts[r], reason, uses[r]))
        elif r == _UNBORN:
            lines.append(MemberLine(mid, None, _ZERO, LineReason.NOT_YET_BORN))
        else:
            lines.append(MemberLine(mid, None, _ZERO, other))
    lines.sort(key=_LINE_KEY)
    choice = (2 if family.remote_area else 1) if eligible else 0
    kind, fixed = y.choices[choice]
    total, stages = y.stages(counted, choice)
    return PkhEntitlement(
        family.family_id,
        at,
        y.year,
        total,
        fixed,
        kind,
        tuple(lines),
        stages,
        decision,
        t.uses,
    )
