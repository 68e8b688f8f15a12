"""The KPM PKH state machine: the reasons for a status change, the allowed transitions and
the statuses no transition leaves (see :mod:`dayasos.eligibility.lifecycle`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from dayasos.categories._base import Category
from dayasos.eligibility.pkh import PkhStatus
from dayasos.law import Confidence
from dayasos.legal import GRADUASI_IHWAL_PRESS, GRADUASI_PAKSA_PRESS, PERMENSOS_1_2018

__all__ = [
    "FINAL_STATUSES",
    "GRADUATED_STATUSES",
    "MACHINE",
    "PKH_BASIS",
    "TRANSITIONS",
    "TransitionReason",
    "allowed_reasons",
    "status_code",
]


MACHINE: Final = "KPM PKH"

PKH_BASIS: Final = PERMENSOS_1_2018.noted(
    "Legal basis of PKH; graduation and sanctions are detailed in the Pedoman Umum PKH."
)
"""The default legal basis of a PKH status change."""
_PEDUM: Final = GRADUASI_IHWAL_PRESS
_ASSUMPTION: Final = PERMENSOS_1_2018.noted(
    "No public source read states this transition; it is modelled so that the lifecycle "
    "is complete (assumption, U)."
)
_PAKSA: Final = GRADUASI_PAKSA_PRESS
_H, _M, _U = Confidence.HIGH, Confidence.MEDIUM, Confidence.UNVERIFIED


class TransitionReason(Category):
    """Why a KPM PKH changed status; each reason is allowed on some transitions only."""

    DIUSULKAN = ("diusulkan", "Diusulkan sebagai calon KPM", "proposed as candidate", _PEDUM, _M)
    PENETAPAN = (
        "penetapan",
        "Ditetapkan sebagai KPM",
        "enrolled as beneficiary family",
        PKH_BASIS,
        _M,
    )
    TIDAK_DITETAPKAN = (
        "tidak_ditetapkan",
        "Calon tidak ditetapkan",
        "candidate not confirmed",
        _ASSUMPTION,
        _U,
    )
    TIDAK_ADA_KOMPONEN = (
        "tidak_ada_komponen",
        "Tidak ada lagi anggota yang memenuhi komponen",
        "no eligible component left",
        _PEDUM,
        _M,
    )
    SOSEK_MENINGKAT = (
        "sosek_meningkat",
        "Status sosial ekonomi meningkat melampaui kriteria",
        "socio-economic status improved beyond the criteria",
        _PEDUM,
        _M,
    )
    MENGUNDURKAN_DIRI = (
        "mengundurkan_diri",
        "Mengundurkan diri karena sudah sejahtera",
        "voluntary withdrawal (welfare improved)",
        _PEDUM,
        _M,
    )
    KOMITMEN_TIDAK_DIPENUHI = (
        "komitmen_tidak_dipenuhi",
        "Komitmen tidak dipenuhi",
        "commitments not met",
        _PEDUM,
        _U,
    )
    KOMITMEN_DIPENUHI = (
        "komitmen_dipenuhi",
        "Komitmen dipenuhi kembali",
        "commitments met again",
        _ASSUMPTION,
        _U,
    )
    MENINGGAL = (
        "meninggal",
        "Anggota yang memenuhi syarat meninggal dunia",
        "death of the only eligible members",
        _PEDUM,
        _U,
    )
    PINDAH = ("pindah", "Pindah keluar wilayah", "moved out of the area", _PEDUM, _U)
    DATA_TIDAK_BENAR = ("data_tidak_benar", "Data tidak benar", "false data", _PEDUM, _U)
    GRADUASI_PAKSA = (
        "graduasi_paksa",
        "Graduasi paksa oleh program",
        "forced graduation by the programme, against the family's wish",
        _PAKSA,
        _M,
        ("paksa",),
    )


_S = PkhStatus
_R = TransitionReason
_OTHER_EXITS: Final = frozenset({_R.MENINGGAL, _R.PINDAH, _R.DATA_TIDAK_BENAR})
_ALAMIAH: Final = frozenset({_R.TIDAK_ADA_KOMPONEN, _R.SOSEK_MENINGKAT})

TRANSITIONS: Final[Mapping[tuple[PkhStatus | None, PkhStatus], frozenset[TransitionReason]]] = {
    (None, _S.KANDIDAT): frozenset({_R.DIUSULKAN}),
    (None, _S.AKTIF): frozenset({_R.PENETAPAN}),
    (_S.KANDIDAT, _S.AKTIF): frozenset({_R.PENETAPAN}),
    (_S.KANDIDAT, _S.DIHENTIKAN): _OTHER_EXITS | {_R.TIDAK_DITETAPKAN},
    (_S.AKTIF, _S.DITANGGUHKAN): frozenset({_R.KOMITMEN_TIDAK_DIPENUHI}),
    (_S.AKTIF, _S.GRADUASI_ALAMIAH): _ALAMIAH | {_R.GRADUASI_PAKSA},
    (_S.AKTIF, _S.GRADUASI_SEJAHTERA_MANDIRI): frozenset({_R.MENGUNDURKAN_DIRI, _R.GRADUASI_PAKSA}),
    (_S.AKTIF, _S.DIHENTIKAN): _OTHER_EXITS,
    (_S.DITANGGUHKAN, _S.AKTIF): frozenset({_R.KOMITMEN_DIPENUHI}),
    (_S.DITANGGUHKAN, _S.DIBATALKAN): frozenset({_R.KOMITMEN_TIDAK_DIPENUHI}),
    (_S.DITANGGUHKAN, _S.GRADUASI_ALAMIAH): _ALAMIAH | {_R.GRADUASI_PAKSA},
    (_S.DITANGGUHKAN, _S.GRADUASI_SEJAHTERA_MANDIRI): frozenset({_R.GRADUASI_PAKSA}),
    (_S.DITANGGUHKAN, _S.DIHENTIKAN): _OTHER_EXITS,
}
"""The allowed transitions ``(from, to)`` (``from`` None: the first status) and the reasons
each accepts. A pair not in the table is forbidden."""

GRADUATED_STATUSES: Final = frozenset(
    {_S.GRADUASI, _S.GRADUASI_ALAMIAH, _S.GRADUASI_SEJAHTERA_MANDIRI}
)
"""The statuses of a graduated family."""

FINAL_STATUSES: Final = GRADUATED_STATUSES | {_S.DIBATALKAN, _S.DIHENTIKAN}
"""Statuses no transition leaves."""


def allowed_reasons(source: PkhStatus | None, target: PkhStatus) -> frozenset[TransitionReason]:
    """The reasons accepted for ``source -> target`` (empty: the transition is forbidden).

    Examples:
        >>> sorted(r.code for r in allowed_reasons(PkhStatus.AKTIF, PkhStatus.GRADUASI_ALAMIAH))
        ['graduasi_paksa', 'sosek_meningkat', 'tidak_ada_komponen']
    """
    return TRANSITIONS.get((source, target), frozenset())


def status_code(s: PkhStatus | None) -> str:
    """The code of a status, ``"(none)"`` before the first one."""
    return "(none)" if s is None else s.code
