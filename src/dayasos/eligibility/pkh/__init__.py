"""PKH (Program Keluarga Harapan): components, eligibility and the yearly entitlement.

Examples:
    >>> from datetime import date
    >>> from dayasos.categories import Sex, SchoolLevel
    >>> from dayasos.eligibility.pkh import PkhFamily, PkhMember, entitlement
    >>> family = PkhFamily("kpm-1", [
    ...     PkhMember("ibu", date(1990, 1, 1), Sex.PEREMPUAN, pregnant_or_postpartum=True),
    ...     PkhMember("anak", date(2012, 1, 1), Sex.LAKI_LAKI, school_level=SchoolLevel.SD),
    ... ])
    >>> entitlement(family, date(2021, 1, 4)).total
    Rupiah(3900000)
"""

from dayasos.eligibility.pkh.cases import (
    ExpectedLine,
    PkhCase,
    check_case,
    load_case,
    load_cases,
    parse_case,
)
from dayasos.eligibility.pkh.model import PkhComponent, PkhFamily, PkhMember, PkhStatus
from dayasos.eligibility.pkh.registry import (
    ENROLMENT_TO_PKH,
    PKH_TO_ENROLMENT,
    enrolment_status_of,
    entitlement_from_registry,
    pkh_family_from_registry,
    pkh_status_of,
)
from dayasos.eligibility.pkh.result import (
    FixedKind,
    LineReason,
    MemberLine,
    PkhEntitlement,
    StageLine,
)
from dayasos.eligibility.pkh.rules import (
    candidate_components,
    component_of,
    eligibility,
    entitlement,
)

__all__ = [
    "ENROLMENT_TO_PKH",
    "PKH_TO_ENROLMENT",
    "ExpectedLine",
    "FixedKind",
    "LineReason",
    "MemberLine",
    "PkhCase",
    "PkhComponent",
    "PkhEntitlement",
    "PkhFamily",
    "PkhMember",
    "PkhStatus",
    "StageLine",
    "candidate_components",
    "check_case",
    "component_of",
    "eligibility",
    "enrolment_status_of",
    "entitlement",
    "entitlement_from_registry",
    "load_case",
    "load_cases",
    "parse_case",
    "pkh_family_from_registry",
    "pkh_status_of",
]
