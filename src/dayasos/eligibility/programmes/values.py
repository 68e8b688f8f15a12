"""The values of the programmes: inputs (beneficiaries, groups, applicants) and results
(:class:`ProgrammeEntitlement` with its :class:`AmountLine` entries).
"""

from __future__ import annotations

import enum
from datetime import date
from typing import Any, Final

from attrs import define, field

from dayasos._validators import a_bool, a_date, instance_of, int_in_range, non_empty_text
from dayasos.categories import Category, Programme, SembakoHadirTargetGroup
from dayasos.categories.social import FOKUS_DAYASOS_2020
from dayasos.eligibility.decision import (
    Decision,
    ParameterUse,
    check_lang,
)
from dayasos.eligibility.lifecycle import KpmHistory
from dayasos.errors import ValidationError
from dayasos.law import Confidence
from dayasos.money import Rupiah

__all__ = [
    "AmountLine",
    "ApdRecipient",
    "ApdRecipientKind",
    "HadirRecipient",
    "JabodetabekHousehold",
    "KatCommunity",
    "KubeGroup",
    "PenaApplicant",
    "ProgrammeEntitlement",
    "ProgrammeKpm",
    "ProkusApplicant",
    "RutilahuHousehold",
    "SustainmentApplicant",
    "SustainmentTier",
]

_ZERO: Final = Rupiah(0)

# ---------------------------------------------------------------------------- values


@define(frozen=True, slots=True)
class AmountLine:
    """One line of an entitlement: ``quantity`` times ``unit_amount`` over a period."""

    label: str
    start: date
    end: date
    quantity: int
    unit_amount: Rupiah | None
    amount: Rupiah | None
    parameter: ParameterUse
    paid_in: date | None = None
    """The first day of the month the line is paid in, when it is paid later than the period it
    is due for (BST May-June 2021, paid in July); None when paid in its own period."""


@define(frozen=True, slots=True)
class ProgrammeEntitlement:
    """What a beneficiary gets from a programme, with the eligibility decision behind it.

    ``amount`` is None when a needed value is unknown in the parameters (supply one with a
    reform); ``in_kind`` names goods given instead of, or besides, money.
    """

    programme: Programme
    beneficiary_id: str
    at: date
    amount: Rupiah | None
    lines: tuple[AmountLine, ...]
    eligibility: Decision
    in_kind: str | None = None

    def explain(self, lang: str = "id") -> str:
        """The entitlement and its decision as text in ``"id"`` or ``"en"``."""
        lg = check_lang(lang)
        unknown = "tidak diketahui" if lg == "id" else "unknown"
        head = "Hak" if lg == "id" else "Entitlement"
        paid_word = "dibayar" if lg == "id" else "paid"
        shown = unknown if self.amount is None else self.amount.format()
        name = self.programme.name_id if lg == "id" else self.programme.label_en
        out = [f"{name} — {head} {self.beneficiary_id}: {shown}"]
        if self.in_kind:
            out.append(f"  {self.in_kind}")
        for ln in self.lines:
            amt = unknown if ln.amount is None else ln.amount.format()
            unit = unknown if ln.unit_amount is None else ln.unit_amount.format()
            paid = "" if ln.paid_in is None else f" ({paid_word} {ln.paid_in.isoformat()[:7]})"
            out.append(
                f"  {ln.label} {ln.start.isoformat()}..{ln.end.isoformat()}: "
                f"{ln.quantity} x {unit} = {amt}{paid}"
            )
            out.append(f"      {ln.parameter.cite()}")
        out.append(self.eligibility.explain(lg))
        return "\n".join(out)


@define(frozen=True, slots=True)
class ProgrammeKpm:
    """A beneficiary family of a cash or voucher programme (Sembako, BST)."""

    family_id: str = field(validator=non_empty_text("family_id"))
    """Opaque identifier (never a No. KK)."""
    enrolled: bool = field(default=True, validator=a_bool("enrolled"))
    """Determined as KPM of the programme."""
    in_sembako: bool = field(default=False, validator=a_bool("in_sembako"))
    in_pkh: bool = field(default=False, validator=a_bool("in_pkh"))


class SustainmentTier(enum.Enum):
    """The two tiers of the 2020 sustainment grant in the official release."""

    BSIMU = "bsimu"
    """The stimulus (BSIMU), Rp500,000 per KPM to 10,000 graduated KPM PKH."""
    MODAL_USAHA = "modal_usaha"
    """Business capital, Rp3,500,000 per KPM selected for the 1,000-KPM pilot."""


@define(frozen=True, slots=True)
class SustainmentApplicant:
    """A KPM PKH applying for a tier of the 2020 business-capital (sustainment) grant."""

    history: KpmHistory = field(validator=instance_of("history", KpmHistory, "a KpmHistory"))
    runs_micro_business: bool = field(validator=a_bool("runs_micro_business"))
    affected_by_covid: bool = field(validator=a_bool("affected_by_covid"))
    tier: SustainmentTier = field(
        default=SustainmentTier.BSIMU,
        validator=instance_of("tier", SustainmentTier, "a SustainmentTier"),
    )
    selected: bool = field(default=False, validator=a_bool("selected"))
    """Selected by the programme for the business-capital pilot (needed for ``MODAL_USAHA``)."""


@define(frozen=True, slots=True)
class KubeGroup:
    """A joint-business group (Kelompok Usaha Bersama)."""

    group_id: str = field(validator=non_empty_text("group_id"))
    member_families: int = field(validator=int_in_range("member_families", 0))
    all_registered_poor: bool = field(validator=a_bool("all_registered_poor"))
    """Every member family is a registered poor family (fakir miskin, DTKS)."""


@define(frozen=True, slots=True)
class RutilahuHousehold:
    """A household applying for house rehabilitation (RS-Rutilahu)."""

    household_id: str = field(validator=non_empty_text("household_id"))
    registered: bool = field(validator=a_bool("registered"))
    house_unfit: bool = field(validator=a_bool("house_unfit"))
    """The house is assessed as not fit for habitation (rumah tidak layak huni)."""


@define(frozen=True, slots=True)
class ProkusApplicant:
    """An individual or family applying for ProKUS social entrepreneurship support."""

    applicant_id: str = field(validator=non_empty_text("applicant_id"))
    registered: bool = field(validator=a_bool("registered"))
    """Registered in DTKS/DTSEN (a PPKS or poor family)."""
    business_plan: bool = field(validator=a_bool("business_plan"))
    """Has a micro business or a business plan accepted by the facilitator."""


@define(frozen=True, slots=True)
class KatCommunity:
    """A remote indigenous community (Komunitas Adat Terpencil) in the PKAT programme."""

    community_id: str = field(validator=non_empty_text("community_id"))
    recognised_kat: bool = field(validator=a_bool("recognised_kat"))
    """Identified as a KAT (PPKS ``komunitas_adat_terpencil``)."""
    preparation_done: bool = field(validator=a_bool("preparation_done"))
    """Social mapping and feasibility study completed."""
    empowerment_start: date | None = None
    """First day of empowerment year I (None: still in preparation)."""


def _programmes(value: Any) -> tuple[Programme, ...]:
    if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
        raise ValidationError(
            "other_enrolments", "must be a sequence of Programme values", shown=repr(value)
        )
    out = tuple(value)
    for i, v in enumerate(out):
        if not isinstance(v, Programme):
            raise ValidationError(f"other_enrolments[{i}]", "must be a Programme", shown=repr(v))
    return tuple(sorted(set(out), key=lambda p: p.code))


@define(frozen=True, slots=True)
class HadirRecipient:
    """A person proposed for a 'Sembako Kemensos Hadir' package.

    ``other_enrolments`` are the programmes the person has received aid from (the caller
    gathers them, e.g. from the registry); the package went to people with none.
    """

    person_id: str = field(validator=non_empty_text("person_id"))
    group: SembakoHadirTargetGroup = field(
        validator=instance_of("group", SembakoHadirTargetGroup, "a SembakoHadirTargetGroup")
    )
    affected_by_covid: bool = field(validator=a_bool("affected_by_covid"))
    other_enrolments: tuple[Programme, ...] = field(default=(), converter=_programmes)


@define(frozen=True, slots=True)
class PenaApplicant:
    """A person applying for PENA (Pahlawan Ekonomi Nusantara) business support."""

    applicant_id: str = field(validator=non_empty_text("applicant_id"))
    birth_date: date = field(validator=a_date("birth_date"))
    graduated_kpm: bool = field(validator=a_bool("graduated_kpm"))
    """A graduated KPM (of PKH or another programme)."""
    entrepreneur: bool = field(validator=a_bool("entrepreneur"))
    """Runs a business (the press reports name 'graduated KPM / entrepreneurs')."""


@define(frozen=True, slots=True)
class JabodetabekHousehold:
    """A household proposed for the 2020 sembako aid in Jabodetabek (Greater Jakarta)."""

    household_id: str = field(validator=non_empty_text("household_id"))
    in_jabodetabek: bool = field(validator=a_bool("in_jabodetabek"))
    """Lives in Jakarta, Bogor, Depok, Tangerang or Bekasi."""
    enrolled: bool = field(default=True, validator=a_bool("enrolled"))
    """Determined as a recipient."""


_FOKUS: Final = FOKUS_DAYASOS_2020


class ApdRecipientKind(Category):
    """Who received APD (personal protective equipment) from Ditjen Dayasos in 2020."""

    TKSK = ("tksk", "Tenaga Kesejahteraan Sosial Kecamatan", "TKSK", _FOKUS, Confidence.HIGH)
    KARANG_TARUNA = ("karang_taruna", "Karang Taruna", "youth organisation", _FOKUS)
    PSM = ("psm", "Pekerja Sosial Masyarakat", "community social worker", _FOKUS)
    KELUARGA_PAHLAWAN = (
        "keluarga_pahlawan",
        "Keluarga pahlawan nasional",
        "family of a national hero",
        _FOKUS,
    )
    PERINTIS_KEMERDEKAAN = (
        "perintis_kemerdekaan",
        "Perintis kemerdekaan",
        "pioneer of independence",
        _FOKUS,
    )
    LAINNYA = ("lainnya", "Lainnya", "other", _FOKUS)
    """Anyone else: not among the recipients the release names."""


@define(frozen=True, slots=True)
class ApdRecipient:
    """A proposed recipient of APD aid."""

    recipient_id: str = field(validator=non_empty_text("recipient_id"))
    kind: ApdRecipientKind = field(
        validator=instance_of("kind", ApdRecipientKind, "a ApdRecipientKind")
    )
