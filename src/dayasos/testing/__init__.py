"""Public hypothesis strategies for dayasos value types.

Use them to property-test your own code against dayasos models::

    from hypothesis import given
    from dayasos.testing import rupiah, months

    @given(rupiah(min_value=0), months())
    def test_my_report(amount, month): ...

This module imports hypothesis, which is a test dependency (the ``dev`` extra); the rest of
dayasos does not need it.
"""

from dayasos.testing.allocation import apportionment_methods, apportionment_weights, candidates
from dayasos.testing.budget import (
    akuns,
    budget_line_keys,
    dipa_lines,
    pagu_events,
    realizations,
)
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
from dayasos.testing.lifecycle import graduation_situations, kpm_histories, transition_reasons
from dayasos.testing.pkh import pkh_crowded_families, pkh_families, pkh_members, pkh_statuses
from dayasos.testing.population import pkh_family_lists, populations
from dayasos.testing.programmes import (
    apd_recipients,
    hadir_recipients,
    jabodetabek_households,
    kat_communities,
    kube_groups,
    pena_applicants,
    programme_kpms,
    prokus_applicants,
    rutilahu_households,
    sustainment_applicants,
)
from dayasos.testing.registry import (
    niks,
    no_kks,
    province_codes,
    province_days,
    region_codes,
    registry_persons,
)

__all__ = [
    "akuns",
    "amounts",
    "apd_recipients",
    "apportionment_methods",
    "apportionment_weights",
    "budget_line_keys",
    "candidates",
    "categories",
    "category_texts",
    "confidences",
    "dates",
    "dipa_lines",
    "disability_severities",
    "empowerment_targets",
    "exact_numbers",
    "fiscal_years",
    "graduation_situations",
    "hadir_recipients",
    "jabodetabek_households",
    "kat_communities",
    "kpm_histories",
    "kube_groups",
    "legal_bases",
    "months",
    "niks",
    "no_kks",
    "pagu_events",
    "parameter_values",
    "pena_applicants",
    "percentages",
    "periods",
    "pkh_crowded_families",
    "pkh_families",
    "pkh_family_lists",
    "pkh_members",
    "pkh_statuses",
    "populations",
    "ppks",
    "programme_kpms",
    "programmes",
    "prokus_applicants",
    "province_codes",
    "province_days",
    "psks",
    "realizations",
    "reforms",
    "region_codes",
    "registry_persons",
    "relationships",
    "rounding_policies",
    "rupiah",
    "rutilahu_households",
    "school_levels",
    "sembako_hadir_target_groups",
    "semesters",
    "sexes",
    "social_pillars",
    "sustainment_applicants",
    "transition_reasons",
    "triwulans",
    "units",
]
