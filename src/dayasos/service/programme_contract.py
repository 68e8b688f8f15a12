"""The request and response documents of the programme endpoints
(``/v1/programmes/{name}/...``), and the ``lang`` and ``form`` choices shared by every
request (re-exported by :mod:`dayasos.service.contract`).

Every programme request has one shape, :class:`ProgrammeRequest` (a subject, a date, and the
``lang`` / ``form`` choices); each programme's request class (:data:`SembakoRequest`,
:data:`KubeRequest`, ...) is that shape with the programme's subject type, made by
:func:`programme_request`, so its JSON Schema names the subject's fields. :data:`ENDPOINTS`
is the one table of the programme endpoints: path segment, request class and the rules the
endpoint calls.

Examples:
    >>> from datetime import date
    >>> r = SembakoRequest(ProgrammeKpm("kpm-1"), date(2020, 4, 1))
    >>> type(r).__name__, r.form, isinstance(r, ProgrammeRequest)
    ('SembakoRequest', 'compact', True)
    >>> ENDPOINTS["kube"].request is KubeRequest
    True
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, Final, Generic, Literal, TypeVar

import attrs
from attrs import define

from dayasos.eligibility import programmes as prog
from dayasos.eligibility.decision import Decision
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
from dayasos.parameters import ParameterSet
from dayasos.schemas.compact import CompactProgrammeEntitlement

__all__ = [
    "ENDPOINTS",
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
    "ProgrammeEndpoint",
    "ProgrammeEntitlementResponse",
    "ProgrammeRequest",
    "ProkusRequest",
    "RutilahuRequest",
    "SembakoHadirRequest",
    "SembakoRequest",
    "SustainmentRequest",
    "programme_request",
]


Form = Literal["compact", "full"]
"""``"compact"``: each parameter cited once (the default); ``"full"``: every parameter block
where it was used."""


Lang = Literal["id", "en"]
"""The language of the ``explanation`` text: Bahasa Indonesia or English."""

S = TypeVar("S")


@define(frozen=True, slots=True)
class ProgrammeRequest(Generic[S]):
    """A programme's rules for a subject on a date. With ``lang`` the response carries the
    explanation; ``form`` chooses the compact or the full document."""

    subject: S
    at: date
    lang: Lang | None = None
    form: Form = "compact"


def programme_request(name: str, subject: type[S], doc: str) -> type[ProgrammeRequest[S]]:
    """The request class ``name`` of a programme whose subject is a ``subject`` value: the
    fields of :class:`ProgrammeRequest` with ``subject`` of that type (what its JSON Schema and
    the converter read), documented by ``doc`` (the first line is the schema's description)."""
    hints = typing.get_type_hints(ProgrammeRequest)
    fields = {
        a.name: attrs.field(
            type=subject if a.name == "subject" else hints[a.name], default=a.default
        )
        for a in attrs.fields(ProgrammeRequest)
    }
    cls: type[ProgrammeRequest[S]] = attrs.make_class(
        name, fields, bases=(ProgrammeRequest,), frozen=True, slots=True
    )
    cls.__doc__ = doc
    cls.__module__ = __name__
    return cls


SembakoRequest: Final = programme_request(
    "SembakoRequest", ProgrammeKpm, "Program Sembako / BPNT for a KPM on a date."
)
BstRequest: Final = programme_request(
    "BstRequest", ProgrammeKpm, "BST (Bantuan Sosial Tunai) for a KPM on a date."
)
BstSembakoNonPkhRequest: Final = programme_request(
    "BstSembakoNonPkhRequest",
    ProgrammeKpm,
    "The one-off BST of August 2020 for Program Sembako families not in PKH.",
)
SustainmentRequest: Final = programme_request(
    "SustainmentRequest",
    SustainmentApplicant,
    "The 2020 business-capital grant for a graduated KPM PKH.",
)
KubeRequest: Final = programme_request(
    "KubeRequest", KubeGroup, "KUBE (joint-business group) support."
)
RutilahuRequest: Final = programme_request(
    "RutilahuRequest", RutilahuHousehold, "RS-Rutilahu (house rehabilitation)."
)
ProkusRequest: Final = programme_request(
    "ProkusRequest", ProkusApplicant, "ProKUS (social entrepreneurship)."
)
PkatRequest: Final = programme_request(
    "PkatRequest", KatCommunity, "PKAT (remote indigenous communities)."
)
SembakoHadirRequest: Final = programme_request(
    "SembakoHadirRequest", HadirRecipient, "Sembako Kemensos Hadir (2020)."
)
ApdRequest: Final = programme_request(
    "ApdRequest", ApdRecipient, "APD (personal protective equipment) aid, 2020."
)
BltBbmRequest: Final = programme_request(
    "BltBbmRequest",
    ProgrammeKpm,
    "BLT BBM 2022 (the fuel-subsidy cash transfer) for a KPM on a date.",
)
PenaRequest: Final = programme_request(
    "PenaRequest",
    PenaApplicant,
    "PENA (Pahlawan Ekonomi Nusantara) business support for an applicant.",
)
JabodetabekRequest: Final = programme_request(
    "JabodetabekRequest", JabodetabekHousehold, "Bansos Sembako Jabodetabek 2020 for a household."
)


@define(frozen=True, slots=True)
class ProgrammeEntitlementResponse:
    """A programme entitlement: ``compact`` or ``full``, and the explanation if asked."""

    compact: CompactProgrammeEntitlement | None = None
    full: ProgrammeEntitlement | None = None
    explanation: str | None = None


@define(frozen=True, slots=True)
class ProgrammeEndpoint:
    """The endpoints of a programme: the request class they read and the rules they call
    (``/eligibility`` the first, ``/entitlement`` the second)."""

    request: type[ProgrammeRequest[Any]]
    eligibility: Callable[[Any, date, ParameterSet | None], Decision]
    entitlement: Callable[[Any, date, ParameterSet | None], ProgrammeEntitlement]


ENDPOINTS: Final[Mapping[str, ProgrammeEndpoint]] = {
    "sembako": ProgrammeEndpoint(
        SembakoRequest, prog.sembako_eligibility, prog.sembako_entitlement
    ),
    "bst": ProgrammeEndpoint(BstRequest, prog.bst_eligibility, prog.bst_entitlement),
    "bst-sembako-non-pkh": ProgrammeEndpoint(
        BstSembakoNonPkhRequest,
        prog.bst_sembako_non_pkh_eligibility,
        prog.bst_sembako_non_pkh_entitlement,
    ),
    "sustainment": ProgrammeEndpoint(
        SustainmentRequest, prog.sustainment_eligibility, prog.sustainment_entitlement
    ),
    "kube": ProgrammeEndpoint(KubeRequest, prog.kube_eligibility, prog.kube_entitlement),
    "rutilahu": ProgrammeEndpoint(
        RutilahuRequest, prog.rutilahu_eligibility, prog.rutilahu_entitlement
    ),
    "prokus": ProgrammeEndpoint(ProkusRequest, prog.prokus_eligibility, prog.prokus_entitlement),
    "pkat": ProgrammeEndpoint(PkatRequest, prog.pkat_eligibility, prog.pkat_entitlement),
    "sembako-hadir": ProgrammeEndpoint(
        SembakoHadirRequest, prog.sembako_hadir_eligibility, prog.sembako_hadir_entitlement
    ),
    "apd": ProgrammeEndpoint(ApdRequest, prog.apd_eligibility, prog.apd_entitlement),
    "blt-bbm": ProgrammeEndpoint(BltBbmRequest, prog.blt_bbm_eligibility, prog.blt_bbm_entitlement),
    "pena": ProgrammeEndpoint(PenaRequest, prog.pena_eligibility, prog.pena_entitlement),
    "jabodetabek": ProgrammeEndpoint(
        JabodetabekRequest, prog.jabodetabek_eligibility, prog.jabodetabek_entitlement
    ),
}
"""The programme endpoints by their path segment (``/v1/programmes/{name}/eligibility`` and
``/entitlement``), in the order the OpenAPI document lists them."""
