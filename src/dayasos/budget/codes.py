"""Budget classification codes and the budget line key (the APBN hierarchy as values).

A :class:`BudgetLineKey` names one DIPA line: fiscal year, bagian anggaran (BA), eselon I unit,
satker, programme, kegiatan, output (pre-2021 output/sub-output or 2021+ KRO/RO), komponen,
akun (6-digit BAS), kewenangan and sumber dana. The jenis belanja is derived from the akun:

Examples:
    >>> Akun("521111").jenis_belanja
    <JenisBelanja.BARANG: '52'>
    >>> Akun("573111").jenis_belanja.label
    'Belanja Bantuan Sosial'

Sources: PMK 62 Tahun 2023 (DIPA structure, KRO/RO, kewenangan), DJPb Direktorat APK
"Penjelasan Penggunaan Kode Akun" (BAS akun). Programme, kegiatan and KRO/RO codes of Kemensos
were not found in a public source, so they are free codes (letters, digits, dots); the BA is
three digits and the satker six digits (the SPAN/OM-SPAN layout as seen in public export
samples, confidence M/L).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from typing import Any, TypeVar

from attrs import define, field

from dayasos._validators import instance_of
from dayasos.errors import ValidationError
from dayasos.periods import FiscalYear

__all__ = [
    "RSPP_FIRST_YEAR",
    "Akun",
    "BudgetLineKey",
    "JenisBelanja",
    "Kewenangan",
    "Level",
    "Output",
    "RincianOutput",
    "SumberDana",
]

RSPP_FIRST_YEAR = 2021
"""First fiscal year budgeted with KRO/RO (RSPP, from pagu indikatif TA 2021; DJA, 11 Feb 2020, H)."""


class JenisBelanja(enum.Enum):
    """Type of spending: the first two digits of a BAS akun (DJPb Dit. APK, H)."""

    PEGAWAI = "51"
    BARANG = "52"
    MODAL = "53"
    BANSOS = "57"

    @property
    def label(self) -> str:
        """Indonesian name, e.g. ``'Belanja Pegawai'``."""
        return _JENIS_LABELS[self]

    @classmethod
    def parse(cls, text: str) -> JenisBelanja:
        """Parse ``"51"``, ``"pegawai"``, ``"BANSOS"``."""
        return _by_code_or_name(
            cls, text, "jenis_belanja", "must be 51, 52, 53 or 57 (or its name)"
        )


_JENIS_LABELS = {
    JenisBelanja.PEGAWAI: "Belanja Pegawai",
    JenisBelanja.BARANG: "Belanja Barang",
    JenisBelanja.MODAL: "Belanja Modal",
    JenisBelanja.BANSOS: "Belanja Bantuan Sosial",
}


class Kewenangan(enum.Enum):
    """Authority of a satker's allocation (PMK 62 Tahun 2023, H); numeric codes were not found."""

    KANTOR_PUSAT = "KP"
    KANTOR_DAERAH = "KD"
    DEKONSENTRASI = "DK"
    TUGAS_PEMBANTUAN = "TP"
    URUSAN_BERSAMA = "UB"

    @classmethod
    def parse(cls, text: str) -> Kewenangan:
        """Parse ``"KP"``, ``"dk"`` or a member name."""
        return _by_code_or_name(cls, text, "kewenangan", "must be one of KP, KD, DK, TP, UB")


class SumberDana(enum.Enum):
    """Source of funds, by the SPAN/SAKTI *kode beban* letter (as used in SPAN/SAKTI exports, M)."""

    RM = "A"
    """Rupiah Murni."""
    PLN = "B"
    """Pinjaman Luar Negeri."""
    RMP = "C"
    """Rupiah Murni Pendamping."""
    PNBP = "D"
    """Penerimaan Negara Bukan Pajak."""
    PDN = "E"
    """Pinjaman Dalam Negeri."""
    BLU = "F"
    """Badan Layanan Umum."""
    STM = "G"
    """Stimulus."""
    HDN = "H"
    """Hibah Dalam Negeri."""
    HLN = "I"
    """Hibah Luar Negeri."""

    @classmethod
    def parse(cls, text: str) -> SumberDana:
        """Parse the letter (``"A"``) or the abbreviation (``"RM"``)."""
        return _by_code_or_name(
            cls,
            text,
            "sumber_dana",
            "must be a kode beban letter A-I or its abbreviation (RM, PNBP, ...)",
        )


_E = TypeVar("_E", bound=enum.Enum)


def _by_code_or_name(cls: type[_E], text: object, field: str, problem: str) -> _E:
    """The member whose value or name is ``text`` (case-insensitive, spaces trimmed)."""
    key = text.strip().upper() if isinstance(text, str) else ""
    for member in cls:
        if key in (member.value, member.name):
            return member
    raise ValidationError(field, problem, shown=repr(text))


def _pattern(name: str, regex: str, what: str) -> Callable[[Any, Any, Any], None]:
    compiled = re.compile(regex)

    def check(_: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, str) or compiled.fullmatch(value) is None:
            raise ValidationError(name, f"must be {what}", shown=repr(value))

    return check


_CODE = r"[A-Za-z0-9](?:[A-Za-z0-9.]{0,30}[A-Za-z0-9])?"
_CODE_WHAT = "a code of letters, digits and dots (1-32 characters)"


@define(frozen=True, slots=True, order=True)
class Akun:
    """A 6-digit BAS posting account whose first two digits are a :class:`JenisBelanja`."""

    code: str = field(
        validator=_pattern("akun", r"5[1237]\d{4}", "6 digits starting 51, 52, 53 or 57")
    )

    @property
    def jenis_belanja(self) -> JenisBelanja:
        """The type of spending (first two digits)."""
        return JenisBelanja(self.code[:2])

    def __str__(self) -> str:
        return self.code


@define(frozen=True, slots=True, order=True)
class Output:
    """A pre-2021 output with an optional sub-output (TA 2020 and earlier)."""

    code: str = field(validator=_pattern("output", _CODE, _CODE_WHAT))
    sub_output: str | None = field(default=None)

    @sub_output.validator
    def _check_sub(self, attribute: Any, value: Any) -> None:
        if value is not None:
            _pattern("sub_output", _CODE, _CODE_WHAT)(self, attribute, value)

    @property
    def group(self) -> str:
        """The output code (the level comparable across satkers)."""
        return self.code

    def __str__(self) -> str:
        return self.code if self.sub_output is None else f"{self.code}.{self.sub_output}"


@define(frozen=True, slots=True, order=True)
class RincianOutput:
    """A 2021+ Rincian Output (RO) under its Klasifikasi Rincian Output (KRO)."""

    kro: str = field(validator=_pattern("kro", _CODE, _CODE_WHAT))
    ro: str = field(validator=_pattern("ro", _CODE, _CODE_WHAT))

    @property
    def group(self) -> str:
        """The KRO (standard nomenclature, comparable across units)."""
        return self.kro

    def __str__(self) -> str:
        return f"{self.kro}.{self.ro}"


class Level(enum.Enum):
    """A dimension of the budget line key that figures can be rolled up by."""

    FISCAL_YEAR = "fiscal_year"
    BA = "ba"
    ESELON1 = "eselon1"
    SATKER = "satker"
    PROGRAM = "program"
    KEGIATAN = "kegiatan"
    OUTPUT_GROUP = "output_group"
    """The KRO (2021+) or the output code (pre-2021)."""
    OUTPUT = "output"
    KOMPONEN = "komponen"
    AKUN = "akun"
    JENIS_BELANJA = "jenis_belanja"
    KEWENANGAN = "kewenangan"
    SUMBER_DANA = "sumber_dana"


def _output_era(instance: BudgetLineKey, attribute: Any, value: Any) -> None:
    if instance.fiscal_year >= RSPP_FIRST_YEAR and not isinstance(value, RincianOutput):
        raise ValidationError(
            "output",
            f"must be a KRO/RO (RincianOutput) from TA {RSPP_FIRST_YEAR}",
            shown=repr(value),
        )
    if instance.fiscal_year < RSPP_FIRST_YEAR and not isinstance(value, Output):
        raise ValidationError(
            "output", f"must be an Output before TA {RSPP_FIRST_YEAR}", shown=repr(value)
        )


def _year(_: Any, attribute: Any, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1950 <= value <= 2200:
        raise ValidationError("fiscal_year", "must be an int year 1950-2200", shown=repr(value))


@define(frozen=True, slots=True, order=True)
class BudgetLineKey:
    """The full key of a DIPA line; every level is a validated value.

    Examples:
        >>> key = BudgetLineKey(
        ...     fiscal_year=2022, ba="027", eselon1="DAYASOS", satker="123456",
        ...     program="PS", kegiatan="6308", output=RincianOutput("QDB", "001"),
        ...     komponen="051", akun=Akun("573111"),
        ...     kewenangan=Kewenangan.KANTOR_PUSAT, sumber_dana=SumberDana.RM)
        >>> key.level(Level.JENIS_BELANJA)
        <JenisBelanja.BANSOS: '57'>
        >>> key.project((Level.PROGRAM, Level.OUTPUT_GROUP))
        ('PS', 'QDB')
    """

    fiscal_year: int = field(validator=_year)
    ba: str = field(validator=_pattern("ba", r"\d{3}", "3 digits"))
    eselon1: str = field(validator=_pattern("eselon1", _CODE, _CODE_WHAT))
    satker: str = field(validator=_pattern("satker", r"\d{6}", "6 digits"))
    program: str = field(validator=_pattern("program", _CODE, _CODE_WHAT))
    kegiatan: str = field(validator=_pattern("kegiatan", _CODE, _CODE_WHAT))
    output: Output | RincianOutput = field(validator=_output_era)
    komponen: str = field(validator=_pattern("komponen", _CODE, _CODE_WHAT))
    akun: Akun = field(validator=instance_of("akun", Akun, "an Akun"))
    kewenangan: Kewenangan = field(validator=instance_of("kewenangan", Kewenangan, "a Kewenangan"))
    sumber_dana: SumberDana = field(
        validator=instance_of("sumber_dana", SumberDana, "a SumberDana")
    )

    @property
    def jenis_belanja(self) -> JenisBelanja:
        """Derived from the akun."""
        return self.akun.jenis_belanja

    @property
    def year(self) -> FiscalYear:
        """The Tahun Anggaran as a period."""
        return FiscalYear(self.fiscal_year)

    def level(self, level: Level) -> object:
        """The value of one dimension (hashable, usable as a roll-up key)."""
        if level is Level.JENIS_BELANJA:
            return self.akun.jenis_belanja
        if level is Level.OUTPUT_GROUP:
            return self.output.group
        return getattr(self, level.value)

    def project(self, levels: tuple[Level, ...]) -> tuple[object, ...]:
        """The values of several dimensions, in the order given."""
        return tuple(self.level(lv) for lv in levels)
