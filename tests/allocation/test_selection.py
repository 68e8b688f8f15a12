"""Ranked selection under a quota and a budget: examples and properties."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dayasos.categories import Programme
from dayasos.eligibility.allocation import (
    Candidate,
    FitRule,
    OverlapAction,
    OverlapRule,
    Priority,
    Reason,
    SortKey,
    Status,
    select_ranked,
)
from dayasos.errors import ValidationError
from dayasos.money import Rupiah
from dayasos.testing import candidates as candidates_st


def rp(n: int) -> Rupiah:
    return Rupiah(n)


class TestExamples:
    def test_quota_lowest_desil_first_then_key(self) -> None:
        cands = [Candidate(f"k{i}", rank=r) for i, r in enumerate([3, 1, 2, 1, 5])]
        result = select_ranked(cands, quota=3)
        assert [ln.key for ln in result.admitted] == ["k1", "k3", "k2"]
        assert {ln.key: ln.reason for ln in result.waitlisted} == {
            "k0": Reason.QUOTA_EXHAUSTED,
            "k4": Reason.QUOTA_EXHAUSTED,
        }

    def test_secondary_key_descending(self) -> None:
        cands = [
            Candidate("a", rank=1, attributes={"components": 1}),
            Candidate("b", rank=1, attributes={"components": 3}),
            Candidate("c", rank=2, attributes={"components": 4}),
        ]
        result = select_ranked(cands, quota=1, priority=["rank", "-components"])
        assert [ln.key for ln in result.admitted] == ["b"]
        assert [ln.key for ln in result.lines] == ["b", "a", "c"]

    def test_budget_skip_versus_stop(self) -> None:
        cands = [
            Candidate("a", rank=1, amount=rp(700)),
            Candidate("b", rank=2, amount=rp(500)),
            Candidate("c", rank=3, amount=rp(300)),
        ]
        skip = select_ranked(cands, budget=rp(1_000))
        assert [ln.key for ln in skip.admitted] == ["a", "c"]
        assert skip.unspent == rp(0)
        assert skip.waitlisted[0].reason is Reason.BUDGET_EXHAUSTED
        stop = select_ranked(cands, budget=rp(1_000), fit="stop")
        assert [ln.key for ln in stop.admitted] == ["a"]
        assert [ln.reason for ln in stop.waitlisted] == [
            Reason.BUDGET_EXHAUSTED,
            Reason.STOPPED_AT_HIGHER_PRIORITY,
        ]
        assert stop.unspent == rp(300)

    def test_overlap_exclude_and_deprioritise(self) -> None:
        cands = [
            Candidate("a", rank=1, enrolled={Programme.PKH}),
            Candidate("b", rank=2),
            Candidate("c", rank=3, enrolled={Programme.SEMBAKO}),
        ]
        rule = OverlapRule({Programme.PKH})
        ex = select_ranked(cands, quota=2, overlap=rule)
        assert [ln.key for ln in ex.admitted] == ["b", "c"]
        assert ex.excluded[0].key == "a"
        assert ex.excluded[0].overlapping == frozenset({Programme.PKH})
        de = select_ranked(
            cands, quota=2, overlap=OverlapRule({Programme.PKH}, OverlapAction.DEPRIORITISE)
        )
        assert [ln.key for ln in de.lines] == ["b", "c", "a"]
        assert [ln.key for ln in de.admitted] == ["b", "c"]

    def test_explain_in_both_languages(self) -> None:
        result = select_ranked([Candidate("a", rank=1, amount=rp(2_000_000))], budget=rp(1_000_000))
        assert "sisa pagu tidak cukup" in result.explain("id")
        assert "Rp1.000.000" in result.explain("en")
        with pytest.raises(ValidationError):
            result.explain("fr")

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"quota": -1}, "quota"),
            ({"budget": rp(-1)}, "budget"),
            ({"fit": "maybe"}, "fit"),
            ({"priority": ["-"]}, "priority"),
            ({"priority": ["missing"]}, "attributes['missing']"),
        ],
    )
    def test_bad_arguments(self, kwargs: dict[str, object], field: str) -> None:
        with pytest.raises(ValidationError) as info:
            select_ranked([Candidate("a", rank=1)], **kwargs)  # type: ignore[arg-type]
        assert info.value.field == field

    def test_duplicate_keys_and_bad_candidates(self) -> None:
        with pytest.raises(ValidationError, match="duplicate"):
            select_ranked([Candidate("a", rank=1), Candidate("a", rank=2)])
        with pytest.raises(ValidationError, match="rank"):
            Candidate("a", rank=1.5)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="amount"):
            Candidate("a", rank=1, amount=rp(-5))


problem = st.tuples(
    st.lists(candidates_st(), max_size=30, unique_by=lambda c: c.key),
    st.none() | st.integers(0, 30),
    st.none() | st.integers(0, 20_000_000).map(Rupiah),
    st.sampled_from(list(FitRule)),
    st.none()
    | st.builds(
        OverlapRule,
        st.frozensets(st.sampled_from([Programme.PKH, Programme.SEMBAKO]), min_size=1),
        st.sampled_from(list(OverlapAction)),
    ),
    st.sampled_from([Priority(), Priority([SortKey("rank"), SortKey("amount", True)])]),
)


class TestProperties:
    @given(problem)
    def test_ceilings_hold_and_everyone_appears_once(self, p: tuple) -> None:  # type: ignore[type-arg]
        cands, quota, budget, fit, overlap, priority = p
        r = select_ranked(
            cands, quota=quota, budget=budget, fit=fit, overlap=overlap, priority=priority
        )
        assert sorted(ln.key for ln in r.lines) == sorted(c.key for c in cands)
        assert [ln.position for ln in r.lines] == list(range(len(cands)))
        assert r.spent == Rupiah.total(ln.amount for ln in r.admitted)
        if budget is not None:
            assert r.spent <= budget
            assert r.unspent == budget - r.spent
        if quota is not None:
            assert len(r.admitted) <= quota

    @given(problem)
    def test_priority_respected_unless_the_budget_forced_it(self, p: tuple) -> None:  # type: ignore[type-arg]
        cands, quota, budget, fit, overlap, priority = p
        r = select_ranked(
            cands, quota=quota, budget=budget, fit=fit, overlap=overlap, priority=priority
        )
        last_admitted = max((ln.position for ln in r.admitted), default=-1)
        spent_before = Rupiah(0)
        for ln in r.lines:
            if ln.status is Status.WAITLISTED and ln.position < last_admitted:
                # only a candidate the remaining budget could not cover is passed over
                assert fit is FitRule.SKIP and ln.reason is Reason.BUDGET_EXHAUSTED
                assert budget is not None and spent_before + ln.amount > budget
            if ln.status is Status.ADMITTED:
                spent_before += ln.amount
            if ln.status is Status.EXCLUDED:
                assert overlap is not None and overlap.action is OverlapAction.EXCLUDE
                assert ln.overlapping
        if overlap is not None and overlap.action is OverlapAction.DEPRIORITISE:
            flags = [bool(ln.overlapping) for ln in r.lines]
            assert flags == sorted(flags)

    @given(problem, st.randoms())
    def test_independent_of_input_order(self, p: tuple, rnd: random.Random) -> None:  # type: ignore[type-arg]
        cands, quota, budget, fit, overlap, priority = p
        shuffled = list(cands)
        rnd.shuffle(shuffled)
        kw = {"quota": quota, "budget": budget, "fit": fit, "overlap": overlap}
        assert select_ranked(shuffled, priority=priority, **kw) == select_ranked(
            cands, priority=priority, **kw
        )

    @given(st.lists(candidates_st(), max_size=30, unique_by=lambda c: c.key), st.integers(0, 40))
    def test_quota_only_admits_the_first(self, cands: list[Candidate], quota: int) -> None:
        r = select_ranked(cands, quota=quota)
        expected = sorted(cands, key=lambda c: (c.rank, c.key))[:quota]
        assert [ln.key for ln in r.admitted] == [c.key for c in expected]


class TestColumns:
    """The column-wise path gives the per-candidate path's outcome, candidate for candidate."""

    @given(problem)
    def test_columns_equal_objects(self, p: tuple) -> None:  # type: ignore[type-arg]
        import numpy as np

        from dayasos.eligibility.allocation.columns import (
            REASON_CODES,
            STATUS_CODES,
            select_ranked_columns,
        )

        cands, quota, budget, fit, overlap, priority = p
        cands = [
            Candidate(int(c.key[4:]), c.rank, c.amount, c.attributes, c.enrolled) for c in cands
        ]
        r = select_ranked(
            cands, quota=quota, budget=budget, fit=fit, overlap=overlap, priority=priority
        )
        secondary = [
            (np.array([c.value_of(k.name) for c in cands], dtype=np.int64), k.descending)
            for k in priority.keys[1:]
        ]
        over = [bool(overlap and c.enrolled & overlap.programmes) for c in cands]
        col = select_ranked_columns(
            np.array([c.rank for c in cands], dtype=np.int64),
            np.array([c.amount.amount for c in cands], dtype=np.int64),
            key=np.array([c.key for c in cands], dtype=np.int64),
            secondary=secondary,
            quota=quota,
            budget=budget,
            fit=fit,
            overlapping=np.array(over, dtype=bool),
            overlap_action=overlap.action if overlap else OverlapAction.EXCLUDE,
        )
        index = {c.key: i for i, c in enumerate(cands)}
        assert [cands[i].key for i in col.order] == [ln.key for ln in r.lines]
        for ln in r.lines:
            i = index[ln.key]
            assert (STATUS_CODES[col.status[i]], REASON_CODES[col.reason[i]]) == (
                ln.status,
                ln.reason,
            )
        assert col.spent == r.spent
        assert col.unspent == r.unspent

    def test_columns_reject_bad_input(self) -> None:
        import numpy as np

        from dayasos.eligibility.allocation.columns import select_ranked_columns

        cases = [
            ({"rank": np.ones((2, 2), dtype=np.int64)}, "rank"),
            ({"rank": np.array([1.5])}, "rank"),
            ({"rank": np.array([1, 2]), "amount": np.array([1])}, "amount"),
            ({"rank": np.array([1]), "amount": np.array([-1])}, "amount"),
            ({"rank": np.array([1]), "quota": -2}, "quota"),
            ({"rank": np.array([1]), "overlapping": np.array([True, False])}, "overlapping"),
        ]
        for kwargs, field in cases:
            with pytest.raises(ValidationError) as info:
                select_ranked_columns(**kwargs)
            assert info.value.field == field
