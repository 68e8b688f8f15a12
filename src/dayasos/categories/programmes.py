"""The programme catalogue and the target groups of Sembako Kemensos Hadir."""

from __future__ import annotations

import enum
from typing import Final

from dayasos.categories._base import Category
from dayasos.categories.social import FOKUS_DAYASOS_2020
from dayasos.law import Confidence, LegalBasis

__all__ = [
    "BeneficiaryUnit",
    "Programme",
    "SembakoHadirTargetGroup",
]

_PERMENSOS_1_2018: Final = LegalBasis(
    "Peraturan Menteri Sosial No. 1 Tahun 2018 tentang Program Keluarga Harapan"
)
_SEMBAKO: Final = LegalBasis(
    "Program Sembako (Kemensos), successor of Bantuan Pangan Non Tunai",
    note="Amounts and sources in the parameter file sembako.toml; the Permensos was not read.",
)
_BST: Final = LegalBasis(
    "Bantuan Sosial Tunai (Kemensos), 2020-2021",
    note="As reported in secondary sources (shared/domain/social-aid.md, M).",
)
_KEMENSOS_2020_08_10: Final = LegalBasis(
    "Kemensos, news release 10 Aug 2020 (BST for Sembako KPM not in PKH; BSB)",
    url="https://kemensos.go.id/index.php/en/latest-news/social-minister/ministry-of-social-affairs-distributes-cash-social-assistance-for-9",
)
_PERMENSOS_12_2015: Final = LegalBasis(
    "Peraturan Menteri Sosial No. 12 Tahun 2015 (Pemberdayaan Komunitas Adat Terpencil)",
    note="Summarised in shared/domain/social-aid.md (U for the details).",
)
_KUBE: Final = LegalBasis(
    "Kelompok Usaha Bersama (Kemensos)",
    note="Redesigned into ProKUS in the 2021 RKA (shared/domain/budget.md [F22], M).",
)
_RUTILAHU: Final = LegalBasis(
    "Rehabilitasi Sosial Rumah Tidak Layak Huni (Kemensos)",
    note="As reported in secondary sources (shared/domain/social-aid.md, M).",
)

_H = Confidence.HIGH
_M = Confidence.MEDIUM


class BeneficiaryUnit(enum.Enum):
    """Who or what receives a programme's aid."""

    FAMILY = "family"
    """A beneficiary family (KPM)."""
    PERSON = "person"
    HOUSEHOLD = "household"
    GROUP = "group"
    """A group of families (e.g. a KUBE)."""
    COMMUNITY = "community"
    """A community (e.g. a Komunitas Adat Terpencil)."""
    INSTITUTION = "institution"
    """A social pillar or institution."""


class Programme(Category):
    """The programme catalogue. The value of a member is its stable code (stored by the registry)."""

    PKH = (
        "pkh",
        "Program Keluarga Harapan",
        "Family Hope Programme (conditional cash transfer)",
        _PERMENSOS_1_2018,
        _H,
        ("PKH",),
    )
    SEMBAKO = (
        "sembako",
        "Program Sembako",
        "Food assistance programme (formerly BPNT)",
        _SEMBAKO,
        _M,
        ("BPNT", "Bantuan Pangan Non Tunai", "Kartu Sembako"),
    )
    BST = ("bst", "Bantuan Sosial Tunai", "Cash social assistance (COVID-19)", _BST, _M, ("BST",))
    BST_SEMBAKO_NON_PKH = (
        "bst_sembako_non_pkh",
        "Bantuan Sosial Tunai bagi KPM Sembako non-PKH",
        "One-off cash aid to Sembako families not in PKH (2020)",
        _KEMENSOS_2020_08_10,
        _H,
    )
    BSB = (
        "bsb",
        "Bantuan Sosial Beras",
        "Rice social assistance (2020)",
        _KEMENSOS_2020_08_10,
        _H,
        ("BSB",),
    )
    PROKUS = (
        "prokus",
        "Program Kewirausahaan Sosial",
        "Social entrepreneurship programme",
        FOKUS_DAYASOS_2020,
        _H,
        ("ProKUS", "Kewirausahaan Sosial"),
    )
    PKAT = (
        "pkat",
        "Pemberdayaan Komunitas Adat Terpencil",
        "Empowerment of remote indigenous communities",
        _PERMENSOS_12_2015,
        _H,
        ("PKAT", "PKAT Best", "Pemberdayaan KAT Berbasis Stakeholder"),
    )
    KUBE = ("kube", "Kelompok Usaha Bersama", "Joint business group grant", _KUBE, _M, ("KUBE",))
    RS_RUTILAHU = (
        "rs_rutilahu",
        "Rehabilitasi Sosial Rumah Tidak Layak Huni",
        "Rehabilitation of uninhabitable houses",
        _RUTILAHU,
        _M,
        ("RS-Rutilahu", "Rutilahu", "RSRTLH"),
    )
    SEMBAKO_KEMENSOS_HADIR = (
        "sembako_kemensos_hadir",
        "Sembako Kemensos Hadir",
        "Food packages to people hit by COVID-19 (2020)",
        FOKUS_DAYASOS_2020,
        _H,
    )
    APD_PILAR = (
        "apd_pilar",
        "Bantuan APD bagi Pilar Sosial",
        "Protective equipment for social pillars (2020)",
        FOKUS_DAYASOS_2020,
        _H,
        ("APD",),
    )
    PENGUATAN_MODAL_USAHA = (
        "penguatan_modal_usaha",
        "Bantuan Penguatan Modal Usaha bagi KPM PKH Graduasi",
        "Business-capital (sustainment) grant to graduated KPM PKH (2020)",
        FOKUS_DAYASOS_2020,
        _H,
        ("sustainment grant",),
    )

    @property
    def beneficiary_unit(self) -> BeneficiaryUnit:
        """Who receives the aid."""
        return _UNIT[self]

    @property
    def responsible_unit(self) -> str | None:
        """The eselon I unit that runs the programme, where the facts state it (else None)."""
        entry = _RESPONSIBLE.get(self)
        return None if entry is None else entry[0]

    @property
    def responsible_unit_confidence(self) -> Confidence | None:
        """Confidence of :attr:`responsible_unit` (None when it is not stated)."""
        entry = _RESPONSIBLE.get(self)
        return None if entry is None else entry[1]


_F = BeneficiaryUnit.FAMILY
_UNIT: Final[dict[Programme, BeneficiaryUnit]] = {
    Programme.PKH: _F,
    Programme.SEMBAKO: _F,
    Programme.BST: _F,
    Programme.BST_SEMBAKO_NON_PKH: _F,
    Programme.BSB: _F,
    Programme.PROKUS: _F,
    Programme.PKAT: BeneficiaryUnit.COMMUNITY,
    Programme.KUBE: BeneficiaryUnit.GROUP,
    Programme.RS_RUTILAHU: BeneficiaryUnit.HOUSEHOLD,
    Programme.SEMBAKO_KEMENSOS_HADIR: BeneficiaryUnit.PERSON,
    Programme.APD_PILAR: BeneficiaryUnit.INSTITUTION,
    Programme.PENGUATAN_MODAL_USAHA: _F,
}

_DAYASOS = "Direktorat Jenderal Pemberdayaan Sosial"
_RESPONSIBLE: Final[dict[Programme, tuple[str, Confidence]]] = {
    Programme.PKH: ("Direktorat Jenderal Perlindungan dan Jaminan Sosial", _M),
    Programme.BSB: (_DAYASOS, _H),
    Programme.PROKUS: (_DAYASOS, _H),
    Programme.PKAT: (_DAYASOS, _H),
    Programme.SEMBAKO_KEMENSOS_HADIR: (_DAYASOS, _H),
    Programme.APD_PILAR: (_DAYASOS, _H),
    Programme.PENGUATAN_MODAL_USAHA: (_DAYASOS, _H),
}


class SembakoHadirTargetGroup(Category):
    """Target groups of the 100,000 Sembako Kemensos Hadir packages (Fokus Dayasos, 21 Jul 2020)."""

    GURU_HONORER = ("guru_honorer", "Guru Honorer", "Honorary teachers", FOKUS_DAYASOS_2020, _H)
    PEMULUNG = ("pemulung", "Pemulung", "Scavengers", FOKUS_DAYASOS_2020, _H)
    PEDAGANG = ("pedagang", "Pedagang", "Traders", FOKUS_DAYASOS_2020, _H)
    BURUH_HARIAN_LEPAS = (
        "buruh_harian_lepas",
        "Buruh Harian/Lepas",
        "Daily or casual workers",
        FOKUS_DAYASOS_2020,
        _H,
        ("buruh harian", "buruh lepas"),
    )
    PEKERJA_PHK = (
        "pekerja_phk",
        "Pekerja Terkena PHK",
        "Laid-off workers",
        FOKUS_DAYASOS_2020,
        _H,
        ("PHK",),
    )
    LAINNYA = ("lainnya", "Lainnya", "Others affected by COVID-19", FOKUS_DAYASOS_2020, _H)
