"""``dayasos simulate``: the summary agrees with the column-wise results."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from dayasos.cli import main
from dayasos.money import Rupiah
from dayasos.parameters import load_parameters
from dayasos.population import evaluate, synthetic_population
from dayasos.population.simulate import cost_by_component

AT = date(2021, 7, 1)


def test_simulate_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", "--families", "600", "--seed", "3"]) == 0
    out, err = capsys.readouterr()
    pop = synthetic_population(600, seed=3, at=AT)  # weighted to pkh.target_kpm
    r = evaluate(pop, AT)
    kpm = round(float(pop.weight[r.eligible].sum()))
    assert f"KPM (eligible families): {kpm:,} (sample: {int(r.eligible.sum()):,})" in out
    cost = round(float(np.dot(r.total.astype(np.float64), pop.weight)))
    assert f"total cost: {Rupiah(cost)}" in out
    assert f"weighting: {pop.weight_basis}" in out
    assert "by province" in out and "by component" in out and "sd" in out
    assert "[simulate] generating" in err


def test_cost_by_component_adds_up() -> None:
    params = load_parameters()
    for at in (date(2019, 3, 1), AT, date(2020, 6, 1)):
        r = evaluate(synthetic_population(800, seed=9, at=at), at, params)
        rows = cost_by_component(r, params)
        assert sum(a for _, a in rows.values()) == int(r.total.sum())
        assert sum(n for k, (n, _) in rows.items() if k != "bantuan tetap") == int(
            r.counted().sum()
        )


def test_simulate_with_a_reform_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "cap3.toml"
    f.write_text(
        '[reform]\nname = "cap 3"\n\n[[override]]\nparameter = "pkh.cap.persons"\n'
        "from = 2021-01-01\nvalue = 3\n",
        encoding="utf-8",
    )
    assert main(["simulate", "--families", "400", "--reform", str(f)]) == 0
    out = capsys.readouterr().out
    assert "reform: KPM" in out and "winners 0," in out and "cost_reform" in out
    f.write_text(
        '[reform]\nname = "x"\n\n[[override]]\nparameter = "pkh.nope"\n'
        "from = 2021-01-01\nvalue = 3\n",
        encoding="utf-8",
    )
    assert main(["simulate", "--families", "10", "--reform", str(f)]) == 1
    assert "pkh.nope" in capsys.readouterr().err


def test_simulate_without_numpy_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "dayasos.population.simulate", None)
    assert main(["simulate", "--families", "10"]) == 1
    assert "dayasos[fast]" in capsys.readouterr().err


def test_simulate_through_a_sqlite_registry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "registry.db"
    assert main(["simulate", "--families", "300", "--seed", "4", "--store-synthetic", str(db)]) == 0
    stored = capsys.readouterr()
    assert "storing them in the registry" in stored.err
    assert main(["simulate", "--registry", str(db)]) == 0
    out = capsys.readouterr().out
    flat = synthetic_population(300, seed=4, at=AT)
    r = evaluate(flat, AT)
    # the registry keeps no akses areas: the same KPM; the cost of families outside them
    assert f"KPM (eligible families): {int(r.eligible.sum()):,}" in out
    assert "Kemendagri province code" in out
    assert out.split("\n", 1)[1] == stored.out.split("\n", 1)[1]
    assert main(["simulate", "--registry", str(tmp_path / "missing.db")]) == 1
    assert "registry file not found" in capsys.readouterr().err
