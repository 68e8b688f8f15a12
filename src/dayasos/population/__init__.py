"""PKH over whole populations, column-wise (numpy; the ``fast`` extra).

Importing :mod:`dayasos` does not import this subpackage nor numpy.
"""

from dayasos.population.columns import (
    DISABILITY_CODES,
    MAX_FAMILY_SIZE,
    SCHOOL_CODES,
    SEX_CODES,
    Population,
    read_parquet,
)
from dayasos.population.kernel import COMPONENT_CODES, NO_COMPONENT, PopulationResult, evaluate
from dayasos.population.partitioned import (
    evaluate_arrow_batches,
    evaluate_dask,
    evaluate_frame,
    long_table,
    write_partitions,
)
from dayasos.population.programmes import (
    FLAG_DEFAULTS,
    ProgrammeResult,
    evaluate_programme,
    programme_spec,
)
from dayasos.population.reform import (
    CAUSE_AMOUNTS,
    CAUSE_COMPONENTS,
    CAUSE_ELIGIBILITY,
    ReformComparison,
    compare,
)
from dayasos.population.registry import RegistryPopulation, population_from_registry
from dayasos.population.store import store_population
from dayasos.population.synthetic import PROVINCES, SyntheticAssumptions, synthetic_population

__all__ = [
    "CAUSE_AMOUNTS",
    "CAUSE_COMPONENTS",
    "CAUSE_ELIGIBILITY",
    "COMPONENT_CODES",
    "DISABILITY_CODES",
    "FLAG_DEFAULTS",
    "MAX_FAMILY_SIZE",
    "NO_COMPONENT",
    "PROVINCES",
    "SCHOOL_CODES",
    "SEX_CODES",
    "Population",
    "PopulationResult",
    "ProgrammeResult",
    "ReformComparison",
    "RegistryPopulation",
    "SyntheticAssumptions",
    "compare",
    "evaluate",
    "evaluate_arrow_batches",
    "evaluate_dask",
    "evaluate_frame",
    "evaluate_programme",
    "long_table",
    "population_from_registry",
    "programme_spec",
    "read_parquet",
    "store_population",
    "synthetic_population",
    "write_partitions",
]
