"""Graduation proposals for a batch of families, applying them to the histories, and the
entitlement of a family on a date with its status taken from its history."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from attrs import define, evolve

from dayasos.eligibility.decision import CriterionStatus, Decision
from dayasos.eligibility.lifecycle.graduation import (
    IN_PROGRAMME,
    NO_SITUATION,
    GraduationRoute,
    GraduationSituation,
    assess_graduation,
    graduation_route,
)
from dayasos.eligibility.lifecycle.history import KpmHistory, KpmTransition, recording_date
from dayasos.eligibility.lifecycle.states import TransitionReason
from dayasos.eligibility.pkh import PkhEntitlement, PkhFamily, PkhStatus
from dayasos.eligibility.pkh import entitlement as pkh_entitlement
from dayasos.errors import ValidationError
from dayasos.parameters import ParameterSet, load_parameters

__all__ = ["ProposedTransition", "apply_transitions", "entitlement_at", "propose_graduations"]

_S = PkhStatus
_R = TransitionReason


def _route_reason(decision: Decision, route: PkhStatus) -> TransitionReason:
    forced = [c for c in decision.criteria if c.code == GraduationRoute.PAKSA.value]
    if forced and forced[0].status is CriterionStatus.PASSED:
        return _R.GRADUASI_PAKSA
    if route is _S.GRADUASI_SEJAHTERA_MANDIRI:
        return _R.MENGUNDURKAN_DIRI
    if decision.criterion("no_eligible_component").status is CriterionStatus.PASSED:
        return _R.TIDAK_ADA_KOMPONEN
    return _R.SOSEK_MENINGKAT


@define(frozen=True, slots=True)
class ProposedTransition:
    """A transition proposed for a family, with the decision behind it; not applied."""

    family_id: str
    transition: KpmTransition
    decision: Decision


def propose_graduations(
    pairs: Iterable[tuple[PkhFamily, KpmHistory]],
    at: date,
    *,
    situations: Mapping[str, GraduationSituation] | None = None,
    recorded: date | None = None,
    params: ParameterSet | None = None,
) -> tuple[ProposedTransition, ...]:
    """Assess every family in the programme (aktif or ditangguhkan) on ``at`` and propose the
    graduations, sorted by family id (the result does not depend on the input order). Nothing
    is applied: pass the result to :func:`apply_transitions`.

    ``situations`` gives the facilitator's knowledge by family id (default: nothing declared).
    A family whose history already holds a change taking effect after ``at`` is left out (a
    proposal dated ``at`` could not be appended after it).
    """
    p = load_parameters() if params is None else params
    out: list[ProposedTransition] = []
    seen: set[str] = set()
    for i, (family, history) in enumerate(pairs):
        fid = family.family_id
        if fid in seen:
            raise ValidationError("pairs", "family_id appears twice in the batch", index=i)
        seen.add(fid)
        status = history.status_on(at)
        if status not in IN_PROGRAMME:
            continue
        if history.transitions[-1].effective > at:
            continue  # a later change is already recorded: the books decide, not this batch
        situation = (situations or {}).get(fid, NO_SITUATION)
        decision = assess_graduation(family, history, at, situation, p)
        route = graduation_route(decision)
        if route is None:
            continue
        t = KpmTransition(
            history.current,
            route,
            at,
            recording_date(history, at, recorded),
            _route_reason(decision, route),
        )
        out.append(ProposedTransition(fid, t, decision))
    out.sort(key=lambda pt: pt.family_id)
    return tuple(out)


def apply_transitions(
    histories: Mapping[str, KpmHistory], proposals: Iterable[ProposedTransition]
) -> dict[str, KpmHistory]:
    """New histories with the proposals appended (the given ones are unchanged).

    Raises InvalidTransitionError if a proposal no longer fits its history (e.g. the status
    changed since it was proposed) and ValidationError for an unknown family id; nothing is
    returned then, so a batch applies whole or not at all.
    """
    out = dict(histories)
    for i, pt in enumerate(proposals):
        h = out.get(pt.family_id)
        if h is None:
            raise ValidationError("proposals", "no history for the family id", index=i)
        out[pt.family_id] = h.append(pt.transition)
    return out


def entitlement_at(
    family: PkhFamily,
    history: KpmHistory,
    at: date,
    params: ParameterSet | None = None,
) -> PkhEntitlement:
    """The PKH entitlement of ``family`` assessed on ``at`` with its status on ``at`` taken
    from ``history`` (no status yet counts as ``KANDIDAT``). A family graduated, cancelled or
    terminated on ``at`` gets Rp0, and the ``not_excluded`` criterion says why.
    """
    if family.family_id != history.family_id:
        raise ValidationError("history.family_id", "must be the family's family_id")
    status = history.status_on(at) or _S.KANDIDAT
    return pkh_entitlement(
        evolve(family, status=status), at, (load_parameters() if params is None else params)
    )
