"""Community programmes: KUBE, RS-Rutilahu, ProKUS and PKAT."""

from __future__ import annotations

import enum
from datetime import date
from typing import Final

from dayasos.categories import Programme
from dayasos.eligibility.decision import (
    Criterion,
    Decision,
    ParameterUse,
)
from dayasos.eligibility.programmes.common import (
    FAIL,
    NA,
    PASS,
    ZERO,
    decide,
    flag,
    in_force,
    params_or_default,
    single,
)
from dayasos.eligibility.programmes.values import (
    KatCommunity,
    KubeGroup,
    ProgrammeEntitlement,
    ProkusApplicant,
    RutilahuHousehold,
)
from dayasos.errors import ParameterDateError
from dayasos.law import LegalBasis
from dayasos.parameters import ParameterSet

__all__ = [
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


def kube_eligibility(group: KubeGroup, at: date, params: ParameterSet | None = None) -> Decision:
    """KUBE on ``at``: the grant runs, every member family is registered poor, and the group
    size is within ``kube.group_size.min``..``max`` (5..20 families, M; a bound is not applied
    while unknown)."""
    p = params_or_default(params)
    crit = [
        in_force(p, "kube.grant_per_family", at, Programme.KUBE),
        flag(
            "registered_poor",
            group.all_registered_poor and group.member_families > 0,
            "Semua anggota keluarga miskin terdaftar.",
            "Every member family is a registered poor family.",
        ),
    ]
    for bound, name in (("min", "kube.group_size.min"), ("max", "kube.group_size.max")):
        try:
            pv = p.value(name, at)
        except ParameterDateError:
            continue
        use = ParameterUse.of(name, pv)
        n = group.member_families
        if not isinstance(pv.value, int):
            crit.append(
                Criterion(
                    f"group_size_{bound}",
                    NA,
                    "Batas jumlah anggota KUBE tidak diketahui; tidak diterapkan.",
                    "The KUBE group-size bound is unknown; not applied.",
                    observed=str(n),
                    parameter=use,
                )
            )
            continue
        ok = n >= pv.value if bound == "min" else n <= pv.value
        crit.append(
            Criterion(
                f"group_size_{bound}",
                PASS if ok else FAIL,
                "Jumlah anggota sesuai." if ok else "Jumlah anggota di luar batas.",
                "Group size within bounds." if ok else "Group size out of bounds.",
                observed=str(n),
                threshold=(">= " if bound == "min" else "<= ") + str(pv.value),
                parameter=use,
            )
        )
    return decide(Programme.KUBE, at, crit)


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
    p = params_or_default(params)
    d = kube_eligibility(group, at, p)
    return single(
        Programme.KUBE,
        group.group_id,
        at,
        d,
        p,
        "kube.grant_per_family",
        "Bantuan KUBE per keluarga anggota",
        quantity=group.member_families,
    )


def rutilahu_eligibility(
    household: RutilahuHousehold, at: date, params: ParameterSet | None = None
) -> Decision:
    """RS-Rutilahu on ``at``: the programme runs, the household is registered and its house
    is not fit for habitation."""
    p = params_or_default(params)
    crit = [
        in_force(p, "rs_rutilahu.grant", at, Programme.RS_RUTILAHU),
        flag("registered", household.registered, "Terdaftar di DTKS.", "Registered in DTKS."),
        flag(
            "house_unfit",
            household.house_unfit,
            "Rumah tidak layak huni.",
            "The house is not fit for habitation.",
        ),
    ]
    return decide(Programme.RS_RUTILAHU, at, crit)


def rutilahu_entitlement(
    household: RutilahuHousehold, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """``rs_rutilahu.grant`` (Rp15,000,000 in 2021, M; the 2020 value U) per eligible
    household."""
    p = params_or_default(params)
    d = rutilahu_eligibility(household, at, p)
    return single(
        Programme.RS_RUTILAHU,
        household.household_id,
        at,
        d,
        p,
        "rs_rutilahu.grant",
        "Rehabilitasi rumah tidak layak huni",
    )


def prokus_eligibility(
    applicant: ProkusApplicant, at: date, params: ParameterSet | None = None
) -> Decision:
    """ProKUS on ``at`` (from 2021): registered, with a business or accepted plan."""
    p = params_or_default(params)
    crit = [
        in_force(p, "prokus.capital_amount", at, Programme.PROKUS),
        flag("registered", applicant.registered, "Terdaftar di DTKS.", "Registered in DTKS."),
        flag(
            "business_plan",
            applicant.business_plan,
            "Memiliki usaha atau rencana usaha.",
            "Has a business or a business plan.",
        ),
    ]
    return decide(Programme.PROKUS, at, crit)


def prokus_entitlement(
    applicant: ProkusApplicant, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """Business capital (``prokus.capital_amount``: Rp3,500,000 in 2021, M; unknown from 2022,
    amount None) and mentoring."""
    p = params_or_default(params)
    d = prokus_eligibility(applicant, at, p)
    return single(
        Programme.PROKUS,
        applicant.applicant_id,
        at,
        d,
        p,
        "prokus.capital_amount",
        "Modal usaha ProKUS",
        in_kind="pendampingan usaha (business mentoring)",
    )


# ---------------------------------------------------------------------------- PKAT


class PkatStage(enum.Enum):
    """The stages of KAT empowerment (Permensos 12/2015, text not read, U)."""

    PERSIAPAN = "persiapan"
    """Preparation: social mapping and feasibility study."""
    TAHUN_I = "tahun_1"
    TAHUN_II = "tahun_2"
    TAHUN_III = "tahun_3"
    TERMINASI = "terminasi"
    """Termination: the community leaves the programme."""


_JUKNIS_KAT_2017: Final = LegalBasis(
    "Petunjuk Teknis Pelaksanaan Pemberdayaan KAT melalui Dekonsentrasi dan Tugas Pembantuan "
    "Tahun 2017 (Direktorat PKAT, Kemensos)",
    url="https://vdocuments.site/bab-i-pendahuluan-untuk-melaksanakan-sebagian-kegiatan-"
    "pemberdayaan-sosial.html",
    note="Secondary copy (M): stages from preparation to referral and termination; the aid of "
    "empowerment year I (houses, infrastructure, jaminan hidup, seeds, work tools) and year II "
    "(infrastructure, jaminan hidup). Legal basis of KAT empowerment: Perpres 186/2014.",
)
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


def pkat_stage(community: KatCommunity, at: date, params: ParameterSet | None = None) -> PkatStage:
    """The PKAT stage of ``community`` on ``at``: preparation until ``empowerment_start``, then
    years I.. ``pkat.empowerment_years`` (U: three), then termination."""
    p = params_or_default(params)
    start = community.empowerment_start
    if start is None or at < start:
        return PkatStage.PERSIAPAN
    years = p.integer("pkat.empowerment_years", at)
    done = at.year - start.year - ((at.month, at.day) < (start.month, start.day))
    if done >= years:
        return PkatStage.TERMINASI
    return (PkatStage.TAHUN_I, PkatStage.TAHUN_II, PkatStage.TAHUN_III)[min(done, 2)]


def pkat_eligibility(
    community: KatCommunity, at: date, params: ParameterSet | None = None
) -> Decision:
    """PKAT support on ``at``: a recognised KAT, preparation completed, and in an empowerment
    year (not in preparation nor terminated)."""
    p = params_or_default(params)
    stage = pkat_stage(community, at, p)
    years = ParameterUse.of("pkat.empowerment_years", p.value("pkat.empowerment_years", at))
    in_year = stage not in (PkatStage.PERSIAPAN, PkatStage.TERMINASI)
    crit = [
        flag(
            "recognised_kat",
            community.recognised_kat,
            "Komunitas Adat Terpencil.",
            "A remote indigenous community (KAT).",
        ),
        flag(
            "preparation_done",
            community.preparation_done,
            "Pemetaan sosial dan studi kelayakan selesai.",
            "Social mapping and feasibility study done.",
        ),
        Criterion(
            "empowerment_year",
            PASS if in_year else FAIL,
            f"Tahap {stage.value}.",
            f"Stage {stage.value}.",
            observed=stage.value,
            threshold="tahun_1..tahun_3",
            parameter=years,
        ),
    ]
    return decide(Programme.PKAT, at, crit)


def pkat_entitlement(
    community: KatCommunity, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """What an empowerment year brings (in kind; amounts not in a public source read, so None)."""
    p = params_or_default(params)
    d = pkat_eligibility(community, at, p)
    if not d.outcome:
        return ProgrammeEntitlement(Programme.PKAT, community.community_id, at, ZERO, (), d)
    stage = pkat_stage(community, at, p)
    return ProgrammeEntitlement(
        Programme.PKAT,
        community.community_id,
        at,
        None,
        (),
        d,
        f"{stage.value}: {_PKAT_BENEFITS[stage]}",
    )
