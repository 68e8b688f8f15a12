"""The other programmes: eligibility and entitlement, explained, with sources.

Every programme has an ``*_eligibility`` rule returning a
:class:`~dayasos.eligibility.decision.Decision` and an ``*_entitlement`` rule returning a
:class:`ProgrammeEntitlement` (Rp0 and the failed criteria when not eligible; ``amount`` None
when the value is not known in the parameters, the ``amount_known`` criterion then says so).
Amounts and thresholds come from ``parameters/data/sembako.toml``, ``dayasos.toml`` and
``programmes.toml``; values that only press reports give are confidence M, values no public
source gives are U or unknown, and each parameter names its public source.

* **Sustainment grant** (bantuan penguatan modal usaha, 2020) for a graduated KPM PKH (status
  graduated on the date, from its :class:`~dayasos.eligibility.lifecycle.KpmHistory`) that runs
  a micro business and was affected by COVID-19, in two tiers: the BSIMU stimulus
  (``penguatan_modal_usaha.bsimu.amount``, Rp500,000) and, for KPM selected for the
  1,000-KPM pilot, business capital (``penguatan_modal_usaha.amount``, Rp3,500,000).
* **Program Sembako / BPNT**: an enrolled KPM gets ``sembako.amount`` for each month of the
  year in which it is in force, and once more in each month of ``sembako.extra_months``.
* **BST**: an enrolled KPM gets ``bst.amount`` for each month of ``bst.months``; the months of
  ``bst.deferred_months`` are paid in ``bst.deferred_paid_in`` (2021: May-June in July).
* **BST for Sembako KPM not in PKH** (Aug 2020): ``bst_sembako_non_pkh.amount`` once.
* **BLT BBM 2022**: ``blt_bbm.payments`` times ``blt_bbm.amount``.
* **PENA**: ``pena.amount`` to a graduated KPM or entrepreneur aged ``pena.age.min``..``max``.
* **Bansos Sembako Jabodetabek 2020**: ``bansos_jabodetabek.packages_per_month`` packages of
  ``bansos_jabodetabek.package_value`` a month, April-June 2020.
* **KUBE**: ``kube.grant_per_family`` per member family of a group of ``kube.group_size.min``
  to ``max`` registered poor families.
* **RS-Rutilahu**: ``rs_rutilahu.grant`` per registered household with an unfit house.
* **ProKUS**: business capital (``prokus.capital_amount``) and mentoring.
* **PKAT**: preparation, empowerment years I..``pkat.empowerment_years``, termination.
* **Sembako Kemensos Hadir** (2020): people of the target groups affected by COVID-19 who had
  received no other aid (the caller passes their other enrolments).
* **APD aid**: social pillars, families of national heroes and pioneers of independence.

Every programme is a spec. The household cash programmes (Program Sembako, BST, the one-off
BST for Sembako KPM not in PKH, BLT BBM; :data:`HOUSEHOLD_PROGRAMMES`) are
:class:`~dayasos.eligibility.spec.household.HouseholdProgramme` specs evaluated by one
interpreter per family (:func:`household_entitlement`) and column-wise by
:func:`dayasos.population.evaluate_programme`. The others (:data:`SUBJECT_PROGRAMMES`) are
:class:`~dayasos.eligibility.spec.subject.SubjectProgramme` specs over their own subject
values, evaluated by :func:`subject_entitlement`; their subjects are not population columns.
The ``<programme>_eligibility`` / ``<programme>_entitlement`` functions are thin entry points;
PKH's are here too (:func:`pkh_eligibility`, :func:`pkh_entitlement`, the same functions as
``dayasos.eligibility.pkh.eligibility`` and ``entitlement``).

Examples:
    >>> from datetime import date
    >>> e = bst_entitlement(ProgrammeKpm("kpm-1"), date(2020, 4, 1))
    >>> e.amount, len(e.lines)
    (Rupiah(3600000), 9)
"""

from __future__ import annotations

from typing import Final

from dayasos.eligibility.pkh.rules import eligibility as pkh_eligibility
from dayasos.eligibility.pkh.rules import entitlement as pkh_entitlement
from dayasos.eligibility.programmes.community import (
    KUBE,
    PKAT,
    PROKUS,
    RS_RUTILAHU,
    PkatStage,
    kube_eligibility,
    kube_entitlement,
    pkat_eligibility,
    pkat_entitlement,
    pkat_stage,
    prokus_eligibility,
    prokus_entitlement,
    rutilahu_eligibility,
    rutilahu_entitlement,
)
from dayasos.eligibility.programmes.household import (
    BLT_BBM,
    BST,
    BST_SEMBAKO_NON_PKH,
    HOUSEHOLD_PROGRAMMES,
    SEMBAKO,
    blt_bbm_eligibility,
    blt_bbm_entitlement,
    bst_eligibility,
    bst_entitlement,
    bst_sembako_non_pkh_eligibility,
    bst_sembako_non_pkh_entitlement,
    household_eligibility,
    household_entitlement,
    programme_cost,
    sembako_2022_proposal_cost,
    sembako_eligibility,
    sembako_entitlement,
)
from dayasos.eligibility.programmes.subject import (
    subject_eligibility,
    subject_entitlement,
)
from dayasos.eligibility.programmes.sustainment import (
    SUSTAINMENT,
    SUSTAINMENT_BSIMU,
    SUSTAINMENT_MODAL_USAHA,
    sustainment_eligibility,
    sustainment_entitlement,
)
from dayasos.eligibility.programmes.targeted import (
    APD,
    JABODETABEK,
    PENA,
    SEMBAKO_HADIR,
    apd_eligibility,
    apd_entitlement,
    jabodetabek_eligibility,
    jabodetabek_entitlement,
    pena_eligibility,
    pena_entitlement,
    sembako_hadir_eligibility,
    sembako_hadir_entitlement,
)
from dayasos.eligibility.programmes.values import (
    AmountLine,
    ApdRecipient,
    ApdRecipientKind,
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
    SustainmentTier,
)
from dayasos.eligibility.spec.subject import SubjectProgramme

__all__ = [
    "APD",
    "BLT_BBM",
    "BST",
    "BST_SEMBAKO_NON_PKH",
    "HOUSEHOLD_PROGRAMMES",
    "JABODETABEK",
    "KUBE",
    "PENA",
    "PKAT",
    "PROKUS",
    "RS_RUTILAHU",
    "SEMBAKO",
    "SEMBAKO_HADIR",
    "SUBJECT_PROGRAMMES",
    "SUSTAINMENT",
    "SUSTAINMENT_BSIMU",
    "SUSTAINMENT_MODAL_USAHA",
    "AmountLine",
    "ApdRecipient",
    "ApdRecipientKind",
    "HadirRecipient",
    "JabodetabekHousehold",
    "KatCommunity",
    "KubeGroup",
    "PenaApplicant",
    "PkatStage",
    "ProgrammeEntitlement",
    "ProgrammeKpm",
    "ProkusApplicant",
    "RutilahuHousehold",
    "SustainmentApplicant",
    "SustainmentTier",
    "apd_eligibility",
    "apd_entitlement",
    "blt_bbm_eligibility",
    "blt_bbm_entitlement",
    "bst_eligibility",
    "bst_entitlement",
    "bst_sembako_non_pkh_eligibility",
    "bst_sembako_non_pkh_entitlement",
    "household_eligibility",
    "household_entitlement",
    "jabodetabek_eligibility",
    "jabodetabek_entitlement",
    "kube_eligibility",
    "kube_entitlement",
    "pena_eligibility",
    "pena_entitlement",
    "pkat_eligibility",
    "pkat_entitlement",
    "pkat_stage",
    "pkh_eligibility",
    "pkh_entitlement",
    "programme_cost",
    "prokus_eligibility",
    "prokus_entitlement",
    "rutilahu_eligibility",
    "rutilahu_entitlement",
    "sembako_2022_proposal_cost",
    "sembako_eligibility",
    "sembako_entitlement",
    "sembako_hadir_eligibility",
    "sembako_hadir_entitlement",
    "subject_eligibility",
    "subject_entitlement",
    "sustainment_eligibility",
    "sustainment_entitlement",
]

SUBJECT_PROGRAMMES: Final[dict[str, SubjectProgramme]] = {
    "penguatan_modal_usaha_bsimu": SUSTAINMENT_BSIMU,
    "penguatan_modal_usaha": SUSTAINMENT_MODAL_USAHA,
    **{s.programme.code: s for s in (KUBE, RS_RUTILAHU, PROKUS, PKAT)},
    **{s.programme.code: s for s in (SEMBAKO_HADIR, APD, PENA, JABODETABEK)},
}
"""Every spec of a programme whose subject is not a household of a population (groups,
applicants, recipients, KPM histories), by name: the programme code, and the sustainment
grant's two tiers apart."""
