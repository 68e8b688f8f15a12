"""Specs of the programmes whose subject is not a PKH family: groups, applicants, recipients.

A :class:`SubjectProgramme` names the attributes of its subject value (a
:class:`~dayasos.eligibility.programmes.KubeGroup`, a
:class:`~dayasos.eligibility.programmes.PenaApplicant`, ...) that its criteria read, the
parameters they compare against, and how the amount is paid. The one interpreter is
:mod:`dayasos.eligibility.programmes.subject`. These subjects (KPM histories, groups, ages,
other enrolments) are not columns of a population, so there is no column-wise evaluator for
them.

Examples:
    >>> from dayasos.categories import Programme
    >>> from dayasos.eligibility.spec.household import InForce, Once, check_parameters
    >>> spec = SubjectProgramme(
    ...     Programme.RS_RUTILAHU,
    ...     criteria=(InForce("rs_rutilahu.grant"),
    ...               Flag("registered", ("registered",), "Terdaftar.", "Registered.")),
    ...     amount=Single("rs_rutilahu.grant", "Rehabilitasi"),
    ... )
    >>> spec.parameters()
    ('rs_rutilahu.grant', 'rs_rutilahu.grant')
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from attrs import Attribute, define, field

from dayasos._validators import non_empty_text
from dayasos.categories import Category, Programme
from dayasos.eligibility.spec.household import InForce, Once, check_parameters
from dayasos.errors import ValidationError
from dayasos.law import LegalBasis

if TYPE_CHECKING:
    from dayasos.parameters import ParameterSet

__all__ = [
    "Bounds",
    "EmpowermentYear",
    "Flag",
    "InKind",
    "MonthlyPackages",
    "NoOtherEnrolment",
    "OneOf",
    "PkatStage",
    "Single",
    "StageInKind",
    "StatusIn",
    "SubjectAmount",
    "SubjectCriterion",
    "SubjectProgramme",
]


def _names(
    attribute: str,
) -> Callable[[object, Attribute[tuple[str, ...]], tuple[str, ...]], None]:
    def check(_: object, a: Attribute[tuple[str, ...]], value: tuple[str, ...]) -> None:
        if not value or not all(isinstance(v, str) and v for v in value):
            raise ValidationError(attribute, "must name at least one attribute")

    return check


@define(frozen=True, slots=True)
class Flag:
    """Yes/no facts of the subject: passed when every attribute of ``attributes`` is truthy
    (any of them when ``any_of``); the messages are those of the passed criterion (a failed
    one prefixes "Tidak: " / "Not met: ")."""

    code: str = field(validator=non_empty_text("code"))
    attributes: tuple[str, ...] = field(validator=_names("attributes"))
    message_id: str = field(validator=non_empty_text("message_id"))
    message_en: str = field(validator=non_empty_text("message_en"))
    any_of: bool = False

    def parameters(self) -> tuple[str, ...]:
        """The parameter names read (none)."""
        return ()


@define(frozen=True, slots=True)
class StatusIn:
    """The status of the subject's lifecycle history (attribute ``history``) on the date is
    one of ``statuses`` (shown as ``threshold``); ``ok_*`` / ``bad_*`` are the messages
    (``{status}`` is the status code, ``(none)`` before the history starts)."""

    code: str = field(validator=non_empty_text("code"))
    statuses: frozenset[Category]
    threshold: str = field(validator=non_empty_text("threshold"))
    ok_id: str
    bad_id: str
    ok_en: str
    bad_en: str
    attribute: str = "history"

    def parameters(self) -> tuple[str, ...]:
        """The parameter names read (none)."""
        return ()


@define(frozen=True, slots=True)
class OneOf:
    """The category attribute ``attribute`` of the subject is one of ``allowed``; the
    messages are ``prefix_id`` / ``prefix_en`` followed by the category's name."""

    code: str = field(validator=non_empty_text("code"))
    attribute: str = field(validator=non_empty_text("attribute"))
    allowed: frozenset[Category]
    prefix_id: str = field(validator=non_empty_text("prefix_id"))
    prefix_en: str = field(validator=non_empty_text("prefix_en"))
    threshold: str | None = None

    def parameters(self) -> tuple[str, ...]:
        """The parameter names read (none)."""
        return ()


@define(frozen=True, slots=True)
class Bounds:
    """An integer of the subject within the integer parameters ``minimum`` and ``maximum``
    (codes ``<prefix>_min`` and ``<prefix>_max``; a bound without a value on the date is not
    reported). The integer is attribute ``attribute``, or the age in completed years on the
    date of the birth date it names when ``age``. ``ok_*`` / ``bad_*`` are the messages
    (``{n}`` is the integer); ``unknown_*`` the messages of a bound whose value is unknown
    (not applicable), or None to skip such a bound."""

    prefix: str = field(validator=non_empty_text("prefix"))
    attribute: str = field(validator=non_empty_text("attribute"))
    minimum: str = field(validator=non_empty_text("minimum"))
    maximum: str = field(validator=non_empty_text("maximum"))
    ok_id: str
    bad_id: str
    ok_en: str
    bad_en: str
    age: bool = False
    unknown_id: str | None = None
    unknown_en: str | None = None

    def parameters(self) -> tuple[str, ...]:
        """The parameter names read."""
        return (self.minimum, self.maximum)


@define(frozen=True, slots=True)
class NoOtherEnrolment:
    """While the boolean ``parameter`` holds, the subject's ``attribute`` (programmes)
    name no programme but this one (not applicable while it does not hold; not reported
    while it has no value)."""

    parameter: str = field(validator=non_empty_text("parameter"))
    code: str = "no_other_aid"
    attribute: str = "other_enrolments"

    def parameters(self) -> tuple[str, ...]:
        """The parameter names read."""
        return (self.parameter,)


class PkatStage(enum.Enum):
    """The stages of KAT empowerment (Permensos 12/2015, text not read, U)."""

    PERSIAPAN = "persiapan"
    """Preparation: social mapping and feasibility study."""
    TAHUN_I = "tahun_1"
    TAHUN_II = "tahun_2"
    TAHUN_III = "tahun_3"
    TERMINASI = "terminasi"
    """Termination: the community leaves the programme."""


@define(frozen=True, slots=True)
class EmpowermentYear:
    """In an empowerment year on the date (code ``empowerment_year``): preparation until the
    date attribute ``start`` (or while it is None), then years I.. the integer ``parameter``,
    then termination."""

    parameter: str = field(validator=non_empty_text("parameter"))
    start: str = "empowerment_start"
    code: ClassVar[str] = "empowerment_year"

    def stage(self, start: date | None, at: date, years: int) -> PkatStage:
        """The stage on ``at`` of a community whose empowerment starts on ``start``."""
        if start is None or at < start:
            return PkatStage.PERSIAPAN
        done = at.year - start.year - ((at.month, at.day) < (start.month, start.day))
        if done >= years:
            return PkatStage.TERMINASI
        return (PkatStage.TAHUN_I, PkatStage.TAHUN_II, PkatStage.TAHUN_III)[min(done, 2)]

    def parameters(self) -> tuple[str, ...]:
        """The parameter names read."""
        return (self.parameter,)


SubjectCriterion = InForce | Flag | StatusIn | OneOf | Bounds | NoOtherEnrolment | EmpowermentYear
"""Any criterion of a subject programme."""


@define(frozen=True, slots=True)
class Single(Once):
    """Paid once (the household programmes' :class:`~dayasos.eligibility.spec.household.Once`):
    the rupiah parameter ``amount`` times the integer parameter ``times`` or the integer
    attribute ``quantity`` of the subject (once when neither), with the in-kind text
    ``in_kind`` (``{n}`` is the quantity)."""

    quantity: str | None = None
    in_kind: str | None = None


@define(frozen=True, slots=True)
class InKind:
    """Paid in kind only (``text``); ``known`` is the parameter whose unknown value the
    decision notes. The amount is None."""

    known: str = field(validator=non_empty_text("known"))
    text: str = field(validator=non_empty_text("text"))

    def parameters(self) -> tuple[str, ...]:
        """The parameter names read."""
        return (self.known,)


@define(frozen=True, slots=True)
class MonthlyPackages:
    """For each month of the year in which both have a value, ``per_month`` (integer) packages
    of ``value`` (rupiah) each; in kind ``in_kind``."""

    value: str = field(validator=non_empty_text("value"))
    per_month: str = field(validator=non_empty_text("per_month"))
    label: str = field(validator=non_empty_text("label"))
    in_kind: str = field(validator=non_empty_text("in_kind"))

    def parameters(self) -> tuple[str, ...]:
        """The parameter names read."""
        return (self.value, self.per_month)


@define(frozen=True, slots=True)
class StageInKind:
    """In kind, what the empowerment stage of the date brings (``benefits``; the stage of
    the spec's :class:`EmpowermentYear` criterion), and the ``source`` saying so, whose
    reference ends the entitlement's text. The amount is None."""

    benefits: tuple[tuple[PkatStage, str], ...]
    source: LegalBasis | None = None

    def parameters(self) -> tuple[str, ...]:
        """The parameter names read (none)."""
        return ()


SubjectAmount = Single | InKind | MonthlyPackages | StageInKind
"""Any amount rule of a subject programme."""


@define(frozen=True, slots=True)
class SubjectProgramme:
    """A programme for a subject value: its category, criteria (reported in this order) and
    amount; ``beneficiary`` names the subject's identifier attribute (a dotted path such
    as ``"history.family_id"`` reads an attribute of an attribute)."""

    programme: Programme
    criteria: tuple[SubjectCriterion, ...]
    amount: SubjectAmount
    beneficiary: str = "household_id"

    def __attrs_post_init__(self) -> None:
        codes = [c.code if not isinstance(c, Bounds) else c.prefix for c in self.criteria]
        if len(set(codes)) != len(codes):
            raise ValidationError(
                f"{self.programme.code}.criteria", "a criterion is declared twice"
            )

    def parameters(self) -> tuple[str, ...]:
        """Every parameter name read, criteria first."""
        return tuple(n for c in (*self.criteria, self.amount) for n in c.parameters())

    def check(self, params: ParameterSet) -> None:
        """Raise :class:`~dayasos.errors.ValidationError` naming the first parameter of the
        spec that ``params`` does not have."""
        check_parameters(self.programme.code, self.parameters(), params)
