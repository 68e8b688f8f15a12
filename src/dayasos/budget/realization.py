"""Realization, absorption (penyerapan), sisa pagu and roll-ups over DIPA lines.

Every percentage names its base (:class:`Base`): the full pagu, as ministry press releases
use, or pagu efektif (pagu minus blokir), as IKPA uses (PER-5/PB/2024 Pasal 9: "pagu per jenis belanja dikurangi blokir"). Realization above the
base and negative periods (refunds) are reported as flags, never clipped.

Examples:
    >>> from datetime import date
    >>> from dayasos.budget.codes import *
    >>> from dayasos.budget.dipa import *
    >>> key = BudgetLineKey(2020, "027", "KEMENSOS", "000000", "ALL", "ALL", Output("ALL"),
    ...                     "ALL", Akun("511111"), Kewenangan.KANTOR_PUSAT, SumberDana.RM)
    >>> line = DipaLine(key,
    ...     pagu_events=[PaguEvent(date(2020, 1, 1), Rupiah(503_160_462_000), "awal")],
    ...     realizations=[Realization(date(2020, 12, 31), Rupiah(445_436_309_885))])
    >>> a = absorption([line], date(2020, 12, 31))
    >>> a.percentage.rounded(4), a.base.value
    (Decimal('88.5277'), 'pagu')
    >>> sisa_pagu([line], date(2020, 12, 31))
    Rupiah(57724152115)
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Hashable, Iterable
from datetime import date

from attrs import define

from dayasos.budget.codes import Level
from dayasos.budget.dipa import DipaLine
from dayasos.errors import ValidationError
from dayasos.money import Percentage, Rupiah
from dayasos.periods import Month, Period

__all__ = [
    "Absorption",
    "Base",
    "absorption",
    "absorption_by",
    "realization_cube",
    "roll_up",
    "sisa_pagu",
]


class Base(enum.Enum):
    """The denominator of an absorption percentage."""

    PAGU = "pagu"
    """The DIPA pagu as revised at the date (press releases, EKA)."""
    PAGU_EFEKTIF = "pagu_efektif"
    """Pagu minus blokir (IKPA)."""


@define(frozen=True, slots=True)
class Absorption:
    """Realization against a named base at a date, optionally for a period only."""

    as_of: date
    period: Period | None
    base: Base
    base_amount: Rupiah
    realized: Rupiah

    @property
    def percentage(self) -> Percentage | None:
        """``realized / base_amount`` exactly, or ``None`` when the base is Rp0."""
        if self.base_amount.is_zero:
            return None
        return Percentage.of(self.realized, self.base_amount)

    @property
    def remaining(self) -> Rupiah:
        """Base minus realization (negative when realization exceeds the base)."""
        return self.base_amount - self.realized

    @property
    def over_base(self) -> bool:
        """Realization exceeds the base (e.g. *realisasi melebihi pagu*)."""
        return self.realized > self.base_amount

    @property
    def negative(self) -> bool:
        """Net realization of the period is negative (refunds exceed payments)."""
        return self.realized.amount < 0

    def describe(self) -> str:
        """One line: amounts, percentage with its base, and the flags."""
        pct = "n/a (base Rp0)" if self.percentage is None else self.percentage.format(2)
        span = "" if self.period is None else f" in {self.period}"
        flags = []
        if self.over_base:
            flags.append(f"ABOVE {self.base.value}")
        if self.negative:
            flags.append("NEGATIVE realization")
        extra = f" [{'; '.join(flags)}]" if flags else ""
        return (
            f"realisasi {self.realized}{span} of {self.base.value} {self.base_amount} "
            f"as of {self.as_of.isoformat()}: {pct}{extra}"
        )


def _same_year(lines: Iterable[DipaLine], as_of: date) -> list[DipaLine]:
    items = list(lines)
    for i, line in enumerate(items):
        if line.key.fiscal_year != as_of.year:
            raise ValidationError(
                "lines",
                f"belongs to TA {line.key.fiscal_year}, not the TA of the date {as_of.isoformat()}",
                index=i,
            )
    return items


def _base_amount(lines: Iterable[DipaLine], at: date, base: Base) -> Rupiah:
    if base is Base.PAGU:
        return Rupiah.total(line.pagu(at) for line in lines)
    return Rupiah.total(line.pagu_efektif(at) for line in lines)


def absorption(
    lines: Iterable[DipaLine],
    as_of: date,
    period: Period | None = None,
    *,
    base: Base = Base.PAGU,
) -> Absorption:
    """Absorption of ``lines`` at ``as_of`` (cumulative in the year, or within ``period``).

    The base is the pagu (or pagu efektif) **as of the same date**: a percentage of an
    earlier or later pagu misleads when the pagu is revised during the year (Ditjen PFM 2020:
    Rp28.98 T at the start, Rp80.55 T at the end).
    """
    if not isinstance(as_of, date):
        raise ValidationError("as_of", "must be a date", shown=repr(as_of))
    items = _same_year(lines, as_of)
    realized = Rupiah.total(line.realized(as_of, period) for line in items)
    return Absorption(as_of, period, base, _base_amount(items, as_of, base), realized)


def sisa_pagu(
    lines: Iterable[DipaLine],
    as_of: date,
    *,
    base: Base = Base.PAGU,
    with_commitments: bool = False,
) -> Rupiah:
    """Remaining pagu: base minus realization, and minus open commitments when asked.

    Commitments count as open only for the part not yet realized is **not** inferred: the
    caller records a negative commitment when a contract is paid or released (SPAN keeps
    ``encumbrance_amt`` separately from ``actual_amt``).
    """
    items = list(lines)
    remaining = absorption(items, as_of, base=base).remaining
    if with_commitments:
        remaining -= Rupiah.total(line.committed(as_of) for line in items)
    return remaining


def roll_up(
    lines: Iterable[DipaLine], levels: tuple[Level, ...], as_of: date
) -> dict[tuple[object, ...], tuple[Rupiah, Rupiah]]:
    """(pagu, realization) at ``as_of`` summed by the dimensions ``levels`` of the key."""
    pagu: dict[tuple[object, ...], int] = defaultdict(int)
    real: dict[tuple[object, ...], int] = defaultdict(int)
    for line in _same_year(lines, as_of):
        k = line.key.project(levels)
        pagu[k] += line.pagu(as_of).amount
        real[k] += line.realized(as_of).amount
    return {k: (Rupiah(pagu[k]), Rupiah(real[k])) for k in pagu}


def absorption_by(
    lines: Iterable[DipaLine],
    levels: tuple[Level, ...],
    as_of: date,
    period: Period | None = None,
    *,
    base: Base = Base.PAGU,
) -> dict[tuple[object, ...], Absorption]:
    """:func:`absorption` for each group of lines sharing the values of ``levels``."""
    groups: dict[tuple[object, ...], list[DipaLine]] = defaultdict(list)
    for line in lines:
        groups[line.key.project(levels)].append(line)
    return {k: absorption(v, as_of, period, base=base) for k, v in groups.items()}


def realization_cube(
    transactions: Iterable[tuple[Hashable, Hashable, date, int]],
) -> dict[tuple[Hashable, Hashable, Month], Rupiah]:
    """Sum raw realization transactions ``(satker, akun, sp2d_date, rupiah)`` by satker x akun x month.

    The fast path for millions of SP2D rows: plain int sums, converted to :class:`Rupiah` once
    per cell.

    Examples:
        >>> cube = realization_cube([("123456", "521111", date(2020, 7, 3), 100),
        ...                          ("123456", "521111", date(2020, 7, 20), -30)])
        >>> cube[("123456", "521111", Month(2020, 7))]
        Rupiah(70)
    """
    sums: dict[tuple[Hashable, Hashable, int, int], int] = defaultdict(int)
    for satker, akun, day, amount in transactions:
        sums[(satker, akun, day.year, day.month)] += amount
    return {(s, a, Month(y, m)): Rupiah(v) for (s, a, y, m), v in sums.items()}
