"""Periods of the Indonesian budget and programme calendar, and age at a date.

:class:`Month`, :class:`Triwulan` (quarter), :class:`Semester` and :class:`FiscalYear`
(Tahun Anggaran, which equals the calendar year: UU No. 17 Tahun 2003 tentang Keuangan
Negara, Pasal 4) are frozen values with containment, iteration over their months and days,
navigation and ordering. :func:`parse_period` reads the usual written forms:

Examples:
    >>> parse_period("2020-07")
    Month(2020, 7)
    >>> parse_period("2020-T2")
    Triwulan(2020, 2)
    >>> date(2020, 7, 1) in Semester(2020, 2)
    True
    >>> [str(m) for m in Triwulan(2020, 2).months()]
    ['2020-04', '2020-05', '2020-06']

Periods of different kinds order by start date, then the longer period first, so a year
sorts before its first semester, quarter and month (the order of a report); a period
contains a date or another period lying wholly inside it.

:func:`age` gives completed years at a reference date (python-dateutil ``relativedelta``).
"""

from __future__ import annotations

import calendar
import enum
import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar, Self

from attrs import define, field
from dateutil.relativedelta import relativedelta

from dayasos._validators import Validator, int_in_range
from dayasos.errors import ValidationError

__all__ = [
    "FiscalYear",
    "LeapDayRule",
    "Month",
    "Period",
    "Semester",
    "Triwulan",
    "age",
    "parse_period",
]

_MIN_YEAR = 1900
_MAX_YEAR = 2200


_check_year = int_in_range("year", _MIN_YEAR, _MAX_YEAR)


def _check_range(name: str, low: int, high: int) -> Validator:
    return int_in_range(name, low, high)


class Period:
    """Common behaviour of every period: a closed range of days ``start`` .. ``end``."""

    __slots__ = ()
    _rank: ClassVar[int] = 0

    if TYPE_CHECKING:  # every subclass defines both; declared here for the shared methods

        @property
        def start(self) -> date:
            """First day of the period."""

        @property
        def end(self) -> date:
            """Last day of the period (inclusive)."""

    def __contains__(self, item: object) -> bool:
        if isinstance(item, Period):
            return self.start <= item.start and item.end <= self.end
        if isinstance(item, date):
            return self.start <= item <= self.end
        return False

    def months(self) -> Iterator[Month]:
        """The calendar months of the period, in order."""
        y, m = self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            yield Month(y, m)
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)

    def days(self) -> Iterator[date]:
        """Every day of the period, in order."""
        d = self.start
        while d <= self.end:
            yield d
            d += timedelta(days=1)

    @property
    def day_count(self) -> int:
        """Number of days in the period."""
        return (self.end - self.start).days + 1

    @property
    def fiscal_year(self) -> FiscalYear:
        """The Tahun Anggaran the period belongs to."""
        return FiscalYear(self.start.year)

    def overlaps(self, other: Period) -> bool:
        """True if the two periods share at least one day."""
        return self.start <= other.end and other.start <= self.end

    def _key(self) -> tuple[date, int, int]:
        # by start; for the same start the longer period first (year, semester, quarter, month)
        return (self.start, -self.end.toordinal(), self._rank)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() < other._key()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() <= other._key()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() > other._key()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() >= other._key()


class _YearPart(Period):
    """The numbered parts of a calendar year that are ``_SPAN`` months long (month, quarter,
    semester): which part a day is in, its first and last day, the next and previous part,
    and how it is written are one rule for the three."""

    __slots__ = ()
    _SPAN: ClassVar[int]
    """Months in one part."""
    _LABEL: ClassVar[str]
    """How the number is written after ``YYYY-``."""

    if TYPE_CHECKING:  # every subclass defines both
        year: int

        @property
        def _index(self) -> int:
            """The part's number in its year, from 1."""

        def __init__(self, year: int, number: int) -> None: ...

    @classmethod
    def of(cls, day: date) -> Self:
        """The part of the year containing ``day``."""
        return cls(day.year, (day.month - 1) // cls._SPAN + 1)

    @property
    def start(self) -> date:
        return date(self.year, self._SPAN * (self._index - 1) + 1, 1)

    @property
    def end(self) -> date:
        last = self._SPAN * self._index
        return date(self.year, last, calendar.monthrange(self.year, last)[1])

    def next(self) -> Self:
        """The following part (the first of the next year after the last)."""
        if self._index == 12 // self._SPAN:
            return type(self)(self.year + 1, 1)
        return type(self)(self.year, self._index + 1)

    def previous(self) -> Self:
        """The preceding part (the last of the previous year before the first)."""
        if self._index == 1:
            return type(self)(self.year - 1, 12 // self._SPAN)
        return type(self)(self.year, self._index - 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self._LABEL.format(self._index)}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.year}, {self._index})"


@define(frozen=True, slots=True, order=False, repr=False)
class Month(_YearPart):
    """A calendar month, e.g. ``Month(2020, 7)`` written ``2020-07``."""

    _rank: ClassVar[int] = 4
    _SPAN: ClassVar[int] = 1
    _LABEL: ClassVar[str] = "{:02d}"
    year: int = field(validator=_check_year)
    month: int = field(validator=_check_range("month", 1, 12))

    @property
    def _index(self) -> int:
        return self.month

    @property
    def triwulan(self) -> Triwulan:
        """The quarter containing this month."""
        return Triwulan.of(self.start)

    @property
    def semester(self) -> Semester:
        """The half-year containing this month."""
        return Semester.of(self.start)


@define(frozen=True, slots=True, order=False, repr=False)
class Triwulan(_YearPart):
    """A quarter (triwulan) of the year, 1 to 4, written ``2020-T2``."""

    _rank: ClassVar[int] = 3
    _SPAN: ClassVar[int] = 3
    _LABEL: ClassVar[str] = "T{}"
    year: int = field(validator=_check_year)
    number: int = field(validator=_check_range("triwulan", 1, 4))

    @property
    def _index(self) -> int:
        return self.number


@define(frozen=True, slots=True, order=False, repr=False)
class Semester(_YearPart):
    """A half-year (semester), 1 (January-June) or 2 (July-December), written ``2020-S1``."""

    _rank: ClassVar[int] = 2
    _SPAN: ClassVar[int] = 6
    _LABEL: ClassVar[str] = "S{}"
    year: int = field(validator=_check_year)
    number: int = field(validator=_check_range("semester", 1, 2))

    @property
    def _index(self) -> int:
        return self.number

    def triwulans(self) -> tuple[Triwulan, Triwulan]:
        """The two quarters of the semester."""
        first = 2 * self.number - 1
        return (Triwulan(self.year, first), Triwulan(self.year, first + 1))


@define(frozen=True, slots=True, order=False, repr=False)
class FiscalYear(Period):
    """A Tahun Anggaran (TA): 1 January to 31 December (UU 17/2003 Pasal 4), written ``2020``."""

    _rank: ClassVar[int] = 1
    year: int = field(validator=_check_year)

    @classmethod
    def of(cls, day: date) -> FiscalYear:
        """The fiscal year containing ``day``."""
        return cls(day.year)

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.year, 12, 31)

    def triwulans(self) -> tuple[Triwulan, ...]:
        """The four quarters."""
        return tuple(Triwulan(self.year, n) for n in range(1, 5))

    def semesters(self) -> tuple[Semester, Semester]:
        """The two semesters."""
        return (Semester(self.year, 1), Semester(self.year, 2))

    def next(self) -> FiscalYear:
        """The following year."""
        return FiscalYear(self.year + 1)

    def previous(self) -> FiscalYear:
        """The preceding year."""
        return FiscalYear(self.year - 1)

    def __str__(self) -> str:
        return f"{self.year:04d}"

    def __repr__(self) -> str:
        return f"FiscalYear({self.year})"


_PERIOD_RE = re.compile(
    r"""^\s*(?P<year>\d{4})
    (?:\s*[-/ ]\s*(?:
        (?P<month>\d{1,2})
      | (?:T|TW|Q)\s*(?P<tw>\d)
      | S(?:EM)?\s*(?P<sem>\d)
    ))?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


def parse_period(text: str) -> Month | Triwulan | Semester | FiscalYear:
    """Parse ``"2020"``, ``"2020-07"``, ``"2020-T2"`` (also ``TW2``, ``Q2``) or ``"2020-S1"``."""
    m = _PERIOD_RE.match(text) if isinstance(text, str) else None
    if m is None:
        raise ValidationError(
            "period",
            "is not a period like '2020', '2020-07', '2020-T2' or '2020-S1'",
            shown=repr(text),
        )
    year = int(m.group("year"))
    if m.group("month"):
        return Month(year, int(m.group("month")))
    if m.group("tw"):
        return Triwulan(year, int(m.group("tw")))
    if m.group("sem"):
        return Semester(year, int(m.group("sem")))
    return FiscalYear(year)


class LeapDayRule(enum.Enum):
    """When a person born on 29 February completes a year in a common (non-leap) year.

    No Indonesian regulation read for dayasos states the rule, so it is a choice the caller
    can make; the default follows python-dateutil (adding whole years to 29 February clips to
    28 February).
    """

    FEB_28 = "feb28"
    """The birthday is kept on 28 February in common years (python-dateutil's convention)."""
    MAR_1 = "mar1"
    """The birthday moves to 1 March in common years."""


def age(birth: date, at: date, *, leap_day: LeapDayRule = LeapDayRule.FEB_28) -> int:
    """Age in completed years on ``at`` of a person born on ``birth``.

    Examples:
        >>> age(date(2015, 7, 1), date(2021, 6, 30))
        5
        >>> age(date(2020, 2, 29), date(2021, 2, 28))
        1
        >>> age(date(2020, 2, 29), date(2021, 2, 28), leap_day=LeapDayRule.MAR_1)
        0

    Raises :class:`~dayasos.errors.ValidationError` if ``at`` is before ``birth``.
    """
    if at < birth:
        raise ValidationError(
            "at", f"reference date {at.isoformat()} is before the birth date", shown=None
        )
    years = relativedelta(at, birth).years
    if (
        leap_day is LeapDayRule.MAR_1
        and birth.month == 2
        and birth.day == 29
        and at.month == 2
        and at.day == 28
        and not calendar.isleap(at.year)
    ):
        years -= 1
    return years
