"""The column-wise PKH equals the per-family API, family by family and field by field."""

from __future__ import annotations

from datetime import date
from unittest import mock

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dayasos.eligibility.pkh import LineReason, PkhFamily, PkhStatus, entitlement
from dayasos.parameters import load_parameters
from dayasos.population import (
    COMPONENT_CODES,
    NO_COMPONENT,
    Population,
    counting,
    evaluate,
    kernel,
)
from dayasos.testing import pkh_crowded_families, pkh_family_lists, populations

PARAMS = load_parameters()
REFORM = (
    PARAMS.with_value("pkh.cap.persons", 2, start=date(2021, 1, 1), reform="cap2")
    .with_value("pkh.index.sd", 3_000_000, start=date(2021, 1, 1), reform="cap2")
    .with_value("pkh.age.lanjut_usia.min", 60, start=date(2021, 1, 1), reform="cap2")
    .with_value("pkh.eligibility.max_desil", 4, start=date(2021, 1, 1), reform="cap2")
)
BIG_CAP = PARAMS.with_value("pkh.cap.persons", 8, start=date(2021, 1, 1), reform="cap8")
ONE_AUD = PARAMS.with_value(
    "pkh.anak_usia_dini.max_children", 1, start=date(2021, 1, 1), reform="aud1"
).with_value("pkh.cap.persons", 3, start=date(2021, 1, 1), reform="aud1")
BIG_CAP_AUD3 = BIG_CAP.with_value(
    "pkh.anak_usia_dini.max_children", 3, start=date(2021, 1, 1), reform="cap8"
)
DATES = [
    date(2018, 7, 1),
    date(2019, 3, 15),  # elderly 60 or over
    date(2020, 1, 6),  # stage I of 2020, elderly 70 or over from here
    date(2020, 5, 1),  # a monthly payment of 2020
    date(2021, 2, 28),
    date(2025, 6, 1),  # decile threshold not yet known to apply
    date(2025, 12, 15),  # desil 1-4 (Kepmensos 79/HUK/2025)
]


def _young_families(at: date) -> st.SearchStrategy[list[PkhFamily]]:
    """1-4 crowded families (young children, members aged 55-80), some not active."""
    status = st.sampled_from([PkhStatus.AKTIF] * 3 + [PkhStatus.GRADUASI])
    fam = st.tuples(pkh_crowded_families(at), status).map(
        lambda fs: attrs.evolve(fs[0], status=fs[1])
    )
    return st.lists(fam, min_size=1, max_size=4)


def _check(fams: list[PkhFamily], at: date, params: object, threads: int | None = None) -> None:
    pop = Population.from_families(fams)
    r = evaluate(pop, at, params, threads=threads)  # type: ignore[arg-type]
    comp = r.component()
    counted = r.counted()
    row = 0
    for i, f in enumerate(fams):
        e = entitlement(f, at, params)  # type: ignore[arg-type]
        assert bool(r.eligible[i]) == e.eligibility.outcome
        assert int(r.total[i]) == e.total.amount
        assert int(r.fixed[i]) == e.fixed.amount
        assert [int(a) for a in r.stages[i]] == [s.amount.amount for s in e.stages]
        assert r.stage_starts == tuple(s.start for s in e.stages)
        lines = {line.member_id: line for line in e.members}
        for m in f.members:
            line = lines[m.member_id]
            code = int(comp[row])
            assert (None if code == NO_COMPONENT else COMPONENT_CODES[code]) == line.component
            assert bool(counted[row]) == (line.reason is LineReason.COUNTED)
            row += 1
        n_with = sum(1 for line in e.members if line.component is not None)
        assert int(r.n_components[i]) == n_with
        counts = r.component_counts()[i]
        for c, k in zip(COMPONENT_CODES, counts, strict=True):
            assert int(k) == sum(1 for line in e.members if line.component is c)


@pytest.mark.parametrize("at", DATES)
@settings(max_examples=40, deadline=None)
@given(fams=pkh_family_lists())
def test_equal_to_per_family_api(at: date, fams: list[PkhFamily]) -> None:
    _check(fams, at, PARAMS)


@pytest.mark.parametrize("at", DATES[1:])
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_equal_with_many_young_children_and_elderly(at: date, data: st.DataObject) -> None:
    _check(data.draw(_young_families(at)), at, PARAMS)


@pytest.mark.parametrize(
    "reform", [REFORM, BIG_CAP, ONE_AUD, BIG_CAP_AUD3], ids=["cap2", "cap8", "aud1", "cap8-aud3"]
)
@settings(max_examples=40, deadline=None)
@given(fams=pkh_family_lists() | _young_families(date(2021, 7, 1)), day=st.integers(0, 364))
def test_equal_under_a_reform(reform: object, fams: list[PkhFamily], day: int) -> None:
    at = date.fromordinal(date(2021, 1, 1).toordinal() + day)
    _check(fams, at, reform)


@pytest.mark.parametrize("block", [1, 2, 3])
@settings(max_examples=25, deadline=None)
@given(
    fams=pkh_family_lists(8) | _young_families(date(2021, 7, 1)),
    day=st.integers(0, 364),
    params=st.sampled_from([PARAMS, REFORM, BIG_CAP]),
)
def test_equal_in_small_blocks_on_two_threads(
    block: int, fams: list[PkhFamily], day: int, params: object
) -> None:
    """The kernel counts a block of families at a time, the blocks shared by two threads:
    blocks of one to three families (block edges everywhere, empty families, the sparse
    disability and pregnancy rows on either side) give the per-family API's results."""
    at = date.fromordinal(date(2021, 1, 1).toordinal() + day)
    with (
        mock.patch.object(counting, "_BLOCK", block),
        mock.patch.object(kernel, "_BLOCK", block),
    ):
        _check(fams, at, params, threads=2)


@settings(max_examples=20, deadline=None)
@given(pop=populations())
def test_population_strategy_round_trips(pop: Population) -> None:
    again = Population.from_families([pop.to_family(i) for i in range(pop.n_families)])
    for name in ("family", "birth", "sex", "pregnant", "school", "disability", "desil"):
        assert np.array_equal(getattr(pop, name), getattr(again, name))
    r = evaluate(pop, date(2021, 7, 1))
    assert (r.stages.sum(axis=1) == r.total).all()
