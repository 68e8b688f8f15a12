"""Kemendagri region codes: province (2 digits), kabupaten/kota (2), kecamatan (2) and
desa/kelurahan (4), dotted or not.

Their first two digits are a province code in the Kemendagri system (Papua 91, Papua Barat
92), not BPS's: the province table is :mod:`dayasos.registry.regions`.

Examples:
    >>> RegionCode.parse("31.71.01.1001").parent
    RegionCode('31.71.01')
    >>> RegionCode.parse("3171").is_kota
    True
"""

from __future__ import annotations

import enum
from functools import cache
from typing import Any, Final, Self

from attrs import define, field

from dayasos.errors import ValidationError
from dayasos.registry.regions import CodeSystem, Province, ProvinceCode, province, provinces

__all__ = ["RegionCode", "RegionLevel", "compact_digits", "kemendagri_province_codes"]

_SEPARATORS: Final = " .-"


def compact_digits(text: object, what: str) -> str:
    """The digits of ``text`` without the separators ``.``, ``-`` and space.

    Raises:
        ValidationError: naming ``what`` when ``text`` is not a text of digits.
    """
    if not isinstance(text, str):
        raise ValidationError(what, f"must be a text of digits, not {type(text).__name__}")
    digits = text.strip()
    for sep in _SEPARATORS:
        digits = digits.replace(sep, "")
    if not digits.isascii() or not digits.isdigit():
        raise ValidationError(what, "must contain only digits (and separators . - or space)")
    return digits


@cache
def kemendagri_province_codes() -> frozenset[str]:
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
        return cls(compact_digits(text, "region"))

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
