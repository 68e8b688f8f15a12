"""Specs of household cash programmes (Program Sembako, BST, BLT BBM, ...): written once as data.

A :class:`HouseholdProgramme` names its criteria (:class:`InForce`, :class:`MonthsKnown`,
:class:`KpmFlag`) and its amount (:class:`Once` or :class:`Monthly`) by parameter name. The
per-family interpreter is :mod:`dayasos.eligibility.programmes.household` (a
:class:`~dayasos.eligibility.decision.Decision` and a
:class:`~dayasos.eligibility.programmes.ProgrammeEntitlement`); the column-wise evaluator is
:mod:`dayasos.population.programmes`.

Examples:
    >>> from dayasos.categories import Programme
    >>> spec = HouseholdProgramme(
    ...     Programme.BLT_BBM,
    ...     criteria=(InForce("blt_bbm.amount"), KpmFlag.ENROLLED),
    ...     amount=Once("blt_bbm.amount", "BLT BBM per penyaluran", times="blt_bbm.payments"),
    ... )
    >>> spec.parameters()
    ('blt_bbm.amount', 'blt_bbm.amount', 'blt_bbm.payments')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from attrs import define, field

from dayasos._validators import non_empty_text
from dayasos.categories import Programme
from dayasos.errors import ValidationError

if TYPE_CHECKING:
    from dayasos.parameters import ParameterSet

__all__ = [
    "HouseholdAmount",
    "HouseholdCriterion",
    "HouseholdProgramme",
    "InForce",
    "KpmFlag",
    "Monthly",
    "MonthsKnown",
    "Once",
    "check_parameters",
]

_FLAGS = ("enrolled", "in_sembako", "in_pkh")


@define(frozen=True, slots=True)
class InForce:
    """The programme runs on the date: ``parameter`` has a value then (code ``in_force``)."""

    parameter: str = field(validator=non_empty_text("parameter"))
    code: ClassVar[str] = "in_force"

    def parameters(self) -> tuple[str, ...]:
        """The parameter names read."""
        return (self.parameter,)


@define(frozen=True, slots=True)
class MonthsKnown:
    """The payment months of the year (a month-list ``parameter``) are known (code
    ``months_known``)."""

    parameter: str = field(validator=non_empty_text("parameter"))
    label: str = ""
    """The programme's short name in the message when no month is paid in the year."""
    code: ClassVar[str] = "months_known"

    def parameters(self) -> tuple[str, ...]:
        """The parameter names read."""
        return (self.parameter,)


@define(frozen=True, slots=True)
class KpmFlag:
    """A yes/no fact of the family (an attribute of
    :class:`~dayasos.eligibility.programmes.ProgrammeKpm`, and a boolean family column of the
    same name column-wise) that must be true, or false when ``negate``."""

    code: str = field(validator=non_empty_text("code"))
    attribute: str = field()
    message_id: str = field(validator=non_empty_text("message_id"))
    message_en: str = field(validator=non_empty_text("message_en"))
    negate: bool = False

    ENROLLED: ClassVar[KpmFlag]
    IN_SEMBAKO: ClassVar[KpmFlag]
    NOT_IN_PKH: ClassVar[KpmFlag]

    @attribute.validator
    def _known(self, _: object, value: str) -> None:
        if value not in _FLAGS:
            raise ValidationError("attribute", f"must be one of {', '.join(_FLAGS)}", shown=value)

    def parameters(self) -> tuple[str, ...]:
        """The parameter names read (none)."""
        return ()


KpmFlag.ENROLLED = KpmFlag("enrolled", "enrolled", "Ditetapkan sebagai KPM.", "Enrolled as KPM.")
KpmFlag.IN_SEMBAKO = KpmFlag(
    "in_sembako", "in_sembako", "KPM Program Sembako.", "A Program Sembako KPM."
)
KpmFlag.NOT_IN_PKH = KpmFlag(
    "not_in_pkh", "in_pkh", "Bukan KPM PKH.", "Not a PKH KPM.", negate=True
)


@define(frozen=True, slots=True)
class Once:
    """Paid once on the date: ``amount`` (rupiah), ``times`` (an integer parameter) times when
    given."""

    amount: str = field(validator=non_empty_text("amount"))
    label: str = field(validator=non_empty_text("label"))
    times: str | None = None

    def parameters(self) -> tuple[str, ...]:
        """The parameter names read."""
        return (self.amount,) if self.times is None else (self.amount, self.times)


@define(frozen=True, slots=True)
class Monthly:
    """``amount`` for each month of the year in which it has a value and, when ``months`` is
    given, which that month-list parameter names; once more in each month of ``extra_months``
    (line ``extra_label``); the months of ``deferred_months`` are paid in the first month of
    ``deferred_paid_in``."""

    amount: str = field(validator=non_empty_text("amount"))
    label: str = field(validator=non_empty_text("label"))
    months: str | None = None
    extra_months: str | None = None
    extra_label: str = ""
    deferred_months: str | None = None
    deferred_paid_in: str | None = None

    def parameters(self) -> tuple[str, ...]:
        """The parameter names read."""
        names = (
            self.amount,
            self.months,
            self.extra_months,
            self.deferred_months,
            self.deferred_paid_in,
        )
        return tuple(n for n in names if n is not None)


HouseholdCriterion = InForce | MonthsKnown | KpmFlag
"""Any criterion of a household programme."""
HouseholdAmount = Once | Monthly
"""Any amount rule of a household programme."""


@define(frozen=True, slots=True)
class HouseholdProgramme:
    """A household cash programme: its category, criteria (reported in this order) and amount."""

    programme: Programme
    criteria: tuple[HouseholdCriterion, ...]
    amount: HouseholdAmount

    def parameters(self) -> tuple[str, ...]:
        """Every parameter name read, criteria first."""
        return tuple(n for c in (*self.criteria, self.amount) for n in c.parameters())

    def check(self, params: ParameterSet) -> None:
        """Raise :class:`~dayasos.errors.ValidationError` naming the first parameter of the
        spec that ``params`` does not have."""
        check_parameters(self.programme.code, self.parameters(), params)


def check_parameters(code: str, names: Iterable[str], params: ParameterSet) -> None:
    """Raise :class:`~dayasos.errors.ValidationError` (field ``<code>.spec``) naming the first
    of ``names`` that ``params`` does not have: the check of every spec."""
    for name in names:
        if name not in params:
            raise ValidationError(
                f"{code}.spec", f"names the parameter {name!r}, which does not exist"
            )
