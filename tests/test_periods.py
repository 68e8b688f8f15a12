"""Months, quarters, semesters, fiscal years, and age at a date."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dayasos.errors import ValidationError
from dayasos.periods import (
    FiscalYear,
    LeapDayRule,
    Month,
    Period,
    Semester,
    Triwulan,
    age,
    parse_period,
)
from dayasos.testing import dates, fiscal_years, months, periods, semesters, triwulans


class TestParse:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2020", FiscalYear(2020)),
            ("2020-07", Month(2020, 7)),
            ("2020-7", Month(2020, 7)),
            ("2020-T2", Triwulan(2020, 2)),
            ("2020-tw3", Triwulan(2020, 3)),
            ("2020-Q4", Triwulan(2020, 4)),
            ("2020-S1", Semester(2020, 1)),
            (" 2021-s2 ", Semester(2021, 2)),
        ],
    )
    def test_forms(self, text: str, expected: Period) -> None:
        assert parse_period(text) == expected

    @pytest.mark.parametrize(
        "text", ["2020-13", "2020-T5", "2020-S3", "20", "2020-07-01", "juli 2020"]
    )
    def test_rejects(self, text: str) -> None:
        with pytest.raises(ValidationError):
            parse_period(text)

    @given(periods())
    def test_str_round_trip(self, p: Period) -> None:
        assert parse_period(str(p)) == p

    @given(periods())
    def test_repr_is_the_constructor_call(self, p: Period) -> None:
        names = {
            "Month": Month,
            "Triwulan": Triwulan,
            "Semester": Semester,
            "FiscalYear": FiscalYear,
        }
        assert eval(repr(p), names) == p

    def test_written_forms(self) -> None:
        assert [str(p) for p in (Month(2020, 7), Triwulan(2020, 2), Semester(2021, 1))] == [
            "2020-07",
            "2020-T2",
            "2021-S1",
        ]
        assert repr(Semester(2021, 2).next()) == "Semester(2022, 1)"
        assert Month(2021, 1).previous() == Month(2020, 12)
        assert Triwulan.of(date(2020, 12, 31)) == Triwulan(2020, 4)


class TestStructure:
    def test_boundaries(self) -> None:
        assert Month(2020, 2).end == date(2020, 2, 29)
        assert Month(2021, 2).end == date(2021, 2, 28)
        assert Triwulan(2020, 2).start == date(2020, 4, 1)
        assert Triwulan(2020, 2).end == date(2020, 6, 30)
        assert Semester(2020, 2).start == date(2020, 7, 1)
        assert FiscalYear(2020).day_count == 366

    @given(periods())
    def test_months_tile_the_period(self, p: Period) -> None:
        ms = list(p.months())
        assert ms[0].start == p.start
        assert ms[-1].end == p.end
        for a, b in itertools.pairwise(ms):
            assert b.start == a.end + timedelta(days=1)
            assert a < b
        assert sum(m.day_count for m in ms) == p.day_count
        assert all(m in p for m in ms)

    @given(months())
    def test_month_parents(self, m: Month) -> None:
        assert m in m.triwulan
        assert m.triwulan in m.semester
        assert m.semester in m.fiscal_year
        assert m.start in m and m.end in m

    @given(dates())
    def test_of_contains(self, d: date) -> None:
        for cls in (Month, Triwulan, Semester, FiscalYear):
            p = cls.of(d)
            assert d in p
            assert (d - timedelta(days=1) in p) == (p.start < d)

    @given(st.one_of(months(), triwulans(), semesters(), fiscal_years()))
    def test_next_previous(self, p: Month | Triwulan | Semester | FiscalYear) -> None:
        nxt = p.next()
        assert nxt.start == p.end + timedelta(days=1)
        assert nxt.previous() == p
        assert p < nxt

    @given(periods(), periods())
    def test_total_order_consistent(self, a: Period, b: Period) -> None:
        assert (a < b) + (a == b) + (a > b) == 1
        assert (a <= b) == (a < b or a == b)
        assert (a >= b) == (a > b or a == b)
        assert a.overlaps(b) == b.overlaps(a)

    def test_kinds_order_by_start_then_longer_first(self) -> None:
        assert FiscalYear(2020) < Semester(2020, 1) < Triwulan(2020, 1) < Month(2020, 1)
        assert Month(2020, 3) < Triwulan(2020, 2)

    def test_semester_quarters(self) -> None:
        assert Semester(2020, 2).triwulans() == (Triwulan(2020, 3), Triwulan(2020, 4))
        assert FiscalYear(2020).semesters()[1] == Semester(2020, 2)
        assert len(FiscalYear(2020).triwulans()) == 4

    @pytest.mark.parametrize(
        ("factory", "field"),
        [
            (lambda: Month(2020, 13), "month"),
            (lambda: Triwulan(2020, 0), "triwulan"),
            (lambda: Semester(2020, 3), "semester"),
            (lambda: FiscalYear(1800), "year"),
            (lambda: Month(True, 1), "year"),
        ],
    )
    def test_validation_names_field(self, factory: object, field: str) -> None:
        with pytest.raises(ValidationError) as info:
            factory()  # type: ignore[operator]
        assert info.value.field == field

    def test_contains_other_types(self) -> None:
        assert "2020-01" not in FiscalYear(2020)


class TestAge:
    def test_completed_years(self) -> None:
        assert age(date(2015, 7, 1), date(2021, 6, 30)) == 5
        assert age(date(2015, 7, 1), date(2021, 7, 1)) == 6

    def test_leap_day_convention(self) -> None:
        born = date(2000, 2, 29)
        # default: birthday kept on 28 February in common years (python-dateutil)
        assert age(born, date(2001, 2, 27)) == 0
        assert age(born, date(2001, 2, 28)) == 1
        assert age(born, date(2004, 2, 28)) == 3
        assert age(born, date(2004, 2, 29)) == 4
        # alternative: 1 March in common years
        assert age(born, date(2001, 2, 28), leap_day=LeapDayRule.MAR_1) == 0
        assert age(born, date(2001, 3, 1), leap_day=LeapDayRule.MAR_1) == 1
        assert age(born, date(2060, 2, 29), leap_day=LeapDayRule.MAR_1) == 60

    def test_before_birth(self) -> None:
        with pytest.raises(ValidationError, match="before the birth date"):
            age(date(2020, 1, 2), date(2020, 1, 1))

    @given(dates(), st.integers(0, 40000), st.sampled_from(list(LeapDayRule)))
    def test_monotone_and_anniversary(self, born: date, days: int, rule: LeapDayRule) -> None:
        at = born + timedelta(days=days)
        if at > date(2150, 12, 31):
            at = date(2150, 12, 31) if born <= date(2150, 12, 31) else born
        a = age(born, at, leap_day=rule)
        assert 0 <= a <= days // 365
        assert age(born, at + timedelta(days=1), leap_day=rule) in (a, a + 1)
        if not (born.month == 2 and born.day == 29):
            k = min(days // 366, 100)
            assert age(born, born.replace(year=born.year + k), leap_day=rule) == k
