"""The province table: the provinces of Indonesia from the creation of Kalimantan Utara on,
each with its code in the Kemendagri and the BPS numbering systems, a source and a confidence
for every code (package data, ``registry/data/provinces.toml``). The lookups on a date are
:mod:`dayasos.registry.regions`.
"""

from __future__ import annotations

import enum
from datetime import date
from functools import cache
from typing import Final

from attrs import define, field

from dayasos._data import parse_sources, parse_toml, read_data_text
from dayasos.errors import ParameterFileError, ValidationError
from dayasos.law import Confidence, LegalBasis

__all__ = [
    "CodeSystem",
    "Province",
    "ProvinceEntry",
    "ProvinceTable",
    "is_province_code",
    "parse_province_table",
    "province_table",
]

_FILE: Final = "provinces.toml"


class CodeSystem(enum.Enum):
    """A numbering system of province codes."""

    KEMENDAGRI = "kemendagri"
    """Kementerian Dalam Negeri: the first digits of a NIK, a No. KK and a region code."""
    BPS = "bps"
    """Badan Pusat Statistik: the codes of statistical tables."""

    @property
    def label(self) -> str:
        """``"Kemendagri"`` or ``"BPS"``."""
        return "Kemendagri" if self is CodeSystem.KEMENDAGRI else "BPS"

    @classmethod
    def parse(cls, text: str | CodeSystem) -> CodeSystem:
        """Parse ``"kemendagri"`` or ``"bps"`` (any case), or a member.

        Examples:
            >>> CodeSystem.parse("BPS")
            <CodeSystem.BPS: 'bps'>
        """
        if isinstance(text, cls):
            return text
        key = text.strip().lower() if isinstance(text, str) else ""
        for member in cls:
            if member.value == key:
                return member
        raise ValidationError("system", "must be 'kemendagri' or 'bps'", shown=repr(text))

    def __repr__(self) -> str:
        return f"<CodeSystem.{self.name}: {self.value!r}>"

    def __str__(self) -> str:
        return self.label


@define(frozen=True, slots=True)
class Province:
    """A province under its code in one system.

    Attributes:
        code: the 2-digit code in ``system``.
        name: the province's name (the same in both systems).
        system: the numbering system of ``code``.
        confidence: how sure the code is (H: official table; M: secondary sources only).
        since: the day the province was created (its law signed), ``None`` when it existed
            for the whole period the table covers.
        note: what the data file says about this code.
        basis: the source of the code.
        since_basis: the source of ``since`` (the law creating the province).
    """

    code: str
    name: str
    system: CodeSystem = CodeSystem.KEMENDAGRI
    confidence: Confidence = Confidence.HIGH
    since: date | None = None
    note: str = field(default="", repr=False)
    basis: LegalBasis | None = field(default=None, repr=False, eq=False)
    since_basis: LegalBasis | None = field(default=None, repr=False, eq=False)
    """The source of ``since`` (the law creating the province)."""

    @property
    def verified(self) -> bool:
        """Whether the code is confirmed by an official table (confidence H)."""
        return self.confidence is Confidence.HIGH

    def exists_on(self, on: date) -> bool:
        """Whether the province existed on ``on`` (within the period the table covers)."""
        return self.since is None or on >= self.since


def is_province_code(code: object) -> bool:
    """Whether ``code`` has the form of a province code: a text of two ASCII digits.

    Examples:
        >>> is_province_code("91"), is_province_code("9"), is_province_code("٩١")
        (True, False, False)
    """
    return isinstance(code, str) and len(code) == 2 and code.isascii() and code.isdigit()


@define(frozen=True, slots=True)
class ProvinceEntry:
    """One province of the table: its name and its code in each system that has one."""

    name: str
    codes: dict[CodeSystem, Province]


@define(frozen=True, slots=True)
class ProvinceTable:
    """The province table of the data file.

    Attributes:
        start: the first day the table describes.
        entries: every province, ordered by Kemendagri code.
        changes: the days a province was created, in order.
        by_code: each (system, code) of the file: a code names one province on every day it
            exists.
    """

    start: date
    entries: tuple[ProvinceEntry, ...]
    changes: tuple[date, ...]
    by_code: dict[tuple[CodeSystem, str], ProvinceEntry]


@cache
def province_table() -> ProvinceTable:
    """The shipped province table (``registry/data/provinces.toml``), read once.

    Examples:
        >>> table = province_table()
        >>> table.start, len(table.entries), table.by_code[CodeSystem.BPS, "94"].name
        (datetime.date(2012, 11, 16), 38, 'Papua')
    """
    return parse_province_table(read_data_text("dayasos.registry", _FILE))


def parse_province_table(text: str) -> ProvinceTable:
    """The province table of a ``provinces.toml`` text.

    Raises:
        ParameterFileError: the file is malformed (names the file and the problem: a code that
            is not two digits, a code given to two provinces, a province without its
            Kemendagri code, a ``since`` without its source, an unknown source or confidence).
    """
    doc = parse_toml(text, _FILE)
    sources = parse_sources(doc.get("sources"), _FILE)
    try:
        start = doc["covers_from"]
        if not isinstance(start, date):
            raise ValueError("covers_from must be a TOML date")
        defaults = doc["defaults"]
        entries: list[ProvinceEntry] = []
        seen: dict[tuple[CodeSystem, str], str] = {}
        for row in doc["province"]:
            name = row["name"]
            since = row.get("since")
            if since is not None and (not isinstance(since, date) or since < start):
                raise ValueError(f"{name}: since must be a TOML date on or after covers_from")
            codes: dict[CodeSystem, Province] = {}
            for system, prefix in ((CodeSystem.KEMENDAGRI, ""), (CodeSystem.BPS, "bps_")):
                code = row.get(system.value)
                if code is None:
                    continue
                if not is_province_code(code):
                    raise ValueError(f"{name}: a province code must be two digits, not {code!r}")
                if (system, code) in seen:
                    # no code was reused in the period covered: one code, one province
                    raise ValueError(
                        f"{system.label} code {code} is given to both {seen[system, code]} and {name}"
                    )
                seen[system, code] = name
                source = row.get(prefix + "source", defaults[prefix + "source"])
                since_source = row.get("since_source")
                codes[system] = Province(
                    code,
                    name,
                    system,
                    Confidence.parse(
                        row.get(prefix + "confidence", defaults[prefix + "confidence"])
                    ),
                    since,
                    row.get("note", ""),
                    sources[source],
                    None if since_source is None else sources[since_source],
                )
            if CodeSystem.KEMENDAGRI not in codes:
                raise ValueError(f"{name}: every province needs its Kemendagri code")
            if (since is None) != (row.get("since_source") is None):
                raise ValueError(f"{name}: since and since_source go together")
            entries.append(ProvinceEntry(name, codes))
        changes = tuple(sorted({r["since"] for r in doc["province"] if "since" in r}))
    except (KeyError, ValueError, TypeError) as exc:
        raise ParameterFileError(_FILE, "provinces", str(exc)) from exc
    entries.sort(key=lambda e: e.codes[CodeSystem.KEMENDAGRI].code)
    by_code = {(system, p.code): e for e in entries for system, p in e.codes.items()}
    return ProvinceTable(start, tuple(entries), changes, by_code)
