"""Programmes for particular groups as specs: Sembako Kemensos Hadir, APD aid, PENA and
Bansos Sembako Jabodetabek (:data:`SEMBAKO_HADIR`, :data:`APD`, :data:`PENA`,
:data:`JABODETABEK`), evaluated by :mod:`dayasos.eligibility.programmes.subject`.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from dayasos.categories import Programme, SembakoHadirTargetGroup
from dayasos.eligibility.decision import Decision
from dayasos.eligibility.programmes.common import AFFECTED_BY_COVID
from dayasos.eligibility.programmes.subject import subject_eligibility, subject_entitlement
from dayasos.eligibility.programmes.values import (
    ApdRecipient,
    ApdRecipientKind,
    HadirRecipient,
    JabodetabekHousehold,
    PenaApplicant,
    ProgrammeEntitlement,
)
from dayasos.eligibility.spec.household import InForce
from dayasos.eligibility.spec.subject import (
    Bounds,
    Flag,
    InKind,
    MonthlyPackages,
    NoOtherEnrolment,
    OneOf,
    Single,
    SubjectProgramme,
)
from dayasos.parameters import ParameterSet

__all__ = [
    "APD",
    "JABODETABEK",
    "PENA",
    "SEMBAKO_HADIR",
    "apd_eligibility",
    "apd_entitlement",
    "jabodetabek_eligibility",
    "jabodetabek_entitlement",
    "pena_eligibility",
    "pena_entitlement",
    "sembako_hadir_eligibility",
    "sembako_hadir_entitlement",
]

SEMBAKO_HADIR: Final = SubjectProgramme(
    Programme.SEMBAKO_KEMENSOS_HADIR,
    (
        InForce("sembako_kemensos_hadir.packages_per_recipient"),
        OneOf(
            "target_group",
            "group",
            frozenset(SembakoHadirTargetGroup),
            "Kelompok sasaran: ",
            "Target group: ",
        ),
        AFFECTED_BY_COVID,
        NoOtherEnrolment("sembako_kemensos_hadir.requires_no_other_aid"),
    ),
    Single(
        "sembako_kemensos_hadir.package_value",
        "Paket Sembako Kemensos Hadir",
        times="sembako_kemensos_hadir.packages_per_recipient",
        in_kind="{n} paket sembako",
    ),
    beneficiary="person_id",
)
"""Sembako Kemensos Hadir (2020): packages of unknown value to people of the target groups."""
APD: Final = SubjectProgramme(
    Programme.APD_PILAR,
    (
        InForce("apd_pilar.units_per_recipient"),
        OneOf(
            "recipient_kind",
            "kind",
            frozenset(set(ApdRecipientKind) - {ApdRecipientKind.LAINNYA}),
            "Penerima: ",
            "Recipient: ",
            threshold="tksk|karang_taruna|psm|keluarga_pahlawan|perintis_kemerdekaan",
        ),
    ),
    InKind(
        "apd_pilar.units_per_recipient",
        "alat pelindung diri (APD, personal protective equipment)",
    ),
    beneficiary="recipient_id",
)
"""APD aid (2020): in kind to social pillars and families of heroes and pioneers."""
PENA: Final = SubjectProgramme(
    Programme.PENA,
    (
        InForce("pena.amount"),
        Bounds(
            "age",
            "birth_date",
            "pena.age.min",
            "pena.age.max",
            ok_id="Usia {n} tahun memenuhi batas.",
            bad_id="Usia {n} tahun di luar batas.",
            ok_en="Age {n} within the bound.",
            bad_en="Age {n} out of bounds.",
            age=True,
        ),
        Flag(
            "graduated_kpm_or_entrepreneur",
            ("graduated_kpm", "entrepreneur"),
            "KPM graduasi atau wirausaha.",
            "A graduated KPM or an entrepreneur.",
            any_of=True,
        ),
    ),
    Single("pena.amount", "Bantuan PENA", in_kind="pendampingan usaha (business mentoring)"),
    beneficiary="applicant_id",
)
"""PENA (from 2022): ``pena.amount`` and mentoring to a graduated KPM or entrepreneur within
the age bounds."""
JABODETABEK: Final = SubjectProgramme(
    Programme.BANSOS_SEMBAKO_JABODETABEK,
    (
        InForce("bansos_jabodetabek.package_value"),
        Flag(
            "in_jabodetabek",
            ("in_jabodetabek",),
            "Berdomisili di Jabodetabek.",
            "Lives in Jabodetabek.",
        ),
        Flag("enrolled", ("enrolled",), "Ditetapkan sebagai penerima.", "Enrolled."),
    ),
    MonthlyPackages(
        "bansos_jabodetabek.package_value",
        "bansos_jabodetabek.packages_per_month",
        "Paket sembako Jabodetabek",
        "paket sembako",
    ),
)
"""Bansos Sembako Jabodetabek (April-June 2020): packages each month it runs."""


# ---------------------------------------------------------------------------- Sembako Hadir, APD


def sembako_hadir_eligibility(
    recipient: HadirRecipient, at: date, params: ParameterSet | None = None
) -> Decision:
    """Sembako Kemensos Hadir (2020): affected by COVID-19, in a target group (honorary
    teachers, scavengers, traders, daily/casual workers, laid-off workers, others) and, while
    ``sembako_kemensos_hadir.requires_no_other_aid`` holds, enrolled in no other programme
    ("belum pernah menerima bantuan dari manapun", Kemensos, H).

    Examples:
        >>> from datetime import date
        >>> from dayasos.categories import SembakoHadirTargetGroup as G
        >>> r = HadirRecipient("p", G.PEMULUNG, True, other_enrolments=[Programme.BST])
        >>> d = sembako_hadir_eligibility(r, date(2020, 7, 1))
        >>> d.outcome, d.criterion("no_other_aid").observed
        (False, 'bst')
    """
    return subject_eligibility(SEMBAKO_HADIR, recipient, at, params)


def sembako_hadir_entitlement(
    recipient: HadirRecipient, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """Packages per recipient (``sembako_kemensos_hadir.packages_per_recipient``, U: one); the
    package value is unknown, so the amount is None."""
    return subject_entitlement(SEMBAKO_HADIR, recipient, at, params)


def apd_eligibility(
    recipient: ApdRecipient, at: date, params: ParameterSet | None = None
) -> Decision:
    """APD aid (2020): a social pillar (TKSK, Karang Taruna, PSM), a family of a national hero
    or a pioneer of independence (Fokus Dayasos, H)."""
    return subject_eligibility(APD, recipient, at, params)


def apd_entitlement(
    recipient: ApdRecipient, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """APD in kind; quantity and value unknown (``apd_pilar.units_per_recipient``)."""
    return subject_entitlement(APD, recipient, at, params)


def pena_eligibility(
    applicant: PenaApplicant, at: date, params: ParameterSet | None = None
) -> Decision:
    """PENA on ``at`` (from 2022, M): aged ``pena.age.min``..``pena.age.max`` (25..45, both
    included) in completed years on ``at``, and a graduated KPM or an entrepreneur.

    Examples:
        >>> from datetime import date
        >>> a = PenaApplicant("a", date(1990, 5, 1), graduated_kpm=True, entrepreneur=False)
        >>> pena_eligibility(a, date(2022, 6, 1)).outcome
        True
    """
    return subject_eligibility(PENA, applicant, at, params)


def pena_entitlement(
    applicant: PenaApplicant, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """``pena.amount`` (Rp6,000,000, M) once per eligible recipient; Rp0 when not eligible."""
    return subject_entitlement(PENA, applicant, at, params)


def jabodetabek_eligibility(
    household: JabodetabekHousehold, at: date, params: ParameterSet | None = None
) -> Decision:
    """Bansos Sembako Jabodetabek (April-June 2020, M) on ``at``: the aid runs, the household
    lives in Jabodetabek and is determined as a recipient."""
    return subject_eligibility(JABODETABEK, household, at, params)


def jabodetabek_entitlement(
    household: JabodetabekHousehold, at: date, params: ParameterSet | None = None
) -> ProgrammeEntitlement:
    """The Jabodetabek sembako aid of the year of ``at``: for each month in which it runs,
    ``bansos_jabodetabek.packages_per_month`` (2) packages of
    ``bansos_jabodetabek.package_value`` (Rp300,000): Rp600,000 a month, Rp1,800,000 over
    April-June 2020.

    Examples:
        >>> from datetime import date
        >>> e = jabodetabek_entitlement(JabodetabekHousehold("h", True), date(2020, 4, 9))
        >>> e.amount, len(e.lines), e.lines[0].quantity
        (Rupiah(1800000), 3, 2)
    """
    return subject_entitlement(JABODETABEK, household, at, params)
