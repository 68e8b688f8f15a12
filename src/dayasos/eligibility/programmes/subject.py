"""The per-family interpreter of :class:`~dayasos.eligibility.spec.subject.SubjectProgramme`
specs (groups, applicants, recipients): one :class:`~dayasos.eligibility.decision.Decision`
and one :class:`~dayasos.eligibility.programmes.ProgrammeEntitlement` for any such spec.

Examples:
    >>> from datetime import date
    >>> from dayasos.eligibility.programmes.community import KUBE
    >>> from dayasos.eligibility.programmes.values import KubeGroup
    >>> subject_entitlement(KUBE, KubeGroup("g", 10, True), date(2020, 5, 1)).amount
    Rupiah(20000000)
"""

from __future__ import annotations

from datetime import date
from operator import attrgetter

from dayasos.eligibility.decision import Criterion, Decision, ParameterUse
from dayasos.eligibility.programmes.common import (
    FAIL,
    NA,
    PASS,
    decide,
    flag,
    in_force,
    monthly_values,
    noting_unknown_amount,
    params_or_default,
    refused,
    single,
)
from dayasos.eligibility.programmes.values import AmountLine, ProgrammeEntitlement
from dayasos.eligibility.spec.household import InForce
from dayasos.eligibility.spec.subject import (
    Bounds,
    EmpowermentYear,
    Flag,
    InKind,
    MonthlyPackages,
    NoOtherEnrolment,
    OneOf,
    PkatStage,
    Single,
    StageInKind,
    StatusIn,
    SubjectCriterion,
    SubjectProgramme,
)
from dayasos.errors import ParameterDateError, ValidationError
from dayasos.money import Rupiah
from dayasos.parameters import ParameterSet
from dayasos.periods import age

__all__ = ["subject_eligibility", "subject_entitlement", "subject_stage"]


def _bounds(c: Bounds, subject: object, at: date, p: ParameterSet) -> list[Criterion]:
    raw = getattr(subject, c.attribute)
    if c.age:
        if raw > at:
            raise ValidationError(c.attribute, f"is after the assessment date {at.isoformat()}")
        n = age(raw, at)
    else:
        n = int(raw)
    out: list[Criterion] = []
    for bound, name in (("min", c.minimum), ("max", c.maximum)):
        try:
            pv = p.value(name, at)
        except ParameterDateError:
            continue
        use = ParameterUse.of(name, pv)
        if not isinstance(pv.value, int):
            if c.unknown_id is not None and c.unknown_en is not None:
                out.append(
                    Criterion(
                        f"{c.prefix}_{bound}",
                        NA,
                        c.unknown_id,
                        c.unknown_en,
                        observed=str(n),
                        parameter=use,
                    )
                )
            continue
        ok = n >= pv.value if bound == "min" else n <= pv.value
        out.append(
            Criterion(
                f"{c.prefix}_{bound}",
                PASS if ok else FAIL,
                (c.ok_id if ok else c.bad_id).format(n=n),
                (c.ok_en if ok else c.bad_en).format(n=n),
                observed=str(n),
                threshold=(">= " if bound == "min" else "<= ") + str(pv.value),
                parameter=use,
            )
        )
    return out


def _no_other(
    c: NoOtherEnrolment, spec: SubjectProgramme, subject: object, at: date, p: ParameterSet
) -> list[Criterion]:
    try:
        pv = p.value(c.parameter, at)
    except ParameterDateError:
        return []
    other = [q for q in getattr(subject, c.attribute) if q is not spec.programme]
    shown = ",".join(q.code for q in other) or "-"
    required = pv.value is True
    none = not other
    return [
        Criterion(
            c.code,
            (PASS if none else FAIL) if required else NA,
            "Belum pernah menerima bantuan lain."
            if none
            else f"Sudah menerima bantuan lain: {shown}.",
            "Has received no other aid." if none else f"Already receives other aid: {shown}.",
            observed=shown,
            threshold="none" if required else None,
            parameter=ParameterUse.of(c.parameter, pv),
        )
    ]


def _stage(c: EmpowermentYear, subject: object, at: date, p: ParameterSet) -> PkatStage:
    start = getattr(subject, c.start)
    years = 0 if start is None or at < start else p.integer(c.parameter, at)
    return c.stage(start, at, years)


def subject_stage(
    spec: SubjectProgramme, subject: object, at: date, params: ParameterSet | None = None
) -> PkatStage:
    """The empowerment stage of ``subject`` on ``at`` by the spec's
    :class:`~dayasos.eligibility.spec.subject.EmpowermentYear` criterion."""
    p = params_or_default(params)
    for c in spec.criteria:
        if isinstance(c, EmpowermentYear):
            return _stage(c, subject, at, p)
    raise ValidationError(f"{spec.programme.code}.spec", "has no empowerment-year criterion")


def _criteria(
    c: SubjectCriterion, spec: SubjectProgramme, subject: object, at: date, p: ParameterSet
) -> list[Criterion]:
    if isinstance(c, InForce):
        return [in_force(p, c.parameter, at, spec.programme)]
    if isinstance(c, Flag):
        values = [bool(getattr(subject, a)) for a in c.attributes]
        ok = any(values) if c.any_of else all(values)
        return [flag(c.code, ok, c.message_id, c.message_en)]
    if isinstance(c, StatusIn):
        status = getattr(subject, c.attribute).status_on(at)
        ok = status in c.statuses
        shown = "(none)" if status is None else status.code
        return [
            Criterion(
                c.code,
                PASS if ok else FAIL,
                (c.ok_id if ok else c.bad_id).format(status=shown),
                (c.ok_en if ok else c.bad_en).format(status=shown),
                observed=shown,
                threshold=c.threshold,
            )
        ]
    if isinstance(c, OneOf):
        value = getattr(subject, c.attribute)
        ok = value in c.allowed
        return [
            Criterion(
                c.code,
                PASS if ok else FAIL,
                f"{c.prefix_id}{value.name_id}.",
                f"{c.prefix_en}{value.label_en}.",
                observed=value.code,
                threshold=c.threshold,
            )
        ]
    if isinstance(c, Bounds):
        return _bounds(c, subject, at, p)
    if isinstance(c, EmpowermentYear):
        years = p.value(c.parameter, at)
        stage = _stage(c, subject, at, p)
        in_year = stage not in (PkatStage.PERSIAPAN, PkatStage.TERMINASI)
        return [
            Criterion(
                c.code,
                PASS if in_year else FAIL,
                f"Tahap {stage.value}.",
                f"Stage {stage.value}.",
                observed=stage.value,
                threshold="tahun_1..tahun_3",
                parameter=ParameterUse.of(c.parameter, years),
            )
        ]
    return _no_other(c, spec, subject, at, p)


def subject_eligibility(
    spec: SubjectProgramme, subject: object, at: date, params: ParameterSet | None = None
) -> Decision:
    """Whether ``subject`` qualifies for the programme of ``spec`` on ``at``: every criterion
    of the spec, in its order (a spec's bound without a value on the date is not reported)."""
    p = params_or_default(params)
    crit: list[Criterion] = []
    for c in spec.criteria:
        crit.extend(_criteria(c, spec, subject, at, p))
    return decide(spec.programme, at, crit)


def _packages(
    spec: SubjectProgramme, a: MonthlyPackages, who: str, at: date, d: Decision, p: ParameterSet
) -> ProgrammeEntitlement:
    lines: list[AmountLine] = []
    for month, unit, use in monthly_values(p, a.value, at.year):
        try:
            n = p.integer(a.per_month, month.start)
        except ParameterDateError:
            continue
        lines.append(AmountLine(a.label, month.start, month.end, n, unit, unit * n, use))
    total = Rupiah.total(ln.amount for ln in lines if ln.amount is not None)
    return ProgrammeEntitlement(spec.programme, who, at, total, tuple(lines), d, a.in_kind)


def subject_entitlement(
    spec: SubjectProgramme, subject: object, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """What ``subject`` gets from the programme of ``spec`` for ``at``: Rp0 and no lines when
    not eligible; the amount None when its value is unknown (the decision then says so)."""
    p = params_or_default(params)
    d = subject_eligibility(spec, subject, at, p)
    who = str(attrgetter(spec.beneficiary)(subject))
    if not d.outcome:
        return refused(spec.programme, who, at, d)
    a = spec.amount
    if isinstance(a, Single):
        if a.times is not None:
            n = p.integer(a.times, at)
        elif a.quantity is not None:
            n = int(getattr(subject, a.quantity))
        else:
            n = 1
        kind = None if a.in_kind is None else a.in_kind.format(n=n)
        return single(spec.programme, who, at, d, p, a.amount, a.label, n, kind)
    if isinstance(a, StageInKind):
        stage = subject_stage(spec, subject, at, p)
        text = f"{stage.value}: {dict(a.benefits)[stage]}"
        if a.source is not None:
            text += f" [{a.source.reference()}]"
        return ProgrammeEntitlement(spec.programme, who, at, None, (), d, text)
    if isinstance(a, InKind):
        d = noting_unknown_amount(d, p, a.known, at)
        return ProgrammeEntitlement(spec.programme, who, at, None, (), d, a.text)
    return _packages(spec, a, who, at, d, p)
