"""The Dask path (partitioned Parquet, map_partitions on a local cluster) equals `evaluate`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import dask.dataframe as dd  # the dev extra installs these: a missing one fails, never skips
import distributed
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dayasos.errors import ValidationError
from dayasos.parameters import load_parameters
from dayasos.population import (
    Population,
    evaluate,
    evaluate_arrow_batches,
    evaluate_dask,
    evaluate_frame,
    long_table,
    synthetic_population,
    write_partitions,
)
from dayasos.testing import populations

PARAMS = load_parameters()
REFORM = PARAMS.with_value("pkh.cap.persons", 2, start=date(2021, 1, 1), reform="cap2")


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    cluster = distributed.LocalCluster(
        processes=False,
        n_workers=1,
        threads_per_worker=2,
        dashboard_address=":0",  # a free port: 8787 may be taken
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def test_a_process_cluster_gives_the_same_rows(tmp_path: Path) -> None:
    """Worker processes (a nanny each), as on a multi-node cluster: the kernel is pickled."""
    pop = synthetic_population(1_500, seed=5)
    at = date(2021, 7, 1)
    write_partitions(pop, tmp_path, 500)
    cluster = distributed.LocalCluster(
        processes=True, n_workers=2, threads_per_worker=1, dashboard_address=":0"
    )
    with cluster, distributed.Client(cluster):
        got = evaluate_dask(dd.read_parquet(str(tmp_path / "*.parquet")), at).compute()
    got = got.sort_values("family_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, _expected(pop, at, PARAMS), check_dtype=False)


def _expected(pop: Population, at: date, params: object) -> pd.DataFrame:
    r = evaluate(pop, at, params)  # type: ignore[arg-type]
    has = pop.sizes > 0
    cols = {
        "family_id": np.flatnonzero(has),
        "eligible": r.eligible[has],
        "n_components": r.n_components[has],
        "fixed": r.fixed[has],
        "total": r.total[has],
    }
    for k in range(r.stages.shape[1]):
        cols[f"stage_{k + 1}"] = r.stages[has, k]
    return pd.DataFrame(cols)


@pytest.mark.parametrize("params", [PARAMS, REFORM], ids=["baseline", "cap2"])
def test_dask_on_parquet_partitions_equals_single_machine(
    client: object, tmp_path: Path, params: object
) -> None:
    pop = synthetic_population(3_000, seed=11)
    at = date(2021, 7, 1)
    parts = write_partitions(pop, tmp_path, 700)
    assert parts == 5
    ddf = dd.read_parquet(str(tmp_path / "*.parquet"))
    assert ddf.npartitions == 5
    got = evaluate_dask(ddf, at, params).compute()  # type: ignore[arg-type]
    got = got.sort_values("family_id").reset_index(drop=True)
    want = _expected(pop, at, params)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    assert got["total"].dtype == np.int64
    assert int(got["total"].sum()) == int(evaluate(pop, at, params).total.sum())  # type: ignore[arg-type]


@settings(max_examples=15, deadline=None)
@given(pop=populations(), cut=st.integers(1, 6), day=st.integers(0, 364))
def test_any_split_into_whole_families_gives_the_same_rows(
    pop: Population, cut: int, day: int
) -> None:
    at = date.fromordinal(date(2020, 1, 1).toordinal() + day)
    table = long_table(pop)
    want = _expected(pop, at, PARAMS)
    pieces = []
    for first in range(0, pop.n_families, cut):
        ids = table["family_id"]
        pieces.append(evaluate_frame(table[(ids >= first) & (ids < first + cut)], at, PARAMS))
    got = pd.concat(pieces, ignore_index=True) if pieces else want.iloc[0:0]
    pd.testing.assert_frame_equal(got.reset_index(drop=True), want, check_dtype=False)
    batches = pa.Table.from_pandas(table, preserve_index=False).to_batches(max_chunksize=3)
    arrow = list(evaluate_arrow_batches(iter(batches), at, PARAMS))
    if pop.n_persons:
        again = pa.Table.from_batches(arrow).to_pandas()
        pd.testing.assert_frame_equal(again, want, check_dtype=False)


def test_split_family_is_refused() -> None:
    pop = synthetic_population(3, seed=1)
    table = long_table(pop)
    shuffled = pd.concat([table, table.iloc[:1]], ignore_index=True)
    with pytest.raises(ValidationError, match="contiguous"):
        evaluate_frame(shuffled, date(2021, 7, 1))
