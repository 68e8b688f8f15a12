"""The request and response documents of the HTTP API, as attrs classes.

The JSON Schemas (:mod:`dayasos.schemas`) and the OpenAPI document of ``dayasos serve`` are
generated from these classes, and the server reads and writes them with the shared converter
of :mod:`dayasos.serialization`; a client in Python can use the same classes. They need no
web framework: importing this module does not need the ``service`` extra.
"""

from __future__ import annotations

from datetime import date

from attrs import define

from dayasos.eligibility.decision import Decision
from dayasos.eligibility.pkh import PkhEntitlement, PkhFamily
from dayasos.law import Confidence, LegalBasis
from dayasos.money import Rupiah
from dayasos.parameters.model import Value
from dayasos.registry.identity import Nik
from dayasos.schemas.compact import (
    CompactDecision,
    CompactPkhEntitlement,
)
from dayasos.service.programme_contract import (
    ENDPOINTS,
    ApdRequest,
    BltBbmRequest,
    BstRequest,
    BstSembakoNonPkhRequest,
    Form,
    JabodetabekRequest,
    KubeRequest,
    Lang,
    PenaRequest,
    PkatRequest,
    ProgrammeEndpoint,
    ProgrammeEntitlementResponse,
    ProgrammeRequest,
    ProkusRequest,
    RutilahuRequest,
    SembakoHadirRequest,
    SembakoRequest,
    SustainmentRequest,
    programme_request,
)

__all__ = [
    "ENDPOINTS",
    "ApdRequest",
    "BltBbmRequest",
    "BstRequest",
    "BstSembakoNonPkhRequest",
    "CatalogueEntry",
    "DecisionResponse",
    "FamilyChange",
    "FamilyEligibility",
    "FamilyTotal",
    "Form",
    "Health",
    "JabodetabekRequest",
    "KubeRequest",
    "Lang",
    "ParameterCatalogue",
    "PenaRequest",
    "PersonLookup",
    "PersonStored",
    "PkatRequest",
    "PkhBatchEligibilityResponse",
    "PkhBatchEntitlementResponse",
    "PkhBatchRequest",
    "PkhEntitlementResponse",
    "PkhRequest",
    "Problem",
    "ProblemResponse",
    "ProgrammeEndpoint",
    "ProgrammeEntitlementResponse",
    "ProgrammeRequest",
    "ProkusRequest",
    "ReformOverride",
    "ReformRequest",
    "ReformResponse",
    "RutilahuRequest",
    "SembakoHadirRequest",
    "SembakoRequest",
    "SustainmentRequest",
    "programme_request",
]


# ---------------------------------------------------------------------------- PKH


@define(frozen=True, slots=True)
class PkhRequest:
    """PKH for one family on a date. With ``lang`` the response carries the explanation."""

    family: PkhFamily
    at: date
    """The reference date: eligibility and components are assessed on it."""
    lang: Lang | None = None
    form: Form = "compact"


@define(frozen=True, slots=True)
class PkhEntitlementResponse:
    """One of ``compact`` or ``full`` (as requested), and the explanation text if asked."""

    compact: CompactPkhEntitlement | None = None
    full: PkhEntitlement | None = None
    explanation: str | None = None


@define(frozen=True, slots=True)
class DecisionResponse:
    """An eligibility decision: ``compact`` or ``full``, and the explanation if asked."""

    compact: CompactDecision | None = None
    full: Decision | None = None
    explanation: str | None = None


@define(frozen=True, slots=True)
class PkhBatchRequest:
    """Many families on one date."""

    families: tuple[PkhFamily, ...]
    at: date


@define(frozen=True, slots=True)
class FamilyTotal:
    """A family's PKH entitlement for the year of the date, and whether it is eligible."""

    family_id: str
    eligible: bool
    total: Rupiah


@define(frozen=True, slots=True)
class PkhBatchEntitlementResponse:
    """Per family in request order, and the sums."""

    at: date
    families: tuple[FamilyTotal, ...]
    total: Rupiah
    eligible: int
    """How many families are eligible."""


@define(frozen=True, slots=True)
class FamilyEligibility:
    """A family's PKH eligibility and the codes of the criteria it failed."""

    family_id: str
    eligible: bool
    failed: tuple[str, ...]


@define(frozen=True, slots=True)
class PkhBatchEligibilityResponse:
    """Per family in request order."""

    at: date
    families: tuple[FamilyEligibility, ...]
    eligible: int


# ---------------------------------------------------------------------------- parameters


@define(frozen=True, slots=True)
class CatalogueEntry:
    """A parameter and its value in force on the catalogue's date."""

    name: str
    label: str
    label_en: str
    unit: str
    value: str | None
    """The value as text; ``None`` when its status is ``unknown``."""
    start: date
    end: date | None
    status: str
    """``verified``, ``unverified`` or ``unknown``."""
    confidence: Confidence
    source: LegalBasis
    note: str | None = None


@define(frozen=True, slots=True)
class ParameterCatalogue:
    """Every parameter in force on ``at`` (optionally only names starting with a prefix)."""

    at: date
    parameters: tuple[CatalogueEntry, ...]


# ---------------------------------------------------------------------------- reforms


@define(frozen=True, slots=True)
class ReformOverride:
    """One change of a reform: ``parameter`` takes ``value`` from ``start`` (to ``end``).

    ``value`` is written as in the parameter files: an integer (rupiah, persons, ...), a
    decimal as text, true/false, a code, or a list of month numbers.
    """

    parameter: str
    value: Value | None
    start: date
    end: date | None = None
    note: str | None = None


@define(frozen=True, slots=True)
class ReformRequest:
    """Compare the shipped parameters with a reform over a batch of families."""

    name: str
    overrides: tuple[ReformOverride, ...]
    families: tuple[PkhFamily, ...]
    at: date


@define(frozen=True, slots=True)
class FamilyChange:
    """A family's PKH entitlement under the shipped parameters and under the reform."""

    family_id: str
    baseline: Rupiah
    reform: Rupiah
    change: Rupiah
    eligible_baseline: bool
    eligible_reform: bool


@define(frozen=True, slots=True)
class ReformResponse:
    """Per family in request order, the changed parameters and the totals."""

    name: str
    at: date
    changed_parameters: tuple[str, ...]
    families: tuple[FamilyChange, ...]
    cost_baseline: Rupiah
    cost_reform: Rupiah
    change: Rupiah
    winners: int
    losers: int


# ---------------------------------------------------------------------------- registry


@define(frozen=True, slots=True)
class PersonLookup:
    """Read a person of the registry; ``reveal`` asks for the NIK and name in full (granted
    only when the server runs with ``--allow-reveal``)."""

    nik: Nik
    reveal: bool = False


@define(frozen=True, slots=True)
class PersonStored:
    """A person was added; the NIK is masked."""

    nik: Nik


# ---------------------------------------------------------------------------- misc


@define(frozen=True, slots=True)
class Health:
    """The server is up."""

    status: str
    version: str
    registry: bool
    """Whether a registry is configured."""


@define(frozen=True, slots=True)
class Problem:
    """One problem of a request: where (a JSON path, ``$.members[0].birth_date``) and what."""

    path: str
    problem: str


@define(frozen=True, slots=True)
class ProblemResponse:
    """The body of every 4xx response."""

    status: int
    title: str
    problems: tuple[Problem, ...] = ()
