"""The request and response documents of the programme endpoints
(``/v1/programmes/{name}/...``), and the ``lang`` and ``form`` choices shared by every
request (re-exported by :mod:`dayasos.service.contract`)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from attrs import define

from dayasos.eligibility.programmes import (
    ApdRecipient,
    HadirRecipient,
    JabodetabekHousehold,
    KatCommunity,
    KubeGroup,
    PenaApplicant,
    ProgrammeEntitlement,
    ProgrammeKpm,
    ProkusApplicant,
    RutilahuHousehold,
    SustainmentApplicant,
)
from dayasos.schemas.compact import (
    CompactProgrammeEntitlement,
)

__all__ = [
    "ApdRequest",
    "BltBbmRequest",
    "BstRequest",
    "BstSembakoNonPkhRequest",
    "Form",
    "JabodetabekRequest",
    "KubeRequest",
    "Lang",
    "PenaRequest",
    "PkatRequest",
    "ProgrammeEntitlementResponse",
    "ProkusRequest",
    "RutilahuRequest",
    "SembakoHadirRequest",
    "SembakoRequest",
    "SustainmentRequest",
]


Form = Literal["compact", "full"]
"""``"compact"``: each parameter cited once (the default); ``"full"``: every parameter block
where it was used."""


Lang = Literal["id", "en"]
"""The language of the ``explanation`` text: Bahasa Indonesia or English."""


@define(frozen=True, slots=True)
class SembakoRequest:
    """Program Sembako / BPNT for a KPM on a date."""

    subject: ProgrammeKpm
    at: date
    lang: Lang | None = None
    form: Form = "compact"


@define(frozen=True, slots=True)
class BstRequest:
    """BST (Bantuan Sosial Tunai) for a KPM on a date."""

    subject: ProgrammeKpm
    at: date
    lang: Lang | None = None
    form: Form = "compact"


@define(frozen=True, slots=True)
class BstSembakoNonPkhRequest:
    """The one-off BST of August 2020 for Program Sembako families not in PKH."""

    subject: ProgrammeKpm
    at: date
    lang: Lang | None = None
    form: Form = "compact"


@define(frozen=True, slots=True)
class SustainmentRequest:
    """The 2020 business-capital grant for a graduated KPM PKH."""

    subject: SustainmentApplicant
    at: date
    lang: Lang | None = None
    form: Form = "compact"


@define(frozen=True, slots=True)
class KubeRequest:
    """KUBE (joint-business group) support."""

    subject: KubeGroup
    at: date
    lang: Lang | None = None
    form: Form = "compact"


@define(frozen=True, slots=True)
class RutilahuRequest:
    """RS-Rutilahu (house rehabilitation)."""

    subject: RutilahuHousehold
    at: date
    lang: Lang | None = None
    form: Form = "compact"


@define(frozen=True, slots=True)
class ProkusRequest:
    """ProKUS (social entrepreneurship)."""

    subject: ProkusApplicant
    at: date
    lang: Lang | None = None
    form: Form = "compact"


@define(frozen=True, slots=True)
class PkatRequest:
    """PKAT (remote indigenous communities)."""

    subject: KatCommunity
    at: date
    lang: Lang | None = None
    form: Form = "compact"


@define(frozen=True, slots=True)
class SembakoHadirRequest:
    """Sembako Kemensos Hadir (2020)."""

    subject: HadirRecipient
    at: date
    lang: Lang | None = None
    form: Form = "compact"


@define(frozen=True, slots=True)
class ApdRequest:
    """APD (personal protective equipment) aid, 2020."""

    subject: ApdRecipient
    at: date
    lang: Lang | None = None
    form: Form = "compact"


@define(frozen=True, slots=True)
class BltBbmRequest:
    """BLT BBM 2022 (the fuel-subsidy cash transfer) for a KPM on a date."""

    subject: ProgrammeKpm
    at: date
    lang: Lang | None = None
    form: Form = "compact"


@define(frozen=True, slots=True)
class PenaRequest:
    """PENA (Pahlawan Ekonomi Nusantara) business support for an applicant."""

    subject: PenaApplicant
    at: date
    lang: Lang | None = None
    form: Form = "compact"


@define(frozen=True, slots=True)
class JabodetabekRequest:
    """Bansos Sembako Jabodetabek 2020 for a household."""

    subject: JabodetabekHousehold
    at: date
    lang: Lang | None = None
    form: Form = "compact"


@define(frozen=True, slots=True)
class ProgrammeEntitlementResponse:
    """A programme entitlement: ``compact`` or ``full``, and the explanation if asked."""

    compact: CompactProgrammeEntitlement | None = None
    full: ProgrammeEntitlement | None = None
    explanation: str | None = None
