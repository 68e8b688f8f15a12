"""The social pillars and the 2020 empowerment targets of the Dayasos programme."""

from __future__ import annotations

from typing import Final

from dayasos.categories._base import Category
from dayasos.categories.social import PSKS
from dayasos.law import Confidence
from dayasos.legal import FOKUS_DAYASOS_2020, RAKOR_DAYASOS_2020

__all__ = ["EmpowermentTarget", "SocialPillar", "TargetMember"]

_M: Final = Confidence.MEDIUM
_H: Final = Confidence.HIGH


class SocialPillar(Category):
    """The social pillars (pilar sosial) named in the Dayasos programme of 2020."""

    TKSK = (
        "tksk",
        "Tenaga Kesejahteraan Sosial Kecamatan",
        "Sub-district social-welfare worker",
        FOKUS_DAYASOS_2020,
        _H,
        ("TKSK",),
    )
    KARANG_TARUNA = (
        "karang_taruna",
        "Karang Taruna",
        "Village youth organisation",
        FOKUS_DAYASOS_2020,
        _H,
    )
    PSM = (
        "psm",
        "Pekerja Sosial Masyarakat",
        "Community social worker",
        FOKUS_DAYASOS_2020,
        _H,
        ("PSM",),
    )
    LKS = (
        "lks",
        "Lembaga Kesejahteraan Sosial",
        "Social-welfare institution",
        FOKUS_DAYASOS_2020,
        _H,
        ("LKS",),
    )
    IPSPI = (
        "ipspi",
        "Ikatan Pekerja Sosial Profesional Indonesia",
        "Indonesian association of professional social workers",
        FOKUS_DAYASOS_2020,
        _H,
        ("IPSPI",),
    )
    IPSM = (
        "ipsm",
        "Ikatan Pekerja Sosial Masyarakat",
        "Association of community social workers",
        FOKUS_DAYASOS_2020,
        _H,
        ("IPSM",),
    )
    PUSKESOS = (
        "puskesos",
        "Pusat Kesejahteraan Sosial",
        "Village social-welfare centre",
        RAKOR_DAYASOS_2020,
        _H,
        ("Puskesos",),
    )
    SLRT = (
        "slrt",
        "Sistem Layanan dan Rujukan Terpadu",
        "Integrated service and referral system",
        RAKOR_DAYASOS_2020,
        _H,
        ("SLRT",),
    )

    @property
    def psks(self) -> PSKS | None:
        """The PSKS type this pillar is, if it is one."""
        return _PILLAR_PSKS.get(self)


_PILLAR_PSKS: Final[dict[SocialPillar, PSKS]] = {
    SocialPillar.TKSK: PSKS.TENAGA_KESEJAHTERAAN_SOSIAL_KECAMATAN,
    SocialPillar.KARANG_TARUNA: PSKS.KARANG_TARUNA,
    SocialPillar.PSM: PSKS.PEKERJA_SOSIAL_MASYARAKAT,
    SocialPillar.LKS: PSKS.LEMBAGA_KESEJAHTERAAN_SOSIAL,
}


class EmpowermentTarget(Category):
    """The three targets of social empowerment in 2020 (Fokus Dayasos, 21 Jul 2020)."""

    INDIVIDU = ("individu", "Individu", "Individuals (the PPKS)", FOKUS_DAYASOS_2020, _H)
    LEMBAGA = ("lembaga", "Lembaga", "Institutions", FOKUS_DAYASOS_2020, _H)
    MASYARAKAT = ("masyarakat", "Masyarakat", "Communities", FOKUS_DAYASOS_2020, _H)

    @property
    def members(self) -> tuple[TargetMember, ...]:
        """What belongs to this target, in the order of the press release."""
        return tuple(m for m in TargetMember if m.target is self)


class TargetMember(Category):
    """What belongs to each empowerment target (Fokus Dayasos, 21 Jul 2020)."""

    PPKS = (
        "ppks",
        "Pemerlu Pelayanan Kesejahteraan Sosial",
        "Persons in need of social-welfare services",
        FOKUS_DAYASOS_2020,
        _H,
        ("PPKS",),
    )
    KELUARGA = ("keluarga", "Keluarga", "Families", FOKUS_DAYASOS_2020, _H)
    PUSKESOS = (
        "puskesos",
        "Pusat Kesejahteraan Sosial",
        "Village social-welfare centres",
        FOKUS_DAYASOS_2020,
        _H,
        ("Puskesos",),
    )
    SLRT = (
        "slrt",
        "Sistem Layanan dan Rujukan Terpadu",
        "Integrated service and referral system",
        FOKUS_DAYASOS_2020,
        _H,
        ("SLRT",),
    )
    KARANG_TARUNA = (
        "karang_taruna",
        "Karang Taruna",
        "Village youth organisations",
        FOKUS_DAYASOS_2020,
        _H,
    )
    IPSPI = (
        "ipspi",
        "Ikatan Pekerja Sosial Profesional Indonesia",
        "Association of professional social workers",
        FOKUS_DAYASOS_2020,
        _H,
        ("IPSPI",),
    )
    IPSM = (
        "ipsm",
        "Ikatan Pekerja Sosial Masyarakat",
        "Association of community social workers",
        FOKUS_DAYASOS_2020,
        _H,
        ("IPSM",),
    )
    LKS = (
        "lks",
        "Lembaga Kesejahteraan Sosial",
        "Social-welfare institutions",
        FOKUS_DAYASOS_2020,
        _H,
        ("LKS",),
    )
    KOMUNITAS_ADAT_TERPENCIL = (
        "komunitas_adat_terpencil",
        "Komunitas Adat Terpencil",
        "Remote indigenous communities",
        FOKUS_DAYASOS_2020,
        _H,
        ("KAT",),
    )
    GENERASI_MUDA = ("generasi_muda", "Generasi Muda", "Young generation", FOKUS_DAYASOS_2020, _H)

    @property
    def target(self) -> EmpowermentTarget:
        """The empowerment target this belongs to."""
        if self is TargetMember.PPKS:
            return EmpowermentTarget.INDIVIDU
        if self in (TargetMember.KOMUNITAS_ADAT_TERPENCIL, TargetMember.GENERASI_MUDA):
            return EmpowermentTarget.MASYARAKAT
        return EmpowermentTarget.LEMBAGA

    @property
    def pillar(self) -> SocialPillar | None:
        """The social pillar of the same name, if any."""
        return next((p for p in SocialPillar if p.code == self.code), None)
