"""The published PKH test cases (tests/cases/pkh/*.toml) and the loader's error messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from dayasos.eligibility.pkh import check_case, load_case, parse_case
from dayasos.errors import CaseFileError

CASES = sorted((Path(__file__).parent / "cases" / "pkh").glob("*.toml"))

GOOD = """
title = "t"
date = 2021-07-01
[family]
id = "f"
[[family.members]]
id = "a"
birth_date = 2012-01-01
sex = "laki-laki"
school_level = "sd"
[expected]
total = 900000
"""


def test_cases_found() -> None:
    assert len(CASES) >= 7


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_case(path: Path) -> None:
    assert check_case(load_case(path)) == []


def test_a_wrong_expectation_is_reported_with_the_field() -> None:
    case = parse_case(GOOD.replace("900000", "900001"), "wrong.toml")
    assert check_case(case) == [
        "wrong.toml: expected.total: expected Rp900.001, got Rp900.000",
    ]


@pytest.mark.parametrize(
    ("edit", "where", "problem"),
    [
        (
            ("birth_date = 2012-01-01", 'birth_date = "2012-13-01"'),
            "family.members[0].birth_date",
            "must be a date",
        ),
        (('sex = "laki-laki"', 'sex = "x"'), "family.members[0].sex", "must be one of"),
        (
            ('school_level = "sd"', 'school_level = "tk"'),
            "family.members[0].school_level",
            "must be one of",
        ),
        (
            ("birth_date = 2012-01-01", "birthdate = 2012-01-01"),
            "family.members[0].birthdate",
            "unknown key",
        ),
        (("total = 900000", "total = 1.5"), "expected.total", "whole number of rupiah"),
        (("total = 900000", "amount = 1"), "expected.amount", "unknown key"),
        (('title = "t"', "title = 3"), "title", "non-empty text"),
        (("date = 2021-07-01", ""), "date", "is required"),
        (("[expected]\ntotal = 900000", ""), "expected", "is required"),
        (('id = "f"', 'id = "f"\ndesil = 11'), "family.desil", "from 1 to 10"),
        (
            ('id = "f"', 'id = "f"\ndesil = 2\nwelfare_decile = 2'),
            "family.welfare_decile",
            "deprecated name of desil",
        ),
        (("[family]", "[family\n"), "$", "not valid TOML"),
    ],
)
def test_malformed_files_name_file_and_field(
    edit: tuple[str, str], where: str, problem: str
) -> None:
    text = GOOD.replace(*edit)
    assert text != GOOD
    with pytest.raises(CaseFileError) as info:
        parse_case(text, "bad.toml")
    err = info.value
    assert err.file == "bad.toml"
    assert err.where == where
    assert problem in str(err)
    assert str(err).startswith(f"bad.toml: {where}")


def test_duplicate_member_ids_are_named() -> None:
    text = (
        GOOD
        + """
[[family.members]]
id = "a"
birth_date = 2013-01-01
sex = "perempuan"
"""
    )
    text = text.replace("[expected]\ntotal = 900000\n", "") + "[expected]\ntotal = 0\n"
    with pytest.raises(
        CaseFileError, match=r"bad.toml: family.members\[1\]: member_id must be unique"
    ):
        parse_case(text, "bad.toml")


def test_expected_member_must_exist() -> None:
    text = GOOD + '[[expected.members]]\nid = "zz"\n'
    with pytest.raises(CaseFileError, match=r"expected.members\[0\].id: names no member"):
        parse_case(text, "bad.toml")


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError, match="cannot be read"):
        load_case(tmp_path / "missing.toml")


def test_component_and_line_mismatches_are_reported() -> None:
    text = GOOD + '[[expected.members]]\nid = "a"\ncomponent = "none"\ncounted = false\n'
    out = check_case(parse_case(text, "c.toml"))
    assert out == [
        "c.toml: expected.members[0] (a).component: expected none, got sd",
        "c.toml: expected.members[0] (a).counted: expected False, got True",
    ]


def test_the_deprecated_decile_key_reads_as_desil() -> None:
    old = load_case(Path(__file__).parent / "cases" / "pkh" / "reform_decile_2021.toml")
    new = load_case(Path(__file__).parent / "cases" / "pkh" / "decile_2025.toml")
    assert old.family.desil == new.family.desil == 6


def test_a_too_deeply_nested_file_is_a_case_error() -> None:
    with pytest.raises(CaseFileError, match="nested too deeply"):
        parse_case("a = " + "[" * 5000 + "]" * 5000, "deep.toml")
