"""Reform comparison over a population: change and cause agree with the per-family API."""

from __future__ import annotations

from datetime import date
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dayasos.eligibility.pkh import LineReason, entitlement
from dayasos.eligibility.pkh.tables import date_table
from dayasos.errors import UnknownParameterWarning, ValidationError
from dayasos.parameters import load_parameters
from dayasos.periods import age
from dayasos.population import (
    CAUSE_AMOUNTS,
    CAUSE_COMPONENTS,
    CAUSE_ELIGIBILITY,
    Population,
    compare,
    counting,
    evaluate,
    synthetic_population,
)
from dayasos.population.counting import counts_key
from dayasos.testing import populations

BASE = load_parameters()
AT = date(2021, 7, 1)
START = date(2021, 1, 1)


def test_changes_and_causes_match_the_per_family_api() -> None:
    reform = BASE.with_value("pkh.index.sd", 1_500_000, start=START, reform="r").with_value(
        "pkh.eligibility.max_desil", 6, start=START, reform="r"
    )
    pop = synthetic_population(400, seed=11)
    with pytest.warns(UnknownParameterWarning, match="pkh.eligibility.max_desil"):
        c = compare(pop, AT, BASE, reform)
    assert c.changed_parameters == ("pkh.eligibility.max_desil", "pkh.index.sd")
    for i in range(pop.n_families):
        f = pop.to_family(i)
        before, after = entitlement(f, AT, BASE), entitlement(f, AT, reform)
        assert int(c.change[i]) == after.total.amount - before.total.amount
        flipped = before.eligibility.outcome != after.eligibility.outcome
        assert bool(c.cause[i] & CAUSE_ELIGIBILITY) == flipped
        if not flipped and before.eligibility.outcome:
            counted = [
                (m.component for m in e.members if m.reason is LineReason.COUNTED)
                for e in (before, after)
            ]
            same = sorted(map(str, counted[0])) == sorted(map(str, counted[1]))
            assert bool(c.cause[i] & CAUSE_COMPONENTS) == (not same)
            assert bool(c.cause[i] & CAUSE_AMOUNTS) == (same and int(c.change[i]) != 0)
    # an SD child costs more, desil 7-10 lose everything
    assert c.losers() > 0 and c.winners() > 0
    assert c.cost(weighted=False) == int(c.change.sum())


def test_aggregates_add_up() -> None:
    reform = BASE.with_value("pkh.cap.persons", 2, start=START, reform="cap2")
    pop = synthetic_population(1500, seed=2, calibrate_weights=False)
    c = compare(pop, AT, BASE, reform, warn=False)
    assert (c.cause & CAUSE_COMPONENTS).any() and not (c.cause & CAUSE_ELIGIBILITY).any()
    for group in ("province", "desil"):
        t = c.by(group)
        assert int(t["families"].sum()) == pop.n_families == int(t["sample_families"].sum())
        assert int(t["change"].sum()) == c.cost() < 0
        assert int(t["losers"].sum()) == c.losers() == c.losers(weighted=False)
        assert int((t["cost_reform"] - t["cost_baseline"]).sum()) == c.cost()
        assert int(t["kpm_baseline"].sum()) == int(c.baseline.eligible.sum())
    change = c.component_change()
    assert change.shape == (pop.n_families, 7) and (change <= 0).all()
    with pytest.raises(ValidationError, match="group"):
        c.by("kabupaten")


def test_to_dataframe() -> None:
    c = compare(synthetic_population(300, seed=4), AT, BASE, BASE, warn=False)
    assert (c.by("desil")["change"] == 0).all() and c.changed_parameters == ()
    df = c.to_dataframe("desil")
    assert list(df["desil"]) == list(range(1, 11))
    per_family = c.to_dataframe()
    assert len(per_family) == 300 and set(per_family["cause"]) == {"none"}
    assert not hasattr(c, "to_pandas")


def test_restoring_the_2019_elderly_age_only_adds_members_aged_60_to_69() -> None:
    """From 2020 the elderly component starts at 70; a reform back to 60 only wins: families
    with a member aged 60-69 gain a counted component (or become eligible through it)."""
    reform = BASE.with_value("pkh.age.lanjut_usia.min", 60, start=START, reform="lansia60")
    pop = synthetic_population(1500, seed=5)
    c = compare(pop, AT, BASE, reform, warn=False)
    assert c.changed_parameters == ("pkh.age.lanjut_usia.min",)
    assert c.losers(weighted=False) == 0 and c.winners(weighted=False) > 0 and c.cost() > 0
    assert not (c.cause & CAUSE_AMOUNTS).any()
    for i in map(int, (c.change > 0).nonzero()[0][:60]):
        f = pop.to_family(i)
        assert any(60 <= age(m.birth_date, AT) <= 69 for m in f.members)
        after = entitlement(f, AT, reform)
        assert int(c.change[i]) == after.total.amount - entitlement(f, AT, BASE).total.amount


AMOUNTS_ONLY = {
    "sd": BASE.with_value("pkh.index.sd", 1_200_000, start=START, reform="sd"),
    "fixed": BASE.with_value("pkh.fixed.reguler", 700_000, start=START, reform="fixed"),
    "desil": BASE.with_value("pkh.eligibility.max_desil", 3, start=START, reform="desil"),
}
"""Reforms that count every family's members alike: the members are counted once."""
RECOUNTED = {
    "cap2": BASE.with_value("pkh.cap.persons", 2, start=START, reform="cap2"),
    "lansia60": BASE.with_value("pkh.age.lanjut_usia.min", 60, start=START, reform="lansia60"),
    "aud1": BASE.with_value("pkh.anak_usia_dini.max_children", 1, start=START, reform="aud1"),
    "sd-first": BASE.with_value("pkh.index.sd", 3_500_000, start=START, reform="sd-first"),
}
"""Reforms of a bound, the cap, a limit or the priority order (an SD index above the others
puts SD first): counted for each parameter set."""


@pytest.mark.parametrize("name", [*AMOUNTS_ONLY, *RECOUNTED])
@settings(max_examples=25, deadline=None)
@given(pop=populations(8), day=st.integers(0, 364))
def test_a_comparison_equals_two_evaluations(name: str, pop: Population, day: int) -> None:
    """compare() counts the members once when the reform counts alike (amounts, stages,
    eligibility), else twice: either way its results are two evaluate() calls, field by
    field, and the causes follow from them."""
    reform = AMOUNTS_ONLY.get(name) or RECOUNTED[name]
    at = date.fromordinal(START.toordinal() + day)
    shared = counts_key(date_table(BASE, at)) == counts_key(date_table(reform, at))
    assert shared == (name in AMOUNTS_ONLY)
    c = compare(pop, at, BASE, reform, warn=False)
    want = evaluate(pop, at, BASE), evaluate(pop, at, reform)
    for got, w in zip((c.baseline, c.reform), want, strict=True):
        for field in ("rank", "n_components", "eligible", "fixed", "total", "stages", "combo"):
            assert np.array_equal(getattr(got, field), getattr(w, field)), field
        assert np.array_equal(got.take(), w.take()) and got.by_rank == w.by_rank
    base, new = want
    assert np.array_equal(c.change, new.total - base.total)
    both = base.eligible & new.eligible
    counted = [dict(zip(r.by_rank, r.take().T, strict=True)) for r in want]
    same = np.ones(pop.n_families, dtype=np.bool_)
    for comp in base.by_rank:
        same &= counted[0][comp] == counted[1][comp]
    assert np.array_equal(c.cause & CAUSE_ELIGIBILITY > 0, base.eligible != new.eligible)
    assert np.array_equal(c.cause & CAUSE_COMPONENTS > 0, both & ~same)
    assert np.array_equal(c.cause & CAUSE_AMOUNTS > 0, both & same & (c.change != 0))


def test_the_two_thread_comparison_equals_the_serial_one() -> None:
    """Large populations count on two threads: the same results as one."""
    reform = BASE.with_value("pkh.index.sd", 1_200_000, start=START, reform="sd")
    pop = synthetic_population(3000, seed=9)
    with mock.patch.object(counting, "_BLOCK", 64):
        serial = compare(pop, AT, BASE, reform, warn=False)
        with mock.patch.object(counting, "_PARALLEL_PERSONS", 1):
            threaded = compare(pop, AT, BASE, reform, warn=False)
    assert (threaded.change == serial.change).all() and (threaded.cause == serial.cause).all()
    assert (threaded.baseline.total == serial.baseline.total).all()
    assert (threaded.baseline.rank == serial.baseline.rank).all()
    assert threaded.changed_parameters == serial.changed_parameters == ("pkh.index.sd",)


@settings(max_examples=15, deadline=None)
@given(
    keys=st.lists(
        st.sampled_from(["province", "desil", "size", "cause", "remote"]),
        min_size=1,
        max_size=3,
        unique=True,
    ),
    block=st.integers(1, 7),
)
def test_a_breakdown_in_blocks_or_numbered_groups_is_the_same(keys: list[str], block: int) -> None:
    """The breakdown sums a block of families at a time, in row order: blocks of any size,
    and groups numbered when the keys have too many combinations, give the same table to the
    last bit."""
    from dayasos.population import groups
    from dayasos.population import reform as reform_module

    pop = synthetic_population(60, seed=7, kpm_target=1_000_000)
    c = compare(pop, AT, BASE, AMOUNTS_ONLY["desil"], warn=False)
    whole = c.by(*keys)
    with (
        mock.patch.object(groups, "_BLOCK", block),
        mock.patch.object(reform_module, "_BLOCK", block),
    ):
        small = compare(pop, AT, BASE, AMOUNTS_ONLY["desil"], warn=False)
        assert np.array_equal(small.change, c.change)
        for table in (small.by(*keys), *_numbered(small, keys, groups)):
            assert list(table) == list(whole)
            for name, column in whole.items():
                assert np.array_equal(table[name], column), name


def _numbered(c: object, keys: list[str], groups: object) -> list[dict[str, np.ndarray]]:
    with mock.patch.object(groups, "_MAX_BINS", 1):
        return [c.by(*keys)]  # type: ignore[attr-defined]
