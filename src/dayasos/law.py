"""Legal bases and sources: what every parameter, rule and category cites.

A :class:`LegalBasis` names the instrument (``"Permensos No. 1 Tahun 2018"``), optionally the
article (``"Pasal 5"``), a URL, and a free note. It renders as a short citation:

Examples:
    >>> LegalBasis("Permensos No. 1 Tahun 2018", article="Pasal 5").cite()
    'Permensos No. 1 Tahun 2018, Pasal 5'

:class:`Confidence` records how sure the researched facts are about a value, using the
legend of the project's domain notes: ``H`` official text or several sources agree, ``M``
one secondary source, ``U`` unverified.
"""

from __future__ import annotations

import enum
from typing import Any

from attrs import define, field

from dayasos._validators import non_empty_text, optional_text
from dayasos.errors import ValidationError

__all__ = ["Confidence", "LegalBasis"]


class Confidence(enum.Enum):
    """How well a fact is established (legend of ``shared/domain``)."""

    HIGH = "H"
    """Official text, or several independent sources agree."""
    MEDIUM = "M"
    """One secondary source, or widely repeated but not read in the official text."""
    UNVERIFIED = "U"
    """Commonly stated; to be confirmed before treating it as law."""

    @classmethod
    def parse(cls, text: str) -> Confidence:
        """Parse ``"H"``, ``"M"``, ``"U"`` (or ``"L"``, low, treated as unverified)."""
        key = text.strip().upper() if isinstance(text, str) else ""
        if key == "L":
            return cls.UNVERIFIED
        for member in cls:
            if member.value == key or member.name == key:
                return member
        raise ValidationError("confidence", "must be one of H, M, U (or L)", shown=repr(text))


def _optional_url(_: Any, attribute: Any, value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        raise ValidationError("url", "must start with http:// or https://", shown=repr(value))


@define(frozen=True, slots=True)
class LegalBasis:
    """The legal instrument or official document behind a value or a rule."""

    instrument: str = field(validator=non_empty_text("instrument"))
    """The regulation or document, e.g. ``"Permensos No. 1 Tahun 2018"``."""
    article: str | None = field(default=None, validator=optional_text("article"))
    """The article or section, e.g. ``"Pasal 5 ayat (1)"``."""
    url: str | None = field(default=None, validator=_optional_url)
    """Where the text can be read, when known."""
    note: str | None = field(default=None, validator=optional_text("note"))
    """Anything a reader must know about the source (e.g. "secondary source")."""

    def cite(self) -> str:
        """Short citation: instrument and article."""
        return self.instrument if self.article is None else f"{self.instrument}, {self.article}"

    def __str__(self) -> str:
        return self.cite()
