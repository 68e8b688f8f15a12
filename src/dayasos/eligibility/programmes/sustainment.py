"""The 2020 sustainment grant (bantuan penguatan modal usaha) for graduated KPM PKH: one
:class:`~dayasos.eligibility.spec.subject.SubjectProgramme` per tier (:data:`SUSTAINMENT_BSIMU`,
:data:`SUSTAINMENT_MODAL_USAHA`)."""

from __future__ import annotations

from datetime import date
from typing import Final

from dayasos.categories import Programme
from dayasos.eligibility.decision import Decision
from dayasos.eligibility.lifecycle import GRADUATED_STATUSES
from dayasos.eligibility.programmes.common import AFFECTED_BY_COVID
from dayasos.eligibility.programmes.subject import subject_eligibility, subject_entitlement
from dayasos.eligibility.programmes.values import (
    ProgrammeEntitlement,
    SustainmentApplicant,
    SustainmentTier,
)
from dayasos.eligibility.spec.household import InForce
from dayasos.eligibility.spec.subject import Flag, Single, StatusIn, SubjectProgramme
from dayasos.parameters import ParameterSet

__all__ = [
    "SUSTAINMENT",
    "SUSTAINMENT_BSIMU",
    "SUSTAINMENT_MODAL_USAHA",
    "sustainment_eligibility",
    "sustainment_entitlement",
]

_COMMON: Final = (
    StatusIn(
        "graduated_kpm_pkh",
        frozenset(GRADUATED_STATUSES),
        "graduasi*",
        "KPM PKH graduasi (status {status}).",
        "Bukan KPM PKH graduasi (status {status}).",
        "Graduated KPM PKH (status {status}).",
        "Not a graduated KPM PKH (status {status}).",
    ),
    Flag(
        "micro_business",
        ("runs_micro_business",),
        "Menjalankan usaha mikro.",
        "Runs a micro business.",
    ),
    AFFECTED_BY_COVID,
)
SUSTAINMENT_BSIMU: Final = SubjectProgramme(
    Programme.PENGUATAN_MODAL_USAHA,
    (InForce("penguatan_modal_usaha.bsimu.amount"), *_COMMON),
    Single("penguatan_modal_usaha.bsimu.amount", "Stimulus BSIMU"),
    beneficiary="history.family_id",
)
"""The BSIMU stimulus tier: ``penguatan_modal_usaha.bsimu.amount`` once."""
SUSTAINMENT_MODAL_USAHA: Final = SubjectProgramme(
    Programme.PENGUATAN_MODAL_USAHA,
    (
        InForce("penguatan_modal_usaha.amount"),
        *_COMMON,
        Flag(
            "selected",
            ("selected",),
            "Terpilih untuk uji coba modal usaha.",
            "Selected for the business-capital pilot.",
        ),
    ),
    Single("penguatan_modal_usaha.amount", "Bantuan penguatan modal usaha"),
    beneficiary="history.family_id",
)
"""The business-capital tier (KPM selected for the pilot): ``penguatan_modal_usaha.amount``."""
SUSTAINMENT: Final[dict[SustainmentTier, SubjectProgramme]] = {
    SustainmentTier.BSIMU: SUSTAINMENT_BSIMU,
    SustainmentTier.MODAL_USAHA: SUSTAINMENT_MODAL_USAHA,
}
"""The spec of each tier."""


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
    return subject_eligibility(SUSTAINMENT[applicant.tier], applicant, at, params)


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
    return subject_entitlement(SUSTAINMENT[applicant.tier], applicant, at, params)
