"""Declarative programme specs: each rule written once, read by two evaluators.

A programme is a :class:`Programme`: plain frozen values that name parameters (never their
amounts) and predicates. Components say *who counts* (:class:`Component` with member
predicates such as :class:`AgeAtMost` and :class:`Enrolled`), criteria say *which family is
eligible* (:class:`Registered`, :class:`DecileAtMost`, :class:`StatusIs`,
:class:`HasComponent`), :class:`PersonCap` and :class:`Schedule` say how much is paid and when.

Two evaluators read the same spec:

* the per-family interpreter (:mod:`dayasos.eligibility.pkh.tables` and
  :mod:`dayasos.eligibility.pkh.rules`) returns a :class:`~dayasos.eligibility.decision.Decision`
  whose criteria carry the messages, observed values, thresholds and parameters written here;
* the numpy compiler (:mod:`dayasos.population.kernel`) turns the same predicates into
  birth-day lookup tables, code comparisons and masks over the population columns.

:meth:`Programme.check` verifies every parameter name against a parameter set, so a typo fails
when the spec is checked (the tests check every shipped spec), not on some later date.

Examples:
    >>> from dayasos.categories import SchoolLevel
    >>> from dayasos.eligibility.pkh import PkhComponent
    >>> sd = Component(PkhComponent.SD, amount="pkh.index.sd",
    ...                when=(AgeAtMost("pkh.age.sekolah.max"), Enrolled(SchoolLevel.SD)))
    >>> sd.parameters()
    ('pkh.index.sd', 'pkh.age.sekolah.max')
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from attrs import define, field

from dayasos._validators import non_empty_text
from dayasos.errors import ValidationError

if TYPE_CHECKING:
    from dayasos.parameters import ParameterSet

from dayasos.eligibility.spec.criteria import (
    CriterionCode,
    DecileAtMost,
    FamilyCriterion,
    FamilyFacts,
    HasComponent,
    Registered,
    StatusIs,
)
from dayasos.eligibility.spec.household import check_parameters
from dayasos.eligibility.spec.members import (
    AgeAtLeast,
    AgeAtMost,
    AgePredicate,
    Component,
    Disabled,
    Enrolled,
    MemberFacts,
    MemberPredicate,
    Pregnant,
)

__all__ = [
    "AgeAtLeast",
    "AgeAtMost",
    "AgePredicate",
    "Component",
    "CriterionCode",
    "DecileAtMost",
    "Disabled",
    "Enrolled",
    "FamilyCriterion",
    "FamilyFacts",
    "HasComponent",
    "MemberFacts",
    "MemberPredicate",
    "PersonCap",
    "Pregnant",
    "Programme",
    "Registered",
    "Schedule",
    "StatusIs",
]


@define(frozen=True, slots=True)
class PersonCap:
    """At most the integer ``persons`` members count; ``selection`` and ``priority`` name code
    parameters whose value must be ``"highest_amount_first"`` (the rule implemented: one
    component per member, the highest annual amount; ties in the spec's component order)."""

    persons: str = field(validator=non_empty_text("persons"))
    selection: str = field(validator=non_empty_text("selection"))
    priority: str = field(validator=non_empty_text("priority"))
    RULE: ClassVar[str] = "highest_amount_first"

    def parameters(self) -> tuple[str, ...]:
        """The parameter names read."""
        return (self.persons, self.selection, self.priority)


@define(frozen=True, slots=True)
class Schedule:
    """Payments of a year: stage months (a stage runs until the next), months paid alone
    (``monthly``), and the rounding rule (``"largest_remainder"``)."""

    stages: str = field(validator=non_empty_text("stages"))
    monthly: str = field(validator=non_empty_text("monthly"))
    rounding: str = field(validator=non_empty_text("rounding"))
    ROUNDING: ClassVar[str] = "largest_remainder"

    def parameters(self) -> tuple[str, ...]:
        """The parameter names read."""
        return (self.monthly, self.stages, self.rounding)


@define(frozen=True, slots=True)
class Programme:
    """A programme written once as data.

    Attributes:
        code: the programme's name in decisions (e.g. ``"PKH"``).
        components: the components; their order breaks ties between equal amounts.
        criteria: the eligibility criteria, in the order they are reported.
        cap: the person cap, or None.
        schedule: the payments of a year.
        fixed: the family amount (bantuan tetap) parameter.
        remote_fixed: the family amount in remote areas (PKH akses).
        flat: the flat per-family amount of the years without components (a parameter
            defined only for those years).
    """

    code: str = field(validator=non_empty_text("code"))
    components: tuple[Component, ...]
    criteria: tuple[FamilyCriterion, ...]
    cap: PersonCap
    schedule: Schedule
    fixed: str
    remote_fixed: str
    flat: str

    def __attrs_post_init__(self) -> None:
        kinds = [c.kind for c in self.components]
        if len(set(kinds)) != len(kinds):
            raise ValidationError(f"{self.code}.components", "a component is declared twice")
        codes = [c.code for c in self.criteria]
        if len(set(codes)) != len(codes):
            raise ValidationError(f"{self.code}.criteria", "a criterion is declared twice")

    def age_predicates(self) -> tuple[AgePredicate, ...]:
        """The distinct age predicates, in order of first use (one age band each)."""
        out: list[AgePredicate] = []
        for c in self.components:
            for p in c.when:
                if isinstance(p, AgeAtMost | AgeAtLeast) and p not in out:
                    out.append(p)
        return tuple(out)

    def member_parameters(self) -> tuple[str, ...]:
        """The integer parameters the member predicates read: the age bounds first, then the
        others, each once."""
        names = [p.parameter for p in self.age_predicates()]
        for c in self.components:
            for p in c.when:
                names.extend(n for n in p.parameters() if n not in names)
        return tuple(names)

    def parameters(self) -> Iterator[str]:
        """Every parameter name the spec reads (with repeats)."""
        for c in self.components:
            yield from c.parameters()
        for k in self.criteria:
            yield from k.parameters()
        yield from self.cap.parameters()
        yield from self.schedule.parameters()
        yield from (self.fixed, self.remote_fixed, self.flat)

    def check(self, params: ParameterSet) -> None:
        """Raise :class:`~dayasos.errors.ValidationError` naming the first parameter of the
        spec that ``params`` does not have (a typo in the spec, or a trimmed parameter set)."""
        check_parameters(self.code, self.parameters(), params)
