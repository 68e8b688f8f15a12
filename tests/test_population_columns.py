"""Column validation (the column and the first bad row named) and the synthetic generator."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from dayasos.errors import ValidationError
from dayasos.population import (
    PROVINCES,
    Population,
    SyntheticAssumptions,
    evaluate,
    read_parquet,
    synthetic_population,
)
from dayasos.statistics import poor_population_2020


def _persons(**over: Any) -> dict[str, Any]:
    cols: dict[str, Any] = {
        "family": np.array([0, 0, 1, 1]),
        "birth": np.array(
            ["2016-01-01", "1990-01-01", "2010-05-05", "1950-02-02"], "datetime64[D]"
        ),
        "sex": np.array([0, 1, 1, 0], np.uint8),
        "school": np.array([0, 0, 1, 0], np.uint8),
    }
    cols.update(over)
    return cols


FAMS = {"desil": np.array([1, 3], np.uint8)}


@pytest.mark.parametrize(
    ("column", "value", "row"),
    [
        ("family", np.array([0, 1, 0, 1]), 2),
        ("family", np.array([0, 0, 1, 2]), 3),
        ("sex", np.array([0, 1, 2, 0]), 2),
        ("school", np.array([0, 0, 1, 9]), 3),
        ("disability", np.array([0, 4, 0, 0]), 1),
        ("pregnant", np.array([False, False, False, True]), 3),
        ("pregnancy_order", np.array([0, 1, 0, 0]), 1),
        ("birth", np.array(["2016-01-01", "NaT", "2010-05-05", "1950-02-02"], "datetime64[D]"), 1),
    ],
)
def test_bad_column_names_column_and_first_row(column: str, value: Any, row: int) -> None:
    with pytest.raises(ValidationError) as err:
        Population.from_columns(_persons(**{column: value}), FAMS)
    assert err.value.field == column
    assert err.value.index == row


def test_bad_family_columns() -> None:
    with pytest.raises(ValidationError) as err:
        Population.from_columns(_persons(), {"desil": np.array([1, 11])})
    assert (err.value.field, err.value.index) == ("desil", 1)
    with pytest.raises(ValidationError) as err:
        Population.from_columns(_persons(), {"desil": np.array([1, 2]), "remote": np.array([0, 2])})
    assert (err.value.field, err.value.index) == ("remote", 1)
    with pytest.raises(ValidationError) as err:
        Population.from_columns({"birth": np.zeros(2)}, FAMS)
    assert err.value.field == "family"
    with pytest.raises(ValidationError, match="birth"):
        Population.from_columns(_persons(birth=np.array([0.5, 1.0, 2.0, 3.0])), FAMS)


def test_empty_families_and_integer_birth_days() -> None:
    days = np.array(["2016-01-01", "1990-01-01"], "datetime64[D]").view(np.int64)
    pop = Population.from_columns(
        {"family": np.array([1, 1]), "birth": days}, {"desil": np.array([1, 2, 3])}
    )
    assert pop.sizes.tolist() == [0, 2, 0]
    r = evaluate(pop, date(2021, 7, 1))
    assert r.eligible.tolist() == [False, True, False]
    assert r.total[0] == r.total[2] == 0


def test_synthetic_is_reproducible_and_plausible() -> None:
    a = synthetic_population(3000, seed=5)
    b = synthetic_population(3000, seed=5)
    c = synthetic_population(3000, seed=6)
    assert np.array_equal(a.birth, b.birth) and np.array_equal(a.desil, b.desil)
    assert not np.array_equal(a.birth[:100], c.birth[:100])
    assert 4.0 < a.n_persons / a.n_families < 5.2
    codes = {int(p.kemendagri_code) for p in poor_population_2020()}
    assert set(np.unique(a.province).tolist()) == codes and len(codes) == PROVINCES
    assert set(np.unique(a.desil).tolist()) == set(range(1, 11))
    assert not (a.pregnant & (a.sex == 0)).any()
    r = evaluate(a, date(2021, 7, 1))
    assert 0 < r.eligible.mean() < 1
    assert (r.stages.sum(axis=1) == r.total).all()


def test_assumptions_are_validated() -> None:
    with pytest.raises(ValidationError, match="pregnancy_rate"):
        SyntheticAssumptions(pregnancy_rate=1.5)
    with pytest.raises(ValidationError, match="family_size_weights"):
        SyntheticAssumptions(family_size_weights=(0.5, 0.6))
    with pytest.raises(ValidationError, match="families"):
        synthetic_population(-1)


def test_parquet_round_trip(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pop = synthetic_population(700, seed=12)
    persons = pa.table(
        {
            "family": pop.family,
            "birth": pa.array(pop.birth.astype("datetime64[D]")),
            "sex": pop.sex,
            "pregnant": pop.pregnant,
            "disability": pop.disability,
            "school": pop.school,
        }
    )
    families = pa.table(
        {
            "desil": pop.desil,
            "remote": pop.remote,
            "excluded": pop.excluded,
            "province": pop.province,
        }
    )
    pq.write_table(persons, tmp_path / "persons.parquet", row_group_size=500)
    pq.write_table(families, tmp_path / "families.parquet")
    again = read_parquet(tmp_path / "persons.parquet", tmp_path / "families.parquet")
    at = date(2021, 7, 1)
    a, b = evaluate(pop, at), evaluate(again, at)
    assert np.array_equal(a.total, b.total) and np.array_equal(a.stages, b.stages)
    assert np.array_equal(pop.birth, again.birth)
    bad = families.set_column(0, "desil", pa.array(np.where(np.arange(700) == 5, 12, 1)))
    pq.write_table(bad, tmp_path / "bad.parquet")
    with pytest.raises(ValidationError) as err:
        read_parquet(tmp_path / "persons.parquet", tmp_path / "bad.parquet")
    assert (err.value.field, err.value.index) == ("desil", 5)


class _Column:
    """A column object with ``to_numpy`` (as pandas Series and pyarrow arrays have)."""

    def __init__(self, values: Any) -> None:
        self.values = values

    def to_numpy(self) -> Any:
        return np.asarray(self.values)


class _Frame:
    """A minimal DataFrame-like: indexed by column name, KeyError when missing."""

    def __init__(self, **cols: Any) -> None:
        self.cols = cols

    def __getitem__(self, name: str) -> _Column:
        return _Column(self.cols[name])


def test_frame_like_input_equals_arrays() -> None:
    persons = _persons()
    frame = _Frame(**{k: list(v) for k, v in persons.items()})
    a = Population.from_columns(persons, FAMS)
    b = Population.from_columns(frame, _Frame(desil=[1, 3]))
    at = date(2021, 7, 1)
    assert evaluate(a, at).total.tolist() == evaluate(b, at).total.tolist()
    assert np.array_equal(a.birth, b.birth) and np.array_equal(a.school, b.school)
