"""JSON structure/unstructure of the foundation types through the shared cattrs converter."""

from __future__ import annotations

import copy
import json
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from attrs import define
from hypothesis import given
from hypothesis import strategies as st

from dayasos.categories import Sex
from dayasos.eligibility.pkh import LineReason, PkhEntitlement, PkhFamily, entitlement
from dayasos.errors import BulkValidationError
from dayasos.law import LegalBasis
from dayasos.money import Percentage, Rupiah
from dayasos.periods import FiscalYear, Month, Period, Triwulan
from dayasos.registry.identity import Nik, NoKK, RegionCode, mask_name
from dayasos.registry.model import Family, Person
from dayasos.serialization import from_json, structure, to_json, unstructure
from dayasos.testing import (
    dates,
    legal_bases,
    percentages,
    periods,
    pkh_families,
    registry_persons,
    rupiah,
)


@define(frozen=True)
class Payment:
    period: Period
    amount: Rupiah
    paid_on: date
    share: Percentage
    rate: Decimal
    basis: LegalBasis


@define(frozen=True)
class Batch:
    payments: list[Payment]


payments = st.builds(
    Payment,
    period=periods(),
    amount=rupiah(),
    paid_on=dates(),
    share=percentages(),
    rate=st.decimals(
        allow_nan=False, allow_infinity=False, places=4, max_value=10**6, min_value=-(10**6)
    ),
    basis=legal_bases(),
)


@given(st.lists(payments, max_size=5))
def test_json_round_trip_is_lossless(items: list[Payment]) -> None:
    batch = Batch(items)
    text = to_json(batch)
    assert from_json(text, Batch) == batch
    for raw in json.loads(text)["payments"]:
        assert isinstance(raw["rate"], str)
        assert isinstance(raw["amount"], int)


def test_forms() -> None:
    assert unstructure(Rupiah(1_625_000)) == 1_625_000
    assert unstructure(Triwulan(2021, 2)) == "2021-T2"
    assert unstructure(Percentage(Fraction(1, 3))) == "1/3"
    assert structure("2020-07", Month) == Month(2020, 7)
    assert structure("Rp1.625.000", Rupiah) == Rupiah(1_625_000)
    assert structure("2020", Period) == FiscalYear(2020)


def test_every_problem_reported_with_its_path() -> None:
    data = {
        "payments": [
            {
                "period": "2020-T9",
                "amount": 1.5,
                "paid_on": "01/07/2020",
                "share": "1/3",
                "rate": 0.1,
                "basis": {"instrument": "x", "url": "ftp://x"},
            }
        ],
    }
    with pytest.raises(BulkValidationError) as info:
        structure(data, Batch)
    fields = [e.field for e in info.value.errors]
    assert fields == [
        "$.payments[0].period",
        "$.payments[0].amount",
        "$.payments[0].paid_on",
        "$.payments[0].rate",
        "$.payments[0].basis.url",
    ]


def test_period_kind_is_checked() -> None:
    with pytest.raises(BulkValidationError):
        structure({"x": "2020"}, dict[str, Month])


def test_extra_keys_rejected() -> None:
    with pytest.raises(BulkValidationError, match="unknown field 'more'"):
        structure({"payments": [], "more": 1}, Batch)


# ---------------------------------------------------------------- the JSON contract (issue 14)

FAMILY = {
    "family_id": "kpm-1",
    "members": [
        {
            "member_id": "ibu",
            "birth_date": "1990-01-01",
            "sex": "f",
            "pregnant_or_postpartum": True,
        },
        {"member_id": "anak", "birth_date": "2012-01-01", "sex": "m", "school_level": "sd"},
    ],
}


def _with(path: tuple[str | int, ...], value: object) -> dict[str, Any]:
    doc = copy.deepcopy(FAMILY)
    target: Any = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return doc


def _paths(data: object, cls: type) -> dict[str, str]:
    with pytest.raises(BulkValidationError) as info:
        structure(data, cls)
    return {e.field: e.problem for e in info.value.errors}


@pytest.mark.parametrize("spelling", ["f", "F", "perempuan", "Perempuan", "P", "p", "wanita"])
def test_sex_reads_every_documented_spelling(spelling: str) -> None:
    family = structure(_with(("members", 0, "sex"), spelling), PkhFamily)
    assert family.members[0].sex is Sex.PEREMPUAN


def test_unknown_enum_value_lists_the_valid_values() -> None:
    problems = _paths(_with(("members", 1, "school_level"), "tk"), PkhFamily)
    assert problems == {
        "$.members[1].school_level": "must be one of: none (Tidak/belum sekolah), "
        "sd (SD/sederajat), smp (SMP/sederajat), sma (SMA/sederajat), higher (Perguruan tinggi)"
    }


def test_plain_enums_read_value_and_name() -> None:
    assert structure("counted", LineReason) is LineReason.COUNTED
    assert structure("COUNTED", LineReason) is LineReason.COUNTED
    assert "counted, excluded_by_cap" in _paths("nope", LineReason)["$"]


@pytest.mark.parametrize("bad", [True, False, 2.7, 3.0, "3", [3]])
def test_integers_are_strict(bad: object) -> None:
    problems = _paths(_with(("desil",), bad), PkhFamily)
    assert list(problems) == ["$.desil"]
    assert problems["$.desil"].startswith("must be an integer")


def test_the_deprecated_decile_name_is_read_and_its_problems_named_as_given() -> None:
    assert structure(_with(("welfare_decile",), 3), PkhFamily).desil == 3
    assert structure(_with(("welfare_decile",), 3), PkhFamily).welfare_decile == 3
    assert list(_paths(_with(("welfare_decile",), 2.7), PkhFamily)) == ["$.welfare_decile"]
    both = _with(("welfare_decile",), 3)
    both["desil"] = 3
    assert _paths(both, PkhFamily) == {
        "$.welfare_decile": "is the deprecated name of 'desil'; give only 'desil'"
    }
    assert "welfare_decile" not in unstructure(structure(_with(("desil",), 3), PkhFamily))


@pytest.mark.parametrize("bad", [1, "true", None])
def test_booleans_are_strict(bad: object) -> None:
    assert list(_paths(_with(("remote_area",), bad), PkhFamily)) == ["$.remote_area"]


@pytest.mark.parametrize("top", [[1, 2], 3, "x", None, True])
def test_a_top_level_non_object_is_one_problem_at_the_root(top: object) -> None:
    problems = _paths(top, PkhFamily)
    assert list(problems) == ["$"]
    assert problems["$"].startswith("must be an object (PkhFamily)")


def test_field_and_class_level_problems_in_one_pass() -> None:
    doc = _with(("desil",), 11)
    doc["members"][0]["birth_date"] = "01/01/1990"
    doc["members"][1]["pregnant_or_postpartum"] = True  # a man: a rule between fields
    doc["members"][1]["sex"] = "m"
    doc["status"] = "retired"
    doc["members"].append({"member_id": "x"})
    problems = _paths(doc, PkhFamily)
    assert set(problems) == {
        "$.desil",
        "$.members[0].birth_date",
        "$.members[1].pregnant_or_postpartum",
        "$.status",
        "$.members[2].birth_date",
        "$.members[2].sex",
    }
    assert problems["$.members[2].sex"] == "is required"
    assert problems["$.desil"] == "must be from 1 to 10"


def test_collection_rule_is_located_at_the_item() -> None:
    doc = _with(("members", 1, "member_id"), "ibu")
    assert list(_paths(doc, PkhFamily)) == ["$.members[1]"]


def test_problems_never_echo_the_value() -> None:
    secret = "3171011708450001"
    with pytest.raises(BulkValidationError) as info:
        structure(_with(("members", 0, "birth_date"), secret), PkhFamily)
    assert secret not in str(info.value)


@pytest.mark.parametrize("text", ["{", "[" * 100_000 + "]" * 100_000, b"\xff"])
def test_not_json_is_one_problem(text: str | bytes) -> None:
    with pytest.raises(BulkValidationError) as info:
        from_json(text, PkhFamily)
    assert [e.field for e in info.value.errors] == ["$"]


def test_person_is_masked_unless_revealed() -> None:
    person = Person(Nik.parse("3171011708450001"), "Budi Santoso", date(1945, 8, 17), Sex.LAKI_LAKI)
    masked = json.loads(to_json(person))
    assert masked["nik"] == "3171********0001"
    assert masked["name"] == "B*** S***"
    assert "Budi" not in to_json(person) and "011708" not in to_json(person)
    full = json.loads(to_json(person, reveal=True))
    assert full["nik"] == "3171011708450001"
    assert full["name"] == "Budi Santoso"
    assert structure(full, Person) == person
    family = Family(NoKK.parse("3171012009000001"), RegionCode.parse("31.71.01"))
    assert json.loads(to_json(family))["no_kk"] == "3171********0001"
    assert json.loads(to_json(family, reveal=True))["no_kk"] == "3171012009000001"


@given(registry_persons())
def test_persons_round_trip_when_revealed_and_stay_masked_otherwise(person: Person) -> None:
    assert from_json(to_json(person, reveal=True), Person) == person
    text = to_json(person)
    assert person.nik.reveal() not in text
    assert json.loads(text)["name"] == mask_name(person.name)


@given(pkh_families())
def test_pkh_families_round_trip(family: PkhFamily) -> None:
    assert from_json(to_json(family), PkhFamily) == family


@given(pkh_families(min_members=1), st.data())
def test_a_bad_field_is_reported_at_its_path(family: PkhFamily, data: st.DataObject) -> None:
    doc = unstructure(family)
    i = data.draw(st.integers(0, len(family.members) - 1))
    field, bad = data.draw(
        st.sampled_from(
            [
                ("birth_date", "2020-02-30"),
                ("sex", "x"),
                ("pregnancy_order", 1.5),
                ("school_level", 3),
                ("disability", None),
                ("member_id", ""),
            ]
        )
    )
    doc["members"][i][field] = bad
    problems = _paths(doc, PkhFamily)
    assert f"$.members[{i}].{field}" in problems


@given(pkh_families(), dates(date(2017, 1, 1), date(2021, 12, 31)))
def test_entitlements_round_trip(family: PkhFamily, at: date) -> None:
    e = entitlement(family, at)
    assert from_json(to_json(e), PkhEntitlement) == e
