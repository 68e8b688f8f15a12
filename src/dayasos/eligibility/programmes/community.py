"""Community programmes as specs: KUBE, RS-Rutilahu, ProKUS and PKAT (:data:`KUBE`,
:data:`RS_RUTILAHU`, :data:`PROKUS`, :data:`PKAT`), evaluated by
:mod:`dayasos.eligibility.programmes.subject`."""

from __future__ import annotations

from datetime import date
from typing import Final

from dayasos.categories import Programme
from dayasos.eligibility.decision import Decision
from dayasos.eligibility.programmes.common import REGISTERED_DTKS
from dayasos.eligibility.programmes.subject import (
    subject_eligibility,
    subject_entitlement,
    subject_stage,
)
from dayasos.eligibility.programmes.values import (
    KatCommunity,
    KubeGroup,
    ProgrammeEntitlement,
    ProkusApplicant,
    RutilahuHousehold,
)
from dayasos.eligibility.spec.household import InForce
from dayasos.eligibility.spec.subject import (
    Bounds,
    EmpowermentYear,
    Flag,
    PkatStage,
    Single,
    StageInKind,
    SubjectProgramme,
)
from dayasos.legal import JUKNIS_KAT_2017
from dayasos.parameters import ParameterSet

__all__ = [
    "KUBE",
    "PKAT",
    "PROKUS",
    "RS_RUTILAHU",
    "PkatStage",
    "kube_eligibility",
    "kube_entitlement",
    "pkat_eligibility",
    "pkat_entitlement",
    "pkat_stage",
    "prokus_eligibility",
    "prokus_entitlement",
    "rutilahu_eligibility",
    "rutilahu_entitlement",
]


# ---------------------------------------------------------------------------- KUBE, Rutilahu, ProKUS

KUBE: Final = SubjectProgramme(
    Programme.KUBE,
    (
        InForce("kube.grant_per_family"),
        Flag(
            "registered_poor",
            ("all_registered_poor", "member_families"),
            "Semua anggota keluarga miskin terdaftar.",
            "Every member family is a registered poor family.",
        ),
        Bounds(
            "group_size",
            "member_families",
            "kube.group_size.min",
            "kube.group_size.max",
            ok_id="Jumlah anggota sesuai.",
            bad_id="Jumlah anggota di luar batas.",
            ok_en="Group size within bounds.",
            bad_en="Group size out of bounds.",
            unknown_id="Batas jumlah anggota KUBE tidak diketahui; tidak diterapkan.",
            unknown_en="The KUBE group-size bound is unknown; not applied.",
        ),
    ),
    Single(
        "kube.grant_per_family", "Bantuan KUBE per keluarga anggota", quantity="member_families"
    ),
    beneficiary="group_id",
)
"""KUBE: ``kube.grant_per_family`` per member family of a group of registered poor families
within the size bounds."""
RS_RUTILAHU: Final = SubjectProgramme(
    Programme.RS_RUTILAHU,
    (
        InForce("rs_rutilahu.grant"),
        REGISTERED_DTKS,
        Flag(
            "house_unfit",
            ("house_unfit",),
            "Rumah tidak layak huni.",
            "The house is not fit for habitation.",
        ),
    ),
    Single("rs_rutilahu.grant", "Rehabilitasi rumah tidak layak huni"),
)
"""RS-Rutilahu: ``rs_rutilahu.grant`` per registered household with an unfit house."""
PROKUS: Final = SubjectProgramme(
    Programme.PROKUS,
    (
        InForce("prokus.capital_amount"),
        REGISTERED_DTKS,
        Flag(
            "business_plan",
            ("business_plan",),
            "Memiliki usaha atau rencana usaha.",
            "Has a business or a business plan.",
        ),
    ),
    Single(
        "prokus.capital_amount",
        "Modal usaha ProKUS",
        in_kind="pendampingan usaha (business mentoring)",
    ),
    beneficiary="applicant_id",
)
"""ProKUS: business capital (``prokus.capital_amount``) and mentoring."""


def kube_eligibility(group: KubeGroup, at: date, params: ParameterSet | None = None) -> Decision:
    """KUBE on ``at``: the grant runs, every member family is registered poor, and the group
    size is within ``kube.group_size.min``..``max`` (5..20 families, M; a bound is not applied
    while unknown)."""
    return subject_eligibility(KUBE, group, at, params)


def kube_entitlement(
    group: KubeGroup, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """``kube.grant_per_family`` (Rp2,000,000, M) times the member families of an eligible
    group (Rp20,000,000 for a 10-family group).

    Examples:
        >>> from datetime import date
        >>> kube_entitlement(KubeGroup("g", 10, True), date(2020, 5, 1)).amount
        Rupiah(20000000)
    """
    return subject_entitlement(KUBE, group, at, params)


def rutilahu_eligibility(
    household: RutilahuHousehold, at: date, params: ParameterSet | None = None
) -> Decision:
    """RS-Rutilahu on ``at``: the programme runs, the household is registered and its house
    is not fit for habitation."""
    return subject_eligibility(RS_RUTILAHU, household, at, params)


def rutilahu_entitlement(
    household: RutilahuHousehold, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """``rs_rutilahu.grant`` (Rp15,000,000 in 2021, M; the 2020 value U) per eligible
    household."""
    return subject_entitlement(RS_RUTILAHU, household, at, params)


def prokus_eligibility(
    applicant: ProkusApplicant, at: date, params: ParameterSet | None = None
) -> Decision:
    """ProKUS on ``at`` (from 2021): registered, with a business or accepted plan."""
    return subject_eligibility(PROKUS, applicant, at, params)


def prokus_entitlement(
    applicant: ProkusApplicant, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """Business capital (``prokus.capital_amount``: Rp3,500,000 in 2021, M; unknown from 2022,
    amount None) and mentoring."""
    return subject_entitlement(PROKUS, applicant, at, params)


# ---------------------------------------------------------------------------- PKAT


_PKAT_BENEFITS: Final[dict[PkatStage, str]] = {
    PkatStage.TAHUN_I: "pembangunan rumah warga atau bahan bangunan rumah, sarana prasarana "
    "(balai sosial, air bersih, rumah petugas, sarana ibadah), jaminan hidup, bibit, peralatan "
    "kerja (houses or building materials, infrastructure, living allowance, seeds, work tools; "
    "juknis 2017, M)",
    PkatStage.TAHUN_II: "sarana prasarana, jaminan hidup (infrastructure, living allowance; "
    "juknis 2017, M; the rest of the list not read)",
    PkatStage.TAHUN_III: "pemberdayaan lanjutan; isi bantuan tidak diketahui (continued "
    "empowerment; the aid of year III is not in the sources read, U)",
}
"""What each empowerment year brings, as far as the sources read say (amounts unknown)."""


PKAT: Final = SubjectProgramme(
    Programme.PKAT,
    (
        Flag(
            "recognised_kat",
            ("recognised_kat",),
            "Komunitas Adat Terpencil.",
            "A remote indigenous community (KAT).",
        ),
        Flag(
            "preparation_done",
            ("preparation_done",),
            "Pemetaan sosial dan studi kelayakan selesai.",
            "Social mapping and feasibility study done.",
        ),
        EmpowermentYear("pkat.empowerment_years"),
    ),
    StageInKind(tuple(_PKAT_BENEFITS.items()), source=JUKNIS_KAT_2017),
    beneficiary="community_id",
)
"""PKAT: a recognised KAT, preparation done, in an empowerment year; in kind by stage."""


def pkat_stage(community: KatCommunity, at: date, params: ParameterSet | None = None) -> PkatStage:
    """The PKAT stage of ``community`` on ``at``: preparation until ``empowerment_start``, then
    years I.. ``pkat.empowerment_years`` (U: three), then termination."""
    return subject_stage(PKAT, community, at, params)


def pkat_eligibility(
    community: KatCommunity, at: date, params: ParameterSet | None = None
) -> Decision:
    """PKAT support on ``at``: a recognised KAT, preparation completed, and in an empowerment
    year (not in preparation nor terminated)."""
    return subject_eligibility(PKAT, community, at, params)


def pkat_entitlement(
    community: KatCommunity, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """What an empowerment year brings (in kind; amounts not in a public source read, so None)."""
    return subject_entitlement(PKAT, community, at, params)
