"""Member predicates and components of a programme spec: who counts, written once as data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Protocol

from attrs import define, field

from dayasos._validators import non_empty_text
from dayasos.categories import Category, DisabilitySeverity, SchoolLevel

if TYPE_CHECKING:
    pass

__all__ = [
    "AgeAtLeast",
    "AgeAtMost",
    "AgePredicate",
    "Component",
    "Disabled",
    "Enrolled",
    "MemberFacts",
    "MemberPredicate",
    "Pregnant",
]


class MemberFacts(Protocol):
    """What a member predicate reads (a :class:`~dayasos.eligibility.pkh.PkhMember` has it)."""

    @property
    def birth_date(self) -> date: ...
    @property
    def school_level(self) -> SchoolLevel: ...
    @property
    def disability(self) -> DisabilitySeverity: ...
    @property
    def pregnant_or_postpartum(self) -> bool: ...
    @property
    def pregnancy_order(self) -> int | None: ...


# ---------------------------------------------------------------- member predicates


@define(frozen=True, slots=True)
class AgeAtMost:
    """Age in completed years on the reference date at most the integer ``parameter``."""

    parameter: str = field(validator=non_empty_text("parameter"))

    def holds(self, member: MemberFacts, age: int, values: dict[str, int]) -> bool:
        """Whether ``member`` (of age ``age``) satisfies it with the date's ``values``."""
        return age <= values[self.parameter]

    def parameters(self) -> tuple[str, ...]:
        """The parameter names read."""
        return (self.parameter,)


@define(frozen=True, slots=True)
class AgeAtLeast:
    """Age in completed years on the reference date at least the integer ``parameter``."""

    parameter: str = field(validator=non_empty_text("parameter"))

    def holds(self, member: MemberFacts, age: int, values: dict[str, int]) -> bool:
        """Whether ``member`` (of age ``age``) satisfies it with the date's ``values``."""
        return age >= values[self.parameter]

    def parameters(self) -> tuple[str, ...]:
        """The parameter names read."""
        return (self.parameter,)


@define(frozen=True, slots=True)
class Enrolled:
    """Enrolled at ``level`` (``SchoolLevel.NONE``: not enrolled in school)."""

    level: SchoolLevel

    def holds(self, member: MemberFacts, age: int, values: dict[str, int]) -> bool:
        """Whether ``member`` satisfies it."""
        return member.school_level is self.level

    def parameters(self) -> tuple[str, ...]:
        """The parameter names read (none)."""
        return ()


@define(frozen=True, slots=True)
class Disabled:
    """Disability of exactly ``severity``."""

    severity: DisabilitySeverity

    def holds(self, member: MemberFacts, age: int, values: dict[str, int]) -> bool:
        """Whether ``member`` satisfies it."""
        return member.disability is self.severity

    def test(self, values: dict[str, int]) -> Callable[[MemberFacts], bool]:
        """The predicate as a one-argument function for the date's ``values`` (fast path)."""
        sev = self.severity
        return lambda m: m.disability is sev

    def parameters(self) -> tuple[str, ...]:
        """The parameter names read (none)."""
        return ()


@define(frozen=True, slots=True)
class Pregnant:
    """Pregnant or postpartum; with a known ``pregnancy_order``, at most the integer
    ``max_order`` parameter."""

    max_order: str = field(validator=non_empty_text("max_order"))

    def holds(self, member: MemberFacts, age: int, values: dict[str, int]) -> bool:
        """Whether ``member`` satisfies it with the date's ``values``."""
        order = member.pregnancy_order
        return member.pregnant_or_postpartum and (order is None or order <= values[self.max_order])

    def test(self, values: dict[str, int]) -> Callable[[MemberFacts], bool]:
        """The predicate as a one-argument function for the date's ``values`` (fast path)."""
        most = values[self.max_order]
        return lambda m: (
            m.pregnant_or_postpartum and (m.pregnancy_order is None or m.pregnancy_order <= most)
        )

    def parameters(self) -> tuple[str, ...]:
        """The parameter names read."""
        return (self.max_order,)


AgePredicate = AgeAtMost | AgeAtLeast
"""A predicate on the age: compiled to a birth-date interval of the reference date."""
MemberPredicate = AgeAtMost | AgeAtLeast | Enrolled | Disabled | Pregnant
"""Any member predicate. Age and enrolment are *dense* (a lookup table by age band and school
level); disability and pregnancy are *sparse* (checked on the few members they hold for)."""


@define(frozen=True, slots=True)
class Component:
    """A benefit component: a member counts for it when every predicate of ``when`` holds.

    Attributes:
        kind: the component's category value (e.g. ``PkhComponent.SD``) or its code.
        amount: the parameter holding its annual amount (rupiah).
        when: the predicates, all of which must hold.
        limit: an integer parameter: at most that many members count for this component
            (the others are not counted and take no place under the cap), or None.
    """

    kind: Category
    amount: str = field(validator=non_empty_text("amount"))
    when: tuple[MemberPredicate, ...] = ()
    limit: str | None = None

    @property
    def dense(self) -> bool:
        """True when every predicate is an age or enrolment predicate."""
        return all(isinstance(p, AgeAtMost | AgeAtLeast | Enrolled) for p in self.when)

    def holds(self, member: MemberFacts, age: int, values: dict[str, int]) -> bool:
        """Whether ``member`` of age ``age`` counts for this component (the reference
        interpretation, predicate by predicate)."""
        return all(p.holds(member, age, values) for p in self.when)

    def parameters(self) -> tuple[str, ...]:
        """The parameter names read, amount first."""
        out = [self.amount]
        for p in self.when:
            out.extend(p.parameters())
        if self.limit is not None:
            out.append(self.limit)
        return tuple(out)
