"""The PKH graduation rule: whether a participating family should graduate on a date, and by
which route (self-reliant, natural or forced).

The routes are the members of :class:`GraduationRoute`; the order in which the family's own
two routes are tried when both are met is the parameter ``pkh.graduation.precedence``, read
through :data:`PRECEDENCE` into an ordered tuple of routes. Forced graduation comes last: it
applies only when neither of the family's own routes does. The messages of every criterion
are data (:mod:`dayasos.eligibility.lifecycle.messages`).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date
from typing import Any, Final

from attrs import define, evolve, field

from dayasos._validators import a_bool
from dayasos.eligibility.decision import Criterion, CriterionStatus, Decision, ParameterUse
from dayasos.eligibility.lifecycle.history import KpmHistory
from dayasos.eligibility.lifecycle.messages import GRADUATION_MESSAGES
from dayasos.eligibility.lifecycle.states import status_code
from dayasos.eligibility.pkh import PkhFamily, PkhStatus
from dayasos.eligibility.pkh import eligibility as pkh_eligibility
from dayasos.errors import ValidationError
from dayasos.parameters import ParameterSet, load_parameters

__all__ = [
    "IN_PROGRAMME",
    "NO_SITUATION",
    "PRECEDENCE",
    "GraduationRoute",
    "GraduationSituation",
    "assess_graduation",
    "graduation_route",
]

_S = PkhStatus
_PASS, _FAIL, _NA = CriterionStatus.PASSED, CriterionStatus.FAILED, CriterionStatus.NOT_APPLICABLE


class GraduationRoute(enum.Enum):
    """A way a family graduates from PKH; the value is the code of its criterion."""

    SEJAHTERA_MANDIRI = "graduasi_sejahtera_mandiri"
    """Self-reliant graduation: the family withdraws, its welfare improved (from aktif only)."""
    ALAMIAH = "graduasi_alamiah"
    """Natural graduation: no eligible component left, or welfare above the PKH criteria."""
    PAKSA = "graduasi_paksa"
    """Forced graduation by the programme, against the family's wish (M)."""


PRECEDENCE: Final[Mapping[str, tuple[GraduationRoute, GraduationRoute]]] = {
    "sejahtera_mandiri_first": (GraduationRoute.SEJAHTERA_MANDIRI, GraduationRoute.ALAMIAH),
    "alamiah_first": (GraduationRoute.ALAMIAH, GraduationRoute.SEJAHTERA_MANDIRI),
}
"""The values of ``pkh.graduation.precedence`` and the order in which they try the family's
own routes; the first route met passes, a later one also met is marked not applicable."""

ROUTE_STATUS: Final[Mapping[GraduationRoute, PkhStatus]] = {
    GraduationRoute.SEJAHTERA_MANDIRI: _S.GRADUASI_SEJAHTERA_MANDIRI,
    GraduationRoute.ALAMIAH: _S.GRADUASI_ALAMIAH,
}
"""The status each of the family's own routes leads to (a forced graduation's status is the
parameter ``pkh.graduation.paksa.recorded_as``)."""

IN_PROGRAMME: Final = frozenset({_S.AKTIF, _S.DITANGGUHKAN})
"""The statuses of a family taking part in PKH (the ones graduation is assessed for)."""

_PAKSA_TARGETS: Final = frozenset(ROUTE_STATUS.values())


@define(frozen=True, slots=True)
class GraduationSituation:
    """What the facilitator (pendamping) knows of a family beyond its PKH data."""

    withdrawal_declared: bool = field(default=False, validator=a_bool("withdrawal_declared"))
    """The family declared it leaves PKH voluntarily (mengundurkan diri)."""
    facilitator_assessed: bool = field(default=False, validator=a_bool("facilitator_assessed"))
    """The facilitator assessed the family's welfare as improved (self-reliant)."""
    forced_by_programme: bool = field(default=False, validator=a_bool("forced_by_programme"))
    """The programme decided to graduate the family against its wish (graduasi paksa)."""


NO_SITUATION: Final = GraduationSituation()
"""Nothing declared or assessed."""


def _crit(
    code: str,
    status: CriterionStatus,
    case: str = "",
    *,
    fields: Mapping[str, str] | None = None,
    **kw: Any,
) -> Criterion:
    """A criterion with its messages from the message table (``case``: default the status)."""
    id_, en = GRADUATION_MESSAGES[(code, case or _CASE[status])]
    if fields:
        id_, en = id_.format_map(fields), en.format_map(fields)
    return Criterion(code, status, id_, en, **kw)


_CASE: Final = {s: s.value for s in CriterionStatus}


def _passed(ok: bool) -> CriterionStatus:
    return _PASS if ok else _FAIL


def _decile_criterion(
    code: str, p: ParameterSet, name: str, at: date, decile: int | None, above: bool
) -> Criterion:
    """``decile > threshold`` (``above``) or ``decile >= threshold``; not applicable while the
    threshold is unknown."""
    value = p.value(name, at)
    use = ParameterUse.of(name, value)
    shown = None if decile is None else str(decile)
    threshold = value.value
    if not isinstance(threshold, int):
        return _crit(code, _NA, observed=shown, parameter=use)
    ok = decile is not None and (decile > threshold if above else decile >= threshold)
    sign = ">" if above else ">="
    return _crit(code, _passed(ok), observed=shown, threshold=f"{sign} {threshold}", parameter=use)


def _required_flag(code: str, flag: bool, p: ParameterSet, name: str, at: date) -> Criterion:
    use = ParameterUse.of(name, p.value(name, at))
    if not p.boolean(name, at):
        return _crit(code, _NA, observed=str(flag).lower(), parameter=use)
    return _crit(code, _passed(flag), observed=str(flag).lower(), threshold="true", parameter=use)


def precedence(p: ParameterSet, at: date) -> tuple[GraduationRoute, GraduationRoute]:
    """The order of the family's own routes on ``at`` (``pkh.graduation.precedence``).

    Raises:
        ValidationError: the parameter names no order of :data:`PRECEDENCE`.
    """
    name = "pkh.graduation.precedence"
    code = p.code(name, at)
    if code not in PRECEDENCE:
        raise ValidationError(name, f"unknown rule {code!r}; known: {', '.join(PRECEDENCE)}")
    return PRECEDENCE[code]


def assess_graduation(
    family: PkhFamily,
    history: KpmHistory,
    at: date,
    situation: GraduationSituation = NO_SITUATION,
    params: ParameterSet | None = None,
) -> Decision:
    """Whether ``family`` should graduate from PKH on ``at``, and which way.

    Criteria (codes): ``in_programme`` (status aktif or ditangguhkan on ``at``);
    ``no_eligible_component`` (the PKH eligibility finds no member with a component);
    ``welfare_above_pkh_criteria`` (decile above ``pkh.eligibility.max_desil``; not applicable
    while that threshold is unknown); ``withdrawal_declared`` and ``facilitator_assessed``
    (required by ``pkh.graduation.sejahtera_mandiri.*``); ``welfare_for_self_reliance``
    (decile at least ``pkh.graduation.min_desil``; not applicable while unknown); then the two
    routes ``graduasi_sejahtera_mandiri`` (in force from aktif only) and ``graduasi_alamiah``
    (no component, or welfare above the criteria). When both routes are met,
    ``pkh.graduation.precedence`` (:data:`PRECEDENCE`) picks one and the other is marked not
    applicable. The outcome is True when a route passed; :func:`graduation_route` says which.
    Last, ``graduasi_paksa`` (forced graduation, M): passes for a participant the programme
    decided to graduate against its wish (``situation.forced_by_programme``) when neither
    other route applies and ``pkh.graduation.paksa.recognised`` holds; it leads to the status
    ``pkh.graduation.paksa.recorded_as`` (U) with the reason ``graduasi_paksa``.

    Examples:
        >>> from datetime import date
        >>> from dayasos.categories import Sex, SchoolLevel
        >>> from dayasos.eligibility.pkh import PkhMember
        >>> fam = PkhFamily("kpm-4", [PkhMember("a", date(2002, 3, 1), Sex.LAKI_LAKI)])
        >>> h = KpmHistory.start("kpm-4", PkhStatus.AKTIF, date(2019, 1, 1))
        >>> d = assess_graduation(fam, h, date(2021, 7, 1))
        >>> d.outcome, graduation_route(d)
        (True, PkhStatus.GRADUASI_ALAMIAH)
    """
    if family.family_id != history.family_id:
        raise ValidationError("history.family_id", "must be the family's family_id")
    p = load_parameters() if params is None else params
    status = history.status_on(at)
    in_prog = status in IN_PROGRAMME
    shown = status_code(status)
    crit: list[Criterion] = [
        _crit(
            "in_programme",
            _passed(in_prog),
            observed=shown,
            threshold="aktif|ditangguhkan",
            fields={"status": shown},
        )
    ]
    # alamiah: the PKH eligibility of the same family, as if active
    comp = pkh_eligibility(evolve(family, status=_S.AKTIF), at, p).criterion("component")
    if comp.status is _NA:
        no_comp = _crit("no_eligible_component", _NA)
    else:
        no_comp = _crit(
            "no_eligible_component",
            _passed(comp.status is _FAIL),
            observed=comp.observed,
            threshold="0",
        )
    decile = family.desil
    above = _decile_criterion(
        "welfare_above_pkh_criteria", p, "pkh.eligibility.max_desil", at, decile, above=True
    )
    sm = [
        _required_flag(
            "withdrawal_declared",
            situation.withdrawal_declared,
            p,
            "pkh.graduation.sejahtera_mandiri.requires_withdrawal",
            at,
        ),
        _required_flag(
            "facilitator_assessed",
            situation.facilitator_assessed,
            p,
            "pkh.graduation.sejahtera_mandiri.requires_facilitator_assessment",
            at,
        ),
        _decile_criterion(
            "welfare_for_self_reliance", p, "pkh.graduation.min_desil", at, decile, above=False
        ),
    ]
    crit += [no_comp, above, *sm]
    met = {
        GraduationRoute.SEJAHTERA_MANDIRI: status is _S.AKTIF
        and all(c.status is not _FAIL for c in sm),
        GraduationRoute.ALAMIAH: in_prog and _PASS in (no_comp.status, above.status),
    }
    order = precedence(p, at)
    prec_use = ParameterUse.of(
        "pkh.graduation.precedence", p.value("pkh.graduation.precedence", at)
    )
    first = next((route for route in order if met[route]), None)
    routes = {route: _PASS if route is first else (_NA if met[route] else _FAIL) for route in order}
    for route in (GraduationRoute.SEJAHTERA_MANDIRI, GraduationRoute.ALAMIAH):
        crit.append(_crit(route.value, routes[route], parameter=prec_use))
    crit.append(_forced(p, at, in_prog, situation, first is not None))
    outcome = any(c.status is _PASS for c in crit if c.code in _ROUTE_CODES)
    return Decision("PKH", "graduation", at, outcome, tuple(crit))


_ROUTE_CODES: Final = frozenset(r.value for r in GraduationRoute)


def _forced(
    p: ParameterSet, at: date, in_prog: bool, situation: GraduationSituation, other: bool
) -> Criterion:
    """The forced-graduation route (graduasi paksa): the programme decided to graduate a
    participating family against its wish, and neither of the family's own routes applies."""
    code = GraduationRoute.PAKSA.value
    rec_name = "pkh.graduation.paksa.recorded_as"
    rec_use = ParameterUse.of(rec_name, p.value(rec_name, at))
    recorded = PkhStatus.parse(p.code(rec_name, at))
    if recorded not in _PAKSA_TARGETS:
        raise ValidationError(
            rec_name,
            f"must be graduasi_alamiah or graduasi_sejahtera_mandiri, got {recorded.code!r}",
        )
    recognised = "pkh.graduation.paksa.recognised"
    if not p.boolean(recognised, at):
        return _crit(
            code,
            _NA,
            "not_recognised",
            parameter=ParameterUse.of(recognised, p.value(recognised, at)),
        )
    forced = str(situation.forced_by_programme).lower()
    if other:
        return _crit(code, _NA, "other_route", observed=forced, parameter=rec_use)
    ok = in_prog and situation.forced_by_programme
    return _crit(
        code,
        _passed(ok),
        observed=recorded.code if ok else forced,
        threshold="true",
        parameter=rec_use,
        fields={"recorded": recorded.code},
    )


def graduation_route(decision: Decision) -> PkhStatus | None:
    """The graduated status a graduation decision leads to, or None.

    Raises:
        ValidationError: ``decision`` is not a PKH graduation decision.
    """
    if decision.programme != "PKH" or decision.subject != "graduation":
        raise ValidationError("decision", "must be a PKH graduation decision")
    for route, status in ROUTE_STATUS.items():
        if decision.criterion(route.value).status is _PASS:
            return status
    forced = [c for c in decision.criteria if c.code == GraduationRoute.PAKSA.value]
    if forced and forced[0].status is _PASS and forced[0].observed is not None:
        return PkhStatus.parse(forced[0].observed)
    return None
