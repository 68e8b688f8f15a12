"""Household cash programmes written as specs, and their per-family interpreter.

Program Sembako / BPNT, BST, the one-off BST for Sembako KPM not in PKH and BLT BBM are each
one :class:`~dayasos.eligibility.spec.household.HouseholdProgramme` (:data:`SEMBAKO`,
:data:`BST`, :data:`BST_SEMBAKO_NON_PKH`, :data:`BLT_BBM`; all in :data:`HOUSEHOLD_PROGRAMMES`).
:func:`household_eligibility` and :func:`household_entitlement` evaluate any such spec for
one family; the ``<programme>_eligibility`` / ``<programme>_entitlement`` functions are thin
entry points over them. The column-wise evaluator is
:func:`dayasos.population.evaluate_programme`.

Examples:
    >>> from datetime import date
    >>> e = household_entitlement(BLT_BBM, ProgrammeKpm("k"), date(2022, 9, 1))
    >>> e.amount, e.eligibility.criterion("enrolled").status.value
    (Rupiah(600000), 'passed')
"""

from __future__ import annotations

from datetime import date
from typing import Final

from dayasos._validators import int_in_range
from dayasos.categories import Programme
from dayasos.eligibility.decision import Criterion, Decision, ParameterUse
from dayasos.eligibility.programmes.common import (
    FAIL,
    PASS,
    ZERO,
    decide,
    flag,
    in_force,
    monthly,
    months_param,
    params_or_default,
    single,
)
from dayasos.eligibility.programmes.values import ProgrammeEntitlement, ProgrammeKpm
from dayasos.eligibility.spec.household import (
    HouseholdCriterion,
    HouseholdProgramme,
    InForce,
    KpmFlag,
    Monthly,
    MonthsKnown,
    Once,
)
from dayasos.errors import ParameterDateError, ValidationError
from dayasos.money import Rupiah
from dayasos.parameters import ParameterSet
from dayasos.periods import Month

__all__ = [
    "BLT_BBM",
    "BST",
    "BST_SEMBAKO_NON_PKH",
    "HOUSEHOLD_PROGRAMMES",
    "SEMBAKO",
    "blt_bbm_eligibility",
    "blt_bbm_entitlement",
    "bst_eligibility",
    "bst_entitlement",
    "bst_sembako_non_pkh_eligibility",
    "bst_sembako_non_pkh_entitlement",
    "household_eligibility",
    "household_entitlement",
    "programme_cost",
    "sembako_2022_proposal_cost",
    "sembako_eligibility",
    "sembako_entitlement",
]

SEMBAKO: Final = HouseholdProgramme(
    Programme.SEMBAKO,
    (InForce("sembako.amount"), KpmFlag.ENROLLED),
    Monthly(
        "sembako.amount",
        "Bantuan Sembako per bulan",
        extra_months="sembako.extra_months",
        extra_label="Bantuan Sembako bulan tambahan",
    ),
)
"""Program Sembako / BPNT: ``sembako.amount`` each month it has a value, once more in each
month of ``sembako.extra_months``."""
BST: Final = HouseholdProgramme(
    Programme.BST,
    (InForce("bst.amount"), MonthsKnown("bst.months", "BST"), KpmFlag.ENROLLED),
    Monthly(
        "bst.amount",
        "BST per bulan",
        months="bst.months",
        deferred_months="bst.deferred_months",
        deferred_paid_in="bst.deferred_paid_in",
    ),
)
"""BST: ``bst.amount`` for each month of ``bst.months``; ``bst.deferred_months`` paid in
``bst.deferred_paid_in``."""
BST_SEMBAKO_NON_PKH: Final = HouseholdProgramme(
    Programme.BST_SEMBAKO_NON_PKH,
    (InForce("bst_sembako_non_pkh.amount"), KpmFlag.IN_SEMBAKO, KpmFlag.NOT_IN_PKH),
    Once("bst_sembako_non_pkh.amount", "BST sekali bagi KPM Sembako non-PKH"),
)
"""The one-off BST of August 2020 to Program Sembako KPM not in PKH."""
BLT_BBM: Final = HouseholdProgramme(
    Programme.BLT_BBM,
    (InForce("blt_bbm.amount"), KpmFlag.ENROLLED),
    Once("blt_bbm.amount", "BLT BBM per penyaluran", times="blt_bbm.payments"),
)
"""BLT BBM 2022: ``blt_bbm.payments`` times ``blt_bbm.amount``."""
HOUSEHOLD_PROGRAMMES: Final[dict[str, HouseholdProgramme]] = {
    s.programme.code: s for s in (SEMBAKO, BST, BST_SEMBAKO_NON_PKH, BLT_BBM)
}
"""Every household programme spec by programme code."""


def _months_known(p: ParameterSet, c: MonthsKnown, at: date) -> Criterion:
    name = c.parameter
    try:
        pv = p.value(name, at)
    except ParameterDateError:
        label = f" {c.label}" if c.label else ""
        return Criterion(
            MonthsKnown.code,
            FAIL,
            f"Tidak ada bulan penyaluran{label} pada tahun ini.",
            f"No{label} payment months in this year.",
        )
    known = pv.known
    return Criterion(
        MonthsKnown.code,
        PASS if known else FAIL,
        "Bulan penyaluran diketahui." if known else "Bulan penyaluran tidak diketahui.",
        "Payment months known." if known else "Payment months unknown (set a reform).",
        parameter=ParameterUse.of(name, pv),
    )


def _criterion(
    c: HouseholdCriterion, spec: HouseholdProgramme, kpm: ProgrammeKpm, at: date, p: ParameterSet
) -> Criterion:
    if isinstance(c, InForce):
        return in_force(p, c.parameter, at, spec.programme)
    if isinstance(c, MonthsKnown):
        return _months_known(p, c, at)
    value = bool(getattr(kpm, c.attribute))
    return flag(c.code, value != c.negate, c.message_id, c.message_en)


def household_eligibility(
    spec: HouseholdProgramme, kpm: ProgrammeKpm, at: date, params: ParameterSet | None = None
) -> Decision:
    """Whether ``kpm`` qualifies for the programme of ``spec`` on ``at``, every criterion of
    the spec in its order."""
    p = params_or_default(params)
    return decide(spec.programme, at, [_criterion(c, spec, kpm, at, p) for c in spec.criteria])


def household_entitlement(
    spec: HouseholdProgramme, kpm: ProgrammeKpm, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """What ``kpm`` gets from the programme of ``spec`` for ``at`` (Rp0 when not eligible)."""
    p = params_or_default(params)
    d = household_eligibility(spec, kpm, at, p)
    a = spec.amount
    if isinstance(a, Once):
        n = 1 if a.times is None else (p.integer(a.times, at) if d.outcome else 0)
        return single(spec.programme, kpm.family_id, at, d, p, a.amount, a.label, quantity=n)
    months: tuple[int, ...] | None = None
    deferred: tuple[int, ...] = ()
    paid_to: date | None = None
    if d.outcome:
        if a.months is not None:
            months = p.months(a.months, at)
        if a.deferred_months is not None and a.deferred_paid_in is not None:
            deferred = months_param(p, a.deferred_months, at)
            if deferred:
                paid_to = Month(at.year, p.months(a.deferred_paid_in, at)[0]).start
    extra = () if a.extra_months is None else months_param(p, a.extra_months, at)
    return monthly(
        spec.programme,
        kpm.family_id,
        at,
        d,
        p,
        a.amount,
        lambda m: months is None or m.month in months,
        a.label,
        extra=lambda m: m.month in extra,
        extra_label=a.extra_label,
        paid_in=lambda m: paid_to if m.month in deferred else None,
    )


def sembako_eligibility(
    kpm: ProgrammeKpm, at: date, params: ParameterSet | None = None
) -> Decision:
    """Program Sembako / BPNT on ``at``: the programme runs and the family is an enrolled KPM."""
    return household_eligibility(SEMBAKO, kpm, at, params)


def sembako_entitlement(
    kpm: ProgrammeKpm, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """Program Sembako for the year of ``at``: ``sembako.amount`` for each month of the year in
    which it has a value, and once more in each month of ``sembako.extra_months`` (2019:
    12 x Rp110,000; 2020: 2 x Rp150,000 + 10 x Rp200,000; 2021: 14 x Rp200,000).

    Examples:
        >>> from datetime import date
        >>> sembako_entitlement(ProgrammeKpm("k"), date(2019, 6, 1)).amount
        Rupiah(1320000)
        >>> sembako_entitlement(ProgrammeKpm("k"), date(2021, 6, 1)).amount
        Rupiah(2800000)
    """
    return household_entitlement(SEMBAKO, kpm, at, params)


def bst_eligibility(kpm: ProgrammeKpm, at: date, params: ParameterSet | None = None) -> Decision:
    """BST on ``at``: the programme runs (April-December 2020, January-June 2021), its months
    are known for the year, and the family is an enrolled KPM."""
    return household_eligibility(BST, kpm, at, params)


def bst_entitlement(
    kpm: ProgrammeKpm, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """BST for the year of ``at``: ``bst.amount`` for each month of ``bst.months`` (2020:
    3 x Rp600,000 + 6 x Rp300,000 = Rp3,600,000; 2021: 6 x Rp300,000 = Rp1,800,000, the
    May and June amounts paid together in July, ``AmountLine.paid_in``).

    Examples:
        >>> from datetime import date
        >>> e = bst_entitlement(ProgrammeKpm("k"), date(2021, 2, 1))
        >>> e.amount, [ln.paid_in for ln in e.lines if ln.paid_in]
        (Rupiah(1800000), [datetime.date(2021, 7, 1), datetime.date(2021, 7, 1)])
    """
    return household_entitlement(BST, kpm, at, params)


def bst_sembako_non_pkh_eligibility(
    kpm: ProgrammeKpm, at: date, params: ParameterSet | None = None
) -> Decision:
    """The one-off BST of August 2020 to Program Sembako families not in PKH (H)."""
    return household_eligibility(BST_SEMBAKO_NON_PKH, kpm, at, params)


def bst_sembako_non_pkh_entitlement(
    kpm: ProgrammeKpm, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """Rp500,000 once (``bst_sembako_non_pkh.amount``), Rp0 when not eligible."""
    return household_entitlement(BST_SEMBAKO_NON_PKH, kpm, at, params)


def blt_bbm_eligibility(
    kpm: ProgrammeKpm, at: date, params: ParameterSet | None = None
) -> Decision:
    """BLT BBM (2022) on ``at``: the programme runs and the family is an enrolled KPM (M)."""
    return household_eligibility(BLT_BBM, kpm, at, params)


def blt_bbm_entitlement(
    kpm: ProgrammeKpm, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """BLT BBM: ``blt_bbm.payments`` (4) times ``blt_bbm.amount`` (Rp150,000) = Rp600,000 per
    eligible KPM in 2022 (M); Rp0 when not eligible.

    Examples:
        >>> from datetime import date
        >>> blt_bbm_entitlement(ProgrammeKpm("k"), date(2022, 9, 1)).amount
        Rupiah(600000)
    """
    return household_entitlement(BLT_BBM, kpm, at, params)


def programme_cost(target_kpm: int, months: int, monthly: Rupiah) -> Rupiah:
    """The budget of a monthly benefit: families x months x amount (exact).

    Examples:
        >>> programme_cost(5_900_000, 12, Rupiah(200_000))
        Rupiah(14160000000000)
    """
    for name, v in (("target_kpm", target_kpm), ("months", months)):
        int_in_range(name, 0)(None, None, v)
    if not isinstance(monthly, Rupiah) or monthly < ZERO:
        raise ValidationError("monthly", "must be a non-negative Rupiah", shown=repr(monthly))
    return monthly * (target_kpm * months)


def sembako_2022_proposal_cost(params: ParameterSet | None = None) -> Rupiah:
    """The Kartu Sembako 2022 additional proposal (Kemensos, 26 Aug 2021, H): 5,900,000 KPM x
    12 months x Rp200,000 = Rp14,160,000,000,000."""
    p = params_or_default(params)
    at = date(2022, 1, 1)
    return programme_cost(
        p.integer("kartu_sembako_2022.target_kpm", at),
        p.integer("kartu_sembako_2022.months", at),
        p.rupiah("kartu_sembako_2022.amount", at),
    )
