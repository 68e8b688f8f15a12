"""The KPM PKH lifecycle: dated status transitions, graduation assessment and proposals.

A family's participation in PKH is a :class:`KpmHistory`: an append-only tuple of dated
:class:`KpmTransition` values over :class:`~dayasos.eligibility.pkh.PkhStatus`. Every
transition names the status it leaves and the status it enters, the date it takes effect, the
date it was recorded, a :class:`TransitionReason` and a legal basis. Only the transitions of
:data:`TRANSITIONS` are allowed; any other raises
:class:`~dayasos.errors.InvalidTransitionError` naming both statuses.

The machine (statuses of the PKH guidelines as reported in public sources; the guards where no
public source speaks are assumptions, flagged in the reasons' confidence)::

    (start)      -> kandidat | aktif
    kandidat     -> aktif (penetapan) | dihentikan (not confirmed, death, moving, false data)
    aktif        -> ditangguhkan (commitments not met)
                  | graduasi_alamiah (no component left, or welfare above the criteria;
                                      or forced graduation, see below)
                  | graduasi_sejahtera_mandiri (voluntary withdrawal, welfare improved;
                                                or forced graduation, see below)
                  | dihentikan (death of the only eligible members, moving, false data)
    ditangguhkan -> aktif (commitments met again) | dibatalkan (commitments still not met)
                  | graduasi_alamiah | dihentikan
    graduasi_alamiah, graduasi_sejahtera_mandiri, dibatalkan, dihentikan: final

Forced graduation (graduasi paksa: the programme graduates a family against its wish, reported
by one local press source, M) is a route with its own reason ``graduasi_paksa``; the status it
is recorded under is the parameter ``pkh.graduation.paksa.recorded_as`` (U: how the programme
records it is not stated), so the kind of graduation stays one of the two the registry knows.

Registry: each transition maps one-to-one to a row of the registry's append-only enrolment
history (:meth:`KpmTransition.as_record`: programme ``"pkh"``, the family id, the status left
and entered, effective and recorded dates, reason code and legal basis). Appending a history to
the registry is appending these rows in order; reading it back is
``KpmHistory(family_id, rows mapped with KpmTransition.from_record)``, which replays and checks
them.

Examples:
    >>> from datetime import date
    >>> h = KpmHistory.start("kpm-1", PkhStatus.AKTIF, date(2019, 1, 1))
    >>> h = h.transition(PkhStatus.GRADUASI_ALAMIAH, date(2021, 7, 1),
    ...                  TransitionReason.TIDAK_ADA_KOMPONEN)
    >>> h.status_on(date(2021, 6, 30)), h.status_on(date(2021, 7, 1))
    (PkhStatus.AKTIF, PkhStatus.GRADUASI_ALAMIAH)
    >>> h.transition(PkhStatus.AKTIF, date(2022, 1, 1), TransitionReason.PENETAPAN)
    Traceback (most recent call last):
    ...
    dayasos.errors.InvalidTransitionError: KPM PKH: transition from 'graduasi_alamiah' to 'aktif' is not allowed: ...
"""

from dayasos.eligibility.lifecycle.graduation import (
    PRECEDENCE,
    GraduationRoute,
    GraduationSituation,
    assess_graduation,
    graduation_route,
)
from dayasos.eligibility.lifecycle.history import (
    KpmHistory,
    KpmTransition,
    StatusAt,
    recording_date,
)
from dayasos.eligibility.lifecycle.proposals import (
    ProposedTransition,
    apply_transitions,
    entitlement_at,
    propose_graduations,
)
from dayasos.eligibility.lifecycle.states import (
    FINAL_STATUSES,
    GRADUATED_STATUSES,
    MACHINE,
    TRANSITIONS,
    TransitionReason,
    allowed_reasons,
)
from dayasos.eligibility.pkh import PkhStatus

__all__ = [
    "FINAL_STATUSES",
    "GRADUATED_STATUSES",
    "MACHINE",
    "PRECEDENCE",
    "TRANSITIONS",
    "GraduationRoute",
    "GraduationSituation",
    "KpmHistory",
    "KpmTransition",
    "PkhStatus",
    "ProposedTransition",
    "StatusAt",
    "TransitionReason",
    "allowed_reasons",
    "apply_transitions",
    "assess_graduation",
    "entitlement_at",
    "graduation_route",
    "propose_graduations",
    "recording_date",
]
