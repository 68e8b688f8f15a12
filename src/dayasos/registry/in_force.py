"""Which record is in force on a date: one rule for enrolment status and welfare rank.

A registry keeps every welfare rank and every status change it was given (nothing is
overwritten), so "the rank of a family on 1 July" and "its PKH status on 1 July" are both
answers of one rule over a history:

1. only the entries whose **date** (``recorded`` for a rank, ``effective`` for a status) is on
   or before the day asked about count; with ``known_on``, only those *recorded* on or before
   that day (what the registry said then);
2. of those, the entry that sorts **last** by the **order** columns wins: for a rank the latest
   ``recorded`` date, for a status the latest ``effective`` date, a tie going to the later
   ``recorded`` date; a remaining tie goes to the entry appended later (``seq``, the append
   order).

An :class:`InForceRule` holds that definition once. :meth:`InForceRule.pick` applies it to a
history in Python (the memory store and :func:`~dayasos.registry.status_in_force`);
:meth:`InForceRule.sql_where`, :meth:`InForceRule.sql_latest_first` and
:meth:`InForceRule.sql_oldest_first` generate the SQL fragments the SQLite store's queries are
built from, so both stores answer from the same columns in the same order.

Examples:
    >>> from datetime import date
    >>> from dayasos.registry import NoKK, WelfareRank
    >>> kk = NoKK.parse("3171012009000001")
    >>> ranks = [WelfareRank(kk, 3, date(2021, 1, 5)), WelfareRank(kk, 2, date(2021, 6, 1))]
    >>> RANK_IN_FORCE.pick(ranks, date(2021, 3, 1)).desil
    3
    >>> RANK_IN_FORCE.pick(ranks, date(2021, 7, 1)).desil
    2
    >>> print(RANK_IN_FORCE.pick(ranks, date(2020, 12, 31)))
    None
    >>> STATUS_IN_FORCE.sql_latest_first()
    'effective DESC, recorded DESC, seq DESC'
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Final, TypeVar

from attrs import define, field

from dayasos.errors import ValidationError

__all__ = ["RANK_IN_FORCE", "SEQ", "STATUS_IN_FORCE", "InForceRule"]

T = TypeVar("T")

SEQ: Final = "seq"
"""The order column that stands for the append order (the SQLite ``seq`` column; the position
in the history for a history in memory)."""


def _check_order(rule: InForceRule, _attribute: object, order: tuple[str, ...]) -> None:
    if not order or order[0] != rule.on or order[-1] != SEQ:
        raise ValidationError("order", f"must start with {rule.on!r} and end with {SEQ!r}")


@define(frozen=True)
class InForceRule:
    """The definition of "the entry in force on a date" for one kind of dated record.

    Attributes:
        on: the date column compared with the day asked about (the entry counts when it is on
            or before that day).
        order: the columns that decide between the entries that count, most significant
            first, ascending; the last entry wins. Starts with ``on``, ends with
            :data:`SEQ` (the append order).
        known: the column compared with ``known_on`` (the date the entry was recorded), or
            ``""`` when the rule takes no ``known_on``.
    """

    on: str
    order: tuple[str, ...] = field(validator=_check_order)
    known: str = ""

    def key(self, entry: object, position: int) -> tuple[object, ...]:
        """The sort key of ``entry`` (at ``position`` in its history) by :attr:`order`."""
        return tuple(position if c == SEQ else getattr(entry, c) for c in self.order)

    def counts(self, entry: object, on: date, known_on: date | None = None) -> bool:
        """Whether ``entry`` counts for the day ``on`` (and the registry as known on
        ``known_on``)."""
        when: date = getattr(entry, self.on)
        if when > on:
            return False
        if known_on is not None:
            if not self.known:
                raise ValidationError("known_on", "this rule takes no known_on date")
            recorded: date = getattr(entry, self.known)
            return recorded <= known_on
        return True

    def pick(self, history: Iterable[T], on: date, known_on: date | None = None) -> T | None:
        """The entry of ``history`` (in append order) in force on ``on``, or ``None``.

        Args:
            history: the entries of one subject (one family's ranks, one subject's status
                changes in one programme), in the order they were appended.
            on: the day asked about.
            known_on: count only the entries recorded on or before this day.
        """
        best: tuple[object, ...] | None = None
        winner: T | None = None
        for i, entry in enumerate(history):
            if not self.counts(entry, on, known_on):
                continue
            k = self.key(entry, i)
            if best is None or k > best:
                best, winner = k, entry
        return winner

    def sql_where(self, *, known: bool = False) -> str:
        """The SQL condition for the entries that count, with one ``?`` for the day (ISO
        text), and with ``known`` a second one for the ``known_on`` day."""
        cond = f"{self.on} <= ?"
        if not known:
            return cond
        if not self.known:
            raise ValidationError("known", "this rule takes no known_on date")
        return f"{cond} AND {self.known} <= ?"

    def sql_latest_first(self) -> str:
        """The ``ORDER BY`` list that puts the entry in force first (``LIMIT 1``,
        ``ROW_NUMBER() ... = 1``)."""
        return ", ".join(f"{c} DESC" for c in self.order)

    def sql_oldest_first(self) -> str:
        """The ``ORDER BY`` list that puts the entry in force last (a scan where the last
        entry per subject wins)."""
        return ", ".join(self.order)


RANK_IN_FORCE: Final = InForceRule(on="recorded", order=("recorded", SEQ))
"""A family's welfare rank in force: the latest ``recorded`` on or before the day, then the
later appended."""

STATUS_IN_FORCE: Final = InForceRule(
    on="effective", order=("effective", "recorded", SEQ), known="recorded"
)
"""An enrolment status in force: the latest ``effective`` on or before the day, then the later
``recorded``, then the later appended; ``known_on`` counts only changes recorded by then."""
