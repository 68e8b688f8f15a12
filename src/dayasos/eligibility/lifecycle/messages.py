"""The bilingual messages of the graduation assessment, as data.

Each criterion of :func:`~dayasos.eligibility.lifecycle.assess_graduation` says why it
passed, failed or did not apply, in Indonesian and English. The texts are written here once,
keyed by the criterion code and the case; ``{...}`` fields are filled from the assessment
(``status``: the status code on the date, ``recorded``: the status a forced graduation is
recorded under).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

__all__ = ["GRADUATION_MESSAGES", "message"]

GRADUATION_MESSAGES: Final[Mapping[tuple[str, str], tuple[str, str]]] = {
    ("in_programme", "passed"): (
        "Berstatus peserta PKH (aktif atau ditangguhkan).",
        "A PKH participant (active or suspended).",
    ),
    ("in_programme", "failed"): (
        "Tidak berstatus peserta PKH (status {status}).",
        "Not a PKH participant (status {status}).",
    ),
    ("no_eligible_component", "passed"): (
        "Tidak ada lagi anggota yang memenuhi komponen PKH.",
        "No member has an eligible PKH component any more.",
    ),
    ("no_eligible_component", "failed"): (
        "Masih ada anggota yang memenuhi komponen PKH.",
        "Some member still has an eligible PKH component.",
    ),
    ("no_eligible_component", "not_applicable"): (
        "Tahun bantuan flat tanpa komponen: kriteria tidak berlaku.",
        "Flat-amount year without components: the criterion does not apply.",
    ),
    ("welfare_above_pkh_criteria", "passed"): (
        "Desil kesejahteraan di atas kriteria PKH.",
        "Welfare decile above the PKH criteria.",
    ),
    ("welfare_above_pkh_criteria", "failed"): (
        "Desil kesejahteraan tidak di atas kriteria PKH.",
        "Welfare decile not above the PKH criteria.",
    ),
    ("welfare_above_pkh_criteria", "not_applicable"): (
        "Batas desil PKH tidak diketahui; kriteria tidak diterapkan.",
        "The PKH decile threshold is unknown; the criterion is not applied.",
    ),
    ("withdrawal_declared", "passed"): (
        "Keluarga menyatakan mengundurkan diri.",
        "The family declared its voluntary withdrawal.",
    ),
    ("withdrawal_declared", "failed"): (
        "Belum terpenuhi: keluarga menyatakan mengundurkan diri.",
        "Not met: the family declared its voluntary withdrawal.",
    ),
    ("withdrawal_declared", "not_applicable"): ("Tidak disyaratkan.", "Not required."),
    ("facilitator_assessed", "passed"): (
        "Pendamping menilai keluarga sudah sejahtera mandiri.",
        "The facilitator assessed the family as self-reliant.",
    ),
    ("facilitator_assessed", "failed"): (
        "Belum terpenuhi: pendamping menilai keluarga sudah sejahtera mandiri.",
        "Not met: the facilitator assessed the family as self-reliant.",
    ),
    ("facilitator_assessed", "not_applicable"): ("Tidak disyaratkan.", "Not required."),
    ("welfare_for_self_reliance", "passed"): (
        "Desil kesejahteraan memenuhi batas graduasi.",
        "Welfare decile meets the graduation threshold.",
    ),
    ("welfare_for_self_reliance", "failed"): (
        "Desil kesejahteraan belum memenuhi batas graduasi.",
        "Welfare decile below the graduation threshold.",
    ),
    ("welfare_for_self_reliance", "not_applicable"): (
        "Batas desil graduasi tidak diketahui; kriteria tidak diterapkan "
        "(asesmen pendamping menggantikannya).",
        "The graduation decile threshold is unknown; the criterion is not applied "
        "(the facilitator's assessment stands for it).",
    ),
    ("graduasi_sejahtera_mandiri", "passed"): (
        "Memenuhi graduasi sejahtera mandiri.",
        "Meets self-reliant graduation.",
    ),
    ("graduasi_sejahtera_mandiri", "failed"): (
        "Tidak memenuhi graduasi sejahtera mandiri (aktif, pengunduran diri, asesmen).",
        "Does not meet self-reliant graduation (active, withdrawal, assessment).",
    ),
    ("graduasi_sejahtera_mandiri", "not_applicable"): (
        "Juga memenuhi, tetapi graduasi alamiah didahulukan.",
        "Also met, but natural graduation takes precedence.",
    ),
    ("graduasi_alamiah", "passed"): ("Memenuhi graduasi alamiah.", "Meets natural graduation."),
    ("graduasi_alamiah", "failed"): (
        "Tidak memenuhi graduasi alamiah (masih ada komponen, kesejahteraan belum di atas "
        "kriteria).",
        "Does not meet natural graduation (a component remains, welfare not above the criteria).",
    ),
    ("graduasi_alamiah", "not_applicable"): (
        "Juga memenuhi, tetapi graduasi sejahtera mandiri didahulukan.",
        "Also met, but self-reliant graduation takes precedence.",
    ),
    ("graduasi_paksa", "passed"): (
        "Graduasi paksa oleh program, dicatat sebagai {recorded}.",
        "Forced graduation by the programme, recorded as {recorded}.",
    ),
    ("graduasi_paksa", "failed"): (
        "Tidak ada keputusan graduasi paksa atas peserta PKH.",
        "No forced-graduation decision on a PKH participant.",
    ),
    ("graduasi_paksa", "not_recognised"): (
        "Graduasi paksa tidak diakui pada tanggal ini.",
        "Forced graduation is not a recognised route on this date.",
    ),
    ("graduasi_paksa", "other_route"): (
        "Jalur graduasi lain berlaku; graduasi paksa tidak diperlukan.",
        "Another graduation route applies; forced graduation is not needed.",
    ),
}
"""``(criterion code, case) -> (Indonesian, English)``; the case is the criterion status
value (``"passed"``, ``"failed"``, ``"not_applicable"``) or, where one status has several
reasons, a name for the reason."""


def message(code: str, case: str, **fields: str) -> tuple[str, str]:
    """The Indonesian and English messages of ``code`` in ``case``, fields filled in.

    Examples:
        >>> message("in_programme", "failed", status="dihentikan")[1]
        'Not a PKH participant (status dihentikan).'
    """
    id_, en = GRADUATION_MESSAGES[(code, case)]
    return id_.format(**fields), en.format(**fields)
