"""Dated organisation units of Kemensos and reorganisations between two dates.

Examples:
    >>> from datetime import date, timedelta
    >>> org = kemensos_organisation()
    >>> org.unit("PFM").active_on(date(2022, 1, 1))
    False
    >>> [r.instrument for r in org.reorganisations_between(date(2021, 6, 30), date(2022, 6, 30))]
    ['Perpres No. 110 Tahun 2021']
    >>> org.ba.value
    '027'
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

from attrs import define

from dayasos._data import parse_sources, read_toml
from dayasos.budget.ikpa_rules import RuleValue
from dayasos.budget.realization import Absorption
from dayasos.errors import ValidationError
from dayasos.law import Confidence, LegalBasis
from dayasos.money import Rupiah

__all__ = [
    "Comparison",
    "Organisation",
    "OrganisationUnit",
    "Reorganisation",
    "compare",
    "kemensos_organisation",
]


@define(frozen=True, slots=True)
class OrganisationUnit:
    """An eselon I unit with the days it existed (``None`` = open)."""

    code: str
    name: str
    source: LegalBasis
    valid_from: date | None = None
    valid_until: date | None = None
    note: str | None = None

    def active_on(self, day: date) -> bool:
        """True if the unit existed on ``day``."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


@define(frozen=True, slots=True)
class Reorganisation:
    """A change of the organisation on a date."""

    on: date
    instrument: str
    source: LegalBasis
    note: str


@define(frozen=True, slots=True)
class Organisation:
    """Units and reorganisations of a ministry; the BA code as a flagged parameter."""

    ba: RuleValue
    units: tuple[OrganisationUnit, ...]
    reorganisations: tuple[Reorganisation, ...]

    def unit(self, code: str) -> OrganisationUnit:
        """The unit with this code."""
        for u in self.units:
            if u.code == code:
                return u
        raise ValidationError("eselon1", "is not a known unit", shown=repr(code))

    def units_on(self, day: date) -> tuple[OrganisationUnit, ...]:
        """Units that existed on ``day``."""
        return tuple(u for u in self.units if u.active_on(day))

    def reorganisations_between(self, start: date, end: date) -> tuple[Reorganisation, ...]:
        """Reorganisations taking effect after ``start`` and on or before ``end`` (either order)."""
        lo, hi = min(start, end), max(start, end)
        return tuple(r for r in self.reorganisations if lo < r.on <= hi)


@functools.cache
def kemensos_organisation() -> Organisation:
    """The shipped Kemensos organisation (``budget/data/kemensos.toml``)."""
    file = "kemensos.toml"
    doc = read_toml("dayasos.budget", file)
    sources = parse_sources(doc.get("sources", {}), file)
    ba = doc["ba"]
    units = tuple(
        OrganisationUnit(
            u["code"], u["name"], sources[u["source"]], u.get("from"), u.get("until"), u.get("note")
        )
        for u in doc["units"]
    )
    reorgs = tuple(
        Reorganisation(r["on"], r["instrument"], sources[r["source"]], r["note"])
        for r in doc["reorganisations"]
    )
    return Organisation(
        RuleValue(
            ba["value"],
            sources[ba["source"]],
            Confidence.parse(ba["confidence"]),
            ba["unverified"],
            ba["note"],
        ),
        units,
        reorgs,
    )


@define(frozen=True, slots=True)
class Comparison:
    """Two absorption figures of the same scope at two dates, with the reorganisations between."""

    earlier: Absorption
    later: Absorption
    reorganisations: tuple[Reorganisation, ...]

    @property
    def crosses_reorganisation(self) -> bool:
        """True when the organisation changed between the two dates: compare with care."""
        return bool(self.reorganisations)

    @property
    def realized_change(self) -> Rupiah:
        """Later realization minus earlier realization."""
        return self.later.realized - self.earlier.realized

    def describe(self) -> str:
        """Both figures, and a warning line per reorganisation crossed."""
        lines = [self.earlier.describe(), self.later.describe()]
        for r in self.reorganisations:
            lines.append(
                f"WARNING: crosses a reorganisation on {r.on.isoformat()} ({r.instrument}): {r.note}"
            )
        return "\n".join(lines)


def compare(
    earlier: Absorption, later: Absorption, organisation: Organisation | None = None
) -> Comparison:
    """Compare two figures; says whether a reorganisation took effect between the start of
    what the earlier figure covers (its period, or its fiscal year) and the later date."""
    org = kemensos_organisation() if organisation is None else organisation
    first = earlier.period.start if earlier.period is not None else date(earlier.as_of.year, 1, 1)
    start = min(first, later.as_of) - timedelta(days=1)
    return Comparison(earlier, later, org.reorganisations_between(start, later.as_of))
