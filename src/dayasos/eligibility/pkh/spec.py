"""The PKH programme spec: components, criteria, cap and schedule, written once.

Each name below is a parameter of ``parameters/data/pkh.toml`` (dated values with their
public sources and confidence). Both evaluators read this spec: the per-family rules
(:mod:`dayasos.eligibility.pkh.rules`) and the column-wise kernel
(:mod:`dayasos.population.kernel`).

Examples:
    >>> [c.kind.code for c in PKH.components][:3]
    ['ibu_hamil', 'anak_usia_dini', 'sd']
    >>> [c.code.value for c in PKH.criteria]
    ['registered', 'welfare_decile', 'not_excluded', 'component']
"""

from __future__ import annotations

from typing import Final

from dayasos.categories import DisabilitySeverity, SchoolLevel
from dayasos.eligibility.pkh.model import PkhComponent, PkhStatus
from dayasos.eligibility.spec import (
    AgeAtLeast,
    AgeAtMost,
    Component,
    DecileAtMost,
    Disabled,
    Enrolled,
    HasComponent,
    PersonCap,
    Pregnant,
    Programme,
    Registered,
    Schedule,
    StatusIs,
)

__all__ = ["PKH"]

_SCHOOL_AGE: Final = AgeAtMost("pkh.age.sekolah.max")

PKH: Final = Programme(
    "PKH",
    components=(
        Component(
            PkhComponent.IBU_HAMIL,
            "pkh.index.ibu_hamil",
            (Pregnant("pkh.ibu_hamil.max_pregnancies"),),
        ),
        Component(
            PkhComponent.ANAK_USIA_DINI,
            "pkh.index.anak_usia_dini",
            (AgeAtMost("pkh.age.anak_usia_dini.max"), Enrolled(SchoolLevel.NONE)),
            limit="pkh.anak_usia_dini.max_children",
        ),
        Component(PkhComponent.SD, "pkh.index.sd", (_SCHOOL_AGE, Enrolled(SchoolLevel.SD))),
        Component(PkhComponent.SMP, "pkh.index.smp", (_SCHOOL_AGE, Enrolled(SchoolLevel.SMP))),
        Component(PkhComponent.SMA, "pkh.index.sma", (_SCHOOL_AGE, Enrolled(SchoolLevel.SMA))),
        Component(
            PkhComponent.DISABILITAS_BERAT,
            "pkh.index.disabilitas_berat",
            (Disabled(DisabilitySeverity.BERAT),),
        ),
        Component(
            PkhComponent.LANJUT_USIA,
            "pkh.index.lanjut_usia",
            (AgeAtLeast("pkh.age.lanjut_usia.min"),),
        ),
    ),
    criteria=(
        Registered(),
        DecileAtMost("pkh.eligibility.max_desil"),
        StatusIs(PkhStatus.AKTIF),
        HasComponent(),
    ),
    cap=PersonCap("pkh.cap.persons", "pkh.cap.selection", "pkh.component.priority"),
    schedule=Schedule("pkh.stages.months", "pkh.disbursement.monthly", "pkh.disbursement.rounding"),
    fixed="pkh.fixed.reguler",
    remote_fixed="pkh.fixed.akses",
    flat="pkh.flat_amount",
)
"""PKH as a spec (Permensos 1/2018 and the yearly index decisions; see the parameters)."""
