"""The legal bases and public sources cited by several rules, written once.

A rule that cites one of these with its own remark uses :meth:`LegalBasis.noted
<dayasos.law.LegalBasis.noted>` (``PERMENSOS_1_2018.noted("...")``), so the instrument's
title, publisher and address are never typed twice. Sources cited by one rule only stay with
that rule.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from dayasos.law import LegalBasis

__all__ = [
    "FOKUS_DAYASOS_2020",
    "GRADUASI_IHWAL_PRESS",
    "GRADUASI_PAKSA_PRESS",
    "JUKNIS_KAT_2017",
    "PERMENSOS_1_2018",
    "PERMENSOS_8_2012",
    "RAKOR_DAYASOS_2020",
]

PERMENSOS_1_2018: Final = LegalBasis(
    "Peraturan Menteri Sosial No. 1 Tahun 2018 tentang Program Keluarga Harapan"
)
"""The regulation of PKH (Permensos 1/2018); graduation, sanctions and conditionalities are
detailed in the Pedoman Umum PKH (Ditjen Linjamsos)."""

GRADUASI_IHWAL_PRESS: Final = LegalBasis(
    "Arti Graduasi Mandiri dan Alamiah bagi Penerima Bansos PKH BPNT",
    publisher="Ihwal.id",
    url="https://www.ihwal.id/arti-graduasi-mandiri-dan-alamiah-bagi-penerima-bansos-pkh-bpnt",
    note="Press explanation of graduation under the Pedoman Umum PKH (M); sanctions as "
    "commonly stated (exact sequence U); the guideline text was not read.",
)
"""A press explanation of PKH graduation (alamiah, sejahtera mandiri) and sanctions."""

GRADUASI_PAKSA_PRESS: Final = LegalBasis(
    "Diancam Tak Dapat Bantuan, Koorkab PKH Muna Minta KPM Tidak Takut",
    publisher="Penasultra.id",
    url="https://penasultra.id/diancam-tak-dapat-bantuan-koorkab-pkh-muna-minta-kpm-tidak-takut/2",
    note="Local press report of forced graduation (graduasi paksa) against the family's wish (M).",
)
"""The local press report of forced graduation (graduasi paksa)."""

PERMENSOS_8_2012: Final = LegalBasis(
    "Peraturan Menteri Sosial No. 8 Tahun 2012 (pendataan dan pengelolaan data PMKS dan PSKS)",
    note=(
        "Lists 26 PMKS (now called PPKS) and 12 PSKS types (confidence M: the article listing "
        "them was not read); later regulations regroup the types."
    ),
)
"""The regulation that lists the PPKS and PSKS types."""

FOKUS_DAYASOS_2020: Final = LegalBasis(
    "Fokus Dayasos: Peningkatan Daya Individu, Lembaga, dan Masyarakat",
    publisher="Kementerian Sosial",
    published=date(2020, 7, 21),
    url="https://kemensos.go.id/fokus-dayasos-peningkatan-daya-individu-lembaga-dan-masyarakat",
    note="Mid-year evaluation of Ditjen Pemberdayaan Sosial: targets, programmes, COVID-19 aid.",
)
"""The 21 July 2020 Kemensos press release on social empowerment."""

RAKOR_DAYASOS_2020: Final = LegalBasis(
    "Kemensos Optimalkan Pelaksanaan Penyelenggaraan Kesejahteraan Sosial",
    publisher="Tempo (Info Nasional)",
    published=date(2020, 2, 20),
    url="https://nasional.tempo.co/amp/1309939/kemensos-optimalkan-pelaksanaan-penyelenggaraan-kesejahteraan-sosial",
    note="Report of the Kemensos Rakor Program Pemberdayaan Sosial 2020 (18-21 Feb 2020, 358 "
    "participants): shift from aid to empowerment; SLRT and Puskesos; PKAT; social "
    "entrepreneurship; MoU with four universities.",
)
"""The Rakor Program Pemberdayaan Sosial of February 2020."""

JUKNIS_KAT_2017: Final = LegalBasis(
    "Petunjuk Teknis Pelaksanaan Pemberdayaan KAT melalui Dekonsentrasi dan Tugas Pembantuan "
    "Tahun 2017 (Direktorat PKAT, Kemensos)",
    url="https://vdocuments.site/bab-i-pendahuluan-untuk-melaksanakan-sebagian-kegiatan-"
    "pemberdayaan-sosial.html",
    note="Secondary copy (M): stages from preparation to referral and termination; the aid of "
    "empowerment year I (houses, infrastructure, jaminan hidup, seeds, work tools) and year II "
    "(infrastructure, jaminan hidup). Legal basis of KAT empowerment: Perpres 186/2014.",
)
"""The 2017 KAT technical guideline: what PKAT empowerment years I and II bring."""
