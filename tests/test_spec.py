"""The programme specs: checked against the shipped parameters, and each evaluated the same way
by the per-family interpreter and the column-wise compiler (tests generated from the specs)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dayasos.categories import Programme as ProgrammeCode
from dayasos.cli import main
from dayasos.eligibility.pkh import PkhComponent, candidate_components, component_of
from dayasos.eligibility.pkh.spec import PKH
from dayasos.eligibility.pkh.tables import date_table
from dayasos.eligibility.programmes import (
    HOUSEHOLD_PROGRAMMES,
    ProgrammeKpm,
    household_eligibility,
    household_entitlement,
)
from dayasos.eligibility.spec import (
    AgeAtMost,
    Component,
    CriterionCode,
    Enrolled,
    Programme,
)
from dayasos.eligibility.spec.household import HouseholdProgramme, InForce, KpmFlag, Once
from dayasos.errors import ValidationError
from dayasos.parameters import load_parameters
from dayasos.population import evaluate_programme, programme_spec, synthetic_population
from dayasos.testing import pkh_members

PARAMS = load_parameters()
SPECS = sorted(HOUSEHOLD_PROGRAMMES)
YEARS = st.dates(date(2018, 1, 1), date(2024, 12, 31))


def test_every_shipped_spec_names_only_existing_parameters() -> None:
    PKH.check(PARAMS)
    for spec in HOUSEHOLD_PROGRAMMES.values():
        spec.check(PARAMS)
    assert len(set(PKH.parameters())) >= 20


def test_a_typo_in_a_spec_fails_the_check() -> None:
    typo = attrs.evolve(PKH, fixed="pkh.fixed.regular")
    with pytest.raises(ValidationError, match=r"pkh\.fixed\.regular"):
        typo.check(PARAMS)
    bad = HouseholdProgramme(
        ProgrammeCode.BLT_BBM, (InForce("blt_bbm.amount"),), Once("blt_bbm.amont", "x")
    )
    with pytest.raises(ValidationError, match=r"blt_bbm\.amont"):
        bad.check(PARAMS)
    with pytest.raises(ValidationError, match=r"blt_bbm\.amont"):
        evaluate_programme(synthetic_population(3, seed=1), bad, date(2022, 9, 1))


def test_a_component_or_criterion_declared_twice_is_rejected() -> None:
    sd = Component(PkhComponent.SD, "pkh.index.sd", (AgeAtMost("x"), Enrolled(PKH_LEVEL)))
    with pytest.raises(ValidationError, match="declared twice"):
        attrs.evolve(PKH, components=(sd, sd))
    with pytest.raises(ValidationError, match="declared twice"):
        attrs.evolve(PKH, criteria=(PKH.criteria[0], PKH.criteria[0]))


PKH_LEVEL = PKH.components[2].when[1].level  # type: ignore[union-attr]


def test_criterion_codes_are_the_strings_of_the_decision() -> None:
    from dayasos.eligibility.pkh import PkhFamily, eligibility

    d = eligibility(PkhFamily("f", []), date(2021, 7, 1))
    assert [c.code for c in d.criteria] == [k.value for k in CriterionCode]
    assert d.criterion(CriterionCode.COMPONENT) is d.criterion("component")


def test_an_unknown_programme_or_flag_is_named() -> None:
    pop = synthetic_population(3, seed=1)
    with pytest.raises(ValidationError, match="unknown programme 'sembak'"):
        programme_spec("sembak")
    with pytest.raises(ValidationError, match=r"flags\.enroled"):
        evaluate_programme(pop, "bst", date(2020, 5, 1), flags={"enroled": np.ones(3, bool)})
    with pytest.raises(ValidationError, match=r"flags\.enrolled"):
        evaluate_programme(pop, "bst", date(2020, 5, 1), flags={"enrolled": np.ones(2, bool)})
    with pytest.raises(ValidationError, match="attribute"):
        KpmFlag("x", "registered", "a", "b")


@settings(max_examples=60, deadline=None)
@given(st.data(), YEARS)
def test_pkh_reference_interpreter_equals_the_compiled_rank(data: st.DataObject, at: date) -> None:
    """The spec read predicate by predicate (candidates) and compiled (rank): same component."""
    m = data.draw(pkh_members(born_before=date(2025, 12, 31)))
    cands = candidate_components(m, at)
    got = component_of(m, at)
    if not cands:
        assert got is None
        return
    y = date_table(PARAMS, at).year
    assert got == min(cands, key=lambda c: y.rank[c])


@pytest.mark.parametrize("name", SPECS)
@settings(max_examples=25, deadline=None)
@given(
    at=YEARS,
    seed=st.integers(0, 2**16),
    n=st.integers(0, 12),
    draw_flags=st.data(),
)
def test_household_programme_per_family_equals_column_wise(
    name: str, at: date, seed: int, n: int, draw_flags: st.DataObject
) -> None:
    spec = HOUSEHOLD_PROGRAMMES[name]
    pop = synthetic_population(n, seed=seed, at=at, calibrate_weights=False)
    bools = st.lists(st.booleans(), min_size=n, max_size=n)
    flags = {
        k: np.array(draw_flags.draw(bools), dtype=bool)
        for k in ("enrolled", "in_sembako", "in_pkh")
        if draw_flags.draw(st.booleans())
    }
    r = evaluate_programme(pop, spec, at, PARAMS, flags)
    for i in range(n):
        kw = {k: bool(v[i]) for k, v in flags.items()}
        kpm = ProgrammeKpm(f"f{i}", **kw)
        e = household_entitlement(spec, kpm, at, PARAMS)
        assert bool(r.eligible[i]) == e.eligibility.outcome
        assert household_eligibility(spec, kpm, at, PARAMS) == e.eligibility
        want = 0 if e.amount is None else e.amount.amount
        assert int(r.total[i]) == want
    assert r.cost() == int(r.total.sum())
    assert sum(k for k, _ in r.by_province().values()) == pytest.approx(r.kpm())


def test_household_examples() -> None:
    pop = synthetic_population(10, seed=3, calibrate_weights=False)
    sembako = evaluate_programme(pop, "sembako", date(2021, 7, 1))
    assert sembako.cost() == 10 * 2_800_000
    bst = evaluate_programme(pop, "bst", date(2020, 5, 1))
    assert bst.amount is not None and bst.amount.amount == 3_600_000
    none = evaluate_programme(pop, "bst_sembako_non_pkh", date(2020, 8, 1))
    assert none.kpm() == 0  # nobody is marked a Sembako KPM
    some = evaluate_programme(
        pop,
        "bst_sembako_non_pkh",
        date(2020, 8, 1),
        flags={"in_sembako": np.ones(10, bool), "in_pkh": np.arange(10) < 4},
    )
    assert some.kpm() == 6 and some.cost() == 6 * 500_000
    outside = evaluate_programme(pop, "blt_bbm", date(2019, 1, 1))
    assert outside.kpm() == 0 and outside.amount is None


def test_spec_programme_is_a_frozen_value() -> None:
    assert isinstance(PKH, Programme)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        PKH.code = "X"  # type: ignore[misc]


def test_simulate_programme_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["simulate", "--families", "300", "--at", "2021-07-01", "--programme", "sembako"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Program Sembako" in out and "Rp2.800.000" in out and "by province" in out
    f = tmp_path / "double.toml"
    f.write_text(
        '[reform]\nname = "double"\n\n[[override]]\nparameter = "sembako.amount"\n'
        "from = 2021-01-01\nvalue = 400000\n",
        encoding="utf-8",
    )
    assert main([*args, "--reform", str(f), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["reform_cost"] > data["cost"] > 0
    assert sum(r["cost"] for r in data["by_province"]) == pytest.approx(data["cost"], abs=40)
    assert main([*args, "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("province,province_name,kpm,cost")
    assert main([*args[:-1], "sembak"]) == 1
    assert "unknown programme 'sembak'" in capsys.readouterr().err
    assert main([*args, "--plot", str(tmp_path / "x.png")]) == 1
    assert "pkh only" in capsys.readouterr().err


def test_pkh_component_amounts_are_the_index_parameters() -> None:
    for comp in PKH.components:
        assert isinstance(comp.kind, PkhComponent)
        assert comp.amount == comp.kind.index_parameter
    assert [c.kind for c in PKH.components] == list(PkhComponent)
