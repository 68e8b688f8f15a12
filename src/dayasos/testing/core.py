"""Hypothesis strategies for the foundation value types: money, periods, legal bases and
parameter sets."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from hypothesis import strategies as st

from dayasos.law import Confidence, LegalBasis
from dayasos.money import Percentage, Rounding, RoundingPolicy, Rupiah
from dayasos.parameters import ParameterSet, ParameterValue, Unit, load_parameters
from dayasos.parameters.model import DENOMINATORS, BaseUnit
from dayasos.periods import FiscalYear, Month, Period, Semester, Triwulan

__all__ = [
    "amounts",
    "confidences",
    "dates",
    "exact_numbers",
    "fiscal_years",
    "legal_bases",
    "months",
    "parameter_values",
    "percentages",
    "periods",
    "reforms",
    "rounding_policies",
    "rupiah",
    "semesters",
    "triwulans",
    "units",
]

MAX_AMOUNT = 10**15
"""Rp10^15 (one quadrillion rupiah): the default bound of generated amounts."""


def amounts(min_value: int = -MAX_AMOUNT, max_value: int = MAX_AMOUNT) -> st.SearchStrategy[int]:
    """Integer rupiah amounts in a range."""
    return st.integers(min_value=min_value, max_value=max_value)


def rupiah(min_value: int = -MAX_AMOUNT, max_value: int = MAX_AMOUNT) -> st.SearchStrategy[Rupiah]:
    """:class:`~dayasos.money.Rupiah` values (negative ones included by default: refunds)."""
    return amounts(min_value, max_value).map(Rupiah)


def rounding_policies() -> st.SearchStrategy[RoundingPolicy]:
    """Rounding policies with a unit of Rp1 to Rp1.000.000 and any mode."""
    return st.builds(
        RoundingPolicy,
        unit=st.sampled_from([1, 10, 100, 500, 1000, 10_000, 1_000_000]),
        mode=st.sampled_from(list(Rounding)),
    )


def exact_numbers(max_denominator: int = 10**6) -> st.SearchStrategy[Fraction]:
    """Exact fractions (never floats)."""
    return st.fractions(max_denominator=max_denominator, min_value=-(10**9), max_value=10**9)


def percentages() -> st.SearchStrategy[Percentage]:
    """Percentages between -1000 % and 1000 % (absorption can exceed 100 % or be negative)."""
    return st.fractions(min_value=-1000, max_value=1000, max_denominator=10**6).map(Percentage)


def dates(
    min_value: date = date(1930, 1, 1), max_value: date = date(2100, 12, 31)
) -> st.SearchStrategy[date]:
    """Calendar dates (29 February included)."""
    return st.dates(min_value=min_value, max_value=max_value)


_YEARS = st.integers(min_value=1950, max_value=2100)


def months() -> st.SearchStrategy[Month]:
    """Calendar months."""
    return st.builds(Month, _YEARS, st.integers(1, 12))


def triwulans() -> st.SearchStrategy[Triwulan]:
    """Quarters."""
    return st.builds(Triwulan, _YEARS, st.integers(1, 4))


def semesters() -> st.SearchStrategy[Semester]:
    """Half-years."""
    return st.builds(Semester, _YEARS, st.integers(1, 2))


def fiscal_years() -> st.SearchStrategy[FiscalYear]:
    """Fiscal years (Tahun Anggaran)."""
    return st.builds(FiscalYear, _YEARS)


def periods() -> st.SearchStrategy[Period]:
    """Any period: month, quarter, semester or fiscal year."""
    return st.one_of(months(), triwulans(), semesters(), fiscal_years())


def confidences() -> st.SearchStrategy[Confidence]:
    """Confidence levels H, M, U."""
    return st.sampled_from(list(Confidence))


_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(lambda s: bool(s.strip()))


def legal_bases() -> st.SearchStrategy[LegalBasis]:
    """Legal bases with random instrument, optional article, URL and note."""
    return st.builds(
        LegalBasis,
        instrument=_TEXT,
        article=st.none() | _TEXT,
        url=st.none() | st.just("https://example.org/peraturan"),
        note=st.none() | _TEXT,
    )


def reforms(base: ParameterSet | None = None) -> st.SearchStrategy[ParameterSet]:
    """Reforms of the shipped parameter set: one rupiah parameter takes a new value from a
    random date (to an optional end date)."""
    params = base or load_parameters()
    rupiah_names = [p.name for p in params if p.unit.base.value == "rupiah"]

    @st.composite
    def build(draw: st.DrawFn) -> ParameterSet:
        name = draw(st.sampled_from(rupiah_names))
        start = draw(dates(date(2017, 1, 1), date(2030, 12, 31)))
        end = draw(st.none() | st.integers(0, 2000).map(lambda d: start + timedelta(days=d)))
        value = draw(amounts(0, 10**9))
        return params.with_value(name, value, start=start, end=end, reform="hypothesis")

    return build()


def units() -> st.SearchStrategy[Unit]:
    """Parameter units: a base unit and up to two denominators."""
    return st.builds(
        Unit,
        base=st.sampled_from(list(BaseUnit)),
        per=st.lists(st.sampled_from(sorted(DENOMINATORS)), max_size=2).map(tuple),
    )


def parameter_values(unit: Unit | None = None) -> st.SearchStrategy[ParameterValue]:
    """Dated parameter values whose value has the Python type of ``unit``'s base unit."""

    @st.composite
    def build(draw: st.DrawFn) -> ParameterValue:
        u = unit or draw(units())
        base = u.base
        value: object
        if base in (BaseUnit.PERCENT, BaseUnit.RATIO):
            value = draw(st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False))
        elif base is BaseUnit.BOOLEAN:
            value = draw(st.booleans())
        elif base is BaseUnit.CODE:
            value = draw(st.sampled_from(["highest_amount_first", "reguler", "akses"]))
        elif base is BaseUnit.MONTH_NUMBERS:
            value = tuple(sorted(draw(st.sets(st.integers(1, 12), min_size=1))))
        else:
            value = draw(st.integers(0, 10**12))
        start = draw(dates(date(2000, 1, 1), date(2040, 12, 31)))
        end = draw(st.none() | st.integers(0, 3650).map(lambda d: start + timedelta(days=d)))
        confidence = draw(confidences())
        return ParameterValue(
            start=start,
            end=end,
            value=u.check(value),
            source=draw(legal_bases()),
            confidence=confidence,
            note=None if confidence is Confidence.HIGH else "generated",
        )

    return build()
