"""Hypothesis properties of the budget rules (issue 7)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from dayasos.budget import DipaLine, Level, PaguEvent, PlanUpdate, Realization, absorption, roll_up
from dayasos.budget.ikpa import (
    dispensasi_deduction,
    ikpa_rules,
    ikpa_score,
    load_ikpa_rules,
    score_revisi,
)
from dayasos.money import Rupiah
from dayasos.periods import Month, Semester, Triwulan
from dayasos.testing import dipa_lines, pagu_events

LEVELS = st.lists(st.sampled_from(list(Level)), min_size=1, max_size=3, unique=True).map(tuple)
AS_OF = st.dates(date(2022, 1, 1), date(2022, 12, 31))


@given(st.lists(dipa_lines(), max_size=8), LEVELS, AS_OF, st.randoms(use_true_random=False))
def test_roll_up_is_order_independent_and_additive(
    lines: list[DipaLine], levels: tuple[Level, ...], as_of: date, rnd: object
) -> None:
    shuffled = list(lines)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    r = roll_up(lines, levels, as_of)
    assert r == roll_up(shuffled, levels, as_of)
    total_pagu = Rupiah.total(line.pagu(as_of) for line in lines)
    total_real = Rupiah.total(line.realized(as_of) for line in lines)
    assert Rupiah.total(p for p, _ in r.values()) == total_pagu
    assert Rupiah.total(x for _, x in r.values()) == total_real
    # rolling up two halves and adding gives the roll-up of the whole
    half = len(lines) // 2
    merged: dict[tuple[object, ...], list[int]] = defaultdict(lambda: [0, 0])
    for part in (lines[:half], lines[half:]):
        for k, (p, x) in roll_up(part, levels, as_of).items():
            merged[k][0] += p.amount
            merged[k][1] += x.amount
    assert {k: (Rupiah(p), Rupiah(x)) for k, (p, x) in merged.items()} == r


@given(st.lists(dipa_lines(), min_size=1, max_size=5), AS_OF, st.integers(2, 10**6))
def test_absorption_invariant_under_scaling(lines: list[DipaLine], as_of: date, k: int) -> None:
    scaled = [
        DipaLine(
            line.key,
            [PaguEvent(e.on, e.change * k, e.code) for e in line.pagu_events],
            realizations=[Realization(r.sp2d_date, r.amount * k) for r in line.realizations],
        )
        for line in lines
    ]
    a = absorption(lines, as_of).percentage
    b = absorption(scaled, as_of).percentage
    assert a == b


@given(st.lists(pagu_events(2022), max_size=10), AS_OF, st.randoms(use_true_random=False))
def test_revision_replay_order_does_not_matter(
    events: list[PaguEvent], at: date, rnd: object
) -> None:
    shuffled = list(events)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    a = sum((e.change for e in events if e.on <= at), Rupiah(0))
    line_a = _line(events)
    line_b = _line(shuffled)
    assert line_a.pagu(at) == line_b.pagu(at) == a


def _line(events: list[PaguEvent]) -> DipaLine:
    from dayasos.budget import Akun, BudgetLineKey, Kewenangan, RincianOutput, SumberDana

    key = BudgetLineKey(2022, "027", "DAYASOS", "000001", "P", "K", RincianOutput("QAA", "1"), "1",
                        Akun("573111"), Kewenangan.KANTOR_PUSAT, SumberDana.RM)  # fmt: skip
    return DipaLine(key, events)


YEARS = st.integers(2020, 2026)


@given(YEARS, st.data())
def test_ikpa_weights_sum_to_100_and_score_within_bounds(year: int, data: st.DataObject) -> None:
    rules = ikpa_rules(year)
    assert sum(rules.weights.values()) == 100
    values = {
        name: data.draw(st.fractions(min_value=0, max_value=120, max_denominator=1000), label=name)
        for name in rules.weights
    }
    deduction = Fraction(0)
    if rules.get("dispensasi") == "deduction":
        total = data.draw(st.integers(0, 10_000))
        deduction = dispensasi_deduction(rules, data.draw(st.integers(0, total)), total)
        assert 0 <= deduction <= 1
    result = ikpa_score(rules, values, deduction=deduction)
    assert min(values.values()) - deduction <= result.score <= max(values.values())


@given(YEARS, st.lists(st.integers(0, 6), min_size=1, max_size=4))
def test_revisi_score_bounds(year: int, counts: list[int]) -> None:
    rules = ikpa_rules(year)
    periods = (
        [Triwulan(year, i + 1) for i in range(len(counts))]
        if rules.get("revisi_period") == "triwulan"
        else [Semester(year, i % 2 + 1) for i in range(min(len(counts), 2))]
    )
    score = score_revisi(rules, dict(zip(periods, counts, strict=False)))
    assert 0 <= score <= 100


def test_every_shipped_rule_set_loads() -> None:
    rules = load_ikpa_rules()
    assert [r.from_year for r in rules] == [2020, 2021, 2022, 2024]
    for r in rules:
        assert sum(r.weights.values()) == 100
        assert "deviasi_curve" in r.unverified


@given(st.lists(dipa_lines(), max_size=6))
def test_realization_cube_agrees_with_line_roll_up(lines: list[DipaLine]) -> None:
    from dayasos.budget import realization_cube

    cube = realization_cube(
        (line.key.satker, line.key.akun, r.sp2d_date, r.amount.amount)
        for line in lines
        for r in line.realizations
    )
    by_cell: dict[tuple[object, object], int] = defaultdict(int)
    for (satker, akun, _month), amount in cube.items():
        by_cell[(satker, akun)] += amount.amount
    rolled = roll_up(lines, (Level.SATKER, Level.AKUN), date(2022, 12, 31))
    assert dict(by_cell) == {k: x.amount for k, (_, x) in rolled.items() if k in by_cell}
    assert all(x.is_zero for k, (_, x) in rolled.items() if k not in by_cell)


@given(st.lists(dipa_lines(), max_size=4))
def test_lines_are_hashable_values(lines: list[DipaLine]) -> None:
    assert len({*lines}) <= len(lines)
    for line in lines:
        assert line == DipaLine(line.key, line.pagu_events, line.blokir, dict(line.plan),
                                line.commitments, line.realizations)  # fmt: skip


@given(
    st.lists(
        st.builds(
            PlanUpdate,
            AS_OF,
            st.integers(1, 12).map(lambda m: Month(2022, m)),
            st.integers(0, 10**9).map(Rupiah),
        ),
        max_size=8,
        unique_by=lambda u: (u.on, u.month),
    ),
    AS_OF,
    st.randoms(use_true_random=False),
)
def test_plan_update_replay_order_does_not_matter(
    updates: list[PlanUpdate], at: date, rnd: object
) -> None:
    shuffled = list(updates)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    a = DipaLine(_line([]).key, plan_updates=updates)
    b = DipaLine(_line([]).key, plan_updates=shuffled)
    assert a.plan_at(at) == b.plan_at(at)
