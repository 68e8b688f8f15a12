"""Allocation: apportioning quotas and budgets across units, and ranked selection of
households under a quota or a budget ceiling (pagu)."""

from dayasos.eligibility.allocation.apportion import (
    AllocationInfeasibleError,
    Apportionment,
    ApportionmentLine,
    Method,
    apportion,
)

__all__ = [
    "AllocationInfeasibleError",
    "Apportionment",
    "ApportionmentLine",
    "Method",
    "apportion",
]
