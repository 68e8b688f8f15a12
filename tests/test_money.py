"""Rupiah, rounding policies and percentages."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dayasos.errors import DayasosError, ValidationError
from dayasos.money import (
    DOWN_RP1000,
    HALF_UP_RP1,
    HALF_UP_RP1000,
    Percentage,
    Rounding,
    RoundingPolicy,
    Rupiah,
    round_exact,
)
from dayasos.testing import exact_numbers, percentages, rounding_policies, rupiah


class TestFormatting:
    @pytest.mark.parametrize(
        ("amount", "text"),
        [
            (3_000_000, "Rp3.000.000"),
            (0, "Rp0"),
            (999, "Rp999"),
            (1000, "Rp1.000"),
            (-250_000, "-Rp250.000"),
            (5_410_000_000_000, "Rp5.410.000.000.000"),
        ],
    )
    def test_indonesian_notation(self, amount: int, text: str) -> None:
        assert str(Rupiah(amount)) == text
        assert Rupiah.parse(text) == Rupiah(amount)

    @pytest.mark.parametrize(
        ("text", "amount"),
        [
            ("Rp 3.000.000", 3_000_000),
            ("Rp3.000.000,00", 3_000_000),
            ("Rp3.000.000,-", 3_000_000),
            ("rp. 1.500", 1500),
            ("IDR 1.500", 1500),
            ("3000000", 3_000_000),
            ("- Rp250.000", -250_000),
            ("Rp-250.000", -250_000),
        ],
    )
    def test_parse_variants(self, text: str, amount: int) -> None:
        assert Rupiah.parse(text).amount == amount

    @pytest.mark.parametrize(
        "text",
        ["Rp3.000.000,50", "Rp3.00.000", "Rp3,000,000", "tiga juta", "", "Rp", "--Rp1", "1.5"],
    )
    def test_parse_rejects(self, text: str) -> None:
        with pytest.raises(ValidationError) as info:
            Rupiah.parse(text)
        assert info.value.field == "text"

    @given(rupiah())
    def test_format_parse_round_trip(self, r: Rupiah) -> None:
        assert Rupiah.parse(str(r)) == r
        assert Rupiah.parse(r.format(space=True)) == r
        assert Rupiah.parse(r.format(symbol="IDR ")) == r

    def test_format_spec_passes_to_int(self) -> None:
        assert f"{Rupiah(1500):>6}" == "  1500"
        assert f"{Rupiah(1500)}" == "Rp1.500"


class TestConstruction:
    @pytest.mark.parametrize("bad", [1.0, Decimal("1"), "1000", True, None, Fraction(1, 2)])
    def test_only_int(self, bad: object) -> None:
        with pytest.raises(ValidationError, match="amount") as info:
            Rupiah(bad)  # type: ignore[arg-type]
        assert isinstance(info.value, ValueError)
        assert isinstance(info.value, DayasosError)

    def test_from_thousands(self) -> None:
        assert Rupiah.from_thousands(5_410) == Rupiah(5_410_000)


class TestArithmetic:
    @given(rupiah(), rupiah(), rupiah())
    def test_sum_associative_and_commutative(self, a: Rupiah, b: Rupiah, c: Rupiah) -> None:
        assert (a + b) + c == a + (b + c)
        assert a + b == b + a
        assert sum([a, b, c]) == Rupiah(a.amount + b.amount + c.amount)
        assert Rupiah.total([a, b, c]) == (a + b) + c

    @given(rupiah(), rupiah())
    def test_subtraction_inverts_addition(self, a: Rupiah, b: Rupiah) -> None:
        assert (a + b) - b == a
        assert -a + a == Rupiah(0)
        assert abs(a) >= Rupiah(0)

    @given(rupiah(), st.integers(-1000, 1000))
    def test_int_multiplication_exact(self, a: Rupiah, k: int) -> None:
        assert (a * k).amount == a.amount * k
        assert k * a == a * k

    def test_no_float_multiplication(self) -> None:
        with pytest.raises(TypeError):
            Rupiah(100) * 1.5  # type: ignore[operator]

    def test_ordering(self) -> None:
        assert sorted([Rupiah(3), Rupiah(-1), Rupiah(2)]) == [Rupiah(-1), Rupiah(2), Rupiah(3)]

    def test_divide_examples(self) -> None:
        assert Rupiah(3_000_000).divide(12, HALF_UP_RP1) == Rupiah(250_000)
        assert Rupiah(1_000).divide(3, HALF_UP_RP1) == Rupiah(333)
        assert Rupiah(2_000).divide(3, HALF_UP_RP1) == Rupiah(667)
        assert Rupiah(1_500).divide(1, HALF_UP_RP1000) == Rupiah(2_000)
        assert Rupiah(1_999).divide(1, DOWN_RP1000) == Rupiah(1_000)
        with pytest.raises(ValidationError, match="divisor"):
            Rupiah(1).divide(0, HALF_UP_RP1)

    def test_scale_by_a_quarter(self) -> None:
        assert Rupiah(3_000_000).scale(Fraction(5, 4), HALF_UP_RP1) == Rupiah(3_750_000)
        assert Rupiah(900_000).scale(Decimal("1.25"), HALF_UP_RP1) == Rupiah(1_125_000)

    @given(rupiah(), exact_numbers(), rounding_policies())
    def test_scale_within_one_unit(self, a: Rupiah, f: Fraction, policy: RoundingPolicy) -> None:
        exact = Fraction(a.amount) * f
        got = a.scale(f, policy)
        assert got.amount % policy.unit == 0
        assert abs(got.amount - exact) < policy.unit


class TestAllocation:
    @given(rupiah(), st.lists(st.integers(0, 10**6), min_size=1, max_size=30))
    def test_allocate_never_loses_a_rupiah(self, a: Rupiah, weights: list[int]) -> None:
        if sum(weights) == 0:
            weights[0] = 1
        parts = a.allocate(weights)
        assert len(parts) == len(weights)
        assert Rupiah.total(parts) == a
        total = sum(weights)
        for part, w in zip(parts, weights, strict=True):
            exact = Fraction(a.amount * w, total)
            assert abs(part.amount - exact) < 1  # floor or ceiling of the exact share

    @given(rupiah(), st.integers(1, 50))
    def test_split_equal_parts(self, a: Rupiah, n: int) -> None:
        parts = a.split(n)
        assert Rupiah.total(parts) == a
        assert max(parts).amount - min(parts).amount <= 1

    def test_split_ties_go_to_first(self) -> None:
        assert Rupiah(1000).split(3) == (Rupiah(334), Rupiah(333), Rupiah(333))
        assert Rupiah(6_500_000).split(4) == (Rupiah(1_625_000),) * 4

    @pytest.mark.parametrize("weights", [[], [0, 0], [1, -1]])
    def test_allocate_rejects(self, weights: list[int]) -> None:
        with pytest.raises(ValidationError, match="weights"):
            Rupiah(10).allocate(weights)


class TestRounding:
    @given(st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False))
    def test_half_up_and_half_even_agree_with_decimal(self, d: Decimal) -> None:
        assert round_exact(d, Rounding.HALF_UP) == int(d.quantize(Decimal(1), ROUND_HALF_UP))
        assert round_exact(d, Rounding.HALF_EVEN) == int(d.quantize(Decimal(1), ROUND_HALF_EVEN))

    @given(exact_numbers(), st.integers(1, 10**6))
    def test_directional_modes(self, x: Fraction, unit: int) -> None:
        floor = round_exact(x, Rounding.FLOOR, unit)
        ceiling = round_exact(x, Rounding.CEILING, unit)
        assert floor <= x <= ceiling
        assert ceiling - floor in (0, unit)
        assert abs(round_exact(x, Rounding.DOWN, unit)) <= abs(x)
        assert abs(round_exact(x, Rounding.UP, unit)) >= abs(x)

    def test_rejects_float(self) -> None:
        with pytest.raises(ValidationError):
            round_exact(1.5, Rounding.HALF_UP)  # type: ignore[arg-type]

    def test_policy_rejects_bad_unit(self) -> None:
        with pytest.raises(ValidationError, match="unit"):
            RoundingPolicy(0, Rounding.HALF_UP)

    def test_policy_str(self) -> None:
        assert str(HALF_UP_RP1000) == "half-up to Rp1.000"
        assert str(RoundingPolicy(500, Rounding.DOWN)) == "down to Rp500"


class TestPercentage:
    def test_absorption_example(self) -> None:
        p = Percentage.of(Rupiah(6_031), Rupiah(10_000))
        assert p.rounded(2) == Decimal("60.31")
        assert p.format() == "60,31%"
        assert p.fraction == Fraction(6031, 10000)

    def test_rounding_is_declared(self) -> None:
        p = Percentage.of(Rupiah(1), Rupiah(3))
        assert p.rounded(2) == Decimal("33.33")
        assert p.rounded(0) == Decimal("33")
        assert p.rounded(4, Rounding.CEILING) == Decimal("33.3334")

    @given(percentages())
    def test_parse_format_round_trip_at_places(self, p: Percentage) -> None:
        assert Percentage.parse(p.format(4)).rounded(4) == p.rounded(4)

    @given(rupiah(min_value=1), rupiah(min_value=1), st.integers(1, 10**6))
    def test_scale_invariance(self, part: Rupiah, whole: Rupiah, k: int) -> None:
        assert Percentage.of(part, whole) == Percentage.of(part * k, whole * k)

    def test_of_amount(self) -> None:
        assert Percentage.parse("25 %").of_amount(Rupiah(3_000_000), HALF_UP_RP1) == Rupiah(750_000)

    def test_zero_whole(self) -> None:
        with pytest.raises(ValidationError, match="whole"):
            Percentage.of(Rupiah(1), Rupiah(0))


@given(
    st.integers(min_value=0, max_value=10**12),
    st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=12).filter(any),
)
def test_allocate_and_hamilton_are_one_rounding(amount: int, weights: list[int]) -> None:
    from dayasos.eligibility.allocation import apportion

    parts = [p.amount for p in Rupiah(amount).allocate(weights)]
    assert sum(parts) == amount
    total = sum(weights)
    for part, w in zip(parts, weights, strict=True):
        assert amount * w // total <= part <= -(-amount * w // total)
    hamilton = apportion(amount, {f"{i:03d}": w for i, w in enumerate(weights)}).as_dict()
    assert parts == [hamilton[f"{i:03d}"] for i in range(len(weights))]


def test_allocate_ties_go_to_the_larger_weight_then_the_earlier() -> None:
    assert Rupiah(2).allocate([1, 3]) == (Rupiah(0), Rupiah(2))  # remainders 1/2 and 1/2
    assert Rupiah(1).allocate([1, 1]) == (Rupiah(1), Rupiah(0))
