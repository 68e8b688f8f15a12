"""Identities of the registry: NIK, No. KK and Kemendagri region codes.

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

import enum
from datetime import date
from functools import cache
from typing import Any, Final, Self

import stdnum.exceptions
from attrs import define, field
from stdnum.id import nik as stdnum_nik

from dayasos.categories import Sex
from dayasos.errors import ValidationError
from dayasos.registry.regions import CodeSystem, Province, ProvinceCode, province, provinces

__all__ = [
    "CodeSystem",
    "Finding",
    "Nik",
    "NoKK",
    "Province",
    "ProvinceCode",
    "RegionCode",
    "RegionLevel",
    "mask_digits",
    "mask_name",
    "province",
    "provinces",
]

_SEPARATORS: Final = " .-"


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


def _compact(text: object, what: str) -> str:
    if not isinstance(text, str):
        raise ValidationError(what, f"must be a text of digits, not {type(text).__name__}")
    digits = text.strip()
    for sep in _SEPARATORS:
        digits = digits.replace(sep, "")
    if not digits.isascii() or not digits.isdigit():
        raise ValidationError(what, "must contain only digits (and separators . - or space)")
    return digits


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
def _kemendagri_codes() -> frozenset[str]:
    """Every Kemendagri province code of the table (on any day it covers)."""
    return frozenset(p.code for p in provinces())


class RegionLevel(enum.IntEnum):
    """The level of a Kemendagri region code, by its number of digits."""

    PROVINCE = 2
    KABUPATEN_KOTA = 4
    KECAMATAN = 6
    DESA_KELURAHAN = 10


_WIDTHS: Final = (2, 2, 2, 4)


def _check_region(_: Any, __: Any, digits: str) -> None:
    if not isinstance(digits, str) or not digits.isascii() or not digits.isdigit():
        raise ValidationError("region", "must be a text of digits", shown=repr(digits))
    if len(digits) not in (2, 4, 6, 10):
        raise ValidationError(
            "region",
            "must have 2 (province), 4 (kabupaten/kota), 6 (kecamatan) or 10 (desa/kelurahan) digits",
            shown=digits,
        )
    province(digits[:2])
    if len(digits) >= 4:
        kk = int(digits[2:4])
        if not (1 <= kk <= 69 or 71 <= kk <= 99):
            raise ValidationError(
                "region",
                "kabupaten/kota code must be 01-69 (kabupaten) or 71-99 (kota)",
                shown=digits,
            )
    if len(digits) >= 6 and digits[4:6] == "00":
        raise ValidationError("region", "kecamatan code must be 01-99", shown=digits)
    if len(digits) == 10 and (digits[6] not in "12" or digits[7:] == "000"):
        raise ValidationError(
            "region",
            "desa/kelurahan code must be 1001-1999 (kelurahan) or 2001-2999 (desa)",
            shown=digits,
        )


@define(frozen=True, slots=True, order=True)
class RegionCode:
    """A Kemendagri region code: province (2 digits), kabupaten/kota (2), kecamatan (2),
    desa/kelurahan (4), written ``31.71.01.1001``.

    The province must be one of the official table; lower levels are checked by structure
    (kabupaten 01-69, kota 71-99, kecamatan 01-99, kelurahan 1xxx, desa 2xxx).

    Examples:
        >>> r = RegionCode.parse("3171011001")
        >>> str(r), r.level, r.is_kelurahan
        ('31.71.01.1001', <RegionLevel.DESA_KELURAHAN: 10>, True)
        >>> [str(a) for a in r.ancestors()]
        ['31', '31.71', '31.71.01']
        >>> r.within(RegionCode.parse("31"))
        True
    """

    digits: str = field(validator=_check_region)

    @classmethod
    def parse(cls, text: str) -> Self:
        """Parse the dotted (``31.71.01.1001``) or undotted (``3171011001``) form."""
        if isinstance(text, cls):
            return text
        return cls(_compact(text, "region"))

    @property
    def level(self) -> RegionLevel:
        """The level of this code."""
        return RegionLevel(len(self.digits))

    @property
    def province(self) -> Province:
        """The province this region lies in (Kemendagri code, current table)."""
        return province(self.digits[:2])

    @property
    def province_code(self) -> ProvinceCode:
        """The province part with its system: a region code is always Kemendagri's."""
        return ProvinceCode(self.digits[:2], CodeSystem.KEMENDAGRI)

    @property
    def parent(self) -> RegionCode | None:
        """The enclosing region (desa -> kecamatan -> kab/kota -> province), ``None`` for a province."""
        n = len(self.digits)
        if n == 2:
            return None
        return RegionCode(self.digits[: 6 if n == 10 else n - 2])

    def ancestors(self) -> tuple[RegionCode, ...]:
        """The enclosing regions from the province down, without this one."""
        out: list[RegionCode] = []
        p = self.parent
        while p is not None:
            out.append(p)
            p = p.parent
        return tuple(reversed(out))

    def within(self, other: RegionCode) -> bool:
        """Whether this region is ``other`` or lies inside it."""
        return self.digits.startswith(other.digits)

    @property
    def is_kabupaten(self) -> bool:
        """Whether the kabupaten/kota part is a kabupaten (01-69); ``False`` for a province."""
        return len(self.digits) >= 4 and int(self.digits[2:4]) < 70

    @property
    def is_kota(self) -> bool:
        """Whether the kabupaten/kota part is a kota (71-99); ``False`` for a province."""
        return len(self.digits) >= 4 and int(self.digits[2:4]) > 70

    @property
    def is_kelurahan(self) -> bool:
        """Whether this is a kelurahan (desa/kelurahan code 1xxx)."""
        return len(self.digits) == 10 and self.digits[6] == "1"

    @property
    def is_desa(self) -> bool:
        """Whether this is a desa (desa/kelurahan code 2xxx)."""
        return len(self.digits) == 10 and self.digits[6] == "2"

    def __str__(self) -> str:
        d = self.digits
        parts, i = [], 0
        for w in _WIDTHS:
            if i >= len(d):
                break
            parts.append(d[i : i + w])
            i += w
        return ".".join(parts)

    def __repr__(self) -> str:
        return f"RegionCode({str(self)!r})"


@cache
def _stdnum_accepts_region(prefix: str) -> bool:
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
def _stdnum_accepts_birth(ddmmyy: str) -> bool:
    """Whether python-stdnum reads a valid birth date from the six date digits."""
    try:
        stdnum_nik.get_birth_date("317101" + ddmmyy + "0001")
    except stdnum.exceptions.ValidationError:
        return False
    return True


def _check_nik(_: Any, __: Any, digits: str) -> None:
    if not isinstance(digits, str) or len(digits) != 16 or not digits.isdigit():
        raise ValidationError("nik", "must be 16 digits", shown=mask_digits(str(digits)))
    if not digits.isascii():
        raise ValidationError("nik", "must be 16 ASCII digits", shown=mask_digits(digits))
    if not _stdnum_accepts_birth(digits[6:12]):
        raise ValidationError(
            "nik", "does not encode a valid birth date", shown=mask_digits(digits)
        )
    # python-stdnum's region table knows the province prefixes 11-82, 91 and 94 only (and names
    # them in the BPS way): accept a NIK whose Kemendagri province is in the table (65, 92,
    # 93, 95, 96) even if stdnum does not know it.
    if not _stdnum_accepts_region(digits[:4]) and digits[:2] not in _kemendagri_codes():
        raise ValidationError(
            "nik", "does not start with a known region code", shown=mask_digits(digits)
        )


@define(frozen=True, slots=True, order=True, repr=False)
class Nik:
    """Nomor Induk Kependudukan: 16 digits ``PPKKCCDDMMYYSSSS`` (region of registration,
    birth date with 40 added to the day for women, serial), validated with python-stdnum.

    Examples:
        >>> n = Nik.parse("3171-0117-0845-0001")
        >>> n.sex
        Sex.LAKI_LAKI
        >>> [str(f) for f in n.check(date(1945, 8, 18), Sex.LAKI_LAKI)]
        ['birth_date: the NIK encodes day 17 of the birth date, the stated birth date has 18']
    """

    _digits: str = field(validator=_check_nik, alias="digits")

    @classmethod
    def parse(cls, text: str) -> Self:
        """Parse a NIK written with or without spaces, dots or hyphens."""
        if isinstance(text, cls):
            return text
        return cls(_compact(text, "nik"))

    def reveal(self) -> str:
        """The full 16 digits: the one explicit way to see an unmasked NIK."""
        return self._digits

    @property
    def masked(self) -> str:
        """The masked form, ``3171********0001``."""
        return mask_digits(self._digits)

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
        day = int(self._digits[6:8]) % 40
        month = int(self._digits[8:10])
        yy = int(self._digits[10:12])
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
        day = int(self._digits[6:8]) % 40
        month = int(self._digits[8:10])
        yy = int(self._digits[10:12])
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

    def __str__(self) -> str:
        return self.masked

    def __repr__(self) -> str:
        return f"Nik({self.masked!r})"


def _check_kk(_: Any, __: Any, digits: str) -> None:
    if not isinstance(digits, str) or len(digits) != 16 or not digits.isdigit():
        raise ValidationError("no_kk", "must be 16 digits", shown=mask_digits(str(digits)))
    if digits[:2] not in _kemendagri_codes():
        raise ValidationError(
            "no_kk", "does not start with a known province code", shown=mask_digits(digits)
        )


@define(frozen=True, slots=True, order=True, repr=False)
class NoKK:
    """Nomor Kartu Keluarga: the 16-digit family card number; the first six digits are the
    region code where it was issued (M: only the province is checked against the table).

    Examples:
        >>> kk = NoKK.parse("3171 0120 0900 0001")
        >>> kk, kk.reveal()
        (NoKK('3171********0001'), '3171012009000001')
    """

    _digits: str = field(validator=_check_kk, alias="digits")

    @classmethod
    def parse(cls, text: str) -> Self:
        """Parse a No. KK written with or without spaces, dots or hyphens."""
        if isinstance(text, cls):
            return text
        return cls(_compact(text, "no_kk"))

    def reveal(self) -> str:
        """The full 16 digits: the one explicit way to see an unmasked No. KK."""
        return self._digits

    @property
    def masked(self) -> str:
        """The masked form, ``3171********0001``."""
        return mask_digits(self._digits)

    def __str__(self) -> str:
        return self.masked

    def __repr__(self) -> str:
        return f"NoKK({self.masked!r})"
