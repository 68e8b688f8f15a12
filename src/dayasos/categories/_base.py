"""The shared base of the category enumerations: code, names, legal basis, parsing."""

from __future__ import annotations

import enum
import re
from typing import Any, Self

from dayasos.errors import CategoryNotFoundError
from dayasos.law import Confidence, LegalBasis

__all__ = ["Category", "normalise", "render_markdown"]

_SPACES = re.compile(r"[\s_\-/]+")
_TABLES: dict[type, dict[str, Any]] = {}


def normalise(text: str) -> str:
    """Case-folded text with runs of spaces, hyphens, underscores and slashes made one space."""
    return _SPACES.sub(" ", text.strip().casefold()).strip()


class Category(enum.Enum):
    """Base of every category enumeration.

    Each member is declared as a tuple ``(code, name_id, label_en, basis, confidence,
    abbreviations)``; the member's value is its stable lowercase ``code``.
    """

    code: str
    name_id: str
    label_en: str
    basis: LegalBasis
    confidence: Confidence
    abbreviations: tuple[str, ...]

    def __new__(
        cls,
        code: str,
        name_id: str,
        label_en: str,
        basis: LegalBasis,
        confidence: Confidence = Confidence.HIGH,
        abbreviations: tuple[str, ...] = (),
    ) -> Self:
        obj = object.__new__(cls)
        obj._value_ = code
        obj.code = code
        obj.name_id = name_id
        obj.label_en = label_en
        obj.basis = basis
        obj.confidence = confidence
        obj.abbreviations = abbreviations
        return obj

    def __str__(self) -> str:
        return self.name_id

    def __repr__(self) -> str:
        return f"{type(self).__name__}.{self.name}"

    @classmethod
    def _lookup(cls) -> dict[str, Any]:
        table = _TABLES.get(cls)
        if table is None:
            table = {}
            for member in cls:
                for key in (member.code, member.name, member.name_id, *member.abbreviations):
                    table.setdefault(normalise(key), member)
            _TABLES[cls] = table
        return table

    @classmethod
    def parse(cls, text: str) -> Self:
        """The member whose code, Indonesian name or abbreviation is ``text``.

        Case-insensitive; spaces, hyphens, underscores and slashes are interchangeable.
        Raises :class:`~dayasos.errors.CategoryNotFoundError` (a ``LookupError``) otherwise.
        """
        if isinstance(text, cls):
            return text
        if isinstance(text, str):
            member = cls._lookup().get(normalise(text))
            if member is not None:
                assert isinstance(member, cls)
                return member
        raise CategoryNotFoundError(cls.__name__, str(text), [m.code for m in cls])


def render_markdown(enum: type[Category]) -> str:
    """A Markdown table of an enumeration: code, Indonesian name, English label,
    abbreviations, legal basis and confidence."""
    rows = [
        "| code | nama (Indonesian) | English | abbreviations | basis | conf. |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for m in enum:
        rows.append(
            f"| `{m.code}` | {m.name_id} | {m.label_en} | {', '.join(m.abbreviations)} | "
            f"{m.basis.cite()} | {m.confidence.value} |"
        )
    return "\n".join(rows)
