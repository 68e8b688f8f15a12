"""dayasos: the rules of Indonesia's social-empowerment and social-assistance programmes as typed,
tested, explainable Python.

The top level re-exports the handful of names most users need; everything else lives in its
module (``dayasos.money``, ``dayasos.periods``, ``dayasos.parameters``, ``dayasos.categories``,
``dayasos.registry``, ``dayasos.eligibility``, ``dayasos.budget``). Importing dayasos reads no file.
"""

from dayasos._version import __version__
from dayasos.errors import DayasosError, ValidationError
from dayasos.law import LegalBasis
from dayasos.money import Percentage, Rupiah
from dayasos.periods import FiscalYear, Month, Semester, Triwulan, age, parse_period

__all__ = [
    "DayasosError",
    "FiscalYear",
    "LegalBasis",
    "Month",
    "Percentage",
    "Rupiah",
    "Semester",
    "Triwulan",
    "ValidationError",
    "__version__",
    "age",
    "parse_period",
]
