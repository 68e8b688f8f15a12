"""The shared pieces of the programme rules: criterion entries (in force, flags), the
decision, and entitlements paid once or monthly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any, Final

from attrs import evolve

from dayasos.categories import Programme
from dayasos.eligibility.decision import (
    Criterion,
    CriterionStatus,
    Decision,
    ParameterUse,
)
from dayasos.eligibility.programmes.values import (
    AmountLine,
    ProgrammeEntitlement,
)
from dayasos.eligibility.spec.subject import Flag
from dayasos.errors import ParameterDateError
from dayasos.money import Rupiah
from dayasos.parameters import ParameterSet, load_parameters
from dayasos.periods import Month

__all__ = [
    "AFFECTED_BY_COVID",
    "FAIL",
    "NA",
    "PASS",
    "REGISTERED_DTKS",
    "ZERO",
    "amount_known",
    "decide",
    "flag",
    "in_force",
    "monthly",
    "monthly_values",
    "months_param",
    "noting_unknown_amount",
    "params_or_default",
    "refused",
    "single",
]

PASS, FAIL, NA = CriterionStatus.PASSED, CriterionStatus.FAILED, CriterionStatus.NOT_APPLICABLE
ZERO: Final = Rupiah(0)

REGISTERED_DTKS: Final = Flag(
    "registered", ("registered",), "Terdaftar di DTKS.", "Registered in DTKS."
)
"""The subject's ``registered`` flag: registered in DTKS (RS-Rutilahu, ProKUS)."""
AFFECTED_BY_COVID: Final = Flag(
    "affected_by_covid", ("affected_by_covid",), "Terdampak COVID-19.", "Affected by COVID-19."
)
"""The subject's ``affected_by_covid`` flag (the sustainment grant, Sembako Kemensos Hadir)."""


def params_or_default(params: ParameterSet | None) -> ParameterSet:
    """``params``, or the shipped parameters when None."""
    return load_parameters() if params is None else params


def flag(code: str, ok: bool, id_: str, en: str, **kw: Any) -> Criterion:
    """A yes/no criterion entry: passed with the message when ``ok``, else failed with it
    prefixed by "Tidak: " / "Not met: "."""
    return Criterion(
        code,
        PASS if ok else FAIL,
        id_ if ok else "Tidak: " + id_,
        en if ok else "Not met: " + en,
        observed="true" if ok else "false",
        threshold="true",
        **kw,
    )


def in_force(p: ParameterSet, name: str, at: date, programme: Programme) -> Criterion:
    """The ``in_force`` criterion entry: passed when parameter ``name`` has a value on ``at``."""
    try:
        pv = p.value(name, at)
    except ParameterDateError:
        return Criterion(
            "in_force",
            FAIL,
            f"{programme.name_id} tidak berjalan pada {at.isoformat()}.",
            f"{programme.label_en}: not running on {at.isoformat()}.",
            observed=at.isoformat(),
            threshold=f"a date covered by {name}",
        )
    return Criterion(
        "in_force",
        PASS,
        f"{programme.name_id} berjalan pada tanggal ini.",
        f"{programme.label_en}: running on this date.",
        observed=at.isoformat(),
        parameter=ParameterUse.of(name, pv),
    )


def decide(programme: Programme, at: date, crit: Sequence[Criterion]) -> Decision:
    """The eligibility decision of ``programme``: met when no criterion failed."""
    return Decision(programme.name_id, "eligibility", at, all(c.passed for c in crit), tuple(crit))


def amount_known(p: ParameterSet, name: str, at: date) -> Criterion | None:
    """A not-applicable criterion saying the amount is unknown, or None if it is known."""
    try:
        pv = p.value(name, at)
    except ParameterDateError:
        return None
    if pv.known:
        return None
    return Criterion(
        "amount_known",
        NA,
        "Nilai bantuan tidak diketahui dalam parameter; tetapkan dengan reformasi.",
        "The benefit value is unknown in the parameters; set one with a reform.",
        parameter=ParameterUse.of(name, pv),
    )


def noting_unknown_amount(decision: Decision, p: ParameterSet, name: str, at: date) -> Decision:
    """``decision`` with the :func:`amount_known` note appended when the value of ``name`` on
    ``at`` is unknown; ``decision`` itself otherwise."""
    note = amount_known(p, name, at)
    if note is None:
        return decision
    return evolve(decision, criteria=(*decision.criteria, note))


def refused(
    programme: Programme, beneficiary: str, at: date, decision: Decision
) -> ProgrammeEntitlement:
    """The entitlement of a subject that is not eligible: Rp0 and no lines."""
    return ProgrammeEntitlement(programme, beneficiary, at, ZERO, (), decision)


def monthly_values(
    p: ParameterSet, name: str, year: int
) -> Iterator[tuple[Month, Rupiah, ParameterUse]]:
    """The months of ``year`` in which the rupiah parameter ``name`` has a known value on the
    first day, each with the value and its citation."""
    for m in range(1, 13):
        month = Month(year, m)
        try:
            pv = p.value(name, month.start)
        except ParameterDateError:
            continue
        if isinstance(pv.value, int):
            yield month, Rupiah(pv.value), ParameterUse.of(name, pv)


def single(
    programme: Programme,
    beneficiary: str,
    at: date,
    decision: Decision,
    p: ParameterSet,
    name: str,
    label: str,
    quantity: int = 1,
    in_kind: str | None = None,
) -> ProgrammeEntitlement:
    """An entitlement of ``quantity`` times the value of parameter ``name`` on ``at``."""
    if not decision.outcome:
        return refused(programme, beneficiary, at, decision)
    pv = p.value(name, at)
    unit = Rupiah(pv.value) if isinstance(pv.value, int) else None
    amount = None if unit is None else unit * quantity
    decision = noting_unknown_amount(decision, p, name, at)
    line = AmountLine(label, at, at, quantity, unit, amount, ParameterUse.of(name, pv))
    return ProgrammeEntitlement(programme, beneficiary, at, amount, (line,), decision, in_kind)


def monthly(
    programme: Programme,
    beneficiary: str,
    at: date,
    decision: Decision,
    p: ParameterSet,
    name: str,
    months: Callable[[Month], bool],
    label: str,
    *,
    extra: Callable[[Month], bool] = lambda m: False,
    extra_label: str = "",
    paid_in: Callable[[Month], date | None] = lambda m: None,
) -> ProgrammeEntitlement:
    """The sum over the months of ``at``'s year for which ``months`` holds and ``name`` has
    a value: one line per month, and a second line in the months where ``extra`` holds;
    ``paid_in`` gives the month a line is paid in when later than its own."""
    if not decision.outcome:
        return refused(programme, beneficiary, at, decision)
    lines: list[AmountLine] = []
    total = 0
    for month, amt, use in monthly_values(p, name, at.year):
        if not months(month):
            continue
        paid = paid_in(month)
        for text in (label, extra_label) if extra(month) else (label,):
            total += amt.amount
            lines.append(AmountLine(text, month.start, month.end, 1, amt, amt, use, paid))
    return ProgrammeEntitlement(programme, beneficiary, at, Rupiah(total), tuple(lines), decision)


def months_param(p: ParameterSet, name: str, at: date) -> tuple[int, ...]:
    """The months of a ``month_numbers`` parameter on ``at``; () when it has no value then."""
    try:
        pv = p.value(name, at)
    except ParameterDateError:
        return ()
    return pv.value if isinstance(pv.value, tuple) else ()
