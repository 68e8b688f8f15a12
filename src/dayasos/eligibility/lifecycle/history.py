"""The append-only, dated status history of one KPM PKH (:class:`KpmHistory`) and its
transitions (:class:`KpmTransition`), replayed and checked against the state machine."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from attrs import define, field

from dayasos._validators import a_date, non_empty_text
from dayasos.eligibility.decision import check_lang
from dayasos.eligibility.lifecycle.states import (
    GRADUATED_STATUSES,
    MACHINE,
    TransitionReason,
    allowed_reasons,
    status_code,
)
from dayasos.eligibility.pkh import PkhStatus
from dayasos.errors import InvalidTransitionError, ValidationError
from dayasos.law import LegalBasis

__all__ = ["KpmHistory", "KpmTransition", "StatusAt", "recording_date"]

_S = PkhStatus


def _optional_status(_: Any, attribute: Any, value: Any) -> None:
    if value is not None and not isinstance(value, PkhStatus):
        raise ValidationError("source", "must be a PkhStatus or None", shown=repr(value))


def _status(_: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, PkhStatus):
        raise ValidationError("target", "must be a PkhStatus", shown=repr(value))


def _reason(_: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, TransitionReason):
        raise ValidationError("reason", "must be a TransitionReason", shown=repr(value))


@define(frozen=True, slots=True)
class KpmTransition:
    """One dated status change of a KPM PKH.

    ``effective`` is the first day of the new status; ``recorded`` the day it was entered in the
    books (it may be earlier, a scheduled change, or later, a back-dated one). ``basis``
    defaults to the reason's legal basis.
    """

    source: PkhStatus | None = field(validator=_optional_status)
    """The status left (None for the first status of a history)."""
    target: PkhStatus = field(validator=_status)
    effective: date = field(validator=a_date("effective"))
    recorded: date = field(validator=a_date("recorded"))
    reason: TransitionReason = field(validator=_reason)
    basis: LegalBasis | None = None
    note: str | None = None
    """Free text without personal data (e.g. the facilitator's assessment reference)."""

    def __attrs_post_init__(self) -> None:
        if self.source is not None and self.source is self.target:
            raise InvalidTransitionError(
                MACHINE, self.source.code, self.target.code, "the status does not change"
            )
        if self.reason not in allowed_reasons(self.source, self.target):
            allowed = sorted(r.code for r in allowed_reasons(self.source, self.target))
            why = (
                f"reason {self.reason.code!r} does not apply; allowed: {', '.join(allowed)}"
                if allowed
                else "no such transition in the lifecycle"
            )
            raise InvalidTransitionError(MACHINE, status_code(self.source), self.target.code, why)

    @property
    def legal_basis(self) -> LegalBasis:
        """``basis`` if given, else the basis of the reason."""
        return self.basis if self.basis is not None else self.reason.basis

    def as_record(self, family_id: str) -> dict[str, str]:
        """The row of the registry's enrolment history for this transition (text values)."""
        return {
            "programme": "pkh",
            "family_id": family_id,
            "from_status": "" if self.source is None else self.source.code,
            "status": self.target.code,
            "effective": self.effective.isoformat(),
            "recorded": self.recorded.isoformat(),
            "reason": self.reason.code,
            "legal_basis": self.legal_basis.cite(),
            "note": self.note or "",
        }

    @classmethod
    def from_record(cls, row: Mapping[str, str]) -> KpmTransition:
        """The transition of a row written by :meth:`as_record` (the legal basis is kept only
        when it differs from the reason's)."""
        reason = TransitionReason.parse(row["reason"])
        cited = row.get("legal_basis", "")
        basis = None if not cited or cited == reason.basis.cite() else LegalBasis(cited)
        return cls(
            PkhStatus.parse(row["from_status"]) if row.get("from_status") else None,
            PkhStatus.parse(row["status"]),
            date.fromisoformat(row["effective"]),
            date.fromisoformat(row["recorded"]),
            reason,
            basis,
            row.get("note") or None,
        )


def _transitions(value: Iterable[KpmTransition]) -> tuple[KpmTransition, ...]:
    if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
        raise ValidationError("transitions", "must be a sequence of KpmTransition")
    return tuple(value)


@define(frozen=True, slots=True)
class StatusAt:
    """The status of a KPM on a date and the transition that set it (the "why")."""

    family_id: str
    at: date
    status: PkhStatus | None
    """None: the family had no PKH status yet on that date."""
    since: date | None
    transition: KpmTransition | None

    def explain(self, lang: str = "id") -> str:
        """One line in ``"id"`` or ``"en"``."""
        en = check_lang(lang) == "en"
        if self.status is None or self.transition is None or self.since is None:
            return (
                f"{self.family_id} has no PKH status on {self.at.isoformat()}"
                if en
                else f"{self.family_id} belum berstatus PKH pada {self.at.isoformat()}"
            )
        t = self.transition
        name = self.status.label_en if en else self.status.name_id
        reason = t.reason.label_en if en else t.reason.name_id
        if en:
            return (
                f"{self.family_id} on {self.at.isoformat()}: {name} since "
                f"{self.since.isoformat()} ({reason}; recorded {t.recorded.isoformat()}; "
                f"{t.legal_basis.cite()})"
            )
        return (
            f"{self.family_id} pada {self.at.isoformat()}: {name} sejak "
            f"{self.since.isoformat()} ({reason}; dicatat {t.recorded.isoformat()}; "
            f"{t.legal_basis.cite()})"
        )


@define(frozen=True, slots=True)
class KpmHistory:
    """The append-only, dated status history of one KPM PKH; replayed and checked at
    construction, so an invalid history never exists.

    Rules: the first transition starts from None; each next one leaves the status the previous
    one entered; effective dates and recorded dates never go back. Several transitions may take
    effect on one day: the status on that day is the last one.
    """

    family_id: str = field(validator=non_empty_text("family_id"))
    """Opaque identifier (never a No. KK)."""
    transitions: tuple[KpmTransition, ...] = field(converter=_transitions)
    _effective: tuple[int, ...] = field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        prev: KpmTransition | None = None
        for i, t in enumerate(self.transitions):
            if not isinstance(t, KpmTransition):
                raise ValidationError("transitions", "must be a KpmTransition", index=i)
            _check_next(prev, t, i)
            prev = t
        object.__setattr__(
            self, "_effective", tuple(t.effective.toordinal() for t in self.transitions)
        )

    @classmethod
    def start(
        cls,
        family_id: str,
        status: PkhStatus,
        effective: date,
        reason: TransitionReason | None = None,
        *,
        recorded: date | None = None,
        basis: LegalBasis | None = None,
    ) -> KpmHistory:
        """A history whose first status is ``status`` (``KANDIDAT`` or ``AKTIF``) from
        ``effective``; the reason defaults to the only one the machine accepts."""
        if reason is None:
            reasons = allowed_reasons(None, status)
            if len(reasons) != 1:
                raise InvalidTransitionError(
                    MACHINE, "(none)", status.code, "a history starts as kandidat or aktif"
                )
            (reason,) = reasons
        first = KpmTransition(None, status, effective, recorded or effective, reason, basis)
        return cls(family_id, (first,))

    @property
    def current(self) -> PkhStatus | None:
        """The status entered by the last transition (None for an empty history)."""
        return self.transitions[-1].target if self.transitions else None

    def append(self, transition: KpmTransition) -> KpmHistory:
        """A new history with ``transition`` appended (checked; this one is unchanged)."""
        if not isinstance(transition, KpmTransition):
            raise ValidationError("transition", "must be a KpmTransition")
        _check_next(self.transitions[-1] if self.transitions else None, transition, None)
        return KpmHistory(self.family_id, (*self.transitions, transition))

    def transition(
        self,
        target: PkhStatus,
        effective: date,
        reason: TransitionReason,
        *,
        recorded: date | None = None,
        basis: LegalBasis | None = None,
        note: str | None = None,
    ) -> KpmHistory:
        """A new history moved from the current status to ``target`` on ``effective``."""
        t = KpmTransition(
            self.current, target, effective, recorded or effective, reason, basis, note
        )
        return self.append(t)

    def _index_on(self, at: date, as_of: date | None) -> int:
        n = bisect.bisect_right(self._effective, at.toordinal())
        if as_of is not None:
            # recorded dates never go back, so the transitions known on as_of are a prefix
            while n and self.transitions[n - 1].recorded > as_of:
                n -= 1
        return n - 1

    def status_on(self, at: date, *, as_of: date | None = None) -> PkhStatus | None:
        """The status in force on ``at`` (None before the first transition); with ``as_of``,
        as the books knew it on that day (transitions recorded later are ignored)."""
        i = self._index_on(at, as_of)
        return self.transitions[i].target if i >= 0 else None

    def explain_status(self, at: date, *, as_of: date | None = None) -> StatusAt:
        """The status on ``at`` with the transition that set it ("what and why").

        Examples:
            >>> from datetime import date
            >>> h = KpmHistory.start("kpm-1", PkhStatus.AKTIF, date(2019, 1, 1))
            >>> print(h.explain_status(date(2020, 5, 1)).explain("en"))  # doctest: +ELLIPSIS
            kpm-1 on 2020-05-01: active since 2019-01-01 (enrolled as beneficiary family; ...)
        """
        i = self._index_on(at, as_of)
        if i < 0:
            return StatusAt(self.family_id, at, None, None, None)
        t = self.transitions[i]
        return StatusAt(self.family_id, at, t.target, t.effective, t)

    @property
    def graduation(self) -> KpmTransition | None:
        """The transition into a graduated status, if any."""
        for t in self.transitions:
            if t.target in GRADUATED_STATUSES:
                return t
        return None

    def as_records(self) -> tuple[dict[str, str], ...]:
        """The rows of the registry's enrolment history, in order (see the module docs)."""
        return tuple(t.as_record(self.family_id) for t in self.transitions)

    @classmethod
    def from_records(cls, family_id: str, rows: Iterable[Mapping[str, str]]) -> KpmHistory:
        """Replay rows written by :meth:`as_records` (checked)."""
        return cls(family_id, tuple(KpmTransition.from_record(r) for r in rows))


def _check_next(prev: KpmTransition | None, t: KpmTransition, index: int | None) -> None:
    left = None if prev is None else prev.target
    if t.source is not left:
        raise InvalidTransitionError(
            MACHINE,
            status_code(t.source),
            t.target.code,
            f"the history's status is {status_code(left)!r}, not {status_code(t.source)!r}"
            + ("" if index is None else f" (transition {index})"),
        )
    if prev is not None and t.effective < prev.effective:
        raise InvalidTransitionError(
            MACHINE,
            status_code(t.source),
            t.target.code,
            f"effective date {t.effective.isoformat()} is before the previous transition's "
            f"{prev.effective.isoformat()}",
        )
    if prev is not None and t.recorded < prev.recorded:
        raise InvalidTransitionError(
            MACHINE,
            status_code(t.source),
            t.target.code,
            f"recorded date {t.recorded.isoformat()} is before the previous transition's "
            f"{prev.recorded.isoformat()} (the history is append-only)",
        )


def recording_date(history: KpmHistory, effective: date, recorded: date | None) -> date:
    """The date to record a change taking effect on ``effective``: ``recorded`` if given,
    else the effective date, but never before the history's last record (it is append-only).
    """
    if recorded is not None:
        return recorded
    last = history.transitions[-1].recorded if history.transitions else effective
    return max(effective, last)
