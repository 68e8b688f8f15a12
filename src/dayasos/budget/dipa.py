"""DIPA lines as of a date: pagu with dated revisions, blokir, halaman III plan, commitments
and SP2D realizations, all in exact rupiah.

Pagu is the sum of dated :class:`PaguEvent` amounts (the initial allotment and each revision's
change), so the order in which revisions were recorded never matters: the pagu at a date is
the sum of the events dated on or before it.

Examples:
    >>> from datetime import date
    >>> from dayasos.budget.codes import *
    >>> key = BudgetLineKey(2020, "027", "PFM", "123456", "PFM", "1", Output("001"), "001",
    ...                     Akun("573111"), Kewenangan.KANTOR_PUSAT, SumberDana.RM)
    >>> line = DipaLine(key, pagu_events=(
    ...     PaguEvent(date(2020, 1, 1), AmountUnit.RIBU_RUPIAH.to_rupiah(28_975_250_028), "awal"),
    ...     PaguEvent(date(2020, 4, 1), AmountUnit.RIBU_RUPIAH.to_rupiah(32_052_400_000), "BA BUN I"),
    ... ))
    >>> line.pagu(date(2020, 5, 1))
    Rupiah(61027650028000)

Realization is cash-based (PSAP 02 par. 31): it counts on the SP2D date; a refund
(*pengembalian belanja*) is a negative realization.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any

from attrs import define, field

from dayasos._validators import a_date, instance_of
from dayasos.budget.codes import BudgetLineKey
from dayasos.errors import ValidationError
from dayasos.money import Rupiah
from dayasos.periods import Month, Period

__all__ = [
    "AmountUnit",
    "Blokir",
    "Commitment",
    "DipaLine",
    "DipaRevision",
    "MonthlyPlan",
    "PaguEvent",
    "PlanUpdate",
    "Realization",
]


class AmountUnit(enum.Enum):
    """The unit a source states its amounts in (sources mix them: the Ditjen PFM 2020
    slides state pagu in thousands of rupiah, press releases in trillions)."""

    RUPIAH = 1
    RIBU_RUPIAH = 1000

    def to_rupiah(self, amount: int) -> Rupiah:
        """An integer amount in this unit as exact rupiah."""
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise ValidationError("amount", "must be an int in the stated unit", shown=repr(amount))
        return Rupiah(amount * self.value)

    @classmethod
    def parse(cls, text: str) -> AmountUnit:
        """Parse ``"rupiah"`` or ``"ribu"`` / ``"ribu_rupiah"``."""
        key = text.strip().lower().replace(" ", "_") if isinstance(text, str) else ""
        if key in ("rupiah", "rp"):
            return cls.RUPIAH
        if key in ("ribu", "ribu_rupiah", "rp_ribu"):
            return cls.RIBU_RUPIAH
        raise ValidationError("unit", "must be 'rupiah' or 'ribu_rupiah'", shown=repr(text))


def _code(_: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, str) or not value.strip() or len(value) > 64:
        raise ValidationError(
            "code", "must be a non-empty text of at most 64 characters", shown=repr(value)
        )


@define(frozen=True, slots=True, order=True)
class PaguEvent:
    """A dated change of a line's pagu: the initial DIPA (``code="awal"``) or a revision.

    ``code`` is the revision code (e.g. ``"221"``, or a ledger label like ``"BA BUN I"``);
    ``change`` may be zero for a revision that keeps the pagu (*pagu tetap*).
    """

    on: date = field(validator=a_date("on"))
    change: Rupiah = field(validator=instance_of("change", Rupiah, "a Rupiah amount"))
    code: str = field(validator=_code)


@define(frozen=True, slots=True, order=True)
class Blokir:
    """A dated change of the blocked amount (halaman IV catatan); negative = unblocked."""

    on: date = field(validator=a_date("on"))
    change: Rupiah = field(validator=instance_of("change", Rupiah, "a Rupiah amount"))


@define(frozen=True, slots=True, order=True)
class Commitment:
    """A registered commitment (e.g. a contract) not yet paid; negative = released."""

    on: date = field(validator=a_date("on"))
    amount: Rupiah = field(validator=instance_of("amount", Rupiah, "a Rupiah amount"))


@define(frozen=True, slots=True, order=True)
class Realization:
    """Cash out of the Treasury on an SP2D date; a refund is a negative amount."""

    sp2d_date: date = field(validator=a_date("sp2d_date"))
    amount: Rupiah = field(validator=instance_of("amount", Rupiah, "a Rupiah amount"))
    sp2d_number: str | None = field(default=None)


@define(frozen=True, slots=True, order=True)
class PlanUpdate:
    """From ``on``, the halaman III plan of ``month`` is ``amount`` (a quarterly RPD update)."""

    on: date = field(validator=a_date("on"))
    month: Month = field()
    amount: Rupiah = field(validator=instance_of("amount", Rupiah, "a Rupiah amount"))

    @month.validator
    def _check_month(self, attribute: Any, value: Any) -> None:
        if not isinstance(value, Month):
            raise ValidationError("month", "must be a Month", shown=repr(value))

    def __attrs_post_init__(self) -> None:
        if self.amount.amount < 0:
            raise ValidationError(
                "amount", "a planned amount must not be negative", shown=str(self.amount)
            )


class MonthlyPlan(Mapping[Month, Rupiah]):
    """An immutable, hashable Month -> Rupiah mapping (the halaman III plan of a line)."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[Month, Rupiah] | None = None) -> None:
        self._items: dict[Month, Rupiah] = dict(items or {})

    def __getitem__(self, key: Month) -> Rupiah:
        return self._items[key]

    def __iter__(self) -> Iterator[Month]:
        return iter(sorted(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self._items) == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"MonthlyPlan({{{', '.join(f'{m!s}: {a.amount}' for m, a in self.items())}}})"


def _to_plan(value: Any) -> MonthlyPlan:
    if isinstance(value, MonthlyPlan):
        return value
    if not isinstance(value, Mapping):
        raise ValidationError(
            "plan", "must be a mapping of Month to Rupiah", shown=repr(value)[:40]
        )
    return MonthlyPlan(value)


def _plan(_: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, Mapping):
        raise ValidationError("plan", "must be a mapping of Month to Rupiah")
    for m, amount in value.items():
        if not isinstance(m, Month) or not isinstance(amount, Rupiah):
            raise ValidationError("plan", "keys must be Month and values Rupiah", shown=repr(m))
        if amount.amount < 0:
            raise ValidationError(
                "plan", f"planned amount of {m} must not be negative", shown=str(amount)
            )


def _tuple_of(name: str, kind: type, value: Iterable[Any]) -> tuple[Any, ...]:
    items = tuple(value)
    for i, item in enumerate(items):
        if not isinstance(item, kind):
            raise ValidationError(
                name, f"must contain {kind.__name__} values", index=i, shown=repr(item)
            )
    return items


def _pagu_events(value: Iterable[Any]) -> tuple[PaguEvent, ...]:
    return _tuple_of("pagu_events", PaguEvent, value)


def _blokirs(value: Iterable[Any]) -> tuple[Blokir, ...]:
    return _tuple_of("blokir", Blokir, value)


def _commitments(value: Iterable[Any]) -> tuple[Commitment, ...]:
    return _tuple_of("commitments", Commitment, value)


def _realizations(value: Iterable[Any]) -> tuple[Realization, ...]:
    return _tuple_of("realizations", Realization, value)


def _plan_updates(value: Iterable[Any]) -> tuple[PlanUpdate, ...]:
    items: tuple[PlanUpdate, ...] = _tuple_of("plan_updates", PlanUpdate, value)
    seen: dict[tuple[date, Month], Rupiah] = {}
    for i, u in enumerate(items):
        prior = seen.setdefault((u.on, u.month), u.amount)
        if prior != u.amount:
            raise ValidationError(
                "plan_updates",
                f"two different amounts for {u.month} on {u.on.isoformat()}: the order of "
                "recording must not decide",
                index=i,
            )
    return items


@define(frozen=True, slots=True)
class DipaLine:
    """One DIPA line with everything recorded against it (order of recording does not matter)."""

    key: BudgetLineKey
    pagu_events: tuple[PaguEvent, ...] = field(default=(), converter=_pagu_events)
    blokir: tuple[Blokir, ...] = field(default=(), converter=_blokirs)
    plan: MonthlyPlan = field(factory=MonthlyPlan, converter=_to_plan, validator=_plan)
    """Halaman III: rencana penarikan dana per month (the version used for the evaluation)."""
    commitments: tuple[Commitment, ...] = field(default=(), converter=_commitments)
    realizations: tuple[Realization, ...] = field(default=(), converter=_realizations)
    plan_updates: tuple[PlanUpdate, ...] = field(default=(), converter=_plan_updates)
    """Dated updates of the plan (RPD revisions in the quarterly windows); see :meth:`plan_at`."""

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.key, BudgetLineKey):
            raise ValidationError("key", "must be a BudgetLineKey", shown=repr(self.key))
        year = self.key.fiscal_year
        for i, r in enumerate(self.realizations):
            if r.sp2d_date.year != year:
                raise ValidationError(
                    "realizations",
                    f"SP2D date must fall in TA {year} (realization is cash-based)",
                    index=i,
                    shown=r.sp2d_date.isoformat(),
                )

    def pagu(self, at: date) -> Rupiah:
        """Pagu in force at the end of ``at`` (all pagu events dated on or before it)."""
        return Rupiah(sum(e.change.amount for e in self.pagu_events if e.on <= at))

    def blocked(self, at: date) -> Rupiah:
        """Amount blocked (blokir) at the end of ``at``."""
        return Rupiah(sum(b.change.amount for b in self.blokir if b.on <= at))

    def pagu_efektif(self, at: date) -> Rupiah:
        """Pagu minus blokir at ``at``."""
        return self.pagu(at) - self.blocked(at)

    def committed(self, at: date) -> Rupiah:
        """Commitments registered up to ``at``."""
        return Rupiah(sum(c.amount.amount for c in self.commitments if c.on <= at))

    def realized(self, at: date, period: Period | None = None) -> Rupiah:
        """Realization by SP2D date up to ``at``, restricted to ``period`` when given."""
        if period is None:
            return Rupiah(sum(r.amount.amount for r in self.realizations if r.sp2d_date <= at))
        return Rupiah(
            sum(
                r.amount.amount
                for r in self.realizations
                if r.sp2d_date <= at and period.start <= r.sp2d_date <= period.end
            )
        )

    def plan_at(self, at: date) -> MonthlyPlan:
        """The halaman III plan as known at the end of ``at``: ``plan`` with every update dated
        on or before ``at`` applied (the latest update of a month wins)."""
        latest: dict[Month, PlanUpdate] = {}
        for u in self.plan_updates:
            if u.on <= at and (u.month not in latest or latest[u.month].on < u.on):
                latest[u.month] = u
        if not latest:
            return self.plan
        merged = dict(self.plan)
        merged.update({m: u.amount for m, u in latest.items()})
        return MonthlyPlan(merged)

    def planned(self, period: Period, as_of: date | None = None) -> Rupiah:
        """Halaman III plan over the months of ``period`` (the version known at ``as_of``)."""
        plan = self.plan if as_of is None else self.plan_at(as_of)
        return Rupiah(sum(a.amount for m, a in plan.items() if m in period))

    def revisions_between(self, start: date, end: date) -> tuple[PaguEvent, ...]:
        """Pagu events other than the initial one dated in ``start`` .. ``end``, by date."""
        return tuple(
            sorted(e for e in self.pagu_events if e.code != "awal" and start <= e.on <= end)
        )


@define(frozen=True, slots=True, order=True)
class DipaRevision:
    """A revision of a satker's DIPA as a whole (what IKPA counts), with its revision code.

    ``code`` is the 3-digit revision code (``"221"`` antar-jenis belanja, ...); ``number`` is
    the revision's sequence or letter number when known (ignored for ordering of events).
    """

    on: date = field(validator=a_date("on"))
    code: str = field(validator=_code)
    satker: str = field(default="")
    number: str | None = field(default=None, order=False)
