"""Decisions that explain themselves: an outcome and one entry per criterion.

A :class:`Decision` is the frozen result of a rule (eligibility, graduation, allocation):
the outcome and every :class:`Criterion` it checked, each with its status (passed, failed,
not applicable), the observed value, the threshold, the :class:`ParameterUse` it read (the
parameter's value, effective dates, legal basis and confidence) and a message in Bahasa
Indonesia and English. :meth:`Decision.explain` renders it; the shared converter of
:mod:`dayasos.serialization` writes it as JSON.

Examples:
    >>> from datetime import date
    >>> c = Criterion(
    ...     code="registered",
    ...     status=CriterionStatus.PASSED,
    ...     message_id="Terdaftar di DTKS.",
    ...     message_en="Registered in DTKS.",
    ... )
    >>> d = Decision(programme="PKH", subject="eligibility", at=date(2021, 1, 1),
    ...              outcome=True, criteria=(c,))
    >>> print(d.explain("en"))
    PKH eligibility on 2021-01-01: yes
      [passed] registered: Registered in DTKS.
"""

from __future__ import annotations

import enum
from datetime import date
from typing import Literal

from attrs import define, field

from dayasos._validators import non_empty_text
from dayasos.errors import ValidationError
from dayasos.law import Confidence, LegalBasis
from dayasos.parameters import ParameterValue

__all__ = [
    "Criterion",
    "CriterionStatus",
    "Decision",
    "Lang",
    "ParameterUse",
    "check_lang",
    "in_lang",
]

Lang = Literal["id", "en"]
"""A language of explanations: ``"id"`` (Bahasa Indonesia) or ``"en"`` (English)."""


def check_lang(lang: str) -> Lang:
    """``lang`` if it is ``"id"`` or ``"en"``; otherwise a ValidationError naming ``lang``."""
    if lang == "id":
        return "id"
    if lang == "en":
        return "en"
    raise ValidationError("lang", "must be 'id' or 'en'", shown=repr(lang))


def in_lang(texts: tuple[str, str], lang: str) -> str:
    """The Bahasa Indonesia (``lang == "id"``) or else the English text of a pair
    ``(id, en)``: how every bilingual label table of the rules is read."""
    return texts[0] if lang == "id" else texts[1]


class CriterionStatus(enum.Enum):
    """The outcome of one criterion."""

    PASSED = "passed"
    FAILED = "failed"
    NOT_APPLICABLE = "not_applicable"
    """The criterion does not apply on that date, or its threshold is not known (the
    message says which)."""

    def label(self, lang: Lang) -> str:
        """The status in ``lang``."""
        return in_lang(_STATUS_LABELS[self], lang)


_STATUS_LABELS = {
    CriterionStatus.PASSED: ("terpenuhi", "passed"),
    CriterionStatus.FAILED: ("tidak terpenuhi", "failed"),
    CriterionStatus.NOT_APPLICABLE: ("tidak berlaku", "not applicable"),
}


def _render_value(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ",".join(str(v) for v in value)
    return str(value)


@define(frozen=True, slots=True)
class ParameterUse:
    """A parameter value a rule used: name, value (as text), effective dates, source, confidence.

    ``value`` is ``None`` when the parameter is known to exist on that date but its value was
    not found in any source (status ``unknown``).
    """

    name: str
    value: str | None
    start: date
    end: date | None
    source: LegalBasis
    confidence: Confidence
    origin: str = "shipped"
    """``"shipped"`` or the name of the reform that set the value."""

    @classmethod
    def of(cls, name: str, pv: ParameterValue) -> ParameterUse:
        """The use of parameter ``name`` whose value in force is ``pv``."""
        return cls(
            name, _render_value(pv.value), pv.start, pv.end, pv.source, pv.confidence, pv.origin
        )

    @property
    def unverified(self) -> bool:
        """True unless the value is confirmed by official text (confidence H)."""
        return self.confidence is not Confidence.HIGH

    def cite(self) -> str:
        """``name = value (from .. to ..; source; confidence)`` on one line."""
        until = self.end.isoformat() if self.end else "…"
        shown = "unknown" if self.value is None else self.value
        reform = "" if self.origin == "shipped" else f"; reform {self.origin}"
        return (
            f"{self.name} = {shown} ({self.start.isoformat()}–{until}; "
            f"{self.source.cite()}; {self.confidence.value}{reform})"
        )


@define(frozen=True, slots=True)
class Criterion:
    """One checked condition of a decision."""

    code: str = field(validator=non_empty_text("code"))
    """Stable short name, e.g. ``"registered"``, ``"welfare_decile"``."""
    status: CriterionStatus
    message_id: str = field(validator=non_empty_text("message_id"))
    """Message in Bahasa Indonesia."""
    message_en: str = field(validator=non_empty_text("message_en"))
    """Message in English."""
    observed: str | None = None
    """The observed value, as text (e.g. ``"3"`` for decile 3)."""
    threshold: str | None = None
    """The threshold compared with, as text (e.g. ``"<= 4"``)."""
    parameter: ParameterUse | None = None
    """The parameter the threshold came from, with its dates and source."""

    @property
    def passed(self) -> bool:
        """True unless the criterion failed (not applicable counts as not failing)."""
        return self.status is not CriterionStatus.FAILED

    def message(self, lang: Lang) -> str:
        """The message in ``lang``."""
        return self.message_id if lang == "id" else self.message_en


@define(frozen=True, slots=True)
class Decision:
    """The outcome of a rule on a date with every criterion it checked."""

    programme: str = field(validator=non_empty_text("programme"))
    subject: str = field(validator=non_empty_text("subject"))
    """What is decided, e.g. ``"eligibility"`` or ``"graduation"``."""
    at: date
    """The reference date of the decision."""
    outcome: bool
    criteria: tuple[Criterion, ...]

    @property
    def failed(self) -> tuple[Criterion, ...]:
        """The criteria that failed."""
        return tuple(c for c in self.criteria if c.status is CriterionStatus.FAILED)

    def criterion(self, code: str) -> Criterion:
        """The criterion called ``code``; raises KeyError-compatible ValidationError otherwise."""
        for c in self.criteria:
            if c.code == code:
                return c
        known = ", ".join(c.code for c in self.criteria)
        raise ValidationError("code", f"no criterion {code!r}; known: {known}")

    def explain(self, lang: str = "id") -> str:
        """The decision as text in ``"id"`` (Bahasa Indonesia) or ``"en"`` (English)."""
        lg = check_lang(lang)
        yes, no = ("ya", "tidak") if lg == "id" else ("yes", "no")
        on = "pada" if lg == "id" else "on"
        lines = [
            f"{self.programme} {self.subject} {on} {self.at.isoformat()}: "
            f"{yes if self.outcome else no}"
        ]
        lines.extend(render_criterion(c, lg) for c in self.criteria)
        return "\n".join(lines)


def render_criterion(c: Criterion, lang: Lang, indent: str = "  ") -> str:
    """One criterion as text: status, code, message, observed and threshold, parameter."""
    parts = [f"{indent}[{c.status.label(lang)}] {c.code}: {c.message(lang)}"]
    if c.observed is not None or c.threshold is not None:
        obs = "nilai" if lang == "id" else "observed"
        thr = "batas" if lang == "id" else "threshold"
        parts.append(f"{indent}    {obs}: {c.observed or '-'}; {thr}: {c.threshold or '-'}")
    if c.parameter is not None:
        parts.append(f"{indent}    {c.parameter.cite()}")
    return "\n".join(parts)
