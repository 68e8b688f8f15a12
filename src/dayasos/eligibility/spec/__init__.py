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

import enum
from collections.abc import Callable, Iterator
from datetime import date
from typing import TYPE_CHECKING, ClassVar, NamedTuple, Protocol

from attrs import define, field

from dayasos._validators import non_empty_text
from dayasos.categories import DisabilitySeverity, SchoolLevel
from dayasos.categories._base import Category
from dayasos.eligibility.decision import Criterion, CriterionStatus, ParameterUse
from dayasos.errors import ValidationError

if TYPE_CHECKING:
    from dayasos.parameters import ParameterSet

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

_PASS = CriterionStatus.PASSED
_FAIL = CriterionStatus.FAILED
_NA = CriterionStatus.NOT_APPLICABLE


class CriterionCode(enum.StrEnum):
    """The stable code of an eligibility criterion (a ``str``, so
    ``decision.criterion("component")`` and ``decision.criterion(CriterionCode.COMPONENT)``
    name the same entry)."""

    REGISTERED = "registered"
    WELFARE_DECILE = "welfare_decile"
    NOT_EXCLUDED = "not_excluded"
    COMPONENT = "component"


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


# ---------------------------------------------------------------- family criteria


class FamilyFacts(NamedTuple):
    """What the family criteria read (the interpreter caches decisions on these)."""

    registered: bool
    decile: int | None
    status: Category
    ncomp: int
    flat_year: int | None
    """The year when it has a flat amount and no components, else None."""


def _crit(
    code: CriterionCode, ok: bool, id_: str, en: str, **kw: object
) -> Criterion:  # a criterion entry
    return Criterion(code.value, _PASS if ok else _FAIL, id_, en, **kw)  # type: ignore[arg-type]


@define(frozen=True, slots=True)
class Registered:
    """Registered in DTKS/DTSEN."""

    code: ClassVar[CriterionCode] = CriterionCode.REGISTERED

    def decide(self, facts: FamilyFacts, at: date, params: ParameterSet) -> Criterion:
        """The criterion entry for ``facts``."""
        ok = facts.registered
        return _crit(
            self.code,
            ok,
            "Terdaftar di DTKS/DTSEN." if ok else "Tidak terdaftar di DTKS/DTSEN.",
            "Registered in DTKS/DTSEN." if ok else "Not registered in DTKS/DTSEN.",
            observed="true" if ok else "false",
            threshold="true",
        )

    def parameters(self) -> tuple[str, ...]:
        """The parameter names read (none)."""
        return ()


@define(frozen=True, slots=True)
class DecileAtMost:
    """Welfare decile at most the integer ``parameter``. While the parameter's value is unknown
    on the date the criterion is *not applicable* and says which threshold is known next."""

    parameter: str = field(validator=non_empty_text("parameter"))
    label_id: str = "PKH"
    code: ClassVar[CriterionCode] = CriterionCode.WELFARE_DECILE

    def threshold(self, at: date, params: ParameterSet) -> int | None:
        """The threshold on ``at``, or None while unknown."""
        v = params.value(self.parameter, at).value
        return v if isinstance(v, int) else None

    def decide(self, facts: FamilyFacts, at: date, params: ParameterSet) -> Criterion:
        """The criterion entry for ``facts``."""
        use = ParameterUse.of(self.parameter, params.value(self.parameter, at))
        most = self.threshold(at, params)
        decile = facts.decile
        shown = None if decile is None else str(decile)
        if most is None:
            nxt_id = nxt_en = ""
            for v in params.history(self.parameter):
                if v.start > at and isinstance(v.value, int):
                    s, cite = v.start.isoformat(), v.source.cite()
                    nxt_id = (
                        f" Batas berikutnya yang diketahui: desil <= {v.value} mulai {s} "
                        f"({cite}); tanggal mulai berlakunya yang sebenarnya tidak ditemukan."
                    )
                    nxt_en = (
                        f" The next known threshold: decile <= {v.value} from {s} "
                        f"({cite}); the date it actually took effect was not found."
                    )
                    break
            return Criterion(
                self.code.value,
                _NA,
                f"Batas desil kesejahteraan {self.label_id} tidak diketahui pada tanggal ini; "
                "kriteria tidak diterapkan (tetapkan dengan reformasi parameter)." + nxt_id,
                f"The {self.label_id} welfare-decile threshold is unknown on this date; the "
                "criterion is not applied (set one with a reform)." + nxt_en,
                observed=shown,
                parameter=use,
            )
        ok = decile is not None and decile <= most
        return _crit(
            self.code,
            ok,
            "Desil kesejahteraan memenuhi batas."
            if ok
            else (
                "Tidak memiliki peringkat desil kesejahteraan."
                if decile is None
                else "Desil kesejahteraan di atas batas."
            ),
            "Welfare decile within the threshold."
            if ok
            else (
                "No welfare-decile rank."
                if decile is None
                else "Welfare decile above the threshold."
            ),
            observed=shown,
            threshold=f"<= {most}",
            parameter=use,
        )

    def parameters(self) -> tuple[str, ...]:
        """The parameter names read."""
        return (self.parameter,)


@define(frozen=True, slots=True)
class StatusIs:
    """Participation status ``status`` (any other status excludes the family)."""

    status: Category
    code: ClassVar[CriterionCode] = CriterionCode.NOT_EXCLUDED

    def decide(self, facts: FamilyFacts, at: date, params: ParameterSet) -> Criterion:
        """The criterion entry for ``facts``."""
        st = facts.status
        ok = st is self.status
        return _crit(
            self.code,
            ok,
            "Status kepesertaan aktif." if ok else f"Dikecualikan: status {st.name_id}.",
            "Participation status active." if ok else f"Excluded: status {st.label_en}.",
            observed=st.code,
            threshold=self.status.code,
        )

    def parameters(self) -> tuple[str, ...]:
        """The parameter names read (none)."""
        return ()


@define(frozen=True, slots=True)
class HasComponent:
    """At least one member counts for a component (not applicable in a flat-amount year)."""

    code: ClassVar[CriterionCode] = CriterionCode.COMPONENT

    def decide(self, facts: FamilyFacts, at: date, params: ParameterSet) -> Criterion:
        """The criterion entry for ``facts``."""
        if facts.flat_year is not None:
            y = facts.flat_year
            return Criterion(
                self.code.value,
                _NA,
                f"Tahun {y}: bantuan flat per keluarga, tanpa komponen.",
                f"{y}: flat amount per family, no components.",
            )
        n = facts.ncomp
        ok = n > 0
        return _crit(
            self.code,
            ok,
            f"{n} anggota memenuhi komponen."
            if ok
            else "Tidak ada anggota yang memenuhi komponen PKH (kondisi graduasi alamiah).",
            f"{n} member(s) with a component."
            if ok
            else "No member has an eligible PKH component (condition of natural "
            "graduation, graduasi alamiah).",
            observed=str(n),
            threshold=">= 1",
        )

    def parameters(self) -> tuple[str, ...]:
        """The parameter names read (none)."""
        return ()


FamilyCriterion = Registered | DecileAtMost | StatusIs | HasComponent
"""Any family criterion."""


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
        for name in self.parameters():
            if name not in params:
                raise ValidationError(
                    f"{self.code}.spec", f"names the parameter {name!r}, which does not exist"
                )
