"""Tables of results as pandas DataFrames (the ``population`` extra), and the parameters a
population run reads whose values are unknown (re-exported by :mod:`dayasos.population.groups`)."""

from __future__ import annotations

import importlib
import warnings
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from dayasos.eligibility.pkh.tables import date_table
from dayasos.errors import UnknownParameterWarning
from dayasos.parameters import ParameterSet
from dayasos.population.columns import Population
from dayasos.population.kernel import PopulationResult

if TYPE_CHECKING:
    from dayasos.population.groups import Table

__all__ = [
    "result_to_dataframe",
    "table_to_dataframe",
    "unknown_parameters",
    "warn_unknown_parameters",
]


def _pd() -> Any:
    try:
        return importlib.import_module("pandas")
    except ImportError as exc:
        raise ImportError("to_dataframe needs pandas: pip install 'dayasos[population]'") from exc


_WEIGHTED_COUNTS = (
    "families",
    "kpm",
    "kpm_baseline",
    "kpm_reform",
    "winners",
    "losers",
    "persons",
    "counted",
    "counted_baseline",
    "counted_reform",
)


def table_to_dataframe(table: Table) -> Any:
    """A :data:`Table` as a pandas DataFrame (needs pandas, the ``population`` extra). The
    weighted counts (``families``, ``kpm``, ``winners``, ...) are rounded to whole families
    or persons for reading; :data:`Table` keeps them exact."""
    cols = {
        k: (np.rint(v).astype(np.int64) if k in _WEIGHTED_COUNTS and v.dtype.kind == "f" else v)
        for k, v in table.items()
    }
    return _pd().DataFrame(cols)


def result_to_dataframe(
    result: PopulationResult, *keys: str, params: ParameterSet | None = None
) -> Any:
    """A result as a pandas DataFrame: per family (:func:`family_table`) without ``keys``,
    else grouped (:func:`summarize`)."""
    from dayasos.population.groups import family_table, summarize

    if not keys:
        return table_to_dataframe(family_table(result))
    return table_to_dataframe(summarize(result, *keys, params=params))


def warn_unknown_parameters(
    pop: Population, at: date, *params: ParameterSet, stacklevel: int = 3
) -> tuple[str, ...]:
    """Warn once (:class:`~dayasos.errors.UnknownParameterWarning`) for each parameter without
    a known value on ``at`` that PKH reads for ``pop`` under any of ``params``; returns
    their names."""
    unknown = unknown_parameters(pop, at, *params)
    for name, effect in unknown.items():
        warnings.warn(UnknownParameterWarning(name, at, effect), stacklevel=stacklevel)
    return tuple(unknown)


def unknown_parameters(pop: Population, at: date, *params: ParameterSet) -> dict[str, str]:
    """The parameters without a known value on ``at`` that PKH reads for ``pop`` under any
    of ``params``, each with what the computation does instead. The welfare-decile threshold
    only matters when a family is ranked."""
    unknown: dict[str, str] = {}
    for p in params:
        t = date_table(p, at)
        for use in t.uses:
            if use.value is not None or use.name in unknown:
                continue
            if use.name == "pkh.eligibility.max_desil":
                if not (pop.desil > 0).any():
                    continue
                effect = (
                    "the welfare-decile criterion is not applied, families of every desil are paid"
                )
            else:
                effect = "the rule that reads it is not applied"
            unknown[use.name] = effect
    return unknown
