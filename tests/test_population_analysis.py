"""Policy analysis: weights and their calibration, the synthetic desil model, the unknown-
parameter warning, breakdowns by any keys, tidy tables, charts, the CLI and progress."""

from __future__ import annotations

import csv
import io
import itertools
import json
import warnings
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dayasos.cli import main
from dayasos.errors import UnknownParameterWarning, ValidationError
from dayasos.parameters import load_parameters
from dayasos.population import (
    Population,
    SyntheticAssumptions,
    compare,
    evaluate,
    synthetic_population,
)
from dayasos.population import plot as charts
from dayasos.population.groups import (
    FAMILY_KEYS,
    family_table,
    province_names,
    result_to_dataframe,
    summarize,
    unknown_parameters,
)
from dayasos.population.progress import dask_progress, terminal_progress
from dayasos.population.weights import KPM_TARGET_PARAMETER, calibrate, kpm_target_of
from dayasos.statistics import poor_population_2020

AT = date(2021, 7, 1)
BASE = load_parameters()
START = date(2021, 1, 1)
SD = BASE.with_value("pkh.index.sd", 1_200_000, start=START, reform="sd")
WEIGHTED = synthetic_population(3000, seed=5, kpm_target=10_000_000)
FLAT = synthetic_population(3000, seed=5, calibrate_weights=False)


def _quiet_compare(pop: Population, base: Any = BASE, reform: Any = SD) -> Any:
    return compare(pop, AT, base, reform, warn=False)


# ---------------------------------------------------------------- weights


@settings(max_examples=15, deadline=None)
@given(
    target=st.integers(min_value=1, max_value=20_000_000),
    seed=st.integers(min_value=0, max_value=2**16),
)
def test_calibration_hits_the_target_and_the_province_shares(target: int, seed: int) -> None:
    pop = calibrate(
        synthetic_population(800, seed=seed, calibrate_weights=False), AT, kpm_target=target
    )
    eligible = evaluate(pop, AT).eligible
    assert pop.weighted and f"{target:,} KPM" in pop.weight_basis
    assert float(pop.weight[eligible].sum()) == pytest.approx(target, rel=1e-9)
    assert (pop.weight >= 0).all()
    kpm = np.bincount(pop.province[eligible], weights=pop.weight[eligible], minlength=256)
    poor = {int(p.kemendagri_code): float(p.thousands) for p in poor_population_2020()}
    present = [c for c in poor if kpm[c] > 0]
    total_poor = sum(poor[c] for c in present)
    for code in present:
        assert kpm[code] / target == pytest.approx(poor[code] / total_poor, rel=1e-9)
    # one weight per province
    for code in present:
        assert np.ptp(pop.weight[pop.province == code]) == 0


def test_unweighted_unless_a_target_is_known() -> None:
    assert not FLAT.weighted and (FLAT.weight == 1).all()
    assert kpm_target_of(BASE, AT)[0] is None or KPM_TARGET_PARAMETER in BASE.names("pkh.")
    with_param = BASE.with_value(KPM_TARGET_PARAMETER, 9_000_000, start=START, reform="t")
    assert kpm_target_of(with_param, AT)[0] == 9_000_000
    pop = synthetic_population(500, seed=1, params=with_param)
    assert "9,000,000 KPM" in pop.weight_basis and KPM_TARGET_PARAMETER in pop.weight_basis
    with pytest.raises(ValidationError, match="kpm_target"):
        synthetic_population(10, kpm_target=0)
    with pytest.raises(ValidationError, match="kpm_target"):
        calibrate(FLAT, AT, kpm_target=-5)


def test_with_weights_validates() -> None:
    w = FLAT.with_weights(np.full(FLAT.n_families, 2.5), "twice and a half")
    assert w.weighted and w.weight_basis == "twice and a half" and w.n_persons == FLAT.n_persons
    with pytest.raises(ValidationError, match="weight"):
        FLAT.with_weights(np.ones(3), "short")
    bad = np.ones(FLAT.n_families)
    bad[7] = -1
    with pytest.raises(ValidationError, match=r"weight \(item 7\)"):
        FLAT.with_weights(bad, "negative")
    with pytest.raises(ValidationError, match="basis"):
        FLAT.with_weights(np.ones(FLAT.n_families), " ")
    given_w = Population.from_columns(
        {"family": np.array([0, 1]), "birth": np.array([0, 0])},
        {"desil": np.array([1, 2]), "weight": np.array([3.0, 4.0])},
    )
    assert given_w.weighted and given_w.weight.tolist() == [3.0, 4.0]


# ---------------------------------------------------------------- synthetic data


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**16), n=st.integers(min_value=10, max_value=900))
def test_desil_tenths_and_poorer_large_families(seed: int, n: int) -> None:
    pop = synthetic_population(n, seed=seed, calibrate_weights=False)
    counts = np.bincount(pop.desil, minlength=11)
    assert counts[0] == 0 and counts[1:].sum() == n
    assert counts[1:].max() - counts[1:].min() <= 2  # tenths of a continuous score


def test_the_desil_depends_on_the_family_by_the_stated_assumption() -> None:
    big = synthetic_population(20_000, seed=3, calibrate_weights=False)
    mean = [big.sizes[big.desil == d].mean() for d in range(1, 11)]
    assert all(a > b for a, b in itertools.pairwise(mean))
    flat = SyntheticAssumptions(desil_size_effect=0.0, desil_dependants_effect=0.0)
    same = synthetic_population(20_000, seed=3, assumptions=flat, calibrate_weights=False)
    m = [same.sizes[same.desil == d].mean() for d in (1, 10)]
    assert abs(m[0] - m[1]) < 0.15
    rates = SyntheticAssumptions(province_poverty_rates=(("91", 0.27), ("31", 0.05)))
    poorer = synthetic_population(20_000, seed=3, assumptions=rates, calibrate_weights=False)
    assert poorer.desil[poorer.province == 91].mean() < poorer.desil[poorer.province == 31].mean()


def test_moved_rates_are_assumptions() -> None:
    a = SyntheticAssumptions(pregnancy_ages=(30, 30), pregnancy_rate=1.0, elderly_ages=(70, 71))
    pop = synthetic_population(2000, seed=2, assumptions=a, calibrate_weights=False, at=AT)
    age = (AT.toordinal() - date(1970, 1, 1).toordinal() - pop.birth) // 365
    assert pop.pregnant.any() and set(age[pop.pregnant].tolist()) == {30}
    later = np.arange(pop.n_persons) - np.repeat(pop.starts, pop.sizes) >= 2
    old = later & (age >= 23)
    assert old.any() and age[old].min() >= 70 and age[old].max() <= 71
    bands = SyntheticAssumptions(school_ages=((6, 6), (7, 7), (8, 8)), enrolment_sd=1.0)
    pupils = synthetic_population(2000, seed=2, assumptions=bands, calibrate_weights=False)
    page = (AT.toordinal() - date(1970, 1, 1).toordinal() - pupils.birth) // 365
    assert set(page[pupils.school == 1].tolist()) == {6}
    for bad in (
        {"pregnancy_ages": (45, 18)},
        {"elderly_ages": (60, 130)},
        {"school_ages": ((7, 12),)},
        {"province_poverty_rates": (("9", 0.1),)},
        {"province_poverty_rates": (("94", 1.5),)},
        {"desil_size_effect": float("nan")},
    ):
        with pytest.raises(ValidationError):
            SyntheticAssumptions(**bad)  # type: ignore[arg-type]


# ---------------------------------------------------------------- unknown parameters


def test_an_unknown_parameter_warns_once_naming_it_and_the_fix() -> None:
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        compare(FLAT, AT, BASE, SD)
    assert len(seen) == 1 and issubclass(seen[0].category, UnknownParameterWarning)
    text = str(seen[0].message)
    assert "pkh.eligibility.max_desil" in text and "with_value" in text and "2021-07-01" in text
    set4 = {"start": START, "reform": "desil 1-4"}
    base4 = BASE.with_value("pkh.eligibility.max_desil", 4, **set4)
    sd4 = SD.with_value("pkh.eligibility.max_desil", 4, **set4)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        c = compare(FLAT, AT, base4, sd4)
    assert c.baseline.eligible[FLAT.desil > 4].sum() == 0
    unranked = Population.from_columns(
        {"family": np.array([0]), "birth": np.array([0])}, {"desil": np.array([0])}
    )
    assert unknown_parameters(unranked, AT, BASE) == {}


# ---------------------------------------------------------------- breakdowns

_FAMILY = [k for k in FAMILY_KEYS if k != "cause"]


@settings(max_examples=25, deadline=None)
@given(keys=st.lists(st.sampled_from([*FAMILY_KEYS]), min_size=1, max_size=3, unique=True))
def test_any_breakdown_adds_up_to_the_totals(keys: list[str]) -> None:
    c = _quiet_compare(WEIGHTED)
    t = c.by(*keys)
    w = WEIGHTED.weight
    assert float(t["families"].sum()) == pytest.approx(float(w.sum()))
    assert int(t["sample_families"].sum()) == WEIGHTED.n_families
    assert abs(int(t["change"].sum()) - c.cost()) <= len(t["families"])
    assert float(t["winners"].sum()) == pytest.approx(c.winners())
    assert int(t["sample_winners"].sum()) == c.winners(weighted=False)
    assert float(t["kpm_baseline"].sum()) == pytest.approx(c.kpm()[0])
    rows = list(zip(*(t[k].tolist() for k in keys), strict=True))
    assert len(rows) == len(set(rows))
    if "province" in keys:
        names = province_names(c.baseline.at)
        assert all(
            names[int(p)] == n for p, n in zip(t["province"], t["province_name"], strict=True)
        )


def test_two_keys_refine_one() -> None:
    c = _quiet_compare(WEIGHTED)
    one, two = c.by("desil"), c.by("province", "desil")
    for d, change in zip(one["desil"].tolist(), one["change"].tolist(), strict=True):
        part = two["change"][two["desil"] == d]
        assert abs(int(part.sum()) - change) <= part.shape[0]


def test_person_keys_count_members_and_component_amounts() -> None:
    c = _quiet_compare(FLAT)
    t = c.by("component")
    counted = c.baseline.counted()
    assert int(t["counted_baseline"].sum()) == int(counted.sum())
    fixed = int(c.baseline.fixed[c.baseline.eligible].sum())
    assert int(t["amount_baseline"].sum()) + fixed == int(c.baseline.total.sum())
    sd = t["component"].tolist().index("sd")
    assert int(t["change"][sd]) == c.cost() > 0
    assert int(t["persons"].sum()) == FLAT.n_persons
    both = c.by("sex", "desil")
    assert set(both["sex"].tolist()) == {"m", "f"}
    r = summarize(c.baseline, "school", params=BASE)
    assert int(r["persons"].sum()) == FLAT.n_persons


def test_result_tables_and_frames() -> None:
    r = evaluate(WEIGHTED, AT)
    t = summarize(r, "size_band")
    assert t["size_band"].tolist() == ["1", "2", "3-4", "5-6", "7+"]
    assert float(t["kpm"].sum()) == pytest.approx(10_000_000)
    fam = family_table(r)
    assert fam["total"].tolist() == r.total.tolist() and "province_name" in fam
    df = result_to_dataframe(r)
    assert len(df) == WEIGHTED.n_families and "stage_1" in df.columns
    assert result_to_dataframe(r, "desil")["desil"].tolist() == list(range(1, 11))
    c = _quiet_compare(WEIGHTED)
    per = c.to_dataframe()
    assert per.columns.tolist()[:2] == ["family", "weight"]
    assert (per["change"] == per["reform"] - per["baseline"]).all()
    assert set(per["cause"]) <= {"none", "amounts", "components", "eligibility"}
    assert (per.loc[per["cause"] == "amounts", "change"] > 0).all()
    by_cause = c.by("cause")
    assert "amounts" in by_cause["cause"].tolist()


def test_breakdown_errors_name_the_key() -> None:
    c = _quiet_compare(FLAT)
    with pytest.raises(ValidationError, match="kabupaten"):
        c.by("kabupaten")
    with pytest.raises(ValidationError, match="once"):
        c.by("desil", "desil")
    with pytest.raises(ValidationError, match="at least one"):
        c.by()
    with pytest.raises(ValidationError, match="cause"):
        summarize(c.baseline, "cause")
    with pytest.raises(ValidationError, match="params"):
        summarize(c.baseline, "component")


# ---------------------------------------------------------------- charts


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_rupiah_words(value: int) -> None:
    text = charts.format_rupiah(value)
    assert text.startswith("-Rp" if value < 0 else "Rp")
    size = abs(value)
    word = (
        "triliun"
        if size >= 10**12
        else "miliar"
        if size >= 10**9
        else "juta"
        if size >= 10**6
        else ""
    )
    assert text.endswith(word) if word else text.replace("-", "").replace(".", "")[2:].isdigit()
    assert "," not in text or word  # decimal comma only with a unit word


def test_charts_have_titles_axes_and_a_caption() -> None:
    c = _quiet_compare(WEIGHTED)
    figs = charts.reform_charts(c, source="synthetic test data")
    figs["by_province_of_a_result"] = charts.cost_by_province(c.baseline)
    figs["winners_by_size"] = charts.winners_and_losers(c, "size_band")
    figs["winners_by_province"] = charts.winners_and_losers(c, "province")
    for name, fig in figs.items():
        texts = [t.get_text() for t in fig.texts]
        assert fig._suptitle is not None and "PKH 2021" in fig._suptitle.get_text(), name
        caption = " ".join(texts)
        assert "Data:" in caption and "Weighting:" in caption and "10,000,000 KPM" in caption
        labels = [ax.get_xlabel() + ax.get_ylabel() for ax in fig.axes]
        money = any("Rp" in s or "rupiah" in s for s in labels)
        assert money or (name.startswith("winners") and any("Families" in s for s in labels))
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        assert buf.getvalue()[:4] == b"\x89PNG"
    caption = " ".join(t.get_text() for t in figs["change_by_decile"].texts).replace("\n", " ")
    assert "pkh.index.sd Rp900.000 -> Rp1.200.000" in caption
    with pytest.raises(ValidationError, match="family key"):
        charts.winners_and_losers(c, "component")
    with pytest.raises(ValidationError, match="differ"):
        charts.change_heatmap(c, "desil", "desil")
    grid = charts.change_heatmap(c, "size_band", "remote")
    cells = [t.get_text() for t in grid.axes[0].texts]
    t = c.by("size_band", "remote")
    assert len(cells) == len(set(t["size_band"].tolist())) * len(set(t["remote"].tolist())) == 10


# ---------------------------------------------------------------- CLI and progress


def test_cli_breakdowns_and_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["simulate", "--families", "800", "--seed", "2", "--kpm-target", "10000000"]
    assert main([*args, "--by", "desil,remote", "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0].keys() >= {"desil", "remote", "families", "kpm", "cost", "sample_families"}
    assert round(sum(float(r["kpm"]) for r in rows)) == 10_000_000
    assert "dayasos: warning: parameter 'pkh.eligibility.max_desil'" in err
    assert "\r" not in err and "%|" not in err  # no progress bar off a terminal
    reform = tmp_path / "sd.toml"
    reform.write_text(
        '[reform]\nname = "sd"\n\n[[override]]\nparameter = "pkh.index.sd"\n'
        "from = 2021-01-01\nvalue = 1200000\n",
        encoding="utf-8",
    )
    png = tmp_path / "sd.png"
    code = main([*args, "--reform", str(reform), "--format", "json", "--plot", str(png)])
    assert code == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["by"] == ["province"] and doc["totals"]["change"] > 0
    assert doc["unknown_parameters"] == ["pkh.eligibility.max_desil"]
    assert "10,000,000 KPM" in doc["weighting"]
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert main([*args, "--by", "component"]) == 0
    text = capsys.readouterr().out
    assert "by component" in text and "sample_persons" in text
    assert main([*args, "--by", "nope"]) == 1
    assert "--by" in capsys.readouterr().err


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_callbacks_and_the_terminal_bar() -> None:
    seen: list[tuple[int, int, str]] = []
    synthetic_population(200, seed=1, kpm_target=1000, progress=lambda *a: seen.append(a))
    assert all(d <= t for d, t, _ in seen) and seen[-1][0] == seen[-1][1]
    assert [d for d, _, _ in seen] == sorted(d for d, _, _ in seen)
    seen.clear()
    compare(FLAT, AT, BASE, SD, warn=False, progress=lambda *a: seen.append(a))
    assert seen[0][0] == 0 and seen[-1][:2] == (3, 3)
    assert terminal_progress(io.StringIO(), "x")[0] is None
    stream = _Tty()
    bar, close = terminal_progress(stream, "simulate")
    assert bar is not None
    bar(0, 4, "start")
    bar(4, 4, "done")
    close()
    assert "simulate" in stream.getvalue()


def test_dask_progress_counts_tasks() -> None:
    import dask

    seen: list[tuple[int, int, str]] = []
    with dask_progress(lambda *a: seen.append(a)):
        total = dask.delayed(sum)([dask.delayed(int)(i) for i in range(5)]).compute(
            scheduler="sync"
        )
    assert total == 10 and seen[-1][0] == seen[-1][1] >= 6


def test_registry_reads_report_progress() -> None:
    from dayasos.population import population_from_registry, store_population
    from dayasos.registry import MemoryStore, SQLiteStore

    small = synthetic_population(30, seed=4, calibrate_weights=False)
    store = MemoryStore()
    store_population(small, store, AT)
    seen: list[tuple[int, int, str]] = []
    population_from_registry(store, AT, progress=lambda *a: seen.append(a))
    assert [d for d, _, _ in seen] == [0, 1] and seen[-1][:2] == (1, 1)
    sql = SQLiteStore(":memory:")
    store_population(small, sql, AT)
    seen.clear()
    population_from_registry(sql, AT, progress=lambda *a: seen.append(a))
    assert seen[0][0] == 0 and seen[-1][:2] == (1, 1)


def test_weighted_components_add_up_to_the_weighted_total() -> None:
    from dayasos.population.simulate import cost_by_component, weighted_cost_by_component

    r = evaluate(WEIGHTED, AT)
    rows = weighted_cost_by_component(r, BASE)
    total = float(np.dot(r.total.astype(np.float64), WEIGHTED.weight))
    assert abs(sum(a for _, a in rows.values()) - total) <= len(rows)
    assert rows["bantuan tetap"][0] == pytest.approx(10_000_000)
    flat = evaluate(FLAT, AT)
    assert {k: (int(n), a) for k, (n, a) in weighted_cost_by_component(flat, BASE).items()} == (
        cost_by_component(flat, BASE)
    )
