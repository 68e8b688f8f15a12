"""Eligibility, entitlement and allocation rules, and the decisions they return.

:mod:`dayasos.eligibility.decision` holds the general decision type (outcome and criteria,
explained in Bahasa Indonesia and English); :mod:`dayasos.eligibility.pkh` the PKH rules;
:mod:`dayasos.eligibility.allocation` apportionment and ranked selection;
:mod:`dayasos.eligibility.lifecycle` the KPM PKH status history and graduation;
:mod:`dayasos.eligibility.conditionality` commitment verification and sanctions;
:mod:`dayasos.eligibility.programmes` the other programmes (sustainment grant, Sembako, BST, ...).
"""

from dayasos.eligibility.decision import (
    Criterion,
    CriterionStatus,
    Decision,
    Lang,
    ParameterUse,
)

__all__ = ["Criterion", "CriterionStatus", "Decision", "Lang", "ParameterUse"]
