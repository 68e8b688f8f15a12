"""The compact documents: a decision or an entitlement whose parameters and sources are
cited once (``ref``) instead of repeated where used (re-exported by
:mod:`dayasos.schemas.compact`)."""

from __future__ import annotations

from datetime import date

from attrs import define

from dayasos.categories import Programme
from dayasos.eligibility.decision import CriterionStatus
from dayasos.eligibility.pkh import FixedKind, LineReason, PkhComponent
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
