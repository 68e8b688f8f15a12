"""PPKS and PSKS (Permensos 8/2012); the social pillars and the 2020 empowerment targets
are :mod:`dayasos.categories.empowerment`."""

from __future__ import annotations

from typing import Any

from dayasos.categories._base import Category
from dayasos.law import Confidence
from dayasos.legal import FOKUS_DAYASOS_2020, PERMENSOS_8_2012, RAKOR_DAYASOS_2020

__all__ = [
    "FOKUS_DAYASOS_2020",
    "PERMENSOS_8_2012",
    "PPKS",
    "PSKS",
    "RAKOR_DAYASOS_2020",
]

_M = Confidence.MEDIUM
_H = Confidence.HIGH


class PPKS(Category):
    """Pemerlu Pelayanan Kesejahteraan Sosial: the 26 types of persons in need of social-welfare
    services (Permensos No. 8 Tahun 2012, which calls them PMKS; confidence M)."""

    ANAK_BALITA_TELANTAR = (
        "anak_balita_telantar",
        "Anak Balita Telantar",
        "Neglected child under five",
        PERMENSOS_8_2012,
        _M,
    )
    ANAK_TELANTAR = ("anak_telantar", "Anak Telantar", "Neglected child", PERMENSOS_8_2012, _M)
    ANAK_BERHADAPAN_DENGAN_HUKUM = (
        "anak_berhadapan_dengan_hukum",
        "Anak yang Berhadapan dengan Hukum",
        "Child in conflict with the law",
        PERMENSOS_8_2012,
        _M,
        ("ABH",),
    )
    ANAK_JALANAN = ("anak_jalanan", "Anak Jalanan", "Street child", PERMENSOS_8_2012, _M)
    ANAK_DENGAN_KEDISABILITASAN = (
        "anak_dengan_kedisabilitasan",
        "Anak dengan Kedisabilitasan",
        "Child with a disability",
        PERMENSOS_8_2012,
        _M,
    )
    ANAK_KORBAN_TINDAK_KEKERASAN = (
        "anak_korban_tindak_kekerasan",
        "Anak yang Menjadi Korban Tindak Kekerasan atau Diperlakukan Salah",
        "Child victim of violence or mistreatment",
        PERMENSOS_8_2012,
        _M,
    )
    ANAK_MEMERLUKAN_PERLINDUNGAN_KHUSUS = (
        "anak_memerlukan_perlindungan_khusus",
        "Anak yang Memerlukan Perlindungan Khusus",
        "Child in need of special protection",
        PERMENSOS_8_2012,
        _M,
    )
    LANJUT_USIA_TELANTAR = (
        "lanjut_usia_telantar",
        "Lanjut Usia Telantar",
        "Neglected elderly person",
        PERMENSOS_8_2012,
        _M,
    )
    PENYANDANG_DISABILITAS = (
        "penyandang_disabilitas",
        "Penyandang Disabilitas",
        "Person with a disability",
        PERMENSOS_8_2012,
        _M,
    )
    TUNA_SUSILA = ("tuna_susila", "Tuna Susila", "Sex worker", PERMENSOS_8_2012, _M)
    GELANDANGAN = ("gelandangan", "Gelandangan", "Homeless person", PERMENSOS_8_2012, _M)
    PENGEMIS = ("pengemis", "Pengemis", "Beggar", PERMENSOS_8_2012, _M)
    PEMULUNG = ("pemulung", "Pemulung", "Scavenger", PERMENSOS_8_2012, _M)
    KELOMPOK_MINORITAS = (
        "kelompok_minoritas",
        "Kelompok Minoritas",
        "Minority group member",
        PERMENSOS_8_2012,
        _M,
    )
    BEKAS_WARGA_BINAAN_LAPAS = (
        "bekas_warga_binaan_lapas",
        "Bekas Warga Binaan Lembaga Pemasyarakatan",
        "Former prison inmate",
        PERMENSOS_8_2012,
        _M,
        ("BWBLP",),
    )
    ORANG_DENGAN_HIV_AIDS = (
        "orang_dengan_hiv_aids",
        "Orang dengan HIV/AIDS",
        "Person living with HIV/AIDS",
        PERMENSOS_8_2012,
        _M,
        ("ODHA",),
    )
    KORBAN_PENYALAHGUNAAN_NAPZA = (
        "korban_penyalahgunaan_napza",
        "Korban Penyalahgunaan NAPZA",
        "Victim of drug abuse",
        PERMENSOS_8_2012,
        _M,
    )
    KORBAN_TRAFFICKING = (
        "korban_trafficking",
        "Korban Trafficking",
        "Victim of human trafficking",
        PERMENSOS_8_2012,
        _M,
    )
    KORBAN_TINDAK_KEKERASAN = (
        "korban_tindak_kekerasan",
        "Korban Tindak Kekerasan",
        "Victim of violence",
        PERMENSOS_8_2012,
        _M,
    )
    PEKERJA_MIGRAN_BERMASALAH_SOSIAL = (
        "pekerja_migran_bermasalah_sosial",
        "Pekerja Migran Bermasalah Sosial",
        "Migrant worker with social problems",
        PERMENSOS_8_2012,
        _M,
        ("PMBS",),
    )
    KORBAN_BENCANA_ALAM = (
        "korban_bencana_alam",
        "Korban Bencana Alam",
        "Victim of a natural disaster",
        PERMENSOS_8_2012,
        _M,
    )
    KORBAN_BENCANA_SOSIAL = (
        "korban_bencana_sosial",
        "Korban Bencana Sosial",
        "Victim of a social disaster",
        PERMENSOS_8_2012,
        _M,
    )
    PEREMPUAN_RAWAN_SOSIAL_EKONOMI = (
        "perempuan_rawan_sosial_ekonomi",
        "Perempuan Rawan Sosial Ekonomi",
        "Socially and economically vulnerable woman",
        PERMENSOS_8_2012,
        _M,
        ("PRSE",),
    )
    FAKIR_MISKIN = ("fakir_miskin", "Fakir Miskin", "Poor person", PERMENSOS_8_2012, _M)
    KELUARGA_BERMASALAH_SOSIAL_PSIKOLOGIS = (
        "keluarga_bermasalah_sosial_psikologis",
        "Keluarga Bermasalah Sosial Psikologis",
        "Family with social or psychological problems",
        PERMENSOS_8_2012,
        _M,
    )
    KOMUNITAS_ADAT_TERPENCIL = (
        "komunitas_adat_terpencil",
        "Komunitas Adat Terpencil",
        "Remote indigenous community",
        PERMENSOS_8_2012,
        _M,
        ("KAT",),
    )


class PSKS(Category):
    """Potensi dan Sumber Kesejahteraan Sosial: the 12 types of social-welfare potentials and
    resources (Permensos No. 8 Tahun 2012; confidence M)."""

    PEKERJA_SOSIAL_PROFESIONAL = (
        "pekerja_sosial_profesional",
        "Pekerja Sosial Profesional",
        "Professional social worker",
        PERMENSOS_8_2012,
        _M,
        ("Peksos",),
    )
    PEKERJA_SOSIAL_MASYARAKAT = (
        "pekerja_sosial_masyarakat",
        "Pekerja Sosial Masyarakat",
        "Community social worker",
        PERMENSOS_8_2012,
        _M,
        ("PSM",),
    )
    TARUNA_SIAGA_BENCANA = (
        "taruna_siaga_bencana",
        "Taruna Siaga Bencana",
        "Disaster-preparedness youth volunteer",
        PERMENSOS_8_2012,
        _M,
        ("Tagana",),
    )
    LEMBAGA_KESEJAHTERAAN_SOSIAL = (
        "lembaga_kesejahteraan_sosial",
        "Lembaga Kesejahteraan Sosial",
        "Social-welfare institution",
        PERMENSOS_8_2012,
        _M,
        ("LKS",),
    )
    KARANG_TARUNA = (
        "karang_taruna",
        "Karang Taruna",
        "Village youth organisation",
        PERMENSOS_8_2012,
        _M,
    )
    LEMBAGA_KONSULTASI_KESEJAHTERAAN_KELUARGA = (
        "lk3",
        "Lembaga Konsultasi Kesejahteraan Keluarga",
        "Family-welfare consultation institution",
        PERMENSOS_8_2012,
        _M,
        ("LK3",),
    )
    KELUARGA_PIONER = ("keluarga_pioner", "Keluarga Pioner", "Pioneer family", PERMENSOS_8_2012, _M)
    WKSBM = (
        "wksbm",
        "Wahana Kesejahteraan Sosial Keluarga Berbasis Masyarakat",
        "Community-based family social-welfare forum",
        PERMENSOS_8_2012,
        _M,
        ("WKSBM",),
    )
    WANITA_PEMIMPIN_KESEJAHTERAAN_SOSIAL = (
        "wanita_pemimpin_kesejahteraan_sosial",
        "Wanita Pemimpin Kesejahteraan Sosial",
        "Women social-welfare leader",
        PERMENSOS_8_2012,
        _M,
    )
    PENYULUH_SOSIAL = (
        "penyuluh_sosial",
        "Penyuluh Sosial",
        "Social extension worker",
        PERMENSOS_8_2012,
        _M,
    )
    TENAGA_KESEJAHTERAAN_SOSIAL_KECAMATAN = (
        "tksk",
        "Tenaga Kesejahteraan Sosial Kecamatan",
        "Sub-district social-welfare worker",
        PERMENSOS_8_2012,
        _M,
        ("TKSK",),
    )
    DUNIA_USAHA = ("dunia_usaha", "Dunia Usaha", "Business sector", PERMENSOS_8_2012, _M)


def __getattr__(name: str) -> Any:
    """The pillars and empowerment targets, importable from here as before the split
    (:mod:`dayasos.categories.empowerment` imports PSKS from this module, hence lazily)."""
    if name in ("EmpowermentTarget", "SocialPillar", "TargetMember"):
        from dayasos.categories import empowerment

        return getattr(empowerment, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
