"""The KPM PKH lifecycle in the registry: write transitions to the registry's enrolment
history, read a :class:`~dayasos.eligibility.lifecycle.KpmHistory` back, and propose and apply
graduations for every KPM of a registry.

Each :class:`~dayasos.eligibility.lifecycle.KpmTransition` is one
:class:`~dayasos.registry.StatusChange` of programme PKH for the family's No. KK: the status
entered (through :data:`~dayasos.eligibility.pkh.PKH_TO_ENROLMENT`, the one mapping table),
the effective and recorded dates, and the reason code. The status left is not stored: it is the
status entered by the previous change. A transition's own legal basis (its citation text) and
note are stored in the change's ``basis`` and ``note`` fields; the basis is read back as its
citation text, as :meth:`~dayasos.eligibility.lifecycle.KpmTransition.from_record` does.
Changes written before those fields existed kept them as a small JSON object in ``reason``
(``{"reason": ..., "legal_basis": ..., "note": ...}``); they are still read.

Examples:
    >>> from datetime import date
    >>> from dayasos.registry import Family, MemoryStore, NoKK, RegionCode
    >>> store = MemoryStore()
    >>> kk = NoKK.parse("3171012009000001")
    >>> store.add_family(Family(kk, RegionCode.parse("31.71.01.1001")))
    >>> h = KpmHistory.start("kpm-1", PkhStatus.AKTIF, date(2019, 1, 1))
    >>> h = h.transition(PkhStatus.GRADUASI_ALAMIAH, date(2021, 7, 1),
    ...                  TransitionReason.TIDAK_ADA_KOMPONEN)
    >>> _ = record_transitions(store, kk, h.transitions)
    >>> history_from_registry(store, kk, family_id="kpm-1") == h
    True
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, Final

from attrs import define, field

from dayasos.categories import Programme
from dayasos.eligibility.lifecycle import (
    GraduationSituation,
    KpmHistory,
    KpmTransition,
    ProposedTransition,
    TransitionReason,
    propose_graduations,
)
from dayasos.eligibility.pkh import (
    PkhFamily,
    PkhStatus,
    enrolment_status_of,
    pkh_family_from_registry,
    pkh_status_of,
)
from dayasos.errors import CategoryNotFoundError, ValidationError
from dayasos.law import LegalBasis
from dayasos.parameters import ParameterSet
from dayasos.registry.identity import NoKK, RegionCode
from dayasos.registry.model import EnrolmentStatus, StatusChange
from dayasos.registry.store import RegistryStore

__all__ = [
    "IN_PROGRAMME_STATUSES",
    "RegistryProposal",
    "apply_graduations_in_registry",
    "history_from_registry",
    "propose_graduations_in_registry",
    "record_transitions",
]

IN_PROGRAMME_STATUSES: Final = (EnrolmentStatus.ACTIVE, EnrolmentStatus.SUSPENDED)
"""The registry statuses of a family in the programme, assessed by the batch (the lifecycle's
aktif and ditangguhkan)."""


def _decode_reason(
    change: StatusChange, index: int
) -> tuple[TransitionReason, LegalBasis | None, str | None]:
    """The reason, basis and note of a stored change: the reason code, and the basis and
    note in their own fields; a change written before they had fields of their own keeps
    them in a small JSON object in ``reason``, still read."""
    text = change.reason
    try:
        if text.startswith("{"):
            data = json.loads(text)
            if not isinstance(data, dict) or not isinstance(data.get("reason"), str):
                raise ValidationError("reason", "must hold a reason code", index=index)
            reason = TransitionReason.parse(data["reason"])
            cited = data.get("legal_basis") or ""
            basis = None if not cited or cited == reason.basis.cite() else LegalBasis(cited)
            return reason, basis, data.get("note") or None
        reason = TransitionReason.parse(text)
    except (CategoryNotFoundError, json.JSONDecodeError) as exc:
        raise ValidationError(
            "reason", "is not a KPM PKH transition reason code", index=index, shown=repr(text)
        ) from exc
    cited = change.basis
    basis = None if not cited or cited == reason.basis.cite() else LegalBasis(cited)
    return reason, basis, change.note or None


def _check_family(store: RegistryStore, no_kk: NoKK) -> None:
    if not isinstance(no_kk, NoKK):
        raise ValidationError("no_kk", "must be a NoKK", shown=type(no_kk).__name__)
    store.get_family(no_kk)


def history_from_registry(
    store: RegistryStore, no_kk: NoKK, *, family_id: str | None = None
) -> KpmHistory:
    """The KPM PKH history of a family from the registry's enrolment history (replayed and
    checked: an entry the lifecycle forbids raises InvalidTransitionError). ``family_id``
    defaults to the masked No. KK.

    Raises:
        RecordNotFoundError: the family is not in the store.
        ValidationError: an entry's reason is not a transition reason code.
    """
    _check_family(store, no_kk)
    out: list[KpmTransition] = []
    source: PkhStatus | None = None
    for i, c in enumerate(store.history(Programme.PKH, no_kk)):
        reason, basis, note = _decode_reason(c, i)
        target = pkh_status_of(c.status)
        out.append(KpmTransition(source, target, c.effective, c.recorded, reason, basis, note))
        source = target
    return KpmHistory(family_id if family_id is not None else str(no_kk), tuple(out))


def _changes(no_kk: NoKK, transitions: Iterable[KpmTransition]) -> list[StatusChange]:
    return [
        StatusChange(
            Programme.PKH,
            no_kk,
            enrolment_status_of(t.target),
            t.effective,
            t.recorded,
            t.reason.code,
            "" if t.basis is None else t.legal_basis.cite(),
            t.note or "",
        )
        for t in transitions
    ]


def _planned(store: RegistryStore, no_kk: NoKK, transitions: Iterable[KpmTransition]) -> KpmHistory:
    h = history_from_registry(store, no_kk)
    for i, t in enumerate(transitions):
        if not isinstance(t, KpmTransition):
            raise ValidationError("transitions", "must be a KpmTransition", index=i)
        h = h.append(t)
    return h


def record_transitions(
    store: RegistryStore, no_kk: NoKK, transitions: Iterable[KpmTransition]
) -> KpmHistory:
    """Append ``transitions`` to the family's PKH enrolment history in one store transaction
    and return the resulting history (family id: the masked No. KK).

    Every transition is checked against the history as stored, read inside the same store
    transaction that writes it (for :class:`~dayasos.registry.SQLiteStore` under the write
    lock), so two writers racing on one family can never store a history that fails to
    replay: an invalid one raises :class:`~dayasos.errors.InvalidTransitionError` and
    nothing is written.
    """
    batch = list(transitions)
    _check_family(store, no_kk)
    with store.transaction():
        after = _planned(store, no_kk, batch)
        for c in _changes(no_kk, batch):
            store.record_status(c)
    return after


def _no_kk(_: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, NoKK):
        raise ValidationError("no_kk", "must be a NoKK", shown=type(value).__name__)


def _proposal(_: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, ProposedTransition):
        raise ValidationError("proposal", "must be a ProposedTransition")


@define(frozen=True, slots=True)
class RegistryProposal:
    """A graduation proposed for a registry family (not applied). ``proposal.family_id`` is
    the opaque id the batch gave the family; ``no_kk`` shows masked."""

    no_kk: NoKK = field(validator=_no_kk)
    proposal: ProposedTransition = field(validator=_proposal)


def propose_graduations_in_registry(
    store: RegistryStore,
    on: date,
    *,
    region: RegionCode | None = None,
    params: ParameterSet | None = None,
    situations: Mapping[NoKK, GraduationSituation] | None = None,
    recorded: date | None = None,
) -> tuple[RegistryProposal, ...]:
    """Assess every family of the registry in PKH on ``on`` (status active or suspended,
    :data:`IN_PROGRAMME_STATUSES`, living in ``region`` if given) with
    :func:`~dayasos.eligibility.lifecycle.propose_graduations`, and return the proposed
    graduations in No. KK order. Nothing is written: pass the result to
    :func:`apply_graduations_in_registry`.

    Each family is read with :func:`~dayasos.eligibility.pkh.pkh_family_from_registry` and
    :func:`history_from_registry` under the opaque id ``kpm-<n>`` (its position in No. KK
    order). ``situations`` gives the facilitator's knowledge by No. KK.
    """
    if not isinstance(on, date):
        raise ValidationError("on", "must be a date", shown=repr(on))
    found: set[NoKK] = set()
    for status in IN_PROGRAMME_STATUSES:
        found.update(store.families_with_status(Programme.PKH, on, status, region))
    ordered = sorted(found, key=lambda k: k.reveal())
    by_id: dict[str, NoKK] = {}
    pairs: list[tuple[PkhFamily, KpmHistory]] = []
    sits: dict[str, GraduationSituation] = {}
    for i, kk in enumerate(ordered):
        fid = f"kpm-{i + 1:06d}"
        by_id[fid] = kk
        family, _ = pkh_family_from_registry(store, kk, on, family_id=fid)
        pairs.append((family, history_from_registry(store, kk, family_id=fid)))
        if situations is not None and kk in situations:
            sits[fid] = situations[kk]
    proposals = propose_graduations(pairs, on, situations=sits, recorded=recorded, params=params)
    return tuple(RegistryProposal(by_id[p.family_id], p) for p in proposals)


def apply_graduations_in_registry(
    store: RegistryStore, proposals: Iterable[RegistryProposal]
) -> int:
    """Append the proposed transitions to the registry, all in one store transaction; returns
    how many were written. Every proposal is checked against the history in the registry
    first (it may have changed since it was proposed): one that no longer fits raises
    :class:`~dayasos.errors.InvalidTransitionError` and nothing is written. The check reads
    the history inside the transaction that writes (see :func:`record_transitions`)."""
    by_family: dict[NoKK, list[KpmTransition]] = {}
    for i, p in enumerate(proposals):
        if not isinstance(p, RegistryProposal):
            raise ValidationError("proposals", "must be a RegistryProposal", index=i)
        by_family.setdefault(p.no_kk, []).append(p.proposal.transition)
    changes: list[StatusChange] = []
    with store.transaction():
        for kk, ts in by_family.items():
            _check_family(store, kk)
            _planned(store, kk, ts)
            changes.extend(_changes(kk, ts))
        for c in changes:
            store.record_status(c)
    return len(changes)
