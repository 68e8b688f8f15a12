"""Public hypothesis strategies for dayasos value types.

Use them to property-test your own code against dayasos models::

    from hypothesis import given
    from dayasos.testing import rupiah, months

    @given(rupiah(min_value=0), months())
    def test_my_report(amount, month): ...

This module imports hypothesis, which is a test dependency (the ``dev`` extra); the rest of
dayasos does not need it.
"""

from dayasos.testing.categories import (
    categories,
    category_texts,
    disability_severities,
    empowerment_targets,
    ppks,
    programmes,
    psks,
    relationships,
    school_levels,
    sembako_hadir_target_groups,
    sexes,
    social_pillars,
)
from dayasos.testing.core import (
    amounts,
    confidences,
    dates,
    exact_numbers,
    fiscal_years,
    legal_bases,
    months,
    parameter_values,
    percentages,
    periods,
    reforms,
    rounding_policies,
    rupiah,
    semesters,
    triwulans,
    units,
)
from dayasos.testing.registry import niks, no_kks, region_codes, registry_persons

__all__ = [
    "amounts",
    "categories",
    "category_texts",
    "confidences",
    "dates",
    "disability_severities",
    "empowerment_targets",
    "exact_numbers",
    "fiscal_years",
    "legal_bases",
    "months",
    "niks",
    "no_kks",
    "parameter_values",
    "percentages",
    "periods",
    "ppks",
    "programmes",
    "psks",
    "reforms",
    "region_codes",
    "registry_persons",
    "relationships",
    "rounding_policies",
    "rupiah",
    "school_levels",
    "sembako_hadir_target_groups",
    "semesters",
    "sexes",
    "social_pillars",
    "triwulans",
    "units",
]
