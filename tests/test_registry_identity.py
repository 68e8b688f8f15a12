"""NIK, No. KK, region codes, the province table and masking."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dayasos.categories import Sex
from dayasos.errors import ValidationError
from dayasos.registry import (
    Nik,
    NoKK,
    RegionCode,
    RegionLevel,
    mask_digits,
    province,
    provinces,
)
from dayasos.testing import niks, no_kks, region_codes


def test_province_table_has_38_unique_codes() -> None:
    table = provinces()
    assert len(table) == 38
    assert len({p.code for p in table}) == 38
    assert province("31").name == "DKI Jakarta"
    assert province("95").name == "Papua Pegunungan"
    # the 2022 Papua renumbering is flagged unverified in the data file
    assert not province("96").verified


def test_nik_from_stdnum_example() -> None:
    nik = Nik.parse("3171015708450001")
    assert nik.sex is Sex.PEREMPUAN
    assert nik.birth_date(date(2020, 1, 1)) == date(1945, 8, 17)
    assert nik.issuing_region == RegionCode.parse("31.71.01")
    assert nik.check(date(1945, 8, 17), Sex.PEREMPUAN) == ()


def test_nik_century_follows_reference() -> None:
    nik = Nik.parse("3171010101100001")
    assert nik.birth_date(date(2024, 1, 1)) == date(2010, 1, 1)
    assert nik.birth_date(date(2009, 12, 31)) == date(1910, 1, 1)


def test_nik_check_reports_each_disagreement() -> None:
    nik = Nik.parse("3171011708450001")
    fields = [f.field for f in nik.check(date(1946, 9, 18), Sex.PEREMPUAN)]
    assert fields == ["birth_date", "birth_date", "birth_date", "sex"]


@pytest.mark.parametrize(
    "text",
    [
        "317101170845000",
        "31710117084500011",
        "3171011708450a01",
        "9971011708450001",
        "3171013213450001",
    ],
)
def test_invalid_nik_rejected_masked(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        Nik.parse(text)
    assert info.value.field == "nik"
    assert "170845" not in str(info.value)


def test_new_province_nik_accepted() -> None:
    # Kalimantan Utara (65) is missing from python-stdnum's table; the official table has it
    assert Nik.parse("6501011708450001").issuing_region.province.name == "Kalimantan Utara"


@given(st.text("0123456789", min_size=9, max_size=40))
def test_masking_keeps_only_first_and_last_four(digits: str) -> None:
    masked = mask_digits(digits)
    assert len(masked) == len(digits)
    assert masked[:4] == digits[:4] and masked[-4:] == digits[-4:]
    assert set(masked[4:-4]) <= {"*"}


@given(niks(), no_kks())
def test_numbers_never_shown_unmasked(nik: Nik, kk: NoKK) -> None:
    for value, digits in ((nik, nik.reveal()), (kk, kk.reveal())):
        for shown in (str(value), repr(value), f"{value}", str([value])):
            runs = re.findall(r"\d+", shown)
            assert all(len(r) <= 4 for r in runs), shown
            assert digits not in shown
    assert len(nik.reveal()) == 16


@given(niks())
def test_nik_parse_is_inverse_of_reveal(nik: Nik) -> None:
    assert Nik.parse(nik.reveal()) == nik
    assert Nik.parse(" " + nik.reveal()[:6] + "." + nik.reveal()[6:]) == nik


@given(region_codes())
def test_region_parse_roundtrip_and_parents(code: RegionCode) -> None:
    assert RegionCode.parse(str(code)) == code
    assert RegionCode.parse(code.digits) == code
    chain = code.ancestors()
    assert len(chain) == list(RegionLevel).index(code.level)
    for a in chain:
        assert code.within(a)
    if code.level is not RegionLevel.PROVINCE:
        assert code.is_kabupaten != code.is_kota


def test_region_levels_and_kinds() -> None:
    r = RegionCode.parse("33.73.04.1001")
    assert r.level is RegionLevel.DESA_KELURAHAN and r.is_kelurahan and r.is_kota
    assert r.parent == RegionCode.parse("33.73.04")
    assert RegionCode.parse("32.01.01.2001").is_desa
    assert RegionCode.parse("3201").is_kabupaten
    assert RegionCode.parse("31").parent is None


@pytest.mark.parametrize(
    "text", ["3", "99", "3170", "317100", "31.71.01.3001", "31.71.01.1000", "31.71.1", "31x71"]
)
def test_invalid_region_rejected(text: str) -> None:
    with pytest.raises(ValidationError):
        RegionCode.parse(text)


@given(
    st.text("0123456789", min_size=16, max_size=16)
    | st.builds(
        lambda n, tail: n.reveal()[:12] + tail,
        niks(),
        st.text("0123456789", min_size=4, max_size=4),
    )
)
def test_nik_acceptance_matches_python_stdnum(digits: str) -> None:
    from stdnum.id import nik as stdnum_nik

    official = {p.code for p in provinces()}
    try:
        stdnum_nik.get_birth_date(digits)
        birth_ok = True
    except Exception:
        birth_ok = False
    expected = stdnum_nik.is_valid(digits) or (birth_ok and digits[:2] in official)
    try:
        Nik(digits)
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == expected


@given(niks(), no_kks())
def test_nik_and_no_kk_share_masking_but_never_equal_each_other(nik: Nik, kk: NoKK) -> None:
    for number, kind in ((nik, "Nik"), (kk, "NoKK")):
        digits = number.reveal()
        assert repr(number) == f"{kind}({number.masked!r})" and str(number) == number.masked
        assert digits not in repr(number) and number.masked == mask_digits(digits)
        dotted = f"{digits[:4]}.{digits[4:8]}-{digits[8:12]} {digits[12:]}"
        assert type(number).parse(dotted) == number and type(number).parse(number) is number
    # the same digits as a NIK and as a No. KK are two different keys
    if nik.reveal()[:2] == kk.reveal()[:2]:
        assert NoKK.parse(nik.reveal()) != nik


def test_a_bad_number_names_its_own_field() -> None:
    with pytest.raises(ValidationError, match=r"^nik:"):
        Nik.parse("31x")
    with pytest.raises(ValidationError, match=r"^no_kk:"):
        NoKK.parse("31x")
