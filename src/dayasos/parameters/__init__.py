"""Dated parameters with their legal sources: amounts, thresholds, age bounds.

Every amount and threshold dayasos uses lives in a TOML data file shipped in
``dayasos/parameters/data/`` (one file per topic), never in code. Each value has the date it
takes effect, optionally the date it ends, its unit, its source (a
:class:`~dayasos.law.LegalBasis`) and the confidence of the fact (H, M, U).

Examples:
    >>> from datetime import date
    >>> from dayasos.parameters import load_parameters
    >>> params = load_parameters()
    >>> params.rupiah("pkh.index.sd", date(2020, 7, 1))
    Rupiah(900000)
    >>> v = params.value("pkh.index.sd", date(2020, 7, 1))
    >>> (v.start, v.end, v.confidence.value)
    (datetime.date(2020, 1, 1), datetime.date(2020, 12, 31), 'M')

A reform is a new set derived from the shipped one; the shipped one never changes:

Examples:
    >>> from dayasos.money import Rupiah
    >>> reform = params.with_value("pkh.index.sd", Rupiah(1_200_000), start=date(2021, 1, 1))
    >>> reform.rupiah("pkh.index.sd", date(2022, 1, 1))
    Rupiah(1200000)

Importing this package reads no file; :func:`load_parameters` reads and validates the data
files on first use and caches the result.
"""

from dayasos.parameters.catalogue import (
    differs_on,
    render_markdown,
    render_text,
    unverified_only,
)
from dayasos.parameters.loader import (
    load_parameter_files,
    load_parameters,
    load_reform,
    parse_parameter_document,
    shipped_files,
)
from dayasos.parameters.model import (
    BaseUnit,
    Override,
    Parameter,
    ParameterSet,
    ParameterValue,
    Unit,
    Value,
)
from dayasos.parameters.sources import (
    SourceUse,
    render_sources_markdown,
    source_uses,
    unverified_uses,
)

__all__ = [
    "BaseUnit",
    "Override",
    "Parameter",
    "ParameterSet",
    "ParameterValue",
    "SourceUse",
    "Unit",
    "Value",
    "differs_on",
    "load_parameter_files",
    "load_parameters",
    "load_reform",
    "parse_parameter_document",
    "render_markdown",
    "render_sources_markdown",
    "render_text",
    "shipped_files",
    "source_uses",
    "unverified_only",
    "unverified_uses",
]
