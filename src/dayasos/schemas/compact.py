"""Compact forms of decisions and entitlements: each parameter and each source cited once.

The full form (:func:`dayasos.serialization.unstructure` of the value) repeats, for every
criterion, member line and stage, the parameter values it used with their whole legal basis:
complete, but for a PKH entitlement most of the text is the same parameter blocks again. The
compact form keeps every fact of the explanation and cites each parameter value once, in
``parameters``, and each source once, in ``sources``; criteria, member lines and stages refer
to a parameter value by its ``ref`` (``"pkh.index.sd@2021-01-01"``: name and first day in
force) and a parameter to its source by position.

Examples:
    >>> from datetime import date
    >>> from dayasos.categories import Sex
    >>> from dayasos.eligibility.pkh import PkhFamily, PkhMember, entitlement
    >>> e = entitlement(PkhFamily("kpm-1", [PkhMember("a", date(1950, 1, 1), Sex.PEREMPUAN)]),
    ...                 date(2021, 1, 4))
    >>> c = compact_pkh_entitlement(e)
    >>> c.total, c.stages[0].parameters[-1]
    (Rupiah(2400000), 'pkh.index.lanjut_usia@2021-01-01')
    >>> len({p.ref for p in c.parameters}) == len(c.parameters)
    True
"""

from __future__ import annotations

from datetime import date
from typing import Any

from dayasos.eligibility.decision import Criterion, Decision, ParameterUse
from dayasos.eligibility.pkh import PkhEntitlement
from dayasos.eligibility.programmes import ProgrammeEntitlement
from dayasos.law import LegalBasis
from dayasos.schemas.compact_types import (
    CitedParameter,
    CompactAmountLine,
    CompactCriterion,
    CompactDecision,
    CompactMemberLine,
    CompactPkhEntitlement,
    CompactProgrammeEntitlement,
    CompactStage,
)
from dayasos.serialization import unstructure

__all__ = [
    "CitedParameter",
    "CompactAmountLine",
    "CompactCriterion",
    "CompactDecision",
    "CompactMemberLine",
    "CompactPkhEntitlement",
    "CompactProgrammeEntitlement",
    "CompactStage",
    "compact_decision",
    "compact_pkh_entitlement",
    "compact_pkh_entitlement_data",
    "compact_programme_entitlement",
]


_REFS: dict[int, tuple[ParameterUse, str]] = {}
"""``ref`` of a parameter use by object identity: the rules reuse the same ParameterUse
objects from their cached year tables, so a result's refs are mostly found here. The use is
kept with its ref, so an identity is never reused while it is in the table."""
_REFS_MAX = 50_000


def _ref_of(use: ParameterUse) -> str:
    hit = _REFS.get(id(use))
    if hit is not None and hit[0] is use:
        return hit[1]
    ref = f"{use.name}@{use.start.isoformat()}"
    if len(_REFS) >= _REFS_MAX:
        _REFS.clear()
    _REFS[id(use)] = (use, ref)
    return ref


class _Citations:
    """Collects parameter uses and sources, each once, in first-seen order."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.parameters: dict[str, CitedParameter] = {}
        self.sources: dict[LegalBasis, int] = {}

    def _add(self, ref: str, use: ParameterUse) -> None:
        self.seen.add(ref)
        source = self.sources.setdefault(use.source, len(self.sources))
        self.parameters[ref] = CitedParameter(
            ref, use.name, use.value, use.start, use.end, source, use.confidence, use.origin
        )

    def ref(self, use: ParameterUse) -> str:
        ref = _ref_of(use)
        if ref not in self.seen:
            self._add(ref, use)
        return ref

    def refs(self, uses: tuple[ParameterUse, ...]) -> tuple[str, ...]:
        out = []
        known = self.seen
        cache = _REFS
        for use in uses:  # the hot loop of a compact result, written out
            hit = cache.get(id(use))
            ref = hit[1] if hit is not None and hit[0] is use else _ref_of(use)
            if ref not in known:
                self._add(ref, use)
            out.append(ref)
        return tuple(out)

    def criterion(self, c: Criterion) -> CompactCriterion:
        return CompactCriterion(
            c.code,
            c.status,
            c.message_id,
            c.message_en,
            c.observed,
            c.threshold,
            None if c.parameter is None else self.ref(c.parameter),
        )

    def cited(self) -> tuple[CitedParameter, ...]:
        return tuple(self.parameters.values())

    def bases(self) -> tuple[LegalBasis, ...]:
        return tuple(self.sources)


def compact_decision(decision: Decision) -> CompactDecision:
    """``decision`` with each parameter and source cited once."""
    cite = _Citations()
    criteria = tuple(cite.criterion(c) for c in decision.criteria)
    return CompactDecision(
        decision.programme,
        decision.subject,
        decision.at,
        decision.outcome,
        criteria,
        cite.cited(),
        cite.bases(),
    )


def compact_pkh_entitlement(e: PkhEntitlement) -> CompactPkhEntitlement:
    """``e`` with each parameter and source cited once (stages and lines refer to them)."""
    cite = _Citations()
    cite.refs(e.parameters)
    criteria = tuple(cite.criterion(c) for c in e.eligibility.criteria)
    members = tuple(
        CompactMemberLine(m.member_id, m.component, m.amount, m.reason, cite.refs(m.parameters))
        for m in e.members
    )
    stages = tuple(
        CompactStage(
            s.number, s.start, s.end, s.months, s.monthly, s.amount, cite.refs(s.parameters)
        )
        for s in e.stages
    )
    return CompactPkhEntitlement(
        e.family_id,
        e.at,
        e.year,
        e.total,
        e.fixed,
        e.fixed_kind,
        e.eligible,
        criteria,
        members,
        stages,
        cite.cited(),
        cite.bases(),
    )


def compact_programme_entitlement(e: ProgrammeEntitlement) -> CompactProgrammeEntitlement:
    """``e`` with each parameter and source cited once."""
    cite = _Citations()
    criteria = tuple(cite.criterion(c) for c in e.eligibility.criteria)
    lines = tuple(
        CompactAmountLine(
            ln.label,
            ln.start,
            ln.end,
            ln.quantity,
            ln.unit_amount,
            ln.amount,
            cite.ref(ln.parameter),
        )
        for ln in e.lines
    )
    return CompactProgrammeEntitlement(
        e.programme,
        e.beneficiary_id,
        e.at,
        e.amount,
        e.in_kind,
        e.eligibility.outcome,
        criteria,
        lines,
        cite.cited(),
        cite.bases(),
    )


# ---------------------------------------------------------------------------- direct JSON


def _basis_data(basis: LegalBasis) -> dict[str, Any]:
    hit = _BASES.get(id(basis))
    if hit is None or hit[0] is not basis:
        if len(_BASES) >= _REFS_MAX:
            _BASES.clear()
        hit = (basis, unstructure(basis))
        _BASES[id(basis)] = hit
    return dict(hit[1])


_BASES: dict[int, tuple[LegalBasis, dict[str, Any]]] = {}


def _date(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


class _Data(_Citations):
    """Citations written straight as JSON data."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, dict[str, Any]] = {}

    def _add(self, ref: str, use: ParameterUse) -> None:
        self.seen.add(ref)
        source = self.sources.setdefault(use.source, len(self.sources))
        self.rows[ref] = {
            "ref": ref,
            "name": use.name,
            "value": use.value,
            "start": use.start.isoformat(),
            "end": _date(use.end),
            "source": source,
            "confidence": use.confidence.value,
            "origin": use.origin,
        }

    def criterion_data(self, c: Criterion) -> dict[str, Any]:
        return {
            "code": c.code,
            "status": c.status.value,
            "message_id": c.message_id,
            "message_en": c.message_en,
            "observed": c.observed,
            "threshold": c.threshold,
            "parameter": None if c.parameter is None else self.ref(c.parameter),
        }


def compact_pkh_entitlement_data(e: PkhEntitlement) -> dict[str, Any]:
    """``unstructure(compact_pkh_entitlement(e))``, written directly as JSON data (no
    intermediate objects: what ``dayasos serve`` answers with). A property test holds the two
    equal."""
    cite = _Data()
    cite.refs(e.parameters)
    criteria = [cite.criterion_data(c) for c in e.eligibility.criteria]
    members = [
        {
            "member_id": m.member_id,
            "component": None if m.component is None else m.component.value,
            "amount": m.amount.amount,
            "reason": m.reason.value,
            "parameters": list(cite.refs(m.parameters)),
        }
        for m in e.members
    ]
    stages = [
        {
            "number": st.number,
            "start": st.start.isoformat(),
            "end": st.end.isoformat(),
            "months": st.months,
            "monthly": st.monthly,
            "amount": st.amount.amount,
            "parameters": list(cite.refs(st.parameters)),
        }
        for st in e.stages
    ]
    return {
        "family_id": e.family_id,
        "at": e.at.isoformat(),
        "year": e.year,
        "total": e.total.amount,
        "fixed": e.fixed.amount,
        "fixed_kind": None if e.fixed_kind is None else e.fixed_kind.value,
        "eligible": e.eligible,
        "criteria": criteria,
        "members": members,
        "stages": stages,
        "parameters": list(cite.rows.values()),
        "sources": [_basis_data(b) for b in cite.bases()],
    }
