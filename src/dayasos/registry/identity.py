"""Identities of the registry: NIK and No. KK (region codes: :mod:`dayasos.registry.region_code`,
re-exported here).

Region codes are Kemendagri's: their first two digits are a province code in the Kemendagri
system (Papua 91, Papua Barat 92), not BPS's (see :mod:`dayasos.registry.regions`).

Personal numbers are masked wherever they are shown: ``repr``, ``str``, log lines and
exception messages keep only the first four and the last four digits
(``3171********0001``). The full number is returned only by an explicit ``.reveal()``.

Examples:
    >>> nik = Nik.parse("3171015708450001")
    >>> nik
    Nik('3171********0001')
    >>> nik.sex
    Sex.PEREMPUAN
    >>> nik.birth_date(date(2020, 1, 1))
    datetime.date(1945, 8, 17)
    >>> str(nik.issuing_region)
    '31.71.01'
    >>> RegionCode.parse("31.71.01.1001").parent
    RegionCode('31.71.01')
    >>> RegionCode.parse("3171").is_kota
    True
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any, ClassVar, Self

import stdnum.exceptions
from attrs import define, field
from stdnum.id import nik as stdnum_nik

from dayasos.categories import Sex
from dayasos.errors import ValidationError
from dayasos.registry.region_code import (
    RegionCode,
    RegionLevel,
    compact_digits,
    kemendagri_province_codes,
)
from dayasos.registry.regions import CodeSystem, Province, ProvinceCode, province, provinces

__all__ = [
    "CodeSystem",
    "Finding",
    "Nik",
    "NoKK",
    "PersonalNumber",
    "Province",
    "ProvinceCode",
    "RegionCode",
    "RegionLevel",
    "mask_digits",
    "mask_name",
    "province",
    "provinces",
    "stdnum_accepts_birth",
    "stdnum_accepts_region",
]


def mask_digits(digits: str) -> str:
    """Mask a personal number: the first four and last four characters stay, the rest is ``*``.

    Texts of eight characters or fewer are masked completely (nothing would stay hidden).

    Examples:
        >>> mask_digits("3171011708450001")
        '3171********0001'
        >>> mask_digits("1234")
        '****'
    """
    if len(digits) <= 8:
        return "*" * len(digits)
    return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]


def mask_name(name: str) -> str:
    """Mask a person's name: the first letter of each word stays.

    Examples:
        >>> mask_name("Siti Aminah")
        'S*** A***'
    """
    return " ".join(w[:1] + "***" for w in name.split())


@define(frozen=True, slots=True)
class Finding:
    """A disagreement found by a check (never corrected silently).

    Attributes:
        field: the field that disagrees, e.g. ``"birth_date"``.
        problem: what disagrees, in plain words; never contains an unmasked number.
    """

    field: str
    problem: str

    def __str__(self) -> str:
        return f"{self.field}: {self.problem}"


@cache
def stdnum_accepts_region(prefix: str) -> bool:
    """Whether python-stdnum knows the kabupaten/kota ``prefix`` (4 digits). Its validation
    of a NIK depends only on the first four digits and the birth date, so each part is asked
    once with a fixed valid other part and the answer cached (a bulk import validates
    millions of NIKs)."""
    try:
        stdnum_nik.validate(prefix + "01" + "010170" + "0001")
    except stdnum.exceptions.ValidationError:
        return False
    return True


@cache
def stdnum_accepts_birth(ddmmyy: str) -> bool:
    """Whether python-stdnum reads a valid birth date from the six date digits."""
    try:
        stdnum_nik.get_birth_date("317101" + ddmmyy + "0001")
    except stdnum.exceptions.ValidationError:
        return False
    return True


@define(frozen=True, slots=True, order=True, repr=False)
class PersonalNumber:
    """What :class:`Nik` and :class:`NoKK` share: 16 digits that are shown masked everywhere
    (``repr``, ``str``, messages) and revealed only by :meth:`reveal`. Each subclass validates
    its digits; two numbers are equal only when they are of the same kind.
    """

    FIELD: ClassVar[str] = "number"
    """The field name its errors give (``"nik"``, ``"no_kk"``)."""

    _digits: str = field(alias="digits")

    @classmethod
    def parse(cls, text: str) -> Self:
        """Parse a number written with or without spaces, dots or hyphens."""
        if isinstance(text, cls):
            return text
        return cls(compact_digits(text, cls.FIELD))

    def reveal(self) -> str:
        """The full 16 digits: the one explicit way to see an unmasked number."""
        return self._digits

    @property
    def masked(self) -> str:
        """The masked form, ``3171********0001``."""
        return mask_digits(self._digits)

    def __str__(self) -> str:
        return self.masked

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.masked!r})"


def _check_nik(_: Any, __: Any, digits: str) -> None:
    if not isinstance(digits, str) or len(digits) != 16 or not digits.isdigit():
        raise ValidationError("nik", "must be 16 digits", shown=mask_digits(str(digits)))
    if not digits.isascii():
        raise ValidationError("nik", "must be 16 ASCII digits", shown=mask_digits(digits))
    if not stdnum_accepts_birth(digits[6:12]):
        raise ValidationError(
            "nik", "does not encode a valid birth date", shown=mask_digits(digits)
        )
    # python-stdnum's region table knows the province prefixes 11-82, 91 and 94 only (and names
    # them in the BPS way): accept a NIK whose Kemendagri province is in the table (65, 92,
    # 93, 95, 96) even if stdnum does not know it.
    if not stdnum_accepts_region(digits[:4]) and digits[:2] not in kemendagri_province_codes():
        raise ValidationError(
            "nik", "does not start with a known region code", shown=mask_digits(digits)
        )


@define(frozen=True, slots=True, order=True, repr=False)
class Nik(PersonalNumber):
    """Nomor Induk Kependudukan: 16 digits ``PPKKCCDDMMYYSSSS`` (region of registration,
    birth date with 40 added to the day for women, serial), validated with python-stdnum.

    Examples:
        >>> n = Nik.parse("3171-0117-0845-0001")
        >>> n.sex
        Sex.LAKI_LAKI
        >>> [str(f) for f in n.check(date(1945, 8, 18), Sex.LAKI_LAKI)]
        ['birth_date: the NIK encodes day 17 of the birth date, the stated birth date has 18']
    """

    FIELD: ClassVar[str] = "nik"
    _digits: str = field(validator=_check_nik, alias="digits")

    def _birth_digits(self) -> tuple[int, int, int]:
        """Day (40 taken off for women), month and two-digit year of the encoded birth date."""
        return int(self._digits[6:8]) % 40, int(self._digits[8:10]), int(self._digits[10:12])

    @property
    def issuing_region(self) -> RegionCode:
        """The kecamatan where the number was issued (the first six digits)."""
        return RegionCode(self._digits[:6])

    @property
    def sex(self) -> Sex:
        """The sex encoded by the day of birth (40 added for women)."""
        return Sex.PEREMPUAN if int(self._digits[6:8]) > 40 else Sex.LAKI_LAKI

    def birth_date(self, reference: date | None = None) -> date:
        """The encoded birth date. The NIK carries only two digits of the year: the century is
        the latest that puts the date on or before ``reference`` (default: today)."""
        ref = reference or date.today()
        day, month, yy = self._birth_digits()
        century = ref.year - ref.year % 100
        for c in (century, century - 100, century - 200):
            try:
                d = date(c + yy, month, day)
            except ValueError:
                continue
            if d <= ref:
                return d
        raise ValidationError("nik", "encodes no valid birth date before the reference date")

    def check(self, birth_date: date, sex: Sex) -> tuple[Finding, ...]:
        """Findings where the NIK disagrees with a person's stated birth date and sex
        (empty when they agree). The century is not encoded and not compared."""
        out: list[Finding] = []
        day, month, yy = self._birth_digits()
        if day != birth_date.day:
            out.append(
                Finding(
                    "birth_date",
                    f"the NIK encodes day {day} of the birth date, the stated birth date has {birth_date.day}",
                )
            )
        if month != birth_date.month:
            out.append(
                Finding(
                    "birth_date",
                    f"the NIK encodes month {month}, the stated birth date has {birth_date.month}",
                )
            )
        if yy != birth_date.year % 100:
            out.append(
                Finding(
                    "birth_date",
                    f"the NIK encodes year ..{yy:02d}, the stated birth date has {birth_date.year}",
                )
            )
        if self.sex is not sex:
            out.append(
                Finding("sex", f"the NIK encodes {self.sex.label_en}, stated {sex.label_en}")
            )
        return tuple(out)


def _check_kk(_: Any, __: Any, digits: str) -> None:
    if not isinstance(digits, str) or len(digits) != 16 or not digits.isdigit():
        raise ValidationError("no_kk", "must be 16 digits", shown=mask_digits(str(digits)))
    if digits[:2] not in kemendagri_province_codes():
        raise ValidationError(
            "no_kk", "does not start with a known province code", shown=mask_digits(digits)
        )


@define(frozen=True, slots=True, order=True, repr=False)
class NoKK(PersonalNumber):
    """Nomor Kartu Keluarga: the 16-digit family card number; the first six digits are the
    region code where it was issued (M: only the province is checked against the table).

    Examples:
        >>> kk = NoKK.parse("3171 0120 0900 0001")
        >>> kk, kk.reveal()
        (NoKK('3171********0001'), '3171012009000001')
    """

    FIELD: ClassVar[str] = "no_kk"
    _digits: str = field(validator=_check_kk, alias="digits")

    @classmethod
    def from_stored(cls, number: int) -> Self:
        """A No. KK read back from a registry store, which validated it when it was written:
        built from its integer form without validating it again (at national scale the checks
        would be a quarter of a registry read). Never use it for outside data: use
        :meth:`parse`.

        Examples:
            >>> NoKK.from_stored(3171012009000001) == NoKK.parse("3171012009000001")
            True
        """
        kk = object.__new__(cls)
        object.__setattr__(kk, "_digits", f"{number:016d}")
        return kk
