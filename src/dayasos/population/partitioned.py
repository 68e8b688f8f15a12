"""Populations in partitions: one long table, whole families per partition, the same kernel.

A population too large for one machine is stored as **one long table**, one row per person
with its family's columns repeated on each of its rows, split into Parquet files (partitions)
that each hold whole families:

=================== =========== ================================================================
column              dtype       meaning
=================== =========== ================================================================
``family_id``       int64       the family's id, unique in the whole population
``birth``           int32       birth date, days since 1970-01-01 (a date column also works)
``sex`` ...         uint8/bool  the person columns of :class:`~dayasos.population.Population`
``desil`` ...       uint8/bool  the family columns, repeated on every member's row
=================== =========== ================================================================

The rows of a family are contiguous in one partition. :func:`evaluate_frame` is the function
run on each partition: it builds a :class:`~dayasos.population.Population` from the rows and
runs :func:`~dayasos.population.evaluate` on it, so every engine runs the one kernel and gives
the single-machine results. It takes and returns a pandas DataFrame (one row per family:
``family_id``, ``eligible``, ``n_components``, ``fixed``, ``total``, ``stage_1`` ...), which
is what Dask's ``map_partitions`` passes; :func:`evaluate_dask` wires it up, and
:func:`evaluate_arrow_batches` is the same for Spark's ``mapInArrow``.

A long table rather than a persons file and a families file per partition: one file set, one
``read_parquet``, and no join inside the workers; the repeated family columns are a few bytes
per person and compress away in Parquet. A family without members has no row (it would be
paid nothing: PKH pays for members with a component).

Needs pandas and pyarrow (the ``population`` extra); :func:`evaluate_dask` needs the ``dask``
extra.

Examples:
    >>> from datetime import date
    >>> from dayasos.population import evaluate, synthetic_population
    >>> pop = synthetic_population(50, seed=3)
    >>> out = evaluate_frame(long_table(pop), date(2021, 7, 1))
    >>> out["total"].tolist() == evaluate(pop, date(2021, 7, 1)).total.tolist()
    True
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from dayasos.errors import ValidationError
from dayasos.parameters import ParameterSet
from dayasos.population.columns import Population
from dayasos.population.kernel import evaluate

__all__ = [
    "FAMILY_COLUMNS",
    "PERSON_COLUMNS",
    "evaluate_arrow_batches",
    "evaluate_dask",
    "evaluate_frame",
    "long_table",
    "write_partitions",
]

PERSON_COLUMNS = ("birth", "sex", "pregnant", "pregnancy_order", "disability", "school")
"""The person columns of the long table (after ``family_id``)."""
FAMILY_COLUMNS = ("desil", "remote", "excluded", "registered", "province")
"""The family columns of the long table, repeated on each member's row."""


def _pd() -> Any:
    return importlib.import_module("pandas")


def long_table(pop: Population, family_ids: npt.ArrayLike | None = None) -> Any:
    """The long table of ``pop`` as a pandas DataFrame (``family_id`` defaults to the row).

    Families without members have no row.
    """
    ids = (
        np.arange(pop.n_families, dtype=np.int64)
        if family_ids is None
        else np.asarray(family_ids, dtype=np.int64)
    )
    if ids.shape != (pop.n_families,):
        raise ValidationError("family_ids", f"must hold one id per family ({pop.n_families})")
    cols: dict[str, Any] = {"family_id": ids[pop.family]}
    for name in PERSON_COLUMNS:
        cols[name] = getattr(pop, name)
    for name in FAMILY_COLUMNS:
        cols[name] = getattr(pop, name)[pop.family]
    return _pd().DataFrame(cols)


def write_partitions(pop: Population, directory: str | Path, families_per_part: int) -> int:
    """Write ``pop`` as ``part-00000.parquet``, ``part-00001.parquet``, ... under ``directory``,
    each with whole families (``family_id`` = the family row); returns the number of files.
    """
    if families_per_part < 1:
        raise ValidationError("families_per_part", "must be at least 1")
    pa = importlib.import_module("pyarrow")
    pq = importlib.import_module("pyarrow.parquet")
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    table = long_table(pop)
    n = 0
    for first in range(0, max(pop.n_families, 1), families_per_part):
        last = min(first + families_per_part, pop.n_families)
        lo = int(pop.starts[first]) if first < pop.n_families else pop.n_persons
        hi = int(pop.starts[last]) if last < pop.n_families else pop.n_persons
        part = pa.Table.from_pandas(table.iloc[lo:hi], preserve_index=False)
        pq.write_table(part, str(out / f"part-{n:05d}.parquet"))
        n += 1
    return n


def _column(frame: Any, name: str) -> npt.NDArray[Any]:
    return np.asarray(frame[name].to_numpy())


def _population(frame: Any) -> tuple[Population, npt.NDArray[np.int64]]:
    if "family_id" not in frame.columns:
        raise ValidationError("family_id", "required column is missing")
    ids = _column(frame, "family_id").astype(np.int64, copy=False)
    n = int(ids.shape[0])
    new = np.ones(n, dtype=np.bool_)
    if n > 1:
        new[1:] = ids[1:] != ids[:-1]
    firsts = np.flatnonzero(new)
    family_ids = ids[firsts]
    if np.unique(family_ids).shape[0] != family_ids.shape[0]:
        raise ValidationError("family_id", "the rows of a family must be contiguous")
    persons: dict[str, npt.NDArray[Any]] = {"family": np.cumsum(new, dtype=np.int64) - 1}
    for name in PERSON_COLUMNS:
        if name in frame.columns:
            persons[name] = _column(frame, name)
    birth = persons.get("birth")
    if birth is not None and birth.dtype == object:
        persons["birth"] = birth.astype("datetime64[D]")
    families = {name: _column(frame, name)[firsts] for name in FAMILY_COLUMNS if name in frame}
    return Population.from_columns(persons, families), family_ids


def evaluate_frame(frame: Any, at: date, params: ParameterSet | None = None) -> Any:
    """PKH per family of one partition (a pandas DataFrame of the long table).

    Returns:
        a pandas DataFrame, one row per family in partition order: ``family_id``,
        ``eligible``, ``n_components``, ``fixed``, ``total`` and ``stage_1`` ... (int64
        rupiah; the stages of the year of ``at``).

    Raises:
        ValidationError: naming the column and the first bad row (rows of the partition).
    """
    pop, ids = _population(frame)
    r = evaluate(pop, at, params)
    cols: dict[str, Any] = {
        "family_id": ids,
        "eligible": r.eligible,
        "n_components": r.n_components,
        "fixed": r.fixed,
        "total": r.total,
    }
    for k in range(len(r.stage_starts)):
        cols[f"stage_{k + 1}"] = np.ascontiguousarray(r.stages[:, k])
    return _pd().DataFrame(cols)


def evaluate_dask(frame: Any, at: date, params: ParameterSet | None = None) -> Any:
    """:func:`evaluate_frame` on every partition of a Dask DataFrame of the long table (lazy:
    call ``.compute()``, or write the result with ``.to_parquet``).

    Examples:
        >>> import dask.dataframe as dd
        >>> from dayasos.population import synthetic_population
        >>> ddf = dd.from_pandas(long_table(synthetic_population(40, seed=2)), npartitions=1)
        >>> int(evaluate_dask(ddf, date(2021, 7, 1)).compute().shape[0]) <= 40
        True
    """
    meta = evaluate_frame(frame._meta, at, params)
    return frame.map_partitions(evaluate_frame, at, params, meta=meta)


def evaluate_arrow_batches(
    batches: Iterable[Any], at: date, params: ParameterSet | None = None
) -> Iterator[Any]:
    """The Spark ``mapInArrow`` form: the record batches of one partition (whole families,
    rows of a family contiguous) in, one record batch of :func:`evaluate_frame`'s columns out.

    The batches of a partition are joined first, since a family may straddle two batches.
    """
    pa = importlib.import_module("pyarrow")
    parts = list(batches)
    if not parts:
        return
    table = pa.Table.from_batches(parts)
    out = evaluate_frame(table.to_pandas(), at, params)
    yield pa.RecordBatch.from_pandas(out, preserve_index=False)
