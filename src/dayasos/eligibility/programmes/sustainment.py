"""The 2020 sustainment grant (bantuan penguatan modal usaha) for graduated KPM PKH."""

from __future__ import annotations

from datetime import date
from typing import Final

from dayasos.categories import Programme
from dayasos.eligibility.decision import (
    Criterion,
    Decision,
)
from dayasos.eligibility.lifecycle import GRADUATED_STATUSES
from dayasos.eligibility.programmes.common import (
    FAIL,
    PASS,
    decide,
    flag,
    in_force,
    params_or_default,
    single,
)
from dayasos.eligibility.programmes.values import (
    ProgrammeEntitlement,
    SustainmentApplicant,
    SustainmentTier,
)
from dayasos.parameters import ParameterSet

__all__ = [
    "sustainment_eligibility",
    "sustainment_entitlement",
]


# ---------------------------------------------------------------------------- sustainment grant

_TIER_AMOUNT: Final = {
    SustainmentTier.BSIMU: "penguatan_modal_usaha.bsimu.amount",
    SustainmentTier.MODAL_USAHA: "penguatan_modal_usaha.amount",
}
_TIER_LABEL: Final = {
    SustainmentTier.BSIMU: "Stimulus BSIMU",
    SustainmentTier.MODAL_USAHA: "Bantuan penguatan modal usaha",
}


def sustainment_eligibility(
    applicant: SustainmentApplicant, at: date, params: ParameterSet | None = None
) -> Decision:
    """Whether a KPM PKH qualifies on ``at`` for its tier of the 2020 sustainment grant: the
    tier runs on that date, the family is graduated (its history's status on ``at``), runs a
    micro business and was affected by COVID-19 (Fokus Dayasos, 21 Jul 2020, H); the
    business-capital tier also needs the KPM to be ``selected`` for the pilot (H).

    Examples:
        >>> from datetime import date
        >>> from dayasos.eligibility.lifecycle import KpmHistory, TransitionReason
        >>> from dayasos.eligibility.pkh import PkhStatus
        >>> h = KpmHistory.start("kpm-9", PkhStatus.AKTIF, date(2019, 1, 1)).transition(
        ...     PkhStatus.GRADUASI_SEJAHTERA_MANDIRI, date(2020, 3, 1),
        ...     TransitionReason.MENGUNDURKAN_DIRI)
        >>> a = SustainmentApplicant(h, runs_micro_business=True, affected_by_covid=True)
        >>> sustainment_eligibility(a, date(2020, 8, 1)).outcome
        True
    """
    p = params_or_default(params)
    prog = Programme.PENGUATAN_MODAL_USAHA
    status = applicant.history.status_on(at)
    graduated = status in GRADUATED_STATUSES
    shown = "(none)" if status is None else status.code
    crit = [
        in_force(p, _TIER_AMOUNT[applicant.tier], at, prog),
        Criterion(
            "graduated_kpm_pkh",
            PASS if graduated else FAIL,
            f"KPM PKH graduasi (status {shown})."
            if graduated
            else f"Bukan KPM PKH graduasi (status {shown}).",
            f"Graduated KPM PKH (status {shown})."
            if graduated
            else f"Not a graduated KPM PKH (status {shown}).",
            observed=shown,
            threshold="graduasi*",
        ),
        flag(
            "micro_business",
            applicant.runs_micro_business,
            "Menjalankan usaha mikro.",
            "Runs a micro business.",
        ),
        flag(
            "affected_by_covid",
            applicant.affected_by_covid,
            "Terdampak COVID-19.",
            "Affected by COVID-19.",
        ),
    ]
    if applicant.tier is SustainmentTier.MODAL_USAHA:
        crit.append(
            flag(
                "selected",
                applicant.selected,
                "Terpilih untuk uji coba modal usaha.",
                "Selected for the business-capital pilot.",
            )
        )
    return decide(prog, at, crit)


def sustainment_entitlement(
    applicant: SustainmentApplicant, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """The sustainment grant of the applicant's tier, once: Rp500,000 (BSIMU) or Rp3,500,000
    (business capital, selected KPM), both H; Rp0 when not eligible.

    Examples:
        >>> from datetime import date
        >>> from dayasos.eligibility.lifecycle import KpmHistory, TransitionReason
        >>> from dayasos.eligibility.pkh import PkhStatus
        >>> h = KpmHistory.start("kpm-9", PkhStatus.AKTIF, date(2019, 1, 1)).transition(
        ...     PkhStatus.GRADUASI_ALAMIAH, date(2020, 3, 1), TransitionReason.TIDAK_ADA_KOMPONEN)
        >>> a = SustainmentApplicant(h, True, True, SustainmentTier.MODAL_USAHA, selected=True)
        >>> sustainment_entitlement(a, date(2020, 9, 1)).amount
        Rupiah(3500000)
    """
    p = params_or_default(params)
    d = sustainment_eligibility(applicant, at, p)
    return single(
        Programme.PENGUATAN_MODAL_USAHA,
        applicant.history.family_id,
        at,
        d,
        p,
        _TIER_AMOUNT[applicant.tier],
        _TIER_LABEL[applicant.tier],
    )
