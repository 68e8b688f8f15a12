"""The poor population table (BPS codes) and the province codes of synthetic populations and
``dayasos simulate`` (Kemendagri codes, the registry's system)."""

from __future__ import annotations

import re
from datetime import date
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dayasos.cli import main
from dayasos.law import Confidence
from dayasos.population import synthetic_population
from dayasos.registry import CodeSystem, ProvinceCode, province, provinces
from dayasos.statistics import (
    poor_population_2020,
    poor_population_2020_date,
    poor_population_2020_source,
)

ON = poor_population_2020_date()
ISLANDS = {
    "sumatera": Fraction(5840),
    "jawa": Fraction(14050),
    "bali_nusa_tenggara": Fraction(2030),
    "kalimantan": Fraction("969.64"),
    "sulawesi": Fraction(2000),
    "maluku_papua": Fraction(1520),
}


def _figure(name: str):  # type: ignore[no-untyped-def]
    return next(p for p in poor_population_2020() if p.name == name)


def test_figures_carry_bps_codes_and_their_kemendagri_codes() -> None:
    table = poor_population_2020()
    assert poor_population_2020_date() == date(2020, 3, 1)
    assert len(table) == 34 and len({p.code for p in table}) == 34
    assert {p.code for p in table} == {p.code for p in provinces(ON, CodeSystem.BPS)}
    assert {p.kemendagri_code for p in table} == {p.code for p in provinces(ON)}
    for p in table:
        assert p.system is CodeSystem.BPS and p.province_code == ProvinceCode(p.code, "bps")
        assert province(p.code, ON, CodeSystem.BPS).name == p.name
        assert province(p.kemendagri_code, ON, CodeSystem.KEMENDAGRI).name == p.name
    papua, barat = _figure("Papua"), _figure("Papua Barat")
    assert (papua.code, papua.kemendagri_code) == ("94", "91")
    assert (barat.code, barat.kemendagri_code) == ("91", "92")
    kaltara = _figure("Kalimantan Utara")
    assert (kaltara.code, kaltara.kemendagri_code, kaltara.thousands) == (
        "65",
        "65",
        Fraction("51.79"),
    )


def test_reported_figures_with_their_own_sources() -> None:
    for name, value, publisher in (
        ("DKI Jakarta", "480", "Liputan6.com"),
        ("Papua", "911.37", "Pasific Pos"),
        ("Papua Barat", "208.58", "Republika"),
    ):
        p = _figure(name)
        assert p.thousands == Fraction(value) and not p.estimated
        assert p.source is not None and p.source.publisher == publisher
        assert p.source.url is not None and p.source.url.startswith("https://")
    assert _figure("Papua Barat").source.published == date(2020, 7, 16)  # type: ignore[union-attr]
    basis, confidence = poor_population_2020_source()
    assert confidence is Confidence.MEDIUM
    texts = [basis.note or "", basis.cite()]
    texts += [
        p.source.reference() + (p.source.note or "") for p in poor_population_2020() if p.source
    ]
    for text in texts:
        for banned in ("shared/", "social-aid", "the facts", "worked example"):
            assert banned not in text


def test_island_totals_hold_and_estimates_share_the_rest_equally() -> None:
    table = poor_population_2020()
    for island, total in ISLANDS.items():
        rows = [p for p in table if p.island == island]
        assert sum(p.thousands for p in rows) == total
        estimates = {p.thousands for p in rows if p.estimated}
        assert len(estimates) <= 1
    assert sum(p.estimated for p in table) == 21
    # Jawa: 14,050 less the four reported provinces, shared by DI Yogyakarta and Banten
    assert _figure("Banten").thousands == _figure("DI Yogyakarta").thousands == 625
    assert _figure("Banten").estimated and _figure("Maluku").estimated
    assert _figure("Maluku").thousands == Fraction("313.68")


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 400), st.integers(0, 2**16))
def test_synthetic_provinces_are_kemendagri_codes_of_the_statistics(
    families: int, seed: int
) -> None:
    pop = synthetic_population(families, seed=seed, at=date(2021, 7, 1))
    drawn = set(np.unique(pop.province).tolist())
    kemendagri = {int(p.kemendagri_code) for p in poor_population_2020()}
    assert drawn <= kemendagri
    assert 94 not in drawn  # Kemendagri 94 is Papua Tengah, created in 2022


def test_synthetic_draws_in_proportion_to_the_statistics() -> None:
    pop = synthetic_population(60_000, seed=11, at=date(2021, 7, 1))
    counts = np.bincount(pop.province, minlength=256)
    table = poor_population_2020()
    total = sum(p.thousands for p in table)
    for p in table:
        expected = float(p.thousands / total)
        share = counts[int(p.kemendagri_code)] / pop.n_families
        assert abs(share - expected) < 0.01, p.name
    # Papua (Kemendagri 91) is drawn with Papua's weight, not Papua Barat's
    assert counts[91] > 3 * counts[92]


def _province_rows(out: str) -> dict[int, str]:
    rows = {}
    for line in out.splitlines():
        m = re.match(r"^\s+(\d{2}) (\S.*?)\s{2,}[\d,]+\s", line)
        if m:
            rows[int(m.group(1))] = m.group(2).strip()
    return rows


def test_simulate_labels_provinces_by_their_kemendagri_names(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["simulate", "--families", "3000", "--seed", "2"]) == 0
    out = capsys.readouterr().out
    assert "Kemendagri province code, names on 2021-07-01" in out
    rows = _province_rows(out)
    assert rows[91] == "Papua" and rows[92] == "Papua Barat" and 94 not in rows
    assert rows[65] == "Kalimantan Utara" and rows[31] == "DKI Jakarta"


def test_a_2020_population_read_from_a_registry_keeps_its_province_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "registry.db"
    args = ["simulate", "--families", "1500", "--seed", "5", "--at", "2020-07-01"]
    assert main([*args, "--store-synthetic", str(db)]) == 0
    stored = _province_rows(capsys.readouterr().out)
    for on in ("2020-07-01", "2023-07-01"):
        assert main(["simulate", "--registry", str(db), "--at", on]) == 0
        rows = _province_rows(capsys.readouterr().out)
        assert rows[91] == "Papua" and rows[92] == "Papua Barat" and 94 not in rows
        assert rows == stored


def test_the_reform_comparison_labels_provinces_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "cap3.toml"
    f.write_text(
        '[reform]\nname = "cap 3"\n\n[[override]]\nparameter = "pkh.cap.persons"\n'
        "from = 2021-01-01\nvalue = 3\n",
        encoding="utf-8",
    )
    assert main(["simulate", "--families", "3000", "--seed", "2", "--reform", str(f)]) == 0
    out = capsys.readouterr().out
    assert "reform: KPM" in out
    rows = _province_rows(out)
    assert rows[91] == "Papua" and rows[92] == "Papua Barat" and 94 not in rows
