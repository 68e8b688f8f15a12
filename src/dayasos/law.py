"""Legal bases and sources: what every parameter, rule and category cites.

A :class:`LegalBasis` names the instrument (``"Permensos No. 1 Tahun 2018"``) or the public
document (a ministry page, a press article: its title), optionally the article (``"Pasal 5"``),
the publisher, the publication date, the address (URL), a short quote of the passage relied on,
and a free note. Every source a user is shown is public: a regulation they can look up or a page
they can open. It renders as a short citation:

Examples:
    >>> LegalBasis("Permensos No. 1 Tahun 2018", article="Pasal 5").cite()
    'Permensos No. 1 Tahun 2018, Pasal 5'

:class:`Confidence` records how well the public sources establish a value: ``H`` official
text or several sources agree, ``M`` one secondary source, ``U`` unverified.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from attrs import define, field

from dayasos._validators import non_empty_text, optional_text
from dayasos.errors import ValidationError

__all__ = ["SOURCE_FIELDS", "Confidence", "LegalBasis"]

SOURCE_FIELDS: tuple[str, ...] = (
    "instrument",
    "article",
    "url",
    "note",
    "publisher",
    "published",
    "quote",
)
"""The fields a source table of a data file may have."""

_REGULATION = re.compile(
    r"^(Undang-Undang|UU|Peraturan|Permensos|Permendagri|Perpres|PP|PMK|Keputusan|Kepmensos|"
    r"Kepmendagri|Kepdirjen|Instruksi|Inpres|Perdirjen|Surat)\b.*\d"
)


class Confidence(enum.Enum):
    """How well a fact is established by its public sources."""

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


def _optional_date(_: Any, attribute: Any, value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValidationError(attribute.name, "must be a date (YYYY-MM-DD)", shown=repr(value))


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
    publisher: str | None = field(default=None, validator=optional_text("publisher"))
    """Who published the document or page (``"Kementerian Sosial"``, ``"Kontan"``)."""
    published: date | None = field(default=None, validator=_optional_date)
    """The publication date of the document or page, when known."""
    quote: str | None = field(default=None, validator=optional_text("quote"))
    """A short quote of the passage the value relies on, in the source's language."""

    @classmethod
    def from_table(cls, raw: Mapping[str, Any], where: str = "source") -> LegalBasis:
        """A source from a TOML table with the fields of this class; raises ValidationError
        naming ``where`` and the unknown field.

        Examples:
            >>> LegalBasis.from_table({"instrument": "PMK 62 Tahun 2023"}).cite()
            'PMK 62 Tahun 2023'
        """
        if not isinstance(raw, Mapping):
            raise ValidationError(where, "must be a table", shown=repr(raw))
        extra = sorted(set(raw) - set(SOURCE_FIELDS))
        if extra:
            raise ValidationError(
                where, f"unknown fields {extra}; known: {', '.join(SOURCE_FIELDS)}"
            )
        return cls(
            raw.get("instrument", ""),
            article=raw.get("article"),
            url=raw.get("url"),
            note=raw.get("note"),
            publisher=raw.get("publisher"),
            published=raw.get("published"),
            quote=raw.get("quote"),
        )

    @property
    def is_regulation(self) -> bool:
        """True if the instrument names a regulation by its number (``Peraturan Menteri Sosial
        No. 1 Tahun 2018``, ``PMK 62 Tahun 2023``, ``Surat KPPN ... S-168/...``).

        Examples:
            >>> LegalBasis("Permensos No. 1 Tahun 2018").is_regulation
            True
            >>> LegalBasis("Kemensos press release").is_regulation
            False
        """
        return _REGULATION.match(self.instrument) is not None

    @property
    def is_public(self) -> bool:
        """True if a reader can follow the source: it has an address (URL) or names a
        regulation by its number."""
        return self.url is not None or self.is_regulation

    def cite(self) -> str:
        """Short citation: instrument and article."""
        return self.instrument if self.article is None else f"{self.instrument}, {self.article}"

    def reference(self) -> str:
        """Full reference a reader can follow: citation, publisher, date and address.

        Examples:
            >>> LegalBasis(
            ...     "Kemensos beri ProKUS", publisher="Kementerian Sosial",
            ...     published=date(2020, 10, 1), url="https://kemensos.go.id/x",
            ... ).reference()
            'Kemensos beri ProKUS. Kementerian Sosial, 2020-10-01. https://kemensos.go.id/x'
        """
        parts = [self.cite()]
        meta = ", ".join(
            x for x in (self.publisher, self.published.isoformat() if self.published else None) if x
        )
        if meta:
            parts.append(meta)
        if self.url:
            parts.append(self.url)
        return ". ".join(parts)

    def noted(self, note: str) -> LegalBasis:
        """This source with ``note`` as its remark (a shared source cited for one rule).

        Examples:
            >>> LegalBasis("Permensos No. 1 Tahun 2018").noted("Pasal 2 lists the components").note
            'Pasal 2 lists the components'
        """
        return LegalBasis(
            self.instrument,
            article=self.article,
            url=self.url,
            note=note,
            publisher=self.publisher,
            published=self.published,
            quote=self.quote,
        )

    def __str__(self) -> str:
        return self.cite()
