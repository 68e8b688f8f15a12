"""Reform comparison over a population: change and cause agree with the per-family API."""

from __future__ import annotations

from datetime import date

import pytest

from dayasos.eligibility.pkh import LineReason, entitlement
from dayasos.errors import UnknownParameterWarning, ValidationError
from dayasos.parameters import load_parameters
from dayasos.periods import age
from dayasos.population import (
    CAUSE_AMOUNTS,
    CAUSE_COMPONENTS,
    CAUSE_ELIGIBILITY,
    compare,
    synthetic_population,
)

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


def test_the_two_thread_comparison_equals_the_serial_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """Large populations evaluate the baseline and the reform in two threads: same results."""
    import dayasos.population.reform as reform_module

    reform = BASE.with_value("pkh.index.sd", 1_200_000, start=START, reform="sd")
    pop = synthetic_population(3000, seed=9)
    serial = compare(pop, AT, BASE, reform, warn=False)
    monkeypatch.setattr(reform_module, "_PARALLEL_PERSONS", 1)
    threaded = compare(pop, AT, BASE, reform, warn=False)
    assert (threaded.change == serial.change).all() and (threaded.cause == serial.cause).all()
    assert (threaded.baseline.total == serial.baseline.total).all()
    assert threaded.changed_parameters == serial.changed_parameters == ("pkh.index.sd",)
