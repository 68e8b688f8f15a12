"""Province codes in the Kemendagri and BPS systems, on a date, and the mapping between them."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dayasos.errors import ValidationError
from dayasos.law import Confidence
from dayasos.registry import (
    CodeSystem,
    Nik,
    NoKK,
    ProvinceCode,
    RegionCode,
    convert_province_code,
    province,
    province_mapping,
    provinces,
)
from dayasos.registry.regions import province_changes
from dayasos.testing import province_codes, province_days

KEM, BPS = CodeSystem.KEMENDAGRI, CodeSystem.BPS
BEFORE_SPLIT = date(2020, 3, 1)
AFTER_SPLIT = date(2023, 1, 1)
SYSTEMS = st.sampled_from([KEM, BPS])


def _all_codes() -> list[str]:
    return sorted({p.code for s in CodeSystem for p in provinces(None, s)} | {"00", "99", "92"})


# --- properties -----------------------------------------------------------------------


@given(province_days(), SYSTEMS)
def test_every_code_of_a_system_on_a_day_has_exactly_one_name(on: date, system: CodeSystem) -> None:
    table = provinces(on, system)
    codes = [p.code for p in table]
    assert len(codes) == len(set(codes))
    assert len({p.name for p in table}) == len(table)  # and no two codes share a name
    for p in table:
        assert p.system is system and p.exists_on(on)
        assert province(p.code, on, system) == p
        assert ProvinceCode(p.code, system).name(on) == p.name
    for code in set(_all_codes()) - set(codes):
        with pytest.raises(ValidationError, match="province"):
            province(code, on, system)


@given(province_days(), SYSTEMS)
def test_the_mapping_round_trips(on: date, system: CodeSystem) -> None:
    other = BPS if system is KEM else KEM
    forward = province_mapping(on, source=system, target=other)
    back = province_mapping(on, source=other, target=system)
    assert {v: k for k, v in forward.items()} == back
    for code, mapped in forward.items():
        assert convert_province_code(mapped, source=other, target=system, on=on) == code
        pc = ProvinceCode(code, system)
        assert pc.to(other, on).to(system, on) == pc


@given(province_days())
def test_both_codes_of_a_province_map_to_each_other(on: date) -> None:
    bps_by_name = {p.name: p for p in provinces(on, BPS)}
    for kem in provinces(on, KEM):
        bps = bps_by_name.get(kem.name)
        if bps is None:
            # only the four provinces created in 2022 have no BPS code in the table
            assert kem.code in {"93", "94", "95", "96"} and kem.since is not None
            with pytest.raises(ValidationError, match="has no BPS code"):
                convert_province_code(kem.code, source=KEM, target=BPS, on=on)
            continue
        assert convert_province_code(kem.code, source=KEM, target=BPS, on=on) == bps.code
        assert convert_province_code(bps.code, source=BPS, target=KEM, on=on) == kem.code
    assert {p.name for p in provinces(on, BPS)} <= {p.name for p in provinces(on, KEM)}


@given(province_days(), SYSTEMS)
def test_a_day_sees_the_provinces_created_by_then(on: date, system: CodeSystem) -> None:
    names = {p.name for p in provinces(on, system)}
    every = {p.name: p for p in provinces(None, system)}
    assert names == {n for n, p in every.items() if p.since is None or p.since <= on}


@given(st.data(), province_days())
def test_a_drawn_code_converts_and_back_when_it_has_a_counterpart(
    data: st.DataObject, on: date
) -> None:
    code = data.draw(province_codes(on=on))
    other = BPS if code.system is KEM else KEM
    name = code.name(on)
    try:
        there = code.to(other, on)
    except ValidationError:
        assert code.system is KEM and province(code.code, on).since is not None
        return
    assert there.name(on) == name and there.to(code.system, on) == code


# --- examples ---------------------------------------------------------------------------


def test_papua_is_kemendagri_91_and_bps_94() -> None:
    for on in (BEFORE_SPLIT, AFTER_SPLIT, None):
        assert province("91", on, KEM).name == "Papua"
        assert province("94", on, BPS).name == "Papua"
        assert convert_province_code("91", source=KEM, target=BPS, on=on) == "94"
        assert convert_province_code("94", source=BPS, target=KEM, on=on) == "91"
    assert ProvinceCode("91").to(BPS, BEFORE_SPLIT) == ProvinceCode("94", BPS)


def test_papua_barat_is_kemendagri_92_and_bps_91() -> None:
    for on in (BEFORE_SPLIT, AFTER_SPLIT, None):
        assert province("92", on, KEM).name == "Papua Barat"
        assert province("91", on, BPS).name == "Papua Barat"
        assert convert_province_code("92", source=KEM, target=BPS, on=on) == "91"
        assert convert_province_code("91", source=BPS, target=KEM, on=on) == "92"
    with pytest.raises(ValidationError, match="not a BPS province code"):
        province("92", BEFORE_SPLIT, BPS)


def test_kalimantan_utara_is_65_in_both_systems() -> None:
    for system in CodeSystem:
        p = province("65", BEFORE_SPLIT, system)
        assert p.name == "Kalimantan Utara" and p.verified
        assert p.since == date(2012, 11, 16)
    assert convert_province_code("65", source=KEM, target=BPS, on=BEFORE_SPLIT) == "65"
    # the table starts with Kalimantan Utara: earlier days are refused, never guessed
    with pytest.raises(ValidationError, match="on: is before 2012-11-16"):
        province("65", date(2012, 11, 15), KEM)


def test_the_same_code_names_different_provinces_in_the_two_systems() -> None:
    assert ProvinceCode("91", KEM).name(BEFORE_SPLIT) == "Papua"
    assert ProvinceCode("91", BPS).name(BEFORE_SPLIT) == "Papua Barat"
    assert ProvinceCode("94", BPS).name(AFTER_SPLIT) == "Papua"
    assert ProvinceCode("94", KEM).name(AFTER_SPLIT) == "Papua Tengah"
    with pytest.raises(ValidationError, match="not a Kemendagri province code on 2020-03-01"):
        ProvinceCode("94", KEM).name(BEFORE_SPLIT)


def test_the_2022_split() -> None:
    assert len(provinces(BEFORE_SPLIT)) == len(provinces(BEFORE_SPLIT, BPS)) == 34
    assert len(provinces(date(2022, 7, 24))) == 34
    assert len(provinces(date(2022, 7, 25))) == 37
    assert len(provinces(date(2022, 12, 8))) == len(provinces()) == 38
    assert len(provinces(AFTER_SPLIT, BPS)) == 34  # new provinces' BPS codes: unknown here
    new = {p.code: p for p in provinces(AFTER_SPLIT) if p.since and p.since.year == 2022}
    assert {c: p.name for c, p in new.items()} == {
        "93": "Papua Selatan",
        "94": "Papua Tengah",
        "95": "Papua Pegunungan",
        "96": "Papua Barat Daya",
    }
    for p in new.values():
        assert p.confidence is Confidence.MEDIUM and not p.verified
        assert p.basis is not None and "300.2.2-2430" in p.basis.instrument
    assert province_changes() == (date(2012, 11, 16), date(2022, 7, 25), date(2022, 12, 8))


def test_every_code_has_a_public_source_and_no_notes_citation() -> None:
    for system in CodeSystem:
        for p in provinces(None, system):
            assert p.basis is not None
            text = " ".join(
                x or "" for x in (p.note, p.basis.instrument, p.basis.note, p.basis.url)
            )
            for banned in ("shared/", "social-aid", "the facts", "stdnum"):
                assert banned not in text


def test_code_system_and_province_code_values() -> None:
    assert CodeSystem.parse(" Kemendagri ") is KEM and CodeSystem.parse(BPS) is BPS
    with pytest.raises(ValidationError, match="system"):
        CodeSystem.parse("iso")
    assert str(ProvinceCode("91", "bps")) == "BPS 91"
    assert repr(ProvinceCode("91")) == "ProvinceCode('91', CodeSystem.KEMENDAGRI)"
    assert ProvinceCode("91", KEM) != ProvinceCode("91", BPS)
    for bad in ("9", "910", "9a", 91):
        with pytest.raises(ValidationError, match="province: must be a 2-digit code"):
            ProvinceCode(bad)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="on: must be a date"):
        provinces("2020-01-01")  # type: ignore[arg-type]


def test_registry_identities_use_kemendagri_codes() -> None:
    region = RegionCode.parse("91.71")  # KOTA JAYAPURA
    assert region.province.name == "Papua"
    assert region.province_code == ProvinceCode("91", KEM)
    assert RegionCode.parse("92.71").province.name == "Papua Barat"  # KOTA SORONG
    assert Nik.parse("9171015708450001").issuing_region.province.name == "Papua"
    assert NoKK.parse("9601012009000001").reveal().startswith("96")


def test_dates_of_new_provinces_have_their_laws() -> None:
    for p in provinces(None, KEM):
        if p.since is None:
            assert p.since_basis is None
        else:
            assert p.since_basis is not None and "Undang-Undang" in p.since_basis.instrument
            assert p.since_basis.url is not None


_HEAD = """covers_from = 2012-11-16
[defaults]
confidence = "H"
source = "s"
bps_confidence = "H"
bps_source = "s"
[sources.s]
instrument = "a table"
"""


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        (
            '[[province]]\nname = "A"\nkemendagri = "91"\n[[province]]\nname = "B"\nkemendagri = "91"\n',
            "Kemendagri code 91 is given to both A and B",
        ),
        ('[[province]]\nname = "A"\nbps = "91"\n', "A: every province needs its Kemendagri code"),
        ('[[province]]\nname = "A"\nkemendagri = "9"\n', "A: a province code must be two digits"),
        (
            '[[province]]\nname = "A"\nkemendagri = "11"\nsince = 2010-01-01\n',
            "A: since must be a TOML date on or after covers_from",
        ),
        (
            '[[province]]\nname = "A"\nkemendagri = "11"\nsince = 2013-01-01\n',
            "A: since and since_source go together",
        ),
        ('[[province]]\nname = "A"\nkemendagri = "11"\nconfidence = "X"\n', "confidence"),
        ('[[province]]\nname = "A"\nkemendagri = "11"\nsource = "t"\n', "'t'"),
    ],
)
def test_a_broken_province_file_is_refused_with_the_problem(rows: str, problem: str) -> None:
    from dayasos.errors import ParameterFileError
    from dayasos.registry.province_table import parse_province_table

    with pytest.raises(ParameterFileError, match=r"provinces\.toml") as info:
        parse_province_table(_HEAD + rows)
    assert problem in str(info.value)
