"""Allocation: apportioning quotas and budgets across units, and ranked selection of
households under a quota or a budget ceiling (pagu)."""

from dayasos.eligibility.allocation.apportion import (
    AllocationInfeasibleError,
    Apportionment,
    ApportionmentLine,
    Method,
    apportion,
)
from dayasos.eligibility.allocation.registry import (
    region_of_level,
    region_weights,
    registry_candidates,
)
from dayasos.eligibility.allocation.selection import (
    Candidate,
    FitRule,
    OverlapAction,
    OverlapRule,
    Priority,
    Reason,
    Selection,
    SelectionLine,
    SortKey,
    Status,
    select_ranked,
)

__all__ = [
    "AllocationInfeasibleError",
    "Apportionment",
    "ApportionmentLine",
    "Candidate",
    "FitRule",
    "Method",
    "OverlapAction",
    "OverlapRule",
    "Priority",
    "Reason",
    "Selection",
    "SelectionLine",
    "SortKey",
    "Status",
    "apportion",
    "region_of_level",
    "region_weights",
    "registry_candidates",
    "select_ranked",
]
