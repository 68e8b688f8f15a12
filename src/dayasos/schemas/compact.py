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

from attrs import define

from dayasos.categories import Programme
from dayasos.eligibility.decision import Criterion, CriterionStatus, Decision, ParameterUse
from dayasos.eligibility.pkh import FixedKind, LineReason, PkhComponent, PkhEntitlement
from dayasos.eligibility.programmes import ProgrammeEntitlement
from dayasos.law import Confidence, LegalBasis
from dayasos.money import Rupiah

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
    "compact_programme_entitlement",
]


@define(frozen=True, slots=True)
class CitedParameter:
    """A parameter value used by a result, cited once."""

    ref: str
    """``name@start``: how criteria, lines and stages refer to this value."""
    name: str
    value: str | None
    """The value as text; ``None`` when it is known to exist but was not found in a source."""
    start: date
    end: date | None
    source: int
    """Position of its legal basis in the result's ``sources``."""
    confidence: Confidence
    origin: str = "shipped"
    """``"shipped"`` or the name of the reform that set the value."""


@define(frozen=True, slots=True)
class CompactCriterion:
    """One checked condition; ``parameter`` is the ``ref`` of the value it compared with."""

    code: str
    status: CriterionStatus
    message_id: str
    message_en: str
    observed: str | None = None
    threshold: str | None = None
    parameter: str | None = None


@define(frozen=True, slots=True)
class CompactDecision:
    """A :class:`~dayasos.eligibility.decision.Decision` with its parameters cited once."""

    programme: str
    subject: str
    at: date
    outcome: bool
    criteria: tuple[CompactCriterion, ...]
    parameters: tuple[CitedParameter, ...]
    sources: tuple[LegalBasis, ...]


@define(frozen=True, slots=True)
class CompactMemberLine:
    """A PKH member line; ``parameters`` are refs of the component's index values."""

    member_id: str
    component: PkhComponent | None
    amount: Rupiah
    reason: LineReason
    parameters: tuple[str, ...] = ()


@define(frozen=True, slots=True)
class CompactStage:
    """A PKH payment (tahap or month); ``parameters`` are refs of the values in force at its
    start."""

    number: int
    start: date
    end: date
    months: int
    monthly: bool
    amount: Rupiah
    parameters: tuple[str, ...]


@define(frozen=True, slots=True)
class CompactPkhEntitlement:
    """A :class:`~dayasos.eligibility.pkh.PkhEntitlement` with each parameter cited once.

    ``eligible`` and ``criteria`` are the eligibility decision; ``parameters`` lists every
    value the computation used (as ``PkhEntitlement.parameters`` does), in order.
    """

    family_id: str
    at: date
    year: int
    total: Rupiah
    fixed: Rupiah
    fixed_kind: FixedKind | None
    eligible: bool
    criteria: tuple[CompactCriterion, ...]
    members: tuple[CompactMemberLine, ...]
    stages: tuple[CompactStage, ...]
    parameters: tuple[CitedParameter, ...]
    sources: tuple[LegalBasis, ...]


@define(frozen=True, slots=True)
class CompactAmountLine:
    """A line of a programme entitlement; ``parameter`` is the ref of its unit amount."""

    label: str
    start: date
    end: date
    quantity: int
    unit_amount: Rupiah | None
    amount: Rupiah | None
    parameter: str


@define(frozen=True, slots=True)
class CompactProgrammeEntitlement:
    """A :class:`~dayasos.eligibility.programmes.ProgrammeEntitlement`, parameters cited once."""

    programme: Programme
    beneficiary_id: str
    at: date
    amount: Rupiah | None
    in_kind: str | None
    eligible: bool
    criteria: tuple[CompactCriterion, ...]
    lines: tuple[CompactAmountLine, ...]
    parameters: tuple[CitedParameter, ...]
    sources: tuple[LegalBasis, ...]


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
        self.parameters: dict[str, CitedParameter] = {}
        self.sources: dict[LegalBasis, int] = {}

    def ref(self, use: ParameterUse) -> str:
        ref = _ref_of(use)
        if ref not in self.parameters:
            source = self.sources.setdefault(use.source, len(self.sources))
            self.parameters[ref] = CitedParameter(
                ref, use.name, use.value, use.start, use.end, source, use.confidence, use.origin
            )
        return ref

    def refs(self, uses: tuple[ParameterUse, ...]) -> tuple[str, ...]:
        return tuple(self.ref(u) for u in uses)

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
