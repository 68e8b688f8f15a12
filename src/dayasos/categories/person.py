"""Attributes of a person that the registry records and the rules read: sex, school level,
disability severity and the relationship to the head of the family (Kartu Keluarga).

They live here, beside the other categories, so the registry (which stores them) and the
eligibility rules (which read them) share one definition.

Examples:
    >>> SchoolLevel.parse("smp sederajat")
    SchoolLevel.SMP
    >>> Relationship.parse("Kepala Keluarga").is_head
    True
    >>> DisabilitySeverity.BERAT.label_en
    'severe'
"""

from __future__ import annotations

from typing import Final

from dayasos.categories._base import Category
from dayasos.law import Confidence, LegalBasis
from dayasos.legal import PERMENSOS_1_2018

__all__ = ["DisabilitySeverity", "Relationship", "SchoolLevel", "Sex"]

_DUKCAPIL_KK: Final = LegalBasis(
    "Kartu Keluarga (Dukcapil, Kemendagri), column 'Status Hubungan Dalam Keluarga'",
    note="Values as printed on the family card; the regulation defining the list was not read.",
)
_NIK: Final = LegalBasis(
    "Nomor Induk Kependudukan (Dukcapil): sex encoded by adding 40 to the day of birth for women",
    url="https://arthurdejong.org/python-stdnum/",
    note="As documented by python-stdnum, module stdnum.id.nik (H).",
)
_PERMENSOS_1_2018: Final = PERMENSOS_1_2018.noted(
    "PKH components name the school levels and 'penyandang disabilitas berat' (M)."
)
_M = Confidence.MEDIUM
_U = Confidence.UNVERIFIED


class Sex(Category):
    """Sex as recorded in the population registry (and encoded in the NIK)."""

    LAKI_LAKI = ("m", "Laki-laki", "male", _NIK, Confidence.HIGH, ("l", "lk", "male", "pria"))
    PEREMPUAN = ("f", "Perempuan", "female", _NIK, Confidence.HIGH, ("p", "pr", "female", "wanita"))


class SchoolLevel(Category):
    """The school level a person is enrolled at (``sederajat`` equivalents included)."""

    NONE = (
        "none",
        "Tidak/belum sekolah",
        "not enrolled",
        _PERMENSOS_1_2018,
        _M,
        ("tidak sekolah",),
    )
    SD = (
        "sd",
        "SD/sederajat",
        "primary (SD, MI, Paket A)",
        _PERMENSOS_1_2018,
        _M,
        ("sd sederajat", "mi"),
    )
    SMP = (
        "smp",
        "SMP/sederajat",
        "junior secondary (SMP, MTs, Paket B)",
        _PERMENSOS_1_2018,
        _M,
        ("smp sederajat", "mts"),
    )
    SMA = (
        "sma",
        "SMA/sederajat",
        "senior secondary (SMA, SMK, MA, Paket C)",
        _PERMENSOS_1_2018,
        _M,
        ("sma sederajat", "smk", "ma"),
    )
    HIGHER = (
        "higher",
        "Perguruan tinggi",
        "higher education",
        _PERMENSOS_1_2018,
        _M,
        ("pt", "kuliah"),
    )


class DisabilitySeverity(Category):
    """Severity of a disability; PKH counts only ``BERAT`` (severe).

    The grading into ringan/sedang/berat is how PKH guidance is commonly described; the
    assessment criteria were not read (U).
    """

    NONE = ("none", "Tidak ada", "none", _PERMENSOS_1_2018, _U, ("tidak",))
    RINGAN = ("ringan", "Ringan", "mild", _PERMENSOS_1_2018, _U, ())
    SEDANG = ("sedang", "Sedang", "moderate", _PERMENSOS_1_2018, _U, ())
    BERAT = ("berat", "Berat", "severe", _PERMENSOS_1_2018, _M, ("severe",))


class Relationship(Category):
    """Relationship of a member to the head of the family, as on the Kartu Keluarga."""

    KEPALA_KELUARGA = (
        "head",
        "Kepala Keluarga",
        "head of family",
        _DUKCAPIL_KK,
        _M,
        ("kk", "kepala"),
    )
    SUAMI = ("husband", "Suami", "husband", _DUKCAPIL_KK, _M, ())
    ISTRI = ("wife", "Istri", "wife", _DUKCAPIL_KK, _M, ("isteri",))
    ANAK = ("child", "Anak", "child", _DUKCAPIL_KK, _M, ())
    MENANTU = ("child_in_law", "Menantu", "son- or daughter-in-law", _DUKCAPIL_KK, _M, ())
    CUCU = ("grandchild", "Cucu", "grandchild", _DUKCAPIL_KK, _M, ())
    ORANG_TUA = ("parent", "Orang Tua", "parent", _DUKCAPIL_KK, _M, ())
    MERTUA = ("parent_in_law", "Mertua", "parent-in-law", _DUKCAPIL_KK, _M, ())
    FAMILI_LAIN = ("other_relative", "Famili Lain", "other relative", _DUKCAPIL_KK, _M, ())
    PEMBANTU = ("household_help", "Pembantu", "household help", _DUKCAPIL_KK, _M, ())
    LAINNYA = ("other", "Lainnya", "other", _DUKCAPIL_KK, _M, ())

    @property
    def is_head(self) -> bool:
        """Whether this is the head of the family (exactly one per family)."""
        return self is Relationship.KEPALA_KELUARGA
