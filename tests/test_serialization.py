"""JSON structure/unstructure of the foundation types through the shared cattrs converter."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from attrs import define
from hypothesis import given
from hypothesis import strategies as st

from dayasos.errors import BulkValidationError
from dayasos.law import LegalBasis
from dayasos.money import Percentage, Rupiah
from dayasos.periods import FiscalYear, Month, Period, Triwulan
from dayasos.serialization import from_json, structure, to_json, unstructure
from dayasos.testing import dates, legal_bases, percentages, periods, rupiah


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
        "$.payments[0].basis",
    ]


def test_period_kind_is_checked() -> None:
    with pytest.raises(BulkValidationError):
        structure({"x": "2020"}, dict[str, Month])


def test_extra_keys_rejected() -> None:
    with pytest.raises(BulkValidationError, match="extra"):
        structure({"payments": [], "more": 1}, Batch)
