"""Apportionment methods: examples, bounds, and the properties of each method."""

from __future__ import annotations

import math
import random
from fractions import Fraction
from typing import ClassVar

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dayasos.eligibility.allocation import AllocationInfeasibleError, Method, apportion
from dayasos.errors import ValidationError

METHODS = list(Method)
DIVISOR = [m for m in Method if m.is_divisor]

weights_st = st.dictionaries(
    st.text("abcdefghij", min_size=1, max_size=3), st.integers(0, 10**6), min_size=1, max_size=12
).filter(lambda w: any(w.values()))


def naive_divisor(
    method: Method,
    total: int,
    weights: dict[str, int],
    lo: dict[str, int] | None = None,
    hi: dict[str, int] | None = None,
) -> dict[str, int]:
    """Seat-by-seat highest averages, independent of the library (tie: larger weight, key):
    every unit starts at its minimum, and a unit at its maximum takes no more seats."""
    seats = {k: (lo or {}).get(k, 0) for k in weights}
    hi = hi or {}
    for _ in range(total - sum(seats.values())):

        def prio(k: str) -> tuple[int, Fraction, int, str]:
            w, s = weights[k], seats[k]
            if method is Method.DHONDT:
                p = (0, Fraction(w, s + 1))
            elif method is Method.WEBSTER:
                p = (0, Fraction(2 * w, 2 * s + 1))
            else:
                p = (1, Fraction(w)) if s == 0 else (0, Fraction(w * w, s * (s + 1)))
            return (p[0], p[1], w, k)

        open_ = [k for k in weights if weights[k] > 0 and seats[k] < hi.get(k, total + 1)]
        best = max(open_, key=lambda k: (*prio(k)[:3], _neg(k)))
        seats[best] += 1
    return seats


def _neg(key: str) -> tuple[int, ...]:
    return (*(-ord(c) for c in key), 1)


class TestExamples:
    # votes 100,000 / 80,000 / 30,000 / 20,000 for 8 seats, worked by hand
    VOTES: ClassVar[dict[str, int]] = {"A": 100_000, "B": 80_000, "C": 30_000, "D": 20_000}

    def test_dhondt(self) -> None:
        assert apportion(8, self.VOTES, method="d'hondt").as_dict() == {
            "A": 4,
            "B": 3,
            "C": 1,
            "D": 0,
        }

    def test_sainte_lague(self) -> None:
        assert apportion(8, self.VOTES, method="Sainte-Laguë").as_dict() == {
            "A": 3,
            "B": 3,
            "C": 1,
            "D": 1,
        }

    def test_hamilton(self) -> None:
        # quotas 3.478, 2.783, 1.043, 0.696: floors 3,2,1,0 and two more to .783 and .696
        assert apportion(8, self.VOTES).as_dict() == {"A": 3, "B": 3, "C": 1, "D": 1}

    def test_huntington_hill_first_seat_each_and_tie(self) -> None:
        assert apportion(3, {"a": 1, "b": 1}, method="hill").as_dict() == {"a": 2, "b": 1}
        assert apportion(2, {"a": 1, "b": 3, "c": 2}, method="hill").as_dict() == {
            "a": 0,
            "b": 1,
            "c": 1,
        }

    def test_hamilton_tie_goes_to_larger_weight_then_key(self) -> None:
        assert apportion(1, {"b": 1, "a": 1}).as_dict() == {"a": 1, "b": 0}
        assert apportion(4, {"x": 3, "y": 3, "z": 6}, method="hamilton").as_dict() == {
            "x": 1,
            "y": 1,
            "z": 2,
        }

    def test_explain_and_lines(self) -> None:
        r = apportion(100, {"a": 90, "b": 5, "c": 5}, minimum=10)
        line = r.lines[1]
        assert (line.key, line.allocated, line.bound, line.quota) == ("b", 10, "minimum", 10)
        assert "minimum" in r.explain("id") and "bound" in r.explain("en")
        assert r["a"] == 80
        with pytest.raises(KeyError):
            r["zz"]

    def test_method_names(self) -> None:
        assert Method.parse("Largest remainder") is Method.HAMILTON
        assert Method.parse("jefferson") is Method.DHONDT
        assert Method.parse("equal proportions") is Method.HUNTINGTON_HILL
        with pytest.raises(ValidationError, match="method"):
            Method.parse("borda")


class TestErrors:
    def test_minimums_above_total(self) -> None:
        with pytest.raises(AllocationInfeasibleError, match="minimums add up to 30"):
            apportion(20, {"a": 1, "b": 1, "c": 1}, minimum=10)

    def test_maximums_below_total(self) -> None:
        with pytest.raises(AllocationInfeasibleError, match="at most 6"):
            apportion(20, {"a": 1, "b": 1}, maximum=3, minimum={"a": 0})
        with pytest.raises(AllocationInfeasibleError, match="at most 0"):
            apportion(5, {"a": 0, "b": 0})

    def test_min_above_max(self) -> None:
        with pytest.raises(AllocationInfeasibleError, match="'a'"):
            apportion(5, {"a": 1}, minimum=3, maximum=2)

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"total": -1, "weights": {"a": 1}}, "total"),
            ({"total": 1, "weights": {}}, "weights"),
            ({"total": 1, "weights": {"a": 1.5}}, "weights['a']"),
            ({"total": 1, "weights": {"a": -1}}, "weights['a']"),
            ({"total": 1, "weights": {"a": 1, 2: 1}}, "weights"),
            ({"total": 1, "weights": {"a": 1}, "minimum": -1}, "minimum"),
        ],
    )
    def test_bad_input(self, kwargs: dict[str, object], field: str) -> None:
        with pytest.raises(ValidationError) as info:
            apportion(**kwargs)  # type: ignore[arg-type]
        assert info.value.field == field


@st.composite
def bounded_problem(draw: st.DrawFn) -> tuple[int, dict[str, int], dict[str, int], dict[str, int]]:
    weights = draw(weights_st)
    lo = {k: draw(st.integers(0, 5)) for k in weights}
    hi = {k: lo[k] + draw(st.integers(0, 50)) for k in weights if draw(st.booleans())}
    cap = sum(hi.get(k, 10**9) if weights[k] > 0 else lo[k] for k in weights)
    total = draw(st.integers(sum(lo.values()), min(cap, sum(lo.values()) + 500)))
    return total, weights, lo, hi


class TestProperties:
    @given(st.sampled_from(METHODS), bounded_problem())
    def test_sum_and_bounds(
        self, method: Method, problem: tuple[int, dict[str, int], dict[str, int], dict[str, int]]
    ) -> None:
        total, weights, lo, hi = problem
        r = apportion(total, weights, method=method, minimum=lo, maximum=hi)
        assert sum(r.as_dict().values()) == total
        for line in r.lines:
            assert line.allocated >= lo[line.key] >= 0
            if line.key in hi:
                assert line.allocated <= hi[line.key]
        assert sum(line.quota for line in r.lines) == total

    @given(bounded_problem())
    def test_hamilton_satisfies_quota(
        self, problem: tuple[int, dict[str, int], dict[str, int], dict[str, int]]
    ) -> None:
        total, weights, lo, hi = problem
        r = apportion(total, weights, minimum=lo, maximum=hi)
        for line in r.lines:
            assert math.floor(line.quota) <= line.allocated <= math.ceil(line.quota)

    @given(st.sampled_from(DIVISOR), weights_st, st.integers(0, 300), st.integers(1, 40))
    def test_divisor_methods_house_monotone(
        self, method: Method, weights: dict[str, int], total: int, extra: int
    ) -> None:
        a = apportion(total, weights, method=method).as_dict()
        b = apportion(total + extra, weights, method=method).as_dict()
        assert all(b[k] >= a[k] for k in weights)

    @given(st.sampled_from(DIVISOR), weights_st, st.integers(0, 60))
    def test_divisor_equals_seat_by_seat(
        self, method: Method, weights: dict[str, int], total: int
    ) -> None:
        assert apportion(total, weights, method=method).as_dict() == naive_divisor(
            method, total, weights
        )

    @given(st.sampled_from(DIVISOR), bounded_problem())
    def test_bounded_divisor_equals_seat_by_seat(
        self, method: Method, problem: tuple[int, dict[str, int], dict[str, int], dict[str, int]]
    ) -> None:
        total, weights, lo, hi = problem
        r = apportion(total, weights, method=method, minimum=lo, maximum=hi)
        assert r.as_dict() == naive_divisor(method, total, weights, lo, hi)
        for line in r.lines:  # a binding bound is met exactly
            if line.bound == "minimum":
                assert line.allocated == lo[line.key]
            if line.bound == "maximum":
                assert line.allocated == hi[line.key]

    @given(st.sampled_from(METHODS), bounded_problem(), st.integers(1, 1000), st.randoms())
    def test_scale_and_order_invariance(
        self,
        method: Method,
        problem: tuple[int, dict[str, int], dict[str, int], dict[str, int]],
        k: int,
        rnd: random.Random,
    ) -> None:
        total, weights, lo, hi = problem
        base = apportion(total, weights, method=method, minimum=lo, maximum=hi).as_dict()
        scaled = {key: v * k for key, v in weights.items()}
        assert apportion(total, scaled, method=method, minimum=lo, maximum=hi).as_dict() == base
        fractional = {key: Fraction(v, k) for key, v in weights.items()}
        assert apportion(total, fractional, method=method, minimum=lo, maximum=hi).as_dict() == base
        items = list(weights.items())
        rnd.shuffle(items)
        assert (
            apportion(total, dict(items), method=method, minimum=lo, maximum=hi).as_dict() == base
        )

    @given(st.sampled_from(METHODS), weights_st, st.integers(10**10, 10**14))
    def test_large_totals(self, method: Method, weights: dict[str, int], total: int) -> None:
        assume(sum(1 for v in weights.values() if v > 0) >= 1)
        r = apportion(total, weights, method=method)
        assert sum(r.as_dict().values()) == total
        for line in r.lines:  # all four methods stay within one unit of the quota here
            assert abs(line.allocated - line.quota) < len(weights) + 1


@given(bounded_problem())
def test_fast_lambda_agrees_with_exact_bisection(
    problem: tuple[int, dict[str, int], dict[str, int], dict[str, int]],
) -> None:
    """The float sweep proposes λ and exact checks confirm it; the exact bisection is the
    reference: both give clamped quotas that sum to the total, and the same quotas."""
    from dayasos.eligibility.allocation.quotas import lambda_bisection, lambda_sweep

    total, weights, lo_map, hi_map = problem
    keys = sorted(weights)
    iw = [weights[k] for k in keys]
    lo = [lo_map[k] for k in keys]
    hi: list[int | None] = [hi_map.get(k) for k in keys]
    if not any(iw[i] and hi[i] is None for i in range(len(keys))):
        cap = sum(hi[i] or 0 for i in range(len(keys)) if iw[i])
        cap += sum(lo[i] for i in range(len(keys)) if not iw[i])
        if cap < total:
            return
    fast = lambda_sweep(total, iw, lo, hi)
    exact = lambda_bisection(total, iw, lo, hi)

    def quotas(lam: tuple[int, int]) -> list[Fraction]:
        p, q = lam
        out = []
        for i, x in enumerate(iw):
            v = Fraction(p * x, q)
            v = max(v, Fraction(lo[i]))
            hi_i = hi[i]
            out.append(v if hi_i is None else min(v, Fraction(hi_i)))
        return out

    assert sum(quotas(fast)) == total == sum(quotas(exact))
    assert quotas(fast) == quotas(exact)
