"""The programme catalogue and the target groups of Sembako Kemensos Hadir."""

from __future__ import annotations

import enum
from datetime import date
from typing import Final

from dayasos.categories._base import Category
from dayasos.categories.social import FOKUS_DAYASOS_2020
from dayasos.law import Confidence, LegalBasis
from dayasos.legal import PERMENSOS_1_2018

__all__ = [
    "BeneficiaryUnit",
    "Programme",
    "SembakoHadirTargetGroup",
]

_PERMENSOS_1_2018: Final = PERMENSOS_1_2018
_SEMBAKO: Final = LegalBasis(
    "Penanganan Fakir Miskin dalam Penanggulangan Pandemi Covid-19 (slides)",
    publisher="Sekretariat Direktorat Jenderal Penanganan Fakir Miskin, Kementerian Sosial",
    published=date(2020, 11, 17),
    url="https://id.scribd.com/presentation/651236000/Penanganan-Fakir-Miskin-Setditjen-PFM-171120",
    note="Program Sembako, successor of Bantuan Pangan Non Tunai (BPNT); amounts by month and "
    "their sources in the parameter file sembako.toml.",
)
_BST: Final = LegalBasis(
    "Kabar Gembira, Bansos Covid-19 Diperpanjang hingga Akhir Tahun",
    publisher="Hype (Grid.id)",
    url="https://hype.grid.id/read/432252557/kabar-gembira-bansos-covid-19-diperpanjang-hingga-"
    "akhir-tahun-simak-cara-cek-kepesertaannya?page=2",
    note="Press report (M); the Kepmensos on BST was not read.",
)
_KEMENSOS_2020_08_10: Final = LegalBasis(
    "Ministry of Social Affairs Distributes Cash Social Assistance for 9 Million Sembako KPM",
    publisher="Kementerian Sosial",
    published=date(2020, 8, 10),
    url="https://kemensos.go.id/index.php/en/latest-news/social-minister/ministry-of-social-affairs-distributes-cash-social-assistance-for-9",
)
_PERMENSOS_12_2015: Final = LegalBasis(
    "Peraturan Menteri Sosial No. 12 Tahun 2015 (Pemberdayaan Komunitas Adat Terpencil)",
    note="Stages of KAT empowerment (U for the details: the text was not read).",
)
_KUBE: Final = LegalBasis(
    "Syarat Pengajuan Kelompok Usaha Bersama (KUBE)",
    publisher="Dinas Sosial Provinsi Kalimantan Barat",
    published=date(2019, 9, 12),
    url="https://dinsos.kalbarprov.go.id/blog/2019/09/12/syarat-pengajuan-kelompok-usaha-bersama-kube/",
    note="Redesigned into ProKUS in the Kemensos 2021 RKA (M).",
)
_RUTILAHU: Final = LegalBasis(
    "Pemerintah Bakal Beri Rp15 Juta Masyarakat Miskin yang Punya Rumah Tak Layak Huni",
    publisher="Kontan",
    url="https://amp.kontan.co.id/news/pemerintah-bakal-beri-rp-15-juta-masyarakat-miskin-yang-punya-rumah-tak-layak-huni",
    note="Press report (M).",
)
_PROKUS_GRADUASI: Final = LegalBasis(
    "Kemensos Beri ProKUS Senilai 5M Bantu Usaha Mikro KPM PKH Graduasi",
    publisher="Kementerian Sosial",
    url="https://kemensos.go.id/kemensos-beri-prokus-senilai-5m-bantu-usaha-mikro-kpm-pkh-graduasi",
)
_BLT_BBM: Final = LegalBasis(
    "20,6 Juta KPM Terima BLT Pengalihan Subsidi BBM, Mensos: Diberikan Empat Kali",
    publisher="Kalteng Lima (Pikiran Rakyat network)",
    url="https://www.kaltenglima.com/nasional/pr-3514389064/206-kpm-terima-blt-pengalihan-subsidi-bbm-mensos-diberikan-empat-kali",
    note="Press report (M).",
)
_PENA: Final = LegalBasis(
    "Kemensos Gencarkan Program PENA bagi KPM, Begini Cara Daftarnya",
    publisher="Ayo Bogor",
    url="https://www.ayobogor.com/umum/amp/3112147270/kemensos-gencarkan-program-pena-bagi-kpm-begini-cara-daftarnya",
    note="Press report (M).",
)
_JABODETABEK: Final = LegalBasis(
    "Bansos sembako Jabodetabek April-Juni 2020 (Kompas.com news article, 20 April 2020)",
    publisher="Kompas.com",
    published=date(2020, 4, 20),
    url="https://nasional.kompas.com/read/2020/04/20/14204661/",
    note="Press report (M).",
)
_KEMENSOS_HADIR: Final = LegalBasis(
    "Bansos Kemensos Hadir Bantu Masyarakat Terdampak COVID-19",
    publisher="Kementerian Sosial",
    url="https://kemensos.go.id/index.php/bansos-kemensos-hadir-bantu-masyarakat-terdampak-covid-19",
    quote="belum pernah menerima bantuan dari manapun",
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
        "Food packages to people hit by COVID-19 who had no other aid (2020)",
        _KEMENSOS_HADIR,
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
        _PROKUS_GRADUASI,
        _H,
        ("sustainment grant", "BSIMU"),
    )
    BLT_BBM = (
        "blt_bbm",
        "Bantuan Langsung Tunai Bahan Bakar Minyak",
        "Fuel-subsidy cash transfer (2022)",
        _BLT_BBM,
        _M,
        ("BLT BBM", "BLT pengalihan subsidi BBM"),
    )
    PENA = (
        "pena",
        "Pahlawan Ekonomi Nusantara",
        "Business grant to graduated KPM and entrepreneurs (from 2022)",
        _PENA,
        _M,
        ("PENA",),
    )
    BANSOS_SEMBAKO_JABODETABEK = (
        "bansos_sembako_jabodetabek",
        "Bantuan Sosial Sembako Jabodetabek",
        "Food packages in Greater Jakarta (April-June 2020)",
        _JABODETABEK,
        _M,
        ("bansos sembako Jabodetabek",),
    )

    @property
    def beneficiary_unit(self) -> BeneficiaryUnit:
        """Who receives the aid."""
        return _UNIT[self]

    @property
    def responsible_unit(self) -> str | None:
        """The eselon I unit that runs the programme, where a public source states it (else None)."""
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
    Programme.BLT_BBM: _F,
    Programme.PENA: BeneficiaryUnit.PERSON,
    Programme.BANSOS_SEMBAKO_JABODETABEK: BeneficiaryUnit.HOUSEHOLD,
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
