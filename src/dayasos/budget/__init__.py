"""Budget realization: the APBN hierarchy, DIPA lines with revisions and blokir, realization
against plan, absorption, IKPA and EKA.

Submodules: :mod:`~dayasos.budget.codes` (keys and levels), :mod:`~dayasos.budget.dipa`
(lines and dated events), :mod:`~dayasos.budget.realization` (absorption, sisa pagu,
roll-ups), :mod:`~dayasos.budget.ikpa`, :mod:`~dayasos.budget.eka`,
:mod:`~dayasos.budget.press` (published-figure check), :mod:`~dayasos.budget.organisation`,
:mod:`~dayasos.budget.report` (semester evaluation) and :mod:`~dayasos.budget.csvio`.
"""

from dayasos.budget.codes import (
    Akun,
    BudgetLineKey,
    JenisBelanja,
    Kewenangan,
    Level,
    Output,
    RincianOutput,
    SumberDana,
)
from dayasos.budget.dipa import (
    AmountUnit,
    Blokir,
    Commitment,
    DipaLine,
    DipaRevision,
    MonthlyPlan,
    PaguEvent,
    PlanUpdate,
    Realization,
)
from dayasos.budget.realization import (
    Absorption,
    Base,
    absorption,
    absorption_by,
    realization_cube,
    roll_up,
    sisa_pagu,
)

__all__ = [
    "Absorption",
    "Akun",
    "AmountUnit",
    "Base",
    "Blokir",
    "BudgetLineKey",
    "Commitment",
    "DipaLine",
    "DipaRevision",
    "JenisBelanja",
    "Kewenangan",
    "Level",
    "MonthlyPlan",
    "Output",
    "PaguEvent",
    "PlanUpdate",
    "Realization",
    "RincianOutput",
    "SumberDana",
    "absorption",
    "absorption_by",
    "realization_cube",
    "roll_up",
    "sisa_pagu",
]
